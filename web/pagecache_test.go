package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"praxis"
	"praxis/web"
)

// renderCounter counts the thread pages the store was asked for: a page
// served from those kept asks for none.
type renderCounter struct {
	praxis.Store
	pages atomic.Int64
}

func (c *renderCounter) ThreadPage(ctx context.Context, actor *praxis.User, id int64) (*praxis.ThreadPage, error) {
	c.pages.Add(1)
	return c.Store.ThreadPage(ctx, actor, id)
}

func (c *renderCounter) CommunityPage(ctx context.Context, actor *praxis.User, slug string, o praxis.CommunityPageOptions) (*praxis.CommunityPage, error) {
	c.pages.Add(1)
	return c.Store.CommunityPage(ctx, actor, slug, o)
}

// keptPages is a server that keeps anonymous pages and one that keeps
// none, over the same database.
type keptPages struct {
	counter     *renderCounter
	kept, fresh *httptest.Server
	client      *http.Client
}

func newKeptPages(t *testing.T, s *testSite) *keptPages {
	k := &keptPages{counter: &renderCounter{Store: s.db},
		client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	k.kept = httptest.NewServer(mustServer(t, web.Config{Store: k.counter, Now: s.clock.Now, Version: "test"}))
	t.Cleanup(k.kept.Close)
	k.fresh = httptest.NewServer(mustServer(t, web.Config{Store: s.db, Now: s.clock.Now, Version: "test", PageCacheBytes: -1}))
	t.Cleanup(k.fresh.Close)
	return k
}

func (k *keptPages) get(t *testing.T, base, path string) (int, string, *http.Response) {
	t.Helper()
	resp, err := k.client.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp
}

type pageStep struct {
	name  string
	write func() error
}

// follow has the page at path() kept, makes each write in turn and checks
// that the page served then is the page rendered now, and that it changed.
func (k *keptPages) follow(t *testing.T, path func() string, steps []pageStep) {
	t.Helper()
	for _, step := range steps {
		p := path()
		if status, _, _ := k.get(t, k.kept.URL, p); status != http.StatusOK {
			t.Fatalf("before %s: status %d", step.name, status)
		}
		_, was, _ := k.get(t, k.kept.URL, p) // kept now
		if err := step.write(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		p = path()
		ks, kb, _ := k.get(t, k.kept.URL, p)
		fs, fb, _ := k.get(t, k.fresh.URL, p)
		kb, fb, was = csrfValue.ReplaceAllString(kb, ""), csrfValue.ReplaceAllString(fb, ""), csrfValue.ReplaceAllString(was, "")
		if ks != fs || kb != fb {
			t.Fatalf("after %s, the kept page (%d) is not the page rendered now (%d)", step.name, ks, fs)
		}
		if kb == was {
			t.Fatalf("after %s, the page did not change: the step tests nothing", step.name)
		}
	}
}

var csrfValue = regexp.MustCompile(`name="csrf_token" value="[0-9a-f]{32}"`)

// TestPageCacheFollowsEveryWrite keeps an anonymous thread page, changes
// in turn everything the page shows, and after each change compares the
// page served from a server that keeps pages with the page a server that
// keeps none renders: a write that moves no version (a trigger missing
// from migration 00012) leaves the kept page stale, and the test fails.
// It also checks that a kept page is served without rendering, with the
// visitor's own CSRF token, and not past pageCacheTTL.
func TestPageCacheFollowsEveryWrite(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		ctx := t.Context()
		k := newKeptPages(t, s)
		counter, kept := k.counter, k.kept
		get := func(base, path string) (int, string, *http.Response) { t.Helper(); return k.get(t, base, path) }

		asker, helper := s.signUp(t, "asker"), s.signUp(t, "helper")
		c := s.createCommunity(t, s.admin, "Bridge inspection", "Inspecting bridges.", praxis.VisibilityPublic, praxis.JoinOpen)
		other := s.createCommunity(t, s.admin, "Tunnels", "Boring tunnels.", praxis.VisibilityPublic, praxis.JoinOpen)
		for _, u := range []*praxis.User{asker, helper} {
			s.join(t, s.admin, u, c.Slug)
		}
		q := func(title, body string) *praxis.Thread {
			kind := praxis.KindQuestion
			th, err := s.db.CreateThread(ctx, asker, c.Slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body})
			if err != nil {
				t.Fatal(err)
			}
			return th
		}
		th := q("How often should bearings be greased?", "Our elastomeric bearings squeak in winter.")
		second := q("Do squeaking bearings need greasing?", "Ours squeak too.")
		reply, err := s.db.Reply(ctx, helper, th.ID, "Every two years, and after each flood.", 0)
		if err != nil {
			t.Fatal(err)
		}

		// The thread's address follows its title; ask for the current one.
		path := func() string {
			cur, err := s.db.Thread(ctx, s.admin, th.ID)
			if err != nil {
				t.Fatal(err)
			}
			return cur.Path()
		}
		status, before, resp := get(kept.URL, path())
		if status != http.StatusOK {
			t.Fatalf("first view: %d", status)
		}
		n := counter.pages.Load()
		_, again, resp := get(kept.URL, path())
		if counter.pages.Load() != n {
			t.Fatalf("the second anonymous view rendered the page again")
		}
		if csrfValue.ReplaceAllString(again, "") != csrfValue.ReplaceAllString(before, "") {
			t.Fatalf("the kept page is not the page first rendered")
		}
		// Each visitor gets its own token in the forms of a kept page.
		for _, m := range regexp.MustCompile(`name="csrf_token" value="([^"]*)"`).FindAllStringSubmatch(again, -1) {
			var cookie string
			for _, c := range resp.Cookies() {
				if c.Name == "praxis_csrf" {
					cookie = c.Value
				}
			}
			if m[1] != cookie || len(cookie) != 32 {
				t.Fatalf("a kept page's form carries the token %q, the visitor's cookie is %q", m[1], cookie)
			}
		}

		yes, locked := true, "closed"
		newTitle, newBody := "How often should elastomeric bearings be greased?", "They squeak in winter, loudly."
		steps := []pageStep{
			{"reply", func() error {
				_, err := s.db.Reply(ctx, helper, th.ID, "Check the manufacturer's sheet first.", 0)
				return err
			}},
			{"edit reply", func() error {
				b := "Every three years, and after each flood."
				_, err := s.db.EditPost(ctx, helper, reply.ID, praxis.ThreadInput{Body: &b}, "")
				return err
			}},
			{"vote", func() error { _, err := s.db.Vote(ctx, asker, reply.ID, true); return err }},
			{"accept", func() error { _, err := s.db.Accept(ctx, asker, th.ID, reply.ID); return err }},
			{"hide", func() error { _, err := s.db.HidePost(ctx, s.admin, reply.ID, "Off topic."); return err }},
			{"restore", func() error { _, err := s.db.RestorePost(ctx, s.admin, reply.ID); return err }},
			{"state", func() error {
				_, err := s.db.SetThreadState(ctx, s.admin, th.ID, praxis.ThreadState{Locked: &yes, Status: &locked})
				return err
			}},
			{"title, body and topics", func() error {
				_, err := s.db.EditPost(ctx, s.admin, openingPost(t, s, th.ID), praxis.ThreadInput{Title: &newTitle, Body: &newBody, Topics: []string{"bearings"}}, "")
				return err
			}},
			{"duplicate marked", func() error { _, err := s.db.MarkDuplicate(ctx, s.admin, second.ID, th.ID); return err }},
			{"linked from another thread", func() error {
				_, err := s.db.Reply(ctx, helper, second.ID, "See "+s.url.String()+"/c/"+c.Slug+"/t/"+strconv.FormatInt(th.ID, 10), 0)
				return err
			}},
			{"article written from it", func() error {
				a, err := s.db.ArticleFromThread(ctx, s.admin, th.ID)
				if err != nil {
					return err
				}
				_, err = s.db.Publish(ctx, s.admin, a.ID, "")
				return err
			}},
			{"author renamed", func() error {
				name := "Helga Helper"
				_, err := s.db.UpdateProfile(ctx, helper, praxis.ProfileUpdate{DisplayName: &name})
				return err
			}},
			{"site renamed", func() error {
				name := "Infrastructure Praxis"
				_, err := s.db.UpdateSettings(ctx, s.admin, praxis.SettingsInput{Name: &name})
				return err
			}},
			{"community renamed", func() error {
				name := "Bridge and viaduct inspection"
				_, err := s.db.UpdateCommunity(ctx, s.admin, c.Slug, praxis.CommunityInput{Name: &name})
				return err
			}},
			{"post deleted", func() error { return s.db.DeletePost(ctx, helper, reply.ID) }},
			{"moved", func() error { _, err := s.db.MoveThread(ctx, s.admin, th.ID, other.Slug); return err }},
			{"community made private", func() error {
				v := praxis.VisibilityPrivate
				_, err := s.db.UpdateCommunity(ctx, s.admin, other.Slug, praxis.CommunityInput{Visibility: &v})
				return err
			}},
		}
		k.follow(t, path, steps)

		// Relative times and other threads are kept at most the TTL.
		v := praxis.VisibilityPublic
		if _, err := s.db.UpdateCommunity(ctx, s.admin, other.Slug, praxis.CommunityInput{Visibility: &v}); err != nil {
			t.Fatal(err)
		}
		get(kept.URL, path())
		n = counter.pages.Load()
		get(kept.URL, path())
		s.clock.Add(31 * time.Second)
		get(kept.URL, path())
		if got := counter.pages.Load() - n; got != 1 {
			t.Fatalf("views rendered after the TTL: %d, want 1", got)
		}
	})
}

func mustServer(t *testing.T, cfg web.Config) *web.Server {
	t.Helper()
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func openingPost(t *testing.T, s *testSite, threadID int64) int64 {
	t.Helper()
	tp, err := s.db.ThreadPage(t.Context(), s.admin, threadID)
	if err != nil {
		t.Fatal(err)
	}
	return tp.Opening.ID
}

// TestPageCacheCommunityPage does for a community's page what
// TestPageCacheFollowsEveryWrite does for a thread's: the page kept for
// anonymous visitors follows every kind of write it shows (migration
// 00013 moves the community's page version).
func TestPageCacheCommunityPage(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		ctx := t.Context()
		k := newKeptPages(t, s)
		member, newcomer := s.signUp(t, "member"), s.signUp(t, "newcomer")
		c := s.createCommunity(t, s.admin, "Bridge inspection", "Inspecting bridges.", praxis.VisibilityPublic, praxis.JoinOpen)
		s.join(t, s.admin, member, c.Slug)
		kind := praxis.KindQuestion
		title, body := "How often should bearings be greased?", "Our elastomeric bearings squeak in winter."
		th, err := s.db.CreateThread(ctx, member, c.Slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body})
		if err != nil {
			t.Fatal(err)
		}
		other := s.createCommunity(t, s.admin, "Tunnel works", "Digging tunnels.", praxis.VisibilityPublic, praxis.JoinOpen)
		var paint *praxis.Thread
		path := func() string { return "/c/" + c.Slug }
		n := k.counter.pages.Load()
		k.get(t, k.kept.URL, path())
		k.get(t, k.kept.URL, path())
		if got := k.counter.pages.Load() - n; got != 1 {
			t.Fatalf("two anonymous views of the community page rendered it %d times, want 1", got)
		}
		yes := true
		k.follow(t, path, []pageStep{
			{"new thread", func() error {
				title, body := "Which paint for steel girders?", "Ours peels after two winters."
				paint, err = s.db.CreateThread(ctx, member, c.Slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body})
				return err
			}},
			{"reply", func() error { _, err := s.db.Reply(ctx, s.admin, th.ID, "Every two years.", 0); return err }},
			{"title edited", func() error {
				title := "How often should elastomeric bearings be greased?"
				_, err := s.db.EditPost(ctx, member, openingPost(t, s, th.ID), praxis.ThreadInput{Title: &title}, "")
				return err
			}},
			{"pinned", func() error {
				_, err := s.db.SetThreadState(ctx, s.admin, th.ID, praxis.ThreadState{Pinned: &yes})
				return err
			}},
			{"newcomer joins", func() error { _, err := s.db.Join(ctx, newcomer, c.Slug, ""); return err }},
			{"event planned", func() error {
				_, err := s.db.CreateEvent(ctx, s.admin, c.Slug, praxis.EventInput{Kind: ptr(praxis.EventMeetup), Title: ptr("Bearing clinic"),
					TimeZone: ptr("Europe/Paris"), Start: ptr(s.clock.Now().AddDate(0, 0, 7).Format("2006-01-02") + "T18:00"),
					End: ptr(s.clock.Now().AddDate(0, 0, 7).Format("2006-01-02") + "T19:00"), Visibility: ptr(praxis.VisibilityPublic)})
				return err
			}},
			{"community renamed", func() error {
				name := "Bridge and viaduct inspection"
				_, err := s.db.UpdateCommunity(ctx, s.admin, c.Slug, praxis.CommunityInput{Name: &name})
				return err
			}},
			{"site renamed", func() error {
				name := "Infrastructure Praxis"
				_, err := s.db.UpdateSettings(ctx, s.admin, praxis.SettingsInput{Name: &name})
				return err
			}},
			{"thread deleted", func() error { return s.db.DeletePost(ctx, s.admin, openingPost(t, s, th.ID)) }},
			{"thread moved away", func() error { _, err := s.db.MoveThread(ctx, s.admin, paint.ID, other.Slug); return err }},
			{"community made private", func() error {
				v := praxis.VisibilityPrivate
				_, err := s.db.UpdateCommunity(ctx, s.admin, c.Slug, praxis.CommunityInput{Visibility: &v})
				return err
			}},
		})
	})
}

// TestPageCacheHealthPage keeps a community's health page for anonymous
// visitors and checks it after each kind of write the page counts.
func TestPageCacheHealthPage(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		ctx := t.Context()
		k := newKeptPages(t, s)
		member, newcomer := s.signUp(t, "member"), s.signUp(t, "newcomer")
		c := s.createCommunity(t, s.admin, "Tunnel inspection", "Inspecting tunnels.", praxis.VisibilityPublic, praxis.JoinOpen)
		s.join(t, s.admin, member, c.Slug)
		kind := praxis.KindQuestion
		ask := func(title string) (*praxis.Thread, error) {
			body := "Details: " + title
			return s.db.CreateThread(ctx, member, c.Slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body})
		}
		th, err := ask("How do you measure lining cracks?")
		if err != nil {
			t.Fatal(err)
		}
		s.clock.Add(72 * time.Hour) // the question now waits
		var reply *praxis.Post
		path := func() string { return "/c/" + c.Slug + "/health" }
		k.follow(t, path, []pageStep{
			{"new question", func() error { _, err := ask("Which lamps for inspection?"); return err }},
			{"answer", func() error { reply, err = s.db.Reply(ctx, s.admin, th.ID, "With a crack gauge.", 0); return err }},
			{"answer accepted", func() error { _, err := s.db.Accept(ctx, member, th.ID, reply.ID); return err }},
			{"newcomer joins", func() error { _, err := s.db.Join(ctx, newcomer, c.Slug, ""); return err }},
			{"newcomer writes", func() error { _, err := s.db.Reply(ctx, newcomer, th.ID, "We use a gauge too.", 0); return err }},
			{"answer hidden", func() error { _, err := s.db.HidePost(ctx, s.admin, reply.ID, "wrong"); return err }},
			{"event planned", func() error {
				_, err := s.db.CreateEvent(ctx, s.admin, c.Slug, praxis.EventInput{Kind: ptr(praxis.EventMeetup), Title: ptr("Lining walk"),
					TimeZone: ptr("Europe/Paris"), Start: ptr(s.clock.Now().AddDate(0, 0, 7).Format("2006-01-02") + "T18:00"),
					End: ptr(s.clock.Now().AddDate(0, 0, 7).Format("2006-01-02") + "T19:00"), Visibility: ptr(praxis.VisibilityPublic)})
				return err
			}},
			{"question deleted", func() error { return s.db.DeletePost(ctx, s.admin, openingPost(t, s, th.ID)) }},
			{"community made private", func() error {
				v := praxis.VisibilityPrivate
				_, err := s.db.UpdateCommunity(ctx, s.admin, c.Slug, praxis.CommunityInput{Visibility: &v})
				return err
			}},
		})
	})
}
