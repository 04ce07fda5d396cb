package web

import (
	"net/http"
	"strconv"
	"strings"

	"praxis"
)

// auditFilter reads ?before= and ?limit= of an audit log request.
func auditFilter(r *http.Request) (praxis.AuditFilter, error) {
	var f praxis.AuditFilter
	q := r.URL.Query()
	if v := strings.TrimSpace(q.Get("before")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return f, &praxis.Error{Code: praxis.EINVALID, Message: "The page position is not valid; start from the first page.",
				Fields: map[string]string{"before": "must be a positive event id"}}
		}
		f.Before = n
	}
	if v := strings.TrimSpace(q.Get("limit")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return f, &praxis.Error{Code: praxis.EINVALID, Message: "The limit must be a positive number.",
				Fields: map[string]string{"limit": "must be a positive number"}}
		}
		f.Limit = n
	}
	return f, nil
}

type auditData struct {
	Page    *praxis.AuditPage
	NextURL string
	First   bool // the newest page
}

// adminAuditPage shows the security log to administrators, newest first.
func (s *Server) adminAuditPage(w http.ResponseWriter, r *http.Request) {
	f, err := auditFilter(r)
	var p *praxis.AuditPage
	if err == nil {
		p, err = s.store.AuditLog(r.Context(), actor(r), f)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := auditData{Page: p, First: f.Before == 0}
	if p.Next != 0 {
		d.NextURL = "/admin/audit?before=" + strconv.FormatInt(p.Next, 10)
	}
	s.render(w, r, http.StatusOK, "admin_audit", &page{Title: "Security log", Data: d, Nav: "admin"})
}

func (s *Server) apiAdminAudit(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	var f praxis.AuditFilter
	if err == nil {
		f, err = auditFilter(r)
	}
	var p *praxis.AuditPage
	if err == nil {
		p, err = s.store.AuditLog(r.Context(), u, f)
	}
	s.api(w, r, http.StatusOK, p, err)
}

// auditLabel names a security event for people.
func auditLabel(event string) string {
	switch event {
	case praxis.AuditLogin:
		return "Signed in"
	case praxis.AuditLoginFailed:
		return "Failed sign-in"
	case praxis.AuditLogout:
		return "Signed out"
	case praxis.AuditSignup:
		return "Account created"
	case praxis.AuditInstanceRole:
		return "Instance role changed"
	case praxis.AuditCommunityRole:
		return "Community role changed"
	case praxis.AuditSuspended:
		return "Suspended"
	case praxis.AuditRestored:
		return "Suspension lifted"
	case praxis.AuditTokenCreated:
		return "API token created"
	case praxis.AuditTokenRevoked:
		return "API token revoked"
	case praxis.AuditSessionRevoked:
		return "Session signed out"
	case praxis.AuditPasswordChanged:
		return "Password changed"
	}
	return event
}
