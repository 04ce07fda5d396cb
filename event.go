package praxis

import (
	"context"
	"strings"
	"time"
)

// Event kinds.
const (
	EventMeetup   = "meetup"
	EventTalk     = "talk"
	EventWorkshop = "workshop"
	EventClinic   = "clinic" // office hours
	EventVisit    = "visit"  // "can we come and see your program?"
)

// EventKinds lists the kinds in display order.
var EventKinds = []Choice{
	{EventMeetup, "Meetup", "Members meet to share what they are working on."},
	{EventTalk, "Talk", "Someone presents; the community discusses."},
	{EventWorkshop, "Workshop", "Hands-on work on a shared problem."},
	{EventClinic, "Clinic / office hours", "Bring your problem; experts are there to help."},
	{EventVisit, "Visit", "Go and see how another team does it."},
}

// Event visibilities.
const (
	EventPublic     = "public"     // whoever may see the community
	EventMembers    = "members"    // active members of the community
	EventInvitation = "invitation" // hosts and invited people only
)

// EventVisibilities lists event visibilities.
var EventVisibilities = []Choice{
	{EventPublic, "Everyone who can see the community", ""},
	{EventMembers, "Members of the community", ""},
	{EventInvitation, "Invited people only", ""},
}

// RSVP answers. A "going" answer beyond capacity is stored as waitlisted.
const (
	RSVPGoing      = "going"
	RSVPMaybe      = "maybe"
	RSVPNotGoing   = "not-going"
	RSVPWaitlisted = "waitlisted"
)

// Limits on events.
const (
	MaxEventTitleLen    = 160
	MaxEventDuration    = 7 * 24 * time.Hour
	MaxOccurrences      = 200                  // of a series, materialized ahead
	OccurrenceHorizon   = 400 * 24 * time.Hour // how far ahead a series is materialized
	DefaultReminderLead = 24 * time.Hour
	DefaultHarvestDays  = 7 // an event without harvest after this many days is on the coordinators' to-do list
	MaxRSVPNoteLen      = 500
	MaxEventCapacity    = 10000
	MaxHarvestLinks     = 20
)

// Event is a single event or a recurring series. Times are in the event's
// time zone, so a weekly meetup stays at 18:00 across daylight saving.
type Event struct {
	ID            int64       `json:"id"`
	CommunityID   int64       `json:"-"`
	CommunitySlug string      `json:"community"`
	Kind          string      `json:"kind"`
	Title         string      `json:"title"`
	Description   string      `json:"description,omitempty"` // markdown
	HTML          string      `json:"html,omitempty"`
	TimeZone      string      `json:"time_zone"`
	Start         time.Time   `json:"start"` // of the first occurrence, in TimeZone
	Duration      int         `json:"duration_minutes"`
	RRule         string      `json:"rrule,omitempty"`   // RFC 5545 RRULE value, e.g. FREQ=MONTHLY;BYDAY=2TU
	ExDates       []time.Time `json:"exdates,omitempty"` // occurrences removed from the series
	Place         string      `json:"place,omitempty"`
	OnlineURL     string      `json:"online_url,omitempty"` // only for those who may attend
	Visibility    string      `json:"visibility"`
	Capacity      int         `json:"capacity"` // 0: no limit
	Hosts         []PersonRef `json:"hosts"`
	Speakers      []string    `json:"speakers"`           // members' handles or guests' names
	Invitees      []PersonRef `json:"invitees,omitempty"` // for those who may host it only
	Cancelled     bool        `json:"cancelled"`
	CreatedAt     time.Time   `json:"created_at"`
	UpdatedAt     time.Time   `json:"updated_at"`
	ExternalID    string      `json:"external_id,omitempty"`
}

// Occurrence is one dated instance of an event; a single event has one.
type Occurrence struct {
	ID      int64  `json:"id"`
	EventID int64  `json:"event_id"`
	Event   *Event `json:"event,omitempty"`
	// OriginalStart is where the series put this occurrence before it was
	// moved: its RECURRENCE-ID in iCalendar.
	OriginalStart time.Time  `json:"original_start"`
	StartsAt      time.Time  `json:"starts_at"`
	EndsAt        time.Time  `json:"ends_at"`
	Cancelled     bool       `json:"cancelled"`
	Note          string     `json:"note,omitempty"` // an override for this occurrence only
	Going         int        `json:"going"`
	Waitlisted    int        `json:"waitlisted"`
	MyRSVP        string     `json:"my_rsvp,omitempty"`
	Harvested     bool       `json:"harvested"`
	ArticleID     int64      `json:"article_id,omitempty"` // "lessons from this event"
	HarvestedAt   *time.Time `json:"harvested_at,omitempty"`
}

// Path is the occurrence's URL.
func (o *Occurrence) Path(slug string) string {
	return "/c/" + slug + "/events/" + itoa(int(o.ID))
}

// EventInput is a new event or a change to one; nil fields stay.
type EventInput struct {
	Kind        *string  `json:"kind"`
	Title       *string  `json:"title"`
	Description *string  `json:"description"`
	TimeZone    *string  `json:"time_zone"`
	Start       *string  `json:"start"` // local date-time "2006-01-02T15:04" in TimeZone
	End         *string  `json:"end"`   // local date-time; must be after Start
	RRule       *string  `json:"rrule"`
	Place       *string  `json:"place"`
	OnlineURL   *string  `json:"online_url"`
	Visibility  *string  `json:"visibility"`
	Capacity    *int     `json:"capacity"`
	Hosts       []string `json:"hosts"`    // handles of active members; the creator by default
	Speakers    []string `json:"speakers"` // handles or names
	Invitees    []string `json:"invitees"` // handles, for invitation-only events
}

// ValidateEventTimes checks a time zone, a start and an end given as local
// date-times, and returns them as instants.
func ValidateEventTimes(v *Validation, tz, start, end string) (time.Time, time.Time, *time.Location) {
	loc, err := time.LoadLocation(strings.TrimSpace(tz))
	if tz == "" || err != nil || tz == "Local" {
		v.Add("time_zone", "Choose a time zone such as Europe/Paris or America/New_York.")
		return time.Time{}, time.Time{}, nil
	}
	const layout = "2006-01-02T15:04"
	s, err := time.ParseInLocation(layout, strings.TrimSpace(start), loc)
	if err != nil {
		v.Add("start", "Enter the start as a date and time.")
	}
	e, err2 := time.ParseInLocation(layout, strings.TrimSpace(end), loc)
	if err2 != nil {
		v.Add("end", "Enter the end as a date and time.")
	}
	if err == nil && err2 == nil {
		switch {
		case !e.After(s):
			v.Add("end", "The end must be after the start.")
		case e.Sub(s) > MaxEventDuration:
			v.Add("end", "An event lasts at most 7 days.")
		}
	}
	return s, e, loc
}

// RSVP is a person's answer for one occurrence.
type RSVP struct {
	Person    PersonRef `json:"person"`
	Status    string    `json:"status"`
	Note      string    `json:"note"`
	Attended  bool      `json:"attended"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Harvest is what hosts gather after an occurrence.
type Harvest struct {
	Notes string   `json:"notes"` // markdown
	Links []string `json:"links"` // slides, recordings
}

// OccurrenceFilter selects occurrences.
type OccurrenceFilter struct {
	From, To time.Time // default: from now, for 60 days
	Kind     string
	Mine     bool // hosting or going
	Limit    int
}

// EventPage is an occurrence as one viewer sees it.
type EventPage struct {
	Occurrence *Occurrence
	Event      *Event
	Community  *Community
	Perm       Permissions
	CanHost    bool // a host or a coordinator: edit, mark attendance, harvest
	CanRSVP    bool
	RSVPs      []*RSVP       // everyone's, for hosts; empty for others
	Others     []*Occurrence // the series' next occurrences
	Harvest    *Harvest
	// WaitlistPosition is the viewer's place on the waitlist (1 is next),
	// or 0 when not waitlisted.
	WaitlistPosition int
}

// Visit request statuses.
const (
	VisitRequested = "requested"
	VisitAccepted  = "accepted"
	VisitDeclined  = "declined"
)

// VisitRequest is a member's request to visit, or to be visited by,
// another community ("can we come and see your program?").
type VisitRequest struct {
	ID            int64     `json:"id"`
	From          PersonRef `json:"from"`
	CommunitySlug string    `json:"community"` // the community asked
	What          string    `json:"what"`
	Why           string    `json:"why"`
	ProposedDates string    `json:"proposed_dates"`
	Status        string    `json:"status"`
	Answer        string    `json:"answer"`
	EventID       int64     `json:"event_id,omitempty"` // the visit, once scheduled
	CreatedAt     time.Time `json:"created_at"`
}

// Cadence is a community's intended rhythm of events.
type Cadence struct {
	EveryDays int    `json:"every_days"` // 0: none set
	Kind      string `json:"kind"`       // an event kind, or empty for any
	Label     string `json:"label"`      // e.g. "a meetup every 2 weeks"
}

// RhythmPeriod is one period of the cadence and the events held in it.
type RhythmPeriod struct {
	Start time.Time `json:"start"`
	Held  int       `json:"held"`
}

// Rhythm compares the events held with the cadence.
type Rhythm struct {
	Cadence    Cadence        `json:"cadence"`
	Periods    []RhythmPeriod `json:"periods"`     // oldest first
	MissedBeat bool           `json:"missed_beat"` // no event in the last full period
	Next       *Occurrence    `json:"next,omitempty"`
}

// EventService manages events, their occurrences, RSVPs and the rhythm of
// a community. Every method takes the acting user (nil when anonymous) and
// asks the policy; events of restricted visibility, and their online links,
// reach only those who may attend.
type EventService interface {
	// Occurrences lists a community's occurrences in a window, as actor
	// may see them. Errors: ENOTFOUND.
	Occurrences(ctx context.Context, actor *User, slug string, f OccurrenceFilter) ([]*Occurrence, error)
	// MyOccurrences lists, across communities, occurrences actor hosts or
	// answered going or maybe to. Errors: EUNAUTHORIZED.
	MyOccurrences(ctx context.Context, actor *User, f OccurrenceFilter) ([]*Occurrence, error)
	// CreateEvent creates a single event or a series (coordinators and
	// core members, or any member for clinics and visits).
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID.
	CreateEvent(ctx context.Context, actor *User, slug string, in EventInput) (*Event, error)
	// EventPage returns one occurrence with its event. Errors: ENOTFOUND.
	EventPage(ctx context.Context, actor *User, occurrenceID int64) (*EventPage, error)
	// UpdateEvent changes the whole series (hosts, coordinators); future
	// occurrences follow, past ones and their RSVPs stay.
	// Errors: ENOTFOUND, EFORBIDDEN, EINVALID (also capacity below the
	// number already going).
	UpdateEvent(ctx context.Context, actor *User, eventID int64, in EventInput) (*Event, error)
	// UpdateOccurrence changes one occurrence: its time or a note.
	// Errors: ENOTFOUND, EFORBIDDEN, EINVALID.
	UpdateOccurrence(ctx context.Context, actor *User, occurrenceID int64, start, end, note *string) (*Occurrence, error)
	// CancelOccurrence cancels one occurrence (an EXDATE of the series),
	// telling those going. Errors: ENOTFOUND, EFORBIDDEN.
	CancelOccurrence(ctx context.Context, actor *User, occurrenceID int64) error
	// CancelEvent cancels the event and all its future occurrences.
	// Errors: ENOTFOUND, EFORBIDDEN.
	CancelEvent(ctx context.Context, actor *User, eventID int64) error
	// Respond answers going, maybe or not going, with a note; going beyond
	// capacity is waitlisted; a cancellation promotes the first waitlisted.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID (cancelled or
	// past occurrence, unknown answer).
	Respond(ctx context.Context, actor *User, occurrenceID int64, status, note string) (*RSVP, error)
	// MarkAttendance records who attended (hosts, after the start); each
	// attendance is an activity at the occurrence's time.
	// Errors: ENOTFOUND, EFORBIDDEN, EINVALID.
	MarkAttendance(ctx context.Context, actor *User, occurrenceID int64, handles []string) error
	// SaveHarvest stores notes and links after an occurrence (hosts).
	// Errors: ENOTFOUND, EFORBIDDEN, EINVALID.
	SaveHarvest(ctx context.Context, actor *User, occurrenceID int64, h Harvest) error
	// HarvestArticle drafts "lessons from this event" in the knowledge
	// base, linked to the occurrence. Errors: ENOTFOUND, EFORBIDDEN.
	HarvestArticle(ctx context.Context, actor *User, occurrenceID int64) (*Article, error)
	// HarvestToDo lists past occurrences without harvest after
	// DefaultHarvestDays (coordinators). Errors: ENOTFOUND, EFORBIDDEN.
	HarvestToDo(ctx context.Context, actor *User, slug string) ([]*Occurrence, error)
	// RequestVisit asks a community for a visit or a clinic.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EINVALID.
	RequestVisit(ctx context.Context, actor *User, slug string, r VisitRequest) (*VisitRequest, error)
	// VisitRequests lists requests to a community (coordinators) or made by
	// actor (slug empty). Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN.
	VisitRequests(ctx context.Context, actor *User, slug string) ([]*VisitRequest, error)
	// AnswerVisit accepts (with the event that schedules it) or declines
	// (with a note). Errors: ENOTFOUND, EFORBIDDEN, EINVALID.
	AnswerVisit(ctx context.Context, actor *User, requestID int64, accept bool, note string, eventID int64) error
	// SetCadence sets the community's intended rhythm (coordinators).
	// Errors: ENOTFOUND, EFORBIDDEN, EINVALID.
	SetCadence(ctx context.Context, actor *User, slug string, c Cadence) error
	// Rhythm compares events held with the cadence over the last months.
	// Errors: ENOTFOUND.
	Rhythm(ctx context.Context, actor *User, slug string, months int) (*Rhythm, error)
	// CalendarToken creates actor's secret calendar feed token and returns
	// it. Only its hash is kept, so an existing token cannot be shown again:
	// without rotate it returns "" when actor has one; rotate=true replaces
	// it, revoking the old one. Errors: EUNAUTHORIZED.
	CalendarToken(ctx context.Context, actor *User, rotate bool) (string, error)
	// UserByCalendarToken returns the owner of a feed token.
	// Errors: EUNAUTHORIZED.
	UserByCalendarToken(ctx context.Context, token string) (*User, error)
	// CalendarEvents returns the events (series with their exceptions and
	// overrides) for an iCalendar feed: a community's (slug set) or actor's.
	// Errors: ENOTFOUND, EUNAUTHORIZED (actor's feed without an actor).
	CalendarEvents(ctx context.Context, actor *User, slug string) ([]*CalendarEntry, error)
	// SendReminders notifies those going to occurrences starting within
	// the lead time, once each; it is safe to run on every instance.
	SendReminders(ctx context.Context, lead time.Duration) (int, error)
}

// CalendarEntry is an event with what an iCalendar feed needs: the series
// and its overridden or cancelled occurrences.
type CalendarEntry struct {
	Event     *Event
	Overrides []*Occurrence // occurrences moved or annotated (RECURRENCE-ID)
	URL       string
}
