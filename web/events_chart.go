package web

import (
	"fmt"
	"html/template"
	"strings"

	"praxis"
)

// rhythmChart draws the events held per period of the cadence as an
// accessible SVG bar chart, with the cadence's beat (one event a period)
// as a dashed line and the periods without any event marked. Like
// activityChart it uses presentation attributes only: the CSP forbids
// inline styles.
func rhythmChart(rh *praxis.Rhythm) template.HTML {
	if rh == nil || len(rh.Periods) == 0 {
		return ""
	}
	const w, h, pad, top = 320.0, 80.0, 16.0, 6.0
	most, held, kept := 2, 0, 0
	for _, p := range rh.Periods {
		most = max(most, p.Held)
		held += p.Held
		if p.Held > 0 {
			kept++
		}
	}
	period := "month"
	if d := rh.Cadence.EveryDays; d > 0 {
		period = fmt.Sprintf("%d-day period", d)
		if d%7 == 0 {
			period = fmt.Sprintf("%d-week period", d/7)
			if d == 7 {
				period = "week"
			}
		}
	}
	label := fmt.Sprintf("Events held per %s, %d periods from %s: %d events; %d of the %d periods had at least one.",
		period, len(rh.Periods), rh.Periods[0].Start.Format("2 Jan 2006"), held, kept, len(rh.Periods))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="rhythm-chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`,
		w, top+h+pad, template.HTMLEscapeString(label))
	fmt.Fprintf(&b, `<title>%s</title>`, template.HTMLEscapeString(label))
	y := func(n int) float64 { return top + h - h*float64(n)/float64(most) }
	fmt.Fprintf(&b, `<line x1="0" y1="%.1f" x2="%.0f" y2="%.1f" class="chart-axis"/>`, top+h, w, top+h)
	if rh.Cadence.EveryDays > 0 {
		fmt.Fprintf(&b, `<line x1="0" y1="%.1f" x2="%.0f" y2="%.1f" class="chart-target" stroke-dasharray="6 4"><title>The beat: one event a period</title></line>`,
			y(1), w, y(1))
	}
	bw := w / float64(len(rh.Periods))
	every := (len(rh.Periods) + 4) / 5 // at most five date labels
	for i, p := range rh.Periods {
		x := float64(i) * bw
		when := p.Start.Format("2 Jan")
		if p.Held == 0 {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="3" class="chart-miss"><title>From %s: no event</title></rect>`,
				x+bw*0.15, top+h-3, bw*0.7, when)
		} else {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="chart-bar"><title>From %s: %d</title></rect>`,
				x+bw*0.15, y(p.Held), bw*0.7, top+h-y(p.Held), when, p.Held)
		}
		if i%every == 0 {
			anchor, lx := "middle", x+bw/2
			switch {
			case i == 0:
				anchor, lx = "start", x
			case i == len(rh.Periods)-1:
				anchor, lx = "end", x+bw
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s" class="chart-label">%s</text>`, lx, top+h+pad-4, anchor, when)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// RhythmChart draws the rhythm of the events page.
func (d eventsData) RhythmChart() template.HTML { return rhythmChart(d.Rhythm) }
