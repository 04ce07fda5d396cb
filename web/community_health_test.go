package web_test

import (
	"bytes"
	"html"
	"net/http"
	"testing"
	"time"
)

func TestHealthPage(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newSearchFixture(t, s)
		s.clock.Add(72 * time.Hour)
		slug := f.brewers.Slug
		anon := s.anonymous("anonymous")

		r := anon.get(t, "/api/v1/communities/"+slug+"/health")
		r.wantStatus(t, http.StatusOK)
		var h struct {
			Community string
			Weeks     []struct{ Questions, Posts, Participants int }
			Questions struct{ Asked, Answered, Solved, Waiting int }
			Waiting   []struct {
				ID    int64
				Title string
				URL   string
			}
			Signals []struct{ Level, Code, Message, URL string }
		}
		r.decode(t, &h)
		asked := 3 + hopsThreads // chiller, lager, other and the hops
		if h.Community != slug || len(h.Weeks) != 12 || h.Questions.Asked != asked || h.Questions.Answered != 1 ||
			h.Questions.Solved != 1 || h.Questions.Waiting != asked-1 {
			t.Fatalf("%s: %+v; want %d questions asked, the chiller answered and solved, the rest waiting", r, h, asked)
		}
		if len(h.Waiting) != 10 || h.Waiting[0].ID != f.lager.ID || h.Waiting[0].URL != f.lager.Path() {
			t.Errorf("%s: waiting %+v; want ten, the lager question (the oldest unanswered) first", r, h.Waiting)
		}
		posts := 0
		for _, w := range h.Weeks {
			posts += w.Posts
		}
		if posts != asked+1 || len(h.Signals) == 0 || h.Signals[0].Code != "waiting" || h.Signals[0].Level != "warn" {
			t.Errorf("%s: %d posts, signals %+v; want %d posts and the waiting questions first", r, posts, h.Signals, asked+1)
		}

		r = anon.get(t, "/c/"+slug+"/health")
		r.wantStatus(t, http.StatusOK)
		for _, want := range []string{"Where to step in", `<svg class="chart"`, "waited more than 48 hours", html.EscapeString(f.lager.Title),
			`href="/c/` + slug + `/health" aria-current="page">Health`, `id="waiting"`} {
			if !bytes.Contains(r.body, []byte(want)) {
				t.Errorf("%s: page lacks %q", r, want)
			}
		}
		r = anon.get(t, "/c/"+slug)
		if !bytes.Contains(r.body, []byte(`href="/c/`+slug+`/health"`)) {
			t.Errorf("%s: no link to the health page", r)
		}

		// A private community's health is not found for those outside it.
		wantAPIError(t, anon.get(t, "/api/v1/communities/"+f.guild.Slug+"/health"), http.StatusNotFound, "not_found")
		anon.get(t, "/c/"+f.guild.Slug+"/health").wantStatus(t, http.StatusNotFound)
		wantAPIError(t, anon.get(t, "/api/v1/communities/"+missingSlug+"/health"), http.StatusNotFound, "not_found")
	})
}
