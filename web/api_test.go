package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// communityJSON is the part of the API's community object the tests read.
type communityJSON struct {
	Slug           string `json:"slug"`
	Name           string `json:"name"`
	Purpose        string `json:"purpose"`
	Visibility     string `json:"visibility"`
	MemberCount    int    `json:"member_count"`
	CharterVersion int    `json:"charter_version"`
	Goals          []struct {
		Title   string `json:"title"`
		Kind    string `json:"kind"`
		Status  string `json:"status"`
		DueDate string `json:"due_date"`
	} `json:"goals"`
	Membership *struct {
		Role    string `json:"role"`
		State   string `json:"state"`
		Message string `json:"message"`
	} `json:"membership"`
}

// TestAPIBearerToken checks authentication by personal token.
func TestAPIBearerToken(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora")
		good := s.withToken(t, "cora", cora)
		revoked := s.withToken(t, "revoked", cora)
		tokens, err := s.db.APITokens(t.Context(), cora.ID)
		if err != nil {
			t.Fatalf("APITokens: %v", err)
		}
		if err := s.db.RevokeAPIToken(t.Context(), cora.ID, tokens[0].ID); err != nil { // the newest: revoked's
			t.Fatalf("RevokeAPIToken: %v", err)
		}
		anon := s.anonymous("anonymous")

		tests := []struct {
			name          string
			authorization string
			wantStatus    int
		}{
			{"valid token", "Bearer " + good.bearer, http.StatusOK},
			{"unknown token", "Bearer prx_" + strings.Repeat("a", 40), http.StatusUnauthorized},
			{"not a Praxis token", "Bearer abc", http.StatusUnauthorized},
			{"revoked token", "Bearer " + revoked.bearer, http.StatusUnauthorized},
			{"other scheme", "Basic Y29yYTpwYXNzd29yZA==", http.StatusUnauthorized},
			{"no token", "", http.StatusUnauthorized},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := http.Header{}
				if tt.authorization != "" {
					h.Set("Authorization", tt.authorization)
				}
				r := anon.send(t, http.MethodGet, "/api/v1/me", "", nil, h)
				if tt.wantStatus != http.StatusOK {
					wantAPIError(t, r, tt.wantStatus, "unauthorized")
					return
				}
				r.wantStatus(t, http.StatusOK)
				var me struct{ Handle, Email string }
				r.decode(t, &me)
				if me.Handle != "cora" || me.Email != "cora@example.org" {
					t.Errorf("%s: me = %+v; want @cora with her e-mail", r, me)
				}
			})
		}
		t.Run("session cookie", func(t *testing.T) {
			r := s.signedIn(t, "cora", cora).get(t, "/api/v1/me")
			r.wantStatus(t, http.StatusOK)
			var me struct{ Handle string }
			if r.decode(t, &me); me.Handle != "cora" {
				t.Errorf("%s: handle = %q; want cora", r, me.Handle)
			}
		})
	})
}

// TestAPICreateCommunity checks POST /api/v1/communities.
func TestAPICreateCommunity(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora")
		client := s.withToken(t, "cora", cora)
		r := client.api(t, http.MethodPost, "/api/v1/communities", map[string]any{
			"name": "Open Kitchen", "domain_statement": "How we cook for many.", "visibility": "internal", "join_policy": "request",
			"goals": []map[string]string{
				{"title": "Publish recipes", "kind": "deliverable", "due_date": "2026-12-31"},
				{"title": "Meet monthly"},
			},
		})
		r.wantStatus(t, http.StatusCreated)
		if got, want := r.header.Get("Location"), "/api/v1/communities/open-kitchen"; got != want {
			t.Errorf("%s: Location = %q; want %q", r, got, want)
		}
		var c communityJSON
		r.decode(t, &c)
		if c.Slug != "open-kitchen" || c.Name != "Open Kitchen" || c.Visibility != "internal" || c.MemberCount != 1 || c.CharterVersion != 1 {
			t.Errorf("%s: community = %+v; want open-kitchen, internal, 1 member, charter version 1", r, c)
		}
		if c.Membership == nil || c.Membership.Role != "coordinator" || c.Membership.State != "active" {
			t.Errorf("%s: membership = %+v; want an active coordinator", r, c.Membership)
		}
		if len(c.Goals) != 2 {
			t.Fatalf("%s: %d goals; want 2", r, len(c.Goals))
		}
		g := c.Goals[0]
		if g.Title != "Publish recipes" || g.Kind != "deliverable" || g.DueDate != "2026-12-31" || g.Status != "planned" {
			t.Errorf("%s: first goal = %+v; want the deliverable, planned, due 2026-12-31", r, g)
		}
		if g := c.Goals[1]; g.Title != "Meet monthly" || g.Kind != "goal" {
			t.Errorf("%s: second goal = %+v; want the goal Meet monthly", r, g)
		}

		r = client.get(t, r.header.Get("Location"))
		r.wantStatus(t, http.StatusOK)
		var again communityJSON
		if r.decode(t, &again); again.Slug != c.Slug || len(again.Goals) != 2 {
			t.Errorf("%s: = %+v; want the community just created", r, again)
		}
		wantAPIError(t, s.anonymous("anonymous").api(t, http.MethodPost, "/api/v1/communities",
			`{"name":"Anonymous","domain_statement":"We hide."}`), http.StatusUnauthorized, "unauthorized")
	})
}

// TestAPIUpdateCommunity checks PATCH /api/v1/communities/{slug} and that
// every change is a new charter revision.
func TestAPIUpdateCommunity(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora")
		mia := s.signUp(t, "mia")
		olga := s.signUp(t, "olga")
		s.createCommunity(t, cora, "Open Kitchen", "How we cook for many.", "public", "open")
		s.createCommunity(t, cora, "Skunkworks Guild", "How we build in secret.", "private", "invitation")
		s.join(t, cora, mia, "open-kitchen")
		coordinator := s.signedIn(t, "cora", cora) // session cookie and X-CSRF-Token
		member := s.withToken(t, "mia", mia)
		outsider := s.withToken(t, "olga", olga)

		revisions := func(t *testing.T) []struct {
			Number  int    `json:"number"`
			Author  string `json:"author"`
			Changes []struct{ Field, Before, After string }
		} {
			t.Helper()
			r := member.get(t, "/api/v1/communities/open-kitchen/charter/revisions")
			r.wantStatus(t, http.StatusOK)
			var list struct {
				Items []struct {
					Number  int    `json:"number"`
					Author  string `json:"author"`
					Changes []struct{ Field, Before, After string }
				}
			}
			r.decode(t, &list)
			return list.Items
		}

		tests := []struct {
			name       string
			visitor    *visitor
			slug, body string
			wantStatus int
			wantCode   string
		}{
			{"anonymous", s.anonymous("anonymous"), "open-kitchen", `{"purpose":"Mine"}`, 401, "unauthorized"},
			{"member who does not coordinate", member, "open-kitchen", `{"purpose":"Mine now"}`, 403, "forbidden"},
			{"outsider, private community", outsider, "skunkworks-guild", `{"purpose":"Mine"}`, 404, "not_found"},
			{"coordinator changes the slug", coordinator, "open-kitchen", `{"slug":"new-kitchen"}`, 400, "invalid"},
			{"coordinator, name too long", coordinator, "open-kitchen", `{"name":"` + longName + `"}`, 400, "invalid"},
			{"missing community", coordinator, missingSlug, `{"purpose":"Mine"}`, 404, "not_found"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.visitor.api(t, http.MethodPatch, "/api/v1/communities/"+tt.slug, tt.body)
				wantAPIError(t, r, tt.wantStatus, tt.wantCode)
				if n := len(revisions(t)); n != 1 {
					t.Errorf("%d charter revisions; want 1", n)
				}
			})
		}

		t.Run("coordinator", func(t *testing.T) {
			r := coordinator.api(t, http.MethodPatch, "/api/v1/communities/open-kitchen", `{"purpose":"To feed the neighbourhood."}`)
			r.wantStatus(t, http.StatusOK)
			var c communityJSON
			if r.decode(t, &c); c.Purpose != "To feed the neighbourhood." || c.CharterVersion != 2 {
				t.Errorf("%s: purpose %q, charter version %d; want the new purpose, version 2", r, c.Purpose, c.CharterVersion)
			}
			revs := revisions(t)
			if len(revs) != 2 {
				t.Fatalf("%d charter revisions; want 2", len(revs))
			}
			latest := revs[0]
			if latest.Number != 2 || latest.Author != "cora" {
				t.Errorf("latest revision = number %d by %q; want number 2 by cora", latest.Number, latest.Author)
			}
			if !slices.ContainsFunc(latest.Changes, func(c struct{ Field, Before, After string }) bool {
				return c.Field == "purpose" && c.After == "To feed the neighbourhood."
			}) {
				t.Errorf("latest revision changes = %+v; want the purpose", latest.Changes)
			}
		})
		t.Run("coordinator changes nothing", func(t *testing.T) {
			r := coordinator.api(t, http.MethodPatch, "/api/v1/communities/open-kitchen", `{"purpose":"To feed the neighbourhood."}`)
			r.wantStatus(t, http.StatusOK)
			if n := len(revisions(t)); n != 2 {
				t.Errorf("%d charter revisions; want still 2", n)
			}
		})
	})
}

// TestAPIJoinLeave checks joining and leaving under each join policy.
func TestAPIJoinLeave(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora")
		olga := s.signUp(t, "olga")
		s.createCommunity(t, cora, "Open Kitchen", "How we cook for many.", "public", "open")
		s.createCommunity(t, cora, "Book Club", "How we read together.", "public", "request")
		s.createCommunity(t, cora, "Inner Circle", "How we decide.", "public", "invitation")
		coordinator := s.withToken(t, "cora", cora)
		client := s.signedIn(t, "olga", olga) // session cookie and X-CSRF-Token

		memberCount := func(t *testing.T, slug string) int {
			t.Helper()
			r := client.get(t, "/api/v1/communities/"+slug)
			r.wantStatus(t, http.StatusOK)
			var c communityJSON
			r.decode(t, &c)
			return c.MemberCount
		}

		t.Run("open", func(t *testing.T) {
			r := client.api(t, http.MethodPost, "/api/v1/communities/open-kitchen/join", nil)
			r.wantStatus(t, http.StatusOK)
			var m struct{ Role, State string }
			if r.decode(t, &m); m.Role != "member" || m.State != "active" {
				t.Errorf("%s: membership = %+v; want an active member", r, m)
			}
			if n := memberCount(t, "open-kitchen"); n != 2 {
				t.Errorf("member_count = %d; want 2", n)
			}
			wantAPIError(t, client.api(t, http.MethodPost, "/api/v1/communities/open-kitchen/join", nil), http.StatusConflict, "conflict")

			r = client.api(t, http.MethodPost, "/api/v1/communities/open-kitchen/leave", nil)
			r.wantStatus(t, http.StatusNoContent)
			if len(r.body) != 0 {
				t.Errorf("%s: body = %q; want none", r, r.body)
			}
			if n := memberCount(t, "open-kitchen"); n != 1 {
				t.Errorf("member_count = %d; want 1", n)
			}
			wantAPIError(t, client.api(t, http.MethodPost, "/api/v1/communities/open-kitchen/leave", nil), http.StatusNotFound, "not_found")
		})
		t.Run("by request", func(t *testing.T) {
			r := client.api(t, http.MethodPost, "/api/v1/communities/book-club/join", `{"message":"I read a lot."}`)
			r.wantStatus(t, http.StatusOK)
			var m struct{ State, Message string }
			if r.decode(t, &m); m.State != "pending" || m.Message != "I read a lot." {
				t.Errorf("%s: membership = %+v; want pending with the message", r, m)
			}
			r = coordinator.get(t, "/api/v1/communities/book-club/members?state=pending")
			r.wantStatus(t, http.StatusOK)
			var list struct {
				Items []struct{ User struct{ Handle string } }
			}
			if r.decode(t, &list); len(list.Items) != 1 || list.Items[0].User.Handle != "olga" {
				t.Errorf("%s: pending = %+v; want @olga", r, list.Items)
			}
			wantAPIError(t, client.get(t, "/api/v1/communities/book-club/members?state=pending"), http.StatusForbidden, "forbidden")
		})
		t.Run("by invitation", func(t *testing.T) {
			wantAPIError(t, client.api(t, http.MethodPost, "/api/v1/communities/inner-circle/join", nil), http.StatusForbidden, "forbidden")
		})
		t.Run("last coordinator", func(t *testing.T) {
			wantAPIError(t, coordinator.api(t, http.MethodPost, "/api/v1/communities/inner-circle/leave", nil), http.StatusConflict, "conflict")
		})
		t.Run("anonymous", func(t *testing.T) {
			wantAPIError(t, s.anonymous("anonymous").api(t, http.MethodPost, "/api/v1/communities/open-kitchen/join", nil),
				http.StatusUnauthorized, "unauthorized")
		})
	})
}

// TestAPIHealth checks the operations endpoints.
func TestAPIHealth(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		v := s.anonymous("probe")
		for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
			r := v.get(t, path)
			r.wantStatus(t, http.StatusOK)
			var body struct{ Status string }
			if r.decode(t, &body); body.Status != want {
				t.Errorf("%s: status = %q; want %q", r, body.Status, want)
			}
		}
	})
}

// TestAPIErrorShape checks that errors of every kind come in the
// contract's shape, with the matching status.
func TestAPIErrorShape(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora")
		s.createCommunity(t, cora, "Open Kitchen", "How we cook for many.", "public", "open")
		anon := s.anonymous("anonymous")
		member := s.withToken(t, "cora", cora)
		bad := s.anonymous("bad token")
		bad.bearer = "prx_nope"

		tests := []struct {
			name         string
			visitor      *visitor
			method, path string
			body         string
			wantStatus   int
			wantCode     string
		}{
			{"unknown path", anon, "GET", "/api/v1/nope", "", 404, "not_found"},
			{"unknown community", anon, "GET", "/api/v1/communities/" + missingSlug, "", 404, "not_found"},
			{"unknown user", anon, "GET", "/api/v1/users/nobody", "", 404, "not_found"},
			{"not signed in", anon, "GET", "/api/v1/me", "", 401, "unauthorized"},
			{"bad token", bad, "GET", "/api/v1/communities", "", 401, "unauthorized"},
			{"not an administrator", member, "GET", "/api/v1/admin/settings", "", 403, "forbidden"},
			{"not an administrator, users", member, "GET", "/api/v1/admin/users", "", 403, "forbidden"},
			{"invalid input", member, "POST", "/api/v1/communities", `{"name":""}`, 400, "invalid"},
			{"invalid filter", member, "GET", "/api/v1/communities/open-kitchen/members?state=bogus", "", 400, "invalid"},
			{"conflict", member, "POST", "/api/v1/communities", `{"name":"Open Kitchen","domain_statement":"Again."}`, 409, "conflict"},
			{"bad id", member, "DELETE", "/api/v1/me/tokens/abc", "", 404, "not_found"},
			{"unknown token id", member, "DELETE", "/api/v1/me/tokens/999", "", 404, "not_found"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var body any
				if tt.body != "" {
					body = tt.body
				}
				wantAPIError(t, tt.visitor.api(t, tt.method, tt.path, body), tt.wantStatus, tt.wantCode)
			})
		}
		t.Run("method not routed", func(t *testing.T) {
			r := member.api(t, http.MethodPut, "/api/v1/communities", nil)
			if r.status < 400 {
				t.Errorf("%s: status = %d; want an error", r, r.status)
			}
			checkAPIError(t, r) // whatever the status, in the contract's shape
		})
		t.Run("page asked for JSON", func(t *testing.T) {
			r := anon.send(t, http.MethodGet, "/c/"+missingSlug, "", nil, http.Header{"Accept": {"application/json"}})
			wantAPIError(t, r, http.StatusNotFound, "not_found")
		})
	})
}

// TestSecurityHeaders checks the headers and cookies that protect pages,
// and that cross-site form posts are refused.
func TestSecurityHeaders(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		s.signUp(t, "cora")
		anon := s.anonymous("anonymous")
		for _, path := range []string{"/", "/login", "/c/" + missingSlug, "/api/v1/communities", "/api/v1/nope"} {
			t.Run("headers "+path, func(t *testing.T) {
				r := anon.get(t, path)
				csp := r.header.Get("Content-Security-Policy")
				if csp == "" || strings.Contains(csp, "'unsafe-inline'") || strings.Contains(csp, "'unsafe-eval'") {
					t.Errorf("%s: Content-Security-Policy = %q; want one without 'unsafe-inline' or 'unsafe-eval'", r, csp)
				}
				for _, d := range []string{"frame-ancestors 'none'", "script-src 'self'", "object-src 'none'"} {
					if !strings.Contains(csp, d) {
						t.Errorf("%s: Content-Security-Policy = %q; want %s", r, csp, d)
					}
				}
				want := map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}
				for h, v := range want {
					if got := r.header.Get(h); got != v {
						t.Errorf("%s: %s = %q; want %q", r, h, got, v)
					}
				}
			})
		}

		t.Run("cookies", func(t *testing.T) {
			browser := s.anonymous("browser")
			csrf := browser.get(t, "/login").cookie("praxis_csrf")
			r := browser.submit(t, "/login", "/login", url.Values{"account": {"cora"}, "password": {testPassword}})
			r.wantStatus(t, http.StatusSeeOther)
			session := r.cookie("praxis_session")
			for _, c := range []*http.Cookie{session, csrf} {
				if c == nil || c.Value == "" {
					t.Fatalf("cookies = %v, %v; want praxis_session and praxis_csrf", session, csrf)
				}
				if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
					t.Errorf("cookie %s: HttpOnly %v, SameSite %v, Path %q; want HttpOnly, SameSite=Lax, Path /",
						c.Name, c.HttpOnly, c.SameSite, c.Path)
				}
			}
		})

		tests := []struct {
			name       string
			header     http.Header
			wantStatus int
		}{
			{"cross-site", http.Header{"Sec-Fetch-Site": {"cross-site"}}, http.StatusForbidden},
			{"same-site", http.Header{"Sec-Fetch-Site": {"same-site"}}, http.StatusForbidden},
			{"foreign Origin", http.Header{"Origin": {"https://evil.example"}}, http.StatusForbidden},
			{"same-origin", http.Header{"Sec-Fetch-Site": {"same-origin"}}, http.StatusSeeOther},
		}
		for _, tt := range tests {
			t.Run("form post "+tt.name, func(t *testing.T) {
				browser := s.anonymous("browser")
				v := url.Values{"csrf_token": {browser.csrfToken(t)}, "account": {"cora"}, "password": {testPassword}}
				r := browser.send(t, http.MethodPost, "/login", "application/x-www-form-urlencoded", []byte(v.Encode()), tt.header)
				r.wantStatus(t, tt.wantStatus)
				signedIn := r.cookie("praxis_session") != nil
				if want := tt.wantStatus == http.StatusSeeOther; signedIn != want {
					t.Errorf("%s: signed in = %v; want %v", r, signedIn, want)
				}
				if tt.wantStatus == http.StatusForbidden && !strings.Contains(text(r.doc(t)), "another site") {
					t.Errorf("%s: page does not say the request came from another site", r)
				}
			})
		}
	})
}
