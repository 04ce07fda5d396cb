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
// escaper through reflect, tens of times a post, and a member's post adds
// the forms to vote, accept, edit, delete and flag. A post reads the same
// for every viewer who may do the same things with it, so the server
// keeps each post rendered ("post-view") for each value of postViewKey:
// everything the templates read, the post as the store just returned it
// for this viewer (redacted when the viewer may not read it) and what the
// viewer may do with it. The CSRF token in the forms is the server's
// marker, replaced by the viewer's token once the page is rendered (render
// and the live stream). A kept post is only ever shown for exactly the
// data it was rendered from: there is nothing to invalidate, and nothing
// another server could make stale.

// postViewsBytes bounds the memory kept posts take: a post is two to six
// kilobytes, so a thread of 200 replies seen by members and by anonymous
// visitors takes about 1.5 MiB.
const postViewsBytes = 8 << 20

// postViewKey is everything the "post-view" template reads.
type postViewKey struct {
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
	// What the viewer is and may do.
	signedIn, mine, voted               bool
	participate, canAccept, canModerate bool
}

// postViewData is what the "post-view" template receives.
type postViewData struct {
	Post *praxis.Post
	D    postsView
	Root *page
	// ISO and Ago are the post's time, as the key holds them.
	ISO, Ago string
}

// postViews keeps rendered posts, the most recently used first.
type postViews struct {
	mu    sync.Mutex
	max   int // bytes
	size  int
	byKey map[postViewKey]*clist.Element // of *keptView
	lru   *clist.List
}

type keptView struct {
	key  postViewKey
	html template.HTML
}

// bytes is what a kept post takes, roughly: its text and its key's.
func (v *keptView) bytes() int { return len(v.html) + len(v.key.html) + 160 }

func newPostViews(max int) *postViews {
	return &postViews{max: max, byKey: map[postViewKey]*clist.Element{}, lru: clist.New()}
}

func (h *postViews) get(k postViewKey) (template.HTML, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	e, ok := h.byKey[k]
	if !ok {
		return "", false
	}
	h.lru.MoveToFront(e)
	return e.Value.(*keptView).html, true
}

func (h *postViews) put(k postViewKey, html template.HTML) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if e, ok := h.byKey[k]; ok {
		h.lru.MoveToFront(e)
		return
	}
	v := &keptView{key: k, html: html}
	h.byKey[k] = h.lru.PushFront(v)
	h.size += v.bytes()
	for h.size > h.max && h.lru.Len() > 1 {
		old := h.lru.Remove(h.lru.Back()).(*keptView)
		delete(h.byKey, old.key)
		h.size -= old.bytes()
	}
}

// postView returns post p of a thread page as root's viewer sees it, from
// the posts kept or rendered now. A post is kept only when root carries the
// marker for its CSRF token, and not when the page re-shows a form after an
// error (a flag's reason is re-shown beside its post).
func (s *Server) postView(p *praxis.Post, d postsView, root *page) (template.HTML, error) {
	t := d.Thread
	when := ago(s.now(), p.CreatedAt)
	keep := root.CSRF == s.marker && d.ReplyForm == nil
	k := postViewKey{post: p.ID, replyTo: p.ReplyToID, thread: t.ID, slug: t.CommunitySlug, author: p.Author,
		created: p.CreatedAt.UnixMilli(), ago: when, helpful: p.Helpful, opening: p.Opening, accepted: p.Accepted,
		deleted: p.Deleted, hidden: p.Hidden, edited: p.EditedAt != nil, html: p.HTML,
		signedIn: root.User != nil, voted: p.VotedByMe,
		participate: d.Perm.Participate, canAccept: d.CanAccept, canModerate: d.CanModerate}
	k.mine = k.signedIn && p.Author.ID == root.User.ID
	if keep {
		if html, ok := s.posts.get(k); ok {
			return html, nil
		}
	}
	tmpl, ok := s.pages["thread"]
	if !ok {
		return "", fmt.Errorf("web: no thread template")
	}
	var buf bytes.Buffer
	data := postViewData{Post: p, D: d, Root: root, ISO: isoTime(p.CreatedAt), Ago: when}
	if err := tmpl.ExecuteTemplate(&buf, "post-view", data); err != nil {
		return "", err
	}
	html := template.HTML(buf.String())
	if keep {
		s.posts.put(k, html)
	}
	return html, nil
}
