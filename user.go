package praxis

import (
	"context"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Instance roles.
const (
	RoleAdmin  = "admin"
	RoleMember = "member"
)

// User is a person with an account on the instance. A placeholder user (one
// brought in by an import or the demo) has no e-mail or password and cannot
// sign in until claimed.
type User struct {
	ID           int64     `json:"id"`
	Handle       string    `json:"handle"`
	Email        string    `json:"email,omitempty"`
	DisplayName  string    `json:"display_name"`
	Role         string    `json:"role"`
	Organization string    `json:"organization"`
	Title        string    `json:"title"`
	Location     string    `json:"location"`
	TimeZone     string    `json:"time_zone"`
	Bio          string    `json:"bio"`
	Expertise    []string  `json:"expertise"`
	Suspended    bool      `json:"suspended"`
	CreatedAt    time.Time `json:"created_at"`
	ExternalID   string    `json:"external_id,omitempty"`

	PasswordHash string `json:"-"`
}

// IsAdmin reports whether u administers the instance. A nil user is anonymous.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin && !u.Suspended }

// Initials returns up to two letters for the user's avatar.
func (u *User) Initials() string {
	name := strings.TrimSpace(u.DisplayName)
	if name == "" {
		name = u.Handle
	}
	var out []rune
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		out = append(out, []rune(strings.ToUpper(string(r)))...)
		if len(out) == 2 {
			break
		}
	}
	return string(out)
}

// Name returns the display name, or the handle when there is none.
func (u *User) Name() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Handle
}

// Limits on user input, shared by validation and forms.
const (
	MaxHandleLen      = 30
	MaxNameLen        = 80
	MaxShortTextLen   = 120
	MaxBioLen         = 2000
	MaxExpertiseItems = 20
	MinPasswordLen    = 10
	MaxPasswordLen    = 200
)

var handleRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// ValidateHandle checks a handle: lower-case letters, digits, '-' and '_'.
func ValidateHandle(v *Validation, field, handle string) {
	switch {
	case handle == "":
		v.Add(field, "Choose a handle.")
	case len(handle) < 2 || len(handle) > MaxHandleLen:
		v.Add(field, "A handle is 2 to 30 characters long.")
	case !handleRe.MatchString(handle):
		v.Add(field, "A handle uses lower-case letters, digits, '-' and '_', and starts with a letter or digit.")
	}
}

// NormalizeEmail lower-cases and trims an address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateEmail checks that s is a plain address.
func ValidateEmail(v *Validation, field, s string) {
	if s == "" {
		v.Add(field, "Enter your e-mail address.")
		return
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		v.Add(field, "Enter an e-mail address like name@example.org.")
	}
}

// ValidatePassword checks the length of a new password.
func ValidatePassword(v *Validation, field, pw string) {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen {
		v.Add(field, "Use at least 10 characters for your password.")
	} else if len(pw) > MaxPasswordLen {
		v.Add(field, "Use at most 200 characters for your password.")
	}
}

// ValidateText checks that a trimmed text is within max characters and, if
// required, not empty.
func ValidateText(v *Validation, field, label, s string, max int, required bool) {
	if required && strings.TrimSpace(s) == "" {
		v.Add(field, label+" is required.")
	} else if utf8.RuneCountInString(s) > max {
		v.Add(field, label+" is too long: at most "+itoa(max)+" characters.")
	}
}

// ValidateTimeZone checks that tz names an IANA time zone (empty is allowed).
func ValidateTimeZone(v *Validation, field, tz string) {
	if tz == "" {
		return
	}
	if _, err := time.LoadLocation(tz); err != nil || tz == "Local" {
		v.Add(field, "Choose a time zone such as Europe/Paris or America/New_York.")
	}
}

// ParseList splits a comma- or newline-separated list, trimming and dropping
// empty and repeated items.
func ParseList(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' }) {
		f = strings.TrimSpace(f)
		k := strings.ToLower(f)
		if f == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// Signup is what a person gives to create an account.
type Signup struct {
	Handle      string
	Email       string
	DisplayName string
	Password    string
	Invitation  string // the token of an invitation link, if any
	IP          string
}

// Validate checks the fields of a sign-up.
func (s *Signup) Validate() error {
	var v Validation
	ValidateHandle(&v, "handle", s.Handle)
	ValidateEmail(&v, "email", s.Email)
	ValidateText(&v, "display_name", "Your name", s.DisplayName, MaxNameLen, true)
	ValidatePassword(&v, "password", s.Password)
	return v.Err()
}

// ProfileUpdate is a change to one's profile; nil fields stay as they are.
type ProfileUpdate struct {
	DisplayName  *string  `json:"display_name"`
	Organization *string  `json:"organization"`
	Title        *string  `json:"title"`
	Location     *string  `json:"location"`
	TimeZone     *string  `json:"time_zone"`
	Bio          *string  `json:"bio"`
	Expertise    []string `json:"expertise"`
}

// Apply validates the update and applies it to u.
func (p *ProfileUpdate) Apply(u *User) error {
	var v Validation
	set := func(dst *string, src *string, field, label string, max int, required bool) {
		if src == nil {
			return
		}
		s := strings.TrimSpace(*src)
		ValidateText(&v, field, label, s, max, required)
		*dst = s
	}
	set(&u.DisplayName, p.DisplayName, "display_name", "Your name", MaxNameLen, true)
	set(&u.Organization, p.Organization, "organization", "Organization", MaxShortTextLen, false)
	set(&u.Title, p.Title, "title", "Role or title", MaxShortTextLen, false)
	set(&u.Location, p.Location, "location", "Location", MaxShortTextLen, false)
	set(&u.Bio, p.Bio, "bio", "Bio", MaxBioLen, false)
	if p.TimeZone != nil {
		tz := strings.TrimSpace(*p.TimeZone)
		ValidateTimeZone(&v, "time_zone", tz)
		u.TimeZone = tz
	}
	if p.Expertise != nil {
		var items []string
		for _, e := range p.Expertise {
			e = strings.TrimSpace(e)
			if e != "" {
				items = append(items, e)
			}
		}
		if len(items) > MaxExpertiseItems {
			v.Add("expertise", "List at most 20 areas of expertise.")
		}
		for _, e := range items {
			if utf8.RuneCountInString(e) > 60 {
				v.Add("expertise", "Each area of expertise is at most 60 characters.")
			}
		}
		u.Expertise = ParseList(strings.Join(items, ","))
	}
	return v.Err()
}

// Session is a signed-in browser. The token itself is only in the cookie;
// the database keeps its hash.
type Session struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	UserAgent  string    `json:"user_agent"`
	IP         string    `json:"ip"`
	Current    bool      `json:"current"`
}

// SessionLifetime is how long a session lasts without use.
const SessionLifetime = 30 * 24 * time.Hour

// APIToken is a personal token for the JSON API. Its secret is shown once,
// when created; the database keeps its hash and a short prefix for display.
type APIToken struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	Secret     string     `json:"token,omitempty"` // only when just created
}

// Login is a sign-in attempt.
type Login struct {
	Account  string // e-mail or handle
	Password string
	IP       string
}

// Rate limits on failed sign-ins, per account and per network address.
const (
	LoginWindow           = 15 * time.Minute
	MaxFailuresPerAccount = 5
	MaxFailuresPerIP      = 20
)

// AccountService manages users, sign-in, sessions and tokens.
type AccountService interface {
	// SetupNeeded reports whether the instance has no administrator yet.
	SetupNeeded(ctx context.Context) (bool, error)
	// Setup creates the first administrator and the instance's name.
	// Errors: EINVALID, ECONFLICT (already set up).
	Setup(ctx context.Context, instanceName string, s Signup) (*User, error)
	// SignUp creates a member under the instance's sign-up policy.
	// Errors: EINVALID, ECONFLICT (handle or e-mail taken), EFORBIDDEN (policy).
	SignUp(ctx context.Context, s Signup) (*User, error)
	// Authenticate checks a login, recording the attempt for rate limiting.
	// Errors: EINVALID, EUNAUTHORIZED, ERATELIMITED, EFORBIDDEN (suspended).
	Authenticate(ctx context.Context, l Login) (*User, error)
	// CreateSession starts a session and returns its secret token.
	CreateSession(ctx context.Context, userID int64, userAgent, ip string) (token string, err error)
	// UserBySession returns the user of a live session and touches it.
	// Errors: EUNAUTHORIZED.
	UserBySession(ctx context.Context, token string) (*User, *Session, error)
	// Sessions lists the live sessions of a user.
	Sessions(ctx context.Context, userID int64) ([]*Session, error)
	// RevokeSession ends one session of the user. Errors: ENOTFOUND.
	RevokeSession(ctx context.Context, userID, sessionID int64) error
	// DeleteSessionToken ends the session with that token (log out).
	DeleteSessionToken(ctx context.Context, token string) error
	// CreateAPIToken makes a personal token; its Secret is set only here.
	// Errors: EINVALID.
	CreateAPIToken(ctx context.Context, userID int64, name string) (*APIToken, error)
	// APITokens lists a user's live tokens.
	APITokens(ctx context.Context, userID int64) ([]*APIToken, error)
	// RevokeAPIToken deletes a token. Errors: ENOTFOUND.
	RevokeAPIToken(ctx context.Context, userID, tokenID int64) error
	// UserByAPIToken returns the owner of a token. Errors: EUNAUTHORIZED.
	UserByAPIToken(ctx context.Context, token string) (*User, error)
	// UserByHandle returns a user. Errors: ENOTFOUND.
	UserByHandle(ctx context.Context, handle string) (*User, error)
	// UpdateProfile changes the profile of actor. Errors: EINVALID.
	UpdateProfile(ctx context.Context, actor *User, p ProfileUpdate) (*User, error)
	// ChangePassword sets a new password after checking the old one; other
	// sessions are ended. Errors: EINVALID, EUNAUTHORIZED.
	ChangePassword(ctx context.Context, actor *User, oldPw, newPw string, keepSession int64) error
}
