package web

import (
	"net/http"
	"strconv"

	"praxis"
)

// The knowledge base in the JSON API. Every change answers with the
// article as GET /api/v1/articles/{id} shows it afterwards.

// articleJSON is an article with what its page shows, as the API returns it.
type articleJSON struct {
	*praxis.Article
	URL         string               `json:"url"`
	NeedsReview bool                 `json:"needs_review"`
	Reviews     []*praxis.Review     `json:"reviews"`
	Reuses      []*praxis.Reuse      `json:"reuses"`
	Copies      []*praxis.ArticleRef `json:"copies"`
	Permissions praxis.Permissions   `json:"permissions"`
	CanEdit     bool                 `json:"can_edit"`
	CanReview   bool                 `json:"can_review"`
	UsedByMe    bool                 `json:"used_by_me"`
}

func (s *Server) articlePageJSON(ap *praxis.ArticlePage) articleJSON {
	out := articleJSON{Article: ap.Article, URL: ap.Article.Path(), NeedsReview: ap.Article.NeedsReview(s.now()),
		Reviews: ap.Reviews, Reuses: ap.Reuses, Copies: ap.Copies, Permissions: ap.Perm,
		CanEdit: ap.CanEdit, CanReview: ap.CanReview, UsedByMe: ap.UsedByMe}
	if out.Reviews == nil {
		out.Reviews = []*praxis.Review{}
	}
	if out.Reuses == nil {
		out.Reuses = []*praxis.Reuse{}
	}
	if out.Copies == nil {
		out.Copies = []*praxis.ArticleRef{}
	}
	return out
}

// apiArticleDone answers a change to article id with the article as it
// now is, or with err.
func (s *Server) apiArticleDone(w http.ResponseWriter, r *http.Request, status int, id int64, err error) {
	var ap *praxis.ArticlePage
	if err == nil {
		ap, err = s.store.ArticlePage(r.Context(), actor(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/articles/"+strconv.FormatInt(id, 10))
	}
	writeJSON(w, status, s.articlePageJSON(ap))
}

// apiArticleChange runs a change to the article of the path, with the
// JSON body decoded into in when in is not nil (see optionalBody), and
// answers with the article.
func (s *Server) apiArticleChange(w http.ResponseWriter, r *http.Request, in any, fn func(u *praxis.User, id int64) error) {
	u, id, err := apiInput(r, "id", in)
	if err == nil {
		err = fn(u, id)
	}
	s.apiArticleDone(w, r, http.StatusOK, id, err)
}

func (s *Server) apiArticles(w http.ResponseWriter, r *http.Request) {
	out, err := s.store.Articles(r.Context(), actor(r), r.PathValue("slug"), articleFilter(r.URL.Query()))
	if err == nil && out.Articles == nil {
		out.Articles = []*praxis.Article{}
	}
	s.api(w, r, http.StatusOK, out, err)
}

func (s *Server) apiCreateArticle(w http.ResponseWriter, r *http.Request) {
	var in praxis.ArticleInput
	u, _, err := apiInput(r, "", &in)
	var a *praxis.Article
	if err == nil {
		a, err = s.store.CreateArticle(r.Context(), u, r.PathValue("slug"), in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiArticleDone(w, r, http.StatusCreated, a.ID, nil)
}

func (s *Server) apiThreadArticle(w http.ResponseWriter, r *http.Request) {
	u, id, err := apiInput(r, "id", nil)
	var a *praxis.Article
	if err == nil {
		a, err = s.store.ArticleFromThread(r.Context(), u, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiArticleDone(w, r, http.StatusCreated, a.ID, nil)
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	id, err := articleID(r)
	var ap *praxis.ArticlePage
	if err == nil {
		ap, err = s.store.ArticlePage(r.Context(), actor(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.articlePageJSON(ap))
}

func (s *Server) apiUpdateArticle(w http.ResponseWriter, r *http.Request) {
	var in praxis.ArticleInput
	s.apiArticleChange(w, r, &in, func(u *praxis.User, id int64) error {
		_, err := s.store.UpdateArticle(r.Context(), u, id, in)
		return err
	})
}

func (s *Server) apiRequestReview(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Reviewers []string `json:"reviewers"`
	}
	s.apiArticleChange(w, r, &in, func(u *praxis.User, id int64) error {
		return s.store.RequestReview(r.Context(), u, id, in.Reviewers)
	})
}

func (s *Server) apiReviewArticle(w http.ResponseWriter, r *http.Request) {
	var in struct {
		State   string `json:"state"`
		Comment string `json:"comment"`
	}
	s.apiArticleChange(w, r, &in, func(u *praxis.User, id int64) error {
		return s.store.ReviewArticle(r.Context(), u, id, in.State, in.Comment)
	})
}

// reviewByInput is the optional body of publish and confirm.
type reviewByInput struct {
	ReviewBy string `json:"review_by"`
}

func (s *Server) apiPublishArticle(w http.ResponseWriter, r *http.Request) {
	var in reviewByInput
	s.apiArticleChange(w, r, optionalBody(r, &in), func(u *praxis.User, id int64) error {
		_, err := s.store.Publish(r.Context(), u, id, in.ReviewBy)
		return err
	})
}

func (s *Server) apiConfirmArticle(w http.ResponseWriter, r *http.Request) {
	var in reviewByInput
	s.apiArticleChange(w, r, optionalBody(r, &in), func(u *praxis.User, id int64) error {
		_, err := s.store.ConfirmReview(r.Context(), u, id, in.ReviewBy)
		return err
	})
}

func (s *Server) apiArchiveArticle(w http.ResponseWriter, r *http.Request) {
	s.apiArticleChange(w, r, nil, func(u *praxis.User, id int64) error {
		return s.store.Archive(r.Context(), u, id)
	})
}

func (s *Server) apiVerifyArticle(w http.ResponseWriter, r *http.Request) {
	s.apiArticleChange(w, r, nil, func(u *praxis.User, id int64) error {
		return s.store.Verify(r.Context(), u, id, r.Method == http.MethodPut)
	})
}

func (s *Server) apiArticleRevisions(w http.ResponseWriter, r *http.Request) {
	id, err := articleID(r)
	var out []*praxis.ArticleRevision
	if err == nil {
		out, err = s.store.ArticleRevisions(r.Context(), actor(r), id)
	}
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiRestoreArticle(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Number int `json:"number"`
	}
	s.apiArticleChange(w, r, &in, func(u *praxis.User, id int64) error {
		if in.Number <= 0 {
			msg := "Name the version to restore by its number."
			return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"number": msg}}
		}
		_, err := s.store.RestoreRevision(r.Context(), u, id, in.Number)
		return err
	})
}

func (s *Server) apiReuseArticle(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Note string `json:"note"`
	}
	u, id, err := apiInput(r, "id", optionalBody(r, &in))
	if err == nil {
		err = s.store.RecordReuse(r.Context(), u, id, in.Note)
	}
	s.apiArticleDone(w, r, http.StatusCreated, id, err)
}

func (s *Server) apiCopyArticle(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Community string `json:"community"`
	}
	u, id, err := apiInput(r, "id", &in)
	var a *praxis.Article
	if err == nil {
		a, err = s.store.AdaptCopy(r.Context(), u, id, in.Community)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiArticleDone(w, r, http.StatusCreated, a.ID, nil)
}

func (s *Server) apiStewardship(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	var out []*praxis.Article
	if err == nil {
		out, err = s.store.StewardQueue(r.Context(), u, r.PathValue("slug"))
	}
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiMyStewardship(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	var out []*praxis.Article
	if err == nil {
		out, err = s.store.StewardQueue(r.Context(), u, "")
	}
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiCollections(w http.ResponseWriter, r *http.Request) {
	out, err := s.store.Collections(r.Context(), actor(r), r.PathValue("slug"))
	for _, c := range out {
		if c.Items == nil {
			c.Items = []praxis.CollectionItem{}
		}
	}
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiSaveCollection(w http.ResponseWriter, r *http.Request) {
	var in praxis.Collection
	u, _, err := apiInput(r, "", &in)
	var c *praxis.Collection
	if err == nil {
		c, err = s.store.SaveCollection(r.Context(), u, r.PathValue("slug"), in)
	}
	status := http.StatusOK
	if in.ID == 0 {
		status = http.StatusCreated
	}
	if c != nil && c.Items == nil {
		c.Items = []praxis.CollectionItem{}
	}
	s.api(w, r, status, c, err)
}

func (s *Server) apiDeleteCollection(w http.ResponseWriter, r *http.Request) {
	u, id, err := apiInput(r, "id", nil)
	if err == nil {
		err = s.store.DeleteCollection(r.Context(), u, r.PathValue("slug"), id)
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}
