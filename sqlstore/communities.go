package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"praxis"
)

// communityColumns are the columns scanCommunity reads. The member count
// is the one kept in community_counts (see migration 00008): counting the
// memberships on every load cost milliseconds in a large community.
const communityColumns = `c.id, c.slug, c.name, c.domain_statement, c.purpose, c.type, c.visibility, c.join_policy, c.stage,
	c.charter_values, c.charter_norms, c.charter_version, c.kb_review_months, COALESCE(c.external_id, ''), c.created_at, c.updated_at,
	c.cadence_days, c.cadence_kind, COALESCE((SELECT x.members FROM community_counts x WHERE x.community_id = c.id), 0)`

func scanCommunity(s scanner, extra ...any) (*praxis.Community, error) {
	var c praxis.Community
	var created, updated int64
	dest := append([]any{&c.ID, &c.Slug, &c.Name, &c.DomainStatement, &c.Purpose, &c.Type, &c.Visibility, &c.JoinPolicy,
		&c.Stage, &c.Values, &c.Norms, &c.CharterVersion, &c.ReviewMonths, &c.ExternalID, &created, &updated,
		&c.CadenceDays, &c.CadenceKind, &c.MemberCount}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	return &c, nil
}

// visibleWhere is praxis.PermissionsFor's View rule as SQL, for listing many
// communities in one query: $1 is the viewer's id (0 when anonymous), $2
// whether the viewer is signed in and not suspended, $3 whether the viewer
// is an administrator; m is the viewer's membership row. A conformance test
// checks it against PermissionsFor for every visibility and role.
const visibleWhere = `(c.visibility = 'public' OR (c.visibility = 'internal' AND $2)
	OR ($2 AND m.state IN ('active', 'invited')) OR $3)`

func viewerArgs(actor *praxis.User) (int64, bool, bool) {
	if actor == nil {
		return 0, false, false
	}
	return actor.ID, !actor.Suspended, actor.IsAdmin()
}

// listCommunities lists the communities actor may see, of those that from
// (" FROM communities c" and any join) and extraWhere select.
func (tx *Tx) listCommunities(ctx context.Context, actor *praxis.User, from, extraWhere string, extraArgs ...any) ([]*praxis.Community, error) {
	id, signedIn, admin := viewerArgs(actor)
	args := append([]any{id, signedIn, admin}, extraArgs...)
	rows, err := tx.QueryContext(ctx, `SELECT `+communityColumns+from+`
		LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = $1
		WHERE `+visibleWhere+extraWhere+` ORDER BY lower(c.name), c.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*praxis.Community
	for rows.Next() {
		c, err := scanCommunity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Communities lists the communities actor may see.
func (db *DB) Communities(ctx context.Context, actor *praxis.User) ([]*praxis.Community, error) {
	var out []*praxis.Community
	err := db.view(ctx, func(tx *Tx) (err error) {
		out, err = tx.listCommunities(ctx, actor, ` FROM communities c`, "")
		return err
	})
	return out, err
}

// CommunityNames lists the communities actor may see, as Communities
// does, with their id, slug, name and visibility only.
func (db *DB) CommunityNames(ctx context.Context, actor *praxis.User) ([]*praxis.Community, error) {
	id, signedIn, admin := viewerArgs(actor)
	var out []*praxis.Community
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT c.id, c.slug, c.name, c.visibility FROM communities c
			LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = $1
			WHERE `+visibleWhere+` ORDER BY lower(c.name), c.id`, id, signedIn, admin)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c := &praxis.Community{}
			if err := rows.Scan(&c.ID, &c.Slug, &c.Name, &c.Visibility); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

// CommunitiesOf lists the communities userID belongs to that actor may see.
func (db *DB) CommunitiesOf(ctx context.Context, actor *praxis.User, userID int64) ([]*praxis.Community, error) {
	var out []*praxis.Community
	err := db.view(ctx, func(tx *Tx) (err error) {
		// From the member's memberships, not every community: a member
		// page and an article page for a member list these.
		out, err = tx.listCommunities(ctx, actor, ` FROM memberships y JOIN communities c ON c.id = y.community_id`,
			` AND y.user_id = $4 AND y.state = 'active'`, userID)
		return err
	})
	return out, err
}

// communityBySlug loads a community and actor's membership, whatever the
// visibility; callers decide with the policy. Both come in one query:
// every page of a community starts here, and on PostgreSQL each
// statement is a round trip.
func (tx *Tx) communityBySlug(ctx context.Context, actor *praxis.User, slug string) (*praxis.Community, *praxis.Membership, error) {
	var mr membershipRow
	var viewerID int64
	if actor != nil {
		viewerID = actor.ID
	}
	c, err := scanCommunity(tx.QueryRowContext(ctx, `SELECT `+communityColumns+`, `+viewerMembershipColumns+` FROM communities c
		LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = $2 WHERE c.slug = $1`, strings.ToLower(slug), viewerID), mr.dest()...)
	if isNoRows(err) {
		return nil, nil, notFound("There is no community at this address.")
	} else if err != nil {
		return nil, nil, err
	}
	if actor == nil {
		return c, nil, nil
	}
	return c, mr.membership(c.ID, actor.ID), nil
}

func (tx *Tx) membership(ctx context.Context, communityID, userID int64) (*praxis.Membership, error) {
	m := &praxis.Membership{CommunityID: communityID, UserID: userID}
	var created int64
	var joined sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT role, state, message, created_at, joined_at FROM memberships WHERE community_id = $1 AND user_id = $2`,
		communityID, userID).Scan(&m.Role, &m.State, &m.Message, &created, &joined)
	if isNoRows(err) {
		return nil, notFound("Not a member.")
	} else if err != nil {
		return nil, err
	}
	m.CreatedAt, m.JoinedAt = fromMS(created), fromNullMS(joined)
	return m, nil
}

// visibleCommunity loads a community that actor may see; one that actor
// may not see is reported exactly like one that does not exist.
func (tx *Tx) visibleCommunity(ctx context.Context, actor *praxis.User, slug string) (*praxis.Community, *praxis.Membership, praxis.Permissions, error) {
	c, m, err := tx.communityBySlug(ctx, actor, slug)
	if err != nil {
		return nil, nil, praxis.Permissions{}, err
	}
	p := praxis.PermissionsFor(actor, c, m)
	if !p.View {
		return nil, nil, p, notFound("There is no community at this address.")
	}
	return c, m, p, nil
}

// Community returns a community as actor sees it, with its goals.
func (db *DB) Community(ctx context.Context, actor *praxis.User, slug string) (*praxis.CommunityView, error) {
	var v *praxis.CommunityView
	err := db.view(ctx, func(tx *Tx) error {
		c, m, p, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		goals, err := tx.goals(ctx, c.ID)
		if err != nil {
			return err
		}
		v = &praxis.CommunityView{Community: c, Membership: m, Perm: p, Goals: goals}
		return nil
	})
	return v, err
}

func (tx *Tx) goals(ctx context.Context, communityID int64) ([]*praxis.Goal, error) {
	rows, err := tx.QueryContext(ctx, `SELECT g.id, g.kind, g.title, g.description, g.status, g.due_date, COALESCE(u.handle, ''),
			COALESCE(u.display_name, ''), g.position
		FROM goals g LEFT JOIN users u ON u.id = g.owner_id WHERE g.community_id = $1 ORDER BY g.position, g.id`, communityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*praxis.Goal{}
	for rows.Next() {
		g := &praxis.Goal{}
		if err := rows.Scan(&g.ID, &g.Kind, &g.Title, &g.Description, &g.Status, &g.DueDate, &g.OwnerHandle, &g.OwnerName, &g.Position); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// editable loads a community that actor may edit: ENOTFOUND when actor may
// not even see it, EFORBIDDEN when actor may see but not edit it.
func (tx *Tx) editable(ctx context.Context, actor *praxis.User, slug string, need func(praxis.Permissions) bool) (*praxis.Community, *praxis.Membership, error) {
	if actor == nil {
		return nil, nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	c, m, p, err := tx.visibleCommunity(ctx, actor, slug)
	if err != nil {
		return nil, nil, err
	}
	if !need(p) {
		return nil, nil, praxis.Errorf(praxis.EFORBIDDEN, "Only the coordinators of %s can do this.", c.Name)
	}
	return c, m, nil
}

func canEditCharter(p praxis.Permissions) bool   { return p.EditCharter }
func canManageMembers(p praxis.Permissions) bool { return p.ManageMembers }

// ownerID resolves a goal owner's handle to an active member of the community.
func (tx *Tx) ownerID(ctx context.Context, communityID int64, handle string) (sql.NullInt64, error) {
	if handle == "" {
		return sql.NullInt64{}, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id
		WHERE u.handle = $1 AND m.community_id = $2 AND m.state = 'active'`, handle, communityID).Scan(&id)
	if isNoRows(err) {
		msg := "@" + handle + " is not a member of this community."
		return sql.NullInt64{}, &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"owner": msg}}
	}
	return sql.NullInt64{Int64: id, Valid: true}, err
}

// CreateCommunity creates a community with actor as its first coordinator.
func (db *DB) CreateCommunity(ctx context.Context, actor *praxis.User, in praxis.CommunityInput, goalInputs []praxis.GoalInput) (*praxis.Community, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to create a community.")
	}
	c := &praxis.Community{}
	if err := in.Apply(c, true); err != nil {
		return nil, err
	}
	if len(goalInputs) > praxis.MaxGoalsPerCharter {
		return nil, praxis.Errorf(praxis.EINVALID, "A charter has at most %d goals.", praxis.MaxGoalsPerCharter)
	}
	goals := make([]*praxis.Goal, len(goalInputs))
	for i, gi := range goalInputs {
		goals[i] = &praxis.Goal{Position: i}
		if err := gi.Apply(goals[i], true); err != nil {
			return nil, err
		}
	}
	err := db.update(ctx, func(tx *Tx) error {
		settings, err := tx.settings(ctx)
		if err != nil {
			return err
		}
		if !praxis.CanCreateCommunity(actor, settings) {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only administrators can create communities on %s.", settings.Name)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM communities WHERE slug = $1`, c.Slug).Scan(&n); err != nil {
			return err
		} else if n > 0 {
			msg := "The address /c/" + c.Slug + " is taken; choose another."
			return &praxis.Error{Code: praxis.ECONFLICT, Message: msg, Fields: map[string]string{"slug": msg}}
		}
		c.CreatedAt, c.UpdatedAt = tx.now, tx.now
		err = tx.QueryRowContext(ctx, `INSERT INTO communities (slug, name, domain_statement, purpose, type, visibility, join_policy, stage,
				charter_values, charter_norms, kb_review_months, external_id, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
			c.Slug, c.Name, c.DomainStatement, c.Purpose, c.Type, c.Visibility, c.JoinPolicy, c.Stage, c.Values, c.Norms,
			c.ReviewMonths, nullString(c.ExternalID), actor.ID, ms(tx.now)).Scan(&c.ID)
		if isUniqueViolation(err) {
			return praxis.Errorf(praxis.ECONFLICT, "The address /c/%s was just taken; choose another.", c.Slug)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (community_id, user_id, role, state, created_at, joined_at)
			VALUES ($1, $2, 'coordinator', 'active', $3, $3)`, c.ID, actor.ID, ms(tx.now)); err != nil {
			return err
		}
		c.MemberCount = 1
		for _, g := range goals {
			if err := tx.insertGoal(ctx, c.ID, g); err != nil {
				return err
			}
		}
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbCreated, "community", c.ID, c.Name); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbJoined, "community", c.ID, ""); err != nil {
			return err
		}
		return tx.saveRevision(ctx, c, actor.ID)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (tx *Tx) insertGoal(ctx context.Context, communityID int64, g *praxis.Goal) error {
	owner, err := tx.ownerID(ctx, communityID, g.OwnerHandle)
	if err != nil {
		return err
	}
	return tx.QueryRowContext(ctx, `INSERT INTO goals (community_id, kind, title, description, status, due_date, owner_id, position, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		communityID, g.Kind, g.Title, g.Description, g.Status, g.DueDate, owner, g.Position, ms(tx.now)).Scan(&g.ID)
}

// saveRevision records the charter as it now stands, as the next revision.
func (tx *Tx) saveRevision(ctx context.Context, c *praxis.Community, authorID int64) error {
	tx.reindex(praxis.SearchCommunity, c.ID)
	goals, err := tx.goals(ctx, c.ID)
	if err != nil {
		return err
	}
	snap, err := json.Marshal(praxis.Snapshot(c, goals))
	if err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `UPDATE communities SET charter_version = charter_version + 1, updated_at = $1 WHERE id = $2
		RETURNING charter_version`, ms(tx.now), c.ID).Scan(&c.CharterVersion); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO charter_revisions (community_id, number, author_id, snapshot, created_at) VALUES ($1, $2, $3, $4, $5)`,
		c.ID, c.CharterVersion, nullID(authorID), string(snap), ms(tx.now))
	return err
}

// UpdateCommunity changes a community and its charter text.
func (db *DB) UpdateCommunity(ctx context.Context, actor *praxis.User, slug string, in praxis.CommunityInput) (*praxis.Community, error) {
	var c *praxis.Community
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		c, _, err = tx.editable(ctx, actor, slug, canEditCharter)
		if err != nil {
			return err
		}
		before := *c
		if err := in.Apply(c, false); err != nil {
			return err
		}
		if before == *c {
			return nil // nothing changed: no revision
		}
		if _, err := tx.ExecContext(ctx, `UPDATE communities SET name = $1, domain_statement = $2, purpose = $3, type = $4, visibility = $5,
				join_policy = $6, stage = $7, charter_values = $8, charter_norms = $9, kb_review_months = $10, updated_at = $11 WHERE id = $12`,
			c.Name, c.DomainStatement, c.Purpose, c.Type, c.Visibility, c.JoinPolicy, c.Stage, c.Values, c.Norms, c.ReviewMonths, ms(tx.now), c.ID); err != nil {
			return err
		}
		// The review period is a setting, not part of the charter: it
		// changes without a charter revision.
		charter := before
		charter.ReviewMonths = c.ReviewMonths
		if charter == *c {
			return nil
		}
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbCharterEdited, "community", c.ID, ""); err != nil {
			return err
		}
		return tx.saveRevision(ctx, c, actor.ID)
	})
	return c, err
}

// AddGoal appends a goal or deliverable to the charter.
func (db *DB) AddGoal(ctx context.Context, actor *praxis.User, slug string, in praxis.GoalInput) (*praxis.Goal, error) {
	g := &praxis.Goal{}
	if err := in.Apply(g, true); err != nil {
		return nil, err
	}
	err := db.update(ctx, func(tx *Tx) error {
		c, _, err := tx.editable(ctx, actor, slug, canEditCharter)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(max(position), -1) + 1 FROM goals WHERE community_id = $1`, c.ID).Scan(&n, &g.Position); err != nil {
			return err
		} else if n >= praxis.MaxGoalsPerCharter {
			return praxis.Errorf(praxis.ECONFLICT, "A charter has at most %d goals; remove one first.", praxis.MaxGoalsPerCharter)
		}
		if err := tx.insertGoal(ctx, c.ID, g); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbGoalAdded, "goal", g.ID, g.Title); err != nil {
			return err
		}
		return tx.saveRevision(ctx, c, actor.ID)
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

func (tx *Tx) goal(ctx context.Context, communityID, goalID int64) (*praxis.Goal, error) {
	goals, err := tx.goals(ctx, communityID)
	if err != nil {
		return nil, err
	}
	for _, g := range goals {
		if g.ID == goalID {
			return g, nil
		}
	}
	return nil, notFound("This charter has no such goal.")
}

// UpdateGoal changes a goal of the charter.
func (db *DB) UpdateGoal(ctx context.Context, actor *praxis.User, slug string, goalID int64, in praxis.GoalInput) (*praxis.Goal, error) {
	var g *praxis.Goal
	err := db.update(ctx, func(tx *Tx) error {
		c, _, err := tx.editable(ctx, actor, slug, canEditCharter)
		if err != nil {
			return err
		}
		if g, err = tx.goal(ctx, c.ID, goalID); err != nil {
			return err
		}
		before := *g
		if err := in.Apply(g, false); err != nil {
			return err
		}
		if before == *g {
			return nil
		}
		// Only a new owner must be a member: one who has since left keeps
		// the goal until someone changes its owner.
		var owner sql.NullInt64
		if g.OwnerHandle != before.OwnerHandle {
			if owner, err = tx.ownerID(ctx, c.ID, g.OwnerHandle); err != nil {
				return err
			}
		} else if err := tx.QueryRowContext(ctx, `SELECT owner_id FROM goals WHERE id = $1`, g.ID).Scan(&owner); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE goals SET kind = $1, title = $2, description = $3, status = $4, due_date = $5, owner_id = $6,
			updated_at = $7 WHERE id = $8`, g.Kind, g.Title, g.Description, g.Status, g.DueDate, owner, ms(tx.now), g.ID); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbGoalUpdated, "goal", g.ID, g.Title); err != nil {
			return err
		}
		if err := tx.saveRevision(ctx, c, actor.ID); err != nil {
			return err
		}
		g, err = tx.goal(ctx, c.ID, g.ID) // with the new owner's name
		return err
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// DeleteGoal removes a goal from the charter; its revisions keep it.
func (db *DB) DeleteGoal(ctx context.Context, actor *praxis.User, slug string, goalID int64) error {
	return db.update(ctx, func(tx *Tx) error {
		c, _, err := tx.editable(ctx, actor, slug, canEditCharter)
		if err != nil {
			return err
		}
		g, err := tx.goal(ctx, c.ID, goalID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM goals WHERE id = $1`, g.ID); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbGoalRemoved, "goal", g.ID, g.Title); err != nil {
			return err
		}
		return tx.saveRevision(ctx, c, actor.ID)
	})
}

// CharterRevisions lists the charter's revisions, newest first, each with
// its changes from the one before.
func (db *DB) CharterRevisions(ctx context.Context, actor *praxis.User, slug string) ([]*praxis.CharterRevision, error) {
	var out []*praxis.CharterRevision
	err := db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT r.number, r.snapshot, r.created_at, COALESCE(u.id, 0), COALESCE(u.handle, ''), COALESCE(u.display_name, '')
			FROM charter_revisions r LEFT JOIN users u ON u.id = r.author_id WHERE r.community_id = $1 ORDER BY r.number`, c.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		var prev *praxis.CharterSnapshot
		for rows.Next() {
			r := &praxis.CharterRevision{}
			var snap string
			var at int64
			if err := rows.Scan(&r.Number, &snap, &at, &r.AuthorID, &r.AuthorHandle, &r.AuthorName); err != nil {
				return err
			}
			r.CreatedAt = fromMS(at)
			r.Snapshot = &praxis.CharterSnapshot{}
			if err := json.Unmarshal([]byte(snap), r.Snapshot); err != nil {
				return err
			}
			r.Changes = praxis.DiffCharters(prev, r.Snapshot)
			prev = r.Snapshot
			out = append([]*praxis.CharterRevision{r}, out...)
		}
		return rows.Err()
	})
	return out, err
}
