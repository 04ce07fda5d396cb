package web

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"praxis"
	"praxis/markdown"
)

// BenchmarkThreadTemplate executes the thread page's templates alone, with
// the page data a thread of 20 or 200 replies gives, for an anonymous
// visitor and for a member who may vote, reply and accept (whose page has
// a form per reply). BenchmarkThreadPageHTTP measures the whole request;
// this one shows what the templates cost of it:
//
//	go test -run '^$' -bench ThreadTemplate -benchmem ./web/
func BenchmarkThreadTemplate(b *testing.B) {
	s, err := New(Config{Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	md := markdown.New()
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	member := &praxis.User{ID: 2, Handle: "ben", DisplayName: "Ben Okafor", Role: praxis.RoleMember}
	for _, replies := range []int{20, 200} {
		c := &praxis.Community{ID: 1, Slug: "bench", Name: "Bench", Visibility: praxis.VisibilityPublic, JoinPolicy: praxis.JoinOpen}
		t := &praxis.Thread{ID: 7, CommunityID: 1, CommunitySlug: "bench", Kind: praxis.KindQuestion, Title: "How do I keep the soil moist?",
			Status: praxis.ThreadSolved, Author: praxis.PersonRef{ID: 1, Handle: "ana", Name: "Ana Garcia"}, Topics: []string{"soil", "mulch"},
			ReplyCount: replies, CreatedAt: now.Add(-48 * time.Hour), LastActivityAt: now}
		post := func(id int64, author praxis.PersonRef, src string) *praxis.Post {
			return &praxis.Post{ID: id, ThreadID: t.ID, Author: author, Source: src, HTML: md.Render(src).HTML, Revision: 1,
				CreatedAt: now.Add(-time.Duration(replies-int(id)) * time.Minute)}
		}
		tp := &praxis.ThreadPage{Thread: t, Community: c, Opening: post(1, t.Author, "My beds dry out within a day. What works for you?")}
		tp.Opening.Opening = true
		for i := range replies {
			p := post(int64(i+2), praxis.PersonRef{ID: int64(2 + i%4), Handle: fmt.Sprintf("member%d", i%4), Name: "Member"},
				fmt.Sprintf("Reply %d. I tried **more compost** and a _thinner_ layer of mulch:\n\n- water every other day\n- check the pH weekly\n\n"+
					"@ana did the same, see [the soil guide](https://example.org/soil).", i))
			p.Helpful = i % 3
			tp.Replies = append(tp.Replies, p)
		}
		tp.Replies[3].Accepted = true
		t.AcceptedPostID = tp.Replies[3].ID
		for _, who := range []struct {
			name string
			user *praxis.User
		}{{"anonymous", nil}, {"member", member}} {
			b.Run(fmt.Sprintf("%d/%s", replies, who.name), func(b *testing.B) {
				data := *tp
				m := &praxis.Membership{Role: praxis.MemberRegular, State: praxis.StateActive}
				if who.user == nil {
					m = nil
				}
				data.Perm = praxis.PermissionsFor(who.user, c, m)
				data.CanAccept = who.user != nil
				p := &page{Title: t.Title, Nav: "community", User: who.user, CSRF: s.marker, Instance: "Bench",
					Path: t.Path(), Data: threadData{ThreadPage: &data}}
				var buf bytes.Buffer
				if err := s.pages["thread"].ExecuteTemplate(&buf, "layout", p); err != nil {
					b.Fatalf("execute: %v", err)
				}
				b.ReportMetric(float64(buf.Len()), "bytes/page")
				b.ReportAllocs()
				for b.Loop() {
					buf.Reset()
					if err := s.pages["thread"].ExecuteTemplate(&buf, "layout", p); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
