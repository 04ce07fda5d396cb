package sqlstore_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// visibilityCast adds to the conversation cast an event of each
// visibility in the public garden and in the private vault, each with an
// online link and hosted by @bob. @frank, an outsider, is invited to the
// garden's invitation-only event; @carol, who is not in the vault, to the
// vault's.
type visibilityCast struct {
	*conversationCast
	grace, sam *praxis.User // a core member of the garden; a suspended member
	events     map[string]*praxis.Event
	occ        map[string]int64 // each event's occurrence
}

const link = "https://meet.example.org/room"

func newVisibilityCast(t *testing.T, db *sqlstore.DB) *visibilityCast {
	t.Helper()
	s := &visibilityCast{conversationCast: newConversationCast(t, db), events: map[string]*praxis.Event{}, occ: map[string]int64{}}
	s.grace = signUp(t, db, "grace")
	join(t, db, nil, s.grace, s.garden.Slug)
	if err := db.SetRole(t.Context(), s.alice, s.garden.Slug, "grace", praxis.MemberCore); err != nil {
		t.Fatal(err)
	}
	s.sam = signUp(t, db, "sam")
	join(t, db, nil, s.sam, s.garden.Slug)
	for _, c := range []*praxis.Community{s.garden, s.vault} {
		for _, vis := range []string{praxis.EventPublic, praxis.EventMembers, praxis.EventInvitation} {
			in := eventIn(praxis.EventMeetup, c.Slug+" "+vis, "2026-03-10T18:00", "2026-03-10T20:00", "")
			in.Visibility, in.OnlineURL, in.Hosts = new(vis), new(link), []string{"bob"}
			if vis == praxis.EventInvitation {
				in.Invitees = []string{map[string]string{s.garden.Slug: "frank", s.vault.Slug: "carol"}[c.Slug]}
			}
			e := createEvent(t, db, s.alice, c.Slug, in)
			key := c.Slug + " " + vis
			s.events[key] = e
			s.occ[key] = occurrencesOf(t, db, s.admin, e)[0].ID
		}
	}
	s.sam = suspend(t, db, s.admin, s.sam)
	return s
}

// keys lists the events of the visibility cast.
func (s *visibilityCast) keys() []string {
	var out []string
	for _, slug := range []string{s.garden.Slug, s.vault.Slug} {
		for _, vis := range []string{praxis.EventPublic, praxis.EventMembers, praxis.EventInvitation} {
			out = append(out, slug+" "+vis)
		}
	}
	return out
}

// TestEventVisibilityRule checks that the rule for one event (EventPage)
// and the rule for lists (Occurrences, MyOccurrences' sources, calendars)
// agree for every visibility and kind of viewer, and match the contract;
// and that the online link reaches only those who may attend.
func TestEventVisibilityRule(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newVisibilityCast(t, db)
		all := func(string) bool { return true }
		viewers := []struct {
			name string
			user *praxis.User
			// sees and attends say, for "slug visibility", what the viewer
			// may do.
			sees, attends func(key string) bool
		}{
			{"anonymous", nil, func(k string) bool { return k == "garden public" }, func(string) bool { return false }},
			{"outsider invited to the garden", s.frank,
				func(k string) bool { return k == "garden public" || k == "garden invitation" },
				func(k string) bool { return k == "garden invitation" }},
			{"suspended member", s.sam, func(k string) bool { return k == "garden public" }, func(string) bool { return false }},
			{"garden member invited to the vault", s.carol,
				func(k string) bool { return k == "garden public" || k == "garden members" },
				func(k string) bool { return k == "garden public" || k == "garden members" }},
			{"core member", s.grace,
				func(k string) bool { return k == "garden public" || k == "garden members" },
				func(k string) bool { return k == "garden public" || k == "garden members" }},
			{"host", s.bob, all, all},
			{"coordinator", s.alice, all, all},
			{"administrator, not a member", s.admin, all, func(string) bool { return false }},
		}
		for _, v := range viewers {
			t.Run(v.name, func(t *testing.T) {
				listed := map[int64]*praxis.Occurrence{}
				for _, slug := range []string{s.garden.Slug, s.vault.Slug} {
					occs, err := db.Occurrences(ctx, v.user, slug, allTime)
					if praxis.ErrorCode(err) == praxis.ENOTFOUND {
						continue
					} else if err != nil {
						t.Fatalf("Occurrences(%s): %v", slug, err)
					}
					for _, o := range occs {
						listed[o.ID] = o
					}
				}
				inCalendar := map[int64]*praxis.Event{}
				for _, slug := range []string{s.garden.Slug, s.vault.Slug} {
					entries, err := db.CalendarEvents(ctx, v.user, slug)
					if praxis.ErrorCode(err) == praxis.ENOTFOUND {
						continue
					} else if err != nil {
						t.Fatalf("CalendarEvents(%s): %v", slug, err)
					}
					for _, en := range entries {
						inCalendar[en.Event.ID] = en.Event
					}
				}
				for _, key := range s.keys() {
					e, id := s.events[key], s.occ[key]
					p, err := db.EventPage(ctx, v.user, id)
					if err != nil && praxis.ErrorCode(err) != praxis.ENOTFOUND {
						t.Fatalf("EventPage(%s): %v", key, err)
					}
					want := v.sees(key)
					if (err == nil) != want || (listed[id] != nil) != want || (inCalendar[e.ID] != nil) != want {
						t.Errorf("%s: page %v, listed %v, in calendar %v; want %v", key, err == nil, listed[id] != nil, inCalendar[e.ID] != nil, want)
						continue
					}
					if !want {
						continue
					}
					wantLink := ""
					if v.attends(key) || p.CanHost {
						wantLink = link
					}
					if p.Event.OnlineURL != wantLink || listed[id].Event.OnlineURL != wantLink || inCalendar[e.ID].OnlineURL != wantLink {
						t.Errorf("%s: online link on the page %q, in the list %q, in the calendar %q; want %q",
							key, p.Event.OnlineURL, listed[id].Event.OnlineURL, inCalendar[e.ID].OnlineURL, wantLink)
					}
					if invited := len(p.Event.Invitees) > 0; strings.HasSuffix(key, praxis.EventInvitation) && invited != p.CanHost {
						t.Errorf("%s: invitees shown %v; want them shown to hosts only (host %v)", key, invited, p.CanHost)
					}
					if p.CanRSVP != v.attends(key) {
						t.Errorf("%s: CanRSVP %v; want %v", key, p.CanRSVP, v.attends(key))
					}
				}
			})
		}
	})
}

// TestEventsStayPrivate checks that events one may not see reach no one
// through answers, notifications, reminders, calendars or the activity
// feed, and that notifications disappear when their event does.
func TestEventsStayPrivate(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newVisibilityCast(t, db)
		members, invitation := s.occ["garden members"], s.occ["garden invitation"]

		// Invisible is not found, whatever the action.
		_, err := db.Respond(ctx, s.dave, invitation, praxis.RSVPGoing, "")
		wantCode(t, "Respond to an invisible event", err, praxis.ENOTFOUND)
		wantCode(t, "CancelOccurrence of an invisible event", db.CancelOccurrence(ctx, s.dave, invitation), praxis.ENOTFOUND)
		_, err = db.UpdateEvent(ctx, s.frank, s.events["garden members"].ID, praxis.EventInput{Title: new("Mine")})
		wantCode(t, "UpdateEvent of an invisible event", err, praxis.ENOTFOUND)
		_, err = db.UpdateOccurrence(ctx, s.carol, s.occ["vault public"], nil, nil, new("hello"))
		wantCode(t, "UpdateOccurrence in an invisible community", err, praxis.ENOTFOUND)

		// Invited, frank was told; dave, going to the members' event, too
		// once it is cancelled, and the invitation's going people likewise.
		if got := eventNotifications(t, db, s.frank); !slices.Equal(got, []string{"event-invited garden invitation"}) {
			t.Errorf("frank's event notifications = %q; want his invitation", got)
		}
		if got := eventNotifications(t, db, s.carol); len(got) != 0 {
			t.Errorf("carol, invited to the private vault she is not in, was told %q; want nothing", got)
		}
		respond(t, db, s.dave, members, praxis.RSVPGoing)
		respond(t, db, s.frank, invitation, praxis.RSVPGoing)
		if err := db.CancelOccurrence(ctx, s.alice, members); err != nil {
			t.Fatal(err)
		}
		if got := eventNotifications(t, db, s.dave); !slices.Equal(got, []string{"event-cancelled garden members"}) {
			t.Errorf("dave's event notifications = %q", got)
		}
		unreadBefore := unread(t, db, s.dave)

		// Dave leaves the garden: the members' event and its notification
		// are gone for him, and the count with it.
		if err := db.Leave(ctx, s.dave, s.garden.Slug); err != nil {
			t.Fatal(err)
		}
		if got := eventNotifications(t, db, s.dave); len(got) != 0 {
			t.Errorf("dave's event notifications after leaving = %q; want none", got)
		}
		if got := unread(t, db, s.dave); got != unreadBefore-1 {
			t.Errorf("dave's unread count after leaving = %d; want %d", got, unreadBefore-1)
		}
		if _, err := db.EventPage(ctx, s.dave, members); praxis.ErrorCode(err) != praxis.ENOTFOUND {
			t.Errorf("EventPage of the members' event after leaving: %v; want not found", err)
		}

		// Frank is uninvited: his notification and his reminder go with it.
		if _, err := db.UpdateEvent(ctx, s.alice, s.events["garden invitation"].ID, praxis.EventInput{Invitees: []string{}}); err != nil {
			t.Fatal(err)
		}
		if got := eventNotifications(t, db, s.frank); len(got) != 0 {
			t.Errorf("frank's event notifications once uninvited = %q; want none", got)
		}
		clock.T = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		if n, err := db.SendReminders(ctx, praxis.DefaultReminderLead); err != nil || n != 0 {
			t.Errorf("SendReminders = %d, %v; want none: frank may not see the event any more", n, err)
		}
		entries, err := db.CalendarEvents(ctx, s.frank, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, en := range entries {
			if en.Event.Visibility != praxis.EventPublic {
				t.Errorf("frank's own calendar holds %q", en.Event.Title)
			}
		}

		// The activity feed names public events only.
		as, err := db.Activity(ctx, nil, s.garden.Slug, 200)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			if a.Summary == "garden members" || a.Summary == "garden invitation" {
				t.Errorf("the public activity feed names %q (%s)", a.Summary, a.Verb)
			}
		}
	})
}

// TestMyOccurrencesAndOwnCalendar checks what one's own list and feed hold.
func TestMyOccurrencesAndOwnCalendar(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newVisibilityCast(t, db)
		other := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventTalk, "Other talk", "2026-03-11T18:00", "2026-03-11T19:00", ""))
		respond(t, db, s.carol, occurrencesOf(t, db, s.alice, other)[0].ID, praxis.RSVPMaybe)

		titles := func(occs []*praxis.Occurrence) []string {
			out := []string{}
			for _, o := range occs {
				out = append(out, o.Event.Title)
			}
			slices.Sort(out)
			return out
		}
		mine, err := db.MyOccurrences(ctx, s.carol, praxis.OccurrenceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(mine); !slices.Equal(got, []string{"Other talk"}) {
			t.Errorf("carol's occurrences = %q; want the talk she may attend", got)
		}
		mine, err = db.MyOccurrences(ctx, s.bob, praxis.OccurrenceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(mine); got != 6 {
			t.Errorf("bob hosts %d listed occurrences; want 6", got)
		}
		_, err = db.MyOccurrences(ctx, nil, praxis.OccurrenceFilter{})
		wantCode(t, "MyOccurrences anonymously", err, praxis.EUNAUTHORIZED)

		calendar := func(u *praxis.User) []string {
			entries, err := db.CalendarEvents(ctx, u, "")
			if err != nil {
				t.Fatalf("CalendarEvents(%s): %v", who(u), err)
			}
			out := []string{}
			for _, en := range entries {
				out = append(out, en.Event.Title)
			}
			slices.Sort(out)
			return out
		}
		// Carol: the garden's public event (she is a member) and the talk
		// she answered; not the members' event, not the vault's.
		if got := calendar(s.carol); !slices.Equal(got, []string{"Other talk", "garden public"}) {
			t.Errorf("carol's calendar = %q", got)
		}
		if got := calendar(s.bob); len(got) != 7 {
			t.Errorf("bob's calendar = %q; want the six he hosts and the garden's talk", got)
		}
		_, err = db.CalendarEvents(ctx, nil, "")
		wantCode(t, "CalendarEvents of no one", err, praxis.EUNAUTHORIZED)
	})
}
