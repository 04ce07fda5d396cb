package sqlstore

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"

	"praxis"
)

// Experts: who in a community is placed to answer a draft question. The
// evidence is what the community already holds, found by the similar
// questions ranking: the answers to the questions most like the draft,
// and the articles most like it, by who wrote them.

// expertSources is how many of the questions and articles most like a
// draft Experts reads the answers and authors of.
const expertSources = praxis.MaxSimilar

// What a piece of evidence is worth, times how alike its question or
// article is to the draft (relative to the most alike): an answer counts
// expertAnswer, expertAccepted more when it was accepted, and the natural
// log of one plus its helpful votes; an article counts expertArticle for
// each of its authors.
const (
	expertAnswer   = 1.0
	expertAccepted = 2.0
	expertArticle  = 2.0
)

// Experts returns the active members of community slug best placed to
// answer a draft, best first, with their strongest evidence. The asker is
// left out, and so are suspended members, former members, and hidden or
// deleted answers. It costs the similar-questions ranking and one
// statement for the answers and authors of what it found.
func (db *DB) Experts(ctx context.Context, actor *praxis.User, slug string, q praxis.SimilarQuery) ([]*praxis.Expert, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = praxis.DefaultExperts
	}
	limit = min(limit, praxis.MaxExperts)
	out := []*praxis.Expert{}
	err := db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		hits, err := tx.similar(ctx, c, praxis.SimilarQuery{Title: q.Title, Body: q.Body, Limit: expertSources}, false)
		if err != nil || len(hits) == 0 {
			return err
		}
		var asker int64
		if actor != nil {
			asker = actor.ID
		}
		out, err = tx.experts(ctx, c, hits, asker, limit)
		return err
	})
	return out, err
}

// experts weighs the evidence of the hits (best first, as similar ranks
// them) by member.
func (tx *Tx) experts(ctx context.Context, c *praxis.Community, hits []*praxis.SimilarHit, asker int64, limit int) ([]*praxis.Expert, error) {
	type key struct {
		kind string
		id   int64
	}
	source := map[key]*praxis.SimilarHit{}
	var threads, articles []int64
	for _, h := range hits {
		source[key{h.Kind, h.ID}] = h
		if h.Kind == praxis.SearchThread {
			threads = append(threads, h.ID)
		} else {
			articles = append(articles, h.ID)
		}
	}
	top := hits[0].Score // best first
	if top <= 0 {
		top = 1
	}
	args := []any{c.ID, asker}
	const person = `u.id, u.handle, u.display_name, COALESCE(u.organization, '')`
	// Membership is checked for the rows found, not joined: a community's
	// thousands of members are no place to start from.
	const member = ` WHERE NOT u.suspended AND u.id <> $2
		AND EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = $1 AND m.user_id = u.id AND m.state = 'active')`
	var parts []string
	if len(threads) > 0 {
		parts = append(parts, `SELECT 'thread', p.thread_id, p.id, `+person+`, p.helpful,
				CASE WHEN t.accepted_post_id = p.id THEN 1 ELSE 0 END
			FROM posts p JOIN threads t ON t.id = p.thread_id JOIN users u ON u.id = p.author_id`+member+`
				AND p.thread_id IN (`+inList(&args, threads)+`) AND NOT p.opening AND p.deleted_at IS NULL AND p.hidden_at IS NULL`)
	}
	if len(articles) > 0 {
		parts = append(parts, `SELECT 'article', x.article_id, 0, `+person+`, 0, 0
			FROM article_authors x JOIN users u ON u.id = x.user_id`+member+`
				AND x.article_id IN (`+inList(&args, articles)+`)`)
	}
	rows, err := tx.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]*praxis.Expert{}
	var experts []*praxis.Expert
	for rows.Next() {
		var kind string
		var sourceID, postID int64
		var p praxis.PersonRef
		var votes, accepted int
		if err := rows.Scan(&kind, &sourceID, &postID, &p.ID, &p.Handle, &p.Name, &p.Organization, &votes, &accepted); err != nil {
			return nil, err
		}
		h := source[key{kind, sourceID}]
		if h == nil {
			continue
		}
		e := byID[p.ID]
		if e == nil {
			e = &praxis.Expert{Person: p}
			byID[p.ID] = e
			experts = append(experts, e)
		}
		like := h.Score / top
		ev := &praxis.ExpertEvidence{Title: h.Title, URL: h.URL}
		if kind == praxis.SearchArticle {
			ev.Kind, ev.Score = "article", like*expertArticle
			e.Articles++
		} else {
			ev.Kind, ev.Accepted, ev.Votes = "answer", accepted == 1, votes
			ev.URL += "#post-" + strconv.FormatInt(postID, 10)
			worth := expertAnswer + math.Log1p(float64(max(votes, 0)))
			if ev.Accepted {
				worth += expertAccepted
				e.Accepted++
			}
			ev.Score = like * worth
			e.Answers++
		}
		e.Score += ev.Score
		e.Evidence = append(e.Evidence, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, e := range experts {
		slices.SortFunc(e.Evidence, func(a, b *praxis.ExpertEvidence) int {
			return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.URL, b.URL))
		})
		e.Evidence = e.Evidence[:min(len(e.Evidence), praxis.MaxExpertEvidence)]
	}
	slices.SortFunc(experts, func(a, b *praxis.Expert) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Person.Handle, b.Person.Handle))
	})
	return append([]*praxis.Expert{}, experts[:min(len(experts), limit)]...), nil
}
