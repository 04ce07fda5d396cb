package web

import (
	"net/http"
	"strconv"

	"praxis"
)

// limited counts each request against the rate limit of bucket before h
// runs: per signed-in user, or per network address for anonymous
// visitors and for sign-ups. The counts live in the database, so every
// instance sees them; past the limit the answer is 429 with Retry-After,
// {"error":{"code":"rate_limited"}} in the API and a page that says when
// to try again elsewhere.
func (s *Server) limited(bucket string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if limit := s.limits.For(bucket); !limit.Off() {
			key := "ip:" + clientIP(r)
			if u := actor(r); u != nil && bucket != praxis.LimitSignup {
				key = "user:" + strconv.FormatInt(u.ID, 10)
			}
			if err := s.store.Allow(r.Context(), bucket, key, limit); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		h(w, r)
	}
}
