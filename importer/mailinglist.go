package importer

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"praxis"
	"praxis/importer/mailinglist"
	"praxis/markdown"
	"praxis/progress"
)

// SourceMailingList names the people of a mailing-list import into a
// community: the same address met again is the same person.
func SourceMailingList(slug string) string { return "mailing-list:" + slug }

// SkipDuplicateMessage is why a second copy of a message (an archive that
// holds the same Message-ID twice) is left out.
const SkipDuplicateMessage = "second copies of a message (the same Message-ID)"

// MailingListOptions configure a mailing-list import.
type MailingListOptions struct {
	// Community is the slug of the community the history goes into; it
	// must exist.
	Community string
	// FallbackCharset decodes messages that are not UTF-8 and declare no
	// charset ("windows-1252"); without it such a message is an error.
	FallbackCharset string
	// Progress receives progress bars (a terminal) or lines; nil is quiet.
	Progress io.Writer
	// Renderer renders the messages' markdown; the markdown package's by
	// default, as for posts written in Praxis.
	Renderer praxis.Renderer
	// BatchSize is the number of messages (or senders) written per
	// transaction (1,000).
	BatchSize int
	// Workers convert and render in parallel (GOMAXPROCS).
	Workers int
}

// MailingListCounts counts what a mailing-list import wrote, by kind.
type MailingListCounts struct {
	Users       int // placeholders created
	Members     int // memberships of the community created
	Questions   int // threads opened as questions
	Discussions int // threads opened as discussions
	Replies     int
}

func (c *MailingListCounts) add(d MailingListCounts) {
	c.Users += d.Users
	c.Members += d.Members
	c.Questions += d.Questions
	c.Discussions += d.Discussions
	c.Replies += d.Replies
}

// Threads counts the threads, questions and discussions.
func (c MailingListCounts) Threads() int { return c.Questions + c.Discussions }

// Messages counts the messages: each opens a thread or replies in one.
func (c MailingListCounts) Messages() int { return c.Threads() + c.Replies }

func (c MailingListCounts) lines() [][2]string {
	var out [][2]string
	for _, kv := range []struct {
		name string
		n    int
	}{
		{"placeholder users", c.Users}, {"memberships", c.Members}, {"questions", c.Questions},
		{"discussions", c.Discussions}, {"replies", c.Replies},
	} {
		if kv.n > 0 {
			out = append(out, [2]string{kv.name, progress.Count(int64(kv.n))})
		}
	}
	return out
}

// MailingListSummary reports what a mailing-list import did.
type MailingListSummary struct {
	Community string
	Source    string
	// What the archive holds: distinct messages, rebuilt threads, senders.
	Messages, Threads, Senders int
	Imported                   MailingListCounts // written by this run
	Existing                   MailingListCounts // found from an earlier run and left alone
	Skipped                    []*Skip
	Elapsed                    time.Duration
}

func (s *MailingListSummary) skip(reason, example string) {
	i := slices.IndexFunc(s.Skipped, func(k *Skip) bool { return k.Reason == reason })
	if i < 0 {
		i = len(s.Skipped)
		s.Skipped = append(s.Skipped, &Skip{Reason: reason})
	}
	k := s.Skipped[i]
	k.Count++
	if len(k.Examples) < maxExamples && example != "" {
		k.Examples = append(k.Examples, example)
	}
}

// SkippedCount returns how many messages were left out for a reason.
func (s *MailingListSummary) SkippedCount(reason string) int {
	for _, k := range s.Skipped {
		if k.Reason == reason {
			return k.Count
		}
	}
	return 0
}

// Write prints the summary for a person, as Summary.Write does.
func (s *MailingListSummary) Write(w io.Writer) {
	n := s.Imported.Messages()
	rate := ""
	if secs := s.Elapsed.Seconds(); secs > 0 && n > 0 {
		rate = fmt.Sprintf(", %s messages/s", progress.Count(int64(float64(n)/secs)))
	}
	fmt.Fprintf(w, "Imported %s into %s in %s (%s messages%s).\n", s.Source, s.Community, s.Elapsed.Round(time.Millisecond), progress.Count(int64(n)), rate)
	fmt.Fprintf(w, "The archive holds %s messages in %s threads from %s senders.\n",
		progress.Count(int64(s.Messages)), progress.Count(int64(s.Threads)), progress.Count(int64(s.Senders)))
	table := func(title string, c MailingListCounts) {
		lines := c.lines()
		if len(lines) == 0 {
			return
		}
		fmt.Fprintln(w, title)
		for _, l := range lines {
			fmt.Fprintf(w, "  %-20s %9s\n", l[0], l[1])
		}
	}
	table("New:", s.Imported)
	table("Already imported by an earlier run (left as they were):", s.Existing)
	if len(s.Imported.lines()) == 0 {
		fmt.Fprintln(w, "Nothing new to import.")
	}
	if len(s.Skipped) > 0 {
		fmt.Fprintln(w, "Left out:")
		for _, k := range s.Skipped {
			ex := ""
			if len(k.Examples) > 0 {
				ex = " (e.g. " + strings.Join(k.Examples, "; ") + ")"
			}
			fmt.Fprintf(w, "  %9s %s%s\n", progress.Count(int64(k.Count)), k.Reason, ex)
		}
	}
}

// mlImport is one run of a mailing-list import.
type mlImport struct {
	o         MailingListOptions
	store     praxis.ImportStore
	source    string
	state     *praxis.ImportState
	ix        *mailinglist.Index
	sum       *MailingListSummary
	html      func(string) string
	users     map[string]int64 // sender key → user id
	posts     map[string]mlPost
	questions map[int64]bool // thread id → opened as a question, for the threads met in this run
}

// mlPost is where a message went.
type mlPost struct {
	id, thread int64
	opening    bool
}

// MailingList imports mailing-list archives (mbox files and pipermail text
// archives, gzipped or not) into a community: senders as placeholder
// members, each rebuilt thread's first message as a question or a
// discussion, the others as replies to the message they answer, with their
// original dates, and the activity log.
//
// Every file is read and checked first (a truncated file, text in an
// undeclared charset or a missing file is an error naming the file and
// line, and nothing is written). Writes go in batches of BatchSize
// messages, one transaction each; what an earlier run imported (by
// Message-ID) is skipped, so an interrupted import is simply run again, and
// a reply to a message of an earlier run (an archive imported month by
// month) joins that message's thread.
func MailingList(ctx context.Context, store praxis.ImportStore, paths []string, o MailingListOptions) (*MailingListSummary, error) {
	start := time.Now()
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Renderer == nil {
		o.Renderer = markdown.New()
	}
	in := &mlImport{o: o, store: store, source: SourceMailingList(o.Community),
		users: map[string]int64{}, posts: map[string]mlPost{}, questions: map[int64]bool{}}
	in.sum = &MailingListSummary{Community: o.Community, Source: in.source}
	if h, ok := o.Renderer.(interface{ HTML(string) string }); ok {
		in.html = h.HTML
	} else {
		in.html = func(s string) string { return o.Renderer.Render(s).HTML }
	}
	var err error
	if in.state, err = store.ImportState(ctx, o.Community, in.source); err != nil {
		return nil, err
	}
	if err := in.scan(ctx, paths); err != nil {
		return nil, err
	}
	for _, phase := range []func(context.Context) error{in.writeSenders, in.writeMessages} {
		if err := phase(ctx); err != nil {
			in.sum.Elapsed = time.Since(start)
			return in.sum, err
		}
	}
	in.sum.Elapsed = time.Since(start)
	return in.sum, nil
}

// scan reads and checks every message and rebuilds the threads.
func (in *mlImport) scan(ctx context.Context, paths []string) error {
	opts := mailinglist.Options{FallbackCharset: in.o.FallbackCharset}
	var bar *progress.Bar
	if in.o.Progress != nil {
		opts.Progress = func(done, total int64) {
			if bar == nil {
				bar = progress.New(in.o.Progress, "check archive", total/1024, "KB")
			}
			bar.Set(done / 1024)
		}
	}
	x, err := mailinglist.Scan(ctx, paths, opts)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return inputError(err)
	}
	in.ix = x
	in.sum.Messages, in.sum.Threads, in.sum.Senders = x.Len(), len(x.Threads()), len(x.Senders())
	for _, d := range x.Duplicates() {
		in.sum.skip(SkipDuplicateMessage, fmt.Sprintf("%s:%d, first at %s:%d", d.File, d.Line, d.FirstFile, d.FirstLine))
	}
	return nil
}

// mlBatch queues writes and runs them in transactions of size writes.
type mlBatch struct {
	in      *mlImport
	ctx     context.Context
	ops     []func(praxis.ImportTx) error
	bar     *progress.Bar
	pending MailingListCounts // counted by the queued writes, kept once committed
}

func (in *mlImport) batch(ctx context.Context, label string, total int, unit string) *mlBatch {
	b := &mlBatch{in: in, ctx: ctx}
	if in.o.Progress != nil {
		b.bar = progress.New(in.o.Progress, label, int64(total), unit)
	}
	return b
}

func (b *mlBatch) add(op func(praxis.ImportTx) error) error {
	b.ops = append(b.ops, op)
	if len(b.ops) >= b.in.o.BatchSize {
		return b.flush()
	}
	return nil
}

func (b *mlBatch) flush() error {
	if len(b.ops) == 0 {
		return nil
	}
	b.pending = MailingListCounts{}
	err := b.in.store.ImportBatch(b.ctx, b.in.o.Community, b.in.source, func(tx praxis.ImportTx) error {
		for _, op := range b.ops {
			if err := op(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	b.in.sum.Imported.add(b.pending)
	b.ops = b.ops[:0]
	return nil
}

func (b *mlBatch) row() {
	if b.bar != nil {
		b.bar.Add(1)
	}
}

func (b *mlBatch) finish() error {
	err := b.flush()
	if b.bar != nil {
		b.bar.Finish()
	}
	return err
}

// senderKey identifies a sender as the Index does: by address, or by name
// when the message had no address.
func senderKey(a mailinglist.Address) string {
	if a.Addr == "" {
		return "name:" + a.Name
	}
	return a.Addr
}

// writeSenders writes everyone who wrote as a placeholder member, from
// their first message; the address is kept, so that signing up with it
// claims the placeholder.
func (in *mlImport) writeSenders(ctx context.Context) error {
	senders := in.ix.Senders()
	b := in.batch(ctx, "import senders", len(senders), "senders")
	for _, s := range senders {
		b.row()
		key := senderKey(s.Address)
		local, _, _ := strings.Cut(s.Addr, "@")
		name := strings.TrimSpace(s.Name)
		if name == "" {
			name = local
		}
		if name == "" {
			name = "Member"
		}
		u := &praxis.ImportUser{ExternalID: key, Handle: handleFor(name), DisplayName: name, CreatedAt: s.First, JoinedAt: s.First}
		if h := handleFor(local); name != local && handleFor(name) == "member" && h != "member" {
			u.Handle = h
		}
		var v praxis.Validation
		if praxis.ValidateEmail(&v, "email", s.Addr); v.Err() == nil {
			u.Email = s.Addr
		}
		if uid, ok := in.state.Users[key]; ok {
			in.users[key] = uid
			if in.state.Members[uid] {
				in.sum.Existing.Users++
				in.sum.Existing.Members++
				continue
			}
			u.ID = uid
		}
		if err := b.add(func(tx praxis.ImportTx) error {
			if err := tx.AddUser(u); err != nil {
				return err
			}
			in.users[key] = u.ID
			if u.Created {
				b.pending.Users++
			} else {
				in.sum.Existing.Users++
			}
			if in.state.Members[u.ID] { // an account of that address, a member already
				in.sum.Existing.Members++
			} else {
				in.state.Members[u.ID] = true
				b.pending.Members++
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return b.finish()
}

// mlItem is a message on its way to the database: converted and rendered
// by the workers, written in order.
type mlItem struct {
	m        *mailinglist.Message
	done     bool // imported by an earlier run
	question bool
	source   string
	rendered praxis.Rendered
}

// writeMessages writes the messages, every one after the one it replies
// to: a thread's first message opens it, the others reply.
func (in *mlImport) writeMessages(ctx context.Context) error {
	b := in.batch(ctx, "import messages", in.ix.Len(), "messages")
	err := ordered(ctx, in.o.Workers, in.o.BatchSize, func(emit func(mlItem) bool) error {
		return in.ix.Each(ctx, func(m *mailinglist.Message) error {
			_, done := in.state.Posts[m.ID] // never written during the run
			if !emit(mlItem{m: m, done: done}) {
				return errStopped
			}
			return nil
		})
	}, func(it *mlItem) {
		if it.m.Parent == "" {
			it.question = mailinglist.IsQuestion(it.m)
		}
		if it.done {
			return
		}
		it.source = MailMarkdown(it.m)
		if it.m.Parent == "" {
			it.rendered = in.o.Renderer.Render(it.source)
		} else {
			it.rendered = praxis.Rendered{HTML: in.html(it.source)}
		}
	}, func(it *mlItem) error {
		b.row()
		if it.done {
			in.existing(it)
			return nil
		}
		return b.add(func(tx praxis.ImportTx) error { return in.addMessage(tx, b, it) })
	})
	if err != nil {
		return err
	}
	return b.finish()
}

// existing notes a message an earlier run imported, for its replies.
func (in *mlImport) existing(it *mlItem) {
	p := in.state.Posts[it.m.ID]
	opening := in.state.Threads[it.m.ID] == p.ThreadID
	in.posts[it.m.ID] = mlPost{id: p.ID, thread: p.ThreadID, opening: opening}
	switch {
	case !opening:
		in.sum.Existing.Replies++
	case it.question:
		in.questions[p.ThreadID] = true
		in.sum.Existing.Questions++
	default:
		in.sum.Existing.Discussions++
	}
}

func (in *mlImport) addMessage(tx praxis.ImportTx, b *mlBatch, it *mlItem) error {
	m := it.m
	p := praxis.ImportPost{ExternalID: m.ID, AuthorID: in.users[senderKey(m.From)], Source: it.source, Rendered: it.rendered,
		CreatedAt: m.Date, Revision: 1}
	parentID := m.Parent
	if parentID == "" {
		parentID = in.earlierParent(m)
	}
	if parentID == "" {
		t := &praxis.ImportThread{ExternalID: m.ID, Kind: praxis.KindDiscussion, Title: MailTitle(m.Subject), Opening: p}
		if it.question {
			t.Kind = praxis.KindQuestion
		}
		if err := tx.AddThread(t); err != nil {
			return err
		}
		in.posts[m.ID] = mlPost{id: t.Opening.ID, thread: t.ID, opening: true}
		if it.question {
			in.questions[t.ID] = true
			b.pending.Questions++
		} else {
			b.pending.Discussions++
		}
		return nil
	}
	parent, ok := in.post(parentID)
	if !ok { // Each hands a parent over before its replies
		return fmt.Errorf("%s:%d: message %s replies to %s, which was not imported", m.File, m.Line, m.ID, parentID)
	}
	p.ThreadID, p.Verb = parent.thread, praxis.VerbReplied
	if !parent.opening {
		p.ReplyToID = parent.id
	}
	if in.questions[parent.thread] {
		p.Verb = praxis.VerbAnswered
	}
	if err := tx.AddReply(&p); err != nil {
		return err
	}
	in.posts[m.ID] = mlPost{id: p.ID, thread: parent.thread}
	b.pending.Replies++
	return nil
}

// post returns where a message went: in this run, or in an earlier one.
func (in *mlImport) post(id string) (mlPost, bool) {
	if p, ok := in.posts[id]; ok {
		return p, true
	}
	p, ok := in.state.Posts[id]
	if !ok {
		return mlPost{}, false
	}
	return mlPost{id: p.ID, thread: p.ThreadID, opening: in.state.Threads[id] == p.ThreadID}, true
}

// earlierParent finds the parent of a message that starts a thread in these
// archives among the messages of earlier runs (an archive imported month
// by month): the one its In-Reply-To names, else the nearest of its
// References.
func (in *mlImport) earlierParent(m *mailinglist.Message) string {
	ids := slices.Clone(m.InReplyTo)
	for _, id := range slices.Backward(m.References) {
		ids = append(ids, id)
	}
	for _, id := range ids {
		if _, ok := in.state.Posts[id]; ok && id != m.ID {
			return id
		}
	}
	return ""
}

// MailTitle makes a thread's title from its first message's subject: list
// tags and "Re:" taken off, at most praxis.MaxTitleLen characters, and
// long enough for the title rules (praxis.MinTitleLen).
func MailTitle(subject string) string {
	t := mailinglist.NormalizeSubject(subject)
	if t == "" {
		t = "(no subject)"
	}
	if utf8.RuneCountInString(t) > praxis.MaxTitleLen {
		r := []rune(t)[:praxis.MaxTitleLen-1]
		if i := strings.LastIndexByte(string(r), ' '); i > praxis.MaxTitleLen/2 {
			r = []rune(string(r)[:i])
		}
		t = strings.TrimSpace(string(r)) + "…"
	}
	if utf8.RuneCountInString(t) < praxis.MinTitleLen {
		t += " (mailing list)"
	}
	return t
}

// MailMarkdown turns a message into the markdown of a post: its new text,
// with what looks like code or console output as preformatted blocks and
// the rest as escaped paragraphs; the attachments the archive kept apart as
// links; and the quoted text as one block quote at the end, marked
// "Quoted:" — or, when the message answers a quotation point by point, each
// quote in its place.
func MailMarkdown(m *mailinglist.Message) string {
	var parts []string
	inline := mailInterleaved(m.Blocks)
	body := strings.TrimSpace(m.Body) != ""
	atts := m.Attachments
	switch {
	case inline:
		for _, b := range m.Blocks {
			if b.Quote {
				parts = append(parts, quoteMarkdown(b.Text))
			} else {
				parts = append(parts, mailText(b.Text))
			}
		}
	case body:
		parts = append(parts, mailText(m.Body))
	case len(atts) > 0 && safeURL(atts[0].URL) != "":
		parts = append(parts, "*The archive kept the text of this message apart: "+attachmentLink(atts[0])+"*")
		atts = atts[1:]
	default:
		parts = append(parts, "*This message has no text of its own.*")
	}
	for _, a := range atts {
		if a.URL != "" {
			parts = append(parts, "*Attachment:* "+attachmentLink(a))
		} else {
			parts = append(parts, "*Attachment left out by the archive:* "+attachmentLabel(a))
		}
	}
	if !inline && strings.TrimSpace(m.Quoted) != "" {
		quote := quoteMarkdown(m.Quoted)
		if n := utf8.RuneCountInString(strings.Join(parts, "\n\n")); n+utf8.RuneCountInString(quote) > praxis.MaxBodyLen {
			quote = "*The quoted text is left out: with it the post would be too long.*"
		}
		parts = append(parts, "*Quoted:*", quote)
	}
	return strings.Join(parts, "\n\n")
}

// mailInterleaved reports whether a message answers point by point: some quote
// has new text of substance both before and after it.
func mailInterleaved(blocks []mailinglist.Block) bool {
	substantial := func(s string) bool {
		lines := 0
		for l := range strings.Lines(s) {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		return lines > 1 || utf8.RuneCountInString(strings.TrimSpace(s)) > 80
	}
	before := false
	quoteAfter := false
	for _, b := range blocks {
		switch {
		case b.Quote:
			quoteAfter = before
		case substantial(b.Text):
			if quoteAfter {
				return true
			}
			before = true
		}
	}
	return false
}

// attachmentLink links an attachment the archive keeps at a URL.
func attachmentLink(a mailinglist.Attachment) string {
	name := a.Name
	if name == "" {
		name = a.URL[strings.LastIndexByte(a.URL, '/')+1:]
	}
	u := safeURL(a.URL)
	if u == "" {
		return attachmentLabel(a)
	}
	s := "[" + escapeText(name) + "](" + u + ")"
	if d := attachmentDetails(a); d != "" {
		s += " (" + d + ")"
	}
	return s
}

func attachmentLabel(a mailinglist.Attachment) string {
	name := escapeText(a.Name)
	if name == "" {
		name = "unnamed"
	}
	if d := attachmentDetails(a); d != "" {
		name += " (" + d + ")"
	}
	return name
}

func attachmentDetails(a mailinglist.Attachment) string {
	var d []string
	if a.Type != "" {
		d = append(d, escapeText(a.Type))
	}
	switch {
	case a.Size >= 1<<20:
		d = append(d, fmt.Sprintf("%.1f MB", float64(a.Size)/(1<<20)))
	case a.Size >= 1024:
		d = append(d, fmt.Sprintf("%d KB", a.Size/1024))
	case a.Size > 0:
		d = append(d, fmt.Sprintf("%d bytes", a.Size))
	}
	return strings.Join(d, ", ")
}

// quoteMarkdown makes quoted text a block quote: the quote marks of every
// level taken off (older quotes inside it are flattened), the text
// converted as new text is.
func quoteMarkdown(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = unquoteLine(l)
	}
	md := mailText(strings.Join(lines, "\n"))
	out := strings.Split(md, "\n")
	for i, l := range out {
		if l == "" {
			out[i] = ">"
		} else {
			out[i] = "> " + l
		}
	}
	return strings.Join(out, "\n")
}

// unquoteLine takes the quote marks off a line: ">" or "|" (after at most
// two spaces), each followed by an optional space, at any depth.
func unquoteLine(l string) string {
	for {
		t := strings.TrimLeft(l, " ")
		if len(l)-len(t) > 2 || t == "" || !(t[0] == '>' || t[0] == '|' && (len(t) == 1 || strings.IndexByte(" >\t", t[1]) >= 0)) {
			return l
		}
		l = strings.TrimPrefix(t[1:], " ")
	}
}

// mlLine is what a line of a message looks like.
type mlLine int8

const (
	mlNeutral mlLine = iota // too short to tell: a greeting, a name, a date
	mlProse
	mlCode
)

var (
	// R's output: "[1] ...", "[,1]", "Error in f(x) :", "Warning message:".
	mlOutput = regexp.MustCompile(`^\s*(\[\d+(,\d*)?\]|\[,\d+\]|(Error|Warning)( in .*)?:|Warning messages?:)`)
	// A call filling the line ("f(x, g(y))"), an assignment.
	mlCall   = regexp.MustCompile(`^\s*[A-Za-z.][\w.]*(::[\w.]+)?(\$[\w.]+|\[[^\]]*\])*\(.*\)\s*;?$`)
	mlAssign = regexp.MustCompile(`^\s*[A-Za-z.][\w.]*(\([^()]*\))?(\$[\w.]+|\[[^\]]*\])*\s*(=|<<?-)\s*\S`)
	// Columns aligned with runs of spaces, or tabs.
	mlColumns = regexp.MustCompile(`\S( {3,}|\t)\S`)
	mlListing = regexp.MustCompile(`^\s*([-*+•o]|\d{1,3}[.)]|\(?[a-z0-9]\))\s+\S`)
)

// mailPrompt reports whether a line starts with an R prompt ("> ", "R> ",
// "Browse[1]> ") or continuation ("+ ").
func mailPrompt(l string) bool {
	if l == ">" || strings.HasPrefix(l, "> ") || strings.HasPrefix(l, "R> ") || strings.HasPrefix(l, "+ ") {
		return true
	}
	rest, ok := strings.CutPrefix(l, "Browse[")
	if !ok {
		return false
	}
	n := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
	return n > 0 && strings.HasPrefix(rest[n:], "]> ")
}

// mailNumber reports whether a field is a number, a date or a time as R
// prints them: "-1.5e-3", "2009-12-30", "(12)", "3.5%".
func mailNumber(f string) bool {
	f = strings.TrimSuffix(strings.TrimLeft(f, "-+("), ")")
	if f == "" || f[0] < '0' || f[0] > '9' {
		return false
	}
	for i := 1; i < len(f); i++ {
		if c := f[i]; (c < '0' || c > '9') && strings.IndexByte(".,:/%eE+-", c) < 0 {
			return false
		}
	}
	return true
}

// mailWord reports whether a field is a word of prose: letters, with
// apostrophes, hyphens and the punctuation around words.
func mailWord(f string) bool {
	w := strings.TrimRight(strings.TrimLeft(f, `("'`), `.,;:!?'")`)
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' }) < 0
}

// kindOfLine tells prose from code in a line of new text.
func kindOfLine(l string) mlLine {
	t := strings.TrimSpace(l)
	if t == "" {
		return mlNeutral
	}
	if t[0] == '#' {
		return mlNeutral // an R comment, or a hash tag: goes with its neighbours
	}
	if i := strings.Index(l, " #"); i > 0 && kindOfLine(l[:i]) == mlCode {
		return mlCode // code with a comment after it
	}
	if mailPrompt(l) || t == "}" || t == "{" || t[len(t)-1] == '{' || t[0] == '}' {
		return mlCode
	}
	if (t[0] == '[' || t[0] == 'E' || t[0] == 'W') && mlOutput.MatchString(t) {
		return mlCode
	}
	fields := strings.Fields(t)
	words, numbers := 0, 0
	for _, f := range fields {
		if mailNumber(f) {
			numbers++
		} else if mailWord(f) {
			words++
		}
	}
	// Indented lines are code, unless they are mostly words (an indented
	// sign-off, a quotation).
	lead := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
	if indent := len(lead) + 3*strings.Count(lead, "\t"); indent >= 4 && 2*words < len(fields) {
		return mlCode
	}
	if len(fields) >= 3 && numbers >= 2 && 2*numbers > len(fields) ||
		words < len(fields)/2 && (strings.Count(t, "   ") >= 2 || strings.IndexByte(t, '\t') >= 0) && mlColumns.MatchString(t) {
		return mlCode
	}
	if strings.Contains(t, "<-") && mlAssign.MatchString(t) { // "x <- ...", whatever follows
		return mlCode
	}
	if words < 8 {
		weak := strings.Contains(t, "<-") ||
			t[len(t)-1] == ';' && words < 6 ||
			strings.IndexByte(t, '(') > 0 && (t[len(t)-1] == ')' || t[len(t)-1] == ';') && mlCall.MatchString(t) ||
			words < 4 && strings.IndexByte(t, '=') > 0 && mlAssign.MatchString(t)
		if weak {
			return mlCode
		}
	}
	if words >= 3 {
		return mlProse
	}
	return mlNeutral
}

// mailText turns a stretch of plain text into markdown: paragraphs that
// read like code or console output become fenced blocks, kept as written;
// the others are escaped so that nothing in them is read as markdown, their
// lines joined as a paragraph except after a short line or before a list
// item, where the line break stays.
func mailText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r", ""), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	type para struct {
		lines []string
		kind  mlLine
	}
	var paras []para
	kinds := make([]mlLine, len(lines))
	for i, l := range lines {
		kinds[i] = kindOfLine(l)
	}
	addPara := func(ls []string, ks []mlLine) {
		code, prose := 0, 0
		for _, k := range ks {
			switch k {
			case mlCode:
				code++
			case mlProse:
				prose++
			}
		}
		kind := mlNeutral
		switch {
		case code > 0 && code >= prose:
			kind = mlCode
		case prose > 0 || code > 0:
			kind = mlProse
		}
		if kind == mlCode { // a sentence leading into the code, or closing it, stays prose
			i, j := 0, len(ls)
			for i < j && ks[i] == mlProse {
				i++
			}
			for j > i && ks[j-1] == mlProse {
				j--
			}
			if i > 0 {
				paras = append(paras, para{ls[:i], mlProse})
			}
			paras = append(paras, para{ls[i:j], mlCode})
			if j < len(ls) {
				paras = append(paras, para{ls[j:], mlProse})
			}
			return
		}
		if kind == mlProse && code > 0 { // code lines in prose ("I then do:", code, "and then")
			start := 0
			for i := 1; i <= len(ls); i++ {
				if i == len(ls) || (ks[i] == mlCode) != (ks[start] == mlCode) {
					k := mlProse
					if ks[start] == mlCode {
						k = mlCode
					}
					paras = append(paras, para{ls[start:i], k})
					start = i
				}
			}
			return
		}
		paras = append(paras, para{ls, kind})
	}
	start := -1
	for i, l := range lines {
		if l == "" {
			if start >= 0 {
				addPara(lines[start:i], kinds[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		addPara(lines[start:], kinds[start:])
	}
	// A paragraph too short to tell, between code, is code too.
	for i := range paras {
		if paras[i].kind == mlNeutral && i > 0 && i+1 < len(paras) && paras[i-1].kind == mlCode && paras[i+1].kind == mlCode {
			paras[i].kind = mlCode
		}
	}
	var out []string
	for i := 0; i < len(paras); i++ {
		p := paras[i]
		if p.kind != mlCode {
			out = append(out, proseMarkdown(p.lines))
			continue
		}
		code := slices.Clone(p.lines)
		for i+1 < len(paras) && paras[i+1].kind == mlCode {
			i++
			code = append(append(code, ""), paras[i].lines...)
		}
		out = append(out, mailFence(strings.Join(code, "\n")))
	}
	return strings.Join(out, "\n\n")
}

// mailFence makes a fenced code block of text, its fence longer than any run of
// backticks inside.
func mailFence(code string) string {
	f := strings.Repeat("`", max(3, longestRun(code, '`')+1))
	return f + "\n" + code + "\n" + f
}

// proseMarkdown escapes the lines of a paragraph of prose.
func proseMarkdown(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		l = strings.TrimSpace(l)
		e := escapeMentions(escapeLineStart(escapeMailText(l)))
		b.WriteString(e)
		if i+1 < len(lines) {
			next := lines[i+1]
			if utf8.RuneCountInString(l) < 50 || strings.HasSuffix(l, ":") || mlListing.MatchString(next) {
				if strings.HasSuffix(e, "\\") {
					b.WriteString("  ") // after an escaped backslash, goldmark reads a third as text
				} else {
					b.WriteByte('\\')
				}
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// escapeMailText escapes what markdown would read as syntax in a line of
// prose, as escapeText does; a bare URL with such characters in it
// ("viewvc.php/*checkout*/") is written as an autolink, "<URL>", in which
// nothing is syntax.
func escapeMailText(s string) string {
	if !strings.Contains(s, "://") {
		return escapeText(s)
	}
	var b strings.Builder
	last := 0
	for _, m := range bareURL.FindAllStringIndex(s, -1) {
		u := s[m[0]:m[1]]
		// Trailing punctuation ends the sentence, not the URL.
		end := len(u)
		for end > 0 && strings.IndexByte(".,;:!?'\"", u[end-1]) >= 0 || end > 0 && u[end-1] == ')' && strings.Count(u[:end], "(") < strings.Count(u[:end], ")") {
			end--
		}
		u = u[:end]
		lower := strings.ToLower(u)
		if !strings.ContainsAny(u, "*_~`\\[]|") || !(strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")) {
			continue // escapeText leaves it as it is
		}
		b.WriteString(escapeText(s[last:m[0]]))
		b.WriteString("<" + u + ">")
		last = m[0] + end
	}
	b.WriteString(escapeText(s[last:]))
	return b.String()
}

// escapeMentions escapes an "@" that would mention a member of this
// instance: "@name" in a message meant someone on the list.
func escapeMentions(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '@' && i+1 < len(s) && mailHandleByte(s[i+1]) && (i == 0 || !mailHandleByte(s[i-1]) && s[i-1] != '.' && s[i-1] != '/' && s[i-1] != '\\') {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

func mailHandleByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c >= 0x80
}
