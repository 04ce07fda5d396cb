package praxis

import (
	"strings"
	"testing"
)

// FuzzEventTimes: the dates and times of an event form never panic the
// check, and whatever it accepts is an end after the start, at most
// MaxEventDuration later, in the zone asked for.
func FuzzEventTimes(f *testing.F) {
	f.Add("Europe/Paris", "2026-03-29T02:30", "2026-03-29T03:30") // a time that does not exist there
	f.Add("America/New_York", "2026-11-01T01:30", "2026-11-01T01:45")
	f.Add("UTC", "2026-01-01T10:00", "2026-01-09T10:00")
	f.Add("Local", "2026-01-01T10:00", "2026-01-01T11:00")
	f.Add("", "", "")
	f.Add("Europe/Paris", "0000-01-01T00:00", "9999-12-31T23:59")
	f.Add("../../etc/passwd", "2026-01-01T10:00", "2026-01-01T11:00")
	f.Fuzz(func(t *testing.T, tz, start, end string) {
		var v Validation
		s, e, loc := ValidateEventTimes(&v, tz, start, end)
		if v.Err() != nil {
			return
		}
		if loc == nil || loc.String() != strings.TrimSpace(tz) {
			t.Errorf("ValidateEventTimes(%q, %q, %q): zone %v; want %q", tz, start, end, loc, tz)
		}
		if !e.After(s) || e.Sub(s) > MaxEventDuration {
			t.Errorf("ValidateEventTimes(%q, %q, %q) accepted %s to %s", tz, start, end, s, e)
		}
		if s.Location() != loc && s.Location().String() != loc.String() {
			t.Errorf("ValidateEventTimes(%q, %q, %q): start in %s; want %s", tz, start, end, s.Location(), loc)
		}
	})
}

// FuzzParseList: lists typed by members (topics, expertise, domains) never
// keep empty or repeated items, whatever the separators.
func FuzzParseList(f *testing.F) {
	for _, seed := range []string{"a, b, c", "a\nA\r\n b ,,", "", " , ", "É, é, e", "x\u00a0, x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		seen := map[string]bool{}
		for _, item := range ParseList(s) {
			k := strings.ToLower(item)
			if item == "" || item != strings.TrimSpace(item) || seen[k] {
				t.Errorf("ParseList(%q) has %q: empty, untrimmed or repeated", s, item)
			}
			seen[k] = true
			if strings.ContainsAny(item, ",\n\r") {
				t.Errorf("ParseList(%q) has %q with a separator in it", s, item)
			}
		}
	})
}
