package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"praxis"
)

// threadRef reads the question a coordinator points to: its number
// ("42", "#42") or any address of it ("/c/beer/t/42/title",
// "https://praxis.example.org/c/beer/t/42").
func threadRef(s string) (int64, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		if id <= 0 {
			return 0, false
		}
		return id, true
	}
	u, err := url.Parse(s)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == "t" {
			if id, err := strconv.ParseInt(parts[i+1], 10, 64); err == nil && id > 0 {
				return id, true
			}
			return 0, false
		}
	}
	return 0, false
}

// duplicateSubmit marks the thread as a duplicate of another question,
// or, with unmark, says it is not one; errors show beside the field.
func (s *Server) duplicateSubmit(w http.ResponseWriter, r *http.Request) {
	unmark := r.PostFormValue("unmark") != ""
	flash := "Marked as a duplicate: its readers are sent to the original."
	if unmark {
		flash = "No longer marked as a duplicate."
	}
	s.threadAction(w, r, flash, func(id int64) (string, error) {
		var original int64
		if !unmark {
			var ok bool
			if original, ok = threadRef(r.PostFormValue("original")); !ok {
				return "", &praxis.Error{Code: praxis.EINVALID, Message: "Say which question this one duplicates.",
					Fields: map[string]string{"original": "Give the original question's number or its address."}}
			}
		}
		t, err := s.store.MarkDuplicate(r.Context(), actor(r), id, original)
		if code := praxis.ErrorCode(err); code == praxis.EINVALID && praxis.ErrorFields(err) == nil {
			err = &praxis.Error{Code: code, Message: praxis.ErrorMessage(err),
				Fields: map[string]string{"original": praxis.ErrorMessage(err)}, Err: err}
		}
		if err != nil {
			return "", err
		}
		return t.Path(), nil
	})
}
