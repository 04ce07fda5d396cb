package sqlstore

import (
	"context"
	"strings"
	"time"

	"praxis"
	"praxis/search"
)

// Search: the documents of search_index.go, found with each database's
// full-text index and filtered by the viewer's visibility inside the same
// query, so that what one may not see is never counted, ranked or quoted.
// Similar questions, related threads and the ranking are in
// search_similar.go, duplicates in search_duplicates.go, recurring
// questions in search_recurring.go, rebuilding the index in
// search_reindex.go.

// searchWeights weigh the fields of a document for the search box: a word
// in the title says most about what a document is; one in a reply least.
var searchWeights = fieldWeights{10, 4, 2, 1}

// snippetLen is the length of a result's snippet, in characters.
const snippetLen = 240

// Messages for a query with nothing to look for.
const (
	noticeEmpty     = "Type a word to search for."
	noticeOnlyMinus = "Add a word to look for: a search cannot be only exclusions."
)

// searchStatuses are the statuses a search may filter on, by kind.
var searchStatuses = map[string][]string{
	praxis.SearchThread:  {praxis.ThreadOpen, praxis.ThreadSolved, praxis.ThreadClosed},
	praxis.SearchArticle: {praxis.ArticleDraft, praxis.ArticleInReview, praxis.ArticlePublished, praxis.ArticleArchived},
	praxis.SearchEvent:   {eventCancelled},
}

// checkSearch validates a query's filters and fills in the page.
func checkSearch(q *praxis.SearchQuery) (from, to int64, err error) {
	var v praxis.Validation
	q.Community = strings.ToLower(strings.TrimSpace(q.Community))
	q.Author = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(q.Author), "@"))
	q.Topic = praxis.NormalizeTopic(q.Topic)
	kindOK := q.Kind == ""
	for _, k := range praxis.SearchKinds {
		kindOK = kindOK || k.Value == q.Kind
	}
	if !kindOK {
		v.Add("kind", "Search threads, articles, events, members or communities.")
	}
	if q.Status != "" {
		ok := false
		for kind, statuses := range searchStatuses {
			if q.Kind == "" || q.Kind == kind {
				for _, s := range statuses {
					ok = ok || s == q.Status
				}
			}
		}
		if !ok {
			v.Add("status", "There is no such status for this kind of result.")
		}
	}
	switch q.Sort {
	case "", praxis.SortRelevance, praxis.SortNewest, praxis.SortOldest:
	default:
		v.Add("sort", "Sort by relevance, newest or oldest.")
	}
	day := func(field, s string, end bool) int64 {
		if s == "" {
			return 0
		}
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			v.Add(field, "Enter the date as YYYY-MM-DD.")
			return 0
		}
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return ms(d)
	}
	from, to = day("from", strings.TrimSpace(q.From), false), day("to", strings.TrimSpace(q.To), true)
	if from != 0 && to != 0 && to <= from {
		v.Add("to", "The end date comes before the start date.")
	}
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage < 1 {
		q.PerPage = praxis.SearchPageSize
	} else if q.PerPage > praxis.MaxSearchPageSize {
		q.PerPage = praxis.MaxSearchPageSize
	}
	return from, to, v.Err()
}

// Search finds what actor may see. An empty query (or one of exclusions
// only) is answered with no results and a notice saying why; a filter on a
// community one may not see is ENOTFOUND, like a community that does not
// exist. It costs the community of the filter and one statement for the
// page and the count, which may run twice (window first).
func (db *DB) Search(ctx context.Context, actor *praxis.User, q praxis.SearchQuery) (*praxis.SearchResult, error) {
	from, to, err := checkSearch(&q)
	if err != nil {
		return nil, err
	}
	res := &praxis.SearchResult{Query: q, Hits: []*praxis.SearchHit{}, Page: q.Page, PerPage: q.PerPage}
	parsed := search.Parse(q.Q)
	if parsed.Empty() {
		res.Notice = noticeEmpty
		if len(parsed.Not) > 0 {
			res.Notice = noticeOnlyMinus
		}
		return res, nil
	}
	parsed = parsed.WithoutFunctionWords()
	err = db.view(ctx, func(tx *Tx) error {
		w := viewerWhere(actor)
		var id int64
		if q.Community != "" {
			err := tx.QueryRowContext(ctx, `SELECT c.id FROM communities c`+viewerJoin+` WHERE c.slug = $4 AND `+visibleWhere,
				append(w.args[:3:3], q.Community)...).Scan(&id)
			if isNoRows(err) {
				return &praxis.Error{Code: praxis.ENOTFOUND, Message: "There is no community at this address.",
					Fields: map[string]string{"community": "No such community."}}
			} else if err != nil {
				return err
			}
			w.add("d.community_id = ?", id)
		}
		joins := ` LEFT JOIN communities c ON c.id = d.community_id` + viewerJoin + `
			LEFT JOIN articles a ON d.kind = 'article' AND a.id = d.object_id
			LEFT JOIN events e ON d.kind = 'event' AND e.id = d.object_id`
		w.add(`(d.community_id IS NULL OR ` + visibleWhere + `)`)
		w.add(`(d.kind <> 'article' OR ` + articleVisibleWhere + `)`)
		w.add(`(d.kind <> 'event' OR ` + eventVisibleWhere + `)`)
		if q.Kind != "" {
			w.add("d.kind = ?", q.Kind)
		}
		if q.Status != "" {
			w.add("d.status = ?", q.Status)
		}
		if q.Topic != "" {
			p := w.next(q.Topic)
			w.add(`((d.kind = 'thread' AND EXISTS (SELECT 1 FROM thread_topics x JOIN topics tp ON tp.id = x.topic_id
					WHERE x.thread_id = d.object_id AND tp.name = ` + p + `))
				OR (d.kind = 'article' AND EXISTS (SELECT 1 FROM article_topics x JOIN topics tp ON tp.id = x.topic_id
					WHERE x.article_id = d.object_id AND tp.name = ` + p + `)))`)
		}
		if q.Author != "" {
			p := "(SELECT id FROM users WHERE handle = " + w.next(q.Author) + ")"
			w.add(`d.kind IN ('thread', 'article', 'event') AND (d.author_id = ` + p + ` OR (d.kind = 'article'
				AND EXISTS (SELECT 1 FROM article_authors x WHERE x.article_id = d.object_id AND x.user_id = ` + p + `)))`)
		}
		if from != 0 {
			w.add("d.created_at >= ?", from)
		}
		if to != 0 {
			w.add("d.created_at < ?", to)
		}
		// The candidates are at most SearchCountCap+1 visible matches: the
		// most recently indexed ones, ranked, when sorting by relevance
		// (every match when there are fewer, so the ranking is exact
		// then); the newest or oldest for a sort by date, which is exact
		// for every page served. Their number is the total.
		order, final := byIndexed, "r.score DESC, r.created_at DESC, r.id"
		switch q.Sort {
		case praxis.SortNewest:
			order, final = byCreatedDesc, "r.created_at DESC, r.id DESC"
		case praxis.SortOldest:
			order, final = byCreatedAsc, "r.created_at, r.id"
		}
		// Sorted by relevance, a search looks in the window of the newest
		// documents first (search_recent): when it holds SearchCountCap+1
		// visible matches, they are the candidates the whole index would
		// give, found among a fifth of the postings and rows (on SQLite,
		// BM25 then weighs a word by its share of the window's documents
		// rather than all of them; PostgreSQL's ranking does not look at
		// other documents). Else the whole index is searched, unless the
		// window holds every document.
		if order == byIndexed && tx.db.d.window > 0 {
			if err := tx.searchPage(ctx, res, w.clone(), parsed, q, id, joins, order, final, true); err != nil || res.Capped {
				return err
			}
			var all bool
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT min(`+tx.db.d.windowKey()+`) FROM search_recent) <= (SELECT min(id) FROM search_docs),
				NOT EXISTS (SELECT 1 FROM search_docs))`).Scan(&all); err != nil || all {
				return err
			}
			res.Hits, res.Total = []*praxis.SearchHit{}, 0
		}
		return tx.searchPage(ctx, res, w, parsed, q, id, joins, order, final, false)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// searchPage runs one search of the index (or, with window, of the newest
// documents only, search_recent) for the page of q, filling res with its
// hits and the number of candidates, capped at SearchCountCap.
func (tx *Tx) searchPage(ctx context.Context, res *praxis.SearchResult, w *where, parsed search.Query, q praxis.SearchQuery,
	community int64, joins string, order searchOrder, final string, window bool) error {
	ranked := tx.db.d.searchRanked(w, rankedSearch{match: parsed, score: order == byIndexed, window: window, fields: searchWeights,
		community: community, joins: joins, order: order, limit: praxis.SearchCountCap + 1})
	offset := (q.Page - 1) * q.PerPage
	if q.Page > praxis.MaxSearchPages {
		offset = praxis.SearchCountCap + 1 // nothing to show, but the total
	}
	now := w.next(ms(tx.now))
	limit, off := sqlLimit(q.PerPage), sqlLimit(offset)
	if err := tx.customPlans(ctx); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT d.kind, d.object_id, d.title, d.body, d.topics, d.status, d.created_at,
			COALESCE(c.slug, ''), COALESCE(c.name, ''), COALESCE(u.handle, ''), COALESCE(u.display_name, ''), COALESCE(u.organization, ''),
			COALESCE(t.reply_count, 0),
			CASE WHEN d.kind = 'event' THEN COALESCE(
				(SELECT o.id FROM event_occurrences o WHERE o.event_id = d.object_id AND o.starts_at > `+now+` AND NOT o.cancelled
					ORDER BY o.starts_at, o.id LIMIT 1),
				(SELECT o.id FROM event_occurrences o WHERE o.event_id = d.object_id ORDER BY o.starts_at DESC, o.id DESC LIMIT 1), 0)
			ELSE 0 END,
			r.score, r.total
		FROM (SELECT r.id, r.created_at, r.score, count(*) OVER () AS total FROM (`+ranked+`) r
			ORDER BY `+final+` LIMIT `+limit+` OFFSET `+off+`) r
		JOIN search_docs d ON d.id = r.id
		LEFT JOIN communities c ON c.id = d.community_id
		LEFT JOIN users u ON u.id = d.author_id
		LEFT JOIN threads t ON d.kind = 'thread' AND t.id = d.object_id
		ORDER BY `+final, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	words := parsed.Words()
	for rows.Next() {
		h := &praxis.SearchHit{}
		var body, topics string
		var created, occurrence int64
		if err := rows.Scan(&h.Kind, &h.ID, &h.Title, &body, &topics, &h.Status, &created, &h.Community, &h.CommName,
			&h.Author.Handle, &h.Author.Name, &h.Author.Organization, &h.ReplyCount, &occurrence, &h.Score, &res.Total); err != nil {
			return err
		}
		h.CreatedAt = fromMS(created)
		h.Topics = strings.Fields(topics)
		h.Snippet = search.Snippet(body, words, snippetLen)
		switch h.Kind {
		case praxis.SearchThread:
			h.URL = (&praxis.Thread{ID: h.ID, CommunitySlug: h.Community, Title: h.Title}).Path()
		case praxis.SearchArticle:
			h.URL = (&praxis.Article{ID: h.ID, CommunitySlug: h.Community}).Path()
		case praxis.SearchEvent:
			h.URL = "/c/" + h.Community + "/events"
			if occurrence != 0 {
				h.URL = (&praxis.Occurrence{ID: occurrence}).Path(h.Community)
			}
		case praxis.SearchMember:
			h.URL = "/u/" + h.Author.Handle
			h.Author = praxis.PersonRef{}
		case praxis.SearchCommunity:
			h.URL = "/c/" + h.Community
			h.Author = praxis.PersonRef{}
		}
		res.Hits = append(res.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(res.Hits) == 0 && offset > 0 {
		// A page past the end says nothing about the total: count.
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (`+ranked+`) r`, w.args[:len(w.args)-1]...).Scan(&res.Total); err != nil {
			return err
		}
	}
	if res.Total > praxis.SearchCountCap {
		res.Total, res.Capped = praxis.SearchCountCap, true
	}
	return nil
}
