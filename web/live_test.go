package web_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
	"praxis/web"
)

// The live updates of a thread page, over real HTTP: a member keeps the
// Server-Sent Events stream open while another one replies.

// longPoll is longer than any test waits, so that an event that arrives in
// time proves a wake-up, not a poll.
const longPoll = 30 * time.Second

// prompt is how soon a woken stream must deliver a reply.
const prompt = 5 * time.Second

// liveServer serves the site's database again with live updates woken by
// its ThreadEvents (listening on PostgreSQL), and makes it the site's.
func liveServer(t *testing.T, s *testSite, cfg web.Config) {
	t.Helper()
	stop, err := s.db.ListenThreadEvents(t.Context(), nil)
	if err != nil {
		t.Fatalf("ListenThreadEvents: %v", err)
	}
	t.Cleanup(stop)
	cfg.Store, cfg.Now, cfg.Version = s.db, s.clock.Now, "test"
	if cfg.Events == nil {
		cfg.Events = s.db.ThreadEvents()
	}
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	t.Cleanup(srv.EndStreams) // before hs.Close, which waits for open streams
	s.server, s.url = srv, mustParse(t, hs.URL)
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// sseEvent is one event of a stream.
type sseEvent struct {
	id, event, data string
}

// post decodes a "post" event's data.
func (e sseEvent) post(t *testing.T) (id int64, fragment, author string, replies int) {
	t.Helper()
	if e.event != "post" {
		t.Fatalf("event = %q; want post", e.event)
	}
	var d struct {
		ID      int64  `json:"id"`
		HTML    string `json:"html"`
		Author  string `json:"author"`
		Replies int    `json:"replies"`
	}
	if err := json.Unmarshal([]byte(e.data), &d); err != nil {
		t.Fatalf("event data %q: %v", e.data, err)
	}
	if e.id != strconv.FormatInt(d.ID, 10) {
		t.Errorf("event id = %q; want the post id %d", e.id, d.ID)
	}
	return d.ID, d.HTML, d.Author, d.Replies
}

// sseStream is an open stream, read line by line as EventSource does.
type sseStream struct {
	events chan sseEvent // closed at the end of the stream
	cancel context.CancelFunc
}

// openStream opens a live URL as v, with extra headers, and fails unless
// the server answers with an event stream.
func openStream(t *testing.T, v *visitor, path string, header http.Header) *sseStream {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.site.url.String()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := v.client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		t.Fatalf("GET %s as %s: status = %d; want 200", path, v.name, resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("GET %s: Content-Type = %q; want text/event-stream", path, ct)
	}
	s := &sseStream{events: make(chan sseEvent, 100), cancel: cancel}
	go func() {
		defer close(s.events)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		var e sseEvent
		for sc.Scan() {
			line := sc.Text()
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch {
			case line == "":
				if e.data != "" {
					s.events <- e
				}
				e = sseEvent{}
			case field == "id":
				e.id = value
			case field == "event":
				e.event = value
			case field == "data":
				e.data += value
			}
		}
	}()
	return s
}

// next returns the next event; ok is false if the stream ended first.
func (s *sseStream) next(t *testing.T, within time.Duration) (e sseEvent, ok bool) {
	t.Helper()
	select {
	case e, ok = <-s.events:
		return e, ok
	case <-time.After(within):
		t.Fatalf("no event within %v", within)
		return e, false
	}
}

// nextPost returns the next event, which must be a post.
func (s *sseStream) nextPost(t *testing.T, within time.Duration) sseEvent {
	t.Helper()
	e, ok := s.next(t, within)
	if !ok {
		t.Fatalf("the stream ended; want a post")
	}
	return e
}

// wantEnd fails unless the stream ends, without another event, within d.
func (s *sseStream) wantEnd(t *testing.T, within time.Duration) {
	t.Helper()
	if e, ok := s.next(t, within); ok {
		t.Fatalf("got event %+v; want the stream to end", e)
	}
}

// wantQuiet fails if an event arrives within d.
func (s *sseStream) wantQuiet(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case e, ok := <-s.events:
		if ok {
			t.Fatalf("got event %+v; want none", e)
		}
	case <-time.After(d):
	}
}

// liveThread is a question in a private community: ana asked it, ben and
// cleo are members, olga is not.
type liveThread struct {
	slug               string
	thread             *praxis.Thread
	opening            int64
	ana, ben, cleo     *praxis.User
	olga               *praxis.User
	livePath, pagePath string
}

func newLiveThread(t *testing.T, s *testSite) *liveThread {
	t.Helper()
	lt := &liveThread{ana: s.signUp(t, "ana"), ben: s.signUp(t, "ben"), cleo: s.signUp(t, "cleo"), olga: s.signUp(t, "olga")}
	c := s.createCommunity(t, s.admin, "Home Brewers", "How we brew beer at home.", "private", "invitation")
	lt.slug = c.Slug
	for _, u := range []*praxis.User{lt.ana, lt.ben, lt.cleo} {
		s.join(t, s.admin, u, c.Slug)
	}
	kind, title, body := praxis.KindQuestion, "Why is my beer cloudy?", "It stays hazy after two weeks."
	th, err := s.db.CreateThread(t.Context(), lt.ana, c.Slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body})
	if err != nil {
		t.Fatalf("CreateThread: %v", err)
	}
	tp, err := s.db.ThreadPage(t.Context(), lt.ana, th.ID)
	if err != nil {
		t.Fatalf("ThreadPage: %v", err)
	}
	lt.thread, lt.opening = th, tp.Opening.ID
	lt.pagePath = th.Path()
	lt.livePath = "/c/" + c.Slug + "/t/" + strconv.FormatInt(th.ID, 10) + "/live"
	return lt
}

func reply(t *testing.T, s *testSite, u *praxis.User, threadID int64, body string) *praxis.Post {
	t.Helper()
	p, err := s.db.Reply(t.Context(), u, threadID, body, 0)
	if err != nil {
		t.Fatalf("Reply by %s: %v", u.Handle, err)
	}
	return p
}

func eventIDs(t *testing.T, es []sseEvent) []int64 {
	t.Helper()
	var ids []int64
	for _, e := range es {
		id, _, _, _ := e.post(t)
		ids = append(ids, id)
	}
	return ids
}

func TestLiveReplies(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		liveServer(t, s, web.Config{LivePoll: longPoll})
		lt := newLiveThread(t, s)
		ana := s.signedIn(t, "ana", lt.ana)
		ana.get(t, lt.pagePath).wantStatus(t, http.StatusOK) // the page sets the CSRF cookie
		csrf := ana.cookieValue("praxis_csrf")

		var first *praxis.Post
		t.Run("a reply arrives promptly, rendered for the viewer", func(t *testing.T) {
			st := openStream(t, ana, lt.livePath+"?after="+strconv.FormatInt(lt.opening, 10), nil)
			start := time.Now()
			first = reply(t, s, lt.ben, lt.thread.ID, "Try a **cold crash** before bottling.")
			e := st.nextPost(t, prompt)
			t.Logf("%s: the reply arrived %v after it was written (poll every %v)", s.db.Dialect(), time.Since(start), longPoll)
			id, frag, author, replies := e.post(t)
			if id != first.ID || author != "User ben" || replies != 1 {
				t.Errorf("event = id %d, author %q, replies %d; want %d, %q, 1", id, author, replies, first.ID, "User ben")
			}
			nodes, err := html.ParseFragment(strings.NewReader(frag), &html.Node{Type: html.ElementNode, Data: "ol", DataAtom: atom.Ol})
			if err != nil || len(nodes) != 1 || nodes[0].Data != "li" {
				t.Fatalf("html = %.300s; want one <li>", frag)
			}
			li := nodes[0]
			post := byID(li, "post-"+strconv.FormatInt(first.ID, 10))
			if post == nil || !strings.Contains(text(post), "cold crash") {
				t.Fatalf("html = %.500s; want #post-%d with the reply's text", frag, first.ID)
			}
			// Ana asked: she may accept the answer and vote for it, with her own token.
			var actions []string
			for _, f := range findAll(li, isTag("form")) {
				a, _ := attr(f, "action")
				actions = append(actions, a)
				if got := formValues(f).Get("csrf_token"); got != csrf {
					t.Errorf("form %s: csrf_token = %q; want the viewer's %q", a, got, csrf)
				}
			}
			base := "/c/" + lt.slug + "/t/" + strconv.FormatInt(lt.thread.ID, 10)
			for _, want := range []string{base + "/accept", base + "/posts/" + strconv.FormatInt(first.ID, 10) + "/vote"} {
				if !slices.Contains(actions, want) {
					t.Errorf("forms post to %v; want one to %s", actions, want)
				}
			}
		})

		t.Run("the same reply as another viewer", func(t *testing.T) {
			// Ben wrote it: no vote for his own post, but he may edit it.
			ben := s.signedIn(t, "ben", lt.ben)
			st := openStream(t, ben, lt.livePath+"?after="+strconv.FormatInt(lt.opening, 10), nil)
			_, frag, _, _ := st.nextPost(t, prompt).post(t)
			if strings.Contains(frag, "/vote") || strings.Contains(frag, "/accept") {
				t.Errorf("html for its author = %.500s; want no vote or accept form", frag)
			}
			if !strings.Contains(frag, "/posts/"+strconv.FormatInt(first.ID, 10)+"/edit") {
				t.Errorf("html for its author = %.500s; want an edit link", frag)
			}
		})

		t.Run("Last-Event-ID resumes without duplicates", func(t *testing.T) {
			second := reply(t, s, lt.cleo, lt.thread.ID, "Gelatin finings help too.")
			third := reply(t, s, lt.ben, lt.thread.ID, "And patience.")
			st := openStream(t, ana, lt.livePath+"?after=0", http.Header{"Last-Event-Id": {strconv.FormatInt(first.ID, 10)}})
			got := []sseEvent{st.nextPost(t, prompt), st.nextPost(t, prompt)}
			if ids, want := eventIDs(t, got), []int64{second.ID, third.ID}; !slices.Equal(ids, want) {
				t.Fatalf("events = %v; want %v (after %d, in order)", ids, want, first.ID)
			}
			fourth := reply(t, s, lt.cleo, lt.thread.ID, "Cold is the key.")
			if ids := eventIDs(t, []sseEvent{st.nextPost(t, prompt)}); ids[0] != fourth.ID {
				t.Fatalf("next event = %d; want %d", ids[0], fourth.ID)
			}
			st.wantQuiet(t, 300*time.Millisecond)
		})

		t.Run("the after parameter", func(t *testing.T) {
			st := openStream(t, ana, lt.livePath+"?after="+strconv.FormatInt(first.ID, 10), nil)
			e := st.nextPost(t, prompt)
			if id, _, _, _ := e.post(t); id <= first.ID {
				t.Fatalf("first event = %d; want a post after %d", id, first.ID)
			}
		})

		t.Run("without a position, only new replies", func(t *testing.T) {
			st := openStream(t, ana, lt.livePath, nil)
			st.wantQuiet(t, 300*time.Millisecond)
			p := reply(t, s, lt.ben, lt.thread.ID, "Another one.")
			if id, _, _, replies := st.nextPost(t, prompt).post(t); id != p.ID || replies != 5 {
				t.Fatalf("event = id %d, replies %d; want %d, 5", id, replies, p.ID)
			}
		})

		t.Run("a bad position", func(t *testing.T) {
			r := ana.send(t, http.MethodGet, lt.livePath, "", nil, http.Header{"Accept": {"text/event-stream"}, "Last-Event-Id": {"x"}})
			r.wantStatus(t, http.StatusBadRequest)
		})

		t.Run("outsiders get 404", func(t *testing.T) {
			for _, v := range []*visitor{s.anonymous("anonymous"), s.signedIn(t, "olga", lt.olga)} {
				for _, accept := range []string{"text/event-stream", "text/html"} {
					r := v.send(t, http.MethodGet, lt.livePath, "", nil, http.Header{"Accept": {accept}})
					r.wantStatus(t, http.StatusNotFound)
					if strings.Contains(string(r.body), "cloudy") {
						t.Errorf("%s as %s: the 404 mentions the thread", r, v.name)
					}
				}
			}
		})

		t.Run("a removed member stops receiving replies", func(t *testing.T) {
			cleo := s.signedIn(t, "cleo", lt.cleo)
			st := openStream(t, cleo, lt.livePath, nil)
			if err := s.db.RemoveMember(t.Context(), s.admin, lt.slug, lt.cleo.Handle); err != nil {
				t.Fatalf("RemoveMember: %v", err)
			}
			reply(t, s, lt.ben, lt.thread.ID, "Only for members.")
			st.wantEnd(t, prompt)
			r := cleo.send(t, http.MethodGet, lt.livePath, "", nil, http.Header{"Accept": {"text/event-stream"}})
			r.wantStatus(t, http.StatusNotFound)
		})

		t.Run("without Accept: text/event-stream, the page", func(t *testing.T) {
			r := ana.get(t, lt.livePath)
			r.wantStatus(t, http.StatusMovedPermanently)
			if loc := r.header.Get("Location"); loc != lt.pagePath {
				t.Errorf("Location = %q; want %q", loc, lt.pagePath)
			}
		})
	})
}

// TestLiveThreadTitledLive checks that a thread whose canonical address
// ends in /live still shows its page.
func TestLiveThreadTitledLive(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		u := s.signUp(t, "ana")
		c := s.createCommunity(t, u, "Open Stage", "How we play music live.", "public", "open")
		kind, title, body := praxis.KindDiscussion, "Live!!!!", "What we learned on stage."
		th, err := s.db.CreateThread(t.Context(), u, c.Slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body})
		if err != nil {
			t.Fatalf("CreateThread: %v", err)
		}
		if !strings.HasSuffix(th.Path(), "/live") {
			t.Fatalf("Path() = %q; want it to end in /live", th.Path())
		}
		r := s.anonymous("anonymous").get(t, th.Path())
		r.wantStatus(t, http.StatusOK)
		if h := byID(r.doc(t), "thread-title"); h == nil || text(h) != title {
			t.Errorf("%s: no heading %q", r, title)
		}
	})
}

// TestLivePollsWithoutWakeUps checks the fallback: with no ThreadEvents a
// stream still delivers, at the poll.
func TestLivePollsWithoutWakeUps(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		liveServer(t, s, web.Config{Events: silence{}, LivePoll: 200 * time.Millisecond})
		lt := newLiveThread(t, s)
		st := openStream(t, s.signedIn(t, "ana", lt.ana), lt.livePath, nil)
		p := reply(t, s, lt.ben, lt.thread.ID, "Found at the next poll.")
		if id, _, _, _ := st.nextPost(t, prompt).post(t); id != p.ID {
			t.Fatalf("event = %d; want %d", id, p.ID)
		}
	})
}

// silence is ThreadEvents that never wakes anyone: every notification lost.
type silence struct{}

func (silence) Subscribe(int64) (<-chan struct{}, func()) { return nil, func() {} }

// TestLiveOutlivesServerTimeouts checks that a stream survives the read
// and write timeouts that praxis serve sets on its http.Server.
func TestLiveOutlivesServerTimeouts(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		srv, err := web.New(web.Config{Store: s.db, Now: s.clock.Now, Version: "test", Events: s.db.ThreadEvents(), LivePoll: 200 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewUnstartedServer(srv)
		hs.Config.ReadTimeout, hs.Config.WriteTimeout = 300*time.Millisecond, 300*time.Millisecond
		hs.Start()
		t.Cleanup(hs.Close)
		t.Cleanup(srv.EndStreams)
		s.server, s.url = srv, mustParse(t, hs.URL)
		lt := newLiveThread(t, s)
		st := openStream(t, s.signedIn(t, "ana", lt.ana), lt.livePath, nil)
		st.wantQuiet(t, time.Second)
		p := reply(t, s, lt.ben, lt.thread.ID, "Still here after the timeouts.")
		if id, _, _, _ := st.nextPost(t, prompt).post(t); id != p.ID {
			t.Fatalf("event = %d; want %d", id, p.ID)
		}
	})
}

// TestLiveEndsOnShutdown checks that EndStreams, which praxis serve calls
// when it shuts down, ends the open streams.
func TestLiveEndsOnShutdown(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		liveServer(t, s, web.Config{LivePoll: longPoll})
		lt := newLiveThread(t, s)
		st := openStream(t, s.signedIn(t, "ana", lt.ana), lt.livePath, nil)
		s.server.EndStreams()
		st.wantEnd(t, 2*time.Second)
	})
}

// TestLiveEndsWhenTheClientLeaves checks that a stream's handler returns
// once its client has gone: the request's log line is written then.
func TestLiveEndsWhenTheClientLeaves(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		logged := make(chan string, 100)
		liveServer(t, s, web.Config{LivePoll: longPoll, Logger: slog.New(slog.NewTextHandler(lineWriter(logged), nil))})
		lt := newLiveThread(t, s)
		st := openStream(t, s.signedIn(t, "ana", lt.ana), lt.livePath, nil)
		st.cancel()
		deadline := time.After(prompt)
		for {
			select {
			case line := <-logged:
				if strings.Contains(line, "msg=request") && strings.Contains(line, "path="+lt.livePath) {
					return
				}
			case <-deadline:
				t.Fatalf("no request log line for %s within %v: the handler is still running", lt.livePath, prompt)
			}
		}
	})
}

// lineWriter sends each write (a log line) to a channel.
type lineWriter chan string

func (w lineWriter) Write(b []byte) (int, error) {
	select {
	case w <- string(b):
	default:
	}
	return len(b), nil
}

// TestLiveAcrossInstances runs two servers on one PostgreSQL database, as
// behind a load balancer: a reader of one sees a reply written through
// the other well before the poll, so LISTEN/NOTIFY carried it.
func TestLiveAcrossInstances(t *testing.T) {
	if os.Getenv("PRAXIS_TEST_POSTGRES_URL") == "" {
		t.Skip("PRAXIS_TEST_POSTGRES_URL is not set")
	}
	// The application name marks this test's connections, to cut them.
	appName := "praxis-live-test-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	u := mustParse(t, sqltest.DatabaseURL(t, "postgres"))
	q := u.Query()
	q.Set("application_name", appName)
	u.RawQuery = q.Encode()
	clock := &sqltest.Clock{T: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	open := func() *sqlstore.DB {
		db, err := sqlstore.Open(t.Context(), sqlstore.Options{DatabaseURL: u.String(), PasswordParams: &sqltest.FastPasswords, Now: clock.Now})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	db1 := open()
	if _, err := db1.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	db2 := open()
	one := newTestSite(t, db1, clock)
	liveServer(t, one, web.Config{LivePoll: longPoll})
	two := &testSite{db: db2, clock: clock, admin: one.admin}
	liveServer(t, two, web.Config{LivePoll: longPoll})

	lt := newLiveThread(t, one)
	reader := one.signedIn(t, "ana", lt.ana)
	writer := two.withToken(t, "ben", lt.ben)
	st := openStream(t, reader, lt.livePath, nil)
	replyPath := "/api/v1/threads/" + strconv.FormatInt(lt.thread.ID, 10) + "/replies"
	send := func(body string) int64 {
		r := writer.api(t, http.MethodPost, replyPath, map[string]string{"body": body})
		r.wantStatus(t, http.StatusCreated)
		var p praxis.Post
		r.decode(t, &p)
		return p.ID
	}
	const quick = 2 * time.Second // well under the 30 s poll

	t.Run("a reply through the other instance", func(t *testing.T) {
		var worst time.Duration
		for i := range 5 {
			start := time.Now()
			id := send("Reply number " + strconv.Itoa(i) + " through instance two.")
			got, frag, _, _ := st.nextPost(t, prompt).post(t)
			d := time.Since(start)
			worst = max(worst, d)
			if got != id || !strings.Contains(frag, "through instance two") {
				t.Fatalf("event %d = %.200s; want post %d", got, frag, id)
			}
			t.Logf("reply %d: written through instance two and received through instance one in %v", i, d)
		}
		if worst > quick {
			t.Errorf("slowest reply took %v; want under %v (the poll is %v)", worst, quick, longPoll)
		}
	})

	admin, err := sql.Open("pgx", os.Getenv("PRAXIS_TEST_POSTGRES_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	listeners := func() int {
		var n int
		if err := admin.QueryRowContext(t.Context(), `SELECT count(*) FROM pg_stat_activity
			WHERE application_name = $1 AND query = 'LISTEN praxis_threads'`, appName).Scan(&n); err != nil {
			t.Fatalf("pg_stat_activity: %v", err)
		}
		return n
	}

	t.Run("a listener that lost its connection catches up", func(t *testing.T) {
		var cut int
		if err := admin.QueryRowContext(t.Context(), `SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE application_name = $1 AND query = 'LISTEN praxis_threads') k`, appName).Scan(&cut); err != nil {
			t.Fatalf("pg_terminate_backend: %v", err)
		}
		if cut != 2 {
			t.Fatalf("cut %d listener connections; want 2, one per instance", cut)
		}
		start := time.Now()
		id := send("Written while the listeners were away.")
		if got, _, _, _ := st.nextPost(t, prompt).post(t); got != id {
			t.Fatalf("event = %d; want %d", got, id)
		}
		t.Logf("after the cut, the reply arrived in %v", time.Since(start))
		if d := time.Since(start); d > quick {
			t.Errorf("the reply took %v after the cut; want under %v", d, quick)
		}
		deadline := time.Now().Add(prompt)
		for listeners() != 2 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if n := listeners(); n != 2 {
			t.Errorf("listener connections after the cut = %d; want 2 again", n)
		}
	})

	t.Run("stopping the listener closes its connection", func(t *testing.T) {
		stop, err := db2.ListenThreadEvents(t.Context(), nil)
		if err != nil {
			t.Fatalf("ListenThreadEvents: %v", err)
		}
		if n := listeners(); n != 3 {
			t.Fatalf("listener connections = %d; want 3 while a third listens", n)
		}
		stop()
		deadline := time.Now().Add(prompt)
		for listeners() != 2 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if n := listeners(); n != 2 {
			t.Errorf("listener connections after stop = %d; want 2", n)
		}
	})
}
