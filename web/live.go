package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"praxis"
)

// A thread page follows its thread live through a Server-Sent Events stream
// of the replies written after the ones it shows, each rendered for its
// viewer. The database is the shared state: every look goes through the
// store with the viewer, as a page load would, so any instance can serve
// any stream. A wake-up from praxis.ThreadEvents makes the look prompt; the
// poll makes it certain.
const (
	defaultLivePoll = 5 * time.Second
	liveHeartbeat   = 25 * time.Second // under the idle timeouts of common proxies
	liveMaxAge      = 10 * time.Minute // then the client reconnects, with its position
	liveWriteWait   = 20 * time.Second // a write that cannot go out by then ends the stream
	liveRetryMS     = 3000             // how long the browser waits before reconnecting
)

// liveStreams is what the streams of a Server share.
type liveStreams struct {
	events praxis.ThreadEvents // nil: poll only
	poll   time.Duration
	done   chan struct{} // closed by EndStreams
	end    sync.Once
}

func newLiveStreams(events praxis.ThreadEvents, poll time.Duration) *liveStreams {
	if poll <= 0 {
		poll = defaultLivePoll
	}
	return &liveStreams{events: events, poll: poll, done: make(chan struct{})}
}

// EndStreams ends the live streams, now and from now on, so that
// http.Server.Shutdown (which waits for handlers, and a stream lasts
// minutes) can finish; register it with RegisterOnShutdown. Browsers
// reconnect, to another instance if need be, where they left off.
func (s *Server) EndStreams() { s.live.end.Do(func() { close(s.live.done) }) }

// liveEvent is the data of a "post" event.
type liveEvent struct {
	ID int64 `json:"id"`
	// HTML is the reply as the thread page shows it: an <li> for #posts.
	HTML string `json:"html"`
	// Author is the name to announce; empty for a former member.
	Author string `json:"author"`
	// Replies is the thread's number of replies, for #reply-count.
	Replies int `json:"replies"`
}

// threadLive streams a thread's new replies as Server-Sent Events: first
// those after the client's position (the Last-Event-ID header, or the after
// parameter), then each new one as it is written. A client without a
// position starts now.
func (s *Server) threadLive(w http.ResponseWriter, r *http.Request) {
	// Only EventSource asks for a stream. Anyone else gets the thread page:
	// a person who opens the address, and every visitor of a thread titled
	// "Live", whose canonical address this is too.
	if !strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
		s.threadPage(w, r)
		return
	}
	ctx := r.Context()
	id, err := threadID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, known, err := livePosition(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Subscribe before the first look, so that a reply written in between
	// wakes the loop rather than waiting for the poll.
	var wake <-chan struct{}
	if s.live.events != nil {
		ch, cancel := s.live.events.Subscribe(id)
		defer cancel()
		wake = ch
	}
	viewer := actor(r)
	posts, err := s.store.PostsSince(ctx, viewer, id, after)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !known {
		if n := len(posts); n > 0 {
			after = posts[n-1].ID
		}
		posts = nil
	}

	ls := &liveStream{s: s, w: w, rc: http.NewResponseController(w), threadID: id, after: after,
		viewer: viewer, csrf: s.ensureCSRF(w, r)}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events on at once
	w.WriteHeader(http.StatusOK)
	if err := ls.write(fmt.Sprintf("retry: %d\n\n", liveRetryMS)); err != nil {
		return
	}
	if len(posts) > 0 {
		if err := ls.sendNew(ctx); err != nil {
			s.liveEnds(r, err)
			return
		}
	}

	poll := time.NewTicker(s.live.poll)
	defer poll.Stop()
	heartbeat := time.NewTicker(liveHeartbeat)
	defer heartbeat.Stop()
	maxAge := time.NewTimer(liveMaxAge)
	defer maxAge.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.live.done:
			return
		case <-maxAge.C:
			return
		case <-heartbeat.C:
			// A signed-out session or a suspended account ends the stream.
			if u, err := s.reauthenticate(r); err == nil {
				ls.viewer = u
			} else if s.liveEnds(r, err) {
				return
			}
			if err := ls.write(": ping\n\n"); err != nil {
				return
			}
			continue
		case <-wake:
		case <-poll.C:
		}
		posts, err := s.store.PostsSince(ctx, ls.viewer, id, ls.after)
		if err == nil && len(posts) > 0 {
			err = ls.sendNew(ctx)
		}
		if err != nil && s.liveEnds(r, err) {
			return
		}
	}
}

// livePosition reads the id of the last post the client has.
func livePosition(r *http.Request) (after int64, known bool, err error) {
	v := r.Header.Get("Last-Event-ID")
	if v == "" {
		v = r.URL.Query().Get("after")
	}
	if v == "" {
		return 0, false, nil
	}
	after, err = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || after < 0 {
		return 0, false, praxis.Errorf(praxis.EINVALID, "The position must be the id of a post.")
	}
	return after, true, nil
}

// liveEnds reports whether err ends a stream: the viewer may no longer see
// the thread, or has gone. Anything else is logged and waits for the next
// look.
func (s *Server) liveEnds(r *http.Request, err error) bool {
	if r.Context().Err() != nil || errors.Is(err, errStreamOver) {
		return true
	}
	if code := praxis.ErrorCode(err); code != praxis.EINTERNAL {
		return true
	}
	s.log.Error("live updates", "request_id", state(r).id, "path", r.URL.Path, "err", err)
	return false
}

// reauthenticate reads the request's credentials again, as the middleware
// did when the stream began. Anonymous requests stay anonymous (nil).
func (s *Server) reauthenticate(r *http.Request) (*praxis.User, error) {
	st := state(r)
	switch {
	case st.viaToken:
		token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		return s.store.UserByAPIToken(r.Context(), strings.TrimSpace(token))
	case st.token != "":
		u, _, err := s.store.UserBySession(r.Context(), st.token)
		return u, err
	}
	return nil, nil
}

// errStreamOver ends a stream: a write failed (the client left or stopped
// reading), or a reply could not be rendered (logged where it happened).
var errStreamOver = errors.New("web: the live stream cannot go on")

// liveStream is one client's stream.
type liveStream struct {
	s        *Server
	w        http.ResponseWriter
	rc       *http.ResponseController
	threadID int64
	after    int64 // the last post sent
	viewer   *praxis.User
	csrf     string
}

// write sends text at once. The server's WriteTimeout would cut the
// stream: each write sets its own deadline instead.
func (ls *liveStream) write(text string) error {
	ls.rc.SetWriteDeadline(time.Now().Add(liveWriteWait))
	if _, err := ls.w.Write([]byte(text)); err != nil {
		return errStreamOver
	}
	if err := ls.rc.Flush(); err != nil {
		return errStreamOver
	}
	return nil
}

// sendNew sends the replies after the last one sent. It reads the thread
// page once for the batch: the template needs the viewer's permissions and
// votes as the page has them.
func (ls *liveStream) sendNew(ctx context.Context) error {
	tp, err := ls.s.store.ThreadPage(ctx, ls.viewer, ls.threadID)
	if err != nil {
		return err
	}
	d := threadData{ThreadPage: tp}
	// Rendered with the marker, as render does, so that the posts kept
	// for the page serve here too.
	root := &page{Title: tp.Thread.Title, User: ls.viewer, CSRF: ls.s.marker, Path: tp.Thread.Path(), Nav: "community"}
	pv := d.PostsView()
	var b strings.Builder
	last := ls.after
	for _, p := range tp.Replies {
		if p.ID <= ls.after {
			continue
		}
		frag, err := ls.s.postView(p, pv, root)
		if err != nil {
			ls.s.log.Error("live updates", "thread_id", ls.threadID, "post_id", p.ID, "err", err)
			return errStreamOver
		}
		// JSON.parse reads the data, not an HTML parser: no need to escape <.
		var data bytes.Buffer
		enc := json.NewEncoder(&data)
		enc.SetEscapeHTML(false)
		enc.Encode(liveEvent{ID: p.ID, HTML: "<li>" + strings.ReplaceAll(strings.TrimSpace(string(frag)), ls.s.marker, ls.csrf) + "</li>", Author: p.Author.Name, Replies: len(tp.Replies)})
		fmt.Fprintf(&b, "id: %d\nevent: post\ndata: %s\n\n", p.ID, bytes.TrimSpace(data.Bytes()))
		last = p.ID
	}
	if b.Len() == 0 {
		return nil
	}
	if err := ls.write(b.String()); err != nil {
		return err
	}
	ls.after = last
	return nil
}
