// Package praxis holds the domain of Praxis: the types of a community of
// practice, their validation, the authorization policy and the service
// interfaces that storage implements and the web layer calls. It knows
// nothing of HTTP or SQL.
package praxis

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Error codes. Every error a service returns to a caller carries one of them;
// the web layer maps them to HTTP statuses in exactly one place.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EFORBIDDEN    = "forbidden"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	ERATELIMITED  = "rate_limited"
	EINTERNAL     = "internal"
)

// Error is the one error type of the domain. Message is safe to show to the
// user; Err keeps the internal cause for the log. Fields names the inputs
// that were wrong, so a form can show each message beside its field.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	Err     error
	// RetryAfter is, for ERATELIMITED, how long until the action is
	// allowed again (the HTTP Retry-After header); zero when unknown.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for an error that is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of err that is safe to show to a user.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. The error has been logged."
}

// ErrorRetryAfter returns how long a rate-limited caller should wait, 0
// when err says nothing about it.
func ErrorRetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// ErrorFields returns the per-field messages of err, if any.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Validation collects field errors while an input is checked, so a form
// reports every problem at once rather than the first one.
type Validation struct {
	fields map[string]string
}

// Add records a problem with field, keeping the first message per field.
func (v *Validation) Add(field, message string) {
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, ok := v.fields[field]; !ok {
		v.fields[field] = message
	}
}

// Err returns nil when nothing was added, or an EINVALID *Error listing the fields.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	keys := make([]string, 0, len(v.fields))
	for k := range v.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	msg := v.fields[keys[0]]
	if len(keys) > 1 {
		msg = fmt.Sprintf("%d fields need attention: %s.", len(keys), strings.Join(keys, ", "))
	}
	return &Error{Code: EINVALID, Message: msg, Fields: v.fields}
}
