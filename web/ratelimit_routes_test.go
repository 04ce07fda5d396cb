package web_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// limitedRoutes are the routes that count against each rate limit: every
// way to sign up, to search (similar questions, experts and related
// threads rank as a search does), and to post something new for others to read
// (a thread, a reply, an article), through forms and the API alike.
var limitedRoutes = map[string][]string{
	praxis.LimitSignup: {"POST /signup"},
	praxis.LimitSearch: {"GET /search", "GET /api/v1/search", "GET /api/v1/communities/{slug}/similar",
		"GET /api/v1/communities/{slug}/experts", "GET /api/v1/threads/{id}/related"},
	praxis.LimitPost: {
		"POST /c/{slug}/ask", "POST /c/{slug}/t/{id}/reply", "POST /c/{slug}/kb/new", "POST /c/{slug}/kb/{id}/copies",
		"POST /c/{slug}/t/{id}/article", "POST /c/{slug}/events/{id}/harvest/article",
		"POST /api/v1/communities/{slug}/threads", "POST /api/v1/threads/{id}/replies", "POST /api/v1/communities/{slug}/articles",
		"POST /api/v1/threads/{id}/article", "POST /api/v1/articles/{id}/copies", "POST /api/v1/occurrences/{id}/harvest/article",
	},
}

// TestRateLimitEveryRoute: once a person's (or an address's) allowance of
// a limit is used up, every route of limitedRoutes answers 429, each on
// its own, so that no form or API call is a way around a limit. The
// requests are the authorization matrix's, which let the coordinator
// through when no limit is reached.
func TestRateLimitEveryRoute(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		limits := praxis.DefaultRateLimits
		s := newAuthzSiteLimited(t, db, clock, &limits)
		table := authzTable(s)
		routes := s.server.Routes()
		cora := s.people[roleCoordinator]
		for bucket, patterns := range limitedRoutes {
			person, key := cora, "user:"+strconv.FormatInt(cora.user.ID, 10)
			if bucket == praxis.LimitSignup {
				// Sign-ups are counted per address, whoever asks.
				person, key = s.people[roleAnonymous], "ip:127.0.0.1"
			}
			limit := limits.For(bucket)
			for range limit.Max {
				if err := db.Allow(t.Context(), bucket, key, limit); err != nil {
					t.Fatalf("Allow(%s, %s): %v", bucket, key, err)
				}
			}
			for _, pattern := range patterns {
				e, ok := table[pattern]
				if !ok || !slices.Contains(routes, pattern) {
					t.Errorf("%s: no such route (or no entry in authzTable)", pattern)
					continue
				}
				method, path, _ := strings.Cut(pattern, " ")
				p := *s.places[praxis.VisibilityPublic]
				c := &authzCell{s: s, role: roleCoordinator, person: person, p: &p, handle: "ava"}
				if e.fresh != nil {
					e.fresh(t, c)
				}
				r := s.sendCell(t, c, method, path, e)
				if r.status != http.StatusTooManyRequests {
					t.Errorf("%s with the %s limit used up: status %d; want 429 (%s)", r, bucket, r.status, authzGist(r))
					continue
				}
				wantRateLimited(t, r)
			}
		}
	})
}
