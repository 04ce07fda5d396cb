package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"praxis"
)

// notificationFrom and notificationVisible join a notification with what it
// is about, keeping only what the viewer may still see: visibleWhere on the
// community as it is now ($1 viewer, $2 signed in, $3 administrator), then
// for a thread one that is not deleted and a post that is not deleted, and
// for the occurrence of an event an event the viewer may see
// (eventVisibleWhere). Lists and the unread count share them, so that a
// count never differs from its list; only lists join the actor
// (notificationActor), whom a count does not need.
const notificationFrom = ` FROM notifications n
	LEFT JOIN threads t ON t.id = n.thread_id
	LEFT JOIN event_occurrences o ON o.id = n.occurrence_id
	LEFT JOIN events e ON e.id = o.event_id
	JOIN communities c ON c.id = COALESCE(t.community_id, e.community_id)
	LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = $1
	LEFT JOIN posts p ON p.id = n.post_id`

const notificationActor = ` LEFT JOIN users a ON a.id = n.actor_id`

const notificationVisible = ` WHERE n.user_id = $1 AND ` + visibleWhere + ` AND p.deleted_at IS NULL
		AND ((t.id IS NOT NULL AND t.status <> 'deleted') OR (t.id IS NULL AND e.id IS NOT NULL AND ` + eventVisibleWhere + `))`

const notificationColumns = `SELECT n.id, n.kind, COALESCE(a.id, 0), COALESCE(a.handle, ''), COALESCE(a.display_name, ''), COALESCE(a.organization, ''),
	c.slug, c.name, COALESCE(t.id, 0), COALESCE(t.title, ''), COALESCE(n.post_id, 0), COALESCE(o.id, 0), COALESCE(e.title, ''),
	n.created_at, n.read_at`

// notifications reads notifications of actor; extra adds conditions and
// order, with placeholders from $4 on.
func (tx *Tx) notifications(ctx context.Context, actor *praxis.User, extra string, args ...any) ([]*praxis.Notification, error) {
	id, signedIn, admin := viewerArgs(actor)
	rows, err := tx.QueryContext(ctx, notificationColumns+notificationFrom+notificationActor+notificationVisible+extra, append([]any{id, signedIn, admin}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*praxis.Notification{}
	for rows.Next() {
		n := &praxis.Notification{}
		var created int64
		var read sql.NullInt64
		if err := rows.Scan(&n.ID, &n.Kind, &n.Actor.ID, &n.Actor.Handle, &n.Actor.Name, &n.Actor.Organization,
			&n.CommunitySlug, &n.CommunityName, &n.ThreadID, &n.ThreadTitle, &n.PostID, &n.OccurrenceID, &n.EventTitle, &created, &read); err != nil {
			return nil, err
		}
		n.CreatedAt, n.ReadAt = fromMS(created), fromNullMS(read)
		out = append(out, n)
	}
	return out, rows.Err()
}

// Notifications lists actor's notifications, newest first, only for what
// actor may still see.
func (db *DB) Notifications(ctx context.Context, actor *praxis.User, unreadOnly bool, limit int) ([]*praxis.Notification, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see your notifications.")
	}
	if limit <= 0 {
		limit = praxis.DefaultPageSize
	} else if limit > praxis.MaxPageSize {
		limit = praxis.MaxPageSize
	}
	extra := ` ORDER BY n.id DESC LIMIT ` + sqlLimit(limit)
	if unreadOnly {
		extra = ` AND n.read_at IS NULL` + extra
	}
	var out []*praxis.Notification
	err := db.view(ctx, func(tx *Tx) (err error) {
		out, err = tx.notifications(ctx, actor, extra)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// OpenNotification returns one of actor's notifications and marks it read,
// in one transaction.
func (db *DB) OpenNotification(ctx context.Context, actor *praxis.User, id int64) (*praxis.Notification, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see your notifications.")
	}
	var n *praxis.Notification
	err := db.update(ctx, func(tx *Tx) error {
		ns, err := tx.notifications(ctx, actor, ` AND n.id = $4`, id)
		if err != nil {
			return err
		}
		if len(ns) == 0 {
			return notFound("This notification is no longer available.")
		}
		n = ns[0]
		if n.ReadAt != nil {
			return nil
		}
		now := tx.now
		n.ReadAt = &now
		_, err = tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3`, ms(tx.now), id, actor.ID)
		return err
	})
	db.unread.drop(actor.ID) // its stamp may not move within a millisecond
	return n, err
}

// unreadCountQuery counts unread notifications by the rule of the lists,
// stopping at praxis.MaxUnread+1. The limit is written into the text rather
// than bound: SQLite 3.53 compiles a statement again whenever the value
// bound to its LIMIT is bound anew, which would undo the statement cache.
var unreadCountQuery = `SELECT count(*) FROM (SELECT 1 AS unread` + notificationFrom + notificationVisible +
	` AND n.read_at IS NULL LIMIT ` + strconv.Itoa(praxis.MaxUnread+1) + `) u`

// UnreadCount counts actor's unread notifications with the same rule as
// Notifications, so that a count never reveals activity one may not see.
// Every signed-in page asks for it, and each row counted costs a lookup of
// its thread, post, community and membership, so it stops at
// praxis.MaxUnread+1 rows: a member who never reads pays for no more than
// that. The unread rows come from the notifications_unread index.
//
// The count is kept for each member (db.unread) under a stamp read by
// one statement of three index reads: the newest of their notifications,
// the last time one was read, and the version that every write which can
// change whether a notification may still be seen moves (visibility_version,
// migration 00017, moved by triggers whoever writes). Whatever changes the
// count changes the stamp, on any server; the count is also kept at most
// unreadKeep.
func (db *DB) UnreadCount(ctx context.Context, actor *praxis.User) (int, error) {
	if actor == nil {
		return 0, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see your notifications.")
	}
	id, signedIn, admin := viewerArgs(actor)
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		st := unreadStamp{signedIn: signedIn, admin: admin}
		if err := tx.QueryRowContext(ctx, unreadStampQuery, id).Scan(&st.newest, &st.lastRead, &st.visibility); err != nil {
			return err
		}
		now := ms(tx.now)
		var ok bool
		if n, ok = db.unread.get(actor.ID, st, now); ok {
			return nil
		}
		if err := tx.QueryRowContext(ctx, unreadCountQuery, id, signedIn, admin).Scan(&n); err != nil {
			return err
		}
		db.unread.put(actor.ID, st, now, ms(tx.now.Add(unreadKeep)), n)
		return nil
	})
	return n, err
}

// unreadStamp is what a member's kept unread count was counted under: the
// id of their newest notification, the last time one was read, the
// visibility version and what the member is (viewerArgs).
type unreadStamp struct {
	newest, lastRead, visibility int64
	signedIn, admin              bool
}

// unreadStampQuery reads an unreadStamp from the ends of the member's
// ranges in notifications_user and notifications_unread, and the version.
const unreadStampQuery = `SELECT COALESCE((SELECT max(id) FROM notifications WHERE user_id = $1), 0),
	COALESCE((SELECT max(read_at) FROM notifications WHERE user_id = $1), 0),
	(SELECT version FROM visibility_version WHERE id = 1)`

const (
	// unreadKeep bounds how long a count is kept.
	unreadKeep = 30 * time.Second
	// unreadKeptMax bounds how many members' counts are kept.
	unreadKeptMax = 20000
)

// maxMarkRead bounds the ids of one MarkRead, and so its placeholders.
const maxMarkRead = 1000

// MarkRead marks actor's notifications read: the given ones, or all when
// ids is empty. Ids of other people's notifications are ignored.
func (db *DB) MarkRead(ctx context.Context, actor *praxis.User, ids []int64) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see your notifications.")
	}
	if len(ids) > maxMarkRead {
		return praxis.Errorf(praxis.EINVALID, "Mark at most %d notifications at once, or all of them.", maxMarkRead)
	}
	err := db.update(ctx, func(tx *Tx) error {
		args := []any{ms(tx.now), actor.ID}
		q := `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`
		if len(ids) > 0 {
			q += ` AND id IN (` + inList(&args, ids) + `)`
		}
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	})
	db.unread.drop(actor.ID) // its stamp may not move within a millisecond
	return err
}

// followTarget resolves a follow target as actor may see it to its stored
// id: a community by slug, a topic as "slug/topic", a thread by its id.
// What actor may not see does not exist.
func (tx *Tx) followTarget(ctx context.Context, actor *praxis.User, targetType, target string) (int64, error) {
	switch targetType {
	case praxis.FollowCommunity:
		c, _, _, err := tx.visibleCommunity(ctx, actor, target)
		if err != nil {
			return 0, err
		}
		return c.ID, nil
	case praxis.FollowTopic:
		slug, name, ok := strings.Cut(target, "/")
		name = praxis.NormalizeTopic(name)
		if !ok || slug == "" || name == "" {
			return 0, praxis.Errorf(praxis.EINVALID, "Name a topic as community/topic, for example garden/compost.")
		}
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return 0, err
		}
		var id int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM topics WHERE community_id = $1 AND name = $2`, c.ID, name).Scan(&id)
		if isNoRows(err) {
			return 0, notFound("%s has no topic #%s.", c.Name, name)
		}
		return id, err
	case praxis.FollowThread:
		id, err := strconv.ParseInt(target, 10, 64)
		if err != nil || id <= 0 {
			return 0, praxis.Errorf(praxis.EINVALID, "Name a conversation by its number.")
		}
		t, _, _, err := tx.visibleThread(ctx, actor, id)
		if err != nil {
			return 0, err
		}
		return t.ID, nil
	}
	return 0, praxis.Errorf(praxis.EINVALID, "One can follow a community, a topic or a thread.")
}

// Follow starts or stops following a community, a topic or a thread.
// Stopping to follow what one does not follow is harmless.
func (db *DB) Follow(ctx context.Context, actor *praxis.User, targetType, target string, follow bool) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to follow.")
	}
	return db.update(ctx, func(tx *Tx) error {
		id, err := tx.followTarget(ctx, actor, targetType, target)
		if err != nil {
			return err
		}
		if follow {
			return tx.follow(ctx, actor.ID, targetType, id)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM follows WHERE user_id = $1 AND target_type = $2 AND target_id = $3`, actor.ID, targetType, id)
		return err
	})
}

// Following reports whether actor follows the target; anonymous visitors
// follow nothing.
func (db *DB) Following(ctx context.Context, actor *praxis.User, targetType, target string) (bool, error) {
	var following bool
	err := db.view(ctx, func(tx *Tx) error {
		id, err := tx.followTarget(ctx, actor, targetType, target)
		if err != nil || actor == nil {
			return err
		}
		following, err = tx.follows(ctx, actor.ID, targetType, id)
		return err
	})
	return following, err
}
