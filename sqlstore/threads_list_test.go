package sqlstore_test

import (
	"encoding/base64"
	"slices"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

func TestThreadsFilters(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		const (
			unanswered = "Unanswered question about soil"
			answered   = "Question with an answer"
			solved     = "Question that was solved"
			discussion = "Discussion about soil"
			announce   = "Announcement from the coordinator"
		)
		// Each step happens a minute after the one before.
		step := func() { clock.Add(time.Minute) }
		startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, unanswered, "soil")
		step()
		q2 := startThread(t, db, s.carol, s.garden.Slug, praxis.KindQuestion, answered)
		step()
		q3 := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, solved)
		step()
		d1 := startThread(t, db, s.carol, s.garden.Slug, praxis.KindDiscussion, discussion, "Soil")
		step()
		if _, err := db.CreateThread(ctx, s.alice, s.garden.Slug, threadInput(praxis.KindAnnouncement, announce, "Body")); err != nil {
			t.Fatalf("CreateThread(announcement): %v", err)
		}
		step()
		addReply(t, db, s.bob, q2.ID, "An answer.")
		step()
		answer := addReply(t, db, s.carol, q3.ID, "The answer.")
		step()
		if _, err := db.Accept(ctx, s.bob, q3.ID, answer.ID); err != nil {
			t.Fatalf("Accept: %v", err)
		}
		step()
		addReply(t, db, s.bob, d1.ID, "A thought.")
		step()
		// Votes do not move a thread in the activity order.
		for _, v := range []struct {
			voter *praxis.User
			post  int64
		}{
			{s.alice, answer.ID},
			{s.dave, answer.ID},
			{s.bob, threadPage(t, db, s.bob, d1.ID).Opening.ID},
		} {
			if _, err := db.Vote(ctx, v.voter, v.post, true); err != nil {
				t.Fatalf("Vote by %s: %v", v.voter.Handle, err)
			}
		}

		tests := []struct {
			name  string
			actor *praxis.User
			f     praxis.ThreadFilter
			want  []string
		}{
			{"all by activity", s.dave, praxis.ThreadFilter{}, []string{discussion, solved, answered, announce, unanswered}},
			{"all, anonymous", nil, praxis.ThreadFilter{Sort: praxis.SortActivity}, []string{discussion, solved, answered, announce, unanswered}},
			{"newest", s.dave, praxis.ThreadFilter{Sort: praxis.SortNewest}, []string{announce, discussion, solved, answered, unanswered}},
			{"most helpful", s.dave, praxis.ThreadFilter{Sort: praxis.SortHelpful}, []string{solved, discussion, announce, answered, unanswered}},
			{"questions", s.dave, praxis.ThreadFilter{Kind: praxis.KindQuestion}, []string{solved, answered, unanswered}},
			{"discussions", s.dave, praxis.ThreadFilter{Kind: praxis.KindDiscussion}, []string{discussion}},
			{"announcements", s.dave, praxis.ThreadFilter{Kind: praxis.KindAnnouncement}, []string{announce}},
			{"topic", s.dave, praxis.ThreadFilter{Topic: "#Soil"}, []string{discussion, unanswered}},
			{"unknown topic", s.dave, praxis.ThreadFilter{Topic: "weather"}, []string{}},
			{"unanswered", s.dave, praxis.ThreadFilter{Status: praxis.FilterUnanswered}, []string{unanswered}},
			{"unsolved", s.dave, praxis.ThreadFilter{Status: praxis.FilterUnsolved}, []string{answered, unanswered}},
			{"solved", s.dave, praxis.ThreadFilter{Status: praxis.FilterSolved}, []string{solved}},
			{"mine, bob", s.bob, praxis.ThreadFilter{Mine: true}, []string{solved, unanswered}},
			{"mine, carol", s.carol, praxis.ThreadFilter{Mine: true}, []string{discussion, answered}},
			{"mine, dave", s.dave, praxis.ThreadFilter{Mine: true}, []string{}},
			{"following, bob", s.bob, praxis.ThreadFilter{Following: true}, []string{discussion, solved, answered, unanswered}},
			{"following, carol", s.carol, praxis.ThreadFilter{Following: true}, []string{discussion, solved, answered}},
			{"following, dave who only voted", s.dave, praxis.ThreadFilter{Following: true}, []string{}},
			{"author", s.dave, praxis.ThreadFilter{Author: "@Carol"}, []string{discussion, answered}},
			{"author, anonymous", nil, praxis.ThreadFilter{Author: "bob"}, []string{solved, unanswered}},
			{"unknown author", s.dave, praxis.ThreadFilter{Author: "nobody"}, []string{}},
			{"mine and unsolved questions", s.bob, praxis.ThreadFilter{Mine: true, Kind: praxis.KindQuestion, Status: praxis.FilterUnsolved}, []string{unanswered}},
			{"topic, newest", s.dave, praxis.ThreadFilter{Topic: "soil", Sort: praxis.SortNewest}, []string{discussion, unanswered}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				l, err := db.Threads(t.Context(), tt.actor, s.garden.Slug, tt.f)
				if err != nil {
					t.Fatalf("Threads(%+v): %v", tt.f, err)
				}
				if got := threadTitles(l.Threads); !slices.Equal(got, tt.want) {
					t.Errorf("Threads(%+v) = %q; want %q", tt.f, got, tt.want)
				}
				if l.Total != len(tt.want) || l.NextCursor != "" {
					t.Errorf("Threads(%+v): total %d, next cursor %q; want %d, none", tt.f, l.Total, l.NextCursor, len(tt.want))
				}
			})
		}

		l, err := db.Threads(ctx, s.dave, s.garden.Slug, praxis.ThreadFilter{Topic: "soil"})
		if err != nil || len(l.Threads) != 2 || !slices.Equal(l.Threads[0].Topics, []string{"soil"}) {
			t.Errorf("Threads(topic soil) = %v, %v; want each thread with its topics", l, err)
		}

		errs := []struct {
			name  string
			actor *praxis.User
			slug  string
			f     praxis.ThreadFilter
			code  string
		}{
			{"mine, anonymous", nil, s.garden.Slug, praxis.ThreadFilter{Mine: true}, praxis.EUNAUTHORIZED},
			{"following, anonymous", nil, s.garden.Slug, praxis.ThreadFilter{Following: true}, praxis.EUNAUTHORIZED},
			{"unknown sort", s.dave, s.garden.Slug, praxis.ThreadFilter{Sort: "popular"}, praxis.EINVALID},
			{"unknown status", s.dave, s.garden.Slug, praxis.ThreadFilter{Status: praxis.ThreadOpen}, praxis.EINVALID},
			{"cursor that is not base64", s.dave, s.garden.Slug, praxis.ThreadFilter{Cursor: "not a cursor!"}, praxis.EINVALID},
			{"cursor without an id", s.dave, s.garden.Slug, praxis.ThreadFilter{Cursor: base64.RawURLEncoding.EncodeToString([]byte("12345"))}, praxis.EINVALID},
			{"cursor with words", s.dave, s.garden.Slug, praxis.ThreadFilter{Cursor: base64.RawURLEncoding.EncodeToString([]byte("soon:later"))}, praxis.EINVALID},
			{"missing community", s.dave, "no-such-community", praxis.ThreadFilter{}, praxis.ENOTFOUND},
		}
		for _, tt := range errs {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.Threads(t.Context(), tt.actor, tt.slug, tt.f)
				wantCode(t, "Threads", err, tt.code)
			})
		}
	})
}

func TestThreadsPagination(t *testing.T) {
	const n = 25
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		// The clock moves after every second thread, so that pairs of
		// threads tie on their times and the id has to break the tie; votes
		// make ties of helpful counts too.
		for i := range n {
			author := []*praxis.User{s.bob, s.carol}[i%2]
			th := startThread(t, db, author, s.garden.Slug, praxis.KindDiscussion, "Thread number "+string(rune('A'+i)))
			opening := threadPage(t, db, author, th.ID).Opening
			for _, voter := range []*praxis.User{s.alice, s.dave} {
				if (voter == s.alice && i%3 == 0) || (voter == s.dave && i%4 == 0) {
					if _, err := db.Vote(t.Context(), voter, opening.ID, true); err != nil {
						t.Fatalf("Vote: %v", err)
					}
				}
			}
			if i%2 == 1 {
				clock.Add(time.Minute)
			}
		}
		// A reply moves an old thread to the top of the activity order.
		first, err := db.Threads(t.Context(), s.dave, s.garden.Slug, praxis.ThreadFilter{Sort: praxis.SortNewest, Limit: 100})
		if err != nil || len(first.Threads) != n {
			t.Fatalf("Threads(newest) = %v, %v; want %d threads", first, err, n)
		}
		addReply(t, db, s.dave, first.Threads[n-3].ID, "Reviving this one.")

		tests := []struct {
			sort string
			key  func(*praxis.Thread) int64
		}{
			{praxis.SortActivity, func(t *praxis.Thread) int64 { return t.LastActivityAt.UnixMilli() }},
			{praxis.SortNewest, func(t *praxis.Thread) int64 { return t.CreatedAt.UnixMilli() }},
			{praxis.SortHelpful, func(t *praxis.Thread) int64 { return int64(t.HelpfulCount) }},
		}
		for _, tt := range tests {
			t.Run(tt.sort, func(t *testing.T) {
				ctx := t.Context()
				all, err := db.Threads(ctx, s.dave, s.garden.Slug, praxis.ThreadFilter{Sort: tt.sort, Limit: 100})
				if err != nil {
					t.Fatalf("Threads: %v", err)
				}
				if len(all.Threads) != n || all.Total != n || all.NextCursor != "" {
					t.Fatalf("Threads(limit 100): %d threads, total %d, next %q; want %d, %d, none", len(all.Threads), all.Total, all.NextCursor, n, n)
				}
				for i := 1; i < n; i++ {
					a, b := all.Threads[i-1], all.Threads[i]
					if ka, kb := tt.key(a), tt.key(b); ka < kb || (ka == kb && a.ID < b.ID) {
						t.Errorf("Threads: thread %d (key %d) before thread %d (key %d); want descending key, then id", a.ID, ka, b.ID, kb)
					}
				}
				var want []int64
				for _, th := range all.Threads {
					want = append(want, th.ID)
				}

				var got []int64
				var sizes []int
				f := praxis.ThreadFilter{Sort: tt.sort, Limit: 10}
				for page := 1; ; page++ {
					if page > 5 {
						t.Fatalf("Threads: more than 5 pages of 10 for %d threads", n)
					}
					l, err := db.Threads(ctx, s.dave, s.garden.Slug, f)
					if err != nil {
						t.Fatalf("Threads page %d: %v", page, err)
					}
					if l.Total != n {
						t.Errorf("Threads page %d: total %d; want %d", page, l.Total, n)
					}
					sizes = append(sizes, len(l.Threads))
					for _, th := range l.Threads {
						got = append(got, th.ID)
					}
					if l.NextCursor == "" {
						break
					}
					f.Cursor = l.NextCursor
				}
				if !slices.Equal(sizes, []int{10, 10, 5}) {
					t.Errorf("page sizes = %v; want [10 10 5]", sizes)
				}
				if !slices.Equal(got, want) {
					t.Errorf("paged ids = %v; want %v, without duplicates or gaps", got, want)
				}
			})
		}

		t.Run("filtered", func(t *testing.T) {
			var got []int64
			var sizes []int
			f := praxis.ThreadFilter{Author: "bob", Limit: 5}
			for page := 1; page <= 5; page++ {
				l, err := db.Threads(t.Context(), nil, s.garden.Slug, f)
				if err != nil {
					t.Fatalf("Threads page %d: %v", page, err)
				}
				if l.Total != 13 {
					t.Errorf("Threads page %d: total %d; want 13", page, l.Total)
				}
				sizes = append(sizes, len(l.Threads))
				for _, th := range l.Threads {
					if th.Author.Handle != "bob" {
						t.Errorf("Threads(author bob) lists thread %d by %s", th.ID, th.Author.Handle)
					}
					got = append(got, th.ID)
				}
				if f.Cursor = l.NextCursor; f.Cursor == "" {
					break
				}
			}
			slices.Sort(got)
			if distinct := len(slices.Compact(got)); !slices.Equal(sizes, []int{5, 5, 3}) || distinct != 13 {
				t.Errorf("page sizes %v with %d distinct threads; want [5 5 3] and 13", sizes, distinct)
			}
		})

		t.Run("default limit", func(t *testing.T) {
			l, err := db.Threads(t.Context(), s.dave, s.garden.Slug, praxis.ThreadFilter{})
			if err != nil || len(l.Threads) != n || l.NextCursor != "" {
				t.Errorf("Threads(no limit) = %v, %v; want all %d on one page of %d", l, err, n, praxis.DefaultPageSize)
			}
			l, err = db.Threads(t.Context(), s.dave, s.garden.Slug, praxis.ThreadFilter{Limit: -1})
			if err != nil || len(l.Threads) != n {
				t.Errorf("Threads(limit -1) = %v, %v; want all %d", l, err, n)
			}
		})
	})
}
