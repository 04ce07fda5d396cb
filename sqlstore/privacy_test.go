package sqlstore_test

import (
	"context"
	"slices"
	"testing"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// TestPrivateCommunityIsNotFound checks that a private community does not
// exist for those who may not see it: every method answers exactly as it
// does for an address where there is no community.
func TestPrivateCommunityIsNotFound(t *testing.T) {
	const missing = "no-such-community"
	// Each operation is tried on the private community and on a missing one.
	// Reads are ENOTFOUND even for anonymous viewers; actions ask anonymous
	// viewers to sign in first, whatever the address.
	ops := []struct {
		name     string
		write    bool
		do       func(ctx context.Context, db *sqlstore.DB, actor *praxis.User, slug string) error
		wantAnon string
	}{
		{"Community", false, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			_, err := db.Community(ctx, a, slug)
			return err
		}, praxis.ENOTFOUND},
		{"Members", false, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			_, err := db.Members(ctx, a, slug, praxis.MemberFilter{})
			return err
		}, praxis.ENOTFOUND},
		{"Members(pending)", false, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			_, err := db.Members(ctx, a, slug, praxis.MemberFilter{State: praxis.StatePending})
			return err
		}, praxis.ENOTFOUND},
		{"Activity", false, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			_, err := db.Activity(ctx, a, slug, 10)
			return err
		}, praxis.ENOTFOUND},
		{"DailyActivity", false, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			_, err := db.DailyActivity(ctx, a, slug, 7)
			return err
		}, praxis.ENOTFOUND},
		{"CharterRevisions", false, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			_, err := db.CharterRevisions(ctx, a, slug)
			return err
		}, praxis.ENOTFOUND},
		{"Join", true, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			_, err := db.Join(ctx, a, slug, "Let me in")
			return err
		}, praxis.EUNAUTHORIZED},
		{"Leave", true, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			return db.Leave(ctx, a, slug)
		}, praxis.EUNAUTHORIZED},
		{"UpdateCommunity", true, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			_, err := db.UpdateCommunity(ctx, a, slug, praxis.CommunityInput{Name: new("Mine now")})
			return err
		}, praxis.EUNAUTHORIZED},
		{"AddGoal", true, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			_, err := db.AddGoal(ctx, a, slug, praxis.GoalInput{Title: new("Take over")})
			return err
		}, praxis.EUNAUTHORIZED},
		{"Invite", true, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			return db.Invite(ctx, a, slug, "carol")
		}, praxis.EUNAUTHORIZED},
		{"Approve", true, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			return db.Approve(ctx, a, slug, "carol")
		}, praxis.EUNAUTHORIZED},
		{"SetRole", true, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			return db.SetRole(ctx, a, slug, "bob", praxis.MemberCoordinator)
		}, praxis.EUNAUTHORIZED},
		{"RemoveMember", true, func(ctx context.Context, db *sqlstore.DB, a *praxis.User, slug string) error {
			return db.RemoveMember(ctx, a, slug, "bob")
		}, praxis.EUNAUTHORIZED},
	}

	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		admin := setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		bob := signUp(t, db, "bob")
		carol := signUp(t, db, "carol")
		dave := signUp(t, db, "dave")
		erin := signUp(t, db, "erin")
		secret := createCommunity(t, db, alice, "Secret garden", praxis.VisibilityPrivate, praxis.JoinInvitation)
		open := createCommunity(t, db, alice, "Open garden", praxis.VisibilityPublic, praxis.JoinOpen)
		staff := createCommunity(t, db, alice, "Staff room", praxis.VisibilityInternal, praxis.JoinOpen)
		for _, u := range []*praxis.User{bob, dave} {
			join(t, db, alice, u, secret.Slug)
			join(t, db, nil, u, open.Slug)
		}
		if _, err := db.AddGoal(ctx, alice, secret.Slug, praxis.GoalInput{Title: new("A secret plan"), Owner: new("bob")}); err != nil {
			t.Fatalf("AddGoal: %v", err)
		}
		if err := db.Invite(ctx, alice, secret.Slug, "erin"); err != nil {
			t.Fatalf("Invite: %v", err)
		}
		dave = suspend(t, db, admin, dave)

		outsiders := []struct {
			name  string
			actor *praxis.User
		}{
			{"anonymous", nil},
			{"signed-in non-member", carol},
			{"suspended member", dave},
		}
		for _, v := range outsiders {
			t.Run(v.name, func(t *testing.T) {
				ctx := t.Context()
				for _, op := range ops {
					errPrivate := op.do(ctx, db, v.actor, secret.Slug)
					errMissing := op.do(ctx, db, v.actor, missing)
					want := praxis.ENOTFOUND
					if v.actor == nil {
						want = op.wantAnon
					}
					wantCode(t, op.name+" of the private community", errPrivate, want)
					if praxis.ErrorCode(errPrivate) != praxis.ErrorCode(errMissing) || praxis.ErrorMessage(errPrivate) != praxis.ErrorMessage(errMissing) {
						t.Errorf("%s: private community gives %v; want the same as a missing one, %v", op.name, errPrivate, errMissing)
					}
				}

				list, err := db.Communities(ctx, v.actor)
				if err != nil {
					t.Fatalf("Communities: %v", err)
				}
				if slices.Contains(slugs(list), secret.Slug) {
					t.Errorf("Communities = %v; want no %s", slugs(list), secret.Slug)
				}
				for _, u := range []*praxis.User{alice, bob} {
					list, err := db.CommunitiesOf(ctx, v.actor, u.ID)
					if err != nil {
						t.Fatalf("CommunitiesOf(%s): %v", u.Handle, err)
					}
					if got := slugs(list); slices.Contains(got, secret.Slug) || !slices.Contains(got, open.Slug) {
						t.Errorf("CommunitiesOf(%s) = %v; want %s but not %s", u.Handle, got, open.Slug, secret.Slug)
					}
				}
			})
		}

		// The private community is intact, and those who may see it do.
		insiders := []struct {
			name  string
			actor *praxis.User
		}{
			{"coordinator", alice},
			{"member", bob},
			{"invited", erin},
			{"administrator", admin},
		}
		for _, v := range insiders {
			t.Run(v.name, func(t *testing.T) {
				ctx := t.Context()
				cv, err := db.Community(ctx, v.actor, secret.Slug)
				if err != nil {
					t.Fatalf("Community: %v", err)
				}
				if cv.Community.Name != "Secret garden" || cv.Community.MemberCount != 3 || len(cv.Goals) != 1 {
					t.Errorf("Community = %+v with %d goals; want Secret garden unchanged, 3 active members, 1 goal",
						cv.Community, len(cv.Goals))
				}
				if v.actor == erin && !cv.Perm.Join {
					t.Errorf("Community as invited: perm %+v; want Join", cv.Perm)
				}
				if _, err := db.CharterRevisions(ctx, v.actor, secret.Slug); err != nil {
					t.Errorf("CharterRevisions: %v", err)
				}
				if _, err := db.Activity(ctx, v.actor, secret.Slug, 10); err != nil {
					t.Errorf("Activity: %v", err)
				}
				// Suspension keeps memberships, for when the account is restored.
				want := []string{"alice", "bob", "dave"}
				if ms, err := db.Members(ctx, v.actor, secret.Slug, praxis.MemberFilter{}); err != nil || !slices.Equal(handles(ms), want) {
					t.Errorf("Members = %v, %v; want %v", handles(ms), err, want)
				}
				list, err := db.Communities(ctx, v.actor)
				if err != nil || !slices.Contains(slugs(list), secret.Slug) {
					t.Errorf("Communities = %v, %v; want it to list %s", slugs(list), err, secret.Slug)
				}
				list, err = db.CommunitiesOf(ctx, v.actor, bob.ID)
				if got := slugs(list); err != nil || !slices.Equal(got, []string{open.Slug, secret.Slug}) {
					t.Errorf("CommunitiesOf(bob) = %v, %v; want [%s %s]", got, err, open.Slug, secret.Slug)
				}
			})
		}

		t.Run("internal community", func(t *testing.T) {
			ctx := t.Context()
			_, err := db.Community(ctx, nil, staff.Slug)
			wantCode(t, "Community of an internal community, anonymous", err, praxis.ENOTFOUND)
			_, err = db.Activity(ctx, nil, staff.Slug, 10)
			wantCode(t, "Activity of an internal community, anonymous", err, praxis.ENOTFOUND)
			if list, err := db.Communities(ctx, nil); err != nil || !slices.Equal(slugs(list), []string{open.Slug}) {
				t.Errorf("Communities(anonymous) = %v, %v; want only [%s]", slugs(list), err, open.Slug)
			}
			if list, err := db.CommunitiesOf(ctx, nil, alice.ID); err != nil || !slices.Equal(slugs(list), []string{open.Slug}) {
				t.Errorf("CommunitiesOf(anonymous, alice) = %v, %v; want only [%s]", slugs(list), err, open.Slug)
			}
			if _, err := db.Community(ctx, carol, staff.Slug); err != nil {
				t.Errorf("Community of an internal community, signed in: %v", err)
			}
			if list, err := db.Communities(ctx, carol); err != nil || !slices.Equal(slugs(list), []string{open.Slug, staff.Slug}) {
				t.Errorf("Communities(carol) = %v, %v; want [%s %s]", slugs(list), err, open.Slug, staff.Slug)
			}
			_, err = db.Community(ctx, dave, staff.Slug)
			wantCode(t, "Community of an internal community, suspended", err, praxis.ENOTFOUND)
		})
	})
}
