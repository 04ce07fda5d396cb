package evaluate

import (
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	var s Score
	// Relevant first: AP 1, RR 1, P@1 1, R@10 1.
	s.Add([]int64{7, 1, 2}, map[int64]bool{7: true})
	// Relevant third: AP 1/3, RR 1/3, P@1 0, R@10 1.
	s.Add([]int64{1, 2, 7}, map[int64]bool{7: true})
	// Two relevant at 2 and 12: AP (1/2 + 2/12)/2, RR 1/2, R@10 1/2.
	ranked := []int64{1, 8, 2, 3, 4, 5, 6, 10, 11, 12, 13, 9}
	s.Add(ranked, map[int64]bool{8: true, 9: true})
	// Not found: all zero.
	s.Add([]int64{1, 2}, map[int64]bool{99: true})
	m := s.Metrics()
	want := Metrics{
		Queries:  4,
		MAP:      (1 + 1.0/3 + (0.5+2.0/12)/2 + 0) / 4,
		MRR:      (1 + 1.0/3 + 0.5 + 0) / 4,
		P1:       1.0 / 4,
		Recall10: (1 + 1 + 0.5 + 0) / 4,
		Found:    3,
	}
	for name, pair := range map[string][2]float64{"MAP": {m.MAP, want.MAP}, "MRR": {m.MRR, want.MRR}, "P1": {m.P1, want.P1}, "Recall10": {m.Recall10, want.Recall10}} {
		if math.Abs(pair[0]-pair[1]) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, pair[0], pair[1])
		}
	}
	if m.Queries != 4 || m.Found != 3 {
		t.Errorf("Queries, Found = %d, %d; want 4, 3", m.Queries, m.Found)
	}
}

func TestScoreCutoff(t *testing.T) {
	var s Score
	ranked := make([]int64, 30)
	for i := range ranked {
		ranked[i] = int64(i + 1)
	}
	s.Add(ranked, map[int64]bool{25: true}) // beyond the cutoff: not found
	if m := s.Metrics(); m.MAP != 0 || m.Found != 0 {
		t.Errorf("relevant at 25 counted: %+v", m)
	}
}
