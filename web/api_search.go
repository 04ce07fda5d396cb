package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"praxis"
)

// queryInt reads an optional whole number from the query string; a value
// that is not one is refused with the parameter named.
func queryInt(q url.Values, name string) (int, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, &praxis.Error{Code: praxis.EINVALID, Message: "The parameter " + name + " must be a whole number.",
			Fields: map[string]string{name: "must be a whole number"}}
	}
	return n, nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q, err := searchQuery(r.URL.Query())
	var out *praxis.SearchResult
	if err == nil {
		out, err = s.store.Search(r.Context(), actor(r), q)
	}
	if out != nil && out.Hits == nil {
		out.Hits = []*praxis.SearchHit{}
	}
	s.api(w, r, http.StatusOK, out, err)
}

// similarJSON is the answer of the similar-questions call.
type similarJSON struct {
	Similar []*praxis.SimilarHit `json:"similar"`
}

func (s *Server) apiSimilar(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err := queryInt(q, "limit")
	var out []*praxis.SimilarHit
	if err == nil {
		out, err = s.store.Similar(r.Context(), actor(r), r.PathValue("slug"),
			praxis.SimilarQuery{Title: q.Get("title"), Body: q.Get("body"), Limit: limit})
	}
	if out == nil {
		out = []*praxis.SimilarHit{}
	}
	s.api(w, r, http.StatusOK, similarJSON{Similar: out}, err)
}

// expertsJSON is the answer of the experts call.
type expertsJSON struct {
	Experts []*praxis.Expert `json:"experts"`
}

func (s *Server) apiExperts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err := queryInt(q, "limit")
	var out []*praxis.Expert
	if err == nil {
		out, err = s.store.Experts(r.Context(), actor(r), r.PathValue("slug"),
			praxis.SimilarQuery{Title: q.Get("title"), Body: q.Get("body"), Limit: limit})
	}
	if out == nil {
		out = []*praxis.Expert{}
	}
	s.api(w, r, http.StatusOK, expertsJSON{Experts: out}, err)
}

// relatedJSON is the answer of the related-threads call.
type relatedJSON struct {
	Related []*praxis.SimilarHit `json:"related"`
}

func (s *Server) apiRelated(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var limit int
	if err == nil {
		limit, err = queryInt(r.URL.Query(), "limit")
	}
	var out []*praxis.SimilarHit
	if err == nil {
		out, err = s.store.Related(r.Context(), actor(r), id, limit)
	}
	if out == nil {
		out = []*praxis.SimilarHit{}
	}
	s.api(w, r, http.StatusOK, relatedJSON{Related: out}, err)
}

// duplicateInput marks a question as a duplicate of another.
type duplicateInput struct {
	OriginalID int64 `json:"original_id"`
}

func (s *Server) apiMarkDuplicate(w http.ResponseWriter, r *http.Request) {
	var in duplicateInput
	u, id, err := apiInput(r, "id", &in)
	if err == nil && in.OriginalID <= 0 {
		err = &praxis.Error{Code: praxis.EINVALID, Message: "Give the id of the original question.",
			Fields: map[string]string{"original_id": "must be the id of a question"}}
	}
	var t *praxis.Thread
	if err == nil {
		t, err = s.store.MarkDuplicate(r.Context(), u, id, in.OriginalID)
	}
	s.api(w, r, http.StatusOK, t, err)
}

func (s *Server) apiUnmarkDuplicate(w http.ResponseWriter, r *http.Request) {
	u, id, err := apiInput(r, "id", nil)
	var t *praxis.Thread
	if err == nil {
		t, err = s.store.MarkDuplicate(r.Context(), u, id, 0)
	}
	s.api(w, r, http.StatusOK, t, err)
}

// recurringJSON is the answer of the recurring-questions call.
type recurringJSON struct {
	Clusters []*praxis.QuestionCluster `json:"clusters"`
}

func (s *Server) apiRecurring(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	var out []*praxis.QuestionCluster
	if err == nil {
		out, err = s.store.RecurringQuestions(r.Context(), u, r.PathValue("slug"))
	}
	if out == nil {
		out = []*praxis.QuestionCluster{}
	}
	s.api(w, r, http.StatusOK, recurringJSON{Clusters: out}, err)
}
