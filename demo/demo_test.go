package demo

import (
	"context"
	"reflect"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

var admin = &praxis.User{Role: praxis.RoleAdmin}

func TestSeed(t *testing.T) {
	ctx := context.Background()
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		sum, err := Seed(ctx, db, clock.T)
		if err != nil {
			t.Fatalf("Seed: %v", err)
		}
		t.Logf("seeded %+v", *sum)
		if sum.Users < 12 || sum.Communities < 4 || sum.Memberships < sum.Communities || sum.Activities < 100 {
			t.Errorf("summary = %+v, want a populated demo", *sum)
		}

		t.Run("second seed conflicts and adds nothing", func(t *testing.T) {
			before, err := db.Stats(ctx, admin)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Seed(ctx, db, clock.T)
			if got := praxis.ErrorCode(err); got != praxis.ECONFLICT {
				t.Fatalf("second Seed: code = %q (%v), want %q", got, err, praxis.ECONFLICT)
			}
			after, err := db.Stats(ctx, admin)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(before, after) {
				t.Errorf("stats after second Seed = %v, want %v", after, before)
			}
		})

		t.Run("no account can sign in", func(t *testing.T) {
			users, err := db.Users(ctx, admin, praxis.UserFilter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			if len(users) != sum.Users {
				t.Errorf("users = %d, want %d", len(users), sum.Users)
			}
			orgs := map[string]int{}
			for _, u := range users {
				if u.Email != "" || u.PasswordHash != "" || u.Role != praxis.RoleMember {
					t.Errorf("@%s: email %q, has password %v, role %q; want a placeholder member", u.Handle, u.Email, u.PasswordHash != "", u.Role)
				}
				orgs[u.Organization]++
			}
			if len(orgs) != 2 || orgs[""] > 0 {
				t.Errorf("organizations = %v, want two", orgs)
			}
			if need, err := db.SetupNeeded(ctx); err != nil || !need {
				t.Errorf("SetupNeeded = %v, %v; want true: the demo creates no administrator", need, err)
			}
		})

		all, err := db.Communities(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}

		t.Run("types, visibilities and join policies", func(t *testing.T) {
			if len(all) < 4 {
				t.Fatalf("communities = %d, want at least 4", len(all))
			}
			for _, tc := range []struct {
				name    string
				choices []praxis.Choice
				value   func(*praxis.Community) string
			}{
				{"type", praxis.CommunityTypes, func(c *praxis.Community) string { return c.Type }},
				{"visibility", praxis.Visibilities, func(c *praxis.Community) string { return c.Visibility }},
				{"join policy", praxis.JoinPolicies, func(c *praxis.Community) string { return c.JoinPolicy }},
			} {
				seen := map[string]bool{}
				for _, c := range all {
					seen[tc.value(c)] = true
				}
				for _, ch := range tc.choices {
					if !seen[ch.Value] {
						t.Errorf("no community has %s %q", tc.name, ch.Value)
					}
				}
			}
		})

		t.Run("participation levels", func(t *testing.T) {
			planned := map[string]string{} // slug + handle: level
			for _, c := range communities {
				for _, m := range c.members {
					if !m.pending {
						planned[key(c.slug, m.handle)] = m.level
					}
				}
			}
			complete := 0
			for _, c := range all {
				members, err := db.Members(ctx, admin, c.Slug, praxis.MemberFilter{})
				if err != nil {
					t.Fatalf("Members(%s): %v", c.Slug, err)
				}
				levels := map[string]int{}
				coordinators := 0
				for _, m := range members {
					levels[m.Level]++
					if want := planned[key(c.Slug, m.User.Handle)]; m.Level != want {
						t.Errorf("%s: @%s is %s with %d actions, want %s", c.Slug, m.User.Handle, m.Level, m.Actions, want)
					}
					if m.Membership.Role == praxis.MemberCoordinator {
						coordinators++
					}
				}
				t.Logf("%s: %v", c.Slug, levels)
				if len(levels) == 4 {
					complete++
				}
				if coordinators == 0 {
					t.Errorf("%s has no coordinator", c.Slug)
				}
				if len(members) != c.MemberCount {
					t.Errorf("%s: %d members listed, member count %d", c.Slug, len(members), c.MemberCount)
				}
			}
			if complete == 0 {
				t.Errorf("no community has members at all four participation levels")
			}
		})

		t.Run("charters", func(t *testing.T) {
			maxRevisions := 0
			for _, c := range all {
				view, err := db.Community(ctx, admin, c.Slug)
				if err != nil {
					t.Fatal(err)
				}
				if len(view.Goals) < 2 {
					t.Errorf("%s has %d goals, want at least 2", c.Slug, len(view.Goals))
				}
				for _, g := range view.Goals {
					if g.DueDate == "" || g.Status == "" {
						t.Errorf("%s: goal %q has due date %q, status %q", c.Slug, g.Title, g.DueDate, g.Status)
					}
				}
				revs, err := db.CharterRevisions(ctx, admin, c.Slug)
				if err != nil {
					t.Fatal(err)
				}
				if len(revs) != c.CharterVersion {
					t.Errorf("%s: %d revisions, charter version %d", c.Slug, len(revs), c.CharterVersion)
				}
				maxRevisions = max(maxRevisions, len(revs))
				if c.DomainStatement == "" || c.Purpose == "" || c.Values == "" || c.Norms == "" {
					t.Errorf("%s: charter text missing", c.Slug)
				}
				if !c.CreatedAt.Before(clock.T.AddDate(0, -6, 0)) {
					t.Errorf("%s created at %s, want months before %s", c.Slug, c.CreatedAt, clock.T)
				}
			}
			if maxRevisions < 2 {
				t.Errorf("most charter revisions = %d, want at least 2", maxRevisions)
			}
		})

		t.Run("activity is in the past", func(t *testing.T) {
			for _, c := range all {
				days, err := db.DailyActivity(ctx, admin, c.Slug, 120)
				if err != nil {
					t.Fatal(err)
				}
				total := 0
				for _, d := range days {
					total += d.Count
				}
				if total < 20 {
					t.Errorf("%s: %d actions in 120 days, want a living community", c.Slug, total)
				}
				recent, err := db.Activity(ctx, admin, c.Slug, 1)
				if err != nil || len(recent) != 1 {
					t.Fatalf("Activity(%s) = %v, %v", c.Slug, recent, err)
				}
				if recent[0].CreatedAt.After(clock.T) {
					t.Errorf("%s: latest activity at %s, after now %s", c.Slug, recent[0].CreatedAt, clock.T)
				}
			}
		})

		t.Run("visibility by viewer", func(t *testing.T) {
			newcomer, err := db.UserByHandle(ctx, "kevin-oduya") // in no private community
			if err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				name   string
				viewer *praxis.User
				want   map[string]bool
			}{
				{"anonymous", nil, map[string]bool{praxis.VisibilityPublic: true}},
				{"member", newcomer, map[string]bool{praxis.VisibilityPublic: true, praxis.VisibilityInternal: true}},
				{"administrator", admin, map[string]bool{praxis.VisibilityPublic: true, praxis.VisibilityInternal: true, praxis.VisibilityPrivate: true}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					cs, err := db.Communities(ctx, tc.viewer)
					if err != nil {
						t.Fatal(err)
					}
					got := map[string]bool{}
					for _, c := range cs {
						got[c.Visibility] = true
					}
					if !reflect.DeepEqual(got, tc.want) {
						t.Errorf("visibilities seen = %v, want %v", got, tc.want)
					}
				})
			}
		})
	})
}

// TestSeedDeterministic checks that two seeds tell the same story.
func TestSeedDeterministic(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	type row struct {
		Handle, Role, Level string
		Actions             int
	}
	seed := func() (*Summary, map[string][]row) {
		db := sqltest.Open(t, "sqlite", &sqltest.Clock{T: now})
		sum, err := Seed(ctx, db, now)
		if err != nil {
			t.Fatalf("Seed: %v", err)
		}
		cs, err := db.Communities(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]row{}
		for _, c := range cs {
			ms, err := db.Members(ctx, admin, c.Slug, praxis.MemberFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				out[c.Slug] = append(out[c.Slug], row{m.User.Handle, m.Membership.Role, m.Level, m.Actions})
			}
		}
		return sum, out
	}
	sum1, members1 := seed()
	sum2, members2 := seed()
	if *sum1 != *sum2 {
		t.Errorf("summaries differ: %+v, then %+v", *sum1, *sum2)
	}
	if !reflect.DeepEqual(members1, members2) {
		t.Errorf("members differ:\n%v\nthen\n%v", members1, members2)
	}
}
