package web

import (
	"bytes"
	clist "container/list"
	"net/http"
	"sync"
	"time"

	"praxis"
)

// Anonymous visitors of a public community all see the same page, and they
// are most of a popular thread's readers. The server keeps the pages it
// renders for them, each with the versions of what it shows (a
// praxis.PageVersion, read from the database before the page was), and
// serves a kept page again while the database still holds those versions:
// one indexed read instead of the page's queries and templates
// (docs/BENCHMARKS.md, "Anonymous pages kept against versions").
//
// Triggers in the database move the versions with every write to what the
// page shows, in the write's own transaction, so a kept page is never
// served after a change to its thread, its community (visibility
// included), the settings or the names it shows, whichever server made the
// change: there is nothing for a second server to invalidate. What a page
// shows of other rows (related threads) and of the clock ("3 minutes ago")
// is kept at most pageCacheTTL.
//
// The page differs between visitors only by its CSRF token, which is
// rendered as csrfMarker and replaced on the way out. A visitor with a
// flash message, a signed-in user or a request with a query string gets a
// page rendered for them.

// pageCacheTTL bounds how long a kept page may show other threads and
// relative times as they were.
const pageCacheTTL = 30 * time.Second

// pageCacheBytes bounds the memory kept pages take: a thread page of 20
// replies is about 40 KB, of 200 about 300 KB.
const pageCacheBytes = 8 << 20

type pageCache struct {
	mu    sync.Mutex
	max   int // bytes
	size  int
	byKey map[string]*clist.Element // of *keptPage
	lru   *clist.List
}

type keptPage struct {
	key      string
	version  praxis.PageVersion
	at       time.Time
	body     []byte
	hasToken bool // body holds the marker
}

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, byKey: map[string]*clist.Element{}, lru: clist.New()}
}

// get returns the page kept for key if it was rendered at version v less
// than pageCacheTTL before now.
func (c *pageCache) get(key string, v praxis.PageVersion, now time.Time) *keptPage {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil
	}
	p := e.Value.(*keptPage)
	if p.version != v || now.Sub(p.at) >= pageCacheTTL || now.Before(p.at) {
		c.remove(e)
		return nil
	}
	c.lru.MoveToFront(e)
	return p
}

func (c *pageCache) put(p *keptPage) {
	if len(p.body) > c.max/8 {
		return // one page must not push out all the others
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[p.key]; ok {
		c.remove(e)
	}
	c.byKey[p.key] = c.lru.PushFront(p)
	c.size += len(p.body)
	for c.size > c.max {
		c.remove(c.lru.Back())
	}
}

func (c *pageCache) remove(e *clist.Element) {
	p := c.lru.Remove(e).(*keptPage)
	delete(c.byKey, p.key)
	c.size -= len(p.body)
}

// pageSlot is a page being rendered to be kept: render keeps it.
type pageSlot struct {
	key     string
	version praxis.PageVersion
}

// cacheablePage tells whether the request may be answered with a kept
// page, and under which key.
func (s *Server) cacheablePage(r *http.Request) (string, bool) {
	if s.pageCache == nil || r.Method != http.MethodGet || actor(r) != nil || r.URL.RawQuery != "" {
		return "", false
	}
	if _, err := r.Cookie(flashCookie); err == nil {
		return "", false
	}
	return r.URL.Path, true
}

// serveKept answers the request with a kept page when it may be: an
// anonymous GET of a page anonymous visitors may see, kept at the versions
// version reads now. Otherwise, when the page may be kept, it marks the
// request so that render keeps the page about to be rendered. Without the
// versions, the page is rendered as for anyone.
func (s *Server) serveKept(w http.ResponseWriter, r *http.Request, version func() (praxis.PageVersion, error)) bool {
	key, ok := s.cacheablePage(r)
	if !ok {
		return false
	}
	v, err := version()
	if err != nil || !v.Public {
		return false
	}
	p := s.pageCache.get(key, v, s.now())
	if p == nil {
		state(r).keep = &pageSlot{key: key, version: v}
		return false
	}
	body := p.body
	if p.hasToken {
		body = s.withToken(w, r, body)
	}
	writePage(w, http.StatusOK, body)
	return true
}

// keepRendered keeps a page just rendered for the slot, with the marker in
// place of the CSRF token, and returns the page for this visitor.
func (s *Server) keepRendered(w http.ResponseWriter, r *http.Request, slot *pageSlot, body []byte) []byte {
	s.pageCache.put(&keptPage{key: slot.key, version: slot.version, at: s.now(), body: bytes.Clone(body),
		hasToken: bytes.Contains(body, []byte(s.marker))})
	return s.withToken(w, r, body)
}

// withToken puts the visitor's CSRF token in place of the marker.
func (s *Server) withToken(w http.ResponseWriter, r *http.Request, body []byte) []byte {
	return bytes.ReplaceAll(body, []byte(s.marker), []byte(s.ensureCSRF(w, r)))
}

func writePage(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}
