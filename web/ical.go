package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"praxis"
)

// iCalendar feeds (RFC 5545): a community's, a member's own behind a
// secret address, and one event's download. Each holds only what its
// viewer may see; the store decides (CalendarEvents).
//
// Times are written as local times with TZID=<IANA zone>, so that a series
// keeps its wall-clock time across daylight saving changes in the
// subscriber's calendar too. A series is one VEVENT with its RRULE and
// EXDATEs; an occurrence moved or annotated on its own is a VEVENT with
// the same UID and a RECURRENCE-ID.

// icalLocal is the form of a local DATE-TIME.
const icalLocal = "20060102T150405"

// calendarHost names the instance in UIDs: the host of the base URL, or
// of the request.
func (s *Server) calendarHost(r *http.Request) string {
	if u, err := url.Parse(s.baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	if h := r.Host; h != "" {
		if i := strings.LastIndexByte(h, ':'); i > 0 && !strings.HasSuffix(h, "]") {
			h = h[:i]
		}
		return h
	}
	return "praxis"
}

// icalText makes a text value fit for a property: no carriage returns, no
// other control characters than the line feed.
func icalText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ReplaceAll(s, "\r\n", "\n"))
}

// calendarDoc is an iCalendar document being written.
type calendarDoc struct {
	cal  *ics.Calendar
	host string
	abs  func(path string) string
}

func (s *Server) newCalendar(r *http.Request, name string) *calendarDoc {
	cal := ics.NewCalendarFor("Praxis")
	cal.SetProductId("-//Praxis//Praxis events " + s.versionOr("dev") + "//EN")
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(icalText(name))
	cal.SetXWRCalName(icalText(name))
	return &calendarDoc{cal: cal, host: s.calendarHost(r), abs: func(p string) string {
		if strings.HasPrefix(p, "/") {
			return s.absURL(r, p)
		}
		return p
	}}
}

func (s *Server) versionOr(def string) string {
	if s.version != "" {
		return s.version
	}
	return def
}

// add writes an event: the series (or single event) and its overrides.
func (c *calendarDoc) add(entry *praxis.CalendarEntry) {
	e := entry.Event
	loc := eventZone(e)
	tz := ics.WithTZID(loc.String())
	uid := "event-" + strconv.FormatInt(e.ID, 10) + "@" + c.host
	start, end := e.Start, e.Start.Add(time.Duration(e.Duration)*time.Minute)

	var single *praxis.Occurrence // a single event moved or annotated by itself
	if e.RRule == "" && len(entry.Overrides) > 0 {
		single = entry.Overrides[0]
		start, end = single.StartsAt, single.EndsAt
	}
	ev := c.cal.AddEvent(uid)
	c.describe(ev, e, entry.URL, single)
	ev.SetProperty(ics.ComponentPropertyDtStart, start.In(loc).Format(icalLocal), tz)
	ev.SetProperty(ics.ComponentPropertyDtEnd, end.In(loc).Format(icalLocal), tz)
	if e.RRule != "" {
		ev.AddRrule(strings.TrimPrefix(e.RRule, "RRULE:"))
		for _, x := range e.ExDates {
			ev.AddExdate(x.In(loc).Format(icalLocal), tz)
		}
	}
	if e.Cancelled || (single != nil && single.Cancelled) {
		ev.SetStatus(ics.ObjectStatusCancelled)
	}
	if e.RRule == "" {
		return
	}
	excluded := map[int64]bool{}
	for _, x := range e.ExDates {
		excluded[x.Unix()] = true
	}
	for _, o := range entry.Overrides {
		orig := originalStart(o)
		if excluded[orig.Unix()] {
			continue // removed from the series already
		}
		oe := c.cal.AddEvent(uid)
		c.describe(oe, e, o.Path(e.CommunitySlug), o)
		oe.SetProperty(ics.ComponentPropertyRecurrenceId, orig.In(loc).Format(icalLocal), tz)
		oe.SetProperty(ics.ComponentPropertyDtStart, o.StartsAt.In(loc).Format(icalLocal), tz)
		oe.SetProperty(ics.ComponentPropertyDtEnd, o.EndsAt.In(loc).Format(icalLocal), tz)
		if e.Cancelled || o.Cancelled {
			oe.SetStatus(ics.ObjectStatusCancelled)
		}
	}
}

// describe writes what a VEVENT says besides its times: o is the
// occurrence it is about, nil for the series.
func (c *calendarDoc) describe(ev *ics.VEvent, e *praxis.Event, link string, o *praxis.Occurrence) {
	ev.SetDtStampTime(e.UpdatedAt)
	ev.SetCreatedTime(e.CreatedAt)
	ev.SetModifiedAt(e.UpdatedAt)
	ev.SetSummary(icalText(e.Title))
	var desc []string
	if o != nil && o.Note != "" {
		desc = append(desc, o.Note)
	}
	if e.Description != "" {
		desc = append(desc, e.Description)
	}
	if len(e.Speakers) > 0 {
		desc = append(desc, "Speakers: "+strings.Join(e.Speakers, ", "))
	}
	var hosts []string
	for _, h := range e.Hosts {
		if h.Name != "" {
			hosts = append(hosts, h.Name)
		}
	}
	if len(hosts) > 0 {
		desc = append(desc, "Hosts: "+strings.Join(hosts, ", "))
	}
	if e.OnlineURL != "" {
		desc = append(desc, "Online: "+e.OnlineURL)
	}
	if link != "" {
		desc = append(desc, c.abs(link))
		ev.SetURL(c.abs(link))
	}
	if len(desc) > 0 {
		ev.SetDescription(icalText(strings.Join(desc, "\n\n")))
	}
	// The online link is there only when the viewer may attend: the
	// store leaves it out of the event otherwise.
	place := strings.TrimSpace(strings.Join(nonEmpty(e.Place, e.OnlineURL), " · "))
	if place != "" {
		ev.SetLocation(icalText(place))
	}
	ev.AddCategory(icalText(strings.ToUpper(e.Kind)))
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// originalStart is the start an occurrence had in its series, which its
// RECURRENCE-ID names.
func originalStart(o *praxis.Occurrence) time.Time {
	if o.OriginalStart.IsZero() {
		return o.StartsAt
	}
	return o.OriginalStart
}

// writeCalendar answers with the document as text/calendar, CRLF lines.
func (s *Server) writeCalendar(w http.ResponseWriter, doc *calendarDoc, filename string) {
	var buf bytes.Buffer
	if err := doc.cal.SerializeTo(&buf, ics.WithNewLineWindows); err != nil {
		http.Error(w, "The calendar could not be written.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="`+filename+`"`)
	h.Set("Cache-Control", "private, no-cache")
	w.Write(buf.Bytes())
}

// communityCalendar is a community's feed: GET /c/{slug}/calendar.ics.
// Go's patterns cannot put a suffix after a wildcard, hence not
// /c/{slug}/events.ics.
func (s *Server) communityCalendar(w http.ResponseWriter, r *http.Request) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	entries, err := s.store.CalendarEvents(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc := s.newCalendar(r, v.Community.Name)
	for _, e := range entries {
		doc.add(e)
	}
	s.writeCalendar(w, doc, slug+".ics")
}

// personalCalendar is a member's own feed, GET /calendar/{token}: the
// events of every community they may see that they host or answered
// going or maybe to. The token is the credential; a calendar program
// sends no cookie. An unknown or revoked token is a plain 401.
func (s *Server) personalCalendar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := s.store.UserByCalendarToken(ctx, strings.TrimSuffix(r.PathValue("token"), ".ics"))
	if err == nil {
		var entries []*praxis.CalendarEntry
		if entries, err = s.store.CalendarEvents(ctx, u, ""); err == nil {
			doc := s.newCalendar(r, "Praxis events of "+u.DisplayName)
			for _, e := range entries {
				doc.add(e)
			}
			s.writeCalendar(w, doc, "praxis.ics")
			return
		}
	}
	status := statusOf(praxis.ErrorCode(err))
	if status == http.StatusInternalServerError {
		s.log.Error("calendar feed", "request_id", state(r).id, "err", err)
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, praxis.ErrorMessage(err), status)
}

// eventCalendar downloads one event (the whole series, with its changes):
// GET /c/{slug}/events/{id}/event.ics, where id is any of its occurrences.
func (s *Server) eventCalendar(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), actor(r)
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
	entries, err := s.store.CalendarEvents(ctx, u, ep.Community.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var entry *praxis.CalendarEntry
	for _, e := range entries {
		if e.Event.ID == ep.Event.ID {
			entry = e
		}
	}
	if entry == nil {
		entry = &praxis.CalendarEntry{Event: ep.Event, URL: ep.Occurrence.Path(ep.Community.Slug)}
	}
	doc := s.newCalendar(r, ep.Event.Title)
	doc.add(entry)
	s.writeCalendar(w, doc, "event-"+strconv.FormatInt(ep.Event.ID, 10)+".ics")
}

// calendarFeedURL is the address of u's personal feed when its token is
// made now (the first time, or replacing the old one with rotate); empty
// when u has one already, which only its hash remembers.
func (s *Server) calendarFeedURL(r *http.Request, u *praxis.User, rotate bool) (string, error) {
	token, err := s.store.CalendarToken(r.Context(), u, rotate)
	if err != nil || token == "" {
		return "", err
	}
	return s.absURL(r, "/calendar/"+token), nil
}

// calendarResetSubmit gives the personal feed a new address, shown on this
// response only; the old one stops working at once.
func (s *Server) calendarResetSubmit(w http.ResponseWriter, r *http.Request) {
	u := actor(r)
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first."))
		return
	}
	feed, err := s.calendarFeedURL(r, u, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderSettings(w, r, http.StatusOK, settingsData{CalendarURL: feed, CalendarReset: true}, nil)
}
