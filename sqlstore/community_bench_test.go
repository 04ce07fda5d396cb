package sqlstore_test

import (
	"testing"

	"praxis"
	"praxis/sqlstore"
)

// BenchmarkCommunityPage times, on a bench-seeded organization, the store
// calls of a community's page that profiling at scale found slow
// (docs/BENCHMARKS.md, "Pages at large, after profiling"): the pinned
// threads, the latest threads with their total, the activity chart, and
// the participation levels, kept in memory, against listing every member
// to count them, which they replaced; and the whole page, every part in
// one transaction, as the page reads it now.
//
//	go test -run '^$' -bench CommunityPage -benchmem ./sqlstore/
func BenchmarkCommunityPage(b *testing.B) {
	eachDialect(b, func(b *testing.B, db *sqlstore.DB) {
		ctx := b.Context()
		targets, err := db.BenchSeed(ctx, tinyBenchSpec(), nil)
		if err != nil {
			b.Fatal(err)
		}
		member, err := db.Authenticate(ctx, praxis.Login{Account: targets.Member, Password: tinyBenchSpec().Password, IP: "192.0.2.9"})
		if err != nil {
			b.Fatal(err)
		}
		slug := targets.Community
		for _, bc := range []struct {
			name string
			call func() error
		}{
			{"pinned", func() error { _, err := db.Pinned(ctx, member, slug); return err }},
			{"latest", func() error { _, err := db.Threads(ctx, member, slug, praxis.ThreadFilter{Limit: 6}); return err }},
			{"chart", func() error { _, err := db.DailyActivity(ctx, member, slug, 90); return err }},
			{"levels", func() error { _, err := db.ParticipationLevels(ctx, member, slug); return err }},
			{"members", func() error { _, err := db.Members(ctx, member, slug, praxis.MemberFilter{}); return err }},
			{"page", func() error {
				_, err := db.CommunityPage(ctx, member, slug, praxis.CommunityPageOptions{Threads: 6, Activity: 12, Days: 90})
				return err
			}},
		} {
			b.Run(bc.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := bc.call(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}
