package praxis_test

import (
	"strings"
	"testing"
	"time"

	"praxis"
)

func TestHealthWindow(t *testing.T) {
	for _, tt := range []struct{ now, want string }{
		{"2026-11-25T15:04:05Z", "2026-09-07"}, // a Wednesday: its Monday, 11 weeks before
		{"2026-11-23T00:00:00Z", "2026-09-07"}, // a Monday at midnight
		{"2026-11-22T23:59:59Z", "2026-08-31"}, // a Sunday ends the week before
	} {
		now, _ := time.Parse(time.RFC3339, tt.now)
		if got := praxis.HealthWindow(now).Format(time.DateOnly); got != tt.want {
			t.Errorf("HealthWindow(%s) = %s; want %s", tt.now, got, tt.want)
		}
	}
}

// weeks returns HealthWeeks weeks with the given posts, the last (under
// way) one first in the list given last.
func weeks(posts ...int) []praxis.HealthWeek {
	out := make([]praxis.HealthWeek, praxis.HealthWeeks)
	for i, p := range posts {
		out[praxis.HealthWeeks-len(posts)+i] = praxis.HealthWeek{Posts: p, Participants: min(p, 1)}
	}
	return out
}

func codes(s []praxis.HealthSignal) string {
	var out []string
	for _, x := range s {
		out = append(out, x.Level+":"+x.Code)
	}
	return strings.Join(out, " ")
}

func TestHealthSignals(t *testing.T) {
	tests := []struct {
		name string
		h    praxis.Health
		want string
	}{
		{"nothing to say", praxis.Health{Weeks: weeks()}, "good:calm"},
		{"waiting questions come first", praxis.Health{Weeks: weeks(), Questions: praxis.QuestionHealth{Asked: 4, Answered: 3, Waiting: 1},
			Knowledge: praxis.KnowledgeHealth{Overdue: 2}}, "warn:waiting warn:reviews_overdue good:answer_rate"},
		{"a low answer rate", praxis.Health{Weeks: weeks(), Questions: praxis.QuestionHealth{Asked: 5, Answered: 2}}, "warn:answer_rate"},
		{"too few questions for a rate", praxis.Health{Weeks: weeks(), Questions: praxis.QuestionHealth{Asked: 2}}, "good:calm"},
		{"slow first answers", praxis.Health{Weeks: weeks(), Questions: praxis.QuestionHealth{Asked: 3, Answered: 3, MedianFirstReplyHours: 50}},
			"warn:slow_answers good:answer_rate"},
		{"silent newcomers", praxis.Health{Weeks: weeks(), Members: praxis.MemberHealth{Joined: 3}}, "warn:newcomers_silent"},
		{"too few newcomers to worry", praxis.Health{Weeks: weeks(), Members: praxis.MemberHealth{Joined: 2}}, "good:calm"},
		{"newcomers who wrote", praxis.Health{Weeks: weeks(), Members: praxis.MemberHealth{Joined: 5, JoinedWritten: 2}}, "good:calm good:newcomers"},
		// Eight full weeks and the one under way, which does not count.
		{"activity falling", praxis.Health{Weeks: weeks(10, 10, 10, 10, 5, 5, 5, 5, 100)}, "warn:activity_down"},
		{"activity rising", praxis.Health{Weeks: weeks(5, 5, 5, 5, 10, 10, 10, 10, 0)}, "good:calm good:activity_up"},
		{"steady activity", praxis.Health{Weeks: weeks(10, 10, 10, 10, 9, 9, 9, 9, 0)}, "good:calm"},
		{"too little activity for a trend", praxis.Health{Weeks: weeks(3, 3, 0, 0, 0, 0, 0, 0, 0)}, "good:calm"},
		{"a missed beat", praxis.Health{Weeks: weeks(), Cadence: praxis.Cadence{EveryDays: 14, Label: "every 2 weeks"}, MissedBeat: true},
			"warn:missed_beat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.h.Community = "garden"
			got := praxis.HealthSignals(&tt.h)
			if codes(got) != tt.want {
				t.Errorf("signals = %s; want %s", codes(got), tt.want)
			}
			for _, s := range got {
				if s.Message == "" || (s.URL != "" && !strings.HasPrefix(s.URL, "/c/garden/")) {
					t.Errorf("signal %+v; want a message, and a link into the community if any", s)
				}
			}
		})
	}
	h := praxis.Health{Community: "garden", Weeks: weeks(10, 10, 10, 10, 5, 5, 5, 5, 0)}
	if msg := praxis.HealthSignals(&h)[0].Message; !strings.Contains(msg, "fell by 50%") || !strings.Contains(msg, "20 posts, 40 the four before") {
		t.Errorf("activity message %q; want the fall and the counts", msg)
	}
}
