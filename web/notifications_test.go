package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"praxis"
)

// accessibleText returns the text of n as a screen reader reads it: the
// text nodes joined as they stand, runs of white space collapsed.
func accessibleText(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// notificationsLink returns the text of the header's link to /notifications,
// failing the test when the header has none.
func notificationsLink(t *testing.T, r *response) string {
	t.Helper()
	for _, h := range byClass(r.doc(t), "site-header") {
		for _, a := range findAll(h, isTag("a")) {
			if href, _ := attr(a, "href"); href == "/notifications" {
				return accessibleText(a)
			}
		}
	}
	t.Fatalf("%s: the header has no link to /notifications", r)
	return ""
}

// conversationSite is a site where @cora coordinates the public "Open
// Kitchen" and the private "Back Office"; @mia is a member of both.
type conversationSite struct {
	*testSite
	cora, mia        *praxis.User
	kitchen, office  *praxis.Community
	question         *praxis.Thread
	answer           *praxis.Post
	questionAnswered string // the sentence cora reads about mia's answer
}

func newConversationSite(t *testing.T, s *testSite) *conversationSite {
	t.Helper()
	cs := &conversationSite{testSite: s, cora: s.signUp(t, "cora"), mia: s.signUp(t, "mia")}
	cs.kitchen = s.createCommunity(t, cs.cora, "Open Kitchen", "How we cook for many.", "public", "open")
	cs.office = s.createCommunity(t, cs.cora, "Back Office", "How we keep the books.", "private", "invitation")
	s.join(t, cs.cora, cs.mia, cs.kitchen.Slug)
	s.join(t, cs.cora, cs.mia, cs.office.Slug)
	cs.question = cs.startThread(t, cs.cora, cs.kitchen.Slug, "How much salt for forty?", "salt")
	var err error
	if cs.answer, err = s.db.Reply(t.Context(), cs.mia, cs.question.ID, "A tablespoon per litre of stock.", 0); err != nil {
		t.Fatalf("Reply: %v", err)
	}
	cs.questionAnswered = "User mia answered your question “How much salt for forty?”"
	return cs
}

func (cs *conversationSite) startThread(t *testing.T, u *praxis.User, slug, title string, topics ...string) *praxis.Thread {
	t.Helper()
	kind, body := praxis.KindQuestion, "About "+title
	th, err := cs.db.CreateThread(t.Context(), u, slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body, Topics: topics})
	if err != nil {
		t.Fatalf("CreateThread(%q): %v", title, err)
	}
	return th
}

func (cs *conversationSite) reply(t *testing.T, u *praxis.User, threadID int64, body string) {
	t.Helper()
	if _, err := cs.db.Reply(t.Context(), u, threadID, body, 0); err != nil {
		t.Fatalf("Reply: %v", err)
	}
}

// notificationItems returns the items of the notifications page: the text
// of each, whether it is marked unread, and where it links.
func notificationItems(t *testing.T, r *response) (texts []string, unread []bool, links []string) {
	t.Helper()
	for _, li := range byClass(r.doc(t), "notification") {
		texts = append(texts, accessibleText(li))
		unread = append(unread, hasClass(li, "unread"))
		a := findAll(li, isTag("a"))
		if len(a) == 0 {
			t.Fatalf("%s: a notification without a link: %q", r, accessibleText(li))
		}
		href, _ := attr(a[0], "href")
		links = append(links, href)
	}
	return texts, unread, links
}

func TestNotificationsPage(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cs := newConversationSite(t, s)
		cora := s.signedIn(t, "cora", cs.cora)

		if got := notificationsLink(t, cora.get(t, "/")); got != "Notifications, 1 unread" {
			t.Errorf("header link = %q; want %q", got, "Notifications, 1 unread")
		}
		r := cora.get(t, "/notifications")
		r.wantStatus(t, http.StatusOK)
		texts, unread, links := notificationItems(t, r)
		if len(texts) != 1 || !strings.Contains(texts[0], "Unread: "+cs.questionAnswered) || !unread[0] {
			t.Fatalf("notifications page items = %q (unread %v); want one unread %q", texts, unread, cs.questionAnswered)
		}
		ns, err := s.db.Notifications(t.Context(), cs.cora, false, 0)
		if err != nil || len(ns) != 1 {
			t.Fatalf("Notifications(cora) = %v, %v; want one", ns, err)
		}
		open := "/notifications/" + strconv.FormatInt(ns[0].ID, 10)
		if links[0] != open {
			t.Errorf("notification link = %q; want %q", links[0], open)
		}

		// Someone else cannot open it, nor mark it read that way.
		mia := s.signedIn(t, "mia", cs.mia)
		mia.get(t, open).wantStatus(t, http.StatusNotFound)
		if got := notificationsLink(t, cora.get(t, "/")); got != "Notifications, 1 unread" {
			t.Errorf("header link after another opened it = %q; want still 1 unread", got)
		}

		r = cora.get(t, open)
		r.wantStatus(t, http.StatusSeeOther)
		want := cs.question.Path() + "#post-" + strconv.FormatInt(cs.answer.ID, 10)
		if got := r.header.Get("Location"); got != want {
			t.Errorf("%s: Location = %q; want %q", r, got, want)
		}
		if got := notificationsLink(t, cora.get(t, "/")); got != "Notifications" {
			t.Errorf("header link after opening = %q; want %q", got, "Notifications")
		}
		if _, unread, _ := notificationItems(t, cora.get(t, "/notifications")); len(unread) != 1 || unread[0] {
			t.Errorf("after opening, items unread = %v; want one, read", unread)
		}
		cora.get(t, "/notifications/999999").wantStatus(t, http.StatusNotFound)
		cora.get(t, "/notifications/abc").wantStatus(t, http.StatusNotFound)

		// Mark all as read, from the page's own form.
		cs.reply(t, cs.mia, cs.question.ID, "And taste as you go.")
		cs.reply(t, cs.mia, cs.question.ID, "Less if the stock is salted.")
		if got := notificationsLink(t, cora.get(t, "/notifications")); got != "Notifications, 2 unread" {
			t.Errorf("header link = %q; want 2 unread", got)
		}
		r = cora.submit(t, "/notifications", "/notifications/read", nil)
		r.wantStatus(t, http.StatusSeeOther)
		if n, _ := s.db.UnreadCount(t.Context(), cs.cora); n != 0 {
			t.Errorf("UnreadCount after Mark all as read = %d; want 0", n)
		}
		if n, _ := s.db.UnreadCount(t.Context(), cs.mia); n != 0 {
			t.Errorf("UnreadCount(mia) = %d; want 0, untouched", n)
		}
		doc := cora.get(t, "/notifications").doc(t)
		for _, f := range findAll(doc, isTag("form")) {
			if a, _ := attr(f, "action"); a == "/notifications/read" {
				t.Errorf("with nothing unread, the page still offers Mark all as read")
			}
		}

		// The empty state says what to do.
		r = s.signedIn(t, "admin", s.admin).get(t, "/notifications")
		r.wantStatus(t, http.StatusOK)
		empty := byClass(r.doc(t), "empty")
		if len(empty) != 1 || !strings.Contains(accessibleText(empty[0]), "Nothing new. Follow a community or a topic to hear of new conversations.") {
			t.Errorf("empty notifications page: %q; want the empty state", r.body)
		}

		// Anonymous visitors are sent to sign in, and see no link.
		anon := s.anonymous("anonymous")
		r = anon.get(t, "/notifications")
		r.wantStatus(t, http.StatusSeeOther)
		if got := r.header.Get("Location"); !strings.HasPrefix(got, "/login") {
			t.Errorf("anonymous GET /notifications: Location = %q; want /login", got)
		}
		anon.get(t, open).wantStatus(t, http.StatusSeeOther)
		for _, a := range findAll(anon.get(t, "/").doc(t), isTag("a")) {
			if href, _ := attr(a, "href"); href == "/notifications" {
				t.Errorf("anonymous visitors see a link to /notifications")
			}
		}
	})
}

func TestNotificationsLeavePrivate(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cs := newConversationSite(t, s)
		mia := s.signedIn(t, "mia", cs.mia)
		title, body, kind := "Quarterly numbers", "Have a look, @mia.", praxis.KindDiscussion
		th, err := s.db.CreateThread(t.Context(), cs.cora, cs.office.Slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body})
		if err != nil {
			t.Fatalf("CreateThread: %v", err)
		}
		if got := notificationsLink(t, mia.get(t, "/")); got != "Notifications, 1 unread" {
			t.Errorf("header link as a member = %q; want 1 unread", got)
		}
		ns, _ := s.db.Notifications(t.Context(), cs.mia, false, 0)
		if len(ns) != 1 || ns[0].ThreadID != th.ID {
			t.Fatalf("Notifications(mia) = %v; want the mention in %d", ns, th.ID)
		}
		if err := s.db.Leave(t.Context(), cs.mia, cs.office.Slug); err != nil {
			t.Fatalf("Leave: %v", err)
		}
		r := mia.get(t, "/notifications")
		if got := notificationsLink(t, r); got != "Notifications" {
			t.Errorf("header link after leaving = %q; want no unread count", got)
		}
		if strings.Contains(string(r.body), title) {
			t.Errorf("after leaving, the notifications page still names %q", title)
		}
		mia.get(t, "/notifications/"+strconv.FormatInt(ns[0].ID, 10)).wantStatus(t, http.StatusNotFound)
		mia.bearer = s.withToken(t, "", cs.mia).bearer
		var count struct{ Unread int }
		mia.api(t, http.MethodGet, "/api/v1/me/notifications/unread-count", nil).decode(t, &count)
		if count.Unread != 0 {
			t.Errorf("API unread count after leaving = %d; want 0", count.Unread)
		}
	})
}

// TestNotificationsCapped shows the count exactly up to praxis.MaxUnread and
// as "99+" beyond it, in the header, on the notifications page and in the
// API, which says that it stopped counting.
func TestNotificationsCapped(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cs := newConversationSite(t, s) // cora has one unread answer
		for i := range praxis.MaxUnread - 1 {
			cs.reply(t, cs.mia, cs.question.ID, "Taste it again, round "+strconv.Itoa(i)+".")
		}
		cora := s.signedIn(t, "cora", cs.cora)
		api := s.withToken(t, "cora-api", cs.cora)
		type count struct {
			Unread int
			Capped bool
		}
		lead := func() string {
			t.Helper()
			ps := byClass(cora.get(t, "/notifications").doc(t), "lead")
			if len(ps) == 0 {
				t.Fatalf("the notifications page has no lead paragraph")
			}
			return accessibleText(ps[0])
		}
		for _, tt := range []struct {
			name       string
			link, lead string
			count      count
		}{
			{"as many as the cap", "Notifications, 99 unread", "99 unread notifications.", count{99, false}},
			{"one more than the cap", "Notifications, 99+ unread", "More than 99 unread notifications.", count{99, true}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if got := notificationsLink(t, cora.get(t, "/")); got != tt.link {
					t.Errorf("header link = %q; want %q", got, tt.link)
				}
				if got := lead(); got != tt.lead {
					t.Errorf("notifications page says %q; want %q", got, tt.lead)
				}
				var got count
				api.api(t, http.MethodGet, "/api/v1/me/notifications/unread-count", nil).decode(t, &got)
				if got != tt.count {
					t.Errorf("API unread count = %+v; want %+v", got, tt.count)
				}
			})
			cs.reply(t, cs.mia, cs.question.ID, "One more thought.")
		}
	})
}

func TestNotificationsAPI(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cs := newConversationSite(t, s)
		cs.reply(t, cs.mia, cs.question.ID, "And taste as you go.")
		cora := s.withToken(t, "cora", cs.cora)

		type notification struct {
			ID    int64
			Kind  string
			Actor struct{ Handle, Name string }
			URL   string
			Read  *string `json:"read_at"`
		}
		var list struct{ Items []notification }
		cora.api(t, http.MethodGet, "/api/v1/me/notifications", nil).decode(t, &list)
		if len(list.Items) != 2 {
			t.Fatalf("GET notifications: %d items; want 2", len(list.Items))
		}
		first := list.Items[1]
		if first.Kind != "answer" || first.Actor.Handle != "mia" || first.URL != cs.question.Path()+"#post-"+strconv.FormatInt(cs.answer.ID, 10) || first.Read != nil {
			t.Errorf("oldest notification = %+v; want mia's unread answer, linking to it", first)
		}

		var count struct{ Unread int }
		cora.api(t, http.MethodGet, "/api/v1/me/notifications/unread-count", nil).decode(t, &count)
		if count.Unread != 2 {
			t.Errorf("unread count = %d; want 2", count.Unread)
		}
		r := cora.api(t, http.MethodPost, "/api/v1/me/notifications/read", map[string]any{"ids": []int64{first.ID}})
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &count)
		if count.Unread != 1 {
			t.Errorf("after marking one read: unread = %d; want 1", count.Unread)
		}
		cora.api(t, http.MethodGet, "/api/v1/me/notifications?unread=1", nil).decode(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID == first.ID {
			t.Errorf("unread notifications = %+v; want only the other one", list.Items)
		}
		cora.api(t, http.MethodGet, "/api/v1/me/notifications?limit=1", nil).decode(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID == first.ID {
			t.Errorf("limit=1: %+v; want the newest only", list.Items)
		}

		// Another's ids are ignored.
		mia := s.withToken(t, "mia", cs.mia)
		mia.api(t, http.MethodPost, "/api/v1/me/notifications/read", map[string]any{"ids": []int64{list.Items[0].ID}}).wantStatus(t, http.StatusOK)
		cora.api(t, http.MethodGet, "/api/v1/me/notifications/unread-count", nil).decode(t, &count)
		if count.Unread != 1 {
			t.Errorf("after mia marked cora's: unread = %d; want 1", count.Unread)
		}
		cora.api(t, http.MethodPost, "/api/v1/me/notifications/read", "{}").decode(t, &count)
		if count.Unread != 0 {
			t.Errorf("after marking all: unread = %d; want 0", count.Unread)
		}

		// A cookie session may use the API too, with the CSRF header.
		session := s.signedIn(t, "cora-session", cs.cora)
		session.api(t, http.MethodPost, "/api/v1/me/notifications/read", "{}").wantStatus(t, http.StatusOK)
		r = session.send(t, http.MethodPost, "/api/v1/me/notifications/read", "application/json", []byte("{}"), nil)
		wantAPIError(t, r, http.StatusForbidden, "forbidden")

		anon := s.anonymous("anonymous")
		for _, tt := range []struct {
			name   string
			v      *visitor
			method string
			path   string
			body   any
			status int
			code   string
		}{
			{"anonymous list", anon, http.MethodGet, "/api/v1/me/notifications", nil, http.StatusUnauthorized, "unauthorized"},
			{"anonymous count", anon, http.MethodGet, "/api/v1/me/notifications/unread-count", nil, http.StatusUnauthorized, "unauthorized"},
			{"anonymous read", anon, http.MethodPost, "/api/v1/me/notifications/read", "{}", http.StatusUnauthorized, "unauthorized"},
			{"limit not a number", cora, http.MethodGet, "/api/v1/me/notifications?limit=ten", nil, http.StatusBadRequest, "invalid"},
			{"ids not numbers", cora, http.MethodPost, "/api/v1/me/notifications/read", `{"ids":["a"]}`, http.StatusBadRequest, "invalid"},
			{"unknown field", cora, http.MethodPost, "/api/v1/me/notifications/read", `{"all":true}`, http.StatusBadRequest, "invalid"},
			{"no body", cora, http.MethodPost, "/api/v1/me/notifications/read", nil, http.StatusBadRequest, "invalid"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantAPIError(t, tt.v.api(t, tt.method, tt.path, tt.body), tt.status, tt.code)
			})
		}
	})
}

func TestFollowForms(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cs := newConversationSite(t, s)
		kitchen := "/c/" + cs.kitchen.Slug
		mia := s.signedIn(t, "mia", cs.mia)
		following := func(typ, target string) bool {
			t.Helper()
			f, err := s.db.Following(t.Context(), cs.mia, typ, target)
			if err != nil {
				t.Fatalf("Following(%s, %s): %v", typ, target, err)
			}
			return f
		}
		buttonText := func(page, action string) string {
			t.Helper()
			for _, f := range findAll(mia.get(t, page).doc(t), isTag("form")) {
				if a, _ := attr(f, "action"); a == action {
					return accessibleText(f)
				}
			}
			t.Fatalf("%s: no form posts to %s", page, action)
			return ""
		}

		// The community, from its overview and from its conversations.
		if got := buttonText(kitchen, kitchen+"/follow"); got != "Follow this community" {
			t.Errorf("community button = %q; want Follow this community", got)
		}
		r := mia.submit(t, kitchen+"/t", kitchen+"/follow", nil)
		r.wantStatus(t, http.StatusSeeOther)
		if got := r.header.Get("Location"); got != kitchen+"/t" {
			t.Errorf("after following from the conversations: Location = %q; want back there", got)
		}
		if !following(praxis.FollowCommunity, cs.kitchen.Slug) {
			t.Fatalf("after the form: not following the community")
		}
		if got := buttonText(kitchen, kitchen+"/follow"); got != "Unfollow this community" {
			t.Errorf("community button when following = %q; want Unfollow this community", got)
		}
		cs.startThread(t, cs.cora, cs.kitchen.Slug, "Menu for the summer fête")
		if got := notificationsLink(t, mia.get(t, "/")); got != "Notifications, 1 unread" {
			t.Errorf("after a new thread in a followed community: %q; want 1 unread", got)
		}
		if texts, _, _ := notificationItems(t, mia.get(t, "/notifications")); len(texts) != 1 ||
			!strings.Contains(texts[0], "New conversation in Open Kitchen: “Menu for the summer fête”") {
			t.Errorf("notification items = %q; want the new conversation", texts)
		}
		mia.submit(t, kitchen, kitchen+"/follow", nil).wantStatus(t, http.StatusSeeOther)
		if following(praxis.FollowCommunity, cs.kitchen.Slug) {
			t.Errorf("after the second form: still following the community")
		}

		// A topic, beside the filtered list's heading.
		topicPage := kitchen + "/t?topic=salt"
		if got := buttonText(topicPage, kitchen+"/topics/salt/follow"); got != "Follow #salt" {
			t.Errorf("topic button = %q; want Follow #salt", got)
		}
		r = mia.submit(t, topicPage, kitchen+"/topics/salt/follow", nil)
		r.wantStatus(t, http.StatusSeeOther)
		if got := r.header.Get("Location"); got != topicPage {
			t.Errorf("after following a topic: Location = %q; want %q", got, topicPage)
		}
		if !following(praxis.FollowTopic, cs.kitchen.Slug+"/salt") {
			t.Errorf("after the topic form: not following #salt")
		}
		if got := buttonText(topicPage, kitchen+"/topics/salt/follow"); got != "Unfollow #salt" {
			t.Errorf("topic button when following = %q; want Unfollow #salt", got)
		}
		for _, f := range findAll(mia.get(t, kitchen+"/t?topic=nothing-here").doc(t), isTag("form")) {
			if a, _ := attr(f, "action"); strings.HasPrefix(a, kitchen+"/topics/") {
				t.Errorf("a topic that does not exist offers a follow button: %s", a)
			}
		}

		// A thread: mia follows cora's question since she answered it.
		other := cs.startThread(t, cs.cora, cs.kitchen.Slug, "Who brings the big pots?")
		id := strconv.FormatInt(other.ID, 10)
		action := kitchen + "/t/" + id + "/follow"
		if got := buttonText(other.Path(), action); got != "Follow this conversation" {
			t.Errorf("thread button = %q; want Follow this conversation", got)
		}
		r = mia.submit(t, other.Path(), action, nil)
		r.wantStatus(t, http.StatusSeeOther)
		if !following(praxis.FollowThread, id) {
			t.Errorf("after the thread form: not following")
		}
		if got := buttonText(other.Path(), action); got != "You follow this conversation. Unfollow" {
			t.Errorf("thread button when following = %q", got)
		}
		mia.submit(t, other.Path(), action, nil).wantStatus(t, http.StatusSeeOther)
		if following(praxis.FollowThread, id) {
			t.Errorf("after the second thread form: still following")
		}

		// Refusals: a private community one may not see, a bad value, no sign-in.
		olga := s.signedIn(t, "olga", s.signUp(t, "olga"))
		office := "/c/" + cs.office.Slug
		r = olga.postForm(t, office+"/follow", url.Values{"csrf_token": {olga.csrfToken(t)}, "follow": {"true"}})
		r.wantStatus(t, http.StatusNotFound)
		r = mia.postForm(t, kitchen+"/follow", url.Values{"csrf_token": {mia.csrfToken(t)}, "follow": {"maybe"}})
		r.wantStatus(t, http.StatusBadRequest)
		anon := s.anonymous("anonymous")
		for _, f := range findAll(anon.get(t, kitchen).doc(t), isTag("form")) {
			if a, _ := attr(f, "action"); strings.HasSuffix(a, "/follow") {
				t.Errorf("anonymous visitors are offered %s", a)
			}
		}
	})
}

func TestFollowAPI(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cs := newConversationSite(t, s)
		mia := s.withToken(t, "mia", cs.mia)
		type follow struct {
			Type, Target string
			Following    bool
		}
		call := func(method, path string, want follow) {
			t.Helper()
			r := mia.api(t, method, path, nil)
			r.wantStatus(t, http.StatusOK)
			var got follow
			r.decode(t, &got)
			if got != want {
				t.Errorf("%s: got %+v; want %+v", r, got, want)
			}
		}
		kitchen := "/api/v1/follows/community/" + cs.kitchen.Slug
		call(http.MethodGet, kitchen, follow{"community", cs.kitchen.Slug, false})
		call(http.MethodPut, kitchen, follow{"community", cs.kitchen.Slug, true})
		call(http.MethodPut, kitchen, follow{"community", cs.kitchen.Slug, true})
		call(http.MethodGet, kitchen, follow{"community", cs.kitchen.Slug, true})
		call(http.MethodDelete, kitchen, follow{"community", cs.kitchen.Slug, false})
		call(http.MethodDelete, kitchen, follow{"community", cs.kitchen.Slug, false})

		topic := cs.kitchen.Slug + "/salt"
		call(http.MethodPut, "/api/v1/follows/topic/"+topic, follow{"topic", topic, true})
		call(http.MethodGet, "/api/v1/follows/topic/"+topic, follow{"topic", topic, true})
		id := strconv.FormatInt(cs.question.ID, 10)
		call(http.MethodGet, "/api/v1/follows/thread/"+id, follow{"thread", id, true}) // she answered it
		call(http.MethodDelete, "/api/v1/follows/thread/"+id, follow{"thread", id, false})

		// Following a topic brings its new threads.
		cs.startThread(t, cs.cora, cs.kitchen.Slug, "Sea salt or rock salt?", "salt")
		var list struct {
			Items []struct {
				Kind        string
				ThreadTitle string `json:"thread_title"`
			}
		}
		mia.api(t, http.MethodGet, "/api/v1/me/notifications", nil).decode(t, &list)
		if len(list.Items) != 1 || list.Items[0].Kind != "new-thread" || list.Items[0].ThreadTitle != "Sea salt or rock salt?" {
			t.Errorf("notifications after a new #salt thread = %+v; want that thread", list.Items)
		}

		olga := s.withToken(t, "olga", s.signUp(t, "olga"))
		anon := s.anonymous("anonymous")
		for _, tt := range []struct {
			name   string
			v      *visitor
			method string
			path   string
			status int
			code   string
		}{
			{"a private community", olga, http.MethodPut, "/api/v1/follows/community/" + cs.office.Slug, http.StatusNotFound, "not_found"},
			{"whether one follows a private community", olga, http.MethodGet, "/api/v1/follows/community/" + cs.office.Slug, http.StatusNotFound, "not_found"},
			{"a missing topic", mia, http.MethodPut, "/api/v1/follows/topic/" + cs.kitchen.Slug + "/pepper", http.StatusNotFound, "not_found"},
			{"a missing thread", mia, http.MethodPut, "/api/v1/follows/thread/999999", http.StatusNotFound, "not_found"},
			{"a thread by name", mia, http.MethodPut, "/api/v1/follows/thread/salt", http.StatusBadRequest, "invalid"},
			{"an unknown type", mia, http.MethodPut, "/api/v1/follows/person/cora", http.StatusBadRequest, "invalid"},
			{"anonymous", anon, http.MethodPut, "/api/v1/follows/community/" + cs.kitchen.Slug, http.StatusUnauthorized, "unauthorized"},
			{"anonymous asking", anon, http.MethodGet, "/api/v1/follows/community/" + cs.kitchen.Slug, http.StatusUnauthorized, "unauthorized"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantAPIError(t, tt.v.api(t, tt.method, tt.path, nil), tt.status, tt.code)
			})
		}
	})
}
