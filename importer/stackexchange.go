package importer

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"praxis"
	"praxis/markdown"
	"praxis/progress"
)

// Options configure an import.
type Options struct {
	// Community is the slug of the community the history goes into; it
	// must exist.
	Community string
	// Until, when set, imports only what was created before it: posts,
	// comments, votes, edits, acceptances, closings and duplicate links
	// (for evaluations that replay history up to a date).
	Until time.Time
	// SkipDuplicates leaves out the duplicate links (PostLinks type 3).
	SkipDuplicates bool
	// Progress receives progress bars (a terminal) or lines; nil is quiet.
	Progress io.Writer
	// Renderer renders the converted markdown; the markdown package's by
	// default, as for posts written in Praxis.
	Renderer praxis.Renderer
	// BatchSize is the number of rows written per transaction (5,000).
	BatchSize int
	// Workers convert and render in parallel (GOMAXPROCS).
	Workers int
}

// The files of a Stack Exchange dump. PostHistory.xml is optional (the
// edit history, where present); Badges.xml is not read.
var (
	seRequired = []string{"Posts.xml", "Users.xml", "Comments.xml", "Votes.xml", "PostLinks.xml", "Tags.xml"}
	seOptional = []string{"PostHistory.xml"}
)

// SourceStackExchange names the people of a Stack Exchange import into a
// community: the same site user imported again is the same person.
func SourceStackExchange(slug string) string { return "stackexchange:" + slug }

// What an import leaves out, and why, as the summary shows it.
const (
	SkipAfterUntil         = "rows created after --until"
	SkipNotQuestionAnswer  = "posts that are neither questions nor answers (tag wikis, nominations)"
	SkipParentNotImported  = "answers whose question is not imported"
	SkipCommentPost        = "comments on a post that is not imported"
	SkipVoteNoPost         = "up-votes and acceptances of a post that is not in the dump"
	SkipLinkNotImported    = "duplicate links between questions that are not both imported"
	SkipDuplicatesOption   = "duplicate links (--skip-duplicates)"
	SkipBot                = "the site's bot (user -1) as an author: its posts, comments and edits are kept without one"
	SkipUnknownUser        = "authors missing from Users.xml: their posts are kept without one"
	SkipNoAuthor           = "authors of posts, comments and edits by deleted accounts (no user id): kept without one"
	SkipUsersNotReferenced = "users who never posted, commented or edited"
)

// sePost is what the check of Posts.xml keeps of a post: small, so that
// memory stays modest for millions of posts.
type sePost struct {
	kind     int8 // 1 question, 2 answer, other: neither
	include  bool // within Until (and, for an answer, its question too)
	cut      bool // edited after Until: its text of that date comes from PostHistory
	parent   int64
	accepted int64 // a question's accepted answer
	owner    int64
	created  int64 // Unix ms
	closed   int64
	acceptAt int64 // when the answer was accepted (the vote), if known
	upvotes  int32
	revs     int32 // revision events before Until (0 when PostHistory has none)
	seen     int32 // revision events met while writing
	lastEdit int64
	editor   int64
	summary  string
}

// fileScan checks one file's rows; ref notes the people they refer to.
type fileScan struct {
	name string
	scan func(r *Row, ref func(user, at int64)) error
}

// seIndex is what the check of every file learned.
type seIndex struct {
	posts     map[int64]*sePost
	refs      map[int64]int64 // user id → first action (Unix ms) of the people to import
	tagFirst  map[string]int64
	excerptOf map[int64]string // tag wiki excerpt post → tag
	dups      [][2]int64
	rows      map[string]int64 // rows per file
	history   bool
	users     int64
}

// seImport is one run.
type seImport struct {
	o      Options
	dir    string
	store  praxis.ImportStore
	source string
	state  *praxis.ImportState
	ix     *seIndex
	sum    *Summary
	until  int64 // Unix ms; 0: no limit
	html   func(string) string
	render praxis.Renderer
	users  map[int64]int64    // site user id → user id
	posts  map[int64][2]int64 // site post id → post id, thread id
	prior  map[int64]bool     // site post ids imported by earlier runs (read by the producers)
	topics map[string]int64   // topic name → id
	byName map[string]string  // tag as written → topic name
	cuts   map[int64]*cutText // posts whose text of Until is being rebuilt
	// waiting holds writes whose post comes later in the files.
	waiting map[int64][]func(praxis.ImportTx) error
	start   time.Time
}

type cutText struct{ title, body string }

// StackExchange imports a Stack Exchange data dump (the folder with
// Posts.xml, Users.xml, ...) into a community: people as placeholder
// members, questions, answers and comments with their original dates and
// authors, accepted answers, up-votes as helpful counts, tags as topics,
// closed questions, duplicate links, edit history, and the activity log.
//
// Every file is checked first (a malformed or truncated file is an error
// naming the file and line, and nothing is written). Writes go in batches
// of Options.BatchSize rows, one transaction each; what an earlier run
// imported (by external id) is skipped, so an interrupted import is simply
// run again.
func StackExchange(ctx context.Context, store praxis.ImportStore, dir string, o Options) (*Summary, error) {
	if o.BatchSize <= 0 {
		o.BatchSize = 5000
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Renderer == nil {
		o.Renderer = markdown.New()
	}
	in := &seImport{o: o, dir: dir, store: store, source: SourceStackExchange(o.Community), render: o.Renderer,
		users: map[int64]int64{}, posts: map[int64][2]int64{}, topics: map[string]int64{}, byName: map[string]string{},
		cuts: map[int64]*cutText{}, prior: map[int64]bool{}, start: time.Now()}
	in.sum = &Summary{Community: o.Community, Source: in.source}
	if h, ok := o.Renderer.(interface{ HTML(string) string }); ok {
		in.html = h.HTML
	} else {
		in.html = func(s string) string { return o.Renderer.Render(s).HTML }
	}
	if !o.Until.IsZero() {
		in.until = o.Until.UnixMilli()
	}
	if err := in.checkFiles(); err != nil {
		return nil, inputError(err)
	}
	var err error
	if in.state, err = store.ImportState(ctx, o.Community, in.source); err != nil {
		return nil, err
	}
	if err := in.scan(ctx); err != nil {
		return nil, inputError(err)
	}
	in.loadState()
	for _, phase := range []func(context.Context) error{in.writeUsers, in.writeTopics, in.writeConversations, in.writeHistory, in.writeLinks} {
		if err := phase(ctx); err != nil {
			in.sum.Elapsed = time.Since(in.start)
			return in.sum, err
		}
	}
	in.sum.Elapsed = time.Since(in.start)
	return in.sum, nil
}

// inputError makes a problem with the dump (a missing file, a malformed
// row, named by file and line) an EINVALID error whose message says it.
func inputError(err error) error {
	if praxis.ErrorCode(err) != praxis.EINTERNAL || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &praxis.Error{Code: praxis.EINVALID, Message: err.Error(), Err: err}
}

func (in *seImport) path(name string) string { return filepath.Join(in.dir, name) }

// checkFiles reports a missing folder or file by name.
func (in *seImport) checkFiles() error {
	st, err := os.Stat(in.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such folder", in.dir)
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("%s is not a folder: give the folder of the unpacked dump (Posts.xml, Users.xml, ...)", in.dir)
	}
	for _, name := range seRequired {
		if _, err := os.Stat(in.path(name)); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: the dump has no %s", in.dir, name)
		} else if err != nil {
			return err
		}
	}
	return nil
}

func (in *seImport) before(ms int64) bool { return in.until == 0 || ms < in.until }

// scan reads every file once, checking that it parses and collecting what
// the writing needs. Nothing is written until it has succeeded.
func (in *seImport) scan(ctx context.Context) error {
	ix := &seIndex{posts: map[int64]*sePost{}, refs: map[int64]int64{}, tagFirst: map[string]int64{}, excerptOf: map[int64]string{},
		rows: map[string]int64{}}
	in.ix = ix
	var total int64
	files := slices.Clone(seRequired)
	for _, name := range seOptional {
		if _, err := os.Stat(in.path(name)); err == nil {
			files = append(files, name)
			ix.history = name == "PostHistory.xml"
		}
	}
	for _, name := range files {
		if st, err := os.Stat(in.path(name)); err == nil {
			total += st.Size()
		}
	}
	var bar *progress.Bar
	if in.o.Progress != nil {
		bar = progress.New(in.o.Progress, "check dump", total/1024, "KB")
		defer bar.Finish()
	}
	var read atomic.Int64
	var mu sync.Mutex
	count := func(name string, fn func(*Row) error) error {
		var n, last, rows int64
		err := eachRow(in.path(name), name, &n, func(r *Row) error {
			if rows++; rows%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				read.Add(n - last)
				last = n
				if bar != nil {
					bar.Set(read.Load() / 1024)
				}
			}
			return fn(r)
		})
		read.Add(n - last)
		mu.Lock()
		ix.rows[name] = rows
		mu.Unlock()
		return err
	}
	// ref notes that a person acted at a time: the people to import, from
	// their first action.
	ref := func(refs map[int64]int64, user, at int64) {
		switch user {
		case 0:
			in.sum.skip(SkipNoAuthor, "")
			return
		case -1:
			in.sum.skip(SkipBot, "")
			return
		}
		if first, ok := refs[user]; !ok || at < first {
			refs[user] = at
		}
	}
	// Posts first: the other files refer to them.
	type pending struct {
		id, parent int64
		line       int
	}
	var answers []pending
	if err := count("Posts.xml", func(r *Row) error {
		id, kind, created := r.Int("Id", true), r.Int("PostTypeId", true), r.Time("CreationDate", true)
		if err := r.Err(); err != nil {
			return err
		}
		if ix.posts[id] != nil {
			return r.Errorf("post %d appears twice", id)
		}
		p := &sePost{created: created.UnixMilli(), owner: r.Int("OwnerUserId", false)}
		if kind == 1 || kind == 2 {
			p.kind = int8(kind)
		}
		if closed := r.Time("ClosedDate", false); !closed.IsZero() {
			p.closed = closed.UnixMilli()
		}
		switch kind {
		case 1:
			p.accepted = r.Int("AcceptedAnswerId", false)
			if in.before(p.created) { // an imported question: its tags become topics
				for _, t := range tagNames(r.Get("Tags")) {
					if at, ok := ix.tagFirst[t]; !ok || p.created < at {
						ix.tagFirst[t] = p.created
					}
				}
			}
		case 2:
			p.parent = r.Int("ParentId", true)
			answers = append(answers, pending{id, p.parent, r.Line})
		}
		if err := r.Err(); err != nil {
			return err
		}
		ix.posts[id] = p
		return nil
	}); err != nil {
		return err
	}
	for _, a := range answers {
		q := ix.posts[a.parent]
		if q == nil || q.kind != 1 {
			return fmt.Errorf("Posts.xml:%d: answer %d belongs to question %d, which is not in the dump", a.line, a.id, a.parent)
		}
	}
	answers = nil
	// What is imported: questions before Until, answers before Until to
	// questions that are.
	for _, p := range ix.posts {
		if p.kind == 1 {
			p.include = in.before(p.created)
		}
	}
	for _, p := range ix.posts {
		if p.kind == 2 {
			p.include = in.before(p.created) && ix.posts[p.parent].include
		}
		if p.include {
			ref(ix.refs, p.owner, p.created)
		}
	}
	// The other files, several at a time: each has its own map of people
	// referred to, merged once all are read.
	var lastPost int64 // PostHistory.xml's rows are grouped as the writing groups them
	var lastGUID uint64
	scans := []fileScan{{"Votes.xml", func(r *Row, ref func(user, at int64)) error {
		postID, kind, at := r.Int("PostId", true), r.Int("VoteTypeId", true), r.Time("CreationDate", false)
		if err := r.Err(); err != nil {
			return err
		}
		if kind != 1 && kind != 2 {
			return nil
		}
		p := ix.posts[postID]
		if p == nil {
			in.sum.skip(SkipVoteNoPost, "vote "+r.Get("Id"))
			return nil
		}
		if !in.before(at.UnixMilli()) {
			return nil
		}
		if kind == 2 {
			p.upvotes++
		} else if a := at.UnixMilli(); p.acceptAt == 0 || a < p.acceptAt {
			p.acceptAt = a
		}
		return nil
	}},
		{"Comments.xml", func(r *Row, ref func(user, at int64)) error {
			r.Int("Id", true)
			postID, at, user := r.Int("PostId", true), r.Time("CreationDate", true), r.Int("UserId", false)
			r.Int("Score", false)
			if err := r.Err(); err != nil {
				return err
			}
			if p := ix.posts[postID]; p != nil && p.include && in.before(at.UnixMilli()) {
				ref(user, at.UnixMilli())
			}
			return nil
		}},
		{"PostHistory.xml", func(r *Row, ref func(user, at int64)) error {
			postID, kind := r.Int("PostId", true), r.Int("PostHistoryTypeId", true)
			at, user := r.Time("CreationDate", true), r.Int("UserId", false)
			if err := r.Err(); err != nil {
				return err
			}
			p := ix.posts[postID]
			if !isRevision(kind) || p == nil || !p.include {
				return nil
			}
			guid := guidHash(r.Get("RevisionGUID"))
			if postID == lastPost && guid == lastGUID {
				if p.summary == "" && in.before(at.UnixMilli()) {
					p.summary = r.Get("Comment")
				}
				return nil
			}
			lastPost, lastGUID = postID, guid
			if !in.before(at.UnixMilli()) {
				p.cut = true
				return nil
			}
			p.revs++
			p.lastEdit, p.editor, p.summary = at.UnixMilli(), user, r.Get("Comment")
			ref(user, at.UnixMilli())
			return nil
		}},
		{"PostLinks.xml", func(r *Row, ref func(user, at int64)) error {
			from, to := r.Int("PostId", true), r.Int("RelatedPostId", true)
			kind, at := r.Int("LinkTypeId", true), r.Time("CreationDate", false)
			if err := r.Err(); err != nil {
				return err
			}
			if kind != 3 {
				return nil
			}
			a, b := ix.posts[from], ix.posts[to]
			switch {
			case in.o.SkipDuplicates:
				in.sum.skip(SkipDuplicatesOption, "link "+r.Get("Id"))
			case a == nil || b == nil || !a.include || !b.include || a.kind != 1 || b.kind != 1:
				in.sum.skip(SkipLinkNotImported, fmt.Sprintf("link %s: %d → %d", r.Get("Id"), from, to))
			case !in.before(at.UnixMilli()):
				in.sum.skip(SkipAfterUntil, "duplicate link "+r.Get("Id"))
			default:
				ix.dups = append(ix.dups, [2]int64{from, to})
			}
			return nil
		}},
		{"Tags.xml", func(r *Row, ref func(user, at int64)) error {
			name := r.Get("TagName")
			if name == "" {
				return r.Errorf("the row has no TagName")
			}
			excerpt := r.Int("ExcerptPostId", false)
			if err := r.Err(); err != nil {
				return err
			}
			if excerpt != 0 {
				ix.excerptOf[excerpt] = name
			}
			return nil
		}},
	}
	if !ix.history {
		scans = slices.DeleteFunc(scans, func(f fileScan) bool { return f.name == "PostHistory.xml" })
	}
	errs := make([]error, len(scans))
	refs := make([]map[int64]int64, len(scans))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, f := range scans {
		refs[i] = map[int64]int64{}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = count(f.name, func(r *Row) error { return f.scan(r, func(user, at int64) { ref(refs[i], user, at) }) })
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for _, m := range refs {
		for user, at := range m {
			ref(ix.refs, user, at)
		}
	}
	seen := map[int64]bool{}
	if err := count("Users.xml", func(r *Row) error {
		id := r.Int("Id", true)
		r.Time("CreationDate", false)
		if err := r.Err(); err != nil {
			return err
		}
		if _, ok := ix.refs[id]; ok {
			seen[id] = true
		} else {
			in.sum.skip(SkipUsersNotReferenced, "")
		}
		return nil
	}); err != nil {
		return err
	}
	for id := range ix.refs {
		switch {
		case !seen[id]:
			in.sum.skip(SkipUnknownUser, "user "+strconv.FormatInt(id, 10))
			delete(ix.refs, id)
		}
	}
	ix.users = int64(len(ix.refs))
	// Tags come in the writing of Posts.xml; their first use is known
	// from the questions' rows, read there. Until then, the skipped rows.
	for id, p := range ix.posts {
		switch {
		case p.kind == 0:
			if _, ok := ix.excerptOf[id]; !ok {
				in.sum.skip(SkipNotQuestionAnswer, "post "+strconv.FormatInt(id, 10))
			}
		case !p.include && !in.before(p.created):
			in.sum.skip(SkipAfterUntil, kindName(p.kind)+" "+strconv.FormatInt(id, 10))
		case !p.include:
			in.sum.skip(SkipParentNotImported, fmt.Sprintf("answer %d: question %d is after --until", id, p.parent))
		}
	}
	return nil
}

func kindName(k int8) string {
	if k == 1 {
		return "question"
	}
	return "answer"
}

// isRevision reports whether a PostHistory type changes a post's title or
// text: initial (1, 2), edit (4, 5) or rollback (7, 8).
func isRevision(kind int64) bool {
	switch kind {
	case 1, 2, 4, 5, 7, 8:
		return true
	}
	return false
}

func guidHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// loadState turns what earlier runs wrote into the maps this run keeps.
func (in *seImport) loadState() {
	for ext, id := range in.state.Users {
		if n, err := strconv.ParseInt(ext, 10, 64); err == nil {
			in.users[n] = id
		}
	}
	for ext, p := range in.state.Posts {
		if n, err := strconv.ParseInt(ext, 10, 64); err == nil {
			in.posts[n] = [2]int64{p.ID, p.ThreadID}
			in.prior[n] = true
		}
	}
	for name, id := range in.state.Topics {
		in.topics[name] = id
	}
}

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// writeUsers writes the people who posted, commented or edited as
// placeholders, members of the community from their first action.
func (in *seImport) writeUsers(ctx context.Context) error {
	b := newBatcher(ctx, in.store, &in.o, in.source, in.sum, in.o.Progress, "import users", in.ix.rows["Users.xml"], "users")
	type item struct {
		row  *Row
		user *praxis.ImportUser
	}
	err := ordered(ctx, in.o.Workers, in.o.BatchSize, func(emit func(item) bool) error {
		return eachRow(in.path("Users.xml"), "Users.xml", nil, func(r *Row) error {
			if !emit(item{row: r}) {
				return errStopped
			}
			return nil
		})
	}, func(it *item) {
		id := it.row.Int("Id", true)
		first, ok := in.ix.refs[id]
		if !ok {
			return
		}
		created := it.row.Time("CreationDate", false)
		name := strings.TrimSpace(it.row.Get("DisplayName"))
		it.user = &praxis.ImportUser{ExternalID: strconv.FormatInt(id, 10), Handle: handleFor(name), DisplayName: name,
			Location: it.row.Get("Location"), Bio: HTMLToMarkdown(it.row.Get("AboutMe")), CreatedAt: created, JoinedAt: msTime(first)}
	}, func(it *item) error {
		b.row()
		u := it.user
		if u == nil {
			return nil
		}
		id, _ := strconv.ParseInt(u.ExternalID, 10, 64)
		if uid, ok := in.users[id]; ok {
			if in.state.Members[uid] {
				in.sum.Existing.Users++
				in.sum.Existing.Members++
				return nil
			}
			u.ID = uid
		}
		return b.add(func(tx praxis.ImportTx) error {
			if err := tx.AddUser(u); err != nil {
				return err
			}
			in.users[id] = u.ID
			in.state.Members[u.ID] = true
			if u.Created {
				b.pending.Users++
			} else {
				in.sum.Existing.Users++
			}
			b.pending.Members++
			return nil
		})
	})
	if err != nil {
		return err
	}
	return b.finish()
}

// tagNames splits Stack Exchange tags ("<beer><ale>").
func tagNames(s string) []string {
	var out []string
	for _, t := range strings.Split(s, "<") {
		if t = strings.TrimSuffix(strings.TrimSpace(t), ">"); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// writeTopics creates the topics of the imported questions' tags, dated
// from their first use.
func (in *seImport) writeTopics(ctx context.Context) error {
	first := in.ix.tagFirst
	names := slices.Sorted(func(yield func(string) bool) {
		for t := range first {
			if !yield(t) {
				return
			}
		}
	})
	b := newBatcher(ctx, in.store, &in.o, in.source, in.sum, nil, "", 0, "")
	for _, t := range names {
		name := praxis.NormalizeTopic(t)
		in.byName[t] = name
		if _, ok := in.topics[name]; ok {
			in.sum.Existing.Topics++
			continue
		}
		topic := &praxis.ImportTopic{Name: name, CreatedAt: msTime(first[t])}
		if err := b.add(func(tx praxis.ImportTx) error {
			if err := tx.AddTopic(topic); err != nil {
				return err
			}
			in.topics[topic.Name] = topic.ID
			b.pending.Topics++
			return nil
		}); err != nil {
			return err
		}
	}
	return b.finish()
}

// postItem is a row of Posts.xml or Comments.xml on its way to the
// database: converted and rendered by the workers, written in order.
type postItem struct {
	row      *Row
	comment  bool // a row of Comments.xml
	id       int64
	p        *sePost
	source   string
	rendered praxis.Rendered
	skip     bool
}

// renderedText is the plain text of rendered HTML, as markdown's Render
// makes it (for excerpts), without its cost.
func renderedText(h string) string {
	var b strings.Builder
	for i := 0; i < len(h); {
		c := h[i]
		if c != '<' {
			b.WriteByte(c)
			i++
			continue
		}
		end := strings.IndexByte(h[i:], '>')
		if end < 0 {
			break
		}
		tag := strings.ToLower(h[i+1 : i+end])
		if name, closing := strings.CutPrefix(tag, "/"); strings.HasPrefix(tag, "br") || (closing && blockEnd[strings.TrimSpace(name)]) {
			b.WriteByte(' ')
		}
		i += end + 1
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

var blockEnd = map[string]bool{"p": true, "li": true, "td": true, "th": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "pre": true, "blockquote": true, "tr": true}

func (in *seImport) renderInto(it *postItem, withText bool) {
	h := in.html(it.source)
	it.rendered = praxis.Rendered{HTML: h}
	if withText {
		it.rendered.Text = renderedText(h)
	}
}

// writeConversations writes questions (threads with their opening post),
// answers and comments (replies) in the order they happened: Posts.xml and
// Comments.xml are read together, merged by date, so a thread's posts
// mostly land in the same batch and its search document is rebuilt once.
// A row that comes before the post it belongs to waits for it.
func (in *seImport) writeConversations(ctx context.Context) error {
	total := in.ix.rows["Posts.xml"] + in.ix.rows["Comments.xml"]
	b := newBatcher(ctx, in.store, &in.o, in.source, in.sum, in.o.Progress, "import posts", total, "rows")
	in.waiting = map[int64][]func(praxis.ImportTx) error{}
	err := ordered(ctx, in.o.Workers, in.o.BatchSize, func(emit func(postItem) bool) error {
		return mergeRows(in.path("Posts.xml"), "Posts.xml", in.path("Comments.xml"), "Comments.xml", func(r *Row, comment bool) error {
			id := r.Int("Id", true)
			it := postItem{row: r, id: id, comment: comment}
			if !comment {
				it.p = in.ix.posts[id]
				_, excerpt := in.ix.excerptOf[id]
				it.skip = it.p == nil || (!it.p.include && !excerpt) || in.prior[id]
			}
			if !emit(it) {
				return errStopped
			}
			return nil
		})
	}, func(it *postItem) {
		switch {
		case it.comment:
			it.source = commentSource(it.row.Get("Text"))
			in.renderInto(it, false)
		case it.skip:
		case it.p.kind == 0:
			it.source = HTMLToText(it.row.Get("Body"))
		default:
			it.source = HTMLToMarkdown(it.row.Get("Body"))
			in.renderInto(it, it.p.kind == 1)
		}
	}, func(it *postItem) error {
		b.row()
		if it.comment {
			return in.queueComment(b, it)
		}
		switch {
		case it.p == nil:
			return nil
		case it.skip && it.p.include:
			if it.p.kind == 1 {
				in.sum.Existing.Questions++
				return nil
			}
			in.sum.Existing.Answers++
			if in.ix.posts[it.p.parent].accepted != it.id {
				return nil
			}
			// Accepted by now, maybe not when an earlier run stopped at
			// an earlier date.
			return b.add(func(tx praxis.ImportTx) error { return in.accept(tx, b, it.id) })
		case it.skip:
			return nil
		case it.p.kind == 0:
			tag := in.ix.excerptOf[it.id]
			return b.add(func(tx praxis.ImportTx) error { return tx.DescribeTopic(in.byName[tag], it.source) })
		case it.p.kind == 1:
			return b.add(func(tx praxis.ImportTx) error { return in.addQuestion(tx, b, it) })
		default:
			return b.add(func(tx praxis.ImportTx) error { return in.addAnswer(tx, b, it) })
		}
	})
	if err != nil {
		return err
	}
	if err := b.finish(); err != nil {
		return err
	}
	for id, ops := range in.waiting {
		for range ops {
			in.sum.skip(SkipCommentPost, fmt.Sprintf("a reply to post %d, which was never written", id))
		}
	}
	return nil
}

// wait holds a write until the post it needs is written.
func (in *seImport) wait(postID int64, op func(praxis.ImportTx) error) {
	in.waiting[postID] = append(in.waiting[postID], op)
}

// release runs the writes that waited for a post.
func (in *seImport) release(tx praxis.ImportTx, postID int64) error {
	ops := in.waiting[postID]
	if len(ops) == 0 {
		return nil
	}
	delete(in.waiting, postID)
	for _, op := range ops {
		if err := op(tx); err != nil {
			return err
		}
	}
	return nil
}

// mergeRows streams two dump files merged by CreationDate (both are in
// date order in a dump); fn learns which file a row came from.
func mergeRows(pathA, nameA, pathB, nameB string, fn func(r *Row, second bool) error) error {
	open := func(path, name string) (*RowReader, func() error, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		return NewRowReader(name, bufio.NewReaderSize(f, 1<<16)), f.Close, nil
	}
	ra, closeA, err := open(pathA, nameA)
	if err != nil {
		return err
	}
	defer closeA()
	rb, closeB, err := open(pathB, nameB)
	if err != nil {
		return err
	}
	defer closeB()
	next := func(rr *RowReader) (*Row, error) {
		r, err := rr.Next()
		if err == io.EOF {
			return nil, nil
		}
		return r, err
	}
	a, err := next(ra)
	if err != nil {
		return err
	}
	b, err := next(rb)
	if err != nil {
		return err
	}
	for a != nil || b != nil {
		if b == nil || (a != nil && a.Get("CreationDate") <= b.Get("CreationDate")) {
			if err := fn(a, false); err != nil {
				return err
			}
			if a, err = next(ra); err != nil {
				return err
			}
		} else {
			if err := fn(b, true); err != nil {
				return err
			}
			if b, err = next(rb); err != nil {
				return err
			}
		}
	}
	return nil
}

// post fills what questions and answers share.
func (in *seImport) post(it *postItem) praxis.ImportPost {
	p := it.p
	ip := praxis.ImportPost{ExternalID: strconv.FormatInt(it.id, 10), AuthorID: in.users[p.owner], Source: it.source,
		Rendered: it.rendered, Helpful: int(p.upvotes), CreatedAt: msTime(p.created), Revision: max(1, int(p.revs))}
	if p.revs > 1 {
		ip.EditedAt, ip.EditorID, ip.EditSummary = msTime(p.lastEdit), in.users[p.editor], p.summary
	}
	return ip
}

func (in *seImport) addQuestion(tx praxis.ImportTx, b *batcher, it *postItem) error {
	p := it.p
	t := &praxis.ImportThread{ExternalID: strconv.FormatInt(it.id, 10), Kind: praxis.KindQuestion, Title: it.row.Get("Title"),
		Closed: p.closed != 0 && in.before(p.closed), Opening: in.post(it)}
	for _, tag := range tagNames(it.row.Get("Tags")) {
		if id, ok := in.topics[in.byName[tag]]; ok {
			t.TopicIDs = append(t.TopicIDs, id)
		}
	}
	if err := tx.AddThread(t); err != nil {
		return err
	}
	in.posts[it.id] = [2]int64{t.Opening.ID, t.ID}
	b.pending.Questions++
	if t.Closed {
		b.pending.Closed++
	}
	return in.release(tx, it.id)
}

func (in *seImport) addAnswer(tx praxis.ImportTx, b *batcher, it *postItem) error {
	p := it.p
	q, ok := in.posts[p.parent]
	if !ok { // the question comes later in the file
		in.wait(p.parent, func(tx praxis.ImportTx) error { return in.addAnswer(tx, b, it) })
		return nil
	}
	ip := in.post(it)
	ip.ThreadID, ip.Verb = q[1], praxis.VerbAnswered
	if err := tx.AddReply(&ip); err != nil {
		return err
	}
	in.posts[it.id] = [2]int64{ip.ID, q[1]}
	b.pending.Answers++
	if err := in.accept(tx, b, it.id); err != nil {
		return err
	}
	return in.release(tx, it.id)
}

// accept marks an imported answer accepted if it was by Until.
func (in *seImport) accept(tx praxis.ImportTx, b *batcher, answerID int64) error {
	p := in.ix.posts[answerID]
	question := in.ix.posts[p.parent]
	if question.accepted != answerID {
		return nil
	}
	// Accepted when the vote says (a date, so never before the answer), or
	// when answered if the vote is missing and there is no Until.
	at := max(p.acceptAt, p.created)
	if !in.before(at) || (p.acceptAt == 0 && in.until != 0) {
		in.sum.skip(SkipAfterUntil, fmt.Sprintf("acceptance of answer %d", answerID))
		return nil
	}
	post, ok1 := in.posts[answerID]
	if !ok1 {
		return nil
	}
	ok, err := tx.Accept(post[1], post[0], in.users[question.owner], msTime(at))
	if ok {
		b.pending.Accepted++
	}
	return err
}

// commentSource turns a comment (Stack Exchange's mini-markdown: emphasis,
// code, links) into markdown that means the same: no raw HTML, no block.
func commentSource(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, "<", "\\<")
	return escapeLineStart(s)
}

// queueComment queues a comment as a reply to the post it comments on.
func (in *seImport) queueComment(b *batcher, it *postItem) error {
	r := it.row
	postID := r.Int("PostId", true)
	at := r.Time("CreationDate", true)
	ext := "c" + strconv.FormatInt(it.id, 10)
	switch p := in.ix.posts[postID]; {
	case !in.before(at.UnixMilli()):
		in.sum.skip(SkipAfterUntil, "comment "+strconv.FormatInt(it.id, 10))
		return nil
	case p == nil || !p.include:
		in.sum.skip(SkipCommentPost, fmt.Sprintf("comment %d on post %d", it.id, postID))
		return nil
	}
	if _, ok := in.state.Posts[ext]; ok {
		in.sum.Existing.Comments++
		return nil
	}
	user := r.Int("UserId", false)
	score := r.Int("Score", false)
	var op func(tx praxis.ImportTx) error
	op = func(tx praxis.ImportTx) error {
		target, ok := in.posts[postID]
		if !ok { // the post comes later
			in.wait(postID, op)
			return nil
		}
		ip := &praxis.ImportPost{ExternalID: ext, ThreadID: target[1], ReplyToID: target[0], AuthorID: in.users[user],
			Source: it.source, Rendered: it.rendered, Helpful: int(max(0, score)), CreatedAt: at, Verb: praxis.VerbReplied, Revision: 1}
		if err := tx.AddReply(ip); err != nil {
			return err
		}
		b.pending.Comments++
		return nil
	}
	return b.add(op)
}

// writeHistory writes the earlier revisions of edited posts from
// PostHistory.xml (the current one came with the post), and, for posts
// edited after Until, brings back their text of that date.
func (in *seImport) writeHistory(ctx context.Context) error {
	if !in.ix.history {
		return nil
	}
	b := newBatcher(ctx, in.store, &in.o, in.source, in.sum, in.o.Progress, "import edit history", in.ix.rows["PostHistory.xml"], "rows")
	var lastPost int64
	var lastGUID uint64
	var ev *praxis.ImportRevision // the revision being gathered
	var evPost *sePost
	flush := func() error {
		if ev == nil {
			return nil
		}
		r, p := ev, evPost
		ev = nil
		cut := in.cuts[r.PostID]
		if cut != nil {
			if r.Title != "" {
				cut.title = r.Title
			}
			if r.Source != "" {
				cut.body = r.Source
			}
		}
		if int32(r.Number) < p.revs {
			return b.add(func(tx praxis.ImportTx) error {
				ok, err := tx.AddRevision(r)
				if ok {
					b.pending.Revisions++
				}
				return err
			})
		}
		if cut != nil && int32(r.Number) == p.revs {
			delete(in.cuts, r.PostID)
			body := cut.body
			rendered := praxis.Rendered{HTML: in.html(body)}
			rendered.Text = renderedText(rendered.HTML)
			title := cut.title
			return b.add(func(tx praxis.ImportTx) error { return tx.SetText(r.PostID, title, body, rendered) })
		}
		return nil
	}
	err := eachRow(in.path("PostHistory.xml"), "PostHistory.xml", nil, func(r *Row) error {
		b.row()
		postID := r.Int("PostId", true)
		kind := r.Int("PostHistoryTypeId", true)
		p := in.ix.posts[postID]
		if !isRevision(kind) || p == nil || !p.include {
			return nil
		}
		// Rows are grouped into revisions exactly as the check counted them.
		if guid := guidHash(r.Get("RevisionGUID")); postID != lastPost || guid != lastGUID {
			if err := flush(); err != nil {
				return err
			}
			lastPost, lastGUID = postID, guid
			at := r.Time("CreationDate", true)
			if !in.before(at.UnixMilli()) {
				return nil
			}
			p.seen++
			target, ok := in.posts[postID]
			if !ok || (p.revs < 2 && !p.cut) {
				return nil
			}
			if p.cut && p.seen == 1 {
				in.cuts[target[0]] = &cutText{}
			}
			user := r.Int("UserId", false)
			ev = &praxis.ImportRevision{PostID: target[0], Number: int(p.seen), AuthorID: in.users[user], Summary: r.Get("Comment"), CreatedAt: at}
			evPost = p
		}
		if ev == nil {
			return nil
		}
		switch kind {
		case 1, 4, 7:
			ev.Title = r.Get("Text")
		default:
			ev.Source = r.Get("Text")
		}
		if ev.Summary == "" {
			ev.Summary = r.Get("Comment")
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	return b.finish()
}

// writeLinks marks duplicates.
func (in *seImport) writeLinks(ctx context.Context) error {
	b := newBatcher(ctx, in.store, &in.o, in.source, in.sum, nil, "", 0, "")
	for _, d := range in.ix.dups {
		from, ok1 := in.posts[d[0]]
		to, ok2 := in.posts[d[1]]
		if !ok1 || !ok2 {
			in.sum.skip(SkipLinkNotImported, fmt.Sprintf("%d → %d", d[0], d[1]))
			continue
		}
		if err := b.add(func(tx praxis.ImportTx) error {
			ok, err := tx.MarkDuplicate(from[1], to[1])
			if ok {
				b.pending.Duplicates++
			} else if err == nil {
				in.sum.Existing.Duplicates++
			}
			return err
		}); err != nil {
			return err
		}
	}
	return b.finish()
}

// handleFor makes a handle from a display name: lower-case ASCII letters
// and digits, other runs as '-', at most 24 characters (room for a suffix
// when it is taken).
func handleFor(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		s := fold(r)
		if s == "" {
			if b.Len() > 0 {
				dash = true
			}
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(s)
		if b.Len() >= 24 {
			break
		}
	}
	h := strings.Trim(b.String(), "-")
	if len(h) > 24 {
		h = strings.Trim(h[:24], "-")
	}
	if len(h) < 2 {
		return "member"
	}
	return h
}

// fold maps a rune to ASCII letters or digits ("" for anything else),
// taking accents off common Latin letters.
func fold(r rune) string {
	switch {
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		return string(r)
	case r < 128:
		return ""
	}
	for _, f := range foldTable {
		if strings.ContainsRune(f[0], r) {
			return f[1]
		}
	}
	return ""
}

var foldTable = [][2]string{
	{"àáâãäåāăą", "a"}, {"æ", "ae"}, {"çćĉċč", "c"}, {"ďđ", "d"}, {"èéêëēĕėęě", "e"}, {"ĝğġģ", "g"}, {"ĥħ", "h"},
	{"ìíîïĩīĭįı", "i"}, {"ĵ", "j"}, {"ķ", "k"}, {"ĺļľŀł", "l"}, {"ñńņňŉ", "n"}, {"òóôõöøōŏő", "o"}, {"œ", "oe"},
	{"ŕŗř", "r"}, {"śŝşš", "s"}, {"ß", "ss"}, {"ţťŧ", "t"}, {"ùúûüũūŭůűų", "u"}, {"ŵ", "w"}, {"ýÿŷ", "y"}, {"źżž", "z"},
	{"þ", "th"}, {"ð", "d"},
}
