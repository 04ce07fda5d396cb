package sqlstore_test

import (
	"fmt"
	"testing"

	"praxis"
	"praxis/sqlstore"
)

// The search benchmarks run on a generated community of 3,000 questions
// with a reply each, in words drawn from a small brewing vocabulary, so
// that common words match hundreds of documents and rare ones a few:
//
//	go test -run '^$' -bench 'Search|Similar|Experts|Health' -benchmem ./sqlstore/

var benchWords = []string{"yeast", "wort", "hops", "malt", "keg", "chiller", "mash", "boil", "ferment", "lager", "stout", "ale",
	"bottle", "carbonation", "sanitize", "gravity", "temperature", "starter", "barley", "water", "ph", "oxygen", "krausen",
	"airlock", "siphon", "priming", "sugar", "infection", "diacetyl", "esters"}

// seedSearchCorpus writes n questions with a reply each.
func seedSearchCorpus(b *testing.B, db *sqlstore.DB, c *benchCast, n int) {
	b.Helper()
	ctx := b.Context()
	word := func(i, k int) string { return benchWords[(i*7+k*13+i/len(benchWords))%len(benchWords)] }
	for i := range n {
		title := fmt.Sprintf("How do I control %s and %s with %s? (%d)", word(i, 0), word(i, 1), word(i, 2), i)
		body := fmt.Sprintf("My %s keeps going wrong when the %s is too high. I tried more %s and less %s.", word(i, 3), word(i, 4), word(i, 5), word(i, 6))
		th, err := db.CreateThread(ctx, c.members[i%len(c.members)], c.community.Slug, threadInput(praxis.KindQuestion, title, body, word(i, 7)))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Reply(ctx, c.members[(i+1)%len(c.members)], th.ID, fmt.Sprintf("Check the %s first, then the %s.", word(i, 8), word(i, 9)), 0); err != nil {
			b.Fatal(err)
		}
	}
}

const benchCorpus = 3000

// benchDraft is the draft question of the similar-questions and experts
// benchmarks.
var benchDraft = praxis.SimilarQuery{Title: "Keg carbonation is too slow", Body: "My keg takes weeks to carbonate at this temperature. More sugar?"}

// BenchmarkSearch searches the corpus as a member: a common word, two
// words, a phrase, and an exclusion, the first page by relevance.
func BenchmarkSearch(b *testing.B) {
	eachDialect(b, func(b *testing.B, db *sqlstore.DB) {
		c := newBenchCast(b, db)
		seedSearchCorpus(b, db, c, benchCorpus)
		viewer := c.members[2]
		queries := []string{"yeast", "keg carbonation", `"too high"`, "wort -lager", "diacetyl OR esters"}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r, err := db.Search(b.Context(), viewer, praxis.SearchQuery{Q: queries[i%len(queries)]})
			if err != nil {
				b.Fatal(err)
			}
			if r.Total == 0 {
				b.Fatalf("Search(%q) found nothing", queries[i%len(queries)])
			}
			i++
		}
	})
}

// BenchmarkSimilar asks for the questions like a draft in the corpus.
func BenchmarkSimilar(b *testing.B) {
	eachDialect(b, func(b *testing.B, db *sqlstore.DB) {
		c := newBenchCast(b, db)
		seedSearchCorpus(b, db, c, benchCorpus)
		b.ReportAllocs()
		for b.Loop() {
			hits, err := db.Similar(b.Context(), nil, c.community.Slug, benchDraft)
			if err != nil {
				b.Fatal(err)
			}
			if len(hits) == 0 {
				b.Fatal("Similar found nothing")
			}
		}
	})
}

// BenchmarkExperts asks for the members placed to answer a draft in the
// corpus, whose questions were answered by the cast's members.
func BenchmarkExperts(b *testing.B) {
	eachDialect(b, func(b *testing.B, db *sqlstore.DB) {
		c := newBenchCast(b, db)
		seedSearchCorpus(b, db, c, benchCorpus)
		b.ReportAllocs()
		for b.Loop() {
			experts, err := db.Experts(b.Context(), nil, c.community.Slug, benchDraft)
			if err != nil {
				b.Fatal(err)
			}
			if len(experts) == 0 {
				b.Fatal("Experts found nobody")
			}
		}
	})
}

// BenchmarkHealth computes the health of the corpus's community: 6,000
// posts, all within the weeks it counts. Keeping is off, so that every
// iteration computes it.
func BenchmarkHealth(b *testing.B) {
	eachDialect(b, func(b *testing.B, db *sqlstore.DB) {
		c := newBenchCast(b, db)
		seedSearchCorpus(b, db, c, benchCorpus)
		sqlstore.SetHealthKeeping(db, false)
		if db.Dialect() == "postgres" {
			// As autovacuum would soon: planned without statistics, the
			// first answers were looked for in the community's partial
			// index of posts rather than by thread (155 ms against 11).
			if err := db.ExecForTest(b.Context(), "ANALYZE posts, threads, memberships, articles"); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportAllocs()
		for b.Loop() {
			h, err := db.Health(b.Context(), nil, c.community.Slug)
			if err != nil {
				b.Fatal(err)
			}
			if h.Questions.Asked != benchCorpus {
				b.Fatalf("Health counts %d questions; want %d", h.Questions.Asked, benchCorpus)
			}
		}
	})
}
