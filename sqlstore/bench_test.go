package sqlstore_test

import (
	"fmt"
	"sync"
	"testing"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// The benchmarks below measure the conversation pages on every dialect
// sqltest offers. docs/BENCHMARKS.md has the commands and the results:
//
//	go test -run '^$' -bench . -benchmem ./sqlstore/ ./web/

// benchCast is who takes part in the benchmarks and the query count: @ana
// coordinates the public, open community "bench", which @ben, @chen, @dara
// and @eli have joined.
type benchCast struct {
	members   []*praxis.User
	community *praxis.Community
}

func newBenchCast(tb testing.TB, db *sqlstore.DB) *benchCast {
	tb.Helper()
	ctx := tb.Context()
	if _, err := db.Setup(ctx, "Bench", praxis.Signup{Handle: "admin", Email: "admin@example.org", DisplayName: "Ada Admin", Password: testPassword}); err != nil {
		tb.Fatalf("Setup: %v", err)
	}
	c := &benchCast{}
	for _, h := range []string{"ana", "ben", "chen", "dara", "eli"} {
		u, err := db.SignUp(ctx, praxis.Signup{Handle: h, Email: h + "@example.org", DisplayName: "User " + h, Password: testPassword, IP: "192.0.2.1"})
		if err != nil {
			tb.Fatalf("SignUp(%s): %v", h, err)
		}
		c.members = append(c.members, u)
	}
	var err error
	c.community, err = db.CreateCommunity(ctx, c.members[0], communityInput("Bench", praxis.VisibilityPublic, praxis.JoinOpen), nil)
	if err != nil {
		tb.Fatalf("CreateCommunity: %v", err)
	}
	for _, u := range c.members[1:] {
		if _, err := db.Join(ctx, u, c.community.Slug, ""); err != nil {
			tb.Fatalf("Join by %s: %v", u.Handle, err)
		}
	}
	return c
}

// replyBody is a reply of typical length with what the renderer handles:
// emphasis, a list, a link, a mention and a reference to another thread.
func replyBody(i int, mention string) string {
	return fmt.Sprintf("Reply %d. I tried **more compost** and a _thinner_ layer of mulch:\n\n"+
		"- water every other day\n- check the pH weekly\n\n"+
		"@%s did the same, see [the soil guide](https://example.org/soil) and /c/bench/t/1.", i, mention)
}

// seedThread starts a question by @ana with n replies written in turn by
// the members; every other reply is voted helpful by the next member.
func (c *benchCast) seedThread(tb testing.TB, db *sqlstore.DB, n int) *praxis.Thread {
	tb.Helper()
	ctx := tb.Context()
	th, err := db.CreateThread(ctx, c.members[0], c.community.Slug, threadInput(praxis.KindQuestion,
		fmt.Sprintf("How do I keep the soil moist? (%d replies)", n), "My beds dry out within a day. What works for you?", "soil"))
	if err != nil {
		tb.Fatalf("CreateThread: %v", err)
	}
	for i := range n {
		author := c.members[1+i%(len(c.members)-1)]
		p, err := db.Reply(ctx, author, th.ID, replyBody(i, c.members[i%len(c.members)].Handle), 0)
		if err != nil {
			tb.Fatalf("Reply %d: %v", i, err)
		}
		if i%2 == 0 {
			voter := c.members[(1+i)%len(c.members)]
			if voter.ID == author.ID {
				voter = c.members[0]
			}
			if _, err := db.Vote(ctx, voter, p.ID, true); err != nil {
				tb.Fatalf("Vote on reply %d: %v", i, err)
			}
		}
	}
	return th
}

// seedThreads starts n short threads in the community, from a few
// goroutines (PostgreSQL takes them in parallel, SQLite in turn).
func (c *benchCast) seedThreads(tb testing.TB, db *sqlstore.DB, n int) {
	tb.Helper()
	ctx := tb.Context()
	const workers = 4
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				author := c.members[i%len(c.members)]
				if _, err := db.CreateThread(ctx, author, c.community.Slug, threadInput(praxis.KindDiscussion,
					fmt.Sprintf("Thread number %d", i), fmt.Sprintf("Thread %d: what we learned this season.", i))); err != nil {
					errs <- fmt.Errorf("CreateThread %d: %w", i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
}

// eachDialect runs fn as a sub-benchmark on a fresh database of every
// dialect.
func eachDialect(b *testing.B, fn func(b *testing.B, db *sqlstore.DB)) {
	for _, d := range sqltest.Dialects() {
		b.Run(d, func(b *testing.B) { fn(b, sqltest.Open(b, d, nil)) })
	}
}

func benchThreadPage(b *testing.B, replies int) {
	eachDialect(b, func(b *testing.B, db *sqlstore.DB) {
		c := newBenchCast(b, db)
		th := c.seedThread(b, db, replies)
		viewer := c.members[2]
		b.ReportAllocs()
		for b.Loop() {
			tp, err := db.ThreadPage(b.Context(), viewer, th.ID)
			if err != nil {
				b.Fatal(err)
			}
			if len(tp.Replies) != replies {
				b.Fatalf("ThreadPage: %d replies; want %d", len(tp.Replies), replies)
			}
		}
	})
}

// BenchmarkThreadPage20 loads a thread with 20 replies as a member.
func BenchmarkThreadPage20(b *testing.B) { benchThreadPage(b, 20) }

// BenchmarkThreadPage200 loads a thread with 200 replies as a member.
func BenchmarkThreadPage200(b *testing.B) { benchThreadPage(b, 200) }

// BenchmarkThreads lists the first page (30) of a community with 5,000
// threads, by activity, as a member.
func BenchmarkThreads(b *testing.B) {
	const threads = 5000
	eachDialect(b, func(b *testing.B, db *sqlstore.DB) {
		c := newBenchCast(b, db)
		c.seedThreads(b, db, threads)
		viewer := c.members[2]
		b.ReportAllocs()
		for b.Loop() {
			l, err := db.Threads(b.Context(), viewer, c.community.Slug, praxis.ThreadFilter{Limit: praxis.DefaultPageSize})
			if err != nil {
				b.Fatal(err)
			}
			if l.Total != threads || len(l.Threads) != praxis.DefaultPageSize {
				b.Fatalf("Threads: total %d, %d on the page; want %d, %d", l.Total, len(l.Threads), threads, praxis.DefaultPageSize)
			}
		}
	})
}

// BenchmarkReply adds replies to a thread that four members follow: the
// reply, its revision, the counters, the follow, the notifications and the
// activity entry, in one transaction.
func BenchmarkReply(b *testing.B) {
	eachDialect(b, func(b *testing.B, db *sqlstore.DB) {
		c := newBenchCast(b, db)
		th := c.seedThread(b, db, 4)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			author := c.members[1+i%(len(c.members)-1)]
			if _, err := db.Reply(b.Context(), author, th.ID, replyBody(i, c.members[i%len(c.members)].Handle), 0); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}
