package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// TestAuthorizationMatrix sends every route of the router, as every role,
// into a community of every visibility, and checks that the server lets
// through exactly whom the table below says, and that no answer carries
// text of a community its reader may not see. A route without an entry
// fails the test, so that no route lands without its rule.
func TestAuthorizationMatrix(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newAuthzSite(t, db, clock)
		// The sweep reads only, so it runs on the fixture as it was built.
		t.Run("leak sweep", func(t *testing.T) { s.leakSweep(t) })

		table := authzTable(s)
		routes := s.server.Routes()
		for _, pattern := range routes {
			t.Run(pattern, func(t *testing.T) {
				e, ok := table[pattern]
				if !ok {
					t.Fatalf("route %q has no authorization entry: add one to authzTable", pattern)
				}
				s.runEntry(t, pattern, e)
			})
		}
		for pattern := range table {
			if !slices.Contains(routes, pattern) {
				t.Errorf("authorization entry %q names no route", pattern)
			}
		}
		t.Run("other people's things", func(t *testing.T) { s.othersThings(t) })
		t.Run("across communities", func(t *testing.T) { s.acrossCommunities(t) })
	})
}

// authzOutcome is what the server did with a request.
type authzOutcome int

const (
	allowed   authzOutcome = iota // it got past authorization: 2xx, 3xx elsewhere than sign-in, or 400/409/413/422 on its content
	hidden                        // 404, as if there were nothing there
	forbidden                     // 403
	signIn                        // 401, or a redirect to the sign-in page
	refused                       // 409 whoever asks (setting up a set-up site)
	broken                        // 5xx, or anything else unexpected
)

func (o authzOutcome) String() string {
	return [...]string{"allowed", "hidden (404)", "forbidden (403)", "sign in (401 or redirect to /login)", "refused (409)", "broken"}[o]
}

// classifyAuthz reads the outcome from a response.
func classifyAuthz(r *response) authzOutcome {
	switch s := r.status; {
	case s >= 200 && s < 300:
		return allowed
	case s >= 300 && s < 400:
		if strings.HasPrefix(r.header.Get("Location"), "/login?next=") {
			return signIn
		}
		return allowed
	case s == http.StatusConflict:
		return refused
	case s == http.StatusBadRequest || s == http.StatusRequestEntityTooLarge || s == http.StatusUnprocessableEntity:
		return allowed
	case s == http.StatusUnauthorized:
		return signIn
	case s == http.StatusForbidden:
		return forbidden
	case s == http.StatusNotFound:
		return hidden
	}
	return broken
}

// acceptsAuthz reports whether got is what want asks. A 409 is past
// authorization (already a member, already published). For a visitor
// who is not signed in, being asked to sign in reveals no more than a 404
// about something they may not see.
func acceptsAuthz(want, got authzOutcome, anonymous bool) bool {
	switch {
	case want == got:
		return true
	case want == allowed:
		return got == refused
	case want == hidden && anonymous:
		return got == signIn
	}
	return false
}

// authzRule says which outcome a role gets on a route, in a community of
// a visibility when the route is in one.
type authzRule struct {
	community bool
	expect    func(r authzRole, vis string) authzOutcome
}

// Groups of roles. The suspended user is never among them: a suspended
// session counts as no session, and a suspended token is refused.
var (
	everyone     = []authzRole{roleAnonymous, roleNonMember, roleMember, roleCore, roleCoordinator, roleAdmin}
	signedIn     = everyone[1:]
	participants = []authzRole{roleMember, roleCore, roleCoordinator}
	leads        = []authzRole{roleCore, roleCoordinator, roleAdmin}
	moderators   = []authzRole{roleCoordinator, roleAdmin}
	admins       = []authzRole{roleAdmin}
)

// authzSees reports whether a role may see a community of the visibility.
func authzSees(r authzRole, vis string) bool {
	switch vis {
	case praxis.VisibilityPublic:
		return true
	case praxis.VisibilityInternal:
		return r != roleAnonymous && r != roleSuspended
	}
	return slices.Contains([]authzRole{roleMember, roleCore, roleCoordinator, roleAdmin}, r)
}

// authzDenied is the refusal a role gets for what it may see but not do.
func authzDenied(r authzRole) authzOutcome {
	if r == roleAnonymous {
		return signIn
	}
	return forbidden
}

// inCommunity is the rule of a route in a community: it does not exist
// for those who may not see the community, and is open to the roles given.
func inCommunity(roles ...authzRole) authzRule {
	return authzRule{community: true, expect: func(r authzRole, vis string) authzOutcome {
		switch {
		case !authzSees(r, vis):
			return hidden
		case slices.Contains(roles, r):
			return allowed
		}
		return authzDenied(r)
	}}
}

// onSite is the rule of a route outside communities, open to the roles given.
func onSite(roles ...authzRole) authzRule {
	return authzRule{expect: func(r authzRole, _ string) authzOutcome {
		if slices.Contains(roles, r) {
			return allowed
		}
		return authzDenied(r)
	}}
}

// Rules of their own.
var (
	// Joining: those outside join (the administrator too, where the join
	// policy is open); members are told they are members already (409).
	joinRule = authzRule{community: true, expect: func(r authzRole, vis string) authzOutcome {
		switch {
		case !authzSees(r, vis):
			return hidden
		case r == roleAnonymous:
			return signIn
		case r == roleAdmin && vis == praxis.VisibilityPrivate:
			return forbidden // by invitation only
		}
		return allowed
	}}
	// Leaving: members leave (the last coordinator is refused with a
	// 409); someone who is not a member has no membership to end (404).
	leaveRule = authzRule{community: true, expect: func(r authzRole, vis string) authzOutcome {
		switch {
		case !authzSees(r, vis):
			return hidden
		case r == roleAnonymous:
			return signIn
		case slices.Contains(participants, r):
			return allowed
		}
		return hidden
	}}
	// Reviewing a draft: only @mia is asked to. The draft does not exist
	// for those who may not see drafts; the coordinators see it but were
	// not asked.
	reviewRule = authzRule{community: true, expect: func(r authzRole, vis string) authzOutcome {
		switch {
		case r == roleMember && authzSees(r, vis):
			return allowed
		case r == roleCoordinator || r == roleAdmin:
			return forbidden
		case r == roleAnonymous && authzSees(r, vis):
			return signIn
		}
		return hidden
	}}
	// Setting up a site that has its administrator: refused to all.
	setupRule = authzRule{expect: func(authzRole, string) authzOutcome { return refused }}
)

// expectFor is the outcome a role should get: a suspended user's session
// is no session, and their token is refused outright.
func (e authzEntry) expectFor(r authzRole, vis string, api bool) authzOutcome {
	if r == roleSuspended {
		if api {
			return signIn
		}
		r = roleAnonymous
	}
	return e.rule.expect(r, vis)
}

// authzEntry is a route's row of the table: its rule, and how to send a
// request that would succeed if the rule let it through.
type authzEntry struct {
	rule   authzRule
	id     func(c *authzCell) int64 // what {id} names
	query  string                   // added to the path
	header http.Header
	form   func(c *authzCell) url.Values // the body of a page's POST
	body   func(c *authzCell) any        // the JSON body of an API call
	// raw is a body of another kind (a file upload).
	raw func(t *testing.T, c *authzCell) (contentType string, body []byte)
	// fresh gives a cell that should be let through things of its own to
	// act on, so that deleting, cancelling, accepting or leaving in one
	// cell changes nothing the next cells read.
	fresh func(t *testing.T, c *authzCell)
	// after puts back what a cell let through may have changed; it runs
	// after every cell.
	after func(t *testing.T, c *authzCell)
}

// authzCell is one request of the matrix.
type authzCell struct {
	s      *authzSite
	role   authzRole
	person *authzPerson
	p      *authzPlace // a copy of the community's place; nil outside communities
	handle string      // what {handle} names
	own    int64       // the id of a thing of the person's own (session, token)
	token  string      // what {token} names
}

// What {id} names.
func idThread(c *authzCell) int64     { return c.p.thread.ID }
func idReply(c *authzCell) int64      { return c.p.reply }
func idGoal(c *authzCell) int64       { return c.p.goal }
func idArticle(c *authzCell) int64    { return c.p.article }
func idDraft(c *authzCell) int64      { return c.p.draft }
func idCollection(c *authzCell) int64 { return c.p.collection }
func idEvent(c *authzCell) int64      { return c.p.event }
func idOccurrence(c *authzCell) int64 { return c.p.occurrence }
func idVisit(c *authzCell) int64      { return c.p.visit }
func idAttachment(c *authzCell) int64 { return c.p.attachment.ID }
func idOwn(c *authzCell) int64        { return c.own }
func idNotice(c *authzCell) int64     { return max(c.person.notice, 1) }

// kv builds form values from pairs of name and value.
func kv(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v
}

// fixedForm is a form body that is the same for every cell.
func fixedForm(pairs ...string) func(*authzCell) url.Values {
	return func(*authzCell) url.Values { return kv(pairs...) }
}

// fixedJSON is a JSON body that is the same for every cell.
func fixedJSON(v map[string]any) func(*authzCell) any { return func(*authzCell) any { return v } }

// Fresh things for a cell.
func freshThread(t *testing.T, c *authzCell)   { c.s.freshThread(t, c.p) }
func freshGoal(t *testing.T, c *authzCell)     { c.s.freshGoal(t, c.p) }
func freshArticle(t *testing.T, c *authzCell)  { c.s.freshArticle(t, c.p) }
func freshEvent(t *testing.T, c *authzCell)    { c.s.freshEvent(t, c.p) }
func freshVisit(t *testing.T, c *authzCell)    { c.s.freshVisit(t, c.p) }
func freshFlagged(t *testing.T, c *authzCell)  { c.s.flagReply(t, c.p) }
func freshHidden(t *testing.T, c *authzCell)   { c.s.hideReply(t, c.p) }
func freshPending(t *testing.T, c *authzCell)  { c.handle = c.s.freshPending(t, c.p) }
func freshInvited(t *testing.T, c *authzCell)  { c.handle = c.s.freshInvited(t, c.p) }
func freshToken(t *testing.T, c *authzCell)    { c.own = c.s.extraToken(t, c.role) }
func restoreMember(t *testing.T, c *authzCell) { c.s.restoreMembership(t, c.role, c.p) }
func freshCollection(t *testing.T, c *authzCell) {
	c.s.freshCollection(t, c.p)
}

// freshSession signs the person in once more: the cell ends that session
// (or lists it), not the one the other cells use.
func freshSession(t *testing.T, c *authzCell) {
	if c.person.user == nil {
		return
	}
	tok, id := c.s.extraSession(t, c.role)
	c.own = id
	if c.p == nil {
		p := *c.person
		p.session = tok
		c.person = &p
	}
}

// priorVote votes for the reply first, so that there is a vote to withdraw.
func priorVote(t *testing.T, c *authzCell) {
	c.s.db.Vote(t.Context(), c.person.user, c.p.reply, true) // a vote already there is fine
}

// authzTable is the rule of every route, keyed by its pattern.
func authzTable(s *authzSite) map[string]authzEntry {
	uniq := func(prefix string) func(*authzCell) url.Values {
		return func(*authzCell) url.Values { return kv("name", s.unique(prefix)) }
	}
	eventJSON := func(c *authzCell) any {
		return praxis.EventInput{Kind: ptr(praxis.EventMeetup), Title: ptr(s.unique("A meetup ")), TimeZone: ptr("Europe/Paris"),
			Start: ptr("2026-04-10T18:00"), End: ptr("2026-04-10T19:00"), Visibility: ptr(praxis.EventPublic),
			Hosts: []string{"cora"}}
	}
	settings := s.settings
	return map[string]authzEntry{
		// Operations.
		"GET /healthz":              {rule: onSite(everyone...)},
		"GET /readyz":               {rule: onSite(everyone...)},
		"GET /static/{hash}/{name}": {rule: onSite(everyone...)},

		// Accounts.
		"GET /setup": {rule: onSite(everyone...)},
		"POST /setup": {rule: setupRule, form: func(*authzCell) url.Values {
			return kv("instance_name", "Taken Over", "handle", s.unique("usurper"), "email", s.unique("usurper")+"@example.org",
				"display_name", "Usurper", "password", testPassword)
		}},
		"GET /login":   {rule: onSite(everyone...)},
		"POST /login":  {rule: onSite(everyone...), form: fixedForm("account", "lou", "password", testPassword)},
		"POST /logout": {rule: onSite(everyone...), fresh: freshSession},
		"GET /signup":  {rule: onSite(everyone...)},
		"POST /signup": {rule: onSite(everyone...), form: func(*authzCell) url.Values {
			h := s.unique("joiner")
			return kv("handle", h, "email", h+"@example.org", "display_name", "Joiner", "password", testPassword)
		}},

		// Communities and their charters.
		"GET /{$}":   {rule: onSite(everyone...)},
		"GET /c/new": {rule: onSite(signedIn...)},
		"POST /c/new": {rule: onSite(signedIn...), form: func(*authzCell) url.Values {
			return kv("name", s.unique("Another Circle "), "domain_statement", "How we do more.", "visibility", "public", "join_policy", "open")
		}},
		"GET /c/{slug}":         {rule: inCommunity(everyone...)},
		"GET /c/{slug}/edit":    {rule: inCommunity(moderators...)},
		"POST /c/{slug}/edit":   {rule: inCommunity(moderators...), form: func(c *authzCell) url.Values { return kv("name", c.p.name) }},
		"GET /c/{slug}/charter": {rule: inCommunity(everyone...)},
		"GET /c/{slug}/health":  {rule: inCommunity(everyone...)},
		"POST /c/{slug}/goals":  {rule: inCommunity(moderators...), form: func(*authzCell) url.Values { return kv("title", s.unique("Another goal ")) }},
		"POST /c/{slug}/goals/{id}": {rule: inCommunity(moderators...), id: idGoal, form: func(c *authzCell) url.Values {
			return kv("title", "Reach the goal "+secretText(c.p.vis, "goal"))
		}},
		"POST /c/{slug}/goals/{id}/delete": {rule: inCommunity(moderators...), id: idGoal, fresh: freshGoal},
		"POST /c/{slug}/join":              {rule: joinRule, after: restoreMember},
		"POST /c/{slug}/leave":             {rule: leaveRule, after: restoreMember},

		// Conversations.
		"GET /c/{slug}/t":   {rule: inCommunity(everyone...)},
		"GET /c/{slug}/ask": {rule: inCommunity(participants...)},
		"POST /c/{slug}/ask": {rule: inCommunity(participants...), form: func(*authzCell) url.Values {
			return kv("kind", praxis.KindQuestion, "title", s.unique("How do we scale up, take "), "body", "We wonder how.")
		}},
		"GET /c/{slug}/t/{id}":                    {rule: inCommunity(everyone...), id: idThread},
		"GET /c/{slug}/t/{id}/{title}":            {rule: inCommunity(everyone...), id: idThread},
		"POST /c/{slug}/t/{id}/reply":             {rule: inCommunity(participants...), id: idThread, form: fixedForm("body", "Me too.")},
		"POST /c/{slug}/t/{id}/accept":            {rule: inCommunity(moderators...), id: idThread, fresh: freshThread, form: func(c *authzCell) url.Values { return kv("post_id", strconv.FormatInt(c.p.reply, 10)) }},
		"POST /c/{slug}/t/{id}/state":             {rule: inCommunity(moderators...), id: idThread, fresh: freshThread, form: fixedForm("locked", "true")},
		"POST /c/{slug}/t/{id}/move":              {rule: inCommunity(moderators...), id: idThread, fresh: freshThread, form: func(c *authzCell) url.Values { return kv("to", c.p.slug) }},
		"POST /c/{slug}/t/{id}/posts/{post}/vote": {rule: inCommunity(participants...), id: idThread, form: fixedForm("helpful", "true")},
		"GET /c/{slug}/t/{id}/posts/{post}/edit":  {rule: inCommunity(moderators...), id: idThread},
		"POST /c/{slug}/t/{id}/posts/{post}/edit": {rule: inCommunity(moderators...), id: idThread, form: func(c *authzCell) url.Values {
			return kv("body", "Start small, "+secretText(c.p.vis, "answer")+".", "summary", "Same words.")
		}},
		"POST /c/{slug}/t/{id}/posts/{post}/delete": {rule: inCommunity(moderators...), id: idThread, fresh: freshThread},
		"GET /c/{slug}/t/{id}/posts/{post}/history": {rule: inCommunity(everyone...), id: idThread},
		"GET /c/{slug}/topics":                      {rule: inCommunity(everyone...)},
		// Members propose topics; coordinators and administrators approve them.
		"POST /c/{slug}/topics":                          {rule: inCommunity(roleMember, roleCore, roleCoordinator, roleAdmin), form: uniq("topic")},
		"POST /c/{slug}/t/{id}/posts/{post}/flag":        {rule: inCommunity(participants...), id: idThread, fresh: freshThread, form: fixedForm("reason", "Off topic.")},
		"POST /c/{slug}/t/{id}/posts/{post}/hide":        {rule: inCommunity(moderators...), id: idThread, fresh: freshThread, form: fixedForm("reason", "Off topic.")},
		"POST /c/{slug}/t/{id}/posts/{post}/restore":     {rule: inCommunity(moderators...), id: idThread, fresh: freshHidden},
		"POST /c/{slug}/moderation/flags/{post}/dismiss": {rule: inCommunity(moderators...), fresh: freshFlagged},
		"GET /c/{slug}/moderation":                       {rule: inCommunity(moderators...)},

		// Knowledge base.
		"GET /c/{slug}/kb":     {rule: inCommunity(everyone...)},
		"GET /c/{slug}/kb/new": {rule: inCommunity(participants...)},
		"POST /c/{slug}/kb/new": {rule: inCommunity(participants...), form: func(*authzCell) url.Values {
			return kv("kind", praxis.ArticleGuide, "title", s.unique("How to start, part "), "body", "Step by step.")
		}},
		// Everyone signed in has a queue: the articles they look after
		// (coordinators: all the community's).
		"GET /c/{slug}/kb/queue":                    {rule: inCommunity(signedIn...)},
		"GET /kb/queue":                             {rule: onSite(signedIn...)},
		"GET /c/{slug}/kb/collections":              {rule: inCommunity(leads...)},
		"POST /c/{slug}/kb/collections":             {rule: inCommunity(leads...), form: func(*authzCell) url.Values { return kv("title", s.unique("Reading list ")) }},
		"POST /c/{slug}/kb/collections/{id}/delete": {rule: inCommunity(leads...), id: idCollection, fresh: freshCollection},
		"GET /c/{slug}/kb/{id}":                     {rule: inCommunity(everyone...), id: idArticle},
		"GET /c/{slug}/kb/{id}/edit":                {rule: inCommunity(moderators...), id: idArticle},
		"POST /c/{slug}/kb/{id}/edit": {rule: inCommunity(moderators...), id: idArticle, form: func(c *authzCell) url.Values {
			return kv("body", "Step by step, "+secretText(c.p.vis, "article-body")+".", "summary", "Same words.")
		}},
		"GET /c/{slug}/kb/{id}/history":          {rule: inCommunity(everyone...), id: idArticle},
		"POST /c/{slug}/kb/{id}/restore":         {rule: inCommunity(moderators...), id: idArticle, form: fixedForm("number", "1")},
		"POST /c/{slug}/kb/{id}/review-requests": {rule: inCommunity(moderators...), id: idArticle, form: fixedForm("reviewers", "mia")},
		"POST /c/{slug}/kb/{id}/reviews":         {rule: reviewRule, id: idDraft, form: fixedForm("state", praxis.ReviewChanges, "comment", "Say more.")},
		"POST /c/{slug}/kb/{id}/publish":         {rule: inCommunity(moderators...), id: idArticle},
		"POST /c/{slug}/kb/{id}/confirm":         {rule: inCommunity(moderators...), id: idArticle},
		"POST /c/{slug}/kb/{id}/archive":         {rule: inCommunity(moderators...), id: idArticle, fresh: freshArticle},
		"POST /c/{slug}/kb/{id}/verify":          {rule: inCommunity(leads...), id: idArticle, form: fixedForm("verified", "true")},
		"POST /c/{slug}/kb/{id}/reuses":          {rule: inCommunity(participants...), id: idArticle, form: fixedForm("note", "Used it.")},
		"POST /c/{slug}/kb/{id}/copies":          {rule: inCommunity(participants...), id: idArticle, form: func(c *authzCell) url.Values { return kv("community", c.p.slug) }},
		"POST /c/{slug}/t/{id}/article":          {rule: inCommunity(participants...), id: idThread},

		// Events.
		"GET /c/{slug}/events":     {rule: inCommunity(everyone...)},
		"GET /c/{slug}/events/new": {rule: inCommunity(participants...)},
		"POST /c/{slug}/events/new": {rule: inCommunity(leads...), form: func(*authzCell) url.Values {
			return kv("kind", praxis.EventMeetup, "title", s.unique("A meetup "), "time_zone", "Europe/Paris", "start", "2026-04-10T18:00",
				"end", "2026-04-10T19:00", "visibility", praxis.EventPublic, "hosts", "cora")
		}},
		"GET /c/{slug}/events/{id}":                  {rule: inCommunity(everyone...), id: idOccurrence},
		"GET /c/{slug}/events/{id}/edit":             {rule: inCommunity(moderators...), id: idOccurrence},
		"POST /c/{slug}/events/{id}/edit":            {rule: inCommunity(moderators...), id: idOccurrence, form: func(c *authzCell) url.Values { return kv("title", secretText(c.p.vis, "event")+" meetup") }},
		"POST /c/{slug}/events/{id}/rsvp":            {rule: inCommunity(participants...), id: idOccurrence, form: fixedForm("status", praxis.RSVPGoing)},
		"POST /c/{slug}/events/{id}/attendance":      {rule: inCommunity(moderators...), id: idOccurrence, form: fixedForm("attended", "mia")},
		"POST /c/{slug}/events/{id}/harvest":         {rule: inCommunity(moderators...), id: idOccurrence, form: fixedForm("notes", "We learned.")},
		"POST /c/{slug}/events/{id}/harvest/article": {rule: inCommunity(roleCoordinator), id: idOccurrence},
		"POST /c/{slug}/events/{id}/cancel":          {rule: inCommunity(moderators...), id: idOccurrence, fresh: freshEvent},
		"POST /c/{slug}/visits":                      {rule: inCommunity(signedIn...), form: fixedForm("what", "Your kitchen.")},
		"POST /c/{slug}/visits/{id}/answer":          {rule: inCommunity(moderators...), id: idVisit, fresh: freshVisit, form: fixedForm("answer", "decline", "note", "Not now.")},
		"POST /c/{slug}/cadence":                     {rule: inCommunity(moderators...), form: fixedForm("every_days", "14", "kind", praxis.EventMeetup)},
		"GET /c/{slug}/events/{id}/event.ics":        {rule: inCommunity(everyone...), id: idOccurrence},
		"GET /c/{slug}/calendar.ics":                 {rule: inCommunity(everyone...)},
		"GET /calendar/{token}":                      {rule: onSite(signedIn...)},
		"POST /settings/calendar": {rule: onSite(signedIn...), after: func(t *testing.T, c *authzCell) {
			c.s.newCalendarToken(t, c.role)
		}},

		// Live updates: the stream itself, as EventSource asks for it.
		"GET /c/{slug}/t/{id}/live": {rule: inCommunity(everyone...), id: idThread, header: http.Header{"Accept": {"text/event-stream"}}},

		// Search, duplicates and recurring questions.
		"GET /search":                      {rule: onSite(everyone...), query: "?q=SECRET"},
		"POST /c/{slug}/t/{id}/duplicate":  {rule: inCommunity(moderators...), id: idThread, fresh: freshThread, form: func(c *authzCell) url.Values { return kv("original", strconv.FormatInt(c.p.original, 10)) }},
		"GET /c/{slug}/recurring":          {rule: inCommunity(leads...)},
		"POST /c/{slug}/recurring/article": {rule: inCommunity(participants...), form: func(c *authzCell) url.Values { return kv("thread", strconv.FormatInt(c.p.thread.ID, 10)) }},

		// People.
		"GET /c/{slug}/people":                   {rule: inCommunity(signedIn...)},
		"POST /c/{slug}/people/invite":           {rule: inCommunity(moderators...), form: fixedForm("handle", "ivy")},
		"POST /c/{slug}/people/{handle}/approve": {rule: inCommunity(moderators...), fresh: freshPending},
		"POST /c/{slug}/people/{handle}/role":    {rule: inCommunity(moderators...), form: fixedForm("role", praxis.MemberRegular)},
		"POST /c/{slug}/people/{handle}/remove":  {rule: inCommunity(moderators...), fresh: freshInvited},
		"GET /u/{handle}":                        {rule: onSite(everyone...)},

		// Following and notifications.
		"GET /notifications":                   {rule: onSite(signedIn...)},
		"GET /notifications/{id}":              {rule: onSite(signedIn...), id: idNotice},
		"POST /notifications/read":             {rule: onSite(signedIn...)},
		"POST /c/{slug}/follow":                {rule: inCommunity(signedIn...), form: fixedForm("follow", "true")},
		"POST /c/{slug}/topics/{topic}/follow": {rule: inCommunity(signedIn...), form: fixedForm("follow", "true")},
		"POST /c/{slug}/t/{id}/follow":         {rule: inCommunity(signedIn...), id: idThread, form: fixedForm("follow", "true")},

		// Attachments.
		"GET /attachments/{id}/{name}": {rule: inCommunity(everyone...), id: idAttachment},

		// Settings and administration.
		"GET /settings":                     {rule: onSite(signedIn...)},
		"POST /settings/profile":            {rule: onSite(signedIn...), form: func(c *authzCell) url.Values { return kv("display_name", "User "+c.handleOf()) }},
		"POST /settings/password":           {rule: onSite(signedIn...), form: fixedForm("old_password", testPassword, "new_password", testPassword)},
		"POST /settings/tokens":             {rule: onSite(signedIn...), form: fixedForm("name", "script")},
		"POST /settings/tokens/{id}/revoke": {rule: onSite(signedIn...), id: idOwn, fresh: freshToken},
		"POST /settings/sessions/{id}/revoke": {rule: onSite(signedIn...), id: idOwn, fresh: func(t *testing.T, c *authzCell) {
			_, c.own = c.s.extraSession(t, c.role)
		}},
		"GET /admin": {rule: onSite(admins...)},
		"POST /admin/settings": {rule: onSite(admins...), form: fixedForm("name", settings.Name, "signup_policy", settings.SignupPolicy,
			"community_creation", settings.CommunityCreation, "allowed_domains", strings.Join(settings.AllowedDomains, ", "))},
		"POST /admin/invitations": {rule: onSite(admins...), form: func(*authzCell) url.Values { return kv("email", s.unique("guest")+"@example.org") }},
		// The target is @bob, made a member again and allowed back in:
		// what the administrator may do, and changes nothing.
		"POST /admin/users/{handle}/role":    {rule: onSite(admins...), form: fixedForm("role", praxis.RoleMember)},
		"POST /admin/users/{handle}/suspend": {rule: onSite(admins...), form: fixedForm("suspended", "false")},
		"GET /admin/audit":                   {rule: onSite(admins...)},

		// JSON API: accounts.
		"GET /api/v1/openapi.json":        {rule: onSite(everyone...)},
		"GET /api/v1/me":                  {rule: onSite(signedIn...)},
		"PATCH /api/v1/me":                {rule: onSite(signedIn...), body: func(c *authzCell) any { return map[string]any{"display_name": "User " + c.handleOf()} }},
		"GET /api/v1/me/sessions":         {rule: onSite(signedIn...)},
		"DELETE /api/v1/me/sessions/{id}": {rule: onSite(signedIn...), id: idOwn, fresh: freshSession},
		"GET /api/v1/me/tokens":           {rule: onSite(signedIn...)},
		"POST /api/v1/me/tokens":          {rule: onSite(signedIn...), body: fixedJSON(map[string]any{"name": "script"})},
		"DELETE /api/v1/me/tokens/{id}":   {rule: onSite(signedIn...), id: idOwn, fresh: freshToken},
		"GET /api/v1/users/{handle}":      {rule: onSite(everyone...)},
		"GET /api/v1/communities":         {rule: onSite(everyone...)},
		"POST /api/v1/communities": {rule: onSite(signedIn...), body: func(*authzCell) any {
			return map[string]any{"name": s.unique("Another Circle "), "domain_statement": "How we do more.", "visibility": "public", "join_policy": "open"}
		}},
		"GET /api/v1/communities/{slug}":                   {rule: inCommunity(everyone...)},
		"PATCH /api/v1/communities/{slug}":                 {rule: inCommunity(moderators...), body: func(c *authzCell) any { return map[string]any{"name": c.p.name} }},
		"GET /api/v1/communities/{slug}/charter/revisions": {rule: inCommunity(everyone...)},
		"POST /api/v1/communities/{slug}/goals":            {rule: inCommunity(moderators...), body: func(*authzCell) any { return map[string]any{"title": s.unique("Another goal ")} }},
		"PATCH /api/v1/communities/{slug}/goals/{id}": {rule: inCommunity(moderators...), id: idGoal, body: func(c *authzCell) any {
			return map[string]any{"title": "Reach the goal " + secretText(c.p.vis, "goal")}
		}},
		"DELETE /api/v1/communities/{slug}/goals/{id}":             {rule: inCommunity(moderators...), id: idGoal, fresh: freshGoal},
		"POST /api/v1/communities/{slug}/join":                     {rule: joinRule, after: restoreMember},
		"POST /api/v1/communities/{slug}/leave":                    {rule: leaveRule, after: restoreMember},
		"GET /api/v1/communities/{slug}/members":                   {rule: inCommunity(signedIn...)},
		"POST /api/v1/communities/{slug}/invitations":              {rule: inCommunity(moderators...), body: fixedJSON(map[string]any{"handle": "ivy"})},
		"POST /api/v1/communities/{slug}/members/{handle}/approve": {rule: inCommunity(moderators...), fresh: freshPending},
		"PATCH /api/v1/communities/{slug}/members/{handle}":        {rule: inCommunity(moderators...), body: fixedJSON(map[string]any{"role": praxis.MemberRegular})},
		"DELETE /api/v1/communities/{slug}/members/{handle}":       {rule: inCommunity(moderators...), fresh: freshInvited},
		"GET /api/v1/communities/{slug}/activity":                  {rule: inCommunity(everyone...)},

		// JSON API: conversations.
		"GET /api/v1/communities/{slug}/threads": {rule: inCommunity(everyone...)},
		"POST /api/v1/communities/{slug}/threads": {rule: inCommunity(participants...), body: func(*authzCell) any {
			return map[string]any{"kind": praxis.KindQuestion, "title": s.unique("How do we scale up, take "), "body": "We wonder how."}
		}},
		"GET /api/v1/communities/{slug}/topics":  {rule: inCommunity(everyone...)},
		"POST /api/v1/communities/{slug}/topics": {rule: inCommunity(roleMember, roleCore, roleCoordinator, roleAdmin), body: func(*authzCell) any { return map[string]any{"name": s.unique("topic")} }},
		"GET /api/v1/threads/{id}":               {rule: inCommunity(everyone...), id: idThread},
		"PATCH /api/v1/threads/{id}":             {rule: inCommunity(moderators...), id: idThread, fresh: freshThread, body: fixedJSON(map[string]any{"locked": true})},
		"POST /api/v1/threads/{id}/replies":      {rule: inCommunity(participants...), id: idThread, body: fixedJSON(map[string]any{"body": "Me too."})},
		"POST /api/v1/threads/{id}/accept":       {rule: inCommunity(moderators...), id: idThread, fresh: freshThread, body: func(c *authzCell) any { return map[string]any{"post_id": c.p.reply} }},
		"PATCH /api/v1/posts/{id}": {rule: inCommunity(moderators...), id: idReply, body: func(c *authzCell) any {
			return map[string]any{"body": "Start small, " + secretText(c.p.vis, "answer") + ".", "summary": "Same words."}
		}},
		"DELETE /api/v1/posts/{id}":                     {rule: inCommunity(moderators...), id: idReply, fresh: freshThread},
		"GET /api/v1/posts/{id}/revisions":              {rule: inCommunity(everyone...), id: idReply},
		"PUT /api/v1/posts/{id}/vote":                   {rule: inCommunity(participants...), id: idReply},
		"DELETE /api/v1/posts/{id}/vote":                {rule: inCommunity(participants...), id: idReply, fresh: priorVote},
		"POST /api/v1/posts/{id}/flags":                 {rule: inCommunity(participants...), id: idReply, fresh: freshThread, body: fixedJSON(map[string]any{"reason": "Off topic."})},
		"POST /api/v1/posts/{id}/flags/dismiss":         {rule: inCommunity(moderators...), id: idReply, fresh: freshFlagged},
		"GET /api/v1/communities/{slug}/flags":          {rule: inCommunity(moderators...)},
		"POST /api/v1/posts/{id}/hide":                  {rule: inCommunity(moderators...), id: idReply, fresh: freshThread, body: fixedJSON(map[string]any{"reason": "Off topic."})},
		"POST /api/v1/posts/{id}/restore":               {rule: inCommunity(moderators...), id: idReply, fresh: freshHidden},
		"GET /api/v1/communities/{slug}/moderation-log": {rule: inCommunity(moderators...)},

		// JSON API: following and notifications.
		"GET /api/v1/me/notifications":              {rule: onSite(signedIn...)},
		"GET /api/v1/me/notifications/unread-count": {rule: onSite(signedIn...)},
		"POST /api/v1/me/notifications/read":        {rule: onSite(signedIn...), body: fixedJSON(map[string]any{"ids": []int64{}})},
		"GET /api/v1/follows/{type}/{target...}":    {rule: inCommunity(signedIn...)},
		"PUT /api/v1/follows/{type}/{target...}":    {rule: inCommunity(signedIn...)},
		"DELETE /api/v1/follows/{type}/{target...}": {rule: inCommunity(signedIn...)},

		// JSON API: attachments.
		"POST /api/v1/communities/{slug}/attachments": {rule: inCommunity(participants...), raw: func(t *testing.T, c *authzCell) (string, []byte) {
			return multipartBody(t, nil, []formFile{{field: "file", name: "notes.txt", content: []byte("Some notes.\n")}})
		}},
		"GET /api/v1/attachments/{id}": {rule: inCommunity(everyone...), id: idAttachment},

		// JSON API: knowledge base.
		"GET /api/v1/communities/{slug}/articles": {rule: inCommunity(everyone...)},
		"POST /api/v1/communities/{slug}/articles": {rule: inCommunity(participants...), body: func(*authzCell) any {
			return map[string]any{"kind": praxis.ArticleGuide, "title": s.unique("How to start, part "), "body": "Step by step."}
		}},
		"GET /api/v1/articles/{id}": {rule: inCommunity(everyone...), id: idArticle},
		"PATCH /api/v1/articles/{id}": {rule: inCommunity(moderators...), id: idArticle, body: func(c *authzCell) any {
			return map[string]any{"body": "Step by step, " + secretText(c.p.vis, "article-body") + ".", "summary": "Same words."}
		}},
		"POST /api/v1/threads/{id}/article":                  {rule: inCommunity(participants...), id: idThread},
		"POST /api/v1/articles/{id}/review-requests":         {rule: inCommunity(moderators...), id: idArticle, body: fixedJSON(map[string]any{"reviewers": []string{"mia"}})},
		"POST /api/v1/articles/{id}/reviews":                 {rule: reviewRule, id: idDraft, body: fixedJSON(map[string]any{"state": praxis.ReviewChanges, "comment": "Say more."})},
		"POST /api/v1/articles/{id}/publish":                 {rule: inCommunity(moderators...), id: idArticle},
		"POST /api/v1/articles/{id}/confirm":                 {rule: inCommunity(moderators...), id: idArticle},
		"POST /api/v1/articles/{id}/archive":                 {rule: inCommunity(moderators...), id: idArticle, fresh: freshArticle},
		"PUT /api/v1/articles/{id}/verified":                 {rule: inCommunity(leads...), id: idArticle},
		"DELETE /api/v1/articles/{id}/verified":              {rule: inCommunity(leads...), id: idArticle},
		"GET /api/v1/articles/{id}/revisions":                {rule: inCommunity(everyone...), id: idArticle},
		"POST /api/v1/articles/{id}/restore":                 {rule: inCommunity(moderators...), id: idArticle, body: fixedJSON(map[string]any{"number": 1})},
		"POST /api/v1/articles/{id}/reuses":                  {rule: inCommunity(participants...), id: idArticle},
		"POST /api/v1/articles/{id}/copies":                  {rule: inCommunity(participants...), id: idArticle, body: func(c *authzCell) any { return map[string]any{"community": c.p.slug} }},
		"GET /api/v1/communities/{slug}/stewardship":         {rule: inCommunity(moderators...)},
		"GET /api/v1/me/stewardship":                         {rule: onSite(signedIn...)},
		"GET /api/v1/communities/{slug}/collections":         {rule: inCommunity(everyone...)},
		"POST /api/v1/communities/{slug}/collections":        {rule: inCommunity(leads...), body: func(*authzCell) any { return map[string]any{"title": s.unique("Reading list ")} }},
		"DELETE /api/v1/communities/{slug}/collections/{id}": {rule: inCommunity(leads...), id: idCollection, fresh: freshCollection},

		// JSON API: events.
		"GET /api/v1/communities/{slug}/events":         {rule: inCommunity(everyone...)},
		"POST /api/v1/communities/{slug}/events":        {rule: inCommunity(leads...), body: eventJSON},
		"GET /api/v1/occurrences/{id}":                  {rule: inCommunity(everyone...), id: idOccurrence},
		"PATCH /api/v1/occurrences/{id}":                {rule: inCommunity(moderators...), id: idOccurrence, body: fixedJSON(map[string]any{"note": "Bring a dish."})},
		"POST /api/v1/occurrences/{id}/cancel":          {rule: inCommunity(moderators...), id: idOccurrence, fresh: freshEvent},
		"PUT /api/v1/occurrences/{id}/rsvp":             {rule: inCommunity(participants...), id: idOccurrence, body: fixedJSON(map[string]any{"status": praxis.RSVPGoing})},
		"POST /api/v1/occurrences/{id}/attendance":      {rule: inCommunity(moderators...), id: idOccurrence, body: fixedJSON(map[string]any{"handles": []string{"mia"}})},
		"PUT /api/v1/occurrences/{id}/harvest":          {rule: inCommunity(moderators...), id: idOccurrence, body: fixedJSON(map[string]any{"notes": "We learned.", "links": []string{}})},
		"POST /api/v1/occurrences/{id}/harvest/article": {rule: inCommunity(roleCoordinator), id: idOccurrence},
		"PATCH /api/v1/events/{id}":                     {rule: inCommunity(moderators...), id: idEvent, body: func(c *authzCell) any { return map[string]any{"title": secretText(c.p.vis, "event") + " meetup"} }},
		"POST /api/v1/events/{id}/cancel":               {rule: inCommunity(moderators...), id: idEvent, fresh: freshEvent},
		"GET /api/v1/communities/{slug}/rhythm":         {rule: inCommunity(everyone...)},
		"GET /api/v1/communities/{slug}/health":         {rule: inCommunity(everyone...)},
		"PUT /api/v1/communities/{slug}/cadence":        {rule: inCommunity(moderators...), body: fixedJSON(map[string]any{"every_days": 14, "kind": praxis.EventMeetup})},
		"GET /api/v1/communities/{slug}/visits":         {rule: inCommunity(moderators...)},
		"POST /api/v1/communities/{slug}/visits":        {rule: inCommunity(signedIn...), body: fixedJSON(map[string]any{"what": "Your kitchen."})},
		"POST /api/v1/visits/{id}/answer":               {rule: inCommunity(moderators...), id: idVisit, fresh: freshVisit, body: fixedJSON(map[string]any{"accept": false, "note": "Not now."})},
		"GET /api/v1/me/events":                         {rule: onSite(signedIn...)},

		// JSON API: search.
		"GET /api/v1/search":                       {rule: onSite(everyone...), query: "?q=SECRET"},
		"GET /api/v1/communities/{slug}/similar":   {rule: inCommunity(everyone...), query: "?title=SECRET+how+do+we+start"},
		"GET /api/v1/communities/{slug}/experts":   {rule: inCommunity(everyone...), query: "?title=SECRET+how+do+we+start"},
		"GET /api/v1/threads/{id}/related":         {rule: inCommunity(everyone...), id: idThread},
		"POST /api/v1/threads/{id}/duplicate":      {rule: inCommunity(moderators...), id: idThread, fresh: freshThread, body: func(c *authzCell) any { return map[string]any{"original_id": c.p.original} }},
		"DELETE /api/v1/threads/{id}/duplicate":    {rule: inCommunity(moderators...), id: idThread},
		"GET /api/v1/communities/{slug}/recurring": {rule: inCommunity(leads...)},

		// JSON API: administration (the target user is @bob, as above).
		"GET /api/v1/admin/settings":         {rule: onSite(admins...)},
		"PATCH /api/v1/admin/settings":       {rule: onSite(admins...), body: fixedJSON(map[string]any{"name": settings.Name})},
		"GET /api/v1/admin/users":            {rule: onSite(admins...)},
		"PATCH /api/v1/admin/users/{handle}": {rule: onSite(admins...), body: fixedJSON(map[string]any{"suspended": false})},
		"GET /api/v1/admin/invitations":      {rule: onSite(admins...)},
		"POST /api/v1/admin/invitations":     {rule: onSite(admins...)},
		"GET /api/v1/admin/audit":            {rule: onSite(admins...)},
	}
}

// targetsBob lists the routes whose {handle} is @bob, a plain member of
// every community; elsewhere it is @ava, who wrote the fixture's content.
var targetsBob = []string{
	"POST /c/{slug}/people/{handle}/role", "PATCH /api/v1/communities/{slug}/members/{handle}",
	"POST /admin/users/{handle}/role", "POST /admin/users/{handle}/suspend", "PATCH /api/v1/admin/users/{handle}",
}

// runEntry sends the route as every role, in every community when it is
// in one, and checks each answer.
func (s *authzSite) runEntry(t *testing.T, pattern string, e authzEntry) {
	method, path, _ := strings.Cut(pattern, " ")
	api := strings.HasPrefix(path, "/api/")
	places := []*authzPlace{nil}
	if e.rule.community {
		places = nil
		for _, vis := range authzVisibilities {
			places = append(places, s.places[vis])
		}
	}
	for _, place := range places {
		for _, r := range authzRoles {
			c := &authzCell{s: s, role: r, person: s.people[r], handle: "ava"}
			if slices.Contains(targetsBob, pattern) {
				c.handle = "bob"
			}
			vis := ""
			if place != nil {
				p := *place
				c.p, vis = &p, place.vis
			}
			want := e.expectFor(r, vis, api)
			if want == allowed && e.fresh != nil {
				e.fresh(t, c)
			}
			c.token = s.authzCalendarToken(r)
			resp := s.sendCell(t, c, method, path, e)
			if e.after != nil {
				e.after(t, c)
			}
			where := "as " + string(r)
			if place != nil {
				where += " in the " + place.String()
			}
			got := classifyAuthz(resp)
			anon := r == roleAnonymous || r == roleSuspended
			if !acceptsAuthz(want, got, anon) {
				t.Errorf("%s %s: %d, %s; want %s (%s)", resp, where, resp.status, got, want, authzGist(resp))
			}
			s.checkNoLeak(t, resp, r, where)
		}
	}
}

// authzGist is what a response says, in a few words, for a failure message.
func authzGist(r *response) string {
	if loc := r.header.Get("Location"); loc != "" {
		return "to " + loc
	}
	if strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		b := string(r.body)
		if i := strings.Index(b, `<p class="lead">`); i >= 0 {
			b = b[i:]
		} else if i := strings.Index(b, "<title>"); i >= 0 {
			b = b[i:]
		}
		return fmt.Sprintf("%.200q", b)
	}
	return fmt.Sprintf("%.200s", bytes.TrimSpace(r.body))
}

// checkNoLeak fails the test if the response shows its reader text of a
// community the reader may not see.
func (s *authzSite) checkNoLeak(t *testing.T, r *response, reader authzRole, where string) {
	t.Helper()
	if reader == roleSuspended {
		reader = roleAnonymous
	}
	for _, vis := range authzVisibilities {
		if authzSees(reader, vis) {
			continue
		}
		m := []byte(secretMarker(vis))
		if bytes.Contains(r.body, m) || strings.Contains(r.header.Get("Location"), string(m)) {
			i := bytes.Index(r.body, m)
			t.Errorf("%s %s: the answer shows %s text: ...%s...", r, where, vis, r.body[max(0, i-150):min(len(r.body), i+150)])
		}
	}
}

// fill replaces the wildcards of a path with the cell's things.
func (c *authzCell) fill(t *testing.T, path string, e authzEntry) string {
	t.Helper()
	var pairs []string
	if c.p != nil {
		pairs = append(pairs, "{slug}", c.p.slug, "{post}", strconv.FormatInt(c.p.reply, 10), "{topic}", c.p.topic,
			"{type}/{target...}", praxis.FollowCommunity+"/"+c.p.slug)
		if strings.Contains(path, "{title}") {
			canon := c.p.thread.Path()
			pairs = append(pairs, "{title}", canon[strings.LastIndex(canon, "/")+1:])
		}
		if strings.Contains(path, "{name}") {
			pairs = append(pairs, "{name}", c.p.attachment.Name)
		}
	}
	if e.id != nil {
		pairs = append(pairs, "{id}", strconv.FormatInt(e.id(c), 10))
	}
	hash, name, _ := strings.Cut(strings.TrimPrefix(c.s.static, "/static/"), "/")
	pairs = append(pairs, "{$}", "", "{handle}", c.handle, "{token}", c.token, "{hash}", hash, "{name}", name)
	out := strings.NewReplacer(pairs...).Replace(path)
	if strings.ContainsAny(out, "{}") {
		t.Fatalf("%s: wildcards left unfilled in %s", path, out)
	}
	return out + e.query
}

// sendCell sends the cell's request.
func (s *authzSite) sendCell(t *testing.T, c *authzCell, method, pattern string, e authzEntry) *response {
	t.Helper()
	path := c.fill(t, pattern, e)
	switch {
	case e.raw != nil:
		ct, b := e.raw(t, c)
		return s.authzSend(t, c.person, method, path, ct, b, e.header)
	case strings.HasPrefix(path, "/api/"):
		var body any
		if e.body != nil {
			body = e.body(c)
		}
		return s.apiCall(t, c.person, method, path, body)
	case method == http.MethodGet:
		return s.authzSend(t, c.person, method, path, "", nil, e.header)
	}
	var v url.Values
	if e.form != nil {
		v = e.form(c)
	}
	return s.form(t, c.person, path, v)
}

// handleOf is the handle of the cell's person, or a made-up one for the
// anonymous visitor: a body is built for everyone, so that a refusal is
// about who sends it, not what.
func (c *authzCell) handleOf() string {
	if c.person.user == nil {
		return "nobody"
	}
	return c.person.user.Handle
}

// leakSweep reads, as people outside the private community, every page
// and API resource they may open, in every community they may see, and
// asks about the private community's content in its own words: none of it
// may show, in a body, a snippet, a feed, a calendar, a notification or a
// count. The readers are the anonymous visitor, a signed-in non-member,
// a member of the public community only and a former member of the
// private one, who followed it, answered its event and was notified of
// its threads before being removed.
func (s *authzSite) leakSweep(t *testing.T) {
	pub, internal, priv := s.places[praxis.VisibilityPublic], s.places[praxis.VisibilityInternal], s.places[praxis.VisibilityPrivate]
	as := func(u *praxis.User) *authzPerson {
		tok, err := s.db.CreateSession(t.Context(), u.ID, "sweep", "127.0.0.1")
		if err != nil {
			t.Fatalf("CreateSession: %v", err)
		}
		api, err := s.db.CreateAPIToken(t.Context(), u.ID, "sweep")
		if err != nil {
			t.Fatalf("CreateAPIToken: %v", err)
		}
		return &authzPerson{user: u, session: tok, bearer: api.Secret}
	}
	readers := []struct {
		name   string
		role   authzRole // whose sight the reader has
		person *authzPerson
	}{
		{"anonymous", roleAnonymous, s.people[roleAnonymous]},
		{"non-member", roleNonMember, s.people[roleNonMember]},
		{"public member", roleNonMember, as(s.pia)},
		{"former member", roleNonMember, as(s.fred)},
	}
	table := authzTable(s)
	// Words of the private community, as someone might search for them
	// (not its markers, which a search would echo).
	questions := []string{"SECRET", codeword(priv.vis), codeword(priv.vis) + " stuck", "workshop", "Skunkworks", "news workshop"}
	for _, rd := range readers {
		t.Run(rd.name, func(t *testing.T) {
			var seen []*response
			get := func(path string) *response {
				t.Helper()
				r := s.authzSend(t, rd.person, http.MethodGet, path, "", nil, nil)
				if r.status >= 500 {
					t.Errorf("%s as %s: status %d", r, rd.name, r.status)
				}
				seen = append(seen, r)
				return r
			}
			token := "not-a-calendar-token"
			if rd.person.user != nil {
				var err error
				if token, err = s.db.CalendarToken(t.Context(), rd.person.user, false); err != nil {
					t.Fatalf("CalendarToken: %v", err)
				}
			}
			places := []*authzPlace{pub}
			if rd.person.user != nil {
				places = append(places, internal)
			}
			// Every route that reads, in every community the reader may
			// see, about each person who has been in the private one.
			for _, pattern := range s.server.Routes() {
				path, ok := strings.CutPrefix(pattern, "GET ")
				if !ok {
					continue
				}
				e, ok := table[pattern]
				if !ok {
					continue // the matrix reports the route
				}
				in := places
				if !e.rule.community {
					in = []*authzPlace{nil}
				}
				handles := []string{"ava"}
				if strings.Contains(path, "{handle}") {
					handles = []string{"ava", "cora", "fred", "sam", "mia"}
				}
				for _, place := range in {
					for _, h := range handles {
						c := &authzCell{s: s, role: rd.role, person: rd.person, handle: h, token: token}
						if place != nil {
							p := *place
							c.p = &p
						}
						get(c.fill(t, path, e))
					}
				}
			}
			for _, q := range questions {
				get("/search?q=" + url.QueryEscape(q))
				get("/api/v1/search?q=" + url.QueryEscape(q))
				get("/api/v1/search?q=" + url.QueryEscape(q) + "&community=" + priv.slug)
				get("/api/v1/communities/" + pub.slug + "/similar?title=" + url.QueryEscape(q+" how do we start"))
				get("/api/v1/communities/" + pub.slug + "/experts?title=" + url.QueryEscape(q+" how do we start"))
			}
			get("/api/v1/me/events?from=2026-01-01&to=2026-12-31")
			get("/api/v1/me/notifications?limit=100")
			get("/calendar/" + token)

			// Counts: a search for the private community's words finds
			// nothing, not even a number; the unread count is the number
			// of unread notifications the reader is shown.
			for _, q := range questions[1:] {
				r := get("/api/v1/search?q=" + url.QueryEscape(q))
				var res struct {
					Total int
					Hits  []struct{ Community string }
				}
				if r.status == http.StatusOK {
					r.decode(t, &res)
				}
				if res.Total != 0 || len(res.Hits) != 0 {
					t.Errorf("%s as %s: total %d, %d hits; want none", r, rd.name, res.Total, len(res.Hits))
				}
			}
			r := get("/api/v1/search?q=SECRET")
			var all struct {
				Total   int
				PerPage int `json:"per_page"`
				Hits    []struct{ Community string }
			}
			r.decode(t, &all)
			if len(all.Hits) < all.PerPage && all.Total != len(all.Hits) {
				t.Errorf("%s as %s: total %d but %d hits; the total counts what the reader may not see", r, rd.name, all.Total, len(all.Hits))
			}
			if rd.person.user != nil {
				var n struct {
					Unread int `json:"unread"`
				}
				get("/api/v1/me/notifications/unread-count").decode(t, &n)
				var ns struct {
					Items []struct {
						ReadAt *string `json:"read_at"`
					}
				}
				get("/api/v1/me/notifications?unread=1&limit=100").decode(t, &ns)
				if n.Unread != len(ns.Items) {
					t.Errorf("as %s: unread count %d, but %d unread notifications shown", rd.name, n.Unread, len(ns.Items))
				}
			}
			for _, r := range seen {
				s.checkNoLeak(t, r, rd.role, "as "+rd.name)
			}
		})
	}
}

// othersThings: notifications, sessions and API tokens are their owner's
// alone, whatever the role of who asks for someone else's.
func (s *authzSite) othersThings(t *testing.T) {
	mia := s.people[roleMember]
	for _, r := range []authzRole{roleNonMember, roleCore, roleCoordinator, roleAdmin} {
		person := s.people[r]
		tok, err := s.db.CreateAPIToken(t.Context(), mia.user.ID, "victim")
		if err != nil {
			t.Fatalf("CreateAPIToken: %v", err)
		}
		_, session := s.extraSession(t, roleMember)
		for _, try := range []struct{ method, path string }{
			{http.MethodGet, "/notifications/" + strconv.FormatInt(mia.notice, 10)},
			{http.MethodPost, "/settings/tokens/" + strconv.FormatInt(tok.ID, 10) + "/revoke"},
			{http.MethodPost, "/settings/sessions/" + strconv.FormatInt(session, 10) + "/revoke"},
			{http.MethodDelete, "/api/v1/me/tokens/" + strconv.FormatInt(tok.ID, 10)},
			{http.MethodDelete, "/api/v1/me/sessions/" + strconv.FormatInt(session, 10)},
		} {
			var resp *response
			if try.method == http.MethodPost {
				resp = s.form(t, person, try.path, nil)
			} else {
				resp = s.apiCall(t, person, try.method, try.path, nil)
			}
			if got := classifyAuthz(resp); got != hidden {
				t.Errorf("%s of @mia's as %s: %d, %s; want %s", resp, r, resp.status, got, hidden)
			}
		}
		if u, err := s.db.UserByAPIToken(t.Context(), tok.Secret); err != nil || u.ID != mia.user.ID {
			t.Errorf("after %s tried to revoke it, @mia's token: %v, %v; want it still hers", r, u, err)
		}
		sessions, err := s.db.Sessions(t.Context(), mia.user.ID)
		if err != nil || !slices.ContainsFunc(sessions, func(se *praxis.Session) bool { return se.ID == session }) {
			t.Errorf("after %s tried to revoke it, @mia's session %d is gone (%v)", r, session, err)
		}
	}
}

// acrossCommunities: the coordinator of the public community alone points
// its community's things at the private community's, which it may not
// see. Nothing may move, copy, link or accept across, and nothing the
// public community shows afterwards may carry the private one's text.
func (s *authzSite) acrossCommunities(t *testing.T) {
	ctx := t.Context()
	pub, priv := s.places[praxis.VisibilityPublic], s.places[praxis.VisibilityPrivate]
	cody := s.signUp(t, "cody")
	s.join(t, s.cora, cody, pub.slug)
	if err := s.db.SetRole(ctx, s.cora, pub.slug, "cody", praxis.MemberCoordinator); err != nil {
		t.Fatalf("SetRole: %v", err)
	}
	tok, err := s.db.CreateAPIToken(ctx, cody.ID, "across")
	if err != nil {
		t.Fatalf("CreateAPIToken: %v", err)
	}
	person := &authzPerson{user: cody, bearer: tok.Secret}
	p := *pub
	s.freshThread(t, &p)
	s.freshVisit(t, &p)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	for _, try := range []struct {
		method, path string
		body         map[string]any
		refused      bool // must not go through at all
	}{
		{http.MethodPost, "/api/v1/threads/" + id(p.thread.ID) + "/duplicate", map[string]any{"original_id": priv.original}, true},
		{http.MethodPatch, "/api/v1/threads/" + id(p.thread.ID), map[string]any{"community": priv.slug}, true},
		{http.MethodPost, "/api/v1/threads/" + id(p.thread.ID) + "/accept", map[string]any{"post_id": priv.reply}, true},
		{http.MethodPost, "/api/v1/articles/" + id(pub.article) + "/copies", map[string]any{"community": priv.slug}, true},
		{http.MethodPost, "/api/v1/articles/" + id(priv.article) + "/copies", map[string]any{"community": pub.slug}, true},
		{http.MethodPost, "/api/v1/visits/" + id(p.visit) + "/answer", map[string]any{"accept": true, "event_id": priv.event}, true},
		{http.MethodPost, "/api/v1/communities/" + pub.slug + "/collections", map[string]any{"title": "Mixed",
			"items": []map[string]any{{"article_id": priv.article}, {"thread_id": priv.thread.ID}}}, true},
		{http.MethodPost, "/api/v1/threads/" + id(p.thread.ID) + "/replies", map[string]any{"body": "See there.", "reply_to_id": priv.reply}, false},
	} {
		r := s.apiCall(t, person, try.method, try.path, try.body)
		if got := classifyAuthz(r); r.status >= 500 || (try.refused && got != hidden && r.status != http.StatusBadRequest) {
			t.Errorf("%s %v as the public community's coordinator: %d, %s; want it refused (%s)", r, try.body, r.status, got, authzGist(r))
		}
		s.checkNoLeak(t, r, roleNonMember, "as the public community's coordinator")
	}
	// What the public community shows now, to anyone.
	anon := s.people[roleAnonymous]
	for _, path := range []string{"/c/" + pub.slug, p.thread.Path(), "/api/v1/threads/" + id(p.thread.ID), "/c/" + pub.slug + "/kb",
		"/api/v1/communities/" + pub.slug + "/articles", "/api/v1/communities/" + pub.slug + "/collections", "/c/" + pub.slug + "/events",
		"/api/v1/communities/" + pub.slug + "/events", "/api/v1/communities/" + pub.slug + "/activity"} {
		r := s.authzSend(t, anon, http.MethodGet, path, "", nil, nil)
		if r.status != http.StatusOK {
			t.Errorf("%s: status %d; want 200", r, r.status)
		}
		s.checkNoLeak(t, r, roleAnonymous, "as anonymous")
	}
}
