package praxis

import (
	"context"
	"fmt"
	"time"
)

// The windows of a community's health.
const (
	HealthWeeks    = 12             // weeks of the activity trend
	HealthDays     = 30             // days of questions and newcomers
	HealthWait     = 48 * time.Hour // a question without an answer this long is waiting
	HealthWaitList = 10             // waiting questions listed
)

// The thresholds of the health signals.
const (
	healthTrend    = 4              // weeks compared with the four before them
	healthMinPosts = 10             // fewer posts in both spans say nothing of a trend
	healthTrendPct = 30             // a change of this many percent is a trend
	healthRate     = 0.6            // a smaller share of questions answered asks for help
	healthMinAsked = 3              // fewer questions say nothing of a rate
	healthNewcomer = 3              // newcomers enough to worry that none has written
	healthSlow     = 24 * time.Hour // a slower median first answer asks for help
)

// Health is how a community is doing, for the people who look after it:
// the trend of its conversations, how its recent questions fare, who is
// joining, how fresh its knowledge base is and whether it keeps its
// rhythm, with the signals that say where to step in. It holds counts and
// what the viewer may see anyway (the titles of waiting questions), so
// whoever may see the community may see its health.
type Health struct {
	Community   string    `json:"community"`
	GeneratedAt time.Time `json:"generated_at"`
	// Weeks are the last HealthWeeks weeks (Monday to Sunday, UTC), oldest
	// first; the last one is under way.
	Weeks     []HealthWeek    `json:"weeks"`
	Questions QuestionHealth  `json:"questions"`
	Waiting   []*HealthThread `json:"waiting"` // the longest waiting first, at most HealthWaitList
	Members   MemberHealth    `json:"members"`
	Knowledge KnowledgeHealth `json:"knowledge"`
	// Cadence is the community's rhythm, if it set one; MissedBeat says
	// the last full period of it had no event; Next is the next
	// occurrence the viewer may see.
	Cadence    Cadence     `json:"cadence"`
	MissedBeat bool        `json:"missed_beat"`
	Next       *Occurrence `json:"next,omitempty"`
	// Signals say where to step in (and what goes well), the most
	// pressing first.
	Signals []HealthSignal `json:"signals"`
}

// HealthWeek counts one week's conversations.
type HealthWeek struct {
	Start        time.Time `json:"start"`
	Questions    int       `json:"questions"`    // questions asked
	Posts        int       `json:"posts"`        // opening posts and replies
	Participants int       `json:"participants"` // people who wrote
}

// QuestionHealth describes the questions asked in the last HealthDays
// days. A question is answered once someone other than its asker replied.
type QuestionHealth struct {
	Asked    int `json:"asked"`
	Answered int `json:"answered"`
	Solved   int `json:"solved"`
	// Waiting have no answer after HealthWait.
	Waiting int `json:"waiting"`
	// MedianFirstReplyHours is how long the answered ones waited for
	// their first answer, the median (0 when none was answered).
	MedianFirstReplyHours float64 `json:"median_first_reply_hours"`
}

// MemberHealth counts members, and the newcomers of the last HealthDays
// days who have written since they joined.
type MemberHealth struct {
	Active        int `json:"active"`
	Joined        int `json:"joined"`
	JoinedWritten int `json:"joined_written"`
}

// KnowledgeHealth counts published articles, and those past their review
// date.
type KnowledgeHealth struct {
	Published int `json:"published"`
	Overdue   int `json:"overdue"`
}

// HealthThread is a question waiting for an answer.
type HealthThread struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"created_at"`
}

// Levels of a health signal.
const (
	SignalWarn = "warn" // someone should step in
	SignalGood = "good" // something goes well
)

// HealthSignal is one thing the health view points out.
type HealthSignal struct {
	Level   string `json:"level"`
	Code    string `json:"code"`
	Message string `json:"message"`
	URL     string `json:"url,omitempty"` // where to act
}

// HealthService reads a community's health.
type HealthService interface {
	// Health returns community slug's health as of now. Errors: ENOTFOUND.
	Health(ctx context.Context, actor *User, slug string) (*Health, error)
}

// HealthWindow returns the start of the first of the HealthWeeks weeks
// that end with the week of now (weeks start on Monday, UTC).
func HealthWindow(now time.Time) time.Time {
	day := now.UTC().Truncate(24 * time.Hour)
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, -7*(HealthWeeks-1))
}

// HealthSignals reads the signals of h, the most pressing first: questions
// waiting, a low answer rate or slow first answers, newcomers who have not
// written, activity falling, a missed beat of the rhythm, articles past
// their review; then what goes well. A community with nothing to point
// out gets one good signal saying so.
func HealthSignals(h *Health) []HealthSignal {
	base := "/c/" + h.Community
	var warn, good []HealthSignal
	q := h.Questions
	if q.Waiting > 0 {
		warn = append(warn, HealthSignal{SignalWarn, "waiting", fmt.Sprintf("%s waited more than %d hours without an answer.",
			countOf(q.Waiting, "question asked in the last 30 days has", "questions asked in the last 30 days have"), int(HealthWait.Hours())), base + "/health#waiting"})
	}
	if q.Asked >= healthMinAsked {
		rate := float64(q.Answered) / float64(q.Asked)
		if rate < healthRate {
			warn = append(warn, HealthSignal{SignalWarn, "answer_rate", fmt.Sprintf("Only %d%% of the questions asked in the last 30 days have an answer.",
				int(rate*100)), base + "/t?status=unanswered"})
		} else {
			good = append(good, HealthSignal{SignalGood, "answer_rate", fmt.Sprintf("%d%% of the questions asked in the last 30 days have an answer.",
				int(rate*100)), ""})
		}
	}
	if q.Answered > 0 && q.MedianFirstReplyHours > healthSlow.Hours() {
		warn = append(warn, HealthSignal{SignalWarn, "slow_answers", fmt.Sprintf("A question waits %s for its first answer, at the median.",
			hours(q.MedianFirstReplyHours)), ""})
	}
	m := h.Members
	if m.Joined >= healthNewcomer && m.JoinedWritten == 0 {
		warn = append(warn, HealthSignal{SignalWarn, "newcomers_silent", fmt.Sprintf("None of the %d people who joined in the last 30 days has written yet: a welcome helps.",
			m.Joined), base + "/people"})
	} else if m.JoinedWritten > 0 {
		good = append(good, HealthSignal{SignalGood, "newcomers", fmt.Sprintf("%d of the %d people who joined in the last 30 days %s already written.",
			m.JoinedWritten, m.Joined, plural(m.JoinedWritten, "has", "have")), ""})
	}
	if n := len(h.Weeks); n >= 2*healthTrend {
		// The week under way is left out: it is not over.
		before, recent := 0, 0
		for _, w := range h.Weeks[n-1-2*healthTrend : n-1-healthTrend] {
			before += w.Posts
		}
		for _, w := range h.Weeks[n-1-healthTrend : n-1] {
			recent += w.Posts
		}
		if before+recent >= healthMinPosts && before > 0 {
			change := (recent - before) * 100 / before
			switch {
			case change <= -healthTrendPct:
				warn = append(warn, HealthSignal{SignalWarn, "activity_down", fmt.Sprintf("Activity fell by %d%% over the last four weeks (%d posts, %d the four before).",
					-change, recent, before), ""})
			case change >= healthTrendPct:
				good = append(good, HealthSignal{SignalGood, "activity_up", fmt.Sprintf("Activity rose by %d%% over the last four weeks (%d posts, %d the four before).",
					change, recent, before), ""})
			}
		}
	}
	if h.Cadence.EveryDays > 0 && h.MissedBeat {
		warn = append(warn, HealthSignal{SignalWarn, "missed_beat", "The last period of the community's rhythm (" + h.Cadence.Label + ") had no event.",
			base + "/events"})
	}
	if k := h.Knowledge; k.Overdue > 0 {
		warn = append(warn, HealthSignal{SignalWarn, "reviews_overdue", countOf(k.Overdue, "article is past its", "articles are past their") + " review date.", base + "/kb"})
	}
	if len(warn) == 0 {
		good = append([]HealthSignal{{SignalGood, "calm", "Nothing needs stepping in right now.", ""}}, good...)
	}
	return append(warn, good...)
}

// countOf writes n with the singular or plural phrase after it.
func countOf(n int, one, many string) string {
	return fmt.Sprint(n) + " " + plural(n, one, many)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// hours writes a duration given in hours as people say it.
func hours(h float64) string {
	if h < 48 {
		return fmt.Sprintf("%d hours", int(h+0.5))
	}
	return fmt.Sprintf("%d days", int(h/24+0.5))
}
