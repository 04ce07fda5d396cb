package web_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"praxis"
)

// The calendar feeds are read by programs Praxis does not control, so they
// are checked with an independent, widely used parser: Python's icalendar
// (Debian's python3-icalendar), with dateutil to expand the rules.

// findICalendarPython returns a Python that can import icalendar and
// dateutil: $PRAXIS_PYTHON, else python3 on PATH, else /usr/bin/python3
// (where Debian's package lives when another python3 comes first). It
// skips the test when there is none, unless PRAXIS_REQUIRE_ICALENDAR=1.
func findICalendarPython(t *testing.T) string {
	t.Helper()
	candidates := []string{"python3", "/usr/bin/python3"}
	if p := os.Getenv("PRAXIS_PYTHON"); p != "" {
		candidates = []string{p}
	}
	var tried []string
	for _, c := range candidates {
		p, err := exec.LookPath(c)
		if err != nil {
			tried = append(tried, c+": not found")
			continue
		}
		out, err := exec.CommandContext(t.Context(), p, "-c", "import icalendar, dateutil.rrule").CombinedOutput()
		if err == nil {
			return p
		}
		tried = append(tried, p+": "+strings.TrimSpace(string(out)))
	}
	msg := "no Python with icalendar (apt-get install python3-icalendar, or set PRAXIS_PYTHON): " + strings.Join(tried, "; ")
	if os.Getenv("PRAXIS_REQUIRE_ICALENDAR") == "1" {
		t.Fatal("PRAXIS_REQUIRE_ICALENDAR=1 but " + msg)
	}
	t.Skip(msg)
	return ""
}

// icalendarReport parses a feed with icalendar and reports, per VEVENT,
// what the test checks, as JSON. Parsing errors fail the script.
const icalendarReport = `
import json, sys
import icalendar
from dateutil.rrule import rrulestr

cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = {"prodid": str(cal.get('PRODID', '')), "version": str(cal.get('VERSION', '')), "events": []}
for ev in cal.walk('VEVENT'):
    start = ev.decoded('DTSTART')
    e = {
        "uid": str(ev.get('UID')),
        "summary": str(ev.get('SUMMARY')),
        "description": str(ev.get('DESCRIPTION', '')),
        "location": str(ev.get('LOCATION', '')),
        "url": str(ev.get('URL', '')),
        "status": str(ev.get('STATUS', '')),
        "dtstart_tzid": ev['DTSTART'].params.get('TZID', ''),
        "dtstart_zone": str(getattr(start.tzinfo, 'zone', start.tzinfo)),
        "dtstart_local": start.strftime('%Y-%m-%dT%H:%M'),
        "dtend_tzid": ev['DTEND'].params.get('TZID', ''),
        "dtend_local": ev.decoded('DTEND').strftime('%Y-%m-%dT%H:%M'),
        "rrule": ev['RRULE'].to_ical().decode() if 'RRULE' in ev else '',
        "exdates": [], "exdate_tzids": [], "instances": [],
        "recurrence_id": '', "recurrence_id_tzid": '',
    }
    exdates = ev.get('EXDATE')
    if exdates is not None:
        for x in (exdates if isinstance(exdates, list) else [exdates]):
            e["exdate_tzids"].append(x.params.get('TZID', ''))
            for d in x.dts:
                e["exdates"].append(d.dt.strftime('%Y-%m-%dT%H:%M%z'))
    if 'RECURRENCE-ID' in ev:
        e["recurrence_id"] = ev.decoded('RECURRENCE-ID').strftime('%Y-%m-%dT%H:%M%z')
        e["recurrence_id_tzid"] = ev['RECURRENCE-ID'].params.get('TZID', '')
    if e["rrule"]:
        # Expand in wall-clock time, then place each date in the zone, as
        # calendar programs do with a TZID (pytz zones need localize).
        zone = start.tzinfo
        rule = rrulestr(e["rrule"], dtstart=start.replace(tzinfo=None))
        for i, d in enumerate(rule):
            if i == 4:
                break
            d = zone.localize(d) if hasattr(zone, 'localize') else d.replace(tzinfo=zone)
            e["instances"].append(d.strftime('%Y-%m-%dT%H:%M%z'))
    out["events"].append(e)
json.dump(out, sys.stdout)
`

type icalEvent struct {
	UID, Summary, Description, Location, URL, Status string
	DtstartTZID                                      string   `json:"dtstart_tzid"`
	DtstartZone                                      string   `json:"dtstart_zone"`
	DtstartLocal                                     string   `json:"dtstart_local"`
	DtendTZID                                        string   `json:"dtend_tzid"`
	DtendLocal                                       string   `json:"dtend_local"`
	RRule                                            string   `json:"rrule"`
	ExDates                                          []string `json:"exdates"`
	ExDateTZIDs                                      []string `json:"exdate_tzids"`
	Instances                                        []string `json:"instances"`
	RecurrenceID                                     string   `json:"recurrence_id"`
	RecurrenceIDTZID                                 string   `json:"recurrence_id_tzid"`
}

type icalReport struct {
	ProdID  string `json:"prodid"`
	Version string `json:"version"`
	Events  []icalEvent
}

// parseICalendar runs the independent parser on a feed.
func parseICalendar(t *testing.T, python string, r *response) icalReport {
	t.Helper()
	r.wantStatus(t, 200)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Fatalf("%s: Content-Type = %q; want text/calendar", r, ct)
	}
	file := filepath.Join(t.TempDir(), "feed.ics")
	if err := os.WriteFile(file, r.body, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), python, "-c", icalendarReport, file).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s: icalendar could not read the feed: %v\n%s\nfeed:\n%s", r, err, stderr, r.body)
	}
	var rep icalReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("the parser's report: %v\n%s", err, out)
	}
	return rep
}

// TestICalendarFeeds checks with icalendar that the feeds parse, that a
// series on the 2nd Tuesday in Paris comes out with TZID, RRULE, EXDATE and
// a RECURRENCE-ID for a moved date, at 18:00 local across the change to
// summer time, and that a members-only event is absent from an outsider's
// feed, community or personal.
func TestICalendarFeeds(t *testing.T) {
	python := findICalendarPython(t)
	eachSite(t, func(t *testing.T, s *testSite) {
		c := newEventCast(t, s)
		series := monthlyEvent("Monthly kitchen meetup", praxis.EventPublic, 0)
		series.Description = ptr("Bring a dish; we share, then we talk.\nLine two, with a comma; and a semicolon.")
		e := s.createEvent(t, c.cora, c.slug, series)
		occs := s.occurrencesOf(t, c.cora, c.slug, e.ID)
		// April's date is cancelled (an EXDATE), May's moved an hour later.
		if err := s.db.CancelOccurrence(t.Context(), c.cora, occs[1].ID); err != nil {
			t.Fatalf("CancelOccurrence: %v", err)
		}
		if _, err := s.db.UpdateOccurrence(t.Context(), c.cora, occs[2].ID, ptr("2026-05-12T19:00"), ptr("2026-05-12T20:30"), ptr("Upstairs this time")); err != nil {
			t.Fatalf("UpdateOccurrence: %v", err)
		}
		s.createEvent(t, c.cora, c.slug, monthlyEvent("Members tasting", praxis.EventMembers, 0))
		for _, u := range []*praxis.User{c.mia, c.olga} {
			if _, err := s.db.Respond(t.Context(), u, occs[0].ID, praxis.RSVPGoing, ""); err != nil && u == c.mia {
				t.Fatalf("Respond: %v", err)
			}
		}

		feed := "/c/" + c.slug + "/calendar.ics"
		rep := parseICalendar(t, python, c.miaV.get(t, feed))
		if rep.Version != "2.0" || !strings.Contains(rep.ProdID, "Praxis") {
			t.Errorf("VERSION %q, PRODID %q; want 2.0 and Praxis's", rep.Version, rep.ProdID)
		}
		var main, moved *icalEvent
		var titles []string
		for i := range rep.Events {
			ev := &rep.Events[i]
			titles = append(titles, ev.Summary)
			switch {
			case ev.Summary == "Monthly kitchen meetup" && ev.RecurrenceID == "":
				main = ev
			case ev.Summary == "Monthly kitchen meetup":
				moved = ev
			}
		}
		if main == nil || moved == nil || !slices.Contains(titles, "Members tasting") {
			t.Fatalf("member's feed: events %q; want the series, its moved date and the members-only event", titles)
		}
		t.Run("the series", func(t *testing.T) {
			checks := []struct{ name, got, want string }{
				{"DTSTART TZID", main.DtstartTZID, "Europe/Paris"},
				{"DTSTART zone as parsed", main.DtstartZone, "Europe/Paris"},
				{"DTSTART local", main.DtstartLocal, "2026-03-10T18:00"},
				{"DTEND TZID", main.DtendTZID, "Europe/Paris"},
				{"DTEND local", main.DtendLocal, "2026-03-10T19:30"},
				{"RRULE", main.RRule, "FREQ=MONTHLY;BYDAY=2TU"},
				{"EXDATE", strings.Join(main.ExDates, ","), "2026-04-14T18:00+0200"},
				{"EXDATE TZID", strings.Join(main.ExDateTZIDs, ","), "Europe/Paris"},
				{"UID", main.UID, "event-" + strconv.FormatInt(e.ID, 10) + "@127.0.0.1"},
				{"URL", main.URL, s.url.String() + occs[0].Path(c.slug)},
				{"STATUS", main.Status, ""},
				// dateutil expands the rule: 18:00 in Paris in winter and in summer.
				{"instances", strings.Join(main.Instances, ","), "2026-03-10T18:00+0100,2026-04-14T18:00+0200,2026-05-12T18:00+0200,2026-06-09T18:00+0200"},
				{"DESCRIPTION", strings.SplitN(main.Description, "\n\n", 2)[0], "Bring a dish; we share, then we talk.\nLine two, with a comma; and a semicolon."},
			}
			for _, ck := range checks {
				if ck.got != ck.want {
					t.Errorf("%s = %q; want %q", ck.name, ck.got, ck.want)
				}
			}
			if !strings.Contains(main.Location, "Room 4") {
				t.Errorf("LOCATION = %q; want the place", main.Location)
			}
		})
		t.Run("the moved date", func(t *testing.T) {
			checks := []struct{ name, got, want string }{
				{"UID", moved.UID, main.UID},
				{"RECURRENCE-ID", moved.RecurrenceID, "2026-05-12T18:00+0200"},
				{"RECURRENCE-ID TZID", moved.RecurrenceIDTZID, "Europe/Paris"},
				{"DTSTART", moved.DtstartLocal, "2026-05-12T19:00"},
				{"DTSTART TZID", moved.DtstartTZID, "Europe/Paris"},
				{"DTEND", moved.DtendLocal, "2026-05-12T20:30"},
			}
			for _, ck := range checks {
				if ck.got != ck.want {
					t.Errorf("%s = %q; want %q", ck.name, ck.got, ck.want)
				}
			}
			if !strings.HasPrefix(moved.Description, "Upstairs this time") {
				t.Errorf("DESCRIPTION = %q; want the date's note first", moved.Description)
			}
		})

		t.Run("an outsider's feeds", func(t *testing.T) {
			for name, r := range map[string]*response{
				"anonymous, community": s.anonymous("anonymous").get(t, feed),
				"outsider, community":  c.o.get(t, feed),
				"outsider, personal":   c.o.get(t, "/calendar/"+calendarToken(t, s, c.olga)),
			} {
				rep := parseICalendar(t, python, r)
				for _, ev := range rep.Events {
					if ev.Summary == "Members tasting" || strings.Contains(ev.Description, "meet.example.org") || strings.Contains(ev.Location, "meet.example.org") {
						t.Errorf("%s: %q with %q / %q reaches an outsider", name, ev.Summary, ev.Location, ev.Description)
					}
				}
			}
		})

		t.Run("a cancelled series", func(t *testing.T) {
			if err := s.db.CancelEvent(t.Context(), c.cora, e.ID); err != nil {
				t.Fatalf("CancelEvent: %v", err)
			}
			rep := parseICalendar(t, python, c.miaV.get(t, "/calendar/"+calendarToken(t, s, c.mia)))
			found := false
			for _, ev := range rep.Events {
				if ev.Summary == "Monthly kitchen meetup" && ev.RecurrenceID == "" {
					found = true
					if ev.Status != "CANCELLED" {
						t.Errorf("STATUS = %q; want CANCELLED", ev.Status)
					}
				}
			}
			if !found {
				t.Errorf("mia's feed lost the series she answered; want it there, cancelled")
			}
		})
	})
}

func calendarToken(t *testing.T, s *testSite, u *praxis.User) string {
	t.Helper()
	tok, err := s.db.CalendarToken(t.Context(), u, true)
	if err != nil {
		t.Fatalf("CalendarToken: %v", err)
	}
	return tok
}
