package sqlstore_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// expertsOf asks for the experts of a draft, failing the test on an error.
func expertsOf(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug, title, body string, limit int) []*praxis.Expert {
	t.Helper()
	out, err := db.Experts(t.Context(), actor, slug, praxis.SimilarQuery{Title: title, Body: body, Limit: limit})
	if err != nil {
		t.Fatalf("Experts(%s, %q): %v", slug, title, err)
	}
	return out
}

// byHandle finds an expert by handle (nil if absent).
func byHandle(experts []*praxis.Expert, handle string) *praxis.Expert {
	for _, e := range experts {
		if e.Person.Handle == handle {
			return e
		}
	}
	return nil
}

func expertHandles(experts []*praxis.Expert) []string {
	out := []string{}
	for _, e := range experts {
		out = append(out, e.Person.Handle)
	}
	return out
}

func TestExperts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		g := s.garden.Slug
		smell := ask(t, db, s.dave, g, "Compost smells of ammonia", "My compost heap smells of ammonia. What should I add?")
		carolAnswer := addReply(t, db, s.carol, smell.ID, "Add browns to the compost: dry leaves and cardboard.")
		bobAnswer := addReply(t, db, s.bob, smell.ID, "Turn the compost heap more often.")
		daveAnswer := addReply(t, db, s.dave, smell.ID, "Update: I also tried lime on the compost.")
		if _, err := db.Accept(ctx, s.dave, smell.ID, carolAnswer.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Vote(ctx, s.alice, bobAnswer.ID, true); err != nil {
			t.Fatal(err)
		}
		wet := ask(t, db, s.alice, g, "Compost heap too wet and smelly", "The compost heap is soggy and smells.")
		addReply(t, db, s.bob, wet.ID, "Add cardboard to soak up the water in the compost.")
		tomato := ask(t, db, s.bob, g, "Leggy tomato seedlings", "The seedlings grow tall and thin.")
		addReply(t, db, s.alice, tomato.ID, "Give the seedlings more light.")
		guide := writeArticle(t, db, s.alice, g, "Compost guide for a smelly heap")
		publishArticle(t, db, s.alice, guide.ID)
		vaultQ := ask(t, db, s.bob, s.vault.Slug, "Compost in the vault smells", "Secret compost smells.")
		addReply(t, db, s.alice, vaultQ.ID, "Vault compost needs browns.")

		const title, body = "Why does my compost smell", "The compost heap smells bad."
		got := expertsOf(t, db, s.frank, g, title, body, praxis.MaxExperts)
		if len(got) == 0 {
			t.Fatal("Experts: none; want the members who answered compost questions")
		}
		for i, e := range got {
			if i > 0 && e.Score > got[i-1].Score {
				t.Errorf("scores %v then %v; want best first", got[i-1].Score, e.Score)
			}
			var sum float64
			for _, ev := range e.Evidence {
				sum += ev.Score
			}
			if e.Answers+e.Articles <= praxis.MaxExpertEvidence && math.Abs(sum-e.Score) > 1e-9 {
				t.Errorf("%s: score %v; want the sum of the evidence, %v", e.Person.Handle, e.Score, sum)
			}
			if len(e.Evidence) == 0 || len(e.Evidence) > praxis.MaxExpertEvidence || e.Score <= 0 {
				t.Errorf("%s: %d pieces of evidence, score %v; want 1 to %d and a positive score", e.Person.Handle, len(e.Evidence), e.Score, praxis.MaxExpertEvidence)
			}
		}
		carol, bob, dave, alice := byHandle(got, "carol"), byHandle(got, "bob"), byHandle(got, "dave"), byHandle(got, "alice")
		if carol == nil || bob == nil || dave == nil || alice == nil {
			t.Fatalf("experts %v; want carol, bob, dave and alice", expertHandles(got))
		}
		ev := carol.Evidence[0]
		if carol.Answers != 1 || carol.Accepted != 1 || ev.Kind != "answer" || !ev.Accepted || ev.Title != smell.Title ||
			ev.URL != smell.Path()+"#post-"+strconv.FormatInt(carolAnswer.ID, 10) || carol.Person.Name == "" {
			t.Errorf("carol = %+v, evidence %+v; want her accepted answer, pointing at the post", carol, ev)
		}
		if bob.Answers != 2 || bob.Accepted != 0 || bob.Evidence[0].Votes+bob.Evidence[1].Votes != 1 {
			t.Errorf("bob = %+v; want two answers, one with a vote", bob)
		}
		// The same question answered: accepted counts more than not.
		if carol.Score <= dave.Score || dave.Answers != 1 || dave.Evidence[0].URL != smell.Path()+"#post-"+strconv.FormatInt(daveAnswer.ID, 10) {
			t.Errorf("carol %v, dave %v (%+v); want the accepted answer above the plain one", carol.Score, dave.Score, dave.Evidence)
		}
		// An article counts for its authors; an answer to an unrelated
		// question or in another community does not.
		if alice.Articles != 1 || alice.Answers != 0 || alice.Evidence[0].Kind != "article" || alice.Evidence[0].URL != guide.Path() {
			t.Errorf("alice = %+v, evidence %+v; want the article only", alice, alice.Evidence[0])
		}
		for _, e := range got {
			for _, ev := range e.Evidence {
				if strings.Contains(ev.Title, "tomato") || strings.Contains(ev.Title, "vault") {
					t.Errorf("%s: evidence %q; want none from unrelated questions or other communities", e.Person.Handle, ev.Title)
				}
			}
		}

		// The asker is left out; a limit is kept.
		if e := byHandle(expertsOf(t, db, s.dave, g, title, body, 0), "dave"); e != nil {
			t.Errorf("asked by dave: dave is an expert; want the asker left out")
		}
		if n := len(expertsOf(t, db, nil, g, title, body, 0)); n > praxis.DefaultExperts {
			t.Errorf("no limit: %d experts; want at most %d", n, praxis.DefaultExperts)
		}
		if n := len(expertsOf(t, db, nil, g, title, body, 1)); n != 1 {
			t.Errorf("limit 1: %d experts", n)
		}
		if got := expertsOf(t, db, nil, g, "", "", 0); got == nil || len(got) != 0 {
			t.Errorf("empty draft: %v; want an empty list", got)
		}

		// Hidden answers, suspended and former members are left out.
		if _, err := db.HidePost(ctx, s.alice, daveAnswer.ID, "off topic"); err != nil {
			t.Fatal(err)
		}
		suspend(t, db, s.admin, s.carol)
		if err := db.Leave(ctx, s.bob, g); err != nil {
			t.Fatal(err)
		}
		if got := expertHandles(expertsOf(t, db, nil, g, title, body, praxis.MaxExperts)); strings.Join(got, " ") != "alice" {
			t.Errorf("after hiding dave's answer, suspending carol and bob leaving: %v; want alice only", got)
		}

		// A private community's experts are for its members only.
		for _, v := range []*praxis.User{nil, s.frank} {
			if _, err := db.Experts(ctx, v, s.vault.Slug, praxis.SimilarQuery{Title: title}); praxis.ErrorCode(err) != praxis.ENOTFOUND {
				t.Errorf("vault experts as %v: %v; want ENOTFOUND", v, err)
			}
		}
		if got := expertHandles(expertsOf(t, db, s.bob, s.vault.Slug, title, body, 0)); strings.Join(got, " ") != "alice" {
			t.Errorf("vault experts as bob: %v; want alice", got)
		}
		// Someone invited back after leaving is not an active member.
		addReply(t, db, s.bob, vaultQ.ID, "Vault compost: add lime.")
		if got := expertHandles(expertsOf(t, db, s.alice, s.vault.Slug, title, body, 0)); strings.Join(got, " ") != "bob" {
			t.Errorf("vault experts as alice: %v; want bob", got)
		}
		if err := db.Leave(ctx, s.bob, s.vault.Slug); err != nil {
			t.Fatal(err)
		}
		if err := db.Invite(ctx, s.alice, s.vault.Slug, s.bob.Handle); err != nil {
			t.Fatal(err)
		}
		if got := expertHandles(expertsOf(t, db, s.alice, s.vault.Slug, title, body, 0)); len(got) != 0 {
			t.Errorf("vault experts as alice, bob invited again: %v; want none", got)
		}
	})
}
