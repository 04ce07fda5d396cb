package praxis

// Permissions is what one user may do in one community. It is computed by
// PermissionsFor, the single place where these rules live; services enforce
// it and templates only read it.
type Permissions struct {
	View          bool `json:"view"`           // read the community, its charter and conversations
	SeeMembers    bool `json:"see_members"`    // read the member directory
	Join          bool `json:"join"`           // become a member at once (open policy, or invited)
	RequestJoin   bool `json:"request_join"`   // ask to join (by-request policy)
	Leave         bool `json:"leave"`          // end one's membership or request
	Participate   bool `json:"participate"`    // post, reply, RSVP: active members only
	EditCharter   bool `json:"edit_charter"`   // change charter, goals and settings
	ManageMembers bool `json:"manage_members"` // approve, invite, change roles, remove
	Moderate      bool `json:"moderate"`       // pin, lock, move, hide, delete others' posts, see flags
	Lead          bool `json:"lead"`           // coordinators and core members: verify articles, curate collections, schedule any event
	Announce      bool `json:"announce"`       // post announcements
}

// PermissionsFor decides what actor (nil when anonymous) may do in c, given
// actor's membership m (nil when none).
//
// Visibility: public communities are readable by anyone, internal ones by
// every signed-in user, private ones only by their members (and the
// instance's administrators, who operate it). Anyone who may not see a
// community must be told it does not exist.
func PermissionsFor(actor *User, c *Community, m *Membership) Permissions {
	var p Permissions
	signedIn := actor != nil && !actor.Suspended
	member := signedIn && m.Active()
	admin := actor.IsAdmin()
	switch c.Visibility {
	case VisibilityPublic:
		p.View = true
	case VisibilityInternal:
		p.View = signedIn
	default:
		p.View = member || admin || (signedIn && m != nil && m.State == StateInvited)
	}
	if !p.View {
		return Permissions{}
	}
	// People's names are shown to signed-in users only, even in public
	// communities: a public community's practice is public, its roster is not.
	p.SeeMembers = signedIn
	if signedIn && !member {
		invited := m != nil && m.State == StateInvited
		pending := m != nil && m.State == StatePending
		switch {
		case invited:
			p.Join = true
		case pending:
		case c.JoinPolicy == JoinOpen:
			p.Join = true
		case c.JoinPolicy == JoinRequest:
			p.RequestJoin = true
		}
		p.Leave = pending || invited
	}
	if member {
		p.Leave = true
		p.Participate = true
		lead := m.Role == MemberCoordinator
		p.EditCharter = lead
		p.ManageMembers = lead
		p.Moderate = lead
		p.Announce = lead
		p.Lead = lead || m.Role == MemberCore
	}
	if admin {
		p.EditCharter = true
		p.ManageMembers = true
		p.Moderate = true
		p.Announce = true
		p.Lead = true
	}
	return p
}

// CanCreateCommunity reports whether actor may create communities under the
// instance settings.
func CanCreateCommunity(actor *User, s *Settings) bool {
	if actor == nil || actor.Suspended {
		return false
	}
	return actor.IsAdmin() || s.CommunityCreation == CreationMembers
}

// CanSeeEmail reports whether viewer may see u's e-mail address: one's
// own, and administrators see everyone's. Members never see each other's.
func CanSeeEmail(viewer, u *User) bool {
	return viewer != nil && !viewer.Suspended && (viewer.ID == u.ID || viewer.IsAdmin())
}

// CanSeeActivity reports whether actor may see activity that happened in
// community c; activity outside any community (c == nil) is public to
// signed-in users only through the actor's own profile.
func CanSeeActivity(actor *User, c *Community, m *Membership) bool {
	return PermissionsFor(actor, c, m).View
}
