package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"praxis"
)

// How events are shown: every time in the viewer's time zone (their
// profile's), or in the event's own when the viewer has none, with the
// event's zone noted when the two differ.

// eventView is what every events page needs besides its data: the time
// now and the viewer's time zone.
type eventView struct {
	Now time.Time
	// Zone is the viewer's time zone; nil shows each event in its own.
	Zone *time.Location
}

// eventView is how u sees events now.
func (s *Server) eventView(u *praxis.User) eventView {
	v := eventView{Now: s.now()}
	if u != nil && u.TimeZone != "" {
		if loc, err := time.LoadLocation(u.TimeZone); err == nil {
			v.Zone = loc
		}
	}
	return v
}

// eventZone is the time zone of an event; UTC if it cannot be loaded. The
// store gives the start in it, which saves loading it again.
func eventZone(e *praxis.Event) *time.Location {
	if e == nil {
		return time.UTC
	}
	if loc := e.Start.Location(); loc.String() == e.TimeZone {
		return loc
	}
	if loc, err := time.LoadLocation(e.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// zoneFor returns the zone in which the viewer sees an event.
func (v eventView) zoneFor(e *praxis.Event) *time.Location {
	if v.Zone != nil {
		return v.Zone
	}
	return eventZone(e)
}

// eventTime is an occurrence's time in words.
type eventTime struct {
	Date  string // "Tue 10 Mar 2026"
	Hours string // "18:00–20:00", or "18:00 – Wed 11 Mar, 10:00" over several days
	Zone  string // the zone Date and Hours are in, e.g. "Europe/Paris"
	// Local is the time where the event takes place, when the viewer's
	// zone differs: "18:00–20:00 Europe/Paris".
	Local string
	ISO   string // the start, for <time datetime>
	Month string // "Mar", and
	Day   string // "10": the day as a calendar leaf shows it
}

// hours writes the span from start to end, both in one zone.
func hours(start, end time.Time) string {
	if end.IsZero() {
		return start.Format("15:04")
	}
	if start.Year() == end.Year() && start.YearDay() == end.YearDay() {
		return start.Format("15:04") + "–" + end.Format("15:04")
	}
	return start.Format("15:04") + " – " + end.Format("Mon 2 Jan, 15:04")
}

// When is the time of an occurrence as the viewer sees it.
func (v eventView) When(o *praxis.Occurrence) eventTime {
	return v.span(o.Event, o.StartsAt, o.EndsAt)
}

func (v eventView) span(e *praxis.Event, start, end time.Time) eventTime {
	loc, own := v.zoneFor(e), eventZone(e)
	s, en := start.In(loc), end.In(loc)
	t := eventTime{Date: s.Format("Mon 2 Jan 2006"), Hours: hours(s, en), Zone: loc.String(), ISO: start.UTC().Format(time.RFC3339),
		Month: s.Format("Jan"), Day: s.Format("2")}
	if own.String() != loc.String() {
		ls, le := start.In(own), end.In(own)
		t.Local = hours(ls, le) + " " + own.String()
		if ls.YearDay() != s.YearDay() {
			t.Local = ls.Format("Mon 2 Jan") + ", " + t.Local
		}
	}
	return t
}

// Started reports whether an occurrence has begun: attendance can be marked.
func (v eventView) Started(o *praxis.Occurrence) bool { return !v.Now.Before(o.StartsAt) }

// Over reports whether an occurrence has ended.
func (v eventView) Over(o *praxis.Occurrence) bool { return !v.Now.Before(o.EndsAt) }

// Kinds lists the kinds of event.
func (eventView) Kinds() []praxis.Choice { return praxis.EventKinds }

// KindLabel names a kind of event.
func (eventView) KindLabel(kind string) string { return praxis.ChoiceLabel(praxis.EventKinds, kind) }

// Visibilities lists who may see an event.
func (eventView) Visibilities() []praxis.Choice { return praxis.EventVisibilities }

// VisibilityLabel names an event's visibility, briefly.
func (eventView) VisibilityLabel(v string) string {
	switch v {
	case praxis.EventMembers:
		return "Members only"
	case praxis.EventInvitation:
		return "Invitation only"
	}
	return "Public"
}

// RSVPLabel names an answer.
func (eventView) RSVPLabel(status string) string {
	switch status {
	case praxis.RSVPGoing:
		return "Going"
	case praxis.RSVPMaybe:
		return "Maybe"
	case praxis.RSVPNotGoing:
		return "Not going"
	case praxis.RSVPWaitlisted:
		return "On the waitlist"
	}
	return ""
}

// Places says how many are going, against the capacity.
func (eventView) Places(o *praxis.Occurrence) string {
	capacity := 0
	if o.Event != nil {
		capacity = o.Event.Capacity
	}
	s := strconv.Itoa(o.Going) + " going"
	if capacity > 0 {
		s = fmt.Sprintf("%d of %d places taken", o.Going, capacity)
		if o.Going >= capacity {
			s += " (full)"
		}
	}
	if o.Waitlisted > 0 {
		s += fmt.Sprintf(", %d on the waitlist", o.Waitlisted)
	}
	return s
}

// Repeat describes a series' rule in words.
func (eventView) Repeat(e *praxis.Event) string {
	return describeRRule(e.RRule, e.Start.In(eventZone(e)))
}

// localInput writes an instant as a datetime-local value in a zone.
func localInput(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02T15:04")
}

// Repeat options of the event form; the rule is made from the start.
const (
	repeatNone     = "none"
	repeatWeekly   = "weekly"
	repeatBiweekly = "biweekly"
	repeatMonthly  = "monthly"
	repeatCustom   = "custom"
)

var eventRepeats = []praxis.Choice{
	{Value: repeatNone, Label: "Does not repeat", Help: ""},
	{Value: repeatWeekly, Label: "Every week", Help: "On the same weekday."},
	{Value: repeatBiweekly, Label: "Every 2 weeks", Help: "On the same weekday."},
	{Value: repeatMonthly, Label: "Every month, on the same weekday", Help: "For example the 2nd Tuesday, as the start falls."},
	{Value: repeatCustom, Label: "Custom rule", Help: "An iCalendar RRULE, such as FREQ=MONTHLY;BYDAY=-1FR (the last Friday)."},
}

var icalDays = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// nthWeekday is the position of a date's weekday in its month: 1 to 4,
// or -1 for a fifth one (the last).
func nthWeekday(d time.Time) int {
	n := (d.Day()-1)/7 + 1
	if n == 5 {
		return -1
	}
	return n
}

// rruleFor makes the rule of a repeat option from the start (a local
// date-time); custom is the rule written by hand.
func rruleFor(repeat, start, custom string) string {
	s, err := time.Parse("2006-01-02T15:04", strings.TrimSpace(start))
	day := ""
	if err == nil {
		day = ";BYDAY=" + icalDays[s.Weekday()]
	}
	switch repeat {
	case repeatWeekly:
		return "FREQ=WEEKLY" + day
	case repeatBiweekly:
		return "FREQ=WEEKLY;INTERVAL=2" + day
	case repeatMonthly:
		if err != nil {
			return "FREQ=MONTHLY"
		}
		return "FREQ=MONTHLY;BYDAY=" + strconv.Itoa(nthWeekday(s)) + icalDays[s.Weekday()]
	case repeatCustom:
		return strings.TrimPrefix(strings.TrimSpace(custom), "RRULE:")
	}
	return ""
}

// repeatOf finds the repeat option that gives rule for a series starting
// at start (local), custom when none does.
func repeatOf(rule string, start time.Time) string {
	if rule == "" {
		return repeatNone
	}
	local := start.Format("2006-01-02T15:04")
	for _, r := range []string{repeatWeekly, repeatBiweekly, repeatMonthly} {
		if strings.EqualFold(rruleFor(r, local, ""), rule) {
			return r
		}
	}
	return repeatCustom
}

var ordinals = map[string]string{"1": "1st", "2": "2nd", "3": "3rd", "4": "4th", "-1": "last"}

var dayNames = map[string]string{"SU": "Sunday", "MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday", "SA": "Saturday"}

// describeRRule says in words how a series repeats; the rule itself when
// it is not one of the usual ones.
func describeRRule(rule string, start time.Time) string {
	if rule == "" {
		return ""
	}
	parts := map[string]string{}
	for p := range strings.SplitSeq(strings.ToUpper(rule), ";") {
		if k, v, ok := strings.Cut(p, "="); ok {
			parts[k] = v
		}
	}
	interval := parts["INTERVAL"]
	if interval == "" || interval == "1" {
		interval = ""
	}
	simple := len(parts) <= 3 && parts["COUNT"] == "" && parts["UNTIL"] == ""
	switch parts["FREQ"] {
	case "WEEKLY":
		day := dayNames[parts["BYDAY"]]
		if parts["BYDAY"] == "" {
			day = start.Weekday().String()
		}
		if simple && day != "" {
			if interval == "" {
				return "Every week on " + day
			}
			return "Every " + interval + " weeks on " + day
		}
	case "MONTHLY":
		by := parts["BYDAY"]
		if simple && interval == "" && len(by) >= 3 {
			n, d := by[:len(by)-2], by[len(by)-2:]
			if ordinals[n] != "" && dayNames[d] != "" {
				return "Every month on the " + ordinals[n] + " " + dayNames[d]
			}
		}
		if simple && interval == "" && by == "" {
			return "Every month on day " + strconv.Itoa(start.Day())
		}
	case "DAILY":
		if simple && interval == "" {
			return "Every day"
		}
	}
	return "Repeats: " + rule
}

// cadenceLabel says a cadence in words.
func cadenceLabel(c praxis.Cadence) string {
	if c.Label != "" {
		return c.Label
	}
	return praxis.CadenceLabel(c.EveryDays, c.Kind)
}

// CadenceText says a cadence in words.
func (eventView) CadenceText(c praxis.Cadence) string { return cadenceLabel(c) }

// cadenceChoices are the rhythms a coordinator picks from.
var cadenceChoices = []praxis.Choice{
	{Value: "0", Label: "No set rhythm", Help: ""},
	{Value: "7", Label: "Every week", Help: ""},
	{Value: "14", Label: "Every 2 weeks", Help: ""},
	{Value: "21", Label: "Every 3 weeks", Help: ""},
	{Value: "28", Label: "Every 4 weeks", Help: ""},
	{Value: "30", Label: "Every 30 days (about a month)", Help: ""},
	{Value: "61", Label: "Every 61 days (about 2 months)", Help: ""},
	{Value: "90", Label: "Every 90 days (about a quarter)", Help: ""},
}
