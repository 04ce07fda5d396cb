package sqlstore_test

import (
	"fmt"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

func TestDailyActivity(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
		today := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		day := 24 * time.Hour

		clock.T = now.Add(-60 * day) // everything the store logs itself happens long before
		setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		c := createCommunity(t, db, alice, "Gardeners", praxis.VisibilityPublic, praxis.JoinOpen)
		other := createCommunity(t, db, alice, "Beekeepers", praxis.VisibilityPublic, praxis.JoinOpen)
		clock.T = now

		at := []time.Time{
			now,                                  // today
			today,                                // today, its first millisecond
			today.Add(-time.Millisecond),         // yesterday, its last millisecond
			today.Add(-day + 12*time.Hour),       // yesterday
			today.Add(-3*day + 23*time.Hour),     // three days ago
			today.Add(-6 * day),                  // six days ago: the first of a week
			today.Add(-6*day - time.Millisecond), // seven days ago: before the week
			today.Add(-30 * day),                 // long ago
		}
		var entries []praxis.Activity
		for _, when := range at {
			entries = append(entries, praxis.Activity{CommunityID: c.ID, ActorID: alice.ID, Verb: praxis.VerbPosted, CreatedAt: when})
			entries = append(entries, praxis.Activity{CommunityID: other.ID, ActorID: alice.ID, Verb: praxis.VerbPosted, CreatedAt: when})
		}
		if err := db.AppendActivity(ctx, entries); err != nil {
			t.Fatalf("AppendActivity: %v", err)
		}

		tests := []struct {
			days int
			want []int // counts, oldest first
		}{
			{7, []int{1, 0, 0, 1, 0, 2, 2}},
			{1, []int{2}},
			{2, []int{2, 2}},
			{8, []int{1, 1, 0, 0, 1, 0, 2, 2}},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%d days", tt.days), func(t *testing.T) {
				got, err := db.DailyActivity(t.Context(), nil, c.Slug, tt.days)
				if err != nil {
					t.Fatalf("DailyActivity: %v", err)
				}
				if len(got) != tt.days {
					t.Fatalf("DailyActivity = %d entries; want %d", len(got), tt.days)
				}
				for i, d := range got {
					wantDay := today.Add(-time.Duration(tt.days-1-i) * day)
					if !d.Day.Equal(wantDay) || d.Count != tt.want[i] {
						t.Errorf("DailyActivity[%d] = %s: %d; want %s: %d",
							i, d.Day.Format(time.DateOnly), d.Count, wantDay.Format(time.DateOnly), tt.want[i])
					}
				}
			})
		}

		got, err := db.DailyActivity(ctx, nil, c.Slug, 0)
		if err != nil || len(got) != 90 || !got[89].Day.Equal(today) {
			t.Errorf("DailyActivity(0 days) = %d entries, %v; want the default 90, ending today", len(got), err)
		}
		_, err = db.DailyActivity(ctx, nil, "no-such-community", 7)
		wantCode(t, "DailyActivity of a missing community", err, praxis.ENOTFOUND)
	})
}

func TestActivity(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		bob := signUp(t, db, "bob")
		c := createCommunity(t, db, alice, "Gardeners", praxis.VisibilityPublic, praxis.JoinOpen)
		clock.Add(time.Hour)
		join(t, db, nil, bob, c.Slug)
		if err := db.AppendActivity(ctx, []praxis.Activity{
			{CommunityID: c.ID, ActorID: bob.ID, Verb: praxis.VerbPosted, ObjectType: "post", ObjectID: 7, Summary: "Seeds", CreatedAt: clock.T.Add(-30 * time.Minute)},
		}); err != nil {
			t.Fatalf("AppendActivity: %v", err)
		}

		acts, err := db.Activity(ctx, nil, c.Slug, 10)
		if err != nil {
			t.Fatalf("Activity: %v", err)
		}
		var got []string
		for _, a := range acts {
			got = append(got, a.ActorHandle+" "+a.Verb)
		}
		if want := "[bob joined bob posted alice joined alice created]"; fmt.Sprint(got) != want {
			t.Errorf("Activity = %v; want %s, newest first", got, want)
		}
		if p := acts[1]; p.Summary != "Seeds" || p.ObjectID != 7 || !p.CreatedAt.Equal(clock.T.Add(-30*time.Minute)) || p.ActorName != bob.DisplayName {
			t.Errorf("Activity[1] = %+v; want bob's post with its summary, object and original time", p)
		}
		if acts, err := db.Activity(ctx, nil, c.Slug, 2); err != nil || len(acts) != 2 || acts[0].Verb != praxis.VerbJoined {
			t.Errorf("Activity(limit 2) = %d entries, %v; want the 2 newest", len(acts), err)
		}
	})
}
