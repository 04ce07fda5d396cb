package sqlstore_test

import (
	"database/sql"
	"testing"
	"time"

	"praxis"
	"praxis/demo"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// openRaw opens the database at url around the store, to read the index
// as it is stored.
func openRaw(t *testing.T, dialect, url string) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", url
	if dialect == "sqlite" {
		driver, dsn = "sqlite", "file:"+url
	}
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// searchSnapshot returns every search document with its indexed text, one
// line each, in a stable order.
func searchSnapshot(t *testing.T, dialect string, conn *sql.DB) []string {
	t.Helper()
	text := `f.title || '|' || f.topics || '|' || f.body || '|' || f.answers`
	from := ` FROM search_docs d LEFT JOIN search_fts f ON f.rowid = d.id`
	if dialect == "postgres" {
		text, from = `d.tsv::text`, ` FROM search_docs d`
	}
	rows, err := conn.QueryContext(t.Context(), `SELECT d.kind || ' ' || d.object_id || ' c' || COALESCE(d.community_id, 0) || ' a' ||
		COALESCE(d.author_id, 0) || ' ' || d.status || ' ' || d.created_at || ' ' || d.updated_at || ' ' || d.thread_kind || ' r' || d.replies || ' ' ||
		d.title || '|' || d.topics || '|' ||
		d.body || '|' || COALESCE(`+text+`, 'NO INDEXED TEXT')`+from+` ORDER BY d.kind, d.object_id`)
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if dialect == "sqlite" {
		var n int
		if err := conn.QueryRowContext(t.Context(), `SELECT count(*) FROM search_fts`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != len(out) {
			t.Errorf("search_fts has %d rows for %d documents", n, len(out))
		}
		// The window of the newest documents holds every one of them
		// here (the tests' data are far smaller than it), and nothing else.
		var recent, orphans int
		if err := conn.QueryRowContext(t.Context(), `SELECT (SELECT count(*) FROM search_recent),
			(SELECT count(*) FROM search_recent WHERE rowid NOT IN (SELECT id FROM search_docs))`).Scan(&recent, &orphans); err != nil {
			t.Fatal(err)
		}
		if recent != len(out) || orphans != 0 {
			t.Errorf("search_recent has %d rows (%d of no document) for %d documents", recent, orphans, len(out))
		}
	} else {
		// The window is a copy of every document's row here, but for the text.
		var recent, same int
		if err := conn.QueryRowContext(t.Context(), `SELECT (SELECT count(*) FROM search_recent),
			(SELECT count(*) FROM search_recent r JOIN search_docs d ON d.id = r.id
				WHERE (r.kind, r.object_id, r.community_id, r.author_id, r.status, r.created_at, r.tsv)
					IS NOT DISTINCT FROM (d.kind, d.object_id, d.community_id, d.author_id, d.status, d.created_at, d.tsv))`).Scan(&recent, &same); err != nil {
			t.Fatal(err)
		}
		if recent != len(out) || same != len(out) {
			t.Errorf("search_recent has %d rows (%d the same as their document) for %d documents", recent, same, len(out))
		}
	}
	return out
}

// diffSnapshots reports the first lines that differ.
func diffSnapshots(t *testing.T, what string, got, want []string) {
	t.Helper()
	gotSet, wantSet := map[string]bool{}, map[string]bool{}
	for _, s := range got {
		gotSet[s] = true
	}
	for _, s := range want {
		wantSet[s] = true
	}
	n := 0
	for _, s := range want {
		if !gotSet[s] && n < 5 {
			t.Errorf("%s: missing or different: %.300s", what, s)
			n++
		}
	}
	for _, s := range got {
		if !wantSet[s] && n < 10 {
			t.Errorf("%s: unexpected: %.300s", what, s)
			n++
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d documents; want %d", what, len(got), len(want))
	}
}

// openWithURL opens a fresh, migrated database of the dialect and returns
// it with its URL, for reading the index around the store.
func openWithURL(t *testing.T, dialect string, clock *sqltest.Clock) (*sqlstore.DB, string) {
	t.Helper()
	url := sqltest.DatabaseURL(t, dialect)
	db, err := sqlstore.Open(t.Context(), sqlstore.Options{DatabaseURL: url, DataDir: t.TempDir(), Now: clock.Now,
		PasswordParams: &sqltest.FastPasswords})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return db, url
}

// TestSearchIndexMatchesReindex replays the demo organization through the
// store, then checks that the index its writes kept up to date is exactly
// what a full rebuild makes, and what a rebuild from nothing makes.
func TestSearchIndexMatchesReindex(t *testing.T) {
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			clock := &sqltest.Clock{T: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
			db, url := openWithURL(t, dialect, clock)
			if _, err := demo.Seed(t.Context(), db, clock.T); err != nil {
				t.Fatalf("demo.Seed: %v", err)
			}
			conn := openRaw(t, dialect, url)
			kept := searchSnapshot(t, dialect, conn)
			if len(kept) < 100 {
				t.Fatalf("the index holds %d documents; want the demo's", len(kept))
			}
			var calls, lastDone, lastTotal int
			if err := db.Reindex(t.Context(), func(done, total int) { calls, lastDone, lastTotal = calls+1, done, total }); err != nil {
				t.Fatalf("Reindex: %v", err)
			}
			if calls < 2 || lastDone != lastTotal || lastTotal < len(kept) {
				t.Errorf("progress: %d calls, last %d of %d; want the end reported", calls, lastDone, lastTotal)
			}
			diffSnapshots(t, "index kept by the demo's writes vs. rebuilt", searchSnapshot(t, dialect, conn), kept)

			// From nothing, with an orphan to remove.
			if dialect == "sqlite" {
				if _, err := conn.ExecContext(t.Context(), `DELETE FROM search_fts`); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := conn.ExecContext(t.Context(), `DELETE FROM search_docs`); err != nil {
				t.Fatal(err)
			}
			orphan := `INSERT INTO search_docs (kind, object_id, title, created_at, updated_at) VALUES ('thread', 987654, 'gone', 0, 0)`
			if dialect == "postgres" {
				orphan = `INSERT INTO search_docs (kind, object_id, title, created_at, updated_at, tsv) VALUES ('thread', 987654, 'gone', 0, 0, '')`
			}
			if _, err := conn.ExecContext(t.Context(), orphan); err != nil {
				t.Fatal(err)
			}
			if err := db.Reindex(t.Context(), nil); err != nil {
				t.Fatalf("Reindex: %v", err)
			}
			diffSnapshots(t, "index kept by the demo's writes vs. rebuilt from nothing", searchSnapshot(t, dialect, conn), kept)
		})
	}
}

// TestSearchIndexFollowsEveryWrite makes every kind of write a search
// document depends on and, after each one, compares the index with a full
// rebuild: a write that forgot tx.reindex is named here.
func TestSearchIndexFollowsEveryWrite(t *testing.T) {
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			clock := &sqltest.Clock{T: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
			db, url := openWithURL(t, dialect, clock)
			conn := openRaw(t, dialect, url)
			everyWrite(t, db, clock, func(what string) {
				t.Helper()
				kept := searchSnapshot(t, dialect, conn)
				if err := db.Reindex(t.Context(), nil); err != nil {
					t.Fatalf("Reindex: %v", err)
				}
				diffSnapshots(t, "after "+what, kept, searchSnapshot(t, dialect, conn))
			})
		})
	}
}

// everyWrite makes every change to a thread, an article, an event, a
// member and a community that a search document depends on, calling check
// after each.
func everyWrite(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock, check func(what string)) {
	t.Helper()
	ctx := t.Context()
	step := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		check(what)
		clock.Add(time.Minute)
	}
	s := newConversationCast(t, db)
	step("Setup, SignUp, CreateCommunity, Join", nil)
	g, v := s.garden.Slug, s.vault.Slug
	q := ask(t, db, s.bob, g, "How do I stop aphids?", "Aphids on the roses again.", "pests")
	step("CreateThread", nil)
	r1 := addReply(t, db, s.carol, q.ID, "Ladybirds eat them.")
	step("Reply", nil)
	r2 := addReply(t, db, s.dave, q.ID, "Soapy water works.")
	step("Reply", nil)
	_, err := db.Accept(t.Context(), s.bob, q.ID, r1.ID)
	step("Accept", err)
	opening := threadPage(t, db, s.bob, q.ID).Opening
	_, err = db.EditPost(ctx, s.bob, opening.ID, praxis.ThreadInput{Title: new("How do I stop aphids on roses?"), Topics: []string{"pests", "roses"}}, "")
	step("EditPost title and topics", err)
	_, err = db.EditPost(ctx, s.dave, r2.ID, praxis.ThreadInput{Body: new("Soapy water with neem oil works.")}, "")
	step("EditPost reply", err)
	_, err = db.HidePost(ctx, s.alice, r2.ID, "off topic")
	step("HidePost", err)
	_, err = db.RestorePost(ctx, s.alice, r2.ID)
	step("RestorePost", err)
	_, err = db.HidePost(ctx, s.alice, opening.ID, "")
	step("HidePost opening", err)
	step("DeletePost", db.DeletePost(ctx, s.dave, r2.ID))
	_, err = db.SetThreadState(ctx, s.alice, q.ID, praxis.ThreadState{Status: new(praxis.ThreadClosed)})
	step("SetThreadState", err)
	dup := ask(t, db, s.carol, g, "Greenfly everywhere", "Greenfly on every rose bush.")
	step("CreateThread", nil)
	dup2 := ask(t, db, s.dave, g, "Little green bugs on roses", "What are they?")
	step("CreateThread", nil)
	_, err = db.MarkDuplicate(ctx, s.alice, dup2.ID, dup.ID)
	step("MarkDuplicate", err)
	_, err = db.MarkDuplicate(ctx, s.alice, dup.ID, q.ID)
	step("MarkDuplicate moving a duplicate", err)
	_, err = db.MarkDuplicate(ctx, s.alice, q.ID, dup.ID)
	step("MarkDuplicate swapping", err)
	_, err = db.MarkDuplicate(ctx, s.alice, dup.ID, q.ID)
	step("MarkDuplicate swapping back", err)
	_, err = db.MarkDuplicate(ctx, s.alice, dup2.ID, 0)
	step("MarkDuplicate unmarking", err)
	gone := ask(t, db, s.bob, g, "A question to delete", "Soon gone.")
	step("CreateThread", nil)
	step("DeletePost opening", db.DeletePost(ctx, s.bob, threadPage(t, db, s.bob, gone.ID).Opening.ID))
	moving := ask(t, db, s.bob, g, "Moving question", "It moves to the vault.", "pests")
	step("CreateThread", nil)
	_, err = db.MoveThread(ctx, s.alice, moving.ID, v)
	step("MoveThread", err)
	orig := ask(t, db, s.bob, g, "Original to delete", "An original.")
	step("CreateThread", nil)
	d3 := ask(t, db, s.carol, g, "Duplicate of a deleted original", "It stands alone after.")
	step("CreateThread", nil)
	_, err = db.MarkDuplicate(ctx, s.alice, d3.ID, orig.ID)
	step("MarkDuplicate", err)
	step("DeletePost original", db.DeletePost(ctx, s.bob, threadPage(t, db, s.bob, orig.ID).Opening.ID))

	a, err := db.CreateArticle(ctx, s.alice, g, articleIn(praxis.ArticleGuide, "Pest control", "Ladybirds and soap.", "bob"))
	step("CreateArticle", err)
	_, err = db.UpdateArticle(ctx, s.alice, a.ID, praxis.ArticleInput{Body: new("Ladybirds, soap and neem."), Topics: []string{"pests"}})
	step("UpdateArticle", err)
	_, err = db.UpdateArticle(ctx, s.alice, a.ID, praxis.ArticleInput{Kind: new(praxis.ArticleReference)})
	step("UpdateArticle kind", err)
	step("RequestReview", db.RequestReview(ctx, s.alice, a.ID, []string{"carol"}))
	step("ReviewArticle", db.ReviewArticle(ctx, s.carol, a.ID, praxis.ReviewApproved, ""))
	_, err = db.Publish(ctx, s.alice, a.ID, "")
	step("Publish", err)
	step("Verify", db.Verify(ctx, s.alice, a.ID, true))
	_, err = db.ConfirmReview(ctx, s.alice, a.ID, "")
	step("ConfirmReview", err)
	step("RecordReuse", db.RecordReuse(ctx, s.dave, a.ID, "used it"))
	_, err = db.AdaptCopy(ctx, s.bob, a.ID, v)
	step("AdaptCopy", err)
	_, err = db.RestoreRevision(ctx, s.alice, a.ID, 1)
	step("RestoreRevision", err)
	step("Archive", db.Archive(ctx, s.alice, a.ID))
	solved := ask(t, db, s.bob, g, "Watering in a heatwave", "How often?", "watering")
	step("CreateThread", nil)
	addReply(t, db, s.carol, solved.ID, "Every evening, deeply.")
	step("Reply", nil)
	_, err = db.ArticleFromThread(ctx, s.carol, solved.ID)
	step("ArticleFromThread", err)

	e := createEvent(t, db, s.alice, g, eventIn(praxis.EventWorkshop, "Pest workshop", "2026-04-01T18:00", "2026-04-01T20:00", ""))
	step("CreateEvent", nil)
	_, err = db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{Title: new("Pest and disease workshop"), Place: new("The shed")})
	step("UpdateEvent", err)
	occ := occurrencesOf(t, db, s.alice, e)[0]
	_, err = db.UpdateOccurrence(ctx, s.alice, occ.ID, new("2026-04-02T18:00"), new("2026-04-02T20:00"), nil)
	step("UpdateOccurrence", err)
	step("CancelOccurrence", db.CancelOccurrence(ctx, s.alice, occ.ID))
	series := createEvent(t, db, s.alice, g, eventIn(praxis.EventMeetup, "Monthly garden meetup", "2026-04-07T18:00", "2026-04-07T19:00", "FREQ=MONTHLY;BYDAY=1TU"))
	step("CreateEvent", nil)
	step("CancelEvent", db.CancelEvent(ctx, s.alice, series.ID))

	_, err = db.UpdateProfile(ctx, s.dave, praxis.ProfileUpdate{Bio: new("Rose grower."), Expertise: []string{"roses", "pests"}})
	step("UpdateProfile", err)
	step("SetSuspended", db.SetSuspended(ctx, s.admin, "frank", true))
	_, err = db.UpdateCommunity(ctx, s.alice, g, praxis.CommunityInput{Name: new("Garden club"), Purpose: new("Grow things together.")})
	step("UpdateCommunity", err)
	_, err = db.AddGoal(ctx, s.alice, g, praxis.GoalInput{Kind: new(praxis.GoalKindGoal), Title: new("A pest guide")})
	step("AddGoal", err)
}
