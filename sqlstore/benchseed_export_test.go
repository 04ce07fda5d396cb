package sqlstore

import (
	"context"
	"math/rand/v2"

	"praxis"
)

// CountForTest runs a query that returns one number, for tests that check
// what a write left in the tables.
func (db *DB) CountForTest(ctx context.Context, query string) (int64, error) {
	var n int64
	err := db.view(ctx, func(tx *Tx) error { return tx.QueryRowContext(ctx, query).Scan(&n) })
	return n, err
}

// BenchBody is a post body as the bench seed composes it.
type BenchBody struct{ Source, HTML, Text string }

// BenchSampleBodies composes n post bodies the way the bench seed does,
// from every domain, with the blocks rendered for one post (mentions and
// links to threads) among them.
func BenchSampleBodies(r praxis.Renderer, rng *rand.Rand, n int) []BenchBody {
	g := newBenchText(r, rng, 40)
	var out []BenchBody
	for i := range n {
		d := benchDomains[i%len(benchDomains)]
		var extra []benchBlock
		if i%3 == 0 {
			extra = append(extra, g.render("Thanks @ana-garcia, "+g.sentence(d), false))
		}
		if i%4 == 0 {
			extra = append(extra, g.render("This came up before in [How do you check the sbar?](/c/clinical-handover/t/12).", false))
		}
		if i%5 == 0 {
			extra = append(extra, g.heading(d))
		}
		b := compose(g.body(d, 1+i%4, extra...))
		out = append(out, BenchBody{Source: b.src, HTML: b.html, Text: b.text})
	}
	return out
}
