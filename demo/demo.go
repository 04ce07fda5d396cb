// Package demo fills an empty Praxis with a living demo organization: two
// partner organizations, their people and five communities of practice with
// months of history, so that a newcomer sees at once what Praxis is for.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"sort"
	"time"

	"praxis"
	"praxis/sqlstore"
)

// Summary counts what Seed wrote, for a log line.
type Summary struct {
	Users, Communities, Memberships, Threads, Posts, Activities int
	Articles, Collections, Events                               int
}

const day = 24 * time.Hour

// Seed fills an EMPTY database with a living demo organization so a newcomer
// sees what Praxis is for. The people it creates are placeholders (no e-mail,
// no password): they cannot sign in. History, conversations, the knowledge
// base and events included, is written through the store's own methods at
// their original times, ending at now (the series run on ahead of it), and
// is the same on every run.
// Errors: ECONFLICT when the database already has a community.
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

	s := &seeder{db: db, now: now, rng: rand.New(rand.NewPCG(1, 2)), people: map[string]person{},
		users: map[string]*praxis.User{}, goalIDs: map[string]int64{}, ids: map[string]int64{}, joined: map[string]time.Time{},
		logged: map[string]int{}, posts: map[string][]*plannedPost{}, threads: map[string]*praxis.Thread{}, postIDs: map[string]int64{},
		articleIDs: map[string]int64{}, occurrences: map[string][]*plannedOccurrence{}, occIDs: map[string]int64{},
		eventIDs: map[string]int64{}, visitIDs: map[string]int64{}}
	for _, p := range people {
		s.people[p.handle] = p
	}
	s.plan()
	if s.problem != nil {
		return nil, s.problem
	}
	if err := s.run(ctx); err != nil {
		return nil, err
	}

	after, err := db.Stats(ctx, admin)
	if err != nil {
		return nil, err
	}
	return &Summary{
		Users:       len(people),
		Communities: len(communities),
		Memberships: after["memberships"] - before["memberships"],
		Threads:     len(s.threads),
		Posts:       len(s.postIDs),
		Activities:  after["activity"] - before["activity"],
		Articles:    len(s.articleIDs),
		Collections: s.collections,
		Events:      len(s.eventIDs),
	}, nil
}

// seeder replays the demo's history step by step, each at its own time.
type seeder struct {
	db      *sqlstore.DB
	now     time.Time
	rng     *rand.Rand // the one source of chance, so every run tells the same story
	steps   []step
	people  map[string]person       // by handle
	users   map[string]*praxis.User // by handle, once inserted
	goalIDs map[string]int64        // by slug + "\x00" + title
	ids     map[string]int64        // community IDs by slug
	joined  map[string]time.Time    // by slug + "\x00" + handle: active members only
	// logged counts the entries the store's methods add to the activity log
	// inside the participation window, by slug + "\x00" + handle, so that
	// votes, answers and attendance can land every member at their planned
	// level.
	logged  map[string]int
	posts   map[string][]*plannedPost // by slug, in the order they are written
	threads map[string]*praxis.Thread // by slug + "\x00" + title, once created
	postIDs map[string]int64          // by plannedPost.key, once written
	// articleIDs holds the knowledge base's articles by slug + "\x00" +
	// the title they were drafted with, once drafted.
	articleIDs  map[string]int64
	collections int // saved so far
	// occurrences are the planned occurrences of each community's events,
	// by slug, oldest first; occIDs the IDs the store gave them (occKey).
	occurrences map[string][]*plannedOccurrence
	occIDs      map[string]int64
	eventIDs    map[string]int64 // by slug + "\x00" + title, once scheduled
	visitIDs    map[string]int64 // the visit request made to a community, by slug
	problem     error            // the first reason the plan cannot be kept
}

type step struct {
	at time.Time
	do func(ctx context.Context, db *sqlstore.DB) error
}

// plannedPost is an opening post or a reply, known before it is written so
// that votes can be planned for it.
type plannedPost struct {
	key      string // slug, title and index: 0 for the opening post, n for the nth reply
	by       string
	at       time.Time
	opening  bool
	accepted bool
	voters   map[string]bool
}

func key(a, b string) string { return a + "\x00" + b }

func postKey(slug, title string, n int) string { return fmt.Sprintf("%s\x00%s\x00%d", slug, title, n) }

// ago returns the time days before now, plus a second per step planned so
// far, so that steps on the same day keep the order they were planned in.
func (s *seeder) ago(days int) time.Time {
	return s.now.Add(-time.Duration(days)*day + time.Duration(len(s.steps))*time.Second)
}

// past keeps a planned time at least half an hour before now.
func (s *seeder) past(at time.Time) time.Time {
	if limit := s.now.Add(-30 * time.Minute); at.After(limit) {
		return limit
	}
	return at
}

// add plans a step; by lists the handles whose activity entries it writes.
func (s *seeder) add(at time.Time, slug string, by []string, do func(ctx context.Context, db *sqlstore.DB) error) {
	s.steps = append(s.steps, step{at, do})
	for _, h := range by {
		s.count(at, slug, h)
	}
}

// count notes an activity entry of handle's in a community at a time, for
// the participation levels.
func (s *seeder) count(at time.Time, slug, handle string) {
	if s.inWindow(at) {
		s.logged[key(slug, handle)]++
	}
}

// inWindow reports whether an activity entry at a time counts for the
// participation levels.
func (s *seeder) inWindow(at time.Time) bool { return at.After(s.now.Add(-praxis.ParticipationWindow)) }

// failf notes the first reason the plan cannot be kept; Seed returns it.
func (s *seeder) failf(format string, args ...any) {
	if s.problem == nil {
		s.problem = fmt.Errorf("demo plan: "+format, args...)
	}
}

func (s *seeder) user(h string) *praxis.User { return s.users[h] }

// zone returns a person's time zone, UTC when the system has no zone data.
func (s *seeder) zone(handle string) *time.Location {
	if loc, err := time.LoadLocation(s.people[handle].tz); err == nil {
		return loc
	}
	return time.UTC
}

// workday returns a time during handle's working day, days before now.
func (s *seeder) workday(days int, handle string) time.Time {
	zone := s.zone(handle)
	y, m, d := s.now.Add(-time.Duration(days) * day).In(zone).Date()
	return s.past(time.Date(y, m, d, 8+s.rng.IntN(10), s.rng.IntN(60), 0, 0, zone).UTC())
}

// plan lays out the history: people arrive, communities are founded, members
// join as each community's policy says, take on roles, charters evolve,
// members talk and write down what they learned, events are held on each
// community's cadence; then votes, answers and attendance bring everyone
// to their level.
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
	for _, c := range communities {
		s.planConversations(c)
	}
	for _, c := range communities {
		s.planKnowledge(c.slug)
	}
	for _, c := range communities {
		s.planEvents(c)
	}
	for _, c := range communities {
		s.planParticipation(c)
		s.planAttendance(c)
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

// planConversations plans a community's topics and threads: each thread
// opens on its author's working day, replies follow hours later, the asker
// accepts the answer that helped, and a coordinator pins, locks or closes.
func (s *seeder) planConversations(c *community) {
	slug, founder := c.slug, c.members[0].handle
	convs := conversations[slug]
	if len(convs) == 0 {
		return
	}
	// The founding coordinator sets out the community's topics the day
	// before the oldest conversation, so that they are approved.
	oldest := 0
	for _, cv := range convs {
		oldest = max(oldest, cv.ago)
	}
	for _, tp := range topics[slug] {
		s.add(s.ago(oldest+1), slug, nil, func(ctx context.Context, db *sqlstore.DB) error {
			_, err := db.SaveTopic(ctx, s.user(founder), slug, praxis.Topic{Name: tp.name, Description: tp.description, Approved: true})
			return err
		})
	}
	for _, cv := range convs {
		start := s.workday(cv.ago, cv.by)
		opening := &plannedPost{key: postKey(slug, cv.title, 0), by: cv.by, at: start, opening: true, voters: map[string]bool{}}
		s.posts[slug] = append(s.posts[slug], opening)
		s.add(start, slug, []string{cv.by}, func(ctx context.Context, db *sqlstore.DB) error {
			body, err := s.resolveRefs(slug, cv.body)
			if err != nil {
				return err
			}
			in := praxis.ThreadInput{Kind: &cv.kind, Title: &cv.title, Body: &body, Topics: cv.topics}
			if cv.pinDays > 0 {
				until := s.now.AddDate(0, 0, cv.pinDays).Format("2006-01-02")
				in.PinnedUntil = &until
			}
			t, err := db.CreateThread(ctx, s.user(cv.by), slug, in)
			if err != nil {
				return fmt.Errorf("%q: %w", cv.title, err)
			}
			page, err := db.ThreadPage(ctx, s.user(cv.by), t.ID)
			if err != nil {
				return err
			}
			s.threads[key(slug, cv.title)], s.postIDs[opening.key] = t, page.Opening.ID
			return nil
		})

		last := start
		if i := len(s.posts[slug]); i == 1 {
			// The first asker of each community comes back to clarify, so
			// the demo shows an edited post and its history.
			at := s.past(start.Add(90 * time.Minute))
			s.add(at, slug, []string{cv.by}, func(ctx context.Context, db *sqlstore.DB) error {
				body, err := s.resolveRefs(slug, cv.body)
				if err != nil {
					return err
				}
				body += "\n\n**Edit:** to be clear, I am after what you actually run, not what the textbook says."
				_, err = db.EditPost(ctx, s.user(cv.by), s.postIDs[opening.key], praxis.ThreadInput{Body: &body}, "Say what kind of answer helps")
				return err
			})
		}
		for i, r := range cv.replies {
			at := start.Add(time.Duration(r.after)*time.Hour + time.Duration(s.rng.IntN(45))*time.Minute)
			at = s.past(later(at, last.Add(time.Minute)))
			last = at
			p := &plannedPost{key: postKey(slug, cv.title, i+1), by: r.by, at: at, accepted: cv.accepted == i+1, voters: map[string]bool{}}
			s.posts[slug] = append(s.posts[slug], p)
			s.add(at, slug, []string{r.by}, func(ctx context.Context, db *sqlstore.DB) error {
				body, err := s.resolveRefs(slug, r.body)
				if err != nil {
					return err
				}
				var to int64
				if r.to > 0 {
					to = s.postIDs[postKey(slug, cv.title, r.to)]
				}
				made, err := db.Reply(ctx, s.user(r.by), s.threads[key(slug, cv.title)].ID, body, to)
				if err != nil {
					return fmt.Errorf("reply %d to %q: %w", i+1, cv.title, err)
				}
				s.postIDs[p.key] = made.ID
				return nil
			})
			if p.accepted {
				at := s.past(at.Add(time.Duration(1+s.rng.IntN(8)) * time.Hour))
				s.add(at, slug, []string{cv.by}, func(ctx context.Context, db *sqlstore.DB) error {
					_, err := db.Accept(ctx, s.user(cv.by), s.threads[key(slug, cv.title)].ID, s.postIDs[p.key])
					return err
				})
			}
		}
		if cv.closed || cv.locked {
			s.add(s.past(last.Add(2*time.Hour)), slug, nil, func(ctx context.Context, db *sqlstore.DB) error {
				st := praxis.ThreadState{Locked: &cv.locked}
				if cv.closed {
					closed := praxis.ThreadClosed
					st.Status = &closed
				}
				_, err := db.SetThreadState(ctx, s.user(founder), s.threads[key(slug, cv.title)].ID, st)
				return err
			})
		}
	}
}

// later returns the later of two times.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// refRe marks a link to an earlier thread of the same community in a
// demo post: {{ref:Title}}. It becomes a markdown link once the thread exists.
var refRe = regexp.MustCompile(`\{\{ref:([^}]+)\}\}`)

func (s *seeder) resolveRefs(slug, body string) (string, error) {
	var missing string
	out := refRe.ReplaceAllStringFunc(body, func(m string) string {
		title := refRe.FindStringSubmatch(m)[1]
		t, ok := s.threads[key(slug, title)]
		if !ok {
			missing = title
			return m
		}
		return "[" + title + "](" + t.Path() + ")"
	})
	if missing != "" {
		return "", fmt.Errorf("demo post links to %q, which does not exist yet", missing)
	}
	return out, nil
}

// Participation targets: how many actions a member at each level takes in
// the participation window at least, and how often they come to the
// community's events (in percent), as far as their level leaves room.
func targetFor(rng *rand.Rand, level string) (actions, attendPercent int) {
	switch level {
	case praxis.LevelCore:
		return 21 + rng.IntN(8), 80
	case praxis.LevelActive:
		return 7 + rng.IntN(6), 50
	case praxis.LevelOccasional:
		return 2 + rng.IntN(3), 30
	default:
		return rng.IntN(2), 15
	}
}

// participant is a member whose participation is being planned: need is
// how many more counted actions bring them to their target, room how many
// more their level takes.
type participant struct {
	handle        string
	joinedAt      time.Time
	need, room    int
	attendPercent int
}

// spend notes n more counted actions.
func (p *participant) spend(n int) { p.need, p.room = p.need-n, p.room-n }

// mostActions is the most actions a member at a level takes, up to 100.
func mostActions(level string) int {
	n := 100
	for n > 0 && praxis.ParticipationLevel(n) != level {
		n--
	}
	return n
}

// planParticipation brings each member of a community to their planned
// level: the conversations they wrote and the events they host count
// first, then they come to a share of the community's events as far as
// their level leaves room, answering going beforehand now and then, and
// find answers helpful, preferring accepted ones; what is still missing
// they make up by answering going to events ahead, or attending more.
// Older events and answers get some attendance and votes too.
func (s *seeder) planParticipation(c *community) {
	windowStart := s.now.Add(-praxis.ParticipationWindow + 2*day) // inside the window, with margin
	olderEnd := s.now.Add(-92 * day)

	var ps []*participant
	for _, m := range c.members {
		joinedAt, ok := s.joined[key(c.slug, m.handle)]
		if !ok {
			continue
		}
		target, attendPercent := targetFor(s.rng, m.level)
		logged := s.logged[key(c.slug, m.handle)]
		ps = append(ps, &participant{m.handle, joinedAt.Add(time.Hour), target - logged, mostActions(m.level) - logged, attendPercent})
	}
	s.planWaitlist(c, ps)

	var open []*plannedOccurrence // the occurrences members attend as they please
	for _, o := range s.occurrences[c.slug] {
		if !o.cancelled && !o.ev.invited {
			open = append(open, o)
		}
	}
	posts := s.posts[c.slug]
	for _, p := range ps {
		var recent, ahead []*plannedOccurrence
		for _, o := range open {
			switch {
			case s.ahead(o):
				if o.answers[p.handle] == "" && !o.start.Before(p.joinedAt) {
					ahead = append(ahead, o)
				}
			case !s.ended(o) || o.start.Before(p.joinedAt.Add(day)) || o.attended(p.handle):
			case o.start.After(windowStart):
				recent = append(recent, o)
			case o.start.Before(olderEnd) && s.rng.IntN(100) < p.attendPercent:
				s.attend(o, p.handle, p.joinedAt, s.rng.IntN(2) == 0)
			}
		}
		s.rng.Shuffle(len(recent), func(i, j int) { recent[i], recent[j] = recent[j], recent[i] })
		attend := func(answer bool) {
			p.spend(s.attend(recent[0], p.handle, p.joinedAt, answer && s.rng.IntN(2) == 0))
			recent = recent[1:]
		}
		want := 0
		for range recent {
			if s.rng.IntN(100) < p.attendPercent {
				want++
			}
		}
		for ; want > 0 && p.room > 0 && len(recent) > 0; want-- {
			attend(p.room >= 2)
		}

		var candidates []*plannedPost
		for _, post := range posts {
			if post.by != p.handle && post.at.After(windowStart) && post.at.After(p.joinedAt) {
				candidates = append(candidates, post)
			}
		}
		for ; p.need > 0 && len(candidates) > 0; p.spend(1) {
			i := pickPost(s.rng, candidates)
			s.vote(c.slug, p.handle, candidates[i], s.now)
			candidates = append(candidates[:i], candidates[i+1:]...)
		}
		for ; p.need > 0 && len(ahead) > 0; ahead = ahead[1:] {
			added, _ := s.answerAhead(ahead[0], p.handle, p.joinedAt, praxis.RSVPGoing)
			p.spend(added)
		}
		for p.need > 0 && len(recent) > 0 {
			attend(p.need >= 2)
		}
		if p.need > 0 {
			s.failf("%s: @%s is %d actions short of their level", c.slug, p.handle, p.need)
		}
		// Some leave the next one open.
		if len(ahead) > 0 && s.rng.IntN(3) == 0 {
			s.answerAhead(ahead[0], p.handle, p.joinedAt, praxis.RSVPMaybe)
		}
	}

	// Before the window: accepted answers are found helpful by two members,
	// other posts now and then by one.
	for _, p := range posts {
		if !p.at.Before(olderEnd) {
			continue
		}
		votes := s.rng.IntN(2)
		if p.accepted {
			votes = 2
		}
		for _, mi := range s.rng.Perm(len(c.members)) {
			h := c.members[mi].handle
			joinedAt, ok := s.joined[key(c.slug, h)]
			if votes == 0 || !ok || h == p.by || joinedAt.After(p.at) {
				continue
			}
			s.vote(c.slug, h, p, olderEnd)
			votes--
		}
	}
}

// planAttendance plans, after each past occurrence of a community's
// events, its first host marking who attended.
func (s *seeder) planAttendance(c *community) {
	for _, o := range s.occurrences[c.slug] {
		if o.cancelled || !s.ended(o) || len(o.attendees) == 0 {
			continue
		}
		host := o.ev.hosts[0]
		s.onOccurrence(s.past(o.end.Add(time.Hour)), o, nil, "attendance", func(ctx context.Context, db *sqlstore.DB, id int64) error {
			return db.MarkAttendance(ctx, s.user(host), id, o.attendees)
		})
	}
}

// pickPost chooses a post to vote for: accepted answers are the likeliest,
// replies likelier than opening posts.
func pickPost(rng *rand.Rand, ps []*plannedPost) int {
	weight := func(p *plannedPost) int {
		switch {
		case p.accepted:
			return 5
		case p.opening:
			return 1
		}
		return 2
	}
	total := 0
	for _, p := range ps {
		total += weight(p)
	}
	n := rng.IntN(total)
	for i, p := range ps {
		if n -= weight(p); n < 0 {
			return i
		}
	}
	return len(ps) - 1
}

// vote plans handle's helpful vote for p, some hours after it was written
// and before limit.
func (s *seeder) vote(slug, handle string, p *plannedPost, limit time.Time) {
	if p.voters[handle] {
		return
	}
	at := p.at.Add(time.Duration(20+s.rng.IntN(36*60)) * time.Minute)
	if limit := limit.Add(-time.Hour); at.After(limit) {
		at = later(limit, p.at.Add(time.Minute))
	}
	at = s.past(at)
	p.voters[handle] = true
	s.add(at, slug, []string{handle}, func(ctx context.Context, db *sqlstore.DB) error {
		_, err := db.Vote(ctx, s.user(handle), s.postIDs[p.key], true)
		return err
	})
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

// person is one of the demo's placeholder members.
type person struct {
	handle, name, org, title, location, tz, bio string
	expertise                                   []string
}

func (p person) user() *praxis.User {
	return &praxis.User{Handle: p.handle, DisplayName: p.name, Role: praxis.RoleMember, Organization: p.org, Title: p.title,
		Location: p.location, TimeZone: p.tz, Bio: p.bio, Expertise: p.expertise}
}

// community is a demo community: its charter and its members in order of
// arrival (the first founds and coordinates it). Its conversations and
// topics are in conversations.go, its knowledge base in knowledge.go and
// articles.go, its events in events.go.
type community struct {
	name, slug, typ, visibility, joinPolicy, stage string
	laterStage                                     string // the stage the community moves to, laterStageAgo days ago
	laterStageAgo                                  int
	domain, purpose, values, norms                 string
	goals                                          []goal
	members                                        []member
}

// member is a person's place in a demo community.
type member struct {
	handle    string
	joinedAgo int    // days before now
	role      string // core or coordinator, set a month after joining; empty for members
	level     string // the participation level their conversations, votes and attendance give them
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
	},
}
