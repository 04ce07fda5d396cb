package web

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"praxis"
)

// TestPostViewKept checks the rendered posts the server keeps: after any
// change to what a post shows or to what its viewer may do with it, the
// post served is the one rendered from scratch for that viewer, never one
// kept before the change; a kept post holds the marker, not a viewer's
// token; a form re-shown after an error is not kept; and what is kept
// stays within postViewsBytes.
func TestPostViewKept(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	clock := now
	s, err := New(Config{Version: "test", Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	const token = "0123456789abcdef0123456789abcdef"
	viewer := &praxis.User{ID: 5, Handle: "dee", DisplayName: "Dee", Role: praxis.RoleMember}
	community := &praxis.Community{ID: 1, Slug: "garden", Visibility: praxis.VisibilityPublic}
	member := &praxis.Membership{Role: praxis.MemberRegular, State: praxis.StateActive}
	thread := &praxis.Thread{ID: 7, CommunitySlug: "garden"}
	edited := now.Add(-time.Hour)
	// The base post was edited, so that its head links to its history at
	// the thread's address; the base viewer is a member who did not write it.
	base := func() (*praxis.Post, postsView, *page) {
		p := &praxis.Post{ID: 11, ThreadID: 7, Author: praxis.PersonRef{ID: 2, Handle: "ben", Name: "Ben Okafor", Organization: "Clinic"},
			HTML: "<p>Mulch <em>helps</em>.</p>", Helpful: 2, CreatedAt: now.Add(-3 * time.Hour), EditedAt: &edited}
		d := postsView{Thread: thread, Perm: praxis.PermissionsFor(viewer, community, member)}
		return p, d, &page{User: viewer}
	}
	fresh := func(p *praxis.Post, d postsView, root *page) string {
		t.Helper()
		r := *root
		r.CSRF = token
		var buf bytes.Buffer
		data := postViewData{Post: p, D: d, Root: &r, ISO: isoTime(p.CreatedAt), Ago: ago(clock, p.CreatedAt)}
		if err := s.pages["thread"].ExecuteTemplate(&buf, "post-view", data); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	kept := func(p *praxis.Post, d postsView, root *page) string {
		t.Helper()
		r := *root
		r.CSRF = s.marker
		h, err := s.postView(p, d, &r)
		if err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(string(h), s.marker, token)
	}
	first := kept(base())
	if first != fresh(base()) || !strings.Contains(first, "Mulch") || !strings.Contains(first, token) {
		t.Fatalf("postView = %q; want the post as post-view renders it, with the viewer's token", first)
	}
	tests := []struct {
		name   string
		change func(p *praxis.Post, d *postsView, root *page)
	}{
		{"text", func(p *praxis.Post, _ *postsView, _ *page) { p.HTML = "<p>Compost.</p>" }},
		{"helpful votes", func(p *praxis.Post, _ *postsView, _ *page) { p.Helpful = 3 }},
		{"accepted", func(p *praxis.Post, _ *postsView, _ *page) { p.Accepted = true }},
		{"opening post", func(p *praxis.Post, _ *postsView, _ *page) { p.Opening = true }},
		{"deleted", func(p *praxis.Post, _ *postsView, _ *page) { p.Deleted, p.HTML = true, "" }},
		{"hidden from this viewer", func(p *praxis.Post, _ *postsView, _ *page) { p.Hidden, p.HTML = true, "" }},
		{"never edited", func(p *praxis.Post, _ *postsView, _ *page) { p.EditedAt = nil }},
		{"a reply to another", func(p *praxis.Post, _ *postsView, _ *page) { p.ReplyToID = 9 }},
		{"author's name", func(p *praxis.Post, _ *postsView, _ *page) { p.Author.Name = "Ben O." }},
		{"author's organization", func(p *praxis.Post, _ *postsView, _ *page) { p.Author.Organization = "" }},
		{"author gone", func(p *praxis.Post, _ *postsView, _ *page) { p.Author = praxis.PersonRef{} }},
		{"time", func(p *praxis.Post, _ *postsView, _ *page) { p.CreatedAt = now.Add(-5 * time.Hour) }},
		{"thread moved", func(_ *praxis.Post, d *postsView, _ *page) {
			d.Thread = &praxis.Thread{ID: 7, CommunitySlug: "orchard"}
		}},
		{"anonymous viewer", func(_ *praxis.Post, d *postsView, root *page) {
			root.User, d.Perm = nil, praxis.PermissionsFor(nil, community, nil)
		}},
		{"the viewer's own post", func(p *praxis.Post, _ *postsView, _ *page) { p.Author.ID = viewer.ID }},
		{"its author viewing", func(p *praxis.Post, _ *postsView, root *page) {
			root.User = &praxis.User{ID: p.Author.ID, Handle: p.Author.Handle, Role: praxis.RoleMember}
		}},
		{"voted helpful", func(p *praxis.Post, _ *postsView, _ *page) { p.VotedByMe = true }},
		{"not a participant", func(_ *praxis.Post, d *postsView, _ *page) { d.Perm.Participate = false }},
		{"may accept", func(_ *praxis.Post, d *postsView, _ *page) { d.CanAccept = true }},
		{"may moderate", func(_ *praxis.Post, d *postsView, _ *page) { d.CanModerate = true }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, d, root := base()
			tc.change(p, &d, root)
			kept(base())
			got, want := kept(p, d, root), fresh(p, d, root)
			if got != want || got == first {
				t.Errorf("after a change of %s, postView = %q; want %q", tc.name, got, want)
			}
		})
	}
	t.Run("time passing", func(t *testing.T) {
		before := kept(base())
		clock = now.Add(24 * time.Hour)
		defer func() { clock = now }()
		got, want := kept(base()), fresh(base())
		if got != want || got == before {
			t.Errorf("a day later, postView = %q; want %q", got, want)
		}
	})
	t.Run("no token kept", func(t *testing.T) {
		for e := s.posts.lru.Front(); e != nil; e = e.Next() {
			if h := string(e.Value.(*keptView).html); strings.Contains(h, token) {
				t.Errorf("a kept post holds the viewer's token: %q", h)
			}
		}
		n := s.posts.lru.Len()
		p, d, root := base()
		p.ID = 99
		root.CSRF = token
		if _, err := s.postView(p, d, root); err != nil {
			t.Fatal(err)
		}
		if s.posts.lru.Len() != n {
			t.Errorf("a post rendered with a viewer's token was kept")
		}
	})
	t.Run("form re-shown", func(t *testing.T) {
		p, d, root := base()
		p.ID = 98
		d.ReplyForm = &form{Values: map[string][]string{"flag_post": {"98"}, "reason": {"spam?"}}, Errors: map[string]string{"reason": "Say more."}}
		if got := kept(p, d, root); !strings.Contains(got, "Say more.") || !strings.Contains(got, "spam?") {
			t.Errorf("the flag form re-shown beside its post = %q; want the reason and its error", got)
		}
		p2, d2, root2 := base()
		p2.ID = 98
		if got := kept(p2, d2, root2); strings.Contains(got, "Say more.") || strings.Contains(got, "spam?") {
			t.Errorf("the next view of the post shows another viewer's re-shown form: %q", got)
		}
	})
	t.Run("bounded", func(t *testing.T) {
		for i := range 4000 {
			p, d, root := base()
			p.ID = int64(1000 + i)
			kept(p, d, root)
		}
		if s.posts.size > postViewsBytes || s.posts.lru.Len() != len(s.posts.byKey) || s.posts.lru.Len() < 1000 {
			t.Errorf("after 4,000 posts, %d kept (%d keys) in %d bytes; want at most %d bytes", s.posts.lru.Len(), len(s.posts.byKey), s.posts.size, postViewsBytes)
		}
		size := 0
		for e := s.posts.lru.Front(); e != nil; e = e.Next() {
			size += e.Value.(*keptView).bytes()
		}
		if size != s.posts.size {
			t.Errorf("the kept posts take %d bytes; their count says %d", size, s.posts.size)
		}
	})
}

// TestPostViewPage checks posts kept from a thread page: a member's page
// carries their token in every form and keeps the posts free of it, and
// an anonymous page afterwards shows the same posts without the member's
// forms.
func TestPostViewPage(t *testing.T) {
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
		p := &page{Title: th.Title, User: u, CSRF: s.marker, Instance: "Test", Path: th.Path(), Data: threadData{ThreadPage: &data}}
		if err := s.pages["thread"].ExecuteTemplate(&buf, "layout", p); err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(buf.String(), s.marker, token)
	}
	page := render(member)
	if n := strings.Count(page, `/vote"`); n != 4 {
		t.Fatalf("the member's page has %d vote forms; want 4, one a post", n)
	}
	if forms, tokens := strings.Count(page, `<form method="post"`), strings.Count(page, token); forms < 8 || tokens < forms {
		t.Errorf("the member's page has %d forms to post and %d tokens; want a token in every one", forms, tokens)
	}
	for e := s.posts.lru.Front(); e != nil; e = e.Next() {
		if h := string(e.Value.(*keptView).html); strings.Contains(h, token) {
			t.Errorf("a kept post holds the viewer's token: %q", h)
		}
	}
	if n := s.posts.lru.Len(); n != 4 {
		t.Errorf("%d posts kept; want 4, one a post", n)
	}
	anonymous := render(nil)
	if n := s.posts.lru.Len(); n != 8 || strings.Contains(anonymous, "/vote\"") || !strings.Contains(anonymous, "Answer 2") {
		t.Errorf("after an anonymous view, %d posts kept; want 8, the anonymous ones without the member's forms", n)
	}
	if again := render(member); again != page {
		t.Errorf("the member's page from kept posts differs from the first render")
	}
}
