package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"praxis"
)

// Events in the JSON API: occurrences, the events (series) they belong
// to, answers, attendance, the harvest, the rhythm and visit requests.

// occurrenceItem is an occurrence in a list, with its page's address.
type occurrenceItem struct {
	*praxis.Occurrence
	URL string `json:"url"`
}

func occurrenceItems(occs []*praxis.Occurrence) []occurrenceItem {
	out := make([]occurrenceItem, 0, len(occs))
	for _, o := range occs {
		it := occurrenceItem{Occurrence: o}
		if o.Event != nil {
			it.URL = o.Path(o.Event.CommunitySlug)
		}
		out = append(out, it)
	}
	return out
}

// occurrenceJSON is an occurrence as its page shows it to the caller.
type occurrenceJSON struct {
	*praxis.Occurrence
	URL         string             `json:"url"`
	CanHost     bool               `json:"can_host"`
	CanRSVP     bool               `json:"can_rsvp"`
	RSVPs       []*praxis.RSVP     `json:"rsvps"`
	Next        []occurrenceItem   `json:"next"`
	Harvest     *praxis.Harvest    `json:"harvest,omitempty"`
	Permissions praxis.Permissions `json:"permissions"`
}

func eventPageJSON(ep *praxis.EventPage) occurrenceJSON {
	o := *ep.Occurrence
	o.Event = ep.Event
	for _, x := range ep.Others {
		if x.Event == nil {
			x.Event = ep.Event
		}
	}
	out := occurrenceJSON{Occurrence: &o, URL: o.Path(ep.Community.Slug), CanHost: ep.CanHost, CanRSVP: ep.CanRSVP,
		RSVPs: ep.RSVPs, Next: occurrenceItems(ep.Others), Harvest: ep.Harvest, Permissions: ep.Perm}
	if out.RSVPs == nil {
		out.RSVPs = []*praxis.RSVP{}
	}
	return out
}

// apiOccurrenceDone answers a change to occurrence id with the occurrence
// as it now is, or with err.
func (s *Server) apiOccurrenceDone(w http.ResponseWriter, r *http.Request, id int64, err error) {
	var ep *praxis.EventPage
	if err == nil {
		ep, err = s.store.EventPage(r.Context(), actor(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, eventPageJSON(ep))
}

// apiOccurrenceChange runs a change to the occurrence of the path, with
// the JSON body decoded into in when in is not nil.
func (s *Server) apiOccurrenceChange(w http.ResponseWriter, r *http.Request, in any, fn func(u *praxis.User, id int64) error) {
	u, id, err := apiInput(r, "id", in)
	if err == nil {
		err = fn(u, id)
	}
	s.apiOccurrenceDone(w, r, id, err)
}

// occurrenceFilter reads a window and a limit from the query string:
// from and to as RFC 3339 times or dates (YYYY-MM-DD, midnight UTC).
func occurrenceFilter(r *http.Request) (praxis.OccurrenceFilter, error) {
	q := r.URL.Query()
	var f praxis.OccurrenceFilter
	var v praxis.Validation
	parse := func(name string) time.Time {
		s := strings.TrimSpace(q.Get(name))
		if s == "" {
			return time.Time{}
		}
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t
		}
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t
		}
		v.Add(name, "Give "+name+" as a date (2026-03-10) or a time (2026-03-10T18:00:00Z).")
		return time.Time{}
	}
	f.From, f.To = parse("from"), parse("to")
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		v.Add("to", "The end of the window must be after its start.")
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 || n > praxis.MaxPageSize {
			v.Add("limit", "The limit is a number of occurrences, at most "+strconv.Itoa(praxis.MaxPageSize)+".")
		}
		f.Limit = n
	}
	f.Kind = q.Get("kind")
	return f, v.Err()
}

func (s *Server) apiOccurrences(w http.ResponseWriter, r *http.Request) {
	f, err := occurrenceFilter(r)
	var out []*praxis.Occurrence
	if err == nil {
		out, err = s.store.Occurrences(r.Context(), actor(r), r.PathValue("slug"), f)
	}
	s.api(w, r, http.StatusOK, list(occurrenceItems(out)), err)
}

func (s *Server) apiMyOccurrences(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	var f praxis.OccurrenceFilter
	if err == nil {
		f, err = occurrenceFilter(r)
	}
	var out []*praxis.Occurrence
	if err == nil {
		f.Mine = true
		out, err = s.store.MyOccurrences(r.Context(), u, f)
	}
	s.api(w, r, http.StatusOK, list(occurrenceItems(out)), err)
}

func (s *Server) apiCreateEvent(w http.ResponseWriter, r *http.Request) {
	var in praxis.EventInput
	u, _, err := apiInput(r, "", &in)
	var e *praxis.Event
	if err == nil {
		e, err = s.store.CreateEvent(r.Context(), u, r.PathValue("slug"), in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", s.firstOccurrenceAPI(r, e))
	writeJSON(w, http.StatusCreated, e)
}

// firstOccurrenceAPI is the API address of an event's next occurrence.
func (s *Server) firstOccurrenceAPI(r *http.Request, e *praxis.Event) string {
	p := s.firstOccurrencePath(r, e)
	if i := strings.LastIndex(p, "/events/"); i >= 0 {
		return "/api/v1/occurrences/" + p[i+len("/events/"):]
	}
	return "/api/v1/communities/" + e.CommunitySlug + "/events"
}

func (s *Server) apiOccurrence(w http.ResponseWriter, r *http.Request) {
	id, err := occurrenceID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiOccurrenceDone(w, r, id, nil)
}

func (s *Server) apiUpdateEvent(w http.ResponseWriter, r *http.Request) {
	var in praxis.EventInput
	u, id, err := apiInput(r, "id", &in)
	var e *praxis.Event
	if err == nil {
		e, err = s.store.UpdateEvent(r.Context(), u, id, in)
	}
	s.api(w, r, http.StatusOK, e, err)
}

func (s *Server) apiUpdateOccurrence(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Start *string `json:"start"`
		End   *string `json:"end"`
		Note  *string `json:"note"`
	}
	s.apiOccurrenceChange(w, r, &in, func(u *praxis.User, id int64) error {
		_, err := s.store.UpdateOccurrence(r.Context(), u, id, in.Start, in.End, in.Note)
		return err
	})
}

func (s *Server) apiCancelOccurrence(w http.ResponseWriter, r *http.Request) {
	s.apiOccurrenceChange(w, r, nil, func(u *praxis.User, id int64) error {
		return s.store.CancelOccurrence(r.Context(), u, id)
	})
}

func (s *Server) apiCancelEvent(w http.ResponseWriter, r *http.Request) {
	u, id, err := apiInput(r, "id", nil)
	if err == nil {
		err = s.store.CancelEvent(r.Context(), u, id)
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}

func (s *Server) apiRespond(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Status string `json:"status"`
		Note   string `json:"note"`
	}
	u, id, err := apiInput(r, "id", &in)
	var out *praxis.RSVP
	if err == nil {
		out, err = s.store.Respond(r.Context(), u, id, in.Status, in.Note)
	}
	s.api(w, r, http.StatusOK, out, err)
}

func (s *Server) apiMarkAttendance(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Handles []string `json:"handles"`
	}
	s.apiOccurrenceChange(w, r, &in, func(u *praxis.User, id int64) error {
		if in.Handles == nil {
			in.Handles = []string{}
		}
		return s.store.MarkAttendance(r.Context(), u, id, in.Handles)
	})
}

func (s *Server) apiSaveHarvest(w http.ResponseWriter, r *http.Request) {
	var in praxis.Harvest
	s.apiOccurrenceChange(w, r, &in, func(u *praxis.User, id int64) error {
		if in.Links == nil {
			in.Links = []string{}
		}
		return s.store.SaveHarvest(r.Context(), u, id, in)
	})
}

func (s *Server) apiHarvestArticle(w http.ResponseWriter, r *http.Request) {
	u, id, err := apiInput(r, "id", nil)
	var a *praxis.Article
	if err == nil {
		a, err = s.store.HarvestArticle(r.Context(), u, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiArticleDone(w, r, http.StatusCreated, a.ID, nil)
}

// rhythmJSON is a community's rhythm with its cadence in words.
type rhythmJSON struct {
	*praxis.Rhythm
	Next *occurrenceItem `json:"next,omitempty"`
}

func rhythmOut(rh *praxis.Rhythm) rhythmJSON {
	out := rhythmJSON{Rhythm: rh}
	if rh == nil {
		return out
	}
	rh.Cadence.Label = cadenceLabel(rh.Cadence)
	if rh.Periods == nil {
		rh.Periods = []praxis.RhythmPeriod{}
	}
	if rh.Next != nil && rh.Next.Event != nil {
		out.Next = &occurrenceItem{Occurrence: rh.Next, URL: rh.Next.Path(rh.Next.Event.CommunitySlug)}
	}
	return out
}

func (s *Server) apiRhythm(w http.ResponseWriter, r *http.Request) {
	months := rhythmMonths
	var err error
	if m := r.URL.Query().Get("months"); m != "" {
		if months, err = strconv.Atoi(m); err != nil || months < 1 || months > 24 {
			msg := "Give months as a number from 1 to 24."
			err = &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"months": msg}}
		}
	}
	var rh *praxis.Rhythm
	if err == nil {
		rh, err = s.store.Rhythm(r.Context(), actor(r), r.PathValue("slug"), months)
	}
	s.api(w, r, http.StatusOK, rhythmOut(rh), err)
}

func (s *Server) apiSetCadence(w http.ResponseWriter, r *http.Request) {
	var in praxis.Cadence
	u, _, err := apiInput(r, "", &in)
	slug := r.PathValue("slug")
	if err == nil {
		if in.Label == "" {
			in.Label = cadenceLabel(in)
		}
		err = s.store.SetCadence(r.Context(), u, slug, in)
	}
	var rh *praxis.Rhythm
	if err == nil {
		rh, err = s.store.Rhythm(r.Context(), u, slug, rhythmMonths)
	}
	s.api(w, r, http.StatusOK, rhythmOut(rh), err)
}

func (s *Server) apiVisitRequests(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	var out []*praxis.VisitRequest
	if err == nil {
		out, err = s.store.VisitRequests(r.Context(), u, r.PathValue("slug"))
	}
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiRequestVisit(w http.ResponseWriter, r *http.Request) {
	var in struct {
		What          string `json:"what"`
		Why           string `json:"why"`
		ProposedDates string `json:"proposed_dates"`
	}
	u, _, err := apiInput(r, "", &in)
	var out *praxis.VisitRequest
	if err == nil {
		out, err = s.store.RequestVisit(r.Context(), u, r.PathValue("slug"),
			praxis.VisitRequest{What: in.What, Why: in.Why, ProposedDates: in.ProposedDates})
	}
	s.api(w, r, http.StatusCreated, out, err)
}

func (s *Server) apiAnswerVisit(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Accept  bool   `json:"accept"`
		Note    string `json:"note"`
		EventID int64  `json:"event_id"`
	}
	u, id, err := apiInput(r, "id", &in)
	if err == nil {
		err = s.store.AnswerVisit(r.Context(), u, id, in.Accept, in.Note, in.EventID)
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}
