package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"praxis"
)

// lockOccurrence makes the transaction the only one answering an
// occurrence until it ends, so that two answers cannot both take its last
// place. PostgreSQL locks the row; SQLite has one writer anyway.
func (tx *Tx) lockOccurrence(ctx context.Context, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE event_occurrences SET cancelled = cancelled WHERE id = $1`, id)
	return err
}

func (tx *Tx) goingCount(ctx context.Context, occurrenceID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM rsvps WHERE occurrence_id = $1 AND status = 'going'`, occurrenceID).Scan(&n)
	return n, err
}

// Respond answers going, maybe or not going to an occurrence, with a note.
// Going when the occurrence is full (as many going as its capacity) puts
// actor on the waitlist; leaving "going" gives the place to the first on
// the waitlist, who is told. All of it happens in one transaction.
func (db *DB) Respond(ctx context.Context, actor *praxis.User, occurrenceID int64, status, note string) (*praxis.RSVP, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to answer.")
	}
	note = strings.TrimSpace(note)
	var v praxis.Validation
	if status != praxis.RSVPGoing && status != praxis.RSVPMaybe && status != praxis.RSVPNotGoing {
		v.Add("status", "Answer going, maybe or not going.")
	}
	if utf8.RuneCountInString(note) > praxis.MaxRSVPNoteLen {
		v.Add("note", "The note is too long: at most 500 characters.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *praxis.RSVP
	err := db.update(ctx, func(tx *Tx) error {
		// Locked first, so that what follows reads the occurrence as it is.
		if err := tx.lockOccurrence(ctx, occurrenceID); err != nil {
			return err
		}
		o, s, err := tx.visibleOccurrence(ctx, actor, occurrenceID)
		if err != nil {
			return err
		}
		e := s.e
		if !s.acc.canAttend(e.Visibility) {
			if !s.acc.signedIn {
				return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to answer.")
			}
			return praxis.Errorf(praxis.EFORBIDDEN, "Join %s to answer its events.", s.c.Name)
		}
		if o.Cancelled || e.Cancelled {
			return praxis.Errorf(praxis.EINVALID, "This event is cancelled: there is nothing to answer.")
		}
		if !o.StartsAt.After(tx.now) {
			if o.EndsAt.After(tx.now) {
				return praxis.Errorf(praxis.EINVALID, "This event has already started: answers are closed.")
			}
			return praxis.Errorf(praxis.EINVALID, "This event has already taken place: answers are closed.")
		}
		var old string
		var waitlistedAt sql.NullInt64
		err = tx.QueryRowContext(ctx, `SELECT status, waitlisted_at FROM rsvps WHERE occurrence_id = $1 AND user_id = $2`, o.ID, actor.ID).
			Scan(&old, &waitlistedAt)
		if err != nil && !isNoRows(err) {
			return err
		}
		newStatus := status
		switch {
		case status != praxis.RSVPGoing:
			waitlistedAt = sql.NullInt64{}
		case old == praxis.RSVPGoing:
		case old == praxis.RSVPWaitlisted:
			newStatus = praxis.RSVPWaitlisted
		default:
			going, err := tx.goingCount(ctx, o.ID)
			if err != nil {
				return err
			}
			if e.Capacity > 0 && going >= e.Capacity {
				newStatus = praxis.RSVPWaitlisted
				waitlistedAt = sql.NullInt64{Int64: ms(tx.now), Valid: true}
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rsvps (occurrence_id, user_id, status, note, waitlisted_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6)
			ON CONFLICT (occurrence_id, user_id) DO UPDATE SET status = excluded.status, note = excluded.note,
				waitlisted_at = excluded.waitlisted_at, updated_at = excluded.updated_at`,
			o.ID, actor.ID, newStatus, note, waitlistedAt, ms(tx.now)); err != nil {
			return err
		}
		if old == praxis.RSVPGoing && newStatus != praxis.RSVPGoing {
			if err := tx.promote(ctx, e, s.c, o.ID); err != nil {
				return err
			}
		}
		if status == praxis.RSVPGoing && old != praxis.RSVPGoing && old != praxis.RSVPWaitlisted {
			if err := tx.logActivity(ctx, s.c.ID, actor.ID, praxis.VerbRSVPed, "occurrence", o.ID, activitySummary(e)); err != nil {
				return err
			}
		}
		out = &praxis.RSVP{Person: praxis.PersonRef{ID: actor.ID, Handle: actor.Handle, Name: actor.Name(), Organization: actor.Organization},
			Status: newStatus, Note: note, UpdatedAt: tx.now}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// promote gives the free places of an occurrence to the waitlist, first
// come first served, and tells those promoted.
func (tx *Tx) promote(ctx context.Context, e *praxis.Event, c *praxis.Community, occurrenceID int64) error {
	if err := tx.lockOccurrence(ctx, occurrenceID); err != nil {
		return err
	}
	free := praxis.MaxEventCapacity
	if e.Capacity > 0 {
		going, err := tx.goingCount(ctx, occurrenceID)
		if err != nil {
			return err
		}
		if free = e.Capacity - going; free <= 0 {
			return nil
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT user_id FROM rsvps WHERE occurrence_id = $1 AND status = 'waitlisted'
		ORDER BY waitlisted_at, user_id LIMIT $2`, occurrenceID, free)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return err
	}
	args := []any{ms(tx.now), occurrenceID}
	if _, err := tx.ExecContext(ctx, `UPDATE rsvps SET status = 'going', waitlisted_at = NULL, updated_at = $1
		WHERE occurrence_id = $2 AND user_id IN (`+inList(&args, ids)+`)`, args...); err != nil {
		return err
	}
	// Who gave up the place is not said: the notification has no actor.
	return tx.notifyEvent(ctx, e, c, occurrenceID, 0, praxis.NotifyPromoted, ids)
}

// promoteAll promotes the waitlists of an event's future occurrences, after
// its capacity grew.
func (tx *Tx) promoteAll(ctx context.Context, e *praxis.Event, c *praxis.Community) error {
	occs, err := tx.occurrencesWhere(ctx, `o.event_id = $1 AND o.starts_at > $2 AND NOT o.cancelled
		AND EXISTS (SELECT 1 FROM rsvps r WHERE r.occurrence_id = o.id AND r.status = 'waitlisted')`, e.ID, ms(tx.now))
	if err != nil {
		return err
	}
	for _, o := range occs {
		if err := tx.promote(ctx, e, c, o.ID); err != nil {
			return err
		}
	}
	return nil
}

// logActivityAt appends an entry at a given time, in the transaction of
// the change it records: attendance counts when the event took place.
func (tx *Tx) logActivityAt(ctx context.Context, at time.Time, communityID, actorID int64, verb, objectType string, objectID int64, summary string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO activity (community_id, actor_id, verb, object_type, object_id, summary, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		nullID(communityID), nullID(actorID), verb, objectType, objectID, summary, ms(at))
	return err
}

// MarkAttendance records who attended an occurrence, once it has started:
// people who answered it, or members of the community. Each new
// attendance is an activity of the attendee at the occurrence's start, so
// that participation counts it when it happened. Marking someone twice is
// harmless.
func (db *DB) MarkAttendance(ctx context.Context, actor *praxis.User, occurrenceID int64, handles []string) error {
	var names []string
	seen := map[string]bool{}
	for _, h := range handles {
		h = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
		if h != "" && !seen[h] {
			seen[h] = true
			names = append(names, h)
		}
	}
	if len(names) > praxis.MaxEventCapacity {
		return praxis.Errorf(praxis.EINVALID, "Mark at most %d people at once.", praxis.MaxEventCapacity)
	}
	return db.update(ctx, func(tx *Tx) error {
		o, s, err := tx.hostableOccurrence(ctx, actor, occurrenceID)
		if err != nil {
			return err
		}
		if o.Cancelled {
			return praxis.Errorf(praxis.EINVALID, "This occurrence was cancelled: no one attended it.")
		}
		if o.StartsAt.After(tx.now) {
			return praxis.Errorf(praxis.EINVALID, "Attendance is marked once the event has started.")
		}
		if len(names) == 0 {
			msg := "Name the people who attended."
			return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"handles": msg}}
		}
		args := []any{o.ID, s.c.ID}
		list := inList(&args, names)
		rows, err := tx.QueryContext(ctx, `SELECT u.handle, u.id, COALESCE(r.status, ''), r.attended, COALESCE(m.state, '')
			FROM users u LEFT JOIN rsvps r ON r.occurrence_id = $1 AND r.user_id = u.id
			LEFT JOIN memberships m ON m.community_id = $2 AND m.user_id = u.id
			WHERE u.handle IN (`+list+`)`, args...)
		if err != nil {
			return err
		}
		type person struct {
			id       int64
			answered bool
			attended bool
			member   bool
		}
		found := map[string]person{}
		for rows.Next() {
			var h, status, state string
			var attended sql.NullBool
			var p person
			if err := rows.Scan(&h, &p.id, &status, &attended, &state); err != nil {
				rows.Close()
				return err
			}
			p.answered, p.attended, p.member = status != "", attended.Bool, state == praxis.StateActive
			found[h] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, h := range names {
			p, ok := found[h]
			if !ok || (!p.answered && !p.member) {
				msg := "@" + h + " neither answered this event nor is a member of " + s.c.Name + "."
				return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"handles": msg}}
			}
		}
		for _, h := range names {
			p := found[h]
			if p.attended {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO rsvps (occurrence_id, user_id, status, attended, created_at, updated_at)
				VALUES ($1, $2, 'going', $3, $4, $4)
				ON CONFLICT (occurrence_id, user_id) DO UPDATE SET attended = excluded.attended, updated_at = excluded.updated_at`,
				o.ID, p.id, true, ms(tx.now)); err != nil {
				return err
			}
			if err := tx.logActivityAt(ctx, o.StartsAt, s.c.ID, p.id, praxis.VerbAttended, "occurrence", o.ID, activitySummary(s.e)); err != nil {
				return err
			}
		}
		return nil
	})
}

// notifyEvent writes one notification about an occurrence per recipient
// who may see its event at that moment, except the actor: an event's
// visibility holds in notifications too. Placeholder accounts are skipped.
func (tx *Tx) notifyEvent(ctx context.Context, e *praxis.Event, c *praxis.Community, occurrenceID, actorID int64, kind string, userIDs []int64) error {
	var ids []int64
	for _, id := range userIDs {
		if id != actorID {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	args := []any{c.ID, e.ID}
	rows, err := tx.QueryContext(ctx, `SELECT u.id, u.role, u.suspended, COALESCE(m.role, ''), COALESCE(m.state, ''),
			EXISTS (SELECT 1 FROM event_hosts x WHERE x.event_id = $2 AND x.user_id = u.id),
			EXISTS (SELECT 1 FROM event_invitees x WHERE x.event_id = $2 AND x.user_id = u.id)
		FROM users u LEFT JOIN memberships m ON m.user_id = u.id AND m.community_id = $1
		WHERE u.id IN (`+inList(&args, ids)+`) AND u.password_hash IS NOT NULL ORDER BY u.id`, args...)
	if err != nil {
		return err
	}
	var allowed []int64
	for rows.Next() {
		var u praxis.User
		var role, state string
		var host, invitee bool
		if err := rows.Scan(&u.ID, &u.Role, &u.Suspended, &role, &state, &host, &invitee); err != nil {
			rows.Close()
			return err
		}
		if accessOf(&u, c, role, state, host, invitee).canSee(e.Visibility) {
			allowed = append(allowed, u.ID)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range allowed {
		if err := tx.insertEventNotification(ctx, id, kind, actorID, c.ID, occurrenceID); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) insertEventNotification(ctx context.Context, userID int64, kind string, actorID, communityID, occurrenceID int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, actor_id, community_id, occurrence_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, userID, kind, nullID(actorID), communityID, occurrenceID, ms(tx.now))
	return err
}

// SendReminders is the periodic job of events. It tells each person going
// to an occurrence that starts within lead (DefaultReminderLead when 0),
// once, if they may still see the event, and returns how many it told;
// event_reminders remembers who was told, so that several instances may
// run it at once. It also writes the occurrences of series that the moving
// horizon has reached.
func (db *DB) SendReminders(ctx context.Context, lead time.Duration) (int, error) {
	if lead <= 0 {
		lead = praxis.DefaultReminderLead
	}
	sent := 0
	err := db.update(ctx, func(tx *Tx) error {
		sent = 0
		if _, err := tx.extendSeries(ctx); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT o.id, e.id, e.visibility, c.id, c.visibility, c.join_policy,
				u.id, u.role, u.suspended, COALESCE(m.role, ''), COALESCE(m.state, ''),
				EXISTS (SELECT 1 FROM event_hosts x WHERE x.event_id = e.id AND x.user_id = u.id),
				EXISTS (SELECT 1 FROM event_invitees x WHERE x.event_id = e.id AND x.user_id = u.id)
			FROM event_occurrences o JOIN events e ON e.id = o.event_id JOIN communities c ON c.id = o.community_id
			JOIN rsvps r ON r.occurrence_id = o.id AND r.status = 'going'
			JOIN users u ON u.id = r.user_id
			LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = u.id
			WHERE o.starts_at > $1 AND o.starts_at <= $2 AND NOT o.cancelled AND NOT e.cancelled AND u.password_hash IS NOT NULL
				AND NOT EXISTS (SELECT 1 FROM event_reminders x WHERE x.occurrence_id = o.id AND x.user_id = u.id)
			ORDER BY o.starts_at, o.id, u.id`, ms(tx.now), ms(tx.now.Add(lead)))
		if err != nil {
			return err
		}
		type due struct{ occurrenceID, communityID, userID int64 }
		var todo []due
		for rows.Next() {
			var d due
			var eventID int64
			var eventVisibility, role, state string
			var c praxis.Community
			var u praxis.User
			var host, invitee bool
			if err := rows.Scan(&d.occurrenceID, &eventID, &eventVisibility, &d.communityID, &c.Visibility, &c.JoinPolicy,
				&u.ID, &u.Role, &u.Suspended, &role, &state, &host, &invitee); err != nil {
				rows.Close()
				return err
			}
			if accessOf(&u, &c, role, state, host, invitee).canSee(eventVisibility) {
				d.userID = u.ID
				todo = append(todo, d)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range todo {
			res, err := tx.ExecContext(ctx, `INSERT INTO event_reminders (occurrence_id, user_id, sent_at) VALUES ($1, $2, $3)
				ON CONFLICT (occurrence_id, user_id) DO NOTHING`, d.occurrenceID, d.userID, ms(tx.now))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue // another instance told them
			}
			if err := tx.insertEventNotification(ctx, d.userID, praxis.NotifyReminder, 0, d.communityID, d.occurrenceID); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return sent, nil
}
