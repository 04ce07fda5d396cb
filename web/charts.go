package web

import (
	"fmt"
	"html/template"
	"strings"

	"praxis"
)

// activityChart draws daily activity as an accessible SVG bar chart, sized
// by its viewBox so it scales with the page. It uses presentation
// attributes only: the CSP forbids inline styles.
func activityChart(days []praxis.DayCount) template.HTML {
	if len(days) == 0 {
		return ""
	}
	const w, h, pad = 720.0, 140.0, 18.0
	max, total := 0, 0
	for _, d := range days {
		total += d.Count
		if d.Count > max {
			max = d.Count
		}
	}
	var b strings.Builder
	openChart(&b, w, h, pad, fmt.Sprintf("Actions per day over the last %d days: %d in all, at most %d on one day.", len(days), total, max))
	bw := w / float64(len(days))
	for i, d := range days {
		if d.Count == 0 {
			continue
		}
		bh := h * float64(d.Count) / float64(max)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="chart-bar"><title>%s: %d</title></rect>`,
			float64(i)*bw+bw*0.15, h-bh, bw*0.7, bh, d.Day.Format("2 Jan"), d.Count)
	}
	for i, d := range days {
		if d.Day.Day() == 1 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="chart-label">%s</text>`, float64(i)*bw, h+pad-3, d.Day.Format("Jan"))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// openChart starts an SVG chart of w by h with pad below for the labels,
// described by label for those who cannot see it, and draws its axis.
func openChart(b *strings.Builder, w, h, pad float64, label string) {
	fmt.Fprintf(b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" preserveAspectRatio="none">`,
		w, h+pad, template.HTMLEscapeString(label))
	fmt.Fprintf(b, `<title>%s</title>`, template.HTMLEscapeString(label))
	fmt.Fprintf(b, `<line x1="0" y1="%.1f" x2="%.0f" y2="%.1f" class="chart-axis"/>`, h, w, h)
}

// levelCount is the number of members at one participation level.
type levelCount struct {
	Level   string
	Count   int
	Percent int
}

// levelCounts counts members per participation level, core first.
func levelCounts(members []*praxis.Member) []levelCount {
	order := []string{praxis.LevelCore, praxis.LevelActive, praxis.LevelOccasional, praxis.LevelPeripheral}
	counts := map[string]int{}
	for _, m := range members {
		counts[m.Level]++
	}
	levels := make([]praxis.LevelCount, len(order))
	for i, l := range order {
		levels[i] = praxis.LevelCount{Level: l, Count: counts[l]}
	}
	return levelShares(levels)
}

// levelShares adds to each level's count its share of all the members.
func levelShares(levels []praxis.LevelCount) []levelCount {
	total := 0
	for _, l := range levels {
		total += l.Count
	}
	out := make([]levelCount, len(levels))
	for i, l := range levels {
		out[i] = levelCount{Level: l.Level, Count: l.Count, Percent: percent(l.Count, total)}
	}
	return out
}

// activitySentence describes an activity entry for a feed.
func activitySentence(a *praxis.Activity) string {
	s := a.Summary
	switch a.Verb {
	case praxis.VerbCreated:
		return "created the community"
	case praxis.VerbJoined:
		return "joined"
	case praxis.VerbLeft:
		return "left"
	case praxis.VerbRequestedJoin:
		return "asked to join"
	case praxis.VerbInvited:
		return "invited @" + s
	case praxis.VerbApproved:
		return "welcomed @" + s
	case praxis.VerbRoleChanged:
		return "changed a role (" + s + ")"
	case praxis.VerbRemoved:
		return "removed @" + s
	case praxis.VerbCharterEdited:
		return "edited the charter"
	case praxis.VerbGoalAdded:
		return "added the goal “" + s + "”"
	case praxis.VerbGoalUpdated:
		return "updated the goal “" + s + "”"
	case praxis.VerbGoalRemoved:
		return "removed the goal “" + s + "”"
	case praxis.VerbPosted:
		return "asked “" + s + "”"
	case praxis.VerbAnswered:
		return "answered “" + s + "”"
	case praxis.VerbReplied:
		return "replied in “" + s + "”"
	case praxis.VerbAccepted:
		return "accepted an answer in “" + s + "”"
	case praxis.VerbVoted:
		return "found a post helpful"
	case praxis.VerbAttended:
		return "attended " + eventName(s)
	case praxis.VerbArticleDrafted:
		return "drafted the article “" + s + "”"
	case praxis.VerbArticleEdited:
		return "edited the article “" + s + "”"
	case praxis.VerbReviewRequested:
		return "asked for a review of “" + s + "”"
	case praxis.VerbReviewed:
		return "reviewed “" + s + "”"
	case praxis.VerbArticlePublished:
		return "published “" + s + "”"
	case praxis.VerbReviewConfirmed:
		return "confirmed that “" + s + "” is still right"
	case praxis.VerbArticleArchived:
		return "archived “" + s + "”"
	case praxis.VerbArticleVerified:
		return "verified “" + s + "”"
	case praxis.VerbReused:
		return "used “" + s + "”"
	case praxis.VerbAdapted:
		return "adapted a copy of “" + s + "”"
	case praxis.VerbEventScheduled:
		return "scheduled " + eventName(s)
	case praxis.VerbRSVPed:
		return "answered about " + eventName(s)
	case praxis.VerbHarvested:
		return "harvested " + eventName(s)
	case praxis.VerbVisitRequested:
		return "asked for a visit"
	}
	if s != "" {
		return a.Verb + " " + s
	}
	return a.Verb
}

// eventName names an event in the activity feed; only public events have
// their title there.
func eventName(title string) string {
	if title == "" {
		return "an event"
	}
	return "“" + title + "”"
}
