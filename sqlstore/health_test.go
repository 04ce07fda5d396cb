package sqlstore_test

import (
	"encoding/json"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

func health(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug string) *praxis.Health {
	t.Helper()
	h, err := db.Health(t.Context(), actor, slug)
	if err != nil {
		t.Fatalf("Health(%s): %v", slug, err)
	}
	return h
}

func hasSignal(h *praxis.Health, code string) bool {
	for _, s := range h.Signals {
		if s.Code == code {
			return true
		}
	}
	return false
}

func TestHealth(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		g := s.garden.Slug

		// A new community: counts of zero, and four newcomers who have
		// not written yet.
		h := health(t, db, s.frank, g)
		if len(h.Weeks) != praxis.HealthWeeks || h.Questions.Asked != 0 || len(h.Waiting) != 0 || h.Members.Active != 4 ||
			h.Members.Joined != 4 || h.Members.JoinedWritten != 0 || len(h.Signals) != 1 || h.Signals[0].Code != "newcomers_silent" {
			t.Fatalf("a new community: %+v; want 12 empty weeks, 4 silent newcomers and that signal", h)
		}

		// Forty days ago: an old question, answered, and an article to
		// review ten days later.
		old := ask(t, db, s.dave, g, "Old question about mulch", "Is bark mulch fine?")
		addReply(t, db, s.bob, old.ID, "Bark mulch is fine.")
		guide := writeArticle(t, db, s.alice, g, "Mulch guide")
		if _, err := db.Publish(ctx, s.alice, guide.ID, clock.T.AddDate(0, 0, 10).Format(time.DateOnly)); err != nil {
			t.Fatal(err)
		}
		clock.Add(40 * 24 * time.Hour)

		// Now: a question answered after two hours, one solved after six,
		// one its asker replied to alone (waiting after three days), a
		// deleted one, a discussion, and a newcomer who replies.
		quick := ask(t, db, s.dave, g, "Aphids on roses", "What keeps aphids away?")
		clock.Add(2 * time.Hour)
		addReply(t, db, s.bob, quick.ID, "Ladybirds.")
		solved := ask(t, db, s.bob, g, "Tomato blight", "Brown leaves on the tomatoes.")
		clock.Add(6 * time.Hour)
		a := addReply(t, db, s.alice, solved.ID, "Remove the leaves and water at the base.")
		if _, err := db.Accept(ctx, s.bob, solved.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		lonely := ask(t, db, s.carol, g, "Which compost for seedlings?", "Peat-free compost for seedlings?")
		addReply(t, db, s.carol, lonely.ID, "Anyone?")
		gone := ask(t, db, s.carol, g, "Deleted question", "Never mind.")
		if err := db.DeletePost(ctx, s.carol, threadPage(t, db, s.carol, gone.ID).Opening.ID); err != nil {
			t.Fatal(err)
		}
		disc := startThread(t, db, s.alice, g, praxis.KindDiscussion, "Garden visit in June")
		join(t, db, nil, s.frank, g)
		addReply(t, db, s.frank, disc.ID, "Count me in.")
		clock.Add(3 * 24 * time.Hour)

		h = health(t, db, nil, g)
		q := h.Questions
		if q.Asked != 3 || q.Answered != 2 || q.Solved != 1 || q.Waiting != 1 || q.MedianFirstReplyHours != 4 {
			t.Errorf("questions = %+v; want 3 asked (not the old or deleted one), 2 answered, 1 solved, 1 waiting, median 4 hours", q)
		}
		if len(h.Waiting) != 1 || h.Waiting[0].ID != lonely.ID || h.Waiting[0].URL != lonely.Path() {
			t.Errorf("waiting = %+v; want the question only its asker replied to", h.Waiting)
		}
		if h.Members.Active != 5 || h.Members.Joined != 1 || h.Members.JoinedWritten != 1 {
			t.Errorf("members = %+v; want 5 active, frank joined and wrote", h.Members)
		}
		if h.Knowledge.Published != 1 || h.Knowledge.Overdue != 1 {
			t.Errorf("knowledge = %+v; want the guide, past its review date", h.Knowledge)
		}
		// Every post of the window, but the deleted question's, by week.
		var posts, questions int
		for i, w := range h.Weeks {
			posts += w.Posts
			questions += w.Questions
			if i > 0 && !w.Start.Equal(h.Weeks[i-1].Start.AddDate(0, 0, 7)) {
				t.Errorf("week %d starts %v, after %v; want a week later", i, w.Start, h.Weeks[i-1].Start)
			}
			if w.Posts < w.Participants || (w.Posts > 0) != (w.Participants > 0) {
				t.Errorf("week of %v: %d posts by %d people", w.Start, w.Posts, w.Participants)
			}
		}
		if posts != 10 || questions != 4 {
			t.Errorf("weeks count %d posts, %d questions; want 10 and 4 (the old question too, not the deleted one)", posts, questions)
		}
		last := h.Weeks[len(h.Weeks)-1]
		if last.Start.After(clock.T) || clock.T.Sub(last.Start) >= 7*24*time.Hour || last.Start.Weekday() != time.Monday {
			t.Errorf("last week starts %v; want the Monday of %v", last.Start, clock.T)
		}
		for _, code := range []string{"waiting", "reviews_overdue"} {
			if !hasSignal(h, code) {
				t.Errorf("signals %+v; want %s", h.Signals, code)
			}
		}
		if h.Signals[0].Code != "waiting" || h.Signals[0].Level != praxis.SignalWarn {
			t.Errorf("first signal %+v; want the waiting question", h.Signals[0])
		}

		// A private community's health is for its members.
		for _, v := range []*praxis.User{nil, s.frank} {
			if _, err := db.Health(ctx, v, s.vault.Slug); praxis.ErrorCode(err) != praxis.ENOTFOUND {
				t.Errorf("vault health as %v: %v; want ENOTFOUND", v, err)
			}
		}
		if h := health(t, db, s.bob, s.vault.Slug); h.Members.Active != 2 {
			t.Errorf("vault health as bob: %d members; want 2", h.Members.Active)
		}
	})
}

// TestHealthKept checks the health kept against the community's versions:
// after each kind of write Health counts, it must equal a health computed
// afresh, and the write must have changed it. A write that moves no
// version leaves the kept health stale, and the test fails.
func TestHealthKept(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		g := s.garden.Slug
		q := ask(t, db, s.dave, g, "Slugs on lettuce", "They eat everything.")
		clock.Add(72 * time.Hour)
		// text is what is kept of a health, as JSON.
		text := func(h *praxis.Health) string {
			c := *h
			c.GeneratedAt, c.Next, c.Signals, c.Cadence, c.MissedBeat = time.Time{}, nil, nil, praxis.Cadence{}, false
			b, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		var answer *praxis.Post
		var err error
		followKept(t, "health", func() string { return text(health(t, db, nil, g)) }, func(on bool) { sqlstore.SetHealthKeeping(db, on) }, []keptStep{
			{"new question", func() error {
				_, err := db.CreateThread(ctx, s.bob, g, threadInput(praxis.KindQuestion, "Beer traps?", "Do they work?"))
				return err
			}},
			{"answer", func() error { answer, err = db.Reply(ctx, s.carol, q.ID, "Copper tape.", 0); return err }},
			{"accepted", func() error { _, err := db.Accept(ctx, s.dave, q.ID, answer.ID); return err }},
			{"newcomer joins", func() error { _, err := db.Join(ctx, s.frank, g, ""); return err }},
			{"newcomer writes", func() error { _, err := db.Reply(ctx, s.frank, q.ID, "Nematodes.", 0); return err }},
			{"answer hidden", func() error { _, err := db.HidePost(ctx, s.alice, answer.ID, "wrong"); return err }},
			{"article published", func() error {
				a := writeArticle(t, db, s.alice, g, "Slug guide")
				_, err := db.Publish(ctx, s.alice, a.ID, "")
				return err
			}},
			{"question deleted", func() error { return db.DeletePost(ctx, s.dave, threadPage(t, db, s.dave, q.ID).Opening.ID) }},
			{"days pass", func() error { clock.Add(40 * 24 * time.Hour); return nil }},
		})
	})
}

// keptStep is a write after which what is kept must be what is computed
// afresh.
type keptStep struct {
	name  string
	write func() error
}

// followKept makes each write of steps in turn and compares what read
// returns, kept, with what it returns with keeping off (keep(false)).
// Each step must change what read returns, so that it tests something.
func followKept(t *testing.T, what string, read func() string, keep func(on bool), steps []keptStep) {
	t.Helper()
	was := read()
	for _, step := range steps {
		if err := step.write(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		kept := read()
		keep(false)
		fresh := read()
		keep(true)
		if kept != fresh {
			t.Fatalf("after %s, the kept %s\n%s\nis not the %s now\n%s", step.name, what, kept, what, fresh)
		}
		if kept == was {
			t.Fatalf("after %s, the %s did not change: the step tests nothing", step.name, what)
		}
		was = kept
	}
}
