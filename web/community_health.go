package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"praxis"
)

// healthData is the health page: the community and its health.
type healthData struct {
	*praxis.CommunityView
	Health *praxis.Health
}

// WeeksChart draws the posts of each week as bars and the people who
// wrote as a line.
func (d healthData) WeeksChart() template.HTML { return weeksChart(d.Health.Weeks) }

// AnsweredPercent is the share of the recent questions that have an answer.
func (d healthData) AnsweredPercent() int {
	return percent(d.Health.Questions.Answered, d.Health.Questions.Asked)
}

// SolvedPercent is the share of the recent questions that are solved.
func (d healthData) SolvedPercent() int {
	return percent(d.Health.Questions.Solved, d.Health.Questions.Asked)
}

// FirstReply says how long the answered questions waited, at the median.
func (d healthData) FirstReply() string {
	h := d.Health.Questions.MedianFirstReplyHours
	switch {
	case d.Health.Questions.Answered == 0:
		return "—"
	case h < 1:
		return fmt.Sprintf("%d min", int(h*60+0.5))
	case h < 48:
		return fmt.Sprintf("%.0f h", h)
	}
	return fmt.Sprintf("%.0f days", h/24)
}

func percent(n, of int) int {
	if of == 0 {
		return 0
	}
	return n * 100 / of
}

// healthPage is /c/{slug}/health. Anonymous visitors get it kept, as
// the community page is, against the community's versions: what it
// counts moves them (a post moves its thread, a newcomer the members, an
// article or an event the contents), and the windows that move with time
// wait at most pageCacheTTL.
func (s *Server) healthPage(w http.ResponseWriter, r *http.Request) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	if s.serveKept(w, r, func() (praxis.PageVersion, error) { return s.store.CommunityVersion(ctx, slug) }) {
		return
	}
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h, err := s.store.Health(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "health", &page{Title: "Health of " + v.Community.Name, Nav: "community",
		Data: healthData{CommunityView: v, Health: h}})
}

// apiHealth is GET /api/v1/communities/{slug}/health.
func (s *Server) apiHealth(w http.ResponseWriter, r *http.Request) {
	h, err := s.store.Health(r.Context(), actor(r), r.PathValue("slug"))
	s.api(w, r, http.StatusOK, h, err)
}

// weeksChart draws weekly posts as an accessible SVG bar chart, with the
// number of people who wrote each week as a line over it, sized by its
// viewBox. Presentation attributes only: the CSP forbids inline styles.
func weeksChart(weeks []praxis.HealthWeek) template.HTML {
	if len(weeks) == 0 {
		return ""
	}
	const w, h, pad = 720.0, 140.0, 18.0
	top, total := 1, 0
	for _, wk := range weeks {
		total += wk.Posts
		top = max(top, wk.Posts, wk.Participants)
	}
	var b strings.Builder
	openChart(&b, w, h, pad, fmt.Sprintf("Posts per week over the last %d weeks: %d in all, at most %d in one week; the line is the people who wrote.",
		len(weeks), total, top))
	bw := w / float64(len(weeks))
	var line []string
	for i, wk := range weeks {
		x := float64(i) * bw
		if wk.Posts > 0 {
			bh := h * float64(wk.Posts) / float64(top)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="chart-bar"><title>Week of %s: %d posts, %d people</title></rect>`,
				x+bw*0.15, h-bh, bw*0.7, bh, wk.Start.Format("2 Jan"), wk.Posts, wk.Participants)
		}
		line = append(line, fmt.Sprintf("%.1f,%.1f", x+bw/2, h-h*float64(wk.Participants)/float64(top)))
		if i%2 == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="chart-label">%s</text>`, x+bw*0.15, h+pad-3, wk.Start.Format("2 Jan"))
		}
	}
	fmt.Fprintf(&b, `<polyline points="%s" class="chart-line" fill="none"/>`, strings.Join(line, " "))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
