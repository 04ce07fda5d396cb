package sqlstore

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"praxis"
	"praxis/search"
)

// Recurring questions: the questions of a community that look alike and
// that no article was written from, grouped, so that coordinators see what
// to write down once and for all.
const (
	// recurringWindow is how many of the most recent questions are compared.
	recurringWindow = 2000
	// recurringThreshold is the cosine similarity from which two questions
	// are taken to ask the same thing (TestRecurringQuestions shows where
	// it separates paraphrases from questions that merely share a word).
	recurringThreshold = 0.4
	// recurringLink is how alike every two questions of a group must be.
	recurringLink    = 0.2
	maxClusters      = 30
	maxClusterTerms  = 5
	recurringBodyLen = 300 // characters of the opening post compared
)

// recurringQuestion is a question and its tf-idf vector of stems.
type recurringQuestion struct {
	hit   *praxis.SimilarHit
	terms map[string]float64 // stem → weight, then tf-idf, normalized
	words map[string]string  // stem → the word as written
}

// RecurringQuestions lists clusters of look-alike questions that no article
// answers, the largest first; for coordinators and core members.
func (db *DB) RecurringQuestions(ctx context.Context, actor *praxis.User, slug string) ([]*praxis.QuestionCluster, error) {
	var qs []*recurringQuestion
	var c *praxis.Community
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if c, _, err = tx.editable(ctx, actor, slug, func(p praxis.Permissions) bool { return p.Lead || p.Moderate }); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT t.id, t.title, t.status, t.reply_count, t.excerpt, t.created_at FROM threads t
			WHERE t.community_id = $1 AND t.kind = 'question' AND t.duplicate_of IS NULL AND t.status <> 'deleted'
				AND NOT EXISTS (SELECT 1 FROM article_sources s WHERE s.thread_id = t.id)
			ORDER BY t.created_at DESC, t.id DESC LIMIT $2`, c.ID, recurringWindow)
		if err != nil {
			return err
		}
		byID := map[int64]*recurringQuestion{}
		var ids []int64
		for rows.Next() {
			h := &praxis.SimilarHit{Kind: praxis.SearchThread, Community: c.Slug}
			var created int64
			if err := rows.Scan(&h.ID, &h.Title, &h.Status, &h.ReplyCount, &h.Excerpt, &created); err != nil {
				rows.Close()
				return err
			}
			h.CreatedAt, h.Solved = fromMS(created), h.Status == praxis.ThreadSolved
			h.URL = (&praxis.Thread{ID: h.ID, CommunitySlug: c.Slug, Title: h.Title}).Path()
			q := &recurringQuestion{hit: h, terms: map[string]float64{}, words: map[string]string{}}
			q.add(h.Title, 2)
			q.add(cutRunes(h.Excerpt, recurringBodyLen), 1)
			qs = append(qs, q)
			byID[h.ID] = q
			ids = append(ids, h.ID)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ids) == 0 {
			return err
		}
		topics, err := tx.topicsOf(ctx, "thread_topics", "thread_id", ids)
		if err != nil {
			return err
		}
		for id, names := range topics {
			byID[id].add(strings.Join(names, " "), 1)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return clusterQuestions(qs, recurringThreshold), nil
}

// add counts the significant words of text, with a weight.
func (q *recurringQuestion) add(text string, weight float64) {
	for _, tok := range search.Tokens(text) {
		if !search.Significant(tok) {
			continue
		}
		s := search.Stem(tok)
		q.terms[s] += weight
		if _, ok := q.words[s]; !ok {
			q.words[s] = tok
		}
	}
}

// clusterQuestions groups questions whose tf-idf vectors have a cosine
// similarity of at least threshold (single linkage, through a union-find),
// and returns the groups of two or more, the largest first.
func clusterQuestions(qs []*recurringQuestion, threshold float64) []*praxis.QuestionCluster {
	out := []*praxis.QuestionCluster{}
	if len(qs) < 2 {
		return out
	}
	df := map[string]int{}
	for _, q := range qs {
		for s := range q.terms {
			df[s]++
		}
	}
	n := float64(len(qs))
	postings := map[string][]int{}
	for i, q := range qs {
		norm := 0.0
		for s, tf := range q.terms {
			w := tf * math.Log(1+n/float64(df[s]))
			q.terms[s] = w
			norm += w * w
		}
		if norm == 0 {
			continue
		}
		norm = math.Sqrt(norm)
		for s := range q.terms {
			q.terms[s] /= norm
			postings[s] = append(postings[s], i)
		}
	}
	// The edges: pairs at least threshold alike. Then, among the
	// questions with an edge, every similarity of at least recurringLink.
	type pair struct {
		i, j int
		sim  float64
	}
	dot := make([]float64, len(qs))
	similarities := func(i int, keep func(j int) bool, fn func(j int, sim float64)) {
		clear(dot)
		for s, w := range qs[i].terms {
			for _, j := range postings[s] {
				if j > i && keep(j) {
					dot[j] += w * qs[j].terms[s]
				}
			}
		}
		for j := i + 1; j < len(qs); j++ {
			if dot[j] > 0 {
				fn(j, dot[j])
			}
		}
	}
	var edges []pair
	linked := make([]bool, len(qs))
	for i := range qs {
		similarities(i, func(int) bool { return true }, func(j int, sim float64) {
			if sim >= threshold {
				edges = append(edges, pair{i, j, sim})
				linked[i], linked[j] = true, true
			}
		})
	}
	sims := map[[2]int]float64{}
	for i := range qs {
		if linked[i] {
			similarities(i, func(j int) bool { return linked[j] }, func(j int, sim float64) {
				if sim >= recurringLink {
					sims[[2]int{i, j}] = sim
				}
			})
		}
	}
	slices.SortFunc(edges, func(a, b pair) int {
		return cmp.Or(cmp.Compare(b.sim, a.sim), cmp.Compare(a.i, b.i), cmp.Compare(a.j, b.j))
	})
	// Union-find, where two groups join only when every question of one
	// is at least somewhat like every question of the other (complete
	// linkage at recurringLink): a chain of look-alikes, each like the
	// next, does not make one group of questions that share nothing.
	parent := make([]int, len(qs))
	members := make([][]int, len(qs))
	for i := range parent {
		parent[i], members[i] = i, []int{i}
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	alike := func(a, b int) bool {
		for _, i := range members[a] {
			for _, j := range members[b] {
				if sims[[2]int{min(i, j), max(i, j)}] < recurringLink {
					return false
				}
			}
		}
		return true
	}
	best := make([]float64, len(qs))
	for _, e := range edges {
		a, b := find(e.i), find(e.j)
		if a == b || !alike(a, b) {
			continue
		}
		parent[b] = a
		members[a], members[b] = append(members[a], members[b]...), nil
		best[e.i], best[e.j] = max(best[e.i], e.sim), max(best[e.j], e.sim)
	}
	groups := map[int][]int{}
	for i := range qs {
		r := find(i)
		groups[r] = append(groups[r], i)
	}
	for _, members := range groups {
		if len(members) < 2 {
			continue
		}
		cl := &praxis.QuestionCluster{}
		share := map[string]int{}
		weight := map[string]float64{}
		for _, i := range members {
			h := qs[i].hit
			h.Score = math.Round(best[i]*1000) / 1000
			cl.Threads = append(cl.Threads, h)
			cl.Replies += h.ReplyCount
			if h.Solved {
				cl.Solved++
			}
			for s, w := range qs[i].terms {
				share[s]++
				weight[s] += w
			}
		}
		slices.SortFunc(cl.Threads, func(a, b *praxis.SimilarHit) int {
			return cmp.Or(cmp.Compare(b.ReplyCount, a.ReplyCount), b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.ID, b.ID))
		})
		var stems []string
		for s, k := range share {
			if k >= 2 {
				stems = append(stems, s)
			}
		}
		slices.SortFunc(stems, func(a, b string) int {
			return cmp.Or(cmp.Compare(share[b], share[a]), cmp.Compare(weight[b], weight[a]), strings.Compare(a, b))
		})
		for _, s := range stems[:min(len(stems), maxClusterTerms)] {
			cl.Terms = append(cl.Terms, wordFor(qs, members, s))
		}
		out = append(out, cl)
	}
	slices.SortFunc(out, func(a, b *praxis.QuestionCluster) int {
		return cmp.Or(cmp.Compare(len(b.Threads), len(a.Threads)), cmp.Compare(b.Replies, a.Replies), cmp.Compare(a.Threads[0].ID, b.Threads[0].ID))
	})
	return out[:min(len(out), maxClusters)]
}

// wordFor returns the most common way the members of a cluster write a stem.
func wordFor(qs []*recurringQuestion, members []int, stem string) string {
	count := map[string]int{}
	for _, i := range members {
		if w, ok := qs[i].words[stem]; ok {
			count[w]++
		}
	}
	best := stem
	for w, k := range count {
		if k > count[best] || (k == count[best] && w < best) {
			best = w
		}
	}
	return best
}
