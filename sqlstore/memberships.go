package sqlstore

import (
	"context"
	"database/sql"
	"math"
	"slices"
	"strings"

	"praxis"
)

// Join makes actor a member, records a request, or accepts an invitation,
// as the community's join policy says.
func (db *DB) Join(ctx context.Context, actor *praxis.User, slug, message string) (*praxis.Membership, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to join this community.")
	}
	message = strings.TrimSpace(message)
	var v praxis.Validation
	praxis.ValidateText(&v, "message", "The message", message, 1000, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *praxis.Membership
	err := db.update(ctx, func(tx *Tx) error {
		c, m, p, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		switch {
		case actor.Suspended:
			return praxis.Errorf(praxis.EFORBIDDEN, "Your account is suspended.")
		case m.Active():
			return praxis.Errorf(praxis.ECONFLICT, "You are already a member of %s.", c.Name)
		case m != nil && m.State == praxis.StatePending:
			return praxis.Errorf(praxis.ECONFLICT, "Your request to join %s is waiting for a coordinator.", c.Name)
		case m != nil && m.State == praxis.StateInvited:
			if _, err := tx.ExecContext(ctx, `UPDATE memberships SET state = 'active', joined_at = $1 WHERE community_id = $2 AND user_id = $3`,
				ms(tx.now), c.ID, actor.ID); err != nil {
				return err
			}
			now := tx.now
			m.State, m.JoinedAt = praxis.StateActive, &now
			out = m
			return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbJoined, "community", c.ID, "")
		case p.Join:
			now := tx.now
			out = &praxis.Membership{CommunityID: c.ID, UserID: actor.ID, Role: praxis.MemberRegular, State: praxis.StateActive, CreatedAt: now, JoinedAt: &now}
			if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (community_id, user_id, role, state, created_at, joined_at)
				VALUES ($1, $2, 'member', 'active', $3, $3)`, c.ID, actor.ID, ms(tx.now)); err != nil {
				return err
			}
			return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbJoined, "community", c.ID, "")
		case p.RequestJoin:
			out = &praxis.Membership{CommunityID: c.ID, UserID: actor.ID, Role: praxis.MemberRegular, State: praxis.StatePending, Message: message, CreatedAt: tx.now}
			if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (community_id, user_id, role, state, message, created_at)
				VALUES ($1, $2, 'member', 'pending', $3, $4)`, c.ID, actor.ID, message, ms(tx.now)); err != nil {
				return err
			}
			return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbRequestedJoin, "community", c.ID, "")
		default:
			return praxis.Errorf(praxis.EFORBIDDEN, "%s welcomes members by invitation; ask one of its coordinators.", c.Name)
		}
	})
	return out, err
}

// coordinatorsLeft counts the active coordinators of a community other than userID.
func (tx *Tx) coordinatorsLeft(ctx context.Context, communityID, userID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM memberships WHERE community_id = $1 AND role = 'coordinator'
		AND state = 'active' AND user_id <> $2`, communityID, userID).Scan(&n)
	return n, err
}

// Leave ends actor's membership, request or invitation.
func (db *DB) Leave(ctx context.Context, actor *praxis.User, slug string) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	return db.update(ctx, func(tx *Tx) error {
		c, m, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		if m == nil {
			return notFound("You are not a member of %s.", c.Name)
		}
		if m.Active() && m.Role == praxis.MemberCoordinator {
			n, err := tx.coordinatorsLeft(ctx, c.ID, actor.ID)
			if err != nil {
				return err
			}
			if n == 0 {
				return praxis.Errorf(praxis.ECONFLICT, "You are the last coordinator of %s: make another member a coordinator before you leave.", c.Name)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE community_id = $1 AND user_id = $2`, c.ID, actor.ID); err != nil {
			return err
		}
		if !m.Active() {
			return nil
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbLeft, "community", c.ID, "")
	})
}

// Members lists a community's members with their recent actions and
// participation levels, or its pending requests or invitations.
func (db *DB) Members(ctx context.Context, actor *praxis.User, slug string, f praxis.MemberFilter) ([]*praxis.Member, error) {
	state := f.State
	if state == "" {
		state = praxis.StateActive
	}
	if state != praxis.StateActive && state != praxis.StatePending && state != praxis.StateInvited {
		return nil, praxis.Errorf(praxis.EINVALID, "The state is active, pending or invited.")
	}
	var out []*praxis.Member
	err := db.view(ctx, func(tx *Tx) error {
		c, _, p, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		if !p.SeeMembers {
			return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see who takes part in %s.", c.Name)
		}
		if state != praxis.StateActive && !p.ManageMembers {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only coordinators see requests and invitations.")
		}
		since := ms(tx.now.Add(-praxis.ParticipationWindow))
		rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+`, m.role, m.state, m.message, m.created_at, m.joined_at, COALESCE(a.n, 0)
			FROM memberships m JOIN users u ON u.id = m.user_id
			LEFT JOIN (SELECT actor_id, count(*) AS n FROM activity WHERE community_id = $1 AND created_at >= $2 GROUP BY actor_id) a
				ON a.actor_id = m.user_id
			WHERE m.community_id = $1 AND m.state = $3
			ORDER BY CASE m.role WHEN 'coordinator' THEN 0 WHEN 'core' THEN 1 ELSE 2 END, COALESCE(a.n, 0) DESC, lower(u.display_name), u.id`,
			c.ID, since, state)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			mb := &praxis.Member{}
			var created int64
			var joined sql.NullInt64
			mb.User, err = scanUser(rows, &mb.Membership.Role, &mb.Membership.State, &mb.Membership.Message, &created, &joined, &mb.Actions)
			if err != nil {
				return err
			}
			mb.Membership.CommunityID, mb.Membership.UserID = c.ID, mb.User.ID
			mb.Membership.CreatedAt, mb.Membership.JoinedAt = fromMS(created), fromNullMS(joined)
			mb.Level = praxis.ParticipationLevel(mb.Actions)
			mb.User.PasswordHash = ""
			if !praxis.CanSeeEmail(actor, mb.User) {
				mb.User.Email = ""
			}
			out = append(out, mb)
		}
		return rows.Err()
	})
	return out, err
}

// ParticipationLevels counts the active members at each participation
// level. The community page shows only these counts: listing every member
// to count them cost seconds in a community of 17,000 members. The database
// groups the members by their number of recent actions, and the policy's
// ParticipationLevel classifies each group, as Members classifies each
// member. Even so the count reads every action of the window (28,000 in
// the busiest community at large), so the levels are kept in memory
// against a stamp read on every call (see levelsStamp): a second server
// on the same database changes the stamp as it writes.
func (db *DB) ParticipationLevels(ctx context.Context, actor *praxis.User, slug string) ([]praxis.LevelCount, error) {
	var out []praxis.LevelCount
	err := db.view(ctx, func(tx *Tx) error {
		c, _, p, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		if !p.SeeMembers {
			return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see who takes part in %s.", c.Name)
		}
		out, err = tx.participationLevels(ctx, c.ID)
		return err
	})
	return out, err
}

// participationLevels counts a community's active members at each level,
// or returns the counts kept under the same stamp.
func (tx *Tx) participationLevels(ctx context.Context, communityID int64) ([]praxis.LevelCount, error) {
	now := ms(tx.now)
	since := now - praxis.ParticipationWindow.Milliseconds()
	// The stamp is read before the levels are counted, so that levels
	// kept under it are never older than it.
	stamp := levelsStamp{firstDay: since / dayMS}
	if err := tx.QueryRowContext(ctx, `SELECT members_version,
			COALESCE((SELECT sum(d.entries) FROM activity_days d WHERE d.community_id = $1 AND d.day >= $2), 0)
		FROM community_counts WHERE community_id = $1`, communityID, stamp.firstDay).Scan(&stamp.membersVersion, &stamp.actions); err != nil {
		return nil, err
	}
	if kept, ok := tx.db.levels.get(communityID, stamp, now); ok {
		return slices.Clone(kept), nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT COALESCE(a.n, 0), count(*) FROM memberships m
		LEFT JOIN (SELECT actor_id, count(*) AS n FROM activity WHERE community_id = $1 AND created_at >= $2 GROUP BY actor_id) a
			ON a.actor_id = m.user_id
		WHERE m.community_id = $1 AND m.state = 'active' GROUP BY 1`, communityID, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]int{}
	total := 0
	for rows.Next() {
		var actions, members int
		if err := rows.Scan(&actions, &members); err != nil {
			return nil, err
		}
		counts[praxis.ParticipationLevel(actions)] += members
		total += members
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	var out []praxis.LevelCount
	if total > 0 {
		for _, l := range []string{praxis.LevelCore, praxis.LevelActive, praxis.LevelOccasional, praxis.LevelPeripheral} {
			out = append(out, praxis.LevelCount{Level: l, Count: counts[l]})
		}
	}
	// The levels hold until the oldest action counted leaves the window.
	var oldest sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT min(created_at) FROM activity WHERE community_id = $1 AND created_at >= $2`,
		communityID, since).Scan(&oldest); err != nil {
		return nil, err
	}
	until := int64(math.MaxInt64)
	if oldest.Valid {
		until = oldest.Int64 + (now - since)
	}
	tx.db.levels.put(communityID, stamp, now, until, slices.Clone(out))
	return out, nil
}

// pendingRequests counts the requests to join a community. The community
// page shows only their number: listing them, as Members does, also counts
// every requester's recent actions.
func (tx *Tx) pendingRequests(ctx context.Context, communityID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM memberships WHERE community_id = $1 AND state = 'pending'`, communityID).Scan(&n)
	return n, err
}

// levelsStamp is what a community's participation levels are computed
// from, read cheaply: the version of its set of active members, kept by
// triggers (migration 00008), and the number of its actions on the days
// of the window, from activity_days. A member who joins or leaves changes
// the first; an action written, whatever its date in the window, the
// second. The window moving on is not in the stamp: kept levels hold until
// the oldest action they counted leaves it.
type levelsStamp struct {
	membersVersion int64
	firstDay       int64
	actions        int64
}

// target loads the user named by handle and their membership in c.
func (tx *Tx) target(ctx context.Context, c *praxis.Community, handle string) (*praxis.User, *praxis.Membership, error) {
	u, err := tx.userBy(ctx, "u.handle = $1", strings.TrimPrefix(strings.ToLower(strings.TrimSpace(handle)), "@"))
	if err != nil {
		return nil, nil, notFound("No one has the handle @%s.", strings.TrimPrefix(handle, "@"))
	}
	m, err := tx.membership(ctx, c.ID, u.ID)
	if praxis.ErrorCode(err) == praxis.ENOTFOUND {
		return u, nil, nil
	}
	return u, m, err
}

// Invite invites a user to the community; a pending request is approved.
func (db *DB) Invite(ctx context.Context, actor *praxis.User, slug, handle string) error {
	return db.update(ctx, func(tx *Tx) error {
		c, _, err := tx.editable(ctx, actor, slug, canManageMembers)
		if err != nil {
			return err
		}
		u, m, err := tx.target(ctx, c, handle)
		if err != nil {
			return err
		}
		switch {
		case m.Active():
			return praxis.Errorf(praxis.ECONFLICT, "@%s is already a member.", u.Handle)
		case m != nil && m.State == praxis.StateInvited:
			return praxis.Errorf(praxis.ECONFLICT, "@%s is already invited.", u.Handle)
		case m != nil && m.State == praxis.StatePending:
			return tx.approve(ctx, c, actor, u)
		case u.Suspended:
			return praxis.Errorf(praxis.ECONFLICT, "@%s is suspended.", u.Handle)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (community_id, user_id, role, state, invited_by, created_at)
			VALUES ($1, $2, 'member', 'invited', $3, $4)`, c.ID, u.ID, actor.ID, ms(tx.now)); err != nil {
			return err
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbInvited, "user", u.ID, u.Handle)
	})
}

func (tx *Tx) approve(ctx context.Context, c *praxis.Community, actor, u *praxis.User) error {
	if _, err := tx.ExecContext(ctx, `UPDATE memberships SET state = 'active', joined_at = $1 WHERE community_id = $2 AND user_id = $3`,
		ms(tx.now), c.ID, u.ID); err != nil {
		return err
	}
	if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbApproved, "user", u.ID, u.Handle); err != nil {
		return err
	}
	return tx.logActivity(ctx, c.ID, u.ID, praxis.VerbJoined, "community", c.ID, "")
}

// Approve accepts a pending request to join.
func (db *DB) Approve(ctx context.Context, actor *praxis.User, slug, handle string) error {
	return db.update(ctx, func(tx *Tx) error {
		c, _, err := tx.editable(ctx, actor, slug, canManageMembers)
		if err != nil {
			return err
		}
		u, m, err := tx.target(ctx, c, handle)
		if err != nil {
			return err
		}
		if m == nil || m.State != praxis.StatePending {
			return notFound("@%s has not asked to join.", u.Handle)
		}
		return tx.approve(ctx, c, actor, u)
	})
}

// SetRole changes an active member's role.
func (db *DB) SetRole(ctx context.Context, actor *praxis.User, slug, handle, role string) error {
	valid := false
	for _, r := range praxis.MemberRoles {
		valid = valid || r.Value == role
	}
	if !valid {
		return &praxis.Error{Code: praxis.EINVALID, Message: "The role is coordinator, core or member.", Fields: map[string]string{"role": "Choose a role."}}
	}
	return db.update(ctx, func(tx *Tx) error {
		c, _, err := tx.editable(ctx, actor, slug, canManageMembers)
		if err != nil {
			return err
		}
		u, m, err := tx.target(ctx, c, handle)
		if err != nil {
			return err
		}
		if !m.Active() {
			return notFound("@%s is not a member of %s.", u.Handle, c.Name)
		}
		if m.Role == role {
			return nil
		}
		if m.Role == praxis.MemberCoordinator {
			if n, err := tx.coordinatorsLeft(ctx, c.ID, u.ID); err != nil {
				return err
			} else if n == 0 {
				return praxis.Errorf(praxis.ECONFLICT, "@%s is the last coordinator; make someone else a coordinator first.", u.Handle)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE memberships SET role = $1 WHERE community_id = $2 AND user_id = $3`, role, c.ID, u.ID); err != nil {
			return err
		}
		if err := tx.audit(ctx, auditEntry{event: praxis.AuditCommunityRole, actorID: actor.ID, subjectID: u.ID, communityID: c.ID,
			detail: m.Role + " → " + role}); err != nil {
			return err
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbRoleChanged, "user", u.ID, u.Handle+": "+m.Role+" → "+role)
	})
}

// RemoveMember removes a member, declines a request or withdraws an invitation.
func (db *DB) RemoveMember(ctx context.Context, actor *praxis.User, slug, handle string) error {
	return db.update(ctx, func(tx *Tx) error {
		c, _, err := tx.editable(ctx, actor, slug, canManageMembers)
		if err != nil {
			return err
		}
		u, m, err := tx.target(ctx, c, handle)
		if err != nil {
			return err
		}
		if m == nil {
			return notFound("@%s is not a member of %s.", u.Handle, c.Name)
		}
		if m.Active() && m.Role == praxis.MemberCoordinator {
			if n, err := tx.coordinatorsLeft(ctx, c.ID, u.ID); err != nil {
				return err
			} else if n == 0 {
				return praxis.Errorf(praxis.ECONFLICT, "@%s is the last coordinator and cannot be removed.", u.Handle)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE community_id = $1 AND user_id = $2`, c.ID, u.ID); err != nil {
			return err
		}
		if !m.Active() {
			return nil
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbRemoved, "user", u.ID, u.Handle)
	})
}
