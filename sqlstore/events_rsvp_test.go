package sqlstore_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// answers describes an occurrence's answers as "handle status", as its
// hosts see them.
func answers(t *testing.T, db *sqlstore.DB, host *praxis.User, id int64) []string {
	t.Helper()
	out := []string{}
	for _, r := range eventPage(t, db, host, id).RSVPs {
		out = append(out, r.Person.Handle+" "+r.Status)
	}
	return out
}

// TestWaitlist checks capacity, the waitlist in order of asking, and the
// promotion of the first waitlisted person, who is told, when someone
// going changes their answer or the capacity grows.
func TestWaitlist(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		grace := signUp(t, db, "grace")
		join(t, db, nil, grace, s.garden.Slug)
		in := eventIn(praxis.EventWorkshop, "Grafting workshop", "2026-03-10T18:00", "2026-03-10T20:00", "")
		in.Capacity = new(2)
		e := createEvent(t, db, s.alice, s.garden.Slug, in)
		o := occurrencesOf(t, db, s.alice, e)[0]

		for _, step := range []struct {
			who  *praxis.User
			want string
		}{{s.bob, praxis.RSVPGoing}, {s.carol, praxis.RSVPGoing}, {s.dave, praxis.RSVPWaitlisted}} {
			if got := respond(t, db, step.who, o.ID, praxis.RSVPGoing); got != step.want {
				t.Fatalf("%s going: status %q; want %q", step.who.Handle, got, step.want)
			}
			clock.Add(time.Minute)
		}
		if got := respond(t, db, grace, o.ID, praxis.RSVPGoing); got != praxis.RSVPWaitlisted {
			t.Fatalf("grace going: %q; want waitlisted", got)
		}
		// Asking again keeps one's place in the line.
		clock.Add(time.Minute)
		if got := respond(t, db, s.dave, o.ID, praxis.RSVPGoing); got != praxis.RSVPWaitlisted {
			t.Fatalf("dave going again: %q; want waitlisted", got)
		}
		for _, w := range []struct {
			who  *praxis.User
			want int
		}{{s.dave, 1}, {grace, 2}, {s.bob, 0}} {
			if got := eventPage(t, db, w.who, o.ID).WaitlistPosition; got != w.want {
				t.Errorf("%s's waitlist position = %d; want %d", w.who.Handle, got, w.want)
			}
		}
		p := eventPage(t, db, s.carol, o.ID)
		if p.Occurrence.Going != 2 || p.Occurrence.Waitlisted != 2 || p.Occurrence.MyRSVP != praxis.RSVPGoing {
			t.Errorf("page: going %d, waitlisted %d, mine %q; want 2, 2, going", p.Occurrence.Going, p.Occurrence.Waitlisted, p.Occurrence.MyRSVP)
		}
		if len(p.RSVPs) != 0 {
			t.Errorf("carol, who does not host, sees %d answers; want none", len(p.RSVPs))
		}
		if got := answers(t, db, s.alice, o.ID); !slices.Equal(got, []string{"bob going", "carol going", "dave waitlisted", "grace waitlisted"}) {
			t.Errorf("answers = %q", got)
		}

		// Bob gives up his place: dave, first in line, takes it and is told.
		if got := respond(t, db, s.bob, o.ID, praxis.RSVPNotGoing); got != praxis.RSVPNotGoing {
			t.Fatalf("bob not going: %q", got)
		}
		if got := answers(t, db, s.alice, o.ID); !slices.Equal(got, []string{"carol going", "dave going", "grace waitlisted", "bob not-going"}) {
			t.Errorf("answers after bob's cancellation = %q", got)
		}
		ns := notifications(t, db, s.dave)
		if len(ns) != 1 || ns[0].Kind != praxis.NotifyPromoted || ns[0].OccurrenceID != o.ID || ns[0].EventTitle != e.Title ||
			ns[0].ThreadID != 0 || ns[0].CommunitySlug != s.garden.Slug || ns[0].Actor.Handle != "" {
			t.Errorf("dave's notifications = %+v; want one promotion about the workshop, from no one", ns)
		}
		if got := eventNotifications(t, db, grace); len(got) != 0 {
			t.Errorf("grace, still waitlisted, was told %q", got)
		}
		// Maybe is not going either.
		respond(t, db, s.carol, o.ID, praxis.RSVPMaybe)
		if got := answers(t, db, s.alice, o.ID); !slices.Equal(got, []string{"dave going", "grace going", "carol maybe", "bob not-going"}) {
			t.Errorf("answers after carol's maybe = %q", got)
		}
		if got := eventNotifications(t, db, grace); !slices.Equal(got, []string{"event-promoted Grafting workshop"}) {
			t.Errorf("grace was told %q; want her promotion", got)
		}
		// Full again: bob is waitlisted, and more places promote him.
		if got := respond(t, db, s.bob, o.ID, praxis.RSVPGoing); got != praxis.RSVPWaitlisted {
			t.Errorf("bob going to a full workshop: %q; want waitlisted", got)
		}
		if _, err := db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{Capacity: new(1)}); praxis.ErrorCode(err) != praxis.EINVALID {
			t.Errorf("capacity 1 with 2 going: %v; want invalid", err)
		}
		if _, err := db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{Capacity: new(3)}); err != nil {
			t.Fatalf("UpdateEvent(capacity 3): %v", err)
		}
		if got := answers(t, db, s.alice, o.ID); !slices.Equal(got, []string{"bob going", "dave going", "grace going", "carol maybe"}) {
			t.Errorf("answers after more places = %q", got)
		}
		wantActivity(t, db, s.alice, s.garden.Slug, "bob rsvped occurrence", "dave rsvped occurrence")

		// Bad answers.
		_, err := db.Respond(ctx, s.bob, o.ID, "perhaps", "")
		wantCode(t, "Respond(perhaps)", err, praxis.EINVALID)
		_, err = db.Respond(ctx, s.frank, o.ID, praxis.RSVPGoing, "")
		wantCode(t, "Respond by an outsider", err, praxis.EFORBIDDEN)
		_, err = db.Respond(ctx, nil, o.ID, praxis.RSVPGoing, "")
		wantCode(t, "Respond anonymously", err, praxis.EUNAUTHORIZED)
		_, err = db.Respond(ctx, s.bob, o.ID+1000, praxis.RSVPGoing, "")
		wantCode(t, "Respond to a missing occurrence", err, praxis.ENOTFOUND)
		clock.T = time.Date(2026, 3, 10, 17, 30, 0, 0, time.UTC) // under way
		_, err = db.Respond(ctx, s.carol, o.ID, praxis.RSVPGoing, "")
		wantCode(t, "Respond to a started occurrence", err, praxis.EINVALID)
		clock.T = time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC)
		_, err = db.Respond(ctx, s.carol, o.ID, praxis.RSVPGoing, "")
		wantCode(t, "Respond to a past occurrence", err, praxis.EINVALID)
		if p := eventPage(t, db, s.carol, o.ID); p.CanRSVP {
			t.Error("CanRSVP on a past occurrence")
		}
	})
}

// TestWaitlistConcurrentAnswers checks that answers arriving together
// never take more places than there are.
func TestWaitlistConcurrentAnswers(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		people := []*praxis.User{s.bob, s.carol, s.dave}
		for _, h := range []string{"gus", "hal", "ida", "jo"} {
			u := signUp(t, db, h)
			join(t, db, nil, u, s.garden.Slug)
			people = append(people, u)
		}
		in := eventIn(praxis.EventWorkshop, "Small workshop", "2026-03-10T18:00", "2026-03-10T20:00", "")
		in.Capacity = new(3)
		o := occurrencesOf(t, db, s.alice, createEvent(t, db, s.alice, s.garden.Slug, in))[0]
		var wg sync.WaitGroup
		for _, u := range people {
			wg.Go(func() {
				if _, err := db.Respond(t.Context(), u, o.ID, praxis.RSVPGoing, ""); err != nil {
					t.Errorf("Respond by %s: %v", u.Handle, err)
				}
			})
		}
		wg.Wait()
		p := eventPage(t, db, s.alice, o.ID)
		if p.Occurrence.Going != 3 || p.Occurrence.Waitlisted != len(people)-3 {
			t.Errorf("going %d, waitlisted %d; want 3 and %d", p.Occurrence.Going, p.Occurrence.Waitlisted, len(people)-3)
		}
	})
}

// TestAttendance checks that hosts mark attendance once the event has
// started, that each attendance is an activity at the occurrence's start,
// and that it raises the attendee's participation.
func TestAttendance(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		in := eventIn(praxis.EventMeetup, "Harvest meetup", "2026-03-05T18:00", "2026-03-05T20:00", "")
		in.Hosts = []string{"bob"}
		e := createEvent(t, db, s.alice, s.garden.Slug, in)
		o := occurrencesOf(t, db, s.alice, e)[0]
		respond(t, db, s.dave, o.ID, praxis.RSVPGoing)

		level := func(handle string) (string, int) {
			ms, err := db.Members(ctx, s.alice, s.garden.Slug, praxis.MemberFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.User.Handle == handle {
					return m.Level, m.Actions
				}
			}
			t.Fatalf("@%s is not a member", handle)
			return "", 0
		}
		if lvl, _ := level("carol"); lvl != praxis.LevelPeripheral {
			t.Fatalf("carol's level before = %q; want peripheral", lvl)
		}
		wantCode(t, "MarkAttendance before the start", db.MarkAttendance(ctx, s.bob, o.ID, []string{"dave"}), praxis.EINVALID)

		clock.T = time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
		wantCode(t, "MarkAttendance by a member who does not host", db.MarkAttendance(ctx, s.dave, o.ID, []string{"dave"}), praxis.EFORBIDDEN)
		err := db.MarkAttendance(ctx, s.bob, o.ID, []string{"dave", "frank"})
		wantCode(t, "MarkAttendance of an outsider who did not answer", err, praxis.EINVALID)
		wantFields(t, "MarkAttendance of an outsider who did not answer", err, "handles")
		wantCode(t, "MarkAttendance of no one", db.MarkAttendance(ctx, s.bob, o.ID, nil), praxis.EINVALID)
		// A host marks someone who answered and a member who came without.
		if err := db.MarkAttendance(ctx, s.bob, o.ID, []string{"@dave", "Carol"}); err != nil {
			t.Fatalf("MarkAttendance: %v", err)
		}
		if err := db.MarkAttendance(ctx, s.alice, o.ID, []string{"carol"}); err != nil {
			t.Fatalf("MarkAttendance again by the coordinator: %v", err)
		}
		attended := map[string]bool{}
		for _, r := range eventPage(t, db, s.bob, o.ID).RSVPs {
			attended[r.Person.Handle] = r.Attended
		}
		if !attended["dave"] || !attended["carol"] {
			t.Errorf("attended = %v; want dave and carol", attended)
		}
		as, err := db.Activity(ctx, s.alice, s.garden.Slug, 200)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range as {
			if a.Verb == praxis.VerbAttended {
				n++
				if !a.CreatedAt.Equal(o.StartsAt) || a.ObjectID != o.ID || a.Summary != e.Title {
					t.Errorf("attendance of @%s at %s (object %d, %q); want at the start %s", a.ActorHandle, a.CreatedAt, a.ObjectID, a.Summary, o.StartsAt)
				}
			}
		}
		if n != 2 {
			t.Errorf("%d attendances logged; want 2, once each", n)
		}
		if lvl, actions := level("carol"); lvl != praxis.LevelOccasional || actions != 2 {
			t.Errorf("carol's level after attending = %q (%d actions); want occasional (joined, attended)", lvl, actions)
		}
		// An attendance older than the participation window counts no more.
		clock.Add(praxis.ParticipationWindow)
		if lvl, _ := level("carol"); lvl != praxis.LevelPeripheral {
			t.Errorf("carol's level 90 days later = %q; want peripheral", lvl)
		}
	})
}

// TestReminders checks that each person going is reminded once, however
// often and however many instances run the job, and only while they may
// see the event.
func TestReminders(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		in := eventIn(praxis.EventMeetup, "Members' meetup", "2026-03-02T20:00", "2026-03-02T21:00", "") // 10 hours ahead
		in.Visibility = new(praxis.EventMembers)
		e := createEvent(t, db, s.alice, s.garden.Slug, in)
		o := occurrencesOf(t, db, s.alice, e)[0]
		later := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventMeetup, "Next week", "2026-03-09T20:00", "2026-03-09T21:00", ""))
		respond(t, db, s.bob, o.ID, praxis.RSVPGoing)
		respond(t, db, s.carol, o.ID, praxis.RSVPGoing)
		respond(t, db, s.dave, o.ID, praxis.RSVPMaybe)
		respond(t, db, s.bob, occurrencesOf(t, db, s.alice, later)[0].ID, praxis.RSVPGoing)
		// Carol leaves: she may not see a members-only event any more.
		if err := db.Leave(ctx, s.carol, s.garden.Slug); err != nil {
			t.Fatal(err)
		}

		// Three instances run the job at once.
		var mu sync.Mutex
		total := 0
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				n, err := db.SendReminders(ctx, praxis.DefaultReminderLead)
				if err != nil {
					t.Errorf("SendReminders: %v", err)
				}
				mu.Lock()
				total += n
				mu.Unlock()
			})
		}
		wg.Wait()
		if total != 1 {
			t.Errorf("reminders sent = %d; want 1 (bob)", total)
		}
		if n, err := db.SendReminders(ctx, praxis.DefaultReminderLead); err != nil || n != 0 {
			t.Errorf("SendReminders again = %d, %v; want 0", n, err)
		}
		if got := eventNotifications(t, db, s.bob); !slices.Equal(got, []string{"event-reminder Members' meetup"}) {
			t.Errorf("bob's event notifications = %q; want one reminder", got)
		}
		for _, u := range []*praxis.User{s.carol, s.dave} {
			if got := eventNotifications(t, db, u); len(got) != 0 {
				t.Errorf("%s was told %q; want nothing", u.Handle, got)
			}
		}
		// Moved a day later, it is reminded of again.
		if _, err := db.UpdateOccurrence(ctx, s.alice, o.ID, new("2026-03-03T20:00"), new("2026-03-03T21:00"), nil); err != nil {
			t.Fatal(err)
		}
		if n, err := db.SendReminders(ctx, 48*time.Hour); err != nil || n != 1 {
			t.Errorf("SendReminders after the move = %d, %v; want 1", n, err)
		}
		// A week later, the next one.
		clock.Add(7 * 24 * time.Hour)
		if n, err := db.SendReminders(ctx, 0); err != nil || n != 1 {
			t.Errorf("SendReminders a week later = %d, %v; want 1", n, err)
		}
	})
}
