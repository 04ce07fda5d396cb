package praxis

import (
	"context"
	"strings"
	"time"
)

// Sign-up policies of the instance.
const (
	SignupOpen       = "open"
	SignupInviteOnly = "invite-only"
	SignupDomains    = "domains"
)

// SignupPolicies lists the sign-up policies.
var SignupPolicies = []Choice{
	{SignupOpen, "Open", "Anyone can create an account."},
	{SignupInviteOnly, "Invitation only", "Only people with an invitation link can create an account."},
	{SignupDomains, "Listed e-mail domains", "Anyone with an e-mail address at one of the listed domains, or an invitation."},
}

// Who may create communities.
const (
	CreationMembers = "members"
	CreationAdmins  = "admins"
)

// Settings are the instance-wide settings an administrator controls.
type Settings struct {
	Name              string   `json:"name"`
	SignupPolicy      string   `json:"signup_policy"`
	AllowedDomains    []string `json:"allowed_domains"`
	CommunityCreation string   `json:"community_creation"`
}

// SettingsInput changes the settings; nil fields stay as they are.
type SettingsInput struct {
	Name              *string  `json:"name"`
	SignupPolicy      *string  `json:"signup_policy"`
	AllowedDomains    []string `json:"allowed_domains"`
	CommunityCreation *string  `json:"community_creation"`
}

// Apply validates the input and applies it to s.
func (in *SettingsInput) Apply(s *Settings) error {
	var v Validation
	if in.Name != nil {
		s.Name = strings.TrimSpace(*in.Name)
		ValidateText(&v, "name", "The name", s.Name, MaxNameLen, true)
	}
	if in.SignupPolicy != nil {
		if !validChoice(SignupPolicies, *in.SignupPolicy) {
			v.Add("signup_policy", "Choose open, invite-only or domains.")
		}
		s.SignupPolicy = *in.SignupPolicy
	}
	if in.AllowedDomains != nil {
		var ds []string
		for _, d := range ParseList(strings.Join(in.AllowedDomains, ",")) {
			d = strings.ToLower(strings.TrimPrefix(d, "@"))
			if !strings.Contains(d, ".") || strings.ContainsAny(d, " @/") {
				v.Add("allowed_domains", "List domains like example.org, one per line.")
			}
			ds = append(ds, d)
		}
		s.AllowedDomains = ds
	}
	if in.CommunityCreation != nil {
		if *in.CommunityCreation != CreationMembers && *in.CommunityCreation != CreationAdmins {
			v.Add("community_creation", "Choose members or admins.")
		}
		s.CommunityCreation = *in.CommunityCreation
	}
	if s.SignupPolicy == SignupDomains && len(s.AllowedDomains) == 0 {
		v.Add("allowed_domains", "List at least one domain, or choose another sign-up policy.")
	}
	return v.Err()
}

// DomainAllowed reports whether the e-mail address is at an allowed domain.
func (s *Settings) DomainAllowed(email string) bool {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	d := strings.ToLower(email[at+1:])
	for _, a := range s.AllowedDomains {
		if d == a {
			return true
		}
	}
	return false
}

// Invitation is a sign-up link made by an administrator.
type Invitation struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	UsedBy    string    `json:"used_by,omitempty"`
	Token     string    `json:"token,omitempty"` // only when just created
}

// InvitationLifetime is how long a sign-up invitation stays valid.
const InvitationLifetime = 14 * 24 * time.Hour

// UserFilter selects users for the administrator's list.
type UserFilter struct {
	Query string
	Limit int
}

// AdminService is what an administrator does to the instance. Every method
// checks that actor is an administrator (EFORBIDDEN otherwise).
type AdminService interface {
	// Settings returns the settings every page may read (the instance's
	// name, the sign-up policy).
	Settings(ctx context.Context) (*Settings, error)
	// AdminSettings returns the settings for an administrator to change.
	// Errors: EUNAUTHORIZED, EFORBIDDEN.
	AdminSettings(ctx context.Context, actor *User) (*Settings, error)
	UpdateSettings(ctx context.Context, actor *User, in SettingsInput) (*Settings, error)
	Users(ctx context.Context, actor *User, f UserFilter) ([]*User, error)
	// SetUserRole makes a user an administrator or a member. Errors:
	// ENOTFOUND, EINVALID, ECONFLICT (the last administrator).
	SetUserRole(ctx context.Context, actor *User, handle, role string) error
	// SetSuspended suspends or restores a user; a suspended user's sessions
	// and tokens stop working. Errors: ENOTFOUND, ECONFLICT (oneself).
	SetSuspended(ctx context.Context, actor *User, handle string, suspended bool) error
	// UpdateUser changes role and suspension together, in one transaction.
	// Errors: EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND, EINVALID, ECONFLICT.
	UpdateUser(ctx context.Context, actor *User, handle string, role *string, suspended *bool) (*User, error)
	CreateInvitation(ctx context.Context, actor *User, email string) (*Invitation, error)
	Invitations(ctx context.Context, actor *User) ([]*Invitation, error)
	// Stats counts what the instance holds.
	Stats(ctx context.Context, actor *User) (map[string]int, error)
}

// Store is everything the web layer needs from storage.
type Store interface {
	AccountService
	CommunityService
	ConversationService
	ModerationService
	NotificationService
	AttachmentService
	KnowledgeService
	EventService
	SearchService
	HealthService
	AdminService
	AuditService
	RateLimiter
	ActivityLog
	Ping(ctx context.Context) error
}
