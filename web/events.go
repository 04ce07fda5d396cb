package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"praxis"
)

// The events of a community: the agenda, the month, the past with its
// harvest, the rhythm, visit requests and the cadence. One occurrence's
// page and the event form are in events_page.go and events_form.go.

// Windows of the events page.
const (
	agendaDays   = 90  // the agenda shows this far ahead
	pastDays     = 183 // the past tab goes this far back
	rhythmMonths = 6   // the rhythm chart covers this many months
)

// Views of the events page.
const (
	viewAgenda = "agenda"
	viewMonth  = "month"
	viewPast   = "past"
)

type eventsData struct {
	eventView
	*praxis.CommunityView
	View        string
	Occurrences []*praxis.Occurrence
	Month       *monthGrid
	Rhythm      *praxis.Rhythm
	// Leads is true for the community's coordinators and core members:
	// the harvest to-do, visit requests, the cadence and the missed beat.
	Leads bool
	// CanSchedule offers the "Schedule an event" button to members; the
	// store decides which kinds each may schedule.
	CanSchedule bool
	ToDo        []*praxis.Occurrence
	Visits      []*praxis.VisitRequest // to the community, for its leads
	MyVisits    []*praxis.VisitRequest // the viewer's own requests here
	// Upcoming are the community's next events, to answer a visit request with.
	Upcoming    []*praxis.Occurrence
	CalendarURL string
	// Form is a refused visit, answer or cadence form; its field "form" names it.
	Form *form
}

// FormFor returns the refused form when it is the one named, else nil.
func (d eventsData) FormFor(name string) *form {
	if d.Form != nil && d.Form.Get("form") == name {
		return d.Form
	}
	return nil
}

// CadenceLabel says the community's cadence in words.
func (d eventsData) CadenceLabel() string {
	if d.Rhythm == nil {
		return ""
	}
	return cadenceLabel(d.Rhythm.Cadence)
}

// CadenceChoices are the rhythms a coordinator picks from, with the
// community's own when it is none of them.
func (d eventsData) CadenceChoices() []praxis.Choice {
	cur := d.CadenceDays()
	if slices.ContainsFunc(cadenceChoices, func(c praxis.Choice) bool { return c.Value == cur }) {
		return cadenceChoices
	}
	return append(slices.Clone(cadenceChoices), praxis.Choice{Value: cur, Label: "Every " + cur + " days"})
}

// CadenceDays is the cadence as the form's value.
func (d eventsData) CadenceDays() string {
	if d.Rhythm == nil {
		return "0"
	}
	return strconv.Itoa(d.Rhythm.Cadence.EveryDays)
}

// VisitStatusLabel names a visit request's status.
func (eventsData) VisitStatusLabel(status string) string {
	switch status {
	case praxis.VisitAccepted:
		return "Accepted"
	case praxis.VisitDeclined:
		return "Declined"
	}
	return "Waiting for an answer"
}

// ViewURL is the address of one view of the page.
func (d eventsData) ViewURL(view string) string {
	base := "/c/" + d.Community.Slug + "/events"
	if view == viewAgenda {
		return base
	}
	return base + "?view=" + view
}

// monthGrid is a month of occurrences, week by week from Monday.
type monthGrid struct {
	Month      time.Time // its first day
	Prev, Next string    // the neighbouring months, YYYY-MM
	Weeks      [][]monthDay
	Count      int
}

// monthDay is one cell of the grid.
type monthDay struct {
	Date        time.Time
	InMonth     bool
	Today       bool
	Occurrences []*praxis.Occurrence
}

var weekdayNames = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// Weekdays names the columns of the grid.
func (monthGrid) Weekdays() []string { return weekdayNames }

// parseMonth reads YYYY-MM; an empty or wrong value gives this month.
func parseMonth(s string, now time.Time) time.Time {
	if m, err := time.Parse("2006-01", s); err == nil && m.Year() > 1970 && m.Year() < 3000 {
		return m
	}
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// buildMonth lays out the occurrences of month (its first day, a date)
// on a grid of weeks, each on its day as the viewer sees it.
func (v eventView) buildMonth(month time.Time, occs []*praxis.Occurrence) *monthGrid {
	g := &monthGrid{Month: month, Prev: month.AddDate(0, -1, 0).Format("2006-01"), Next: month.AddDate(0, 1, 0).Format("2006-01")}
	byDay := map[string][]*praxis.Occurrence{}
	for _, o := range occs {
		day := o.StartsAt.In(v.zoneFor(o.Event)).Format(time.DateOnly)
		byDay[day] = append(byDay[day], o)
	}
	today := v.Now.In(time.UTC).Format(time.DateOnly)
	if v.Zone != nil {
		today = v.Now.In(v.Zone).Format(time.DateOnly)
	}
	offset := (int(month.Weekday()) + 6) % 7 // days before the 1st in its week
	day := month.AddDate(0, 0, -offset)
	for {
		week := make([]monthDay, 7)
		for i := range week {
			key := day.Format(time.DateOnly)
			week[i] = monthDay{Date: day, InMonth: day.Month() == month.Month(), Today: key == today}
			if week[i].InMonth {
				week[i].Occurrences = byDay[key]
				g.Count += len(byDay[key])
			}
			day = day.AddDate(0, 0, 1)
		}
		g.Weeks = append(g.Weeks, week)
		if day.Month() != month.Month() {
			break
		}
	}
	return g
}

func (s *Server) renderEvents(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	d := eventsData{eventView: s.eventView(u), CommunityView: v, View: q.Get("view"), Leads: v.Perm.Lead,
		CanSchedule: v.Perm.Participate, Form: f, CalendarURL: s.absURL(r, "/c/"+slug+"/calendar.ics")}
	now := d.Now
	switch d.View {
	case viewMonth:
		month := parseMonth(q.Get("month"), now.In(d.zoneFor(nil)))
		// A day of margin on each side: the grid places each occurrence
		// on its day in the viewer's zone.
		f := praxis.OccurrenceFilter{From: month.AddDate(0, 0, -1), To: month.AddDate(0, 1, 1), Limit: praxis.MaxPageSize}
		var occs []*praxis.Occurrence
		if occs, err = s.store.Occurrences(ctx, u, slug, f); err != nil {
			s.fail(w, r, err)
			return
		}
		d.Month = d.buildMonth(month, occs)
	case viewPast:
		f := praxis.OccurrenceFilter{From: now.AddDate(0, 0, -pastDays), To: now, Limit: praxis.MaxPageSize}
		if d.Occurrences, err = s.store.Occurrences(ctx, u, slug, f); err != nil {
			s.fail(w, r, err)
			return
		}
		slices.Reverse(d.Occurrences) // the latest first
	default:
		d.View = viewAgenda
		f := praxis.OccurrenceFilter{From: now, To: now.AddDate(0, 0, agendaDays), Limit: praxis.MaxPageSize}
		if d.Occurrences, err = s.store.Occurrences(ctx, u, slug, f); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if d.Rhythm, err = s.store.Rhythm(ctx, u, slug, rhythmMonths); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Leads {
		if d.ToDo, err = s.store.HarvestToDo(ctx, u, slug); err != nil && praxis.ErrorCode(err) != praxis.EFORBIDDEN {
			s.fail(w, r, err)
			return
		}
		if d.Visits, err = s.store.VisitRequests(ctx, u, slug); err != nil && praxis.ErrorCode(err) != praxis.EFORBIDDEN {
			s.fail(w, r, err)
			return
		}
		if len(d.Visits) > 0 {
			f := praxis.OccurrenceFilter{From: now, To: now.Add(praxis.OccurrenceHorizon), Limit: praxis.MaxPageSize}
			if d.Upcoming, err = s.store.Occurrences(ctx, u, slug, f); err != nil {
				s.fail(w, r, err)
				return
			}
			d.Upcoming = visitEvents(d.Upcoming)
		}
	}
	if u != nil {
		mine, err := s.store.VisitRequests(ctx, u, "")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, vr := range mine {
			if vr.CommunitySlug == slug {
				d.MyVisits = append(d.MyVisits, vr)
			}
		}
	}
	s.render(w, r, status, "events", &page{Title: "Events of " + v.Community.Name, Nav: "community", Form: f, Data: d})
}

// visitEvents keeps the first occurrence of each event that can schedule
// a visit (a visit or a clinic, not cancelled), in order.
func visitEvents(occs []*praxis.Occurrence) []*praxis.Occurrence {
	seen := map[int64]bool{}
	var out []*praxis.Occurrence
	for _, o := range occs {
		e := o.Event
		if e == nil || seen[o.EventID] || o.Cancelled || e.Cancelled || (e.Kind != praxis.EventVisit && e.Kind != praxis.EventClinic) {
			continue
		}
		seen[o.EventID] = true
		out = append(out, o)
	}
	return out
}

func (s *Server) eventsPage(w http.ResponseWriter, r *http.Request) {
	s.renderEvents(w, r, http.StatusOK, nil)
}

// eventsFormAction runs a form of the events page and returns to it,
// re-showing it with the messages beside the fields when refused.
func (s *Server) eventsFormAction(w http.ResponseWriter, r *http.Request, flash, anchor string, fn func() error) {
	if actor(r) == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first."))
		return
	}
	if err := fn(); err != nil {
		if code := praxis.ErrorCode(err); code == praxis.EINVALID || code == praxis.ECONFLICT {
			s.renderEvents(w, r, statusOf(code), newForm(r, err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, flash)
	http.Redirect(w, r, "/c/"+r.PathValue("slug")+"/events"+anchor, http.StatusSeeOther)
}

// visitSubmit asks the community for a visit or a clinic.
func (s *Server) visitSubmit(w http.ResponseWriter, r *http.Request) {
	s.eventsFormAction(w, r, "Your request is sent to the coordinators. You will see their answer here.", "#visits", func() error {
		_, err := s.store.RequestVisit(r.Context(), actor(r), r.PathValue("slug"), praxis.VisitRequest{
			What: strings.TrimSpace(r.PostFormValue("what")), Why: strings.TrimSpace(r.PostFormValue("why")),
			ProposedDates: strings.TrimSpace(r.PostFormValue("proposed_dates"))})
		return err
	})
}

// answerVisitSubmit accepts a visit request with an event that schedules
// it, or declines it with a note. Accepting with "a new event" goes to
// the event form, which answers the request once the event exists.
func (s *Server) answerVisitSubmit(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	accept := r.PostFormValue("answer") == "accept"
	eventID, _ := strconv.ParseInt(r.PostFormValue("event_id"), 10, 64)
	if accept && r.PostFormValue("event_id") == "new" {
		http.Redirect(w, r, "/c/"+slug+"/events/new?kind="+praxis.EventVisit+"&visit="+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	flash := "The request is declined; its author sees your note."
	if accept {
		flash = "The visit is accepted and scheduled."
	}
	s.eventsFormAction(w, r, flash, "#visit-requests", func() error {
		if accept && eventID == 0 {
			msg := "Choose the event that schedules the visit, or schedule a new one."
			return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"event_id": msg}}
		}
		return s.store.AnswerVisit(r.Context(), actor(r), id, accept, strings.TrimSpace(r.PostFormValue("note")), eventID)
	})
}

// cadenceSubmit sets the community's intended rhythm.
func (s *Server) cadenceSubmit(w http.ResponseWriter, r *http.Request) {
	s.eventsFormAction(w, r, "The rhythm is set. The events page shows how the community keeps it.", "#rhythm", func() error {
		days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("every_days")))
		if err != nil {
			msg := "Choose how often the community meets."
			return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"every_days": msg}}
		}
		c := praxis.Cadence{EveryDays: days, Kind: r.PostFormValue("kind")}
		c.Label = cadenceLabel(c)
		return s.store.SetCadence(r.Context(), actor(r), r.PathValue("slug"), c)
	})
}
