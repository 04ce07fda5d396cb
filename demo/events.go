package demo

import (
	"context"
	"fmt"
	"sort"
	"time"
	_ "time/tzdata" // the demo's events are in named zones, whatever the host's zoneinfo

	"praxis"
	"praxis/sqlstore"
)

// calendar is what a demo community holds in its calendar: a series on its
// cadence, a few single events, perhaps a visit asked for and scheduled,
// and what the hosts harvested afterwards.
type calendar struct {
	cadence praxis.Cadence
	events  []*eventPlan // the first is the community's series
	visit   *visitPlan
	// harvests are saved by hosts after past occurrences.
	harvests []harvestPlan
	// missBeat, when set, is the note of the series' occurrences that are
	// cancelled so that the rhythm shows the last beat missed.
	missBeat string
	// waitlist fills the series' next occurrence to capacity and puts one
	// more member on its waitlist.
	waitlist bool
}

// eventPlan is a demo event: a series or a single event.
type eventPlan struct {
	title, kind, description string
	by                       string // schedules it
	hosts, speakers          []string
	zone                     string
	rule                     string // the RRULE of a series; empty for a single event
	weekday                  time.Weekday
	every                    int // weekly series: weeks between occurrences
	nth                      int // monthly series: the nth weekday of the month
	scheduled                int // days before now it is scheduled (a visit: when the request is answered)
	at                       int // single event: days before now it takes place, on weekday or just before (negative: ahead)
	hour, minute, minutes    int
	place, online            string
	visibility               string
	capacity                 int
	// attendees come to every occurrence, as its hosts do; invited events
	// are attended by them only, the others by members as they please.
	attendees []string
	invited   bool
}

// visitPlan is a member's request to visit a community, answered by a
// coordinator who schedules the visit.
type visitPlan struct {
	from, what, why, dates string
	asked                  int    // days before now
	answer                 string // the coordinator's note
	event                  *eventPlan
	rsvp                   string // the requester's note, answering going
}

// harvestPlan is what a host gathered after an occurrence of an event: the
// back-th most recent one that took place.
type harvestPlan struct {
	event   string
	back    int
	by      string
	present []string // who the notes say was there, besides the hosts
	notes   string
	links   []string
	article bool // also drafted into the knowledge base as "Lessons from …"
}

// plannedOccurrence is an occurrence as the demo plans it, before the
// store writes it: its answers and who attended.
type plannedOccurrence struct {
	ev         *eventPlan
	slug       string
	start, end time.Time // UTC
	created    time.Time // when its event was scheduled
	cancelled  bool
	going      int               // answers going that got a place
	answers    map[string]string // by handle
	attendees  []string
}

func (o *plannedOccurrence) attended(handle string) bool {
	for _, h := range o.attendees {
		if h == handle {
			return true
		}
	}
	return false
}

func (o *plannedOccurrence) full() bool { return o.ev.capacity > 0 && o.going >= o.ev.capacity }

// ended reports whether an occurrence is over, with time to spare for its
// hosts to mark attendance before now.
func (s *seeder) ended(o *plannedOccurrence) bool { return o.end.Add(2 * time.Hour).Before(s.now) }

// ahead reports whether an occurrence is far enough ahead to answer now.
func (s *seeder) ahead(o *plannedOccurrence) bool { return o.start.After(s.now.Add(time.Hour)) }

// location returns a time zone of the demo's events.
func location(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("demo: time zone %s: %v", name, err)) // embedded with time/tzdata
	}
	return loc
}

// starts lists the starts of an event from its first until until, in its
// zone, as its rule gives them: a series begins a week or more after it
// was scheduled.
func (s *seeder) starts(ep *eventPlan, scheduled, until time.Time) []time.Time {
	loc := location(ep.zone)
	at := func(d time.Time) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), ep.hour, ep.minute, 0, 0, loc)
	}
	if ep.rule == "" {
		d := s.now.In(loc).AddDate(0, 0, -ep.at)
		for d.Weekday() != ep.weekday {
			d = d.AddDate(0, 0, -1)
		}
		return []time.Time{at(d)}
	}
	from := scheduled.In(loc).AddDate(0, 0, 7)
	var out []time.Time
	if ep.nth > 0 {
		for m := 0; ; m++ {
			first := time.Date(from.Year(), from.Month()+time.Month(m), 1, ep.hour, ep.minute, 0, 0, loc)
			t := first.AddDate(0, 0, (int(ep.weekday)-int(first.Weekday())+7)%7+7*(ep.nth-1))
			if t.After(until) {
				return out
			}
			if !t.Before(from) {
				out = append(out, t)
			}
		}
	}
	d := from
	for d.Weekday() != ep.weekday {
		d = d.AddDate(0, 0, 1)
	}
	for t := at(d); !t.After(until); t = t.AddDate(0, 0, 7*ep.every) {
		out = append(out, t)
	}
	return out
}

// localTime returns a time days before now at a local time of day.
func (s *seeder) localTime(days int, zone string, hour, minute int) time.Time {
	loc := location(zone)
	y, m, d := s.now.In(loc).AddDate(0, 0, -days).Date()
	return s.past(time.Date(y, m, d, hour, minute, 0, 0, loc).UTC())
}

// planEvents plans a community's calendar: the series is scheduled months
// ago with its cadence, single events and a visit follow, hosts attend
// every occurrence they host and harvest some; an occurrence may be
// cancelled so that the last beat is missed. Members' answers and
// attendance come with their participation (planParticipation).
func (s *seeder) planEvents(c *community) {
	cal := calendars[c.slug]
	if cal == nil {
		return
	}
	slug, founder := c.slug, c.members[0].handle
	for i, ep := range cal.events {
		scheduled := s.localTime(ep.scheduled, ep.zone, 10, i)
		s.schedule(slug, ep, scheduled, nil)
		if i == 0 {
			s.add(scheduled.Add(2*time.Hour), slug, []string{founder}, func(ctx context.Context, db *sqlstore.DB) error {
				return db.SetCadence(ctx, s.user(founder), slug, cal.cadence)
			})
		}
	}
	if v := cal.visit; v != nil {
		s.planVisit(c, v)
	}
	if cal.missBeat != "" {
		s.missBeat(c, cal)
	}
	// Hosts attend what they host.
	for _, o := range s.occurrences[slug] {
		if o.cancelled || !s.ended(o) {
			continue
		}
		for _, h := range append(append([]string{}, o.ev.hosts...), o.ev.attendees...) {
			if _, ok := s.joined[key(slug, h)]; ok && !o.attended(h) {
				s.attendee(o, h)
			}
		}
	}
	for _, hv := range cal.harvests {
		s.planHarvest(slug, hv)
	}
}

// schedule plans the creation of an event and returns its occurrences;
// then, if given, runs after in the same step.
func (s *seeder) schedule(slug string, ep *eventPlan, at time.Time, after func(ctx context.Context, db *sqlstore.DB, eventID int64) error) []*plannedOccurrence {
	var occs []*plannedOccurrence
	for _, st := range s.starts(ep, at, s.now.Add(120*day)) {
		o := &plannedOccurrence{ev: ep, slug: slug, start: st.UTC(), end: st.Add(time.Duration(ep.minutes) * time.Minute).UTC(),
			created: at, answers: map[string]string{}}
		occs = append(occs, o)
	}
	s.occurrences[slug] = append(s.occurrences[slug], occs...)
	sort.SliceStable(s.occurrences[slug], func(i, j int) bool { return s.occurrences[slug][i].start.Before(s.occurrences[slug][j].start) })

	loc := location(ep.zone)
	first := occs[0].start.In(loc)
	start, end := first.Format("2006-01-02T15:04"), first.Add(time.Duration(ep.minutes)*time.Minute).Format("2006-01-02T15:04")
	in := praxis.EventInput{Kind: &ep.kind, Title: &ep.title, Description: &ep.description, TimeZone: &ep.zone, Start: &start, End: &end,
		Place: &ep.place, OnlineURL: &ep.online, Visibility: &ep.visibility, Capacity: &ep.capacity, Hosts: ep.hosts, Speakers: ep.speakers}
	if ep.rule != "" {
		in.RRule = &ep.rule
	}
	s.add(at, slug, []string{ep.by}, func(ctx context.Context, db *sqlstore.DB) error {
		e, err := db.CreateEvent(ctx, s.user(ep.by), slug, in)
		if err != nil {
			return fmt.Errorf("event %q: %w", ep.title, err)
		}
		s.eventIDs[key(slug, ep.title)] = e.ID
		written, err := db.Occurrences(ctx, s.user(ep.by), slug, praxis.OccurrenceFilter{From: occs[0].start.Add(-time.Minute),
			To: occs[len(occs)-1].end.Add(time.Minute), Limit: praxis.MaxOccurrences})
		if err != nil {
			return err
		}
		for _, o := range written {
			if o.EventID == e.ID {
				s.occIDs[occKey(slug, ep.title, o.StartsAt)] = o.ID
			}
		}
		if after != nil {
			return after(ctx, db, e.ID)
		}
		return nil
	})
	return occs
}

func occKey(slug, title string, start time.Time) string {
	return fmt.Sprintf("%s\x00%s\x00%d", slug, title, start.UnixMilli())
}

// occurrenceID returns the ID the store gave a planned occurrence.
func (s *seeder) occurrenceID(o *plannedOccurrence) (int64, error) {
	id, ok := s.occIDs[occKey(o.slug, o.ev.title, o.start)]
	if !ok {
		return 0, fmt.Errorf("%q has no occurrence at %s", o.ev.title, o.start.Format(time.RFC3339))
	}
	return id, nil
}

// onOccurrence plans a step on a planned occurrence.
func (s *seeder) onOccurrence(at time.Time, o *plannedOccurrence, by []string, what string,
	do func(ctx context.Context, db *sqlstore.DB, id int64) error) {
	s.add(at, o.slug, by, func(ctx context.Context, db *sqlstore.DB) error {
		id, err := s.occurrenceID(o)
		if err == nil {
			err = do(ctx, db, id)
		}
		if err != nil {
			return fmt.Errorf("%s, %q on %s: %w", what, o.ev.title, o.start.Format(time.DateOnly), err)
		}
		return nil
	})
}

// planVisit plans a visit request, its answer with the visit scheduled as
// an event, and the requester's answer to it.
func (s *seeder) planVisit(c *community, v *visitPlan) {
	slug, ep := c.slug, v.event
	asked := s.workday(v.asked, v.from)
	s.add(asked, slug, []string{v.from}, func(ctx context.Context, db *sqlstore.DB) error {
		r, err := db.RequestVisit(ctx, s.user(v.from), slug, praxis.VisitRequest{What: v.what, Why: v.why, ProposedDates: v.dates})
		if err != nil {
			return fmt.Errorf("visit request by @%s: %w", v.from, err)
		}
		s.visitIDs[slug] = r.ID
		return nil
	})
	answered := later(s.workday(ep.scheduled, ep.by), asked.Add(time.Hour))
	occs := s.schedule(slug, ep, answered, func(ctx context.Context, db *sqlstore.DB, eventID int64) error {
		return db.AnswerVisit(ctx, s.user(ep.by), s.visitIDs[slug], true, v.answer, eventID)
	})
	if o := occs[0]; v.rsvp != "" {
		s.respond(o, v.from, s.past(answered.Add(20*time.Hour)), praxis.RSVPGoing, v.rsvp)
	}
}

// missBeat cancels the series' occurrences in the last full period of the
// cadence, or the latest before it when there are none, so that the
// rhythm shows a missed beat: the hosts put a note on it first.
func (s *seeder) missBeat(c *community, cal *calendar) {
	series, founder := cal.events[0], c.members[0].handle
	period := time.Duration(cal.cadence.EveryDays) * day
	end := s.now.Truncate(day).Add(day) // the rhythm's periods end with today (UTC)
	lo, hi := end.Add(-2*period), end.Add(-period)
	var cancel, before []*plannedOccurrence
	for _, o := range s.occurrences[c.slug] {
		switch {
		case o.ev != series || !o.start.Before(hi):
		case !o.start.Before(lo):
			cancel = append(cancel, o)
		default:
			before = append(before, o)
		}
	}
	if len(cancel) == 0 && len(before) > 0 {
		cancel = before[len(before)-1:]
	}
	for _, o := range cancel {
		o.cancelled = true
		at := later(o.start.Add(-6*day), o.created.Add(time.Hour))
		s.onOccurrence(at, o, []string{founder}, "note", func(ctx context.Context, db *sqlstore.DB, id int64) error {
			_, err := db.UpdateOccurrence(ctx, s.user(founder), id, nil, nil, &cal.missBeat)
			return err
		})
		s.onOccurrence(at.Add(time.Minute), o, []string{founder}, "cancellation", func(ctx context.Context, db *sqlstore.DB, id int64) error {
			return db.CancelOccurrence(ctx, s.user(founder), id)
		})
	}
}

// planHarvest plans the harvest of a past occurrence and, if asked, the
// "lessons from this event" article drafted from it.
func (s *seeder) planHarvest(slug string, hv harvestPlan) {
	var held []*plannedOccurrence
	for _, o := range s.occurrences[slug] {
		if o.ev.title == hv.event && !o.cancelled && s.ended(o) {
			held = append(held, o)
		}
	}
	if hv.back > len(held) {
		s.failf("%s: %q has %d past occurrences, none %d back to harvest", slug, hv.event, len(held), hv.back)
		return
	}
	o := held[len(held)-hv.back]
	for _, h := range hv.present {
		if _, ok := s.joined[key(slug, h)]; ok && !o.attended(h) {
			s.attendee(o, h)
		}
	}
	s.onOccurrence(s.past(o.end.Add(18*time.Hour)), o, []string{hv.by}, "harvest", func(ctx context.Context, db *sqlstore.DB, id int64) error {
		return db.SaveHarvest(ctx, s.user(hv.by), id, praxis.Harvest{Notes: hv.notes, Links: hv.links})
	})
	if hv.article {
		s.onOccurrence(s.past(o.end.Add(42*time.Hour)), o, []string{hv.by, hv.by}, "lessons", func(ctx context.Context, db *sqlstore.DB, id int64) error {
			a, err := db.HarvestArticle(ctx, s.user(hv.by), id)
			if err != nil {
				return err
			}
			s.articleIDs[key(slug, a.Title)] = a.ID
			return nil
		})
	}
}

// attendee counts handle among those who attended an occurrence, when it
// started, and returns what it adds to their participation.
func (s *seeder) attendee(o *plannedOccurrence, handle string) int {
	o.attendees = append(o.attendees, handle)
	s.count(o.start, o.slug, handle)
	return s.counts(o.start)
}

// counts is 1 for an activity entry that counts for participation.
func (s *seeder) counts(at time.Time) int {
	if s.inWindow(at) {
		return 1
	}
	return 0
}

// respond plans an answer to an occurrence at a time before it and returns
// what it adds to the member's participation. Going to a full occurrence
// puts the member on its waitlist.
func (s *seeder) respond(o *plannedOccurrence, handle string, at time.Time, status, note string) int {
	answer := status
	if status == praxis.RSVPGoing {
		if o.full() {
			answer = praxis.RSVPWaitlisted
		} else {
			o.going++
		}
	}
	o.answers[handle] = answer
	var by []string
	if status == praxis.RSVPGoing {
		by = []string{handle}
	}
	s.onOccurrence(at, o, by, "answer by @"+handle, func(ctx context.Context, db *sqlstore.DB, id int64) error {
		r, err := db.Respond(ctx, s.user(handle), id, status, note)
		if err == nil && r.Status != answer {
			err = fmt.Errorf("answered %s, want %s", r.Status, answer)
		}
		return err
	})
	if by == nil {
		return 0
	}
	return s.counts(at)
}

// rsvpNotes are what members sometimes write with their answer.
var rsvpNotes = []string{"", "", "", "Joining online.", "Coming straight from the ward; may be ten minutes late.",
	"I'll bring a question.", "Bringing a colleague's case too.", "Only for the first half."}

// attend plans a member's attendance at a past occurrence, answered going
// some days before when asked and still possible, and returns what it
// adds to their participation.
func (s *seeder) attend(o *plannedOccurrence, handle string, joinedAt time.Time, answer bool) int {
	added := 0
	if answer {
		at := o.start.Add(-time.Duration(20+s.rng.IntN(6*24)) * time.Hour)
		at = later(at, later(o.created, joinedAt).Add(time.Hour))
		if at.Before(o.start.Add(-time.Hour)) {
			status := praxis.RSVPGoing
			if o.full() {
				status = praxis.RSVPMaybe
			}
			added += s.respond(o, handle, at, status, rsvpNotes[s.rng.IntN(len(rsvpNotes))])
		}
	}
	return added + s.attendee(o, handle)
}

// answerAhead plans a member's answer to an occurrence still ahead, given
// in the last days, and returns what it adds to their participation; ok is
// false when the member could not answer it.
func (s *seeder) answerAhead(o *plannedOccurrence, handle string, joinedAt time.Time, status string) (added int, ok bool) {
	at := s.now.Add(-time.Duration(2+s.rng.IntN(10*24)) * time.Hour)
	at = later(at, later(o.created, joinedAt).Add(time.Hour))
	if !at.Before(s.now.Add(-30*time.Minute)) || (status == praxis.RSVPGoing && o.full()) {
		return 0, false
	}
	return s.respond(o, handle, at, status, rsvpNotes[s.rng.IntN(len(rsvpNotes))]), true
}

// planWaitlist fills the series' next occurrence: members whose level has
// room for it answer going, those with the most participation still to
// plan first, until it is full, and one more lands on its waitlist. Hosts
// take places only when members are too few.
func (s *seeder) planWaitlist(c *community, ps []*participant) {
	cal := calendars[c.slug]
	if cal == nil || !cal.waitlist {
		return
	}
	series := cal.events[0]
	var next *plannedOccurrence
	for _, o := range s.occurrences[c.slug] {
		if o.ev == series && !o.cancelled && s.ahead(o) {
			next = o
			break
		}
	}
	hosts := map[string]bool{}
	for _, h := range series.hosts {
		hosts[h] = true
	}
	var who, also []*participant
	for _, p := range ps {
		switch {
		case hosts[p.handle]:
			also = append(also, p)
		case p.room > 0:
			who = append(who, p)
		}
	}
	sort.SliceStable(who, func(i, j int) bool { return who[i].need > who[j].need })
	if who = append(who, also...); next == nil || len(who) <= series.capacity {
		s.failf("%s: no occurrence of %q ahead, or too few members to fill it", c.slug, series.title)
		return
	}
	// In this order: the last to answer waits.
	at := later(s.now.Add(-9*day), next.created.Add(time.Hour))
	for _, p := range who[:series.capacity+1] {
		at = later(at.Add(5*time.Hour), p.joinedAt.Add(time.Hour))
		p.spend(s.respond(next, p.handle, at, praxis.RSVPGoing, ""))
	}
}

// calendars are the demo communities' events, by slug.
var calendars = map[string]*calendar{
	"clinical-handover": {
		cadence: praxis.Cadence{EveryDays: 14, Kind: praxis.EventMeetup},
		events: []*eventPlan{
			{title: "Handover huddle", kind: praxis.EventMeetup, by: "amara-okafor", hosts: []string{"amara-okafor", "samuel-adeyemi"},
				description: "Forty-five minutes over lunch, every other Thursday: one handover that went well, one that did not, " +
					"and what we change on the wards because of them.\n\n" +
					"- Bring a case, without names or record numbers.\n- Join in the room or online; nursing students from Coastal University are welcome.",
				zone: "America/Los_Angeles", rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", weekday: time.Thursday, every: 2, scheduled: 160,
				hour: 12, minute: 30, minutes: 45, place: "Tacoma General Hospital, Education Centre, room 2",
				online: "https://meet.northwind.example/handover-huddle", visibility: praxis.EventPublic},
			{title: "Case review: a near miss at shift change", kind: praxis.EventTalk, by: "samuel-adeyemi", hosts: []string{"samuel-adeyemi"},
				speakers: []string{"samuel-adeyemi", "hannah-cho"}, attendees: []string{"hannah-cho"},
				description: "A patient's falling blood pressure was lost between the night and the day team on a medical ward. " +
					"We walk through the timeline, minute by minute, and the changes that followed.\n\n" +
					"Members only: the details of the case stay in the community.",
				zone: "America/Los_Angeles", weekday: time.Tuesday, scheduled: 52, at: 38, hour: 13, minute: 0, minutes: 60,
				place: "Tacoma General Hospital, Education Centre, room 2", visibility: praxis.EventMembers},
		},
		visit: &visitPlan{from: "kenji-watanabe", asked: 21,
			what:   "The night-to-day handover on Ward 4B: how observations and early warning scores are passed on.",
			why:    "Our wearable early-warning pilot has to fit into handover, not add to it. Two of us would like to watch quietly and ask questions afterwards.",
			dates:  "Any weekday morning in the next four weeks, from 06:45.",
			answer: "Welcome! Hannah will meet you at the nurses' station at 06:45; please wear your university badge.",
			rsvp:   "Coming with one PhD student.",
			event: &eventPlan{title: "Visit: night handover on Ward 4B, Tacoma General", kind: praxis.EventVisit, by: "samuel-adeyemi",
				hosts: []string{"hannah-cho"},
				description: "Researchers from the Coastal University wearables project watch the night-to-day handover on Ward 4B, " +
					"then talk it through with the night and day charge nurses over breakfast.",
				zone: "America/Los_Angeles", weekday: time.Wednesday, scheduled: 19, at: -9, hour: 6, minute: 45, minutes: 75,
				place: "Tacoma General Hospital, Ward 4B, nurses' station", visibility: praxis.EventPublic, invited: true}},
		harvests: []harvestPlan{
			{event: "Handover huddle", back: 2, by: "amara-okafor",
				notes: "- Two wards now read back the **action list** instead of the whole SBAR: four minutes shorter per patient, " +
					"and nothing missed in the audit of 40 handovers.\n" +
					"- Transfers from the emergency department still arrive without the pending results; the ED leads will discuss a " +
					"\"results pending\" line in the transfer note.\n" +
					"- The night team asked for the pocket card in a larger print.\n\n" +
					"Next time: a run-through of the revised pocket card.",
				links: []string{"https://intranet.northwind.example/handover/pocket-card-v2.pdf"}},
			{event: "Handover huddle", back: 1, by: "samuel-adeyemi",
				notes: "Walked through the revised pocket card, in the room and online. " +
					"Agreed to pilot the \"results pending\" line on ED transfers to Ward 4B for a month.",
				links: []string{"https://intranet.northwind.example/handover/huddle-slides.pdf"}},
		},
	},
	"data-engineering-guild": {
		cadence: praxis.Cadence{EveryDays: 7, Kind: praxis.EventClinic},
		events: []*eventPlan{
			{title: "Pipeline office hours", kind: praxis.EventClinic, by: "priya-natarajan", hosts: []string{"priya-natarajan", "tom-becker"},
				description: "Every Wednesday afternoon a core member of the guild is online for an hour. " +
					"Bring a failing load, a slow query or a design question and share your screen.\n\n" +
					"Never show real patient data: use the synthetic test set.",
				zone: "America/Los_Angeles", rule: "FREQ=WEEKLY;BYDAY=WE", weekday: time.Wednesday, every: 1, scheduled: 150,
				hour: 15, minute: 0, minutes: 60, online: "https://meet.northwind.example/data-office-hours", visibility: praxis.EventPublic},
			{title: "Talk: pseudonymisation in practice", kind: praxis.EventTalk, by: "priya-natarajan", hosts: []string{"priya-natarajan"},
				speakers: []string{"Nadia Perera, Northwind privacy office"},
				description: "Which identifiers we hash, which we drop, and why a salted hash is not anonymous. " +
					"With the privacy office, and twenty minutes for questions.",
				zone: "America/Los_Angeles", weekday: time.Thursday, scheduled: 40, at: 27, hour: 12, minute: 0, minutes: 60,
				place: "Northwind Health HQ, room 5.12", online: "https://meet.northwind.example/guild-talks", visibility: praxis.EventPublic},
		},
		harvests: []harvestPlan{
			{event: "Talk: pseudonymisation in practice", back: 1, by: "priya-natarajan",
				notes: "Nadia's rule of thumb: if a join on the pseudonym and two other columns finds one person, it is not pseudonymous enough. " +
					"The slides and the recording are below; the checklist is going into the pipeline template.",
				links: []string{"https://intranet.northwind.example/guild/pseudonymisation-slides.pdf",
					"https://video.northwind.example/guild/pseudonymisation-talk"}},
			{event: "Pipeline office hours", back: 2, by: "tom-becker",
				notes: "A dbt model that ran twice (fixed with a unique key), a slow occupancy query (a missing index) " +
					"and a question about retrying FHIR bundles that deserves a thread of its own."},
		},
	},
	"patient-safety-stewards": {
		cadence: praxis.Cadence{EveryDays: 28, Kind: praxis.EventMeetup},
		events: []*eventPlan{
			{title: "Learning review", kind: praxis.EventMeetup, by: "grace-lindqvist", hosts: []string{"grace-lindqvist", "luis-moreno"},
				description: "Every four weeks the stewards go through the serious incidents and near misses of the period: " +
					"which learning summaries to write, which guidance to retire, and who takes each.\n\n" +
					"Members only. Nothing said here identifies patients or staff.",
				zone: "America/Los_Angeles", rule: "FREQ=WEEKLY;INTERVAL=4;BYDAY=TU", weekday: time.Tuesday, every: 4, scheduled: 170,
				hour: 8, minute: 0, minutes: 60, place: "Northwind Health HQ, Quality & Safety boardroom",
				online: "https://meet.northwind.example/learning-review", visibility: praxis.EventMembers},
		},
		visit: &visitPlan{from: "hannah-cho", asked: 46,
			what:   "How the medication safety team triages look-alike, sound-alike reports and decides what becomes guidance.",
			why:    "Ward 4B had two near misses with look-alike insulin pens this quarter; I'd like to see how your team works before we change anything on the ward.",
			dates:  "A Thursday in the next month; I can fly up for the day.",
			answer: "Luis will host you. The day is by invitation only, so that the team can speak freely about open cases.",
			rsvp:   "Flying up the evening before.",
			event: &eventPlan{title: "Visit: the medication safety team in Anchorage", kind: praxis.EventVisit, by: "grace-lindqvist",
				hosts: []string{"luis-moreno"}, attendees: []string{"hannah-cho"},
				description: "A morning with the medication safety pharmacists: the triage of the week's reports, " +
					"a look-alike pair from report to guidance, and lunch with the team.",
				zone: "America/Anchorage", weekday: time.Thursday, scheduled: 44, at: 24, hour: 9, minute: 30, minutes: 180,
				place: "Northwind Anchorage Medical Center, Pharmacy, level 2", visibility: praxis.EventInvitation, invited: true}},
		harvests: []harvestPlan{
			{event: "Visit: the medication safety team in Anchorage", back: 1, by: "luis-moreno",
				notes: "Hannah followed two reports from triage to decision. We agreed to add the insulin pen pair to the " +
					"high-alert guide draft and to trial tall-man lettering on the Ward 4B dispensing cabinet."},
			{event: "Learning review", back: 1, by: "grace-lindqvist",
				notes: "Five incidents reviewed; two learning summaries assigned, one piece of 2019 guidance to retire."},
		},
	},
	"care-innovation-lab": {
		cadence: praxis.Cadence{EveryDays: 21, Kind: praxis.EventWorkshop},
		events: []*eventPlan{
			{title: "Prototype walkthrough", kind: praxis.EventWorkshop, by: "fatima-haddad", hosts: []string{"fatima-haddad", "rahul-mehta"},
				description: "Every three weeks someone shows a prototype before it is polished: a sensor, a service blueprint, a paper mock-up. " +
					"Patients who co-design with us join online. We end with one decision: continue, change or stop.",
				zone: "America/Los_Angeles", rule: "FREQ=WEEKLY;INTERVAL=3;BYDAY=WE", weekday: time.Wednesday, every: 3, scheduled: 165,
				hour: 13, minute: 30, minutes: 90, place: "Northwind Innovation Hub, Seattle, 4th floor studio",
				online: "https://meet.northwind.example/innovation-lab", visibility: praxis.EventPublic},
		},
		harvests: []harvestPlan{
			{event: "Prototype walkthrough", back: 1, by: "rahul-mehta", present: []string{"kenji-watanabe"}, article: true,
				notes: "Kenji showed the second wristband prototype to four patients from the heart failure co-design group, two of them online.\n\n" +
					"- Two of the four could not close the clasp with arthritic hands; one said she would leave it off at night, " +
					"which is exactly when we need it.\n" +
					"- Nobody minded the green light, but everybody wanted to know who sees the data and when.\n" +
					"- The nurses in the room asked that the band never alarm at the bedside: alerts go to the ward's handheld only.\n\n" +
					"Decision: **change**. A magnetic clasp, and a one-page leaflet on who sees the data, before the ward pilot.",
				links: []string{"https://files.coastal.example/innovation-lab/wristband-v2-notes.pdf"}},
		},
	},
	"research-software": {
		cadence: praxis.Cadence{EveryDays: 30, Kind: praxis.EventClinic},
		events: []*eventPlan{
			{title: "Code clinic", kind: praxis.EventClinic, by: "elena-sousa", hosts: []string{"elena-sousa", "kenji-watanabe"},
				description: "Second Tuesday of the month: bring your analysis code and get half an hour with a research software engineer. " +
					"Four places, so say you are going; if it is full, join the waitlist and we will make room.",
				zone: "America/Halifax", rule: "FREQ=MONTHLY;BYDAY=2TU", weekday: time.Tuesday, nth: 2, scheduled: 140,
				hour: 13, minute: 0, minutes: 120, place: "Coastal University, Killam Library, room B400",
				online: "https://meet.coastal.example/code-clinic", visibility: praxis.EventPublic, capacity: 4},
		},
		missBeat: "Elena and Kenji are both away at a conference this week: no clinic this month. Bring your questions to the next one.",
		waitlist: true,
		harvests: []harvestPlan{
			{event: "Code clinic", back: 1, by: "kenji-watanabe",
				notes: "Four projects: two moved from scripts to the template repository on the spot, one got its first test, " +
					"and one needs a data-sharing answer from Olivia first.",
				links: []string{"https://git.coastal.example/research-software/template"}},
		},
	},
}
