package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"praxis"
)

// apiThread is the part of the API's thread object the tests read; the
// fields after Excerpt come only with a single thread (ThreadDetail).
type apiThread struct {
	ID             int64     `json:"id"`
	Community      string    `json:"community"`
	Kind           string    `json:"kind"`
	Title          string    `json:"title"`
	Status         string    `json:"status"`
	Locked         bool      `json:"locked"`
	Topics         []string  `json:"topics"`
	AcceptedPostID int64     `json:"accepted_post_id"`
	ReplyCount     int       `json:"reply_count"`
	HelpfulCount   int       `json:"helpful_count"`
	CreatedAt      time.Time `json:"created_at"`
	LastActivityAt time.Time `json:"last_activity_at"`
	Author         struct {
		Handle string `json:"handle"`
	} `json:"author"`

	URL         string     `json:"url"`
	Opening     *apiPost   `json:"opening"`
	Replies     []*apiPost `json:"replies"`
	Following   bool       `json:"following"`
	CanAccept   bool       `json:"can_accept"`
	Permissions struct {
		Participate bool `json:"participate"`
		Moderate    bool `json:"moderate"`
	} `json:"permissions"`
}

// apiPost is the part of the API's post object the tests read.
type apiPost struct {
	ID        int64      `json:"id"`
	ThreadID  int64      `json:"thread_id"`
	Opening   bool       `json:"opening"`
	Source    string     `json:"source"`
	HTML      string     `json:"html"`
	Helpful   int        `json:"helpful"`
	VotedByMe bool       `json:"voted_by_me"`
	Accepted  bool       `json:"accepted"`
	Deleted   bool       `json:"deleted"`
	Revision  int        `json:"revision"`
	EditedAt  *time.Time `json:"edited_at"`
}

// apiThreadList is one page of GET /communities/{slug}/threads.
type apiThreadList struct {
	Items      []apiThread `json:"items"`
	NextCursor string      `json:"next_cursor"`
	Total      int         `json:"total"`
}

// apiRevisions is GET /posts/{id}/revisions.
type apiRevisions struct {
	Items []struct {
		Number  int    `json:"number"`
		Title   string `json:"title"`
		Source  string `json:"source"`
		Summary string `json:"summary"`
	} `json:"items"`
}

// threadPath and postPath are the API addresses of a thread and a post.
func threadPath(id int64) string { return "/api/v1/threads/" + strconv.FormatInt(id, 10) }
func postPath(id int64) string   { return "/api/v1/posts/" + strconv.FormatInt(id, 10) }

// threadsPath is the list of a community's threads with a query.
func threadsPath(slug string, q url.Values) string {
	p := "/api/v1/communities/" + slug + "/threads"
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p
}

// question is a valid new question.
func question(title, body string) map[string]any {
	return map[string]any{"kind": praxis.KindQuestion, "title": title, "body": body}
}

// startThread creates a thread through the API and returns it.
func startThread(t *testing.T, v *visitor, slug string, in map[string]any) apiThread {
	t.Helper()
	r := v.api(t, http.MethodPost, "/api/v1/communities/"+slug+"/threads", in)
	r.wantStatus(t, http.StatusCreated)
	var th apiThread
	r.decode(t, &th)
	return th
}

// getThread reads a thread through the API.
func getThread(t *testing.T, v *visitor, id int64) apiThread {
	t.Helper()
	r := v.get(t, threadPath(id))
	r.wantStatus(t, http.StatusOK)
	var th apiThread
	r.decode(t, &th)
	return th
}

// replyTo adds a reply through the API and returns it.
func replyTo(t *testing.T, v *visitor, threadID int64, body string) apiPost {
	t.Helper()
	r := v.api(t, http.MethodPost, threadPath(threadID)+"/replies", map[string]any{"body": body})
	r.wantStatus(t, http.StatusCreated)
	var p apiPost
	r.decode(t, &p)
	return p
}

// listThreads reads one page of a community's threads.
func listThreads(t *testing.T, v *visitor, slug string, q url.Values) apiThreadList {
	t.Helper()
	r := v.get(t, threadsPath(slug, q))
	r.wantStatus(t, http.StatusOK)
	var l apiThreadList
	r.decode(t, &l)
	return l
}

func threadIDs(l apiThreadList) []int64 {
	var ids []int64
	for _, th := range l.Items {
		ids = append(ids, th.ID)
	}
	return ids
}

// TestAPIThreadLifecycle follows a question from asking to an accepted,
// voted, edited and deleted answer, each step as its API client sees it.
func TestAPIThreadLifecycle(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora, ana, ben := s.signUp(t, "cora"), s.signUp(t, "ana"), s.signUp(t, "ben")
		c := s.createCommunity(t, cora, "Data Stewards", "Stewarding research data.", praxis.VisibilityPublic, praxis.JoinOpen)
		s.join(t, cora, ana, c.Slug)
		s.join(t, cora, ben, c.Slug)
		asker, answerer, anon := s.withToken(t, "ana", ana), s.withToken(t, "ben", ben), s.anonymous("anonymous")

		var q apiThread
		var answer apiPost
		t.Run("ask", func(t *testing.T) {
			r := asker.api(t, http.MethodPost, "/api/v1/communities/"+c.Slug+"/threads", map[string]any{
				"kind": "question", "title": "How do we cite datasets?", "topics": []string{"Citation"},
				"body": "We need to **cite** our data.\n\n<script>alert('x')</script>",
			})
			r.wantStatus(t, http.StatusCreated)
			r.decode(t, &q)
			if got, want := r.header.Get("Location"), threadPath(q.ID); got != want {
				t.Errorf("Location = %q; want %q", got, want)
			}
			if q.Opening == nil {
				t.Fatalf("opening = null; want the opening post (body %.300s)", r.body)
			}
			tests := []struct {
				name string
				ok   bool
				got  any
				want string
			}{
				{"status", q.Status == praxis.ThreadOpen, q.Status, "open"},
				{"community", q.Community == c.Slug, q.Community, c.Slug},
				{"author", q.Author.Handle == "ana", q.Author.Handle, "ana"},
				{"topics", slices.Equal(q.Topics, []string{"citation"}), q.Topics, "[citation]"},
				{"url", strings.HasPrefix(q.URL, fmt.Sprintf("/c/%s/t/%d", c.Slug, q.ID)), q.URL, "/c/{slug}/t/{id}/..."},
				{"markdown rendered", strings.Contains(q.Opening.HTML, "<strong>cite</strong>"), q.Opening.HTML, "<strong>cite</strong>"},
				{"no script", !strings.Contains(strings.ToLower(q.Opening.HTML), "<script"), q.Opening.HTML, "no <script>"},
				{"opening post", q.Opening.Opening && q.Opening.ThreadID == q.ID, q.Opening, "opening, of the thread"},
				{"replies", q.Replies != nil && len(q.Replies) == 0, q.Replies, "[]"},
				{"asker follows", q.Following, q.Following, "true"},
				{"asker may accept", q.CanAccept, q.CanAccept, "true"},
			}
			for _, tt := range tests {
				if !tt.ok {
					t.Errorf("%s: got %v; want %s", tt.name, tt.got, tt.want)
				}
			}
		})
		if q.ID == 0 {
			t.FailNow()
		}

		t.Run("read", func(t *testing.T) {
			for _, v := range []*visitor{answerer, anon} {
				got := getThread(t, v, q.ID)
				if got.Title != q.Title || got.Opening == nil || got.Opening.ID != q.Opening.ID {
					t.Errorf("%s: GET %s = %q with opening %+v; want %q with post %d", v.name, threadPath(q.ID), got.Title, got.Opening, q.Title, q.Opening.ID)
				}
				if got.CanAccept {
					t.Errorf("%s: can_accept = true; want false for someone who did not ask", v.name)
				}
			}
		})

		t.Run("reply", func(t *testing.T) {
			answer = replyTo(t, answerer, q.ID, "Use a DOI and the *data citation* principles.")
			if answer.ThreadID != q.ID || answer.Opening || !strings.Contains(answer.HTML, "<em>data citation</em>") {
				t.Errorf("reply = %+v; want a rendered reply of thread %d", answer, q.ID)
			}
			if got := getThread(t, anon, q.ID); len(got.Replies) != 1 || got.Replies[0].ID != answer.ID || got.ReplyCount != 1 {
				t.Errorf("thread after the reply: replies %v, reply_count %d; want [%d], 1", got.Replies, got.ReplyCount, answer.ID)
			}
		})
		if answer.ID == 0 {
			t.FailNow()
		}

		t.Run("accept", func(t *testing.T) {
			r := asker.api(t, http.MethodPost, threadPath(q.ID)+"/accept", map[string]any{"post_id": answer.ID})
			r.wantStatus(t, http.StatusOK)
			var got apiThread
			r.decode(t, &got)
			if got.Status != praxis.ThreadSolved || got.AcceptedPostID != answer.ID {
				t.Errorf("after accepting: status %q, accepted_post_id %d; want solved, %d", got.Status, got.AcceptedPostID, answer.ID)
			}
			page := getThread(t, anon, q.ID)
			if len(page.Replies) != 1 || !page.Replies[0].Accepted {
				t.Errorf("replies after accepting: %+v; want the answer accepted", page.Replies)
			}
		})

		t.Run("filters", func(t *testing.T) {
			tests := []struct {
				status string
				want   bool
			}{
				{praxis.FilterSolved, true},
				{praxis.FilterUnanswered, false},
				{praxis.FilterUnsolved, false},
				{"", true},
			}
			for _, tt := range tests {
				l := listThreads(t, anon, c.Slug, url.Values{"status": {tt.status}})
				if got := slices.Contains(threadIDs(l), q.ID); got != tt.want {
					t.Errorf("status=%s: lists the question = %v; want %v (items %v)", tt.status, got, tt.want, threadIDs(l))
				}
			}
		})

		t.Run("votes", func(t *testing.T) {
			tests := []struct {
				name        string
				who         *visitor
				method      string
				post        int64
				wantStatus  int
				wantCode    string
				wantHelpful int
			}{
				{"vote", asker, http.MethodPut, answer.ID, http.StatusOK, "", 1},
				{"vote again", asker, http.MethodPut, answer.ID, http.StatusConflict, "conflict", 1},
				{"withdraw", asker, http.MethodDelete, answer.ID, http.StatusOK, "", 0},
				{"withdraw again", asker, http.MethodDelete, answer.ID, http.StatusNotFound, "not_found", 0},
				{"own post", answerer, http.MethodPut, answer.ID, http.StatusForbidden, "forbidden", 0},
				{"anonymous", anon, http.MethodPut, answer.ID, http.StatusUnauthorized, "unauthorized", 0},
			}
			for _, tt := range tests {
				r := tt.who.api(t, tt.method, postPath(tt.post)+"/vote", nil)
				if tt.wantCode != "" {
					wantAPIError(t, r, tt.wantStatus, tt.wantCode)
				} else {
					r.wantStatus(t, tt.wantStatus)
					var p apiPost
					r.decode(t, &p)
					if p.Helpful != tt.wantHelpful || p.VotedByMe != (tt.method == http.MethodPut) {
						t.Errorf("%s: helpful %d, voted_by_me %v; want %d, %v", tt.name, p.Helpful, p.VotedByMe, tt.wantHelpful, tt.method == http.MethodPut)
					}
				}
				if got := getThread(t, anon, q.ID).Replies[0].Helpful; got != tt.wantHelpful {
					t.Errorf("%s: the thread shows helpful %d; want %d", tt.name, got, tt.wantHelpful)
				}
			}
		})

		t.Run("edit", func(t *testing.T) {
			edit := map[string]any{"body": "Use a DOI, and cite the version you used.", "summary": "Mention versions"}
			wantAPIError(t, asker.api(t, http.MethodPatch, postPath(answer.ID), edit), http.StatusForbidden, "forbidden")
			wantAPIError(t, answerer.api(t, http.MethodPatch, postPath(answer.ID), map[string]any{"title": "A reply has no title"}),
				http.StatusBadRequest, "invalid")

			r := answerer.api(t, http.MethodPatch, postPath(answer.ID), edit)
			r.wantStatus(t, http.StatusOK)
			var p apiPost
			r.decode(t, &p)
			if p.Revision != 2 || p.EditedAt == nil || !strings.Contains(p.HTML, "cite the version") {
				t.Errorf("edited post: revision %d, edited_at %v, html %q; want 2, a time, the new text", p.Revision, p.EditedAt, p.HTML)
			}

			r = anon.get(t, postPath(answer.ID)+"/revisions")
			r.wantStatus(t, http.StatusOK)
			var revs apiRevisions
			r.decode(t, &revs)
			var numbers []int
			for _, rev := range revs.Items {
				numbers = append(numbers, rev.Number)
			}
			if !slices.Equal(numbers, []int{2, 1}) {
				t.Fatalf("revisions: got numbers %v; want [2 1]", numbers)
			}
			if revs.Items[0].Summary != "Mention versions" || revs.Items[1].Source != "Use a DOI and the *data citation* principles." {
				t.Errorf("revisions: got %+v; want the new summary first and the original source last", revs.Items)
			}
		})

		t.Run("delete", func(t *testing.T) {
			wantAPIError(t, asker.api(t, http.MethodDelete, postPath(answer.ID), nil), http.StatusForbidden, "forbidden")
			r := answerer.api(t, http.MethodDelete, postPath(answer.ID), nil)
			r.wantStatus(t, http.StatusNoContent)
			if len(r.body) != 0 {
				t.Errorf("DELETE body = %q; want none", r.body)
			}

			got := getThread(t, anon, q.ID)
			if len(got.Replies) != 1 || !got.Replies[0].Deleted || got.Replies[0].HTML != "" || got.Replies[0].Source != "" {
				t.Errorf("replies after deleting: %+v; want one tombstone without text", got.Replies)
			}
			if got.Status != praxis.ThreadOpen || got.AcceptedPostID != 0 {
				t.Errorf("after deleting the accepted answer: status %q, accepted_post_id %d; want open, 0", got.Status, got.AcceptedPostID)
			}

			page := anon.get(t, got.URL)
			page.wantStatus(t, http.StatusOK)
			post := byID(page.doc(t), fmt.Sprintf("post-%d", answer.ID))
			if post == nil {
				t.Fatalf("%s: no #post-%d", page, answer.ID)
			}
			if tomb := byClass(post, "tombstone"); len(tomb) != 1 || text(tomb[0]) != "This post was deleted." {
				t.Errorf("%s: #post-%d reads %q; want the tombstone", page, answer.ID, text(post))
			}
			if strings.Contains(string(page.body), "cite the version") {
				t.Errorf("%s: the deleted post's text is still on the page", page)
			}
		})
	})
}

// TestAPIThreadPrivacy checks that a private community's conversations do
// not exist for anyone outside it, whatever they ask.
func TestAPIThreadPrivacy(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora, ana, dan := s.signUp(t, "cora"), s.signUp(t, "ana"), s.signUp(t, "dan")
		const secretTitle = "Layoffs planned in the archive team"
		const secretBody = "Confidential: the budget drops by forty percent."
		c := s.createCommunity(t, cora, "Hidden Circle", "Things we keep among ourselves.", praxis.VisibilityPrivate, praxis.JoinInvitation)
		s.createCommunity(t, dan, "Open Square", "Anyone may read this.", praxis.VisibilityPublic, praxis.JoinOpen)
		s.join(t, cora, ana, c.Slug)
		member := s.withToken(t, "ana", ana)
		th := startThread(t, member, c.Slug, map[string]any{"kind": "question", "title": secretTitle, "body": secretBody, "topics": []string{"budget"}})
		reply := replyTo(t, s.withToken(t, "cora", cora), th.ID, "Noted; "+secretBody)

		t.Run("members see it", func(t *testing.T) {
			if got := getThread(t, member, th.ID); got.Title != secretTitle {
				t.Errorf("member: title %q; want %q", got.Title, secretTitle)
			}
			if l := listThreads(t, member, c.Slug, nil); !slices.Contains(threadIDs(l), th.ID) {
				t.Errorf("member: list %v; want it to hold %d", threadIDs(l), th.ID)
			}
		})

		outsider, anon := s.withToken(t, "dan", dan), s.anonymous("anonymous")
		tests := []struct {
			name   string
			method string
			path   string
			body   any
			write  bool // anonymous writers are told to sign in first
		}{
			{"thread", http.MethodGet, threadPath(th.ID), nil, false},
			{"threads list", http.MethodGet, threadsPath(c.Slug, nil), nil, false},
			{"unanswered threads", http.MethodGet, threadsPath(c.Slug, url.Values{"status": {"unanswered"}}), nil, false},
			{"topics", http.MethodGet, "/api/v1/communities/" + c.Slug + "/topics", nil, false},
			{"opening revisions", http.MethodGet, postPath(th.Opening.ID) + "/revisions", nil, false},
			{"reply revisions", http.MethodGet, postPath(reply.ID) + "/revisions", nil, false},
			{"reply", http.MethodPost, threadPath(th.ID) + "/replies", map[string]any{"body": "Let me in"}, true},
			{"new thread", http.MethodPost, "/api/v1/communities/" + c.Slug + "/threads", question("Anything happening here?", "Hello?"), true},
			{"accept", http.MethodPost, threadPath(th.ID) + "/accept", map[string]any{"post_id": reply.ID}, true},
			{"lock", http.MethodPatch, threadPath(th.ID), map[string]any{"locked": true}, true},
			{"edit post", http.MethodPatch, postPath(reply.ID), map[string]any{"body": "Edited"}, true},
			{"delete post", http.MethodDelete, postPath(reply.ID), nil, true},
			{"vote", http.MethodPut, postPath(reply.ID) + "/vote", nil, true},
			{"unvote", http.MethodDelete, postPath(reply.ID) + "/vote", nil, true},
			{"propose topic", http.MethodPost, "/api/v1/communities/" + c.Slug + "/topics", map[string]any{"name": "leaks"}, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantAPIError(t, outsider.api(t, tt.method, tt.path, tt.body), http.StatusNotFound, "not_found")
				if tt.write {
					wantAPIError(t, anon.api(t, tt.method, tt.path, tt.body), http.StatusUnauthorized, "unauthorized")
				} else {
					wantAPIError(t, anon.api(t, tt.method, tt.path, tt.body), http.StatusNotFound, "not_found")
				}
			})
		}

		t.Run("nothing leaks", func(t *testing.T) {
			// The outsider's own community lists nothing of the other.
			listThreads(t, outsider, "open-square", nil)
			for _, v := range []*visitor{outsider, anon} {
				for _, r := range v.seen {
					for _, secret := range []string{secretTitle, "budget drops", "Hidden Circle"} {
						if strings.Contains(string(r.body), secret) {
							t.Errorf("%s: %s answered %q; want no trace of the private thread", v.name, r, secret)
						}
					}
				}
			}
			got := getThread(t, member, th.ID)
			if got.Locked || got.AcceptedPostID != 0 || len(got.Replies) != 1 || got.Replies[0].Deleted || got.Replies[0].Helpful != 0 {
				t.Errorf("thread after the outsiders' attempts: %+v; want it unchanged", got)
			}
		})
	})
}

// TestAPIThreadBadInput checks that invalid requests are refused with the
// contract's errors and write nothing.
func TestAPIThreadBadInput(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora, ana := s.signUp(t, "cora"), s.signUp(t, "ana")
		c := s.createCommunity(t, cora, "Data Stewards", "Stewarding research data.", praxis.VisibilityPublic, praxis.JoinOpen)
		s.join(t, cora, ana, c.Slug)
		member, anon := s.withToken(t, "ana", ana), s.anonymous("anonymous")
		create := "/api/v1/communities/" + c.Slug + "/threads"

		tests := []struct {
			name       string
			who        *visitor
			body       any
			wantStatus int
			wantCode   string
			wantField  string
		}{
			{"anonymous", anon, question("How do we cite datasets?", "Tell me."), http.StatusUnauthorized, "unauthorized", ""},
			{"invalid JSON", member, `{"kind": "question", "title": `, http.StatusBadRequest, "invalid", ""},
			{"not an object", member, `["question"]`, http.StatusBadRequest, "invalid", ""},
			{"unknown field", member, `{"kind":"question","title":"How do we cite datasets?","body":"x","colour":"red"}`, http.StatusBadRequest, "invalid", ""},
			{"trailing data", member, `{"kind":"question","title":"How do we cite datasets?","body":"x"} {}`, http.StatusBadRequest, "invalid", ""},
			{"empty title", member, question("", "Tell me."), http.StatusBadRequest, "invalid", "title"},
			{"blank title", member, question("   ", "Tell me."), http.StatusBadRequest, "invalid", "title"},
			{"short title", member, question("Cite?", "Tell me."), http.StatusBadRequest, "invalid", "title"},
			{"long title", member, question(strings.Repeat("t", 201), "Tell me."), http.StatusBadRequest, "invalid", "title"},
			{"no body", member, map[string]any{"kind": "question", "title": "How do we cite datasets?"}, http.StatusBadRequest, "invalid", "body"},
			{"body of 60,001 characters", member, question("How do we cite datasets?", strings.Repeat("é", praxis.MaxBodyLen+1)), http.StatusBadRequest, "invalid", "body"},
			{"unknown kind", member, map[string]any{"kind": "rant", "title": "How do we cite datasets?", "body": "x"}, http.StatusBadRequest, "invalid", "kind"},
			{"six topics", member, map[string]any{"kind": "question", "title": "How do we cite datasets?", "body": "x", "topics": []string{"a", "b", "c", "d", "e", "f"}},
				http.StatusBadRequest, "invalid", "topics"},
			{"bad pin date", member, map[string]any{"kind": "question", "title": "How do we cite datasets?", "body": "x", "pinned_until": "next week"},
				http.StatusBadRequest, "invalid", "pinned_until"},
			{"announcement by a member", member, map[string]any{"kind": "announcement", "title": "Meeting on Friday", "body": "x"}, http.StatusForbidden, "forbidden", "kind"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := wantAPIError(t, tt.who.api(t, http.MethodPost, create, tt.body), tt.wantStatus, tt.wantCode)
				if tt.wantField != "" && e.Fields[tt.wantField] == "" {
					t.Errorf("fields = %v; want a message for %q", e.Fields, tt.wantField)
				}
			})
		}
		if l := listThreads(t, member, c.Slug, nil); l.Total != 0 {
			t.Errorf("threads after the refused requests: total %d (%v); want 0", l.Total, threadIDs(l))
		}

		t.Run("body of 60,000 characters", func(t *testing.T) {
			th := startThread(t, member, c.Slug, question("How do we cite datasets?", strings.Repeat("é", praxis.MaxBodyLen)))
			if got := getThread(t, member, th.ID); got.Opening == nil || len([]rune(got.Opening.Source)) != praxis.MaxBodyLen {
				t.Errorf("opening of the longest body: %d characters; want %d", len([]rune(got.Opening.Source)), praxis.MaxBodyLen)
			}
		})

		t.Run("accept", func(t *testing.T) {
			answerer := s.withToken(t, "cora", cora)
			a := startThread(t, member, c.Slug, question("Which licence for shared data?", "CC-BY or CC0?"))
			b := startThread(t, member, c.Slug, question("Where do we deposit raw files?", "Any repository?"))
			bReply := replyTo(t, answerer, b.ID, "Zenodo works.")
			aReply := replyTo(t, answerer, a.ID, "CC0 for data.")
			cases := []struct {
				name       string
				who        *visitor
				thread     int64
				body       any
				wantStatus int
				wantCode   string
			}{
				{"a post of another thread", member, a.ID, map[string]any{"post_id": bReply.ID}, http.StatusBadRequest, "invalid"},
				{"the question itself", member, a.ID, map[string]any{"post_id": a.Opening.ID}, http.StatusBadRequest, "invalid"},
				{"no such post", member, a.ID, map[string]any{"post_id": 999999}, http.StatusBadRequest, "invalid"},
				{"invalid JSON", member, a.ID, `{"post_id": "one"}`, http.StatusBadRequest, "invalid"},
				{"someone who did not ask", s.withToken(t, "ana's neighbour", s.signUp(t, "nell")), a.ID, map[string]any{"post_id": aReply.ID}, http.StatusForbidden, "forbidden"},
				{"anonymous", anon, a.ID, map[string]any{"post_id": aReply.ID}, http.StatusUnauthorized, "unauthorized"},
				{"no such thread", member, 999999, map[string]any{"post_id": aReply.ID}, http.StatusNotFound, "not_found"},
			}
			for _, tt := range cases {
				t.Run(tt.name, func(t *testing.T) {
					wantAPIError(t, tt.who.api(t, http.MethodPost, threadPath(tt.thread)+"/accept", tt.body), tt.wantStatus, tt.wantCode)
					for _, id := range []int64{a.ID, b.ID} {
						if got := getThread(t, member, id); got.Status != praxis.ThreadOpen || got.AcceptedPostID != 0 {
							t.Errorf("thread %d: status %q, accepted_post_id %d; want open, 0", id, got.Status, got.AcceptedPostID)
						}
					}
				})
			}
		})

		t.Run("list", func(t *testing.T) {
			for _, q := range []url.Values{{"cursor": {"not-a-cursor"}}, {"sort": {"loudest"}}, {"status": {"maybe"}}} {
				wantAPIError(t, member.get(t, threadsPath(c.Slug, q)), http.StatusBadRequest, "invalid")
			}
			wantAPIError(t, anon.get(t, threadsPath(c.Slug, url.Values{"mine": {"1"}})), http.StatusUnauthorized, "unauthorized")
			wantAPIError(t, member.get(t, threadsPath("no-such-community", nil)), http.StatusNotFound, "not_found")
			wantAPIError(t, member.get(t, "/api/v1/threads/abc"), http.StatusNotFound, "not_found")
		})
	})
}

// TestAPIThreadPagination walks every page of a community's threads, in
// every order and at several page sizes, with ties in every sort key.
func TestAPIThreadPagination(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora, ana, ben := s.signUp(t, "cora"), s.signUp(t, "ana"), s.signUp(t, "ben")
		c := s.createCommunity(t, cora, "Data Stewards", "Stewarding research data.", praxis.VisibilityPublic, praxis.JoinOpen)
		s.join(t, cora, ana, c.Slug)
		s.join(t, cora, ben, c.Slug)
		asker, voter := s.withToken(t, "ana", ana), s.withToken(t, "ben", ben)

		const n = 11
		var all []apiThread
		for i := range n {
			kind := praxis.KindQuestion
			if i%3 == 0 {
				kind = praxis.KindDiscussion
			}
			all = append(all, startThread(t, asker, c.Slug, map[string]any{
				"kind": kind, "title": fmt.Sprintf("Thread number %02d", i), "body": "Body of thread " + strconv.Itoa(i),
			}))
			if i%2 == 1 { // every other pair shares its creation time
				s.clock.Add(time.Minute)
			}
		}
		// Votes give some threads helpful counts (with ties); replies move
		// some threads up in activity order.
		for i, th := range all {
			if i%4 == 1 || i%4 == 2 {
				r := voter.api(t, http.MethodPut, postPath(th.Opening.ID)+"/vote", nil)
				r.wantStatus(t, http.StatusOK)
			}
			if i%5 == 0 {
				s.clock.Add(time.Second)
				replyTo(t, voter, th.ID, "A reply to move it up.")
			}
		}
		questions := 0
		for _, th := range all {
			if th.Kind == praxis.KindQuestion {
				questions++
			}
		}

		tests := []struct {
			sort, kind string
			limit      int
			want       int
		}{
			{"", "", 0, n},
			{praxis.SortActivity, "", 1, n},
			{praxis.SortActivity, "", 4, n},
			{praxis.SortNewest, "", 1, n},
			{praxis.SortNewest, "", 3, n},
			{praxis.SortNewest, "", 100, n},
			{praxis.SortHelpful, "", 1, n},
			{praxis.SortHelpful, "", 2, n},
			{praxis.SortHelpful, "", 5, n},
			{praxis.SortNewest, praxis.KindQuestion, 2, questions},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("sort=%s kind=%s limit=%d", tt.sort, tt.kind, tt.limit), func(t *testing.T) {
				q := url.Values{}
				if tt.sort != "" {
					q.Set("sort", tt.sort)
				}
				if tt.kind != "" {
					q.Set("kind", tt.kind)
				}
				if tt.limit != 0 {
					q.Set("limit", strconv.Itoa(tt.limit))
				}
				var got []apiThread
				seen := map[int64]int{}
				for page := 1; ; page++ {
					if page > n+1 {
						t.Fatalf("page %d: still a next_cursor; want the pages to end", page)
					}
					l := listThreads(t, asker, c.Slug, q)
					if l.Total != tt.want {
						t.Errorf("page %d: total %d; want %d", page, l.Total, tt.want)
					}
					if tt.limit != 0 && len(l.Items) > tt.limit {
						t.Errorf("page %d: %d items; want at most %d", page, len(l.Items), tt.limit)
					}
					for _, th := range l.Items {
						seen[th.ID]++
						got = append(got, th)
					}
					if l.NextCursor == "" {
						break
					}
					if len(l.Items) == 0 {
						t.Fatalf("page %d: no items but a next_cursor", page)
					}
					q.Set("cursor", l.NextCursor)
				}
				if len(got) != tt.want {
					t.Errorf("got %d threads over all pages; want %d", len(got), tt.want)
				}
				for id, times := range seen {
					if times != 1 {
						t.Errorf("thread %d: listed %d times; want once", id, times)
					}
				}
				for _, th := range all {
					if (tt.kind == "" || th.Kind == tt.kind) && seen[th.ID] == 0 {
						t.Errorf("thread %d (%s): never listed; want it on a page", th.ID, th.Title)
					}
				}
				key := func(th apiThread) int64 {
					switch tt.sort {
					case praxis.SortNewest:
						return th.CreatedAt.UnixMilli()
					case praxis.SortHelpful:
						return int64(th.HelpfulCount)
					}
					return th.LastActivityAt.UnixMilli()
				}
				for i := 1; i < len(got); i++ {
					a, b := got[i-1], got[i]
					if key(a) < key(b) || (key(a) == key(b) && a.ID < b.ID) {
						t.Errorf("items %d, %d: threads %d (key %d) before %d (key %d); want descending by key, then id", i-1, i, a.ID, key(a), b.ID, key(b))
					}
				}
			})
		}
	})
}

// TestAPIThreadLock checks that only coordinators lock a conversation and
// that a locked conversation takes no replies.
func TestAPIThreadLock(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora, ana, ben := s.signUp(t, "cora"), s.signUp(t, "ana"), s.signUp(t, "ben")
		c := s.createCommunity(t, cora, "Data Stewards", "Stewarding research data.", praxis.VisibilityPublic, praxis.JoinOpen)
		s.join(t, cora, ana, c.Slug)
		s.join(t, cora, ben, c.Slug)
		coordinator, author, member := s.withToken(t, "cora", cora), s.withToken(t, "ana", ana), s.withToken(t, "ben", ben)
		th := startThread(t, author, c.Slug, map[string]any{"kind": "discussion", "title": "Retention periods for lab notebooks", "body": "How long do you keep them?"})

		steps := []struct {
			name       string
			who        *visitor
			method     string
			path       string
			body       any
			wantStatus int
			wantCode   string
			wantLocked bool
		}{
			{"member locks", member, http.MethodPatch, threadPath(th.ID), map[string]any{"locked": true}, http.StatusForbidden, "forbidden", false},
			{"author locks", author, http.MethodPatch, threadPath(th.ID), map[string]any{"locked": true}, http.StatusForbidden, "forbidden", false},
			{"coordinator solves", coordinator, http.MethodPatch, threadPath(th.ID), map[string]any{"status": "solved"}, http.StatusBadRequest, "invalid", false},
			{"unknown field", coordinator, http.MethodPatch, threadPath(th.ID), map[string]any{"frozen": true}, http.StatusBadRequest, "invalid", false},
			{"member replies while open", member, http.MethodPost, threadPath(th.ID) + "/replies", map[string]any{"body": "Ten years."}, http.StatusCreated, "", false},
			{"coordinator locks", coordinator, http.MethodPatch, threadPath(th.ID), map[string]any{"locked": true}, http.StatusOK, "", true},
			{"member replies when locked", member, http.MethodPost, threadPath(th.ID) + "/replies", map[string]any{"body": "Twenty years."}, http.StatusForbidden, "forbidden", true},
			{"author replies when locked", author, http.MethodPost, threadPath(th.ID) + "/replies", map[string]any{"body": "Thanks all."}, http.StatusForbidden, "forbidden", true},
			{"author edits when locked", author, http.MethodPatch, postPath(th.Opening.ID), map[string]any{"body": "Edited."}, http.StatusForbidden, "forbidden", true},
			{"coordinator unlocks", coordinator, http.MethodPatch, threadPath(th.ID), map[string]any{"locked": false}, http.StatusOK, "", false},
			{"member replies when unlocked", member, http.MethodPost, threadPath(th.ID) + "/replies", map[string]any{"body": "Twenty years."}, http.StatusCreated, "", false},
		}
		replies := 0
		for _, tt := range steps {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.who.api(t, tt.method, tt.path, tt.body)
				if tt.wantCode != "" {
					wantAPIError(t, r, tt.wantStatus, tt.wantCode)
				} else {
					r.wantStatus(t, tt.wantStatus)
				}
				if r.status == http.StatusCreated {
					replies++
				}
				if r.status == http.StatusOK && tt.method == http.MethodPatch {
					var got apiThread
					r.decode(t, &got)
					if got.ID != th.ID || got.Locked != tt.wantLocked {
						t.Errorf("response: thread %d, locked %v; want %d, %v", got.ID, got.Locked, th.ID, tt.wantLocked)
					}
				}
				got := getThread(t, member, th.ID)
				if got.Locked != tt.wantLocked || got.ReplyCount != replies || got.Status != praxis.ThreadOpen {
					t.Errorf("thread: locked %v, reply_count %d, status %q; want %v, %d, open", got.Locked, got.ReplyCount, got.Status, tt.wantLocked, replies)
				}
			})
		}
	})
}
