package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"praxis"
)

// calendarTokenPrefix names a calendar feed token.
const calendarTokenPrefix = "cal_"

// calendarWindow is how far back a feed reaches: events with an
// occurrence that ended within it, or later.
const calendarWindow = 365 * 24 * time.Hour

// CalendarToken creates actor's secret calendar feed token and returns it.
// Only its hash is kept, so an existing token cannot be shown again:
// without rotate the answer is "" when actor has one; rotate replaces it,
// and the old feed address stops working.
func (db *DB) CalendarToken(ctx context.Context, actor *praxis.User, rotate bool) (string, error) {
	if actor == nil || actor.Suspended {
		return "", praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to get your calendar feed.")
	}
	var token string
	err := db.update(ctx, func(tx *Tx) error {
		var existing sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT calendar_token_hash FROM users WHERE id = $1`, actor.ID).Scan(&existing)
		if isNoRows(err) {
			return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to get your calendar feed.")
		} else if err != nil {
			return err
		}
		if existing.Valid && !rotate {
			return nil
		}
		token = newSecret(calendarTokenPrefix)
		_, err = tx.ExecContext(ctx, `UPDATE users SET calendar_token_hash = $1 WHERE id = $2`, hashSecret(token), actor.ID)
		return err
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// UserByCalendarToken returns the owner of a calendar feed token; an
// unknown token, or one of a suspended user, is EUNAUTHORIZED.
func (db *DB) UserByCalendarToken(ctx context.Context, token string) (*praxis.User, error) {
	unknown := praxis.Errorf(praxis.EUNAUTHORIZED, "This calendar address is not valid any more; get a new one from your settings.")
	if !strings.HasPrefix(token, calendarTokenPrefix) {
		return nil, unknown
	}
	var u *praxis.User
	err := db.view(ctx, func(tx *Tx) (err error) {
		u, err = tx.userBy(ctx, "u.calendar_token_hash = $1", hashSecret(token))
		return err
	})
	if praxis.ErrorCode(err) == praxis.ENOTFOUND {
		return nil, unknown
	} else if err != nil {
		return nil, err
	}
	if u.Suspended {
		return nil, unknown
	}
	u.PasswordHash = ""
	return u, nil
}

// CalendarEvents returns the events of a feed with their exceptions and
// moved or annotated occurrences, as actor sees them (online links only
// for those who may attend). A community's feed (slug set) holds every
// event of the community that actor may see: for an anonymous reader,
// the public events of a public community. Actor's own feed (slug empty)
// holds, among the events actor may see, those actor hosts or answered
// going, maybe or waitlisted to, and the public events of the communities
// actor is an active member of. Events whose occurrences all ended more
// than a year ago are left out.
func (db *DB) CalendarEvents(ctx context.Context, actor *praxis.User, slug string) ([]*praxis.CalendarEntry, error) {
	if slug == "" && actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to get your calendar feed.")
	}
	var out []*praxis.CalendarEntry
	err := db.view(ctx, func(tx *Tx) error {
		w := viewerWhere(actor)
		if slug != "" {
			c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
			if err != nil {
				return err
			}
			w.add("e.community_id = ?", c.ID)
		} else {
			w.add(`(EXISTS (SELECT 1 FROM event_hosts x WHERE x.event_id = e.id AND x.user_id = $1)
				OR EXISTS (SELECT 1 FROM rsvps x JOIN event_occurrences xo ON xo.id = x.occurrence_id
					WHERE xo.event_id = e.id AND x.user_id = $1 AND x.status IN ('going', 'maybe', 'waitlisted'))
				OR (e.visibility = 'public' AND m.state = 'active'))`)
		}
		w.add("EXISTS (SELECT 1 FROM event_occurrences x WHERE x.event_id = e.id AND x.ends_at >= ?)", ms(tx.now.Add(-calendarWindow)))
		now := w.next(ms(tx.now))
		rows, err := tx.QueryContext(ctx, `SELECT `+eventColumns+`, `+eventViewerColumns+`, COALESCE(
				(SELECT x.id FROM event_occurrences x WHERE x.event_id = e.id AND x.ends_at > `+now+` AND NOT x.cancelled ORDER BY x.starts_at, x.id LIMIT 1),
				(SELECT x.id FROM event_occurrences x WHERE x.event_id = e.id ORDER BY x.starts_at DESC, x.id DESC LIMIT 1), 0)
			`+eventFrom+viewerJoin+` WHERE `+visibleWhere+` AND `+eventVisibleWhere+` AND `+w.sql()+` ORDER BY e.id`, w.args...)
		if err != nil {
			return err
		}
		var events []*praxis.Event
		byID := map[int64]*praxis.CalendarEntry{}
		for rows.Next() {
			var er eventRow
			var vr viewerRow
			var occurrenceID int64
			if err := rows.Scan(concat(er.dest(), vr.dest(), []any{&occurrenceID})...); err != nil {
				rows.Close()
				return err
			}
			e := er.event()
			if !vr.access(actor).seesLink(e.Visibility) {
				e.OnlineURL = ""
			}
			entry := &praxis.CalendarEntry{Event: e, Overrides: []*praxis.Occurrence{},
				URL: (&praxis.Occurrence{ID: occurrenceID}).Path(e.CommunitySlug)}
			events = append(events, e)
			byID[e.ID] = entry
			out = append(out, entry)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(events) == 0 {
			return nil
		}
		if err := tx.fillEvents(ctx, events, true); err != nil {
			return err
		}
		// The moved or annotated occurrences of series, which calendars
		// show with their RECURRENCE-ID.
		var series []int64
		for _, e := range events {
			if e.RRule != "" {
				series = append(series, e.ID)
			}
		}
		if len(series) == 0 {
			return nil
		}
		var args []any
		occs, err := tx.occurrencesWhere(ctx, `o.event_id IN (`+inList(&args, series)+`) AND o.overridden AND NOT o.cancelled`, args...)
		if err != nil {
			return err
		}
		for _, o := range occs {
			entry := byID[o.EventID]
			loc := entry.Event.Start.Location()
			o.OriginalStart, o.StartsAt, o.EndsAt = o.OriginalStart.In(loc), o.StartsAt.In(loc), o.EndsAt.In(loc)
			entry.Overrides = append(entry.Overrides, o)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
