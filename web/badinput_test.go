package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// longName is one character over the limit of a community's name.
var longName = strings.Repeat("Gardeners ", 9)[:81]

// countCommunities is the number of communities the administrator sees.
func countCommunities(t *testing.T, admin *visitor) int {
	t.Helper()
	r := admin.get(t, "/api/v1/communities")
	r.wantStatus(t, http.StatusOK)
	var list struct{ Items []struct{ Slug string } }
	r.decode(t, &list)
	return len(list.Items)
}

// charterOf returns a community's goal titles and charter version, as the
// administrator sees them.
func charterOf(t *testing.T, admin *visitor, slug string) ([]string, int) {
	t.Helper()
	r := admin.get(t, "/api/v1/communities/"+slug)
	r.wantStatus(t, http.StatusOK)
	var c struct {
		CharterVersion int `json:"charter_version"`
		Goals          []struct{ Title string }
	}
	r.decode(t, &c)
	var titles []string
	for _, g := range c.Goals {
		titles = append(titles, g.Title)
	}
	return titles, c.CharterVersion
}

// wantNothingWritten fails the test if the number of communities or the
// charter of slug changed since before.
func wantNothingWritten(t *testing.T, admin *visitor, communities int, slug string, goals []string, version int) {
	t.Helper()
	if got := countCommunities(t, admin); got != communities {
		t.Errorf("communities = %d; want %d, as before", got, communities)
	}
	gotGoals, gotVersion := charterOf(t, admin, slug)
	if !slices.Equal(gotGoals, goals) || gotVersion != version {
		t.Errorf("charter of %s = goals %q, version %d; want %q, version %d, as before", slug, gotGoals, gotVersion, goals, version)
	}
}

// fieldError returns the text of the field-error element that follows the
// field with the id, failing if there is none.
func fieldError(t *testing.T, doc *html.Node, id string) string {
	t.Helper()
	field := byID(doc, id)
	if field == nil {
		t.Fatalf("no #%s on the page", id)
	}
	next := nextElement(field)
	if next == nil || !hasClass(next, "field-error") {
		t.Fatalf("#%s is not followed by a .field-error element", id)
	}
	if v, _ := attr(field, "aria-invalid"); v != "true" {
		t.Errorf("#%s: aria-invalid = %q; want true", id, v)
	}
	return text(next)
}

// TestBadInputCommunityForm checks that a rejected form comes back with the
// message beside the field, the user's text kept, and nothing written.
func TestBadInputCommunityForm(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora")
		s.createCommunity(t, cora, "Open Kitchen", "How we cook for many.", "public", "open", "Publish recipes")
		admin := s.withToken(t, "admin", s.admin)
		browser := s.signedIn(t, "cora", cora)
		communities := countCommunities(t, admin)
		goals, version := charterOf(t, admin, "open-kitchen")

		tests := []struct {
			name       string
			values     url.Values
			wantStatus int
			field      string // the field whose error is shown
			wantError  string // in the field's message
		}{
			{"name over 80 characters", url.Values{"name": {longName}, "domain_statement": {"We grow food together."},
				"purpose": {"To share seeds."}, "goal1_title": {"Plant a garden"}}, http.StatusBadRequest, "name", "at most 80"},
			{"slug taken", url.Values{"name": {"Open Kitchen"}, "domain_statement": {"We cook, again."},
				"purpose": {"A second kitchen."}, "goal1_title": {"Sneaky goal"}}, http.StatusConflict, "slug", "taken"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := browser.submit(t, "/c/new", "/c/new", tt.values)
				r.wantStatus(t, tt.wantStatus)
				doc := r.doc(t)
				if got := fieldError(t, doc, tt.field); !strings.Contains(got, tt.wantError) {
					t.Errorf("error beside #%s = %q; want it to contain %q", tt.field, got, tt.wantError)
				}
				for _, id := range []string{"name", "domain_statement", "purpose", "goal1_title"} {
					if got, want := inputValue(t, doc, id), tt.values.Get(id); got != want {
						t.Errorf("#%s = %q; want the user's text %q", id, got, want)
					}
				}
				wantNothingWritten(t, admin, communities, "open-kitchen", goals, version)
			})
		}
	})
}

// TestBadInputCommunityAPI checks that the API refuses bad JSON with a
// clear error in the contract's shape, and writes nothing.
func TestBadInputCommunityAPI(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora")
		s.createCommunity(t, cora, "Open Kitchen", "How we cook for many.", "public", "open", "Publish recipes")
		admin := s.withToken(t, "admin", s.admin)
		client := s.withToken(t, "cora", cora)
		communities := countCommunities(t, admin)
		goals, version := charterOf(t, admin, "open-kitchen")

		tests := []struct {
			name        string
			contentType string
			body        string
			wantStatus  int
			wantCode    string
			wantField   string // "" when no field is named
			wantMessage string // in the message
		}{
			{"name over 80 characters", "application/json", `{"name":"` + longName + `","domain_statement":"We grow food."}`,
				400, "invalid", "name", "at most 80"},
			{"slug taken, with goals", "application/json",
				`{"name":"Kitchen Two","slug":"open-kitchen","domain_statement":"We cook.","goals":[{"title":"Sneaky goal"}]}`,
				409, "conflict", "slug", "taken"},
			{"goal owner not a member", "application/json",
				`{"name":"Fresh Start","domain_statement":"We start.","goals":[{"title":"Own it","owner":"nobody"}]}`,
				400, "invalid", "owner", "not a member"},
			{"malformed JSON", "application/json", `{"name":`, 400, "invalid", "", "not valid JSON"},
			{"syntax error", "application/json", `{"name" "x"}`, 400, "invalid", "", "not valid JSON"},
			{"unknown field", "application/json", `{"name":"Colours","domain_statement":"We paint.","colour":"red"}`,
				400, "invalid", "", "colour"},
			{"wrong type", "application/json", `{"name":5,"domain_statement":"We count."}`, 400, "invalid", "name", "name"},
			{"wrong type in a goal", "application/json", `{"name":"Typed","domain_statement":"We type.","goals":[{"title":5}]}`,
				400, "invalid", "goals.title", "goals.title must be a string"},
			{"goals not a list", "application/json", `{"name":"Listed","domain_statement":"We list.","goals":"all"}`,
				400, "invalid", "goals", "goals must be a list"},
			{"not an object", "application/json", `["Open Kitchen"]`, 400, "invalid", "", "JSON object"},
			{"empty body", "application/json", ``, 400, "invalid", "", "empty"},
			{"data after the object", "application/json", `{"name":"Twice","domain_statement":"We repeat."}{}`,
				400, "invalid", "", "after the JSON object"},
			{"wrong Content-Type", "text/plain", `{"name":"Plain","domain_statement":"We type."}`, 400, "invalid", "", "application/json"},
			{"form body", "application/x-www-form-urlencoded", `name=Formal&domain_statement=We+fill+forms.`,
				400, "invalid", "", "application/json"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := client.send(t, http.MethodPost, "/api/v1/communities", tt.contentType, []byte(tt.body), nil)
				e := wantAPIError(t, r, tt.wantStatus, tt.wantCode)
				if !strings.Contains(e.Message, tt.wantMessage) {
					t.Errorf("%s: message = %q; want it to contain %q", r, e.Message, tt.wantMessage)
				}
				if tt.wantField != "" && e.Fields[tt.wantField] == "" {
					t.Errorf("%s: fields = %v; want a message for %q", r, e.Fields, tt.wantField)
				}
				if strings.Contains(e.Message, "web.") || strings.Contains(e.Message, "praxis.") {
					t.Errorf("%s: message %q names Go types", r, e.Message)
				}
				wantNothingWritten(t, admin, communities, "open-kitchen", goals, version)
			})
		}
		t.Run("no community half-created", func(t *testing.T) {
			wantAPIError(t, admin.get(t, "/api/v1/communities/fresh-start"), http.StatusNotFound, "not_found")
			wantAPIError(t, admin.get(t, "/api/v1/communities/kitchen-two"), http.StatusNotFound, "not_found")
		})
	})
}

// TestBadInputCSRF checks that cookie-authenticated writes need the CSRF
// token, and that bearer-token calls do not.
func TestBadInputCSRF(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora")
		s.createCommunity(t, cora, "Open Kitchen", "How we cook for many.", "public", "open", "Publish recipes")
		admin := s.withToken(t, "admin", s.admin)
		browser := s.signedIn(t, "cora", cora)
		token := browser.csrfToken(t)
		community := func(name string) url.Values {
			return url.Values{"name": {name}, "domain_statement": {"We try " + name + "."}, "creating": {"1"}}
		}

		t.Run("form without csrf_token", func(t *testing.T) {
			before := countCommunities(t, admin)
			r := browser.postForm(t, "/c/new", community("Tokenless"))
			r.wantStatus(t, http.StatusForbidden)
			if msg := text(r.doc(t)); !strings.Contains(msg, "security token is missing or out of date") {
				t.Errorf("%s: page = %q; want it to explain the security token", r, msg)
			}
			if got := countCommunities(t, admin); got != before {
				t.Errorf("communities = %d; want %d", got, before)
			}
		})
		t.Run("form with a wrong csrf_token", func(t *testing.T) {
			before := countCommunities(t, admin)
			v := community("Forged")
			v.Set("csrf_token", strings.Repeat("0", 32))
			browser.postForm(t, "/c/new", v).wantStatus(t, http.StatusForbidden)
			if got := countCommunities(t, admin); got != before {
				t.Errorf("communities = %d; want %d", got, before)
			}
		})
		t.Run("form with the page's csrf_token", func(t *testing.T) {
			r := browser.submit(t, "/c/new", "/c/new", community("Tokened"))
			r.wantStatus(t, http.StatusSeeOther)
			if got, want := r.header.Get("Location"), "/c/tokened"; got != want {
				t.Errorf("%s: Location = %q; want %q", r, got, want)
			}
		})

		body := []byte(`{"name":"Headless","domain_statement":"We call the API."}`)
		apiTests := []struct {
			name       string
			visitor    *visitor
			header     http.Header
			wantStatus int
		}{
			{"session without X-CSRF-Token", browser, nil, http.StatusForbidden},
			{"session with a wrong X-CSRF-Token", browser, http.Header{"X-Csrf-Token": {strings.Repeat("0", 32)}}, http.StatusForbidden},
			{"session with X-CSRF-Token", browser, http.Header{"X-Csrf-Token": {token}}, http.StatusCreated},
			{"bearer token without X-CSRF-Token", s.withToken(t, "cora-token", cora), nil, http.StatusCreated},
		}
		for i, tt := range apiTests {
			t.Run("API "+tt.name, func(t *testing.T) {
				before := countCommunities(t, admin)
				b := bytes.Replace(body, []byte("Headless"), []byte("Headless "+string(rune('A'+i))), 1)
				r := tt.visitor.send(t, http.MethodPost, "/api/v1/communities", "application/json", b, tt.header)
				r.wantStatus(t, tt.wantStatus)
				want := before
				if tt.wantStatus == http.StatusCreated {
					want++
				} else if e := checkAPIError(t, r); e.Code != "forbidden" || !strings.Contains(e.Message, "X-CSRF-Token") {
					t.Errorf("%s: error = %+v; want forbidden, naming X-CSRF-Token", r, e)
				}
				if got := countCommunities(t, admin); got != want {
					t.Errorf("communities = %d; want %d", got, want)
				}
			})
		}
	})
}

// TestBadInputLoginThrottle checks that five wrong passwords pause sign-in
// for the account, even with the right password afterwards.
func TestBadInputLoginThrottle(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		s.signUp(t, "cora")
		browser := s.anonymous("browser")
		for i := 1; i <= 5; i++ {
			wrong := "wrong password number " + string(rune('0'+i))
			r := browser.submit(t, "/login", "/login", url.Values{"account": {"cora"}, "password": {wrong}})
			r.wantStatus(t, http.StatusUnauthorized)
			doc := r.doc(t)
			if got := inputValue(t, doc, "account"); got != "cora" {
				t.Errorf("attempt %d: #account = %q; want the account kept", i, got)
			}
			if v, ok := attr(byID(doc, "password"), "value"); ok {
				t.Errorf("attempt %d: #password has value %q; want none", i, v)
			}
			if bytes.Contains(r.body, []byte(wrong)) {
				t.Errorf("attempt %d: the page echoes the password", i)
			}
			msgs := byClass(doc, "form-message")
			if len(msgs) != 1 || !strings.Contains(text(msgs[0]), "Wrong") {
				t.Errorf("attempt %d: form message = %v; want one saying the sign-in was wrong", i, len(msgs))
			}
			if c := r.cookie("praxis_session"); c != nil {
				t.Errorf("attempt %d: a session cookie was set", i)
			}
		}
		r := browser.submit(t, "/login", "/login", url.Values{"account": {"cora"}, "password": {testPassword}})
		r.wantStatus(t, http.StatusTooManyRequests)
		msgs := byClass(r.doc(t), "form-message")
		if len(msgs) != 1 || !strings.Contains(text(msgs[0]), "Try again") {
			t.Errorf("%s: form message missing or not saying to try again later: %q", r, text(r.doc(t)))
		}
		if c := r.cookie("praxis_session"); c != nil {
			t.Errorf("%s: a session cookie was set while sign-in is paused", r)
		}

		// Once the window has passed, the right password works again.
		s.clock.Add(16 * time.Minute)
		r = browser.submit(t, "/login", "/login", url.Values{"account": {"cora"}, "password": {testPassword}})
		r.wantStatus(t, http.StatusSeeOther)
		if c := r.cookie("praxis_session"); c == nil || c.Value == "" {
			t.Errorf("%s: no session cookie after signing in", r)
		}
	})
}

// TestBadInputUnknownPaths checks the 404s of unknown addresses.
func TestBadInputUnknownPaths(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		v := s.anonymous("anonymous")
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
			r := v.send(t, method, "/api/v1/nope", "", nil, nil)
			wantAPIError(t, r, http.StatusNotFound, "not_found")
		}
		r := v.get(t, "/nope")
		r.wantStatus(t, http.StatusNotFound)
		if h := findAll(r.doc(t), isTag("h1")); len(h) != 1 || text(h[0]) != "Not found" {
			t.Errorf("%s: the page does not say Not found", r)
		}
	})
}

// TestBadInputBodyTooLarge checks that bodies over 1 MiB are refused with a
// clear message.
func TestBadInputBodyTooLarge(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora")
		admin := s.withToken(t, "admin", s.admin)
		before := countCommunities(t, admin)
		big := strings.Repeat("x", 1<<20+1024)

		t.Run("API", func(t *testing.T) {
			client := s.withToken(t, "cora", cora)
			r := client.api(t, http.MethodPost, "/api/v1/communities", `{"name":"Big","domain_statement":"`+big+`"}`)
			if r.status != http.StatusRequestEntityTooLarge && r.status != http.StatusBadRequest {
				t.Fatalf("%s: status = %d; want 413 or 400", r, r.status)
			}
			if e := checkAPIError(t, r); !strings.Contains(e.Message, "too large") {
				t.Errorf("%s: message = %q; want it to say the request is too large", r, e.Message)
			}
		})
		t.Run("form", func(t *testing.T) {
			browser := s.signedIn(t, "cora", cora)
			v := url.Values{"csrf_token": {browser.csrfToken(t)}, "name": {"Big"}, "domain_statement": {big}}
			r := browser.postForm(t, "/c/new", v)
			if r.status != http.StatusRequestEntityTooLarge && r.status != http.StatusBadRequest {
				t.Fatalf("%s: status = %d; want 413 or 400", r, r.status)
			}
			if msg := text(r.doc(t)); !strings.Contains(msg, "too large") {
				t.Errorf("%s: page = %q; want it to say the request is too large", r, msg)
			}
		})
		if got := countCommunities(t, admin); got != before {
			t.Errorf("communities = %d; want %d", got, before)
		}
	})
}
