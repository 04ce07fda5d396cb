package sqlstore_test

import (
	"fmt"
	"testing"

	"praxis"
	"praxis/sqlstore"
)

// BenchmarkUnreadCount counts the unread notifications of @ana, as every
// signed-in page does for its header: answers to her question that she has
// not read, 300 of them (more than praxis.MaxUnread, where counting stops)
// and then 50. docs/BENCHMARKS.md has the results:
//
//	go test -run '^$' -bench UnreadCount -benchtime=200x -benchmem ./sqlstore/
func BenchmarkUnreadCount(b *testing.B) {
	eachDialect(b, func(b *testing.B, db *sqlstore.DB) {
		c := newBenchCast(b, db)
		ana := c.members[0]
		th := c.seedThread(b, db, 300)
		for _, unread := range []int{300, 50} {
			if unread < 300 {
				if err := db.MarkRead(b.Context(), ana, nil); err != nil {
					b.Fatal(err)
				}
				for i := range unread {
					if _, err := db.Reply(b.Context(), c.members[1], th.ID, replyBody(i, "ben"), 0); err != nil {
						b.Fatal(err)
					}
				}
			}
			want := min(unread, praxis.MaxUnread+1)
			b.Run(fmt.Sprintf("unread=%d", unread), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					n, err := db.UnreadCount(b.Context(), ana)
					if err != nil {
						b.Fatal(err)
					}
					if n != want {
						b.Fatalf("UnreadCount = %d; want %d", n, want)
					}
				}
			})
		}
	})
}
