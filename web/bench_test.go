package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"praxis"
	"praxis/sqlstore/sqltest"
	"praxis/web"
)

// BenchmarkThreadPageHTTP serves the page of a thread with 20 replies to an
// anonymous visitor of a public community, through the whole handler:
// middleware, store, templates. docs/BENCHMARKS.md has the results:
//
//	go test -run '^$' -bench . -benchmem ./sqlstore/ ./web/
func BenchmarkThreadPageHTTP(b *testing.B) {
	const replies = 20
	for _, d := range sqltest.Dialects() {
		b.Run(d, func(b *testing.B) {
			ctx := b.Context()
			db := sqltest.Open(b, d, nil)
			if _, err := db.Setup(ctx, "Bench", praxis.Signup{Handle: "admin", Email: "admin@example.org", DisplayName: "Ada Admin", Password: testPassword}); err != nil {
				b.Fatalf("Setup: %v", err)
			}
			var members []*praxis.User
			for _, h := range []string{"ana", "ben", "chen", "dara", "eli"} {
				u, err := db.SignUp(ctx, praxis.Signup{Handle: h, Email: h + "@example.org", DisplayName: "User " + h, Password: testPassword, IP: "192.0.2.1"})
				if err != nil {
					b.Fatalf("SignUp(%s): %v", h, err)
				}
				members = append(members, u)
			}
			name, statement, vis, join := "Bench", "How we bench.", praxis.VisibilityPublic, praxis.JoinOpen
			c, err := db.CreateCommunity(ctx, members[0], praxis.CommunityInput{Name: &name, DomainStatement: &statement, Visibility: &vis, JoinPolicy: &join}, nil)
			if err != nil {
				b.Fatalf("CreateCommunity: %v", err)
			}
			for _, u := range members[1:] {
				if _, err := db.Join(ctx, u, c.Slug, ""); err != nil {
					b.Fatalf("Join by %s: %v", u.Handle, err)
				}
			}
			kind, title, body := praxis.KindQuestion, "How do I keep the soil moist?", "My beds dry out within a day. What works for you?"
			th, err := db.CreateThread(ctx, members[0], c.Slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body, Topics: []string{"soil"}})
			if err != nil {
				b.Fatalf("CreateThread: %v", err)
			}
			for i := range replies {
				author := members[1+i%4]
				p, err := db.Reply(ctx, author, th.ID, fmt.Sprintf("Reply %d. I tried **more compost** and a _thinner_ layer of mulch:\n\n"+
					"- water every other day\n- check the pH weekly\n\n"+
					"@%s did the same, see [the soil guide](https://example.org/soil).", i, members[i%5].Handle), 0)
				if err != nil {
					b.Fatalf("Reply %d: %v", i, err)
				}
				if i%2 == 0 {
					if _, err := db.Vote(ctx, members[0], p.ID, true); err != nil {
						b.Fatalf("Vote on reply %d: %v", i, err)
					}
				}
			}
			srv, err := web.New(web.Config{Store: db, Version: "bench"})
			if err != nil {
				b.Fatalf("web.New: %v", err)
			}
			path := th.Path()
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if last := fmt.Sprintf("Reply %d.", replies-1); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), last) {
				b.Fatalf("GET %s: status %d; want 200 and a page with %q (body %.300s)", path, rec.Code, last, rec.Body)
			}
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: status %d; want 200 (body %.300s)", path, rec.Code, rec.Body)
				}
			}
		})
	}
}
