package mailinglist

import (
	"regexp"
	"strings"
)

var (
	// A list tag or a filter's mark: "[R-SIG-Finance]", "[SPAM] -".
	subjectTag = regexp.MustCompile(`^\[[^\[\]\s]{1,40}\]\s*(-\s+)?`)
	// Reply prefixes in the languages mailers use: "Re:", "RE:", "Re[2]:", "AW:", "SV:", "Antw:".
	replyPrefix = regexp.MustCompile(`(?i)^(re|aw|sv|vs|antw|antwort|odp|ref|res|rif|r)\s*(\[\d+\]|\(\d+\))?\s*:\s*`)
	// Forward prefixes: "Fwd:", "Fw:", "WG:", "TR:".
	forwardPrefix = regexp.MustCompile(`(?i)^(fwd?|wg|tr|rv|enc)\s*:\s*`)
	// What a spam filter appended.
	subjectNoise = regexp.MustCompile(`(?i)(\s*-\s*email found in subject)+$`)
)

// NormalizeSubject returns a subject without what mailers and the list
// added: list tags ("[R-SIG-Finance]"), reply and forward prefixes ("Re:",
// "RE:", "Fwd:", "AW:", in any number and order) and extra white space. It
// is the title of an imported thread, and, lower-cased, the key of the
// subject fallback.
func NormalizeSubject(s string) string {
	clean, _ := splitSubject(s)
	return clean
}

// splitSubject normalizes a subject and tells whether it was marked as a
// reply.
func splitSubject(s string) (clean string, reply bool) {
	s = oneLine(s)
	for {
		before := s
		s = subjectNoise.ReplaceAllString(s, "")
		if loc := subjectTag.FindStringIndex(s); loc != nil {
			s = s[loc[1]:]
		}
		if loc := replyPrefix.FindStringIndex(s); loc != nil {
			s, reply = s[loc[1]:], true
		}
		if loc := forwardPrefix.FindStringIndex(s); loc != nil {
			s = s[loc[1]:]
		}
		s = strings.TrimSpace(s)
		if s == before {
			return s, reply
		}
	}
}
