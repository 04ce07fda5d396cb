package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"praxis"
)

const occurrenceColumns = `o.id, o.event_id, o.original_start, o.starts_at, o.ends_at, o.cancelled, o.note, o.harvested_at,
	COALESCE(o.article_id, 0)`

// occurrenceRow receives a row of occurrenceColumns.
type occurrenceRow struct {
	o                  praxis.Occurrence
	orig, starts, ends int64
	harvested          sql.NullInt64
}

func (r *occurrenceRow) dest() []any {
	o := &r.o
	return []any{&o.ID, &o.EventID, &r.orig, &r.starts, &r.ends, &o.Cancelled, &o.Note, &r.harvested, &o.ArticleID}
}

// occurrence returns the occurrence with its times in the time zone of
// its event (UTC when e is nil).
func (r *occurrenceRow) occurrence(e *praxis.Event) *praxis.Occurrence {
	o := r.o
	loc := time.UTC
	if e != nil {
		loc = e.Start.Location()
	}
	o.OriginalStart, o.StartsAt, o.EndsAt = fromMS(r.orig).In(loc), fromMS(r.starts).In(loc), fromMS(r.ends).In(loc)
	o.HarvestedAt = fromNullMS(r.harvested)
	o.Harvested = o.HarvestedAt != nil || o.ArticleID != 0
	return &o
}

func concat(parts ...[]any) []any {
	var out []any
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// loadOccurrence loads an occurrence with its event, whatever their
// visibility; callers decide.
func (tx *Tx) loadOccurrence(ctx context.Context, id int64) (*praxis.Occurrence, *praxis.Event, error) {
	var or occurrenceRow
	var er eventRow
	err := tx.QueryRowContext(ctx, `SELECT `+occurrenceColumns+`, `+eventColumns+`
		FROM event_occurrences o JOIN events e ON e.id = o.event_id JOIN communities c ON c.id = e.community_id WHERE o.id = $1`, id).
		Scan(concat(or.dest(), er.dest())...)
	if isNoRows(err) {
		return nil, nil, notFound("There is no event at this address.")
	} else if err != nil {
		return nil, nil, err
	}
	e := er.event()
	o := or.occurrence(e)
	o.Event = e
	return o, e, nil
}

// visibleOccurrence loads an occurrence whose event actor may see, with
// the event's scope. The online link is kept: callers redact.
func (tx *Tx) visibleOccurrence(ctx context.Context, actor *praxis.User, id int64) (*praxis.Occurrence, *eventScope, error) {
	o, e, err := tx.loadOccurrence(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	s, err := tx.scopeOf(ctx, actor, e)
	if err != nil {
		return nil, nil, err
	}
	if !s.acc.canSee(e.Visibility) {
		return nil, nil, notFound("There is no event at this address.")
	}
	return o, s, nil
}

// hostableOccurrence loads an occurrence whose event actor may host:
// ENOTFOUND when actor may not see it, EFORBIDDEN when actor may see but
// not host it.
func (tx *Tx) hostableOccurrence(ctx context.Context, actor *praxis.User, id int64) (*praxis.Occurrence, *eventScope, error) {
	if actor == nil {
		return nil, nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	o, s, err := tx.visibleOccurrence(ctx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	if !s.acc.canHost() {
		return nil, nil, praxis.Errorf(praxis.EFORBIDDEN, "Only the hosts of this event and the coordinators of %s can do this.", s.c.Name)
	}
	return o, s, nil
}

// occurrenceForViewer loads an occurrence with its event, counts and
// actor's answer, as actor sees them.
func (tx *Tx) occurrenceForViewer(ctx context.Context, actor *praxis.User, id int64) (*praxis.Occurrence, error) {
	o, s, err := tx.visibleOccurrence(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := tx.fillEvents(ctx, []*praxis.Event{s.e}, false); err != nil {
		return nil, err
	}
	if err := tx.fillOccurrences(ctx, actor, []*praxis.Occurrence{o}); err != nil {
		return nil, err
	}
	s.redact()
	return o, nil
}

// occurrencesWhere loads occurrences, without their events and in UTC,
// for the store's own use: cond is a condition on o.
func (tx *Tx) occurrencesWhere(ctx context.Context, cond string, args ...any) ([]*praxis.Occurrence, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+occurrenceColumns+` FROM event_occurrences o WHERE `+cond+` ORDER BY o.starts_at, o.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*praxis.Occurrence
	for rows.Next() {
		var r occurrenceRow
		if err := rows.Scan(r.dest()...); err != nil {
			return nil, err
		}
		out = append(out, r.occurrence(nil))
	}
	return out, rows.Err()
}

// occurrenceList reads, in one query, occurrences with their events that
// actor may see: w holds the viewer's arguments ($1–$3, see viewerWhere)
// and the caller's conditions on o, e, c and m. The online link is kept
// only for those who may attend. Occurrences of one event share it; the
// events are returned too, for fillEvents.
func (tx *Tx) occurrenceList(ctx context.Context, actor *praxis.User, w *where, order string, limit int) ([]*praxis.Occurrence, []*praxis.Event, error) {
	lim := sqlLimit(limit)
	rows, err := tx.QueryContext(ctx, `SELECT `+occurrenceColumns+`, `+eventColumns+`, `+eventViewerColumns+`
		FROM event_occurrences o JOIN events e ON e.id = o.event_id JOIN communities c ON c.id = o.community_id`+viewerJoin+`
		WHERE `+visibleWhere+` AND `+eventVisibleWhere+` AND `+w.sql()+` ORDER BY `+order+` LIMIT `+lim, w.args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	byID := map[int64]*praxis.Event{}
	occs := []*praxis.Occurrence{}
	var events []*praxis.Event
	for rows.Next() {
		var or occurrenceRow
		var er eventRow
		var vr viewerRow
		if err := rows.Scan(concat(or.dest(), er.dest(), vr.dest())...); err != nil {
			return nil, nil, err
		}
		e, ok := byID[er.e.ID]
		if !ok {
			e = er.event()
			if !vr.access(actor).seesLink(e.Visibility) {
				e.OnlineURL = ""
			}
			byID[e.ID] = e
			events = append(events, e)
		}
		o := or.occurrence(e)
		o.Event = e
		occs = append(occs, o)
	}
	return occs, events, rows.Err()
}

// fillEvents loads the hosts and speakers of events, one query each, and
// their exceptions when asked.
func (tx *Tx) fillEvents(ctx context.Context, events []*praxis.Event, exdates bool) error {
	if len(events) == 0 {
		return nil
	}
	byID := map[int64]*praxis.Event{}
	ids := make([]int64, 0, len(events))
	for _, e := range events {
		byID[e.ID] = e
		ids = append(ids, e.ID)
	}
	var args []any
	rows, err := tx.QueryContext(ctx, `SELECT h.event_id, u.id, u.handle, u.display_name, u.organization
		FROM event_hosts h JOIN users u ON u.id = h.user_id
		WHERE h.event_id IN (`+inList(&args, ids)+`) ORDER BY h.event_id, lower(u.display_name), u.id`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var p praxis.PersonRef
		if err := rows.Scan(&id, &p.ID, &p.Handle, &p.Name, &p.Organization); err != nil {
			rows.Close()
			return err
		}
		byID[id].Hosts = append(byID[id].Hosts, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	args = nil
	rows, err = tx.QueryContext(ctx, `SELECT event_id, name FROM event_speakers WHERE event_id IN (`+inList(&args, ids)+`)
		ORDER BY event_id, position`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return err
		}
		byID[id].Speakers = append(byID[id].Speakers, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if !exdates {
		return nil
	}
	args = nil
	rows, err = tx.QueryContext(ctx, `SELECT event_id, starts_at FROM event_exdates WHERE event_id IN (`+inList(&args, ids)+`)
		ORDER BY event_id, starts_at`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, t int64
		if err := rows.Scan(&id, &t); err != nil {
			return err
		}
		e := byID[id]
		e.ExDates = append(e.ExDates, fromMS(t).In(e.Start.Location()))
	}
	return rows.Err()
}

// fillOccurrences counts who is going and waitlisted, in one query, and
// reads actor's answers, in another.
func (tx *Tx) fillOccurrences(ctx context.Context, actor *praxis.User, occs []*praxis.Occurrence) error {
	if len(occs) == 0 {
		return nil
	}
	byID := map[int64][]*praxis.Occurrence{}
	ids := make([]int64, 0, len(occs))
	for _, o := range occs {
		if _, ok := byID[o.ID]; !ok {
			ids = append(ids, o.ID)
		}
		byID[o.ID] = append(byID[o.ID], o)
	}
	var args []any
	rows, err := tx.QueryContext(ctx, `SELECT occurrence_id, status, count(*) FROM rsvps
		WHERE occurrence_id IN (`+inList(&args, ids)+`) AND status IN ('going', 'waitlisted') GROUP BY occurrence_id, status`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var status string
		var n int
		if err := rows.Scan(&id, &status, &n); err != nil {
			rows.Close()
			return err
		}
		for _, o := range byID[id] {
			if status == praxis.RSVPGoing {
				o.Going = n
			} else {
				o.Waitlisted = n
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if actor == nil {
		return nil
	}
	args = []any{actor.ID}
	rows, err = tx.QueryContext(ctx, `SELECT occurrence_id, status FROM rsvps WHERE user_id = $1 AND occurrence_id IN (`+inList(&args, ids)+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var status string
		if err := rows.Scan(&id, &status); err != nil {
			return err
		}
		for _, o := range byID[id] {
			o.MyRSVP = status
		}
	}
	return rows.Err()
}

// Default and largest windows and pages of occurrence lists.
const (
	defaultOccurrenceWindow = 60 * 24 * time.Hour
	defaultOccurrenceLimit  = 100
	maxOccurrenceLimit      = 500
)

// occurrenceWindow applies a filter's window, kind and limit to w.
func occurrenceWindow(w *where, f *praxis.OccurrenceFilter, now time.Time) error {
	if f.From.IsZero() {
		f.From = now
	}
	if f.To.IsZero() {
		f.To = f.From.Add(defaultOccurrenceWindow)
	}
	if !f.To.After(f.From) {
		return praxis.Errorf(praxis.EINVALID, "The end of the period must be after its start.")
	}
	if f.Limit <= 0 {
		f.Limit = defaultOccurrenceLimit
	} else if f.Limit > maxOccurrenceLimit {
		f.Limit = maxOccurrenceLimit
	}
	// Occurrences that overlap the window: one under way at its start is in.
	w.add("o.ends_at > ? AND o.starts_at < ?", ms(f.From), ms(f.To))
	if f.Kind != "" {
		if !choiceOf(praxis.EventKinds, f.Kind) {
			return praxis.Errorf(praxis.EINVALID, "Choose a kind of event among meetup, talk, workshop, clinic and visit.")
		}
		w.add("e.kind = ?", f.Kind)
	}
	return nil
}

// mineWhere keeps the occurrences of events actor hosts and the
// occurrences actor answered going, maybe or waitlisted to.
const mineWhere = `(EXISTS (SELECT 1 FROM event_hosts x WHERE x.event_id = e.id AND x.user_id = $1)
	OR EXISTS (SELECT 1 FROM rsvps x WHERE x.occurrence_id = o.id AND x.user_id = $1 AND x.status IN ('going', 'maybe', 'waitlisted')))`

// Occurrences lists a community's occurrences in a window (from now for
// 60 days by default), cancelled ones included, as actor may see them.
func (db *DB) Occurrences(ctx context.Context, actor *praxis.User, slug string, f praxis.OccurrenceFilter) ([]*praxis.Occurrence, error) {
	var out []*praxis.Occurrence
	err := db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		w := viewerWhere(actor)
		w.add("o.community_id = ?", c.ID)
		if err := occurrenceWindow(w, &f, tx.now); err != nil {
			return err
		}
		if f.Mine {
			if actor == nil {
				return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see your events.")
			}
			w.add(mineWhere)
		}
		occs, events, err := tx.occurrenceList(ctx, actor, w, "o.starts_at, o.id", f.Limit)
		if err != nil {
			return err
		}
		if err := tx.fillEvents(ctx, events, false); err != nil {
			return err
		}
		out = occs
		return tx.fillOccurrences(ctx, actor, occs)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MyOccurrences lists, across communities, the occurrences of events
// actor hosts and those actor answered going, maybe or waitlisted to,
// among those actor may still see.
func (db *DB) MyOccurrences(ctx context.Context, actor *praxis.User, f praxis.OccurrenceFilter) ([]*praxis.Occurrence, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see your events.")
	}
	var out []*praxis.Occurrence
	err := db.view(ctx, func(tx *Tx) error {
		w := viewerWhere(actor)
		if err := occurrenceWindow(w, &f, tx.now); err != nil {
			return err
		}
		w.add(mineWhere)
		occs, events, err := tx.occurrenceList(ctx, actor, w, "o.starts_at, o.id", f.Limit)
		if err != nil {
			return err
		}
		if err := tx.fillEvents(ctx, events, false); err != nil {
			return err
		}
		out = occs
		return tx.fillOccurrences(ctx, actor, occs)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// othersShown is how many of a series' next occurrences an event page shows.
const othersShown = 5

// EventPage returns one occurrence with its event as actor sees it: hosts
// see everyone's answers; those who may attend see the online link.
func (db *DB) EventPage(ctx context.Context, actor *praxis.User, occurrenceID int64) (*praxis.EventPage, error) {
	var page *praxis.EventPage
	err := db.view(ctx, func(tx *Tx) error {
		o, s, err := tx.visibleOccurrence(ctx, actor, occurrenceID)
		if err != nil {
			return err
		}
		e := s.e
		page = &praxis.EventPage{Occurrence: o, Event: e, Community: s.c, Perm: s.acc.perm, CanHost: s.acc.canHost(),
			CanRSVP: s.acc.canAttend(e.Visibility) && !o.Cancelled && !e.Cancelled && o.StartsAt.After(tx.now),
			RSVPs:   []*praxis.RSVP{}, Others: []*praxis.Occurrence{}}
		if err := tx.fillEvents(ctx, []*praxis.Event{e}, true); err != nil {
			return err
		}
		w := viewerWhere(actor)
		w.add("o.event_id = ? AND o.id <> ? AND o.starts_at > ? AND NOT o.cancelled", e.ID, o.ID, ms(tx.now))
		others, _, err := tx.occurrenceList(ctx, actor, w, "o.starts_at, o.id", othersShown)
		if err != nil {
			return err
		}
		for _, x := range others {
			x.Event = nil
		}
		page.Others = others
		if err := tx.fillOccurrences(ctx, actor, append([]*praxis.Occurrence{o}, others...)); err != nil {
			return err
		}
		var notes, links string
		if err := tx.QueryRowContext(ctx, `SELECT harvest_notes, harvest_links FROM event_occurrences WHERE id = $1`, o.ID).Scan(&notes, &links); err != nil {
			return err
		}
		if o.HarvestedAt != nil || notes != "" || links != "" {
			page.Harvest = &praxis.Harvest{Notes: notes, Links: splitLinks(links)}
		}
		if actor != nil && o.MyRSVP == praxis.RSVPWaitlisted {
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM rsvps w JOIN rsvps me ON me.occurrence_id = w.occurrence_id AND me.user_id = $2
				WHERE w.occurrence_id = $1 AND w.status = 'waitlisted' AND w.waitlisted_at <= me.waitlisted_at`, o.ID, actor.ID).Scan(&page.WaitlistPosition); err != nil {
				return err
			}
		}
		if page.CanHost {
			if page.RSVPs, err = tx.rsvps(ctx, o.ID); err != nil {
				return err
			}
			if err := tx.fillInvitees(ctx, s); err != nil {
				return err
			}
		}
		s.redact()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// rsvps lists everyone's answers to an occurrence: going, then waitlisted
// in the order they asked, maybe, not going.
func (tx *Tx) rsvps(ctx context.Context, occurrenceID int64) ([]*praxis.RSVP, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.status, r.note, r.attended, r.updated_at, u.id, u.handle, u.display_name, u.organization
		FROM rsvps r JOIN users u ON u.id = r.user_id WHERE r.occurrence_id = $1
		ORDER BY CASE r.status WHEN 'going' THEN 0 WHEN 'waitlisted' THEN 1 WHEN 'maybe' THEN 2 ELSE 3 END,
			COALESCE(r.waitlisted_at, 0), lower(u.display_name), u.id`, occurrenceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*praxis.RSVP{}
	for rows.Next() {
		r := &praxis.RSVP{}
		var updated int64
		if err := rows.Scan(&r.Status, &r.Note, &r.Attended, &updated, &r.Person.ID, &r.Person.Handle, &r.Person.Name, &r.Person.Organization); err != nil {
			return nil, err
		}
		r.UpdatedAt = fromMS(updated)
		out = append(out, r)
	}
	return out, rows.Err()
}

func splitLinks(s string) []string {
	out := []string{}
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
