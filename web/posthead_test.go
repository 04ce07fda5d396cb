package web

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"praxis"
)

// TestPostHeadKept checks the rendered post heads the server keeps: after
// any change to what a head shows, the kept head is the one rendered from
// scratch, never the one kept before the change; and the server keeps at
// most postHeadsSize of them.
func TestPostHeadKept(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	clock := now
	s, err := New(Config{Version: "test", Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	thread := &praxis.Thread{ID: 7, CommunitySlug: "garden"}
	edited := now.Add(-time.Hour)
	// The base post was edited, so that its head links to its history at
	// the thread's address.
	base := func() *praxis.Post {
		return &praxis.Post{ID: 11, ThreadID: 7, Author: praxis.PersonRef{ID: 2, Handle: "ben", Name: "Ben Okafor", Organization: "Clinic"},
			HTML: "<p>Mulch <em>helps</em>.</p>", Helpful: 2, CreatedAt: now.Add(-3 * time.Hour), EditedAt: &edited}
	}
	fresh := func(p *praxis.Post, th *praxis.Thread) string {
		t.Helper()
		var buf bytes.Buffer
		d := postHeadData{Post: p, Thread: th, ISO: isoTime(p.CreatedAt), Ago: ago(clock, p.CreatedAt)}
		if err := s.pages["thread"].ExecuteTemplate(&buf, "post-head", d); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	kept := func(p *praxis.Post, th *praxis.Thread) string {
		t.Helper()
		h, err := s.postHead(p, th)
		if err != nil {
			t.Fatal(err)
		}
		return string(h)
	}
	first := kept(base(), thread)
	if first != fresh(base(), thread) || !strings.Contains(first, "Mulch") {
		t.Fatalf("postHead = %q; want the post's head as post-head renders it", first)
	}
	tests := []struct {
		name   string
		change func(p *praxis.Post, th **praxis.Thread)
	}{
		{"text", func(p *praxis.Post, _ **praxis.Thread) { p.HTML = "<p>Compost.</p>" }},
		{"helpful votes", func(p *praxis.Post, _ **praxis.Thread) { p.Helpful = 3 }},
		{"accepted", func(p *praxis.Post, _ **praxis.Thread) { p.Accepted = true }},
		{"opening post", func(p *praxis.Post, _ **praxis.Thread) { p.Opening = true }},
		{"deleted", func(p *praxis.Post, _ **praxis.Thread) { p.Deleted, p.HTML = true, "" }},
		{"hidden from this viewer", func(p *praxis.Post, _ **praxis.Thread) { p.Hidden, p.HTML = true, "" }},
		{"never edited", func(p *praxis.Post, _ **praxis.Thread) { p.EditedAt = nil }},
		{"a reply to another", func(p *praxis.Post, _ **praxis.Thread) { p.ReplyToID = 9 }},
		{"author's name", func(p *praxis.Post, _ **praxis.Thread) { p.Author.Name = "Ben O." }},
		{"author's organization", func(p *praxis.Post, _ **praxis.Thread) { p.Author.Organization = "" }},
		{"author gone", func(p *praxis.Post, _ **praxis.Thread) { p.Author = praxis.PersonRef{} }},
		{"time", func(p *praxis.Post, _ **praxis.Thread) { p.CreatedAt = now.Add(-5 * time.Hour) }},
		{"thread moved", func(_ *praxis.Post, th **praxis.Thread) { *th = &praxis.Thread{ID: 7, CommunitySlug: "orchard"} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, th := base(), thread
			tc.change(p, &th)
			kept(base(), thread)
			got, want := kept(p, th), fresh(p, th)
			if got != want || got == first {
				t.Errorf("after a change of %s, postHead = %q; want %q", tc.name, got, want)
			}
		})
	}
	t.Run("time passing", func(t *testing.T) {
		before := kept(base(), thread)
		clock = now.Add(24 * time.Hour)
		defer func() { clock = now }()
		got, want := kept(base(), thread), fresh(base(), thread)
		if got != want || got == before {
			t.Errorf("a day later, postHead = %q; want %q", got, want)
		}
	})
	t.Run("bounded", func(t *testing.T) {
		for i := range postHeadsSize + 10 {
			p := base()
			p.ID = int64(1000 + i)
			kept(p, thread)
		}
		if n := s.heads.lru.Len(); n != postHeadsSize || len(s.heads.byKey) != postHeadsSize {
			t.Errorf("after %d posts, %d heads kept (%d keys); want %d", postHeadsSize+10, n, len(s.heads.byKey), postHeadsSize)
		}
	})
}

// TestPostHeadHoldsNoViewer checks that a kept head holds nothing of the
// viewer: the thread page of a member, whose forms carry their CSRF
// token, keeps heads free of it, and an anonymous page shows the same
// heads.
func TestPostHeadHoldsNoViewer(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	s, err := New(Config{Version: "test", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	c := &praxis.Community{ID: 1, Slug: "garden", Name: "Garden", Visibility: praxis.VisibilityPublic, JoinPolicy: praxis.JoinOpen}
	th := &praxis.Thread{ID: 7, CommunityID: 1, CommunitySlug: "garden", Kind: praxis.KindQuestion, Title: "Dry beds",
		Author: praxis.PersonRef{ID: 1, Handle: "ana", Name: "Ana"}, Topics: []string{}, ReplyCount: 3}
	tp := &praxis.ThreadPage{Thread: th, Community: c,
		Opening: &praxis.Post{ID: 1, Opening: true, Author: th.Author, HTML: "<p>Why?</p>", CreatedAt: now.Add(-time.Hour)}}
	for i := range 3 {
		tp.Replies = append(tp.Replies, &praxis.Post{ID: int64(2 + i), Author: praxis.PersonRef{ID: 3, Handle: "cy", Name: "Cy"},
			HTML: fmt.Sprintf("<p>Answer %d</p>", i), CreatedAt: now.Add(-time.Minute)})
	}
	member := &praxis.User{ID: 2, Handle: "ben", DisplayName: "Ben", Role: praxis.RoleMember}
	const token = "0123456789abcdef0123456789abcdef"
	render := func(u *praxis.User) string {
		data := *tp
		var m *praxis.Membership
		if u != nil {
			m = &praxis.Membership{Role: praxis.MemberRegular, State: praxis.StateActive}
		}
		data.Perm = praxis.PermissionsFor(u, c, m)
		var buf bytes.Buffer
		p := &page{Title: th.Title, User: u, CSRF: token, Instance: "Test", Path: th.Path(), Data: threadData{ThreadPage: &data}}
		if err := s.pages["thread"].ExecuteTemplate(&buf, "layout", p); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if page := render(member); strings.Count(page, `/vote"`) != 4 {
		t.Fatalf("the member's page has %d vote forms; want 4, one a post", strings.Count(page, `/vote"`))
	}
	for e := s.heads.lru.Front(); e != nil; e = e.Next() {
		if h := string(e.Value.(*keptHead).html); strings.Contains(h, token) || strings.Contains(h, "<form") {
			t.Errorf("a kept head holds a form or the viewer's token: %q", h)
		}
	}
	if n := s.heads.lru.Len(); n != 4 {
		t.Errorf("%d heads kept; want 4, one a post", n)
	}
	anonymous := render(nil)
	if n := s.heads.lru.Len(); n != 4 || strings.Contains(anonymous, "/vote\"") || !strings.Contains(anonymous, "Answer 2") {
		t.Errorf("after an anonymous view, %d heads kept; want the same 4, shown without the member's forms", n)
	}
}
