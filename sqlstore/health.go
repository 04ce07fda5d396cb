package sqlstore

import (
	"context"
	"slices"
	"time"

	"praxis"
)

// Health reads a community's health (praxis.Health) in one transaction:
// the posts of the last twelve weeks counted by week, the questions of
// the last thirty days with their first answers, the newcomers, the
// published articles and the rhythm. Each is one indexed read of the
// community's rows in its window.
//
// All but the rhythm is the same for every viewer, and is kept (healthKeep)
// against the versions that triggers move in the community's writes
// (migrations 00012 and 00013: its row, its contents, its members), as the
// web server keeps anonymous pages: a post moves its thread, hence the
// contents; a newcomer the members; an article, a thread deleted or an
// answer hidden the contents. The windows that move with time, and the
// rare change that moves no version (an author's account deleted), wait
// at most healthKeep. A second server keeps its own.
func (db *DB) Health(ctx context.Context, actor *praxis.User, slug string) (*praxis.Health, error) {
	var out *praxis.Health
	err := db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		var stamp [3]int64
		if err := tx.QueryRowContext(ctx, `SELECT c.version, x.page_version, x.members_version
			FROM communities c JOIN community_counts x ON x.community_id = c.id WHERE c.id = $1`, c.ID).Scan(&stamp[0], &stamp[1], &stamp[2]); err != nil {
			return err
		}
		h, ok := db.health.get(c.ID, stamp, ms(tx.now))
		if !ok {
			if h, err = tx.health(ctx, c); err != nil {
				return err
			}
			db.health.put(c.ID, stamp, ms(tx.now), ms(tx.now.Add(healthKeep)), h)
		}
		rh, err := tx.rhythm(ctx, actor, c, 3, false)
		if err != nil {
			return err
		}
		h.Cadence, h.MissedBeat, h.Next = rh.Cadence, rh.MissedBeat, rh.Next
		h.Signals = praxis.HealthSignals(&h)
		out = &h
		return nil
	})
	return out, err
}

// health computes what Health keeps.
func (tx *Tx) health(ctx context.Context, c *praxis.Community) (praxis.Health, error) {
	h := praxis.Health{Community: c.Slug, GeneratedAt: tx.now, Waiting: []*praxis.HealthThread{}}
	since := tx.now.AddDate(0, 0, -praxis.HealthDays)
	if err := tx.healthWeeks(ctx, c, &h); err != nil {
		return h, err
	}
	if err := tx.healthQuestions(ctx, c, since, &h); err != nil {
		return h, err
	}
	if err := tx.healthMembers(ctx, c, since, &h); err != nil {
		return h, err
	}
	err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(CASE WHEN a.review_by <> '' AND a.review_by < $2 THEN 1 ELSE 0 END), 0)
		FROM articles a WHERE a.community_id = $1 AND a.status = 'published'`, c.ID, tx.now.Format(time.DateOnly)).
		Scan(&h.Knowledge.Published, &h.Knowledge.Overdue)
	return h, err
}

// healthKeep is how long a community's health is kept at most.
const healthKeep = 30 * time.Second

// healthWeeks counts the visible posts and the questions of the last
// HealthWeeks weeks. The posts come from an index that holds what is
// counted (posts_community_live, migration 00016), without the threads:
// a busy community writes fifteen thousand posts in twelve weeks, and
// reading their rows, or their threads' rows, was most of the page.
// Posts of deleted threads are left out by the list of those threads.
func (tx *Tx) healthWeeks(ctx context.Context, c *praxis.Community, h *praxis.Health) error {
	start := praxis.HealthWindow(tx.now)
	const week = 7 * dayMS
	h.Weeks = make([]praxis.HealthWeek, praxis.HealthWeeks)
	for i := range h.Weeks {
		h.Weeks[i].Start = start.AddDate(0, 0, 7*i)
	}
	args := []any{c.ID, ms(start), week, ms(start) + praxis.HealthWeeks*week}
	count := func(query string, scan func(w *praxis.HealthWeek) []any) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var i int64
			var w praxis.HealthWeek
			if err := rows.Scan(append([]any{&i}, scan(&w)...)...); err != nil {
				return err
			}
			if i >= 0 && i < int64(len(h.Weeks)) {
				x := &h.Weeks[i]
				x.Posts, x.Participants, x.Questions = x.Posts+w.Posts, x.Participants+w.Participants, x.Questions+w.Questions
			}
		}
		return rows.Err()
	}
	err := count(`SELECT (p.created_at - $2) / $3, count(*), count(DISTINCT p.author_id) FROM posts p
		WHERE p.community_id = $1 AND p.created_at >= $2 AND p.created_at < $4 AND p.deleted_at IS NULL AND p.hidden_at IS NULL
			AND p.thread_id NOT IN (SELECT t.id FROM threads t WHERE t.community_id = $1 AND t.status = 'deleted')
		GROUP BY 1`, func(w *praxis.HealthWeek) []any { return []any{&w.Posts, &w.Participants} })
	if err != nil {
		return err
	}
	return count(`SELECT (t.created_at - $2) / $3, count(*) FROM threads t
		WHERE t.community_id = $1 AND t.created_at >= $2 AND t.created_at < $4 AND t.kind = 'question' AND t.status <> 'deleted'
		GROUP BY 1`, func(w *praxis.HealthWeek) []any { return []any{&w.Questions} })
}

// healthQuestions reads the questions asked since then with the time of
// their first answer (a reply by someone other than the asker).
func (tx *Tx) healthQuestions(ctx context.Context, c *praxis.Community, since time.Time, h *praxis.Health) error {
	rows, err := tx.QueryContext(ctx, `SELECT t.id, t.title, t.status, t.created_at,
			COALESCE((SELECT min(p.created_at) FROM posts p WHERE p.thread_id = t.id AND NOT p.opening
				AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND COALESCE(p.author_id, 0) <> COALESCE(t.author_id, 0)), 0)
		FROM threads t
		WHERE t.community_id = $1 AND t.created_at >= $2 AND t.kind = 'question' AND t.status <> 'deleted' AND t.duplicate_of IS NULL
		ORDER BY t.created_at, t.id`, c.ID, ms(since))
	if err != nil {
		return err
	}
	defer rows.Close()
	var waits []float64
	q := &h.Questions
	for rows.Next() {
		var t praxis.HealthThread
		var status string
		var created, answered int64
		if err := rows.Scan(&t.ID, &t.Title, &status, &created, &answered); err != nil {
			return err
		}
		t.CreatedAt = fromMS(created)
		q.Asked++
		if status == praxis.ThreadSolved {
			q.Solved++
		}
		switch {
		case answered != 0:
			q.Answered++
			waits = append(waits, float64(answered-created)/float64(time.Hour/time.Millisecond))
		case status == praxis.ThreadOpen && tx.now.Sub(t.CreatedAt) >= praxis.HealthWait:
			q.Waiting++
			if len(h.Waiting) < praxis.HealthWaitList {
				t.URL = (&praxis.Thread{ID: t.ID, CommunitySlug: c.Slug, Title: t.Title}).Path()
				h.Waiting = append(h.Waiting, &t)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n := len(waits); n > 0 {
		slices.Sort(waits)
		q.MedianFirstReplyHours = waits[n/2]
		if n%2 == 0 {
			q.MedianFirstReplyHours = (waits[n/2-1] + waits[n/2]) / 2
		}
	}
	return nil
}

// healthMembers counts the active members, and those who joined since
// then and have written in the community since they joined.
func (tx *Tx) healthMembers(ctx context.Context, c *praxis.Community, since time.Time, h *praxis.Health) error {
	return tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT x.members FROM community_counts x WHERE x.community_id = $1), 0),
			count(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM posts p WHERE p.author_id = m.user_id AND p.community_id = $1
				AND p.created_at >= m.joined_at AND p.deleted_at IS NULL) THEN 1 ELSE 0 END), 0)
		FROM memberships m WHERE m.community_id = $1 AND m.state = 'active' AND m.joined_at >= $2`, c.ID, ms(since)).
		Scan(&h.Members.Active, &h.Members.Joined, &h.Members.JoinedWritten)
}
