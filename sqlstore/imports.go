package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"praxis"
)

var _ praxis.ImportStore = (*DB)(nil)

// importCommunity loads the community an import writes into, whatever its
// visibility: imports are run by the operator of the instance.
func (tx *Tx) importCommunity(ctx context.Context, slug string) (*praxis.Community, error) {
	c, _, err := tx.communityBySlug(ctx, nil, slug)
	if praxis.ErrorCode(err) == praxis.ENOTFOUND {
		return nil, notFound("There is no community with the address %q: create it first, then import into it.", slug)
	}
	return c, err
}

// ImportState loads what earlier imports from source wrote into the
// community, so that an import skips it.
func (db *DB) ImportState(ctx context.Context, slug, source string) (*praxis.ImportState, error) {
	st := &praxis.ImportState{Users: map[string]int64{}, Members: map[int64]bool{}, Topics: map[string]int64{},
		Threads: map[string]int64{}, Posts: map[string]praxis.ImportedPost{}}
	err := db.view(ctx, func(tx *Tx) error {
		c, err := tx.importCommunity(ctx, slug)
		if err != nil {
			return err
		}
		st.Community = c
		each := func(query string, scan func(*sql.Rows) error, args ...any) error {
			rows, err := tx.QueryContext(ctx, query, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				if err := scan(rows); err != nil {
					return err
				}
			}
			return rows.Err()
		}
		var ext string
		var id, threadID int64
		if err := each(`SELECT external_id, id FROM users WHERE external_source = $1 AND external_id IS NOT NULL`, func(r *sql.Rows) error {
			err := r.Scan(&ext, &id)
			st.Users[ext] = id
			return err
		}, source); err != nil {
			return err
		}
		if err := each(`SELECT user_id FROM memberships WHERE community_id = $1`, func(r *sql.Rows) error {
			err := r.Scan(&id)
			st.Members[id] = true
			return err
		}, c.ID); err != nil {
			return err
		}
		if err := each(`SELECT name, id FROM topics WHERE community_id = $1`, func(r *sql.Rows) error {
			err := r.Scan(&ext, &id)
			st.Topics[ext] = id
			return err
		}, c.ID); err != nil {
			return err
		}
		if err := each(`SELECT external_id, id FROM threads WHERE community_id = $1 AND external_id IS NOT NULL`, func(r *sql.Rows) error {
			err := r.Scan(&ext, &id)
			st.Threads[ext] = id
			return err
		}, c.ID); err != nil {
			return err
		}
		return each(`SELECT external_id, id, thread_id FROM posts WHERE community_id = $1 AND external_id IS NOT NULL`, func(r *sql.Rows) error {
			err := r.Scan(&ext, &id, &threadID)
			st.Posts[ext] = praxis.ImportedPost{ID: id, ThreadID: threadID}
			return err
		}, c.ID)
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// ImportBatch runs fn in one write transaction with prepared statements.
// Before the commit, the counters of every thread fn touched (replies,
// helpful votes, last activity) are recomputed from its posts, so they are
// right however the rows arrived.
func (db *DB) ImportBatch(ctx context.Context, slug, source string, fn func(praxis.ImportTx) error) error {
	return db.update(ctx, func(tx *Tx) error {
		c, err := tx.importCommunity(ctx, slug)
		if err != nil {
			return err
		}
		it := &importTx{ctx: ctx, tx: tx, c: c, source: source, stmts: map[string]*sql.Stmt{}, touched: map[int64]bool{}, titles: map[int64]string{}}
		defer it.close()
		if err := fn(it); err != nil {
			return err
		}
		if err := it.flushRows(); err != nil {
			return err
		}
		return it.recount()
	})
}

// importTx implements praxis.ImportTx on a transaction.
type importTx struct {
	ctx     context.Context
	tx      *Tx
	c       *praxis.Community
	source  string
	stmts   map[string]*sql.Stmt
	touched map[int64]bool
	titles  map[int64]string // thread titles, for activity summaries
	acts    [][]any          // activity entries not yet written
	revs    [][]any          // revisions not yet written
}

// stmt returns the transaction's prepared statement for query.
func (it *importTx) stmt(query string) (*sql.Stmt, error) {
	if s, ok := it.stmts[query]; ok {
		return s, nil
	}
	s, err := it.tx.PrepareContext(it.ctx, query)
	if err != nil {
		return nil, err
	}
	it.stmts[query] = s
	return s, nil
}

func (it *importTx) exec(query string, args ...any) (sql.Result, error) {
	s, err := it.stmt(query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(it.ctx, args...)
}

// insert runs an INSERT ... RETURNING id; found is false when the insert
// did nothing (ON CONFLICT DO NOTHING).
func (it *importTx) insert(query string, args ...any) (id int64, found bool, err error) {
	s, err := it.stmt(query)
	if err != nil {
		return 0, false, err
	}
	err = s.QueryRowContext(it.ctx, args...).Scan(&id)
	if isNoRows(err) {
		return 0, false, nil
	}
	return id, err == nil, err
}

func (it *importTx) close() {
	for _, s := range it.stmts {
		s.Close()
	}
}

// activity buffers a historical entry; buffered rows are written many to
// a statement (see flushRows).
func (it *importTx) activity(actorID int64, verb, objectType string, objectID int64, summary string, at time.Time) error {
	it.acts = append(it.acts, []any{it.c.ID, nullID(actorID), verb, objectType, objectID, summary, ms(at)})
	if len(it.acts) >= rowsPerInsert*4 {
		return it.flushRows()
	}
	return nil
}

// threadActivity buffers a historical entry whose summary is the title of
// a thread.
func (it *importTx) threadActivity(actorID int64, verb, objectType string, objectID, threadID int64, at time.Time) error {
	title, ok := it.titles[threadID]
	if !ok {
		if err := it.tx.QueryRowContext(it.ctx, `SELECT title FROM threads WHERE id = $1`, threadID).Scan(&title); err != nil {
			return err
		}
		it.titles[threadID] = title
	}
	return it.activity(actorID, verb, objectType, objectID, title, at)
}

// rowsPerInsert is how many buffered rows one INSERT writes: few
// statements, well under both databases' limits on parameters.
const rowsPerInsert = 200

// flushRows writes the buffered activity entries and revisions.
func (it *importTx) flushRows() error {
	for _, b := range []struct {
		rows   *[][]any
		insert string
	}{
		{&it.acts, `INSERT INTO activity (community_id, actor_id, verb, object_type, object_id, summary, created_at) VALUES `},
		{&it.revs, `INSERT INTO post_revisions (post_id, number, author_id, title, source, summary, created_at) VALUES `},
	} {
		for rows := *b.rows; len(rows) > 0; {
			n := min(len(rows), rowsPerInsert)
			var sb strings.Builder
			sb.WriteString(b.insert)
			args := make([]any, 0, n*len(rows[0]))
			for i, r := range rows[:n] {
				if i > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("(")
				for j, v := range r {
					if j > 0 {
						sb.WriteString(", ")
					}
					args = append(args, v)
					sb.WriteString("$" + strconv.Itoa(len(args)))
				}
				sb.WriteString(")")
			}
			if _, err := it.exec(sb.String(), args...); err != nil {
				return err
			}
			rows = rows[n:]
		}
		*b.rows = (*b.rows)[:0]
	}
	return nil
}

// handleCandidates lists the handles tried for a placeholder, in order:
// the wished one, then with the source's id, then numbered.
func handleCandidates(wish, externalID string) []string {
	var v praxis.Validation
	praxis.ValidateHandle(&v, "handle", wish)
	if v.Err() != nil {
		wish = "member"
	}
	ext := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, strings.ToLower(externalID))
	if len(ext) > 12 {
		ext = ext[len(ext)-12:]
	}
	with := func(suffix string) string {
		base := wish
		if len(base)+len(suffix) > praxis.MaxHandleLen {
			base = strings.TrimRight(base[:praxis.MaxHandleLen-len(suffix)], "-_")
		}
		return base + suffix
	}
	out := []string{wish}
	if ext != "" {
		out = append(out, with("-"+ext))
	}
	for i := 2; i <= 9; i++ {
		out = append(out, with(fmt.Sprintf("-%s-%d", ext, i)))
	}
	return out
}

func (it *importTx) AddUser(u *praxis.ImportUser) error {
	u.Created = false
	created := u.CreatedAt
	if created.IsZero() {
		created = u.JoinedAt
	}
	if u.ID == 0 {
		err := it.tx.QueryRowContext(it.ctx, `SELECT id FROM users WHERE external_source = $1 AND external_id = $2`, it.source, u.ExternalID).Scan(&u.ID)
		if err != nil && !isNoRows(err) {
			return err
		}
	}
	if u.ID == 0 && u.Email != "" {
		// Someone with this address has an account: the imported person is them.
		err := it.tx.QueryRowContext(it.ctx, `SELECT id FROM users WHERE email = $1`, praxis.NormalizeEmail(u.Email)).Scan(&u.ID)
		if err != nil && !isNoRows(err) {
			return err
		}
	}
	if u.ID == 0 {
		name := strings.TrimSpace(u.DisplayName)
		if name == "" {
			name = "Member " + u.ExternalID
		}
		name = cutRunes(name, praxis.MaxNameLen)
		for _, h := range handleCandidates(u.Handle, u.ExternalID) {
			id, ok, err := it.insert(`INSERT INTO users (handle, email, display_name, role, location, bio, external_source, external_id, created_at, updated_at)
				VALUES ($1, $2, $3, 'member', $4, $5, $6, $7, $8, $8) ON CONFLICT DO NOTHING RETURNING id`,
				h, nullString(praxis.NormalizeEmail(u.Email)), name, cutRunes(strings.TrimSpace(u.Location), praxis.MaxShortTextLen),
				cutRunes(strings.TrimSpace(u.Bio), praxis.MaxBioLen), it.source, u.ExternalID, ms(created))
			if err != nil {
				return err
			}
			if ok {
				u.ID, u.Created = id, true
				break
			}
		}
		if u.ID == 0 {
			return fmt.Errorf("import user %s: no free handle like @%s", u.ExternalID, u.Handle)
		}
		it.tx.reindex(praxis.SearchMember, u.ID)
	}
	joined := u.JoinedAt
	if joined.IsZero() {
		joined = created
	}
	res, err := it.exec(`INSERT INTO memberships (community_id, user_id, role, state, created_at, joined_at)
		VALUES ($1, $2, 'member', 'active', $3, $3) ON CONFLICT (community_id, user_id) DO NOTHING`, it.c.ID, u.ID, ms(joined))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return it.activity(u.ID, praxis.VerbJoined, "community", it.c.ID, "", joined)
	}
	return nil
}

func (it *importTx) AddTopic(t *praxis.ImportTopic) error {
	t.Name = praxis.NormalizeTopic(t.Name)
	if t.Name == "" {
		return praxis.Errorf(praxis.EINVALID, "A topic needs a name.")
	}
	t.Name = cutRunes(t.Name, praxis.MaxTopicLen)
	id, ok, err := it.insert(`INSERT INTO topics (community_id, name, description, approved, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (community_id, name) DO NOTHING RETURNING id`, it.c.ID, t.Name, cutRunes(t.Description, 500), true, ms(t.CreatedAt))
	if err != nil {
		return err
	}
	if !ok {
		err = it.tx.QueryRowContext(it.ctx, `SELECT id FROM topics WHERE community_id = $1 AND name = $2`, it.c.ID, t.Name).Scan(&id)
	}
	t.ID = id
	return err
}

func (it *importTx) DescribeTopic(name, description string) error {
	description = cutRunes(strings.TrimSpace(description), 500)
	if description == "" {
		return nil
	}
	_, err := it.exec(`UPDATE topics SET description = $1 WHERE community_id = $2 AND name = $3 AND description = ''`,
		description, it.c.ID, praxis.NormalizeTopic(name))
	return err
}

// writePost inserts a post and its current revision.
func (it *importTx) writePost(p *praxis.ImportPost, opening bool, title string) error {
	if p.Revision < 1 {
		p.Revision = 1
	}
	var edited sql.NullInt64
	revAuthor, revAt := p.AuthorID, p.CreatedAt
	if !p.EditedAt.IsZero() && p.Revision > 1 {
		edited = sql.NullInt64{Int64: ms(p.EditedAt), Valid: true}
		revAuthor, revAt = p.EditorID, p.EditedAt
	}
	id, _, err := it.insert(`INSERT INTO posts (thread_id, community_id, author_id, opening, reply_to_id, source, html, helpful, revision,
			external_id, created_at, edited_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		p.ThreadID, it.c.ID, nullID(p.AuthorID), opening, nullID(p.ReplyToID), p.Source, p.Rendered.HTML, p.Helpful, p.Revision,
		nullString(p.ExternalID), ms(p.CreatedAt), edited)
	if isUniqueViolation(err) {
		return praxis.Errorf(praxis.ECONFLICT, "Post %s was imported by another run at the same time.", p.ExternalID)
	} else if err != nil {
		return err
	}
	p.ID = id
	if !opening {
		title = ""
	}
	it.revs = append(it.revs, []any{p.ID, p.Revision, nullID(revAuthor), title, p.Source, cutRunes(p.EditSummary, praxis.MaxEditSummaryLen), ms(revAt)})
	if edited.Valid {
		return it.activity(p.EditorID, praxis.VerbEdited, "post", p.ID, title, p.EditedAt)
	}
	return nil
}

func (it *importTx) AddThread(t *praxis.ImportThread) error {
	p := &t.Opening
	title := cutRunes(strings.TrimSpace(t.Title), praxis.MaxTitleLen)
	if title == "" {
		title = "(untitled)"
	}
	status := praxis.ThreadOpen
	if t.Closed {
		status = praxis.ThreadClosed
	}
	id, _, err := it.insert(`INSERT INTO threads (community_id, kind, title, author_id, status, excerpt, external_id, created_at, last_activity_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		it.c.ID, t.Kind, title, nullID(p.AuthorID), status, excerpt(p.Rendered.Text, 240), nullString(t.ExternalID), ms(p.CreatedAt))
	if isUniqueViolation(err) {
		return praxis.Errorf(praxis.ECONFLICT, "Thread %s was imported by another run at the same time.", t.ExternalID)
	} else if err != nil {
		return err
	}
	t.ID, p.ThreadID = id, id
	it.titles[id] = title
	if p.ExternalID == "" {
		p.ExternalID = t.ExternalID
	}
	if err := it.writePost(p, true, title); err != nil {
		return err
	}
	for _, topic := range slices.Compact(slices.Sorted(slices.Values(t.TopicIDs))) {
		if _, err := it.exec(`INSERT INTO thread_topics (thread_id, topic_id) VALUES ($1, $2) ON CONFLICT (thread_id, topic_id) DO NOTHING`, t.ID, topic); err != nil {
			return err
		}
	}
	it.touched[t.ID] = true
	return it.activity(p.AuthorID, praxis.VerbPosted, "thread", t.ID, title, p.CreatedAt)
}

func (it *importTx) AddReply(p *praxis.ImportPost) error {
	if p.ThreadID == 0 {
		return fmt.Errorf("import reply %s: no thread", p.ExternalID)
	}
	if err := it.writePost(p, false, ""); err != nil {
		return err
	}
	it.touched[p.ThreadID] = true
	verb := p.Verb
	if verb == "" {
		verb = praxis.VerbReplied
	}
	return it.threadActivity(p.AuthorID, verb, "post", p.ID, p.ThreadID, p.CreatedAt)
}

func (it *importTx) Accept(threadID, postID, actorID int64, at time.Time) (bool, error) {
	// A closed question stays closed, as with Accept.
	res, err := it.exec(`UPDATE threads SET accepted_post_id = $1, status = CASE WHEN status = 'open' THEN 'solved' ELSE status END,
			last_activity_at = CASE WHEN last_activity_at < $2 THEN $2 ELSE last_activity_at END
		WHERE id = $3 AND kind = 'question' AND (accepted_post_id IS NULL OR accepted_post_id <> $1)
			AND EXISTS (SELECT 1 FROM posts WHERE id = $1 AND thread_id = $3 AND NOT opening)`, postID, ms(at), threadID)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	it.tx.reindex(praxis.SearchThread, threadID)
	return true, it.threadActivity(actorID, praxis.VerbAccepted, "post", postID, threadID, at)
}

func (it *importTx) AddRevision(r *praxis.ImportRevision) (bool, error) {
	// An empty title or text keeps the previous revision's.
	id, ok, err := it.insert(`INSERT INTO post_revisions (post_id, number, author_id, title, source, summary, created_at)
		SELECT p.id, CAST($2 AS INTEGER), CAST($3 AS BIGINT),
			CASE WHEN p.opening THEN COALESCE(NULLIF(CAST($4 AS TEXT), ''), (SELECT r.title FROM post_revisions r WHERE r.post_id = p.id AND r.number < $2 ORDER BY r.number DESC LIMIT 1), '') ELSE '' END,
			COALESCE(NULLIF(CAST($5 AS TEXT), ''), (SELECT r.source FROM post_revisions r WHERE r.post_id = p.id AND r.number < $2 ORDER BY r.number DESC LIMIT 1), ''),
			CAST($6 AS TEXT), CAST($7 AS BIGINT)
		FROM posts p WHERE p.id = $1 AND p.community_id = $8
		ON CONFLICT (post_id, number) DO NOTHING RETURNING id`,
		r.PostID, r.Number, nullID(r.AuthorID), r.Title, r.Source, cutRunes(r.Summary, praxis.MaxEditSummaryLen), ms(r.CreatedAt), it.c.ID)
	if err != nil || !ok || id == 0 {
		return false, err
	}
	if r.Number > 1 {
		if _, err := it.exec(`INSERT INTO activity (community_id, actor_id, verb, object_type, object_id, summary, created_at)
			SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS TEXT), 'post', p.id, t.title, CAST($4 AS BIGINT) FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = $5`,
			it.c.ID, nullID(r.AuthorID), praxis.VerbEdited, ms(r.CreatedAt), r.PostID); err != nil {
			return false, err
		}
	}
	return true, nil
}

func (it *importTx) SetText(postID int64, title, source string, r praxis.Rendered) error {
	var threadID int64
	var opening bool
	var revision int
	err := it.tx.QueryRowContext(it.ctx, `SELECT thread_id, opening, revision FROM posts WHERE id = $1 AND community_id = $2`, postID, it.c.ID).
		Scan(&threadID, &opening, &revision)
	if isNoRows(err) {
		return notFound("There is no post %d in this community.", postID)
	} else if err != nil {
		return err
	}
	if _, err := it.exec(`UPDATE posts SET source = $1, html = $2 WHERE id = $3`, source, r.HTML, postID); err != nil {
		return err
	}
	title = cutRunes(strings.TrimSpace(title), praxis.MaxTitleLen)
	if _, err := it.exec(`UPDATE post_revisions SET source = $1, title = CASE WHEN $2 <> '' AND title <> '' THEN $2 ELSE title END
		WHERE post_id = $3 AND number = $4`, source, title, postID, revision); err != nil {
		return err
	}
	if opening {
		if _, err := it.exec(`UPDATE threads SET excerpt = $1, title = CASE WHEN $2 <> '' THEN $2 ELSE title END WHERE id = $3`,
			excerpt(r.Text, 240), title, threadID); err != nil {
			return err
		}
	}
	it.tx.reindex(praxis.SearchThread, threadID)
	return nil
}

func (it *importTx) MarkDuplicate(threadID, originalID int64) (bool, error) {
	if threadID == originalID {
		return false, nil
	}
	res, err := it.exec(`UPDATE threads SET duplicate_of = $1 WHERE id = $2 AND community_id = $3 AND duplicate_of IS NULL
		AND EXISTS (SELECT 1 FROM threads o WHERE o.id = $1)`, originalID, threadID, it.c.ID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	if n > 0 {
		it.tx.reindex(praxis.SearchThread, threadID)
	}
	return n > 0, nil
}

// recount recomputes the counters of the touched threads from their posts
// and marks their search documents stale.
func (it *importTx) recount() error {
	if len(it.touched) == 0 {
		return nil
	}
	ids := slices.Sorted(func(yield func(int64) bool) {
		for id := range it.touched {
			if !yield(id) {
				return
			}
		}
	})
	s, err := it.stmt(`UPDATE threads SET
			reply_count = (SELECT count(*) FROM posts p WHERE p.thread_id = threads.id AND NOT p.opening AND p.deleted_at IS NULL),
			helpful_count = (SELECT COALESCE(sum(p.helpful), 0) FROM posts p WHERE p.thread_id = threads.id AND p.deleted_at IS NULL),
			last_activity_at = COALESCE((SELECT max(p.created_at) FROM posts p WHERE p.thread_id = threads.id AND p.created_at > threads.last_activity_at), last_activity_at)
		WHERE id = $1`)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := s.ExecContext(it.ctx, id); err != nil {
			return err
		}
	}
	it.tx.reindex(praxis.SearchThread, ids...)
	return nil
}
