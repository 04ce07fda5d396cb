package mailinglist

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"praxis"
)

// Index is the structure of an archive, built by Scan: the distinct
// messages, their threads, their senders and the copies that were skipped.
// It holds a few small fields per message, never a body.
type Index struct {
	paths   []string
	gzipped []bool
	opts    Options

	entries []entry
	byID    map[string]int32
	files   [][]int32 // per file, the entry of each message in file order; -1 for a duplicate
	dups    []Duplicate
	senders []Sender
	threads []Thread
}

// entry is what the Index keeps of one message.
type entry struct {
	id      string
	subject string // normalized (NormalizeSubject)
	date    int64  // unix seconds
	file    int32
	line    int32
	offset  int64
	size    int64
	parent  int32 // -1 for a root
	root    int32
	by      Link
}

// Thread is a rebuilt thread.
type Thread struct {
	Root     string // ID of its first message
	Subject  string // the first message's subject, normalized (NormalizeSubject)
	Messages int
	First    time.Time // the earliest date in the thread
	Last     time.Time // the latest date in the thread
}

// Sender is someone who wrote to the list.
type Sender struct {
	Address
	Messages int
	First    time.Time // date of the sender's earliest message
}

// Duplicate is a message that an archive holds twice (pipermail sometimes
// does); Each hands over the first copy only.
type Duplicate struct {
	ID        string
	File      string
	Line      int
	FirstFile string
	FirstLine int
}

// threading holds, while Scan runs, the header facts that linking needs.
type threading struct {
	inReplyTo []string   // per entry, the first In-Reply-To id, "" if none
	refs      [][]string // per entry, the first reference and the last few (nearest parents)
	reply     []bool     // per entry, whether headers or subject mark a reply
}

// keptReferences bounds the references kept per message: the root of the
// conversation and the nearest few ancestors are all that threading uses.
const keptReferences = 4

// Scan reads the archives in order, checks every message and builds the
// Index. Any bad input — a missing file, a file that is no archive, a
// truncated one, text in an unknown or undeclared charset — is an EINVALID
// error naming the file and line, so an import can stop before writing.
func Scan(ctx context.Context, paths []string, opts Options) (*Index, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, praxis.Errorf(praxis.EINVALID, "No archive files given.")
	}
	var total int64
	for _, path := range paths {
		fi, err := os.Stat(path)
		if err != nil {
			return nil, openError(path, err)
		}
		if !fi.Mode().IsRegular() {
			return nil, praxis.Errorf(praxis.EINVALID, "%s: not a file.", path)
		}
		total += fi.Size()
	}
	x := &Index{
		paths:   slices.Clone(paths),
		gzipped: make([]bool, len(paths)),
		opts:    opts,
		byID:    map[string]int32{},
		files:   make([][]int32, len(paths)),
	}
	var t threading
	var done int64
	senders := map[string]int{}
	for fi, path := range paths {
		if err := x.scanFile(ctx, fi, path, &t, senders, &done, total); err != nil {
			return nil, err
		}
	}
	x.link(&t)
	return x, nil
}

// countingReader counts the bytes read from a file, for progress.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

func (x *Index) scanFile(ctx context.Context, fi int, path string, t *threading, senders map[string]int, done *int64, total int64) error {
	f, err := os.Open(path)
	if err != nil {
		return openError(path, err)
	}
	defer f.Close()
	magic := make([]byte, 2)
	n, _ := io.ReadFull(f, magic)
	x.gzipped[fi] = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return openError(path, err)
	}
	rc, err := wrapGzip(countingReader{f, done}, f, path)
	if err != nil {
		return err
	}
	rd := NewReader(rc, path, x.opts)
	for {
		m, err := rd.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(x.entries) >= 1<<31-1 {
			return praxis.Errorf(praxis.EINVALID, "%s:%d: too many messages", path, m.Line)
		}
		if first, ok := x.byID[m.ID]; ok {
			e := x.entries[first]
			x.dups = append(x.dups, Duplicate{ID: m.ID, File: path, Line: m.Line, FirstFile: x.paths[e.file], FirstLine: int(e.line)})
			x.files[fi] = append(x.files[fi], -1)
		} else {
			i := int32(len(x.entries))
			x.byID[m.ID] = i
			x.files[fi] = append(x.files[fi], i)
			clean, reply := splitSubject(m.Subject)
			x.entries = append(x.entries, entry{
				id: m.ID, subject: clean, date: m.Date.Unix(),
				file: int32(fi), line: int32(m.Line), offset: m.Offset, size: m.Size,
				parent: -1, root: i,
			})
			irt := ""
			if len(m.InReplyTo) > 0 {
				irt = x.intern(m.InReplyTo[0])
			}
			refs := m.References
			if len(refs) > keptReferences+1 {
				refs = append([]string{refs[0]}, refs[len(refs)-keptReferences:]...)
			}
			kept := make([]string, len(refs))
			for k, id := range refs {
				kept[k] = x.intern(id)
			}
			t.inReplyTo = append(t.inReplyTo, irt)
			t.refs = append(t.refs, kept)
			t.reply = append(t.reply, reply || irt != "" || len(refs) > 0)
			x.addSender(senders, m)
		}
		if x.opts.Progress != nil {
			x.opts.Progress(*done, total)
		}
	}
}

// intern returns the stored copy of a message id already seen, so that
// references to earlier messages (the usual case) cost no memory.
func (x *Index) intern(id string) string {
	if i, ok := x.byID[id]; ok {
		return x.entries[i].id
	}
	return id
}

func (x *Index) addSender(senders map[string]int, m *Message) {
	key := m.From.Addr
	if key == "" {
		key = "name:" + m.From.Name
	}
	if i, ok := senders[key]; ok {
		s := &x.senders[i]
		s.Messages++
		if m.Date.Before(s.First) {
			s.First = m.Date
		}
		if s.Name == "" {
			s.Name = m.From.Name
		}
		return
	}
	senders[key] = len(x.senders)
	x.senders = append(x.senders, Sender{Address: m.From, Messages: 1, First: m.Date})
}

// link rebuilds the threads. First the ids: a message's parent is its
// In-Reply-To, else the nearest message of its References, when the archive
// holds it and the link makes no cycle. Then, in date order, each message
// still without a parent: a reply (its headers name a parent, or its subject
// says "Re:") joins the thread of an earlier message that refers to the same
// missing message, else the latest thread with the same normalized subject
// whose last message is at most SubjectWindow older; a message not marked as
// a reply joins such a thread only within a tenth of the window (pipermail
// archives drop the "Re:", and mailers the headers, of many replies) — and
// when that thread starts with a reply, the reply joins the message instead.
// Generic subjects ("help", "(no subject)") join nothing.
func (x *Index) link(t *threading) {
	n := int32(len(x.entries))
	es := x.entries
	wouldCycle := func(child, parent int32) bool {
		for k := parent; k >= 0; k = es[k].parent {
			if k == child {
				return true
			}
		}
		return false
	}
	for i := range n {
		try := func(id string, by Link) bool {
			j, ok := x.byID[id]
			if !ok || j == i || wouldCycle(i, j) {
				return false
			}
			es[i].parent, es[i].by = j, by
			return true
		}
		if t.inReplyTo[i] != "" && try(t.inReplyTo[i], LinkInReplyTo) {
			continue
		}
		refs := t.refs[i]
		for k := len(refs) - 1; k >= 0; k-- {
			if try(refs[k], LinkReferences) {
				break
			}
		}
	}

	// Roots of the id links, and each tree's last date.
	root := make([]int32, n)
	for i := range root {
		root[i] = -1
	}
	var path []int32
	for i := range n {
		k := i
		for root[k] < 0 && es[k].parent >= 0 {
			path = append(path, k)
			k = es[k].parent
		}
		r := root[k]
		if r < 0 {
			r = k
			root[k] = k
		}
		for _, p := range path {
			root[p] = r
		}
		path = path[:0]
	}
	last := make([]int64, n)
	for i := range n {
		last[root[i]] = max(last[root[i]], es[i].date)
	}

	// Messages that refer to a message the archive lacks: the earliest one.
	missing := map[string]int32{}
	unknownRefs := func(i int32) []string {
		var ids []string
		if id := t.inReplyTo[i]; id != "" {
			if _, ok := x.byID[id]; !ok {
				ids = append(ids, id)
			}
		}
		for _, id := range t.refs[i] {
			if _, ok := x.byID[id]; !ok {
				ids = append(ids, id)
			}
		}
		return ids
	}
	earlier := func(a, b int32) bool { // a before b: by date, then archive order
		return es[a].date < es[b].date || es[a].date == es[b].date && a < b
	}
	for i := range n {
		for _, id := range unknownRefs(i) {
			if j, ok := missing[id]; !ok || earlier(i, j) {
				missing[id] = i
			}
		}
	}

	// The fallbacks, roots in date order; up joins a root to the root it was attached to.
	up := make([]int32, n)
	for i := range up {
		up[i] = -1
	}
	find := func(k int32) int32 {
		k = root[k]
		for up[k] >= 0 {
			k = up[k]
		}
		return k
	}
	var roots []int32
	for i := range n {
		if es[i].parent < 0 {
			roots = append(roots, i)
		}
	}
	slices.SortFunc(roots, func(a, b int32) int {
		return cmp.Or(cmp.Compare(es[a].date, es[b].date), cmp.Compare(a, b))
	})
	window := x.opts.subjectWindow()
	// Subjects too common to join unrelated threads by.
	genericSubjects := map[string]bool{
		"": true, "(no subject)": true, "no subject": true, "(none)": true, "help": true, "question": true,
		"questions": true, "hi": true, "hello": true, "request": true, "query": true, "problem": true,
		"urgent": true, "test": true,
	}
	latest := map[string]int32{}
	for _, r := range roots {
		key := strings.ToLower(es[r].subject)
		attached := false
		attach := func(to int32, by Link) {
			es[r].parent, es[r].by = to, by
			up[r] = to
			last[to] = max(last[to], last[r])
			attached = true
		}
		if t.reply[r] {
			for _, id := range unknownRefs(r) {
				if j := missing[id]; j != r && earlier(j, r) {
					if to := find(j); to != r {
						attach(to, LinkSharedReference)
						break
					}
				}
			}
		}
		if w := window; !attached && w >= 0 && key != "" {
			if !t.reply[r] {
				w /= 10
			}
			if to, ok := latest[key]; ok && es[r].date-last[to] <= int64(w/time.Second) {
				if !t.reply[r] && t.reply[to] {
					// The reply came first (a wrong clock): it joins the original.
					es[to].parent, es[to].by = r, LinkSubject
					up[to] = r
					last[r] = max(last[r], last[to])
				} else {
					attach(to, LinkSubject)
				}
			}
		}
		if !attached && key != "" && !genericSubjects[key] {
			latest[key] = r
		}
	}

	// Final roots, threads.
	threadOf := map[int32]int{}
	for i := range n {
		r := find(i)
		es[i].root = r
		k, ok := threadOf[r]
		d := time.Unix(es[i].date, 0).UTC()
		if !ok {
			k = len(x.threads)
			threadOf[r] = k
			x.threads = append(x.threads, Thread{Root: es[r].id, Subject: es[r].subject, First: d, Last: d})
		}
		th := &x.threads[k]
		th.Messages++
		if d.Before(th.First) {
			th.First = d
		}
		if d.After(th.Last) {
			th.Last = d
		}
	}
	slices.SortStableFunc(x.threads, func(a, b Thread) int {
		return cmp.Or(a.First.Compare(b.First), cmp.Compare(x.byID[a.Root], x.byID[b.Root]))
	})
}

// Len returns the number of distinct messages.
func (x *Index) Len() int { return len(x.entries) }

// Parent returns the ID of the message that id replies to ("" for the first
// message of a thread) and how it was found; ok is false when the archive
// has no message id.
func (x *Index) Parent(id string) (parent string, by Link, ok bool) {
	i, ok := x.byID[id]
	if !ok {
		return "", LinkNone, false
	}
	if p := x.entries[i].parent; p >= 0 {
		return x.entries[p].id, x.entries[i].by, true
	}
	return "", LinkNone, true
}

// ThreadOf returns the ID of the first message of id's thread; ok is false
// when the archive has no message id.
func (x *Index) ThreadOf(id string) (root string, ok bool) {
	i, ok := x.byID[id]
	if !ok {
		return "", false
	}
	return x.entries[x.entries[i].root].id, true
}

// Threads returns the threads, the earliest first.
func (x *Index) Threads() []Thread { return slices.Clone(x.threads) }

// Senders returns everyone who wrote, in the order of their first message in
// the archive.
func (x *Index) Senders() []Sender { return slices.Clone(x.senders) }

// Duplicates returns the messages skipped because an earlier copy has the
// same ID.
func (x *Index) Duplicates() []Duplicate { return slices.Clone(x.dups) }

// Each parses the archives again and calls fn with every distinct message,
// its Parent, Root and ParentBy set, always after the message's parent: in
// archive order, except that a reply found before its parent waits for it
// (a reply from a plain file is then read again from its offset, one from a
// gzipped file is held in memory). It stops at the first error of fn, or
// when a file changed since Scan.
func (x *Index) Each(ctx context.Context, fn func(*Message) error) error {
	delivered := make([]bool, len(x.entries))
	waiting := map[int32][]int32{}
	held := map[int32]*Message{}
	reopened := map[int32]*os.File{}
	defer func() {
		for _, f := range reopened {
			f.Close()
		}
	}()

	load := func(i int32) (*Message, error) {
		if m, ok := held[i]; ok {
			delete(held, i)
			return m, nil
		}
		e := x.entries[i]
		f, ok := reopened[e.file]
		if !ok {
			var err error
			if f, err = os.Open(x.paths[e.file]); err != nil {
				return nil, openError(x.paths[e.file], err)
			}
			reopened[e.file] = f
		}
		rd := newReaderAt(io.NewSectionReader(f, e.offset, e.size), x.paths[e.file], x.opts, int(e.line), e.offset)
		m, err := rd.Next()
		if err == io.EOF || err == nil && m.ID != e.id {
			return nil, x.changed(e.file, int(e.line))
		}
		return m, err
	}
	deliver := func(i int32, m *Message) error {
		type item struct {
			i int32
			m *Message
		}
		stack := []item{{i, m}}
		for len(stack) > 0 {
			it := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			e := x.entries[it.i]
			it.m.Root, it.m.ParentBy = x.entries[e.root].id, e.by
			if e.parent >= 0 {
				it.m.Parent = x.entries[e.parent].id
			}
			if err := fn(it.m); err != nil {
				return err
			}
			delivered[it.i] = true
			children := waiting[it.i]
			delete(waiting, it.i)
			for k := len(children) - 1; k >= 0; k-- {
				cm, err := load(children[k])
				if err != nil {
					return err
				}
				stack = append(stack, item{children[k], cm})
			}
		}
		return nil
	}

	for fi, path := range x.paths {
		rc, err := Open(path)
		if err != nil {
			return err
		}
		rd := NewReader(rc, path, x.opts)
		seq := 0
		for ; ; seq++ {
			if err := ctx.Err(); err != nil {
				rc.Close()
				return err
			}
			m, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				rc.Close()
				return err
			}
			if seq >= len(x.files[fi]) {
				rc.Close()
				return x.changed(int32(fi), m.Line)
			}
			i := x.files[fi][seq]
			if i < 0 {
				continue
			}
			e := x.entries[i]
			if m.ID != e.id {
				rc.Close()
				return x.changed(int32(fi), m.Line)
			}
			if p := e.parent; p >= 0 && !delivered[p] {
				waiting[p] = append(waiting[p], i)
				if x.gzipped[fi] {
					held[i] = m
				}
				continue
			}
			if err := deliver(i, m); err != nil {
				rc.Close()
				return err
			}
		}
		rc.Close()
		if seq != len(x.files[fi]) {
			return x.changed(int32(fi), 0)
		}
	}
	if len(waiting) > 0 {
		return fmt.Errorf("mailinglist: %d messages wait for a parent that never came", len(waiting))
	}
	return nil
}

func (x *Index) changed(file int32, line int) error {
	return praxis.Errorf(praxis.EINVALID, "%s:%d: the file changed since it was scanned; scan it again", x.paths[file], line)
}
