package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"praxis"
)

// Scheduling an event, and editing one occurrence or the whole series.

// Scopes of an edit.
const (
	scopeSeries     = "series"
	scopeOccurrence = "occurrence"
)

type eventFormData struct {
	eventView
	Community *praxis.Community
	// Page is the occurrence edited; nil for a new event.
	Page *praxis.EventPage
	// Scope is what an edit changes: the series (or single event) or
	// this occurrence only.
	Scope string
	// Visit is the visit request the new event answers, if any.
	Visit string
}

// Zones are the time zones the form offers: the common ones, with the
// viewer's and the chosen one added.
func (d eventFormData) Zones(chosen string) []string {
	zones := slices.Clone(commonTimeZones)
	if d.Zone != nil && !slices.Contains(zones, d.Zone.String()) {
		zones = append(zones, d.Zone.String())
	}
	if chosen != "" && !slices.Contains(zones, chosen) {
		zones = append(zones, chosen)
	}
	slices.Sort(zones)
	return zones
}

// Repeats lists the repeat options.
func (eventFormData) Repeats() []praxis.Choice { return eventRepeats }

// Action is where the form posts.
func (d eventFormData) Action() string {
	if d.Page == nil {
		return "/c/" + d.Community.Slug + "/events/new"
	}
	return d.Page.Occurrence.Path(d.Community.Slug) + "/edit"
}

// eventInput reads the event form. Editing, emptied lists clear.
func eventInput(r *http.Request, editing bool) praxis.EventInput {
	get := func(name string) *string {
		if _, ok := r.PostForm[name]; !ok {
			return nil
		}
		v := strings.TrimSpace(r.PostFormValue(name))
		return &v
	}
	in := praxis.EventInput{Kind: get("kind"), Title: get("title"), Description: get("description"), TimeZone: get("time_zone"),
		Start: get("start"), End: get("end"), Place: get("place"), OnlineURL: get("online_url"), Visibility: get("visibility")}
	if repeat := r.PostFormValue("repeat"); repeat != "" {
		rule := rruleFor(repeat, r.PostFormValue("start"), r.PostFormValue("rrule"))
		in.RRule = &rule
	}
	if c := get("capacity"); c != nil {
		n := 0
		if *c != "" {
			var err error
			if n, err = strconv.Atoi(*c); err != nil {
				n = -1 // refused by validation with a message beside the field
			}
		}
		in.Capacity = &n
	}
	list := func(name string, parse func(string) []string) []string {
		if _, ok := r.PostForm[name]; !ok {
			return nil
		}
		l := parse(r.PostFormValue(name))
		if l == nil && editing {
			l = []string{}
		}
		return l
	}
	in.Hosts = list("hosts", handleList)
	in.Speakers = list("speakers", praxis.ParseList)
	in.Invitees = list("invitees", handleList)
	return in
}

// eventForm fills the form with an event's stored values.
func eventForm(e *praxis.Event, o *praxis.Occurrence) *form {
	loc := eventZone(e)
	var hosts []string
	for _, h := range e.Hosts {
		hosts = append(hosts, h.Handle)
	}
	start, end := e.Start, e.Start.Add(time.Duration(e.Duration)*time.Minute)
	repeat := repeatOf(e.RRule, e.Start.In(loc))
	custom := ""
	if repeat == repeatCustom {
		custom = e.RRule
	}
	if e.RRule == "" && o != nil {
		start, end = o.StartsAt, o.EndsAt // a single event moved by itself
	}
	return &form{Values: url.Values{"kind": {e.Kind}, "title": {e.Title}, "description": {e.Description}, "time_zone": {e.TimeZone},
		"start": {localInput(start, loc)}, "end": {localInput(end, loc)}, "repeat": {repeat}, "rrule": {custom},
		"place": {e.Place}, "online_url": {e.OnlineURL}, "visibility": {e.Visibility}, "capacity": {capacityValue(e.Capacity)},
		"hosts": {strings.Join(hosts, ", ")}, "speakers": {strings.Join(e.Speakers, ", ")}}}
}

func capacityValue(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func (s *Server) renderNewEvent(w http.ResponseWriter, r *http.Request, status int, f *form) {
	u, slug := actor(r), r.PathValue("slug")
	v, ok := s.participantCommunity(w, r, "schedule an event")
	if !ok {
		return
	}
	d := eventFormData{eventView: s.eventView(u), Community: v.Community, Scope: scopeSeries}
	if f == nil {
		q := r.URL.Query()
		kind := q.Get("kind")
		if kind == "" {
			kind = praxis.EventMeetup
		}
		zone := d.zoneFor(nil)
		// Tomorrow at six in the evening, for an hour and a half.
		day := d.Now.In(zone).AddDate(0, 0, 1)
		start := time.Date(day.Year(), day.Month(), day.Day(), 18, 0, 0, 0, zone)
		f = &form{Values: url.Values{"kind": {kind}, "time_zone": {zone.String()}, "start": {localInput(start, zone)},
			"end": {localInput(start.Add(90*time.Minute), zone)}, "repeat": {repeatNone}, "visibility": {praxis.EventMembers},
			"hosts": {u.Handle}}}
		if err := s.fillFromVisit(r, f, slug, q.Get("visit")); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	d.Visit = f.Get("visit")
	s.render(w, r, status, "events_edit", &page{Title: "Schedule an event in " + v.Community.Name, Form: f, Nav: "community", Data: d})
}

// fillFromVisit starts the form of an event that answers a visit request:
// its title and reasons, and invitation-only with its author invited, so
// that someone from elsewhere may see it.
func (s *Server) fillFromVisit(r *http.Request, f *form, slug, visit string) error {
	id, _ := strconv.ParseInt(visit, 10, 64)
	if id <= 0 {
		return nil
	}
	reqs, err := s.store.VisitRequests(r.Context(), actor(r), slug)
	if err != nil {
		return err
	}
	for _, vr := range reqs {
		if vr.ID != id {
			continue
		}
		f.Values.Set("visit", visit)
		f.Values.Set("kind", praxis.EventVisit)
		f.Values.Set("title", "Visit: "+vr.What)
		desc := vr.Why
		if vr.ProposedDates != "" {
			desc = strings.TrimSpace(desc + "\n\nProposed dates: " + vr.ProposedDates)
		}
		f.Values.Set("description", desc)
		f.Values.Set("visibility", praxis.EventInvitation)
		if vr.From.Handle != "" {
			f.Values.Set("invitees", vr.From.Handle)
		}
	}
	return nil
}

func (s *Server) newEventPage(w http.ResponseWriter, r *http.Request) {
	s.renderNewEvent(w, r, http.StatusOK, nil)
}

func (s *Server) newEventSubmit(w http.ResponseWriter, r *http.Request) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	e, err := s.store.CreateEvent(ctx, u, slug, eventInput(r, false))
	if code := praxis.ErrorCode(err); code == praxis.EINVALID || code == praxis.ECONFLICT || (code == praxis.EFORBIDDEN && praxis.ErrorFields(err) != nil) {
		s.renderNewEvent(w, r, statusOf(code), newForm(r, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	flash := "The event is scheduled."
	if e.RRule != "" {
		flash = "The series is scheduled."
	}
	if visit, _ := strconv.ParseInt(r.PostFormValue("visit"), 10, 64); visit > 0 {
		if err := s.store.AnswerVisit(ctx, u, visit, true, "", e.ID); err != nil {
			s.log.Warn("answer a visit with a new event", "request_id", state(r).id, "visit", visit, "err", err)
			flash += " The visit request could not be answered with it: answer it from the events page."
		} else {
			flash += " The visit request is accepted with it."
		}
	}
	s.setFlash(w, flash)
	http.Redirect(w, r, s.firstOccurrencePath(r, e), http.StatusSeeOther)
}

// firstOccurrencePath is the page of an event's next occurrence (its first
// when all are past), or the events page when there is none to show.
func (s *Server) firstOccurrencePath(r *http.Request, e *praxis.Event) string {
	list := "/c/" + e.CommunitySlug + "/events"
	f := praxis.OccurrenceFilter{From: e.Start.Add(-time.Minute), To: e.Start.Add(praxis.OccurrenceHorizon), Limit: praxis.MaxPageSize}
	occs, err := s.store.Occurrences(r.Context(), actor(r), e.CommunitySlug, f)
	if err != nil {
		return list
	}
	var first *praxis.Occurrence
	for _, o := range occs {
		if o.EventID != e.ID {
			continue
		}
		if first == nil {
			first = o
		}
		if !o.StartsAt.Before(s.now()) {
			return o.Path(e.CommunitySlug)
		}
	}
	if first != nil {
		return first.Path(e.CommunitySlug)
	}
	return list
}

func (s *Server) renderEditEvent(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, u := r.Context(), actor(r)
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to edit."))
		return
	}
	id, err := occurrenceID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ep, err := s.store.EventPage(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ep.CanHost {
		s.fail(w, r, praxis.Errorf(praxis.EFORBIDDEN, "Only the event's hosts and the coordinators can edit it."))
		return
	}
	scope := r.URL.Query().Get("scope")
	if r.Method == http.MethodPost {
		scope = r.PostFormValue("scope")
	}
	if scope != scopeOccurrence || ep.Event.RRule == "" {
		scope = scopeSeries
	}
	d := eventFormData{eventView: s.eventView(u), Community: ep.Community, Page: ep, Scope: scope}
	if f == nil {
		if scope == scopeOccurrence {
			loc := eventZone(ep.Event)
			f = &form{Values: url.Values{"start": {localInput(ep.Occurrence.StartsAt, loc)}, "end": {localInput(ep.Occurrence.EndsAt, loc)},
				"note": {ep.Occurrence.Note}}}
		} else {
			f = eventForm(ep.Event, ep.Occurrence)
		}
	}
	title := "Edit " + ep.Event.Title
	if scope == scopeOccurrence {
		title = "Edit one date of " + ep.Event.Title
	}
	s.render(w, r, status, "events_edit", &page{Title: title, Form: f, Nav: "community", Data: d})
}

func (s *Server) editEventPage(w http.ResponseWriter, r *http.Request) {
	s.renderEditEvent(w, r, http.StatusOK, nil)
}

func (s *Server) editEventSubmit(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), actor(r)
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to edit."))
		return
	}
	id, err := occurrenceID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	flash := "The changes are saved."
	var e *praxis.Event
	if r.PostFormValue("scope") == scopeOccurrence {
		start, end, note := r.PostFormValue("start"), r.PostFormValue("end"), strings.TrimSpace(r.PostFormValue("note"))
		_, err = s.store.UpdateOccurrence(ctx, u, id, &start, &end, &note)
		flash = "This date is changed; the rest of the series stays."
	} else {
		var ep *praxis.EventPage
		if ep, err = s.store.EventPage(ctx, u, id); err == nil {
			e, err = s.store.UpdateEvent(ctx, u, ep.Event.ID, eventInput(r, true))
		}
	}
	if code := praxis.ErrorCode(err); code == praxis.EINVALID || code == praxis.ECONFLICT || (code == praxis.EFORBIDDEN && praxis.ErrorFields(err) != nil) {
		s.renderEditEvent(w, r, statusOf(code), newForm(r, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, flash)
	to := "/c/" + r.PathValue("slug") + "/events/" + strconv.FormatInt(id, 10)
	// A change of the series' dates may have replaced this occurrence.
	if _, err := s.store.EventPage(ctx, u, id); err != nil && e != nil {
		to = s.firstOccurrencePath(r, e)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
