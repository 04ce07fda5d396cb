package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"praxis"
	"praxis/search"
)

// rankParams are the knobs of the similar-questions ranking, in one place
// so that an evaluation (praxis eval duplicates) can tune them. The score
// of a candidate is its full-text score with the fields weighted, times
// (1 + Solved) for a solved question, (1 + Answered) for a question with
// replies and (1 + Article) for an article: what already has an answer
// helps the one asking more than another open question.
type rankParams struct {
	Fields   fieldWeights // title, topics (and the titles of duplicates), body, answers
	Solved   float64
	Answered float64
	Article  float64
	Terms    int // words of a draft looked for (search.DraftTerms)
}

// defaultRank is the product's ranking. On the beer.stackexchange.com
// dump (17 duplicate questions, each asking for its original) it scores
// MRR 0.48 and P@1 0.41 on SQLite (0.46 and 0.35 on PostgreSQL) against
// 0.24 and 0.18 (0.22 and 0.12) for the title-only baseline: the body and the topics carry most of the gain (titles alone
// are too short to share words with a paraphrase), answers a little when
// weighted low (they drift off topic), and the solved signal a little.
// Nearby weights score within one query of these; the differences
// between them are noise on 17 queries.
var defaultRank = rankParams{Fields: fieldWeights{4, 4, 2, 0.3}, Solved: 0.25, Answered: 0.1, Article: 0.25, Terms: 16}

// similarCandidates is how many matches of a draft, the most recently
// indexed first, similar ranks: every match in a community of up to that
// many questions and articles, so the ranking is exact there.
const similarCandidates = 2000

// baselineRank is plain BM25 on titles, the yardstick of the evaluation.
var baselineRank = rankParams{Fields: fieldWeights{1, 0, 0, 0}, Terms: 16}

// Similar returns the questions and published articles of a community most
// like a draft, best first.
func (db *DB) Similar(ctx context.Context, actor *praxis.User, slug string, q praxis.SimilarQuery) ([]*praxis.SimilarHit, error) {
	var out []*praxis.SimilarHit
	err := db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		out, err = tx.similar(ctx, c, q, false)
		return err
	})
	return out, err
}

// relatedTTL is how long the related list of a thread is kept
// (related_cache) before it is ranked again: long enough that a thread
// page seldom pays for a full-text query, short enough that new threads
// show up in older threads' lists within the hour. A change to the
// thread's own text drops its list at once.
const relatedTTL = time.Hour

// What is shown of a kept ranking is kept too (db.related), under a stamp
// of the ranking's time and the version of the community's contents
// (community_counts.page_version, which triggers move with every change to
// its threads and articles: a title, a reply, a deletion, a move), for at
// most relatedKeep: a thread page then reads no row of the hits.
type relatedStamp struct{ ranked, contents int64 }

const (
	relatedKeep    = 30 * time.Second
	relatedKeptMax = 4000 // threads; a list is a few kilobytes
)

// Related returns the threads (of any kind) and published articles most
// like a thread, in its community. The ranking is kept for relatedTTL;
// what is shown of it is read live, so nothing deleted, moved away or
// unpublished since appears.
func (db *DB) Related(ctx context.Context, actor *praxis.User, threadID int64, limit int) ([]*praxis.SimilarHit, error) {
	if limit <= 0 {
		limit = praxis.DefaultSimilar
	}
	limit = min(limit, praxis.MaxSimilar)
	var out, ranked []*praxis.SimilarHit
	var threadIDSeen, rankedAt int64
	err := db.view(ctx, func(tx *Tx) error {
		t, c, _, err := tx.visibleThread(ctx, actor, threadID)
		if err != nil {
			return err
		}
		var kept string
		var st relatedStamp
		err = tx.QueryRowContext(ctx, `SELECT r.computed_at, r.hits, x.page_version
			FROM related_cache r JOIN community_counts x ON x.community_id = $2 WHERE r.thread_id = $1`, t.ID, c.ID).Scan(&st.ranked, &kept, &st.contents)
		if err != nil && !isNoRows(err) {
			return err
		}
		if now := ms(tx.now); err == nil && st.ranked > ms(tx.now.Add(-relatedTTL)) {
			all, ok := db.related.get(t.ID, st, now)
			if !ok {
				if all, err = tx.relatedFromCache(ctx, c, kept, praxis.MaxSimilar); err != nil {
					return err
				}
				db.related.put(t.ID, st, now, min(now+relatedKeep.Milliseconds(), st.ranked+relatedTTL.Milliseconds()), all)
			}
			n := min(limit, len(all))
			out = all[:n:n] // kept: an append must copy
			return nil
		}
		body := t.Excerpt
		err = tx.QueryRowContext(ctx, `SELECT body FROM search_docs WHERE kind = 'thread' AND object_id = $1`, t.ID).Scan(&body)
		if err != nil && !isNoRows(err) {
			return err
		}
		ranked, err = tx.similar(ctx, c, praxis.SimilarQuery{Title: t.Title, Body: body, Limit: praxis.MaxSimilar, ExcludeThread: t.ID}, true)
		out = ranked[:min(limit, len(ranked))]
		threadIDSeen, rankedAt = t.ID, ms(tx.now)
		return err
	})
	if err != nil {
		return nil, err
	}
	if threadIDSeen != 0 {
		parts := make([]string, len(ranked))
		for i, h := range ranked {
			parts[i] = h.Kind + ":" + strconv.FormatInt(h.ID, 10) + ":" + strconv.FormatFloat(h.Score, 'g', -1, 64)
		}
		// Keeping the list is a favour to the next view: if it fails
		// (the thread was deleted meanwhile, a write conflict), this view
		// still has its answer.
		_ = db.update(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO related_cache (thread_id, computed_at, hits)
				SELECT id, $2, $3 FROM threads WHERE id = $1
				ON CONFLICT (thread_id) DO UPDATE SET computed_at = excluded.computed_at, hits = excluded.hits`,
				threadIDSeen, rankedAt, strings.Join(parts, " "))
			return err
		})
	}
	return out, nil
}

// relatedFromCache reads the first limit hits of a kept list ("kind:id:score"
// joined by spaces) that are still searchable in community c, in order.
func (tx *Tx) relatedFromCache(ctx context.Context, c *praxis.Community, kept string, limit int) ([]*praxis.SimilarHit, error) {
	type key struct {
		kind string
		id   int64
	}
	var order []key
	scores := map[key]float64{}
	args := []any{c.ID}
	var threads, articles []int64
	for _, f := range strings.Fields(kept) {
		kind, rest, _ := strings.Cut(f, ":")
		idText, scoreText, _ := strings.Cut(rest, ":")
		id, err1 := strconv.ParseInt(idText, 10, 64)
		score, err2 := strconv.ParseFloat(scoreText, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		k := key{kind, id}
		order = append(order, k)
		scores[k] = score
		switch kind {
		case praxis.SearchThread:
			threads = append(threads, id)
		case praxis.SearchArticle:
			articles = append(articles, id)
		}
	}
	out := []*praxis.SimilarHit{}
	if len(order) == 0 {
		return out, nil
	}
	// The documents are found by kind and id, one list per kind (the
	// unary plus keeps SQLite from scanning the community's documents).
	var parts []string
	part := func(kind, extra string, ids []int64) {
		if len(ids) > 0 {
			parts = append(parts, `SELECT d.kind, d.object_id, d.title, d.status, COALESCE(t.reply_count, 0),
				COALESCE(t.excerpt, a.excerpt, ''), d.created_at, 0.0`+similarFrom+`
				WHERE d.kind = '`+kind+`' AND d.object_id IN (`+inList(&args, ids)+`)`+extra+` AND +d.community_id = $1`)
		}
	}
	part(praxis.SearchThread, "", threads)
	part(praxis.SearchArticle, " AND d.status IN ('published', 'archived')", articles)
	if len(parts) == 0 {
		return out, nil
	}
	rows, err := tx.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, err
	}
	hits, err := scanSimilar(rows, c)
	if err != nil {
		return nil, err
	}
	found := map[key]*praxis.SimilarHit{}
	for _, h := range hits {
		h.Score = scores[key{h.Kind, h.ID}]
		found[key{h.Kind, h.ID}] = h
	}
	for _, k := range order {
		if h := found[k]; h != nil && len(out) < limit {
			out = append(out, h)
		}
	}
	return out, nil
}

// similar ranks the candidates of community c for a draft: questions (or,
// with anyThread, threads of any kind) and published or archived
// articles. Whoever may see the community may see all of them; deleted
// threads and duplicates have no document.
func (tx *Tx) similar(ctx context.Context, c *praxis.Community, q praxis.SimilarQuery, anyThread bool) ([]*praxis.SimilarHit, error) {
	out := []*praxis.SimilarHit{}
	if q.Limit <= 0 {
		q.Limit = praxis.DefaultSimilar
	} else if q.Limit > praxis.MaxSimilar {
		q.Limit = praxis.MaxSimilar
	}
	title, body := cutRunes(q.Title, praxis.MaxSimilarDraftLen), ""
	if n := utf8.RuneCountInString(title); n < praxis.MaxSimilarDraftLen {
		body = cutRunes(q.Body, praxis.MaxSimilarDraftLen-n)
	}
	rp := defaultRank
	if q.Ranking == "baseline" {
		rp, body = baselineRank, ""
	}
	terms := search.DraftTerms(title, body, rp.Terms)
	if len(terms) == 0 {
		return out, nil
	}
	if q.Ranking != "baseline" {
		var err error
		if terms, err = tx.db.d.pruneDraftTerms(ctx, tx, terms); err != nil {
			return nil, err
		}
	}
	w := &where{}
	w.add("d.community_id = ?", c.ID)
	if anyThread {
		w.add("(d.kind = 'thread' OR (d.kind = 'article' AND d.status IN ('published', 'archived')))")
	} else {
		w.add("((d.kind = 'thread' AND d.thread_kind = 'question') OR (d.kind = 'article' AND d.status IN ('published', 'archived')))")
	}
	if q.ExcludeThread != 0 {
		w.add("NOT (d.kind = 'thread' AND d.object_id = ?)", q.ExcludeThread)
	}
	if !q.Before.IsZero() {
		w.add("d.created_at < ?", ms(q.Before))
	}
	draft := search.Any(terms)
	ranked := tx.db.d.searchRanked(w, rankedSearch{match: draft, score: true, fields: rp.Fields, titleOnly: q.Ranking == "baseline",
		draft: true, community: c.ID,
		cols:  []searchCol{{"d.kind", "kind"}, {"d.status", "status"}, {"d.replies", "replies"}},
		order: byIndexed, limit: similarCandidates})
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	// The candidates are ranked before anything else is read of them, so
	// only the rows shown are joined.
	rank := `r.score * (1 + CASE WHEN r.kind = 'article' THEN ` + num(rp.Article) + `
		WHEN r.status = 'solved' THEN ` + num(rp.Solved) + `
		WHEN r.replies > 0 THEN ` + num(rp.Answered) + ` ELSE 0 END)`
	if err := tx.customPlans(ctx); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT d.kind, d.object_id, d.title, d.status, COALESCE(t.reply_count, 0),
			COALESCE(t.excerpt, a.excerpt, ''), d.created_at, r.rank
		FROM (SELECT r.id, `+rank+` AS rank FROM (`+ranked+`) r ORDER BY rank DESC, r.id LIMIT `+sqlLimit(q.Limit)+`) r
		JOIN search_docs d ON d.id = r.id`+similarJoins+`
		ORDER BY r.rank DESC, d.id`, w.args...)
	if err != nil {
		return nil, err
	}
	return scanSimilar(rows, c)
}

// similarJoins and similarFrom give the columns scanSimilar reads.
const (
	similarJoins = `
		LEFT JOIN threads t ON d.kind = 'thread' AND t.id = d.object_id
		LEFT JOIN articles a ON d.kind = 'article' AND a.id = d.object_id`
	similarFrom = ` FROM search_docs d` + similarJoins
)

// scanSimilar reads rows of (kind, id, title, status, replies, excerpt,
// created, score) of community c, and closes them.
func scanSimilar(rows *sql.Rows, c *praxis.Community) ([]*praxis.SimilarHit, error) {
	defer rows.Close()
	out := []*praxis.SimilarHit{}
	for rows.Next() {
		h := &praxis.SimilarHit{Community: c.Slug}
		var created int64
		if err := rows.Scan(&h.Kind, &h.ID, &h.Title, &h.Status, &h.ReplyCount, &h.Excerpt, &created, &h.Score); err != nil {
			return nil, err
		}
		h.CreatedAt = fromMS(created)
		h.Solved = h.Status == praxis.ThreadSolved
		if h.Kind == praxis.SearchThread {
			h.URL = (&praxis.Thread{ID: h.ID, CommunitySlug: c.Slug, Title: h.Title}).Path()
		} else {
			h.URL = (&praxis.Article{ID: h.ID, CommunitySlug: c.Slug}).Path()
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
