package sqlstore_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// kegCast adds to the conversation cast a solved question about cleaning
// kegs, an open one about carbonation, a discussion and a published
// article in the garden.
type kegCast struct {
	*conversationCast
	clean, carbonation, hops, debate *praxis.Thread
	article                          *praxis.Article
}

func newKegCast(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) *kegCast {
	t.Helper()
	s := &kegCast{conversationCast: newConversationCast(t, db)}
	g := s.garden.Slug
	s.clean = ask(t, db, s.bob, g, "How do I clean a beer keg?", "There is residue in my corny keg after every batch. Which cleaner works?", "kegs")
	answer := addReply(t, db, s.carol, s.clean.ID, "Soak it in PBW and hot water, rinse, then sanitize with Star San.")
	if _, err := db.Accept(t.Context(), s.bob, s.clean.ID, answer.ID); err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Hour)
	s.carbonation = ask(t, db, s.dave, g, "Keg carbonation takes forever", "How long does it take to carbonate a keg at 12 psi?", "kegs")
	s.hops = ask(t, db, s.dave, g, "Which hop for a pale ale?", "Cascade or Centennial for an American pale ale?")
	var err error
	s.debate, err = db.CreateThread(t.Context(), s.carol, g, threadInput(praxis.KindDiscussion, "Keg cleaning rituals", "Share how you clean your kegs and lines."))
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Hour)
	a, err := db.CreateArticle(t.Context(), s.alice, g, articleIn(praxis.ArticleGuide, "Cleaning and sanitizing kegs",
		"Soak the keg in PBW, rinse, sanitize with Star San, and replace the seals every year."))
	if err != nil {
		t.Fatal(err)
	}
	s.article = publishArticle(t, db, s.alice, a.ID)
	return s
}

func similarTo(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug string, q praxis.SimilarQuery) []*praxis.SimilarHit {
	t.Helper()
	hits, err := db.Similar(t.Context(), actor, slug, q)
	if err != nil {
		t.Fatalf("Similar(%s, %+v): %v", slug, q, err)
	}
	return hits
}

func hitKeys(hits []*praxis.SimilarHit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, h.Kind+":"+strconv.FormatInt(h.ID, 10))
	}
	return out
}

func threadKey(th *praxis.Thread) string  { return "thread:" + strconv.FormatInt(th.ID, 10) }
func articleKey(a *praxis.Article) string { return "article:" + strconv.FormatInt(a.ID, 10) }

func TestSimilar(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newKegCast(t, db, clock)
		g := s.garden.Slug
		// A paraphrase: hardly a word of the title in common.
		draft := praxis.SimilarQuery{Title: "Getting residue out of my corny", Body: "After each batch the keg has residue. What cleaner should I use?"}
		hits := similarTo(t, db, s.frank, g, draft)
		keys := hitKeys(hits)
		if len(hits) == 0 || keys[0] != threadKey(s.clean) {
			t.Fatalf("Similar(paraphrase) = %q; want the question about cleaning kegs first", keys)
		}
		if !slices.Contains(keys, articleKey(s.article)) {
			t.Errorf("Similar(paraphrase) = %q; want the article too", keys)
		}
		if slices.Contains(keys, threadKey(s.debate)) {
			t.Errorf("Similar(paraphrase) = %q; want questions only, not the discussion", keys)
		}
		h := hits[0]
		if !h.Solved || h.Status != praxis.ThreadSolved || h.ReplyCount != 1 || h.Score <= 0 || h.Community != g ||
			h.URL != s.clean.Path() || !strings.Contains(h.Excerpt, "residue") {
			t.Errorf("first hit = %+v; want the solved question with its URL, excerpt and a positive score", h)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("scores are not best first: %v", hitKeys(hits))
			}
		}

		// The baseline looks at titles only: the paraphrase's title
		// shares no word with the original's.
		base := draft
		base.Ranking = "baseline"
		if keys := hitKeys(similarTo(t, db, s.frank, g, base)); slices.Contains(keys, threadKey(s.clean)) {
			t.Errorf("baseline(paraphrase) = %q; want the original missed (no title word in common)", keys)
		}
		base.Title = "Cleaning a keg"
		if keys := hitKeys(similarTo(t, db, s.frank, g, base)); len(keys) == 0 || keys[0] != threadKey(s.clean) && keys[0] != articleKey(s.article) {
			t.Errorf("baseline(Cleaning a keg) = %q; want a keg-cleaning title first", keys)
		}

		// Limits and exclusions.
		if got := similarTo(t, db, nil, g, praxis.SimilarQuery{Title: "keg", Limit: 1}); len(got) != 1 {
			t.Errorf("Limit 1: %d hits", len(got))
		}
		if got := similarTo(t, db, nil, g, praxis.SimilarQuery{Title: "keg", Limit: 500}); len(got) > praxis.MaxSimilar {
			t.Errorf("Limit 500: %d hits; want at most %d", len(got), praxis.MaxSimilar)
		}
		if keys := hitKeys(similarTo(t, db, nil, g, praxis.SimilarQuery{Title: "keg cleaner residue", ExcludeThread: s.clean.ID})); slices.Contains(keys, threadKey(s.clean)) {
			t.Errorf("ExcludeThread: %q still holds it", keys)
		}
		before := s.carbonation.CreatedAt
		if keys := hitKeys(similarTo(t, db, nil, g, praxis.SimilarQuery{Title: "keg carbonation", Before: before})); slices.Contains(keys, threadKey(s.carbonation)) ||
			slices.Contains(keys, articleKey(s.article)) || !slices.Contains(keys, threadKey(s.clean)) {
			t.Errorf("Before: %q; want only what existed then", keys)
		}
		for _, q := range []praxis.SimilarQuery{{}, {Title: "How do I?"}, {Title: "   ", Body: "the a of"}, {Title: `NEAR( * "`}} {
			got, err := db.Similar(t.Context(), nil, g, q)
			if err != nil || got == nil || len(got) != 0 {
				t.Errorf("Similar(%+v) = %v, %v; want an empty list", q, got, err)
			}
		}
		long := strings.Repeat("keg residue cleaner ", 5000)
		if _, err := db.Similar(t.Context(), nil, g, praxis.SimilarQuery{Title: long, Body: long}); err != nil {
			t.Errorf("Similar(a huge draft): %v", err)
		}
		_, err := db.Similar(t.Context(), s.frank, s.vault.Slug, draft)
		wantCode(t, "Similar in the vault as frank", err, praxis.ENOTFOUND)
	})
}

func TestRelated(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newKegCast(t, db, clock)
		hits, err := db.Related(t.Context(), nil, s.clean.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		keys := hitKeys(hits)
		if slices.Contains(keys, threadKey(s.clean)) {
			t.Errorf("Related = %q; holds the thread itself", keys)
		}
		for _, want := range []string{articleKey(s.article), threadKey(s.debate)} {
			if !slices.Contains(keys, want) {
				t.Errorf("Related = %q; want %s (threads of any kind and articles)", keys, want)
			}
		}
		if slices.Contains(keys, threadKey(s.hops)) {
			t.Errorf("Related = %q; holds the unrelated question about hops", keys)
		}
		vaultThread := ask(t, db, s.bob, s.vault.Slug, "Vault keg cleaning", "Cleaning kegs in the vault.")
		_, err = db.Related(t.Context(), s.frank, vaultThread.ID, 5)
		wantCode(t, "Related of a vault thread as frank", err, praxis.ENOTFOUND)
		if keys := hitKeys(must(db.Related(t.Context(), s.bob, vaultThread.ID, 5))); slices.Contains(keys, threadKey(s.clean)) {
			t.Errorf("Related of a vault thread = %q; want the vault's only", keys)
		}
	})
}

// TestRelatedKept checks the related list a thread page shows: ranked once
// and kept for relatedTTL (a newer thread waits for the next ranking), but
// read live (a deleted thread goes at once), and dropped when the thread's
// own text changes.
func TestRelatedKept(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newKegCast(t, db, clock)
		related := func() []string {
			t.Helper()
			return hitKeys(must(db.Related(t.Context(), nil, s.clean.ID, 10)))
		}
		first := related()
		if !slices.Contains(first, threadKey(s.debate)) {
			t.Fatalf("Related = %q; want the keg cleaning debate", first)
		}
		newer := ask(t, db, s.carol, s.garden.Slug, "Cleaning a keg with PBW", "Is PBW enough to clean a keg, or do I need a brush for the residue?", "kegs")
		if got := related(); !slices.Equal(got, first) {
			t.Errorf("Related within the hour = %q; want the kept ranking %q", got, first)
		}
		tp, err := db.ThreadPage(t.Context(), s.carol, s.debate.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DeletePost(t.Context(), s.carol, tp.Opening.ID); err != nil {
			t.Fatal(err)
		}
		if got := related(); slices.Contains(got, threadKey(s.debate)) {
			t.Errorf("Related after deleting the debate = %q; it must go at once", got)
		}
		clock.Add(61 * time.Minute)
		if got := related(); !slices.Contains(got, threadKey(newer)) {
			t.Errorf("Related an hour later = %q; want the newer question %s", got, threadKey(newer))
		}
		// A change to the thread itself ranks again at once.
		another := ask(t, db, s.dave, s.garden.Slug, "Keg residue after cleaning", "White residue in the keg after cleaning with PBW.", "kegs")
		if got := related(); slices.Contains(got, threadKey(another)) {
			t.Fatalf("Related = %q; holds a thread asked after the ranking", got)
		}
		addReply(t, db, s.dave, s.clean.ID, "Rinse the keg twice after PBW, then the residue goes.")
		if got := related(); !slices.Contains(got, threadKey(another)) {
			t.Errorf("Related after a reply to the thread = %q; want it ranked again, with %s", got, threadKey(another))
		}
	})
}

// TestRelatedShownKept checks what is kept of a thread's related list
// against the list read afresh after each change to what a hit shows: a
// title edited, a reply, a thread closed, an article archived, a thread
// moved away, the community renamed. Each step must change the list.
func TestRelatedShownKept(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newKegCast(t, db, clock)
		shown := func() string {
			t.Helper()
			b, err := json.Marshal(must(db.Related(ctx, nil, s.clean.ID, 10)))
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		debateOpening := threadPage(t, db, s.carol, s.debate.ID).Opening.ID
		followKept(t, "related list", shown, func(on bool) { sqlstore.SetRelatedKeeping(db, on) }, []keptStep{
			{"a title edited", func() error {
				_, err := db.EditPost(ctx, s.carol, debateOpening, praxis.ThreadInput{Title: new("Keg cleaning rituals, shared")}, "")
				return err
			}},
			{"a reply", func() error {
				_, err := db.Reply(ctx, s.bob, s.carbonation.ID, "Two weeks at 12 psi for my kegs.", 0)
				return err
			}},
			{"a thread closed", func() error {
				_, err := db.SetThreadState(ctx, s.alice, s.carbonation.ID, praxis.ThreadState{Status: new(praxis.ThreadClosed)})
				return err
			}},
			{"an article archived", func() error { return db.Archive(ctx, s.alice, s.article.ID) }},
			{"a thread moved away", func() error { _, err := db.MoveThread(ctx, s.admin, s.debate.ID, s.vault.Slug); return err }},
		})
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestMarkDuplicate(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newKegCast(t, db, clock)
		g := s.garden.Slug
		dup := ask(t, db, s.dave, g, "Gunk stuck in my cornelius", "There is gunk stuck in the cornelius after the last brew.")
		other := ask(t, db, s.carol, g, "Sticky cornelius lid", "The lid of the cornelius sticks.")
		vaultQ := ask(t, db, s.bob, s.vault.Slug, "Vault keg question", "Cleaning a vault keg.")

		_, err := db.MarkDuplicate(t.Context(), nil, dup.ID, s.clean.ID)
		wantCode(t, "MarkDuplicate anonymously", err, praxis.EUNAUTHORIZED)
		_, err = db.MarkDuplicate(t.Context(), s.bob, dup.ID, s.clean.ID)
		wantCode(t, "MarkDuplicate by a member", err, praxis.EFORBIDDEN)
		_, err = db.MarkDuplicate(t.Context(), s.frank, vaultQ.ID, s.clean.ID)
		wantCode(t, "MarkDuplicate of a thread one may not see", err, praxis.ENOTFOUND)
		for _, bad := range []struct {
			name             string
			thread, original int64
		}{
			{"itself", dup.ID, dup.ID},
			{"a discussion", s.debate.ID, s.clean.ID},
			{"of a discussion", dup.ID, s.debate.ID},
			{"of another community", dup.ID, vaultQ.ID},
			{"of a missing question", dup.ID, 999999},
		} {
			_, err := db.MarkDuplicate(t.Context(), s.alice, bad.thread, bad.original)
			wantCode(t, "MarkDuplicate "+bad.name, err, praxis.EINVALID)
			wantFields(t, "MarkDuplicate "+bad.name, err, "original")
		}

		// other is a duplicate of dup; then dup of the keg question: other moves along.
		if _, err := db.MarkDuplicate(t.Context(), s.alice, other.ID, dup.ID); err != nil {
			t.Fatal(err)
		}
		th, err := db.MarkDuplicate(t.Context(), s.alice, dup.ID, s.clean.ID)
		if err != nil {
			t.Fatal(err)
		}
		if th.DuplicateOf != s.clean.ID {
			t.Errorf("DuplicateOf = %d; want %d", th.DuplicateOf, s.clean.ID)
		}
		if got := threadNow(t, db, nil, other.ID).DuplicateOf; got != s.clean.ID {
			t.Errorf("the duplicate of the duplicate points to %d; want the original %d", got, s.clean.ID)
		}
		_, err = db.MarkDuplicate(t.Context(), s.alice, s.carbonation.ID, dup.ID)
		wantCode(t, "MarkDuplicate of a duplicate", err, praxis.EINVALID)
		if !strings.Contains(praxis.ErrorMessage(err), "#"+strconv.FormatInt(s.clean.ID, 10)) {
			t.Errorf("MarkDuplicate of a duplicate: %q; want it to name the original #%d", praxis.ErrorMessage(err), s.clean.ID)
		}
		if got := logActions(t, db, s.alice, g); !slices.Contains(got, praxis.ModDuplicate) {
			t.Errorf("moderation log = %q; want %q", got, praxis.ModDuplicate)
		}

		// Marking the original as a duplicate of one of its duplicates
		// swaps them; and back.
		if _, err := db.MarkDuplicate(t.Context(), s.alice, s.clean.ID, dup.ID); err != nil {
			t.Fatalf("MarkDuplicate swapping: %v", err)
		}
		if a, b, c := threadNow(t, db, nil, s.clean.ID).DuplicateOf, threadNow(t, db, nil, dup.ID).DuplicateOf,
			threadNow(t, db, nil, other.ID).DuplicateOf; a != dup.ID || b != 0 || c != dup.ID {
			t.Errorf("after the swap: duplicate_of = %d, %d, %d; want %d, 0, %d", a, b, c, dup.ID, dup.ID)
		}
		if _, err := db.MarkDuplicate(t.Context(), s.alice, dup.ID, s.clean.ID); err != nil {
			t.Fatalf("MarkDuplicate swapping back: %v", err)
		}

		// Folding: the duplicate's words find the original, not the duplicate.
		r := find(t, db, nil, praxis.SearchQuery{Q: "gunk cornelius"})
		if got := titles(r); !slices.Equal(got, []string{s.clean.Title}) {
			t.Errorf("Search(gunk cornelius) = %q; want the original only", got)
		}
		if keys := hitKeys(similarTo(t, db, nil, g, praxis.SimilarQuery{Title: "Gunk in a cornelius keg"})); len(keys) == 0 || keys[0] != threadKey(s.clean) ||
			slices.Contains(keys, threadKey(dup)) {
			t.Errorf("Similar(gunk) = %q; want the original first and no duplicate", keys)
		}
		tp := threadPage(t, db, nil, dup.ID)
		if tp.Original == nil || tp.Original.ID != s.clean.ID || tp.Original.Title != s.clean.Title {
			t.Errorf("the duplicate's page: Original = %+v; want the keg question", tp.Original)
		}
		tp = threadPage(t, db, nil, s.clean.ID)
		var dupIDs []int64
		for _, d := range tp.Duplicates {
			dupIDs = append(dupIDs, d.ID)
		}
		if slices.Sort(dupIDs); !slices.Equal(dupIDs, []int64{dup.ID, other.ID}) {
			t.Errorf("the original's page: Duplicates = %v; want %v", dupIDs, []int64{dup.ID, other.ID})
		}
		// Editing a duplicate refreshes its original's document.
		if _, err := db.EditPost(t.Context(), s.dave, threadPage(t, db, s.dave, dup.ID).Opening.ID,
			praxis.ThreadInput{Body: new("Grime and gunk stuck in the cornelius.")}, ""); err != nil {
			t.Fatal(err)
		}
		if got := titles(find(t, db, nil, praxis.SearchQuery{Q: "grime"})); !slices.Equal(got, []string{s.clean.Title}) {
			t.Errorf("Search(grime) after editing the duplicate = %q; want the original", got)
		}

		// Unmarking makes the question findable again.
		if _, err := db.MarkDuplicate(t.Context(), s.alice, dup.ID, 0); err != nil {
			t.Fatal(err)
		}
		if got := sorted(titles(find(t, db, nil, praxis.SearchQuery{Q: "grime"}))); !slices.Equal(got, []string{dup.Title}) {
			t.Errorf("Search(grime) after unmarking = %q; want the former duplicate", got)
		}
		if got := logActions(t, db, s.alice, g); !slices.Contains(got, praxis.ModNotDuplicate) {
			t.Errorf("moderation log = %q; want %q", got, praxis.ModNotDuplicate)
		}
		// The original deleted, its duplicates stand on their own.
		if err := db.DeletePost(t.Context(), s.alice, threadPage(t, db, s.alice, s.clean.ID).Opening.ID); err != nil {
			t.Fatal(err)
		}
		if got := titles(find(t, db, nil, praxis.SearchQuery{Q: "sticky lid"})); !slices.Equal(got, []string{other.Title}) {
			t.Errorf("Search(sticky lid) once the original is deleted = %q; want the duplicate", got)
		}
	})
}

func TestRecurringQuestions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		g := s.garden.Slug
		var kegs, yeast []int64
		for _, q := range [][2]string{
			{"How do I clean a keg?", "My keg needs cleaning after a batch."},
			{"Cleaning kegs: what do you use?", "Which cleaner for kegs?"},
			{"Keg cleaning routine", "What is your routine for cleaning a keg?"},
		} {
			kegs = append(kegs, ask(t, db, s.bob, g, q[0], q[1]).ID)
			clock.Add(time.Hour)
		}
		for _, q := range [][2]string{
			{"Do I need a yeast starter?", "Is a yeast starter worth it for an ale?"},
			{"Yeast starter size for a lager", "How big a yeast starter for a lager?"},
		} {
			yeast = append(yeast, ask(t, db, s.carol, g, q[0], q[1]).ID)
			clock.Add(time.Hour)
		}
		for _, q := range [][2]string{
			{"Mash thickness", "What water to grain ratio do you use?"},
			{"Water chemistry for stouts", "Which minerals for a dark beer?"},
			{"Bottle conditioning time", "How long before bottles carbonate?"},
		} {
			ask(t, db, s.dave, g, q[0], q[1])
		}
		// A fourth keg question with an article written from it is not recurring.
		written := ask(t, db, s.dave, g, "Keg cleaning products", "Which products for cleaning a keg?")
		addReply(t, db, s.bob, written.ID, "PBW, then Star San.")
		if _, err := db.ArticleFromThread(t.Context(), s.alice, written.ID); err != nil {
			t.Fatal(err)
		}
		cls, err := db.RecurringQuestions(t.Context(), s.alice, g)
		if err != nil {
			t.Fatal(err)
		}
		if len(cls) != 2 {
			for _, c := range cls {
				t.Logf("cluster %q: %v", c.Terms, c.Threads)
			}
			t.Fatalf("%d clusters; want 2 (kegs, yeast starters)", len(cls))
		}
		ids := func(c *praxis.QuestionCluster) []int64 {
			var out []int64
			for _, h := range c.Threads {
				out = append(out, h.ID)
			}
			slices.Sort(out)
			return out
		}
		if got := ids(cls[0]); !slices.Equal(got, kegs) {
			t.Errorf("first cluster = %v; want the keg questions %v", got, kegs)
		}
		if got := ids(cls[1]); !slices.Equal(got, yeast) {
			t.Errorf("second cluster = %v; want the yeast questions %v", got, yeast)
		}
		if !slices.Contains(cls[0].Terms, "keg") || !slices.Contains(cls[1].Terms, "yeast") || !slices.Contains(cls[1].Terms, "starter") {
			t.Errorf("terms = %q and %q; want keg, then yeast and starter", cls[0].Terms, cls[1].Terms)
		}
		for _, h := range cls[0].Threads {
			if h.URL == "" || h.Score <= 0 || h.Community != g {
				t.Errorf("cluster thread = %+v; want its URL, community and similarity", h)
			}
		}

		_, err = db.RecurringQuestions(t.Context(), s.bob, g)
		wantCode(t, "RecurringQuestions as a member", err, praxis.EFORBIDDEN)
		_, err = db.RecurringQuestions(t.Context(), nil, g)
		wantCode(t, "RecurringQuestions anonymously", err, praxis.EUNAUTHORIZED)
		_, err = db.RecurringQuestions(t.Context(), s.frank, s.vault.Slug)
		wantCode(t, "RecurringQuestions of the vault as frank", err, praxis.ENOTFOUND)
		if cls, err := db.RecurringQuestions(t.Context(), s.alice, s.vault.Slug); err != nil || len(cls) != 0 {
			t.Errorf("RecurringQuestions of an empty community = %v, %v; want none", cls, err)
		}
	})
}
