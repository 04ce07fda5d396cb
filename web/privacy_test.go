package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// missingSlug is an address where there is no community.
const missingSlug = "does-not-exist"

// statuses are the statuses wanted for the public, internal and private
// communities and for missingSlug, in that order; 0 means not tried.
type statuses [4]int

// TestPrivacyOfCommunities checks the acceptance rule "a private community is
// invisible (404, not 403) to non-members in pages and API, and absent from
// the directory and counts", for every kind of viewer, over HTTP.
func TestPrivacyOfCommunities(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora") // coordinates all three communities
		mia := s.signUp(t, "mia")   // a member of all three
		olga := s.signUp(t, "olga") // a member of none
		sam := s.signUp(t, "sam")   // a member of the private one, then suspended
		pub := s.createCommunity(t, cora, "Open Kitchen", "How we cook for many.", "public", "open", "Publish recipes")
		internal := s.createCommunity(t, cora, "Staff Room Circle", "How we run the office together.", "internal", "open")
		priv := s.createCommunity(t, cora, "Skunkworks Guild", "How we build the hidden prototype.", "private", "invitation", "Ship the prototype")
		for _, slug := range []string{pub.Slug, internal.Slug, priv.Slug} {
			s.join(t, cora, mia, slug)
		}
		s.join(t, cora, sam, priv.Slug)
		slugs := [4]string{pub.Slug, internal.Slug, priv.Slug, missingSlug}

		samSession := s.signedIn(t, "suspended-session", sam)
		samToken := s.withToken(t, "suspended-token", sam)
		if err := s.db.SetSuspended(t.Context(), s.admin, sam.Handle, true); err != nil {
			t.Fatalf("SetSuspended: %v", err)
		}
		member := s.signedIn(t, "member", mia)
		member.bearer = s.withToken(t, "", mia).bearer

		viewers := []*visitor{
			s.anonymous("anonymous"),
			s.signedIn(t, "outsider", olga),
			samSession,
			samToken,
			member,
			s.signedIn(t, "admin", s.admin),
		}
		// What each viewer may see, and what must never reach it.
		canSee := map[string][]string{
			"anonymous":         {pub.Slug},
			"outsider":          {pub.Slug, internal.Slug},
			"suspended-session": {pub.Slug},
			"member":            {pub.Slug, internal.Slug, priv.Slug},
			"admin":             {pub.Slug, internal.Slug, priv.Slug},
		}
		secret := []string{priv.Name, priv.DomainStatement, "Ship the prototype"}
		internalText := []string{internal.Name, internal.DomainStatement}
		mustNotSee := map[string][]string{
			"anonymous":         slices.Concat(secret, internalText),
			"outsider":          secret,
			"suspended-session": slices.Concat(secret, internalText),
			"suspended-token":   slices.Concat(secret, internalText),
		}

		t.Run("suspended user is signed out", func(t *testing.T) {
			r := samSession.get(t, "/api/v1/me")
			wantAPIError(t, r, http.StatusUnauthorized, "unauthorized")
			if c := r.cookie("praxis_session"); c == nil || c.MaxAge >= 0 {
				t.Errorf("%s: praxis_session cookie = %v; want it cleared", r, c)
			}
			wantAPIError(t, samToken.get(t, "/api/v1/me"), http.StatusUnauthorized, "unauthorized")
			wantAPIError(t, samToken.get(t, "/api/v1/communities"), http.StatusUnauthorized, "unauthorized")
		})

		anon := statuses{200, 404, 404, 404}
		outsider := statuses{200, 200, 404, 404}
		everyone := statuses{200, 200, 200, 404}
		denied := statuses{401, 401, 401, 401}
		checks := []struct {
			name, method, path string // path has %s for the slug
			showsName          bool   // a 200 shows the community's name
			want               map[string]statuses
		}{
			{"community page", "GET", "/c/%s", true, map[string]statuses{
				"anonymous": anon, "outsider": outsider, "suspended-session": anon, "member": everyone, "admin": everyone}},
			{"people page", "GET", "/c/%s/people", true, map[string]statuses{
				"anonymous": {303, 404, 404, 404}, "outsider": outsider, "suspended-session": {303, 404, 404, 404},
				"member": everyone, "admin": everyone}},
			{"charter page", "GET", "/c/%s/charter", true, map[string]statuses{
				"anonymous": anon, "outsider": outsider, "suspended-session": anon, "member": everyone, "admin": everyone}},
			{"edit page", "GET", "/c/%s/edit", true, map[string]statuses{
				"anonymous": {303, 303, 303, 303}, "outsider": {403, 403, 404, 404}, "suspended-session": {303, 303, 303, 303},
				"member": {403, 403, 403, 404}, "admin": everyone}},
			{"join form", "POST", "/c/%s/join", false, map[string]statuses{
				"anonymous": {0, 0, 401, 401}, "outsider": {0, 0, 404, 404}, "suspended-session": {0, 0, 401, 401},
				"member": {0, 0, 409, 404}, "admin": {0, 0, 403, 404}}},
			{"API community", "GET", "/api/v1/communities/%s", true, map[string]statuses{
				"anonymous": anon, "outsider": outsider, "suspended-session": anon, "suspended-token": denied,
				"member": everyone, "admin": everyone}},
			{"API members", "GET", "/api/v1/communities/%s/members", false, map[string]statuses{
				"anonymous": {401, 404, 404, 404}, "outsider": outsider, "suspended-session": {401, 404, 404, 404},
				"suspended-token": denied, "member": everyone, "admin": everyone}},
			{"API activity", "GET", "/api/v1/communities/%s/activity", true, map[string]statuses{
				"anonymous": anon, "outsider": outsider, "suspended-session": anon, "suspended-token": denied,
				"member": everyone, "admin": everyone}},
			{"API charter revisions", "GET", "/api/v1/communities/%s/charter/revisions", true, map[string]statuses{
				"anonymous": anon, "outsider": outsider, "suspended-session": anon, "suspended-token": denied,
				"member": everyone, "admin": everyone}},
			{"API join", "POST", "/api/v1/communities/%s/join", false, map[string]statuses{
				"anonymous": {0, 0, 401, 401}, "outsider": {0, 0, 404, 404}, "suspended-session": {0, 0, 401, 401},
				"suspended-token": {0, 0, 401, 401}, "member": {0, 0, 409, 404}, "admin": {0, 0, 403, 404}}},
		}
		names := [4]string{pub.Name, internal.Name, priv.Name, ""}
		for _, c := range checks {
			for _, v := range viewers {
				want, ok := c.want[v.name]
				if !ok {
					continue
				}
				t.Run(c.name+"/"+v.name, func(t *testing.T) {
					var got [4]*response
					for i, slug := range slugs {
						if want[i] == 0 {
							continue
						}
						path := strings.Replace(c.path, "%s", slug, 1)
						got[i] = v.request(t, c.method, path)
						r := got[i]
						if r.status != want[i] {
							t.Errorf("%s as %s: status = %d; want %d (body %.300s)", r, v.name, r.status, want[i], r.body)
							continue
						}
						if r.status == http.StatusSeeOther {
							if loc := r.header.Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
								t.Errorf("%s as %s: Location = %q; want /login?next=...", r, v.name, loc)
							}
						}
						if r.status == http.StatusOK && c.showsName && !bytes.Contains(r.body, []byte(html.EscapeString(names[i]))) {
							t.Errorf("%s as %s: the body does not show %q", r, v.name, names[i])
						}
					}
					// For those who may not see it, the private community
					// answers exactly as an address with no community.
					if slices.Contains(canSee[v.name], priv.Slug) || got[2] == nil || got[3] == nil {
						return
					}
					p, m := got[2], got[3]
					if p.status != m.status {
						t.Errorf("%s as %s: status = %d, but %d for a missing community", p, v.name, p.status, m.status)
					}
					pb, mb := normalize(p.body, priv.Slug), normalize(m.body, missingSlug)
					if pb != mb {
						t.Errorf("%s as %s: body differs from a missing community's:\n got: %.400s\nwant: %.400s", p, v.name, pb, mb)
					}
					pl, ml := normalize([]byte(p.header.Get("Location")), priv.Slug), normalize([]byte(m.header.Get("Location")), missingSlug)
					if pl != ml {
						t.Errorf("%s as %s: Location = %q; want %q as for a missing community", p, v.name, pl, ml)
					}
				})
			}
		}

		for _, v := range viewers {
			want, ok := canSee[v.name]
			if !ok {
				continue
			}
			t.Run("directory/"+v.name, func(t *testing.T) {
				r := v.get(t, "/")
				r.wantStatus(t, http.StatusOK)
				doc := r.doc(t)
				var cards []string
				for _, card := range byClass(doc, "community-card") {
					cards = append(cards, communityLinks(card)...)
				}
				wantSlugs(t, r, cards, want)

				r = v.get(t, "/api/v1/communities")
				r.wantStatus(t, http.StatusOK)
				var list struct {
					Items []struct{ Slug, Name string }
				}
				r.decode(t, &list)
				var got []string
				for _, c := range list.Items {
					got = append(got, c.Slug)
				}
				wantSlugs(t, r, got, want)
				if len(list.Items) != len(want) {
					t.Errorf("%s as %s: %d communities; want %d", r, v.name, len(list.Items), len(want))
				}
			})
			t.Run("profile/"+v.name, func(t *testing.T) {
				// Mia belongs to all three; each viewer sees the ones it may.
				r := v.get(t, "/u/"+mia.Handle)
				r.wantStatus(t, http.StatusOK)
				var listed []string
				for _, sec := range findAll(r.doc(t), isTag("section")) {
					if a, _ := attr(sec, "aria-labelledby"); a == "com-h" {
						listed = communityLinks(sec)
					}
				}
				wantSlugs(t, r, listed, want)

				r = v.get(t, "/api/v1/users/"+mia.Handle)
				r.wantStatus(t, http.StatusOK)
				var u struct {
					Handle      string
					Communities []struct{ Slug string }
				}
				r.decode(t, &u)
				var got []string
				for _, c := range u.Communities {
					got = append(got, c.Slug)
				}
				wantSlugs(t, r, got, want)
			})
		}
		t.Run("directory/suspended-token", func(t *testing.T) {
			wantAPIError(t, samToken.get(t, "/api/v1/users/"+mia.Handle), http.StatusUnauthorized, "unauthorized")
		})

		// Every page and API resource that can be read, opened by those who
		// may not see the private community: none may mention it.
		for _, v := range viewers {
			if _, ok := mustNotSee[v.name]; !ok {
				continue
			}
			t.Run("every route/"+v.name, func(t *testing.T) {
				for _, pattern := range s.server.Routes() {
					path, ok := strings.CutPrefix(pattern, "GET ")
					if !ok {
						continue
					}
					path = strings.NewReplacer("{$}", "", "{slug}", priv.Slug, "{handle}", cora.Handle, "{id}", "1",
						"{hash}", "0", "{name}", "style.css").Replace(path)
					if r := v.get(t, path); r.status >= 500 {
						t.Errorf("%s as %s: status = %d", r, v.name, r.status)
					}
				}
				for _, h := range []string{mia.Handle, sam.Handle, olga.Handle} {
					v.get(t, "/u/"+h)
					v.get(t, "/api/v1/users/"+h)
				}
			})
		}

		t.Run("no leak in any response", func(t *testing.T) {
			for _, v := range viewers {
				for _, r := range v.seen {
					for _, secret := range mustNotSee[v.name] {
						if bytes.Contains(r.body, []byte(secret)) || bytes.Contains(r.body, []byte(html.EscapeString(secret))) {
							t.Errorf("%s as %s: the body mentions %q:\n%.600s", r, v.name, secret, r.body)
						}
					}
				}
			}
		})
	})
}

// request sends a GET, a form POST with the visitor's CSRF token, or an
// API call, as the path asks.
func (v *visitor) request(t *testing.T, method, path string) *response {
	t.Helper()
	switch {
	case strings.HasPrefix(path, "/api/"):
		return v.api(t, method, path, nil)
	case method == http.MethodGet:
		return v.get(t, path)
	default:
		return v.postForm(t, path, url.Values{"csrf_token": {v.csrfToken(t)}})
	}
}

// normalize replaces slug in body, so that answers about two addresses
// can be compared.
func normalize(body []byte, slug string) string {
	return strings.ReplaceAll(string(body), slug, "SLUG")
}

// communityLinks lists the slugs of the communities linked under n, once each.
func communityLinks(n *html.Node) []string {
	var out []string
	for _, a := range findAll(n, isTag("a")) {
		href, _ := attr(a, "href")
		rest, ok := strings.CutPrefix(href, "/c/")
		if !ok {
			continue
		}
		slug, _, _ := strings.Cut(rest, "/")
		if slug != "new" && !slices.Contains(out, slug) {
			out = append(out, slug)
		}
	}
	return out
}

// wantSlugs compares two sets of slugs.
func wantSlugs(t *testing.T, r *response, got, want []string) {
	t.Helper()
	got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("%s: communities = %v; want %v", r, got, want)
	}
}
