package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/importer"
	"praxis/importer/sesynth"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// beerDump returns the shared Stack Exchange dump, skipping the test when
// it is absent (a fresh clone) unless PRAXIS_REQUIRE_SHARED_DATA=1.
func beerDump(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "data", "stackexchange", "beer")
	if _, err := os.Stat(filepath.Join(dir, "Posts.xml")); err != nil {
		if os.Getenv("PRAXIS_REQUIRE_SHARED_DATA") == "1" {
			t.Fatalf("PRAXIS_REQUIRE_SHARED_DATA=1 but the beer dump is missing: %v", err)
		}
		t.Skipf("the shared beer dump is not here (%v); skipping", err)
	}
	return dir
}

// seRows reads a whole dump file the simple way (not the importer's
// streaming reader), to count what the import must bring.
func seRows(t testing.TB, dir, name string) []map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Rows []struct {
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"row"`
	}
	if err := xml.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := make([]map[string]string, len(doc.Rows))
	for i, r := range doc.Rows {
		m := map[string]string{}
		for _, a := range r.Attrs {
			m[a.Name.Local] = a.Value
		}
		out[i] = m
	}
	return out
}

// dumpCounts is what a dump holds, counted independently of the importer.
type dumpCounts struct {
	questions, answers, accepted, comments, duplicates, posters int
}

func countDump(t testing.TB, dir string, until time.Time) dumpCounts {
	t.Helper()
	var c dumpCounts
	before := func(s string) bool {
		if until.IsZero() {
			return true
		}
		at, err := time.Parse("2006-01-02T15:04:05", s)
		if err != nil {
			t.Fatalf("date %q: %v", s, err)
		}
		return at.Before(until)
	}
	users := map[string]bool{}
	for _, u := range seRows(t, dir, "Users.xml") {
		users[u["Id"]] = true
	}
	questions := map[string]bool{}
	posts := map[string]bool{}
	posters := map[string]bool{}
	accepted := map[string]bool{}
	rows := seRows(t, dir, "Posts.xml")
	for _, p := range rows {
		if p["PostTypeId"] == "1" && before(p["CreationDate"]) {
			questions[p["Id"]] = true
			posts[p["Id"]] = true
			c.questions++
			if p["AcceptedAnswerId"] != "" {
				accepted[p["AcceptedAnswerId"]] = true
			}
			if o := p["OwnerUserId"]; o != "" && o != "-1" && users[o] {
				posters[o] = true
			}
		}
	}
	for _, p := range rows {
		if p["PostTypeId"] == "2" && before(p["CreationDate"]) && questions[p["ParentId"]] {
			posts[p["Id"]] = true
			c.answers++
			if accepted[p["Id"]] && until.IsZero() {
				c.accepted++
			}
			if o := p["OwnerUserId"]; o != "" && o != "-1" && users[o] {
				posters[o] = true
			}
		}
	}
	c.posters = len(posters)
	for _, cm := range seRows(t, dir, "Comments.xml") {
		if posts[cm["PostId"]] && before(cm["CreationDate"]) {
			c.comments++
		}
	}
	for _, l := range seRows(t, dir, "PostLinks.xml") {
		if l["LinkTypeId"] == "3" && questions[l["PostId"]] && questions[l["RelatedPostId"]] && before(l["CreationDate"]) {
			c.duplicates++
		}
	}
	return c
}

// importCommunity creates the community an import goes into.
func importCommunity(t *testing.T, db *sqlstore.DB, slug string) {
	t.Helper()
	admin := setupAdmin(t, db)
	c := createCommunity(t, db, admin, "Beer", praxis.VisibilityPublic, praxis.JoinOpen)
	if c.Slug != slug {
		t.Fatalf("community slug = %q; want %q", c.Slug, slug)
	}
}

func count(t *testing.T, db *sqlstore.DB, query string, args ...any) int {
	t.Helper()
	rows, err := sqlstore.RowsForTest(t.Context(), db, query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	n, err := strconv.Atoi(rows[0][0])
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// importedCounts counts what the import wrote, in the database.
func importedCounts(t *testing.T, db *sqlstore.DB) dumpCounts {
	t.Helper()
	return dumpCounts{
		questions:  count(t, db, `SELECT count(*) FROM threads WHERE kind = 'question' AND external_id IS NOT NULL`),
		answers:    count(t, db, `SELECT count(*) FROM posts WHERE NOT opening AND external_id NOT LIKE 'c%'`),
		accepted:   count(t, db, `SELECT count(*) FROM threads WHERE accepted_post_id IS NOT NULL`),
		comments:   count(t, db, `SELECT count(*) FROM posts WHERE external_id LIKE 'c%'`),
		duplicates: count(t, db, `SELECT count(*) FROM threads WHERE duplicate_of IS NOT NULL`),
		posters:    count(t, db, `SELECT count(DISTINCT author_id) FROM posts WHERE external_id NOT LIKE 'c%'`),
	}
}

func TestImportStackExchangeBeer(t *testing.T) {
	dir := beerDump(t)
	want := countDump(t, dir, time.Time{})
	if want.questions != 591 || want.answers != 1398 || want.duplicates != 17 {
		t.Fatalf("the dump counts %d questions, %d answers, %d duplicate links; the README says 591, 1,398, 17", want.questions, want.answers, want.duplicates)
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		importCommunity(t, db, "beer")
		sum, err := importer.StackExchange(t.Context(), db, dir, importer.Options{Community: "beer", BatchSize: 500})
		if err != nil {
			t.Fatalf("StackExchange: %v", err)
		}
		if got := importedCounts(t, db); got != want {
			t.Errorf("imported %+v; the dump holds %+v", got, want)
		}
		checkSearchInStep(t, db)
		if sum.Imported.Questions != want.questions || sum.Imported.Answers != want.answers || sum.Imported.Comments != want.comments ||
			sum.Imported.Accepted != want.accepted || sum.Imported.Duplicates != want.duplicates {
			t.Errorf("summary counts %+v; want %+v", sum.Imported, want)
		}

		// Every thread's counters agree with its rows.
		if n := count(t, db, `SELECT count(*) FROM threads t WHERE reply_count <> (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND NOT p.opening)
			OR helpful_count <> (SELECT COALESCE(sum(helpful), 0) FROM posts p WHERE p.thread_id = t.id)
			OR last_activity_at < (SELECT max(created_at) FROM posts p WHERE p.thread_id = t.id)`); n != 0 {
			t.Errorf("%d threads whose reply count, helpful count or last activity disagree with their posts; want 0", n)
		}
		// Placeholders cannot sign in, and are members from their first action.
		if n := count(t, db, `SELECT count(*) FROM users WHERE external_source = 'stackexchange:beer' AND (password_hash IS NOT NULL OR email IS NOT NULL)`); n != 0 {
			t.Errorf("%d imported users with a password or e-mail; want 0", n)
		}
		if n := count(t, db, `SELECT count(*) FROM users u WHERE external_source = 'stackexchange:beer' AND NOT EXISTS
			(SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.state = 'active' AND m.role = 'member')`); n != 0 {
			t.Errorf("%d imported users who are not members; want 0", n)
		}
		if n := count(t, db, `SELECT count(*) FROM users WHERE external_source = 'stackexchange:beer' AND external_id = '-1'`); n != 0 {
			t.Errorf("the site's bot was imported as a user")
		}

		// Spot checks against the dump: question 1 (citra hops) was asked
		// by user 7 on 2014-01-21T20:26:05.383 and its accepted answer is 4.
		spot := func(query string, args ...any) []string {
			t.Helper()
			rows, err := sqlstore.RowsForTest(t.Context(), db, query, args...)
			if err != nil || len(rows) != 1 {
				t.Fatalf("%s: %v rows, %v", query, len(rows), err)
			}
			return rows[0]
		}
		q1 := spot(`SELECT t.title, t.created_at, u.external_id, u.display_name, a.external_id, t.status FROM threads t
			JOIN users u ON u.id = t.author_id JOIN posts a ON a.id = t.accepted_post_id WHERE t.external_id = '1'`)
		wantAt := strconv.FormatInt(time.Date(2014, 1, 21, 20, 26, 5, 383e6, time.UTC).UnixMilli(), 10)
		if q1[1] != wantAt || q1[2] != "7" || q1[4] != "4" || q1[5] != praxis.ThreadSolved {
			t.Errorf("question 1: created %s by user %s, accepted answer %s, status %s; want %s by 7, answer 4, solved", q1[1], q1[2], q1[4], q1[5], wantAt)
		}
		// Answer 175 to question 2 is its accepted answer; answers keep their authors and dates.
		for _, id := range []string{"4", "175", "13"} {
			var want map[string]string
			for _, p := range seRows(t, dir, "Posts.xml") {
				if p["Id"] == id {
					want = p
				}
			}
			at, _ := time.Parse("2006-01-02T15:04:05", want["CreationDate"])
			got := spot(`SELECT p.created_at, COALESCE(u.external_id, ''), q.external_id, CASE WHEN t.accepted_post_id = p.id THEN 'accepted' ELSE '' END
				FROM posts p JOIN threads t ON t.id = p.thread_id JOIN posts q ON q.thread_id = t.id AND q.opening
				LEFT JOIN users u ON u.id = p.author_id WHERE p.external_id = $1`, id)
			if got[0] != strconv.FormatInt(at.UnixMilli(), 10) || got[1] != want["OwnerUserId"] || got[2] != want["ParentId"] || got[3] != "accepted" {
				t.Errorf("answer %s: created %s by %s in question %s (%s); want %d by %s in %s, accepted", id, got[0], got[1], got[2], got[3],
					at.UnixMilli(), want["OwnerUserId"], want["ParentId"])
			}
		}
		// A comment replies to the post it comments on: comment 1 is on post 5 by user 10.
		if got := strings.Join(spot(`SELECT r.external_id, COALESCE(u.external_id, '') FROM posts c JOIN posts r ON r.id = c.reply_to_id
			LEFT JOIN users u ON u.id = c.author_id WHERE c.external_id = 'c1'`), " "); got != "5 10" {
			t.Errorf("comment 1 replies to post, by user = %q; want \"5 10\"", got)
		}
		// The activity log has the history with its original times.
		if n := count(t, db, `SELECT count(*) FROM activity WHERE verb = 'posted' AND created_at < $1`, wantAt+"1"); n == 0 {
			t.Errorf("no 'posted' activity with an original time")
		}
		if got, want := count(t, db, `SELECT count(*) FROM activity WHERE verb = 'answered'`), want.answers; got != want {
			t.Errorf("%d 'answered' entries; want %d", got, want)
		}
		// Edits keep their history: post 1 was edited (revision 1 by user 7, later ones by others).
		if n := count(t, db, `SELECT count(*) FROM post_revisions r JOIN posts p ON p.id = r.post_id WHERE p.external_id = '1'`); n < 2 {
			t.Errorf("post 1 has %d revisions; want at least 2", n)
		}
		if n := count(t, db, `SELECT count(*) FROM posts p WHERE p.revision <> (SELECT max(number) FROM post_revisions r WHERE r.post_id = p.id)
			OR p.revision <> (SELECT count(*) FROM post_revisions r WHERE r.post_id = p.id)`); n != 0 {
			t.Errorf("%d posts whose revision numbers have gaps or do not end at the post's revision; want 0", n)
		}

		// Running it again imports nothing new.
		before := importedCounts(t, db)
		activity := count(t, db, `SELECT count(*) FROM activity`)
		revisions := count(t, db, `SELECT count(*) FROM post_revisions`)
		users := count(t, db, `SELECT count(*) FROM users`)
		again, err := importer.StackExchange(t.Context(), db, dir, importer.Options{Community: "beer"})
		if err != nil {
			t.Fatalf("second StackExchange: %v", err)
		}
		if again.Imported != (importer.Counts{}) {
			t.Errorf("the second run imported %+v; want nothing", again.Imported)
		}
		if again.Existing.Questions != want.questions || again.Existing.Comments != want.comments {
			t.Errorf("the second run found %+v already there; want %d questions, %d comments", again.Existing, want.questions, want.comments)
		}
		if after := importedCounts(t, db); after != before {
			t.Errorf("after a second run %+v; want %+v", after, before)
		}
		for _, c := range []struct {
			what  string
			query string
			was   int
		}{{"activity", `SELECT count(*) FROM activity`, activity}, {"revisions", `SELECT count(*) FROM post_revisions`, revisions},
			{"users", `SELECT count(*) FROM users`, users}} {
			if got := count(t, db, c.query); got != c.was {
				t.Errorf("%s after a second run = %d; want %d", c.what, got, c.was)
			}
		}
	})
}

// BenchmarkImportStackExchange imports a synthetic dump of
// PRAXIS_BENCH_SE_QUESTIONS questions (2,000 by default) into a fresh
// community, reporting posts (questions, answers and comments) a second.
func BenchmarkImportStackExchange(b *testing.B) {
	questions := 2000
	if s := os.Getenv("PRAXIS_BENCH_SE_QUESTIONS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("PRAXIS_BENCH_SE_QUESTIONS=%q: %v", s, err)
		}
		questions = n
	}
	dir := b.TempDir()
	st, err := sesynth.Write(dir, questions, 1)
	if err != nil {
		b.Fatal(err)
	}
	for _, dialect := range sqltest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			var posts int
			var elapsed time.Duration
			for b.Loop() {
				b.StopTimer()
				db := sqltest.Open(b, dialect, nil)
				admin, err := db.Setup(b.Context(), "Bench", praxis.Signup{Handle: "admin", Email: "admin@example.org", DisplayName: "Admin", Password: testPassword})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := db.CreateCommunity(b.Context(), admin, communityInput("Synth", praxis.VisibilityPublic, praxis.JoinOpen), nil); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				sum, err := importer.StackExchange(b.Context(), db, dir, importer.Options{Community: "synth"})
				if err != nil {
					b.Fatal(err)
				}
				elapsed += time.Since(start)
				posts += sum.Imported.Posts()
				if sum.Imported.Posts() != st.Posts() {
					b.Fatalf("imported %d posts; the dump has %d", sum.Imported.Posts(), st.Posts())
				}
			}
			b.ReportMetric(float64(posts)/elapsed.Seconds(), "posts/s")
		})
	}
}

func TestImportStackExchangeUntil(t *testing.T) {
	dir := beerDump(t)
	until := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	want := countDump(t, dir, until)
	// Accepted by then: the acceptance vote (a date) and the answer before Until.
	posts := seRows(t, dir, "Posts.xml")
	byID := map[string]map[string]string{}
	for _, p := range posts {
		byID[p["Id"]] = p
	}
	for _, v := range seRows(t, dir, "Votes.xml") {
		a := byID[v["PostId"]]
		if v["VoteTypeId"] != "1" || a == nil || a["PostTypeId"] != "2" {
			continue
		}
		q := byID[a["ParentId"]]
		voted, _ := time.Parse("2006-01-02T15:04:05", v["CreationDate"])
		created, _ := time.Parse("2006-01-02T15:04:05", a["CreationDate"])
		asked, _ := time.Parse("2006-01-02T15:04:05", q["CreationDate"])
		if q["AcceptedAnswerId"] == a["Id"] && voted.Before(until) && created.Before(until) && asked.Before(until) {
			want.accepted++
		}
	}
	// A post edited after Until keeps the text it had then.
	type edit struct{ post, before string }
	var edited []edit
	last, picked := map[string]string{}, map[string]bool{}
	for _, h := range seRows(t, dir, "PostHistory.xml") {
		at, _ := time.Parse("2006-01-02T15:04:05", h["CreationDate"])
		p := byID[h["PostId"]]
		if p == nil || (h["PostHistoryTypeId"] != "2" && h["PostHistoryTypeId"] != "5" && h["PostHistoryTypeId"] != "8") {
			continue
		}
		if at.Before(until) {
			last[h["PostId"]] = h["Text"]
		} else if text, ok := last[h["PostId"]]; ok && len(edited) < 3 && !picked[h["PostId"]] {
			picked[h["PostId"]] = true
			edited = append(edited, edit{h["PostId"], text})
		}
	}
	if len(edited) == 0 {
		t.Fatal("the dump has no post edited after the date; pick another")
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		importCommunity(t, db, "beer")
		if _, err := importer.StackExchange(t.Context(), db, dir, importer.Options{Community: "beer", Until: until}); err != nil {
			t.Fatalf("StackExchange: %v", err)
		}
		got := importedCounts(t, db)
		want.posters = got.posters // counted below
		if got != want {
			t.Errorf("imported %+v until %s; the dump holds %+v", got, until.Format(time.DateOnly), want)
		}
		u := until.UnixMilli()
		for _, q := range []string{
			`SELECT count(*) FROM posts WHERE created_at >= $1`,
			`SELECT count(*) FROM threads WHERE created_at >= $1 OR last_activity_at >= $1`,
			`SELECT count(*) FROM activity WHERE created_at >= $1 AND community_id IS NOT NULL AND verb <> 'created' AND verb <> 'joined' OR (verb = 'joined' AND created_at >= $1 AND actor_id IN (SELECT id FROM users WHERE external_id IS NOT NULL))`,
			`SELECT count(*) FROM post_revisions WHERE created_at >= $1`,
			`SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.external_id IS NOT NULL AND m.joined_at >= $1`,
		} {
			if n := count(t, db, q, u); n != 0 {
				t.Errorf("%s: %d; want 0", q, n)
			}
		}
		for _, e := range edited {
			rows, err := sqlstore.RowsForTest(t.Context(), db, `SELECT p.source, r.source FROM posts p JOIN post_revisions r ON r.post_id = p.id AND r.number = p.revision WHERE p.external_id = $1`, e.post)
			if err != nil || len(rows) != 1 {
				t.Fatalf("post %s: %v, %d rows", e.post, err, len(rows))
			}
			if rows[0][0] != e.before || rows[0][1] != e.before {
				t.Errorf("post %s, edited after %s: text %q (revision %q); want the text of then, %q", e.post, until.Format(time.DateOnly), rows[0][0], rows[0][1], e.before)
			}
		}
		if got := spotTitle(t, db, "2161"); got != "What exaactly is a golden stout?" {
			t.Errorf("question 2161, retitled after %s: title %q; want the title of then", until.Format(time.DateOnly), got)
		}
		checkSearchInStep(t, db)
	})
}

func spotTitle(t *testing.T, db *sqlstore.DB, ext string) string {
	t.Helper()
	rows, err := sqlstore.RowsForTest(t.Context(), db, `SELECT title FROM threads WHERE external_id = $1`, ext)
	if err != nil || len(rows) != 1 {
		t.Fatalf("thread %s: %v, %d rows", ext, err, len(rows))
	}
	return rows[0][0]
}

// failingStore fails its n-th batch, as an interrupted import would stop.
type failingStore struct {
	*sqlstore.DB
	n, calls int
}

var errInterrupted = errors.New("interrupted")

func (s *failingStore) ImportBatch(ctx context.Context, slug, source string, fn func(praxis.ImportTx) error) error {
	s.calls++
	if s.calls == s.n {
		return errInterrupted
	}
	return s.DB.ImportBatch(ctx, slug, source, fn)
}

// importFingerprint lists what an import wrote, by external ids, so that
// two databases can be compared whatever their row ids.
func importFingerprint(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT external_id, handle, display_name, bio, created_at FROM users WHERE external_id IS NOT NULL ORDER BY external_id`,
		`SELECT u.external_id, m.joined_at FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.external_id IS NOT NULL ORDER BY 1`,
		`SELECT name, description FROM topics ORDER BY name`,
		`SELECT t.external_id, t.title, t.status, t.reply_count, t.helpful_count, t.last_activity_at, COALESCE(a.external_id, ''), COALESCE(d.external_id, ''), t.excerpt
			FROM threads t LEFT JOIN posts a ON a.id = t.accepted_post_id LEFT JOIN threads d ON d.id = t.duplicate_of ORDER BY 1`,
		`SELECT p.external_id, COALESCE(r.external_id, ''), p.helpful, p.revision, p.source, p.html FROM posts p LEFT JOIN posts r ON r.id = p.reply_to_id ORDER BY 1`,
		`SELECT p.external_id, r.number, r.title, r.source, r.created_at FROM post_revisions r JOIN posts p ON p.id = r.post_id ORDER BY 1, 2`,
		`SELECT e.verb, COALESCE(u.external_id, ''), e.summary, e.created_at FROM activity e LEFT JOIN users u ON u.id = e.actor_id
			WHERE e.community_id IS NOT NULL AND (u.id IS NULL OR u.external_id IS NOT NULL) ORDER BY 4, 1, 2, 3`,
	} {
		rows, err := sqlstore.RowsForTest(t.Context(), db, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for _, r := range rows {
			out = append(out, strings.Join(r, "|"))
		}
		out = append(out, "--")
	}
	return strings.Join(out, "\n")
}

// TestImportStackExchangeResume interrupts an import at every batch in
// turn and runs it again: the result is always that of one whole run.
func TestImportStackExchangeResume(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		importCommunity(t, db, "beer")
		o := importer.Options{Community: "beer", BatchSize: 2}
		if _, err := importer.StackExchange(t.Context(), db, fixture("se-small"), o); err != nil {
			t.Fatalf("StackExchange: %v", err)
		}
		want := importFingerprint(t, db)
		for n := 1; ; n++ {
			db := sqltest.Open(t, db.Dialect(), nil)
			importCommunity(t, db, "beer")
			s := &failingStore{DB: db, n: n}
			_, err := importer.StackExchange(t.Context(), s, fixture("se-small"), o)
			if err == nil {
				if n == 1 {
					t.Fatal("the import wrote nothing")
				}
				break // every batch has been interrupted once
			}
			if !errors.Is(err, errInterrupted) {
				t.Fatalf("StackExchange, batch %d failing: %v", n, err)
			}
			if _, err := importer.StackExchange(t.Context(), db, fixture("se-small"), o); err != nil {
				t.Fatalf("StackExchange again after batch %d failed: %v", n, err)
			}
			if got := importFingerprint(t, db); got != want {
				t.Fatalf("interrupted at batch %d and run again:\n%s\nwant (one run):\n%s", n, got, want)
			}
		}
	})
}

// TestImportStackExchangeSynthetic imports a synthetic dump: what sesynth
// says it wrote is what arrives.
func TestImportStackExchangeSynthetic(t *testing.T) {
	dir := t.TempDir()
	st, err := sesynth.Write(dir, 300, 3)
	if err != nil {
		t.Fatal(err)
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		importCommunity(t, db, "beer")
		sum, err := importer.StackExchange(t.Context(), db, dir, importer.Options{Community: "beer", BatchSize: 700})
		if err != nil {
			t.Fatalf("StackExchange: %v", err)
		}
		got := importedCounts(t, db)
		if got.questions != st.Questions || got.answers != st.Answers || got.comments != st.Comments || got.accepted != st.Accepted || got.duplicates != st.Duplicates {
			t.Errorf("imported %+v; sesynth wrote %+v", got, st)
		}
		if sum.Imported.Revisions != st.Edited || sum.Imported.Closed != st.Closed {
			t.Errorf("imported %d revisions, %d closed; sesynth wrote %d edits, %d closed", sum.Imported.Revisions, sum.Imported.Closed, st.Edited, st.Closed)
		}
		if n := count(t, db, `SELECT COALESCE(sum(helpful), 0) FROM posts WHERE external_id NOT LIKE 'c%'`); n != st.UpVotes {
			t.Errorf("helpful votes %d; sesynth wrote %d up-votes", n, st.UpVotes)
		}
		checkSearchInStep(t, db)
	})
}

// checkSearchInStep checks that the search documents the import kept up to
// date are those a full rebuild makes: no write forgot to mark one stale.
func checkSearchInStep(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	const q = `SELECT kind, object_id, COALESCE(community_id, 0), COALESCE(author_id, 0), status, title, body, topics, created_at, updated_at
		FROM search_docs ORDER BY kind, object_id`
	kept, err := sqlstore.RowsForTest(t.Context(), db, q)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Reindex(t.Context(), nil); err != nil {
		t.Fatalf("Reindex: %v", err)
	}
	rebuilt, err := sqlstore.RowsForTest(t.Context(), db, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) != len(rebuilt) {
		t.Errorf("the import left %d search documents; a rebuild makes %d", len(kept), len(rebuilt))
	}
	for i := range min(len(kept), len(rebuilt)) {
		if a, b := strings.Join(kept[i], "|"), strings.Join(rebuilt[i], "|"); a != b {
			t.Errorf("search document after the import:\n%.400s\nrebuilt:\n%.400s", a, b)
			break
		}
	}
}

// fixture is a small dump of the importer's own, under importer/testdata.
func fixture(name string) string { return filepath.Join("..", "importer", "testdata", name) }

func TestImportStackExchangeSmall(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		importCommunity(t, db, "beer")
		sum, err := importer.StackExchange(t.Context(), db, fixture("se-small"), importer.Options{Community: "beer"})
		if err != nil {
			t.Fatalf("StackExchange: %v", err)
		}
		want := importer.Counts{Users: 3, Members: 3, Topics: 2, Questions: 2, Answers: 3, Accepted: 1, Comments: 3, Closed: 1, Revisions: 2, Duplicates: 1}
		if sum.Imported != want {
			t.Errorf("imported %+v; want %+v", sum.Imported, want)
		}
		for reason, want := range map[string]int{importer.SkipVoteNoPost: 1, importer.SkipNoAuthor: 2, importer.SkipUsersNotReferenced: 2,
			importer.SkipNotQuestionAnswer: 0} {
			if n := sum.SkippedCount(reason); n != want {
				t.Errorf("left out for %q: %d; want %d", reason, n, want)
			}
		}
		rows := func(query string, args ...any) string {
			t.Helper()
			rs, err := sqlstore.RowsForTest(t.Context(), db, query, args...)
			if err != nil {
				t.Fatalf("%s: %v", query, err)
			}
			var out []string
			for _, r := range rs {
				out = append(out, strings.Join(r, "|"))
			}
			return strings.Join(out, "\n")
		}
		ms := func(s string) string {
			at, err := time.Parse("2006-01-02T15:04", s)
			if err != nil {
				t.Fatal(err)
			}
			return strconv.FormatInt(at.UnixMilli(), 10)
		}
		for _, c := range []struct{ name, query, want string }{
			{"users", `SELECT external_id, handle, display_name, location, bio, created_at FROM users WHERE external_source = 'stackexchange:beer' ORDER BY external_id`,
				"1|ana-asbjornsdottir|Ana Ásbjörnsdóttir|Reykjavík|I brew *stouts*.|" + ms("2015-01-02T00:00") + "\n" +
					"2|ben|Ben|||" + ms("2015-01-03T00:00") + "\n" +
					"3|ana-asbjornsdottir-3|Ana Ásbjörnsdóttir|||" + ms("2015-01-04T00:00")},
			{"memberships from the first action", `SELECT u.external_id, m.role, m.state, m.joined_at FROM memberships m JOIN users u ON u.id = m.user_id
				WHERE u.external_source = 'stackexchange:beer' ORDER BY u.external_id`,
				"1|member|active|" + ms("2015-03-01T10:00") + "\n2|member|active|" + ms("2015-03-01T10:30") + "\n3|member|active|" + ms("2015-03-05T08:00")},
			{"topics", `SELECT name, description, approved FROM topics ORDER BY name`, "stout|Dark beers brewed with roasted malt.|" + sqlTrue(db) + "\ntemperature||" + sqlTrue(db)},
			{"threads", `SELECT t.external_id, t.title, t.status, t.reply_count, t.helpful_count, t.created_at, t.last_activity_at,
					COALESCE(a.external_id, ''), COALESCE(d.external_id, ''), t.excerpt
				FROM threads t LEFT JOIN posts a ON a.id = t.accepted_post_id LEFT JOIN threads d ON d.id = t.duplicate_of ORDER BY t.external_id`,
				"1|Serving temperature of a stout|solved|5|4|" + ms("2015-03-01T10:00") + "|" + ms("2015-03-03T11:30") + "|3||How cold should a stout be served?\n" +
					"2|Stout temperature?|closed|1|0|" + ms("2015-03-05T08:00") + "|" + ms("2016-01-10T10:00") + "||1|What temperature for a stout?"},
			{"topics of threads", `SELECT t.external_id, tp.name FROM thread_topics tt JOIN threads t ON t.id = tt.thread_id JOIN topics tp ON tp.id = tt.topic_id ORDER BY 1, 2`,
				"1|stout\n1|temperature\n2|stout"},
			{"posts", `SELECT p.external_id, COALESCE(u.external_id, ''), COALESCE(r.external_id, ''), p.helpful, p.revision, p.source FROM posts p
				LEFT JOIN users u ON u.id = p.author_id LEFT JOIN posts r ON r.id = p.reply_to_id ORDER BY p.created_at`,
				"1|1||1|3|How cold should a *stout* be served?\n" +
					"c1|2|1|1|1|Depends on the stout \\<really>.\n" +
					"3|2||2|1|Around **10–13 °C**:\n\n- warmer than a lager\n- cooler than a cellar\n" +
					"c2|1|3|0|1|Thanks, *very* helpful.\n" +
					"4|||0|1|See [this guide](https://example.org/stout).\n" +
					"c3||4|0|1|Link is broken.\n" +
					"2|3||0|1|What temperature for a stout?\n" +
					"6|3||0|1|Much later: same as the other question."},
			{"revisions of post 1", `SELECT r.number, COALESCE(u.external_id, ''), r.title, r.source, r.summary, r.created_at FROM post_revisions r
				JOIN posts p ON p.id = r.post_id LEFT JOIN users u ON u.id = r.author_id WHERE p.external_id = '1' ORDER BY r.number`,
				"1|1|Stout temperature|How cold should a stout be served||" + ms("2015-03-01T10:00") + "\n" +
					"2|2|Serving temperature of a stout|How cold should a stout be served|better title|" + ms("2015-03-01T12:00") + "\n" +
					"3|2|Serving temperature of a stout|How cold should a *stout* be served?|emphasis|" + ms("2015-03-01T12:30")},
			{"activity", `SELECT e.verb, COALESCE(u.external_id, ''), e.object_type, e.created_at FROM activity e LEFT JOIN users u ON u.id = e.actor_id
				WHERE e.community_id IS NOT NULL AND (u.id IS NULL OR u.external_id IS NOT NULL) ORDER BY e.created_at, e.verb, 2`,
				"joined|1|community|" + ms("2015-03-01T10:00") + "\nposted|1|thread|" + ms("2015-03-01T10:00") + "\n" +
					"joined|2|community|" + ms("2015-03-01T10:30") + "\nreplied|2|post|" + ms("2015-03-01T10:30") + "\n" +
					"accepted|1|post|" + ms("2015-03-01T11:00") + "\nanswered|2|post|" + ms("2015-03-01T11:00") + "\n" +
					"replied|1|post|" + ms("2015-03-01T11:30") + "\nedited|2|post|" + ms("2015-03-01T12:00") + "\n" +
					"edited|2|post|" + ms("2015-03-01T12:30") + "\nanswered||post|" + ms("2015-03-02T09:00") + "\n" +
					"replied||post|" + ms("2015-03-03T11:30") + "\n" +
					"joined|3|community|" + ms("2015-03-05T08:00") + "\nposted|3|thread|" + ms("2015-03-05T08:00") + "\n" +
					"answered|3|post|" + ms("2016-01-10T10:00")},
		} {
			if got := rows(c.query); got != c.want {
				t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
			}
		}
		// The rendered HTML is what the markdown package makes of the source.
		if got := rows(`SELECT html FROM posts WHERE external_id = '3'`); !strings.Contains(got, "<strong>10–13 °C</strong>") || !strings.Contains(got, "<li>warmer than a lager</li>") {
			t.Errorf("answer 3 html = %s", got)
		}
		checkSearchInStep(t, db)
	})
}

// sqlTrue is how a true boolean reads back as text.
func sqlTrue(db *sqlstore.DB) string {
	if db.Dialect() == "postgres" {
		return "true"
	}
	return "1"
}

func TestImportStackExchangeBadInput(t *testing.T) {
	for _, c := range []struct {
		name, dir, community string
		want                 []string // parts of the error message
	}{
		{"truncated file", fixture("se-truncated"), "beer", []string{"Users.xml:5:", "truncated"}},
		{"answer without its question", fixture("se-orphan"), "beer", []string{"Posts.xml:8:", "answer 6", "question 99", "not in the dump"}},
		{"missing file", fixture("se-missing"), "beer", []string{"se-missing", "Comments.xml"}},
		{"missing folder", fixture("se-nowhere"), "beer", []string{"se-nowhere", "no such folder"}},
		{"unknown community", fixture("se-small"), "wine", []string{"wine"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
				importCommunity(t, db, "beer")
				tables := []string{"users", "memberships", "threads", "posts", "post_revisions", "topics", "activity", "search_docs"}
				before := map[string]int{}
				for _, tb := range tables {
					before[tb] = count(t, db, `SELECT count(*) FROM `+tb)
				}
				_, err := importer.StackExchange(t.Context(), db, c.dir, importer.Options{Community: c.community})
				if err == nil {
					t.Fatalf("StackExchange(%s) succeeded; want an error", c.dir)
				}
				if code := praxis.ErrorCode(err); code != praxis.EINVALID && code != praxis.ENOTFOUND {
					t.Errorf("error code %s; want %s or %s", code, praxis.EINVALID, praxis.ENOTFOUND)
				}
				for _, part := range c.want {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("error %q; want it to mention %q", err, part)
					}
				}
				for _, tb := range tables {
					if n := count(t, db, `SELECT count(*) FROM `+tb); n != before[tb] {
						t.Errorf("%s: %d rows after the failed import; want %d (nothing written)", tb, n, before[tb])
					}
				}
			})
		})
	}
}
