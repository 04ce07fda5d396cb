package sqlstore_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

func TestJoin(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		bob := signUp(t, db, "bob")
		tests := []struct {
			policy string
			// steps brings bob in under the policy, checking each step.
			steps func(t *testing.T, slug string)
		}{
			{praxis.JoinOpen, func(t *testing.T, slug string) {
				m, err := db.Join(t.Context(), bob, slug, "")
				if err != nil || m.State != praxis.StateActive || m.Role != praxis.MemberRegular {
					t.Fatalf("Join = %+v, %v; want an active member", m, err)
				}
			}},
			{praxis.JoinRequest, func(t *testing.T, slug string) {
				ctx := t.Context()
				m, err := db.Join(ctx, bob, slug, "  I grow tomatoes.  ")
				if err != nil || m.State != praxis.StatePending || m.Message != "I grow tomatoes." {
					t.Fatalf("Join = %+v, %v; want a pending request with its message", m, err)
				}
				_, err = db.Join(ctx, bob, slug, "")
				wantCode(t, "Join while pending", err, praxis.ECONFLICT)
				if v, err := db.Community(ctx, bob, slug); err != nil || v.Membership == nil || v.Membership.State != praxis.StatePending ||
					v.Community.MemberCount != 1 || v.Perm.Participate || !v.Perm.Leave {
					t.Fatalf("Community while pending = %+v, %v; want a pending membership, 1 member, may leave, may not participate", v, err)
				}
				pending, err := db.Members(ctx, alice, slug, praxis.MemberFilter{State: praxis.StatePending})
				if err != nil || len(pending) != 1 || pending[0].User.ID != bob.ID || pending[0].Membership.Message != "I grow tomatoes." {
					t.Fatalf("Members(pending) = %v, %v; want @bob with his message", handles(pending), err)
				}
				wantCode(t, "Approve by the requester", db.Approve(ctx, bob, slug, "bob"), praxis.EFORBIDDEN)
				wantCode(t, "Approve someone who did not ask", db.Approve(ctx, alice, slug, "admin"), praxis.ENOTFOUND)
				wantCode(t, "Approve", db.Approve(ctx, alice, slug, "@Bob"), "")
			}},
			{praxis.JoinInvitation, func(t *testing.T, slug string) {
				ctx := t.Context()
				_, err := db.Join(ctx, bob, slug, "")
				wantCode(t, "Join without invitation", err, praxis.EFORBIDDEN)
				wantCode(t, "Invite by a non-member", db.Invite(ctx, bob, slug, "bob"), praxis.EFORBIDDEN)
				wantCode(t, "Invite an unknown handle", db.Invite(ctx, alice, slug, "nobody"), praxis.ENOTFOUND)
				wantCode(t, "Invite a member", db.Invite(ctx, alice, slug, "alice"), praxis.ECONFLICT)
				wantCode(t, "Invite", db.Invite(ctx, alice, slug, "bob"), "")
				wantCode(t, "Invite again", db.Invite(ctx, alice, slug, "bob"), praxis.ECONFLICT)
				invited, err := db.Members(ctx, alice, slug, praxis.MemberFilter{State: praxis.StateInvited})
				if err != nil || len(invited) != 1 || invited[0].User.ID != bob.ID {
					t.Fatalf("Members(invited) = %v, %v; want @bob", handles(invited), err)
				}
				m, err := db.Join(ctx, bob, slug, "")
				if err != nil || m.State != praxis.StateActive {
					t.Fatalf("Join when invited = %+v, %v; want an active member", m, err)
				}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.policy, func(t *testing.T) {
				ctx := t.Context()
				c := createCommunity(t, db, alice, "Join "+tt.policy, praxis.VisibilityPublic, tt.policy)
				_, err := db.Join(ctx, nil, c.Slug, "")
				wantCode(t, "Join by anonymous", err, praxis.EUNAUTHORIZED)

				tt.steps(t, c.Slug)

				v, err := db.Community(ctx, bob, c.Slug)
				if err != nil || !v.Membership.Active() || v.Community.MemberCount != 2 || !v.Perm.Participate {
					t.Fatalf("Community after joining = %+v, %v; want an active member who participates, 2 members", v, err)
				}
				members, err := db.Members(ctx, bob, c.Slug, praxis.MemberFilter{})
				if got := handles(members); err != nil || !slices.Equal(got, []string{"alice", "bob"}) {
					t.Errorf("Members = %v, %v; want [alice bob]", got, err)
				}
				_, err = db.Join(ctx, bob, c.Slug, "")
				wantCode(t, "Join when a member", err, praxis.ECONFLICT)
				mine, err := db.CommunitiesOf(ctx, bob, bob.ID)
				if err != nil || !slices.Contains(slugs(mine), c.Slug) {
					t.Errorf("CommunitiesOf(bob) = %v, %v; want it to list %s", slugs(mine), err, c.Slug)
				}
			})
		}
	})
}

func TestLeave(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		bob := signUp(t, db, "bob")
		carol := signUp(t, db, "carol")
		c := createCommunity(t, db, alice, "Gardeners", praxis.VisibilityPublic, praxis.JoinRequest)
		join(t, db, alice, bob, c.Slug)
		if _, err := db.Join(ctx, carol, c.Slug, ""); err != nil {
			t.Fatalf("Join (request): %v", err)
		}

		wantCode(t, "Leave by anonymous", db.Leave(ctx, nil, c.Slug), praxis.EUNAUTHORIZED)
		wantCode(t, "Leave (member)", db.Leave(ctx, bob, c.Slug), "")
		wantCode(t, "Leave again", db.Leave(ctx, bob, c.Slug), praxis.ENOTFOUND)
		wantCode(t, "Leave (pending request)", db.Leave(ctx, carol, c.Slug), "")
		if pending, err := db.Members(ctx, alice, c.Slug, praxis.MemberFilter{State: praxis.StatePending}); err != nil || len(pending) != 0 {
			t.Errorf("Members(pending) after the request was withdrawn = %v, %v; want none", handles(pending), err)
		}
		v, err := db.Community(ctx, bob, c.Slug)
		if err != nil || v.Membership != nil || v.Community.MemberCount != 1 {
			t.Errorf("Community after Leave = %+v, %v; want no membership, 1 member", v, err)
		}
		if mine, err := db.CommunitiesOf(ctx, bob, bob.ID); err != nil || len(mine) != 0 {
			t.Errorf("CommunitiesOf(bob) after Leave = %v, %v; want none", slugs(mine), err)
		}
		acts, err := db.Activity(ctx, alice, c.Slug, 1)
		if err != nil || len(acts) != 1 || acts[0].Verb != praxis.VerbLeft || acts[0].ActorHandle != "bob" {
			t.Errorf("latest Activity = %+v, %v; want bob left", acts, err)
		}
	})
}

// TestLastCoordinator checks that a community always keeps a coordinator.
func TestLastCoordinator(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		admin := setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		bob := signUp(t, db, "bob")
		c := createCommunity(t, db, alice, "Gardeners", praxis.VisibilityPublic, praxis.JoinOpen)
		join(t, db, nil, bob, c.Slug)

		tests := []struct {
			name string
			err  error
		}{
			{"Leave", db.Leave(ctx, alice, c.Slug)},
			{"SetRole(member) by oneself", db.SetRole(ctx, alice, c.Slug, "alice", praxis.MemberRegular)},
			{"SetRole(core) by an administrator", db.SetRole(ctx, admin, c.Slug, "alice", praxis.MemberCore)},
			{"RemoveMember by oneself", db.RemoveMember(ctx, alice, c.Slug, "alice")},
			{"RemoveMember by an administrator", db.RemoveMember(ctx, admin, c.Slug, "alice")},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantCode(t, tt.name, tt.err, praxis.ECONFLICT)
				v, err := db.Community(ctx, alice, c.Slug)
				if err != nil || !v.Membership.Active() || v.Membership.Role != praxis.MemberCoordinator {
					t.Errorf("alice's membership = %+v, %v; want still the active coordinator", v.Membership, err)
				}
			})
		}

		if err := db.SetRole(ctx, alice, c.Slug, "bob", praxis.MemberCoordinator); err != nil {
			t.Fatalf("SetRole(bob, coordinator): %v", err)
		}
		wantCode(t, "SetRole(alice, member) with another coordinator", db.SetRole(ctx, bob, c.Slug, "alice", praxis.MemberRegular), "")
		wantCode(t, "Leave by the former coordinator", db.Leave(ctx, alice, c.Slug), "")
		wantCode(t, "Leave by the last coordinator", db.Leave(ctx, bob, c.Slug), praxis.ECONFLICT)
	})
}

func TestSetRoleAndRemoveMember(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		bob := signUp(t, db, "bob")
		carol := signUp(t, db, "carol")
		signUp(t, db, "dave")
		c := createCommunity(t, db, alice, "Gardeners", praxis.VisibilityPublic, praxis.JoinOpen)
		join(t, db, nil, bob, c.Slug)
		join(t, db, nil, carol, c.Slug)

		tests := []struct {
			name     string
			actor    *praxis.User
			handle   string
			role     string
			wantCode string
		}{
			{"to core", alice, "bob", praxis.MemberCore, ""},
			{"same role", alice, "bob", praxis.MemberCore, ""},
			{"unknown role", alice, "bob", "boss", praxis.EINVALID},
			{"by a member", carol, "bob", praxis.MemberRegular, praxis.EFORBIDDEN},
			{"by a core member", bob, "carol", praxis.MemberCore, praxis.EFORBIDDEN},
			{"of a non-member", alice, "dave", praxis.MemberCore, praxis.ENOTFOUND},
			{"of an unknown handle", alice, "nobody", praxis.MemberCore, praxis.ENOTFOUND},
			{"by anonymous", nil, "bob", praxis.MemberRegular, praxis.EUNAUTHORIZED},
		}
		for _, tt := range tests {
			t.Run("SetRole "+tt.name, func(t *testing.T) {
				wantCode(t, "SetRole", db.SetRole(t.Context(), tt.actor, c.Slug, tt.handle, tt.role), tt.wantCode)
			})
		}
		members, err := db.Members(ctx, carol, c.Slug, praxis.MemberFilter{})
		if err != nil {
			t.Fatalf("Members: %v", err)
		}
		var roles []string
		for _, m := range members {
			roles = append(roles, m.User.Handle+":"+m.Membership.Role)
		}
		if got, want := fmt.Sprint(roles), "[alice:coordinator bob:core carol:member]"; got != want {
			t.Errorf("Members roles = %s; want %s", got, want)
		}

		wantCode(t, "RemoveMember by a member", db.RemoveMember(ctx, carol, c.Slug, "bob"), praxis.EFORBIDDEN)
		wantCode(t, "RemoveMember of a non-member", db.RemoveMember(ctx, alice, c.Slug, "dave"), praxis.ENOTFOUND)
		wantCode(t, "RemoveMember", db.RemoveMember(ctx, alice, c.Slug, "carol"), "")
		if v, err := db.Community(ctx, carol, c.Slug); err != nil || v.Membership != nil || v.Community.MemberCount != 2 {
			t.Errorf("Community after RemoveMember = %+v, %v; want carol no longer a member, 2 members", v, err)
		}
	})
}

// TestMembersParticipation checks the participation levels computed from
// the activity log over praxis.ParticipationWindow.
func TestMembersParticipation(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		setupAdmin(t, db)
		start := clock.T
		clock.Add(-200 * 24 * time.Hour) // the community's founding, long ago
		alice := signUp(t, db, "alice")
		c := createCommunity(t, db, alice, "Gardeners", praxis.VisibilityPublic, praxis.JoinOpen)
		other := createCommunity(t, db, alice, "Beekeepers", praxis.VisibilityPublic, praxis.JoinOpen)
		people := map[string]*praxis.User{"alice": alice}
		for _, h := range []string{"bob", "carol", "dave", "erin"} {
			people[h] = signUp(t, db, h)
			join(t, db, nil, people[h], c.Slug)
			join(t, db, nil, people[h], other.Slug)
		}
		clock.T = start

		// posts gives each person's actions as days ago.
		posts := map[string][]int{
			"alice": {100, 120},                  // outside the 90-day window only
			"bob":   slices.Repeat([]int{1}, 20), // core
			"carol": {1, 2, 3, 4, 5, 89},         // active
			"dave":  {10, 80, 91, 95},            // occasional: two inside the window
			"erin":  {91},                        // peripheral
		}
		var entries []praxis.Activity
		for h, days := range posts {
			for _, d := range days {
				entries = append(entries, praxis.Activity{CommunityID: c.ID, ActorID: people[h].ID, Verb: praxis.VerbPosted,
					ObjectType: "post", CreatedAt: start.Add(-time.Duration(d) * 24 * time.Hour)})
			}
		}
		for range 30 { // elsewhere: does not count here
			entries = append(entries, praxis.Activity{CommunityID: other.ID, ActorID: people["erin"].ID, Verb: praxis.VerbPosted, CreatedAt: start})
		}
		if err := db.AppendActivity(ctx, entries); err != nil {
			t.Fatalf("AppendActivity: %v", err)
		}

		members, err := db.Members(ctx, people["bob"], c.Slug, praxis.MemberFilter{})
		if err != nil {
			t.Fatalf("Members: %v", err)
		}
		want := []struct {
			handle  string
			actions int
			level   string
		}{
			{"alice", 0, praxis.LevelPeripheral},
			{"bob", 20, praxis.LevelCore},
			{"carol", 6, praxis.LevelActive},
			{"dave", 2, praxis.LevelOccasional},
			{"erin", 0, praxis.LevelPeripheral},
		}
		if len(members) != len(want) {
			t.Fatalf("Members = %v; want %d members", handles(members), len(want))
		}
		for i, w := range want {
			m := members[i]
			if m.User.Handle != w.handle || m.Actions != w.actions || m.Level != w.level || m.Level != praxis.ParticipationLevel(m.Actions) {
				t.Errorf("Members[%d] = @%s, %d actions, %s; want @%s, %d actions, %s",
					i, m.User.Handle, m.Actions, m.Level, w.handle, w.actions, w.level)
			}
			if m.User.Email != "" && m.User.Handle != "bob" {
				t.Errorf("Members[%d] as seen by bob: e-mail %q; want it hidden", i, m.User.Email)
			}
		}
	})
}

// TestMembersRequestsForCoordinators checks who may list requests and
// invitations.
func TestMembersRequestsForCoordinators(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		admin := setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		bob := signUp(t, db, "bob")
		carol := signUp(t, db, "carol")
		pete := signUp(t, db, "pete")
		c := createCommunity(t, db, alice, "Gardeners", praxis.VisibilityPublic, praxis.JoinRequest)
		join(t, db, alice, bob, c.Slug)
		if _, err := db.Join(t.Context(), pete, c.Slug, "Please"); err != nil {
			t.Fatalf("Join (request): %v", err)
		}
		tests := []struct {
			name     string
			actor    *praxis.User
			state    string
			wantCode string
		}{
			{"coordinator, pending", alice, praxis.StatePending, ""},
			{"coordinator, invited", alice, praxis.StateInvited, ""},
			{"administrator, pending", admin, praxis.StatePending, ""},
			{"member, pending", bob, praxis.StatePending, praxis.EFORBIDDEN},
			{"member, invited", bob, praxis.StateInvited, praxis.EFORBIDDEN},
			{"non-member, pending", carol, praxis.StatePending, praxis.EFORBIDDEN},
			{"requester, pending", pete, praxis.StatePending, praxis.EFORBIDDEN},
			{"member, active", bob, praxis.StateActive, ""},
			{"non-member, active", carol, praxis.StateActive, ""},
			{"anonymous, active", nil, praxis.StateActive, praxis.EUNAUTHORIZED},
			{"anonymous, pending", nil, praxis.StatePending, praxis.EUNAUTHORIZED},
			{"coordinator, unknown state", alice, "banned", praxis.EINVALID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ms, err := db.Members(t.Context(), tt.actor, c.Slug, praxis.MemberFilter{State: tt.state})
				wantCode(t, "Members", err, tt.wantCode)
				if err == nil && tt.state == praxis.StatePending && !slices.Equal(handles(ms), []string{"pete"}) {
					t.Errorf("Members(pending) = %v; want [pete]", handles(ms))
				}
			})
		}
	})
}

// TestInviteAndDecline checks the coordinators' answers to requests and
// their invitations.
func TestInviteAndDecline(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		admin := setupAdmin(t, db)
		alice := signUp(t, db, "alice")
		pete := signUp(t, db, "pete")
		quinn := signUp(t, db, "quinn")
		signUp(t, db, "ivy")
		sam := signUp(t, db, "sam")
		c := createCommunity(t, db, alice, "Gardeners", praxis.VisibilityPublic, praxis.JoinRequest)
		for _, u := range []*praxis.User{pete, quinn} {
			if _, err := db.Join(ctx, u, c.Slug, ""); err != nil {
				t.Fatalf("Join (request) by %s: %v", u.Handle, err)
			}
		}
		suspend(t, db, admin, sam)
		list := func(state string) []string {
			t.Helper()
			ms, err := db.Members(ctx, alice, c.Slug, praxis.MemberFilter{State: state})
			if err != nil {
				t.Fatalf("Members(%s): %v", state, err)
			}
			return handles(ms)
		}

		wantCode(t, "Invite someone who asked to join", db.Invite(ctx, alice, c.Slug, "pete"), "")
		wantCode(t, "Invite a suspended user", db.Invite(ctx, alice, c.Slug, "sam"), praxis.ECONFLICT)
		wantCode(t, "Invite", db.Invite(ctx, alice, c.Slug, "ivy"), "")
		if got := list(praxis.StateActive); !slices.Equal(got, []string{"alice", "pete"}) {
			t.Errorf("active members = %v; want [alice pete]", got)
		}
		if got := list(praxis.StatePending); !slices.Equal(got, []string{"quinn"}) {
			t.Errorf("pending = %v; want [quinn]", got)
		}
		if got := list(praxis.StateInvited); !slices.Equal(got, []string{"ivy"}) {
			t.Errorf("invited = %v; want [ivy]", got)
		}

		before := stats(t, db, admin)
		wantCode(t, "RemoveMember declines a request", db.RemoveMember(ctx, alice, c.Slug, "quinn"), "")
		wantCode(t, "RemoveMember withdraws an invitation", db.RemoveMember(ctx, alice, c.Slug, "ivy"), "")
		if got := append(list(praxis.StatePending), list(praxis.StateInvited)...); len(got) != 0 {
			t.Errorf("pending and invited after RemoveMember = %v; want none", got)
		}
		if after := stats(t, db, admin); after["activity"] != before["activity"] || after["memberships"] != before["memberships"] {
			t.Errorf("Stats after declining and withdrawing = %v; want activity and memberships as before, %v", after, before)
		}
		_, err := db.Join(ctx, quinn, c.Slug, "Again, please")
		wantCode(t, "Join after a declined request", err, "")
	})
}
