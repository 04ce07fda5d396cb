package web_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
	"praxis/web"
)

// The tests below prove the protections of docs/SECURITY.md that live in
// the web layer: headers, cookies, trusted proxies, rate limits, JSON
// depth, body limits, the audit log's pages and account enumeration.

// newSiteWith is newTestSite with more of the server's configuration, over
// TLS when tls is set (visitors then need site.transport).
func newSiteWith(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock, cfg web.Config, tls bool) (*testSite, http.RoundTripper) {
	t.Helper()
	admin, err := db.Setup(t.Context(), "Test Praxis", praxis.Signup{
		Handle: "admin", Email: "admin@example.org", DisplayName: "Ada Admin", Password: testPassword,
	})
	if err != nil {
		t.Fatalf("Setup: %v", err)
	}
	cfg.Store, cfg.Now, cfg.Version = db, clock.Now, "test"
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	var hs *httptest.Server
	if tls {
		hs = httptest.NewTLSServer(srv)
	} else {
		hs = httptest.NewServer(srv)
	}
	t.Cleanup(hs.Close)
	u, _ := url.Parse(hs.URL)
	return &testSite{db: db, clock: clock, server: srv, url: u, admin: admin}, hs.Client().Transport
}

// forwardedFor is the header a trusted proxy adds for a client at ip.
func forwardedFor(ip string) http.Header {
	return http.Header{"X-Forwarded-For": {"10.0.0.1, " + ip}}
}

// wantHeaders are the headers every response carries.
var wantHeaders = map[string]string{
	"X-Content-Type-Options":       "nosniff",
	"Referrer-Policy":              "same-origin",
	"X-Frame-Options":              "DENY",
	"Cross-Origin-Opener-Policy":   "same-origin",
	"Cross-Origin-Resource-Policy": "same-origin",
}

// TestTrustSecurityHeaders checks the headers of pages, API answers,
// static files and errors, and that plain HTTP gets no HSTS and no Secure
// cookies (a browser would refuse to send them back).
func TestTrustSecurityHeaders(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		anon := s.anonymous("anonymous")
		home := anon.get(t, "/")
		var css string
		for _, l := range findAll(home.doc(t), isTag("link")) {
			if h, _ := attr(l, "href"); strings.HasPrefix(h, "/static/") {
				css = h
			}
		}
		if css == "" {
			t.Fatalf("%s: no stylesheet under /static/", home)
		}
		for _, path := range []string{"/", "/login", css, "/api/v1/communities", "/api/v1/openapi.json", "/nope", "/api/v1/nope"} {
			r := anon.get(t, path)
			for h, v := range wantHeaders {
				if got := r.header.Get(h); got != v {
					t.Errorf("%s: %s = %q; want %q", r, h, got, v)
				}
			}
			csp := r.header.Get("Content-Security-Policy")
			for _, d := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
				"base-uri 'none'", "form-action 'self'", "object-src 'none'"} {
				if !strings.Contains(csp, d) {
					t.Errorf("%s: Content-Security-Policy = %q; want %s", r, csp, d)
				}
			}
			if strings.Contains(csp, "unsafe-") {
				t.Errorf("%s: Content-Security-Policy = %q; want nothing unsafe", r, csp)
			}
			pp := r.header.Get("Permissions-Policy")
			for _, f := range []string{"camera=()", "microphone=()", "geolocation=()"} {
				if !strings.Contains(pp, f) {
					t.Errorf("%s: Permissions-Policy = %q; want %s", r, pp, f)
				}
			}
			if h := r.header.Get("Strict-Transport-Security"); h != "" {
				t.Errorf("%s over plain HTTP: Strict-Transport-Security = %q; want none", r, h)
			}
		}
		// A forwarded https means nothing from a peer that is not trusted.
		r := anon.send(t, http.MethodGet, "/login", "", nil, http.Header{"X-Forwarded-Proto": {"https"}})
		if h := r.header.Get("Strict-Transport-Security"); h != "" {
			t.Errorf("%s with X-Forwarded-Proto from an untrusted peer: Strict-Transport-Security = %q; want none", r, h)
		}
		for _, c := range r.cookies {
			if c.Secure {
				t.Errorf("%s over plain HTTP: cookie %s is Secure; want not", r, c.Name)
			}
		}
	})
}

// checkSecureSite signs in and out through forms and checks that the
// responses carry HSTS and that every cookie set is Secure, HttpOnly and
// SameSite=Lax. extra is sent with every request.
func checkSecureSite(t *testing.T, s *testSite, transport http.RoundTripper, extra http.Header) {
	t.Helper()
	s.signUp(t, "cora")
	v := s.anonymous("browser")
	v.client.Transport = transport
	var rs []*response
	rs = append(rs, v.send(t, http.MethodGet, "/login", "", nil, extra))
	form := url.Values{"csrf_token": {v.csrfToken(t)}, "account": {"cora"}, "password": {testPassword}}
	login := v.send(t, http.MethodPost, "/login", "application/x-www-form-urlencoded", []byte(form.Encode()), extra)
	login.wantStatus(t, http.StatusSeeOther)
	rs = append(rs, login)
	logout := v.send(t, http.MethodPost, "/logout", "application/x-www-form-urlencoded",
		[]byte(url.Values{"csrf_token": {v.csrfToken(t)}}.Encode()), extra)
	rs = append(rs, logout)
	rs = append(rs, v.send(t, http.MethodGet, "/api/v1/communities", "", nil, extra))
	names := map[string]bool{}
	for _, r := range rs {
		if h := r.header.Get("Strict-Transport-Security"); !strings.HasPrefix(h, "max-age=") {
			t.Errorf("%s over TLS: Strict-Transport-Security = %q; want max-age=...", r, h)
		}
		for _, c := range r.cookies {
			names[c.Name] = true
			if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("%s over TLS: cookie %s: Secure %v, HttpOnly %v, SameSite %v; want Secure, HttpOnly, Lax",
					r, c.Name, c.Secure, c.HttpOnly, c.SameSite)
			}
		}
	}
	for _, n := range []string{"praxis_csrf", "praxis_session", "praxis_flash"} {
		if !names[n] {
			t.Errorf("cookies set = %v; want %s among them", names, n)
		}
	}
}

// TestTrustTLS: served over TLS, every response has HSTS and every cookie
// (session, CSRF, flash) is Secure.
func TestTrustTLS(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s, transport := newSiteWith(t, db, clock, web.Config{}, true)
		checkSecureSite(t, s, transport, nil)
	})
}

// TestTrustSecureBaseURL: with an https base URL, cookies are Secure even
// when the request reaches Praxis in clear (a proxy that does not say it
// ended TLS), and HSTS is still left to TLS.
func TestTrustSecureBaseURL(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s, _ := newSiteWith(t, db, clock, web.Config{BaseURL: "https://praxis.example.org"}, false)
		r := s.anonymous("browser").get(t, "/login")
		if len(r.cookies) == 0 {
			t.Fatalf("%s: no cookie set; want the CSRF cookie", r)
		}
		for _, c := range r.cookies {
			if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("%s with an https base URL: cookie %s: Secure %v, HttpOnly %v, SameSite %v; want Secure, HttpOnly, Lax",
					r, c.Name, c.Secure, c.HttpOnly, c.SameSite)
			}
		}
		if h := r.header.Get("Strict-Transport-Security"); h != "" {
			t.Errorf("%s in clear: Strict-Transport-Security = %q; want none", r, h)
		}
	})
}

// TestTrustProxy: behind a trusted proxy, X-Forwarded-Proto: https counts
// as TLS and X-Forwarded-For names the client; without TrustProxy both
// headers are ignored (TestTrustSecurityHeaders, and the address below).
func TestTrustProxy(t *testing.T) {
	t.Run("trusted", func(t *testing.T) { testTrustedProxy(t) })
	t.Run("untrusted", func(t *testing.T) { testUntrustedProxy(t) })
}

func testTrustedProxy(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s, transport := newSiteWith(t, db, clock, web.Config{TrustProxy: true}, false)
		proxied := http.Header{"X-Forwarded-Proto": {"https"}, "X-Forwarded-For": {"198.51.100.23"}}
		checkSecureSite(t, s, transport, proxied)

		failedLoginIP := func(s *testSite, header http.Header) string {
			v := s.anonymous("browser")
			form := url.Values{"csrf_token": {v.csrfToken(t)}, "account": {"nobody"}, "password": {"wrong password"}}
			v.send(t, http.MethodPost, "/login", "application/x-www-form-urlencoded", []byte(form.Encode()), header).
				wantStatus(t, http.StatusUnauthorized)
			p, err := s.db.AuditLog(t.Context(), s.admin, praxis.AuditFilter{Limit: 1})
			if err != nil || len(p.Events) != 1 || p.Events[0].Event != praxis.AuditLoginFailed {
				t.Fatalf("AuditLog = %+v, %v; want the failed sign-in", p, err)
			}
			return p.Events[0].IP
		}
		if got := failedLoginIP(s, forwardedFor("198.51.100.23")); got != "198.51.100.23" {
			t.Errorf("behind a trusted proxy: the failed sign-in is from %q; want 198.51.100.23 (X-Forwarded-For)", got)
		}
		if got := failedLoginIP(s, forwardedFor("not an address")); got != "127.0.0.1" {
			t.Errorf("behind a trusted proxy with a broken X-Forwarded-For: the failed sign-in is from %q; want the peer, 127.0.0.1", got)
		}
	})
}

func testUntrustedProxy(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		v := s.anonymous("browser")
		form := url.Values{"csrf_token": {v.csrfToken(t)}, "account": {"nobody"}, "password": {"wrong password"}}
		v.send(t, http.MethodPost, "/login", "application/x-www-form-urlencoded", []byte(form.Encode()), forwardedFor("198.51.100.23"))
		p, err := s.db.AuditLog(t.Context(), s.admin, praxis.AuditFilter{Limit: 1})
		if err != nil || len(p.Events) != 1 {
			t.Fatalf("AuditLog = %+v, %v; want the failed sign-in", p, err)
		}
		if got := p.Events[0].IP; got != "127.0.0.1" {
			t.Errorf("without TrustProxy: the failed sign-in is from %q; want the peer, 127.0.0.1, whatever X-Forwarded-For says", got)
		}
	})
}

// wantRateLimited checks a 429 with Retry-After, as JSON under /api/ and
// as a page that says to try again elsewhere.
func wantRateLimited(t *testing.T, r *response) {
	t.Helper()
	if strings.HasPrefix(r.path, "/api/") {
		wantAPIError(t, r, http.StatusTooManyRequests, "rate_limited")
	} else {
		r.wantStatus(t, http.StatusTooManyRequests)
		if page := text(r.doc(t)); !strings.Contains(page, "Try again") && !strings.Contains(page, "again in") {
			t.Errorf("%s: the page does not say when to try again: %q", r, page)
		}
	}
	if n, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || n <= 0 {
		t.Errorf("%s: Retry-After = %q; want a positive number of seconds", r, r.header.Get("Retry-After"))
	}
}

// TestRateLimitSignup: sign-ups are counted per network address, failed
// ones too (they are how one probes for taken addresses).
func TestRateLimitSignup(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		limits := praxis.DefaultRateLimits
		limits.Signup = praxis.RateLimit{Max: 2, Window: time.Hour}
		s, _ := newSiteWith(t, db, clock, web.Config{TrustProxy: true, RateLimits: &limits}, false)
		v := s.anonymous("browser")
		signup := func(handle, ip string) *response {
			form := url.Values{"csrf_token": {v.csrfToken(t)}, "handle": {handle}, "email": {handle + "@example.org"},
				"display_name": {"User " + handle}, "password": {testPassword}}
			return v.send(t, http.MethodPost, "/signup", "application/x-www-form-urlencoded", []byte(form.Encode()), forwardedFor(ip))
		}
		signup("ana", "198.51.100.1").wantStatus(t, http.StatusSeeOther)
		signup("admin", "198.51.100.1").wantStatus(t, http.StatusConflict) // a taken handle counts too
		r := signup("ben", "198.51.100.1")
		wantRateLimited(t, r)
		if _, err := db.UserByHandle(t.Context(), "ben"); praxis.ErrorCode(err) != praxis.ENOTFOUND {
			t.Errorf("UserByHandle(ben) after a refused sign-up: %v; want not found", err)
		}
		signup("ben", "198.51.100.2").wantStatus(t, http.StatusSeeOther)
		clock.Add(time.Hour)
		signup("cy", "198.51.100.1").wantStatus(t, http.StatusSeeOther)
	})
}

// TestRateLimitPosting: threads, replies and articles are counted per
// user, through the API and forms alike; others are not held back, and
// the user may post again once the window has passed.
func TestRateLimitPosting(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		limits := praxis.DefaultRateLimits
		limits.Post = praxis.RateLimit{Max: 3, Window: 10 * time.Minute}
		s, _ := newSiteWith(t, db, clock, web.Config{RateLimits: &limits}, false)
		cora, ana := s.signUp(t, "cora"), s.signUp(t, "ana")
		c := s.createCommunity(t, cora, "Night Nurses", "How we hand over at night.", praxis.VisibilityPublic, praxis.JoinOpen)
		s.join(t, cora, ana, c.Slug)
		api := s.withToken(t, "cora", cora)
		th := startThread(t, api, c.Slug, question("How do you hand over?", "At night, with few people."))
		replyTo(t, api, th.ID, "With a checklist.")
		r := api.api(t, http.MethodPost, "/api/v1/communities/"+c.Slug+"/articles",
			map[string]any{"kind": praxis.ArticleGuide, "title": "Night handover", "body": "Use the checklist."})
		r.wantStatus(t, http.StatusCreated)

		wantRateLimited(t, api.api(t, http.MethodPost, threadPath(th.ID)+"/replies", map[string]any{"body": "One more."}))
		wantRateLimited(t, api.api(t, http.MethodPost, "/api/v1/communities/"+c.Slug+"/threads", question("Another one?", "Yes.")))
		browser := s.signedIn(t, "cora", cora)
		form := url.Values{"csrf_token": {browser.csrfToken(t)}, "kind": {praxis.KindQuestion}, "title": {"Through the form?"}, "body": {"Yes."}}
		wantRateLimited(t, browser.postForm(t, "/c/"+c.Slug+"/ask", form))
		if got := getThread(t, api, th.ID).ReplyCount; got != 1 {
			t.Errorf("replies = %d; want 1: a refused reply must not be written", got)
		}

		replyTo(t, s.withToken(t, "ana", ana), th.ID, "Ana is not held back by Cora's posts.")
		clock.Add(10 * time.Minute)
		replyTo(t, api, th.ID, "After ten minutes Cora may post again.")
	})
}

// TestRateLimitSearch: searches are counted per user, or per address for
// anonymous visitors, on the page and in the API together.
func TestRateLimitSearch(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		limits := praxis.DefaultRateLimits
		limits.Search = praxis.RateLimit{Max: 2, Window: time.Minute}
		s, _ := newSiteWith(t, db, clock, web.Config{RateLimits: &limits}, false)
		anon := s.anonymous("anonymous")
		for _, path := range []string{"/api/v1/search?q=handover", "/search?q=handover"} {
			if r := anon.get(t, path); r.status == http.StatusTooManyRequests {
				t.Fatalf("%s: status = %d; want an answer within the limit", r, r.status)
			}
		}
		wantRateLimited(t, anon.get(t, "/api/v1/search?q=handover"))
		wantRateLimited(t, anon.get(t, "/search?q=handover"))
		member := s.signedIn(t, "mia", s.signUp(t, "mia"))
		if r := member.get(t, "/search?q=handover"); r.status == http.StatusTooManyRequests {
			t.Errorf("%s as a signed-in member: status = %d; want an answer: members are counted apart", r, r.status)
		}
		clock.Add(time.Minute)
		if r := anon.get(t, "/api/v1/search?q=handover"); r.status == http.StatusTooManyRequests {
			t.Errorf("%s a minute later: status = %d; want an answer", r, r.status)
		}
	})
}

// nested returns a JSON object whose field "name" holds depth-1 more
// levels of lists.
func nested(depth int) string {
	return `{"name":` + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + `}`
}

// TestJSONDepthLimit: a body nested deeper than 32 is refused before it is
// decoded; brackets inside strings do not count.
func TestJSONDepthLimit(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		admin := s.withToken(t, "admin", s.admin)
		before := countCommunities(t, admin)
		deepString := `{"name":"Bracket lovers ` + strings.Repeat("[{", 30) + `","domain_statement":"Brackets in text.","visibility":"public","join_policy":"open"}`
		tests := []struct {
			name, body     string
			wantDepthError bool
			wantStatus     int // when not a depth error
		}{
			{"33 deep", nested(33), true, 0},
			{"10000 deep", nested(10000), true, 0},
			{"32 deep", nested(32), false, http.StatusBadRequest},
			{"brackets in a string", deepString, false, http.StatusCreated},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := admin.api(t, http.MethodPost, "/api/v1/communities", tt.body)
				if tt.wantDepthError {
					e := wantAPIError(t, r, http.StatusBadRequest, "invalid")
					if !strings.Contains(e.Message, "32 deep") {
						t.Errorf("%s: message = %q; want it to say nesting is limited to 32", r, e.Message)
					}
				} else {
					r.wantStatus(t, tt.wantStatus)
					if r.status >= 400 {
						if e := checkAPIError(t, r); strings.Contains(e.Message, "deep") {
							t.Errorf("%s: message = %q; want no complaint about depth", r, e.Message)
						}
					}
				}
			})
		}
		if got := countCommunities(t, admin); got != before+1 {
			t.Errorf("communities = %d; want %d: only the one with brackets in its name", got, before+1)
		}
	})
}

// TestBodyLimitsPerRouteKind: 1 MiB for forms and JSON; more only where a
// signed-in member sends files (a post with attachments, the upload API).
func TestBodyLimitsPerRouteKind(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora")
		c := s.createCommunity(t, cora, "Night Nurses", "How we hand over at night.", praxis.VisibilityPublic, praxis.JoinOpen)
		browser := s.signedIn(t, "cora", cora)
		api := s.withToken(t, "cora", cora)
		anon := s.anonymous("anonymous")
		over := strings.Repeat("x", 1<<20+1)
		twoMiB := make([]byte, 2<<20)
		tooBig := func(r *response) bool {
			return r.status == http.StatusRequestEntityTooLarge || (r.status == http.StatusBadRequest &&
				(bytes.Contains(r.body, []byte("too large")) || bytes.Contains(r.body, []byte("at most 10 MB"))))
		}
		tests := []struct {
			name    string
			send    func() *response
			refused bool
		}{
			{"JSON over 1 MiB", func() *response {
				return api.api(t, http.MethodPost, "/api/v1/communities/"+c.Slug+"/threads", `{"title":"Big","body":"`+over+`"}`)
			}, true},
			{"form over 1 MiB", func() *response {
				return browser.postForm(t, "/c/"+c.Slug+"/ask", url.Values{"csrf_token": {browser.csrfToken(t)}, "title": {"Big"}, "body": {over}})
			}, true},
			{"anonymous multipart over 1 MiB", func() *response {
				ct, b := multipartBody(t, url.Values{"csrf_token": {anon.csrfToken(t)}}, []formFile{{"files", "a.png", twoMiB}})
				return anon.send(t, http.MethodPost, "/c/"+c.Slug+"/ask", ct, b, nil)
			}, true},
			{"member's multipart over 1 MiB to a route without files", func() *response {
				ct, b := multipartBody(t, url.Values{"csrf_token": {browser.csrfToken(t)}, "name": {"night"}}, []formFile{{"files", "a.png", twoMiB}})
				return browser.send(t, http.MethodPost, "/c/"+c.Slug+"/topics", ct, b, nil)
			}, true},
			{"member's post with a 2 MiB attachment", func() *response {
				ct, b := multipartBody(t, url.Values{"csrf_token": {browser.csrfToken(t)}, "kind": {praxis.KindQuestion},
					"title": {"With a picture"}, "body": {"See the picture."}}, []formFile{{"files", "a.png", append(testImage(t), twoMiB...)}})
				return browser.send(t, http.MethodPost, "/c/"+c.Slug+"/ask", ct, b, nil)
			}, false},
			{"upload API over its limit", func() *response {
				ct, b := multipartBody(t, nil, []formFile{{"file", "a.png", append(testImage(t), make([]byte, praxis.MaxAttachmentBytes+1<<20)...)}})
				return api.send(t, http.MethodPost, "/api/v1/communities/"+c.Slug+"/attachments", ct, b, nil)
			}, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.send()
				if got := tooBig(r); got != tt.refused {
					t.Errorf("%s: status %d, refused as too large = %v; want %v (body %.200s)", r, r.status, got, tt.refused, r.body)
				}
				if !tt.refused && r.status >= 400 {
					t.Errorf("%s: status = %d; want success (body %.300s)", r, r.status, r.body)
				}
			})
		}
	})
}

// TestAuditLogPages: administrators read the security log on a page and
// in the API, newest first and in pages; no one else may.
func TestAuditLogPages(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		mia := s.signUp(t, "mia")
		for i := range 3 {
			if _, err := s.db.CreateAPIToken(t.Context(), mia.ID, "script "+strconv.Itoa(i)); err != nil {
				t.Fatalf("CreateAPIToken: %v", err)
			}
		}
		admin := s.signedIn(t, "admin", s.admin)
		adminAPI := s.withToken(t, "admin", s.admin) // one more event: 6 in all

		r := adminAPI.get(t, "/api/v1/admin/audit?limit=4")
		r.wantStatus(t, http.StatusOK)
		var first struct {
			Items []struct {
				ID                    int64
				Event, Actor, Subject string
			}
			NextBefore int64 `json:"next_before"`
		}
		r.decode(t, &first)
		if len(first.Items) != 4 || first.NextBefore == 0 {
			t.Fatalf("%s: %d items, next_before %d; want 4 and a next page", r, len(first.Items), first.NextBefore)
		}
		if e := first.Items[0]; e.Event != praxis.AuditTokenCreated || e.Actor != "admin" {
			t.Errorf("%s: newest event = %+v; want the admin's token", r, e)
		}
		r = adminAPI.get(t, "/api/v1/admin/audit?before="+strconv.FormatInt(first.NextBefore, 10))
		r.wantStatus(t, http.StatusOK)
		var second struct{ Items []struct{ ID int64 } }
		r.decode(t, &second)
		if len(second.Items) != 2 || second.Items[0].ID >= first.Items[3].ID {
			t.Errorf("%s: second page %+v; want the 2 events older than %d", r, second.Items, first.Items[3].ID)
		}
		wantAPIError(t, adminAPI.get(t, "/api/v1/admin/audit?before=x"), http.StatusBadRequest, "invalid")
		wantAPIError(t, s.withToken(t, "mia", mia).get(t, "/api/v1/admin/audit"), http.StatusForbidden, "forbidden")
		wantAPIError(t, s.anonymous("anonymous").get(t, "/api/v1/admin/audit"), http.StatusUnauthorized, "unauthorized")

		page := admin.get(t, "/admin/audit?before="+strconv.FormatInt(first.Items[1].ID, 10))
		page.wantStatus(t, http.StatusOK)
		rows := findAll(byID(page.doc(t), "audit"), isTag("tr"))
		if len(rows) != 1+4 { // the header and the 4 older events
			t.Errorf("%s: %d rows; want a header and 4 events", page, len(rows))
		}
		if !strings.Contains(text(page.doc(t)), "@mia") {
			t.Errorf("%s: the page does not name @mia", page)
		}
		admin.get(t, "/admin").wantStatus(t, http.StatusOK)
		if !bytes.Contains(admin.seen[len(admin.seen)-1].body, []byte(`href="/admin/audit"`)) {
			t.Errorf("/admin does not link to the security log")
		}
		s.signedIn(t, "mia", mia).get(t, "/admin/audit").wantStatus(t, http.StatusForbidden)
		if r := s.anonymous("anonymous").get(t, "/admin/audit"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login") {
			t.Errorf("%s as anonymous: status %d, Location %q; want a redirect to /login", r, r.status, r.header.Get("Location"))
		}
	})
}

// TestLoginRevealsNoAccounts: signing in to an account that does not exist
// looks exactly like signing in with a wrong password.
func TestLoginRevealsNoAccounts(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		s.signUp(t, "cora")
		answer := func(account string) (int, string) {
			v := s.anonymous("browser")
			r := v.submit(t, "/login", "/login", url.Values{"account": {account}, "password": {"not the password"}})
			msgs := byClass(r.doc(t), "form-message")
			if len(msgs) != 1 {
				t.Fatalf("%s: %d form messages; want 1", r, len(msgs))
			}
			return r.status, text(msgs[0])
		}
		wantStatus, wantMsg := answer("cora")
		for _, account := range []string{"nobody", "nobody@example.org", "CORA@example.org"} {
			if status, msg := answer(account); status != wantStatus || msg != wantMsg {
				t.Errorf("sign-in as %q: %d %q; want %d %q as for a wrong password", account, status, msg, wantStatus, wantMsg)
			}
		}
	})
}
