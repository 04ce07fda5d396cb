package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"praxis"
)

// Visit requests: "can we come and see your program?" Anyone signed in who
// may see a community asks it for a visit or a clinic; its coordinators
// accept by scheduling the visit as an event of the community, or decline
// with a note.

// maxVisitTextLen bounds each text of a visit request and its answer.
const maxVisitTextLen = 2000

const visitColumns = `v.id, v.what, v.why, v.proposed_dates, v.status, v.answer, COALESCE(v.event_id, 0), v.created_at, c.slug,
	COALESCE(u.id, 0), COALESCE(u.handle, ''), COALESCE(u.display_name, ''), COALESCE(u.organization, '')`

const visitFrom = ` FROM visit_requests v JOIN communities c ON c.id = v.community_id LEFT JOIN users u ON u.id = v.from_user`

func scanVisit(s scanner) (*praxis.VisitRequest, error) {
	r := &praxis.VisitRequest{}
	var created int64
	if err := s.Scan(&r.ID, &r.What, &r.Why, &r.ProposedDates, &r.Status, &r.Answer, &r.EventID, &created, &r.CommunitySlug,
		&r.From.ID, &r.From.Handle, &r.From.Name, &r.From.Organization); err != nil {
		return nil, err
	}
	r.CreatedAt = fromMS(created)
	return r, nil
}

// RequestVisit asks a community for a visit or a clinic.
func (db *DB) RequestVisit(ctx context.Context, actor *praxis.User, slug string, r praxis.VisitRequest) (*praxis.VisitRequest, error) {
	if actor == nil || actor.Suspended {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to ask for a visit.")
	}
	what, why, dates := strings.TrimSpace(r.What), strings.TrimSpace(r.Why), strings.TrimSpace(r.ProposedDates)
	var v praxis.Validation
	praxis.ValidateText(&v, "what", "What you would like to see", what, maxVisitTextLen, true)
	praxis.ValidateText(&v, "why", "Why", why, maxVisitTextLen, false)
	praxis.ValidateText(&v, "proposed_dates", "The proposed dates", dates, maxVisitTextLen, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *praxis.VisitRequest
	err := db.update(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO visit_requests (community_id, from_user, what, why, proposed_dates, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, c.ID, actor.ID, what, why, dates, praxis.VisitRequested, ms(tx.now)).Scan(&id); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbVisitRequested, "visit_request", id, ""); err != nil {
			return err
		}
		out, err = scanVisit(tx.QueryRowContext(ctx, `SELECT `+visitColumns+visitFrom+` WHERE v.id = $1`, id))
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// VisitRequests lists the requests made to a community, for its
// coordinators, or (slug empty) those actor made to the communities actor
// may still see, newest first.
func (db *DB) VisitRequests(ctx context.Context, actor *praxis.User, slug string) ([]*praxis.VisitRequest, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see visit requests.")
	}
	out := []*praxis.VisitRequest{}
	err := db.view(ctx, func(tx *Tx) error {
		w := viewerWhere(actor)
		if slug != "" {
			c, _, p, err := tx.visibleCommunity(ctx, actor, slug)
			if err != nil {
				return err
			}
			if !p.Moderate {
				return praxis.Errorf(praxis.EFORBIDDEN, "Only the coordinators of %s see the visits asked of it.", c.Name)
			}
			w.add("v.community_id = ?", c.ID)
		} else {
			w.add("v.from_user = $1")
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+visitColumns+visitFrom+`
			LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = $1
			WHERE `+visibleWhere+` AND `+w.sql()+` ORDER BY v.created_at DESC, v.id DESC LIMIT 200`, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanVisit(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AnswerVisit accepts a request with the event that schedules it (a visit
// or a clinic of the community) or declines it, with a note either way
// (coordinators). On acceptance the requester is invited to the event and
// told, about its next occurrence; the event must then be visible to
// them. A decline is not notified: the requester sees it in their list.
func (db *DB) AnswerVisit(ctx context.Context, actor *praxis.User, requestID int64, accept bool, note string, eventID int64) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	note = strings.TrimSpace(note)
	var v praxis.Validation
	praxis.ValidateText(&v, "answer", "The note", note, maxVisitTextLen, false)
	if err := v.Err(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var slug, status string
		var from sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT c.slug, v.status, v.from_user FROM visit_requests v JOIN communities c ON c.id = v.community_id
			WHERE v.id = $1`, requestID).Scan(&slug, &status, &from)
		if isNoRows(err) {
			return notFound("There is no such visit request.")
		} else if err != nil {
			return err
		}
		c, _, p, err := tx.visibleCommunity(ctx, actor, slug)
		if praxis.ErrorCode(err) == praxis.ENOTFOUND {
			return notFound("There is no such visit request.")
		} else if err != nil {
			return err
		}
		if !p.Moderate {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only the coordinators of %s answer the visits asked of it.", c.Name)
		}
		if status != praxis.VisitRequested {
			return praxis.Errorf(praxis.EINVALID, "This request has been answered already.")
		}
		if !accept {
			_, err := tx.ExecContext(ctx, `UPDATE visit_requests SET status = $1, answer = $2, answered_by = $3, answered_at = $4 WHERE id = $5`,
				praxis.VisitDeclined, note, actor.ID, ms(tx.now), requestID)
			return err
		}
		badEvent := func(msg string) error {
			return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"event_id": msg}}
		}
		e, err := tx.loadEvent(ctx, eventID)
		if praxis.ErrorCode(err) == praxis.ENOTFOUND || (err == nil && e.CommunityID != c.ID) {
			return badEvent("Choose an event of " + c.Name + " to schedule the visit.")
		} else if err != nil {
			return err
		}
		if e.Kind != praxis.EventVisit && e.Kind != praxis.EventClinic {
			return badEvent("Schedule the visit as an event of the kind visit or clinic.")
		}
		if e.Cancelled {
			return badEvent("This event is cancelled; schedule another one.")
		}
		if from.Valid {
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_invitees (event_id, user_id) VALUES ($1, $2)
				ON CONFLICT (event_id, user_id) DO NOTHING`, e.ID, from.Int64); err != nil {
				return err
			}
			requester, err := tx.userBy(ctx, "u.id = $1", from.Int64)
			if err != nil {
				return err
			}
			s, err := tx.scopeOf(ctx, requester, e)
			if err != nil {
				return err
			}
			if !s.acc.canSee(e.Visibility) {
				return badEvent("@" + requester.Handle + " could not see this event: make it public or invitation-only.")
			}
			if err := tx.notifyInvited(ctx, e, c, actor.ID, []int64{from.Int64}); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE visit_requests SET status = $1, answer = $2, event_id = $3, answered_by = $4, answered_at = $5
			WHERE id = $6`, praxis.VisitAccepted, note, e.ID, actor.ID, ms(tx.now), requestID)
		return err
	})
}
