package sqlstore

import (
	"context"

	"praxis"
)

// SetCadence sets the community's intended rhythm of events
// (coordinators): one event, of a kind or any, every so many days; zero
// days clears it.
func (db *DB) SetCadence(ctx context.Context, actor *praxis.User, slug string, cd praxis.Cadence) error {
	if err := cd.Validate(); err != nil {
		return err
	}
	if cd.EveryDays == 0 {
		cd.Kind = ""
	}
	return db.update(ctx, func(tx *Tx) error {
		c, _, err := tx.editable(ctx, actor, slug, canEditCharter)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE communities SET cadence_days = $1, cadence_kind = $2, updated_at = $3 WHERE id = $4`,
			cd.EveryDays, cd.Kind, ms(tx.now), c.ID); err != nil {
			return err
		}
		summary := "Rhythm: " + praxis.CadenceLabel(cd.EveryDays, cd.Kind)
		if cd.EveryDays == 0 {
			summary = "Rhythm: none"
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbCharterEdited, "community", c.ID, summary)
	})
}

// Rhythm compares the events held with the community's cadence over the
// last months (6 by default, at most 24): periods of the cadence's length,
// the last one ending at the end of today (UTC), each with the number of
// occurrences (of the cadence's kind, if set) that started in it and were
// not cancelled. The current period is still running, so a missed beat is
// an empty period before it. Only events actor may see are counted. Next
// is the next such occurrence actor may see. Without a cadence there are
// no periods.
func (db *DB) Rhythm(ctx context.Context, actor *praxis.User, slug string, months int) (*praxis.Rhythm, error) {
	var out *praxis.Rhythm
	err := db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		out, err = tx.rhythm(ctx, actor, c, months, true)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// rhythm is Rhythm for a community actor may see. Without details the
// next occurrence comes without its event's hosts and speakers and its
// answers: the community page shows only its title and time, and on
// PostgreSQL they cost three or four round trips.
func (tx *Tx) rhythm(ctx context.Context, actor *praxis.User, c *praxis.Community, months int, details bool) (*praxis.Rhythm, error) {
	if months <= 0 {
		months = 6
	} else if months > 24 {
		months = 24
	}
	out := &praxis.Rhythm{Cadence: c.Cadence(), Periods: []praxis.RhythmPeriod{}}
	w := viewerWhere(actor)
	w.add("o.community_id = ? AND NOT o.cancelled AND o.starts_at > ?", c.ID, ms(tx.now))
	if c.CadenceKind != "" {
		w.add("e.kind = ?", c.CadenceKind)
	}
	next, events, err := tx.occurrenceList(ctx, actor, w, "o.starts_at, o.id", 1)
	if err != nil {
		return nil, err
	}
	if len(next) > 0 {
		if details {
			if err := tx.fillEvents(ctx, events, false); err != nil {
				return nil, err
			}
			if err := tx.fillOccurrences(ctx, actor, next); err != nil {
				return nil, err
			}
		}
		out.Next = next[0]
	}
	if c.CadenceDays == 0 {
		return out, nil
	}
	period := int64(c.CadenceDays) * dayMS
	end := (ms(tx.now)/dayMS + 1) * dayMS
	n := int64(months*30+c.CadenceDays-1) / int64(c.CadenceDays)
	first := end - n*period
	for i := int64(0); i < n; i++ {
		out.Periods = append(out.Periods, praxis.RhythmPeriod{Start: fromMS(first + i*period)})
	}
	w = viewerWhere(actor)
	w.add("o.community_id = ? AND NOT o.cancelled AND o.starts_at >= ? AND o.starts_at <= ?", c.ID, first, ms(tx.now))
	if c.CadenceKind != "" {
		w.add("e.kind = ?", c.CadenceKind)
	}
	rows, err := tx.QueryContext(ctx, `SELECT (o.starts_at - `+w.next(first)+`) / `+w.next(period)+`, count(*)
		FROM event_occurrences o JOIN events e ON e.id = o.event_id JOIN communities c ON c.id = o.community_id`+viewerJoin+`
		WHERE `+visibleWhere+` AND `+eventVisibleWhere+` AND `+w.sql()+` GROUP BY 1`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var i int64
		var held int
		if err := rows.Scan(&i, &held); err != nil {
			return nil, err
		}
		if i >= 0 && i < n {
			out.Periods[i].Held = held
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out.MissedBeat = n >= 2 && out.Periods[n-2].Held == 0
	return out, nil
}
