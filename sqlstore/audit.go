package sqlstore

import (
	"context"

	"praxis"
)

// auditEntry is one security event about to be written.
type auditEntry struct {
	event       string
	actorID     int64 // 0 when nobody is known (a failed sign-in)
	subjectID   int64 // the account the event is about
	communityID int64
	ip          string // "" takes the address the request's context carries
	detail      string
}

// audit appends a security event, in the transaction of the event itself.
func (tx *Tx) audit(ctx context.Context, e auditEntry) error {
	if e.ip == "" {
		e.ip = praxis.ClientIPFromContext(ctx)
	}
	if len(e.ip) > 64 {
		e.ip = e.ip[:64]
	}
	if len(e.detail) > 300 {
		e.detail = e.detail[:300]
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (event, actor_id, subject_id, community_id, ip, detail, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		e.event, nullID(e.actorID), nullID(e.subjectID), nullID(e.communityID), e.ip, e.detail, ms(tx.now))
	return err
}

// AuditLog lists security events to administrators, newest first.
func (db *DB) AuditLog(ctx context.Context, actor *praxis.User, f praxis.AuditFilter) (*praxis.AuditPage, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	} else if f.Limit > praxis.MaxPageSize {
		f.Limit = praxis.MaxPageSize
	}
	if f.Before < 0 {
		return nil, praxis.Errorf(praxis.EINVALID, "The page position is not valid; start from the first page.")
	}
	out := &praxis.AuditPage{Events: []*praxis.AuditEvent{}}
	err := db.view(ctx, func(tx *Tx) error {
		var w where
		if f.Before > 0 {
			w.add("a.id < ?", f.Before)
		}
		rows, err := tx.QueryContext(ctx, `SELECT a.id, a.event, COALESCE(ua.handle, ''), COALESCE(us.handle, ''), COALESCE(c.slug, ''),
				a.ip, a.detail, a.created_at
			FROM audit_log a
			LEFT JOIN users ua ON ua.id = a.actor_id
			LEFT JOIN users us ON us.id = a.subject_id
			LEFT JOIN communities c ON c.id = a.community_id
			WHERE `+w.sql()+`
			ORDER BY a.id DESC LIMIT `+w.next(f.Limit+1), w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := &praxis.AuditEvent{}
			var created int64
			if err := rows.Scan(&e.ID, &e.Event, &e.Actor, &e.Subject, &e.Community, &e.IP, &e.Detail, &created); err != nil {
				return err
			}
			e.CreatedAt = fromMS(created)
			out.Events = append(out.Events, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	if len(out.Events) > f.Limit {
		out.Events = out.Events[:f.Limit]
		out.Next = out.Events[f.Limit-1].ID
	}
	return out, nil
}
