package sqlstore_test

import (
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
