package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"praxis"
)

// These helpers fill a form with stored values, so that one template shows
// a record and re-shows the user's rejected input the same way.

func communityForm(c *praxis.Community) *form {
	return &form{Values: url.Values{
		"name": {c.Name}, "domain_statement": {c.DomainStatement}, "purpose": {c.Purpose}, "type": {c.Type},
		"visibility": {c.Visibility}, "join_policy": {c.JoinPolicy}, "stage": {c.Stage}, "values": {c.Values}, "norms": {c.Norms},
		"review_months": {strconv.Itoa(c.ReviewMonths)},
	}}
}

// goalForm returns the submitted form when it belongs to this goal (mine),
// else a form holding the goal's stored values (empty for a new goal).
func goalForm(g *praxis.Goal, mine bool, submitted *form) *form {
	if mine && submitted != nil {
		return submitted
	}
	if g == nil {
		return &form{Values: url.Values{"status": {praxis.GoalPlanned}, "kind": {praxis.GoalKindGoal}}}
	}
	return &form{Values: url.Values{"title": {g.Title}, "description": {g.Description}, "kind": {g.Kind},
		"status": {g.Status}, "due_date": {g.DueDate}, "owner": {g.OwnerHandle}}}
}

func profileForm(u *praxis.User) *form {
	return &form{Values: url.Values{"display_name": {u.DisplayName}, "organization": {u.Organization}, "title": {u.Title},
		"location": {u.Location}, "time_zone": {u.TimeZone}, "bio": {u.Bio}, "expertise": {strings.Join(u.Expertise, ", ")}}}
}

func settingsForm(s *praxis.Settings) *form {
	return &form{Values: url.Values{"name": {s.Name}, "signup_policy": {s.SignupPolicy},
		"allowed_domains": {strings.Join(s.AllowedDomains, "\n")}, "community_creation": {s.CommunityCreation}}}
}

// dict builds a map for passing several values to a sub-template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

func slots(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// commonTimeZones are offered as suggestions; any IANA name is accepted.
var commonTimeZones = []string{
	"UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam",
	"Europe/Stockholm", "Europe/Warsaw", "Europe/Athens", "Europe/Istanbul", "Africa/Lagos", "Africa/Nairobi",
	"Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo",
	"Australia/Sydney", "Pacific/Auckland", "America/Sao_Paulo", "America/New_York", "America/Chicago",
	"America/Denver", "America/Los_Angeles", "America/Toronto", "America/Mexico_City",
}

// browserName summarizes a User-Agent header for the list of sessions.
func browserName(ua string) string {
	if ua == "" {
		return "Unknown browser"
	}
	browser := ""
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"},
		{"curl/", "curl"}, {"Go-http-client", "a Go program"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	system := ""
	for _, o := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.token) {
			system = o.name
			break
		}
	}
	switch {
	case browser == "" && len(ua) > 40:
		return ua[:40] + "…"
	case browser == "":
		return ua
	case system == "":
		return browser
	}
	return browser + " on " + system
}
