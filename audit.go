package praxis

import (
	"context"
	"time"
)

// Security events that the audit log records, each written in the
// transaction of the event itself, so the log never misses one that
// happened nor shows one that did not.
const (
	AuditLogin           = "login"
	AuditLoginFailed     = "login_failed"
	AuditLogout          = "logout"
	AuditSignup          = "signup"
	AuditInstanceRole    = "instance_role"
	AuditCommunityRole   = "community_role"
	AuditSuspended       = "suspended"
	AuditRestored        = "restored"
	AuditTokenCreated    = "token_created"
	AuditTokenRevoked    = "token_revoked"
	AuditSessionRevoked  = "session_revoked"
	AuditPasswordChanged = "password_changed"
)

// AuditEvent is one entry of the security log. Actor is who acted (empty
// for a failed sign-in, where nobody is known); Subject the account it is
// about; Community the slug, for a community role.
type AuditEvent struct {
	ID        int64     `json:"id"`
	Event     string    `json:"event"`
	Actor     string    `json:"actor,omitempty"`
	Subject   string    `json:"subject,omitempty"`
	Community string    `json:"community,omitempty"`
	IP        string    `json:"ip"`
	Detail    string    `json:"detail"`
	CreatedAt time.Time `json:"created_at"`
}

// AuditFilter selects one page of the audit log, newest first.
type AuditFilter struct {
	Before int64 // only events with a smaller id; 0 starts at the newest
	Limit  int
}

// AuditPage is one page of the audit log. Next is the Before of the next
// (older) page, 0 when this is the last one.
type AuditPage struct {
	Events []*AuditEvent `json:"items"`
	Next   int64         `json:"next_before,omitempty"`
}

// AuditService reads the security log.
type AuditService interface {
	// AuditLog lists security events, newest first, to administrators.
	// Errors: EUNAUTHORIZED, EFORBIDDEN.
	AuditLog(ctx context.Context, actor *User, f AuditFilter) (*AuditPage, error)
}

type clientIPKey struct{}

// NewContextWithClientIP returns a context that carries the network
// address of the person making a request, so that the audit log can name
// it for events whose service methods take no address themselves.
func NewContextWithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

// ClientIPFromContext returns the address NewContextWithClientIP stored,
// or "".
func ClientIPFromContext(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}
