package sqlstore_test

import (
	"fmt"
	"maps"
	"reflect"
	"strings"
	"testing"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

func TestCreateCommunity(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		in := communityInput("Urban Gardeners", praxis.VisibilityPublic, praxis.JoinOpen)
		in.Purpose = new("Grow food in the city.")
		goals := []praxis.GoalInput{
			{Title: new("Map the city's gardens"), Owner: new("@Alice"), DueDate: new("2026-06-30")},
			{Kind: new(praxis.GoalKindDeliverable), Title: new("A seed library"), Status: new(praxis.GoalInProgress)},
		}
		c, err := db.CreateCommunity(ctx, alice, in, goals)
		if err != nil {
			t.Fatalf("CreateCommunity: %v", err)
		}
		if c.Slug != "urban-gardeners" || c.MemberCount != 1 || c.CharterVersion != 1 || !c.CreatedAt.Equal(clock.T) {
			t.Errorf("CreateCommunity = slug %q, %d members, charter version %d, created %v; want urban-gardeners, 1, 1, %v",
				c.Slug, c.MemberCount, c.CharterVersion, c.CreatedAt, clock.T)
		}

		v, err := db.Community(ctx, alice, "Urban-Gardeners")
		if err != nil {
			t.Fatalf("Community: %v", err)
		}
		if v.Community.ID != c.ID || v.Community.Purpose != "Grow food in the city." || v.Community.Type != praxis.TypeHelping ||
			v.Community.Stage != praxis.StagePotential {
			t.Errorf("Community = %+v; want the community just created, helping, potential", v.Community)
		}
		if !v.Membership.Active() || v.Membership.Role != praxis.MemberCoordinator || !v.Perm.EditCharter {
			t.Errorf("Community: creator's membership = %+v, perm %+v; want an active coordinator who edits the charter", v.Membership, v.Perm)
		}
		type goalSummary struct{ Kind, Title, Status, DueDate, Owner string }
		var got []goalSummary
		for _, g := range v.Goals {
			got = append(got, goalSummary{g.Kind, g.Title, g.Status, g.DueDate, g.OwnerHandle})
		}
		want := []goalSummary{
			{praxis.GoalKindGoal, "Map the city's gardens", praxis.GoalPlanned, "2026-06-30", "alice"},
			{praxis.GoalKindDeliverable, "A seed library", praxis.GoalInProgress, "", ""},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("goals = %+v; want %+v", got, want)
		}

		revs, err := db.CharterRevisions(ctx, alice, c.Slug)
		if err != nil {
			t.Fatalf("CharterRevisions: %v", err)
		}
		if len(revs) != 1 {
			t.Fatalf("CharterRevisions = %d revisions; want 1", len(revs))
		}
		wantChanges := []praxis.Change{{Field: "charter", After: "created"}}
		if r := revs[0]; r.Number != 1 || r.AuthorHandle != "alice" || !reflect.DeepEqual(r.Changes, wantChanges) || len(r.Snapshot.Goals) != 2 {
			t.Errorf("revision = number %d by %q, changes %+v, %d goals; want 1 by alice, %+v, 2 goals",
				r.Number, r.AuthorHandle, r.Changes, len(r.Snapshot.Goals), wantChanges)
		}

		members, err := db.Members(ctx, alice, c.Slug, praxis.MemberFilter{})
		if err != nil || len(members) != 1 || members[0].User.ID != alice.ID {
			t.Errorf("Members = %v, %v; want only @alice", handles(members), err)
		}
		acts, err := db.Activity(ctx, alice, c.Slug, 10)
		if err != nil {
			t.Fatalf("Activity: %v", err)
		}
		var verbs []string
		for _, a := range acts {
			verbs = append(verbs, a.Verb)
		}
		if got, want := strings.Join(verbs, ","), "joined,created"; got != want {
			t.Errorf("Activity verbs = %s; want %s (newest first)", got, want)
		}
	})
}

// TestCreateCommunityAllOrNothing checks that a refused CreateCommunity
// leaves no trace: it is one transaction.
func TestCreateCommunityAllOrNothing(t *testing.T) {
	tests := []struct {
		name       string
		actor      string // "alice", "bob" or "" for anonymous
		in         praxis.CommunityInput
		goals      []praxis.GoalInput
		adminsOnly bool // only administrators may create communities
		wantCode   string
		wantFields []string
	}{
		{
			name: "slug taken", actor: "alice",
			in:       communityInput("Gardeners", praxis.VisibilityPublic, praxis.JoinOpen),
			goals:    []praxis.GoalInput{{Title: new("A goal")}},
			wantCode: praxis.ECONFLICT, wantFields: []string{"slug"},
		},
		{
			name: "slug taken, in other words", actor: "bob",
			in: func() praxis.CommunityInput {
				in := communityInput("Garden people", praxis.VisibilityPrivate, praxis.JoinOpen)
				in.Slug = new(" GARDENERS ")
				return in
			}(),
			wantCode: praxis.ECONFLICT, wantFields: []string{"slug"},
		},
		{
			name: "name too long", actor: "alice",
			in:       communityInput(strings.Repeat("n", praxis.MaxCommunityNameLen+1), praxis.VisibilityPublic, praxis.JoinOpen),
			wantCode: praxis.EINVALID, wantFields: []string{"name"},
		},
		{
			name: "reserved slug", actor: "alice",
			in:       communityInput("Admin", praxis.VisibilityPublic, praxis.JoinOpen),
			wantCode: praxis.EINVALID, wantFields: []string{"slug"},
		},
		{
			name: "goal owner not a member", actor: "alice",
			in:       communityInput("Beekeepers", praxis.VisibilityPublic, praxis.JoinOpen),
			goals:    []praxis.GoalInput{{Title: new("Count the hives"), Owner: new("alice")}, {Title: new("Harvest"), Owner: new("bob")}},
			wantCode: praxis.EINVALID, wantFields: []string{"owner"},
		},
		{
			name: "goal owner unknown", actor: "alice",
			in:       communityInput("Beekeepers", praxis.VisibilityPublic, praxis.JoinOpen),
			goals:    []praxis.GoalInput{{Title: new("Count the hives"), Owner: new("nobody")}},
			wantCode: praxis.EINVALID, wantFields: []string{"owner"},
		},
		{
			name: "goal without title", actor: "alice",
			in:       communityInput("Beekeepers", praxis.VisibilityPublic, praxis.JoinOpen),
			goals:    []praxis.GoalInput{{Title: new("Count the hives")}, {Description: new("No title")}},
			wantCode: praxis.EINVALID, wantFields: []string{"title"},
		},
		{
			name:     "anonymous",
			in:       communityInput("Beekeepers", praxis.VisibilityPublic, praxis.JoinOpen),
			wantCode: praxis.EUNAUTHORIZED,
		},
		{
			name: "members may not create", actor: "alice", adminsOnly: true,
			in:       communityInput("Beekeepers", praxis.VisibilityPublic, praxis.JoinOpen),
			wantCode: praxis.EFORBIDDEN,
		},
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		admin := setupAdmin(t, db)
		users := map[string]*praxis.User{"alice": signUp(t, db, "alice"), "bob": signUp(t, db, "bob")}
		existing, err := db.CreateCommunity(t.Context(), users["alice"], communityInput("Gardeners", praxis.VisibilityPublic, praxis.JoinOpen),
			[]praxis.GoalInput{{Title: new("Share seeds")}})
		if err != nil {
			t.Fatalf("CreateCommunity: %v", err)
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := t.Context()
				creation := praxis.CreationMembers
				if tt.adminsOnly {
					creation = praxis.CreationAdmins
				}
				if _, err := db.UpdateSettings(ctx, admin, praxis.SettingsInput{CommunityCreation: &creation}); err != nil {
					t.Fatalf("UpdateSettings: %v", err)
				}
				before := stats(t, db, admin)
				beforeList, _ := db.Communities(ctx, admin)

				_, err := db.CreateCommunity(ctx, users[tt.actor], tt.in, tt.goals)
				wantCode(t, "CreateCommunity", err, tt.wantCode)
				wantFields(t, "CreateCommunity", err, tt.wantFields...)

				if after := stats(t, db, admin); !maps.Equal(after, before) {
					t.Errorf("Stats after a refused CreateCommunity = %v; want %v", after, before)
				}
				afterList, _ := db.Communities(ctx, admin)
				if got, want := fmt.Sprint(slugs(afterList)), fmt.Sprint(slugs(beforeList)); got != want {
					t.Errorf("Communities after a refused CreateCommunity = %s; want %s", got, want)
				}
				v, err := db.Community(ctx, admin, existing.Slug)
				if err != nil {
					t.Fatalf("Community(%s): %v", existing.Slug, err)
				}
				if v.Community.Name != "Gardeners" || v.Community.CharterVersion != 1 || v.Community.MemberCount != 1 ||
					len(v.Goals) != 1 || v.Goals[0].Title != "Share seeds" {
					t.Errorf("existing community after a refused CreateCommunity = %+v with %d goals; want it unchanged", v.Community, len(v.Goals))
				}
			})
		}

		// The refused communities left nothing behind, not even their slug.
		ctx := t.Context()
		if _, err := db.UpdateSettings(ctx, admin, praxis.SettingsInput{CommunityCreation: new(praxis.CreationMembers)}); err != nil {
			t.Fatalf("UpdateSettings: %v", err)
		}
		_, err = db.Community(ctx, admin, "beekeepers")
		wantCode(t, "Community(beekeepers) after refused creations", err, praxis.ENOTFOUND)
		c, err := db.CreateCommunity(ctx, users["alice"], communityInput("Beekeepers", praxis.VisibilityPublic, praxis.JoinOpen),
			[]praxis.GoalInput{{Title: new("Count the hives"), Owner: new("alice")}})
		if err != nil {
			t.Fatalf("CreateCommunity(beekeepers) after refused creations: %v", err)
		}
		v, err := db.Community(ctx, admin, c.Slug)
		if err != nil || len(v.Goals) != 1 || v.Goals[0].Title != "Count the hives" || v.Community.CharterVersion != 1 {
			t.Errorf("Community(beekeepers) = %+v, %v; want charter version 1 with one goal", v, err)
		}
		if revs, err := db.CharterRevisions(ctx, admin, c.Slug); err != nil || len(revs) != 1 {
			t.Errorf("CharterRevisions(beekeepers) = %d, %v; want 1 revision", len(revs), err)
		}
	})
}

func TestUpdateCommunity(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		admin := setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		bob := signUp(t, db, "bob")
		carol := signUp(t, db, "carol")
		c := createCommunity(t, db, alice, "Gardeners", praxis.VisibilityPublic, praxis.JoinOpen)
		join(t, db, nil, bob, c.Slug)

		tests := []struct {
			name        string
			actor       *praxis.User
			in          praxis.CommunityInput
			wantCode    string
			wantFields  []string
			wantChanges []praxis.Change // nil: no new revision
		}{
			{
				name: "name and purpose", actor: alice,
				in: praxis.CommunityInput{Name: new("Urban gardeners"), Purpose: new("  Grow food in the city.  ")},
				wantChanges: []praxis.Change{
					{Field: "name", Before: "Gardeners", After: "Urban gardeners"},
					{Field: "purpose", Before: "", After: "Grow food in the city."},
				},
			},
			{name: "same values", actor: alice, in: praxis.CommunityInput{Name: new("Urban gardeners"), Slug: new(c.Slug)}},
			{name: "nothing", actor: alice},
			{
				name: "settings, by an administrator", actor: admin,
				in: praxis.CommunityInput{Visibility: new(praxis.VisibilityInternal), Stage: new(praxis.StageMaturing), Norms: new("Be kind.")},
				wantChanges: []praxis.Change{
					{Field: "visibility", Before: "Public", After: "Internal"},
					{Field: "lifecycle stage", Before: "Potential", After: "Maturing"},
					{Field: "norms", Before: "", After: "Be kind."},
				},
			},
			{name: "slug", actor: alice, in: praxis.CommunityInput{Slug: new("other")}, wantCode: praxis.EINVALID, wantFields: []string{"slug"}},
			{name: "empty name", actor: alice, in: praxis.CommunityInput{Name: new(" ")}, wantCode: praxis.EINVALID, wantFields: []string{"name"}},
			{name: "unknown type", actor: alice, in: praxis.CommunityInput{Type: new("club")}, wantCode: praxis.EINVALID, wantFields: []string{"type"}},
			{name: "by a member", actor: bob, in: praxis.CommunityInput{Name: new("Bob's")}, wantCode: praxis.EFORBIDDEN},
			{name: "by a non-member", actor: carol, in: praxis.CommunityInput{Name: new("Carol's")}, wantCode: praxis.EFORBIDDEN},
			{name: "anonymous", in: praxis.CommunityInput{Name: new("Nobody's")}, wantCode: praxis.EUNAUTHORIZED},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := t.Context()
				before, err := db.CharterRevisions(ctx, admin, c.Slug)
				if err != nil {
					t.Fatalf("CharterRevisions: %v", err)
				}
				updated, err := db.UpdateCommunity(ctx, tt.actor, c.Slug, tt.in)
				wantCode(t, "UpdateCommunity", err, tt.wantCode)
				wantFields(t, "UpdateCommunity", err, tt.wantFields...)
				after, err := db.CharterRevisions(ctx, admin, c.Slug)
				if err != nil {
					t.Fatalf("CharterRevisions: %v", err)
				}
				if tt.wantChanges == nil {
					if len(after) != len(before) {
						t.Errorf("revisions = %d; want %d (no new revision)", len(after), len(before))
					}
					return
				}
				if len(after) != len(before)+1 {
					t.Fatalf("revisions = %d; want %d", len(after), len(before)+1)
				}
				r := after[0]
				if r.Number != before[0].Number+1 || r.Number != updated.CharterVersion || r.AuthorHandle != tt.actor.Handle {
					t.Errorf("newest revision = number %d by %q; want %d (charter version %d) by %q",
						r.Number, r.AuthorHandle, before[0].Number+1, updated.CharterVersion, tt.actor.Handle)
				}
				if !reflect.DeepEqual(r.Changes, tt.wantChanges) {
					t.Errorf("changes = %+v; want %+v", r.Changes, tt.wantChanges)
				}
				if diff := praxis.DiffCharters(after[1].Snapshot, r.Snapshot); !reflect.DeepEqual(r.Changes, diff) {
					t.Errorf("changes = %+v; want DiffCharters of the two snapshots, %+v", r.Changes, diff)
				}
			})
		}

		v, err := db.Community(ctx, alice, c.Slug)
		if err != nil {
			t.Fatalf("Community: %v", err)
		}
		got := v.Community
		if got.Name != "Urban gardeners" || got.Purpose != "Grow food in the city." || got.Visibility != praxis.VisibilityInternal ||
			got.Stage != praxis.StageMaturing || got.Norms != "Be kind." || got.CharterVersion != 3 {
			t.Errorf("Community after updates = %+v; want name, purpose, visibility, stage and norms changed, charter version 3", got)
		}
	})
}

func TestGoalRevisions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		bob := signUp(t, db, "bob")
		carol := signUp(t, db, "carol")
		c := createCommunity(t, db, alice, "Gardeners", praxis.VisibilityPublic, praxis.JoinOpen)
		join(t, db, nil, bob, c.Slug)

		newest := func() *praxis.CharterRevision {
			t.Helper()
			revs, err := db.CharterRevisions(ctx, bob, c.Slug)
			if err != nil {
				t.Fatalf("CharterRevisions: %v", err)
			}
			return revs[0]
		}
		wantRevision := func(what string, number int, changes ...praxis.Change) {
			t.Helper()
			r := newest()
			if r.Number != number || r.AuthorHandle != "alice" || r.AuthorName != alice.DisplayName || !reflect.DeepEqual(r.Changes, changes) {
				t.Errorf("after %s: newest revision = number %d by %q (%q), changes %+v; want %d by alice (%q), %+v",
					what, r.Number, r.AuthorHandle, r.AuthorName, r.Changes, number, alice.DisplayName, changes)
			}
		}

		_, err := db.AddGoal(ctx, alice, c.Slug, praxis.GoalInput{})
		wantCode(t, "AddGoal without title", err, praxis.EINVALID)
		wantFields(t, "AddGoal without title", err, "title")
		_, err = db.AddGoal(ctx, alice, c.Slug, praxis.GoalInput{Title: new("Compost"), Owner: new("carol")})
		wantCode(t, "AddGoal owned by a non-member", err, praxis.EINVALID)
		wantFields(t, "AddGoal owned by a non-member", err, "owner")
		_, err = db.AddGoal(ctx, bob, c.Slug, praxis.GoalInput{Title: new("Compost")})
		wantCode(t, "AddGoal by a member", err, praxis.EFORBIDDEN)
		_, err = db.AddGoal(ctx, carol, c.Slug, praxis.GoalInput{Title: new("Compost")})
		wantCode(t, "AddGoal by a non-member", err, praxis.EFORBIDDEN)
		wantRevision("refused AddGoals", 1, praxis.Change{Field: "charter", After: "created"})

		g, err := db.AddGoal(ctx, alice, c.Slug, praxis.GoalInput{Title: new("Compost"), Owner: new("bob")})
		if err != nil {
			t.Fatalf("AddGoal: %v", err)
		}
		if g.ID == 0 || g.Status != praxis.GoalPlanned || g.Kind != praxis.GoalKindGoal || g.OwnerHandle != "bob" {
			t.Errorf("AddGoal = %+v; want a planned goal owned by bob", g)
		}
		wantRevision("AddGoal", 2, praxis.Change{Field: "goal added", After: "Compost"})

		if _, err := db.UpdateGoal(ctx, alice, c.Slug, g.ID, praxis.GoalInput{Status: new(praxis.GoalDone), Owner: new("")}); err != nil {
			t.Fatalf("UpdateGoal: %v", err)
		}
		wantRevision("UpdateGoal", 3,
			praxis.Change{Field: "goal “Compost”: status", Before: "Planned", After: "Done"},
			praxis.Change{Field: "goal “Compost”: owner", Before: "bob", After: ""})

		if _, err := db.UpdateGoal(ctx, alice, c.Slug, g.ID, praxis.GoalInput{Status: new(praxis.GoalDone)}); err != nil {
			t.Fatalf("UpdateGoal without change: %v", err)
		}
		wantRevision("UpdateGoal without change", 3,
			praxis.Change{Field: "goal “Compost”: status", Before: "Planned", After: "Done"},
			praxis.Change{Field: "goal “Compost”: owner", Before: "bob", After: ""})
		_, err = db.UpdateGoal(ctx, alice, c.Slug, g.ID, praxis.GoalInput{DueDate: new("next week")})
		wantCode(t, "UpdateGoal with a bad date", err, praxis.EINVALID)
		wantFields(t, "UpdateGoal with a bad date", err, "due_date")
		_, err = db.UpdateGoal(ctx, bob, c.Slug, g.ID, praxis.GoalInput{Title: new("Bob's")})
		wantCode(t, "UpdateGoal by a member", err, praxis.EFORBIDDEN)
		_, err = db.UpdateGoal(ctx, alice, c.Slug, g.ID+1000, praxis.GoalInput{Title: new("Missing")})
		wantCode(t, "UpdateGoal of a missing goal", err, praxis.ENOTFOUND)

		other := createCommunity(t, db, carol, "Beekeepers", praxis.VisibilityPublic, praxis.JoinOpen)
		wantCode(t, "DeleteGoal of another community's goal", db.DeleteGoal(ctx, carol, other.Slug, g.ID), praxis.ENOTFOUND)
		wantCode(t, "DeleteGoal by a member", db.DeleteGoal(ctx, bob, c.Slug, g.ID), praxis.EFORBIDDEN)
		if err := db.DeleteGoal(ctx, alice, c.Slug, g.ID); err != nil {
			t.Fatalf("DeleteGoal: %v", err)
		}
		wantRevision("DeleteGoal", 4, praxis.Change{Field: "goal removed", Before: "Compost"})
		wantCode(t, "DeleteGoal again", db.DeleteGoal(ctx, alice, c.Slug, g.ID), praxis.ENOTFOUND)

		revs, err := db.CharterRevisions(ctx, nil, c.Slug)
		if err != nil {
			t.Fatalf("CharterRevisions: %v", err)
		}
		var numbers []int
		for _, r := range revs {
			numbers = append(numbers, r.Number)
		}
		if fmt.Sprint(numbers) != "[4 3 2 1]" {
			t.Errorf("CharterRevisions numbers = %v; want [4 3 2 1], newest first", numbers)
		}
		if v, err := db.Community(ctx, nil, c.Slug); err != nil || len(v.Goals) != 0 || v.Community.CharterVersion != 4 {
			t.Errorf("Community after DeleteGoal = %+v, %v; want no goals and charter version 4", v, err)
		}
	})
}

// TestGoalOwnerWhoLeft checks that a goal whose owner has left the
// community can still be updated; a new owner must be a member.
func TestGoalOwnerWhoLeft(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		bob := signUp(t, db, "bob")
		carol := signUp(t, db, "carol")
		c := createCommunity(t, db, alice, "Gardeners", praxis.VisibilityPublic, praxis.JoinOpen)
		join(t, db, nil, bob, c.Slug)
		g, err := db.AddGoal(ctx, alice, c.Slug, praxis.GoalInput{Title: new("Compost"), Owner: new("bob")})
		if err != nil {
			t.Fatalf("AddGoal: %v", err)
		}
		if err := db.Leave(ctx, bob, c.Slug); err != nil {
			t.Fatalf("Leave: %v", err)
		}

		got, err := db.UpdateGoal(ctx, alice, c.Slug, g.ID, praxis.GoalInput{Status: new(praxis.GoalDone)})
		if err != nil {
			t.Fatalf("UpdateGoal(status) of a goal owned by a former member: %v", err)
		}
		if got.Status != praxis.GoalDone || got.OwnerHandle != "bob" {
			t.Errorf("UpdateGoal = status %q, owner %q; want done, still bob", got.Status, got.OwnerHandle)
		}
		v, err := db.Community(ctx, alice, c.Slug)
		if err != nil || len(v.Goals) != 1 || v.Goals[0].OwnerHandle != "bob" || v.Goals[0].Status != praxis.GoalDone {
			t.Errorf("Community goals = %+v, %v; want Compost, done, owned by bob", v.Goals, err)
		}

		_, err = db.UpdateGoal(ctx, alice, c.Slug, g.ID, praxis.GoalInput{Owner: new("carol")})
		wantCode(t, "UpdateGoal to a non-member owner", err, praxis.EINVALID)
		wantFields(t, "UpdateGoal to a non-member owner", err, "owner")
		join(t, db, nil, carol, c.Slug)
		if got, err := db.UpdateGoal(ctx, alice, c.Slug, g.ID, praxis.GoalInput{Owner: new("@carol")}); err != nil || got.OwnerHandle != "carol" {
			t.Errorf("UpdateGoal to a member owner = %+v, %v; want owned by carol", got, err)
		}
	})
}
