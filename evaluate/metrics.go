// Package evaluate measures how well the similar-questions ranking finds
// what a community already knows: on a Stack Exchange dump, every question
// the site's moderators closed as a duplicate is a draft whose right
// answer (the original) is known.
package evaluate

import "fmt"

// Cutoff is the depth of the ranking evaluated: the most a user is shown
// (praxis.MaxSimilar).
const Cutoff = 20

// Metrics are the standard ranking measures, averaged over queries.
type Metrics struct {
	Queries  int     `json:"queries"`
	MAP      float64 `json:"map"`       // mean average precision at Cutoff
	MRR      float64 `json:"mrr"`       // mean reciprocal rank of the first relevant result
	P1       float64 `json:"p_at_1"`    // share of queries whose first result is relevant
	Recall10 float64 `json:"recall_10"` // share of the relevant found in the first ten
	Found    int     `json:"found"`     // queries with a relevant result within Cutoff
}

// Score adds up per-query results: ranked is the ranking (ids, best first),
// relevant the ids that are right answers.
type Score struct {
	sumAP, sumRR, sumP1, sumR10 float64
	n, found                    int
}

// Add scores one query.
func (s *Score) Add(ranked []int64, relevant map[int64]bool) {
	if len(relevant) == 0 {
		return
	}
	s.n++
	hits := 0
	ap := 0.0
	rr := 0.0
	in10 := 0
	for i, id := range ranked {
		if i >= Cutoff {
			break
		}
		if !relevant[id] {
			continue
		}
		hits++
		ap += float64(hits) / float64(i+1)
		if rr == 0 {
			rr = 1 / float64(i+1)
		}
		if i == 0 {
			s.sumP1++
		}
		if i < 10 {
			in10++
		}
	}
	if hits > 0 {
		s.found++
	}
	s.sumAP += ap / float64(len(relevant))
	s.sumRR += rr
	s.sumR10 += float64(in10) / float64(len(relevant))
}

// Metrics returns the averages.
func (s *Score) Metrics() Metrics {
	if s.n == 0 {
		return Metrics{}
	}
	n := float64(s.n)
	return Metrics{Queries: s.n, MAP: s.sumAP / n, MRR: s.sumRR / n, P1: s.sumP1 / n, Recall10: s.sumR10 / n, Found: s.found}
}

// String formats the metrics as a table row.
func (m Metrics) String() string {
	return fmt.Sprintf("%6.3f %6.3f %6.3f %6.3f %4d/%d", m.MAP, m.MRR, m.P1, m.Recall10, m.Found, m.Queries)
}
