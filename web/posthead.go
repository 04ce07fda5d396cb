package web

import (
	"bytes"
	clist "container/list"
	"fmt"
	"html/template"
	"sync"

	"praxis"
)

// Executing the thread page's templates was most of a thread page's time
// (docs/BENCHMARKS.md): text/template finds each field and calls each
// escaper through reflect, tens of times a post. Most of a post reads the
// same for every viewer, so that part, the "post-head" template, is kept
// rendered for each value of postHeadKey: everything it reads. The key is
// built from the post as the store just returned it for this viewer
// (redacted when the viewer may not read it), so a kept head is only ever
// shown for exactly the data it was rendered from: there is nothing to
// invalidate, and nothing another server could make stale. The viewer's
// own actions (votes, forms with their CSRF token) are rendered on every
// request.

// postHeadsSize bounds the heads kept: a thread of 200 replies takes 201;
// a head is two to four kilobytes with its key.
const postHeadsSize = 4096

// postHeadKey is everything the post-head template reads.
type postHeadKey struct {
	post, replyTo, thread int64
	slug                  string
	author                praxis.PersonRef
	created               int64 // Unix milliseconds
	ago                   string
	helpful               int
	opening, accepted     bool
	deleted, hidden       bool
	edited                bool
	html                  string
}

// postHeadData is what the post-head template receives.
type postHeadData struct {
	Post   *praxis.Post
	Thread *praxis.Thread
	// ISO and Ago are the post's time, as the key holds them.
	ISO, Ago string
}

// postHeads keeps rendered heads, the most recently used first.
type postHeads struct {
	mu    sync.Mutex
	size  int
	byKey map[postHeadKey]*clist.Element // of *keptHead
	lru   *clist.List
}

type keptHead struct {
	key  postHeadKey
	html template.HTML
}

func newPostHeads(size int) *postHeads {
	return &postHeads{size: size, byKey: map[postHeadKey]*clist.Element{}, lru: clist.New()}
}

func (h *postHeads) get(k postHeadKey) (template.HTML, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	e, ok := h.byKey[k]
	if !ok {
		return "", false
	}
	h.lru.MoveToFront(e)
	return e.Value.(*keptHead).html, true
}

func (h *postHeads) put(k postHeadKey, html template.HTML) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if e, ok := h.byKey[k]; ok {
		h.lru.MoveToFront(e)
		return
	}
	h.byKey[k] = h.lru.PushFront(&keptHead{key: k, html: html})
	for h.lru.Len() > h.size {
		old := h.lru.Remove(h.lru.Back()).(*keptHead)
		delete(h.byKey, old.key)
	}
}

// postHead returns the rendered head of a post of thread t, from those
// kept or rendered now.
func (s *Server) postHead(p *praxis.Post, t *praxis.Thread) (template.HTML, error) {
	d := postHeadData{Post: p, Thread: t, ISO: isoTime(p.CreatedAt), Ago: ago(s.now(), p.CreatedAt)}
	k := postHeadKey{post: p.ID, replyTo: p.ReplyToID, thread: t.ID, slug: t.CommunitySlug, author: p.Author,
		created: p.CreatedAt.UnixMilli(), ago: d.Ago, helpful: p.Helpful, opening: p.Opening, accepted: p.Accepted,
		deleted: p.Deleted, hidden: p.Hidden, edited: p.EditedAt != nil, html: p.HTML}
	if html, ok := s.heads.get(k); ok {
		return html, nil
	}
	tmpl, ok := s.pages["thread"]
	if !ok {
		return "", fmt.Errorf("web: no thread template")
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "post-head", d); err != nil {
		return "", err
	}
	html := template.HTML(buf.String())
	s.heads.put(k, html)
	return html, nil
}
