package web

import (
	"net/http"
	"strconv"

	"praxis"
)

// flaggedPost is a post in the coordinators' queue with its open flags,
// newest first.
type flaggedPost struct {
	PostID      int64
	ThreadID    int64
	ThreadTitle string
	Author      praxis.PersonRef
	Excerpt     string
	Hidden      bool
	Deleted     bool
	Flags       []*praxis.Flag
}

// groupFlags gathers flags by post, keeping the order of each post's
// newest flag.
func groupFlags(flags []*praxis.Flag) []*flaggedPost {
	var out []*flaggedPost
	byPost := map[int64]*flaggedPost{}
	for _, f := range flags {
		g := byPost[f.PostID]
		if g == nil {
			g = &flaggedPost{PostID: f.PostID, ThreadID: f.ThreadID, ThreadTitle: f.ThreadTitle, Author: f.PostAuthor,
				Excerpt: f.Excerpt, Hidden: f.PostHidden, Deleted: f.PostDeleted}
			byPost[f.PostID] = g
			out = append(out, g)
		}
		g.Flags = append(g.Flags, f)
	}
	return out
}

type moderationData struct {
	*praxis.CommunityView
	Flagged []*flaggedPost
	Log     []*praxis.ModerationEntry
}

// moderationPage is the coordinators' queue of flagged posts and the
// community's moderation log.
func (s *Server) moderationPage(w http.ResponseWriter, r *http.Request) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	flags, err := s.store.Flags(ctx, u, slug, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	log, err := s.store.ModerationLog(ctx, u, slug, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "moderation", &page{Title: "Moderation of " + v.Community.Name, Nav: "community",
		Data: moderationData{CommunityView: v, Flagged: groupFlags(flags), Log: log}})
}

// queuePath is the moderation page of the community in the path; the
// queue's forms ask to come back to it with next.
func queuePath(r *http.Request) string { return "/c/" + r.PathValue("slug") + "/moderation" }

// postModeration runs a coordinator's action on a post from the thread
// page, or from the queue when the form says next=the queue.
func (s *Server) postModeration(w http.ResponseWriter, r *http.Request, flash string, fn func(postID int64) error) {
	s.threadAction(w, r, flash, func(id int64) (string, error) {
		postID, err := pathID(r, "post")
		if err != nil {
			return "", err
		}
		if err := fn(postID); err != nil {
			return "", err
		}
		if r.PostFormValue("next") == queuePath(r) {
			return queuePath(r), nil
		}
		return "/c/" + r.PathValue("slug") + "/t/" + strconv.FormatInt(id, 10) + "#post-" + strconv.FormatInt(postID, 10), nil
	})
}

func (s *Server) flagSubmit(w http.ResponseWriter, r *http.Request) {
	s.postModeration(w, r, "Thank you: the coordinators will look at this post.", func(postID int64) error {
		_, err := s.store.FlagPost(r.Context(), actor(r), postID, r.PostFormValue("reason"))
		return err
	})
}

func (s *Server) hideSubmit(w http.ResponseWriter, r *http.Request) {
	s.postModeration(w, r, "The post is hidden: only its author and the coordinators see it.", func(postID int64) error {
		_, err := s.store.HidePost(r.Context(), actor(r), postID, r.PostFormValue("reason"))
		return err
	})
}

func (s *Server) restoreSubmit(w http.ResponseWriter, r *http.Request) {
	s.postModeration(w, r, "The post is visible again.", func(postID int64) error {
		_, err := s.store.RestorePost(r.Context(), actor(r), postID)
		return err
	})
}

func (s *Server) dismissFlagsSubmit(w http.ResponseWriter, r *http.Request) {
	postID, err := pathID(r, "post")
	if err == nil {
		err = s.store.DismissFlags(r.Context(), actor(r), postID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "The flags are dismissed; the post stays as it is.")
	http.Redirect(w, r, queuePath(r), http.StatusSeeOther)
}

// API.

func (s *Server) apiFlagPost(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Reason string `json:"reason"`
	}
	u, id, err := apiInput(r, "id", &in)
	var f *praxis.Flag
	if err == nil {
		f, err = s.store.FlagPost(r.Context(), u, id, in.Reason)
	}
	s.api(w, r, http.StatusCreated, f, err)
}

func (s *Server) apiFlags(w http.ResponseWriter, r *http.Request) {
	open := r.URL.Query().Get("open")
	out, err := s.store.Flags(r.Context(), actor(r), r.PathValue("slug"), open == "1" || open == "true")
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiHidePost(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Reason string `json:"reason"`
	}
	// The reason is optional, and so is the body.
	u, id, err := apiInput(r, "id", optionalBody(r, &in))
	var p *praxis.Post
	if err == nil {
		p, err = s.store.HidePost(r.Context(), u, id, in.Reason)
	}
	s.api(w, r, http.StatusOK, p, err)
}

func (s *Server) apiRestorePost(w http.ResponseWriter, r *http.Request) {
	u, id, err := apiInput(r, "id", nil)
	var p *praxis.Post
	if err == nil {
		p, err = s.store.RestorePost(r.Context(), u, id)
	}
	s.api(w, r, http.StatusOK, p, err)
}

func (s *Server) apiDismissFlags(w http.ResponseWriter, r *http.Request) {
	u, id, err := apiInput(r, "id", nil)
	if err == nil {
		err = s.store.DismissFlags(r.Context(), u, id)
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}

func (s *Server) apiModerationLog(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	out, err := s.store.ModerationLog(r.Context(), actor(r), r.PathValue("slug"), limit)
	s.api(w, r, http.StatusOK, list(out), err)
}
