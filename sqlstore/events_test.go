package sqlstore_test

import (
	"slices"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// The events tests use the conversation cast: @alice coordinates the
// public "garden" (with @bob, @carol and @dave) and the private "vault"
// (with @bob); @frank belongs to neither. The clock starts on Monday
// 2026-03-02 at 09:00 UTC.

const paris = "Europe/Paris"

// eventIn is the input of a new event; rrule may be empty.
func eventIn(kind, title, start, end, rrule string) praxis.EventInput {
	return praxis.EventInput{Kind: new(kind), Title: new(title), TimeZone: new(paris), Start: new(start), End: new(end), RRule: new(rrule)}
}

// createEvent creates an event, failing the test on an error.
func createEvent(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug string, in praxis.EventInput) *praxis.Event {
	t.Helper()
	e, err := db.CreateEvent(t.Context(), actor, slug, in)
	if err != nil {
		t.Fatalf("CreateEvent(%s, %q) by %s: %v", slug, *in.Title, who(actor), err)
	}
	return e
}

// allTime is a window wide enough for every occurrence of the tests.
var allTime = praxis.OccurrenceFilter{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), Limit: 500}

// occurrencesOf lists an event's occurrences as actor sees them.
func occurrencesOf(t *testing.T, db *sqlstore.DB, actor *praxis.User, e *praxis.Event) []*praxis.Occurrence {
	t.Helper()
	all, err := db.Occurrences(t.Context(), actor, e.CommunitySlug, allTime)
	if err != nil {
		t.Fatalf("Occurrences(%s) as %s: %v", e.CommunitySlug, who(actor), err)
	}
	out := []*praxis.Occurrence{}
	for _, o := range all {
		if o.EventID == e.ID {
			out = append(out, o)
		}
	}
	return out
}

// occurrenceAt returns the event's occurrence that starts at the local
// time (in Paris), as the administrator sees it.
func occurrenceAt(t *testing.T, db *sqlstore.DB, admin *praxis.User, e *praxis.Event, local string) *praxis.Occurrence {
	t.Helper()
	for _, o := range occurrencesOf(t, db, admin, e) {
		if o.StartsAt.In(location(t, paris)).Format("2006-01-02T15:04") == local {
			return o
		}
	}
	t.Fatalf("event %q has no occurrence at %s", e.Title, local)
	return nil
}

// localStarts returns the starts of occurrences in Paris time.
func localStarts(t *testing.T, occs []*praxis.Occurrence) []string {
	t.Helper()
	out := []string{}
	for _, o := range occs {
		out = append(out, o.StartsAt.In(location(t, paris)).Format("2006-01-02T15:04"))
	}
	return out
}

func location(t *testing.T, tz string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// eventPage returns an occurrence's page as actor sees it.
func eventPage(t *testing.T, db *sqlstore.DB, actor *praxis.User, id int64) *praxis.EventPage {
	t.Helper()
	p, err := db.EventPage(t.Context(), actor, id)
	if err != nil {
		t.Fatalf("EventPage(%d) as %s: %v", id, who(actor), err)
	}
	return p
}

// respond answers an occurrence and returns the status stored.
func respond(t *testing.T, db *sqlstore.DB, actor *praxis.User, id int64, status string) string {
	t.Helper()
	r, err := db.Respond(t.Context(), actor, id, status, "")
	if err != nil {
		t.Fatalf("Respond(%d, %s) by %s: %v", id, status, who(actor), err)
	}
	return r.Status
}

// eventNotifications describes u's notifications about events as
// "kind title", newest first.
func eventNotifications(t *testing.T, db *sqlstore.DB, u *praxis.User) []string {
	t.Helper()
	out := []string{}
	for _, n := range notifications(t, db, u) {
		if n.OccurrenceID != 0 {
			out = append(out, n.Kind+" "+n.EventTitle)
		}
	}
	return out
}

// TestSeriesAcrossDaylightSaving checks that a weekly meetup at 18:00 in
// Paris stays at 18:00 local time when summer time begins (2026-03-29) and
// ends (2026-10-25), its UTC instant moving by an hour each time.
func TestSeriesAcrossDaylightSaving(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		e := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventMeetup, "Thursday meetup", "2026-03-19T18:00", "2026-03-19T19:30", "FREQ=WEEKLY"))
		if e.RRule != "FREQ=WEEKLY" || e.TimeZone != paris || e.Duration != 90 {
			t.Errorf("event: rrule %q, time zone %q, duration %d; want FREQ=WEEKLY, %s, 90", e.RRule, e.TimeZone, e.Duration, paris)
		}
		occs := occurrencesOf(t, db, s.alice, e)
		utc := map[string]string{}
		for _, o := range occs {
			local := o.StartsAt.In(location(t, paris))
			if local.Hour() != 18 || local.Minute() != 0 || local.Weekday() != time.Thursday {
				t.Errorf("occurrence at %s (%s); want Thursdays at 18:00 in Paris", local, o.StartsAt.UTC())
			}
			if got := o.EndsAt.Sub(o.StartsAt); got != 90*time.Minute {
				t.Errorf("occurrence at %s lasts %s; want 1h30m", local, got)
			}
			utc[local.Format("2006-01-02")] = o.StartsAt.UTC().Format("15:04")
		}
		for day, want := range map[string]string{
			"2026-03-19": "17:00", "2026-03-26": "17:00", // winter time, UTC+1
			"2026-04-02": "16:00", "2026-10-22": "16:00", // summer time, UTC+2
			"2026-10-29": "17:00", // winter time again
		} {
			if utc[day] != want {
				t.Errorf("occurrence of %s starts at %q UTC; want %s", day, utc[day], want)
			}
		}
	})
}

// TestSeriesMaterialization checks monthly rules, the synchronization of
// the start with the rule, and the bounds of open series: the horizon, the
// count, and SendReminders writing more as the horizon moves.
func TestSeriesMaterialization(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)

		// Monthly on the second Tuesday, entered from a Monday: the series
		// starts on the first second Tuesday.
		m := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventTalk, "Second Tuesday talk", "2026-03-02T18:30", "2026-03-02T20:00",
			"freq=monthly;byday=+2tu"))
		if m.RRule != "FREQ=MONTHLY;BYDAY=2TU" {
			t.Errorf("rrule = %q; want FREQ=MONTHLY;BYDAY=2TU", m.RRule)
		}
		if got := m.Start.Format("2006-01-02T15:04"); got != "2026-03-10T18:30" {
			t.Errorf("start = %s; want 2026-03-10T18:30, the first second Tuesday", got)
		}
		starts := localStarts(t, occurrencesOf(t, db, s.alice, m))
		if len(starts) < 13 || !slices.Equal(starts[:4], []string{"2026-03-10T18:30", "2026-04-14T18:30", "2026-05-12T18:30", "2026-06-09T18:30"}) {
			t.Errorf("monthly starts = %q; want the second Tuesdays from 2026-03-10 for 13 months or more", starts)
		}
		for _, o := range occurrencesOf(t, db, s.alice, m) {
			if d := o.StartsAt.Day(); o.StartsAt.Weekday() != time.Tuesday || d < 8 || d > 14 {
				t.Errorf("occurrence on %s; want a second Tuesday", o.StartsAt)
			}
		}

		// COUNT bounds a series.
		c := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventWorkshop, "Three workshops", "2026-03-04T10:00", "2026-03-04T12:00", "FREQ=WEEKLY;COUNT=3"))
		if got := localStarts(t, occurrencesOf(t, db, s.alice, c)); !slices.Equal(got, []string{"2026-03-04T10:00", "2026-03-11T10:00", "2026-03-18T10:00"}) {
			t.Errorf("COUNT=3 starts = %q", got)
		}

		// An open daily series is written MaxOccurrences at a time, an open
		// weekly one up to the horizon.
		d := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventClinic, "Daily clinic", "2026-03-03T12:00", "2026-03-03T12:30", "FREQ=DAILY"))
		if got := len(occurrencesOf(t, db, s.alice, d)); got != praxis.MaxOccurrences {
			t.Errorf("daily series: %d occurrences; want %d", got, praxis.MaxOccurrences)
		}
		w := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventMeetup, "Weekly", "2026-03-05T18:00", "2026-03-05T19:00", "FREQ=WEEKLY"))
		weekly := occurrencesOf(t, db, s.alice, w)
		horizon := clock.T.Add(praxis.OccurrenceHorizon)
		last := weekly[len(weekly)-1].StartsAt
		if last.After(horizon) || last.Add(7*24*time.Hour).Before(horizon) {
			t.Errorf("weekly series ends on %s; want the last week before the horizon %s", last, horizon)
		}

		// Two months later the periodic job writes what the horizon reached.
		clock.Add(60 * 24 * time.Hour)
		if _, err := db.SendReminders(ctx, time.Hour); err != nil {
			t.Fatalf("SendReminders: %v", err)
		}
		weekly = occurrencesOf(t, db, s.alice, w)
		horizon = clock.T.Add(praxis.OccurrenceHorizon)
		if last := weekly[len(weekly)-1].StartsAt; last.Add(7 * 24 * time.Hour).Before(horizon) {
			t.Errorf("after two months the weekly series ends on %s; want it extended to the horizon %s", last, horizon)
		}
		if got := len(occurrencesOf(t, db, s.alice, c)); got != 3 {
			t.Errorf("COUNT=3 series after the job: %d occurrences; want 3", got)
		}
		ahead := 0
		for _, o := range occurrencesOf(t, db, s.alice, d) {
			if o.StartsAt.After(clock.T) {
				ahead++
			}
		}
		if ahead != praxis.MaxOccurrences {
			t.Errorf("daily series after the job: %d occurrences ahead; want %d", ahead, praxis.MaxOccurrences)
		}
	})
}

// TestEventBadInput checks that each kind of bad input is refused with a
// message beside its field.
func TestEventBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		valid := func() praxis.EventInput {
			return eventIn(praxis.EventMeetup, "Meetup", "2026-03-10T18:00", "2026-03-10T20:00", "")
		}
		tests := []struct {
			name   string
			change func(in *praxis.EventInput)
			field  string
		}{
			{"end before start", func(in *praxis.EventInput) { in.End = new("2026-03-10T17:00") }, "end"},
			{"end at start", func(in *praxis.EventInput) { in.End = new("2026-03-10T18:00") }, "end"},
			{"longer than a week", func(in *praxis.EventInput) { in.End = new("2026-03-18T18:00") }, "end"},
			{"invalid rule", func(in *praxis.EventInput) { in.RRule = new("FREQ=SOMETIMES") }, "rrule"},
			{"rule with garbage", func(in *praxis.EventInput) { in.RRule = new("FREQ=WEEKLY;BYDAY=XX") }, "rrule"},
			{"hourly rule", func(in *praxis.EventInput) { in.RRule = new("FREQ=HOURLY") }, "rrule"},
			{"rule with a time", func(in *praxis.EventInput) { in.RRule = new("FREQ=DAILY;BYHOUR=9") }, "rrule"},
			{"rule ending before the start", func(in *praxis.EventInput) { in.RRule = new("FREQ=WEEKLY;UNTIL=20200101T000000Z") }, "rrule"},
			{"rule with no date", func(in *praxis.EventInput) { in.RRule = new("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30") }, "rrule"},
			{"unknown time zone", func(in *praxis.EventInput) { in.TimeZone = new("Mars/Olympus_Mons") }, "time_zone"},
			{"no time zone", func(in *praxis.EventInput) { in.TimeZone = nil }, "time_zone"},
			{"bad start", func(in *praxis.EventInput) { in.Start = new("next Tuesday") }, "start"},
			{"no kind", func(in *praxis.EventInput) { in.Kind = nil }, "kind"},
			{"unknown kind", func(in *praxis.EventInput) { in.Kind = new("party") }, "kind"},
			{"no title", func(in *praxis.EventInput) { in.Title = new("  ") }, "title"},
			{"negative capacity", func(in *praxis.EventInput) { in.Capacity = new(-1) }, "capacity"},
			{"script link", func(in *praxis.EventInput) { in.OnlineURL = new("javascript:alert(1)") }, "online_url"},
			{"unknown visibility", func(in *praxis.EventInput) { in.Visibility = new("secret") }, "visibility"},
			{"host not a member", func(in *praxis.EventInput) { in.Hosts = []string{"frank"} }, "hosts"},
			{"unknown invitee", func(in *praxis.EventInput) { in.Invitees = []string{"nobody"} }, "invitees"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := valid()
				tt.change(&in)
				_, err := db.CreateEvent(t.Context(), s.alice, s.garden.Slug, in)
				wantCode(t, "CreateEvent", err, praxis.EINVALID)
				wantFields(t, "CreateEvent", err, tt.field)
			})
		}
		if n := len(occurrencesOf(t, db, s.admin, &praxis.Event{CommunitySlug: s.garden.Slug})); n != 0 {
			t.Errorf("%d occurrences after refused inputs; want none", n)
		}
	})
}

// TestCreateEventPermissions checks who schedules what.
func TestCreateEventPermissions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		if err := db.SetRole(ctx, s.alice, s.garden.Slug, "carol", praxis.MemberCore); err != nil {
			t.Fatal(err)
		}
		meetup := eventIn(praxis.EventMeetup, "Meetup", "2026-03-10T18:00", "2026-03-10T20:00", "")
		clinic := eventIn(praxis.EventClinic, "Clinic", "2026-03-10T18:00", "2026-03-10T20:00", "")
		tests := []struct {
			name  string
			actor *praxis.User
			slug  string
			in    praxis.EventInput
			code  string
		}{
			{"coordinator, meetup", s.alice, s.garden.Slug, meetup, ""},
			{"core member, meetup", s.carol, s.garden.Slug, meetup, ""},
			{"member, meetup", s.dave, s.garden.Slug, meetup, praxis.EFORBIDDEN},
			{"member, clinic", s.dave, s.garden.Slug, clinic, ""},
			{"outsider, clinic", s.frank, s.garden.Slug, clinic, praxis.EFORBIDDEN},
			{"outsider, private community", s.frank, s.vault.Slug, clinic, praxis.ENOTFOUND},
			{"anonymous", nil, s.garden.Slug, clinic, praxis.EUNAUTHORIZED},
			{"administrator, not a member, without a host", s.admin, s.garden.Slug, meetup, praxis.EINVALID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e, err := db.CreateEvent(ctx, tt.actor, tt.slug, tt.in)
				wantCode(t, "CreateEvent", err, tt.code)
				if err == nil && (len(e.Hosts) != 1 || e.Hosts[0].Handle != tt.actor.Handle) {
					t.Errorf("hosts = %v; want the creator", personHandles(e.Hosts))
				}
			})
		}
		in := meetup
		in.Hosts = []string{"bob", "@Carol"}
		e := createEvent(t, db, s.admin, s.garden.Slug, in)
		if got := personHandles(e.Hosts); !slices.Equal(got, []string{"bob", "carol"}) {
			t.Errorf("hosts named by the administrator = %q; want bob, carol", got)
		}
		wantActivity(t, db, s.alice, s.garden.Slug, "admin event-scheduled event", "dave event-scheduled event")
	})
}

// TestUpdateEventRegeneratesFuture checks that a change of the series
// rewrites its future occurrences only: those whose original start stays
// keep their RSVPs, dropped ones with answers are cancelled and their
// people told, moved ones stay, past ones stay.
func TestUpdateEventRegeneratesFuture(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		e := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventMeetup, "Thursdays", "2026-03-05T18:00", "2026-03-05T19:30", "FREQ=WEEKLY"))
		first := occurrenceAt(t, db, s.admin, e, "2026-03-05T18:00")
		second := occurrenceAt(t, db, s.admin, e, "2026-03-12T18:00")
		third := occurrenceAt(t, db, s.admin, e, "2026-03-19T18:00")
		fourth := occurrenceAt(t, db, s.admin, e, "2026-03-26T18:00")
		for _, o := range []*praxis.Occurrence{first, second, third} {
			respond(t, db, s.bob, o.ID, praxis.RSVPGoing)
		}
		// The fourth moves to the Friday: an override.
		moved, err := db.UpdateOccurrence(ctx, s.alice, fourth.ID, new("2026-03-27T18:00"), new("2026-03-27T20:00"), new("In the big room"))
		if err != nil {
			t.Fatalf("UpdateOccurrence: %v", err)
		}
		if !moved.OriginalStart.Equal(fourth.StartsAt) || moved.StartsAt.Format("2006-01-02T15:04") != "2026-03-27T18:00" || moved.Note != "In the big room" {
			t.Errorf("moved occurrence: original %s, start %s, note %q", moved.OriginalStart, moved.StartsAt, moved.Note)
		}
		_, err = db.UpdateOccurrence(ctx, s.bob, third.ID, nil, nil, new("Bring cake"))
		wantCode(t, "UpdateOccurrence by a member who does not host", err, praxis.EFORBIDDEN)

		clock.T = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC) // the first is past
		// A longer meeting: every future occurrence keeps its RSVPs.
		if _, err := db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{End: new("2026-03-05T20:00")}); err != nil {
			t.Fatalf("UpdateEvent(end): %v", err)
		}
		if o := occurrenceAt(t, db, s.admin, e, "2026-03-12T18:00"); o.ID != second.ID || o.Going != 1 || o.EndsAt.Sub(o.StartsAt) != 2*time.Hour {
			t.Errorf("second after a longer meeting: id %d (was %d), going %d, length %s; want the same row, 1, 2h",
				o.ID, second.ID, o.Going, o.EndsAt.Sub(o.StartsAt))
		}
		if o := occurrenceAt(t, db, s.admin, e, "2026-03-05T18:00"); o.EndsAt.Sub(o.StartsAt) != 90*time.Minute || o.Going != 1 {
			t.Errorf("past occurrence: length %s, going %d; want 1h30m and 1, as it was", o.EndsAt.Sub(o.StartsAt), o.Going)
		}

		// Every two weeks: the 12th is dropped (bob answered: cancelled and
		// told), the 19th stays with its RSVP, the moved 27th stays.
		if _, err := db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{RRule: new("FREQ=WEEKLY;INTERVAL=2")}); err != nil {
			t.Fatalf("UpdateEvent(rrule): %v", err)
		}
		var got []string
		for _, o := range occurrencesOf(t, db, s.admin, e)[:6] {
			state := ""
			if o.Cancelled {
				state = " cancelled"
			}
			got = append(got, o.StartsAt.In(location(t, paris)).Format("01-02")+state)
		}
		want := []string{"03-05", "03-12 cancelled", "03-19", "03-27", "04-02", "04-16"}
		if !slices.Equal(got, want) {
			t.Errorf("occurrences after every two weeks = %q; want %q", got, want)
		}
		if o := occurrenceAt(t, db, s.admin, e, "2026-03-19T18:00"); o.ID != third.ID || o.Going != 1 {
			t.Errorf("the 19th: id %d (was %d), going %d; want the same row with bob going", o.ID, third.ID, o.Going)
		}
		if got := eventNotifications(t, db, s.bob); !slices.Equal(got, []string{"event-cancelled Thursdays"}) {
			t.Errorf("bob's event notifications = %q; want the cancellation of the 12th", got)
		}

		// Capacity below those already going is refused.
		respond(t, db, s.carol, third.ID, praxis.RSVPGoing)
		_, err = db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{Capacity: new(1)})
		wantCode(t, "UpdateEvent(capacity 1 with 2 going)", err, praxis.EINVALID)
		wantFields(t, "UpdateEvent(capacity 1 with 2 going)", err, "capacity")
		if _, err := db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{Capacity: new(2)}); err != nil {
			t.Errorf("UpdateEvent(capacity 2 with 2 going): %v", err)
		}
		_, err = db.UpdateEvent(ctx, s.dave, e.ID, praxis.EventInput{Title: new("Mine")})
		wantCode(t, "UpdateEvent by a member who does not host", err, praxis.EFORBIDDEN)
	})
}

// TestSingleEventMoves checks that moving a single event keeps its one
// occurrence and its RSVPs, and that a started event keeps its time.
func TestSingleEventMoves(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		e := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventTalk, "Soil talk", "2026-03-10T18:00", "2026-03-10T19:00", ""))
		o := occurrenceAt(t, db, s.admin, e, "2026-03-10T18:00")
		respond(t, db, s.bob, o.ID, praxis.RSVPGoing)
		e2, err := db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{Start: new("2026-03-11T18:00"), End: new("2026-03-11T19:30")})
		if err != nil {
			t.Fatalf("UpdateEvent: %v", err)
		}
		if e2.Start.Format("2006-01-02T15:04") != "2026-03-11T18:00" || e2.Duration != 90 {
			t.Errorf("event start %s, duration %d; want 2026-03-11T18:00, 90", e2.Start, e2.Duration)
		}
		occs := occurrencesOf(t, db, s.admin, e)
		if len(occs) != 1 || occs[0].ID != o.ID || occs[0].Going != 1 || localStarts(t, occs)[0] != "2026-03-11T18:00" {
			t.Errorf("occurrences after the move = %q (ids %d); want the same one on the 11th with bob going", localStarts(t, occs), o.ID)
		}
		// UpdateOccurrence moves the single event too.
		if _, err := db.UpdateOccurrence(ctx, s.alice, o.ID, new("2026-03-12T17:00"), new("2026-03-12T18:00"), nil); err != nil {
			t.Fatalf("UpdateOccurrence: %v", err)
		}
		p := eventPage(t, db, s.alice, o.ID)
		if p.Event.Start.Format("2006-01-02T15:04") != "2026-03-12T17:00" || p.Event.Duration != 60 {
			t.Errorf("event after moving its occurrence: start %s, duration %d", p.Event.Start, p.Event.Duration)
		}
		// A new start alone keeps the length.
		if e3, err := db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{Start: new("2026-03-12T18:00")}); err != nil || e3.Duration != 60 {
			t.Fatalf("UpdateEvent(start only) = %v, %v; want the same length, 60 minutes", e3, err)
		}
		if _, err := db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{Start: new("2026-03-12T17:00")}); err != nil {
			t.Fatal(err)
		}
		clock.T = time.Date(2026, 3, 12, 16, 30, 0, 0, time.UTC) // under way
		_, err = db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{Start: new("2026-03-13T17:00"), End: new("2026-03-13T18:00")})
		wantCode(t, "UpdateEvent of a started event", err, praxis.EINVALID)
		if _, err := db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{Title: new("Soil talk, with slides")}); err != nil {
			t.Errorf("UpdateEvent(title) of a started event: %v", err)
		}
	})
}

// TestCancelOccurrenceAndEvent checks that a cancelled occurrence becomes
// an exception of its series that is not written again, that those going
// are told, and that cancelling a series cancels its future only.
func TestCancelOccurrenceAndEvent(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		e := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventMeetup, "Weekly", "2026-03-05T18:00", "2026-03-05T19:00", "FREQ=WEEKLY"))
		first := occurrenceAt(t, db, s.admin, e, "2026-03-05T18:00")
		second := occurrenceAt(t, db, s.admin, e, "2026-03-12T18:00")
		respond(t, db, s.bob, second.ID, praxis.RSVPGoing)
		respond(t, db, s.carol, second.ID, praxis.RSVPMaybe)
		count := len(occurrencesOf(t, db, s.admin, e))

		wantCode(t, "CancelOccurrence by a member", db.CancelOccurrence(ctx, s.bob, second.ID), praxis.EFORBIDDEN)
		if err := db.CancelOccurrence(ctx, s.alice, second.ID); err != nil {
			t.Fatalf("CancelOccurrence: %v", err)
		}
		if err := db.CancelOccurrence(ctx, s.alice, second.ID); err != nil {
			t.Errorf("CancelOccurrence twice: %v", err)
		}
		p := eventPage(t, db, s.alice, first.ID)
		if len(p.Event.ExDates) != 1 || !p.Event.ExDates[0].Equal(second.StartsAt) || p.Event.ExDates[0].Location().String() != paris {
			t.Errorf("exdates = %v; want the 12th, in Paris time", p.Event.ExDates)
		}
		if !eventPage(t, db, s.bob, second.ID).Occurrence.Cancelled {
			t.Error("the 12th is not cancelled")
		}
		if got := eventNotifications(t, db, s.bob); !slices.Equal(got, []string{"event-cancelled Weekly"}) {
			t.Errorf("bob (going) was told %q; want the cancellation", got)
		}
		if got := eventNotifications(t, db, s.carol); len(got) != 0 {
			t.Errorf("carol (maybe) was told %q; want nothing", got)
		}
		_, err := db.Respond(ctx, s.carol, second.ID, praxis.RSVPGoing, "")
		wantCode(t, "Respond to a cancelled occurrence", err, praxis.EINVALID)

		// A change of the series does not bring the exception back.
		if _, err := db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{End: new("2026-03-05T19:30")}); err != nil {
			t.Fatal(err)
		}
		clock.Add(90 * 24 * time.Hour)
		if _, err := db.SendReminders(ctx, time.Hour); err != nil {
			t.Fatal(err)
		}
		if o := occurrenceAt(t, db, s.admin, e, "2026-03-12T18:00"); !o.Cancelled || o.ID != second.ID {
			t.Errorf("the 12th after a change: id %d, cancelled %v; want the same row, cancelled", o.ID, o.Cancelled)
		}
		if n := len(occurrencesOf(t, db, s.admin, e)); n < count {
			t.Errorf("%d occurrences after a change; want at least %d", n, count)
		}

		// Cancelling the series cancels what has not started.
		third := occurrenceAt(t, db, s.admin, e, "2026-06-18T18:00")
		respond(t, db, s.dave, third.ID, praxis.RSVPGoing)
		if err := db.CancelEvent(ctx, s.alice, e.ID); err != nil {
			t.Fatalf("CancelEvent: %v", err)
		}
		for _, o := range occurrencesOf(t, db, s.admin, e) {
			if future := o.StartsAt.After(clock.T); o.Cancelled != (future || o.ID == second.ID) {
				t.Errorf("occurrence on %s: cancelled %v; want %v", o.StartsAt, o.Cancelled, future)
			}
		}
		if got := eventNotifications(t, db, s.dave); !slices.Equal(got, []string{"event-cancelled Weekly"}) {
			t.Errorf("dave was told %q; want the cancellation", got)
		}
		_, err = db.UpdateEvent(ctx, s.alice, e.ID, praxis.EventInput{Title: new("Back")})
		wantCode(t, "UpdateEvent of a cancelled event", err, praxis.EINVALID)
	})
}
