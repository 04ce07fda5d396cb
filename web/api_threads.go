package web

import (
	"net/http"
	"strconv"

	"praxis"
)

func (s *Server) apiThreads(w http.ResponseWriter, r *http.Request) {
	out, err := s.store.Threads(r.Context(), actor(r), r.PathValue("slug"), threadFilter(r.URL.Query()))
	s.api(w, r, http.StatusOK, out, err)
}

// threadJSON is a thread with its posts, as the API returns it.
type threadJSON struct {
	*praxis.Thread
	URL         string             `json:"url"`
	Opening     *praxis.Post       `json:"opening"`
	Replies     []*praxis.Post     `json:"replies"`
	Following   bool               `json:"following"`
	Permissions praxis.Permissions `json:"permissions"`
	CanAccept   bool               `json:"can_accept"`
}

func threadPageJSON(tp *praxis.ThreadPage) threadJSON {
	replies := tp.Replies
	if replies == nil {
		replies = []*praxis.Post{}
	}
	return threadJSON{Thread: tp.Thread, URL: tp.Thread.Path(), Opening: tp.Opening, Replies: replies,
		Following: tp.Following, Permissions: tp.Perm, CanAccept: tp.CanAccept}
}

func (s *Server) apiCreateThread(w http.ResponseWriter, r *http.Request) {
	var in praxis.ThreadInput
	u, _, err := apiInput(r, "", &in)
	var tp *praxis.ThreadPage
	if err == nil {
		var t *praxis.Thread
		if t, err = s.store.CreateThread(r.Context(), u, r.PathValue("slug"), in); err == nil {
			tp, err = s.store.ThreadPage(r.Context(), u, t.ID)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/threads/"+strconv.FormatInt(tp.Thread.ID, 10))
	writeJSON(w, http.StatusCreated, threadPageJSON(tp))
}

func (s *Server) apiThread(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var tp *praxis.ThreadPage
	if err == nil {
		tp, err = s.store.ThreadPage(r.Context(), actor(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, threadPageJSON(tp))
}

// threadUpdate is a coordinator's change to a thread: its state, or a move.
type threadUpdate struct {
	praxis.ThreadState
	Community *string `json:"community"`
}

func (s *Server) apiUpdateThread(w http.ResponseWriter, r *http.Request) {
	var in threadUpdate
	u, id, err := apiInput(r, "id", &in)
	var t *praxis.Thread
	if err == nil && (in.Pinned != nil || in.Locked != nil || in.Status != nil) {
		t, err = s.store.SetThreadState(r.Context(), u, id, in.ThreadState)
	}
	if err == nil && in.Community != nil {
		t, err = s.store.MoveThread(r.Context(), u, id, *in.Community)
	}
	if err == nil && t == nil {
		t, err = s.store.Thread(r.Context(), u, id)
	}
	s.api(w, r, http.StatusOK, t, err)
}

func (s *Server) apiReply(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body      string `json:"body"`
		ReplyToID int64  `json:"reply_to_id"`
	}
	u, id, err := apiInput(r, "id", &in)
	var p *praxis.Post
	if err == nil {
		p, err = s.store.Reply(r.Context(), u, id, in.Body, in.ReplyToID)
	}
	s.api(w, r, http.StatusCreated, p, err)
}

func (s *Server) apiAccept(w http.ResponseWriter, r *http.Request) {
	var in struct {
		PostID int64 `json:"post_id"`
	}
	u, id, err := apiInput(r, "id", &in)
	var t *praxis.Thread
	if err == nil {
		t, err = s.store.Accept(r.Context(), u, id, in.PostID)
	}
	s.api(w, r, http.StatusOK, t, err)
}

func (s *Server) apiEditPost(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title   *string  `json:"title"`
		Body    *string  `json:"body"`
		Topics  []string `json:"topics"`
		Summary string   `json:"summary"`
	}
	u, id, err := apiInput(r, "id", &in)
	var p *praxis.Post
	if err == nil {
		p, err = s.store.EditPost(r.Context(), u, id, praxis.ThreadInput{Title: in.Title, Body: in.Body, Topics: in.Topics}, in.Summary)
	}
	s.api(w, r, http.StatusOK, p, err)
}

func (s *Server) apiDeletePost(w http.ResponseWriter, r *http.Request) {
	u, id, err := apiInput(r, "id", nil)
	if err == nil {
		err = s.store.DeletePost(r.Context(), u, id)
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}

func (s *Server) apiPostRevisions(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var out []*praxis.PostRevision
	if err == nil {
		out, err = s.store.PostRevisions(r.Context(), actor(r), id)
	}
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiVote(w http.ResponseWriter, r *http.Request) {
	u, id, err := apiInput(r, "id", nil)
	var p *praxis.Post
	if err == nil {
		p, err = s.store.Vote(r.Context(), u, id, r.Method == http.MethodPut)
	}
	s.api(w, r, http.StatusOK, p, err)
}

func (s *Server) apiTopics(w http.ResponseWriter, r *http.Request) {
	out, err := s.store.Topics(r.Context(), actor(r), r.PathValue("slug"))
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiSaveTopic(w http.ResponseWriter, r *http.Request) {
	var in praxis.Topic
	u, _, err := apiInput(r, "", &in)
	var t *praxis.Topic
	if err == nil {
		t, err = s.store.SaveTopic(r.Context(), u, r.PathValue("slug"), in)
	}
	s.api(w, r, http.StatusOK, t, err)
}
