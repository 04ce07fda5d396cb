package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"praxis"
)

// modCast is who takes part in the moderation tests: @cora coordinates
// the public "Garden", where @ben asked a question and @sam replied with
// an advertisement; @ana is a member too; @olga belongs nowhere. @cora also
// coordinates the private "Vault".
type modCast struct {
	cora, ana, ben, sam, olga *praxis.User
	garden, vault             *praxis.Community
	thread                    *praxis.Thread
	opening, reply            int64
}

func newModCast(t *testing.T, s *testSite) *modCast {
	t.Helper()
	m := &modCast{cora: s.signUp(t, "cora"), ana: s.signUp(t, "ana"), ben: s.signUp(t, "ben"), sam: s.signUp(t, "sam"), olga: s.signUp(t, "olga")}
	m.garden = s.createCommunity(t, m.cora, "Garden", "Growing vegetables together.", praxis.VisibilityPublic, praxis.JoinOpen)
	m.vault = s.createCommunity(t, m.cora, "Vault", "Keeping secrets.", praxis.VisibilityPrivate, praxis.JoinInvitation)
	for _, u := range []*praxis.User{m.ana, m.ben, m.sam} {
		s.join(t, m.cora, u, m.garden.Slug)
	}
	kind, title, body := praxis.KindQuestion, "Which compost for tomatoes?", "My tomatoes look pale."
	th, err := s.db.CreateThread(t.Context(), m.ben, m.garden.Slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body})
	if err != nil {
		t.Fatalf("CreateThread: %v", err)
	}
	m.thread = th
	tp, err := s.db.ThreadPage(t.Context(), m.ben, th.ID)
	if err != nil {
		t.Fatalf("ThreadPage: %v", err)
	}
	m.opening = tp.Opening.ID
	p, err := s.db.Reply(t.Context(), m.sam, th.ID, "Buy **SuperGrow** at example.com, 50% off!", 0)
	if err != nil {
		t.Fatalf("Reply: %v", err)
	}
	m.reply = p.ID
	return m
}

// postAction is the address a post's moderation form posts to.
func (m *modCast) postAction(post int64, action string) string {
	return fmt.Sprintf("/c/%s/t/%d/posts/%d/%s", m.garden.Slug, m.thread.ID, post, action)
}

// formPosting returns the form of the page that posts to action, nil if none.
func formPosting(doc *html.Node, action string) *html.Node {
	for _, f := range findAll(doc, isTag("form")) {
		if a, _ := attr(f, "action"); a == action {
			return f
		}
	}
	return nil
}

// postText returns the text of a post as the page shows it.
func postText(t *testing.T, doc *html.Node, post int64) string {
	t.Helper()
	n := byID(doc, fmt.Sprintf("post-%d", post))
	if n == nil {
		t.Fatalf("no #post-%d on the page", post)
	}
	return text(n)
}

// wantRedirect fails the test unless r redirects to the path.
func wantRedirect(t *testing.T, r *response, path string) {
	t.Helper()
	r.wantStatus(t, http.StatusSeeOther)
	if got := r.header.Get("Location"); got != path {
		t.Fatalf("%s: Location = %q; want %q", r, got, path)
	}
}

func TestModerationPages(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		m := newModCast(t, s)
		cora, ana, ben, sam := s.signedIn(t, "cora", m.cora), s.signedIn(t, "ana", m.ana), s.signedIn(t, "ben", m.ben), s.signedIn(t, "sam", m.sam)
		olga, anon := s.signedIn(t, "olga", m.olga), s.anonymous("anonymous")
		page, queue := m.thread.Path(), "/c/"+m.garden.Slug+"/moderation"
		flag := m.postAction(m.reply, "flag")

		t.Run("flag forms", func(t *testing.T) {
			tests := []struct {
				name      string
				v         *visitor
				post      int64
				flag      bool
				hideOrNot bool
			}{
				{"a member, on another's reply", ben, m.reply, true, false},
				{"a member, on their own post", ben, m.opening, false, false},
				{"the reply's author", sam, m.reply, false, false},
				{"a non-member", olga, m.reply, false, false},
				{"anonymous", anon, m.reply, false, false},
				{"the coordinator", cora, m.reply, false, true},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					r := tt.v.get(t, page)
					r.wantStatus(t, http.StatusOK)
					doc := r.doc(t)
					if got := formPosting(doc, m.postAction(tt.post, "flag")) != nil; got != tt.flag {
						t.Errorf("flag form: got %v; want %v", got, tt.flag)
					}
					if got := formPosting(doc, m.postAction(tt.post, "hide")) != nil; got != tt.hideOrNot {
						t.Errorf("hide form: got %v; want %v", got, tt.hideOrNot)
					}
					if got := formPosting(doc, "/c/"+m.garden.Slug+"/t/"+fmt.Sprint(m.thread.ID)+"/state") != nil; got != tt.hideOrNot {
						t.Errorf("thread moderation menu: got %v; want %v", got, tt.hideOrNot)
					}
				})
			}
		})

		t.Run("flag", func(t *testing.T) {
			r := ben.submit(t, page, flag, url.Values{"reason": {""}})
			r.wantStatus(t, http.StatusBadRequest)
			doc := r.doc(t)
			f := formPosting(doc, flag)
			if f == nil {
				t.Fatalf("after an empty reason: no flag form on the page")
			}
			if _, open := attr(f.Parent, "open"); !open || f.Parent.Data != "details" {
				t.Errorf("after an empty reason: the flag form's <%s> is not open; want the disclosure open", f.Parent.Data)
			}
			if byID(doc, fmt.Sprintf("flag-error-%d", m.reply)) == nil {
				t.Errorf("after an empty reason: no message beside the reason")
			}

			wantRedirect(t, ben.submit(t, page, flag, url.Values{"reason": {"Advertising."}}), fmt.Sprintf("/c/%s/t/%d#post-%d", m.garden.Slug, m.thread.ID, m.reply))
			ben.submit(t, page, flag, url.Values{"reason": {"Again."}}).wantStatus(t, http.StatusConflict)
			// A hand-made form for one's own post is refused.
			sam.postForm(t, flag, url.Values{"csrf_token": {sam.csrfToken(t)}, "reason": {"Me?"}}).wantStatus(t, http.StatusForbidden)
		})

		t.Run("queue", func(t *testing.T) {
			r := cora.get(t, queue)
			r.wantStatus(t, http.StatusOK)
			doc := r.doc(t)
			item := byID(doc, fmt.Sprintf("flagged-%d", m.reply))
			if item == nil {
				t.Fatalf("queue: no #flagged-%d", m.reply)
			}
			for _, want := range []string{m.thread.Title, "User sam", "Buy SuperGrow", "User ben", "Advertising."} {
				if !strings.Contains(text(item), want) {
					t.Errorf("queue item = %q; want it to mention %q", text(item), want)
				}
			}
			var tab *html.Node
			for _, a := range findAll(doc, isTag("a")) {
				if h, _ := attr(a, "href"); h == queue && text(a) == "Moderation" {
					tab = a
				}
			}
			if tab == nil {
				t.Errorf("queue: no Moderation tab")
			} else if cur, _ := attr(tab, "aria-current"); cur != "page" {
				t.Errorf("Moderation tab: aria-current = %q; want page", cur)
			}

			for _, tt := range []struct {
				name   string
				v      *visitor
				path   string
				status int
			}{
				{"a member", ana, queue, http.StatusForbidden},
				{"a signed-in non-member", olga, queue, http.StatusForbidden},
				{"anonymous", anon, queue, http.StatusSeeOther},
				{"an outsider of a private community", olga, "/c/" + m.vault.Slug + "/moderation", http.StatusNotFound},
			} {
				t.Run(tt.name, func(t *testing.T) {
					r := tt.v.get(t, tt.path)
					r.wantStatus(t, tt.status)
					if strings.Contains(string(r.body), "Advertising.") {
						t.Errorf("%s: the page shows a flag's reason", r)
					}
				})
			}
			r = ana.get(t, "/c/"+m.garden.Slug)
			r.wantStatus(t, http.StatusOK)
			if strings.Contains(string(r.body), `href="`+queue+`"`) {
				t.Errorf("community page for a member links to the moderation page")
			}
		})

		t.Run("hide from the queue", func(t *testing.T) {
			wantRedirect(t, cora.submit(t, queue, m.postAction(m.reply, "hide"), url.Values{"reason": {"Spam."}}), queue)
			r := cora.get(t, queue)
			r.wantStatus(t, http.StatusOK)
			doc := r.doc(t)
			if byID(doc, fmt.Sprintf("flagged-%d", m.reply)) != nil {
				t.Errorf("queue after hiding: the post is still there")
			}
			logText := text(findAll(doc, isTag("table"))[0])
			for _, want := range []string{"hid a post", "Spam.", m.thread.Title, "User cora"} {
				if !strings.Contains(logText, want) {
					t.Errorf("log = %q; want it to mention %q", logText, want)
				}
			}

			for _, tt := range []struct {
				name     string
				v        *visitor
				readable bool
			}{
				{"another member", ana, false},
				{"anonymous", anon, false},
				{"the author", sam, true},
				{"the coordinator", cora, true},
			} {
				t.Run(tt.name, func(t *testing.T) {
					r := tt.v.get(t, page)
					r.wantStatus(t, http.StatusOK)
					got := postText(t, r.doc(t), m.reply)
					if strings.Contains(got, "SuperGrow") != tt.readable {
						t.Errorf("hidden reply = %q; want readable %v", got, tt.readable)
					}
					if !tt.readable && !strings.Contains(got, "hidden by the coordinators") {
						t.Errorf("hidden reply = %q; want a note that it is hidden", got)
					}
					if tt.readable && !strings.Contains(got, "Hidden") {
						t.Errorf("hidden reply = %q; want a Hidden badge", got)
					}
				})
			}
		})

		t.Run("restore from the thread", func(t *testing.T) {
			wantRedirect(t, cora.submit(t, page, m.postAction(m.reply, "restore"), nil), fmt.Sprintf("/c/%s/t/%d#post-%d", m.garden.Slug, m.thread.ID, m.reply))
			r := ana.get(t, page)
			r.wantStatus(t, http.StatusOK)
			if got := postText(t, r.doc(t), m.reply); !strings.Contains(got, "SuperGrow") {
				t.Errorf("restored reply = %q; want its text again", got)
			}
			ana.postForm(t, m.postAction(m.reply, "hide"), url.Values{"csrf_token": {ana.csrfToken(t)}}).wantStatus(t, http.StatusForbidden)
		})

		t.Run("dismiss and thread moderation", func(t *testing.T) {
			wantRedirect(t, ana.submit(t, page, m.postAction(m.opening, "flag"), url.Values{"reason": {"Off topic?"}}), fmt.Sprintf("/c/%s/t/%d#post-%d", m.garden.Slug, m.thread.ID, m.opening))
			dismiss := fmt.Sprintf("/c/%s/moderation/flags/%d/dismiss", m.garden.Slug, m.opening)
			wantRedirect(t, cora.submit(t, queue, dismiss, nil), queue)
			state := fmt.Sprintf("/c/%s/t/%d/state", m.garden.Slug, m.thread.ID)
			r := cora.submit(t, page, state, url.Values{"pinned": {"true"}})
			r.wantStatus(t, http.StatusSeeOther)
			r = cora.get(t, queue)
			r.wantStatus(t, http.StatusOK)
			doc := r.doc(t)
			if len(byClass(doc, "flag-item")) != 0 {
				t.Errorf("queue after dismissing: %d items; want none", len(byClass(doc, "flag-item")))
			}
			var actions []string
			for _, row := range findAll(findAll(doc, isTag("tbody"))[0], isTag("tr")) {
				actions = append(actions, text(findAll(row, isTag("td"))[2]))
			}
			want := []string{"pinned a conversation", "dismissed the flags on a post", "restored a hidden post", "hid a post"}
			if !slices.Equal(actions, want) {
				t.Errorf("log = %q; want %q", actions, want)
			}
		})
	})
}

// modFlag and modEntry are the parts of the API's objects the tests read.
type modFlag struct {
	ID       int64  `json:"id"`
	PostID   int64  `json:"post_id"`
	ThreadID int64  `json:"thread_id"`
	Reason   string `json:"reason"`
	Excerpt  string `json:"excerpt"`
	By       struct {
		Handle string `json:"handle"`
	} `json:"flagged_by"`
	Resolution string `json:"resolution"`
}

type modEntry struct {
	Action   string `json:"action"`
	ThreadID int64  `json:"thread_id"`
	PostID   int64  `json:"post_id"`
	Reason   string `json:"reason"`
	Actor    struct {
		Handle string `json:"handle"`
	} `json:"actor"`
}

type modPost struct {
	ID     int64  `json:"id"`
	HTML   string `json:"html"`
	Hidden bool   `json:"hidden"`
}

func TestAPIModeration(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		m := newModCast(t, s)
		cora, ana, ben, sam, olga := s.withToken(t, "cora", m.cora), s.withToken(t, "ana", m.ana), s.withToken(t, "ben", m.ben),
			s.withToken(t, "sam", m.sam), s.withToken(t, "olga", m.olga)
		anon := s.anonymous("anonymous")
		post := func(id int64, rest string) string { return fmt.Sprintf("/api/v1/posts/%d%s", id, rest) }
		flags, log := "/api/v1/communities/"+m.garden.Slug+"/flags", "/api/v1/communities/"+m.garden.Slug+"/moderation-log"

		r := ben.api(t, http.MethodPost, post(m.reply, "/flags"), map[string]string{"reason": "Advertising."})
		r.wantStatus(t, http.StatusCreated)
		var f modFlag
		r.decode(t, &f)
		if f.ID == 0 || f.PostID != m.reply || f.ThreadID != m.thread.ID || f.Reason != "Advertising." || f.By.Handle != "ben" {
			t.Errorf("POST flags = %+v; want ben's flag on the reply", f)
		}
		for _, tt := range []struct {
			name   string
			v      *visitor
			post   int64
			body   any
			status int
			code   string
		}{
			{"twice", ben, m.reply, map[string]string{"reason": "Again."}, http.StatusConflict, praxis.ECONFLICT},
			{"own post", sam, m.reply, map[string]string{"reason": "Me?"}, http.StatusForbidden, praxis.EFORBIDDEN},
			{"no reason", ana, m.reply, map[string]string{"reason": ""}, http.StatusBadRequest, praxis.EINVALID},
			{"unknown field", ana, m.reply, map[string]string{"why": "x"}, http.StatusBadRequest, praxis.EINVALID},
			{"not a member", olga, m.reply, map[string]string{"reason": "x"}, http.StatusForbidden, praxis.EFORBIDDEN},
			{"anonymous", anon, m.reply, map[string]string{"reason": "x"}, http.StatusUnauthorized, praxis.EUNAUTHORIZED},
			{"missing post", ana, 999999, map[string]string{"reason": "x"}, http.StatusNotFound, praxis.ENOTFOUND},
		} {
			t.Run("flag/"+tt.name, func(t *testing.T) {
				wantAPIError(t, tt.v.api(t, http.MethodPost, post(tt.post, "/flags"), tt.body), tt.status, tt.code)
			})
		}

		for _, tt := range []struct {
			name   string
			v      *visitor
			path   string
			status int
			code   string
		}{
			{"queue, a member", ana, flags + "?open=1", http.StatusForbidden, praxis.EFORBIDDEN},
			{"queue, anonymous", anon, flags, http.StatusUnauthorized, praxis.EUNAUTHORIZED},
			{"queue, private, an outsider", olga, "/api/v1/communities/" + m.vault.Slug + "/flags", http.StatusNotFound, praxis.ENOTFOUND},
			{"log, a member", ana, log, http.StatusForbidden, praxis.EFORBIDDEN},
			{"log, private, an outsider", olga, "/api/v1/communities/" + m.vault.Slug + "/moderation-log", http.StatusNotFound, praxis.ENOTFOUND},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantAPIError(t, tt.v.get(t, tt.path), tt.status, tt.code)
			})
		}

		var queue struct{ Items []modFlag }
		r = cora.get(t, flags+"?open=1")
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &queue)
		if len(queue.Items) != 1 || queue.Items[0].ID != f.ID || !strings.Contains(queue.Items[0].Excerpt, "SuperGrow") {
			t.Fatalf("GET flags?open=1 = %+v; want ben's flag with the reply's excerpt", queue.Items)
		}

		wantAPIError(t, ana.api(t, http.MethodPost, post(m.reply, "/hide"), nil), http.StatusForbidden, praxis.EFORBIDDEN)
		r = cora.api(t, http.MethodPost, post(m.reply, "/hide"), map[string]string{"reason": "Spam."})
		r.wantStatus(t, http.StatusOK)
		var p modPost
		r.decode(t, &p)
		if p.ID != m.reply || !p.Hidden {
			t.Errorf("POST hide = %+v; want the reply, hidden", p)
		}
		r = ana.get(t, fmt.Sprintf("/api/v1/threads/%d", m.thread.ID))
		r.wantStatus(t, http.StatusOK)
		var th struct{ Replies []modPost }
		r.decode(t, &th)
		if len(th.Replies) != 1 || !th.Replies[0].Hidden || th.Replies[0].HTML != "" {
			t.Errorf("thread as another member: replies %+v; want the reply hidden, without its text", th.Replies)
		}

		r = cora.get(t, flags)
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &queue)
		if len(queue.Items) != 1 || queue.Items[0].Resolution != praxis.ResolutionHidden {
			t.Errorf("GET flags after hiding = %+v; want ben's flag resolved as hidden", queue.Items)
		}

		r = cora.api(t, http.MethodPost, post(m.reply, "/restore"), nil)
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &p)
		if p.Hidden {
			t.Errorf("POST restore = %+v; want the reply visible", p)
		}
		// Hiding without a body, then restoring, is fine too.
		cora.api(t, http.MethodPost, post(m.reply, "/hide"), nil).wantStatus(t, http.StatusOK)
		cora.api(t, http.MethodPost, post(m.reply, "/restore"), nil).wantStatus(t, http.StatusOK)

		ana.api(t, http.MethodPost, post(m.opening, "/flags"), map[string]string{"reason": "Off topic?"}).wantStatus(t, http.StatusCreated)
		wantAPIError(t, ana.api(t, http.MethodPost, post(m.opening, "/flags/dismiss"), nil), http.StatusForbidden, praxis.EFORBIDDEN)
		cora.api(t, http.MethodPost, post(m.opening, "/flags/dismiss"), nil).wantStatus(t, http.StatusNoContent)

		var entries struct{ Items []modEntry }
		r = cora.get(t, log+"?limit=3")
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &entries)
		var got []string
		for _, e := range entries.Items {
			got = append(got, fmt.Sprintf("%s %s %d %s", e.Actor.Handle, e.Action, e.PostID, e.Reason))
		}
		want := []string{
			fmt.Sprintf("cora dismiss %d ", m.opening),
			fmt.Sprintf("cora restore %d ", m.reply),
			fmt.Sprintf("cora hide %d ", m.reply),
		}
		if !slices.Equal(got, want) {
			t.Errorf("GET moderation-log?limit=3 = %q; want %q", got, want)
		}
	})
}
