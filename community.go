package praxis

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// Community types (Wenger, McDermott and Snyder's four intents).
const (
	TypeHelping             = "helping"
	TypeBestPractice        = "best-practice"
	TypeKnowledgeStewarding = "knowledge-stewarding"
	TypeInnovation          = "innovation"
)

// CommunityTypes lists the types in display order with their descriptions.
var CommunityTypes = []Choice{
	{TypeHelping, "Helping", "Members help each other solve everyday problems."},
	{TypeBestPractice, "Best practice", "Members develop, validate and spread good practice."},
	{TypeKnowledgeStewarding, "Knowledge stewarding", "Members organize, upgrade and distribute the knowledge they use every day."},
	{TypeInnovation, "Innovation", "Members cross boundaries to create breakthrough ideas."},
}

// Visibility of a community.
const (
	VisibilityPublic   = "public"   // anyone can read, signed in or not
	VisibilityInternal = "internal" // every signed-in user can read
	VisibilityPrivate  = "private"  // members only; invisible to others, even its name
)

// Visibilities lists the visibilities in display order.
var Visibilities = []Choice{
	{VisibilityPublic, "Public", "Anyone can read it, even without an account."},
	{VisibilityInternal, "Internal", "Everyone signed in to this Praxis can read it."},
	{VisibilityPrivate, "Private", "Only its members know it exists."},
}

// Join policies.
const (
	JoinOpen       = "open"
	JoinRequest    = "request"
	JoinInvitation = "invitation"
)

// JoinPolicies lists the join policies in display order.
var JoinPolicies = []Choice{
	{JoinOpen, "Open", "Anyone who can see the community may join."},
	{JoinRequest, "By request", "People ask to join; a coordinator approves."},
	{JoinInvitation, "By invitation", "Coordinators invite members."},
}

// Lifecycle stages of a community (Wenger, McDermott and Snyder).
const (
	StagePotential      = "potential"
	StageCoalescing     = "coalescing"
	StageMaturing       = "maturing"
	StageStewardship    = "stewardship"
	StageTransformation = "transformation"
)

// Stages lists the lifecycle stages in order.
var Stages = []Choice{
	{StagePotential, "Potential", "People face similar situations and discover each other."},
	{StageCoalescing, "Coalescing", "Members come together and recognize their potential."},
	{StageMaturing, "Maturing", "The community takes charge of its practice and grows."},
	{StageStewardship, "Stewardship", "The community sustains its momentum and renews itself."},
	{StageTransformation, "Transformation", "The community changes course or closes."},
}

// Choice is one option of an enumerated field.
type Choice struct {
	Value, Label, Help string
}

// ChoiceLabel returns the label of value among choices, or value itself.
func ChoiceLabel(choices []Choice, value string) string {
	for _, c := range choices {
		if c.Value == value {
			return c.Label
		}
	}
	return value
}

func validChoice(choices []Choice, value string) bool {
	for _, c := range choices {
		if c.Value == value {
			return true
		}
	}
	return false
}

// Community is a community of practice with its charter.
type Community struct {
	ID              int64     `json:"id"`
	Slug            string    `json:"slug"`
	Name            string    `json:"name"`
	DomainStatement string    `json:"domain_statement"`
	Purpose         string    `json:"purpose"`
	Type            string    `json:"type"`
	Visibility      string    `json:"visibility"`
	JoinPolicy      string    `json:"join_policy"`
	Stage           string    `json:"stage"`
	Values          string    `json:"values"`
	Norms           string    `json:"norms"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
	MemberCount     int       `json:"member_count"`
	CharterVersion  int       `json:"charter_version"`
	ReviewMonths    int       `json:"review_months"` // default review period of knowledge-base articles
	CadenceDays     int       `json:"cadence_days"`  // the intended rhythm of events: one every so many days (0: none)
	CadenceKind     string    `json:"cadence_kind"`  // the kind of event the rhythm counts, or empty for any
	ExternalID      string    `json:"external_id,omitempty"`
}

// Limits on community fields.
const (
	MaxCommunityNameLen = 80
	MaxSlugLen          = 40
	MaxStatementLen     = 2000
	MaxCharterTextLen   = 10000
	MaxGoalTitleLen     = 160
	MaxGoalsPerCharter  = 50
)

var slugRe = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// reservedSlugs cannot be community slugs because pages live there.
var reservedSlugs = map[string]bool{"new": true, "api": true, "admin": true, "static": true}

// Slugify derives a community slug from a name.
func Slugify(name string) string { return slugify(name, MaxSlugLen) }

// slugify lower-cases name to letters, digits and single dashes, at most max bytes.
func slugify(name string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > max {
		s = strings.TrimSuffix(s[:max], "-")
	}
	return s
}

// CommunityInput is what a coordinator sets on a community: its identity,
// settings and the text of its charter. Nil fields stay as they are.
type CommunityInput struct {
	Name            *string `json:"name"`
	Slug            *string `json:"slug"`
	DomainStatement *string `json:"domain_statement"`
	Purpose         *string `json:"purpose"`
	Type            *string `json:"type"`
	Visibility      *string `json:"visibility"`
	JoinPolicy      *string `json:"join_policy"`
	Stage           *string `json:"stage"`
	Values          *string `json:"values"`
	Norms           *string `json:"norms"`
	ReviewMonths    *int    `json:"review_months"`
}

// Apply validates the input and applies it to c. The slug may only be set
// when creating (the community's URLs must not break).
func (in *CommunityInput) Apply(c *Community, creating bool) error {
	var v Validation
	text := func(dst *string, src *string, field, label string, max int, required bool) {
		if src == nil {
			if required && creating && *dst == "" {
				v.Add(field, label+" is required.")
			}
			return
		}
		s := strings.TrimSpace(strings.ReplaceAll(*src, "\r\n", "\n"))
		ValidateText(&v, field, label, s, max, required)
		*dst = s
	}
	choice := func(dst *string, src *string, field, label string, choices []Choice, def string) {
		if src == nil || *src == "" {
			if *dst == "" {
				*dst = def
			}
			return
		}
		if !validChoice(choices, *src) {
			v.Add(field, "Choose one of the listed options for "+strings.ToLower(label)+".")
			return
		}
		*dst = *src
	}
	text(&c.Name, in.Name, "name", "Name", MaxCommunityNameLen, true)
	if creating {
		slug := ""
		if in.Slug != nil {
			slug = strings.TrimSpace(strings.ToLower(*in.Slug))
		}
		if slug == "" {
			slug = Slugify(c.Name)
		}
		switch {
		case slug == "" && c.Name != "":
			v.Add("slug", "Choose a short address made of letters and digits.")
		case slug == "":
		case len(slug) < 2 || len(slug) > MaxSlugLen:
			v.Add("slug", "The address is 2 to 40 characters long.")
		case !slugRe.MatchString(slug):
			v.Add("slug", "The address uses lower-case letters, digits and single dashes.")
		case reservedSlugs[slug]:
			v.Add("slug", "That address is reserved; choose another.")
		}
		c.Slug = slug
	} else if in.Slug != nil && *in.Slug != c.Slug {
		v.Add("slug", "A community's address cannot change once created.")
	}
	text(&c.DomainStatement, in.DomainStatement, "domain_statement", "The domain statement", MaxStatementLen, true)
	text(&c.Purpose, in.Purpose, "purpose", "Purpose", MaxStatementLen, false)
	text(&c.Values, in.Values, "values", "Values", MaxCharterTextLen, false)
	text(&c.Norms, in.Norms, "norms", "Norms", MaxCharterTextLen, false)
	choice(&c.Type, in.Type, "type", "Type", CommunityTypes, TypeHelping)
	choice(&c.Visibility, in.Visibility, "visibility", "Visibility", Visibilities, VisibilityPublic)
	choice(&c.JoinPolicy, in.JoinPolicy, "join_policy", "Join policy", JoinPolicies, JoinOpen)
	choice(&c.Stage, in.Stage, "stage", "Lifecycle stage", Stages, StagePotential)
	if in.ReviewMonths != nil {
		if *in.ReviewMonths < 1 || *in.ReviewMonths > MaxReviewMonths {
			v.Add("review_months", "Articles are reviewed every 1 to 60 months.")
		}
		c.ReviewMonths = *in.ReviewMonths
	} else if c.ReviewMonths == 0 {
		c.ReviewMonths = DefaultReviewMonths
	}
	return v.Err()
}

// Goal statuses.
const (
	GoalPlanned    = "planned"
	GoalInProgress = "in-progress"
	GoalDone       = "done"
	GoalDropped    = "dropped"
)

// GoalStatuses lists goal statuses in order.
var GoalStatuses = []Choice{
	{GoalPlanned, "Planned", ""},
	{GoalInProgress, "In progress", ""},
	{GoalDone, "Done", ""},
	{GoalDropped, "Dropped", ""},
}

// Goal kinds: what a community aims at, and what it will deliver.
const (
	GoalKindGoal        = "goal"
	GoalKindDeliverable = "deliverable"
)

// GoalKinds lists goal kinds.
var GoalKinds = []Choice{
	{GoalKindGoal, "Goal", ""},
	{GoalKindDeliverable, "Deliverable", ""},
}

// Goal is a goal or deliverable of a community's charter.
type Goal struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Status      string `json:"status"`
	DueDate     string `json:"due_date"` // YYYY-MM-DD or empty
	OwnerHandle string `json:"owner"`    // a member's handle or empty
	OwnerName   string `json:"owner_name,omitempty"`
	Position    int    `json:"position"`
}

// GoalInput is a new goal or a change to one; nil fields stay as they are.
type GoalInput struct {
	Kind        *string `json:"kind"`
	Title       *string `json:"title"`
	Description *string `json:"description"`
	Status      *string `json:"status"`
	DueDate     *string `json:"due_date"`
	Owner       *string `json:"owner"`
}

// Apply validates the input and applies it to g. The owner's handle is
// checked against the members by the store.
func (in *GoalInput) Apply(g *Goal, creating bool) error {
	var v Validation
	if in.Title != nil {
		g.Title = strings.TrimSpace(*in.Title)
	}
	if creating || in.Title != nil {
		ValidateText(&v, "title", "The title", g.Title, MaxGoalTitleLen, true)
	}
	if in.Description != nil {
		g.Description = strings.TrimSpace(*in.Description)
		ValidateText(&v, "description", "The description", g.Description, MaxStatementLen, false)
	}
	if in.Kind != nil && *in.Kind != "" {
		if !validChoice(GoalKinds, *in.Kind) {
			v.Add("kind", "A goal is a goal or a deliverable.")
		}
		g.Kind = *in.Kind
	} else if g.Kind == "" {
		g.Kind = GoalKindGoal
	}
	if in.Status != nil && *in.Status != "" {
		if !validChoice(GoalStatuses, *in.Status) {
			v.Add("status", "Choose planned, in progress, done or dropped.")
		}
		g.Status = *in.Status
	} else if g.Status == "" {
		g.Status = GoalPlanned
	}
	if in.DueDate != nil {
		d := strings.TrimSpace(*in.DueDate)
		if d != "" {
			if _, err := time.Parse("2006-01-02", d); err != nil {
				v.Add("due_date", "Enter the due date as YYYY-MM-DD.")
			}
		}
		g.DueDate = d
	}
	if in.Owner != nil {
		g.OwnerHandle = strings.TrimPrefix(strings.TrimSpace(strings.ToLower(*in.Owner)), "@")
	}
	return v.Err()
}

// CharterRevision is one saved state of a community's charter, with what
// changed since the one before.
type CharterRevision struct {
	Number       int              `json:"number"`
	AuthorID     int64            `json:"-"`
	AuthorHandle string           `json:"author"`
	AuthorName   string           `json:"author_name"`
	CreatedAt    time.Time        `json:"created_at"`
	Changes      []Change         `json:"changes"`
	Snapshot     *CharterSnapshot `json:"snapshot,omitempty"`
}

// CharterSnapshot is the charter as it stood at one revision.
type CharterSnapshot struct {
	Name            string `json:"name"`
	DomainStatement string `json:"domain_statement"`
	Purpose         string `json:"purpose"`
	Type            string `json:"type"`
	Visibility      string `json:"visibility"`
	JoinPolicy      string `json:"join_policy"`
	Stage           string `json:"stage"`
	Values          string `json:"values"`
	Norms           string `json:"norms"`
	Goals           []Goal `json:"goals"`
}

// Snapshot returns the charter of c with its goals.
func Snapshot(c *Community, goals []*Goal) *CharterSnapshot {
	s := &CharterSnapshot{
		Name: c.Name, DomainStatement: c.DomainStatement, Purpose: c.Purpose, Type: c.Type,
		Visibility: c.Visibility, JoinPolicy: c.JoinPolicy, Stage: c.Stage, Values: c.Values, Norms: c.Norms,
		Goals: []Goal{},
	}
	for _, g := range goals {
		gg := *g
		gg.OwnerName = ""
		s.Goals = append(s.Goals, gg)
	}
	return s
}

// Change is one difference between two charter revisions.
type Change struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// DiffCharters lists what changed from a to b (a may be nil for the first
// revision), field by field and goal by goal.
func DiffCharters(a, b *CharterSnapshot) []Change {
	if a == nil {
		return []Change{{Field: "charter", After: "created"}}
	}
	var out []Change
	field := func(name, x, y string) {
		if x != y {
			out = append(out, Change{Field: name, Before: x, After: y})
		}
	}
	field("name", a.Name, b.Name)
	field("domain statement", a.DomainStatement, b.DomainStatement)
	field("purpose", a.Purpose, b.Purpose)
	field("type", ChoiceLabel(CommunityTypes, a.Type), ChoiceLabel(CommunityTypes, b.Type))
	field("visibility", ChoiceLabel(Visibilities, a.Visibility), ChoiceLabel(Visibilities, b.Visibility))
	field("join policy", ChoiceLabel(JoinPolicies, a.JoinPolicy), ChoiceLabel(JoinPolicies, b.JoinPolicy))
	field("lifecycle stage", ChoiceLabel(Stages, a.Stage), ChoiceLabel(Stages, b.Stage))
	field("values", a.Values, b.Values)
	field("norms", a.Norms, b.Norms)
	before := map[int64]Goal{}
	for _, g := range a.Goals {
		before[g.ID] = g
	}
	after := map[int64]bool{}
	for _, g := range b.Goals {
		after[g.ID] = true
		old, ok := before[g.ID]
		if !ok {
			out = append(out, Change{Field: g.Kind + " added", After: g.Title})
			continue
		}
		label := g.Kind + " “" + g.Title + "”"
		field(label+": title", old.Title, g.Title)
		field(label+": description", old.Description, g.Description)
		field(label+": status", ChoiceLabel(GoalStatuses, old.Status), ChoiceLabel(GoalStatuses, g.Status))
		field(label+": due date", old.DueDate, g.DueDate)
		field(label+": owner", old.OwnerHandle, g.OwnerHandle)
		field(label+": kind", old.Kind, g.Kind)
	}
	for _, g := range a.Goals {
		if !after[g.ID] {
			out = append(out, Change{Field: g.Kind + " removed", Before: g.Title})
		}
	}
	return out
}

// Membership roles within a community.
const (
	MemberCoordinator = "coordinator"
	MemberCore        = "core"
	MemberRegular     = "member"
)

// MemberRoles lists the roles in order of responsibility.
var MemberRoles = []Choice{
	{MemberCoordinator, "Coordinator", "Runs the community: charter, members, health."},
	{MemberCore, "Core member", "Takes part in leading the community."},
	{MemberRegular, "Member", "Takes part."},
}

// Membership states.
const (
	StateActive  = "active"
	StatePending = "pending" // asked to join, awaiting a coordinator
	StateInvited = "invited" // invited by a coordinator, awaiting the person
)

// Membership is a person's place in a community.
type Membership struct {
	CommunityID int64      `json:"-"`
	UserID      int64      `json:"-"`
	Role        string     `json:"role"`
	State       string     `json:"state"`
	Message     string     `json:"message,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	JoinedAt    *time.Time `json:"joined_at,omitempty"` // nil until active
}

// Active reports whether m is a current membership.
func (m *Membership) Active() bool { return m != nil && m.State == StateActive }

// Participation levels, computed from the activity log.
const (
	LevelCore       = "core"
	LevelActive     = "active"
	LevelOccasional = "occasional"
	LevelPeripheral = "peripheral"
)

// ParticipationWindow is the period over which participation is counted.
const ParticipationWindow = 90 * 24 * time.Hour

// ParticipationLevel classifies a member by the number of actions in the
// community during the last ParticipationWindow. Reading leaves no trace, so
// the periphery is everyone with few or no actions.
func ParticipationLevel(actions int) string {
	switch {
	case actions >= 20:
		return LevelCore
	case actions >= 6:
		return LevelActive
	case actions >= 2:
		return LevelOccasional
	default:
		return LevelPeripheral
	}
}

// Member is a person listed in a community's directory.
type Member struct {
	User       *User      `json:"user"`
	Membership Membership `json:"membership"`
	Actions    int        `json:"recent_actions"`
	Level      string     `json:"participation_level"`
}

// CommunityView is a community as one viewer sees it: what they may do and
// where they stand.
type CommunityView struct {
	Community  *Community
	Membership *Membership
	Perm       Permissions
	Goals      []*Goal
}

// CommunityPage is what a community's page shows, as one viewer sees it,
// read from one snapshot of the database.
type CommunityPage struct {
	CommunityView
	// Following tells whether the viewer follows the community.
	Following bool
	// Pinned are the announcements whose pin has not expired; Recent the
	// latest conversations, with the number of all of them.
	Pinned []*Thread
	Recent *ThreadList
	// Activity is the latest activity, newest first; Days the actions per
	// day, oldest first.
	Activity []*Activity
	Days     []DayCount
	// Rhythm is the community's events against its cadence. Its next
	// occurrence comes without the hosts, speakers and answers.
	Rhythm *Rhythm
	// Levels count the members at each participation level, for viewers
	// who may see the members.
	Levels []LevelCount
	// Pending is the number of requests to join, for viewers who manage
	// the members.
	Pending int
	// StartHere is the first "start here" collection with items the viewer
	// may see, for non-members and newcomers.
	StartHere *Collection
}

// CommunityPageOptions say how much of each part a community's page
// shows; a part of zero length gets its method's default.
type CommunityPageOptions struct {
	Threads      int // recent conversations
	Activity     int // entries of recent activity
	Days         int // days of daily activity
	RhythmMonths int // months of the rhythm
	// Members who joined after NewcomersSince are shown the "start here"
	// collection, as non-members are; the zero time means every member.
	NewcomersSince time.Time
}

// MemberFilter selects members of a community.
type MemberFilter struct {
	State string // active (default), pending or invited
}

// CommunityService manages communities, charters and memberships. Every
// method takes the acting user (nil for anonymous) and asks the policy.
type CommunityService interface {
	// Communities lists the communities actor may see, with member counts.
	Communities(ctx context.Context, actor *User) ([]*Community, error)
	// CommunityNames lists the same communities as Communities, in the
	// same order, with their id, slug, name and visibility only: what a
	// list of choices shows, without reading charters and counts.
	CommunityNames(ctx context.Context, actor *User) ([]*Community, error)
	// CommunitiesOf lists the communities user belongs to that actor may see.
	CommunitiesOf(ctx context.Context, actor *User, userID int64) ([]*Community, error)
	// CreateCommunity creates a community whose coordinator is actor.
	// Errors: EUNAUTHORIZED, EFORBIDDEN, EINVALID, ECONFLICT (slug taken).
	CreateCommunity(ctx context.Context, actor *User, in CommunityInput, goals []GoalInput) (*Community, error)
	// Community returns a community as actor sees it.
	// Errors: ENOTFOUND (also when actor may not see it).
	Community(ctx context.Context, actor *User, slug string) (*CommunityView, error)
	// CommunityPage returns what a community's page shows, from one read
	// transaction. Errors: ENOTFOUND (also when actor may not see it).
	CommunityPage(ctx context.Context, actor *User, slug string, o CommunityPageOptions) (*CommunityPage, error)
	// CommunityVersion returns the versions of what the community's page
	// shows anonymous visitors, for keeping the page. Errors: ENOTFOUND.
	CommunityVersion(ctx context.Context, slug string) (PageVersion, error)
	// UpdateCommunity changes the community and its charter text, saving a
	// charter revision. Errors: ENOTFOUND, EFORBIDDEN, EINVALID.
	UpdateCommunity(ctx context.Context, actor *User, slug string, in CommunityInput) (*Community, error)
	// AddGoal, UpdateGoal and DeleteGoal change the charter's goals, saving a
	// revision. Errors: ENOTFOUND, EFORBIDDEN, EINVALID.
	AddGoal(ctx context.Context, actor *User, slug string, in GoalInput) (*Goal, error)
	UpdateGoal(ctx context.Context, actor *User, slug string, goalID int64, in GoalInput) (*Goal, error)
	DeleteGoal(ctx context.Context, actor *User, slug string, goalID int64) error
	// CharterRevisions lists the charter's revisions, newest first, with
	// their changes. Errors: ENOTFOUND.
	CharterRevisions(ctx context.Context, actor *User, slug string) ([]*CharterRevision, error)
	// Join makes actor a member (open), asks to join (by request), or accepts
	// an invitation. Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, ECONFLICT.
	Join(ctx context.Context, actor *User, slug, message string) (*Membership, error)
	// Leave ends actor's membership or request. Errors: ENOTFOUND, ECONFLICT
	// (the last coordinator cannot leave).
	Leave(ctx context.Context, actor *User, slug string) error
	// Members lists members (or requests, or invitations) with their
	// participation levels. Errors: ENOTFOUND, EFORBIDDEN (requests).
	Members(ctx context.Context, actor *User, slug string, f MemberFilter) ([]*Member, error)
	// ParticipationLevels counts the active members at each participation
	// level, core first, without listing them; none when the community has
	// no active member. Errors: ENOTFOUND, EUNAUTHORIZED (as Members).
	ParticipationLevels(ctx context.Context, actor *User, slug string) ([]LevelCount, error)
	// Invite invites a user by handle. Errors: ENOTFOUND, EFORBIDDEN, ECONFLICT.
	Invite(ctx context.Context, actor *User, slug, handle string) error
	// Approve accepts a pending request. Errors: ENOTFOUND, EFORBIDDEN.
	Approve(ctx context.Context, actor *User, slug, handle string) error
	// SetRole changes a member's role. Errors: ENOTFOUND, EFORBIDDEN,
	// EINVALID, ECONFLICT (the last coordinator).
	SetRole(ctx context.Context, actor *User, slug, handle, role string) error
	// RemoveMember removes a member, declines a request or withdraws an
	// invitation. Errors: ENOTFOUND, EFORBIDDEN, ECONFLICT.
	RemoveMember(ctx context.Context, actor *User, slug, handle string) error
	// Activity lists a community's recent activity, newest first.
	// Errors: ENOTFOUND.
	Activity(ctx context.Context, actor *User, slug string, limit int) ([]*Activity, error)
	// DailyActivity counts a community's actions per day over the last days.
	// Errors: ENOTFOUND.
	DailyActivity(ctx context.Context, actor *User, slug string, days int) ([]DayCount, error)
}

// LevelCount is the number of active members at one participation level.
type LevelCount struct {
	Level string `json:"level"`
	Count int    `json:"count"`
}

// DayCount is the number of actions on one day.
type DayCount struct {
	Day   time.Time `json:"day"`
	Count int       `json:"count"`
}

// MaxCadenceDays is the longest intended interval between events.
const MaxCadenceDays = 90

// Cadence returns the community's intended rhythm of events.
func (c *Community) Cadence() Cadence {
	return Cadence{EveryDays: c.CadenceDays, Kind: c.CadenceKind, Label: CadenceLabel(c.CadenceDays, c.CadenceKind)}
}

// Validate checks a cadence: EveryDays 0 (none) or 1 to MaxCadenceDays, and
// Kind empty (any event) or an event kind.
func (c *Cadence) Validate() error {
	var v Validation
	if c.EveryDays < 0 || c.EveryDays > MaxCadenceDays {
		v.Add("every_days", "Choose a rhythm of 1 to 90 days, or none.")
	}
	if c.Kind != "" && !validChoice(EventKinds, c.Kind) {
		v.Add("kind", "Choose a kind of event, or any.")
	}
	return v.Err()
}

// CadenceLabel describes a cadence, such as "a meetup every 2 weeks"; it is
// empty when no cadence is set.
func CadenceLabel(everyDays int, kind string) string {
	if everyDays <= 0 {
		return ""
	}
	what := "an event"
	if kind != "" {
		// "Clinic / office hours" reads "a clinic".
		what = "a " + strings.ToLower(strings.SplitN(ChoiceLabel(EventKinds, kind), " /", 2)[0])
	}
	switch {
	case everyDays == 1:
		return what + " every day"
	case everyDays == 7:
		return what + " every week"
	case everyDays%7 == 0:
		return what + " every " + itoa(everyDays/7) + " weeks"
	}
	return what + " every " + itoa(everyDays) + " days"
}
