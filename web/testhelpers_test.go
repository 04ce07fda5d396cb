package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
	"praxis/web"
)

// The harness below runs Praxis over real HTTP on a fresh database of each
// dialect, and visits it the way a browser or an API client would: with a
// cookie jar, forms filled in from the page they are on, and JSON.

// testPassword is the password of every account the tests create.
const testPassword = "correct horse battery"

// testSite is a Praxis server on a fresh database, set up with @admin.
type testSite struct {
	db     *sqlstore.DB
	clock  *sqltest.Clock
	server *web.Server
	url    *url.URL
	admin  *praxis.User
}

// eachSite runs fn on a fresh site for every dialect sqltest offers.
func eachSite(t *testing.T, fn func(t *testing.T, s *testSite)) {
	t.Helper()
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		fn(t, newTestSite(t, db, clock))
	})
}

func newTestSite(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) *testSite {
	t.Helper()
	admin, err := db.Setup(t.Context(), "Test Praxis", praxis.Signup{
		Handle: "admin", Email: "admin@example.org", DisplayName: "Ada Admin", Password: testPassword,
	})
	if err != nil {
		t.Fatalf("Setup: %v", err)
	}
	srv, err := web.New(web.Config{Store: db, Now: clock.Now, Version: "test"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	u, _ := url.Parse(hs.URL)
	return &testSite{db: db, clock: clock, server: srv, url: u, admin: admin}
}

// signUp creates a member called handle with testPassword.
func (s *testSite) signUp(t *testing.T, handle string) *praxis.User {
	t.Helper()
	u, err := s.db.SignUp(t.Context(), praxis.Signup{
		Handle: handle, Email: handle + "@example.org", DisplayName: "User " + handle, Password: testPassword, IP: "192.0.2.1",
	})
	if err != nil {
		t.Fatalf("SignUp(%s): %v", handle, err)
	}
	return u
}

// createCommunity creates a community coordinated by actor, with goals
// titled as given.
func (s *testSite) createCommunity(t *testing.T, actor *praxis.User, name, statement, visibility, joinPolicy string, goals ...string) *praxis.Community {
	t.Helper()
	in := praxis.CommunityInput{Name: &name, DomainStatement: &statement, Visibility: &visibility, JoinPolicy: &joinPolicy}
	var gs []praxis.GoalInput
	for _, g := range goals {
		gs = append(gs, praxis.GoalInput{Title: &g})
	}
	c, err := s.db.CreateCommunity(t.Context(), actor, in, gs)
	if err != nil {
		t.Fatalf("CreateCommunity(%s): %v", name, err)
	}
	return c
}

// join makes u an active member of slug, invited first by coordinator.
func (s *testSite) join(t *testing.T, coordinator, u *praxis.User, slug string) {
	t.Helper()
	if err := s.db.Invite(t.Context(), coordinator, slug, u.Handle); err != nil {
		t.Fatalf("Invite(%s, %s): %v", slug, u.Handle, err)
	}
	if _, err := s.db.Join(t.Context(), u, slug, ""); err != nil {
		t.Fatalf("Join(%s) by %s: %v", slug, u.Handle, err)
	}
}

// visitor is one client of the site: a browser with its cookie jar, and
// optionally an API client with a bearer token. It keeps every response it
// received, so a test can search them all for something that must not leak.
type visitor struct {
	name   string
	site   *testSite
	client *http.Client
	bearer string // sent on /api/ requests when set
	seen   []*response
}

// anonymous returns a visitor that is not signed in.
func (s *testSite) anonymous(name string) *visitor {
	jar, _ := cookiejar.New(nil)
	return &visitor{name: name, site: s, client: &http.Client{
		Jar: jar,
		// Redirects are part of what the tests check.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// signedIn returns a visitor with a session of u in its cookie jar.
func (s *testSite) signedIn(t *testing.T, name string, u *praxis.User) *visitor {
	t.Helper()
	v := s.anonymous(name)
	token, err := s.db.CreateSession(t.Context(), u.ID, "web test", "127.0.0.1")
	if err != nil {
		t.Fatalf("CreateSession(%s): %v", u.Handle, err)
	}
	v.client.Jar.SetCookies(s.url, []*http.Cookie{{Name: "praxis_session", Value: token, Path: "/"}})
	return v
}

// withToken returns a visitor that calls the API with a new token of u.
func (s *testSite) withToken(t *testing.T, name string, u *praxis.User) *visitor {
	t.Helper()
	v := s.anonymous(name)
	tok, err := s.db.CreateAPIToken(t.Context(), u.ID, "web test")
	if err != nil {
		t.Fatalf("CreateAPIToken(%s): %v", u.Handle, err)
	}
	v.bearer = tok.Secret
	return v
}

// response is what a visitor received.
type response struct {
	method, path string
	status       int
	header       http.Header
	cookies      []*http.Cookie
	body         []byte
}

func (r *response) String() string { return r.method + " " + r.path }

// cookie returns the cookie the response set, nil if none.
func (r *response) cookie(name string) *http.Cookie {
	for _, c := range r.cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// decode reads the JSON body into v.
func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: Content-Type = %q; want application/json (body %.300s)", r, ct, r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("%s: decode JSON: %v (body %.300s)", r, err, r.body)
	}
}

// doc parses the body as an HTML page.
func (r *response) doc(t *testing.T) *html.Node {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("%s: Content-Type = %q; want text/html (body %.300s)", r, ct, r.body)
	}
	n, err := html.Parse(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("%s: parse HTML: %v", r, err)
	}
	return n
}

// wantStatus fails the test unless the response has the status.
func (r *response) wantStatus(t *testing.T, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("%s: status = %d; want %d (body %.500s)", r, r.status, want, r.body)
	}
}

// send makes a request as the visitor. Only the bearer token is added, on
// API paths; every error the API answers is checked for the contract's shape.
func (v *visitor) send(t *testing.T, method, path, contentType string, body []byte, header http.Header) *response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, v.site.url.String()+path, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if body == nil {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if v.bearer != "" && strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+v.bearer)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := v.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	r := &response{method: method, path: path, status: resp.StatusCode, header: resp.Header, cookies: resp.Cookies(), body: b}
	v.seen = append(v.seen, r)
	if strings.HasPrefix(path, "/api/") && r.status >= 400 {
		checkAPIError(t, r)
	}
	return r
}

// get requests a page or an API resource.
func (v *visitor) get(t *testing.T, path string) *response {
	t.Helper()
	return v.send(t, http.MethodGet, path, "", nil, nil)
}

// postForm posts exactly these values, as a hand-made form would.
func (v *visitor) postForm(t *testing.T, path string, values url.Values) *response {
	t.Helper()
	return v.send(t, http.MethodPost, path, "application/x-www-form-urlencoded", []byte(values.Encode()), nil)
}

// submit opens page, fills in the form that posts to action with values
// on top of what the page put in it (the csrf_token among them), and sends
// it, as a browser would.
func (v *visitor) submit(t *testing.T, page, action string, values url.Values) *response {
	t.Helper()
	r := v.get(t, page)
	r.wantStatus(t, http.StatusOK)
	var form *html.Node
	for _, f := range findAll(r.doc(t), isTag("form")) {
		if a, _ := attr(f, "action"); a == action {
			form = f
			break
		}
	}
	if form == nil {
		t.Fatalf("%s: no form posts to %s", r, action)
	}
	fields := formValues(form)
	for k, vs := range values {
		fields[k] = vs
	}
	return v.postForm(t, action, fields)
}

// cookieValue returns the value of a cookie in the visitor's jar.
func (v *visitor) cookieValue(name string) string {
	for _, c := range v.client.Jar.Cookies(v.site.url) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// csrfToken returns the visitor's CSRF token as its pages carry it,
// opening a page first if the visitor has none yet.
func (v *visitor) csrfToken(t *testing.T) string {
	t.Helper()
	if tok := v.cookieValue("praxis_csrf"); tok != "" {
		return tok
	}
	v.get(t, "/")
	tok := v.cookieValue("praxis_csrf")
	if tok == "" {
		t.Fatalf("%s: no praxis_csrf cookie after opening a page", v.name)
	}
	return tok
}

// api sends a JSON request; body is marshalled unless it is a string or
// []byte, which are sent as they are. Cookie-authenticated calls that change
// something carry the X-CSRF-Token header, as the contract asks.
func (v *visitor) api(t *testing.T, method, path string, body any) *response {
	t.Helper()
	var b []byte
	switch x := body.(type) {
	case nil:
	case string:
		b = []byte(x)
	case []byte:
		b = x
	default:
		var err error
		if b, err = json.Marshal(x); err != nil {
			t.Fatalf("marshal %T: %v", body, err)
		}
	}
	h := http.Header{}
	if method != http.MethodGet && v.bearer == "" && v.cookieValue("praxis_session") != "" {
		h.Set("X-CSRF-Token", v.csrfToken(t))
	}
	ct := ""
	if b != nil {
		ct = "application/json"
	}
	return v.send(t, method, path, ct, b, h)
}

// apiErrorBody is the error object of the contract.
type apiErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

// errorCodes are the codes the contract allows.
var errorCodes = []string{"invalid", "not_found", "forbidden", "conflict", "unauthorized", "rate_limited", "internal"}

// checkAPIError checks that an error response is
// {"error":{"code","message","fields"?}} in JSON, with a known code and a
// message, and returns its error object.
func checkAPIError(t *testing.T, r *response) apiErrorBody {
	t.Helper()
	var e apiErrorBody
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: error Content-Type = %q; want application/json (body %.300s)", r, ct, r.body)
		return e
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &top); err != nil {
		t.Errorf("%s: error body is not a JSON object: %v (%.300s)", r, err, r.body)
		return e
	}
	if _, ok := top["error"]; !ok || len(top) != 1 {
		t.Errorf("%s: error body = %s; want exactly one key, error", r, r.body)
	}
	var inner map[string]json.RawMessage
	if err := json.Unmarshal(top["error"], &inner); err != nil {
		t.Errorf("%s: error is not an object: %s", r, r.body)
		return e
	}
	for k := range inner {
		if k != "code" && k != "message" && k != "fields" {
			t.Errorf("%s: error has unexpected key %q: %s", r, k, r.body)
		}
	}
	if err := json.Unmarshal(top["error"], &e); err != nil {
		t.Errorf("%s: error object: %v (%s)", r, err, r.body)
	}
	if !slices.Contains(errorCodes, e.Code) {
		t.Errorf("%s: error code = %q; want one of %v", r, e.Code, errorCodes)
	}
	if strings.TrimSpace(e.Message) == "" {
		t.Errorf("%s: error message is empty: %s", r, r.body)
	}
	return e
}

// wantAPIError fails the test unless r is an API error with status and code.
func wantAPIError(t *testing.T, r *response, status int, code string) apiErrorBody {
	t.Helper()
	r.wantStatus(t, status)
	e := checkAPIError(t, r)
	if e.Code != code {
		t.Fatalf("%s: error code = %q; want %q (message %q)", r, e.Code, code, e.Message)
	}
	return e
}

// HTML helpers: just enough of a DOM to check a page as a browser shows it.

// isTag matches elements with one of the tag names.
func isTag(tags ...string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && slices.Contains(tags, n.Data) }
}

// findAll returns the nodes under n, in document order, that match.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if match(d) {
			out = append(out, d)
		}
	}
	return out
}

// byID returns the element with the id, nil if none.
func byID(n *html.Node, id string) *html.Node {
	for d := range n.Descendants() {
		if v, ok := attr(d, "id"); ok && v == id && d.Type == html.ElementNode {
			return d
		}
	}
	return nil
}

// byClass returns the elements that have the class.
func byClass(n *html.Node, class string) []*html.Node {
	return findAll(n, func(d *html.Node) bool { return hasClass(d, class) })
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	c, _ := attr(n, "class")
	return n.Type == html.ElementNode && slices.Contains(strings.Fields(c), class)
}

// text returns the text inside n, with runs of white space collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// nextElement returns the element that follows n among its siblings.
func nextElement(n *html.Node) *html.Node {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			return s
		}
	}
	return nil
}

// formValues returns what a browser would send for form as it stands.
func formValues(form *html.Node) url.Values {
	vals := url.Values{}
	for _, n := range findAll(form, isTag("input", "textarea", "select")) {
		name, _ := attr(n, "name")
		if name == "" {
			continue
		}
		switch n.Data {
		case "input":
			typ, _ := attr(n, "type")
			switch typ {
			case "submit", "button", "image", "reset", "file":
				continue
			case "checkbox", "radio":
				if _, checked := attr(n, "checked"); !checked {
					continue
				}
			}
			val, _ := attr(n, "value")
			vals.Add(name, val)
		case "textarea":
			vals.Add(name, text(n))
		case "select":
			opts := findAll(n, isTag("option"))
			if len(opts) == 0 {
				continue
			}
			chosen := opts[0]
			for _, o := range opts {
				if _, sel := attr(o, "selected"); sel {
					chosen = o
				}
			}
			val, ok := attr(chosen, "value")
			if !ok {
				val = text(chosen)
			}
			vals.Add(name, val)
		}
	}
	return vals
}

// inputValue returns the value attribute of the element with the id, or
// the text of a textarea.
func inputValue(t *testing.T, doc *html.Node, id string) string {
	t.Helper()
	n := byID(doc, id)
	if n == nil {
		t.Fatalf("no element #%s on the page", id)
	}
	if n.Data == "textarea" {
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(c.Data)
		}
		return b.String()
	}
	v, _ := attr(n, "value")
	return v
}
