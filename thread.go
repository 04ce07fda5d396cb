package praxis

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Thread kinds.
const (
	KindQuestion     = "question"
	KindDiscussion   = "discussion"
	KindAnnouncement = "announcement"
)

// ThreadKinds lists the kinds in display order.
var ThreadKinds = []Choice{
	{KindQuestion, "Question", "You are stuck or need information: members answer and you accept the answer that helped."},
	{KindDiscussion, "Discussion", "Share an experience, a proposal or an opinion and talk it through."},
	{KindAnnouncement, "Announcement", "News from the coordinators, pinned to the community page until it expires."},
}

// Thread statuses.
const (
	ThreadOpen   = "open"
	ThreadSolved = "solved" // a question with an accepted answer
	ThreadClosed = "closed"
)

// Limits on conversations.
const (
	MaxTitleLen       = 200
	MinTitleLen       = 8
	MaxBodyLen        = 60000 // characters of markdown
	MaxTopicsPerPost  = 5
	MaxTopicLen       = 40
	MaxFlagReasonLen  = 500
	DefaultPageSize   = 30
	MaxPageSize       = 100
	MaxReplyPageSize  = 1000
	AnnouncementDays  = 30 // default pin time of an announcement
	MaxEditSummaryLen = 200
)

// PersonRef is a user as shown beside a post.
type PersonRef struct {
	ID           int64  `json:"-"`
	Handle       string `json:"handle"`
	Name         string `json:"name"`
	Organization string `json:"organization,omitempty"`
}

// Initials returns up to two letters for an avatar.
func (p PersonRef) Initials() string {
	u := User{Handle: p.Handle, DisplayName: p.Name}
	return u.Initials()
}

// Thread is a question, discussion or announcement in a community.
type Thread struct {
	ID             int64      `json:"id"`
	CommunityID    int64      `json:"-"`
	CommunitySlug  string     `json:"community"`
	Kind           string     `json:"kind"`
	Title          string     `json:"title"`
	Author         PersonRef  `json:"author"`
	Status         string     `json:"status"`
	Pinned         bool       `json:"pinned"`
	PinnedUntil    *time.Time `json:"pinned_until,omitempty"`
	Locked         bool       `json:"locked"`
	Topics         []string   `json:"topics"`
	AcceptedPostID int64      `json:"accepted_post_id,omitempty"`
	ReplyCount     int        `json:"reply_count"`
	HelpfulCount   int        `json:"helpful_count"`
	CreatedAt      time.Time  `json:"created_at"`
	LastActivityAt time.Time  `json:"last_activity_at"`
	ExternalID     string     `json:"external_id,omitempty"`
	// DuplicateOf is the question this one duplicates (0: none); its
	// searches and suggestions fold into that original.
	DuplicateOf int64 `json:"duplicate_of,omitempty"`
	// Excerpt is the start of the opening post in plain text, for lists.
	Excerpt string `json:"excerpt,omitempty"`
}

// Path returns the canonical URL of the thread: /c/{slug}/t/{id}/{title-slug}.
func (t *Thread) Path() string {
	p := "/c/" + t.CommunitySlug + "/t/" + itoa(int(t.ID))
	if s := slugify(t.Title, 80); s != "" {
		p += "/" + s
	}
	return p
}

// Post is the opening post of a thread or a reply to it.
type Post struct {
	ID         int64      `json:"id"`
	ThreadID   int64      `json:"thread_id"`
	Opening    bool       `json:"opening"`
	Author     PersonRef  `json:"author"`
	ReplyToID  int64      `json:"reply_to_id,omitempty"`
	Source     string     `json:"source,omitempty"` // markdown
	HTML       string     `json:"html,omitempty"`   // sanitized, rendered at write time
	Helpful    int        `json:"helpful"`
	VotedByMe  bool       `json:"voted_by_me"`
	Accepted   bool       `json:"accepted"`
	Deleted    bool       `json:"deleted"`
	Hidden     bool       `json:"hidden"`
	Revision   int        `json:"revision"`
	CreatedAt  time.Time  `json:"created_at"`
	EditedAt   *time.Time `json:"edited_at,omitempty"`
	ExternalID string     `json:"external_id,omitempty"`
}

// ThreadPage is a thread with its posts as one viewer sees it.
type ThreadPage struct {
	Thread      *Thread
	Community   *Community
	Perm        Permissions
	Opening     *Post
	Replies     []*Post
	Following   bool
	CanModerate bool // coordinator or administrator
	CanAccept   bool // asker or coordinator, on a question
	// LinkedFrom lists the threads, visible to the viewer, whose posts link
	// to this one.
	LinkedFrom []*Thread
	// Original is the question this one duplicates, when it is visible;
	// Duplicates are the questions marked as duplicates of this one.
	Original   *Thread
	Duplicates []*Thread
	// Articles are the articles written from the thread that the viewer
	// may see.
	Articles []*ArticleRef
}

// PageVersion identifies the state of what a page shows anonymous
// visitors: each number moves with every change to the rows it stands
// for, in the change's transaction. Public says whether anonymous visitors
// may see the page at all.
type PageVersion struct {
	Thread    int64 // a thread and what belongs to it (thread pages)
	Community int64 // a community's row and topics
	Contents  int64 // what a community's page lists (community pages)
	Members   int64 // a community's set of active members (community pages)
	Site      int64 // the settings and the names people show
	Public    bool
}

// ThreadInput is a new thread or a change to one; nil fields stay as they are.
type ThreadInput struct {
	Kind   *string  `json:"kind"`
	Title  *string  `json:"title"`
	Body   *string  `json:"body"`
	Topics []string `json:"topics"`
	// PinnedUntil applies to announcements (YYYY-MM-DD); empty means the default.
	PinnedUntil *string `json:"pinned_until"`
}

// Validate checks a new thread's fields.
func (in *ThreadInput) Validate(creating bool) error {
	var v Validation
	if creating || in.Kind != nil {
		if in.Kind == nil || !validChoice(ThreadKinds, *in.Kind) {
			v.Add("kind", "Choose question, discussion or announcement.")
		}
	}
	if creating || in.Title != nil {
		title := ""
		if in.Title != nil {
			title = strings.TrimSpace(*in.Title)
		}
		switch n := utf8.RuneCountInString(title); {
		case n == 0:
			v.Add("title", "Give your post a title: the question or topic in one line.")
		case n < MinTitleLen:
			v.Add("title", "Make the title a little longer, so others can find it: at least 8 characters.")
		case n > MaxTitleLen:
			v.Add("title", "The title is too long: at most 200 characters.")
		}
	}
	if creating || in.Body != nil {
		ValidateBody(&v, "body", in.Body)
	}
	if len(in.Topics) > MaxTopicsPerPost {
		v.Add("topics", "Choose at most 5 topics.")
	}
	for _, t := range in.Topics {
		if utf8.RuneCountInString(t) > MaxTopicLen {
			v.Add("topics", "A topic is at most 40 characters.")
		}
	}
	if in.PinnedUntil != nil && *in.PinnedUntil != "" {
		if _, err := time.Parse("2006-01-02", *in.PinnedUntil); err != nil {
			v.Add("pinned_until", "Enter the date as YYYY-MM-DD.")
		}
	}
	return v.Err()
}

// ValidateBody checks a post's markdown.
func ValidateBody(v *Validation, field string, body *string) {
	if body == nil || strings.TrimSpace(*body) == "" {
		v.Add(field, "Write something first.")
	} else if utf8.RuneCountInString(*body) > MaxBodyLen {
		v.Add(field, "This is too long: at most 60,000 characters. Split it, or attach a file.")
	}
}

// NormalizeTopic turns a topic name into its stored form.
func NormalizeTopic(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "#"))), "-")
}

// Thread list filters.
const (
	FilterUnanswered = "unanswered" // questions without replies
	FilterUnsolved   = "unsolved"   // questions without an accepted answer
	FilterSolved     = "solved"
)

// Thread list orders.
const (
	SortActivity = "activity" // most recent activity first (default)
	SortNewest   = "newest"
	SortHelpful  = "helpful"
)

// ThreadFilter selects and orders a community's threads.
type ThreadFilter struct {
	Kind      string
	Topic     string
	Status    string // unanswered, unsolved, solved or empty
	Sort      string
	Mine      bool   // threads the viewer started
	Following bool   // threads the viewer follows
	Author    string // a handle
	Cursor    string // opaque, from the previous page
	Limit     int
}

// ThreadList is one page of threads.
type ThreadList struct {
	Threads    []*Thread `json:"items"`
	NextCursor string    `json:"next_cursor,omitempty"`
	Total      int       `json:"total"`
}

// PostRevision is one saved state of a post.
type PostRevision struct {
	Number    int       `json:"number"`
	Author    PersonRef `json:"author"`
	Title     string    `json:"title,omitempty"` // the thread's title, for opening posts
	Source    string    `json:"source"`
	Summary   string    `json:"summary"`
	CreatedAt time.Time `json:"created_at"`
}

// Topic is a community's topic.
type Topic struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Approved    bool   `json:"approved"` // proposed by a member until a coordinator approves
	ThreadCount int    `json:"thread_count"`
}

// ConversationService manages threads, replies, votes and topics. Every
// method takes the acting user (nil when anonymous) and asks the policy.
type ConversationService interface {
	// Threads lists a community's threads. Errors: ENOTFOUND, EINVALID (cursor).
	Threads(ctx context.Context, actor *User, slug string, f ThreadFilter) (*ThreadList, error)
	// Pinned lists the community's pinned threads whose pin has not
	// expired (announcements). Errors: ENOTFOUND.
	Pinned(ctx context.Context, actor *User, slug string) ([]*Thread, error)
	// CreateThread starts a thread; the author follows it.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID.
	CreateThread(ctx context.Context, actor *User, slug string, in ThreadInput) (*Thread, error)
	// ThreadPage returns a thread with its posts. Errors: ENOTFOUND.
	ThreadPage(ctx context.Context, actor *User, threadID int64) (*ThreadPage, error)
	// Thread returns a thread without its posts. Errors: ENOTFOUND.
	Thread(ctx context.Context, actor *User, threadID int64) (*Thread, error)
	// ThreadVersion returns the versions of what the thread's page shows
	// anonymous visitors, for keeping the page. Errors: ENOTFOUND.
	ThreadVersion(ctx context.Context, threadID int64) (PageVersion, error)
	// Reply adds a reply (an answer to a question); the replier follows the
	// thread. Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (locked, not a
	// member), EINVALID.
	Reply(ctx context.Context, actor *User, threadID int64, body string, replyTo int64) (*Post, error)
	// PostsSince lists the replies of a thread after a post id, for live updates.
	PostsSince(ctx context.Context, actor *User, threadID, afterID int64) ([]*Post, error)
	// EditPost changes a post (and, for an opening post, the thread's title
	// and topics), keeping a revision. Errors: ENOTFOUND, EFORBIDDEN, EINVALID.
	EditPost(ctx context.Context, actor *User, postID int64, in ThreadInput, summary string) (*Post, error)
	// PostRevisions lists a post's revisions, newest first. Errors: ENOTFOUND.
	PostRevisions(ctx context.Context, actor *User, postID int64) ([]*PostRevision, error)
	// DeletePost soft-deletes a post, leaving a tombstone (by its author or a
	// coordinator). Errors: ENOTFOUND, EFORBIDDEN.
	DeletePost(ctx context.Context, actor *User, postID int64) error
	// Accept marks a reply as the accepted answer of its question and the
	// thread solved; accepting it again unaccepts it. Errors: ENOTFOUND,
	// EFORBIDDEN, EINVALID (not a question, or the opening post).
	Accept(ctx context.Context, actor *User, threadID, postID int64) (*Thread, error)
	// Vote records a "helpful" vote; helpful=false withdraws it.
	// Errors: ENOTFOUND, EFORBIDDEN (own post, not a member), ECONFLICT
	// (voted already).
	Vote(ctx context.Context, actor *User, postID int64, helpful bool) (*Post, error)
	// SetThreadState pins, locks, closes or reopens a thread (coordinators).
	// Errors: ENOTFOUND, EFORBIDDEN, EINVALID.
	SetThreadState(ctx context.Context, actor *User, threadID int64, state ThreadState) (*Thread, error)
	// MoveThread moves a thread to another community (coordinators of both).
	// Errors: ENOTFOUND, EFORBIDDEN.
	MoveThread(ctx context.Context, actor *User, threadID int64, toSlug string) (*Thread, error)
	// Topics lists a community's topics with thread counts. Errors: ENOTFOUND.
	Topics(ctx context.Context, actor *User, slug string) ([]*Topic, error)
	// SaveTopic creates, describes or approves a topic; members propose,
	// coordinators approve. Errors: ENOTFOUND, EFORBIDDEN, EINVALID.
	SaveTopic(ctx context.Context, actor *User, slug string, t Topic) (*Topic, error)
}

// ThreadState is a coordinator's change to a thread; nil fields stay.
type ThreadState struct {
	Pinned *bool   `json:"pinned"`
	Locked *bool   `json:"locked"`
	Status *string `json:"status"` // open or closed
}
