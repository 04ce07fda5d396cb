package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"praxis"
)

// logActivity appends one entry, in the transaction of the change it records.
func (tx *Tx) logActivity(ctx context.Context, communityID, actorID int64, verb, objectType string, objectID int64, summary string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO activity (community_id, actor_id, verb, object_type, object_id, summary, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		nullID(communityID), nullID(actorID), verb, objectType, objectID, summary, ms(tx.now))
	return err
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// AppendActivity writes historical entries with their own times, for
// importers and the demo.
func (db *DB) AppendActivity(ctx context.Context, entries []praxis.Activity) error {
	return db.update(ctx, func(tx *Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO activity (community_id, actor_id, verb, object_type, object_id, summary, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, e := range entries {
			at := e.CreatedAt
			if at.IsZero() {
				at = tx.now
			}
			if _, err := stmt.ExecContext(ctx, nullID(e.CommunityID), nullID(e.ActorID), e.Verb, e.ObjectType, e.ObjectID, e.Summary, ms(at)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Activity lists a community's latest activity, newest first.
func (db *DB) Activity(ctx context.Context, actor *praxis.User, slug string, limit int) ([]*praxis.Activity, error) {
	var out []*praxis.Activity
	err := db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		out, err = tx.activity(ctx, actor, c.ID, limit)
		return err
	})
	return out, err
}

// activity lists the latest activity of a community that actor may see:
// 50 entries unless limit says otherwise, at most 200.
func (tx *Tx) activity(ctx context.Context, actor *praxis.User, communityID int64, limit int) ([]*praxis.Activity, error) {
	if limit <= 0 {
		limit = 50
	} else if limit > 200 {
		limit = 200
	}
	// An entry names what it is about (a summary with its title), so an
	// entry about an article, thread or post that still exists is shown
	// only while that is visible here: an article the viewer may see
	// (not someone's draft), a thread or post not deleted, hidden or
	// moved to another community.
	id, signedIn, admin := viewerArgs(actor)
	rows, err := tx.QueryContext(ctx, `SELECT e.id, e.verb, e.object_type, e.object_id, e.summary, e.created_at,
			COALESCE(u.handle, ''), COALESCE(u.display_name, '')
		FROM activity e LEFT JOIN users u ON u.id = e.actor_id
		LEFT JOIN memberships m ON m.community_id = e.community_id AND m.user_id = $1
		LEFT JOIN articles a ON e.object_type = 'article' AND a.id = e.object_id
		LEFT JOIN threads th ON e.object_type = 'thread' AND th.id = e.object_id
		LEFT JOIN posts p ON e.object_type = 'post' AND p.id = e.object_id
		LEFT JOIN threads pt ON pt.id = p.thread_id
		WHERE e.community_id = $4
			AND (e.object_type <> 'article' OR a.id IS NULL OR (a.community_id = e.community_id AND `+articleVisibleWhere+`))
			AND (e.object_type <> 'thread' OR th.id IS NULL OR (th.community_id = e.community_id AND th.status <> 'deleted'))
			AND (e.object_type <> 'post' OR p.id IS NULL OR (pt.community_id = e.community_id AND pt.status <> 'deleted'
				AND p.deleted_at IS NULL AND p.hidden_at IS NULL))
		ORDER BY e.created_at DESC, e.id DESC LIMIT `+sqlLimit(limit), id, signedIn, admin, communityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*praxis.Activity
	for rows.Next() {
		a := &praxis.Activity{CommunityID: communityID}
		var at int64
		if err := rows.Scan(&a.ID, &a.Verb, &a.ObjectType, &a.ObjectID, &a.Summary, &at, &a.ActorHandle, &a.ActorName); err != nil {
			return nil, err
		}
		a.CreatedAt = fromMS(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

const dayMS = int64(24 * time.Hour / time.Millisecond)

// DailyActivity counts a community's actions per UTC day over the last
// days, oldest first, with zero for quiet days.
func (db *DB) DailyActivity(ctx context.Context, actor *praxis.User, slug string, days int) ([]praxis.DayCount, error) {
	var out []praxis.DayCount
	err := db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		out, err = tx.dailyActivity(ctx, c.ID, days)
		return err
	})
	return out, err
}

// dailyActivity counts a community's actions per UTC day over the last
// days (90 unless days is 1 to 730).
func (tx *Tx) dailyActivity(ctx context.Context, communityID int64, days int) ([]praxis.DayCount, error) {
	if days <= 0 || days > 730 {
		days = 90
	}
	today := ms(tx.now) / dayMS
	first := today - int64(days) + 1
	counts := map[int64]int{}
	// activity_days holds each day's count, kept as entries are
	// written (migration 00008): at most one row a day to read.
	rows, err := tx.QueryContext(ctx, `SELECT day, entries FROM activity_days WHERE community_id = $1 AND day >= $2`, communityID, first)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d int64
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return nil, err
		}
		counts[d] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]praxis.DayCount, 0, days)
	for d := first; d <= today; d++ {
		out = append(out, praxis.DayCount{Day: fromMS(d * dayMS), Count: counts[d]})
	}
	return out, nil
}
