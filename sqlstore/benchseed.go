package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"praxis"
	"praxis/password"
)

// BenchSpec describes the organization BenchSeed generates for load tests
// (praxis bench seed): its size, its seed and where its history ends.
type BenchSpec struct {
	Seed        uint64
	Now         time.Time // history ends here; zero means now, to the minute
	Years       int       // of history; 0 means 3
	Users       int       // members, besides the administrator
	Communities int
	Posts       int    // opening posts and replies, at least
	Password    string // of every generated account: for benchmarks only
}

// Handles of the two accounts a load test signs in with.
const (
	BenchAdminHandle  = "bench-admin"
	BenchMemberHandle = "bench-member"
)

// BenchTargets names what a load test of the generated organization asks
// for: the busiest public community, threads with exactly 20 and 200
// replies, published articles, busy members' profiles, search queries and
// question drafts that its conversations answer.
type BenchTargets struct {
	Community  string           `json:"community"`
	Threads20  []int64          `json:"threads_20"`
	Threads200 []int64          `json:"threads_200"`
	Articles   []int64          `json:"articles"`
	Profiles   []string         `json:"profiles"`
	Queries    []string         `json:"queries"`
	Drafts     []BenchDraft     `json:"drafts"`
	Member     string           `json:"member"` // a core member of Community, also in a private community
	Admin      string           `json:"admin"`
	Counts     map[string]int64 `json:"counts"` // rows written, by table
}

// BenchDraft is a question being written, for the similar-questions and
// experts calls.
type BenchDraft struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// BenchSeed fills an EMPTY database with a generated organization, in one
// transaction and in large multi-row INSERTs: users from several
// organizations, communities of every type, visibility and join policy,
// members with skewed participation, conversations with skewed reply
// counts, votes and accepted answers, a knowledge base with articles in
// every state, events with occurrences, RSVPs and attendance, and the
// activity log that participation and health read. The same spec writes
// the same data. Rows are written with their ids, bypassing the services'
// checks, so it refuses a database that holds anything. It does not fill
// the search index: call Reindex afterwards. progress, when not nil, hears
// of each phase as it goes (people, communities, posts, articles, events,
// and commit when the data are written and the transaction commits).
// Errors: EINVALID (a bad spec), ECONFLICT (the database is not empty).
func (db *DB) BenchSeed(ctx context.Context, spec BenchSpec, progress func(phase string, done, total int64)) (*BenchTargets, error) {
	if spec.Years == 0 {
		spec.Years = 3
	}
	if spec.Now.IsZero() {
		spec.Now = db.now()
	}
	spec.Now = spec.Now.UTC().Truncate(time.Minute)
	var v praxis.Validation
	switch {
	case spec.Users < 20 || spec.Users > 10_000_000:
		v.Add("users", "Generate between 20 and 10,000,000 members.")
	case spec.Communities < 2 || spec.Communities > 100_000:
		v.Add("communities", "Generate between 2 and 100,000 communities.")
	case spec.Posts < 500 || spec.Posts > 100_000_000:
		v.Add("posts", "Generate between 500 and 100,000,000 posts.")
	case spec.Years < 1 || spec.Years > 30:
		v.Add("years", "Generate between 1 and 30 years of history.")
	case len(spec.Password) < praxis.MinPasswordLen:
		v.Add("password", "The password of the generated accounts is too short.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	hash, err := password.Hash(spec.Password, db.passwordParams)
	if err != nil {
		return nil, err
	}
	var targets *BenchTargets
	err = db.update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM communities)`).Scan(&n); err != nil {
			return err
		} else if n > 0 {
			return praxis.Errorf(praxis.ECONFLICT, "This database already has users or communities; the bench seed only fills an empty one.")
		}
		if err := db.d.beginBulkLoad(ctx, tx.Tx); err != nil {
			return err
		}
		g := newBenchGen(ctx, tx, spec, hash, progress)
		if err := g.run(); err != nil {
			return err
		}
		targets = g.targets
		progress("commit", 0, 0)
		return db.d.endBulkLoad(ctx, tx.Tx, benchIDTables)
	})
	if err != nil {
		return nil, err
	}
	return targets, nil
}

// benchIDTables are the tables whose ids the seed writes itself.
var benchIDTables = []string{"users", "communities", "topics", "threads", "posts", "articles", "collections", "events", "event_occurrences", "visit_requests"}

// bulkTable buffers the rows of one table until they are written in
// multi-row INSERTs.
type bulkTable struct {
	name string
	cols []string
	max  int // rows per statement
	args []any
	stmt *sql.Stmt // for a full statement, prepared on first use
}

// insertSQL is the INSERT of n rows.
func (t *bulkTable) insertSQL(d *dialect, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES ")
	p := 1
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range t.cols {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(d.bulkPlaceholder(p))
			p++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// benchGen generates one organization inside a transaction. Writes buffer
// rows per table; flush writes every table in the order they were
// declared, parents before children, so foreign keys always hold. The
// first error sticks and stops the rest.
type benchGen struct {
	ctx      context.Context
	tx       *Tx
	spec     BenchSpec
	hash     string
	rng      *rand.Rand
	text     *benchText
	now      int64 // ms
	start    int64 // ms: when history begins
	progress func(phase string, done, total int64)
	err      error

	tables   []*bulkTable
	byName   map[string]*bulkTable
	buffered int
	ids      map[string]int64
	counts   map[string]int64

	users   []*benchUser
	comms   []*benchCommunity
	targets *BenchTargets
}

type benchUser struct {
	id      int64
	handle  string
	name    string
	org     int
	created int64
	first   *benchCommunity // the first community joined, for expertise
}

type benchMember struct {
	user   int // index in benchGen.users
	role   string
	state  string
	joined int64
}

type benchThreadRef struct {
	id    int64
	title string
}

type benchCommunity struct {
	id                       int64
	index                    int
	slug, name, kind         string
	visibility, join, stage  string
	domain                   *benchDomain
	created                  int64
	weight                   float64
	members                  []benchMember // by rank: the most active first
	active                   []int         // indexes in members of active members
	leads                    []int         // indexes in members of coordinators and core members
	coordinator              int           // index in members of the first coordinator
	zipf                     *rand.Zipf    // over active
	topics                   []int64
	topicNames               []string
	recent                   []benchThreadRef // for links to earlier threads
	solved                   []benchThreadRef // a sample, for article sources and collections
	published                []int64          // articles
	threads                  int
	rule                     string // of its event series, or ""
	cadenceDays              int
	cadenceKind              string
	postsBudget              int
	questionDraft, draftBody string
}

// benchThread is a thread planned before it is written, so that threads
// get their ids in the order they were started.
type benchThread struct {
	c       *benchCommunity
	kind    string
	created int64
	replies int
	target  int // 20 or 200: a load-test target
}

func newBenchGen(ctx context.Context, tx *Tx, spec BenchSpec, hash string, progress func(string, int64, int64)) *benchGen {
	rng := rand.New(rand.NewPCG(spec.Seed, spec.Seed^0x9e3779b97f4a7c15))
	now := ms(spec.Now)
	g := &benchGen{ctx: ctx, tx: tx, spec: spec, hash: hash, rng: rng, now: now,
		start: ms(spec.Now.AddDate(-spec.Years, 0, 0)), progress: progress,
		byName: map[string]*bulkTable{}, ids: map[string]int64{}, counts: map[string]int64{},
		targets: &BenchTargets{Admin: BenchAdminHandle, Member: BenchMemberHandle, Counts: map[string]int64{}}}
	poolSize := 300
	if spec.Posts < 50_000 {
		poolSize = 60
	}
	g.text = newBenchText(tx.db.render, rng, poolSize)
	// Parents before children: flush writes in this order.
	g.table("users", "id", "handle", "email", "display_name", "password_hash", "role", "organization", "title", "location", "time_zone", "bio", "created_at", "updated_at")
	g.table("user_expertise", "user_id", "position", "topic")
	g.table("communities", "id", "slug", "name", "domain_statement", "purpose", "type", "visibility", "join_policy", "stage",
		"charter_values", "charter_norms", "charter_version", "created_by", "created_at", "updated_at", "kb_review_months", "cadence_days", "cadence_kind")
	g.table("goals", "community_id", "kind", "title", "description", "status", "due_date", "owner_id", "position", "created_at", "updated_at")
	g.table("charter_revisions", "community_id", "number", "author_id", "snapshot", "created_at")
	g.table("memberships", "community_id", "user_id", "role", "state", "message", "invited_by", "created_at", "joined_at")
	g.table("topics", "id", "community_id", "name", "description", "approved", "created_by", "created_at")
	g.table("threads", "id", "community_id", "kind", "title", "author_id", "status", "pinned", "pinned_until", "locked", "accepted_post_id",
		"reply_count", "helpful_count", "excerpt", "created_at", "last_activity_at")
	g.table("posts", "id", "thread_id", "community_id", "author_id", "opening", "source", "html", "helpful", "revision",
		"deleted_at", "deleted_by", "created_at", "edited_at")
	g.table("post_revisions", "post_id", "number", "author_id", "title", "source", "summary", "created_at")
	g.table("thread_topics", "thread_id", "topic_id")
	g.table("votes", "post_id", "user_id", "created_at")
	g.table("post_links", "post_id", "thread_id")
	g.table("follows", "user_id", "target_type", "target_id", "created_at")
	g.table("notifications", "user_id", "kind", "actor_id", "community_id", "thread_id", "post_id", "created_at", "read_at")
	g.table("articles", "id", "community_id", "kind", "title", "source", "html", "excerpt", "status", "verified_by", "verified_at",
		"review_by", "revision", "reuse_count", "created_by", "created_at", "updated_at", "published_at")
	g.table("article_authors", "article_id", "user_id", "position")
	g.table("article_stewards", "article_id", "user_id")
	g.table("article_topics", "article_id", "topic_id")
	g.table("article_revisions", "article_id", "number", "author_id", "title", "source", "summary", "created_at")
	g.table("article_reviews", "article_id", "reviewer_id", "requested_by", "state", "comment", "created_at", "updated_at")
	g.table("article_sources", "article_id", "thread_id")
	g.table("article_reuses", "article_id", "user_id", "note", "created_at")
	g.table("collections", "id", "community_id", "title", "description", "start_here", "position", "created_by", "created_at", "updated_at")
	g.table("collection_items", "collection_id", "position", "article_id", "thread_id", "note")
	g.table("events", "id", "community_id", "kind", "title", "description", "html", "time_zone", "start_local", "duration_minutes",
		"rrule", "place", "online_url", "visibility", "capacity", "created_by", "created_at", "updated_at")
	g.table("event_hosts", "event_id", "user_id")
	g.table("event_speakers", "event_id", "position", "name")
	g.table("event_invitees", "event_id", "user_id")
	g.table("event_occurrences", "id", "event_id", "community_id", "original_start", "starts_at", "ends_at", "harvest_notes",
		"harvested_at", "created_at")
	g.table("rsvps", "occurrence_id", "user_id", "status", "note", "waitlisted_at", "attended", "created_at", "updated_at")
	g.table("visit_requests", "id", "community_id", "from_user", "what", "why", "proposed_dates", "status", "answer", "answered_by",
		"created_at", "answered_at")
	g.table("activity", "community_id", "actor_id", "verb", "object_type", "object_id", "summary", "created_at")
	return g
}

func (g *benchGen) table(name string, cols ...string) {
	t := &bulkTable{name: name, cols: cols, max: min(1000, 30000/len(cols))}
	g.tables = append(g.tables, t)
	g.byName[name] = t
}

// add buffers one row of a table.
func (g *benchGen) add(table string, vals ...any) {
	t := g.byName[table]
	if len(vals) != len(t.cols) {
		panic(fmt.Sprintf("bench seed: %d values for the %d columns of %s", len(vals), len(t.cols), table))
	}
	t.args = append(t.args, vals...)
	g.counts[table]++
	g.buffered++
}

// maybeFlush writes what is buffered once it is a lot. It is called only
// between whole objects (a user, a thread with its posts, an article, an
// event), so that a row is never written before one it refers to.
func (g *benchGen) maybeFlush() {
	if g.buffered >= 20000 {
		g.flush()
	}
}

// flush writes every buffered row, table by table in declaration order.
func (g *benchGen) flush() {
	g.buffered = 0
	for _, t := range g.tables {
		if g.err != nil {
			t.args = t.args[:0]
			continue
		}
		width := len(t.cols)
		rest := t.args
		for len(rest) > 0 && g.err == nil {
			n := min(len(rest)/width, t.max)
			chunk := rest[:n*width]
			rest = rest[n*width:]
			var err error
			if n == t.max {
				if t.stmt == nil {
					t.stmt, err = g.tx.PrepareContext(g.ctx, t.insertSQL(g.tx.db.d, n))
				}
				if err == nil {
					_, err = t.stmt.ExecContext(g.ctx, chunk...)
				}
			} else {
				_, err = g.tx.ExecContext(g.ctx, t.insertSQL(g.tx.db.d, n), chunk...)
			}
			if err != nil {
				g.err = fmt.Errorf("bench seed: insert into %s: %w", t.name, err)
			}
		}
		clear(t.args)
		t.args = t.args[:0]
	}
}

// next returns the next id of a table whose ids the seed writes.
func (g *benchGen) next(table string) int64 {
	g.ids[table]++
	return g.ids[table]
}

// Chance and time.

func (g *benchGen) chance(p float64) bool { return g.rng.Float64() < p }

// between returns a time uniformly between a and b (ms).
func (g *benchGen) between(a, b int64) int64 {
	if b <= a {
		return a
	}
	return a + g.rng.Int64N(b-a)
}

// later returns t plus an exponential delay of the given mean, at most
// the end of history.
func (g *benchGen) later(t int64, mean time.Duration) int64 {
	return min(t+int64(g.rng.ExpFloat64()*float64(mean.Milliseconds()))+1000, g.now-1000)
}

const (
	msHour = int64(time.Hour / time.Millisecond)
	msDay  = 24 * msHour
)

func (g *benchGen) run() error {
	steps := []func(){g.settings, g.planCommunities, g.planMembers, g.writePeople, g.writeCommunities, g.conversations,
		g.knowledge, g.events, g.flush, g.finish}
	for _, step := range steps {
		if err := g.ctx.Err(); err != nil {
			return err
		}
		step()
		if g.err != nil {
			return g.err
		}
	}
	return nil
}

func (g *benchGen) settings() {
	g.tx.now = fromMS(g.now)
	s := praxis.Settings{Name: "Praxis bench", SignupPolicy: praxis.SignupOpen, CommunityCreation: praxis.CreationMembers}
	if err := g.tx.saveSettings(g.ctx, &s); err != nil {
		g.err = err
	}
}

// planCommunities names the communities and decides their settings; the
// first is the busiest, public and open: the load test's community.
func (g *benchGen) planCommunities() {
	kinds := []string{praxis.TypeHelping, praxis.TypeBestPractice, praxis.TypeKnowledgeStewarding, praxis.TypeInnovation}
	stages := []string{praxis.StageMaturing, praxis.StageMaturing, praxis.StageStewardship, praxis.StageCoalescing, praxis.StagePotential, praxis.StageTransformation}
	rules := []struct {
		rule, kind string
		days       int
	}{
		{"FREQ=WEEKLY;INTERVAL=2", praxis.EventMeetup, 14},
		{"FREQ=MONTHLY;BYDAY=2TU", praxis.EventTalk, 30},
		{"FREQ=MONTHLY;BYDAY=1TH", praxis.EventClinic, 30},
		{"FREQ=WEEKLY", praxis.EventClinic, 7},
	}
	seen := map[string]bool{}
	for i := range g.spec.Communities {
		d := benchDomains[i%len(benchDomains)]
		name := d.name
		if r := i / len(benchDomains); r > 0 {
			name += " " + benchRegions[(r-1)%len(benchRegions)]
			if r > len(benchRegions) {
				name += " " + strconv.Itoa(r/len(benchRegions)+1)
			}
		}
		c := &benchCommunity{index: i, name: name, slug: praxis.Slugify(name), domain: d, kind: kinds[i%len(kinds)],
			stage: stages[g.rng.IntN(len(stages))], weight: 1 / math.Pow(float64(i+1), 0.85)}
		for seen[c.slug] {
			c.slug += "-x"
		}
		seen[c.slug] = true
		switch r := g.rng.Float64(); {
		case i == 0 || r < 0.55:
			c.visibility, c.join = praxis.VisibilityPublic, praxis.JoinOpen
			if i > 0 && g.chance(0.3) {
				c.join = praxis.JoinRequest
			}
		case r < 0.85:
			c.visibility, c.join = praxis.VisibilityInternal, praxis.JoinOpen
			if g.chance(0.4) {
				c.join = praxis.JoinRequest
			}
		default:
			c.visibility, c.join = praxis.VisibilityPrivate, praxis.JoinInvitation
			if g.chance(0.4) {
				c.join = praxis.JoinRequest
			}
		}
		if i == 0 {
			c.stage = praxis.StageMaturing
		}
		// The first communities are as old as the history; later ones
		// started during its first half.
		c.created = g.start
		if i > 0 {
			c.created = g.between(g.start, g.start+(g.now-g.start)/2)
		}
		if i == 0 || g.chance(0.7) {
			r := rules[g.rng.IntN(len(rules))]
			c.rule, c.cadenceDays, c.cadenceKind = r.rule, r.days, r.kind
		}
		g.comms = append(g.comms, c)
	}
	// The bench member belongs to a private community: make sure there is one.
	if !slices.ContainsFunc(g.comms, func(c *benchCommunity) bool { return c.visibility == praxis.VisibilityPrivate }) {
		c := g.comms[len(g.comms)-1]
		c.visibility, c.join = praxis.VisibilityPrivate, praxis.JoinInvitation
	}
}

// planMembers decides who joins which community and when: a few people
// join many communities and do most of the work, most join one or two.
// Within a community, members are ranked: the first ones coordinate and
// joined early, the long tail joined over time.
func (g *benchGen) planMembers() {
	n := g.spec.Users
	cum := make([]float64, len(g.comms))
	total := 0.0
	for i, c := range g.comms {
		total += c.weight
		cum[i] = total
	}
	pickCommunity := func() int {
		return min(sort.SearchFloat64s(cum, g.rng.Float64()*total), len(cum)-1)
	}
	privateIdx := slices.IndexFunc(g.comms, func(c *benchCommunity) bool { return c.visibility == praxis.VisibilityPrivate })
	r := float64(max(50, n/500))
	seenHandles := map[string]int{}
	orgCum := make([]float64, len(benchOrgs))
	sum := 0.0
	for i, o := range benchOrgs {
		sum += o.share
		orgCum[i] = sum
	}
	member := make([][]int, len(g.comms)) // user indexes by community
	for i := range n {
		u := &benchUser{id: int64(i + 2)}
		first, last := g.text.pick(benchFirst), g.text.pick(benchLast)
		u.name = first + " " + last
		h := strings.ToLower(strings.NewReplacer("ü", "u", "ö", "o").Replace(first + "-" + last))
		if k := seenHandles[h]; k > 0 {
			seenHandles[h] = k + 1
			h += "-" + strconv.Itoa(k+1)
		} else {
			seenHandles[h] = 1
		}
		u.handle = h
		u.org = min(sort.SearchFloat64s(orgCum, g.rng.Float64()*sum), len(benchOrgs)-1)
		if i == 1 {
			u.handle, u.name = BenchMemberHandle, "Bench Member"
		}
		g.users = append(g.users, u)
		k := 1 + int(6/(1+float64(i)/r)) + g.rng.IntN(2)
		k = min(k, len(g.comms))
		chosen := map[int]bool{}
		switch i {
		case 0:
			chosen[0] = true
		case 1:
			chosen[0] = true
			chosen[privateIdx] = true
		}
		for tries := 0; len(chosen) < k && tries < 20*k; tries++ {
			chosen[pickCommunity()] = true
		}
		cs := make([]int, 0, len(chosen))
		for ci := range chosen {
			cs = append(cs, ci)
		}
		slices.Sort(cs)
		for _, ci := range cs {
			member[ci] = append(member[ci], i)
		}
	}
	// Every community has a few people; the smallest borrow them from the
	// most active.
	minMembers := min(8, n)
	for ci := range g.comms {
		for len(member[ci]) < minMembers {
			ui := g.rng.IntN(max(minMembers*2, n/20))
			if ui >= n || slices.Contains(member[ci], ui) {
				continue
			}
			member[ci] = append(member[ci], ui)
			slices.Sort(member[ci])
		}
	}
	for ci, c := range g.comms {
		g.rankMembers(c, member[ci])
	}
	// An account is a little older than its first membership.
	for _, u := range g.users {
		u.created = g.now - msDay
	}
	for _, c := range g.comms {
		for _, m := range c.members {
			u := g.users[m.user]
			at := m.joined
			if at == 0 {
				at = c.created + (g.now-c.created)/2
			}
			if at-msHour < u.created {
				u.created = max(g.start-30*msDay, at-msHour-g.rng.Int64N(30*msDay))
				u.first = c
			}
		}
	}
}

// rankMembers gives a community its members, most active first: roles,
// states and the times they joined.
func (g *benchGen) rankMembers(c *benchCommunity, users []int) {
	n := len(users)
	coords := 1
	if n > 30 {
		coords++
	}
	if n > 500 {
		coords++
	}
	core := min(30, max(1, n/80))
	span := g.now - c.created
	for j, ui := range users {
		m := benchMember{user: ui, role: praxis.MemberRegular, state: praxis.StateActive}
		switch {
		case j < coords:
			m.role = praxis.MemberCoordinator
		case j < coords+core:
			m.role = praxis.MemberCore
		}
		if c.index == 0 && ui == 1 {
			m.role = praxis.MemberCore
		}
		frac := float64(j) / float64(n)
		switch {
		case j == 0:
			m.joined = c.created
		case m.role != praxis.MemberRegular:
			m.joined = c.created + g.rng.Int64N(7*msDay)
		default:
			m.joined = c.created + int64(float64(span)*min(0.97, frac*(0.3+0.9*g.rng.Float64())))
		}
		m.joined = min(m.joined, g.now-msHour)
		// A few of the newest ask to join or are invited and wait.
		if m.role == praxis.MemberRegular && ui != 1 && j > n/2 && g.chance(0.03) {
			switch c.join {
			case praxis.JoinRequest:
				m.state = praxis.StatePending
			case praxis.JoinInvitation:
				m.state = praxis.StateInvited
			}
		}
		c.members = append(c.members, m)
		if m.state == praxis.StateActive {
			c.active = append(c.active, j)
			if m.role != praxis.MemberRegular {
				c.leads = append(c.leads, j)
			}
		}
	}
	c.coordinator = 0
	c.zipf = rand.NewZipf(g.rng, 1.1, 2, uint64(len(c.active)-1))
}

// writePeople writes the administrator, the members and their expertise.
func (g *benchGen) writePeople() {
	total := int64(len(g.users) + 1)
	g.progress("people", 0, total)
	g.add("users", int64(1), BenchAdminHandle, BenchAdminHandle+"@example.org", "Bench Admin", g.hash, praxis.RoleAdmin,
		benchOrgs[0].name, "Administrator", benchOrgs[0].location, benchOrgs[0].zone, "", g.start-31*msDay, g.start-31*msDay)
	g.ids["users"] = int64(len(g.users) + 1)
	for i, u := range g.users {
		o := benchOrgs[u.org]
		title := g.text.pick(benchTitles)
		bio := ""
		if i < len(g.users)/3 {
			bio = fmt.Sprintf("%s at %s. Ask me about the %s.", title, o.name, g.text.pick(g.pickDomain(u).terms))
		}
		g.add("users", u.id, u.handle, u.handle+"@"+o.domain, u.name, g.hash, praxis.RoleMember, o.name, title, o.location, o.zone,
			bio, u.created, u.created)
		if i < len(g.users)/5 {
			d := g.pickDomain(u)
			n := 1 + g.rng.IntN(3)
			for pos, k := range g.rng.Perm(len(d.terms))[:n] {
				g.add("user_expertise", u.id, pos, d.terms[k])
			}
		}
		g.maybeFlush()
		if i%10000 == 0 {
			g.progress("people", int64(i+1), total)
		}
	}
	g.progress("people", total, total)
}

func (g *benchGen) pickDomain(u *benchUser) *benchDomain {
	if u.first != nil {
		return u.first.domain
	}
	return benchDomains[0]
}

// writeCommunities writes the communities with their charters, goals,
// topics and memberships, and who joined when.
func (g *benchGen) writeCommunities() {
	goalTitles := []string{"Write down our %s practice", "Halve the time spent on the %s", "Run a clinic on the %s every month",
		"Publish a %s checklist", "Onboard ten newcomers to the %s work"}
	statuses := []string{praxis.GoalPlanned, praxis.GoalInProgress, praxis.GoalInProgress, praxis.GoalDone, praxis.GoalDropped}
	g.progress("communities", 0, int64(len(g.comms)))
	for ci, c := range g.comms {
		c.id = g.next("communities")
		coord := g.users[c.members[c.coordinator].user]
		values := "Generosity with what we know. Respect for the work of others."
		norms := "Ask early. Answer kindly. Write down what we learn."
		purpose := fmt.Sprintf("We help each other with the %s and the %s, and keep what we learn.", c.domain.terms[0], c.domain.terms[1])
		g.add("communities", c.id, c.slug, c.name, c.domain.statement, purpose, c.kind, c.visibility, c.join, c.stage,
			values, norms, 1, coord.id, c.created, c.created, 12, c.cadenceDays, c.cadenceKind)
		comm := &praxis.Community{Name: c.name, DomainStatement: c.domain.statement, Purpose: purpose, Type: c.kind,
			Visibility: c.visibility, JoinPolicy: c.join, Stage: c.stage, Values: values, Norms: norms}
		var goals []*praxis.Goal
		for pos := range 2 + g.rng.IntN(3) {
			goal := &praxis.Goal{Kind: praxis.GoalKindGoal, Title: fmt.Sprintf(goalTitles[g.rng.IntN(len(goalTitles))], g.text.pick(c.domain.terms)),
				Status: statuses[g.rng.IntN(len(statuses))], OwnerHandle: coord.handle, Position: pos}
			if pos%2 == 1 {
				goal.Kind = praxis.GoalKindDeliverable
			}
			if g.chance(0.6) {
				goal.DueDate = fromMS(g.between(c.created, g.now+365*msDay)).Format("2006-01-02")
			}
			goals = append(goals, goal)
			g.add("goals", c.id, goal.Kind, goal.Title, "", goal.Status, goal.DueDate, coord.id, pos, c.created, c.created)
		}
		snap, err := json.Marshal(praxis.Snapshot(comm, goals))
		if err != nil {
			g.err = err
			return
		}
		g.add("charter_revisions", c.id, 1, coord.id, string(snap), c.created)
		g.add("activity", c.id, coord.id, praxis.VerbCreated, "community", c.id, c.name, c.created)
		for _, k := range g.rng.Perm(len(c.domain.terms))[:8+g.rng.IntN(5)] {
			id := g.next("topics")
			name := praxis.NormalizeTopic(c.domain.terms[k])
			c.topics = append(c.topics, id)
			c.topicNames = append(c.topicNames, name)
			g.add("topics", id, c.id, name, "", true, coord.id, c.created)
		}
		for _, m := range c.members {
			u := g.users[m.user]
			switch m.state {
			case praxis.StateActive:
				g.add("memberships", c.id, u.id, m.role, m.state, "", nil, m.joined, m.joined)
				g.add("activity", c.id, u.id, praxis.VerbJoined, "community", c.id, "", m.joined)
				if g.chance(0.1) {
					g.add("follows", u.id, praxis.FollowCommunity, c.id, m.joined)
				}
			case praxis.StatePending:
				g.add("memberships", c.id, u.id, m.role, m.state, "I would like to learn from you.", nil, m.joined, nil)
				g.add("activity", c.id, u.id, praxis.VerbRequestedJoin, "community", c.id, "", m.joined)
			case praxis.StateInvited:
				g.add("memberships", c.id, u.id, m.role, m.state, "", coord.id, m.joined, nil)
				g.add("activity", c.id, coord.id, praxis.VerbInvited, "user", u.id, u.handle, m.joined)
			}
		}
		g.maybeFlush()
		g.progress("communities", int64(ci+1), int64(len(g.comms)))
	}
}

// member returns an active member who had joined by t, most often one of
// the most active.
func (g *benchGen) member(c *benchCommunity, t int64) int {
	for range 6 {
		j := c.active[c.zipf.Uint64()]
		if c.members[j].joined <= t {
			return j
		}
	}
	return c.active[0]
}

// replyCount draws a thread's number of replies: log-normal, so that most
// threads have a few and some have many.
func (g *benchGen) replyCount() int {
	return min(150, max(0, int(math.Exp(1.37+g.rng.NormFloat64()))-1))
}

// voteCount draws the helpful votes of a post.
func (g *benchGen) voteCount() int {
	switch r := g.rng.Float64(); {
	case r < 0.55:
		return 0
	case r < 0.8:
		return 1
	case r < 0.92:
		return 2
	case r < 0.97:
		return 3 + g.rng.IntN(2)
	default:
		return 5 + g.rng.IntN(8)
	}
}

// conversations plans every thread, orders them by start and writes them.
func (g *benchGen) conversations() {
	var plan []*benchThread
	special := 5*20 + 5*200 + 10
	budget := max(0, g.spec.Posts-special)
	totalActive := 0
	for _, c := range g.comms {
		totalActive += len(c.active)
	}
	kinds := func() string {
		switch r := g.rng.Float64(); {
		case r < 0.65:
			return praxis.KindQuestion
		case r < 0.95:
			return praxis.KindDiscussion
		default:
			return praxis.KindAnnouncement
		}
	}
	posts := 0
	for _, c := range g.comms {
		c.postsBudget = max(budget*len(c.active)/totalActive, 12)
		span := float64(g.now - 10*60*1000 - c.created)
		for n := 0; n < c.postsBudget; {
			t := &benchThread{c: c, kind: kinds(), created: c.created + int64(span*math.Pow(g.rng.Float64(), 0.6))}
			t.replies = g.replyCount()
			if t.kind == praxis.KindAnnouncement {
				t.replies /= 3
			}
			n += 1 + t.replies
			posts += 1 + t.replies
			plan = append(plan, t)
		}
	}
	c0 := g.comms[0]
	for i := range 10 {
		t := &benchThread{c: c0, kind: praxis.KindQuestion, created: g.now - int64(10+3*i)*msDay - g.rng.Int64N(msDay), replies: 20, target: 20}
		if i >= 5 {
			t.replies, t.target = 200, 200
		}
		posts += 1 + t.replies
		plan = append(plan, t)
	}
	slices.SortStableFunc(plan, func(a, b *benchThread) int { return cmp.Compare(a.created, b.created) })
	g.progress("posts", 0, int64(posts))
	done := 0
	for i, t := range plan {
		done += g.thread(t)
		g.maybeFlush()
		if g.err != nil {
			return
		}
		if i%200 == 0 {
			if err := g.ctx.Err(); err != nil {
				g.err = err
				return
			}
			g.progress("posts", int64(done), int64(posts))
		}
	}
	g.flush()
	g.progress("posts", int64(done), int64(posts))
}

// thread writes one planned thread with its replies, votes, accepted
// answer, follows, notifications and activity, and returns its posts.
func (g *benchGen) thread(pt *benchThread) int {
	c := pt.c
	d := c.domain
	id := g.next("threads")
	t0 := pt.created
	var author int
	if pt.kind == praxis.KindAnnouncement {
		author = c.leads[g.rng.IntN(len(c.leads))]
		if c.members[author].joined > t0 {
			author = c.coordinator
		}
	} else {
		author = g.member(c, t0)
	}
	authorID := g.users[c.members[author].user].id
	title := g.text.title(d, pt.kind)
	// Reply times: exponential gaps, squeezed into what is left of history.
	times := make([]int64, pt.replies)
	gap := float64(5 * msHour)
	if pt.target > 0 {
		gap = float64(g.now-t0) / float64(pt.replies+1)
	}
	at := float64(t0)
	for i := range times {
		at += g.rng.ExpFloat64()*gap + 60000
		times[i] = int64(at)
	}
	if n := len(times); n > 0 && times[n-1] > g.now-60000 {
		scale := float64(g.now-60000-t0) / float64(times[n-1]-t0)
		for i := range times {
			times[i] = t0 + int64(float64(times[i]-t0)*scale)
		}
	}
	type post struct {
		id, at, author int64
		member         int
		body           benchBlock
		votes          int
		edited         bool
		deleted        bool
		links          []int64
		mentions       []int
	}
	makePost := func(member int, at int64, opening bool) *post {
		p := &post{id: g.next("posts"), at: at, member: member, author: g.users[c.members[member].user].id}
		n := 1 + g.rng.IntN(3)
		var extra []benchBlock
		if g.chance(0.04) {
			j := c.active[g.rng.IntN(len(c.active))]
			if j != member {
				p.mentions = append(p.mentions, j)
				extra = append(extra, g.text.render("Thanks @"+g.users[c.members[j].user].handle+". "+g.text.sentence(d), false))
			}
		}
		if len(c.recent) > 0 && g.chance(0.03) {
			ref := c.recent[g.rng.IntN(len(c.recent))]
			p.links = append(p.links, ref.id)
			extra = append(extra, g.text.render(fmt.Sprintf("This came up before in [%s](/c/%s/t/%d).", ref.title, c.slug, ref.id), false))
		}
		p.body = compose(g.text.body(d, n, extra...))
		p.votes = g.voteCount()
		if opening && g.chance(0.7) {
			p.votes = 0
		}
		p.edited = g.chance(0.02)
		p.deleted = !opening && g.chance(0.002)
		return p
	}
	opening := makePost(author, t0, true)
	replies := make([]*post, len(times))
	for i, at := range times {
		m := g.member(c, at)
		if pt.kind == praxis.KindQuestion && m != author && g.chance(0.1) {
			m = author
		}
		replies[i] = makePost(m, at, false)
	}
	// The accepted answer: the most helpful reply by someone else.
	var accepted *post
	acceptAt := int64(0)
	if pt.kind == praxis.KindQuestion && len(replies) > 0 && (pt.target > 0 || g.chance(0.6)) {
		for _, r := range replies {
			if r.member != author && !r.deleted && (accepted == nil || r.votes > accepted.votes) {
				accepted = r
			}
		}
		if accepted != nil {
			accepted.votes += 1 + g.rng.IntN(3)
			acceptAt = g.later(accepted.at, 12*time.Hour)
		}
	}
	status := praxis.ThreadOpen
	if accepted != nil {
		status = praxis.ThreadSolved
	} else if t0 < g.now-180*msDay && g.chance(0.01) {
		status = praxis.ThreadClosed
	}
	last := t0
	if len(times) > 0 {
		last = times[len(times)-1]
	}
	last = max(last, acceptAt)
	helpful := 0
	all := append([]*post{opening}, replies...)
	// Votes, by members who had joined, never by the author, once each.
	voters := make([][]int64, len(all))
	for i, p := range all {
		seen := map[int]bool{p.member: true}
		for tries := 0; len(voters[i]) < p.votes && tries < 4*p.votes+4; tries++ {
			vt := g.later(p.at, 24*time.Hour)
			j := g.member(c, vt)
			if seen[j] {
				continue
			}
			seen[j] = true
			voters[i] = append(voters[i], vt, g.users[c.members[j].user].id)
		}
		p.votes = len(voters[i]) / 2
		helpful += p.votes
	}
	var pinned bool
	var pinnedUntil any
	if pt.kind == praxis.KindAnnouncement && t0 > g.now-praxis.AnnouncementDays*msDay {
		pinned, pinnedUntil = true, t0+praxis.AnnouncementDays*msDay
	}
	var acceptedID any
	if accepted != nil {
		acceptedID = accepted.id
	}
	g.add("threads", id, c.id, pt.kind, title, authorID, status, pinned, pinnedUntil, false, acceptedID,
		len(replies), helpful, excerpt(opening.body.text, 240), t0, last)
	// Topics: most threads have one or two.
	ntopics := []int{0, 1, 1, 1, 2, 2, 2, 3}[g.rng.IntN(8)]
	seenTopic := map[int]bool{}
	for range ntopics {
		k := min(int(g.rng.ExpFloat64()*float64(len(c.topics))/3), len(c.topics)-1)
		if !seenTopic[k] {
			seenTopic[k] = true
			g.add("thread_topics", id, c.topics[k])
		}
	}
	followed := map[int64]bool{}
	for i, p := range all {
		isOpening := i == 0
		revision := 1
		var editedAt, deletedAt, deletedBy any
		postTitle := ""
		if isOpening {
			postTitle = title
		}
		if p.edited {
			revision = 2
			e := g.later(p.at, 6*time.Hour)
			editedAt = e
			first := compose(g.text.body(d, 1+g.rng.IntN(2)))
			g.add("post_revisions", p.id, 1, p.author, postTitle, first.src, "", p.at)
			g.add("post_revisions", p.id, 2, p.author, postTitle, p.body.src, "Clarified the steps.", e)
			g.add("activity", c.id, p.author, praxis.VerbEdited, "post", p.id, title, e)
		} else {
			g.add("post_revisions", p.id, 1, p.author, postTitle, p.body.src, "", p.at)
		}
		if p.deleted {
			deletedAt, deletedBy = g.later(p.at, time.Hour), p.author
		}
		g.add("posts", p.id, id, c.id, p.author, isOpening, p.body.src, p.body.html, p.votes, revision, deletedAt, deletedBy, p.at, editedAt)
		for k := 0; k < len(voters[i]); k += 2 {
			g.add("votes", p.id, voters[i][k+1], voters[i][k])
			g.add("activity", c.id, voters[i][k+1], praxis.VerbVoted, "post", p.id, title, voters[i][k])
		}
		for _, ref := range p.links {
			g.add("post_links", p.id, ref)
		}
		if !followed[p.author] {
			followed[p.author] = true
			g.add("follows", p.author, praxis.FollowThread, id, p.at)
		}
		recent := p.at > g.now-45*msDay
		var readAt any
		if p.at < g.now-5*msDay || g.chance(0.5) {
			readAt = g.later(p.at, 24*time.Hour)
		}
		if isOpening {
			g.add("activity", c.id, p.author, praxis.VerbPosted, "thread", id, title, p.at)
		} else {
			verb, kind := praxis.VerbReplied, praxis.NotifyReply
			if pt.kind == praxis.KindQuestion {
				verb, kind = praxis.VerbAnswered, praxis.NotifyAnswer
			}
			g.add("activity", c.id, p.author, verb, "post", p.id, title, p.at)
			if recent && p.author != authorID {
				g.add("notifications", authorID, kind, p.author, c.id, id, p.id, p.at, readAt)
			}
		}
		if recent {
			for _, j := range p.mentions {
				g.add("notifications", g.users[c.members[j].user].id, praxis.NotifyMention, p.author, c.id, id, p.id, p.at, readAt)
			}
		}
	}
	if accepted != nil {
		g.add("activity", c.id, authorID, praxis.VerbAccepted, "post", accepted.id, title, acceptAt)
		if acceptAt > g.now-45*msDay {
			g.add("notifications", accepted.author, praxis.NotifyAccepted, authorID, c.id, id, accepted.id, acceptAt, nil)
		}
	}
	// Remember some threads for links, article sources and collections.
	ref := benchThreadRef{id: id, title: title}
	if len(c.recent) < 64 {
		c.recent = append(c.recent, ref)
	} else {
		c.recent[g.rng.IntN(64)] = ref
	}
	if accepted != nil {
		if len(c.solved) < 200 {
			c.solved = append(c.solved, ref)
		} else {
			c.solved[g.rng.IntN(200)] = ref
		}
	}
	c.threads++
	switch pt.target {
	case 20:
		g.targets.Threads20 = append(g.targets.Threads20, id)
	case 200:
		g.targets.Threads200 = append(g.targets.Threads200, id)
	}
	return len(all)
}

// knowledge writes each community's knowledge base: articles in every
// state, with their authors, stewards, revisions, reviews, sources and
// reuses, and a "Start here" collection.
func (g *benchGen) knowledge() {
	kinds := []string{praxis.ArticleGuide, praxis.ArticleLesson, praxis.ArticleCase, praxis.ArticleAsset, praxis.ArticleFAQ, praxis.ArticleReference}
	total := 0
	counts := make([]int, len(g.comms))
	for i, c := range g.comms {
		counts[i] = min(60, max(2, c.threads/25))
		if i == 0 {
			counts[i] = max(8, counts[i])
		}
		total += counts[i]
	}
	g.progress("articles", 0, int64(total))
	done := 0
	for ci, c := range g.comms {
		d := c.domain
		span := g.now - msDay - c.created
		for k := range counts[ci] {
			id := g.next("articles")
			kind := kinds[k%len(kinds)]
			created := c.created + int64(float64(span)*math.Pow(g.rng.Float64(), 0.7))
			var status string
			switch r := g.rng.Float64(); {
			case r < 0.10:
				status = praxis.ArticleDraft
			case r < 0.18:
				status = praxis.ArticleInReview
			case r < 0.88:
				status = praxis.ArticlePublished
			default:
				status = praxis.ArticleArchived
			}
			// The load test's community has every state.
			if ci == 0 && k < 8 {
				status = []string{praxis.ArticlePublished, praxis.ArticlePublished, praxis.ArticlePublished, praxis.ArticlePublished,
					praxis.ArticlePublished, praxis.ArticleDraft, praxis.ArticleInReview, praxis.ArticleArchived}[k]
			}
			// Authors: one to three members who had joined.
			var authors []int
			for range 1 + g.rng.IntN(3) {
				if j := g.member(c, created); !slices.Contains(authors, j) {
					authors = append(authors, j)
				}
			}
			uid := func(j int) int64 { return g.users[c.members[j].user].id }
			creator := uid(authors[0])
			lead := c.leads[g.rng.IntN(len(c.leads))]
			title := g.text.articleTitle(d, kind)
			blocks := []benchBlock{}
			for range 2 + g.rng.IntN(2) {
				blocks = append(blocks, g.text.heading(d))
				blocks = append(blocks, g.text.body(d, 1+g.rng.IntN(3))...)
			}
			body := compose(blocks)
			// Revisions: earlier texts, then this one.
			revs := 1 + g.rng.IntN(4)
			at := created
			for n := 1; n <= revs; n++ {
				src := body.src
				if n < revs {
					src = compose(g.text.body(d, 2+g.rng.IntN(3))).src
				}
				summary := ""
				if n > 1 {
					summary = "Updated after the community's comments."
					at = g.later(at, 10*24*time.Hour)
					g.add("activity", c.id, uid(authors[(n-1)%len(authors)]), praxis.VerbArticleEdited, "article", id, title, at)
				}
				g.add("article_revisions", id, n, uid(authors[(n-1)%len(authors)]), title, src, summary, at)
			}
			updated := at
			var publishedAt, verifiedBy, verifiedAt any
			reviewBy := ""
			if status == praxis.ArticlePublished || status == praxis.ArticleArchived {
				p := g.later(updated, 3*24*time.Hour)
				publishedAt = p
				reviewBy = fromMS(p).AddDate(0, 12, 0).Format("2006-01-02")
				updated = p
				if status == praxis.ArticlePublished && g.chance(0.3) {
					verifiedBy, verifiedAt = uid(lead), g.later(p, 7*24*time.Hour)
				}
				if status == praxis.ArticleArchived {
					updated = g.later(p, 120*24*time.Hour)
				}
			}
			// Reuses: "I used this", by members who are not authors.
			type reuse struct {
				member int
				at     int64
			}
			var reuses []reuse
			if status == praxis.ArticlePublished {
				for range []int{0, 0, 0, 1, 1, 2, 3, 5}[g.rng.IntN(8)] {
					rt := g.later(publishedAt.(int64), 60*24*time.Hour)
					j := g.member(c, rt)
					if !slices.Contains(authors, j) && !slices.ContainsFunc(reuses, func(r reuse) bool { return r.member == j }) {
						reuses = append(reuses, reuse{j, rt})
					}
				}
			}
			g.add("articles", id, c.id, kind, title, body.src, body.html, excerpt(body.text, 240), status, verifiedBy, verifiedAt,
				reviewBy, revs, len(reuses), creator, created, updated, publishedAt)
			for _, r := range reuses {
				g.add("article_reuses", id, uid(r.member), "We used it in our "+g.text.pick(benchNouns)+".", r.at)
				g.add("activity", c.id, uid(r.member), praxis.VerbReused, "article", id, title, r.at)
			}
			for pos, j := range authors {
				g.add("article_authors", id, uid(j), pos)
			}
			g.add("article_stewards", id, creator)
			if uid(lead) != creator {
				g.add("article_stewards", id, uid(lead))
			}
			seenTopic := map[int]bool{}
			for range 1 + g.rng.IntN(2) {
				if t := g.rng.IntN(len(c.topics)); !seenTopic[t] {
					seenTopic[t] = true
					g.add("article_topics", id, c.topics[t])
				}
			}
			g.add("activity", c.id, creator, praxis.VerbArticleDrafted, "article", id, title, created)
			// Reviews: asked of leads who are not authors.
			if status != praxis.ArticleDraft && (status == praxis.ArticleInReview || g.chance(0.5)) {
				asked := g.later(created, 2*24*time.Hour)
				g.add("activity", c.id, creator, praxis.VerbReviewRequested, "article", id, title, asked)
				reviewers := map[int]bool{}
				for range 1 + g.rng.IntN(2) {
					j := c.leads[g.rng.IntN(len(c.leads))]
					if slices.Contains(authors, j) || reviewers[j] {
						continue
					}
					reviewers[j] = true
					state, comment := praxis.ReviewApproved, "Looks right to me."
					if status == praxis.ArticleInReview {
						state, comment = praxis.ReviewRequested, ""
						if g.chance(0.3) {
							state, comment = praxis.ReviewChanges, "Please add an example from the wards."
						}
					}
					answered := g.later(asked, 2*24*time.Hour)
					g.add("article_reviews", id, uid(j), creator, state, comment, asked, answered)
					if state != praxis.ReviewRequested {
						g.add("activity", c.id, uid(j), praxis.VerbReviewed, "article", id, title, answered)
					}
				}
			}
			if p, ok := publishedAt.(int64); ok {
				g.add("activity", c.id, uid(lead), praxis.VerbArticlePublished, "article", id, title, p)
				if v, ok := verifiedAt.(int64); ok {
					g.add("activity", c.id, uid(lead), praxis.VerbArticleVerified, "article", id, title, v)
				}
				if status == praxis.ArticleArchived {
					g.add("activity", c.id, uid(lead), praxis.VerbArticleArchived, "article", id, title, updated)
				} else {
					c.published = append(c.published, id)
				}
			}
			if len(c.solved) > 0 && g.chance(0.35) {
				g.add("article_sources", id, c.solved[g.rng.IntN(len(c.solved))].id)
			}
			if ci == 0 && status == praxis.ArticlePublished && len(g.targets.Articles) < 5 {
				g.targets.Articles = append(g.targets.Articles, id)
			}
			done++
			g.maybeFlush()
		}
		// "Start here": a few published articles and solved threads.
		if len(c.published) > 0 {
			cid := g.next("collections")
			coord := g.users[c.members[c.coordinator].user].id
			g.add("collections", cid, c.id, "Start here", "What every newcomer should read first.", true, 0, coord, g.now-30*msDay, g.now-30*msDay)
			pos := 0
			for _, a := range c.published[:min(3, len(c.published))] {
				g.add("collection_items", cid, pos, a, nil, "")
				pos++
			}
			for _, t := range c.solved[:min(2, len(c.solved))] {
				g.add("collection_items", cid, pos, nil, t.id, "A question everyone asks.")
				pos++
			}
		}
		g.progress("articles", int64(done), int64(total))
	}
}

// events writes each community's rhythm: a series for most of them, a few
// single events (public, for members, or by invitation), their
// occurrences, RSVPs and attendance over the last year and the next
// months, harvests of past occurrences, and a few visit requests.
func (g *benchGen) events() {
	g.progress("events", 0, int64(len(g.comms)))
	singles := []string{praxis.EventWorkshop, praxis.EventTalk, praxis.EventMeetup, praxis.EventVisit}
	for ci, c := range g.comms {
		coord := g.users[c.members[c.coordinator].user]
		zone := benchOrgs[coord.org].zone
		loc := location(zone)
		if c.rule != "" {
			rule, problem := normalizeRule(c.rule, loc)
			if problem != "" {
				g.err = fmt.Errorf("bench seed: rule %q: %s", c.rule, problem)
				return
			}
			day := fromMS(max(c.created+7*msDay, g.now-int64(90+g.rng.IntN(450))*msDay)).In(loc)
			hour, minute := 17, 30
			if c.cadenceKind == praxis.EventClinic {
				hour, minute = 12, 30
			}
			start := time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, loc)
			start, _ = firstStart(rule, start)
			title := fmt.Sprintf("%s %s", c.name, strings.ToLower(praxis.ChoiceLabel(praxis.EventKinds, c.cadenceKind)))
			g.event(c, c.cadenceKind, title, rule, start, zone, 60+30*g.rng.IntN(2), praxis.EventPublic, 0)
		}
		for range 1 + g.rng.IntN(3) {
			kind := singles[g.rng.IntN(len(singles))]
			at := fromMS(g.between(max(c.created+msDay, g.now-365*msDay), g.now+90*msDay)).In(loc)
			start := time.Date(at.Year(), at.Month(), at.Day(), 14, 0, 0, 0, loc)
			visibility, capacity := praxis.EventPublic, 0
			switch r := g.rng.Float64(); {
			case r < 0.2:
				visibility = praxis.EventMembers
			case r < 0.3:
				visibility = praxis.EventInvitation
			}
			if kind == praxis.EventWorkshop {
				capacity = 6 + g.rng.IntN(10)
			}
			term := g.text.pick(c.domain.terms)
			title := map[string]string{
				praxis.EventWorkshop: "Workshop: " + term + " in practice",
				praxis.EventTalk:     "Talk: what we learned about the " + term,
				praxis.EventMeetup:   c.name + " get-together",
				praxis.EventVisit:    "Visit: see the " + term + " work at " + benchOrgs[coord.org].location,
			}[kind]
			g.event(c, kind, title, "", start, zone, 90+30*g.rng.IntN(3), visibility, capacity)
			g.maybeFlush()
		}
		if ci%10 == 3 {
			g.visit(c)
		}
		if g.err != nil {
			return
		}
		g.progress("events", int64(ci+1), int64(len(g.comms)))
	}
}

// event writes one event with its hosts, speakers, invitees and
// occurrences.
func (g *benchGen) event(c *benchCommunity, kind, title, rule string, start time.Time, zone string, minutes int, visibility string, capacity int) {
	d := c.domain
	id := g.next("events")
	uid := func(j int) int64 { return g.users[c.members[j].user].id }
	var hosts []int
	for range 1 + g.rng.IntN(2) {
		if j := c.leads[g.rng.IntN(len(c.leads))]; !slices.Contains(hosts, j) {
			hosts = append(hosts, j)
		}
	}
	created := max(c.created, min(ms(start)-21*msDay, g.now-msHour-g.rng.Int64N(20*msDay)))
	for _, h := range hosts {
		if c.members[h].joined > created {
			hosts = []int{c.coordinator}
			break
		}
	}
	desc := compose(g.text.body(d, 2))
	place := "Room " + strconv.Itoa(1+g.rng.IntN(9)) + "." + strconv.Itoa(10+g.rng.IntN(30))
	online := "https://meet.example.org/" + c.slug
	g.add("events", id, c.id, kind, title, desc.src, desc.html, zone, start.Format(localLayout), minutes, rule, place, online,
		visibility, capacity, uid(hosts[0]), created, created)
	for _, h := range hosts {
		g.add("event_hosts", id, uid(h))
	}
	if kind == praxis.EventTalk {
		g.add("event_speakers", id, 0, g.text.pick(benchFirst)+" "+g.text.pick(benchLast))
	}
	var invitees []int
	if visibility == praxis.EventInvitation {
		for range 5 + g.rng.IntN(10) {
			if j := g.member(c, created); !slices.Contains(invitees, j) && !slices.Contains(hosts, j) {
				invitees = append(invitees, j)
				g.add("event_invitees", id, uid(j))
			}
		}
	}
	summary := ""
	if visibility == praxis.EventPublic {
		summary = title
	}
	g.add("activity", c.id, uid(hosts[0]), praxis.VerbEventScheduled, "event", id, summary, created)
	e := &praxis.Event{RRule: rule, Start: start}
	for _, s := range seriesStarts(e, start, g.tx.horizon(e), praxis.MaxOccurrences) {
		oid := g.next("event_occurrences")
		starts := ms(s)
		ends := starts + int64(minutes)*60000
		notes, harvested := "", any(nil)
		if ends < g.now && g.chance(0.5) {
			if h := g.later(ends, 3*24*time.Hour); h < g.now-msHour {
				notes, harvested = compose(g.text.body(d, 1)).src, h
				g.add("activity", c.id, uid(hosts[0]), praxis.VerbHarvested, "occurrence", oid, summary, h)
			}
		}
		g.add("event_occurrences", oid, id, c.id, starts, starts, ends, notes, harvested, created)
		if starts < g.now-365*msDay || starts > g.now+90*msDay {
			continue
		}
		// RSVPs by members who had joined, hosts and invitees for
		// invitation-only events; those going to a past one mostly came.
		n := min(30, max(2, len(c.active)/15)) + g.rng.IntN(6)
		var people []int
		people = append(people, hosts...)
		if visibility == praxis.EventInvitation {
			people = append(people, invitees...)
		} else {
			for range n {
				if j := g.member(c, min(starts, g.now)-msDay); !slices.Contains(people, j) {
					people = append(people, j)
				}
			}
		}
		going := 0
		for _, j := range people {
			at := min(max(created, starts-int64(1+g.rng.IntN(14))*msDay), g.now-60000)
			at = max(at, c.members[j].joined)
			status := praxis.RSVPGoing
			switch r := g.rng.Float64(); {
			case slices.Contains(hosts, j):
			case r < 0.15:
				status = praxis.RSVPMaybe
			case r < 0.3:
				status = praxis.RSVPNotGoing
			}
			var waitlisted any
			if status == praxis.RSVPGoing {
				if capacity > 0 && going >= capacity {
					status, waitlisted = praxis.RSVPWaitlisted, at
				} else {
					going++
				}
			}
			attended := status == praxis.RSVPGoing && ends < g.now && g.chance(0.8)
			g.add("rsvps", oid, uid(j), status, "", waitlisted, attended, at, at)
			if status == praxis.RSVPGoing {
				g.add("activity", c.id, uid(j), praxis.VerbRSVPed, "occurrence", oid, summary, at)
			}
			if attended {
				g.add("activity", c.id, uid(j), praxis.VerbAttended, "occurrence", oid, summary, starts)
			}
		}
	}
}

// visit writes a request to visit a community from someone outside it.
func (g *benchGen) visit(c *benchCommunity) {
	in := map[int]bool{}
	for _, m := range c.members {
		in[m.user] = true
	}
	for tries := 0; tries < 50; tries++ {
		ui := g.rng.IntN(len(g.users))
		if in[ui] {
			continue
		}
		u := g.users[ui]
		at := g.between(max(c.created, u.created), g.now-msDay)
		status, answer, answeredBy, answeredAt := praxis.VisitRequested, "", any(nil), any(nil)
		if at < g.now-14*msDay {
			status, answer = praxis.VisitAccepted, "Welcome! Come on a Tuesday morning."
			if g.chance(0.3) {
				status, answer = praxis.VisitDeclined, "Not this quarter, sorry: we are moving sites."
			}
			answeredBy, answeredAt = g.users[c.members[c.coordinator].user].id, g.later(at, 3*24*time.Hour)
		}
		vid := g.next("visit_requests")
		g.add("visit_requests", vid, c.id, u.id, "How you run the "+g.text.pick(c.domain.terms), "We are starting the same work at "+benchOrgs[u.org].name+".",
			"Any Tuesday next month", status, answer, answeredBy, at, answeredAt)
		g.add("activity", c.id, u.id, praxis.VerbVisitRequested, "visit_request", vid, "", at)
		return
	}
}

// finish names the load test's targets.
func (g *benchGen) finish() {
	c := g.comms[0]
	g.targets.Community = c.slug
	for _, j := range c.active {
		if u := g.users[c.members[j].user]; u.handle != BenchMemberHandle && len(g.targets.Profiles) < 3 {
			g.targets.Profiles = append(g.targets.Profiles, u.handle)
		}
	}
	t := c.domain.terms
	g.targets.Queries = []string{t[0], t[1] + " " + t[4], t[2] + " checklist", "how to " + benchVerbs[0] + " the " + t[3], t[5] + " " + t[6] + " " + t[7]}
	for range 3 {
		g.targets.Drafts = append(g.targets.Drafts, BenchDraft{Title: g.text.title(c.domain, praxis.KindQuestion), Body: g.text.paragraph(c.domain)})
	}
	for name, n := range g.counts {
		g.targets.Counts[name] = n
	}
}
