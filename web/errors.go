package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"praxis"
)

// statusOf maps domain error codes to HTTP statuses: the one mapping.
func statusOf(code string) int {
	switch code {
	case praxis.EINVALID:
		return http.StatusBadRequest
	case praxis.ENOTFOUND:
		return http.StatusNotFound
	case praxis.EFORBIDDEN:
		return http.StatusForbidden
	case praxis.ECONFLICT:
		return http.StatusConflict
	case praxis.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case praxis.ERATELIMITED:
		return http.StatusTooManyRequests
	default:
		return http.StatusInternalServerError
	}
}

// apiError is the error body of the public contract.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// fail answers a request with err: JSON for the API, an HTML page
// otherwise. The user sees the safe message; the log keeps the cause.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := praxis.ErrorCode(err)
	status := statusOf(code)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code, status = praxis.EINVALID, http.StatusRequestEntityTooLarge
		err = praxis.Errorf(praxis.EINVALID, "The request is too large.")
	}
	if status == http.StatusInternalServerError {
		s.log.Error("internal error", "request_id", state(r).id, "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if d := praxis.ErrorRetryAfter(err); d > 0 && code == praxis.ERATELIMITED {
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
	msg := praxis.ErrorMessage(err)
	if isAPI(r) || wantsJSON(r) {
		writeJSON(w, status, apiError{Error: apiErrorBody{Code: code, Message: msg, Fields: praxis.ErrorFields(err)}})
		return
	}
	if code == praxis.EUNAUTHORIZED && actor(r) == nil && isSafeMethod(r.Method) {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.render(w, r, status, "error", &page{Title: http.StatusText(status), Data: errorPage{Status: status, Message: msg, RequestID: state(r).id}})
}

type errorPage struct {
	Status    int
	Message   string
	RequestID string
}

func wantsJSON(r *http.Request) bool {
	return r.Header.Get("Accept") == "application/json"
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// notFound answers for unknown paths in the same shape as other errors.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, praxis.Errorf(praxis.ENOTFOUND, "There is nothing at this address."))
}
