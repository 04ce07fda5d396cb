package sqlstore_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// TestHarvest checks the harvest of an occurrence, the draft article of
// its lessons and the coordinators' to-do list.
func TestHarvest(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		in := eventIn(praxis.EventWorkshop, "Pruning workshop", "2026-03-04T10:00", "2026-03-04T12:00", "FREQ=WEEKLY;COUNT=3")
		in.Hosts = []string{"bob"}
		e := createEvent(t, db, s.alice, s.garden.Slug, in)
		first := occurrenceAt(t, db, s.admin, e, "2026-03-04T10:00")
		second := occurrenceAt(t, db, s.admin, e, "2026-03-11T10:00")
		third := occurrenceAt(t, db, s.admin, e, "2026-03-18T10:00")
		h := praxis.Harvest{Notes: "Cut above the bud.", Links: []string{"https://slides.example.org/pruning", " http://video.example.org/1 "}}
		wantCode(t, "SaveHarvest before the event", db.SaveHarvest(ctx, s.bob, first.ID, h), praxis.EINVALID)

		clock.T = time.Date(2026, 3, 30, 9, 0, 0, 0, time.UTC)
		if err := db.CancelOccurrence(ctx, s.alice, third.ID); err != nil {
			t.Fatal(err)
		}
		todo := func() []int64 {
			occs, err := db.HarvestToDo(ctx, s.alice, s.garden.Slug)
			if err != nil {
				t.Fatalf("HarvestToDo: %v", err)
			}
			out := []int64{}
			for _, o := range occs {
				out = append(out, o.ID)
			}
			return out
		}
		// The third was cancelled; the other two ended more than a week ago.
		if got := todo(); !slices.Equal(got, []int64{first.ID, second.ID}) {
			t.Errorf("to do = %v; want %v", got, []int64{first.ID, second.ID})
		}
		_, err := db.HarvestToDo(ctx, s.bob, s.garden.Slug)
		wantCode(t, "HarvestToDo by a member", err, praxis.EFORBIDDEN)

		for _, bad := range []struct {
			name  string
			h     praxis.Harvest
			field string
		}{
			{"ftp link", praxis.Harvest{Links: []string{"ftp://files.example.org/x"}}, "links"},
			{"too many links", praxis.Harvest{Links: slices.Repeat([]string{"https://example.org/x"}, praxis.MaxHarvestLinks+1)}, "links"},
			{"long notes", praxis.Harvest{Notes: strings.Repeat("a", 10001)}, "notes"},
		} {
			err := db.SaveHarvest(ctx, s.bob, first.ID, bad.h)
			wantCode(t, "SaveHarvest("+bad.name+")", err, praxis.EINVALID)
			wantFields(t, "SaveHarvest("+bad.name+")", err, bad.field)
		}
		wantCode(t, "SaveHarvest by a member", db.SaveHarvest(ctx, s.dave, first.ID, h), praxis.EFORBIDDEN)
		if err := db.SaveHarvest(ctx, s.bob, first.ID, h); err != nil {
			t.Fatalf("SaveHarvest: %v", err)
		}
		p := eventPage(t, db, s.dave, first.ID)
		if p.Harvest == nil || p.Harvest.Notes != h.Notes || !slices.Equal(p.Harvest.Links, []string{"https://slides.example.org/pruning", "http://video.example.org/1"}) ||
			!p.Occurrence.Harvested {
			t.Errorf("harvest on the page = %+v (harvested %v)", p.Harvest, p.Occurrence.Harvested)
		}
		if got := todo(); !slices.Equal(got, []int64{second.ID}) {
			t.Errorf("to do after the harvest = %v; want %v", got, []int64{second.ID})
		}

		// The lessons: a draft by bob, linked to the occurrence.
		_, err = db.HarvestArticle(ctx, s.dave, first.ID)
		wantCode(t, "HarvestArticle by a member", err, praxis.EFORBIDDEN)
		a, err := db.HarvestArticle(ctx, s.bob, first.ID)
		if err != nil {
			t.Fatalf("HarvestArticle: %v", err)
		}
		if a.Title != "Lessons from Pruning workshop (2026-03-04)" || a.Kind != praxis.ArticleLesson || a.Status != praxis.ArticleDraft ||
			!slices.Equal(personHandles(a.Authors), []string{"bob"}) || !strings.Contains(a.Source, "Cut above the bud.") ||
			!strings.Contains(a.Source, "https://slides.example.org/pruning") {
			t.Errorf("article: %q, %s, %s, authors %v, source %q", a.Title, a.Kind, a.Status, personHandles(a.Authors), a.Source)
		}
		if got := eventPage(t, db, s.bob, first.ID).Occurrence.ArticleID; got != a.ID {
			t.Errorf("occurrence's article = %d; want %d", got, a.ID)
		}
		again, err := db.HarvestArticle(ctx, s.bob, first.ID)
		if err != nil || again.ID != a.ID {
			t.Errorf("HarvestArticle again = %v, %v; want the same article", again, err)
		}
		// The draft is bob's: dave may not read it.
		if _, err := db.ArticlePage(ctx, s.dave, a.ID); praxis.ErrorCode(err) != praxis.ENOTFOUND {
			t.Errorf("ArticlePage of the draft by dave: %v; want not found", err)
		}
		// An article alone harvests the second one too, from headings.
		b, err := db.HarvestArticle(ctx, s.alice, second.ID)
		if err != nil {
			t.Fatalf("HarvestArticle(second): %v", err)
		}
		if !strings.Contains(b.Source, "## What we learned") {
			t.Errorf("article without notes: %q; want headings to fill in", b.Source)
		}
		if got := todo(); len(got) != 0 {
			t.Errorf("to do after both = %v; want nothing", got)
		}
		wantActivity(t, db, s.alice, s.garden.Slug, "bob harvested occurrence", "bob article-drafted article")
	})
}

// TestVisits checks visit requests and their answers.
func TestVisits(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		ask := praxis.VisitRequest{What: "Your compost setup", Why: "We start one", ProposedDates: "Any Friday in March"}
		r, err := db.RequestVisit(ctx, s.frank, s.garden.Slug, ask)
		if err != nil {
			t.Fatalf("RequestVisit: %v", err)
		}
		if r.Status != praxis.VisitRequested || r.From.Handle != "frank" || r.CommunitySlug != s.garden.Slug || r.What != ask.What {
			t.Errorf("request = %+v", r)
		}
		_, err = db.RequestVisit(ctx, nil, s.garden.Slug, ask)
		wantCode(t, "RequestVisit anonymously", err, praxis.EUNAUTHORIZED)
		_, err = db.RequestVisit(ctx, s.frank, s.vault.Slug, ask)
		wantCode(t, "RequestVisit of a private community", err, praxis.ENOTFOUND)
		_, err = db.RequestVisit(ctx, s.frank, s.garden.Slug, praxis.VisitRequest{What: " "})
		wantFields(t, "RequestVisit without what", err, "what")
		_, err = db.RequestVisit(ctx, s.frank, s.garden.Slug, praxis.VisitRequest{What: "x", Why: strings.Repeat("y", 2001)})
		wantFields(t, "RequestVisit with a long why", err, "why")
		second, err := db.RequestVisit(ctx, s.dave, s.garden.Slug, praxis.VisitRequest{What: "Clinic on pests"})
		if err != nil {
			t.Fatal(err)
		}

		list := func(u *praxis.User, slug string) []int64 {
			rs, err := db.VisitRequests(ctx, u, slug)
			if err != nil {
				t.Fatalf("VisitRequests(%s) by %s: %v", slug, who(u), err)
			}
			out := []int64{}
			for _, r := range rs {
				out = append(out, r.ID)
			}
			return out
		}
		if got := list(s.alice, s.garden.Slug); !slices.Equal(got, []int64{second.ID, r.ID}) {
			t.Errorf("requests to the garden = %v", got)
		}
		if got := list(s.frank, ""); !slices.Equal(got, []int64{r.ID}) {
			t.Errorf("frank's requests = %v", got)
		}
		_, err = db.VisitRequests(ctx, s.bob, s.garden.Slug)
		wantCode(t, "VisitRequests by a member", err, praxis.EFORBIDDEN)

		wantCode(t, "AnswerVisit by a member", db.AnswerVisit(ctx, s.bob, r.ID, false, "", 0), praxis.EFORBIDDEN)
		wantCode(t, "AnswerVisit of a missing request", db.AnswerVisit(ctx, s.alice, r.ID+100, false, "", 0), praxis.ENOTFOUND)
		meetup := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventMeetup, "Meetup", "2026-03-13T15:00", "2026-03-13T16:00", ""))
		err = db.AnswerVisit(ctx, s.alice, r.ID, true, "", meetup.ID)
		wantFields(t, "AnswerVisit with a meetup", err, "event_id")
		members := eventIn(praxis.EventVisit, "Members-only visit", "2026-03-13T15:00", "2026-03-13T16:00", "")
		members.Visibility = new(praxis.EventMembers)
		err = db.AnswerVisit(ctx, s.alice, r.ID, true, "", createEvent(t, db, s.alice, s.garden.Slug, members).ID)
		wantFields(t, "AnswerVisit with an event frank may not see", err, "event_id")

		in := eventIn(praxis.EventVisit, "Compost visit", "2026-03-13T15:00", "2026-03-13T16:00", "")
		in.Visibility = new(praxis.EventInvitation)
		visit := createEvent(t, db, s.alice, s.garden.Slug, in)
		if err := db.AnswerVisit(ctx, s.alice, r.ID, true, "Come on Friday the 13th", visit.ID); err != nil {
			t.Fatalf("AnswerVisit(accept): %v", err)
		}
		if got := eventNotifications(t, db, s.frank); !slices.Equal(got, []string{"event-invited Compost visit"}) {
			t.Errorf("frank was told %q; want his invitation", got)
		}
		o := occurrencesOf(t, db, s.frank, visit)
		if len(o) != 1 || !eventPage(t, db, s.frank, o[0].ID).CanRSVP {
			t.Errorf("frank sees %d occurrences of the visit he may answer; want 1", len(o))
		}
		rs, err := db.VisitRequests(ctx, s.frank, "")
		if err != nil || rs[0].Status != praxis.VisitAccepted || rs[0].EventID != visit.ID || rs[0].Answer != "Come on Friday the 13th" {
			t.Errorf("frank's request after acceptance = %+v, %v", rs, err)
		}
		wantCode(t, "AnswerVisit twice", db.AnswerVisit(ctx, s.alice, r.ID, false, "", 0), praxis.EINVALID)
		if err := db.AnswerVisit(ctx, s.alice, second.ID, false, "No clinics this spring", 0); err != nil {
			t.Fatalf("AnswerVisit(decline): %v", err)
		}
		rs, _ = db.VisitRequests(ctx, s.dave, "")
		if len(rs) != 1 || rs[0].Status != praxis.VisitDeclined || rs[0].Answer != "No clinics this spring" {
			t.Errorf("dave's request after the decline = %+v", rs)
		}
		wantActivity(t, db, s.alice, s.garden.Slug, "frank visit-requested visit_request")
	})
}

// TestRhythm checks the cadence and the rhythm over the last months, with
// a missed beat, counted as each viewer may see events.
func TestRhythm(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		wantCode(t, "SetCadence by a member", db.SetCadence(ctx, s.bob, s.garden.Slug, praxis.Cadence{EveryDays: 14}), praxis.EFORBIDDEN)
		for _, bad := range []praxis.Cadence{{EveryDays: 91}, {EveryDays: -1}, {EveryDays: 7, Kind: "party"}} {
			wantCode(t, fmt.Sprintf("SetCadence(%+v)", bad), db.SetCadence(ctx, s.alice, s.garden.Slug, bad), praxis.EINVALID)
		}
		if err := db.SetCadence(ctx, s.alice, s.garden.Slug, praxis.Cadence{EveryDays: 14, Kind: praxis.EventMeetup}); err != nil {
			t.Fatalf("SetCadence: %v", err)
		}
		v, err := db.Community(ctx, nil, s.garden.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if c := v.Community.Cadence(); c.EveryDays != 14 || c.Kind != praxis.EventMeetup || c.Label != "a meetup every 2 weeks" {
			t.Errorf("cadence = %+v", c)
		}
		for _, tt := range []struct {
			days int
			kind string
			want string
		}{{7, praxis.EventClinic, "a clinic every week"}, {1, "", "an event every day"}, {10, praxis.EventTalk, "a talk every 10 days"}, {0, "", ""}} {
			if got := praxis.CadenceLabel(tt.days, tt.kind); got != tt.want {
				t.Errorf("CadenceLabel(%d, %q) = %q; want %q", tt.days, tt.kind, got, tt.want)
			}
		}

		// Today is 2026-03-02: the periods of two weeks end on 03-03 00:00
		// UTC, so they start on 12-23, 01-06, 01-20, 02-03 and 02-17.
		meetup := func(title, day string, vis string) *praxis.Event {
			in := eventIn(praxis.EventMeetup, title, day+"T18:00", day+"T19:00", "")
			in.Visibility = new(vis)
			return createEvent(t, db, s.alice, s.garden.Slug, in)
		}
		meetup("January", "2026-01-10", praxis.EventPublic)
		meetup("Late January", "2026-01-25", praxis.EventPublic)
		meetup("Sunday", "2026-03-01", praxis.EventPublic)
		cancelled := meetup("Cancelled", "2026-02-10", praxis.EventPublic)
		if err := db.CancelEvent(ctx, s.alice, cancelled.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.CancelOccurrence(ctx, s.alice, occurrencesOf(t, db, s.alice, cancelled)[0].ID); err != nil {
			t.Fatal(err)
		}
		meetup("Core team", "2026-02-12", praxis.EventInvitation)
		createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventTalk, "A talk", "2026-02-11T18:00", "2026-02-11T19:00", ""))
		next := meetup("Next", "2026-03-12", praxis.EventPublic)

		rhythm := func(u *praxis.User) ([]int, bool, *praxis.Rhythm) {
			r, err := db.Rhythm(ctx, u, s.garden.Slug, 2)
			if err != nil {
				t.Fatalf("Rhythm as %s: %v", who(u), err)
			}
			var held []int
			for _, p := range r.Periods {
				held = append(held, p.Held)
			}
			return held, r.MissedBeat, r
		}
		held, missed, r := rhythm(s.dave)
		if !slices.Equal(held, []int{0, 1, 1, 0, 1}) || !missed {
			t.Errorf("rhythm for dave = %v, missed %v; want [0 1 1 0 1], missed", held, missed)
		}
		if got := r.Periods[0].Start.Format("2006-01-02"); got != "2025-12-23" {
			t.Errorf("first period starts on %s; want 2025-12-23", got)
		}
		if r.Next == nil || r.Next.EventID != next.ID || r.Cadence.Label != "a meetup every 2 weeks" {
			t.Errorf("next = %+v, cadence %+v; want the meetup of 03-12", r.Next, r.Cadence)
		}
		// The coordinator sees the invitation-only meeting of February.
		if held, missed, _ := rhythm(s.alice); !slices.Equal(held, []int{0, 1, 1, 1, 1}) || missed {
			t.Errorf("rhythm for alice = %v, missed %v; want [0 1 1 1 1], not missed", held, missed)
		}
		if err := db.SetCadence(ctx, s.alice, s.garden.Slug, praxis.Cadence{}); err != nil {
			t.Fatal(err)
		}
		if _, missed, r := rhythm(nil); len(r.Periods) != 0 || missed || r.Next == nil {
			t.Errorf("rhythm without cadence: %d periods, missed %v, next %v; want none, false, the next meetup", len(r.Periods), missed, r.Next)
		}
		_, err = db.Rhythm(ctx, s.frank, s.vault.Slug, 6)
		wantCode(t, "Rhythm of a private community", err, praxis.ENOTFOUND)
	})
}

// TestCalendarToken checks the feed token: shown once, rotated, refused
// once revoked or when its owner is suspended.
func TestCalendarToken(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		first, err := db.CalendarToken(ctx, s.bob, false)
		if err != nil || !strings.HasPrefix(first, "cal_") {
			t.Fatalf("CalendarToken = %q, %v", first, err)
		}
		if again, err := db.CalendarToken(ctx, s.bob, false); err != nil || again != "" {
			t.Errorf("CalendarToken again = %q, %v; want \"\": it is shown once", again, err)
		}
		owner := func(token string) (*praxis.User, error) { return db.UserByCalendarToken(ctx, token) }
		if u, err := owner(first); err != nil || u.Handle != "bob" || u.PasswordHash != "" {
			t.Errorf("UserByCalendarToken = %v, %v; want bob", u, err)
		}
		second, err := db.CalendarToken(ctx, s.bob, true)
		if err != nil || second == "" || second == first {
			t.Fatalf("CalendarToken(rotate) = %q, %v", second, err)
		}
		_, err = owner(first)
		wantCode(t, "UserByCalendarToken(revoked)", err, praxis.EUNAUTHORIZED)
		if u, err := owner(second); err != nil || u.Handle != "bob" {
			t.Errorf("UserByCalendarToken(new) = %v, %v", u, err)
		}
		for _, bad := range []string{"", "cal_nothing", "prx_x"} {
			_, err = owner(bad)
			wantCode(t, fmt.Sprintf("UserByCalendarToken(%q)", bad), err, praxis.EUNAUTHORIZED)
		}
		suspend(t, db, s.admin, s.bob)
		_, err = owner(second)
		wantCode(t, "UserByCalendarToken of a suspended user", err, praxis.EUNAUTHORIZED)
		_, err = db.CalendarToken(ctx, nil, false)
		wantCode(t, "CalendarToken anonymously", err, praxis.EUNAUTHORIZED)
	})
}

// TestCalendarEntries checks what a feed needs of a series: its rule and
// time zone, its exceptions and its moved occurrences with their original
// starts.
func TestCalendarEntries(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		e := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventMeetup, "Thursdays", "2026-03-05T18:00", "2026-03-05T19:30", "FREQ=WEEKLY;UNTIL=20260430T235959Z"))
		cancelled := occurrenceAt(t, db, s.admin, e, "2026-03-26T18:00")
		moved := occurrenceAt(t, db, s.admin, e, "2026-04-02T18:00")
		if err := db.CancelOccurrence(ctx, s.alice, cancelled.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateOccurrence(ctx, s.alice, moved.ID, new("2026-04-03T19:00"), new("2026-04-03T20:30"), nil); err != nil {
			t.Fatal(err)
		}
		single := createEvent(t, db, s.alice, s.garden.Slug, eventIn(praxis.EventTalk, "One talk", "2026-03-20T12:00", "2026-03-20T13:00", ""))
		entries, err := db.CalendarEvents(ctx, nil, s.garden.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 {
			t.Fatalf("%d entries; want 2", len(entries))
		}
		en := entries[0]
		if en.Event.ID != e.ID || en.Event.RRule != "FREQ=WEEKLY;UNTIL=20260430T235959Z" || en.Event.TimeZone != paris ||
			en.Event.Start.Format("2006-01-02T15:04") != "2026-03-05T18:00" {
			t.Errorf("series: %+v", en.Event)
		}
		if len(en.Event.ExDates) != 1 || !en.Event.ExDates[0].Equal(cancelled.StartsAt) {
			t.Errorf("exdates = %v; want %s", en.Event.ExDates, cancelled.StartsAt)
		}
		if len(en.Overrides) != 1 || !en.Overrides[0].OriginalStart.Equal(moved.StartsAt) ||
			en.Overrides[0].StartsAt.Format("2006-01-02T15:04") != "2026-04-03T19:00" || en.Overrides[0].StartsAt.Location().String() != paris {
			t.Errorf("overrides = %+v; want the 04-02 moved to 04-03 19:00", en.Overrides)
		}
		if want := "/c/garden/events/" + fmt.Sprint(occurrenceAt(t, db, s.admin, e, "2026-03-05T18:00").ID); en.URL != want {
			t.Errorf("URL = %q; want %q, the next occurrence", en.URL, want)
		}
		if entries[1].Event.ID != single.ID || len(entries[1].Overrides) != 0 || entries[1].Event.Hosts[0].Handle != "alice" {
			t.Errorf("single event entry: %+v", entries[1])
		}
		_, err = db.CalendarEvents(ctx, nil, s.vault.Slug)
		wantCode(t, "CalendarEvents of a private community", err, praxis.ENOTFOUND)
	})
}

// TestOccurrencesQueryCount checks that a list of occurrences costs a
// fixed number of statements, whatever the number of events, hosts and
// answers.
func TestOccurrencesQueryCount(t *testing.T) {
	const maxStatements = 10
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx := t.Context()
			db := openCounting(t, dialect)
			s := newConversationCast(t, db)
			day := time.Now().Add(48 * time.Hour).In(location(t, paris)).Format("2006-01-02")
			seed := func(slug string, n int) {
				for i := range n {
					in := eventIn(praxis.EventMeetup, fmt.Sprintf("Meetup %d", i), day+"T18:00", day+"T19:00", "FREQ=DAILY;COUNT=3")
					in.Hosts = []string{"alice", "bob"}
					in.Speakers = []string{"Guest"}
					e := createEvent(t, db, s.alice, slug, in)
					for _, o := range occurrencesOf(t, db, s.alice, e) {
						respond(t, db, s.carol, o.ID, praxis.RSVPGoing)
					}
				}
			}
			seed(s.garden.Slug, 2)
			small := createCommunity(t, db, s.alice, "Orchard", praxis.VisibilityPublic, praxis.JoinOpen)
			join(t, db, nil, s.carol, small.Slug)
			join(t, db, nil, s.bob, small.Slug)
			seed(small.Slug, 20)
			for _, v := range []*praxis.User{s.carol, nil} {
				count := func(slug string, want int) []string {
					statements.take()
					occs, err := db.Occurrences(ctx, v, slug, praxis.OccurrenceFilter{})
					sqls := statements.take()
					if err != nil {
						t.Fatalf("Occurrences(%s): %v", slug, err)
					}
					if len(occs) != want || occs[0].Going != 1 || len(occs[0].Event.Hosts) != 2 {
						t.Fatalf("Occurrences(%s): %d (going %d, hosts %d); want %d", slug, len(occs), occs[0].Going, len(occs[0].Event.Hosts), want)
					}
					return sqls
				}
				few, many := count(s.garden.Slug, 6), count(small.Slug, 60)
				if len(many) > maxStatements || len(many) != len(few) {
					t.Errorf("Occurrences as %s: %d statements for 60 occurrences, %d for 6; want the same, at most %d:\n%s",
						who(v), len(many), len(few), maxStatements, strings.Join(many, "\n"))
				}
			}
		})
	}
}
