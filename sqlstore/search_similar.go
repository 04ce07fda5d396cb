package sqlstore

import (
	"context"
	"strconv"
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

// Related returns the threads (of any kind) and published articles most
// like a thread, in its community.
func (db *DB) Related(ctx context.Context, actor *praxis.User, threadID int64, limit int) ([]*praxis.SimilarHit, error) {
	var out []*praxis.SimilarHit
	err := db.view(ctx, func(tx *Tx) error {
		t, c, _, err := tx.visibleThread(ctx, actor, threadID)
		if err != nil {
			return err
		}
		body := t.Excerpt
		err = tx.QueryRowContext(ctx, `SELECT body FROM search_docs WHERE kind = 'thread' AND object_id = $1`, t.ID).Scan(&body)
		if err != nil && !isNoRows(err) {
			return err
		}
		out, err = tx.similar(ctx, c, praxis.SimilarQuery{Title: t.Title, Body: body, Limit: limit, ExcludeThread: t.ID}, true)
		return err
	})
	return out, err
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
	w := &where{}
	from, score := tx.db.d.searchMatch(w, search.Any(terms), rp.Fields, q.Ranking == "baseline", true)
	w.add("d.community_id = ?", c.ID)
	if anyThread {
		w.add("(d.kind = 'thread' OR (d.kind = 'article' AND d.status IN ('published', 'archived')))")
	} else {
		w.add("((d.kind = 'thread' AND t.kind = 'question') OR (d.kind = 'article' AND d.status IN ('published', 'archived')))")
	}
	if q.ExcludeThread != 0 {
		w.add("NOT (d.kind = 'thread' AND d.object_id = ?)", q.ExcludeThread)
	}
	if !q.Before.IsZero() {
		w.add("d.created_at < ?", ms(q.Before))
	}
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	rank := score + ` * (1 + CASE WHEN d.kind = 'article' THEN ` + num(rp.Article) + `
		WHEN d.status = 'solved' THEN ` + num(rp.Solved) + `
		WHEN t.reply_count > 0 THEN ` + num(rp.Answered) + ` ELSE 0 END)`
	rows, err := tx.QueryContext(ctx, `SELECT d.kind, d.object_id, d.title, d.status, COALESCE(t.reply_count, 0),
			COALESCE(t.excerpt, a.excerpt, ''), d.created_at, `+rank+` AS rank`+from+`
		LEFT JOIN threads t ON d.kind = 'thread' AND t.id = d.object_id
		LEFT JOIN articles a ON d.kind = 'article' AND a.id = d.object_id
		WHERE `+w.sql()+` ORDER BY rank DESC, d.id LIMIT `+w.next(q.Limit), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
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
