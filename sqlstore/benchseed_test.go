package sqlstore_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"praxis"
	"praxis/markdown"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// tinyBenchSpec is a bench organization small enough for every test run.
func tinyBenchSpec() sqlstore.BenchSpec {
	return sqlstore.BenchSpec{Seed: 7, Now: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), Users: 300, Communities: 5, Posts: 3000,
		Password: "praxis-bench-password"}
}

// TestBenchSeed generates a small organization and reads it back through
// the store, as the pages would: the load test's targets exist with the
// promised number of replies, accounts sign in, participation is skewed,
// every article state and event RSVPs are there, and the database takes
// ordinary writes afterwards (on PostgreSQL, the id sequences moved past
// the generated rows).
func TestBenchSeed(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		spec := tinyBenchSpec()
		clock.T = spec.Now.Add(time.Hour)
		var phases []string
		targets, err := db.BenchSeed(ctx, spec, func(phase string, done, total int64) {
			if len(phases) == 0 || phases[len(phases)-1] != phase {
				phases = append(phases, phase)
			}
		})
		if err != nil {
			t.Fatalf("BenchSeed: %v", err)
		}
		if got := targets.Counts["posts"]; got < int64(spec.Posts) {
			t.Errorf("posts written = %d; want at least %d", got, spec.Posts)
		}
		if got := targets.Counts["users"]; got != int64(spec.Users+1) {
			t.Errorf("users written = %d; want %d", got, spec.Users+1)
		}
		for _, p := range []string{"people", "communities", "posts", "articles", "events"} {
			if !slices.Contains(phases, p) {
				t.Errorf("progress phases = %v; want %q among them", phases, p)
			}
		}
		if _, err := db.BenchSeed(ctx, spec, nil); praxis.ErrorCode(err) != praxis.ECONFLICT {
			t.Errorf("second BenchSeed: err = %v; want %s", err, praxis.ECONFLICT)
		}

		member, err := db.Authenticate(ctx, praxis.Login{Account: targets.Member, Password: spec.Password, IP: "192.0.2.9"})
		if err != nil {
			t.Fatalf("Authenticate(%s): %v", targets.Member, err)
		}
		admin, err := db.Authenticate(ctx, praxis.Login{Account: targets.Admin, Password: spec.Password, IP: "192.0.2.9"})
		if err != nil || admin.Role != praxis.RoleAdmin {
			t.Fatalf("Authenticate(%s) = %v, %v; want an administrator", targets.Admin, admin, err)
		}

		for _, tc := range []struct {
			ids  []int64
			want int
		}{{targets.Threads20, 20}, {targets.Threads200, 200}} {
			if len(tc.ids) != 5 {
				t.Errorf("%d targets with %d replies; want 5", len(tc.ids), tc.want)
			}
			for _, id := range tc.ids {
				for _, who := range []*praxis.User{nil, member} {
					tp, err := db.ThreadPage(ctx, who, id)
					if err != nil {
						t.Fatalf("ThreadPage(%d): %v", id, err)
					}
					if len(tp.Replies) != tc.want || tp.Thread.ReplyCount != tc.want {
						t.Errorf("thread %d: %d replies, reply_count %d; want %d", id, len(tp.Replies), tp.Thread.ReplyCount, tc.want)
					}
					if tp.Community.Slug != targets.Community || tp.Thread.Status != praxis.ThreadSolved {
						t.Errorf("thread %d in %s is %s; want solved in %s", id, tp.Community.Slug, tp.Thread.Status, targets.Community)
					}
				}
			}
		}
		for _, id := range targets.Articles {
			ap, err := db.ArticlePage(ctx, nil, id)
			if err != nil {
				t.Fatalf("ArticlePage(%d): %v", id, err)
			}
			if ap.Article.Status != praxis.ArticlePublished {
				t.Errorf("article %d is %s; want published", id, ap.Article.Status)
			}
		}
		for _, h := range targets.Profiles {
			if _, err := db.UserByHandle(ctx, h); err != nil {
				t.Errorf("UserByHandle(%s): %v", h, err)
			}
		}

		// Participation is skewed: the community has core members and
		// peripheral ones.
		members, err := db.Members(ctx, member, targets.Community, praxis.MemberFilter{})
		if err != nil {
			t.Fatalf("Members: %v", err)
		}
		levels := map[string]int{}
		for _, m := range members {
			levels[m.Level]++
		}
		if levels[praxis.LevelCore] == 0 || levels[praxis.LevelPeripheral] == 0 {
			t.Errorf("participation levels of %s = %v; want core and peripheral members", targets.Community, levels)
		}

		// The bench member sees a private community besides the public one.
		cs, err := db.Communities(ctx, member)
		if err != nil {
			t.Fatalf("Communities: %v", err)
		}
		if !slices.ContainsFunc(cs, func(c *praxis.Community) bool { return c.Visibility == praxis.VisibilityPrivate }) {
			t.Errorf("the bench member sees no private community")
		}

		stats := map[string]int64{}
		for table, q := range map[string]string{
			"draft":       `SELECT count(*) FROM articles WHERE status = 'draft'`,
			"in-review":   `SELECT count(*) FROM articles WHERE status = 'in-review'`,
			"published":   `SELECT count(*) FROM articles WHERE status = 'published'`,
			"archived":    `SELECT count(*) FROM articles WHERE status = 'archived'`,
			"attended":    `SELECT count(*) FROM rsvps WHERE attended`,
			"occurrences": `SELECT count(*) FROM event_occurrences`,
			"accepted":    `SELECT count(*) FROM threads WHERE accepted_post_id IS NOT NULL`,
			"votes":       `SELECT count(*) FROM votes`,
		} {
			stats[table] = benchCount(t, db, q)
		}
		for k, n := range stats {
			if n == 0 {
				t.Errorf("no %s rows in %v", k, stats)
			}
		}
		// Counters agree with the rows they count.
		if n := benchCount(t, db, `SELECT count(*) FROM threads t WHERE reply_count <> (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND NOT p.opening)`); n != 0 {
			t.Errorf("%d threads whose reply_count disagrees with their posts", n)
		}
		if n := benchCount(t, db, `SELECT count(*) FROM posts p WHERE helpful <> (SELECT count(*) FROM votes v WHERE v.post_id = p.id)`); n != 0 {
			t.Errorf("%d posts whose helpful count disagrees with their votes", n)
		}

		// Ordinary writes work on top.
		th, err := db.CreateThread(ctx, member, targets.Community, threadInput(praxis.KindQuestion,
			"A question after the seed", "Does writing still work?"))
		if err != nil {
			t.Fatalf("CreateThread after the seed: %v", err)
		}
		if _, err := db.Reply(ctx, member, th.ID, "It does.", 0); err != nil {
			t.Fatalf("Reply after the seed: %v", err)
		}
		if _, err := db.SignUp(ctx, praxis.Signup{Handle: "after-seed", Email: "after@example.org", DisplayName: "After", Password: testPassword, IP: "192.0.2.1"}); err != nil {
			t.Fatalf("SignUp after the seed: %v", err)
		}
	})
}

func benchCount(t *testing.T, db *sqlstore.DB, q string) int64 {
	t.Helper()
	n, err := db.CountForTest(t.Context(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestBenchSeedIsDeterministic seeds the same spec twice and gets the same
// organization.
func TestBenchSeedIsDeterministic(t *testing.T) {
	spec := tinyBenchSpec()
	var got []string
	for range 2 {
		db := sqltest.Open(t, "sqlite", &sqltest.Clock{T: spec.Now})
		targets, err := db.BenchSeed(t.Context(), spec, nil)
		if err != nil {
			t.Fatalf("BenchSeed: %v", err)
		}
		b, _ := json.Marshal(targets)
		var sum int64
		for _, q := range []string{`SELECT sum(length(html)) FROM posts`, `SELECT sum(created_at % 100000) FROM activity`, `SELECT count(*) FROM votes`} {
			sum += benchCount(t, db, q)
		}
		got = append(got, string(b)+string(rune(sum)))
	}
	if got[0] != got[1] {
		t.Errorf("two seeds of the same spec differ:\n%s\n%s", got[0], got[1])
	}
}

func TestBenchSeedRefusesBadSpecs(t *testing.T) {
	db := sqltest.Open(t, "sqlite", nil)
	for _, tc := range []struct {
		name  string
		edit  func(*sqlstore.BenchSpec)
		field string
	}{
		{"few users", func(s *sqlstore.BenchSpec) { s.Users = 3 }, "users"},
		{"one community", func(s *sqlstore.BenchSpec) { s.Communities = 1 }, "communities"},
		{"few posts", func(s *sqlstore.BenchSpec) { s.Posts = 10 }, "posts"},
		{"short password", func(s *sqlstore.BenchSpec) { s.Password = "x" }, "password"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := tinyBenchSpec()
			tc.edit(&spec)
			_, err := db.BenchSeed(t.Context(), spec, nil)
			if praxis.ErrorCode(err) != praxis.EINVALID || praxis.ErrorFields(err)[tc.field] == "" {
				t.Errorf("BenchSeed(%s) err = %v; want %s on field %q", tc.name, err, praxis.EINVALID, tc.field)
			}
		})
	}
	if n := benchCount(t, db, `SELECT count(*) FROM users`); n != 0 {
		t.Errorf("refused seeds wrote %d users", n)
	}
}

// TestBenchTextRendersLikeMarkdown checks the seed's shortcut: a post made
// of blocks rendered one by one is what the renderer makes of the whole.
func TestBenchTextRendersLikeMarkdown(t *testing.T) {
	r := markdown.New()
	for i, p := range sqlstore.BenchSampleBodies(r, rand.New(rand.NewPCG(1, 2)), 400) {
		want := r.Render(p.Source)
		if p.HTML != want.HTML {
			t.Fatalf("body %d: composed HTML differs from the renderer's\nsource:\n%s\ngot:  %q\nwant: %q", i, p.Source, p.HTML, want.HTML)
		}
		if p.Text != want.Text {
			t.Fatalf("body %d: composed text differs from the renderer's\nsource:\n%s\ngot:  %q\nwant: %q", i, p.Source, p.Text, want.Text)
		}
	}
}
