package importer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/importer"
	"praxis/importer/mailinglist"
	"praxis/markdown"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// sharedMailingList returns the files of the shared R-SIG-Finance archive,
// skipping the test when they are absent (a fresh clone) unless
// PRAXIS_REQUIRE_SHARED_DATA=1.
func sharedMailingList(tb testing.TB) []string {
	tb.Helper()
	dir := filepath.Join("..", "..", "shared", "data", "mailing-list", "r-sig-finance")
	paths, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(paths) == 0 {
		if os.Getenv("PRAXIS_REQUIRE_SHARED_DATA") == "1" {
			tb.Fatalf("PRAXIS_REQUIRE_SHARED_DATA=1 but the shared mailing-list archive %s is missing", dir)
		}
		tb.Skipf("the shared mailing-list archive %s is not here; skipping", dir)
	}
	return paths
}

// mlFixture is a small archive of the mailinglist package's tests.
func mlFixture(name string) string { return filepath.Join("mailinglist", "testdata", name) }

const mlPassword = "correct horse battery"

// mlCommunity sets the instance up and creates the public community
// "finance" to import into; it returns the administrator.
func mlCommunity(tb testing.TB, db *sqlstore.DB) *praxis.User {
	tb.Helper()
	admin, err := db.Setup(context.Background(), "Test Praxis", praxis.Signup{Handle: "admin", Email: "admin@example.org", DisplayName: "Ada Admin", Password: mlPassword})
	if err != nil {
		tb.Fatalf("Setup: %v", err)
	}
	in := praxis.CommunityInput{Name: new("Finance"), DomainStatement: new("How we model markets."),
		Visibility: new(praxis.VisibilityPublic), JoinPolicy: new(praxis.JoinOpen)}
	c, err := db.CreateCommunity(context.Background(), admin, in, nil)
	if err != nil || c.Slug != "finance" {
		tb.Fatalf("CreateCommunity = %v, %v; want the community finance", c, err)
	}
	return admin
}

func mlState(t *testing.T, db *sqlstore.DB) *praxis.ImportState {
	t.Helper()
	st, err := db.ImportState(t.Context(), "finance", importer.SourceMailingList("finance"))
	if err != nil {
		t.Fatalf("ImportState: %v", err)
	}
	return st
}

// threadPages reads the threads of the community as the store serves
// them, by id.
type threadPages struct {
	t     *testing.T
	db    *sqlstore.DB
	admin *praxis.User
	pages map[int64]*praxis.ThreadPage
}

func (p *threadPages) get(id int64) *praxis.ThreadPage {
	p.t.Helper()
	if pg, ok := p.pages[id]; ok {
		return pg
	}
	pg, err := p.db.ThreadPage(p.t.Context(), p.admin, id)
	if err != nil {
		p.t.Fatalf("ThreadPage(%d): %v", id, err)
	}
	p.pages[id] = pg
	return pg
}

// post returns the post with an id in its thread's page.
func (p *threadPages) post(threadID, postID int64) *praxis.Post {
	p.t.Helper()
	pg := p.get(threadID)
	if pg.Opening.ID == postID {
		return pg.Opening
	}
	for _, r := range pg.Replies {
		if r.ID == postID {
			return r
		}
	}
	p.t.Fatalf("post %d is not in thread %d", postID, threadID)
	return nil
}

func TestMailTitle(t *testing.T) {
	long := strings.Repeat("volatility ", 30)
	for _, c := range []struct{ subject, want string }{
		{"[R-SIG-Finance] Re: How do I merge two xts objects?", "How do I merge two xts objects?"},
		{"Re: [R-SIG-Finance] VaR", "VaR (mailing list)"},
		{"", "(no subject)"},
		{"   ", "(no subject)"},
		{long, strings.TrimSpace(strings.Repeat("volatility ", 18)) + "…"},
	} {
		got := importer.MailTitle(c.subject)
		if got != c.want {
			t.Errorf("MailTitle(%q) = %q; want %q", c.subject, got, c.want)
		}
		if n := len([]rune(got)); n < praxis.MinTitleLen || n > praxis.MaxTitleLen {
			t.Errorf("MailTitle(%q) has %d characters; want %d to %d", c.subject, n, praxis.MinTitleLen, praxis.MaxTitleLen)
		}
	}
}

// blockHTML matches what no imported message may turn into: headings,
// lists, tables, rules, emphasis or raw HTML read from the text.
var blockHTML = regexp.MustCompile(`<(h[1-6]|ul|ol|li|table|hr|strong|del|img)\b`)

func TestMailMarkdown(t *testing.T) {
	r := markdown.New()
	text := func(s string) *mailinglist.Message {
		return &mailinglist.Message{Body: s, Blocks: []mailinglist.Block{{Text: s}}}
	}
	for _, c := range []struct {
		name    string
		m       *mailinglist.Message
		want    []string // in the HTML, in this order
		wantNot []string
	}{
		{"markdown characters stay text",
			text("# Not a heading, a_b_c and *stars*\n1. not a list\n- nor this\n<b>not html</b> | not a table\n===\n@bob, ann@example.org"),
			[]string{"# Not a heading, a_b_c and *stars*", "1. not a list", "- nor this", "&lt;b&gt;not html&lt;/b&gt; | not a table", "@bob"},
			[]string{"<em>", "<b>", `class="mention"`}},
		{"URLs stay links, whatever is in them",
			text("See https://r-forge.r-project.org/scm/viewvc.php/*checkout*/pkg/R/a_b.R?root=blotter. And (http://example.org/x_y_z)."),
			[]string{`<a href="https://r-forge.r-project.org/scm/viewvc.php/*checkout*/pkg/R/a_b.R?root=blotter"`, "</a>. And (",
				`<a href="http://example.org/x_y_z"`, "</a>)."}, []string{"<em>"}},
		{"an R session is preformatted",
			text("Try this:\n\n> x <- merge(a, b)\n> head(x)\n[1] 1 2 3\n\nIt works."),
			[]string{"<p>Try this:</p>", "<pre><code>&gt; x &lt;- merge(a, b)\n&gt; head(x)\n[1] 1 2 3\n</code></pre>", "<p>It works.</p>"}, nil},
		{"the sentence before code stays prose",
			text("Here is what I ran, and it fails:\nlibrary(quantmod)\ngetSymbols(\"IBM\", src = \"yahoo\")"),
			[]string{"<p>Here is what I ran, and it fails:</p>", "<pre><code>library(quantmod)\ngetSymbols(&#34;IBM&#34;, src = &#34;yahoo&#34;)\n</code></pre>"}, nil},
		{"indented code and output with blank lines is one block",
			text("The function:\n\n    f <- function(x) {\n        x + 1\n    }\n\n    f(2)\n\nThat is all."),
			[]string{"<pre><code>    f &lt;- function(x) {\n        x + 1\n    }\n\n    f(2)\n</code></pre>"}, nil},
		{"backticks in code", text("x <- \"```\"\ny <- 2"), []string{"<pre><code>x &lt;- &#34;```&#34;\ny &lt;- 2\n</code></pre>"}, nil},
		{"short lines keep their breaks, long ones flow",
			text("Thanks,\nAnn\n\nThis is a long line of a paragraph that the mailer wrapped at seventy\ncharacters, so it flows."),
			[]string{"<p>Thanks,<br>\nAnn</p>", "wrapped at seventy\ncharacters"}, []string{"seventy<br>"}},
		{"a line of one backslash", text("Done.\n\\\n- Brian"), []string{"Done.<br>\n\\<br>\n- Brian"}, nil},
		{"the quoted text at the end",
			&mailinglist.Message{Body: "I agree.", Quoted: "On Mon, Ann wrote:\n> First *point*.\n> > An older one.",
				Blocks: []mailinglist.Block{{Text: "I agree."}, {Quote: true, Text: "On Mon, Ann wrote:\n> First *point*.\n> > An older one."}}},
			[]string{"<p>I agree.</p>", "<p><em>Quoted:</em></p>", "<blockquote>", "On Mon, Ann wrote:", "First *point*.", "An older one.", "</blockquote>"},
			[]string{"&gt; An older"}},
		{"a point-by-point answer keeps its quotes in place",
			&mailinglist.Message{Body: "Ann wrote two questions.\nHere are the answers.\n\nYes, use merge().\nIt aligns the time stamps.",
				Quoted: "> Can I merge?",
				Blocks: []mailinglist.Block{{Text: "Ann wrote two questions.\nHere are the answers."}, {Quote: true, Text: "> Can I merge?"},
					{Text: "Yes, use merge().\nIt aligns the time stamps."}}},
			[]string{"Here are the answers.", "<blockquote>\n<p>Can I merge?</p>\n</blockquote>", "Yes, use merge()."}, []string{"Quoted:"}},
		{"a text the archive kept apart",
			&mailinglist.Message{Attachments: []mailinglist.Attachment{{Type: "text/html", URL: "https://stat.ethz.ch/pipermail/x/attachments/2010/abc/attachment.html"},
				{Name: "prices.csv", Type: "text/csv", Size: 2048, URL: "https://stat.ethz.ch/pipermail/x/attachments/2010/abc/prices.csv"}}},
			[]string{"kept the text of this message apart", `href="https://stat.ethz.ch/pipermail/x/attachments/2010/abc/attachment.html"`, ">attachment.html</a>",
				`>prices.csv</a> (text/csv, 2 KB)`}, nil},
		{"an attachment the archive left out",
			&mailinglist.Message{Body: "See the chart.", Blocks: []mailinglist.Block{{Text: "See the chart."}},
				Attachments: []mailinglist.Attachment{{Name: "chart_1.png", Type: "image/png", Size: 3 << 20}}},
			[]string{"<p>See the chart.</p>", "left out by the archive:</em> chart_1.png (image/png, 3.0 MB)"}, nil},
		{"no text at all", &mailinglist.Message{}, []string{"no text of its own"}, nil},
		{"unsafe attachment URL", &mailinglist.Message{Attachments: []mailinglist.Attachment{{Name: "x", URL: "javascript:alert(1)"}}},
			[]string{"no text of its own", "x"}, []string{"javascript", "href"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			md := importer.MailMarkdown(c.m)
			rd := r.Render(md)
			rest := rd.HTML
			for _, w := range c.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("HTML lacks %q (or has it too early)\nmarkdown:\n%s\nHTML:\n%s", w, md, rd.HTML)
				}
				rest = rest[i+len(w):]
			}
			for _, w := range c.wantNot {
				if strings.Contains(rd.HTML, w) {
					t.Errorf("HTML has %q\nmarkdown:\n%s\nHTML:\n%s", w, md, rd.HTML)
				}
			}
			if m := blockHTML.FindString(rd.HTML); m != "" {
				t.Errorf("HTML has %s: the text was read as markdown\n%s", m, rd.HTML)
			}
			if len(rd.Mentions) > 0 {
				t.Errorf("mentions %v; a message mentions no member", rd.Mentions)
			}
		})
	}
}

// TestMailMarkdownKeepsText converts every message of the shared archive
// and renders it: the reader sees each stretch of new text word for word,
// nothing of it read as markdown syntax, and no member mentioned.
func TestMailMarkdownKeepsText(t *testing.T) {
	paths := sharedMailingList(t)
	x, err := mailinglist.Scan(t.Context(), paths, mailinglist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := markdown.New()
	bad := 0
	err = x.Each(t.Context(), func(m *mailinglist.Message) error {
		md := importer.MailMarkdown(m)
		rd := r.Render(md)
		got := strings.Join(strings.Fields(rd.Text), " ")
		for _, b := range m.Blocks {
			if b.Quote {
				continue
			}
			if want := strings.Join(strings.Fields(b.Text), " "); !strings.Contains(got, want) {
				if bad++; bad <= 3 {
					t.Errorf("%s:%d: the rendered text lacks the new text\n want %q\n  got %q", m.File, m.Line, want, got)
				}
			}
		}
		if tag := blockHTML.FindString(rd.HTML); tag != "" {
			if bad++; bad <= 3 {
				t.Errorf("%s:%d: the HTML has %s\nmarkdown:\n%s", m.File, m.Line, tag, md)
			}
		}
		if len(rd.Mentions) > 0 {
			if bad++; bad <= 3 {
				t.Errorf("%s:%d: mentions %v", m.File, m.Line, rd.Mentions)
			}
		}
		if len([]rune(md)) > praxis.MaxBodyLen && m.Quoted != "" && !strings.Contains(md, "quoted text is left out") {
			t.Errorf("%s:%d: %d characters with the quote; want it left out", m.File, m.Line, len([]rune(md)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if bad > 3 {
		t.Errorf("%d problems in all", bad)
	}
}

// TestImportMailingListShared imports the shared archive: one thread per
// rebuilt thread, every message a post, every sender a placeholder member,
// and every reply in the thread of the message its In-Reply-To names,
// answering that post when it is not the opening one.
func TestImportMailingListShared(t *testing.T) {
	paths := sharedMailingList(t)
	x, err := mailinglist.Scan(t.Context(), paths, mailinglist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type msg struct {
		id, inReplyTo string
		date          time.Time
		from          string
	}
	var msgs []msg
	inArchive := map[string]bool{}
	if err := x.Each(t.Context(), func(m *mailinglist.Message) error {
		g := msg{id: m.ID, date: m.Date, from: m.From.Addr}
		if len(m.InReplyTo) > 0 {
			g.inReplyTo = m.InReplyTo[0]
		}
		msgs = append(msgs, g)
		inArchive[m.ID] = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		admin := mlCommunity(t, db)
		sum, err := importer.MailingList(t.Context(), db, paths, importer.MailingListOptions{Community: "finance", BatchSize: 400})
		if err != nil {
			t.Fatalf("MailingList: %v", err)
		}
		st := mlState(t, db)
		if len(st.Threads) != len(x.Threads()) || len(st.Posts) != x.Len() || len(st.Users) != len(x.Senders()) {
			t.Errorf("imported %d threads, %d posts, %d people; the archive has %d threads, %d messages, %d senders",
				len(st.Threads), len(st.Posts), len(st.Users), len(x.Threads()), x.Len(), len(x.Senders()))
		}
		if got := sum.Imported; got.Threads() != len(x.Threads()) || got.Messages() != x.Len() || got.Users != len(x.Senders()) || got.Members != len(x.Senders()) {
			t.Errorf("summary %+v; want %d threads, %d messages, %d users and members", got, len(x.Threads()), x.Len(), len(x.Senders()))
		}
		if n := sum.SkippedCount(importer.SkipDuplicateMessage); n != len(x.Duplicates()) {
			t.Errorf("%d duplicates left out; the archive has %d", n, len(x.Duplicates()))
		}
		pages := &threadPages{t: t, db: db, admin: admin, pages: map[int64]*praxis.ThreadPage{}}
		linked := 0
		for _, m := range msgs {
			p, ok := st.Posts[m.id]
			if !ok {
				t.Fatalf("message %s was not imported", m.id)
			}
			post := pages.post(p.ThreadID, p.ID)
			if !post.CreatedAt.Equal(m.date.Truncate(time.Millisecond)) {
				t.Errorf("message %s: post dated %s; want %s", m.id, post.CreatedAt, m.date)
			}
			if m.inReplyTo == "" || !inArchive[m.inReplyTo] || m.inReplyTo == m.id {
				continue
			}
			linked++
			parent := st.Posts[m.inReplyTo]
			if p.ThreadID != parent.ThreadID {
				t.Errorf("message %s (post %d) is in thread %d; it replies to %s, in thread %d", m.id, p.ID, p.ThreadID, m.inReplyTo, parent.ThreadID)
				continue
			}
			wantReplyTo := parent.ID
			if pages.get(parent.ThreadID).Opening.ID == parent.ID {
				wantReplyTo = 0
			}
			if post.Opening || post.ReplyToID != wantReplyTo {
				t.Errorf("message %s: post %d (opening %v) replies to post %d; want %d (the post of %s)", m.id, p.ID, post.Opening, post.ReplyToID, wantReplyTo, m.inReplyTo)
			}
		}
		if linked < 500 {
			t.Errorf("only %d messages name an In-Reply-To in the archive; want the archive's hundreds", linked)
		}
		// Every thread's opening post is its first message, by a placeholder
		// with the sender's name, and the thread counts its replies.
		questions := 0
		for _, th := range x.Threads() {
			pg := pages.get(st.Threads[th.Root])
			if pg.Opening.ID != st.Posts[th.Root].ID || pg.Thread.ReplyCount != th.Messages-1 || len(pg.Replies) != th.Messages-1 {
				t.Errorf("thread of %s: opening post %d, %d replies counted, %d listed; want post %d, %d replies",
					th.Root, pg.Opening.ID, pg.Thread.ReplyCount, len(pg.Replies), st.Posts[th.Root].ID, th.Messages-1)
			}
			if pg.Thread.Title != importer.MailTitle(th.Subject) {
				t.Errorf("thread of %s: title %q; want %q", th.Root, pg.Thread.Title, importer.MailTitle(th.Subject))
			}
			if pg.Thread.Kind == praxis.KindQuestion {
				questions++
			}
		}
		if questions != sum.Imported.Questions || questions == 0 || questions == len(x.Threads()) {
			t.Errorf("%d questions; the summary says %d, of %d threads (want some of each kind)", questions, sum.Imported.Questions, len(x.Threads()))
		}
		dirk := pages.post(st.Posts["19263.35116.624020.401212@ron.nulle.part"].ThreadID, st.Posts["19263.35116.624020.401212@ron.nulle.part"].ID)
		if dirk.Author.Name != "Dirk Eddelbuettel" || !strings.Contains(dirk.HTML, "<pre><code>R&gt; X &lt;- read.csv(") {
			t.Errorf("Dirk's message: by %q, HTML %.300q…; want by Dirk Eddelbuettel, with the R session preformatted", dirk.Author.Name, dirk.HTML)
		}

		// Running it again imports nothing new.
		again, err := importer.MailingList(t.Context(), db, paths, importer.MailingListOptions{Community: "finance"})
		if err != nil {
			t.Fatalf("second MailingList: %v", err)
		}
		if again.Imported != (importer.MailingListCounts{}) {
			t.Errorf("the second run imported %+v; want nothing", again.Imported)
		}
		if again.Existing.Messages() != x.Len() || again.Existing.Users != len(x.Senders()) || again.Existing.Questions != questions {
			t.Errorf("the second run found %+v; want %d messages, %d users, %d questions", again.Existing, x.Len(), len(x.Senders()), questions)
		}
		if after := mlState(t, db); len(after.Posts) != len(st.Posts) || len(after.Threads) != len(st.Threads) || len(after.Users) != len(st.Users) {
			t.Errorf("after a second run %d posts, %d threads, %d people; want %d, %d, %d", len(after.Posts), len(after.Threads), len(after.Users),
				len(st.Posts), len(st.Threads), len(st.Users))
		}
	})
}

// failingStore fails the import's batches from the nth on, as a crash
// half-way would.
type failingStore struct {
	*sqlstore.DB
	n, calls int
}

var errCrash = errors.New("crash")

func (s *failingStore) ImportBatch(ctx context.Context, slug, source string, fn func(praxis.ImportTx) error) error {
	if s.calls++; s.calls >= s.n {
		return errCrash
	}
	return s.DB.ImportBatch(ctx, slug, source, fn)
}

// TestImportMailingListFixture imports a small pipermail archive and
// checks each message's place, author, date and text.
func TestImportMailingListFixture(t *testing.T) {
	paths := []string{mlFixture("pipermail.txt"), mlFixture("modern.mbox")}
	x, err := mailinglist.Scan(t.Context(), paths, mailinglist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		admin := mlCommunity(t, db)
		// A crash after the senders and the first two messages: what was
		// committed stays, and running again finishes the import.
		crashing := &failingStore{DB: db, n: (len(x.Senders())+1)/2 + 2}
		sum, err := importer.MailingList(ctx, crashing, paths, importer.MailingListOptions{Community: "finance", BatchSize: 2, Workers: 2})
		if !errors.Is(err, errCrash) || sum == nil || sum.Imported.Messages() != 2 {
			t.Fatalf("MailingList with a crash = %+v, %v; want the crash after 2 messages", sum, err)
		}
		sum, err = importer.MailingList(ctx, db, paths, importer.MailingListOptions{Community: "finance", BatchSize: 2})
		if err != nil {
			t.Fatalf("MailingList after the crash: %v", err)
		}
		if sum.Imported.Messages() != x.Len()-2 || sum.Existing.Messages() != 2 || sum.Imported.Users+sum.Existing.Users != len(x.Senders()) {
			t.Errorf("after the crash: imported %+v, found %+v; want the other %d of %d messages", sum.Imported, sum.Existing, x.Len()-2, x.Len())
		}
		if n := sum.SkippedCount(importer.SkipDuplicateMessage); n != 1 {
			t.Errorf("%d duplicates left out; want the second copy of reply1", n)
		}
		st := mlState(t, db)
		if len(st.Posts) != x.Len() || len(st.Threads) != len(x.Threads()) {
			t.Fatalf("%d posts in %d threads; want %d in %d", len(st.Posts), len(st.Threads), x.Len(), len(x.Threads()))
		}
		pages := &threadPages{t: t, db: db, admin: admin, pages: map[int64]*praxis.ThreadPage{}}
		post := func(id string) *praxis.Post {
			p, ok := st.Posts[id]
			if !ok {
				t.Fatalf("message %s was not imported", id)
			}
			return pages.post(p.ThreadID, p.ID)
		}
		root, reply1, reply2 := post("root1@example.org"), post("reply1@example.org"), post("reply2@example.org")
		th := pages.get(root.ThreadID).Thread
		if th.Kind != praxis.KindQuestion || th.Title != "How do I merge two xts objects?" || !root.Opening {
			t.Errorf("thread of root1: %s %q (opening %v); want a question titled without the list tag", th.Kind, th.Title, root.Opening)
		}
		if want := time.Date(2010, 1, 5, 9, 0, 0, 0, time.UTC); !root.CreatedAt.Equal(want) || root.Author.Name != "Ann Smith" {
			t.Errorf("root1: %s by %q; want %s by Ann Smith", root.CreatedAt, root.Author.Name, want)
		}
		if reply1.ThreadID != root.ThreadID || reply1.ReplyToID != 0 || reply2.ThreadID != root.ThreadID || reply2.ReplyToID != reply1.ID {
			t.Errorf("reply1 in thread %d replying to %d, reply2 in %d replying to %d; want both in %d, reply2 to reply1 (%d)",
				reply1.ThreadID, reply1.ReplyToID, reply2.ThreadID, reply2.ReplyToID, root.ThreadID, reply1.ID)
		}
		for _, want := range []string{"<pre><code>&gt; x &lt;- merge(a, b)", `href="https://stat.ethz.ch/pipermail/r-sig-finance/attachments/20100105/abcd/attachment.obj"`,
			"<em>Quoted:</em>", "<blockquote>"} {
			if !strings.Contains(reply1.HTML, want) {
				t.Errorf("reply1's HTML lacks %q:\n%s", want, reply1.HTML)
			}
		}
		if ann := pages.get(post("ann1@example.org").ThreadID).Thread; ann.Kind != praxis.KindDiscussion || ann.Title != "rgarch 1.0 released" {
			t.Errorf("the announcement: %s %q; want a discussion", ann.Kind, ann.Title)
		}
		if m2 := post("m2@example.org"); m2.ThreadID != post("m1@example.org").ThreadID || !strings.Contains(m2.Source, "J'ai essayé ça.") {
			t.Errorf("m2: thread %d, source %q; want the thread of m1, decoded from Latin-1", m2.ThreadID, m2.Source)
		}

		// The sender's address claims the placeholder.
		u, err := db.SignUp(ctx, praxis.Signup{Handle: "ann-smith", Email: "ann@example.org", DisplayName: "Ann S.", Password: mlPassword})
		if err != nil {
			t.Fatalf("SignUp with Ann's address: %v", err)
		}
		if u.ID != root.Author.ID {
			t.Errorf("signing up with Ann's address made user %d; want her placeholder %d", u.ID, root.Author.ID)
		}

		again, err := importer.MailingList(ctx, db, paths, importer.MailingListOptions{Community: "finance"})
		if err != nil || again.Imported != (importer.MailingListCounts{}) || again.Existing.Messages() != x.Len() {
			t.Errorf("a third run = %+v, %v; want nothing new, all %d messages found", again, err, x.Len())
		}
	})
}

// TestImportMailingListMonthByMonth imports an archive one file at a time:
// a reply to a message of an earlier run joins its thread.
func TestImportMailingListMonthByMonth(t *testing.T) {
	dir := t.TempDir()
	msg := func(from, name, date, subject, id, inReplyTo, body string) string {
		s := "From " + from + "  " + date + "\nFrom: " + from + " (" + name + ")\nDate: " + date + "\nSubject: " + subject + "\n"
		if inReplyTo != "" {
			s += "In-Reply-To: <" + inReplyTo + ">\n"
		}
		return s + "Message-ID: <" + id + ">\n\n" + body + "\n\n"
	}
	january, february := filepath.Join(dir, "2010-January.txt"), filepath.Join(dir, "2010-February.txt")
	if err := os.WriteFile(january, []byte(msg("ann at example.org", "Ann Smith", "Fri Jan 29 09:00:00 2010", "[R-SIG-Finance] Pricing swaptions?",
		"a1@example.org", "", "How do I price a swaption in R?")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(february, []byte(msg("bob at example.org", "Bob Jones", "Mon Feb  1 09:00:00 2010", "Re: [R-SIG-Finance] Pricing swaptions?",
		"a2@example.org", "a1@example.org", "Try the RQuantLib package.")+
		msg("ann at example.org", "Ann Smith", "Mon Feb  1 10:00:00 2010", "Re: [R-SIG-Finance] Pricing swaptions?",
			"a3@example.org", "a2@example.org", "Thanks, it works.")), 0o644); err != nil {
		t.Fatal(err)
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		admin := mlCommunity(t, db)
		o := importer.MailingListOptions{Community: "finance"}
		if _, err := importer.MailingList(t.Context(), db, []string{january}, o); err != nil {
			t.Fatalf("January: %v", err)
		}
		sum, err := importer.MailingList(t.Context(), db, []string{february}, o)
		if err != nil {
			t.Fatalf("February: %v", err)
		}
		if sum.Imported.Replies != 2 || sum.Imported.Threads() != 0 || sum.Imported.Users != 1 || sum.Existing.Users != 1 {
			t.Errorf("February imported %+v (found %+v); want 2 replies, Bob new, Ann found", sum.Imported, sum.Existing)
		}
		st := mlState(t, db)
		pages := &threadPages{t: t, db: db, admin: admin, pages: map[int64]*praxis.ThreadPage{}}
		a1, a2, a3 := st.Posts["a1@example.org"], st.Posts["a2@example.org"], st.Posts["a3@example.org"]
		if a2.ThreadID != a1.ThreadID || a3.ThreadID != a1.ThreadID || len(st.Threads) != 1 {
			t.Fatalf("threads of a1, a2, a3: %d, %d, %d (%d threads); want one", a1.ThreadID, a2.ThreadID, a3.ThreadID, len(st.Threads))
		}
		if got := pages.post(a3.ThreadID, a3.ID).ReplyToID; got != a2.ID {
			t.Errorf("a3 replies to post %d; want a2's, %d", got, a2.ID)
		}
		if got := pages.post(a2.ThreadID, a2.ID).ReplyToID; got != 0 {
			t.Errorf("a2 replies to post %d; want the opening post (0)", got)
		}
	})
}

// TestImportMailingListBadInput: bad archives are errors that name the
// file and the line, and nothing is written.
func TestImportMailingListBadInput(t *testing.T) {
	good := mlFixture("pipermail.txt")
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		mlCommunity(t, db)
		for _, c := range []struct {
			name  string
			paths []string
			o     importer.MailingListOptions
			code  string
			want  string
		}{
			{"truncated", []string{good, mlFixture("truncated.mbox")}, importer.MailingListOptions{}, praxis.EINVALID,
				mlFixture("truncated.mbox") + ":9: the file ends inside the headers"},
			{"not UTF-8, no charset", []string{good, mlFixture("latin1-undeclared.mbox")}, importer.MailingListOptions{}, praxis.EINVALID,
				mlFixture("latin1-undeclared.mbox") + ":8: the text is not valid UTF-8 and declares no charset"},
			{"missing file", []string{good, "nowhere.mbox"}, importer.MailingListOptions{}, praxis.EINVALID, "nowhere.mbox: no such file"},
			{"not an archive", []string{mlFixture("not-an-archive.txt")}, importer.MailingListOptions{}, praxis.EINVALID, "not-an-archive.txt:1:"},
			{"no files", nil, importer.MailingListOptions{}, praxis.EINVALID, "No archive files"},
			{"unknown charset", []string{good}, importer.MailingListOptions{FallbackCharset: "klingon"}, praxis.EINVALID, `"klingon"`},
			{"unknown community", []string{good}, importer.MailingListOptions{Community: "wine"}, praxis.ENOTFOUND, `"wine"`},
		} {
			t.Run(c.name, func(t *testing.T) {
				o := c.o
				if o.Community == "" {
					o.Community = "finance"
				}
				sum, err := importer.MailingList(ctx, db, c.paths, o)
				if praxis.ErrorCode(err) != c.code || !strings.Contains(praxis.ErrorMessage(err), c.want) {
					t.Errorf("MailingList = %v (%s); want %s mentioning %q", err, praxis.ErrorCode(err), c.code, c.want)
				}
				if sum != nil {
					t.Errorf("a summary %+v for an import that could not start", sum)
				}
				if st := mlState(t, db); len(st.Users)+len(st.Threads)+len(st.Posts) != 0 {
					t.Errorf("written: %d people, %d threads, %d posts; want nothing", len(st.Users), len(st.Threads), len(st.Posts))
				}
			})
		}
		// With a fallback charset, the Latin-1 mailbox imports.
		sum, err := importer.MailingList(ctx, db, []string{mlFixture("latin1-undeclared.mbox")}, importer.MailingListOptions{Community: "finance", FallbackCharset: "windows-1252"})
		if err != nil || sum.Imported.Messages() != 1 {
			t.Fatalf("MailingList with a fallback charset = %+v, %v; want 1 message", sum, err)
		}
	})
}

// BenchmarkImportMailingList imports the shared archive (1,795 messages)
// into a fresh community, end to end (both passes over the files, people,
// threads, replies, the activity log and search documents), reporting
// messages a second.
func BenchmarkImportMailingList(b *testing.B) {
	paths := sharedMailingList(b)
	for _, dialect := range sqltest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			var messages int
			var elapsed time.Duration
			for b.Loop() {
				b.StopTimer()
				db := sqltest.Open(b, dialect, nil)
				mlCommunity(b, db)
				b.StartTimer()
				start := time.Now()
				sum, err := importer.MailingList(b.Context(), db, paths, importer.MailingListOptions{Community: "finance"})
				if err != nil {
					b.Fatal(err)
				}
				elapsed += time.Since(start)
				messages += sum.Imported.Messages()
			}
			b.ReportMetric(float64(messages)/elapsed.Seconds(), "messages/s")
		})
	}
}
