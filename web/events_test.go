package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"praxis"
)

// The events of a community over HTTP: pages, forms, answers and the
// waitlist, attendance and harvest, the rhythm, visit requests, the API,
// calendar feeds and who may see what.

// eventCast is a public community with its coordinator, members and an
// outsider (signed in, a member of nothing).
type eventCast struct {
	slug                       string
	cora, mia, ned, pia, olga  *praxis.User
	coraV, miaV, nedV, piaV, o *visitor
}

func newEventCast(t *testing.T, s *testSite) eventCast {
	t.Helper()
	c := eventCast{cora: s.signUp(t, "cora"), mia: s.signUp(t, "mia"), ned: s.signUp(t, "ned"), pia: s.signUp(t, "pia"), olga: s.signUp(t, "olga")}
	c.slug = s.createCommunity(t, c.cora, "Open Kitchen", "How we cook for many.", "public", "open").Slug
	for _, u := range []*praxis.User{c.mia, c.ned, c.pia} {
		s.join(t, c.cora, u, c.slug)
	}
	c.coraV, c.miaV, c.nedV, c.piaV = s.signedIn(t, "cora", c.cora), s.signedIn(t, "mia", c.mia), s.signedIn(t, "ned", c.ned), s.signedIn(t, "pia", c.pia)
	c.o = s.signedIn(t, "olga", c.olga)
	return c
}

func ptr[T any](v T) *T { return &v }

// monthlyEvent is a series on the 2nd Tuesday of every month at 18:00 in
// Paris, from 10 March 2026 (the sites' clocks start on 2 March 2026).
func monthlyEvent(title, visibility string, capacity int) praxis.EventInput {
	return praxis.EventInput{Kind: ptr(praxis.EventMeetup), Title: ptr(title), Description: ptr("Bring a dish to share."),
		TimeZone: ptr("Europe/Paris"), Start: ptr("2026-03-10T18:00"), End: ptr("2026-03-10T19:30"), RRule: ptr("FREQ=MONTHLY;BYDAY=2TU"),
		Place: ptr("Room 4"), OnlineURL: ptr("https://meet.example.org/" + strings.ReplaceAll(strings.ToLower(title), " ", "-")),
		Visibility: ptr(visibility), Capacity: ptr(capacity)}
}

// createEvent schedules an event through the store.
func (s *testSite) createEvent(t *testing.T, actor *praxis.User, slug string, in praxis.EventInput) *praxis.Event {
	t.Helper()
	e, err := s.db.CreateEvent(t.Context(), actor, slug, in)
	if err != nil {
		t.Fatalf("CreateEvent(%s): %v", *in.Title, err)
	}
	return e
}

// occurrencesOf lists an event's occurrences as actor sees them, within a
// year either side of the clock.
func (s *testSite) occurrencesOf(t *testing.T, actor *praxis.User, slug string, eventID int64) []*praxis.Occurrence {
	t.Helper()
	now := s.clock.Now()
	all, err := s.db.Occurrences(t.Context(), actor, slug, praxis.OccurrenceFilter{From: now.AddDate(-1, 0, 0), To: now.AddDate(1, 0, 0), Limit: 500})
	if err != nil {
		t.Fatalf("Occurrences: %v", err)
	}
	var out []*praxis.Occurrence
	for _, o := range all {
		if o.EventID == eventID {
			out = append(out, o)
		}
	}
	if len(out) == 0 {
		t.Fatalf("event %d has no occurrences", eventID)
	}
	return out
}

func occurrencePath(slug string, o *praxis.Occurrence) string { return o.Path(slug) }

// wantText fails unless the element with the id contains want.
func wantTextOf(t *testing.T, r *response, id, want string) {
	t.Helper()
	if got := textOf(t, r.doc(t), id); !strings.Contains(got, want) {
		t.Errorf("%s: #%s = %q; want it to contain %q", r, id, got, want)
	}
}

func TestEventPages(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		c := newEventCast(t, s)
		events := "/c/" + c.slug + "/events"

		t.Run("empty state asks a coordinator for the first meetup", func(t *testing.T) {
			r := c.coraV.get(t, events)
			r.wantStatus(t, http.StatusOK)
			doc := r.doc(t)
			wantTextOf(t, r, "events-empty", "Schedule the first meetup")
			var tab string
			for _, a := range findAll(doc, isTag("a")) {
				if cur, _ := attr(a, "aria-current"); cur == "page" && text(a) == "Events" {
					tab = text(a)
				}
			}
			if tab != "Events" {
				t.Errorf("%s: the community's tabs mark %q as current; want Events", r, tab)
			}
			r = c.miaV.get(t, events)
			if strings.Contains(textOf(t, r.doc(t), "events-empty"), "Schedule the first meetup") {
				t.Errorf("%s: a member is asked to schedule the first meetup; only coordinators are", r)
			}
		})

		// Cora schedules a monthly series with the form.
		r := c.coraV.submit(t, events+"/new", events+"/new", url.Values{"kind": {"meetup"}, "title": {"Monthly kitchen meetup"},
			"description": {"We cook **together**."}, "time_zone": {"Europe/Paris"}, "start": {"2026-03-10T18:00"}, "end": {"2026-03-10T19:30"},
			"repeat": {"monthly"}, "capacity": {"2"}, "place": {"Room 4"}, "online_url": {"https://meet.example.org/kitchen"}, "visibility": {"public"}})
		first := redirectedTo(t, r, events+"/")
		id, err := strconv.ParseInt(strings.TrimPrefix(first, events+"/"), 10, 64)
		if err != nil {
			t.Fatalf("Location %q is not an occurrence's page", first)
		}

		t.Run("the occurrence's page", func(t *testing.T) {
			r := c.coraV.get(t, first)
			r.wantStatus(t, http.StatusOK)
			wantTextOf(t, r, "event-title", "Monthly kitchen meetup")
			wantTextOf(t, r, "event-repeat", "Every month on the 2nd Tuesday")
			wantTextOf(t, r, "event-when", "Tue 10 Mar 2026, 18:00–19:30 Europe/Paris")
			wantTextOf(t, r, "event-online", "https://meet.example.org/kitchen")
			wantTextOf(t, r, "event-hosts", "User cora")
			wantTextOf(t, r, "next-dates", "Tue 14 Apr 2026")
			if byID(r.doc(t), "edit-occurrence") == nil || byID(r.doc(t), "cancel-occurrence-form") == nil {
				t.Errorf("%s: the host is not offered to edit or cancel this date", r)
			}
			if strings.Contains(string(c.miaV.get(t, first).body), "cancel-occurrence-form") {
				t.Errorf("a member who does not host is offered to cancel the date")
			}
		})

		t.Run("times in the viewer's zone, the event's noted", func(t *testing.T) {
			if _, err := s.db.UpdateProfile(t.Context(), c.mia, praxis.ProfileUpdate{TimeZone: ptr("America/New_York")}); err != nil {
				t.Fatalf("UpdateProfile: %v", err)
			}
			r := c.miaV.get(t, first)
			// 18:00 in Paris (CET) is 13:00 in New York, already on daylight time.
			wantTextOf(t, r, "event-when", "Tue 10 Mar 2026, 13:00–14:30 America/New_York")
			wantTextOf(t, r, "event-when", "18:00–19:30 Europe/Paris")
		})

		t.Run("the agenda", func(t *testing.T) {
			r := c.coraV.get(t, events)
			rows := byClass(r.doc(t), "event-row")
			var dates []string
			for _, row := range rows {
				dates = append(dates, text(byClass(row, "event-when")[0]))
			}
			if len(rows) != 3 || !strings.Contains(dates[0], "Tue 10 Mar") || !strings.Contains(dates[1], "Tue 14 Apr") || !strings.Contains(dates[2], "Tue 12 May") {
				t.Errorf("%s: agenda = %q; want 10 March, 14 April and 12 May, at 18:00 across the change to summer time", r, dates)
			}
			for _, d := range dates {
				if !strings.Contains(d, "18:00–19:30") {
					t.Errorf("%s: %q; want 18:00–19:30 local to Paris", r, d)
				}
			}
			if got := text(rows[0]); !strings.Contains(got, "0 of 2 places taken") {
				t.Errorf("%s: first row = %q; want the places", r, got)
			}
		})

		t.Run("the month", func(t *testing.T) {
			r := c.coraV.get(t, events+"?view=month&month=2026-04")
			r.wantStatus(t, http.StatusOK)
			table := byID(r.doc(t), "month")
			if table == nil {
				t.Fatalf("%s: no table#month", r)
			}
			if got := text(findAll(table, isTag("caption"))[0]); !strings.Contains(got, "1 event in April 2026") {
				t.Errorf("%s: caption = %q", r, got)
			}
			var cell *string
			for _, td := range findAll(table, isTag("td")) {
				if strings.Contains(text(td), "Monthly kitchen meetup") {
					tm := findAll(td, isTag("time"))
					v, _ := attr(tm[0], "datetime")
					cell = &v
				}
			}
			if cell == nil || *cell != "2026-04-14" {
				t.Errorf("%s: the meetup is on %v; want the cell of 2026-04-14", r, cell)
			}
			if th := findAll(table, isTag("th")); len(th) != 7 {
				t.Errorf("%s: %d column headers; want 7", r, len(th))
			}
		})

		t.Run("the community's overview shows the next event", func(t *testing.T) {
			r := c.miaV.get(t, "/c/"+c.slug)
			wantTextOf(t, r, "next-event", "Monthly kitchen meetup")
		})

		t.Run("one event as iCalendar", func(t *testing.T) {
			r := c.miaV.get(t, first+"/event.ics")
			r.wantStatus(t, http.StatusOK)
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
				t.Errorf("%s: Content-Type = %q; want text/calendar", r, ct)
			}
			ep, err := s.db.EventPage(t.Context(), c.mia, id)
			if err != nil {
				t.Fatalf("EventPage: %v", err)
			}
			body := string(r.body)
			for _, want := range []string{"BEGIN:VCALENDAR\r\n", "RRULE:FREQ=MONTHLY;BYDAY=2TU\r\n", "DTSTART;TZID=Europe/Paris:20260310T180000\r\n",
				fmt.Sprintf("UID:event-%d@", ep.Event.ID)} {
				if !strings.Contains(body, want) {
					t.Errorf("%s: no %q in\n%s", r, want, body)
				}
			}
		})

		t.Run("past events with their harvest", func(t *testing.T) {
			s.clock.T = time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
			defer func() { s.clock.T = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }()
			r := c.coraV.get(t, events+"?view=past")
			rows := byClass(r.doc(t), "event-row")
			if len(rows) != 1 || !strings.Contains(text(rows[0]), "No harvest yet") {
				t.Fatalf("%s: past rows = %d; want the meetup of 10 March, not harvested", r, len(rows))
			}
			wantTextOf(t, r, "harvest-todo", "Monthly kitchen meetup")
		})
	})
}

// TestEventAnswersAndHarvest walks the life of one date with the forms:
// answers until it is full, the waitlist and its promotion (and its
// notification), reminders, attendance and the harvest into a draft.
func TestEventAnswersAndHarvest(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		c := newEventCast(t, s)
		e := s.createEvent(t, c.cora, c.slug, monthlyEvent("Monthly kitchen meetup", praxis.EventMembers, 2))
		occ := s.occurrencesOf(t, c.cora, c.slug, e.ID)[0]
		page := occurrencePath(c.slug, occ)

		answer := func(v *visitor, status string) *response {
			t.Helper()
			r := v.submit(t, page, page+"/rsvp", url.Values{"status": {status}, "note": {"Bringing soup"}})
			wantRedirect(t, r, page+"#rsvp")
			return v.get(t, page)
		}
		wantTextOf(t, answer(c.miaV, "going"), "my-rsvp", "You are going")
		wantTextOf(t, answer(c.nedV, "going"), "my-rsvp", "You are going")
		r := answer(c.piaV, "going")
		wantTextOf(t, r, "my-rsvp", "You are on the waitlist")
		wantTextOf(t, r, "places", "2 of 2 places taken (full), 1 on the waitlist")

		t.Run("hosts see the answers", func(t *testing.T) {
			r := c.coraV.get(t, page)
			var got []string
			for _, row := range byClass(r.doc(t), "rsvp") {
				h, _ := attr(row, "data-handle")
				got = append(got, h+":"+strings.TrimPrefix(row.Attr[0].Val, "rsvp rsvp-"))
			}
			if want := []string{"mia:going", "ned:going", "pia:waitlisted"}; !slices.Equal(got, want) {
				t.Errorf("%s: answers = %q; want %q", r, got, want)
			}
			if strings.Contains(string(c.miaV.get(t, page).body), `id="rsvps"`) {
				t.Errorf("a member who does not host sees everyone's answers")
			}
		})

		// Mia cannot come after all: Pia gets her place, and is told.
		wantTextOf(t, answer(c.miaV, "not-going"), "my-rsvp", "You are not going")
		wantTextOf(t, c.piaV.get(t, page), "my-rsvp", "You are going")
		r = c.piaV.get(t, "/notifications")
		texts, _, links := notificationItems(t, r)
		if len(texts) == 0 || !strings.Contains(texts[0], "A place opened up: you are going to “Monthly kitchen meetup”") {
			t.Fatalf("%s: notifications = %q; want the promotion first", r, texts)
		}
		r = c.piaV.get(t, links[0])
		wantRedirect(t, r, page)

		t.Run("reminders, once each", func(t *testing.T) {
			s.clock.T = occ.StartsAt.Add(-3 * time.Hour)
			n, err := s.db.SendReminders(t.Context(), praxis.DefaultReminderLead)
			if err != nil || n != 2 {
				t.Fatalf("SendReminders = %d, %v; want 2 (ned and pia)", n, err)
			}
			if n, err := s.db.SendReminders(t.Context(), praxis.DefaultReminderLead); err != nil || n != 0 {
				t.Errorf("SendReminders again = %d, %v; want 0", n, err)
			}
			texts, _, links := notificationItems(t, c.nedV.get(t, "/notifications"))
			if len(texts) == 0 || !strings.Contains(texts[0], "Reminder: “Monthly kitchen meetup” starts soon") {
				t.Fatalf("ned's notifications = %q; want the reminder", texts)
			}
			wantRedirect(t, c.nedV.get(t, links[0]), page)
			texts, _, _ = notificationItems(t, c.miaV.get(t, "/notifications"))
			for _, x := range texts {
				if strings.Contains(x, "Reminder") {
					t.Errorf("mia, not going, got %q", x)
				}
			}
		})

		t.Run("attendance and harvest after the start", func(t *testing.T) {
			s.clock.T = occ.StartsAt.Add(30 * time.Minute)
			r := c.coraV.submit(t, page, page+"/attendance", url.Values{"attended": {"ned", "pia"}})
			wantRedirect(t, r, page)
			r = c.coraV.get(t, page)
			for _, h := range []string{"ned", "pia"} {
				box := byID(r.doc(t), "attended-"+h)
				if _, checked := attr(box, "checked"); box == nil || !checked {
					t.Errorf("%s: @%s is not marked as present", r, h)
				}
			}
			r = c.coraV.submit(t, page, page+"/harvest", url.Values{"notes": {"We made **bread**."}, "links": {"https://example.org/slides"}})
			wantRedirect(t, r, page)
			wantTextOf(t, c.miaV.get(t, page), "harvest", "We made bread")
			r = c.coraV.submit(t, page, page+"/harvest/article", nil)
			article := redirectedTo(t, r, "/c/"+c.slug+"/kb/")
			r = c.coraV.get(t, article)
			r.wantStatus(t, http.StatusOK)
			wantTextOf(t, r, "article-status", "Draft")
			wantTextOf(t, r, "article-title", "Lessons from Monthly kitchen meetup")
			wantTextOf(t, c.coraV.get(t, page), "harvest-article", "Lessons from this event")
		})
	})
}

// eventCount is the number of occurrences of slug in 2026 and 2027 that
// the administrator sees.
func eventCount(t *testing.T, admin *visitor, slug string) int {
	t.Helper()
	r := admin.get(t, "/api/v1/communities/"+slug+"/events?from=2026-01-01&to=2027-12-31&limit=100")
	r.wantStatus(t, http.StatusOK)
	var l struct{ Items []struct{ ID int64 } }
	r.decode(t, &l)
	return len(l.Items)
}

// TestEventBadInput checks that each refused input comes back with its
// message beside the field, the user's text kept, and nothing written.
func TestEventBadInput(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		c := newEventCast(t, s)
		admin := s.withToken(t, "admin", s.admin)
		e := s.createEvent(t, c.cora, c.slug, monthlyEvent("Monthly kitchen meetup", praxis.EventMembers, 3))
		occs := s.occurrencesOf(t, c.cora, c.slug, e.ID)
		page := occurrencePath(c.slug, occs[0])
		for _, v := range []*visitor{c.miaV, c.nedV} {
			v.submit(t, page, page+"/rsvp", url.Values{"status": {"going"}})
		}
		before := eventCount(t, admin, c.slug)
		newPage := "/c/" + c.slug + "/events/new"
		good := url.Values{"kind": {"meetup"}, "title": {"Bread clinic"}, "time_zone": {"Europe/Paris"}, "start": {"2026-04-01T10:00"},
			"end": {"2026-04-01T12:00"}, "repeat": {"none"}, "visibility": {"members"}, "hosts": {"cora"}}
		with := func(kv ...string) url.Values {
			v := url.Values{}
			for k, vs := range good {
				v[k] = vs
			}
			for i := 0; i < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		tests := []struct {
			name        string
			page        string
			action      string
			values      url.Values
			field, want string
			kept        []string // fields whose value must come back as sent
		}{
			{"end before start", newPage, newPage, with("end", "2026-04-01T09:00"), "end", "after the start", []string{"title", "start", "end"}},
			{"invalid RRULE", newPage, newPage, with("repeat", "custom", "rrule", "FREQ=SOMETIMES;BYDAY=XX"), "rrule", "", []string{"title", "rrule"}},
			{"unknown time zone", newPage, newPage, with("time_zone", "Mars/Olympus_Mons"), "time_zone", "time zone", []string{"title", "start"}},
			{"capacity below those going", page + "/edit", page + "/edit", url.Values{"capacity": {"1"}}, "capacity", "2 people are already going", []string{"capacity", "title"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := c.coraV.submit(t, tt.page, tt.action, tt.values)
				r.wantStatus(t, http.StatusBadRequest)
				doc := r.doc(t)
				if got := fieldError(t, doc, tt.field); !strings.Contains(got, tt.want) {
					t.Errorf("error beside #%s = %q; want it to contain %q", tt.field, got, tt.want)
				}
				for _, id := range tt.kept {
					want := tt.values.Get(id)
					if want == "" {
						continue
					}
					got := inputValue(t, doc, id)
					if n := byID(doc, id); n.Data == "select" {
						got = ""
						for _, o := range findAll(n, isTag("option")) {
							if _, sel := attr(o, "selected"); sel {
								got, _ = attr(o, "value")
							}
						}
					}
					if got != want {
						t.Errorf("#%s = %q; want the user's %q", id, got, want)
					}
				}
				if got := eventCount(t, admin, c.slug); got != before {
					t.Errorf("occurrences = %d; want %d, as before", got, before)
				}
			})
		}

		t.Run("RSVP to a cancelled date", func(t *testing.T) {
			if err := s.db.CancelOccurrence(t.Context(), c.cora, occs[1].ID); err != nil {
				t.Fatalf("CancelOccurrence: %v", err)
			}
			p := occurrencePath(c.slug, occs[1])
			r := c.piaV.postForm(t, p+"/rsvp", url.Values{"csrf_token": {c.piaV.csrfToken(t)}, "status": {"going"}})
			r.wantStatus(t, http.StatusBadRequest)
			if got := text(byClass(r.doc(t), "form-message")[0]); !strings.Contains(got, "cancelled") {
				t.Errorf("%s: message = %q; want it to say the date is cancelled", r, got)
			}
			wantAPIError(t, c.piaV.api(t, http.MethodPut, "/api/v1/occurrences/"+strconv.FormatInt(occs[1].ID, 10)+"/rsvp",
				map[string]string{"status": "going"}), http.StatusBadRequest, "invalid")
		})

		t.Run("RSVP to a past date", func(t *testing.T) {
			s.clock.T = occs[0].EndsAt.Add(time.Hour)
			defer func() { s.clock.T = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }()
			r := c.piaV.postForm(t, page+"/rsvp", url.Values{"csrf_token": {c.piaV.csrfToken(t)}, "status": {"going"}})
			r.wantStatus(t, http.StatusBadRequest)
			if got := text(byClass(r.doc(t), "form-message")[0]); !strings.Contains(got, "taken place") {
				t.Errorf("%s: message = %q; want it to say the event has taken place", r, got)
			}
		})

		t.Run("the API refuses the same with fields", func(t *testing.T) {
			cora := s.withToken(t, "cora-api", c.cora)
			for field, change := range map[string]func(*praxis.EventInput){
				"end":       func(in *praxis.EventInput) { in.End = ptr("2026-03-10T17:00") },
				"rrule":     func(in *praxis.EventInput) { in.RRule = ptr("FREQ=NEVER") },
				"time_zone": func(in *praxis.EventInput) { in.TimeZone = ptr("Nowhere/Atlantis") },
				"capacity":  func(in *praxis.EventInput) { in.Capacity = ptr(-3) },
			} {
				in := monthlyEvent("Bad one", praxis.EventMembers, 0)
				change(&in)
				e := wantAPIError(t, cora.api(t, http.MethodPost, "/api/v1/communities/"+c.slug+"/events", in), http.StatusBadRequest, "invalid")
				if e.Fields[field] == "" {
					t.Errorf("fields = %v; want %s", e.Fields, field)
				}
			}
			wantAPIError(t, cora.api(t, http.MethodPatch, "/api/v1/events/999999", map[string]int{"capacity": 5}), http.StatusNotFound, "not_found")
			if e := wantAPIError(t, cora.api(t, http.MethodPatch, fmt.Sprintf("/api/v1/events/%d", occs[0].EventID), map[string]int{"capacity": 1}),
				http.StatusBadRequest, "invalid"); e.Fields["capacity"] == "" {
				t.Errorf("fields = %v; want capacity", e.Fields)
			}
			if got := eventCount(t, admin, c.slug); got != before {
				t.Errorf("occurrences = %d; want %d, as before (the cancelled one is listed, cancelled)", got, before)
			}
		})
	})
}

// TestEventPrivacy checks that members-only and invitation-only events, and
// the online links of events, reach nobody else: not through the pages,
// the API, the calendar feeds or the notifications.
func TestEventPrivacy(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		c := newEventCast(t, s)
		ivy := s.signUp(t, "ivy") // a member, invited
		s.join(t, c.cora, ivy, c.slug)
		ivyV := s.signedIn(t, "ivy", ivy)

		pub := s.createEvent(t, c.cora, c.slug, monthlyEvent("Open tasting", praxis.EventPublic, 0))
		mem := s.createEvent(t, c.cora, c.slug, monthlyEvent("Members tasting", praxis.EventMembers, 0))
		invIn := monthlyEvent("Invited tasting", praxis.EventInvitation, 0)
		invIn.Invitees = []string{"ivy"}
		inv := s.createEvent(t, c.cora, c.slug, invIn)
		occ := func(e *praxis.Event) *praxis.Occurrence { return s.occurrencesOf(t, c.cora, c.slug, e.ID)[0] }
		pubO, memO, invO := occ(pub), occ(mem), occ(inv)
		// Answers and a cancellation, so that reminders and notifications exist.
		for _, a := range []struct {
			u *praxis.User
			o *praxis.Occurrence
		}{{ivy, invO}, {ivy, memO}, {c.mia, memO}, {c.mia, pubO}} {
			if _, err := s.db.Respond(t.Context(), a.u, a.o.ID, praxis.RSVPGoing, ""); err != nil {
				t.Fatalf("Respond: %v", err)
			}
		}
		if _, err := s.db.Respond(t.Context(), c.mia, invO.ID, praxis.RSVPGoing, ""); praxis.ErrorCode(err) != praxis.ENOTFOUND {
			t.Fatalf("Respond by an uninvited member to an invitation-only event: %v; want not found", err)
		}
		s.clock.T = invO.StartsAt.Add(-time.Hour)
		if _, err := s.db.SendReminders(t.Context(), praxis.DefaultReminderLead); err != nil {
			t.Fatalf("SendReminders: %v", err)
		}
		s.clock.T = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		if err := s.db.CancelOccurrence(t.Context(), c.cora, s.occurrencesOf(t, c.cora, c.slug, inv.ID)[1].ID); err != nil {
			t.Fatalf("CancelOccurrence: %v", err)
		}

		anon := s.anonymous("anonymous")
		viewers := []*visitor{anon, c.o, c.miaV, ivyV, c.coraV}
		// Each viewer also calls the API with a token, and reads a personal feed.
		for _, v := range viewers[1:] {
			u := map[string]*praxis.User{"olga": c.olga, "mia": c.mia, "ivy": ivy, "cora": c.cora}[v.name]
			tok, err := s.db.CreateAPIToken(t.Context(), u.ID, "privacy")
			if err != nil {
				t.Fatal(err)
			}
			v.bearer = tok.Secret
			feed, err := s.db.CalendarToken(t.Context(), u, false)
			if err != nil || feed == "" {
				t.Fatalf("CalendarToken(%s) = %q, %v", u.Handle, feed, err)
			}
			v.get(t, "/calendar/"+feed).wantStatus(t, http.StatusOK)
			v.get(t, "/api/v1/me/events?from=2026-03-01&to=2026-12-31").wantStatus(t, http.StatusOK)
			v.get(t, "/notifications").wantStatus(t, http.StatusOK)
			v.get(t, "/api/v1/me/notifications").wantStatus(t, http.StatusOK)
		}
		base := "/c/" + c.slug
		for _, v := range viewers {
			for _, p := range []string{base, base + "/events", base + "/events?view=month&month=2026-03", base + "/calendar.ics",
				"/api/v1/communities/" + c.slug + "/events?from=2026-03-01&to=2026-12-31", "/api/v1/communities/" + c.slug + "/rhythm"} {
				v.get(t, p).wantStatus(t, http.StatusOK)
			}
			for _, o := range []*praxis.Occurrence{pubO, memO, invO} {
				v.get(t, o.Path(c.slug))
				v.get(t, o.Path(c.slug)+"/event.ics")
				v.get(t, "/api/v1/occurrences/"+strconv.FormatInt(o.ID, 10))
			}
		}

		const (
			pubLink = "https://meet.example.org/open-tasting"
			memLink = "https://meet.example.org/members-tasting"
			invLink = "https://meet.example.org/invited-tasting"
		)
		tests := []struct {
			viewer  *visitor
			mustNot []string
			must    []string
			status  [3]int // of the three occurrences' pages
		}{
			{anon, []string{"Members tasting", "Invited tasting", pubLink, memLink, invLink}, []string{"Open tasting"}, [3]int{200, 404, 404}},
			{c.o, []string{"Members tasting", "Invited tasting", pubLink, memLink, invLink}, []string{"Open tasting"}, [3]int{200, 404, 404}},
			{c.miaV, []string{"Invited tasting", invLink}, []string{"Members tasting", pubLink, memLink}, [3]int{200, 200, 404}},
			{ivyV, nil, []string{"Invited tasting", invLink, memLink}, [3]int{200, 200, 200}},
			{c.coraV, nil, []string{"Invited tasting", invLink}, [3]int{200, 200, 200}},
		}
		for _, tt := range tests {
			t.Run(tt.viewer.name, func(t *testing.T) {
				all := ""
				for _, r := range tt.viewer.seen {
					body := string(r.body)
					all += body
					for _, secret := range tt.mustNot {
						if strings.Contains(body, secret) {
							t.Errorf("%s: %s sees %q", r, tt.viewer.name, secret)
						}
					}
				}
				for _, want := range tt.must {
					if !strings.Contains(all, want) {
						t.Errorf("%s never sees %q; the test would prove nothing", tt.viewer.name, want)
					}
				}
				for i, o := range []*praxis.Occurrence{pubO, memO, invO} {
					if r := tt.viewer.get(t, o.Path(c.slug)); r.status != tt.status[i] {
						t.Errorf("%s: status %d; want %d", r, r.status, tt.status[i])
					}
				}
			})
		}

		t.Run("notifications of an invitation-only event reach its people only", func(t *testing.T) {
			texts, _, _ := notificationItems(t, ivyV.get(t, "/notifications"))
			joined := strings.Join(texts, "\n")
			for _, want := range []string{"invited you to “Invited tasting”", "Reminder: “Invited tasting” starts soon"} {
				if !strings.Contains(joined, want) {
					t.Errorf("ivy's notifications = %q; want %q", texts, want)
				}
			}
		})
	})
}

// TestCalendarFeedToken checks the personal feed's secret address: shown
// once in the settings, working without a session, replaced by a reset
// after which the old one is 401.
func TestCalendarFeedToken(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		c := newEventCast(t, s)
		e := s.createEvent(t, c.cora, c.slug, monthlyEvent("Monthly kitchen meetup", praxis.EventMembers, 0))
		if _, err := s.db.Respond(t.Context(), c.mia, s.occurrencesOf(t, c.mia, c.slug, e.ID)[0].ID, praxis.RSVPGoing, ""); err != nil {
			t.Fatal(err)
		}
		feedPath := func(r *response) string {
			t.Helper()
			r.wantStatus(t, http.StatusOK)
			u, err := url.Parse(textOf(t, r.doc(t), "calendar-url"))
			if err != nil || !strings.HasPrefix(u.Path, "/calendar/") {
				t.Fatalf("%s: calendar address %q", r, textOf(t, r.doc(t), "calendar-url"))
			}
			return u.Path
		}
		old := feedPath(c.miaV.get(t, "/settings"))
		calendar := s.anonymous("calendar program")
		r := calendar.get(t, old)
		r.wantStatus(t, http.StatusOK)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") || !strings.Contains(string(r.body), "SUMMARY:Monthly kitchen meetup") {
			t.Errorf("%s: %s\n%s; want mia's calendar with the meetup", r, ct, r.body)
		}
		r = c.miaV.get(t, "/settings")
		if byID(r.doc(t), "calendar-url") != nil || byID(r.doc(t), "calendar-kept") == nil {
			t.Errorf("%s: the address is shown again; want it shown once", r)
		}
		fresh := feedPath(c.miaV.submit(t, "/settings", "/settings/calendar", nil))
		if fresh == old {
			t.Fatalf("the reset kept the address %s", old)
		}
		r = calendar.get(t, old)
		r.wantStatus(t, http.StatusUnauthorized)
		if strings.Contains(string(r.body), "BEGIN:VCALENDAR") {
			t.Errorf("%s: a revoked address still gives a calendar", r)
		}
		calendar.get(t, fresh).wantStatus(t, http.StatusOK)
		calendar.get(t, "/calendar/cal_nonsense").wantStatus(t, http.StatusUnauthorized)
	})
}

// TestEventAPI walks the events API with a bearer token.
func TestEventAPI(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		c := newEventCast(t, s)
		cora, mia, ned, olga := s.withToken(t, "cora", c.cora), s.withToken(t, "mia", c.mia), s.withToken(t, "ned", c.ned), s.withToken(t, "olga", c.olga)
		api := "/api/v1/communities/" + c.slug

		r := cora.api(t, http.MethodPost, api+"/events", monthlyEvent("Monthly kitchen meetup", praxis.EventMembers, 1))
		r.wantStatus(t, http.StatusCreated)
		var e praxis.Event
		r.decode(t, &e)
		loc := r.header.Get("Location")
		if e.RRule != "FREQ=MONTHLY;BYDAY=2TU" || e.TimeZone != "Europe/Paris" || !strings.HasPrefix(loc, "/api/v1/occurrences/") {
			t.Fatalf("created %+v at %q", e, loc)
		}
		var list struct {
			Items []struct {
				ID    int64  `json:"id"`
				URL   string `json:"url"`
				Event struct {
					Title     string `json:"title"`
					OnlineURL string `json:"online_url"`
				} `json:"event"`
			}
		}
		r = mia.get(t, api+"/events?from=2026-03-01&to=2026-06-01")
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &list)
		if len(list.Items) != 3 || list.Items[0].Event.OnlineURL == "" || !strings.HasPrefix(list.Items[0].URL, "/c/"+c.slug+"/events/") {
			t.Fatalf("list = %+v; want 3 occurrences with the link, for a member", list.Items)
		}
		occ := "/api/v1/occurrences/" + strconv.FormatInt(list.Items[0].ID, 10)
		if loc != occ {
			t.Errorf("Location = %q; want the first occurrence %q", loc, occ)
		}
		r = olga.get(t, api+"/events?from=2026-03-01&to=2026-06-01")
		r.decode(t, &list)
		if len(list.Items) != 0 {
			t.Errorf("an outsider lists %d members-only occurrences", len(list.Items))
		}
		wantAPIError(t, olga.get(t, occ), http.StatusNotFound, "not_found")
		wantAPIError(t, mia.get(t, api+"/events?from=yesterday"), http.StatusBadRequest, "invalid")

		var rsvp praxis.RSVP
		r = mia.api(t, http.MethodPut, occ+"/rsvp", map[string]string{"status": "going", "note": "Soup"})
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &rsvp)
		r = ned.api(t, http.MethodPut, occ+"/rsvp", map[string]string{"status": "going"})
		r.decode(t, &rsvp)
		if rsvp.Status != praxis.RSVPWaitlisted {
			t.Errorf("ned's answer = %q; want waitlisted (capacity 1)", rsvp.Status)
		}
		wantAPIError(t, ned.api(t, http.MethodPut, occ+"/rsvp", map[string]string{"status": "perhaps"}), http.StatusBadRequest, "invalid")

		var detail struct {
			CanHost bool `json:"can_host"`
			Going   int  `json:"going"`
			RSVPs   []struct {
				Status string `json:"status"`
			} `json:"rsvps"`
			Next []struct{ ID int64 } `json:"next"`
		}
		r = cora.get(t, occ)
		r.decode(t, &detail)
		if !detail.CanHost || detail.Going != 1 || len(detail.RSVPs) != 2 || len(detail.Next) == 0 {
			t.Errorf("the host's view = %+v", detail)
		}
		r = mia.get(t, occ)
		r.decode(t, &detail)
		if detail.CanHost || len(detail.RSVPs) != 0 {
			t.Errorf("a member's view = %+v; want no answers of others", detail)
		}

		r = cora.api(t, http.MethodPatch, occ, map[string]string{"start": "2026-03-10T19:00", "end": "2026-03-10T20:30", "note": "One hour later"})
		r.wantStatus(t, http.StatusOK)
		wantAPIError(t, mia.api(t, http.MethodPatch, occ, map[string]string{"note": "mine"}), http.StatusForbidden, "forbidden")
		r = cora.api(t, http.MethodPatch, fmt.Sprintf("/api/v1/events/%d", e.ID), map[string]any{"capacity": 2})
		r.wantStatus(t, http.StatusOK)
		r = ned.get(t, occ)
		var mine struct {
			MyRSVP string `json:"my_rsvp"`
		}
		r.decode(t, &mine)
		if mine.MyRSVP != praxis.RSVPGoing {
			t.Errorf("after the capacity grew, ned = %q; want going", mine.MyRSVP)
		}

		r = mia.get(t, "/api/v1/me/events?from=2026-03-01&to=2026-04-01")
		r.decode(t, &list)
		if len(list.Items) != 1 {
			t.Errorf("mia's events = %d; want 1", len(list.Items))
		}

		// Rhythm and cadence.
		r = cora.api(t, http.MethodPut, api+"/cadence", map[string]any{"every_days": 14, "kind": "meetup"})
		r.wantStatus(t, http.StatusOK)
		var rh struct {
			Cadence struct {
				EveryDays int    `json:"every_days"`
				Label     string `json:"label"`
			} `json:"cadence"`
			Periods []struct{ Held int } `json:"periods"`
			Next    *struct {
				URL string `json:"url"`
			} `json:"next"`
		}
		r.decode(t, &rh)
		if rh.Cadence.EveryDays != 14 || rh.Cadence.Label != "a meetup every 2 weeks" || len(rh.Periods) == 0 || rh.Next == nil {
			t.Errorf("rhythm = %+v", rh)
		}
		wantAPIError(t, mia.api(t, http.MethodPut, api+"/cadence", map[string]any{"every_days": 7}), http.StatusForbidden, "forbidden")
		wantAPIError(t, cora.api(t, http.MethodPut, api+"/cadence", map[string]any{"every_days": 400}), http.StatusBadRequest, "invalid")
		olga.get(t, api+"/rhythm").wantStatus(t, http.StatusOK)

		// Visits.
		r = olga.api(t, http.MethodPost, api+"/visits", map[string]string{"what": "See your kitchen at lunch", "why": "We open one"})
		r.wantStatus(t, http.StatusCreated)
		var vr praxis.VisitRequest
		r.decode(t, &vr)
		wantAPIError(t, olga.api(t, http.MethodPost, api+"/visits", map[string]string{"what": ""}), http.StatusBadRequest, "invalid")
		wantAPIError(t, mia.get(t, api+"/visits"), http.StatusForbidden, "forbidden")
		var visits struct{ Items []praxis.VisitRequest }
		r = cora.get(t, api+"/visits")
		r.decode(t, &visits)
		if len(visits.Items) != 1 || visits.Items[0].From.Handle != "olga" {
			t.Fatalf("visit requests = %+v", visits.Items)
		}
		visitIn := monthlyEvent("Lunch visit", praxis.EventInvitation, 0)
		visitIn.Kind, visitIn.RRule = ptr(praxis.EventVisit), ptr("")
		r = cora.api(t, http.MethodPost, api+"/events", visitIn)
		var visit praxis.Event
		r.decode(t, &visit)
		answer := fmt.Sprintf("/api/v1/visits/%d/answer", vr.ID)
		wantAPIError(t, cora.api(t, http.MethodPost, answer, map[string]any{"accept": true, "event_id": e.ID}), http.StatusBadRequest, "invalid")
		cora.api(t, http.MethodPost, answer, map[string]any{"accept": true, "event_id": visit.ID, "note": "Welcome"}).wantStatus(t, http.StatusNoContent)
		r = olga.get(t, api+"/events?from=2026-03-01&to=2026-04-01")
		r.decode(t, &list)
		if len(list.Items) != 1 || list.Items[0].Event.Title != "Lunch visit" {
			t.Errorf("after the visit is accepted, olga lists %+v; want the visit she is invited to", list.Items)
		}

		// Cancelling and harvesting.
		r = cora.api(t, http.MethodPost, occ+"/cancel", nil)
		r.wantStatus(t, http.StatusOK)
		var cancelled struct {
			Cancelled bool `json:"cancelled"`
		}
		r.decode(t, &cancelled)
		if !cancelled.Cancelled {
			t.Errorf("after cancelling, the occurrence is not cancelled")
		}
		r = cora.get(t, api+"/events?from=2026-04-01&to=2026-05-01")
		r.decode(t, &list)
		april := "/api/v1/occurrences/" + strconv.FormatInt(list.Items[0].ID, 10)
		wantAPIError(t, cora.api(t, http.MethodPut, april+"/harvest", praxis.Harvest{Notes: "Too early"}), http.StatusBadRequest, "invalid")
		s.clock.T = time.Date(2026, 4, 15, 9, 0, 0, 0, time.UTC)
		cora.api(t, http.MethodPost, april+"/attendance", map[string]any{"handles": []string{"mia"}}).wantStatus(t, http.StatusOK)
		wantAPIError(t, cora.api(t, http.MethodPost, april+"/attendance", map[string]any{"handles": []string{"nobody-here"}}), http.StatusBadRequest, "invalid")
		wantAPIError(t, cora.api(t, http.MethodPut, april+"/harvest", praxis.Harvest{Links: []string{"not a link"}}), http.StatusBadRequest, "invalid")
		cora.api(t, http.MethodPut, april+"/harvest", praxis.Harvest{Notes: "Good bread", Links: []string{"https://example.org/r"}}).wantStatus(t, http.StatusOK)
		r = cora.api(t, http.MethodPost, april+"/harvest/article", nil)
		r.wantStatus(t, http.StatusCreated)
		var art struct {
			Status string `json:"status"`
			Title  string `json:"title"`
		}
		r.decode(t, &art)
		if art.Status != praxis.ArticleDraft || !strings.HasPrefix(art.Title, "Lessons from Monthly kitchen meetup") {
			t.Errorf("harvest article = %+v", art)
		}
		cora.api(t, http.MethodPost, fmt.Sprintf("/api/v1/events/%d/cancel", e.ID), nil).wantStatus(t, http.StatusNoContent)
		wantAPIError(t, cora.api(t, http.MethodPatch, fmt.Sprintf("/api/v1/events/%d", e.ID), map[string]any{"title": "Again"}), http.StatusBadRequest, "invalid")
	})
}

// TestEventVisitsAndRhythmPages uses the forms of the events page: a visit
// asked by someone from elsewhere and accepted with a new event, another
// declined, and the cadence with its missed beat.
func TestEventVisitsAndRhythmPages(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		c := newEventCast(t, s)
		events := "/c/" + c.slug + "/events"

		r := c.o.submit(t, events, "/c/"+c.slug+"/visits", url.Values{"what": {"See your kitchen at lunch"}, "why": {"We open one"}, "proposed_dates": {"Any Tuesday"}})
		wantRedirect(t, r, events+"#visits")
		r = c.o.submit(t, events, "/c/"+c.slug+"/visits", url.Values{"what": {""}})
		r.wantStatus(t, http.StatusBadRequest)
		if got := fieldError(t, r.doc(t), "visit-what"); !strings.Contains(got, "required") {
			t.Errorf("error beside the request = %q", got)
		}
		c.miaV.submit(t, events, "/c/"+c.slug+"/visits", url.Values{"what": {"A clinic on sourdough"}}).wantStatus(t, http.StatusSeeOther)

		r = c.coraV.get(t, events)
		items := byClass(r.doc(t), "visit")
		if len(items) != 2 {
			t.Fatalf("%s: %d visit requests shown to the coordinator; want 2", r, len(items))
		}
		if byID(c.miaV.get(t, events).doc(t), "visit-requests") != nil {
			t.Errorf("a member who does not coordinate sees the requests")
		}
		var olgaID, miaID string
		for _, li := range items {
			id, _ := attr(li, "id")
			if strings.Contains(text(li), "lunch") {
				olgaID = strings.TrimPrefix(id, "visit-")
			} else {
				miaID = strings.TrimPrefix(id, "visit-")
			}
		}

		// Accepting with a new event goes to the form, filled from the request.
		r = c.coraV.submit(t, events, "/c/"+c.slug+"/visits/"+olgaID+"/answer", url.Values{"answer": {"accept"}, "event_id": {"new"}})
		next := redirectedTo(t, r, events+"/new?")
		r = c.coraV.get(t, next)
		doc := r.doc(t)
		if got := inputValue(t, doc, "title"); got != "Visit: See your kitchen at lunch" {
			t.Errorf("%s: title = %q", r, got)
		}
		if got := inputValue(t, doc, "invitees"); got != "olga" {
			t.Errorf("%s: invitees = %q; want olga", r, got)
		}
		r = c.coraV.submit(t, next, events+"/new", url.Values{"start": {"2026-03-17T12:00"}, "end": {"2026-03-17T13:00"}, "time_zone": {"Europe/Paris"}})
		page := redirectedTo(t, r, events+"/")
		if flash := c.coraV.cookieValue("praxis_flash"); !strings.Contains(urlUnescape(flash), "accepted") {
			t.Errorf("flash = %q; want the request accepted", urlUnescape(flash))
		}
		wantTextOf(t, c.o.get(t, page), "event-title", "Visit: See your kitchen at lunch")
		wantTextOf(t, c.o.get(t, events), "visits", "Accepted")

		r = c.coraV.submit(t, events, "/c/"+c.slug+"/visits/"+miaID+"/answer", url.Values{"answer": {"decline"}, "note": {"Next term"}})
		wantRedirect(t, r, events+"#visit-requests")
		wantTextOf(t, c.miaV.get(t, events), "visits", "Next term")

		// The rhythm: no meetup for weeks is a missed beat, for coordinators.
		r = c.coraV.submit(t, events, "/c/"+c.slug+"/cadence", url.Values{"every_days": {"14"}, "kind": {"meetup"}})
		wantRedirect(t, r, events+"#rhythm")
		r = c.coraV.get(t, events)
		wantTextOf(t, r, "cadence", "a meetup every 2 weeks")
		wantTextOf(t, r, "missed-beat", "missed beat")
		if svg := findAll(byID(r.doc(t), "rhythm"), isTag("svg")); len(svg) != 1 {
			t.Errorf("%s: %d rhythm charts; want 1", r, len(svg))
		} else if label, _ := attr(svg[0], "aria-label"); !strings.Contains(label, "Events held per 2-week period") {
			t.Errorf("%s: chart label = %q", r, label)
		}
		if byID(c.miaV.get(t, events).doc(t), "missed-beat") != nil {
			t.Errorf("a member who does not coordinate is shown the missed beat")
		}
		wantTextOf(t, c.coraV.get(t, "/c/"+c.slug), "missed-beat", "missed beat")
		r = c.miaV.postForm(t, "/c/"+c.slug+"/cadence", url.Values{"csrf_token": {c.miaV.csrfToken(t)}, "every_days": {"7"}})
		if r.status != http.StatusForbidden {
			t.Errorf("%s: a member sets the cadence: status %d; want 403", r, r.status)
		}
	})
}

func urlUnescape(s string) string { v, _ := url.QueryUnescape(s); return v }
