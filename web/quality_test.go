package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"praxis"
	"praxis/demo"
	"praxis/sqlstore/sqltest"
	"praxis/web"
)

// The web quality checks render every page of the demo organization and
// hold it to two outside judges: the W3C Nu HTML Checker (vnu.jar, from the
// npm package vnu-jar) must report no error, and axe-core (from npm, run in
// Chromium) no serious or critical accessibility violation. .ci/run installs
// both and sets PRAXIS_VNU_JAR, PRAXIS_AXE_JS and PRAXIS_REQUIRE_WEBQUALITY=1.

// webTool returns the path of a tool from the environment variable, or
// skips the test (fails it when PRAXIS_REQUIRE_WEBQUALITY=1).
func webTool(t *testing.T, env, what string) string {
	t.Helper()
	p := os.Getenv(env)
	if p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("%s is not available: set %s to its path (npm install vnu-jar axe-core; .ci/run does)", what, env)
	if os.Getenv("PRAXIS_REQUIRE_WEBQUALITY") == "1" {
		t.Fatal("PRAXIS_REQUIRE_WEBQUALITY=1 but " + msg)
	}
	t.Skip(msg)
	return ""
}

// crawledPage is one page the crawl fetched.
type crawledPage struct {
	who, path, route string
	body             []byte
	base             string // the server's address when it is not the demo's
	posted           bool   // the answer to a form: axe cannot open it again
}

// qualitySite is a site filled with the demo organization, and its pages.
type qualitySite struct {
	site  *testSite
	pages []*crawledPage
}

// crawlDemo seeds the demo on SQLite (the templates do not depend on the
// database), then crawls it anonymously and as the administrator, who may
// see every page, following links from home. It visits at most perRoute
// pages of each route, so the check covers every template without
// rendering all 60 threads.
func crawlDemo(t *testing.T, perRoute int) *qualitySite {
	t.Helper()
	clock := &sqltest.Clock{T: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	s := newTestSite(t, sqltest.Open(t, "sqlite", clock), clock)
	if _, err := demo.Seed(t.Context(), s.db, clock.Now()); err != nil {
		t.Fatalf("demo.Seed: %v", err)
	}
	routes := pageRoutes(s)
	q := &qualitySite{site: s}
	// An edited post's history is linked from its thread only; find one.
	var extra []string
	comms, err := s.db.Communities(t.Context(), s.admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range comms {
		list, err := s.db.Threads(t.Context(), s.admin, c.Slug, praxis.ThreadFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, th := range list.Threads {
			page, err := s.db.ThreadPage(t.Context(), s.admin, th.ID)
			if err != nil {
				t.Fatal(err)
			}
			if page.Opening.EditedAt != nil && len(extra) == 0 {
				extra = append(extra, fmt.Sprintf("/c/%s/t/%d/posts/%d/history", c.Slug, th.ID, page.Opening.ID))
			}
		}
	}
	for _, v := range []*visitor{s.anonymous("anonymous"), s.signedIn(t, "admin", s.admin)} {
		seen := map[string]bool{}
		perPattern := map[string]int{}
		queue := append([]string{"/", "/search", "/search?q=data", "/c/new", "/settings", "/admin", "/no-such-page"}, extra...)
		for len(queue) > 0 && len(q.pages) < 400 {
			p := queue[0]
			queue = queue[1:]
			if seen[p] {
				continue
			}
			seen[p] = true
			route := routes.match(p)
			if route == "" || perPattern[route] >= perRoute {
				continue
			}
			r := v.get(t, p)
			if r.status >= 500 {
				t.Errorf("GET %s as %s: status %d", p, v.name, r.status)
				continue
			}
			if r.status >= 300 && r.status < 400 {
				if next := localLink(s.url, p, r.header.Get("Location")); next != "" {
					queue = append(queue, next)
				}
				continue
			}
			if route == "GET /c/{slug}" {
				// The forms of a community are buttons and menus away.
				for _, sub := range []string{"/ask", "/kb/new", "/events/new", "/recurring"} {
					queue = append(queue, strings.TrimSuffix(p, "/")+sub)
				}
			}
			if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
				continue
			}
			perPattern[route]++
			q.pages = append(q.pages, &crawledPage{who: v.name, path: p, route: route, body: r.body})
			doc, err := html.Parse(bytes.NewReader(r.body))
			if err != nil {
				continue
			}
			for _, a := range findAll(doc, isTag("a")) {
				href, _ := attr(a, "href")
				if next := localLink(s.url, p, href); next != "" && !seen[next] {
					queue = append(queue, next)
				}
			}
		}
	}
	q.pages = append(q.pages, formPages(t, s)...)
	return q
}

// formPages are pages the crawl cannot reach by links: the first-run
// setup of a fresh site, and forms sent back with their errors (setup,
// sign-in and sign-up), whose error messages and invalid fields are
// markup of their own.
func formPages(t *testing.T, demo *testSite) []*crawledPage {
	t.Helper()
	clock := &sqltest.Clock{T: demo.clock.T}
	db := sqltest.Open(t, "sqlite", clock)
	srv, err := web.New(web.Config{Store: db, Now: clock.Now, Version: "test"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	u, _ := url.Parse(hs.URL)
	fresh := &testSite{db: db, clock: clock, server: srv, url: u}
	var out []*crawledPage
	add := func(s *testSite, r *response, method, path, route string) {
		t.Helper()
		if ok := r.status == http.StatusOK || method == http.MethodPost && r.status >= 400 && r.status < 500; !ok ||
			!strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s %s: status %d, %s; want a page (the form with its errors after a POST)", method, path, r.status, r.header.Get("Content-Type"))
		}
		p := &crawledPage{who: "anonymous", path: path, route: route, body: r.body, posted: method == http.MethodPost}
		if s != demo {
			p.base = s.url.String()
		}
		out = append(out, p)
	}
	v := fresh.anonymous("anonymous")
	add(fresh, v.get(t, "/setup"), http.MethodGet, "/setup", "GET /setup")
	add(fresh, v.postForm(t, "/setup", url.Values{"csrf_token": {v.csrfToken(t)}, "handle": {"no spaces please"}, "email": {"not an address"}}),
		http.MethodPost, "/setup", "POST /setup")
	v = demo.anonymous("anonymous")
	add(demo, v.postForm(t, "/login", url.Values{"csrf_token": {v.csrfToken(t)}, "account": {"nobody"}, "password": {"not the password"}}),
		http.MethodPost, "/login", "POST /login")
	add(demo, v.postForm(t, "/signup", url.Values{"csrf_token": {v.csrfToken(t)}, "handle": {"no spaces please"}, "email": {"not an address"}}),
		http.MethodPost, "/signup", "POST /signup")
	return out
}

// localLink resolves href against the page and returns its path and query
// when it is a page of this site worth checking, else "".
func localLink(base *url.URL, page, href string) string {
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	from, _ := url.Parse(base.String() + page)
	u, err := from.Parse(href)
	if err != nil || u.Host != base.Host {
		return ""
	}
	p := u.Path
	for _, skip := range []string{"/api/", "/static/", "/logout", "/attachments/", "/calendar/"} {
		if strings.HasPrefix(p, skip) {
			return ""
		}
	}
	if strings.HasSuffix(p, ".ics") || strings.HasSuffix(p, "/live") {
		return ""
	}
	if u.RawQuery != "" {
		return p + "?" + u.RawQuery
	}
	return p
}

// routeSet matches paths to the server's GET page routes.
type routeSet struct {
	patterns []string
	res      []*regexp.Regexp
}

// pageRoutes lists the GET routes that render pages (not the API, static
// files, calendars or live streams).
func pageRoutes(s *testSite) *routeSet {
	rs := &routeSet{}
	for _, pattern := range s.server.Routes() {
		p, ok := strings.CutPrefix(pattern, "GET ")
		if !ok || strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/calendar/") ||
			strings.HasPrefix(p, "/attachments/") || strings.HasSuffix(p, ".ics") || strings.HasSuffix(p, "/live") ||
			p == "/healthz" || p == "/readyz" || strings.HasPrefix(p, "/uploads/") {
			continue
		}
		re := "^"
		for _, seg := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
			switch {
			case seg == "{$}":
				re += "/"
			case strings.HasSuffix(seg, "...}"):
				re += "(/.*)?"
			case strings.HasPrefix(seg, "{"):
				re += "/[^/]+"
			default:
				re += "/" + regexp.QuoteMeta(seg)
			}
		}
		if p == "/" {
			re = "^/"
		}
		rs.patterns = append(rs.patterns, pattern)
		rs.res = append(rs.res, regexp.MustCompile(re+"$"))
	}
	return rs
}

// match returns the most specific pattern matching the path (its query
// ignored): the one with the most literal segments, as net/http picks;
// "not found" when none does (the not-found page).
func (rs *routeSet) match(p string) string {
	p, _, _ = strings.Cut(p, "?")
	best, bestLiterals := "", -1
	for i, re := range rs.res {
		if !re.MatchString(p) {
			continue
		}
		literals := 0
		for _, seg := range strings.Split(rs.patterns[i], "/") {
			if !strings.HasPrefix(seg, "{") {
				literals++
			}
		}
		if literals > bestLiterals {
			best, bestLiterals = rs.patterns[i], literals
		}
	}
	if best == "" {
		return "not found"
	}
	return best
}

// vnuMessage is one message of vnu's JSON output.
type vnuMessage struct {
	Type    string `json:"type"`
	SubType string `json:"subType"`
	URL     string `json:"url"`
	Message string `json:"message"`
	Extract string `json:"extract"`
	Line    int    `json:"lastLine"`
}

// TestPagesAreValidHTML checks every crawled page with the Nu HTML Checker.
func TestPagesAreValidHTML(t *testing.T) {
	if testing.Short() {
		t.Skip("the HTML checker does not run with -short")
	}
	jar := webTool(t, "PRAXIS_VNU_JAR", "the Nu HTML Checker (vnu.jar)")
	q := crawlDemo(t, 3)
	dir := t.TempDir()
	files := map[string]*crawledPage{}
	for i, p := range q.pages {
		name := filepath.Join(dir, fmt.Sprintf("page%03d.html", i))
		if err := os.WriteFile(name, p.body, 0o644); err != nil {
			t.Fatal(err)
		}
		files["file:"+name] = p
	}
	cmd := exec.CommandContext(t.Context(), "java", "-jar", jar, "--format", "json", "--errors-only", dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run() // exits 1 when it found errors; the JSON tells which
	var out struct {
		Messages []vnuMessage `json:"messages"`
	}
	if jerr := json.Unmarshal(stderr.Bytes(), &out); jerr != nil {
		t.Fatalf("vnu: %v (exit: %v)\n%s", jerr, err, stderr.String())
	}
	for _, m := range out.Messages {
		if m.Type != "error" && m.SubType != "fatal" {
			continue
		}
		p := files[m.URL]
		where := m.URL
		if p != nil {
			where = fmt.Sprintf("%s (as %s, route %s)", p.path, p.who, p.route)
		}
		t.Errorf("%s line %d: %s\n\t%s", where, m.Line, m.Message, strings.TrimSpace(m.Extract))
	}
	t.Logf("checked %d pages with vnu", len(q.pages))
	checkCoverage(t, q)
}

// checkCoverage fails when a page route was never reached by the crawl: a
// new page must be linked from somewhere (or the crawl seeded with it).
func checkCoverage(t *testing.T, q *qualitySite) {
	t.Helper()
	reached := map[string]bool{}
	for _, p := range q.pages {
		reached[p.route] = true
	}
	var missing []string
	for _, pattern := range pageRoutes(q.site).patterns {
		if !reached[pattern] && !unreachableByCrawl[pattern] {
			missing = append(missing, pattern)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the crawl of the demo never reached these pages, so they were not checked: %s", strings.Join(missing, ", "))
	}
}

// unreachableByCrawl are page routes no link of the demo leads to as the
// crawl's visitors; each says why.
var unreachableByCrawl = map[string]bool{
	"GET /c/{slug}/t/{id}":                      true, // redirects to the canonical address with the title
	"GET /notifications/{id}":                   true, // marks read and redirects to what it is about
	"GET /c/{slug}/t/{id}/posts/{post}/history": false,
}

// axeViolation is one serious or critical finding of axe-core.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// TestPagesAreAccessible runs axe-core in Chromium on one page of every
// route and fails on serious or critical violations.
func TestPagesAreAccessible(t *testing.T) {
	if testing.Short() {
		t.Skip("axe does not run with -short")
	}
	axePath := webTool(t, "PRAXIS_AXE_JS", "axe-core (axe.min.js)")
	axeSource, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	browser := startBrowser(t)
	q := crawlDemo(t, 1)
	tabs := map[string]*browserTab{}
	for _, who := range []string{"anonymous", "admin"} {
		tab := newBrowserTab(t, browser, q.site.url.String())
		if who == "admin" {
			tab.signIn("admin", testPassword)
		}
		tab.who = who
		tabs[who] = tab
	}
	const run = `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations
		.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160))}))))`
	for _, p := range q.pages {
		if p.posted {
			continue // vnu checks it; a browser would have to send the form again
		}
		tab := tabs[p.who]
		base := tab.base
		if p.base != "" {
			base = p.base
		}
		ctx, cancel := context.WithTimeout(tab.ctx, 30*time.Second)
		err := chromedp.Do(ctx, chromedp.Navigate(base+p.path), chromedp.Evaluate[chromedp.Void](string(axeSource)))
		var out string
		if err == nil {
			out, err = chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
		}
		cancel()
		if err != nil {
			t.Errorf("axe on %s as %s: %v", p.path, p.who, err)
			continue
		}
		var vs []axeViolation
		if err := json.Unmarshal([]byte(out), &vs); err != nil {
			t.Errorf("axe on %s: %v: %s", p.path, err, out)
			continue
		}
		for _, v := range vs {
			t.Errorf("%s (as %s, route %s): %s %s: %s\n\t%s", p.path, p.who, p.route, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, "\n\t"))
		}
	}
	t.Logf("ran axe on %d pages", len(q.pages))
	if !slices.ContainsFunc(q.pages, func(p *crawledPage) bool { return p.route == "GET /{$}" }) {
		t.Errorf("the home page was not checked")
	}
}
