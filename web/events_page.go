package web

import (
	"net/http"
	"strconv"
	"strings"

	"praxis"
)

// One occurrence's page and what is done on it: answering, marking
// attendance, the harvest, cancelling.

type eventData struct {
	eventView
	*praxis.EventPage
	// The answers, grouped, for hosts.
	Going, Waitlist, Maybe, NotGoing []*praxis.RSVP
	// ICSURL downloads the event for a calendar.
	ICSURL string
	// Form is a refused action's form; its field "form" names it.
	Form *form
}

// FormFor returns the refused form when it is the one named, else nil.
func (d eventData) FormFor(name string) *form {
	if d.Form != nil && d.Form.Get("form") == name {
		return d.Form
	}
	return nil
}

// Series reports whether the occurrence belongs to a recurring series.
func (d eventData) Series() bool { return d.Event.RRule != "" }

// Path is the occurrence's address.
func (d eventData) Path() string { return d.Occurrence.Path(d.Community.Slug) }

// Links are the harvest's links, one per line, for the form.
func (d eventData) Links() string {
	if d.Harvest == nil {
		return ""
	}
	return strings.Join(d.Harvest.Links, "\n")
}

// Attendees are the people a host may mark as present: those who answered
// going (or were on the waitlist, or maybe), and anyone already marked.
func (d eventData) Attendees() []*praxis.RSVP {
	var out []*praxis.RSVP
	for _, r := range d.RSVPs {
		if r.Attended || r.Status != praxis.RSVPNotGoing {
			out = append(out, r)
		}
	}
	return out
}

// occurrenceID reads the occurrence id from the path.
func occurrenceID(r *http.Request) (int64, error) { return pathID(r, "id") }

func (s *Server) renderEvent(w http.ResponseWriter, r *http.Request, status int, f *form) {
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
	path := ep.Occurrence.Path(ep.Community.Slug)
	if r.Method == http.MethodGet && r.URL.Path != path {
		http.Redirect(w, r, path, http.StatusMovedPermanently)
		return
	}
	if ep.Occurrence.Event == nil {
		ep.Occurrence.Event = ep.Event
	}
	for _, o := range ep.Others {
		if o.Event == nil {
			o.Event = ep.Event
		}
	}
	d := eventData{eventView: s.eventView(u), EventPage: ep, Form: f, ICSURL: path + "/event.ics"}
	for _, rs := range ep.RSVPs {
		switch rs.Status {
		case praxis.RSVPGoing:
			d.Going = append(d.Going, rs)
		case praxis.RSVPWaitlisted:
			d.Waitlist = append(d.Waitlist, rs)
		case praxis.RSVPMaybe:
			d.Maybe = append(d.Maybe, rs)
		default:
			d.NotGoing = append(d.NotGoing, rs)
		}
	}
	s.render(w, r, status, "events_event", &page{Title: ep.Event.Title, Nav: "community", Form: f, Data: d})
}

func (s *Server) eventPage(w http.ResponseWriter, r *http.Request) {
	s.renderEvent(w, r, http.StatusOK, nil)
}

// eventAction runs an action on the occurrence of the path and returns to
// its page (or where fn says), re-showing the page with the message beside
// the form when the action is refused.
func (s *Server) eventAction(w http.ResponseWriter, r *http.Request, flash string, fn func(id int64) (string, error)) {
	if actor(r) == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first."))
		return
	}
	id, err := occurrenceID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to, err := fn(id)
	if err != nil {
		switch praxis.ErrorCode(err) {
		case praxis.EINVALID, praxis.ECONFLICT, praxis.EFORBIDDEN:
			s.renderEvent(w, r, statusOf(praxis.ErrorCode(err)), newForm(r, err))
			return
		}
		s.fail(w, r, err)
		return
	}
	if flash != "" {
		s.setFlash(w, flash)
	}
	if to == "" {
		to = "/c/" + r.PathValue("slug") + "/events/" + strconv.FormatInt(id, 10)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// rsvpFlash says what an answer, as stored, means.
func rsvpFlash(status string) string {
	switch status {
	case praxis.RSVPGoing:
		return "You are going. See you there!"
	case praxis.RSVPWaitlisted:
		return "The event is full: you are on the waitlist, and will hear if a place opens up."
	case praxis.RSVPMaybe:
		return "You answered maybe."
	}
	return "You are not going. Thank you for saying so."
}

func (s *Server) rsvpSubmit(w http.ResponseWriter, r *http.Request) {
	if actor(r) == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to answer."))
		return
	}
	id, err := occurrenceID(r)
	var answer *praxis.RSVP
	if err == nil {
		answer, err = s.store.Respond(r.Context(), actor(r), id, r.PostFormValue("status"), strings.TrimSpace(r.PostFormValue("note")))
	}
	if err != nil {
		switch praxis.ErrorCode(err) {
		case praxis.EINVALID, praxis.ECONFLICT, praxis.EFORBIDDEN:
			s.renderEvent(w, r, statusOf(praxis.ErrorCode(err)), newForm(r, err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, rsvpFlash(answer.Status))
	http.Redirect(w, r, "/c/"+r.PathValue("slug")+"/events/"+strconv.FormatInt(id, 10)+"#rsvp", http.StatusSeeOther)
}

func (s *Server) attendanceSubmit(w http.ResponseWriter, r *http.Request) {
	s.eventAction(w, r, "Attendance is saved. Thank you for keeping the record.", func(id int64) (string, error) {
		handles := r.PostForm["attended"]
		handles = append(handles, handleList(r.PostFormValue("also"))...)
		if handles == nil {
			handles = []string{}
		}
		return "", s.store.MarkAttendance(r.Context(), actor(r), id, handles)
	})
}

func (s *Server) harvestSubmit(w http.ResponseWriter, r *http.Request) {
	s.eventAction(w, r, "The harvest is saved.", func(id int64) (string, error) {
		h := praxis.Harvest{Notes: strings.TrimSpace(r.PostFormValue("notes")), Links: praxis.ParseList(r.PostFormValue("links"))}
		if h.Links == nil {
			h.Links = []string{}
		}
		return "", s.store.SaveHarvest(r.Context(), actor(r), id, h)
	})
}

// harvestArticleSubmit drafts "lessons from this event" in the knowledge
// base and goes to the draft.
func (s *Server) harvestArticleSubmit(w http.ResponseWriter, r *http.Request) {
	s.eventAction(w, r, "A draft of the lessons from this event is written. Make it read well on its own, then publish it.", func(id int64) (string, error) {
		a, err := s.store.HarvestArticle(r.Context(), actor(r), id)
		if err != nil {
			return "", err
		}
		return a.Path(), nil
	})
}

// cancelEventSubmit cancels this occurrence (scope=occurrence) or the
// whole event.
func (s *Server) cancelEventSubmit(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), actor(r)
	if r.PostFormValue("scope") == "occurrence" {
		s.eventAction(w, r, "This date is cancelled; those going are told.", func(id int64) (string, error) {
			return "", s.store.CancelOccurrence(ctx, u, id)
		})
		return
	}
	s.eventAction(w, r, "The event is cancelled; those going are told.", func(id int64) (string, error) {
		ep, err := s.store.EventPage(ctx, u, id)
		if err != nil {
			return "", err
		}
		return "", s.store.CancelEvent(ctx, u, ep.Event.ID)
	})
}
