package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
	"praxis/web"
)

// The site the authorization matrix (authz_matrix_test.go) runs against:
// one community of each visibility, each holding one of every kind of
// thing, every text of which carries a marker "SECRET-<visibility>-<kind>",
// so that a response can be searched for what its reader may not see.

// authzRole is who sends a request in the matrix.
type authzRole string

const (
	roleAnonymous   authzRole = "anonymous"
	roleNonMember   authzRole = "non-member"
	roleMember      authzRole = "member"
	roleCore        authzRole = "core"
	roleCoordinator authzRole = "coordinator"
	roleAdmin       authzRole = "admin"
	roleSuspended   authzRole = "suspended"
)

// authzRoles are the roles of the matrix. Everyone but the anonymous
// visitor and the administrator belongs to all three communities (the
// non-member to none), so that only the role decides.
var authzRoles = []authzRole{roleAnonymous, roleNonMember, roleMember, roleCore, roleCoordinator, roleAdmin, roleSuspended}

// authzVisibilities are the community visibilities of the matrix.
var authzVisibilities = []string{praxis.VisibilityPublic, praxis.VisibilityInternal, praxis.VisibilityPrivate}

// secretMarker starts every text of the community of a visibility.
func secretMarker(visibility string) string { return "SECRET-" + visibility }

// secretText is the marked text of a kind of thing in the community of a
// visibility.
func secretText(visibility, kind string) string {
	return secretMarker(visibility) + "-" + kind + " " + codeword(visibility)
}

// codeword is a word found only in the texts of the community of a
// visibility: what someone outside would search for.
func codeword(visibility string) string {
	return map[string]string{praxis.VisibilityPublic: "saffron", praxis.VisibilityInternal: "cobalt", praxis.VisibilityPrivate: "obsidian"}[visibility]
}

// authzPlace is one community of the fixture and the things in it. A cell
// that changes something gets a copy with fresh things (see authzEntry).
type authzPlace struct {
	vis, slug, name string
	thread          *praxis.Thread // a question by @ava, answered by @bob
	reply           int64          // @bob's answer, accepted
	original        int64          // another question, for duplicates
	topic           string
	goal            int64
	article         int64 // published, written and looked after by @ava
	draft           int64 // in review; @mia is asked to review it
	collection      int64
	event           int64
	occurrence      int64
	visit           int64
	attachment      *praxis.Attachment // in the opening post of thread
}

// authzPerson is a user with the ways the matrix has to act as them.
type authzPerson struct {
	user    *praxis.User
	session string // a session token, sent as the cookie on pages
	bearer  string // an API token, sent on /api/ requests
	notice  int64  // one of their notifications
	// calendar is the secret of their calendar feed, which can only be
	// read when it is made.
	calendar string
}

// authzSite is the matrix's site.
type authzSite struct {
	*testSite
	client *http.Client
	csrf   string // the CSRF cookie and form value of every request
	people map[authzRole]*authzPerson
	places map[string]*authzPlace // by visibility
	// Others who are not roles: the authors of the content, a member of
	// the public community only, a former member of the private one, and
	// the targets of member management.
	ava, bob, pia, fred, lou, ivy *praxis.User
	cora                          *praxis.User // the coordinator
	settings                      *praxis.Settings
	static                        string // the path of the stylesheet
	seq                           int    // for unique names
}

// newAuthzSite builds the fixture on a fresh database, without rate
// limits: the matrix sends hundreds of posts as each user.
func newAuthzSite(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) *authzSite {
	t.Helper()
	return newAuthzSiteLimited(t, db, clock, &praxis.RateLimits{})
}

// newAuthzSiteLimited builds the fixture with the rate limits given (the
// fixture itself is written through the store, so it uses none of them).
func newAuthzSiteLimited(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock, limits *praxis.RateLimits) *authzSite {
	t.Helper()
	ts, _ := newSiteWith(t, db, clock, web.Config{RateLimits: limits}, false)
	s := &authzSite{testSite: ts, csrf: strings.Repeat("c5", 16), people: map[authzRole]*authzPerson{}, places: map[string]*authzPlace{},
		client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	ctx := t.Context()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %s: %v", what, err)
		}
	}
	cora := s.signUp(t, "cora")
	s.cora = cora
	users := map[authzRole]*praxis.User{
		roleNonMember: s.signUp(t, "olga"), roleMember: s.signUp(t, "mia"), roleCore: s.signUp(t, "cole"),
		roleCoordinator: cora, roleAdmin: s.admin, roleSuspended: s.signUp(t, "sam"),
	}
	s.ava, s.bob, s.pia, s.fred, s.lou, s.ivy = s.signUp(t, "ava"), s.signUp(t, "bob"), s.signUp(t, "pia"), s.signUp(t, "fred"), s.signUp(t, "lou"), s.signUp(t, "ivy")
	var err error
	s.settings, err = s.db.Settings(ctx)
	must("Settings", err)

	names := map[string][2]string{
		praxis.VisibilityPublic:   {"open-kitchen", "Open Kitchen"},
		praxis.VisibilityInternal: {"staff-room", "Staff Room"},
		praxis.VisibilityPrivate:  {"skunkworks", "Skunkworks"},
	}
	for _, vis := range authzVisibilities {
		mark := func(kind string) string { return secretText(vis, kind) }
		slug, name := names[vis][0], names[vis][1]+" "+secretMarker(vis)+"-community"
		policy := praxis.JoinOpen
		if vis == praxis.VisibilityPrivate {
			policy = praxis.JoinInvitation
		}
		statement := "How we work, " + mark("statement") + "."
		goal := "Reach the goal " + mark("goal")
		_, err := s.db.CreateCommunity(ctx, cora, praxis.CommunityInput{Name: &name, Slug: &slug, DomainStatement: &statement,
			Visibility: &vis, JoinPolicy: &policy}, []praxis.GoalInput{{Title: &goal}})
		must("CreateCommunity "+vis, err)
		for _, u := range []*praxis.User{users[roleMember], users[roleCore], users[roleSuspended], s.ava, s.bob, s.fred} {
			s.join(t, cora, u, slug)
		}
		must("SetRole core", s.db.SetRole(ctx, cora, slug, "cole", praxis.MemberCore))
		p := &authzPlace{vis: vis, slug: slug, name: name, topic: "recipes"}
		v, err := s.db.Community(ctx, cora, slug)
		must("Community", err)
		p.goal = v.Goals[0].ID

		_, err = s.db.SaveTopic(ctx, cora, slug, praxis.Topic{Name: p.topic, Description: "About " + mark("topic"), Approved: true})
		must("SaveTopic", err)
		p.attachment, err = s.db.Upload(ctx, s.ava, slug, "notes.txt", strings.NewReader("The file says "+mark("attachment")+".\n"))
		must("Upload", err)
		p.thread = s.authzThread(t, p, mark("thread")+": how do we start?", "We are stuck, "+mark("question")+".\n\n"+p.attachment.Markdown())
		p.reply = s.authzReply(t, p.thread.ID, "Start small, "+mark("answer")+".")
		_, err = s.db.Accept(ctx, s.ava, p.thread.ID, p.reply)
		must("Accept", err)
		p.original = s.authzThread(t, p, mark("original")+": how do we begin?", "Another question, "+mark("original-body")+".").ID

		p.article = s.authzArticle(t, p, mark("article")+" guide")
		draft, err := s.db.CreateArticle(ctx, s.ava, slug, praxis.ArticleInput{Kind: ptr(praxis.ArticleGuide), Title: ptr(mark("draft") + " guide"),
			Body: ptr("Draft, " + mark("draft-body") + "."), Stewards: []string{"ava"}})
		must("CreateArticle draft", err)
		must("RequestReview", s.db.RequestReview(ctx, s.ava, draft.ID, []string{"mia"}))
		p.draft = draft.ID

		col, err := s.db.SaveCollection(ctx, cora, slug, praxis.Collection{Title: "Start here " + mark("collection"), StartHere: true,
			Items: []praxis.CollectionItem{{ArticleID: p.article}, {ThreadID: p.thread.ID}}})
		must("SaveCollection", err)
		p.collection = col.ID
		p.event, p.occurrence = s.authzEvent(t, p, mark("event")+" meetup")
		visit, err := s.db.RequestVisit(ctx, s.ava, slug, praxis.VisitRequest{What: "Your kitchen, " + mark("visit"), Why: "To learn."})
		must("RequestVisit", err)
		p.visit = visit.ID
		s.places[vis] = p
	}

	// Everyone follows the public community and hears of a new thread in
	// it; the former member also followed the private one, RSVPed to its
	// event and heard of its threads, and then was removed.
	pub, priv := s.places[praxis.VisibilityPublic], s.places[praxis.VisibilityPrivate]
	for _, u := range append(slices.Collect(maps.Values(users)), s.pia, s.fred) {
		if u == s.pia {
			s.join(t, cora, u, pub.slug)
		}
		must("Follow", s.db.Follow(ctx, u, praxis.FollowCommunity, pub.slug, true))
	}
	must("Follow private", s.db.Follow(ctx, s.fred, praxis.FollowCommunity, priv.slug, true))
	_, err = s.db.Respond(ctx, s.fred, priv.occurrence, praxis.RSVPGoing, "")
	must("Respond", err)
	s.authzThread(t, pub, secretMarker(pub.vis)+"-news: what is new?", "News of the kitchen.")
	s.authzThread(t, priv, secretMarker(priv.vis)+"-news: what is new?", "News of the workshop, "+secretMarker(priv.vis)+"-news-body "+codeword(priv.vis)+".")
	ns, err := s.db.Notifications(ctx, s.fred, true, 100)
	must("Notifications", err)
	if !slices.ContainsFunc(ns, func(n *praxis.Notification) bool { return n.CommunitySlug == priv.slug }) {
		t.Fatalf("fixture: @fred was not notified of the private community's thread: %+v", ns)
	}
	must("RemoveMember", s.db.RemoveMember(ctx, cora, priv.slug, "fred"))

	for r, u := range users {
		p := &authzPerson{user: u}
		p.session, err = s.db.CreateSession(ctx, u.ID, "authz matrix", "127.0.0.1")
		must("CreateSession", err)
		tok, err := s.db.CreateAPIToken(ctx, u.ID, "authz matrix")
		must("CreateAPIToken", err)
		p.bearer = tok.Secret
		ns, err := s.db.Notifications(ctx, u, false, 10)
		must("Notifications", err)
		if len(ns) == 0 {
			t.Fatalf("fixture: @%s has no notification", u.Handle)
		}
		p.notice = ns[0].ID
		p.calendar, err = s.db.CalendarToken(ctx, u, true)
		must("CalendarToken", err)
		s.people[r] = p
	}
	s.people[roleAnonymous] = &authzPerson{}
	must("SetSuspended", s.db.SetSuspended(ctx, s.admin, "sam", true))

	// The stylesheet's content-hashed address, as the pages link it.
	r := s.authzSend(t, s.people[roleAnonymous], http.MethodGet, "/", "", nil, nil)
	for _, l := range findAll(r.doc(t), isTag("link")) {
		if h, _ := attr(l, "href"); strings.HasPrefix(h, "/static/") {
			s.static = h
		}
	}
	if s.static == "" {
		t.Fatal("fixture: no stylesheet on the home page")
	}
	return s
}

// unique returns a name used once.
func (s *authzSite) unique(prefix string) string {
	s.seq++
	return prefix + strconv.Itoa(s.seq)
}

// authzThread starts a question by @ava.
func (s *authzSite) authzThread(t *testing.T, p *authzPlace, title, body string) *praxis.Thread {
	t.Helper()
	th, err := s.db.CreateThread(t.Context(), s.ava, p.slug, praxis.ThreadInput{Kind: ptr(praxis.KindQuestion), Title: &title, Body: &body,
		Topics: []string{p.topic}})
	if err != nil {
		t.Fatalf("fixture: CreateThread: %v", err)
	}
	return th
}

// authzReply answers a thread as @bob.
func (s *authzSite) authzReply(t *testing.T, threadID int64, body string) int64 {
	t.Helper()
	post, err := s.db.Reply(t.Context(), s.bob, threadID, body, 0)
	if err != nil {
		t.Fatalf("fixture: Reply: %v", err)
	}
	return post.ID
}

// authzArticle publishes a guide by @ava, who looks after it.
func (s *authzSite) authzArticle(t *testing.T, p *authzPlace, title string) int64 {
	t.Helper()
	a, err := s.db.CreateArticle(t.Context(), s.ava, p.slug, praxis.ArticleInput{Kind: ptr(praxis.ArticleGuide), Title: &title,
		Body: ptr("Step by step, " + secretText(p.vis, "article-body") + "."), Stewards: []string{"ava"}})
	if err != nil {
		t.Fatalf("fixture: CreateArticle: %v", err)
	}
	if _, err := s.db.Publish(t.Context(), s.ava, a.ID, ""); err != nil {
		t.Fatalf("fixture: Publish: %v", err)
	}
	return a.ID
}

// authzEvent schedules a meetup hosted by the coordinator, a week ahead,
// and returns it with its occurrence.
func (s *authzSite) authzEvent(t *testing.T, p *authzPlace, title string) (int64, int64) {
	t.Helper()
	coordinator := s.cora
	e, err := s.db.CreateEvent(t.Context(), coordinator, p.slug, praxis.EventInput{Kind: ptr(praxis.EventMeetup), Title: &title,
		Description: ptr("We meet, " + secretText(p.vis, "event-body") + "."), TimeZone: ptr("Europe/Paris"),
		Start: ptr("2026-03-10T18:00"), End: ptr("2026-03-10T19:30"), Place: ptr("Room " + secretMarker(p.vis)),
		Visibility: ptr(praxis.EventPublic)})
	if err != nil {
		t.Fatalf("fixture: CreateEvent: %v", err)
	}
	occs := s.occurrencesOf(t, coordinator, p.slug, e.ID)
	if len(occs) == 0 {
		t.Fatalf("fixture: event %d has no occurrence", e.ID)
	}
	return e.ID, occs[0].ID
}

// user returns the user of a role, nil for the anonymous visitor.
func (s *authzSite) user(r authzRole) *praxis.User { return s.people[r].user }

// authzSend sends one request as person: their session cookie on pages,
// their bearer token on the API, and the CSRF token as the browser and the
// harness send it (the form field of a page's POST; the header of an API
// call authenticated by its cookie). Cookies the server sets are dropped:
// each request of the matrix is as its person stands in the fixture.
func (s *authzSite) authzSend(t *testing.T, person *authzPerson, method, path, contentType string, body []byte, header http.Header) *response {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, s.url.String()+path, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if body == nil {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	cookie := "praxis_csrf=" + s.csrf
	if person.session != "" {
		cookie += "; praxis_session=" + person.session
	}
	req.Header.Set("Cookie", cookie)
	if person.bearer != "" && strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+person.bearer)
	} else if person.session != "" && strings.HasPrefix(path, "/api/") && !safeMethod(method) {
		req.Header.Set("X-CSRF-Token", s.csrf)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var b []byte
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		// A live stream does not end: its first bytes are enough.
		buf := make([]byte, 512)
		n, _ := resp.Body.Read(buf)
		b = buf[:n]
	} else if b, err = io.ReadAll(resp.Body); err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	r := &response{method: method, path: path, status: resp.StatusCode, header: resp.Header, cookies: resp.Cookies(), body: b}
	if strings.HasPrefix(path, "/api/") && r.status >= 400 {
		checkAPIError(t, r)
	}
	return r
}

func safeMethod(method string) bool { return method == http.MethodGet || method == http.MethodHead }

// form posts values, with the CSRF token, as a page's form does.
func (s *authzSite) form(t *testing.T, person *authzPerson, path string, values url.Values) *response {
	t.Helper()
	v := url.Values{}
	for k, vs := range values {
		v[k] = vs
	}
	v.Set("csrf_token", s.csrf)
	return s.authzSend(t, person, http.MethodPost, path, "application/x-www-form-urlencoded", []byte(v.Encode()), nil)
}

// apiCall sends a JSON body (none when body is nil).
func (s *authzSite) apiCall(t *testing.T, person *authzPerson, method, path string, body any) *response {
	t.Helper()
	if body == nil {
		return s.authzSend(t, person, method, path, "", nil, nil)
	}
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatalf("marshal %T: %v", body, err)
	}
	return s.authzSend(t, person, method, path, "application/json", b, nil)
}

// Fresh things, for the cells that change or use up what they act on.

func (s *authzSite) freshThread(t *testing.T, p *authzPlace) {
	t.Helper()
	p.thread = s.authzThread(t, p, s.unique(secretMarker(p.vis)+"-fresh question "), "A fresh question, "+secretMarker(p.vis)+"-fresh.")
	p.reply = s.authzReply(t, p.thread.ID, "A fresh answer, "+secretMarker(p.vis)+"-fresh-answer.")
}

func (s *authzSite) freshGoal(t *testing.T, p *authzPlace) {
	t.Helper()
	g, err := s.db.AddGoal(t.Context(), s.user(roleCoordinator), p.slug, praxis.GoalInput{Title: ptr(s.unique("A fresh goal "))})
	if err != nil {
		t.Fatalf("AddGoal: %v", err)
	}
	p.goal = g.ID
}

func (s *authzSite) freshCollection(t *testing.T, p *authzPlace) {
	t.Helper()
	c, err := s.db.SaveCollection(t.Context(), s.user(roleCoordinator), p.slug, praxis.Collection{Title: s.unique("A fresh collection ")})
	if err != nil {
		t.Fatalf("SaveCollection: %v", err)
	}
	p.collection = c.ID
}

func (s *authzSite) freshEvent(t *testing.T, p *authzPlace) {
	t.Helper()
	p.event, p.occurrence = s.authzEvent(t, p, s.unique("A fresh meetup "))
}

func (s *authzSite) freshVisit(t *testing.T, p *authzPlace) {
	t.Helper()
	v, err := s.db.RequestVisit(t.Context(), s.ava, p.slug, praxis.VisitRequest{What: s.unique("A fresh visit ")})
	if err != nil {
		t.Fatalf("RequestVisit: %v", err)
	}
	p.visit = v.ID
}

func (s *authzSite) freshArticle(t *testing.T, p *authzPlace) {
	t.Helper()
	p.article = s.authzArticle(t, p, s.unique("A fresh guide "))
}

// flagReply has @mia flag the reply of the place's (fresh) thread.
func (s *authzSite) flagReply(t *testing.T, p *authzPlace) {
	t.Helper()
	s.freshThread(t, p)
	if _, err := s.db.FlagPost(t.Context(), s.user(roleMember), p.reply, "Off topic."); err != nil {
		t.Fatalf("FlagPost: %v", err)
	}
}

// hideReply has the coordinator hide the reply of a fresh thread.
func (s *authzSite) hideReply(t *testing.T, p *authzPlace) {
	t.Helper()
	s.freshThread(t, p)
	if _, err := s.db.HidePost(t.Context(), s.user(roleCoordinator), p.reply, "Off topic."); err != nil {
		t.Fatalf("HidePost: %v", err)
	}
}

// freshUser signs up someone new, not in any community.
func (s *authzSite) freshUser(t *testing.T) *praxis.User {
	t.Helper()
	return s.signUp(t, s.unique("newcomer"))
}

// freshInvited invites someone new to the place and returns their handle.
func (s *authzSite) freshInvited(t *testing.T, p *authzPlace) string {
	t.Helper()
	u := s.freshUser(t)
	if err := s.db.Invite(t.Context(), s.user(roleCoordinator), p.slug, u.Handle); err != nil {
		t.Fatalf("Invite: %v", err)
	}
	return u.Handle
}

// freshPending has someone new ask to join the place and returns their
// handle. Nobody outside a private community can ask to join it, so the
// community is opened to requests for the moment it takes.
func (s *authzSite) freshPending(t *testing.T, p *authzPlace) string {
	t.Helper()
	ctx, cora := t.Context(), s.user(roleCoordinator)
	u := s.freshUser(t)
	c, err := s.db.Community(ctx, cora, p.slug)
	if err != nil {
		t.Fatalf("Community: %v", err)
	}
	vis, policy := c.Community.Visibility, c.Community.JoinPolicy
	if _, err := s.db.UpdateCommunity(ctx, cora, p.slug, praxis.CommunityInput{Visibility: ptr(praxis.VisibilityInternal),
		JoinPolicy: ptr(praxis.JoinRequest)}); err != nil {
		t.Fatalf("UpdateCommunity: %v", err)
	}
	if m, err := s.db.Join(ctx, u, p.slug, "May I join?"); err != nil || m.State != praxis.StatePending {
		t.Fatalf("Join = %+v, %v; want a pending request", m, err)
	}
	if _, err := s.db.UpdateCommunity(ctx, cora, p.slug, praxis.CommunityInput{Visibility: &vis, JoinPolicy: &policy}); err != nil {
		t.Fatalf("UpdateCommunity back: %v", err)
	}
	return u.Handle
}

// restoreMembership puts u back in the place as the role says, after a
// cell that may have made them leave or join.
func (s *authzSite) restoreMembership(t *testing.T, r authzRole, p *authzPlace) {
	t.Helper()
	ctx, u, cora := t.Context(), s.user(r), s.user(roleCoordinator)
	if u == nil || r == roleCoordinator || r == roleSuspended {
		return
	}
	v, err := s.db.Community(ctx, s.admin, p.slug)
	if err != nil {
		t.Fatalf("Community: %v", err)
	}
	members, err := s.db.Members(ctx, s.admin, p.slug, praxis.MemberFilter{})
	if err != nil {
		t.Fatalf("Members: %v", err)
	}
	in := false
	for _, m := range members {
		in = in || m.User.ID == u.ID
	}
	switch want := r == roleMember || r == roleCore; {
	case want && !in:
		s.join(t, cora, u, v.Community.Slug)
		if r == roleCore {
			if err := s.db.SetRole(ctx, cora, p.slug, u.Handle, praxis.MemberCore); err != nil {
				t.Fatalf("SetRole: %v", err)
			}
		}
	case !want && in:
		if err := s.db.Leave(ctx, u, p.slug); err != nil {
			t.Fatalf("Leave: %v", err)
		}
	}
}

// extraSession signs the role's user in once more, for a cell that ends
// a session.
func (s *authzSite) extraSession(t *testing.T, r authzRole) (token string, id int64) {
	t.Helper()
	u := s.user(r)
	if u == nil {
		return "", 1
	}
	token, err := s.db.CreateSession(t.Context(), u.ID, "authz matrix, once", "127.0.0.1")
	if err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	all, err := s.db.Sessions(t.Context(), u.ID)
	if err != nil {
		t.Fatalf("Sessions: %v", err)
	}
	for _, se := range all {
		id = max(id, se.ID)
	}
	return token, id
}

// extraToken makes the role's user an API token to revoke.
func (s *authzSite) extraToken(t *testing.T, r authzRole) int64 {
	t.Helper()
	u := s.user(r)
	if u == nil {
		return 1
	}
	tok, err := s.db.CreateAPIToken(t.Context(), u.ID, s.unique("to revoke "))
	if err != nil {
		t.Fatalf("CreateAPIToken: %v", err)
	}
	return tok.ID
}

// authzCalendarToken returns the secret of the role's calendar feed; the
// anonymous visitor has none and sends a made-up one. The suspended user's
// was made before the suspension, as a feed reader would still hold it.
func (s *authzSite) authzCalendarToken(r authzRole) string {
	if tok := s.people[r].calendar; tok != "" {
		return tok
	}
	return "not-a-calendar-token"
}

// newCalendarToken gives the role a new calendar feed secret, after a
// cell that may have replaced it.
func (s *authzSite) newCalendarToken(t *testing.T, r authzRole) {
	t.Helper()
	if u := s.user(r); u != nil && r != roleSuspended {
		tok, err := s.db.CalendarToken(t.Context(), u, true)
		if err != nil {
			t.Fatalf("CalendarToken: %v", err)
		}
		s.people[r].calendar = tok
	}
}

// String names a place in messages.
func (p *authzPlace) String() string { return fmt.Sprintf("%s community %s", p.vis, p.slug) }
