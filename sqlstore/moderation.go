package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"praxis"
)

// moderatedPost loads a post that actor moderates. A post one may not see
// does not exist; one may see but not moderate is forbidden.
func (tx *Tx) moderatedPost(ctx context.Context, actor *praxis.User, postID int64) (*praxis.Post, *praxis.Thread, *praxis.Community, error) {
	p, t, c, perm, err := tx.postInThread(ctx, actor, postID)
	if err != nil {
		return nil, nil, nil, err
	}
	if !perm.Moderate {
		return nil, nil, nil, praxis.Errorf(praxis.EFORBIDDEN, "Only coordinators can hide posts or act on flags.")
	}
	return p, t, c, nil
}

// resolveFlags closes a post's open flags and reports how many it closed.
func (tx *Tx) resolveFlags(ctx context.Context, postID, actorID int64, resolution string) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE flags SET resolved_at = $1, resolved_by = $2, resolution = $3
		WHERE post_id = $4 AND resolved_at IS NULL`, ms(tx.now), actorID, resolution, postID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// FlagPost reports a post to the community's coordinators.
func (db *DB) FlagPost(ctx context.Context, actor *praxis.User, postID int64, reason string) (*praxis.Flag, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to flag a post.")
	}
	reason = strings.TrimSpace(reason)
	var v praxis.Validation
	praxis.ValidateFlagReason(&v, reason, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var f *praxis.Flag
	err := db.update(ctx, func(tx *Tx) error {
		p, t, c, perm, err := tx.postInThread(ctx, actor, postID)
		if err != nil {
			return err
		}
		switch {
		case !perm.Participate:
			return praxis.Errorf(praxis.EFORBIDDEN, "Join %s to flag posts.", c.Name)
		case p.Author.ID == actor.ID:
			return praxis.Errorf(praxis.EFORBIDDEN, "You cannot flag your own post; edit or delete it instead.")
		case p.Deleted:
			return praxis.Errorf(praxis.EINVALID, "That post was deleted.")
		}
		redact(p, actor, perm) // the flagger may not read a hidden post
		f = &praxis.Flag{CommunitySlug: c.Slug, PostID: p.ID, ThreadID: t.ID, ThreadTitle: t.Title, PostAuthor: p.Author,
			PostHidden: p.Hidden, FlaggedBy: praxis.PersonRef{ID: actor.ID, Handle: actor.Handle, Name: actor.Name(), Organization: actor.Organization},
			Reason: reason, CreatedAt: tx.now, Excerpt: excerpt(db.render.Render(p.Source).Text, 240)}
		err = tx.QueryRowContext(ctx, `INSERT INTO flags (post_id, community_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (post_id, user_id) DO NOTHING RETURNING id`, p.ID, c.ID, actor.ID, reason, ms(tx.now)).Scan(&f.ID)
		if isNoRows(err) {
			return praxis.Errorf(praxis.ECONFLICT, "You have flagged this post already; the coordinators will look at it.")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Flags lists a community's flags for its moderators, newest first.
func (db *DB) Flags(ctx context.Context, actor *praxis.User, slug string, open bool) ([]*praxis.Flag, error) {
	out := []*praxis.Flag{}
	err := db.view(ctx, func(tx *Tx) error {
		c, _, perm, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		if actor == nil {
			return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see flagged posts.")
		}
		if !perm.Moderate {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only the coordinators of %s see its flagged posts.", c.Name)
		}
		var w where
		w.add("f.community_id = ?", c.ID)
		if open {
			w.add("f.resolved_at IS NULL")
		}
		limit := w.next(praxis.MaxFlagList)
		rows, err := tx.QueryContext(ctx, `SELECT f.id, f.post_id, p.thread_id, t.title, f.reason, f.created_at, f.resolved_at, f.resolution,
				p.source, p.deleted_at, p.hidden_at,
				COALESCE(pa.id, 0), COALESCE(pa.handle, ''), COALESCE(pa.display_name, ''), COALESCE(pa.organization, ''),
				COALESCE(fu.id, 0), COALESCE(fu.handle, ''), COALESCE(fu.display_name, ''), COALESCE(fu.organization, ''),
				COALESCE(ru.id, 0), COALESCE(ru.handle, ''), COALESCE(ru.display_name, '')
			FROM flags f JOIN posts p ON p.id = f.post_id JOIN threads t ON t.id = p.thread_id
			LEFT JOIN users pa ON pa.id = p.author_id
			LEFT JOIN users fu ON fu.id = f.user_id
			LEFT JOIN users ru ON ru.id = f.resolved_by
			WHERE `+w.sql()+` ORDER BY f.created_at DESC, f.id DESC LIMIT `+limit, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			f := &praxis.Flag{CommunitySlug: c.Slug}
			var created int64
			var resolved, deleted, hidden sql.NullInt64
			var source string
			var by praxis.PersonRef
			if err := rows.Scan(&f.ID, &f.PostID, &f.ThreadID, &f.ThreadTitle, &f.Reason, &created, &resolved, &f.Resolution,
				&source, &deleted, &hidden,
				&f.PostAuthor.ID, &f.PostAuthor.Handle, &f.PostAuthor.Name, &f.PostAuthor.Organization,
				&f.FlaggedBy.ID, &f.FlaggedBy.Handle, &f.FlaggedBy.Name, &f.FlaggedBy.Organization,
				&by.ID, &by.Handle, &by.Name); err != nil {
				return err
			}
			f.CreatedAt, f.ResolvedAt = fromMS(created), fromNullMS(resolved)
			f.PostDeleted, f.PostHidden = deleted.Valid, hidden.Valid
			if f.ResolvedAt != nil && by.ID != 0 {
				f.ResolvedBy = &by
			}
			if !f.PostDeleted {
				f.Excerpt = excerpt(db.render.Render(source).Text, 240)
			}
			out = append(out, f)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// setThreadExcerpt keeps a thread's excerpt, shown in lists, in step with
// its opening post: empty while the post is hidden.
func (tx *Tx) setThreadExcerpt(ctx context.Context, threadID int64, text string) error {
	_, err := tx.ExecContext(ctx, `UPDATE threads SET excerpt = $1 WHERE id = $2`, text, threadID)
	return err
}

// HidePost hides a post from everyone but its author and the moderators.
func (db *DB) HidePost(ctx context.Context, actor *praxis.User, postID int64, reason string) (*praxis.Post, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	reason = strings.TrimSpace(reason)
	var v praxis.Validation
	praxis.ValidateFlagReason(&v, reason, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var p *praxis.Post
	err := db.update(ctx, func(tx *Tx) error {
		var t *praxis.Thread
		var c *praxis.Community
		var err error
		if p, t, c, err = tx.moderatedPost(ctx, actor, postID); err != nil {
			return err
		}
		if p.Deleted {
			return praxis.Errorf(praxis.EINVALID, "That post was deleted.")
		}
		changed := !p.Hidden
		if changed {
			if _, err := tx.ExecContext(ctx, `UPDATE posts SET hidden_at = $1 WHERE id = $2`, ms(tx.now), p.ID); err != nil {
				return err
			}
			tx.reindex(praxis.SearchThread, t.ID)
			if p.Opening {
				if err := tx.setThreadExcerpt(ctx, t.ID, ""); err != nil {
					return err
				}
			}
			p.Hidden = true
		}
		n, err := tx.resolveFlags(ctx, p.ID, actor.ID, praxis.ResolutionHidden)
		if err != nil {
			return err
		}
		if !changed && n == 0 {
			return nil
		}
		return tx.modLog(ctx, c.ID, actor.ID, praxis.ModHide, t.ID, p.ID, reason)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// RestorePost shows a hidden post again.
func (db *DB) RestorePost(ctx context.Context, actor *praxis.User, postID int64) (*praxis.Post, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	var p *praxis.Post
	err := db.update(ctx, func(tx *Tx) error {
		var t *praxis.Thread
		var c *praxis.Community
		var err error
		if p, t, c, err = tx.moderatedPost(ctx, actor, postID); err != nil {
			return err
		}
		if !p.Hidden {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET hidden_at = NULL WHERE id = $1`, p.ID); err != nil {
			return err
		}
		tx.reindex(praxis.SearchThread, t.ID)
		p.Hidden = false
		if p.Opening && !p.Deleted {
			if err := tx.setThreadExcerpt(ctx, t.ID, excerpt(db.render.Render(p.Source).Text, 240)); err != nil {
				return err
			}
		}
		if _, err := tx.resolveFlags(ctx, p.ID, actor.ID, praxis.ResolutionKept); err != nil {
			return err
		}
		return tx.modLog(ctx, c.ID, actor.ID, praxis.ModRestore, t.ID, p.ID, "")
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// DismissFlags resolves a post's open flags, leaving the post as it is.
func (db *DB) DismissFlags(ctx context.Context, actor *praxis.User, postID int64) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	return db.update(ctx, func(tx *Tx) error {
		p, t, c, err := tx.moderatedPost(ctx, actor, postID)
		if err != nil {
			return err
		}
		n, err := tx.resolveFlags(ctx, p.ID, actor.ID, praxis.ResolutionDismissed)
		if err != nil || n == 0 {
			return err
		}
		return tx.modLog(ctx, c.ID, actor.ID, praxis.ModDismiss, t.ID, p.ID, "")
	})
}

// ModerationLog lists a community's moderation actions, newest first.
func (db *DB) ModerationLog(ctx context.Context, actor *praxis.User, slug string, limit int) ([]*praxis.ModerationEntry, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	out := []*praxis.ModerationEntry{}
	err := db.view(ctx, func(tx *Tx) error {
		c, _, perm, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		if actor == nil {
			return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see the moderation log.")
		}
		if !perm.Moderate {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only the coordinators of %s see its moderation log.", c.Name)
		}
		// A thread's title shows only while the thread is still in the
		// community: one moved into a private community keeps its secrets.
		rows, err := tx.QueryContext(ctx, `SELECT l.id, l.action, COALESCE(l.thread_id, 0), COALESCE(t.title, ''), COALESCE(l.post_id, 0),
				l.reason, l.created_at, COALESCE(u.id, 0), COALESCE(u.handle, ''), COALESCE(u.display_name, ''), COALESCE(u.organization, '')
			FROM moderation_log l
			LEFT JOIN threads t ON t.id = l.thread_id AND t.community_id = l.community_id
			LEFT JOIN users u ON u.id = l.actor_id
			WHERE l.community_id = $1 ORDER BY l.created_at DESC, l.id DESC LIMIT $2`, c.ID, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := &praxis.ModerationEntry{}
			var at int64
			if err := rows.Scan(&e.ID, &e.Action, &e.ThreadID, &e.ThreadTitle, &e.PostID, &e.Reason, &at,
				&e.Actor.ID, &e.Actor.Handle, &e.Actor.Name, &e.Actor.Organization); err != nil {
				return err
			}
			e.CreatedAt = fromMS(at)
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
