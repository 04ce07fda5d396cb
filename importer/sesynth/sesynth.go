// Package sesynth writes synthetic Stack Exchange data dumps, for import
// benchmarks and large search corpora. A dump is deterministic in its seed
// and shaped like a real site: a few prolific users and many occasional
// ones, skewed answer and vote counts, accepted answers, tags with their
// own vocabulary, closed questions, duplicates that reword an earlier
// question, comments and edit history.
package sesynth

import (
	"bufio"
	"cmp"
	"encoding/xml"
	"fmt"
	"html"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Stats counts what a dump holds.
type Stats struct {
	Users, Questions, Answers, Accepted, Comments, Duplicates, Closed, Edited, UpVotes int
}

// Posts counts the posts an import writes: questions, answers, comments.
func (s Stats) Posts() int { return s.Questions + s.Answers + s.Comments }

// timeFormat is how dumps write dates.
const timeFormat = "2006-01-02T15:04:05.000"

var epoch = time.Date(2014, 1, 21, 20, 0, 0, 0, time.UTC)

type post struct {
	at       time.Time
	question int // index of the question
	answer   int // 0 for the question, k for its k-th answer
	id       int
	owner    int
}

type question struct {
	at         time.Time
	answers    int
	accepted   int // the accepted answer's index (1-based), or 0
	closed     bool
	duplicate  int // index of the question it duplicates + 1, or 0
	tags       []int
	owner      int
	id         int
	acceptedID int
	score      int
}

type gen struct {
	seed  int64
	users int
	tags  []string
	terms [][]string // a tag's characteristic words
	zipf  *rand.Zipf
	rng   *rand.Rand
}

func (g *gen) rand(parts ...int) *rand.Rand {
	h := uint64(g.seed)
	for _, p := range parts {
		h = h*1_000_003 + uint64(p) + 0x9e3779b97f4a7c15
	}
	return rand.New(rand.NewPCG(h, uint64(g.seed)^0xda942042e4dd58b5))
}

// user draws a user: a few write much, most write little.
func (g *gen) user() int { return int(g.zipf.Uint64()) + 1 }

// Write writes a dump of the given number of questions into dir (created if
// needed): Posts, Users, Comments, Votes, PostLinks, Tags and PostHistory.
func Write(dir string, questions int, seed int64) (Stats, error) {
	var st Stats
	if questions < 1 {
		return st, fmt.Errorf("sesynth: at least one question")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	g := &gen{seed: seed, users: questions/2 + 20}
	g.rng = g.rand(0)
	g.zipf = rand.NewZipf(g.rng, 1.2, 3, uint64(g.users-1))
	// Tags, each with its own terms.
	ntags := min(400, 20+questions/50)
	seenTag := map[string]bool{}
	for len(g.tags) < ntags {
		a := domainNouns[g.rng.IntN(len(domainNouns))]
		name := a
		if len(g.tags) >= len(domainNouns)/2 || seenTag[a] {
			name = a + "-" + domainNouns[g.rng.IntN(len(domainNouns))]
		}
		if seenTag[name] {
			continue
		}
		seenTag[name] = true
		g.tags = append(g.tags, name)
		terms := []string{a}
		for range 11 {
			terms = append(terms, domainNouns[g.rng.IntN(len(domainNouns))])
		}
		g.terms = append(g.terms, terms)
	}
	tagZipf := rand.NewZipf(g.rng, 1.1, 2, uint64(ntags-1))

	// The questions and when everything happens: a question every
	// ~45 minutes on average, answers within hours to weeks.
	qs := make([]question, questions)
	var posts []post
	at := epoch
	for i := range qs {
		q := &qs[i]
		at = at.Add(time.Duration(g.rng.ExpFloat64()*45*float64(time.Minute)) + time.Second)
		q.at, q.owner = at, g.user()
		n := int(math.Floor(g.rng.ExpFloat64() * 2.3))
		if g.rng.IntN(6) == 0 {
			n = 0
		}
		q.answers = min(n, 40)
		if q.answers > 0 && g.rng.IntN(10) < 6 {
			q.accepted = 1 + g.rng.IntN(q.answers)
		}
		q.closed = g.rng.IntN(20) == 0
		if i > 10 && g.rng.IntN(40) == 0 {
			q.duplicate = 1 + g.rng.IntN(i)
			q.closed = true
		}
		for k := 1 + g.rng.IntN(3); len(q.tags) < k; {
			t := int(tagZipf.Uint64())
			if !slices.Contains(q.tags, t) {
				q.tags = append(q.tags, t)
			}
		}
		if q.duplicate > 0 { // a duplicate is about the same thing
			q.tags = slices.Clone(qs[q.duplicate-1].tags)
		}
		q.score = int(g.rng.ExpFloat64() * 3)
		posts = append(posts, post{at: q.at, question: i, owner: q.owner})
		for k := 1; k <= q.answers; k++ {
			delay := time.Duration(g.rng.ExpFloat64()*18*float64(time.Hour)) + time.Minute
			posts = append(posts, post{at: q.at.Add(delay), question: i, answer: k, owner: g.user()})
		}
	}
	slices.SortStableFunc(posts, func(a, b post) int { return a.at.Compare(b.at) })
	for i := range posts {
		p := &posts[i]
		p.id = i + 1
		q := &qs[p.question]
		if p.answer == 0 {
			q.id = p.id
		} else if p.answer == q.accepted {
			q.acceptedID = p.id
		}
	}
	if err := g.writePosts(dir, qs, posts, &st); err != nil {
		return st, err
	}
	if err := g.writeHistory(dir, qs, posts); err != nil {
		return st, err
	}
	if err := g.writeComments(dir, posts, &st); err != nil {
		return st, err
	}
	if err := g.writeVotes(dir, qs, posts, &st); err != nil {
		return st, err
	}
	if err := g.writeLinks(dir, qs); err != nil {
		return st, err
	}
	if err := g.writeTags(dir, qs); err != nil {
		return st, err
	}
	if err := g.writeUsers(dir, &st); err != nil {
		return st, err
	}
	for _, q := range qs {
		st.Questions++
		st.Answers += q.answers
		if q.acceptedID != 0 {
			st.Accepted++
		}
		if q.duplicate > 0 {
			st.Duplicates++
		}
		if q.closed {
			st.Closed++
		}
	}
	return st, nil
}

// file writes one dump file: the XML declaration, the root and its rows.
type file struct {
	f *os.File
	w *bufio.Writer
}

func create(dir, name, root string) (*file, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	fmt.Fprintf(w, "\ufeff<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<%s>\n", root)
	return &file{f, w}, nil
}

// row writes a row from name/value pairs; empty values are left out.
func (f *file) row(kv ...string) {
	f.w.WriteString("  <row")
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		f.w.WriteString(" " + kv[i] + "=\"")
		xml.EscapeText(f.w, []byte(kv[i+1]))
		f.w.WriteString("\"")
	}
	f.w.WriteString(" />\n")
}

func (f *file) close(root string) error {
	fmt.Fprintf(f.w, "</%s>\n", root)
	if err := f.w.Flush(); err != nil {
		f.f.Close()
		return err
	}
	return f.f.Close()
}

func itoa(n int) string { return strconv.Itoa(n) }

func date(t time.Time) string { return t.Format(timeFormat) }

// text is a post's content as blocks, rendered as HTML (Posts.xml) and as
// markdown (PostHistory.xml).
type text struct {
	blocks []block
}

type block struct {
	kind  string // p, ul, pre, quote
	items []string
}

func (g *gen) sentence(r *rand.Rand, terms []string) string {
	n := 6 + r.IntN(14)
	words := make([]string, n)
	for i := range words {
		switch {
		case r.IntN(3) == 0 && len(terms) > 0:
			words[i] = terms[r.IntN(len(terms))]
		case r.IntN(12) == 0:
			words[i] = verbs[r.IntN(len(verbs))]
		default:
			words[i] = commonWords[r.IntN(len(commonWords))]
		}
	}
	s := strings.Join(words, " ")
	return strings.ToUpper(s[:1]) + s[1:] + []string{".", ".", ".", "?", "!"}[r.IntN(5)]
}

func (g *gen) text(r *rand.Rand, terms []string, paragraphs int) text {
	var t text
	for i := 0; i < paragraphs; i++ {
		switch x := r.IntN(14); {
		case x == 0 && i > 0:
			var items []string
			for range 2 + r.IntN(4) {
				items = append(items, g.sentence(r, terms))
			}
			t.blocks = append(t.blocks, block{kind: "ul", items: items})
		case x == 1 && i > 0:
			t.blocks = append(t.blocks, block{kind: "pre", items: []string{fmt.Sprintf("%s = %d\n%s(%s) < %d", terms[0], r.IntN(100), verbs[r.IntN(len(verbs))], terms[len(terms)-1], r.IntN(9))}})
		case x == 2 && i > 0:
			t.blocks = append(t.blocks, block{kind: "quote", items: []string{g.sentence(r, terms)}})
		default:
			var ss []string
			for range 1 + r.IntN(4) {
				ss = append(ss, g.sentence(r, terms))
			}
			t.blocks = append(t.blocks, block{kind: "p", items: []string{strings.Join(ss, " ")}})
		}
	}
	return t
}

func esc(s string) string { return html.EscapeString(s) }

func (t text) html(link string) string {
	var b strings.Builder
	for i, bl := range t.blocks {
		switch bl.kind {
		case "p":
			s := esc(bl.items[0])
			if i == 0 && link != "" {
				s += ` See <a href="` + link + `">this page</a> for <em>more</em>.`
			}
			b.WriteString("<p>" + s + "</p>\n\n")
		case "ul":
			b.WriteString("<ul>\n")
			for _, it := range bl.items {
				b.WriteString("<li>" + esc(it) + "</li>\n")
			}
			b.WriteString("</ul>\n\n")
		case "pre":
			b.WriteString("<pre><code>" + esc(bl.items[0]) + "\n</code></pre>\n\n")
		case "quote":
			b.WriteString("<blockquote>\n  <p>" + esc(bl.items[0]) + "</p>\n</blockquote>\n\n")
		}
	}
	return b.String()
}

func (t text) markdown(link string) string {
	var parts []string
	for i, bl := range t.blocks {
		switch bl.kind {
		case "p":
			s := bl.items[0]
			if i == 0 && link != "" {
				s += " See [this page](" + link + ") for *more*."
			}
			parts = append(parts, s)
		case "ul":
			var items []string
			for _, it := range bl.items {
				items = append(items, "- "+it)
			}
			parts = append(parts, strings.Join(items, "\n"))
		case "pre":
			parts = append(parts, "    "+strings.ReplaceAll(bl.items[0], "\n", "\n    "))
		case "quote":
			parts = append(parts, "> "+bl.items[0])
		}
	}
	return strings.Join(parts, "\n\n")
}

func (g *gen) termsOf(tags []int) []string {
	var out []string
	for _, t := range tags {
		out = append(out, g.terms[t]...)
	}
	return out
}

// title makes a question's title from its terms.
func (g *gen) title(r *rand.Rand, terms []string) string {
	f := questionStarts[r.IntN(len(questionStarts))]
	args := make([]any, strings.Count(f.format, "%s"))
	for i := range args {
		if i == 0 && f.verbFirst {
			args[i] = verbs[r.IntN(len(verbs))]
		} else {
			args[i] = terms[r.IntN(len(terms))]
		}
	}
	return fmt.Sprintf(f.format, args...)
}

// content returns a post's title (questions), final text and, for edited
// posts, the text before the edit. Duplicates reword their original.
func (g *gen) content(qs []question, p post) (title string, final, initial text, edited bool) {
	q := qs[p.question]
	seedQ, k := p.question, p.answer
	if q.duplicate > 0 && p.answer == 0 {
		seedQ = q.duplicate - 1
	}
	terms := g.termsOf(q.tags)
	if p.answer == 0 {
		r := g.rand(1, seedQ)
		title = g.title(r, terms)
		if seedQ != p.question { // reworded: same words, another order
			w := strings.Fields(strings.TrimSuffix(title, "?"))
			rr := g.rand(2, p.question)
			rr.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
			title = strings.ToUpper(w[0][:1]) + w[0][1:] + " " + strings.ToLower(strings.Join(w[1:], " ")) + "?"
		}
		final = g.text(g.rand(3, seedQ), terms, 1+g.rand(4, seedQ).IntN(4))
	} else {
		final = g.text(g.rand(5, p.question, k), terms, 1+g.rand(6, p.question, k).IntN(5))
	}
	if g.rand(7, p.id).IntN(7) == 0 && len(final.blocks) > 1 {
		initial = text{blocks: final.blocks[:len(final.blocks)-1]}
		edited = true
	}
	return title, final, initial, edited
}

func (g *gen) writePosts(dir string, qs []question, posts []post, st *Stats) error {
	f, err := create(dir, "Posts.xml", "posts")
	if err != nil {
		return err
	}
	for _, p := range posts {
		q := qs[p.question]
		title, final, _, edited := g.content(qs, p)
		link := ""
		if p.id%5 == 0 {
			link = "https://example.org/wiki/" + g.tags[q.tags[0]]
		}
		score := itoa(int(g.rand(8, p.id).ExpFloat64() * 3))
		lastEdit := ""
		if edited {
			st.Edited++
			lastEdit = date(p.at.Add(2 * time.Hour))
		}
		if p.answer == 0 {
			var tags strings.Builder
			for _, t := range q.tags {
				tags.WriteString("<" + g.tags[t] + ">")
			}
			closed := ""
			if q.closed {
				closed = date(q.at.Add(3 * time.Hour))
			}
			accepted := ""
			if q.acceptedID != 0 {
				accepted = itoa(q.acceptedID)
			}
			f.row("Id", itoa(p.id), "PostTypeId", "1", "AcceptedAnswerId", accepted, "CreationDate", date(p.at), "Score", score,
				"ViewCount", itoa(20+p.id%977), "Body", final.html(link), "OwnerUserId", itoa(p.owner), "LastEditDate", lastEdit,
				"LastActivityDate", date(p.at), "Title", title, "Tags", tags.String(), "AnswerCount", itoa(q.answers),
				"CommentCount", "0", "ClosedDate", closed)
			continue
		}
		f.row("Id", itoa(p.id), "PostTypeId", "2", "ParentId", itoa(q.id), "CreationDate", date(p.at), "Score", score,
			"Body", final.html(link), "OwnerUserId", itoa(p.owner), "LastEditDate", lastEdit, "LastActivityDate", date(p.at), "CommentCount", "0")
	}
	return f.close("posts")
}

func guid(parts ...int) string {
	h := uint64(14695981039346656037)
	for _, p := range parts {
		h = (h ^ uint64(p)) * 1099511628211
	}
	return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", uint32(h), uint16(h>>32), uint16(h>>48)&0xfff, uint16(h>>20)&0xfff, h&0xffffffffffff)
}

// writeHistory writes the initial revision of every post and the edits.
func (g *gen) writeHistory(dir string, qs []question, posts []post) error {
	f, err := create(dir, "PostHistory.xml", "posthistory")
	if err != nil {
		return err
	}
	id := 0
	row := func(kind int, p post, g string, at time.Time, user int, text, comment string) {
		id++
		f.row("Id", itoa(id), "PostHistoryTypeId", itoa(kind), "PostId", itoa(p.id), "RevisionGUID", g, "CreationDate", date(at),
			"UserId", itoa(user), "Comment", comment, "Text", text)
	}
	type edit struct {
		p    post
		text string
	}
	var edits []edit
	flush := func(until time.Time) {
		for len(edits) > 0 && !edits[0].p.at.Add(2*time.Hour).After(until) {
			e := edits[0]
			edits = edits[1:]
			row(5, e.p, guid(e.p.id, 2), e.p.at.Add(2*time.Hour), g.editor(e.p), e.text, "added an example")
		}
	}
	for _, p := range posts {
		flush(p.at) // edits come two hours after their post, in time order with the rest
		q := qs[p.question]
		title, final, initial, edited := g.content(qs, p)
		first := final
		if edited {
			first = initial
			edits = append(edits, edit{p, final.markdown(linkFor(g, q, p))})
		}
		gd := guid(p.id, 1)
		row(2, p, gd, p.at, p.owner, first.markdown(linkFor(g, q, p)), "")
		if p.answer == 0 {
			row(1, p, gd, p.at, p.owner, title, "")
			var tags strings.Builder
			for _, t := range q.tags {
				tags.WriteString("<" + g.tags[t] + ">")
			}
			row(3, p, gd, p.at, p.owner, tags.String(), "")
		}
	}
	for _, e := range edits {
		row(5, e.p, guid(e.p.id, 2), e.p.at.Add(2*time.Hour), g.editor(e.p), e.text, "added an example")
	}
	return f.close("posthistory")
}

func linkFor(g *gen, q question, p post) string {
	if p.id%5 == 0 {
		return "https://example.org/wiki/" + g.tags[q.tags[0]]
	}
	return ""
}

// editor is the author, or now and then someone else.
func (g *gen) editor(p post) int {
	if r := g.rand(9, p.id); r.IntN(3) == 0 {
		return 1 + r.IntN(min(g.users, 50))
	}
	return p.owner
}

// writeComments writes comments in time order: ~0.9 a post, skewed.
func (g *gen) writeComments(dir string, posts []post, st *Stats) error {
	type comment struct {
		at   time.Time
		post int
		user int
	}
	var cs []comment
	for _, p := range posts {
		r := g.rand(10, p.id)
		n := int(math.Floor(r.ExpFloat64() * 0.9))
		for range min(n, 20) {
			cs = append(cs, comment{p.at.Add(time.Duration(r.ExpFloat64()*6*float64(time.Hour)) + time.Minute), p.id, g.user()})
		}
	}
	slices.SortStableFunc(cs, func(a, b comment) int { return a.at.Compare(b.at) })
	f, err := create(dir, "Comments.xml", "comments")
	if err != nil {
		return err
	}
	for i, c := range cs {
		r := g.rand(11, i)
		text := g.sentence(r, nil)
		if r.IntN(4) == 0 {
			text = "@" + firstNames[r.IntN(len(firstNames))] + " " + text
		}
		if r.IntN(6) == 0 {
			text += " See *this* `example` for more."
		}
		f.row("Id", itoa(i+1), "PostId", itoa(c.post), "Score", itoa(int(r.ExpFloat64()*0.7)), "Text", text, "CreationDate", date(c.at),
			"UserId", itoa(c.user))
	}
	st.Comments = len(cs)
	return f.close("comments")
}

// writeVotes writes up-votes (skewed, ~2 a post), a few down-votes and the
// acceptances.
func (g *gen) writeVotes(dir string, qs []question, posts []post, st *Stats) error {
	f, err := create(dir, "Votes.xml", "votes")
	if err != nil {
		return err
	}
	id := 0
	day := func(t time.Time) string { return t.Truncate(24 * time.Hour).Format(timeFormat) }
	for _, p := range posts {
		r := g.rand(12, p.id)
		up := int(r.ExpFloat64() * 2)
		for range up {
			id++
			f.row("Id", itoa(id), "PostId", itoa(p.id), "VoteTypeId", "2", "CreationDate", day(p.at.Add(time.Duration(r.IntN(72))*time.Hour)))
		}
		st.UpVotes += up
		if r.IntN(15) == 0 {
			id++
			f.row("Id", itoa(id), "PostId", itoa(p.id), "VoteTypeId", "3", "CreationDate", day(p.at.Add(time.Hour)))
		}
		if q := qs[p.question]; p.answer != 0 && q.acceptedID == p.id {
			id++
			f.row("Id", itoa(id), "PostId", itoa(p.id), "VoteTypeId", "1", "CreationDate", day(p.at.Add(time.Duration(r.IntN(48))*time.Hour)))
		}
	}
	return f.close("votes")
}

// writeLinks writes the duplicate links and some plain links.
func (g *gen) writeLinks(dir string, qs []question) error {
	f, err := create(dir, "PostLinks.xml", "postlinks")
	if err != nil {
		return err
	}
	id := 0
	for i, q := range qs {
		if q.duplicate > 0 {
			id++
			f.row("Id", itoa(id), "CreationDate", date(q.at.Add(3*time.Hour)), "PostId", itoa(q.id), "RelatedPostId", itoa(qs[q.duplicate-1].id), "LinkTypeId", "3")
		} else if i > 0 && g.rand(13, i).IntN(12) == 0 {
			id++
			f.row("Id", itoa(id), "CreationDate", date(q.at), "PostId", itoa(q.id), "RelatedPostId", itoa(qs[g.rand(14, i).IntN(i)].id), "LinkTypeId", "1")
		}
	}
	return f.close("postlinks")
}

func (g *gen) writeTags(dir string, qs []question) error {
	counts := make([]int, len(g.tags))
	for _, q := range qs {
		for _, t := range q.tags {
			counts[t]++
		}
	}
	f, err := create(dir, "Tags.xml", "tags")
	if err != nil {
		return err
	}
	order := make([]int, len(g.tags))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(a, b) })
	for _, t := range order {
		f.row("Id", itoa(t+1), "TagName", g.tags[t], "Count", itoa(counts[t]))
	}
	return f.close("tags")
}

func (g *gen) writeUsers(dir string, st *Stats) error {
	f, err := create(dir, "Users.xml", "users")
	if err != nil {
		return err
	}
	f.row("Id", "-1", "Reputation", "1", "CreationDate", date(epoch.Add(-time.Hour)), "DisplayName", "Community",
		"AboutMe", "<p>Hi, I'm not really a person.</p>", "Location", "on the server farm")
	for i := 1; i <= g.users; i++ {
		r := g.rand(15, i)
		name := firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
		about := ""
		if r.IntN(3) == 0 {
			about = "<p>I like " + domainNouns[r.IntN(len(domainNouns))] + " and <strong>" + domainNouns[r.IntN(len(domainNouns))] + "</strong>.</p>"
		}
		f.row("Id", itoa(i), "Reputation", itoa(1+int(r.ExpFloat64()*200)), "CreationDate", date(epoch.Add(time.Duration(i)*time.Minute)),
			"DisplayName", name, "LastAccessDate", date(epoch.Add(time.Duration(i)*time.Hour)), "Location", places[r.IntN(len(places))],
			"AboutMe", about, "Views", itoa(r.IntN(100)), "UpVotes", itoa(r.IntN(50)), "DownVotes", "0", "AccountId", itoa(1000+i))
	}
	st.Users = g.users
	return f.close("users")
}
