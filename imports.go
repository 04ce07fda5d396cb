package praxis

import (
	"context"
	"time"
)

// Imports bring a community's history in from where it lived before (a
// Stack Exchange site, a mailing list): people as placeholder members,
// conversations with their original dates and authors, and the activity
// log, so that participation and health work on the imported past.
//
// Every imported object carries its id in the source as ExternalID; a
// user's is unique within its source (ImportSource), a thread's and a
// post's within their community. An importer loads what earlier runs
// wrote (ImportState) and skips it, so that running an import twice, or
// again after an interruption, adds nothing twice.

// ImportedPost locates a post an earlier run imported.
type ImportedPost struct {
	ID       int64
	ThreadID int64
}

// ImportState is what earlier imports from one source brought into one
// community, keyed by external id.
type ImportState struct {
	Community *Community
	Users     map[string]int64 // the source's user id → user id
	Members   map[int64]bool   // user ids with a membership in the community
	Topics    map[string]int64 // topic name → topic id
	Threads   map[string]int64 // external id → thread id
	Posts     map[string]ImportedPost
}

// ImportUser is a person from the source, written as a placeholder: a
// member who cannot sign in (no password) until claimed.
type ImportUser struct {
	ExternalID  string
	Handle      string // wished for; the store adds a suffix when it is taken
	DisplayName string
	Email       string // the address the source recorded, or ""; signing up with it claims the placeholder
	Location    string
	Bio         string // markdown
	CreatedAt   time.Time
	// JoinedAt starts the membership in the community: the person's first
	// imported action there.
	JoinedAt time.Time

	ID      int64 // set by AddUser
	Created bool  // set by AddUser: false when the person was imported before
}

// ImportTopic is a topic of the community, created approved.
type ImportTopic struct {
	Name        string // normalized with NormalizeTopic
	Description string
	CreatedAt   time.Time

	ID int64 // set by AddTopic
}

// ImportPost is a post with its original author and times. Rendered is
// what the store's Renderer makes of Source (importers render in
// parallel, before the transaction).
type ImportPost struct {
	ExternalID string
	ThreadID   int64 // for replies
	ReplyToID  int64 // the post a reply answers (a comment's post), or 0
	AuthorID   int64 // 0 when the author is unknown (a deleted account)
	Source     string
	Rendered   Rendered
	Helpful    int
	CreatedAt  time.Time
	// Verb is the activity a reply records (VerbAnswered, VerbReplied).
	Verb string
	// Revision is the number of the current text (1 when never edited). The
	// store writes that revision with the post; earlier ones are added with
	// AddRevision. EditedAt (zero when never edited), EditorID and
	// EditSummary describe the edit that made it.
	Revision    int
	EditedAt    time.Time
	EditorID    int64
	EditSummary string

	ID int64 // set by the store
}

// ImportThread is a conversation: its opening post, title and topics.
type ImportThread struct {
	ExternalID string
	Kind       string // KindQuestion or KindDiscussion
	Title      string
	Closed     bool
	TopicIDs   []int64
	Opening    ImportPost

	ID int64 // set by AddThread
}

// ImportRevision is an earlier text of an imported post. An empty Title of
// an opening post's revision keeps the previous revision's title; Source
// likewise.
type ImportRevision struct {
	PostID    int64
	Number    int
	AuthorID  int64
	Title     string
	Source    string
	Summary   string
	CreatedAt time.Time
}

// ImportTx writes imported history inside one transaction. Its methods
// write original times and authors and the matching activity entries.
type ImportTx interface {
	// AddUser writes a placeholder (unless the source's user was imported
	// before) and makes it a member of the community from JoinedAt.
	AddUser(u *ImportUser) error
	// AddTopic creates an approved topic, or finds the one of that name.
	AddTopic(t *ImportTopic) error
	// DescribeTopic sets the description of a topic that has none.
	DescribeTopic(name, description string) error
	// AddThread writes a thread with its opening post.
	AddThread(t *ImportThread) error
	// AddReply writes a reply to a thread.
	AddReply(p *ImportPost) error
	// Accept marks an answer as the accepted one, by actorID at a time; it
	// reports false when it was already.
	Accept(threadID, postID, actorID int64, at time.Time) (bool, error)
	// AddRevision writes an earlier revision of a post; it reports false
	// when that revision exists already.
	AddRevision(r *ImportRevision) (bool, error)
	// SetText replaces the current text of a post (and the title of its
	// thread when it opens one, if title is not empty) without adding a
	// revision: an import that stops at a date keeps the text of that date.
	SetText(postID int64, title, source string, r Rendered) error
	// MarkDuplicate records that a thread duplicates an earlier one; it
	// reports false when it was marked already.
	MarkDuplicate(threadID, originalID int64) (bool, error)
}

// ImportStore is what an importer writes through. source names the origin
// of the people (e.g. "stackexchange:beer"): the same person met again in
// the same source is the same user.
type ImportStore interface {
	// ImportState loads what earlier imports from source wrote into the
	// community. Errors: ENOTFOUND (no such community).
	ImportState(ctx context.Context, slug, source string) (*ImportState, error)
	// ImportBatch runs fn in one transaction: everything fn writes is
	// committed together, or nothing. Errors: ENOTFOUND.
	ImportBatch(ctx context.Context, slug, source string, fn func(ImportTx) error) error
}
