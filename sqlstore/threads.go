package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"praxis"
)

const threadColumns = `t.id, t.community_id, c.slug, t.kind, t.title, t.status, t.pinned, t.pinned_until, t.locked,
	COALESCE(t.accepted_post_id, 0), t.reply_count, t.helpful_count, t.excerpt, COALESCE(t.external_id, ''), t.created_at, t.last_activity_at,
	COALESCE(u.id, 0), COALESCE(u.handle, ''), COALESCE(u.display_name, ''), COALESCE(u.organization, ''), COALESCE(t.duplicate_of, 0)`

const threadFrom = ` FROM threads t JOIN communities c ON c.id = t.community_id LEFT JOIN users u ON u.id = t.author_id`

// threadRow receives a row of threadColumns.
type threadRow struct {
	t               praxis.Thread
	pinnedUntil     sql.NullInt64
	created, active int64
}

func (r *threadRow) dest() []any {
	t := &r.t
	return []any{&t.ID, &t.CommunityID, &t.CommunitySlug, &t.Kind, &t.Title, &t.Status, &t.Pinned, &r.pinnedUntil, &t.Locked,
		&t.AcceptedPostID, &t.ReplyCount, &t.HelpfulCount, &t.Excerpt, &t.ExternalID, &r.created, &r.active,
		&t.Author.ID, &t.Author.Handle, &t.Author.Name, &t.Author.Organization, &t.DuplicateOf}
}

func (r *threadRow) thread() *praxis.Thread {
	t := r.t
	t.PinnedUntil = fromNullMS(r.pinnedUntil)
	t.CreatedAt, t.LastActivityAt = fromMS(r.created), fromMS(r.active)
	t.Topics = []string{}
	return &t
}

func scanThread(s scanner) (*praxis.Thread, error) {
	var r threadRow
	if err := s.Scan(r.dest()...); err != nil {
		return nil, err
	}
	return r.thread(), nil
}

// viewerMembershipColumns are the columns of the viewer's membership row
// m, joined with LEFT JOIN: all empty when the viewer has none.
const viewerMembershipColumns = `COALESCE(m.role, ''), COALESCE(m.state, ''), COALESCE(m.message, ''), COALESCE(m.created_at, 0), m.joined_at`

// membershipRow receives a row of viewerMembershipColumns.
type membershipRow struct {
	m       praxis.Membership
	created int64
	joined  sql.NullInt64
}

func (r *membershipRow) dest() []any {
	return []any{&r.m.Role, &r.m.State, &r.m.Message, &r.created, &r.joined}
}

// membership returns the membership read, nil when there was none.
func (r *membershipRow) membership(communityID, userID int64) *praxis.Membership {
	if r.m.State == "" {
		return nil
	}
	m := r.m
	m.CommunityID, m.UserID = communityID, userID
	m.CreatedAt, m.JoinedAt = fromMS(r.created), fromNullMS(r.joined)
	return &m
}

// statusDeleted marks a thread whose opening post was deleted: it leaves
// lists and is shown to moderators only.
const statusDeleted = "deleted"

// visibleThread loads a thread that actor may see, with its community and
// actor's permissions there. A thread one may not see does not exist.
// The thread, its community and the viewer's membership come in one
// query: every thread page calls this, and on PostgreSQL each statement
// is a round trip.
func (tx *Tx) visibleThread(ctx context.Context, actor *praxis.User, threadID int64) (*praxis.Thread, *praxis.Community, praxis.Permissions, error) {
	var tr threadRow
	var mr membershipRow
	var viewerID int64
	if actor != nil {
		viewerID = actor.ID
	}
	c, err := scanCommunity(tx.QueryRowContext(ctx, `SELECT `+communityColumns+`, `+threadColumns+`, `+viewerMembershipColumns+threadFrom+`
		LEFT JOIN memberships m ON m.community_id = t.community_id AND m.user_id = $2 WHERE t.id = $1`, threadID, viewerID),
		append(tr.dest(), mr.dest()...)...)
	if isNoRows(err) {
		return nil, nil, praxis.Permissions{}, notFound("There is no conversation at this address.")
	} else if err != nil {
		return nil, nil, praxis.Permissions{}, err
	}
	t := tr.thread()
	var m *praxis.Membership
	if actor != nil {
		m = mr.membership(c.ID, actor.ID)
	}
	p := praxis.PermissionsFor(actor, c, m)
	if !p.View {
		return nil, nil, p, notFound("There is no conversation at this address.")
	}
	if t.Status == statusDeleted && !p.Moderate {
		return nil, nil, p, notFound("This conversation was deleted.")
	}
	if err := tx.loadTopics(ctx, []*praxis.Thread{t}); err != nil {
		return nil, nil, p, err
	}
	return t, c, p, nil
}

// loadTopics fills the topics of threads with one query.
func (tx *Tx) loadTopics(ctx context.Context, threads []*praxis.Thread) error {
	if len(threads) == 0 {
		return nil
	}
	byID := map[int64]*praxis.Thread{}
	ids := make([]int64, len(threads))
	for i, t := range threads {
		byID[t.ID], ids[i] = t, t.ID
	}
	var args []any
	rows, err := tx.QueryContext(ctx, `SELECT tt.thread_id, tp.name FROM thread_topics tt JOIN topics tp ON tp.id = tt.topic_id
		WHERE tt.thread_id IN (`+inList(&args, ids)+`) ORDER BY tp.name`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		byID[id].Topics = append(byID[id].Topics, name)
	}
	return rows.Err()
}

// cursor is a position in a sorted list: the sort key and the id.
func encodeCursor(key, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(key, 10) + ":" + strconv.FormatInt(id, 10)))
}

func decodeCursor(s string) (key, id int64, err error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		k, i, ok := strings.Cut(string(b), ":")
		if ok {
			if key, err = strconv.ParseInt(k, 10, 64); err == nil {
				if id, err = strconv.ParseInt(i, 10, 64); err == nil {
					return key, id, nil
				}
			}
		}
	}
	return 0, 0, praxis.Errorf(praxis.EINVALID, "The page cursor is not valid; start from the first page.")
}

// Threads lists a community's threads with keyset pagination.
func (db *DB) Threads(ctx context.Context, actor *praxis.User, slug string, f praxis.ThreadFilter) (*praxis.ThreadList, error) {
	sortCol, err := threadOrder(&f)
	if err != nil {
		return nil, err
	}
	var out *praxis.ThreadList
	err = db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		out, err = tx.threadList(ctx, actor, c.ID, f, sortCol)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func sortKey(t *praxis.Thread, sort string) int64 {
	switch sort {
	case praxis.SortNewest:
		return ms(t.CreatedAt)
	case praxis.SortHelpful:
		return int64(t.HelpfulCount)
	}
	return ms(t.LastActivityAt)
}

// Pinned lists a community's pinned threads whose pin has not expired.
func (db *DB) Pinned(ctx context.Context, actor *praxis.User, slug string) ([]*praxis.Thread, error) {
	var out []*praxis.Thread
	err := db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		out, err = tx.pinned(ctx, c.ID)
		return err
	})
	return out, err
}

// topicIDs finds or creates the community's topics by name. Topics a
// member introduces are proposals until a coordinator approves them.
func (tx *Tx) topicIDs(ctx context.Context, communityID, actorID int64, names []string, approve bool) ([]int64, error) {
	var ids []int64
	seen := map[string]bool{}
	for _, raw := range names {
		name := praxis.NormalizeTopic(raw)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM topics WHERE community_id = $1 AND name = $2`, communityID, name).Scan(&id)
		if isNoRows(err) {
			err = tx.QueryRowContext(ctx, `INSERT INTO topics (community_id, name, approved, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
				communityID, name, approve, nullID(actorID), ms(tx.now)).Scan(&id)
		}
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (tx *Tx) setThreadTopics(ctx context.Context, threadID int64, topicIDs []int64) error {
	tx.reindex(praxis.SearchThread, threadID)
	if _, err := tx.ExecContext(ctx, `DELETE FROM thread_topics WHERE thread_id = $1`, threadID); err != nil {
		return err
	}
	for _, id := range topicIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO thread_topics (thread_id, topic_id) VALUES ($1, $2)`, threadID, id); err != nil {
			return err
		}
	}
	return nil
}

// follows reports whether a user follows a community, a topic or a
// thread, named by its id.
func (tx *Tx) follows(ctx context.Context, userID int64, targetType string, targetID int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM follows WHERE user_id = $1 AND target_type = $2 AND target_id = $3`,
		userID, targetType, targetID).Scan(&n)
	return n > 0, err
}

// follow makes a user follow a target; following twice is harmless.
func (tx *Tx) follow(ctx context.Context, userID int64, targetType string, targetID int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO follows (user_id, target_type, target_id, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, target_type, target_id) DO NOTHING`, userID, targetType, targetID, ms(tx.now))
	return err
}

// cutRunes returns the first n characters of s.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// excerpt shortens plain text for lists.
func excerpt(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > n/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// insertPost writes a post, its first revision and its links to threads,
// and claims the attachments it shows.
func (tx *Tx) insertPost(ctx context.Context, p *praxis.Post, communityID int64, title string, r praxis.Rendered) error {
	p.CreatedAt, p.Revision = tx.now, 1
	if err := tx.QueryRowContext(ctx, `INSERT INTO posts (thread_id, community_id, author_id, opening, reply_to_id, source, html, external_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		p.ThreadID, communityID, nullID(p.Author.ID), p.Opening, nullID(p.ReplyToID), p.Source, r.HTML, nullString(p.ExternalID), ms(tx.now)).Scan(&p.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO post_revisions (post_id, number, author_id, title, source, summary, created_at) VALUES ($1, 1, $2, $3, $4, '', $5)`,
		p.ID, nullID(p.Author.ID), title, p.Source, ms(tx.now)); err != nil {
		return err
	}
	tx.reindex(praxis.SearchThread, p.ThreadID)
	if err := tx.linkThreads(ctx, p.ID, r.ThreadRefs); err != nil {
		return err
	}
	return tx.claimAttachments(ctx, p.ID, communityID, p.Author.ID, p.Source)
}

func (tx *Tx) linkThreads(ctx context.Context, postID int64, refs []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM post_links WHERE post_id = $1`, postID); err != nil {
		return err
	}
	for _, id := range refs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO post_links (post_id, thread_id) SELECT $1, id FROM threads WHERE id = $2
			ON CONFLICT (post_id, thread_id) DO NOTHING`, postID, id); err != nil {
			return err
		}
	}
	return nil
}

// CreateThread starts a thread in a community.
func (db *DB) CreateThread(ctx context.Context, actor *praxis.User, slug string, in praxis.ThreadInput) (*praxis.Thread, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to start a conversation.")
	}
	if err := in.Validate(true); err != nil {
		return nil, err
	}
	title, body := strings.TrimSpace(*in.Title), strings.TrimSpace(*in.Body)
	r := db.render.Render(body)
	var t *praxis.Thread
	err := db.update(ctx, func(tx *Tx) error {
		c, _, p, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		if !p.Participate {
			return praxis.Errorf(praxis.EFORBIDDEN, "Join %s to start a conversation in it.", c.Name)
		}
		kind := *in.Kind
		var pinnedUntil sql.NullInt64
		if kind == praxis.KindAnnouncement {
			if !p.Announce {
				return &praxis.Error{Code: praxis.EFORBIDDEN, Message: "Only coordinators post announcements; start a discussion instead.",
					Fields: map[string]string{"kind": "Only coordinators post announcements."}}
			}
			until := tx.now.Add(praxis.AnnouncementDays * 24 * time.Hour)
			if in.PinnedUntil != nil && *in.PinnedUntil != "" {
				d, _ := time.Parse("2006-01-02", *in.PinnedUntil)
				until = d.Add(24 * time.Hour)
			}
			pinnedUntil = sql.NullInt64{Int64: ms(until), Valid: true}
		}
		topicIDs, err := tx.topicIDs(ctx, c.ID, actor.ID, in.Topics, p.Moderate)
		if err != nil {
			return err
		}
		t = &praxis.Thread{CommunityID: c.ID, CommunitySlug: c.Slug, Kind: kind, Title: title, Status: praxis.ThreadOpen,
			Author: praxis.PersonRef{ID: actor.ID, Handle: actor.Handle, Name: actor.Name(), Organization: actor.Organization},
			Pinned: pinnedUntil.Valid, PinnedUntil: fromNullMS(pinnedUntil), CreatedAt: tx.now, LastActivityAt: tx.now,
			Excerpt: excerpt(r.Text, 240)}
		if err := tx.QueryRowContext(ctx, `INSERT INTO threads (community_id, kind, title, author_id, status, pinned, pinned_until, excerpt, created_at, last_activity_at)
			VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8, $8) RETURNING id`,
			c.ID, kind, title, actor.ID, t.Pinned, pinnedUntil, t.Excerpt, ms(tx.now)).Scan(&t.ID); err != nil {
			return err
		}
		post := &praxis.Post{ThreadID: t.ID, Opening: true, Author: t.Author, Source: body}
		if err := tx.insertPost(ctx, post, c.ID, title, r); err != nil {
			return err
		}
		if err := tx.setThreadTopics(ctx, t.ID, topicIDs); err != nil {
			return err
		}
		if err := tx.follow(ctx, actor.ID, praxis.FollowThread, t.ID); err != nil {
			return err
		}
		// Followers of the community or of a topic hear of the new thread;
		// mentioned members hear of the mention (which takes precedence).
		recipients := map[int64]string{}
		var args []any
		args = append(args, c.ID)
		topicCond := ""
		if len(topicIDs) > 0 {
			topicCond = ` OR (target_type = 'topic' AND target_id IN (` + inList(&args, topicIDs) + `))`
		}
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT user_id FROM follows WHERE (target_type = 'community' AND target_id = $1)`+topicCond, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			recipients[id] = praxis.NotifyNewThread
		}
		rows.Close()
		if err := tx.addMentions(ctx, recipients, r.Mentions); err != nil {
			return err
		}
		if err := tx.notify(ctx, c, actor.ID, t.ID, post.ID, recipients); err != nil {
			return err
		}
		t.Topics, err = tx.topicNames(ctx, t.ID)
		if err != nil {
			return err
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbPosted, "thread", t.ID, title)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (tx *Tx) topicNames(ctx context.Context, threadID int64) ([]string, error) {
	t := &praxis.Thread{ID: threadID, Topics: []string{}}
	err := tx.loadTopics(ctx, []*praxis.Thread{t})
	return t.Topics, err
}

// addMentions adds the users mentioned by handle to recipients.
func (tx *Tx) addMentions(ctx context.Context, recipients map[int64]string, handles []string) error {
	if len(handles) == 0 {
		return nil
	}
	var args []any
	rows, err := tx.QueryContext(ctx, `SELECT id FROM users WHERE handle IN (`+inList(&args, handles)+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		recipients[id] = praxis.NotifyMention
	}
	return rows.Err()
}

// notify writes one notification per recipient, except to the actor and to
// anyone who may not see the community: private means private in
// notifications too.
func (tx *Tx) notify(ctx context.Context, c *praxis.Community, actorID, threadID, postID int64, recipients map[int64]string) error {
	delete(recipients, actorID)
	if len(recipients) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(recipients))
	for id := range recipients {
		ids = append(ids, id)
	}
	var args []any
	list := inList(&args, ids)
	args = append(args, c.ID)
	cid := "$" + strconv.Itoa(len(args))
	rows, err := tx.QueryContext(ctx, `SELECT u.id, u.role, u.suspended, COALESCE(m.state, '') FROM users u
		LEFT JOIN memberships m ON m.user_id = u.id AND m.community_id = `+cid+`
		WHERE u.id IN (`+list+`) AND u.password_hash IS NOT NULL`, args...)
	if err != nil {
		return err
	}
	type who struct {
		id    int64
		kind  string
		allow bool
	}
	var out []who
	for rows.Next() {
		var u praxis.User
		var state string
		if err := rows.Scan(&u.ID, &u.Role, &u.Suspended, &state); err != nil {
			rows.Close()
			return err
		}
		var m *praxis.Membership
		if state != "" {
			m = &praxis.Membership{State: state}
		}
		out = append(out, who{u.ID, recipients[u.ID], praxis.PermissionsFor(&u, c, m).View})
	}
	rows.Close()
	for _, w := range out {
		if !w.allow {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, actor_id, community_id, thread_id, post_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, w.id, w.kind, nullID(actorID), c.ID, threadID, nullID(postID), ms(tx.now)); err != nil {
			return err
		}
	}
	return nil
}

const postColumns = `p.id, p.thread_id, p.opening, COALESCE(p.reply_to_id, 0), p.source, p.html, p.helpful, p.revision,
	p.deleted_at, p.hidden_at, COALESCE(p.external_id, ''), p.created_at, p.edited_at,
	COALESCE(u.id, 0), COALESCE(u.handle, ''), COALESCE(u.display_name, ''), COALESCE(u.organization, '')`

const postFrom = ` FROM posts p LEFT JOIN users u ON u.id = p.author_id`

func scanPost(s scanner) (*praxis.Post, error) {
	var p praxis.Post
	var deleted, hidden, edited sql.NullInt64
	var created int64
	if err := s.Scan(&p.ID, &p.ThreadID, &p.Opening, &p.ReplyToID, &p.Source, &p.HTML, &p.Helpful, &p.Revision,
		&deleted, &hidden, &p.ExternalID, &created, &edited,
		&p.Author.ID, &p.Author.Handle, &p.Author.Name, &p.Author.Organization); err != nil {
		return nil, err
	}
	p.Deleted, p.Hidden = deleted.Valid, hidden.Valid
	p.CreatedAt, p.EditedAt = fromMS(created), fromNullMS(edited)
	return &p, nil
}

// redact hides what a viewer may not read of a post: deleted posts become
// tombstones; hidden posts are shown only to moderators and their author.
func redact(p *praxis.Post, actor *praxis.User, perm praxis.Permissions) {
	if p.Deleted || (p.Hidden && !perm.Moderate && (actor == nil || actor.ID != p.Author.ID)) {
		p.Source, p.HTML = "", ""
	}
}

func (tx *Tx) posts(ctx context.Context, where string, args ...any) ([]*praxis.Post, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+postColumns+postFrom+` WHERE `+where+` ORDER BY p.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*praxis.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Thread returns a thread without its posts.
func (db *DB) Thread(ctx context.Context, actor *praxis.User, threadID int64) (*praxis.Thread, error) {
	var t *praxis.Thread
	err := db.view(ctx, func(tx *Tx) (err error) {
		t, _, _, err = tx.visibleThread(ctx, actor, threadID)
		return err
	})
	return t, err
}

// ThreadPage returns a thread with all its posts in a fixed number of
// queries, whatever the number of replies.
func (db *DB) ThreadPage(ctx context.Context, actor *praxis.User, threadID int64) (*praxis.ThreadPage, error) {
	var tp *praxis.ThreadPage
	err := db.view(ctx, func(tx *Tx) error {
		t, c, perm, err := tx.visibleThread(ctx, actor, threadID)
		if err != nil {
			return err
		}
		posts, err := tx.posts(ctx, "p.thread_id = $1", t.ID)
		if err != nil {
			return err
		}
		tp = &praxis.ThreadPage{Thread: t, Community: c, Perm: perm, CanModerate: perm.Moderate,
			CanAccept: t.Kind == praxis.KindQuestion && perm.Participate && actor != nil && (actor.ID == t.Author.ID || perm.Moderate)}
		if perm.Moderate && t.Kind == praxis.KindQuestion {
			tp.CanAccept = true
		}
		voted := map[int64]bool{}
		if actor != nil {
			rows, err := tx.QueryContext(ctx, `SELECT v.post_id FROM votes v JOIN posts p ON p.id = v.post_id WHERE p.thread_id = $1 AND v.user_id = $2`, t.ID, actor.ID)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				voted[id] = true
			}
			rows.Close()
			if tp.Following, err = tx.follows(ctx, actor.ID, praxis.FollowThread, t.ID); err != nil {
				return err
			}
		}
		for _, p := range posts {
			p.VotedByMe = voted[p.ID]
			p.Accepted = p.ID == t.AcceptedPostID
			redact(p, actor, perm)
			if p.Opening {
				tp.Opening = p
			} else {
				tp.Replies = append(tp.Replies, p)
			}
		}
		if tp.Opening == nil {
			return fmt.Errorf("thread %d has no opening post", t.ID)
		}
		// The articles written from the thread come with the page, in its
		// transaction, rather than from ArticlesFromThread in another.
		if tp.Articles, err = tx.articlesFromThread(ctx, actor, t.ID); err != nil {
			return err
		}
		// Threads that link here (rel 0), the original this one duplicates
		// (1) and its duplicates (2), as far as the viewer may see them.
		vid, signedIn, admin := viewerArgs(actor)
		rows, err := tx.QueryContext(ctx, `SELECT rel, id, title, slug, kind, status FROM (SELECT DISTINCT 0 AS rel, lt.id, lt.title, c.slug, lt.kind, lt.status
			FROM post_links pl JOIN posts lp ON lp.id = pl.post_id JOIN threads lt ON lt.id = lp.thread_id JOIN communities c ON c.id = lt.community_id
			LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = $1
			WHERE pl.thread_id = $4 AND lt.id <> $4 AND lp.deleted_at IS NULL AND lp.hidden_at IS NULL AND lt.status <> 'deleted' AND `+visibleWhere+`
			ORDER BY lt.id DESC LIMIT 20) linked
			UNION ALL SELECT CASE WHEN dt.id = $5 THEN 1 ELSE 2 END, dt.id, dt.title, c.slug, dt.kind, dt.status
			FROM threads dt JOIN communities c ON c.id = dt.community_id LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = $1
			WHERE (dt.id = $5 OR dt.duplicate_of = $4) AND dt.id <> $4 AND dt.status <> 'deleted' AND `+visibleWhere+`
			ORDER BY 1, 2 DESC`, vid, signedIn, admin, t.ID, t.DuplicateOf)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var rel int
			lt := &praxis.Thread{Topics: []string{}}
			if err := rows.Scan(&rel, &lt.ID, &lt.Title, &lt.CommunitySlug, &lt.Kind, &lt.Status); err != nil {
				return err
			}
			switch rel {
			case 0:
				tp.LinkedFrom = append(tp.LinkedFrom, lt)
			case 1:
				tp.Original = lt
			default:
				tp.Duplicates = append(tp.Duplicates, lt)
			}
		}
		return rows.Err()
	})
	return tp, err
}

// Reply adds a reply to a thread.
func (db *DB) Reply(ctx context.Context, actor *praxis.User, threadID int64, body string, replyTo int64) (*praxis.Post, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to reply.")
	}
	var v praxis.Validation
	praxis.ValidateBody(&v, "body", &body)
	if err := v.Err(); err != nil {
		return nil, err
	}
	body = strings.TrimSpace(body)
	r := db.render.Render(body)
	var p *praxis.Post
	err := db.update(ctx, func(tx *Tx) error {
		t, c, perm, err := tx.visibleThread(ctx, actor, threadID)
		if err != nil {
			return err
		}
		switch {
		case !perm.Participate:
			return praxis.Errorf(praxis.EFORBIDDEN, "Join %s to reply.", c.Name)
		case t.Locked && !perm.Moderate:
			return praxis.Errorf(praxis.EFORBIDDEN, "This conversation is locked: no new replies.")
		case t.Status == praxis.ThreadClosed && !perm.Moderate:
			return praxis.Errorf(praxis.EFORBIDDEN, "This conversation is closed: no new replies.")
		}
		if replyTo != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM posts WHERE id = $1 AND thread_id = $2`, replyTo, t.ID).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return praxis.Errorf(praxis.EINVALID, "You can only reply to a post of this conversation.")
			}
		}
		p = &praxis.Post{ThreadID: t.ID, Author: praxis.PersonRef{ID: actor.ID, Handle: actor.Handle, Name: actor.Name(), Organization: actor.Organization},
			ReplyToID: replyTo, Source: body, HTML: r.HTML}
		if err := tx.insertPost(ctx, p, c.ID, "", r); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET reply_count = reply_count + 1, last_activity_at = $1 WHERE id = $2`, ms(tx.now), t.ID); err != nil {
			return err
		}
		if err := tx.follow(ctx, actor.ID, praxis.FollowThread, t.ID); err != nil {
			return err
		}
		recipients := map[int64]string{}
		rows, err := tx.QueryContext(ctx, `SELECT user_id FROM follows WHERE target_type = 'thread' AND target_id = $1`, t.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			recipients[id] = praxis.NotifyReply
		}
		rows.Close()
		if t.Kind == praxis.KindQuestion && t.Author.ID != 0 {
			recipients[t.Author.ID] = praxis.NotifyAnswer
		}
		if err := tx.addMentions(ctx, recipients, r.Mentions); err != nil {
			return err
		}
		if err := tx.notify(ctx, c, actor.ID, t.ID, p.ID, recipients); err != nil {
			return err
		}
		verb := praxis.VerbReplied
		if t.Kind == praxis.KindQuestion {
			verb = praxis.VerbAnswered
		}
		if err := tx.threadChanged(ctx, t.ID); err != nil {
			return err
		}
		return tx.logActivity(ctx, c.ID, actor.ID, verb, "post", p.ID, t.Title)
	})
	if err != nil {
		return nil, err
	}
	db.published(p.ThreadID)
	return p, nil
}

// PostsSince lists a thread's replies after a post, for live updates.
func (db *DB) PostsSince(ctx context.Context, actor *praxis.User, threadID, afterID int64) ([]*praxis.Post, error) {
	var out []*praxis.Post
	err := db.view(ctx, func(tx *Tx) error {
		t, _, perm, err := tx.visibleThread(ctx, actor, threadID)
		if err != nil {
			return err
		}
		if out, err = tx.posts(ctx, "p.thread_id = $1 AND p.id > $2 AND NOT p.opening", t.ID, afterID); err != nil {
			return err
		}
		for _, p := range out {
			p.Accepted = p.ID == t.AcceptedPostID
			redact(p, actor, perm)
		}
		return nil
	})
	return out, err
}

// postInThread loads a post with its visible thread.
func (tx *Tx) postInThread(ctx context.Context, actor *praxis.User, postID int64) (*praxis.Post, *praxis.Thread, *praxis.Community, praxis.Permissions, error) {
	var threadID int64
	err := tx.QueryRowContext(ctx, `SELECT thread_id FROM posts WHERE id = $1`, postID).Scan(&threadID)
	if isNoRows(err) {
		return nil, nil, nil, praxis.Permissions{}, notFound("There is no such post.")
	} else if err != nil {
		return nil, nil, nil, praxis.Permissions{}, err
	}
	t, c, perm, err := tx.visibleThread(ctx, actor, threadID)
	if err != nil {
		return nil, nil, nil, perm, notFound("There is no such post.")
	}
	ps, err := tx.posts(ctx, "p.id = $1", postID)
	if err != nil {
		return nil, nil, nil, perm, err
	}
	return ps[0], t, c, perm, nil
}

// EditPost changes a post, keeping the previous text as a revision.
func (db *DB) EditPost(ctx context.Context, actor *praxis.User, postID int64, in praxis.ThreadInput, summary string) (*praxis.Post, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to edit.")
	}
	summary = strings.TrimSpace(summary)
	var v praxis.Validation
	praxis.ValidateText(&v, "summary", "The summary", summary, praxis.MaxEditSummaryLen, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	in.Kind = nil
	if err := in.Validate(false); err != nil {
		return nil, err
	}
	var p *praxis.Post
	err := db.update(ctx, func(tx *Tx) error {
		var t *praxis.Thread
		var c *praxis.Community
		var perm praxis.Permissions
		var err error
		p, t, c, perm, err = tx.postInThread(ctx, actor, postID)
		if err != nil {
			return err
		}
		own := p.Author.ID == actor.ID
		switch {
		case p.Deleted:
			return praxis.Errorf(praxis.ECONFLICT, "This post was deleted and cannot be edited.")
		case !perm.Moderate && !(own && perm.Participate):
			return praxis.Errorf(praxis.EFORBIDDEN, "Only the author or a coordinator can edit this post.")
		case t.Locked && !perm.Moderate:
			return praxis.Errorf(praxis.EFORBIDDEN, "This conversation is locked.")
		}
		title := t.Title
		if p.Opening && in.Title != nil {
			title = strings.TrimSpace(*in.Title)
		} else if !p.Opening && (in.Title != nil || in.Topics != nil) {
			return praxis.Errorf(praxis.EINVALID, "Only the opening post has a title and topics.")
		}
		source := p.Source
		if in.Body != nil {
			source = strings.TrimSpace(*in.Body)
		}
		changed := source != p.Source || title != t.Title
		if p.Opening && in.Topics != nil {
			ids, err := tx.topicIDs(ctx, c.ID, actor.ID, in.Topics, perm.Moderate)
			if err != nil {
				return err
			}
			if err := tx.setThreadTopics(ctx, t.ID, ids); err != nil {
				return err
			}
		}
		if !changed {
			return nil
		}
		tx.reindex(praxis.SearchThread, t.ID)
		r := db.render.Render(source)
		p.Revision++
		p.Source, p.HTML = source, r.HTML
		edited := tx.now
		p.EditedAt = &edited
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET source = $1, html = $2, revision = $3, edited_at = $4 WHERE id = $5`,
			p.Source, p.HTML, p.Revision, ms(tx.now), p.ID); err != nil {
			return err
		}
		revTitle := "" // only an opening post's revisions carry the title, as insertPost does
		if p.Opening {
			revTitle = title
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO post_revisions (post_id, number, author_id, title, source, summary, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			p.ID, p.Revision, actor.ID, revTitle, source, summary, ms(tx.now)); err != nil {
			return err
		}
		if p.Opening {
			if _, err := tx.ExecContext(ctx, `UPDATE threads SET title = $1, excerpt = $2 WHERE id = $3`, title, excerpt(r.Text, 240), t.ID); err != nil {
				return err
			}
		}
		if err := tx.linkThreads(ctx, p.ID, r.ThreadRefs); err != nil {
			return err
		}
		if err := tx.claimAttachments(ctx, p.ID, c.ID, actor.ID, source); err != nil {
			return err
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbEdited, "post", p.ID, title)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// PostRevisions lists a post's revisions, newest first.
func (db *DB) PostRevisions(ctx context.Context, actor *praxis.User, postID int64) ([]*praxis.PostRevision, error) {
	var out []*praxis.PostRevision
	err := db.view(ctx, func(tx *Tx) error {
		p, _, _, perm, err := tx.postInThread(ctx, actor, postID)
		if err != nil {
			return err
		}
		if p.Deleted || (p.Hidden && !perm.Moderate && (actor == nil || actor.ID != p.Author.ID)) {
			return notFound("This post's history is not available.")
		}
		rows, err := tx.QueryContext(ctx, `SELECT r.number, r.title, r.source, r.summary, r.created_at,
				COALESCE(u.handle, ''), COALESCE(u.display_name, ''), COALESCE(u.organization, '')
			FROM post_revisions r LEFT JOIN users u ON u.id = r.author_id WHERE r.post_id = $1 ORDER BY r.number DESC`, p.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := &praxis.PostRevision{}
			var at int64
			if err := rows.Scan(&r.Number, &r.Title, &r.Source, &r.Summary, &at, &r.Author.Handle, &r.Author.Name, &r.Author.Organization); err != nil {
				return err
			}
			r.CreatedAt = fromMS(at)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// DeletePost soft-deletes a post. Deleting the opening post deletes the
// thread for everyone but moderators.
func (db *DB) DeletePost(ctx context.Context, actor *praxis.User, postID int64) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	return db.update(ctx, func(tx *Tx) error {
		p, t, c, perm, err := tx.postInThread(ctx, actor, postID)
		if err != nil {
			return err
		}
		if p.Deleted {
			return nil
		}
		if !perm.Moderate && p.Author.ID != actor.ID {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only the author or a coordinator can delete this post.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET deleted_at = $1, deleted_by = $2 WHERE id = $3`, ms(tx.now), actor.ID, p.ID); err != nil {
			return err
		}
		tx.reindex(praxis.SearchThread, t.ID)
		switch {
		case p.Opening:
			if _, err := tx.ExecContext(ctx, `UPDATE threads SET status = 'deleted', pinned = $1 WHERE id = $2`, false, t.ID); err != nil {
				return err
			}
		default:
			status := t.Status
			accepted := sql.NullInt64{Int64: t.AcceptedPostID, Valid: t.AcceptedPostID != 0}
			if t.AcceptedPostID == p.ID {
				accepted = sql.NullInt64{}
				if status == praxis.ThreadSolved { // a closed or deleted thread stays so
					status = praxis.ThreadOpen
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE threads SET reply_count = reply_count - 1, helpful_count = helpful_count - $1,
				status = $2, accepted_post_id = $3 WHERE id = $4`, p.Helpful, status, accepted, t.ID); err != nil {
				return err
			}
		}
		if p.Author.ID != actor.ID {
			if err := tx.modLog(ctx, c.ID, actor.ID, "delete", t.ID, p.ID, ""); err != nil {
				return err
			}
		}
		return nil
	})
}

// modLog records a moderation action, visible to the community's coordinators.
func (tx *Tx) modLog(ctx context.Context, communityID, actorID int64, action string, threadID, postID int64, reason string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO moderation_log (community_id, actor_id, action, thread_id, post_id, reason, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, communityID, actorID, action, nullID(threadID), nullID(postID), reason, ms(tx.now))
	return err
}

// Accept marks a reply as the accepted answer; accepting it again undoes it.
func (db *DB) Accept(ctx context.Context, actor *praxis.User, threadID, postID int64) (*praxis.Thread, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	var t *praxis.Thread
	err := db.update(ctx, func(tx *Tx) error {
		var c *praxis.Community
		var perm praxis.Permissions
		var err error
		t, c, perm, err = tx.visibleThread(ctx, actor, threadID)
		if err != nil {
			return err
		}
		if t.Kind != praxis.KindQuestion {
			return praxis.Errorf(praxis.EINVALID, "Only questions have accepted answers.")
		}
		if !perm.Moderate && !(perm.Participate && actor.ID == t.Author.ID) {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only the person who asked, or a coordinator, can accept an answer.")
		}
		var postThread int64
		var opening bool
		var deleted sql.NullInt64
		var author sql.NullInt64
		err = tx.QueryRowContext(ctx, `SELECT thread_id, opening, deleted_at, author_id FROM posts WHERE id = $1`, postID).Scan(&postThread, &opening, &deleted, &author)
		switch {
		case isNoRows(err) || (err == nil && postThread != t.ID):
			return praxis.Errorf(praxis.EINVALID, "That answer belongs to another conversation.")
		case err != nil:
			return err
		case opening:
			return praxis.Errorf(praxis.EINVALID, "The question itself cannot be its answer.")
		case deleted.Valid:
			return praxis.Errorf(praxis.EINVALID, "That answer was deleted.")
		}
		// Accepting moves an open question to solved and back; a closed
		// question stays closed, and reopening it shows whether it is solved.
		tx.reindex(praxis.SearchThread, t.ID)
		reopenable := t.Status == praxis.ThreadOpen || t.Status == praxis.ThreadSolved
		if t.AcceptedPostID == postID {
			t.AcceptedPostID = 0
			if reopenable {
				t.Status = praxis.ThreadOpen
			}
			_, err = tx.ExecContext(ctx, `UPDATE threads SET accepted_post_id = NULL, status = $1 WHERE id = $2`, t.Status, t.ID)
			return err
		}
		t.AcceptedPostID = postID
		if reopenable {
			t.Status = praxis.ThreadSolved
		}
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET accepted_post_id = $1, status = $2, last_activity_at = $3 WHERE id = $4`,
			postID, t.Status, ms(tx.now), t.ID); err != nil {
			return err
		}
		if author.Valid {
			if err := tx.notify(ctx, c, actor.ID, t.ID, postID, map[int64]string{author.Int64: praxis.NotifyAccepted}); err != nil {
				return err
			}
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbAccepted, "post", postID, t.Title)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// Vote records or withdraws a "helpful" vote.
func (db *DB) Vote(ctx context.Context, actor *praxis.User, postID int64, helpful bool) (*praxis.Post, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to vote.")
	}
	var p *praxis.Post
	var perm praxis.Permissions
	err := db.update(ctx, func(tx *Tx) error {
		var t *praxis.Thread
		var c *praxis.Community
		var err error
		p, t, c, perm, err = tx.postInThread(ctx, actor, postID)
		if err != nil {
			return err
		}
		switch {
		case !perm.Participate:
			return praxis.Errorf(praxis.EFORBIDDEN, "Join %s to vote.", c.Name)
		case p.Author.ID == actor.ID:
			return praxis.Errorf(praxis.EFORBIDDEN, "You cannot vote for your own post.")
		case p.Deleted:
			return praxis.Errorf(praxis.EINVALID, "That post was deleted.")
		}
		delta := 1
		if helpful {
			_, err := tx.ExecContext(ctx, `INSERT INTO votes (post_id, user_id, created_at) VALUES ($1, $2, $3)`, p.ID, actor.ID, ms(tx.now))
			if isUniqueViolation(err) {
				return praxis.Errorf(praxis.ECONFLICT, "You already found this post helpful.")
			} else if err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, `DELETE FROM votes WHERE post_id = $1 AND user_id = $2`, p.ID, actor.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return notFound("You had not voted for this post.")
			}
			delta = -1
		}
		p.Helpful += delta
		p.VotedByMe = helpful
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET helpful = helpful + $1 WHERE id = $2`, delta, p.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET helpful_count = helpful_count + $1 WHERE id = $2`, delta, t.ID); err != nil {
			return err
		}
		if !helpful {
			return nil
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbVoted, "post", p.ID, t.Title)
	})
	if err != nil {
		return nil, err
	}
	redact(p, actor, perm)
	return p, nil
}

// threadToModerate loads a live thread that actor may moderate, for a
// coordinator's action on it; forbidden is the refusal for someone who
// may see the thread but not moderate it.
func (tx *Tx) threadToModerate(ctx context.Context, actor *praxis.User, threadID int64, forbidden string) (*praxis.Thread, *praxis.Community, error) {
	t, c, perm, err := tx.visibleThread(ctx, actor, threadID)
	if err != nil {
		return nil, nil, err
	}
	if !perm.Moderate {
		return nil, nil, praxis.Errorf(praxis.EFORBIDDEN, "%s", forbidden)
	}
	if t.Status == statusDeleted {
		return nil, nil, praxis.Errorf(praxis.ECONFLICT, "This conversation was deleted.")
	}
	return t, c, nil
}

// SetThreadState pins, locks, closes or reopens a thread.
func (db *DB) SetThreadState(ctx context.Context, actor *praxis.User, threadID int64, st praxis.ThreadState) (*praxis.Thread, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	if st.Status != nil && *st.Status != praxis.ThreadOpen && *st.Status != praxis.ThreadClosed {
		return nil, praxis.Errorf(praxis.EINVALID, "A conversation can be set open or closed; accepting an answer solves it.")
	}
	var t *praxis.Thread
	err := db.update(ctx, func(tx *Tx) error {
		var c *praxis.Community
		var err error
		t, c, err = tx.threadToModerate(ctx, actor, threadID, "Only coordinators can pin, lock or close conversations.")
		if err != nil {
			return err
		}
		var actions []string
		if st.Pinned != nil && *st.Pinned != t.Pinned {
			t.Pinned = *st.Pinned
			actions = append(actions, map[bool]string{true: "pin", false: "unpin"}[t.Pinned])
		}
		if st.Locked != nil && *st.Locked != t.Locked {
			t.Locked = *st.Locked
			actions = append(actions, map[bool]string{true: "lock", false: "unlock"}[t.Locked])
		}
		if st.Status != nil && *st.Status != t.Status {
			if *st.Status == praxis.ThreadClosed {
				t.Status = praxis.ThreadClosed
				actions = append(actions, "close")
			} else if t.Status == praxis.ThreadClosed {
				t.Status = praxis.ThreadOpen
				if t.AcceptedPostID != 0 {
					t.Status = praxis.ThreadSolved
				}
				actions = append(actions, "reopen")
			}
		}
		if len(actions) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET pinned = $1, locked = $2, status = $3 WHERE id = $4`, t.Pinned, t.Locked, t.Status, t.ID); err != nil {
			return err
		}
		tx.reindex(praxis.SearchThread, t.ID)
		for _, a := range actions {
			if err := tx.modLog(ctx, c.ID, actor.ID, a, t.ID, 0, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// MoveThread moves a thread to another community. The mover must
// moderate both; the thread's topics, which belong to the old community,
// are dropped.
func (db *DB) MoveThread(ctx context.Context, actor *praxis.User, threadID int64, toSlug string) (*praxis.Thread, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	var t *praxis.Thread
	err := db.update(ctx, func(tx *Tx) error {
		var from *praxis.Community
		var perm praxis.Permissions
		var err error
		t, from, perm, err = tx.visibleThread(ctx, actor, threadID)
		if err != nil {
			return err
		}
		if !perm.Moderate {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only coordinators can move conversations.")
		}
		to, _, toPerm, err := tx.visibleCommunity(ctx, actor, toSlug)
		if err != nil {
			return &praxis.Error{Code: praxis.ENOTFOUND, Message: "There is no community at that address.", Fields: map[string]string{"to": "No such community."}}
		}
		if !toPerm.Moderate {
			return praxis.Errorf(praxis.EFORBIDDEN, "You can only move conversations into a community you coordinate.")
		}
		if to.ID == from.ID {
			return nil
		}
		for _, q := range []string{
			`UPDATE threads SET community_id = $1 WHERE id = $2`,
			`UPDATE posts SET community_id = $1 WHERE thread_id = $2`,
			`UPDATE notifications SET community_id = $1 WHERE thread_id = $2`,
			`UPDATE attachments SET community_id = $1 WHERE post_id IN (SELECT id FROM posts WHERE thread_id = $2)`,
			`UPDATE flags SET community_id = $1 WHERE post_id IN (SELECT id FROM posts WHERE thread_id = $2)`,
		} {
			if _, err := tx.ExecContext(ctx, q, to.ID, t.ID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM thread_topics WHERE thread_id = $1`, t.ID); err != nil {
			return err
		}
		tx.reindex(praxis.SearchThread, t.ID)
		if err := tx.modLog(ctx, from.ID, actor.ID, "move-out", t.ID, 0, "to "+to.Slug); err != nil {
			return err
		}
		if err := tx.modLog(ctx, to.ID, actor.ID, "move-in", t.ID, 0, "from "+from.Slug); err != nil {
			return err
		}
		t.CommunityID, t.CommunitySlug, t.Topics = to.ID, to.Slug, []string{}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// Topics lists a community's topics with their thread counts.
func (db *DB) Topics(ctx context.Context, actor *praxis.User, slug string) ([]*praxis.Topic, error) {
	var out []*praxis.Topic
	err := db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT tp.name, tp.description, tp.approved, count(t.id) FROM topics tp
			LEFT JOIN thread_topics tt ON tt.topic_id = tp.id LEFT JOIN threads t ON t.id = tt.thread_id AND t.status <> 'deleted'
			WHERE tp.community_id = $1 GROUP BY tp.id, tp.name, tp.description, tp.approved ORDER BY count(t.id) DESC, tp.name`, c.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t := &praxis.Topic{}
			if err := rows.Scan(&t.Name, &t.Description, &t.Approved, &t.ThreadCount); err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// SaveTopic creates a topic, or describes or approves one (coordinators).
func (db *DB) SaveTopic(ctx context.Context, actor *praxis.User, slug string, in praxis.Topic) (*praxis.Topic, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	in.Name = praxis.NormalizeTopic(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	var v praxis.Validation
	praxis.ValidateText(&v, "name", "The topic", in.Name, praxis.MaxTopicLen, true)
	praxis.ValidateText(&v, "description", "The description", in.Description, 500, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := db.update(ctx, func(tx *Tx) error {
		c, _, perm, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		if !perm.Participate && !perm.Moderate {
			return praxis.Errorf(praxis.EFORBIDDEN, "Join %s to propose topics.", c.Name)
		}
		approved := in.Approved && perm.Moderate
		_, err = tx.ExecContext(ctx, `INSERT INTO topics (community_id, name, description, approved, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (community_id, name) DO UPDATE SET description = CASE WHEN $7 THEN excluded.description ELSE topics.description END,
				approved = CASE WHEN $7 THEN excluded.approved ELSE topics.approved END`,
			c.ID, in.Name, in.Description, approved, actor.ID, ms(tx.now), perm.Moderate)
		in.Approved = approved
		return err
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}
