// Package demo fills an empty Praxis with a living demo organization: two
// partner organizations, their people and five communities of practice with
// months of history, so that a newcomer sees at once what Praxis is for.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"praxis"
	"praxis/sqlstore"
)

// Summary counts what Seed wrote, for a log line.
type Summary struct {
	Users, Communities, Memberships, Activities int
}

const day = 24 * time.Hour

// Seed fills an EMPTY database with a living demo organization so a newcomer
// sees what Praxis is for. The people it creates are placeholders (no e-mail,
// no password): they cannot sign in. History is written through the store's
// own methods at their original times, ending at now, and is the same on
// every run. Errors: ECONFLICT when the database already has a community.
func Seed(ctx context.Context, db *sqlstore.DB, now time.Time) (*Summary, error) {
	now = now.UTC().Truncate(time.Second)
	// A synthetic administrator sees every community, private ones included.
	admin := &praxis.User{Role: praxis.RoleAdmin}
	existing, err := db.Communities(ctx, admin)
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 {
		return nil, praxis.Errorf(praxis.ECONFLICT, "This Praxis already has communities; the demo only fills an empty database.")
	}
	before, err := db.Stats(ctx, admin)
	if err != nil {
		return nil, err
	}

	s := &seeder{db: db, now: now, users: map[string]*praxis.User{}, goalIDs: map[string]int64{},
		ids: map[string]int64{}, joined: map[string]time.Time{}, logged: map[string]int{}}
	s.plan()
	if err := s.run(ctx); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range communities {
		if err := db.AppendActivity(ctx, s.activity(rng, c)); err != nil {
			return nil, fmt.Errorf("demo activity in %s: %w", c.slug, err)
		}
	}

	after, err := db.Stats(ctx, admin)
	if err != nil {
		return nil, err
	}
	return &Summary{
		Users:       len(people),
		Communities: len(communities),
		Memberships: after["memberships"] - before["memberships"],
		Activities:  after["activity"] - before["activity"],
	}, nil
}

// seeder replays the demo's history step by step, each at its own time.
type seeder struct {
	db      *sqlstore.DB
	now     time.Time
	steps   []step
	users   map[string]*praxis.User // by handle, once inserted
	goalIDs map[string]int64        // by slug + "\x00" + title
	ids     map[string]int64        // community IDs by slug
	joined  map[string]time.Time    // by slug + "\x00" + handle: active members only
	// logged counts the entries the store's methods add to the activity log
	// inside the participation window, by slug + "\x00" + handle, so that the
	// generated activity lands every member at their planned level.
	logged map[string]int
}

type step struct {
	at time.Time
	do func(ctx context.Context, db *sqlstore.DB) error
}

func key(a, b string) string { return a + "\x00" + b }

// ago returns the time days before now, plus a second per step planned so
// far, so that steps on the same day keep the order they were planned in.
func (s *seeder) ago(days int) time.Time {
	return s.now.Add(-time.Duration(days)*day + time.Duration(len(s.steps))*time.Second)
}

// add plans a step; by lists the handles whose activity entries it writes.
func (s *seeder) add(at time.Time, slug string, by []string, do func(ctx context.Context, db *sqlstore.DB) error) {
	s.steps = append(s.steps, step{at, do})
	if at.After(s.now.Add(-praxis.ParticipationWindow)) {
		for _, h := range by {
			s.logged[key(slug, h)]++
		}
	}
}

func (s *seeder) user(h string) *praxis.User { return s.users[h] }

// zone returns a person's time zone, UTC when the system has no zone data.
func (s *seeder) zone(handle string) *time.Location {
	if loc, err := time.LoadLocation(s.user(handle).TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// plan lays out the history: people arrive, communities are founded, members
// join as each community's policy says, take on roles, and charters evolve.
func (s *seeder) plan() {
	firstSeen := map[string]int{}
	for _, c := range communities {
		for _, m := range c.members {
			firstSeen[m.handle] = max(firstSeen[m.handle], m.joinedAgo+2)
		}
	}
	for _, p := range people {
		u := p.user()
		s.add(s.ago(firstSeen[p.handle]+5), "", nil, func(ctx context.Context, db *sqlstore.DB) error {
			if err := db.InsertPlaceholderUsers(ctx, []*praxis.User{u}); err != nil {
				return err
			}
			s.users[u.Handle] = u
			return nil
		})
	}
	for _, c := range communities {
		s.planCommunity(c)
	}
	sort.SliceStable(s.steps, func(i, j int) bool { return s.steps[i].at.Before(s.steps[j].at) })
}

func (s *seeder) planCommunity(c *community) {
	slug, founder := c.slug, c.members[0].handle
	created := s.ago(c.members[0].joinedAgo)
	s.joined[key(slug, founder)] = created
	s.add(created, slug, []string{founder, founder}, func(ctx context.Context, db *sqlstore.DB) error {
		var goals []praxis.GoalInput
		for _, g := range c.goals {
			if g.addedAgo == 0 {
				goals = append(goals, s.goalInput(g))
			}
		}
		in := praxis.CommunityInput{Name: &c.name, Slug: &c.slug, DomainStatement: &c.domain, Purpose: &c.purpose,
			Type: &c.typ, Visibility: &c.visibility, JoinPolicy: &c.joinPolicy, Stage: &c.stage, Values: &c.values, Norms: &c.norms}
		made, err := db.CreateCommunity(ctx, s.user(founder), in, goals)
		if err != nil {
			return err
		}
		s.ids[slug] = made.ID
		view, err := db.Community(ctx, s.user(founder), slug)
		if err != nil {
			return err
		}
		for _, g := range view.Goals {
			s.goalIDs[key(slug, g.Title)] = g.ID
		}
		return nil
	})

	for _, m := range c.members[1:] {
		joinAt := s.ago(m.joinedAgo)
		switch c.joinPolicy {
		case praxis.JoinOpen:
			s.add(joinAt, slug, []string{m.handle}, func(ctx context.Context, db *sqlstore.DB) error {
				_, err := db.Join(ctx, s.user(m.handle), slug, "")
				return err
			})
		case praxis.JoinInvitation:
			s.add(s.ago(m.joinedAgo+2), slug, []string{founder}, func(ctx context.Context, db *sqlstore.DB) error {
				return db.Invite(ctx, s.user(founder), slug, m.handle)
			})
			if !m.pending {
				s.add(joinAt, slug, []string{m.handle}, func(ctx context.Context, db *sqlstore.DB) error {
					_, err := db.Join(ctx, s.user(m.handle), slug, "")
					return err
				})
			}
		case praxis.JoinRequest:
			s.add(s.ago(m.joinedAgo+2), slug, []string{m.handle}, func(ctx context.Context, db *sqlstore.DB) error {
				_, err := db.Join(ctx, s.user(m.handle), slug, m.message)
				return err
			})
			if !m.pending {
				s.add(joinAt, slug, []string{founder, m.handle}, func(ctx context.Context, db *sqlstore.DB) error {
					return db.Approve(ctx, s.user(founder), slug, m.handle)
				})
			}
		}
		if m.pending {
			continue
		}
		s.joined[key(slug, m.handle)] = joinAt
		if m.role != "" {
			s.add(s.ago(max(m.joinedAgo-30, 1)), slug, []string{founder}, func(ctx context.Context, db *sqlstore.DB) error {
				return db.SetRole(ctx, s.user(founder), slug, m.handle, m.role)
			})
		}
	}

	for _, g := range c.goals {
		if g.addedAgo > 0 {
			s.add(s.ago(g.addedAgo), slug, []string{founder}, func(ctx context.Context, db *sqlstore.DB) error {
				added, err := db.AddGoal(ctx, s.user(founder), slug, s.goalInput(g))
				if err != nil {
					return err
				}
				s.goalIDs[key(slug, g.title)] = added.ID
				return nil
			})
		}
		if g.later != "" {
			s.add(s.ago(g.laterAgo), slug, []string{founder}, func(ctx context.Context, db *sqlstore.DB) error {
				_, err := db.UpdateGoal(ctx, s.user(founder), slug, s.goalIDs[key(slug, g.title)], praxis.GoalInput{Status: &g.later})
				return err
			})
		}
	}
	if c.laterStage != "" {
		s.add(s.ago(c.laterStageAgo), slug, []string{founder}, func(ctx context.Context, db *sqlstore.DB) error {
			_, err := db.UpdateCommunity(ctx, s.user(founder), slug, praxis.CommunityInput{Stage: &c.laterStage})
			return err
		})
	}
}

func (s *seeder) goalInput(g goal) praxis.GoalInput {
	due := s.now.AddDate(0, 0, g.dueIn).Format("2006-01-02")
	return praxis.GoalInput{Kind: &g.kind, Title: &g.title, Description: &g.description, Status: &g.status, DueDate: &due, Owner: &g.owner}
}

// run replays the planned steps, each with the clock set to its time.
func (s *seeder) run(ctx context.Context) error {
	var t time.Time
	clocked := s.db.WithClock(func() time.Time { return t })
	for _, st := range s.steps {
		t = st.at
		if err := st.do(ctx, clocked); err != nil {
			return fmt.Errorf("demo history at %s: %w", t.Format(time.DateOnly), err)
		}
	}
	return nil
}

// Verbs a member's generated actions are drawn from (posting is planned
// separately), with weights per participation level: core members answer,
// the periphery mostly attends and votes.
var (
	verbs   = []string{praxis.VerbAnswered, praxis.VerbReplied, praxis.VerbAccepted, praxis.VerbVoted, praxis.VerbAttended}
	weights = map[string][]int{
		praxis.LevelCore:       {4, 3, 1, 2, 2},
		praxis.LevelActive:     {3, 3, 1, 3, 2},
		praxis.LevelOccasional: {1, 2, 0, 3, 3},
		praxis.LevelPeripheral: {0, 1, 0, 2, 3},
	}
)

// actionsFor draws how many actions a member at level takes in the
// participation window, and in the month before it.
func actionsFor(rng *rand.Rand, level string) (recent, older int) {
	switch level {
	case praxis.LevelCore:
		return 22 + rng.IntN(14), 4 + rng.IntN(6)
	case praxis.LevelActive:
		return 7 + rng.IntN(7), 2 + rng.IntN(4)
	case praxis.LevelOccasional:
		return 2 + rng.IntN(3), rng.IntN(4)
	default:
		return rng.IntN(2), rng.IntN(3)
	}
}

type slot struct {
	at     time.Time
	lo, hi time.Time // the range at may move within (events)
	member *member
}

type thread struct {
	title   string
	by      string
	answers int
	done    bool            // an answer was accepted
	did     map[string]bool // by verb + "\x00" + handle: answered and voted at most once each
}

// activity generates the conversations and event attendance of one
// community over the last 120 days: threads are posted before they are
// answered, answers are accepted by the asker, members attend events held on
// the community's cadence, and every member ends at their planned level.
func (s *seeder) activity(rng *rand.Rand, c *community) []praxis.Activity {
	windowStart := s.now.Add(-88 * day) // inside the 90-day window, with margin
	olderStart, olderEnd := s.now.Add(-120*day), s.now.Add(-92*day)
	end := s.now.Add(-time.Hour)

	var slots []slot
	for i := range c.members {
		m := &c.members[i]
		joinedAt, ok := s.joined[key(c.slug, m.handle)]
		if !ok {
			continue
		}
		joinedAt = joinedAt.Add(time.Hour)
		zone := s.zone(m.handle)
		recent, older := actionsFor(rng, m.level)
		recent = max(recent-s.logged[key(c.slug, m.handle)], 0)
		place := func(n int, lo, hi time.Time) {
			if lo.Before(joinedAt) {
				lo = joinedAt
			}
			if !lo.Before(hi) {
				return
			}
			for range n {
				at := lo.Add(time.Duration(rng.Int64N(int64(hi.Sub(lo)))))
				// People mostly take part during their own working day.
				y, mo, d := at.In(zone).Date()
				if local := time.Date(y, mo, d, 8+rng.IntN(11), rng.IntN(60), 0, 0, zone); !local.Before(lo) && !local.After(hi) {
					at = local
				}
				slots = append(slots, slot{at: at.UTC().Truncate(time.Minute), lo: lo, hi: hi, member: m})
			}
		}
		place(recent, windowStart, end)
		place(older, olderStart, olderEnd)
	}
	sort.SliceStable(slots, func(i, j int) bool { return slots[i].at.Before(slots[j].at) })

	// Events on the community's cadence, oldest first.
	var events []time.Time
	last := s.now.Truncate(day).Add(-time.Duration(c.eventEvery/2)*day + 16*time.Hour)
	for at := last; !at.Before(olderStart); at = at.Add(-time.Duration(c.eventEvery) * day) {
		events = append([]time.Time{at}, events...)
	}
	attended := map[string]bool{}

	var threads []*thread
	posts := len(c.threads)
	out := make([]praxis.Activity, 0, len(slots))
	for i, sl := range slots {
		m := sl.member
		e := praxis.Activity{CommunityID: s.ids[c.slug], ActorID: s.user(m.handle).ID, ObjectType: "thread", CreatedAt: sl.at}
		// Posts are spread evenly over the community's actions, so there is
		// always something to answer and new questions keep coming.
		if posts > 0 && i*posts/len(slots) != (i-1)*posts/len(slots) || len(threads) == 0 {
			if n := len(threads); n < len(c.threads) {
				th := &thread{title: c.threads[n], by: m.handle, did: map[string]bool{}}
				threads = append(threads, th)
				e.Verb, e.Summary = praxis.VerbPosted, th.title
				out = append(out, e)
				continue
			}
		}
		verb := pick(rng, weights[m.level])
		recentThreads := threads[max(len(threads)-4, 0):]
		switch verb {
		case praxis.VerbAttended:
			if ev, ok := nearestEvent(events, sl, c, m.handle, attended); ok {
				attended[key(m.handle, ev.Format(time.RFC3339))] = true
				e.Verb, e.ObjectType, e.CreatedAt = praxis.VerbAttended, "event", ev.Add(90*time.Minute)
				e.Summary = c.events[eventIndex(events, ev)%len(c.events)]
				out = append(out, e)
				continue
			}
			verb = praxis.VerbReplied
		case praxis.VerbAccepted:
			if th := find(threads, func(t *thread) bool { return t.by == m.handle && !t.done && t.answers > 0 }); th != nil {
				th.done = true
				e.Verb, e.Summary = praxis.VerbAccepted, th.title
				out = append(out, e)
				continue
			}
			verb = praxis.VerbAnswered
		}
		if verb == praxis.VerbAnswered || verb == praxis.VerbVoted {
			others := filter(recentThreads, func(t *thread) bool { return t.by != m.handle && !t.did[key(verb, m.handle)] })
			if len(others) == 0 {
				verb = praxis.VerbReplied
			} else {
				th := others[rng.IntN(len(others))]
				th.did[key(verb, m.handle)] = true
				if verb == praxis.VerbAnswered {
					th.answers++
				}
				e.Verb, e.Summary = verb, th.title
				out = append(out, e)
				continue
			}
		}
		th := recentThreads[rng.IntN(len(recentThreads))]
		e.Verb, e.Summary = praxis.VerbReplied, th.title
		out = append(out, e)
	}
	return out
}

// nearestEvent finds the event closest to the slot's time that the member
// could attend: within the slot's range and not yet attended.
func nearestEvent(events []time.Time, sl slot, c *community, handle string, attended map[string]bool) (time.Time, bool) {
	var best time.Time
	found := false
	for _, ev := range events {
		done := ev.Add(90 * time.Minute)
		if done.Before(sl.lo) || done.After(sl.hi) || attended[key(handle, ev.Format(time.RFC3339))] {
			continue
		}
		if !found || absDur(ev.Sub(sl.at)) < absDur(best.Sub(sl.at)) {
			best, found = ev, true
		}
	}
	return best, found
}

func eventIndex(events []time.Time, ev time.Time) int {
	for i, e := range events {
		if e.Equal(ev) {
			return i
		}
	}
	return 0
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func pick(rng *rand.Rand, w []int) string {
	total := 0
	for _, x := range w {
		total += x
	}
	n := rng.IntN(total)
	for i, x := range w {
		if n < x {
			return verbs[i]
		}
		n -= x
	}
	return verbs[len(verbs)-1]
}

func find(ts []*thread, ok func(*thread) bool) *thread {
	for _, t := range ts {
		if ok(t) {
			return t
		}
	}
	return nil
}

func filter(ts []*thread, ok func(*thread) bool) []*thread {
	var out []*thread
	for _, t := range ts {
		if ok(t) {
			out = append(out, t)
		}
	}
	return out
}

// person is one of the demo's placeholder members.
type person struct {
	handle, name, org, title, location, tz, bio string
	expertise                                   []string
}

func (p person) user() *praxis.User {
	return &praxis.User{Handle: p.handle, DisplayName: p.name, Role: praxis.RoleMember, Organization: p.org, Title: p.title,
		Location: p.location, TimeZone: p.tz, Bio: p.bio, Expertise: p.expertise}
}

// community is a demo community: its charter, its members in order of
// arrival (the first founds and coordinates it), and the titles of the
// conversations and events its activity refers to.
type community struct {
	name, slug, typ, visibility, joinPolicy, stage string
	laterStage                                     string // the stage the community moves to, laterStageAgo days ago
	laterStageAgo                                  int
	domain, purpose, values, norms                 string
	goals                                          []goal
	members                                        []member
	threads, events                                []string
	eventEvery                                     int // days between events
}

// member is a person's place in a demo community.
type member struct {
	handle    string
	joinedAgo int    // days before now
	role      string // core or coordinator, set a month after joining; empty for members
	level     string // the participation level the generated activity gives them
	message   string // with a request to join
	pending   bool   // an open request or invitation, not (yet) a member
}

// goal is a goal or deliverable of a demo charter.
type goal struct {
	kind, title, description, owner, status string
	dueIn                                   int // days from now; negative in the past
	addedAgo                                int // 0: in the founding charter
	later                                   string
	laterAgo                                int // when the status changed to later
}

const (
	northwind = "Northwind Health"
	coastal   = "Coastal University"
)

var people = []person{
	{"amara-okafor", "Amara Okafor", northwind, "Clinical Nurse Educator, Critical Care", "Seattle, WA", "America/Los_Angeles",
		"Twenty years at the bedside; now I help new ICU nurses find their feet.", []string{"Critical care nursing", "Clinical handover", "Simulation training"}},
	{"daniel-reyes", "Daniel Reyes", northwind, "Chief Medical Information Officer", "Seattle, WA", "America/Los_Angeles",
		"Physician turned informatician, trying to make the record work for the people who use it.", []string{"Clinical informatics", "EHR design", "Clinical decision support"}},
	{"priya-natarajan", "Priya Natarajan", northwind, "Data Engineering Lead", "Tacoma, WA", "America/Los_Angeles",
		"I build the pipelines that carry hospital data to the people who need it, and I like boring, reliable ones best.", []string{"Data pipelines", "PostgreSQL", "HL7 FHIR", "dbt"}},
	{"tom-becker", "Tom Becker", northwind, "Senior Data Engineer", "Spokane, WA", "America/Los_Angeles",
		"Keeps the nightly loads running and the on-call phone quiet.", []string{"Airflow", "Python", "Data quality"}},
	{"grace-lindqvist", "Grace Lindqvist", northwind, "Patient Safety Officer", "Seattle, WA", "America/Los_Angeles",
		"I read every incident report so we learn from each one, not just file it.", []string{"Incident analysis", "Human factors", "Root cause analysis"}},
	{"samuel-adeyemi", "Samuel Adeyemi", northwind, "Emergency Physician", "Tacoma, WA", "America/Los_Angeles",
		"Emergency medicine, night shifts and a stubborn belief that handover can be better.", []string{"Emergency medicine", "Clinical handover", "Sepsis"}},
	{"hannah-cho", "Hannah Cho", northwind, "Charge Nurse, Medical Ward", "Bellingham, WA", "America/Los_Angeles",
		"Running a 32-bed medical ward; happiest when the shift change goes quietly.", []string{"Ward nursing", "SBAR", "Falls prevention"}},
	{"luis-moreno", "Luis Moreno", northwind, "Pharmacist, Medication Safety", "Anchorage, AK", "America/Anchorage",
		"Medication safety pharmacist for the northern sites; ask me about look-alike drug names.", []string{"Medication safety", "Pharmacovigilance", "Antimicrobial stewardship"}},
	{"fatima-haddad", "Fatima Haddad", northwind, "Innovation Program Manager", "Seattle, WA", "America/Los_Angeles",
		"I help clinicians turn a good idea into a pilot on a real ward within a season.", []string{"Service design", "Design thinking", "Remote monitoring"}},
	{"kevin-oduya", "Kevin Oduya", northwind, "Analytics Engineer", "Seattle, WA", "America/Los_Angeles",
		"New to healthcare data after five years in retail analytics; learning fast and asking a lot.", []string{"SQL", "Dashboards", "Data modelling"}},
	{"elena-sousa", "Elena Sousa", coastal, "Research Software Engineer", "Halifax, NS", "America/Halifax",
		"I help researchers turn analysis scripts into software others can rerun.", []string{"Python packaging", "Reproducible research", "Continuous integration"}},
	{"marcus-whitfield", "Marcus Whitfield", coastal, "Associate Professor of Nursing", "Halifax, NS", "America/Halifax",
		"Teaches clinical communication and runs the nursing simulation lab.", []string{"Nursing education", "Simulation training", "Qualitative research"}},
	{"ingrid-halvorsen", "Ingrid Halvorsen", coastal, "Postdoctoral Fellow, Health Data Science", "Oslo, Norway", "Europe/Oslo",
		"Working remotely from Oslo on prediction models for hospital readmission.", []string{"Machine learning", "R", "Survival analysis"}},
	{"kenji-watanabe", "Kenji Watanabe", coastal, "PhD Candidate, Biomedical Engineering", "Halifax, NS", "America/Halifax",
		"Building wrist sensors that might one day replace the night-time observation round.", []string{"Wearable sensors", "Signal processing", "Julia"}},
	{"olivia-grant", "Olivia Grant", coastal, "Research Data Steward", "Halifax, NS", "America/Halifax",
		"I help research teams share data safely and keep the ethics board happy.", []string{"Research data management", "Data governance", "Ethics review"}},
	{"rahul-mehta", "Rahul Mehta", coastal, "Visiting Lecturer in Human–Computer Interaction", "Wellington, New Zealand", "Pacific/Auckland",
		"Co-designing health technology with the patients who will live with it.", []string{"Usability testing", "Accessibility", "Co-design"}},
}

var communities = []*community{
	{
		name: "Clinical Handover", slug: "clinical-handover", typ: praxis.TypeBestPractice,
		visibility: praxis.VisibilityPublic, joinPolicy: praxis.JoinOpen,
		stage: praxis.StageCoalescing, laterStage: praxis.StageMaturing, laterStageAgo: 150,
		domain: "Handing over the care of a patient safely: between shifts, between teams and between sites, " +
			"by nurses, physicians and everyone else who passes on responsibility for a patient.",
		purpose: "Find, test and spread the handover practices that keep patients safe across Northwind Health, " +
			"and teach them to the next generation of nurses with Coastal University.",
		values: "- The patient's safety comes before the clock.\n- Every profession's handover matters.\n- We share what failed as readily as what worked.",
		norms: "- Describe cases without names or record numbers.\n- Questions get a first answer within two working days.\n" +
			"- A practice we recommend has been tried on at least two wards.",
		goals: []goal{
			{praxis.GoalKindGoal, "Adopt one structured handover standard across all Northwind sites",
				"Agree on an I-PASS based structure for nurse and physician handover and see it used on every ward and in every emergency department.",
				"amara-okafor", praxis.GoalInProgress, 120, 0, "", 0},
			{praxis.GoalKindGoal, "Halve handover-related incidents reported by the emergency departments",
				"Measured against the 2024 baseline from the incident reporting system.",
				"samuel-adeyemi", praxis.GoalPlanned, 270, 330, praxis.GoalInProgress, 110},
			{praxis.GoalKindDeliverable, "Bedside handover pocket card and EHR template, version 2",
				"A pocket card for nurses and a matching note template in the record, revised after the pilot on Ward 4B.",
				"hannah-cho", praxis.GoalInProgress, -75, 300, praxis.GoalDone, 80},
			{praxis.GoalKindDeliverable, "Handover simulation scenarios for nursing students",
				"Six scenarios for the Coastal University simulation lab, written with ward nurses.",
				"marcus-whitfield", praxis.GoalInProgress, 60, 200, "", 0},
		},
		members: []member{
			{handle: "amara-okafor", joinedAgo: 420, level: praxis.LevelCore},
			{handle: "samuel-adeyemi", joinedAgo: 410, role: praxis.MemberCoordinator, level: praxis.LevelCore},
			{handle: "hannah-cho", joinedAgo: 380, role: praxis.MemberCore, level: praxis.LevelActive},
			{handle: "grace-lindqvist", joinedAgo: 340, level: praxis.LevelOccasional},
			{handle: "marcus-whitfield", joinedAgo: 300, level: praxis.LevelActive},
			{handle: "daniel-reyes", joinedAgo: 260, level: praxis.LevelOccasional},
			{handle: "luis-moreno", joinedAgo: 200, level: praxis.LevelPeripheral},
			{handle: "fatima-haddad", joinedAgo: 150, level: praxis.LevelPeripheral},
			{handle: "rahul-mehta", joinedAgo: 60, level: praxis.LevelPeripheral},
		},
		threads: []string{
			"How do you hand over a deteriorating patient at shift change?",
			"I-PASS or SBAR for nurse-to-nurse handover on medical wards?",
			"Bedside handover when the patient has visitors: what do you say?",
			"Who owns pending test results after an ED-to-ward transfer?",
			"Handover in five minutes: what can safely be left out?",
			"A template for the night-to-day handover on surgical wards",
			"Can we record handover in the EHR without doubling the work?",
			"Interpreters at bedside handover: your experiences?",
			"Handing over patients who move to the step-down unit",
			"Teaching handover to final-year nursing students",
			"Measuring handover quality: which audit tools do you trust?",
			"Weekend handover between on-call physicians",
			"Has anyone dealt with a family who disagreed with the handover?",
			"Pocket card v2: feedback from the night shift",
		},
		events:     []string{"Handover huddle: ED to ward transfers", "Case review: a near miss at shift change", "Visit: bedside handover on Ward 4B, Tacoma General", "Simulation clinic with Coastal University nursing students"},
		eventEvery: 14,
	},
	{
		name: "Data Engineering Guild", slug: "data-engineering-guild", typ: praxis.TypeHelping,
		visibility: praxis.VisibilityInternal, joinPolicy: praxis.JoinOpen,
		stage: praxis.StageMaturing, laterStage: praxis.StageStewardship, laterStageAgo: 90,
		domain: "Moving clinical and operational data reliably from the systems where it is born to the people and studies that use it: " +
			"pipelines, warehouses, data quality and the interfaces in between.",
		purpose: "Help each other with everyday data engineering problems, so nobody is stuck alone with a broken load at 2 a.m.",
		values:  "- No question is too small.\n- Patient data is handled as if it were our own.\n- Reuse before rebuild.",
		norms: "- Post the error message and what you tried.\n- Mark the answer that solved it, so the next person finds it.\n" +
			"- Never paste real patient data; use the synthetic test set.",
		goals: []goal{
			{praxis.GoalKindGoal, "Every question answered within two working days",
				"Core members take turns watching unanswered questions each week.",
				"priya-natarajan", praxis.GoalInProgress, 180, 0, "", 0},
			{praxis.GoalKindDeliverable, "Shared pipeline template from FHIR feeds to the warehouse",
				"A tested template every team can start from instead of writing its own loader.",
				"tom-becker", praxis.GoalInProgress, -120, 320, praxis.GoalDone, 130},
			{praxis.GoalKindDeliverable, "Data quality checks for the bed-occupancy dashboard",
				"Automated checks that stop the dashboard from showing yesterday's numbers as today's.",
				"ingrid-halvorsen", praxis.GoalPlanned, 20, 200, praxis.GoalInProgress, 100},
			{praxis.GoalKindDeliverable, "Onboarding guide for new data engineers",
				"Written by the newest member of the guild, reviewed by the oldest.",
				"kevin-oduya", praxis.GoalPlanned, 45, 30, praxis.GoalInProgress, 12},
		},
		members: []member{
			{handle: "priya-natarajan", joinedAgo: 365, level: praxis.LevelCore},
			{handle: "tom-becker", joinedAgo: 355, role: praxis.MemberCore, level: praxis.LevelCore},
			{handle: "daniel-reyes", joinedAgo: 330, level: praxis.LevelOccasional},
			{handle: "ingrid-halvorsen", joinedAgo: 250, level: praxis.LevelActive},
			{handle: "elena-sousa", joinedAgo: 220, level: praxis.LevelOccasional},
			{handle: "olivia-grant", joinedAgo: 180, level: praxis.LevelPeripheral},
			{handle: "kenji-watanabe", joinedAgo: 120, level: praxis.LevelPeripheral},
			{handle: "kevin-oduya", joinedAgo: 40, level: praxis.LevelActive},
		},
		threads: []string{
			"Incremental loads from the EHR audit log without missing late rows",
			"How do you test dbt models that depend on FHIR extensions?",
			"Airflow or Dagster for a team of four?",
			"Pseudonymising patient identifiers before they reach the warehouse",
			"Our nightly ADT pipeline takes five hours: where do I start?",
			"Daylight-saving gaps in bedside monitor timestamps",
			"Where can I find the connection settings for the research replica?",
			"Data contracts with the lab system vendor: worth the effort?",
			"Partitioning ten years of observations in PostgreSQL",
			"A code review checklist for SQL changes",
			"Great Expectations or plain SQL assertions?",
			"Which FHIR resources do you flatten, and how?",
			"First week here: which pipelines should I read first?",
		},
		events:     []string{"Guild demo hour: the new ADT pipeline", "Pairing clinic: testing dbt models", "Talk: pseudonymisation in practice", "Office hours with the warehouse team"},
		eventEvery: 21,
	},
	{
		name: "Patient Safety Stewards", slug: "patient-safety-stewards", typ: praxis.TypeKnowledgeStewarding,
		visibility: praxis.VisibilityPrivate, joinPolicy: praxis.JoinInvitation,
		stage: praxis.StageMaturing, laterStage: praxis.StageStewardship, laterStageAgo: 45,
		domain: "What Northwind Health has learned from its incidents and near misses, and the guidance that learning produced: " +
			"kept current, findable and trusted.",
		purpose: "Steward the network's safety knowledge: write learning summaries, retire guidance that no longer holds, " +
			"and make sure the lessons reach the wards.",
		values: "- Just culture: we look at systems, not scapegoats.\n- Confidentiality is not negotiable.\n- Knowledge that is not used is pruned.",
		norms: "- Nothing here identifies patients or staff.\n- Every learning summary has a named steward and a review date.\n" +
			"- Members are invited by a coordinator; what is discussed here stays here until it is published.",
		goals: []goal{
			{praxis.GoalKindDeliverable, "Curated library of incident learning summaries",
				"One page per lesson, tagged by contributing factor, reviewed every year.",
				"grace-lindqvist", praxis.GoalInProgress, 90, 0, "", 0},
			{praxis.GoalKindDeliverable, "Taxonomy of contributing factors for incident reports",
				"A short, shared list of contributing factors so lessons can be found across sites.",
				"grace-lindqvist", praxis.GoalInProgress, -210, 0, praxis.GoalDone, 200},
			{praxis.GoalKindGoal, "A reviewed learning summary for every serious incident within 30 days",
				"", "samuel-adeyemi", praxis.GoalInProgress, 200, 300, "", 0},
			{praxis.GoalKindDeliverable, "High-alert medication guide, 2026 edition",
				"Replaces the 2019 list; adds look-alike, sound-alike pairs reported since.",
				"luis-moreno", praxis.GoalPlanned, 150, 340, praxis.GoalInProgress, 60},
		},
		members: []member{
			{handle: "grace-lindqvist", joinedAgo: 395, level: praxis.LevelCore},
			{handle: "luis-moreno", joinedAgo: 390, role: praxis.MemberCore, level: praxis.LevelCore},
			{handle: "samuel-adeyemi", joinedAgo: 360, level: praxis.LevelActive},
			{handle: "amara-okafor", joinedAgo: 350, level: praxis.LevelOccasional},
			{handle: "olivia-grant", joinedAgo: 240, level: praxis.LevelActive},
			{handle: "hannah-cho", joinedAgo: 200, level: praxis.LevelOccasional},
			{handle: "daniel-reyes", joinedAgo: 150, level: praxis.LevelPeripheral},
			{handle: "marcus-whitfield", joinedAgo: 3, pending: true},
		},
		threads: []string{
			"Learning summary: wrong-patient blood sample on a night shift",
			"Should insulin stay on the high-alert list for the paediatric ward?",
			"Retiring the 2019 falls guidance: what replaces it?",
			"How do we tag incidents that involve a handover?",
			"Look-alike, sound-alike drug pairs to add this year",
			"Sharing lessons with Coastal University without identifying staff",
			"A template for one-page learning summaries",
			"Is the contributing-factors taxonomy too long?",
			"Recurring theme: delayed escalation at weekends",
			"Which summaries are still read? Reviewing the library",
			"The infusion pump programming error, fifth time this year: let us write it down once",
		},
		events:     []string{"Monthly learning review", "Stewardship session: pruning the library", "Visit: the medication safety team in Anchorage"},
		eventEvery: 28,
	},
	{
		name: "Care Innovation Lab", slug: "care-innovation-lab", typ: praxis.TypeInnovation,
		visibility: praxis.VisibilityInternal, joinPolicy: praxis.JoinRequest,
		stage: praxis.StagePotential, laterStage: praxis.StageCoalescing, laterStageAgo: 180,
		domain: "New ways of caring for patients outside the hospital walls: remote monitoring, wearables and services designed with patients.",
		purpose: "Bring clinicians, engineers, designers and patients together to turn ideas into small, honest pilots, " +
			"and to stop the ones that do not work early.",
		values: "- Patients are co-designers, not test subjects.\n- Small pilots, honest results.\n- Crossing boundaries is the point.",
		norms: "- Ask to join and tell us what you would bring.\n- Share a prototype before it is polished.\n" +
			"- Every pilot states in advance how we will know it worked.",
		goals: []goal{
			{praxis.GoalKindDeliverable, "Playbook: from idea to ward pilot in 90 days",
				"Approvals, data protection, measures and who to call, in one place.",
				"fatima-haddad", praxis.GoalInProgress, 30, 0, "", 0},
			{praxis.GoalKindGoal, "Choose the two ideas that go to pilot this year",
				"", "fatima-haddad", praxis.GoalInProgress, -110, 0, praxis.GoalDone, 120},
			{praxis.GoalKindGoal, "Run three co-design sprints with patients on remote monitoring",
				"With patients discharged after heart failure and their families.",
				"rahul-mehta", praxis.GoalInProgress, 75, 240, "", 0},
			{praxis.GoalKindDeliverable, "Wearable early-warning pilot on one medical ward",
				"Wrist sensors alongside four-hourly observations for 60 nights, then compare.",
				"kenji-watanabe", praxis.GoalPlanned, 160, 200, "", 0},
		},
		members: []member{
			{handle: "fatima-haddad", joinedAgo: 270, level: praxis.LevelCore},
			{handle: "rahul-mehta", joinedAgo: 255, role: praxis.MemberCore, level: praxis.LevelCore,
				message: "I run co-design sessions with patients and would love to bring them into your pilots."},
			{handle: "kenji-watanabe", joinedAgo: 240, level: praxis.LevelActive,
				message: "My PhD is on wrist sensors for overnight monitoring; I'm looking for a ward to try them with."},
			{handle: "hannah-cho", joinedAgo: 230, level: praxis.LevelOccasional,
				message: "Happy to offer my ward for pilots and an honest nurse's view."},
			{handle: "daniel-reyes", joinedAgo: 210, level: praxis.LevelOccasional,
				message: "I can help with anything that touches the EHR."},
			{handle: "ingrid-halvorsen", joinedAgo: 160, level: praxis.LevelOccasional,
				message: "I build readmission models and would like to see them tested in a real service."},
			{handle: "tom-becker", joinedAgo: 100, level: praxis.LevelPeripheral,
				message: "Curious about the data side of the wearable pilot."},
			{handle: "amara-okafor", joinedAgo: 45, level: praxis.LevelOccasional,
				message: "Our ICU step-down patients could benefit from remote monitoring; can I listen in?"},
			{handle: "kevin-oduya", joinedAgo: 1, pending: true,
				message: "I'd like to help measure whether the pilots work; dashboards are my thing."},
		},
		threads: []string{
			"Idea: video check-ins for patients discharged after heart failure",
			"What patients told us in the first co-design sprint",
			"Can a wrist sensor replace four-hourly observations overnight?",
			"Who approves a pilot that touches the EHR?",
			"Failing fast: why we dropped the smart pill box",
			"Recruiting patients for co-design without tokenism",
			"Measuring whether a pilot worked, beyond satisfaction surveys",
			"Ethics review for a ward pilot: university or hospital process?",
			"Prototype feedback: the discharge checklist app",
			"What did your 90-day pilot cost?",
			"Can we come and see the Coastal University simulation lab?",
		},
		events:     []string{"Idea pitch afternoon", "Co-design sprint readout", "Visit: the simulation lab at Coastal University", "Prototype walkthrough"},
		eventEvery: 14,
	},
	{
		name: "Research Software", slug: "research-software", typ: praxis.TypeHelping,
		visibility: praxis.VisibilityPublic, joinPolicy: praxis.JoinOpen,
		stage: praxis.StagePotential, laterStage: praxis.StageCoalescing, laterStageAgo: 150,
		domain: "Writing, testing, packaging and sharing the software behind health research, " +
			"from a single analysis script to a tool used across Northwind Health and Coastal University.",
		purpose: "Help researchers and engineers of both organizations make their code reproducible, reviewable and reusable.",
		values:  "- Working code beats perfect code.\n- Credit the people who write research software.\n- Open by default, closed when patients' privacy requires it.",
		norms: "- Share a minimal example with your question.\n- Be kind in code review: suggest, don't score.\n" +
			"- Reusing someone's code? Say so and link to it.",
		goals: []goal{
			{praxis.GoalKindDeliverable, "Template repository with tests, continuous integration and a citation file",
				"A starting point for every new analysis project.",
				"elena-sousa", praxis.GoalInProgress, -90, 0, praxis.GoalDone, 100},
			{praxis.GoalKindGoal, "A monthly code clinic with at least five attendees",
				"", "kenji-watanabe", praxis.GoalInProgress, 120, 210, "", 0},
			{praxis.GoalKindDeliverable, "Guide to sharing analysis code from studies with patient data",
				"What can be published, what must stay behind the firewall, and how to tell.",
				"olivia-grant", praxis.GoalPlanned, 100, 140, "", 0},
		},
		members: []member{
			{handle: "elena-sousa", joinedAgo: 240, level: praxis.LevelCore},
			{handle: "kenji-watanabe", joinedAgo: 235, role: praxis.MemberCore, level: praxis.LevelCore},
			{handle: "ingrid-halvorsen", joinedAgo: 220, level: praxis.LevelActive},
			{handle: "priya-natarajan", joinedAgo: 200, level: praxis.LevelOccasional},
			{handle: "tom-becker", joinedAgo: 180, level: praxis.LevelActive},
			{handle: "olivia-grant", joinedAgo: 150, level: praxis.LevelOccasional},
			{handle: "marcus-whitfield", joinedAgo: 130, level: praxis.LevelPeripheral},
			{handle: "kevin-oduya", joinedAgo: 30, level: praxis.LevelPeripheral},
		},
		threads: []string{
			"Packaging a Python analysis so a reviewer can rerun it",
			"pytest fixtures for large imaging files",
			"Pinning R package versions with renv on the cluster",
			"Which licence for code from a hospital-funded study?",
			"Getting a DOI for a software release through Zenodo",
			"Continuous integration on the university GitLab: runners for GPU jobs?",
			"Reviewing a colleague's MATLAB code: where do I start?",
			"Synthetic data to test pipelines that handle patient records",
			"Julia or Python for signal processing of wearable data?",
			"Writing a CITATION.cff for a multi-site project",
			"Apptainer recipes that work on the HPC cluster",
			"My draft of a shared synthetic test data set: tweak away",
		},
		events:     []string{"Code clinic", "Lightning talks: tools we love", "Hack afternoon: tests for legacy analysis scripts"},
		eventEvery: 28,
	},
}
