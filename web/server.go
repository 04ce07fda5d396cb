// Package web serves Praxis over HTTP: the server-rendered pages and the
// JSON API under /api/v1. Handlers are methods on Server, every route is in
// routes.go, and errors become responses in exactly one place (errors.go).
package web

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"praxis"
	"praxis/markdown"
)

//go:embed templates static openapi.json
var assets embed.FS

// Config holds what a Server depends on.
type Config struct {
	Store   praxis.Store
	Logger  *slog.Logger
	BaseURL string // e.g. https://praxis.example.org; empty means "as requested"
	Version string
	Now     func() time.Time
	// Events wakes live thread pages when a thread changes; without it
	// they only poll.
	Events praxis.ThreadEvents
	// LivePoll is how often a live thread page looks for new replies when
	// nothing woke it; zero means every 2 s.
	LivePoll time.Duration
	// TrustProxy believes the X-Forwarded-For and X-Forwarded-Proto headers
	// of the peer. Set it only behind a reverse proxy that sets them.
	TrustProxy bool
	// RateLimits bound sign-ups, posts and searches; nil means
	// praxis.DefaultRateLimits.
	RateLimits *praxis.RateLimits
	// PageCacheBytes bounds the memory of the pages kept for anonymous
	// visitors (pagecache.go); zero means 8 MiB, negative keeps none.
	PageCacheBytes int
}

// Server is the HTTP handler of Praxis.
type Server struct {
	store   praxis.Store
	log     *slog.Logger
	baseURL string
	version string
	now     func() time.Time
	md      *markdown.Renderer
	pages   map[string]*template.Template
	static  *staticFiles
	mux     *http.ServeMux
	handler http.Handler
	routes  []string
	setUp   atomic.Bool // true once an administrator exists; never goes back
	secure  bool        // cookies get the Secure flag
	apiSpec []byte
	live    *liveStreams
	// posts keeps rendered posts (postview.go).
	posts *postViews
	// marker stands for the viewer's CSRF token in what is kept rendered
	// (pages, posts) and is replaced on the way out; it is random per
	// process and as long as a token, so it never occurs in what people
	// write.
	marker string
	// pageCache keeps pages rendered for anonymous visitors (pagecache.go);
	// nil means none are kept.
	pageCache *pageCache

	// trustProxy believes X-Forwarded-For and X-Forwarded-Proto.
	trustProxy bool
	limits     praxis.RateLimits
}

// New builds a Server; it parses every template and fails fast on an error.
func New(cfg Config) (*Server, error) {
	s := &Server{
		store:   cfg.Store,
		log:     cfg.Logger,
		baseURL: strings.TrimRight(cfg.BaseURL, "/"),
		version: cfg.Version,
		now:     cfg.Now,
		md:      markdown.New(),
		mux:     http.NewServeMux(),
		secure:  strings.HasPrefix(cfg.BaseURL, "https://"),
		live:    newLiveStreams(cfg.Events, cfg.LivePoll),
		posts:   newPostViews(postViewsBytes),
		marker:  randomHex(16),

		trustProxy: cfg.TrustProxy,
		limits:     praxis.DefaultRateLimits,
	}
	if cfg.RateLimits != nil {
		s.limits = *cfg.RateLimits
	}
	switch {
	case cfg.PageCacheBytes == 0:
		s.pageCache = newPageCache(pageCacheBytes)
	case cfg.PageCacheBytes > 0:
		s.pageCache = newPageCache(cfg.PageCacheBytes)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	if s.apiSpec, err = assets.ReadFile("openapi.json"); err != nil {
		return nil, err
	}
	s.registerRoutes()
	s.handler = s.middleware(s.mux)
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes lists every registered pattern ("GET /c/{slug}"), for tests that
// must cover all of them.
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

// handle registers a route; every route goes through here (see routes.go).
func (s *Server) handle(pattern string, h http.HandlerFunc) {
	s.routes = append(s.routes, pattern)
	s.mux.HandleFunc(pattern, h)
}

// setupDone reports whether the instance has an administrator, caching the
// answer once it is yes.
func (s *Server) setupDone(ctx context.Context) (bool, error) {
	if s.setUp.Load() {
		return true, nil
	}
	need, err := s.store.SetupNeeded(ctx)
	if err != nil {
		return false, err
	}
	if !need {
		s.setUp.Store(true)
	}
	return !need, nil
}
