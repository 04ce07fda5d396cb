package sqlstore_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// countDrift is the number of communities whose kept counts
// (community_counts) differ from a recount of their rows, or that have no
// counts at all.
const countDrift = `SELECT count(*) FROM communities c LEFT JOIN community_counts cc ON cc.community_id = c.id
	WHERE cc.community_id IS NULL
	OR cc.members <> (SELECT count(*) FROM memberships m WHERE m.community_id = c.id AND m.state = 'active')
	OR cc.threads <> (SELECT count(*) FROM threads t WHERE t.community_id = c.id AND t.status <> 'deleted')`

// dayDrift is the number of days of a community's activity log whose kept
// count (activity_days) differs from a recount of the entries, counting
// the days with entries but no count.
const dayDrift = `SELECT
	(SELECT count(*) FROM activity_days d
		WHERE d.entries <> (SELECT count(*) FROM activity a WHERE a.community_id = d.community_id AND a.created_at / 86400000 = d.day))
	+ (SELECT count(*) FROM (SELECT DISTINCT community_id, created_at / 86400000 AS day FROM activity WHERE community_id IS NOT NULL) a
		WHERE NOT EXISTS (SELECT 1 FROM activity_days d WHERE d.community_id = a.community_id AND d.day = a.day))`

// wantNoDrift fails the test when the counts kept for the community pages
// differ from their rows.
func wantNoDrift(t *testing.T, db *sqlstore.DB, after string) {
	t.Helper()
	for _, c := range []struct{ what, query string }{{"communities' member or thread counts", countDrift}, {"days of activity", dayDrift}} {
		n, err := db.CountForTest(t.Context(), c.query)
		if err != nil {
			t.Fatalf("recount after %s: %v", after, err)
		}
		if n != 0 {
			t.Errorf("after %s, %d %s differ from their rows; want 0", after, n, c.what)
		}
	}
}

// TestCommunityCounts checks the member and thread counts that the
// community pages read from community_counts, which triggers keep, against
// the rows after every kind of write that changes them: through the store,
// the bench seed's multi-row inserts and an export imported elsewhere.
func TestCommunityCounts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		club := createCommunity(t, db, s.alice, "Club", praxis.VisibilityPublic, praxis.JoinRequest)
		// want checks what the pages show: the member count of the
		// community's header and the total of its conversation list.
		want := func(after, slug string, members, threads int) {
			t.Helper()
			v, err := db.Community(ctx, s.alice, slug)
			if err != nil {
				t.Fatalf("Community(%s): %v", slug, err)
			}
			list, err := db.Threads(ctx, s.alice, slug, praxis.ThreadFilter{})
			if err != nil {
				t.Fatalf("Threads(%s): %v", slug, err)
			}
			if v.Community.MemberCount != members || list.Total != threads {
				t.Errorf("after %s, %s has %d members and %d conversations; want %d and %d",
					after, slug, v.Community.MemberCount, list.Total, members, threads)
			}
			wantNoDrift(t, db, after)
		}
		want("creating the cast", s.garden.Slug, 4, 0)
		want("creating the cast", s.vault.Slug, 2, 0)

		if _, err := db.Join(ctx, s.carol, club.Slug, "Please"); err != nil {
			t.Fatalf("Join(club) by carol: %v", err)
		}
		want("a request to join", club.Slug, 1, 0)
		if err := db.Approve(ctx, s.alice, club.Slug, s.carol.Handle); err != nil {
			t.Fatalf("Approve(carol): %v", err)
		}
		want("approving the request", club.Slug, 2, 0)
		if err := db.Invite(ctx, s.alice, s.vault.Slug, s.dave.Handle); err != nil {
			t.Fatalf("Invite(dave): %v", err)
		}
		want("an invitation", s.vault.Slug, 2, 0)
		if _, err := db.Join(ctx, s.dave, s.vault.Slug, ""); err != nil {
			t.Fatalf("Join(vault) by dave: %v", err)
		}
		want("accepting the invitation", s.vault.Slug, 3, 0)
		if err := db.Leave(ctx, s.carol, s.garden.Slug); err != nil {
			t.Fatalf("Leave(garden) by carol: %v", err)
		}
		want("leaving", s.garden.Slug, 3, 0)
		if err := db.RemoveMember(ctx, s.alice, s.vault.Slug, s.dave.Handle); err != nil {
			t.Fatalf("RemoveMember(dave): %v", err)
		}
		want("removing a member", s.vault.Slug, 2, 0)

		first := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "The first thread")
		second := startThread(t, db, s.bob, s.garden.Slug, praxis.KindDiscussion, "The second thread")
		startThread(t, db, s.dave, s.garden.Slug, praxis.KindQuestion, "The third thread")
		addReply(t, db, s.dave, first.ID, "A reply is not a conversation.")
		want("three new threads", s.garden.Slug, 3, 3)
		if err := db.DeletePost(ctx, s.alice, threadPage(t, db, s.alice, second.ID).Opening.ID); err != nil {
			t.Fatalf("DeletePost(opening): %v", err)
		}
		want("deleting a thread", s.garden.Slug, 3, 2)
		if _, err := db.MoveThread(ctx, s.alice, first.ID, s.vault.Slug); err != nil {
			t.Fatalf("MoveThread: %v", err)
		}
		want("moving a thread out", s.garden.Slug, 3, 1)
		want("moving a thread in", s.vault.Slug, 2, 1)

		// The participation levels of the community page agree with those
		// of the members' list, and the chart with the activity log.
		members, err := db.Members(ctx, s.alice, s.garden.Slug, praxis.MemberFilter{})
		if err != nil {
			t.Fatalf("Members: %v", err)
		}
		byLevel := map[string]int{}
		for _, m := range members {
			byLevel[m.Level]++
		}
		levels, err := db.ParticipationLevels(ctx, s.alice, s.garden.Slug)
		if err != nil {
			t.Fatalf("ParticipationLevels: %v", err)
		}
		var got []string
		for _, l := range levels {
			got = append(got, fmt.Sprintf("%s %d", l.Level, l.Count))
		}
		wantLevels := []string{"core 0", "active 0", "occasional " + strconv.Itoa(byLevel[praxis.LevelOccasional]), "peripheral " + strconv.Itoa(byLevel[praxis.LevelPeripheral])}
		if !slices.Equal(got, wantLevels) || byLevel[praxis.LevelOccasional] == 0 {
			t.Errorf("ParticipationLevels = %v; want %v, as Members counts them, with someone occasional", got, wantLevels)
		}
		_, err = db.ParticipationLevels(ctx, nil, s.garden.Slug)
		wantCode(t, "ParticipationLevels anonymous", err, praxis.EUNAUTHORIZED)
		days, err := db.DailyActivity(ctx, nil, s.garden.Slug, 90)
		if err != nil {
			t.Fatalf("DailyActivity: %v", err)
		}
		if n := len(days); n != 90 || days[n-1].Count == 0 || !days[n-1].Day.Equal(clock.T.Truncate(24*time.Hour)) {
			t.Errorf("DailyActivity = %d days ending with %+v; want 90 ending today with today's actions", n, days[n-1])
		}

		// The bench seed writes thousands of rows a statement, which
		// PostgreSQL counts once per statement.
		seeded := sqltest.Open(t, db.Dialect(), clock)
		spec := tinyBenchSpec()
		if _, err := seeded.BenchSeed(ctx, spec, nil); err != nil {
			t.Fatalf("BenchSeed: %v", err)
		}
		wantNoDrift(t, seeded, "the bench seed")
		if n, err := seeded.CountForTest(ctx, `SELECT count(*) FROM community_counts WHERE members > 0 AND threads > 0`); err != nil || n != int64(spec.Communities) {
			t.Errorf("after the bench seed, %d communities (%v) have members and threads counted; want %d", n, err, spec.Communities)
		}

		// An export, of the instance and of one community, imported
		// elsewhere.
		rich := sqltest.Open(t, db.Dialect(), clock)
		richInstance(t, rich, clock)
		whole := sqltest.Open(t, db.Dialect(), clock)
		importInto(t, whole, exportOf(t, rich, ""))
		wantNoDrift(t, whole, "importing an instance export")
		importInto(t, db, exportOf(t, rich, "clinical-handover"))
		wantNoDrift(t, db, "importing a community export")
		if n, err := whole.CountForTest(ctx, `SELECT threads FROM community_counts cc JOIN communities c ON c.id = cc.community_id
			WHERE c.slug = 'clinical-handover'`); err != nil || n == 0 {
			t.Errorf("after importing an instance, clinical-handover counts %d threads (%v); want some", n, err)
		}
	})
}

// openTwice opens two servers' handles on one fresh database of the
// dialect, migrated once.
func openTwice(t *testing.T, dialect string, clock *sqltest.Clock) (*sqlstore.DB, *sqlstore.DB) {
	t.Helper()
	url := sqltest.DatabaseURL(t, dialect)
	var dbs [2]*sqlstore.DB
	for i := range dbs {
		db, err := sqlstore.Open(t.Context(), sqlstore.Options{DatabaseURL: url, DataDir: t.TempDir(),
			PasswordParams: &sqltest.FastPasswords, Now: clock.Now})
		if err != nil {
			t.Fatalf("open %s: %v", dialect, err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	if _, err := dbs[0].Migrate(t.Context()); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return dbs[0], dbs[1]
}

// TestParticipationLevelsKept checks the participation levels that one
// server keeps in memory against changes another server makes to the same
// database: actions, a member leaving without an action logged, and time
// moving the window past every action. After each, the levels equal those
// that Members computes from scratch.
func TestParticipationLevelsKept(t *testing.T) {
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx := t.Context()
			clock := &sqltest.Clock{T: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
			a, b := openTwice(t, dialect, clock)
			s := newConversationCast(t, a)
			slug := s.garden.Slug
			levels := func(db *sqlstore.DB) string {
				t.Helper()
				ls, err := db.ParticipationLevels(ctx, s.alice, slug)
				if err != nil {
					t.Fatalf("ParticipationLevels: %v", err)
				}
				var out []string
				for _, l := range ls {
					out = append(out, fmt.Sprintf("%s %d", l.Level, l.Count))
				}
				return strings.Join(out, ", ")
			}
			recount := func() string {
				t.Helper()
				members, err := b.Members(ctx, s.alice, slug, praxis.MemberFilter{})
				if err != nil {
					t.Fatalf("Members: %v", err)
				}
				n := map[string]int{}
				for _, m := range members {
					n[m.Level]++
				}
				return fmt.Sprintf("core %d, active %d, occasional %d, peripheral %d",
					n[praxis.LevelCore], n[praxis.LevelActive], n[praxis.LevelOccasional], n[praxis.LevelPeripheral])
			}
			before := levels(a)
			if want := recount(); before != want {
				t.Fatalf("ParticipationLevels = %s; want %s", before, want)
			}
			// The cast and the steps act at the clock's time; the window
			// moves on to just before their actions leave it, then past.
			start := clock.T
			for _, step := range []struct {
				what      string
				do        func()
				unchanged bool
			}{
				{"two actions on the other server", func() {
					th := startThread(t, b, s.dave, slug, praxis.KindQuestion, "A question from dave")
					addReply(t, b, s.dave, th.ID, "And more about it.")
				}, false},
				{"a member leaving, with no action logged", func() {
					if err := b.ExecForTest(ctx, `DELETE FROM memberships WHERE user_id = $1`, s.dave.ID); err != nil {
						t.Fatal(err)
					}
				}, false},
				{"the window moving on, every action still in it", func() { clock.T = start.Add(praxis.ParticipationWindow - time.Minute) }, true},
				{"the window moving past every action, the same day", func() { clock.T = start.Add(praxis.ParticipationWindow + time.Minute) }, false},
			} {
				step.do()
				got, want := levels(a), recount()
				if got != want || (got == before) != step.unchanged {
					t.Errorf("after %s, ParticipationLevels = %s; want %s (before: %s)", step.what, got, want, before)
				}
				before = got
			}
		})
	}
}
