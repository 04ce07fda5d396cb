package praxis

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RateLimit allows Max actions per Window; a zero Max means no limit.
type RateLimit struct {
	Max    int
	Window time.Duration
}

// Off reports whether the limit allows everything.
func (l RateLimit) Off() bool { return l.Max <= 0 || l.Window <= 0 }

func (l RateLimit) String() string {
	if l.Off() {
		return "off"
	}
	return strconv.Itoa(l.Max) + "/" + l.Window.String()
}

// RateLimits are the limits the web layer applies to what is cheap to send
// and costly to serve or to clean up. Sign-in has its own limits
// (MaxFailuresPerAccount, MaxFailuresPerIP), counted on failures.
type RateLimits struct {
	// Signup counts sign-up attempts per network address: it bounds both
	// account spam and probing which e-mail addresses have an account.
	Signup RateLimit
	// Post counts new threads, replies and articles per user.
	Post RateLimit
	// Search counts searches per user, or per address when anonymous, and
	// the lookups that rank as a search does: similar questions, experts
	// and related threads.
	Search RateLimit
}

// DefaultRateLimits are generous for people and tight for scripts.
var DefaultRateLimits = RateLimits{
	Signup: RateLimit{Max: 10, Window: time.Hour},
	Post:   RateLimit{Max: 30, Window: 10 * time.Minute},
	Search: RateLimit{Max: 60, Window: time.Minute},
}

// Rate limit buckets: the kinds of action counted.
const (
	LimitSignup = "signup"
	LimitPost   = "post"
	LimitSearch = "search"
)

// For returns the limit of a bucket.
func (ls RateLimits) For(bucket string) RateLimit {
	switch bucket {
	case LimitSignup:
		return ls.Signup
	case LimitPost:
		return ls.Post
	case LimitSearch:
		return ls.Search
	}
	return RateLimit{}
}

// ParseRateLimits reads limits written as "signup=10/1h,post=30/10m,
// search=off" on top of DefaultRateLimits; buckets left out keep their
// defaults.
func ParseRateLimits(s string) (RateLimits, error) {
	ls := DefaultRateLimits
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, value, ok := strings.Cut(item, "=")
		var l RateLimit
		if value = strings.TrimSpace(value); value != "off" && value != "0" {
			n, w, ok2 := strings.Cut(value, "/")
			max, err := strconv.Atoi(strings.TrimSpace(n))
			window, err2 := time.ParseDuration(strings.TrimSpace(w))
			if !ok2 || err != nil || err2 != nil || max < 0 || window <= 0 {
				ok = false
			}
			l = RateLimit{Max: max, Window: window}
		}
		var dst *RateLimit
		switch strings.TrimSpace(name) {
		case LimitSignup:
			dst = &ls.Signup
		case LimitPost:
			dst = &ls.Post
		case LimitSearch:
			dst = &ls.Search
		}
		if !ok || dst == nil {
			return ls, fmt.Errorf("rate limit %q: write name=COUNT/DURATION (such as post=30/10m) or name=off, with name signup, post or search", item)
		}
		*dst = l
	}
	return ls, nil
}

// RateLimiter counts actions where every instance sees them.
type RateLimiter interface {
	// Allow records one action of bucket by key (a user or a network
	// address) when it is within limit. Errors: ERATELIMITED, with
	// RetryAfter set to when the next action will be allowed.
	Allow(ctx context.Context, bucket, key string, limit RateLimit) error
}
