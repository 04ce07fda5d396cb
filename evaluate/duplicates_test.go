package evaluate

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// beerDump returns the shared Stack Exchange dump, skipping the test when
// it is absent (a fresh clone) unless PRAXIS_REQUIRE_SHARED_DATA=1.
func beerDump(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "data", "stackexchange", "beer")
	if _, err := os.Stat(filepath.Join(dir, "PostLinks.xml")); err != nil {
		if os.Getenv("PRAXIS_REQUIRE_SHARED_DATA") == "1" {
			t.Fatalf("PRAXIS_REQUIRE_SHARED_DATA=1 but the beer dump is missing: %v", err)
		}
		t.Skipf("the shared beer dump is not here (%v); see ../shared/data/README.md", err)
	}
	return dir
}

// TestDuplicatesOnBeer runs the evaluation on the real beer.stackexchange
// dump: all 17 duplicate links are evaluated, and the product's ranking
// must do at least as well as the title-only BM25 baseline on every
// measure, and find most originals in its first ten.
func TestDuplicatesOnBeer(t *testing.T) {
	if testing.Short() {
		t.Skip("the evaluation imports a whole dump")
	}
	rep, err := Duplicates(t.Context(), beerDump(t), DuplicatesOptions{WorkDir: t.TempDir()})
	if err != nil {
		t.Fatalf("Duplicates: %v", err)
	}
	var buf bytes.Buffer
	rep.Write(&buf)
	t.Logf("\n%s", buf.String())
	if rep.Links != 17 {
		t.Errorf("duplicate links = %d, want 17 (the dump's README)", rep.Links)
	}
	if rep.Questions < 15 {
		t.Errorf("evaluated %d duplicate questions, want at least 15; skipped: %s", rep.Questions, strings.Join(rep.Skipped, "; "))
	}
	if len(rep.Results) != 2 {
		t.Fatalf("results = %d rankings, want 2", len(rep.Results))
	}
	base, ours := rep.Results[0].Metrics, rep.Results[1].Metrics
	if ours.MAP < base.MAP || ours.MRR < base.MRR || ours.Recall10 < base.Recall10 {
		t.Errorf("the product's ranking %v is worse than the baseline %v", ours, base)
	}
	if ours.Recall10 < 0.5 {
		t.Errorf("recall@10 = %.3f, want at least 0.5: most originals should be among the first ten suggestions", ours.Recall10)
	}
}
