package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"praxis"
)

// notificationsPageSize is how many notifications the page shows.
const notificationsPageSize = 50

// notificationURL is where a notification leads: the post in its thread,
// or the occurrence of an event.
func notificationURL(n *praxis.Notification) string {
	if n.OccurrenceID != 0 {
		return "/c/" + n.CommunitySlug + "/events/" + strconv.FormatInt(n.OccurrenceID, 10)
	}
	t := praxis.Thread{ID: n.ThreadID, CommunitySlug: n.CommunitySlug, Title: n.ThreadTitle}
	u := t.Path()
	if n.PostID != 0 {
		u += "#post-" + strconv.FormatInt(n.PostID, 10)
	}
	return u
}

// notificationJSON is a notification with the address of what it is about.
type notificationJSON struct {
	*praxis.Notification
	URL string `json:"url"`
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) {
	u := actor(r)
	ns, err := s.store.Notifications(r.Context(), u, false, notificationsPageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "notifications", &page{Title: "Notifications", Data: ns, Nav: "notifications"})
}

// openNotification marks a notification read and sends the reader on to
// what it is about.
func (s *Server) openNotification(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), actor(r)
	id, err := pathID(r, "id")
	if err == nil && u == nil {
		err = praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see your notifications.")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.store.OpenNotification(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, notificationURL(n), http.StatusSeeOther)
}

func (s *Server) markReadSubmit(w http.ResponseWriter, r *http.Request) {
	var ids []int64
	r.ParseForm() // done already by the CSRF check; an error was answered there
	for _, v := range r.PostForm["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.fail(w, r, praxis.Errorf(praxis.EINVALID, "A notification is named by its number."))
			return
		}
		ids = append(ids, id)
	}
	if err := s.store.MarkRead(r.Context(), actor(r), ids); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(ids) == 0 {
		s.setFlash(w, "All caught up: every notification is marked as read.")
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

// followValue reads the form's follow field: true to follow, false to stop.
func followValue(r *http.Request) (bool, error) {
	f, err := strconv.ParseBool(r.PostFormValue("follow"))
	if err != nil {
		return false, praxis.Errorf(praxis.EINVALID, "Say whether to follow: follow=true or follow=false.")
	}
	return f, nil
}

// followSubmit follows or unfollows a target from a page's form, then
// returns to the page, with a flash that says what changed.
func (s *Server) followSubmit(w http.ResponseWriter, r *http.Request, targetType, target, what, back string) {
	follow, err := followValue(r)
	if err == nil {
		err = s.store.Follow(r.Context(), actor(r), targetType, target, follow)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if follow {
		s.setFlash(w, "You follow "+what+". New activity will show in your notifications.")
	} else {
		s.setFlash(w, "You no longer follow "+what+".")
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *Server) followCommunitySubmit(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	back := "/c/" + slug
	// The button sits on several of the community's pages; return to it.
	if next := localPath(r.PostFormValue("next")); next == back || strings.HasPrefix(next, back+"/") {
		back = next
	}
	s.followSubmit(w, r, praxis.FollowCommunity, slug, "this community", back)
}

func (s *Server) followTopicSubmit(w http.ResponseWriter, r *http.Request) {
	slug, topic := r.PathValue("slug"), praxis.NormalizeTopic(r.PathValue("topic"))
	s.followSubmit(w, r, praxis.FollowTopic, slug+"/"+topic, "#"+topic, "/c/"+slug+"/t?topic="+url.QueryEscape(topic))
}

func (s *Server) followThreadSubmit(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	id, err := threadID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sid := strconv.FormatInt(id, 10)
	s.followSubmit(w, r, praxis.FollowThread, sid, "this conversation", "/c/"+slug+"/t/"+sid)
}

// The JSON API.

// unreadJSON is the unread count, as the API returns it: Unread is at most
// praxis.MaxUnread, and Capped says that more than that are unread.
type unreadJSON struct {
	Unread int  `json:"unread"`
	Capped bool `json:"capped"`
}

// newUnreadJSON reads a count from UnreadCount, where MaxUnread+1 stands
// for more than MaxUnread.
func newUnreadJSON(n int) unreadJSON {
	return unreadJSON{Unread: min(n, praxis.MaxUnread), Capped: n > praxis.MaxUnread}
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	q := r.URL.Query()
	limit := 0
	if v := q.Get("limit"); v != "" && err == nil {
		if limit, err = strconv.Atoi(v); err != nil {
			err = praxis.Errorf(praxis.EINVALID, "The limit is a number of notifications, at most %d.", praxis.MaxPageSize)
		}
	}
	var ns []*praxis.Notification
	if err == nil {
		unreadOnly := q.Get("unread") == "1" || q.Get("unread") == "true"
		ns, err = s.store.Notifications(r.Context(), u, unreadOnly, limit)
	}
	out := make([]notificationJSON, len(ns))
	for i, n := range ns {
		out[i] = notificationJSON{Notification: n, URL: notificationURL(n)}
	}
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiUnreadCount(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	var n int
	if err == nil {
		n, err = s.store.UnreadCount(r.Context(), u)
	}
	s.api(w, r, http.StatusOK, newUnreadJSON(n), err)
}

func (s *Server) apiMarkRead(w http.ResponseWriter, r *http.Request) {
	var in struct {
		IDs []int64 `json:"ids"`
	}
	u, _, err := apiInput(r, "", &in)
	if err == nil {
		err = s.store.MarkRead(r.Context(), u, in.IDs)
	}
	var n int
	if err == nil {
		n, err = s.store.UnreadCount(r.Context(), u)
	}
	s.api(w, r, http.StatusOK, newUnreadJSON(n), err)
}

// followJSON is whether the caller follows a target.
type followJSON struct {
	Type      string `json:"type"`
	Target    string `json:"target"`
	Following bool   `json:"following"`
}

// apiFollow answers GET, PUT and DELETE on /api/v1/follows/{type}/{target...}.
func (s *Server) apiFollow(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	out := followJSON{Type: r.PathValue("type"), Target: r.PathValue("target")}
	if err == nil {
		switch r.Method {
		case http.MethodGet:
			out.Following, err = s.store.Following(r.Context(), u, out.Type, out.Target)
		default:
			out.Following = r.Method == http.MethodPut
			err = s.store.Follow(r.Context(), u, out.Type, out.Target, out.Following)
		}
	}
	s.api(w, r, http.StatusOK, out, err)
}

// followButtons is what the viewer follows among what a community's page
// offers to follow.
type followButtons struct {
	Community bool // the viewer follows the community
	// Topic is the topic the page is about, when there is one that exists.
	Topic          string
	FollowingTopic bool
}

// followButtons reads what u follows of the community slug and, when topic
// names one of topics, of that topic. Anonymous visitors follow nothing.
func (s *Server) followButtons(ctx context.Context, u *praxis.User, slug, topic string, topics []*praxis.Topic) (followButtons, error) {
	var fb followButtons
	if u == nil {
		return fb, nil
	}
	var err error
	if fb.Community, err = s.store.Following(ctx, u, praxis.FollowCommunity, slug); err != nil {
		return fb, err
	}
	topic = praxis.NormalizeTopic(topic)
	if topic == "" || !slices.ContainsFunc(topics, func(t *praxis.Topic) bool { return t.Name == topic }) {
		return fb, nil
	}
	fb.Topic = topic
	fb.FollowingTopic, err = s.store.Following(ctx, u, praxis.FollowTopic, slug+"/"+topic)
	return fb, err
}
