package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"praxis"
	"praxis/textdiff"
)

// threadFilter reads a thread list's filters from the query string.
func threadFilter(q url.Values) praxis.ThreadFilter {
	limit, _ := strconv.Atoi(q.Get("limit"))
	return praxis.ThreadFilter{Kind: q.Get("kind"), Topic: q.Get("topic"), Status: q.Get("status"), Sort: q.Get("sort"),
		Mine: q.Get("mine") == "1", Following: q.Get("following") == "1", Author: q.Get("author"), Cursor: q.Get("cursor"), Limit: limit}
}

type threadsData struct {
	*praxis.CommunityView
	List    *praxis.ThreadList
	Filter  praxis.ThreadFilter
	Topics  []*praxis.Topic
	Pinned  []*praxis.Thread
	NextURL string
	// Query is the current query without the cursor, for filter links.
	Query  url.Values
	Follow followButtons
}

// withParam returns the list URL with one filter changed (empty removes it).
func (d threadsData) With(key, value string) string {
	q := url.Values{}
	for k, v := range d.Query {
		q[k] = v
	}
	q.Del("cursor")
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	if len(q) == 0 {
		return "/c/" + d.Community.Slug + "/t"
	}
	return "/c/" + d.Community.Slug + "/t?" + q.Encode()
}

func (s *Server) threadsPage(w http.ResponseWriter, r *http.Request) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	f := threadFilter(q)
	d := threadsData{CommunityView: v, Filter: f, Query: q}
	if d.List, err = s.store.Threads(ctx, u, slug, f); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Topics, err = s.store.Topics(ctx, u, slug); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Follow, err = s.followButtons(ctx, u, slug, f.Topic, d.Topics); err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Cursor == "" && f.Kind == "" && f.Status == "" && f.Topic == "" && !f.Mine && !f.Following {
		if d.Pinned, err = s.store.Pinned(ctx, u, slug); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if d.List.NextCursor != "" {
		nq := url.Values{}
		for k, vs := range q {
			nq[k] = vs
		}
		nq.Set("cursor", d.List.NextCursor)
		d.NextURL = "/c/" + slug + "/t?" + nq.Encode()
	}
	s.render(w, r, http.StatusOK, "threads", &page{Title: "Conversations in " + v.Community.Name, Data: d, Nav: "community"})
}

type askData struct {
	*praxis.CommunityView
	Topics []*praxis.Topic
}

func (s *Server) renderAsk(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	v, ok := s.participantCommunity(w, r, "ask a question or start a discussion")
	if !ok {
		return
	}
	topics, err := s.store.Topics(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f == nil {
		kind := r.URL.Query().Get("kind")
		if kind == "" {
			kind = praxis.KindQuestion
		}
		f = &form{Values: url.Values{"kind": {kind}, "topics": {r.URL.Query().Get("topic")}, "title": {r.URL.Query().Get("title")}}}
	}
	s.render(w, r, status, "ask", &page{Title: "Ask " + v.Community.Name, Form: f, Data: askData{CommunityView: v, Topics: topics}, Nav: "community"})
}

func (s *Server) askPage(w http.ResponseWriter, r *http.Request) {
	s.renderAsk(w, r, http.StatusOK, nil)
}

// askBody joins the guided fields of the ask form into one markdown text.
func askBody(r *http.Request) string {
	body := strings.TrimSpace(r.PostFormValue("body"))
	for _, part := range []struct{ field, heading string }{
		{"tried", "What I tried"},
		{"expected", "What I expected, and what happened"},
	} {
		if v := strings.TrimSpace(r.PostFormValue(part.field)); v != "" {
			body += "\n\n**" + part.heading + "**\n\n" + v
		}
	}
	return body
}

func (s *Server) askSubmit(w http.ResponseWriter, r *http.Request) {
	// Attached files are stored first and end the post as markdown.
	files, err := s.attachFormFiles(r, r.PathValue("slug"), 0)
	kind, title, body := r.PostFormValue("kind"), r.PostFormValue("title"), withAttachments(askBody(r), files)
	in := praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body, Topics: praxis.ParseList(r.PostFormValue("topics"))}
	if until := r.PostFormValue("pinned_until"); until != "" {
		in.PinnedUntil = &until
	}
	var t *praxis.Thread
	if err == nil {
		t, err = s.store.CreateThread(r.Context(), actor(r), r.PathValue("slug"), in)
	}
	if code := praxis.ErrorCode(err); code == praxis.EINVALID || (code == praxis.EFORBIDDEN && praxis.ErrorFields(err) != nil) {
		if files != "" { // re-shown in the text, so that sending again keeps the files
			r.PostForm.Set("body", withAttachments(r.PostFormValue("body"), files))
		}
		s.renderAsk(w, r, statusOf(code), newForm(r, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, t.Path(), http.StatusSeeOther)
}

type threadData struct {
	*praxis.ThreadPage
	// Related are the threads and articles most like this one.
	Related []*praxis.SimilarHit
	// ReplyForm is the reply form re-shown after an error.
	ReplyForm *form
	Back      string
}

// postsView is what the "post" and "post-flag" templates read of the page,
// as plain fields: text/template finds a field promoted from the embedded
// ThreadPage with a breadth-first search, which was an eighth of a thread
// page's template time when done for every post.
type postsView struct {
	Thread      *praxis.Thread
	Perm        praxis.Permissions
	CanAccept   bool
	CanModerate bool
	ReplyForm   *form
}

// PostsView returns the page's postsView, once per page.
func (d threadData) PostsView() postsView {
	return postsView{Thread: d.Thread, Perm: d.Perm, CanAccept: d.CanAccept, CanModerate: d.CanModerate, ReplyForm: d.ReplyForm}
}

// threadID reads the thread id from the path.
func threadID(r *http.Request) (int64, error) { return pathID(r, "id") }

func (s *Server) renderThread(w http.ResponseWriter, r *http.Request, status int, replyForm *form) {
	ctx, u := r.Context(), actor(r)
	id, err := threadID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tp, err := s.store.ThreadPage(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Send old or partial addresses to the canonical one (a moved thread,
	// a changed title); a form re-shown after an error stays where it is.
	if r.Method == http.MethodGet && r.URL.Path != tp.Thread.Path() {
		http.Redirect(w, r, tp.Thread.Path(), http.StatusMovedPermanently)
		return
	}
	// A thread page without its related list is better than no page.
	related, err := s.store.Related(ctx, u, id, praxis.DefaultSimilar)
	if err != nil {
		s.log.Error("related threads", "request_id", state(r).id, "thread", id, "err", err)
	}
	s.render(w, r, status, "thread", &page{Title: tp.Thread.Title, Nav: "community",
		Data: threadData{ThreadPage: tp, ReplyForm: replyForm, Related: related}})
}

func (s *Server) threadPage(w http.ResponseWriter, r *http.Request) {
	if id, err := threadID(r); err == nil && s.serveKept(w, r, func() (praxis.PageVersion, error) {
		return s.store.ThreadVersion(r.Context(), id)
	}) {
		return
	}
	s.renderThread(w, r, http.StatusOK, nil)
}

// threadAction runs an action on a thread and returns to the thread page,
// re-showing it with the message when the action is refused.
func (s *Server) threadAction(w http.ResponseWriter, r *http.Request, flash string, fn func(id int64) (string, error)) {
	id, err := threadID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to, err := fn(id)
	if err != nil {
		switch praxis.ErrorCode(err) {
		case praxis.EINVALID, praxis.ECONFLICT, praxis.EFORBIDDEN:
			if actor(r) != nil {
				s.renderThread(w, r, statusOf(praxis.ErrorCode(err)), newForm(r, err))
				return
			}
		}
		s.fail(w, r, err)
		return
	}
	if flash != "" {
		s.setFlash(w, flash)
	}
	if to == "" {
		to = "/c/" + r.PathValue("slug") + "/t/" + strconv.FormatInt(id, 10)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) replySubmit(w http.ResponseWriter, r *http.Request) {
	s.threadAction(w, r, "", func(id int64) (string, error) {
		files, err := s.attachFormFiles(r, "", id)
		if err != nil {
			return "", err
		}
		replyTo, _ := strconv.ParseInt(r.PostFormValue("reply_to"), 10, 64)
		p, err := s.store.Reply(r.Context(), actor(r), id, withAttachments(r.PostFormValue("body"), files), replyTo)
		if err != nil {
			if files != "" { // re-shown in the text, so that sending again keeps the files
				r.PostForm.Set("body", withAttachments(r.PostFormValue("body"), files))
			}
			return "", err
		}
		return "/c/" + r.PathValue("slug") + "/t/" + strconv.FormatInt(id, 10) + "#post-" + strconv.FormatInt(p.ID, 10), nil
	})
}

func (s *Server) acceptSubmit(w http.ResponseWriter, r *http.Request) {
	s.threadAction(w, r, "", func(id int64) (string, error) {
		postID, _ := strconv.ParseInt(r.PostFormValue("post_id"), 10, 64)
		t, err := s.store.Accept(r.Context(), actor(r), id, postID)
		if err != nil {
			return "", err
		}
		return t.Path() + "#post-" + strconv.FormatInt(postID, 10), nil
	})
}

func (s *Server) voteSubmit(w http.ResponseWriter, r *http.Request) {
	s.threadAction(w, r, "", func(id int64) (string, error) {
		postID, err := pathID(r, "post")
		if err != nil {
			return "", err
		}
		if _, err := s.store.Vote(r.Context(), actor(r), postID, r.PostFormValue("helpful") != "false"); err != nil {
			return "", err
		}
		return "/c/" + r.PathValue("slug") + "/t/" + strconv.FormatInt(id, 10) + "#post-" + strconv.FormatInt(postID, 10), nil
	})
}

func (s *Server) deletePostSubmit(w http.ResponseWriter, r *http.Request) {
	s.threadAction(w, r, "The post is deleted.", func(id int64) (string, error) {
		postID, err := pathID(r, "post")
		if err != nil {
			return "", err
		}
		return "", s.store.DeletePost(r.Context(), actor(r), postID)
	})
}

func (s *Server) threadStateSubmit(w http.ResponseWriter, r *http.Request) {
	s.threadAction(w, r, "Saved.", func(id int64) (string, error) {
		var st praxis.ThreadState
		if v := r.PostFormValue("pinned"); v != "" {
			b := v == "true"
			st.Pinned = &b
		}
		if v := r.PostFormValue("locked"); v != "" {
			b := v == "true"
			st.Locked = &b
		}
		if v := r.PostFormValue("status"); v != "" {
			st.Status = &v
		}
		t, err := s.store.SetThreadState(r.Context(), actor(r), id, st)
		if err != nil {
			return "", err
		}
		return t.Path(), nil
	})
}

func (s *Server) moveThreadSubmit(w http.ResponseWriter, r *http.Request) {
	s.threadAction(w, r, "The conversation has moved.", func(id int64) (string, error) {
		t, err := s.store.MoveThread(r.Context(), actor(r), id, r.PostFormValue("to"))
		if err != nil {
			return "", err
		}
		return t.Path(), nil
	})
}

type editPostData struct {
	Thread *praxis.Thread
	Post   *praxis.Post
}

func (s *Server) renderEditPost(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, u := r.Context(), actor(r)
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to edit."))
		return
	}
	id, err := threadID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	postID, err := pathID(r, "post")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tp, err := s.store.ThreadPage(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var p *praxis.Post
	for _, q := range append([]*praxis.Post{tp.Opening}, tp.Replies...) {
		if q.ID == postID {
			p = q
		}
	}
	if p == nil || p.Deleted {
		s.fail(w, r, praxis.Errorf(praxis.ENOTFOUND, "There is no such post in this conversation."))
		return
	}
	if !tp.CanModerate && p.Author.ID != u.ID {
		s.fail(w, r, praxis.Errorf(praxis.EFORBIDDEN, "Only the author or a coordinator can edit this post."))
		return
	}
	if f == nil {
		f = &form{Values: url.Values{"body": {p.Source}, "title": {tp.Thread.Title}, "topics": {strings.Join(tp.Thread.Topics, ", ")}}}
	}
	s.render(w, r, status, "post_edit", &page{Title: "Edit", Form: f, Nav: "community", Data: editPostData{Thread: tp.Thread, Post: p}})
}

func (s *Server) editPostPage(w http.ResponseWriter, r *http.Request) {
	s.renderEditPost(w, r, http.StatusOK, nil)
}

func (s *Server) editPostSubmit(w http.ResponseWriter, r *http.Request) {
	postID, err := pathID(r, "post")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body := r.PostFormValue("body")
	in := praxis.ThreadInput{Body: &body}
	if _, ok := r.PostForm["title"]; ok {
		title := r.PostFormValue("title")
		in.Title = &title
		in.Topics = praxis.ParseList(r.PostFormValue("topics"))
		if in.Topics == nil {
			in.Topics = []string{}
		}
	}
	p, err := s.store.EditPost(r.Context(), actor(r), postID, in, r.PostFormValue("summary"))
	if code := praxis.ErrorCode(err); code == praxis.EINVALID || code == praxis.ECONFLICT {
		s.renderEditPost(w, r, statusOf(code), newForm(r, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/c/"+r.PathValue("slug")+"/t/"+r.PathValue("id")+"#post-"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

type historyEntry struct {
	*praxis.PostRevision
	Diff        []textdiff.Line
	TitleBefore string
}

type postHistoryData struct {
	Thread  *praxis.Thread
	PostID  int64
	Entries []historyEntry
}

func (s *Server) postHistoryPage(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), actor(r)
	id, err := threadID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	postID, err := pathID(r, "post")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.store.Thread(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	revs, err := s.store.PostRevisions(ctx, u, postID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := postHistoryData{Thread: t, PostID: postID}
	for i, rev := range revs {
		e := historyEntry{PostRevision: rev}
		prev := ""
		if i+1 < len(revs) {
			prev = revs[i+1].Source
			if revs[i+1].Title != rev.Title {
				e.TitleBefore = revs[i+1].Title
			}
		}
		e.Diff = textdiff.Lines(prev, rev.Source)
		d.Entries = append(d.Entries, e)
	}
	s.render(w, r, http.StatusOK, "post_history", &page{Title: "History of a post", Nav: "community", Data: d})
}

type topicsData struct {
	*praxis.CommunityView
	Topics []*praxis.Topic
}

func (s *Server) renderTopics(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	topics, err := s.store.Topics(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "topics", &page{Title: "Topics of " + v.Community.Name, Nav: "community", Form: f,
		Data: topicsData{CommunityView: v, Topics: topics}})
}

func (s *Server) topicsPage(w http.ResponseWriter, r *http.Request) {
	s.renderTopics(w, r, http.StatusOK, nil)
}

func (s *Server) topicSubmit(w http.ResponseWriter, r *http.Request) {
	t := praxis.Topic{Name: r.PostFormValue("name"), Description: r.PostFormValue("description"), Approved: r.PostFormValue("approved") == "true"}
	_, err := s.store.SaveTopic(r.Context(), actor(r), r.PathValue("slug"), t)
	if code := praxis.ErrorCode(err); code == praxis.EINVALID {
		s.renderTopics(w, r, statusOf(code), newForm(r, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "The topic is saved.")
	http.Redirect(w, r, "/c/"+r.PathValue("slug")+"/topics", http.StatusSeeOther)
}
