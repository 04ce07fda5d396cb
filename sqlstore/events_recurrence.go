package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/teambition/rrule-go"

	"praxis"
)

// Series are materialized: each occurrence is a row, so that lists, RSVPs,
// attendance and reminders are plain SQL. The rule is expanded from the
// series' start in the event's time zone, so a weekly meetup at 18:00
// stays at 18:00 local time when daylight saving time begins or ends (its
// UTC instant moves by an hour). Occurrences are written up to
// praxis.OccurrenceHorizon ahead and at most praxis.MaxOccurrences at a
// time; SendReminders, the periodic job, writes more as the horizon moves,
// so a rule without COUNT or UNTIL is never expanded for ever. Cancelled
// occurrences are the series' exceptions (event_exdates, by original
// start), and are not written again.

// normalizeRule checks an RRULE value entered for a series and returns it
// in canonical form, or a message saying what is wrong. A series repeats
// daily at most, at the time of its start.
func normalizeRule(value string, loc *time.Location) (canonical, problem string) {
	value = strings.ToUpper(strings.TrimSpace(value))
	value = strings.TrimPrefix(value, "RRULE:")
	if value == "" {
		return "", ""
	}
	const help = "Enter a repetition rule such as FREQ=WEEKLY, FREQ=WEEKLY;INTERVAL=2 or FREQ=MONTHLY;BYDAY=2TU."
	if len(value) > 500 || strings.ContainsAny(value, "\r\n") {
		return "", help
	}
	opt, err := rrule.StrToROptionInLocation(value, loc)
	if err != nil {
		return "", help
	}
	switch {
	case !opt.Dtstart.IsZero():
		return "", "The rule starts with the event: leave DTSTART out of it."
	case opt.Freq > rrule.DAILY:
		return "", "An event repeats at most daily: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY."
	case len(opt.Byhour) > 0 || len(opt.Byminute) > 0 || len(opt.Bysecond) > 0 || len(opt.Byeaster) > 0:
		return "", "The rule repeats the event at its start time: leave BYHOUR, BYMINUTE, BYSECOND and BYEASTER out of it."
	case opt.Count < 0 || opt.Interval < 0 || opt.Interval > 1000:
		return "", help
	}
	if _, err := rrule.NewRRule(*opt); err != nil {
		return "", help
	}
	// The library writes an ordinal weekday as +2TU; 2TU is the same and
	// what calendars usually write.
	return strings.ReplaceAll(opt.RRuleString(), "+", ""), ""
}

// ruleOf returns a series' rule expanded from its start.
func ruleOf(value string, start time.Time) (*rrule.RRule, error) {
	opt, err := rrule.StrToROptionInLocation(value, start.Location())
	if err != nil {
		return nil, err
	}
	opt.Dtstart = start
	return rrule.NewRRule(*opt)
}

// firstStart returns the first date a rule gives on or after start.
func firstStart(value string, start time.Time) (time.Time, bool) {
	r, err := ruleOf(value, start)
	if err != nil {
		return start, false
	}
	t, ok := r.Iterator()()
	if !ok {
		return start, false
	}
	return t, true
}

// seriesStarts lists the original starts of an event between from and
// until (both included), at most limit of them: its start for a single
// event, whatever until.
func seriesStarts(e *praxis.Event, from, until time.Time, limit int) []time.Time {
	if e.RRule == "" {
		if e.Start.Before(from) {
			return nil
		}
		return []time.Time{e.Start}
	}
	r, err := ruleOf(e.RRule, e.Start)
	if err != nil {
		return nil // stored rules were checked when written
	}
	var out []time.Time
	next := r.Iterator()
	for len(out) < limit {
		t, ok := next()
		if !ok || t.After(until) {
			break
		}
		if !t.Before(from) {
			out = append(out, t)
		}
	}
	return out
}

// horizon is how far ahead a series is written: OccurrenceHorizon, or up
// to its first occurrence when that is further.
func (tx *Tx) horizon(e *praxis.Event) time.Time {
	h := tx.now.Add(praxis.OccurrenceHorizon)
	if e.Start.After(h) {
		return e.Start
	}
	return h
}

// exdates returns the original starts removed from a series.
func (tx *Tx) exdates(ctx context.Context, eventID int64) (map[int64]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT starts_at FROM event_exdates WHERE event_id = $1`, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out[t] = true
	}
	return out, rows.Err()
}

// materialize writes the occurrences of e from `from` up to the horizon
// that are not written yet and not exceptions, at most MaxOccurrences
// counted from `from`, and returns how many it wrote. Several instances
// may run it at once: a row written by another is skipped.
func (tx *Tx) materialize(ctx context.Context, e *praxis.Event, from time.Time) (int, error) {
	if e.Cancelled {
		return 0, nil
	}
	starts := seriesStarts(e, from, tx.horizon(e), praxis.MaxOccurrences)
	if len(starts) == 0 {
		return 0, nil
	}
	written := map[int64]bool{}
	rows, err := tx.QueryContext(ctx, `SELECT original_start FROM event_occurrences WHERE event_id = $1 AND original_start >= $2`,
		e.ID, ms(starts[0]))
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return 0, err
		}
		written[t] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	ex, err := tx.exdates(ctx, e.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range starts {
		k := ms(s)
		if written[k] || ex[k] {
			continue
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO event_occurrences (event_id, community_id, original_start, starts_at, ends_at, created_at)
			VALUES ($1, $2, $3, $3, $4, $5) ON CONFLICT (event_id, original_start) DO NOTHING`,
			e.ID, e.CommunityID, k, ms(s.Add(eventDuration(e))), ms(tx.now))
		if err != nil {
			return 0, err
		}
		if c, _ := res.RowsAffected(); c > 0 {
			n++
		}
	}
	return n, nil
}

// regenerate makes the future occurrences of an event follow its new
// times. Past and started occurrences stay, and so do moved ones. A future
// occurrence whose original start the new times keep stays with its RSVPs
// (and takes the new duration); one they drop is deleted, or cancelled
// when someone answered it, telling those going. The occurrence of a
// single event moves with it.
func (tx *Tx) regenerate(ctx context.Context, e, old *praxis.Event, c *praxis.Community, actorID int64) error {
	now := ms(tx.now)
	if e.RRule == "" && old.RRule == "" {
		var id, starts int64
		err := tx.QueryRowContext(ctx, `SELECT id, starts_at FROM event_occurrences WHERE event_id = $1 ORDER BY starts_at LIMIT 1`, e.ID).Scan(&id, &starts)
		if isNoRows(err) {
			_, err = tx.materialize(ctx, e, e.Start)
			return err
		} else if err != nil {
			return err
		}
		if starts <= now {
			msg := "This event has already started; its time can no longer change."
			return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"start": msg}}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_occurrences SET original_start = $1, starts_at = $1, ends_at = $2, overridden = $3 WHERE id = $4`,
			ms(e.Start), ms(e.Start.Add(eventDuration(e))), false, id); err != nil {
			return err
		}
		return tx.forgetReminders(ctx, id)
	}
	from := tx.now.Add(time.Millisecond)
	keep := map[int64]bool{}
	for _, s := range seriesStarts(e, from, tx.horizon(e), praxis.MaxOccurrences) {
		keep[ms(s)] = true
	}
	ex, err := tx.exdates(ctx, e.ID)
	if err != nil {
		return err
	}
	type row struct {
		o                    *praxis.Occurrence
		overridden, answered bool
	}
	var future []row
	rows, err := tx.QueryContext(ctx, `SELECT o.id, o.original_start, o.starts_at, o.ends_at, o.cancelled, o.overridden,
			EXISTS (SELECT 1 FROM rsvps r WHERE r.occurrence_id = o.id AND r.status IN ('going', 'maybe', 'waitlisted'))
		FROM event_occurrences o WHERE o.event_id = $1 AND o.starts_at > $2`, e.ID, now)
	if err != nil {
		return err
	}
	for rows.Next() {
		r := row{o: &praxis.Occurrence{EventID: e.ID}}
		var orig, starts, ends int64
		if err := rows.Scan(&r.o.ID, &orig, &starts, &ends, &r.o.Cancelled, &r.overridden, &r.answered); err != nil {
			rows.Close()
			return err
		}
		r.o.OriginalStart, r.o.StartsAt, r.o.EndsAt = fromMS(orig), fromMS(starts), fromMS(ends)
		future = append(future, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var dropped []*praxis.Occurrence
	for _, r := range future {
		orig := ms(r.o.OriginalStart)
		switch {
		case r.overridden:
		case keep[orig] && ex[orig]:
		case keep[orig]:
			// Kept: the new duration, and back if an earlier change had
			// dropped it.
			if _, err := tx.ExecContext(ctx, `UPDATE event_occurrences SET ends_at = $1, cancelled = $2 WHERE id = $3`,
				ms(r.o.StartsAt.Add(eventDuration(e))), false, r.o.ID); err != nil {
				return err
			}
		case r.answered:
			if !r.o.Cancelled {
				dropped = append(dropped, r.o)
			}
		default:
			if _, err := tx.ExecContext(ctx, `DELETE FROM event_occurrences WHERE id = $1`, r.o.ID); err != nil {
				return err
			}
		}
	}
	if err := tx.cancelOccurrences(ctx, e, c, actorID, dropped); err != nil {
		return err
	}
	_, err = tx.materialize(ctx, e, from)
	return err
}

// extendSeries writes the occurrences of open series that the moving
// horizon has reached, for every series whose last written occurrence is
// within a month of the horizon and that has room ahead. It returns how
// many it wrote.
func (tx *Tx) extendSeries(ctx context.Context) (int, error) {
	const slack = 30 * 24 * time.Hour
	rows, err := tx.QueryContext(ctx, `SELECT `+eventColumns+eventFrom+`
		WHERE e.rrule <> '' AND NOT e.cancelled
			AND COALESCE((SELECT max(o.original_start) FROM event_occurrences o WHERE o.event_id = e.id), 0) < $1
			AND (SELECT count(*) FROM event_occurrences o WHERE o.event_id = e.id AND o.starts_at > $2) <= $3
		ORDER BY e.id`, ms(tx.now.Add(praxis.OccurrenceHorizon-slack)), ms(tx.now), praxis.MaxOccurrences-30)
	if err != nil {
		return 0, err
	}
	var events []*praxis.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		events = append(events, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	total := 0
	for _, e := range events {
		n, err := tx.materialize(ctx, e, tx.now.Add(time.Millisecond))
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}
