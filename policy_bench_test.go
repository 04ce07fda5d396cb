package praxis

import "testing"

// permissionsSink keeps the compiler from dropping the benchmarked calls.
var permissionsSink Permissions

// BenchmarkPermissionsFor measures the one policy every page and list
// asks, for the kinds of viewer a page meets; it must stay negligible
// beside a page's queries:
//
//	go test -run '^$' -bench PermissionsFor -benchmem .
func BenchmarkPermissionsFor(b *testing.B) {
	public := &Community{ID: 1, Visibility: VisibilityPublic, JoinPolicy: JoinOpen}
	private := &Community{ID: 2, Visibility: VisibilityPrivate, JoinPolicy: JoinInvitation}
	member := &User{ID: 2, Role: RoleMember}
	admin := &User{ID: 1, Role: RoleAdmin}
	for _, tc := range []struct {
		name  string
		actor *User
		c     *Community
		m     *Membership
	}{
		{"anonymous-public", nil, public, nil},
		{"member-public", member, public, &Membership{Role: MemberRegular, State: StateActive}},
		{"coordinator-private", member, private, &Membership{Role: MemberCoordinator, State: StateActive}},
		{"outsider-private", member, private, nil},
		{"admin-private", admin, private, nil},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				permissionsSink = PermissionsFor(tc.actor, tc.c, tc.m)
			}
		})
	}
}
