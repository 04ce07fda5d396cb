package sqlstore_test

import (
	"slices"
	"testing"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// TestVisibleWhereMatchesPolicy checks that the SQL rule that lists
// communities (visibleWhere in communities.go) lets each viewer see exactly
// the communities praxis.PermissionsFor lets them view, for every
// visibility and every kind of viewer.
func TestVisibleWhereMatchesPolicy(t *testing.T) {
	visibilities := []string{praxis.VisibilityPublic, praxis.VisibilityInternal, praxis.VisibilityPrivate}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		admin := setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		carol := signUp(t, db, "carol")
		pete := signUp(t, db, "pete")
		ivy := signUp(t, db, "ivy")
		mia := signUp(t, db, "mia")
		sam := signUp(t, db, "sam")
		sue := signUp(t, db, "sue")

		// Every community starts public and by request so that each kind of
		// membership can be made, then takes its visibility.
		communities := map[string]*praxis.Community{}
		for _, vis := range visibilities {
			c := createCommunity(t, db, alice, "Policy "+vis, praxis.VisibilityPublic, praxis.JoinRequest)
			if _, err := db.Join(ctx, pete, c.Slug, ""); err != nil {
				t.Fatalf("Join(%s) by pete: %v", c.Slug, err)
			}
			if err := db.Invite(ctx, alice, c.Slug, "ivy"); err != nil {
				t.Fatalf("Invite(%s, ivy): %v", c.Slug, err)
			}
			for _, u := range []*praxis.User{mia, sam} {
				if _, err := db.Join(ctx, u, c.Slug, ""); err != nil {
					t.Fatalf("Join(%s) by %s: %v", c.Slug, u.Handle, err)
				}
				if err := db.Approve(ctx, alice, c.Slug, u.Handle); err != nil {
					t.Fatalf("Approve(%s, %s): %v", c.Slug, u.Handle, err)
				}
			}
			if _, err := db.UpdateCommunity(ctx, alice, c.Slug, praxis.CommunityInput{Visibility: new(vis)}); err != nil {
				t.Fatalf("UpdateCommunity(%s, %s): %v", c.Slug, vis, err)
			}
			v, err := db.Community(ctx, admin, c.Slug)
			if err != nil {
				t.Fatalf("Community(%s): %v", c.Slug, err)
			}
			if v.Community.Visibility != vis {
				t.Fatalf("Community(%s) visibility = %q; want %q", c.Slug, v.Community.Visibility, vis)
			}
			communities[vis] = v.Community
		}
		sam = suspend(t, db, admin, sam)
		if err := db.SetUserRole(ctx, admin, "sue", praxis.RoleAdmin); err != nil {
			t.Fatalf("SetUserRole(sue, admin): %v", err)
		}
		sue = suspend(t, db, admin, sue)

		// memberships reads every membership back from the store, as the
		// administrator sees them.
		memberships := map[string]map[int64]*praxis.Membership{}
		for vis, c := range communities {
			memberships[vis] = map[int64]*praxis.Membership{}
			for _, state := range []string{praxis.StateActive, praxis.StatePending, praxis.StateInvited} {
				ms, err := db.Members(ctx, admin, c.Slug, praxis.MemberFilter{State: state})
				if err != nil {
					t.Fatalf("Members(%s, %s): %v", c.Slug, state, err)
				}
				for _, m := range ms {
					memberships[vis][m.User.ID] = &m.Membership
				}
			}
		}

		viewers := []struct {
			name string
			user *praxis.User
			// sees is the documented rule, by visibility; PermissionsFor
			// must agree with it and the SQL with PermissionsFor.
			sees map[string]bool
		}{
			{"anonymous", nil, map[string]bool{praxis.VisibilityPublic: true}},
			{"signed-in non-member", carol, map[string]bool{praxis.VisibilityPublic: true, praxis.VisibilityInternal: true}},
			{"pending requester", pete, map[string]bool{praxis.VisibilityPublic: true, praxis.VisibilityInternal: true}},
			{"invited", ivy, map[string]bool{praxis.VisibilityPublic: true, praxis.VisibilityInternal: true, praxis.VisibilityPrivate: true}},
			{"active member", mia, map[string]bool{praxis.VisibilityPublic: true, praxis.VisibilityInternal: true, praxis.VisibilityPrivate: true}},
			{"coordinator", alice, map[string]bool{praxis.VisibilityPublic: true, praxis.VisibilityInternal: true, praxis.VisibilityPrivate: true}},
			{"administrator", admin, map[string]bool{praxis.VisibilityPublic: true, praxis.VisibilityInternal: true, praxis.VisibilityPrivate: true}},
			{"suspended member", sam, map[string]bool{praxis.VisibilityPublic: true}},
			{"suspended administrator", sue, map[string]bool{praxis.VisibilityPublic: true}},
		}
		for _, v := range viewers {
			t.Run(v.name, func(t *testing.T) {
				ctx := t.Context()
				listed, err := db.Communities(ctx, v.user)
				if err != nil {
					t.Fatalf("Communities: %v", err)
				}
				listedOf, err := db.CommunitiesOf(ctx, v.user, alice.ID)
				if err != nil {
					t.Fatalf("CommunitiesOf(alice): %v", err)
				}
				names, err := db.CommunityNames(ctx, v.user)
				if err != nil {
					t.Fatalf("CommunityNames: %v", err)
				}
				if len(names) != len(listed) {
					t.Errorf("CommunityNames lists %d communities, Communities %d", len(names), len(listed))
				}
				for i := range min(len(names), len(listed)) {
					if n, c := names[i], listed[i]; n.ID != c.ID || n.Slug != c.Slug || n.Name != c.Name || n.Visibility != c.Visibility {
						t.Errorf("CommunityNames[%d] = %d %s %q %s; want %d %s %q %s as Communities", i, n.ID, n.Slug, n.Name, n.Visibility,
							c.ID, c.Slug, c.Name, c.Visibility)
					}
				}
				for _, vis := range visibilities {
					c := communities[vis]
					var m *praxis.Membership
					if v.user != nil {
						m = memberships[vis][v.user.ID]
					}
					want := praxis.PermissionsFor(v.user, c, m).View
					if want != v.sees[vis] {
						t.Errorf("%s: PermissionsFor(membership %+v).View = %v; want %v", vis, m, want, v.sees[vis])
					}
					if got := slices.Contains(slugs(listed), c.Slug); got != want {
						t.Errorf("%s: listed by Communities = %v; want %v, as PermissionsFor says", vis, got, want)
					}
					if got := slices.Contains(slugs(listedOf), c.Slug); got != want {
						t.Errorf("%s: listed by CommunitiesOf(alice) = %v; want %v, as PermissionsFor says", vis, got, want)
					}
					wantErr := ""
					if !want {
						wantErr = praxis.ENOTFOUND
					}
					_, err := db.Community(ctx, v.user, c.Slug)
					wantCode(t, vis+": Community", err, wantErr)
				}
			})
		}
	})
}
