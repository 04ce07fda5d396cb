package praxis

import "testing"

// TestPermissionsForRoles checks what each kind of person may do in a
// public, open community.
func TestPermissionsForRoles(t *testing.T) {
	c := &Community{Visibility: VisibilityPublic, JoinPolicy: JoinOpen}
	member := func(role string) *Membership { return &Membership{Role: role, State: StateActive} }
	user := &User{ID: 1, Role: RoleMember}
	tests := []struct {
		name                                  string
		actor                                 *User
		m                                     *Membership
		participate, lead, moderate, announce bool
	}{
		{"anonymous", nil, nil, false, false, false, false},
		{"signed-in non-member", user, nil, false, false, false, false},
		{"pending requester", user, &Membership{Role: MemberRegular, State: StatePending}, false, false, false, false},
		{"member", user, member(MemberRegular), true, false, false, false},
		{"core member", user, member(MemberCore), true, true, false, false},
		{"coordinator", user, member(MemberCoordinator), true, true, true, true},
		{"administrator, not a member", &User{ID: 2, Role: RoleAdmin}, nil, false, true, true, true},
		{"suspended coordinator", &User{ID: 3, Role: RoleMember, Suspended: true}, member(MemberCoordinator), false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := PermissionsFor(tt.actor, c, tt.m)
			got := [4]bool{p.Participate, p.Lead, p.Moderate, p.Announce}
			want := [4]bool{tt.participate, tt.lead, tt.moderate, tt.announce}
			if got != want {
				t.Errorf("participate, lead, moderate, announce = %v; want %v", got, want)
			}
		})
	}
}

func TestCanSeeEmail(t *testing.T) {
	ana := &User{ID: 1, Role: RoleMember}
	tests := []struct {
		name   string
		viewer *User
		want   bool
	}{
		{"anonymous", nil, false},
		{"another member", &User{ID: 2, Role: RoleMember}, false},
		{"oneself", ana, true},
		{"an administrator", &User{ID: 3, Role: RoleAdmin}, true},
		{"a suspended administrator", &User{ID: 4, Role: RoleAdmin, Suspended: true}, false},
	}
	for _, tt := range tests {
		if got := CanSeeEmail(tt.viewer, ana); got != tt.want {
			t.Errorf("CanSeeEmail(%s) = %v; want %v", tt.name, got, tt.want)
		}
	}
}
