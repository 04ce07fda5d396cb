package sqlstore

import (
	"testing"
	"time"

	"praxis"
)

// FuzzRRule feeds random repetition rules to the check that every series
// passes when it is written, then expands what it accepts as the server
// would: nothing may panic, an accepted rule must come back unchanged
// when checked again, and its expansion must end within the limits.
func FuzzRRule(f *testing.F) {
	for _, seed := range []string{
		"FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2", "FREQ=MONTHLY;BYDAY=2TU", "RRULE:FREQ=DAILY;COUNT=5",
		"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=WEEKLY;UNTIL=20250101T000000Z",
		"FREQ=HOURLY", "FREQ=DAILY;BYHOUR=9", "FREQ=DAILY;BYHOUR=9,18", "FREQ=WEEKLY;BYMINUTE=0,30", "FREQ=WEEKLY;DTSTART=20260101T000000Z", "FREQ=DAILY;INTERVAL=1001",
		"FREQ=MONTHLY;BYDAY=-1FR;BYSETPOS=1", "FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO", "FREQ=DAILY;COUNT=-1", "FREQ=",
		"freq=weekly;byday=mo,we,fr", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;BYYEARDAY=366", "",
	} {
		f.Add(seed, "Europe/Paris")
	}
	f.Add("FREQ=WEEKLY;BYDAY=SU", "America/New_York")
	f.Fuzz(func(t *testing.T, value, zone string) {
		loc, err := time.LoadLocation(zone)
		if err != nil || zone == "" || zone == "Local" {
			loc = time.UTC
		}
		canonical, problem := normalizeRule(value, loc)
		if problem != "" {
			if canonical != "" {
				t.Errorf("normalizeRule(%q) = %q with problem %q; want no rule with a problem", value, canonical, problem)
			}
			return
		}
		if canonical == "" {
			return
		}
		again, problem := normalizeRule(canonical, loc)
		if problem != "" || again != canonical {
			t.Errorf("normalizeRule(%q) = %q, but that checks as %q, %q; want it unchanged", value, canonical, again, problem)
		}
		start := time.Date(2026, 3, 29, 18, 0, 0, 0, loc) // a daylight saving change in Europe
		first, _ := firstStart(canonical, start)
		e := &praxis.Event{Start: first, RRule: canonical}
		starts := seriesStarts(e, first, first.Add(praxis.OccurrenceHorizon), praxis.MaxOccurrences)
		if len(starts) > praxis.MaxOccurrences {
			t.Errorf("rule %q: %d occurrences; want at most %d", canonical, len(starts), praxis.MaxOccurrences)
		}
		for i, s := range starts {
			if s.Hour() != first.Hour() || s.Minute() != first.Minute() {
				t.Errorf("rule %q: occurrence %d at %s; want the start's local time %s", canonical, i, s, first.Format("15:04"))
				break
			}
			if i > 0 && !s.After(starts[i-1]) {
				t.Errorf("rule %q: occurrence %d at %s is not after %s", canonical, i, s, starts[i-1])
				break
			}
		}
	})
}

// FuzzCursor: a page cursor from a URL either decodes to the position it
// was made from or is an EINVALID error; it never panics.
func FuzzCursor(f *testing.F) {
	for _, seed := range []string{encodeCursor(1772441000000, 42), encodeCursor(-1, 0), "", "bm90IGEgY3Vyc29y", "MTox", "%%%", "MTo5OTk5OTk5OTk5OTk5OTk5OTk5"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key, id, err := decodeCursor(s)
		if err != nil {
			if praxis.ErrorCode(err) != praxis.EINVALID {
				t.Errorf("decodeCursor(%q): %v; want an EINVALID error", s, err)
			}
			return
		}
		k2, i2, err := decodeCursor(encodeCursor(key, id))
		if err != nil || k2 != key || i2 != id {
			t.Errorf("decodeCursor(%q) = %d, %d, but its re-encoding decodes to %d, %d, %v", s, key, id, k2, i2, err)
		}
	})
}
