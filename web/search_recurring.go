package web

import (
	"net/http"
	"strconv"

	"praxis"
)

// recurringCluster is a cluster of look-alike questions with the one that
// an article is best drafted from.
type recurringCluster struct {
	*praxis.QuestionCluster
	Best *praxis.SimilarHit
}

// bestThread picks the question to write an article from: a solved one
// first, then the one with the most replies, then the first listed.
func bestThread(threads []*praxis.SimilarHit) *praxis.SimilarHit {
	var best *praxis.SimilarHit
	for _, t := range threads {
		if t.Kind != "" && t.Kind != praxis.SearchThread {
			continue
		}
		switch {
		case best == nil:
			best = t
		case t.Solved != best.Solved:
			if t.Solved {
				best = t
			}
		case t.ReplyCount > best.ReplyCount:
			best = t
		}
	}
	return best
}

type recurringData struct {
	*praxis.CommunityView
	Clusters []recurringCluster
}

func (s *Server) renderRecurring(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see the questions asked again and again."))
		return
	}
	clusters, err := s.store.RecurringQuestions(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := recurringData{CommunityView: v}
	for _, c := range clusters {
		d.Clusters = append(d.Clusters, recurringCluster{QuestionCluster: c, Best: bestThread(c.Threads)})
	}
	s.render(w, r, status, "recurring", &page{Title: "Questions asked again and again in " + v.Community.Name,
		Nav: "community", Form: f, Data: d})
}

// recurringPage lists clusters of look-alike questions that no article
// answers yet, for the coordinators to write down once and for all.
func (s *Server) recurringPage(w http.ResponseWriter, r *http.Request) {
	s.renderRecurring(w, r, http.StatusOK, nil)
}

// recurringArticleSubmit drafts an article from a cluster's best question
// and opens the draft for editing.
func (s *Server) recurringArticleSubmit(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PostFormValue("thread"), 10, 64)
	if err != nil || id <= 0 {
		s.renderRecurring(w, r, http.StatusBadRequest, newForm(r, praxis.Errorf(praxis.EINVALID, "Choose a question to write down.")))
		return
	}
	a, err := s.store.ArticleFromThread(r.Context(), actor(r), id)
	switch code := praxis.ErrorCode(err); code {
	case "":
	case praxis.EINVALID, praxis.EFORBIDDEN, praxis.ECONFLICT:
		if actor(r) != nil {
			s.renderRecurring(w, r, statusOf(code), newForm(r, err))
			return
		}
		s.fail(w, r, err)
		return
	default:
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "A draft article is written from the question and its best answers. Make it read well on its own, then publish it.")
	http.Redirect(w, r, a.Path()+"/edit", http.StatusSeeOther)
}
