package sqlstore_test

import (
	"slices"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// TestSearchWindow checks the window of the newest documents
// (search_recent): it keeps the documents among the last ids and no
// others, and a search by relevance finds the same candidates through it
// as through the whole index, both when the window holds enough matches
// and when it must fall back.
func TestSearchWindow(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		spec := tinyBenchSpec()
		spec.Posts = 20000
		clock.T = spec.Now.Add(time.Hour)
		targets, err := db.BenchSeed(ctx, spec, nil)
		if err != nil {
			t.Fatalf("BenchSeed: %v", err)
		}
		if err := db.Reindex(ctx, nil); err != nil {
			t.Fatalf("Reindex: %v", err)
		}
		docs, err := db.CountForTest(ctx, `SELECT count(*) FROM search_docs`)
		if err != nil {
			t.Fatal(err)
		}
		admin, err := db.Authenticate(ctx, praxis.Login{Account: targets.Admin, Password: spec.Password, IP: "192.0.2.9"})
		if err != nil {
			t.Fatalf("Authenticate(%s): %v", targets.Admin, err)
		}
		const window = 1500
		if docs < 2*window {
			t.Fatalf("%d documents; the test wants more than %d", docs, 2*window)
		}
		// candidates pages through every hit of a search by relevance.
		candidates := func(q string) (ids []string, total int) {
			for page := 1; ; page++ {
				r, err := db.Search(ctx, admin, praxis.SearchQuery{Q: q, Page: page, PerPage: praxis.MaxSearchPageSize})
				if err != nil {
					t.Fatalf("Search(%q) page %d: %v", q, page, err)
				}
				for _, h := range r.Hits {
					ids = append(ids, h.Kind+" "+h.URL)
				}
				if len(r.Hits) == 0 || page == praxis.MaxSearchPages {
					slices.Sort(ids)
					return ids, r.Total
				}
			}
		}
		// A common word, whose newest matches fill the window, and a rarer
		// one, with matches in and before the window, which sends the
		// search to the whole index; the reader sees every document.
		common, rare := "change", "ward"
		type result struct {
			ids   []string
			total int
		}
		whole := map[string]result{}
		for _, q := range []string{common, rare} {
			ids, total := candidates(q)
			whole[q] = result{ids, total}
		}
		if whole[common].total < praxis.SearchCountCap || len(whole[rare].ids) == 0 || whole[rare].total >= praxis.SearchCountCap {
			t.Fatalf("common word %q: %d matches, rare %s: %d; the test wants over %d and a few",
				common, whole[common].total, rare, whole[rare].total, praxis.SearchCountCap)
		}

		// Rebuild the index with a window smaller than the data.
		sqlstore.SetSearchWindow(db, window)
		if err := db.Reindex(ctx, nil); err != nil {
			t.Fatalf("Reindex: %v", err)
		}
		n, err := db.CountForTest(ctx, `SELECT count(*) FROM search_recent`)
		if err != nil {
			t.Fatal(err)
		}
		want, err := db.CountForTest(ctx, `SELECT count(*) FROM search_docs WHERE id > (SELECT max(id) FROM search_docs) - 1500`)
		if err != nil {
			t.Fatal(err)
		}
		key, match := "rowid", func(word string) string { return `search_recent MATCH '"` + word + `"'` }
		if db.Dialect() == "postgres" {
			key, match = "id", func(word string) string { return `tsv @@ to_tsquery('english', '` + word + `')` }
		}
		old, err := db.CountForTest(ctx, `SELECT count(*) FROM search_recent WHERE `+key+` <= (SELECT max(id) FROM search_docs) - 1500
			OR `+key+` NOT IN (SELECT id FROM search_docs)`)
		if err != nil {
			t.Fatal(err)
		}
		if n != want || old != 0 || n == docs {
			t.Errorf("search_recent holds %d documents, %d of them old or gone; want the %d among the last %d ids of %d",
				n, old, want, window, docs)
		}
		matches, err := db.CountForTest(ctx, `SELECT count(*) FROM search_recent WHERE `+match(common))
		if err != nil {
			t.Fatal(err)
		}
		if matches <= praxis.SearchCountCap {
			t.Fatalf("the window holds %d matches of %q; the test wants it to hold the candidates", matches, common)
		}
		matches, err = db.CountForTest(ctx, `SELECT count(*) FROM search_recent WHERE `+match(rare))
		if err != nil {
			t.Fatal(err)
		}
		if matches == 0 || matches >= int64(whole[rare].total) {
			t.Fatalf("the window holds %d of the %d matches of %q; the test wants some, not all", matches, whole[rare].total, rare)
		}
		for _, q := range []string{common, rare} {
			ids, total := candidates(q)
			if total != whole[q].total || !slices.Equal(ids, whole[q].ids) {
				t.Errorf("Search(%q) with a window of %d: %d hits of %d; want the %d hits of %d the whole index gives",
					q, window, len(ids), total, len(whole[q].ids), whole[q].total)
			}
		}
	})
}
