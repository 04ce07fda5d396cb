package sqlstore_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// conversationCast is who takes part in the conversation tests: @alice
// coordinates the public, open community "garden", which @bob, @carol and
// @dave have joined, and the private "vault", which @bob has joined; @frank
// has an account but belongs to neither.
type conversationCast struct {
	admin, alice, bob, carol, dave, frank *praxis.User
	garden, vault                         *praxis.Community
}

func newConversationCast(t *testing.T, db *sqlstore.DB) *conversationCast {
	t.Helper()
	s := &conversationCast{admin: setupAdmin(t, db)}
	s.alice = signUp(t, db, "alice")
	s.bob = signUp(t, db, "bob")
	s.carol = signUp(t, db, "carol")
	s.dave = signUp(t, db, "dave")
	s.frank = signUp(t, db, "frank")
	s.garden = createCommunity(t, db, s.alice, "Garden", praxis.VisibilityPublic, praxis.JoinOpen)
	s.vault = createCommunity(t, db, s.alice, "Vault", praxis.VisibilityPrivate, praxis.JoinInvitation)
	for _, u := range []*praxis.User{s.bob, s.carol, s.dave} {
		join(t, db, nil, u, s.garden.Slug)
	}
	join(t, db, s.alice, s.bob, s.vault.Slug)
	return s
}

// threadInput is the input of a new thread.
func threadInput(kind, title, body string, topics ...string) praxis.ThreadInput {
	return praxis.ThreadInput{Kind: new(kind), Title: new(title), Body: new(body), Topics: topics}
}

// startThread creates a thread whose body says what its title says.
func startThread(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug, kind, title string, topics ...string) *praxis.Thread {
	t.Helper()
	th, err := db.CreateThread(t.Context(), actor, slug, threadInput(kind, title, "About: "+title, topics...))
	if err != nil {
		t.Fatalf("CreateThread(%s, %q) by %s: %v", slug, title, actor.Handle, err)
	}
	return th
}

// addReply replies to a thread.
func addReply(t *testing.T, db *sqlstore.DB, actor *praxis.User, threadID int64, body string) *praxis.Post {
	t.Helper()
	p, err := db.Reply(t.Context(), actor, threadID, body, 0)
	if err != nil {
		t.Fatalf("Reply(%d) by %s: %v", threadID, actor.Handle, err)
	}
	return p
}

// threadPage returns a thread's page as actor sees it.
func threadPage(t *testing.T, db *sqlstore.DB, actor *praxis.User, threadID int64) *praxis.ThreadPage {
	t.Helper()
	tp, err := db.ThreadPage(t.Context(), actor, threadID)
	if err != nil {
		t.Fatalf("ThreadPage(%d): %v", threadID, err)
	}
	return tp
}

// threadNow returns a thread as actor sees it now.
func threadNow(t *testing.T, db *sqlstore.DB, actor *praxis.User, threadID int64) *praxis.Thread {
	t.Helper()
	th, err := db.Thread(t.Context(), actor, threadID)
	if err != nil {
		t.Fatalf("Thread(%d): %v", threadID, err)
	}
	return th
}

// threadTotal counts a community's listed threads as actor sees them.
func threadTotal(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug string) int {
	t.Helper()
	l, err := db.Threads(t.Context(), actor, slug, praxis.ThreadFilter{})
	if err != nil {
		t.Fatalf("Threads(%s): %v", slug, err)
	}
	return l.Total
}

// threadTitles returns the titles of threads, in order.
func threadTitles(ts []*praxis.Thread) []string {
	out := []string{}
	for _, t := range ts {
		out = append(out, t.Title)
	}
	return out
}

// replyIDs returns the ids of a page's replies, in order.
func replyIDs(tp *praxis.ThreadPage) []int64 {
	out := []int64{}
	for _, p := range tp.Replies {
		out = append(out, p.ID)
	}
	return out
}

// findReply returns the reply with the id on a thread page.
func findReply(t *testing.T, tp *praxis.ThreadPage, id int64) *praxis.Post {
	t.Helper()
	for _, p := range tp.Replies {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("thread %d: no reply %d among %v", tp.Thread.ID, id, replyIDs(tp))
	return nil
}

func TestCreateThread(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		body := "My sensor prints this:\n\n```go\nfmt.Println(\"<b>42</b>\")\n```\n\n" +
			"| pH | Soil |\n|----|------|\n| 6.5 | loam |\n\n<script>alert(1)</script>\n\nWhat does it mean?\n"
		th, err := db.CreateThread(ctx, s.bob, s.garden.Slug, threadInput(praxis.KindQuestion, "  Reading a soil sensor  ", body))
		if err != nil {
			t.Fatalf("CreateThread: %v", err)
		}
		if th.Title != "Reading a soil sensor" || th.Kind != praxis.KindQuestion || th.Status != praxis.ThreadOpen ||
			th.Author.Handle != "bob" || th.CommunitySlug != s.garden.Slug || th.ReplyCount != 0 || th.Pinned || th.PinnedUntil != nil ||
			!th.CreatedAt.Equal(clock.T) || !th.LastActivityAt.Equal(clock.T) {
			t.Errorf("CreateThread = %+v; want bob's open question titled without spaces, created now, not pinned", th)
		}
		if !strings.HasPrefix(th.Excerpt, "My sensor prints this: fmt.Println") || strings.Contains(th.Excerpt, "```") || strings.Contains(th.Excerpt, "alert") {
			t.Errorf("Excerpt = %q; want the plain text of the rendered body", th.Excerpt)
		}

		tp := threadPage(t, db, s.carol, th.ID)
		op := tp.Opening
		if op.Source != strings.TrimSpace(body) || !op.Opening || op.Revision != 1 || op.Author.Handle != "bob" || len(tp.Replies) != 0 {
			t.Errorf("Opening = %+v with %d replies; want bob's markdown as written, revision 1, no replies", op, len(tp.Replies))
		}
		for _, want := range []string{`<pre><code class="language-go">`, "&lt;b&gt;42&lt;/b&gt;", "<table>", "<th>pH</th>", "<td>loam</td>", "What does it mean?"} {
			if !strings.Contains(op.HTML, want) {
				t.Errorf("Opening HTML = %q; want it to contain %q", op.HTML, want)
			}
		}
		if strings.Contains(strings.ToLower(op.HTML), "<script") {
			t.Errorf("Opening HTML = %q; want no <script>", op.HTML)
		}
		if bp := threadPage(t, db, s.bob, th.ID); !bp.Following || !bp.CanAccept || bp.CanModerate {
			t.Errorf("ThreadPage as the asker: following %v, can accept %v, can moderate %v; want true, true, false",
				bp.Following, bp.CanAccept, bp.CanModerate)
		}
		if tp.Following || tp.CanAccept {
			t.Errorf("ThreadPage as another member: following %v, can accept %v; want false, false", tp.Following, tp.CanAccept)
		}

		question := func(title, body string) praxis.ThreadInput {
			return threadInput(praxis.KindQuestion, title, body)
		}
		tests := []struct {
			name   string
			actor  *praxis.User
			slug   string
			in     praxis.ThreadInput
			code   string
			fields []string
		}{
			{"anonymous", nil, s.garden.Slug, question("Where is the compost?", "Body"), praxis.EUNAUTHORIZED, nil},
			{"non-member of a public community", s.frank, s.garden.Slug, question("Where is the compost?", "Body"), praxis.EFORBIDDEN, nil},
			{"non-member of a private community", s.frank, s.vault.Slug, question("Where is the compost?", "Body"), praxis.ENOTFOUND, nil},
			{"missing community", s.bob, "no-such-community", question("Where is the compost?", "Body"), praxis.ENOTFOUND, nil},
			{"announcement by a member", s.bob, s.garden.Slug, threadInput(praxis.KindAnnouncement, "We meet on Friday", "Body"),
				praxis.EFORBIDDEN, []string{"kind"}},
			{"unknown kind", s.bob, s.garden.Slug, threadInput("poll", "Which tomato?", "Body"), praxis.EINVALID, []string{"kind"}},
			{"empty title", s.bob, s.garden.Slug, question("   ", "Body"), praxis.EINVALID, []string{"title"}},
			{"3-character title", s.bob, s.garden.Slug, question("Why", "Body"), praxis.EINVALID, []string{"title"}},
			{"201-character title", s.bob, s.garden.Slug, question(strings.Repeat("a", 201), "Body"), praxis.EINVALID, []string{"title"}},
			{"empty body", s.bob, s.garden.Slug, question("Where is the compost?", " \n\t "), praxis.EINVALID, []string{"body"}},
			{"60,001-character body", s.bob, s.garden.Slug, question("Where is the compost?", strings.Repeat("x", 60001)),
				praxis.EINVALID, []string{"body"}},
			{"title and body both wrong", s.bob, s.garden.Slug, question("", ""), praxis.EINVALID, []string{"title", "body"}},
			{"6 topics", s.bob, s.garden.Slug, threadInput(praxis.KindQuestion, "Where is the compost?", "Body", "a", "b", "c", "d", "e", "f"),
				praxis.EINVALID, []string{"topics"}},
			{"8-character title", s.bob, s.garden.Slug, question("Why kale", "Body"), "", nil},
			{"200-character title", s.bob, s.garden.Slug, question(strings.Repeat("b", 200), "Body"), "", nil},
			{"60,000-character body", s.bob, s.garden.Slug, question("A long story of soil", strings.Repeat("y", 60000)), "", nil},
			{"discussion", s.carol, s.garden.Slug, threadInput(praxis.KindDiscussion, "Let us talk about rain", "Body"), "", nil},
			{"member of a private community", s.bob, s.vault.Slug, question("Where is the key?", "Body"), "", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := 0
				if tt.slug != "no-such-community" {
					before = threadTotal(t, db, s.admin, tt.slug)
				}
				got, err := db.CreateThread(t.Context(), tt.actor, tt.slug, tt.in)
				wantCode(t, "CreateThread", err, tt.code)
				if tt.fields != nil {
					wantFields(t, "CreateThread", err, tt.fields...)
				}
				if tt.slug == "no-such-community" {
					return
				}
				want := before
				if tt.code == "" {
					want++
					if got.ID == 0 || got.Title != strings.TrimSpace(*tt.in.Title) {
						t.Errorf("CreateThread = %+v; want a stored thread titled %q", got, *tt.in.Title)
					}
				}
				if after := threadTotal(t, db, s.admin, tt.slug); after != want {
					t.Errorf("Threads(%s).Total = %d after CreateThread; want %d", tt.slug, after, want)
				}
			})
		}
	})
}

func TestCreateThreadAnnouncement(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		tests := []struct {
			name        string
			pinnedUntil *string
			want        time.Time
		}{
			{"default pin", nil, clock.T.Add(praxis.AnnouncementDays * 24 * time.Hour)},
			{"empty date", new(""), clock.T.Add(praxis.AnnouncementDays * 24 * time.Hour)},
			{"until a date", new("2026-03-20"), time.Date(2026, 3, 21, 0, 0, 0, 0, time.UTC)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := threadInput(praxis.KindAnnouncement, "Seed swap on "+tt.name, "Bring seeds.")
				in.PinnedUntil = tt.pinnedUntil
				th, err := db.CreateThread(t.Context(), s.alice, s.garden.Slug, in)
				if err != nil {
					t.Fatalf("CreateThread: %v", err)
				}
				if !th.Pinned || th.PinnedUntil == nil || !th.PinnedUntil.Equal(tt.want) {
					t.Errorf("CreateThread: pinned %v until %v; want pinned until %v", th.Pinned, th.PinnedUntil, tt.want)
				}
				got := threadNow(t, db, s.bob, th.ID)
				if !got.Pinned || got.PinnedUntil == nil || !got.PinnedUntil.Equal(tt.want) || got.Kind != praxis.KindAnnouncement {
					t.Errorf("Thread: %s pinned %v until %v; want an announcement pinned until %v", got.Kind, got.Pinned, got.PinnedUntil, tt.want)
				}
			})
		}
		in := threadInput(praxis.KindAnnouncement, "Seed swap with a bad date", "Bring seeds.")
		in.PinnedUntil = new("next friday")
		_, err := db.CreateThread(ctx, s.alice, s.garden.Slug, in)
		wantCode(t, "CreateThread with a bad date", err, praxis.EINVALID)
		wantFields(t, "CreateThread with a bad date", err, "pinned_until")

		pinned, err := db.Pinned(ctx, s.bob, s.garden.Slug)
		if err != nil || len(pinned) != 3 {
			t.Fatalf("Pinned = %v, %v; want the 3 announcements", threadTitles(pinned), err)
		}
		clock.Add(25 * 24 * time.Hour) // past the 20th of March, before the 1st of April
		pinned, err = db.Pinned(ctx, s.bob, s.garden.Slug)
		if err != nil || len(pinned) != 2 {
			t.Errorf("Pinned after the 20th = %v, %v; want the 2 announcements with the default pin", threadTitles(pinned), err)
		}
	})
}

func TestThreadTopics(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		byCoordinator := startThread(t, db, s.alice, s.garden.Slug, praxis.KindDiscussion, "Our soil this year", " Soil ", "#Compost", "soil")
		byMember := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Worms in clay soil?", "SOIL", "Worm  Farming")
		startThread(t, db, s.carol, s.garden.Slug, praxis.KindQuestion, "No topic at all here")

		for _, tt := range []struct {
			th   *praxis.Thread
			want []string
		}{
			{byCoordinator, []string{"compost", "soil"}},
			{byMember, []string{"soil", "worm-farming"}},
		} {
			if !slices.Equal(tt.th.Topics, tt.want) {
				t.Errorf("CreateThread(%q).Topics = %v; want %v", tt.th.Title, tt.th.Topics, tt.want)
			}
			if got := threadNow(t, db, s.carol, tt.th.ID).Topics; !slices.Equal(got, tt.want) {
				t.Errorf("Thread(%q).Topics = %v; want %v", tt.th.Title, got, tt.want)
			}
		}

		want := []praxis.Topic{
			{Name: "soil", Approved: true, ThreadCount: 2},
			{Name: "compost", Approved: true, ThreadCount: 1},
			{Name: "worm-farming", Approved: false, ThreadCount: 1},
		}
		checkTopics := func(t *testing.T, actor *praxis.User, want []praxis.Topic) {
			t.Helper()
			got, err := db.Topics(t.Context(), actor, s.garden.Slug)
			if err != nil {
				t.Fatalf("Topics: %v", err)
			}
			var gotv []praxis.Topic
			for _, tp := range got {
				gotv = append(gotv, *tp)
			}
			if !slices.Equal(gotv, want) {
				t.Errorf("Topics = %+v; want %+v", gotv, want)
			}
		}
		for _, actor := range []*praxis.User{nil, s.frank, s.bob} {
			checkTopics(t, actor, want)
		}
		_, err := db.Topics(ctx, s.frank, s.vault.Slug)
		wantCode(t, "Topics of a private community for a non-member", err, praxis.ENOTFOUND)

		// A member proposes; only a coordinator approves.
		got, err := db.SaveTopic(ctx, s.bob, s.garden.Slug, praxis.Topic{Name: "Tools", Description: "Spades and forks.", Approved: true})
		if err != nil || got.Approved || got.Name != "tools" {
			t.Fatalf("SaveTopic by a member = %+v, %v; want an unapproved topic named tools", got, err)
		}
		_, err = db.SaveTopic(ctx, s.bob, s.garden.Slug, praxis.Topic{Name: "worm-farming", Approved: true})
		wantCode(t, "SaveTopic approving by a member", err, "")
		_, err = db.SaveTopic(ctx, s.frank, s.garden.Slug, praxis.Topic{Name: "spam"})
		wantCode(t, "SaveTopic by a non-member", err, praxis.EFORBIDDEN)
		_, err = db.SaveTopic(ctx, s.bob, s.garden.Slug, praxis.Topic{Name: "  "})
		wantCode(t, "SaveTopic without a name", err, praxis.EINVALID)
		if _, err := db.SaveTopic(ctx, s.alice, s.garden.Slug, praxis.Topic{Name: "Worm farming", Description: "Vermicompost.", Approved: true}); err != nil {
			t.Fatalf("SaveTopic by the coordinator: %v", err)
		}
		checkTopics(t, s.bob, []praxis.Topic{
			{Name: "soil", Approved: true, ThreadCount: 2},
			{Name: "compost", Approved: true, ThreadCount: 1},
			{Name: "worm-farming", Description: "Vermicompost.", Approved: true, ThreadCount: 1},
			{Name: "tools", Description: "Spades and forks.", Approved: false, ThreadCount: 0},
		})
	})
}

func TestReply(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		q := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Why are my tomatoes split?")
		other := startThread(t, db, s.carol, s.garden.Slug, praxis.KindDiscussion, "Watering schedules")
		otherReply := addReply(t, db, s.dave, other.ID, "Every morning.")
		otherOpening := threadPage(t, db, s.carol, other.ID).Opening
		created := q.CreatedAt

		clock.Add(time.Hour)
		p, err := db.Reply(ctx, s.carol, q.ID, "  Irregular **watering**.  ", 0)
		if err != nil {
			t.Fatalf("Reply: %v", err)
		}
		if p.ID == 0 || p.ThreadID != q.ID || p.Opening || p.Author.Handle != "carol" || p.Source != "Irregular **watering**." ||
			!strings.Contains(p.HTML, "<strong>watering</strong>") || p.Revision != 1 || !p.CreatedAt.Equal(clock.T) {
			t.Errorf("Reply = %+v; want carol's rendered reply, revision 1, created now", p)
		}
		got := threadNow(t, db, s.bob, q.ID)
		if got.ReplyCount != 1 || !got.LastActivityAt.Equal(clock.T) || !got.CreatedAt.Equal(created) {
			t.Errorf("Thread after Reply: %d replies, last activity %v, created %v; want 1, %v, %v",
				got.ReplyCount, got.LastActivityAt, got.CreatedAt, clock.T, created)
		}
		if !threadPage(t, db, s.carol, q.ID).Following {
			t.Errorf("ThreadPage as the replier: not following; want following")
		}

		clock.Add(time.Hour)
		nested, err := db.Reply(ctx, s.dave, q.ID, "Agreed with carol.", p.ID)
		if err != nil || nested.ReplyToID != p.ID {
			t.Fatalf("Reply to a reply = %+v, %v; want reply_to %d", nested, err, p.ID)
		}
		got = threadNow(t, db, s.bob, q.ID)
		if got.ReplyCount != 2 || !got.LastActivityAt.Equal(clock.T) {
			t.Errorf("Thread after 2 replies: %d replies, last activity %v; want 2, %v", got.ReplyCount, got.LastActivityAt, clock.T)
		}
		if tp := threadPage(t, db, s.bob, q.ID); !slices.Equal(replyIDs(tp), []int64{p.ID, nested.ID}) || tp.Replies[1].ReplyToID != p.ID {
			t.Errorf("ThreadPage replies = %v; want [%d %d], the second replying to the first", replyIDs(tp), p.ID, nested.ID)
		}
		since, err := db.PostsSince(ctx, s.frank, q.ID, p.ID)
		if err != nil || len(since) != 1 || since[0].ID != nested.ID {
			t.Errorf("PostsSince(%d) = %v, %v; want only reply %d", p.ID, since, err, nested.ID)
		}

		tests := []struct {
			name    string
			actor   *praxis.User
			thread  int64
			body    string
			replyTo int64
			code    string
		}{
			{"anonymous", nil, q.ID, "Hello", 0, praxis.EUNAUTHORIZED},
			{"non-member of a public community", s.frank, q.ID, "Hello", 0, praxis.EFORBIDDEN},
			{"missing thread", s.carol, 999999, "Hello", 0, praxis.ENOTFOUND},
			{"empty body", s.carol, q.ID, "  \n ", 0, praxis.EINVALID},
			{"60,001 characters", s.carol, q.ID, strings.Repeat("z", 60001), 0, praxis.EINVALID},
			{"reply to a post of another thread", s.carol, q.ID, "Hello", otherReply.ID, praxis.EINVALID},
			{"reply to the opening post of another thread", s.carol, q.ID, "Hello", otherOpening.ID, praxis.EINVALID},
			{"reply to a missing post", s.carol, q.ID, "Hello", 999999, praxis.EINVALID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.Reply(t.Context(), tt.actor, tt.thread, tt.body, tt.replyTo)
				wantCode(t, "Reply", err, tt.code)
				for _, th := range []struct {
					id      int64
					replies []int64
				}{{q.ID, []int64{p.ID, nested.ID}}, {other.ID, []int64{otherReply.ID}}} {
					tp := threadPage(t, db, s.alice, th.id)
					if !slices.Equal(replyIDs(tp), th.replies) || tp.Thread.ReplyCount != len(th.replies) {
						t.Errorf("thread %d after a refused reply: replies %v, reply count %d; want %v", th.id, replyIDs(tp), tp.Thread.ReplyCount, th.replies)
					}
				}
			})
		}
	})
}

func TestReplyLockedOrClosed(t *testing.T) {
	states := []struct {
		name      string
		set, undo praxis.ThreadState
	}{
		{"locked", praxis.ThreadState{Locked: new(true)}, praxis.ThreadState{Locked: new(false)}},
		{"closed", praxis.ThreadState{Status: new(praxis.ThreadClosed)}, praxis.ThreadState{Status: new(praxis.ThreadOpen)}},
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		for _, st := range states {
			t.Run(st.name, func(t *testing.T) {
				ctx := t.Context()
				th := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "A question to be "+st.name)
				if _, err := db.SetThreadState(ctx, s.alice, th.ID, st.set); err != nil {
					t.Fatalf("SetThreadState: %v", err)
				}
				for _, u := range []*praxis.User{s.bob, s.carol} {
					_, err := db.Reply(ctx, u, th.ID, "Still here?", 0)
					wantCode(t, "Reply by "+u.Handle, err, praxis.EFORBIDDEN)
				}
				if _, err := db.Reply(ctx, s.alice, th.ID, "A last word from the coordinator.", 0); err != nil {
					t.Errorf("Reply by the coordinator: %v", err)
				}
				if got := threadNow(t, db, s.bob, th.ID).ReplyCount; got != 1 {
					t.Errorf("ReplyCount = %d; want 1", got)
				}
				if _, err := db.SetThreadState(ctx, s.alice, th.ID, st.undo); err != nil {
					t.Fatalf("SetThreadState undo: %v", err)
				}
				if _, err := db.Reply(ctx, s.carol, th.ID, "Back again.", 0); err != nil {
					t.Errorf("Reply after undoing: %v", err)
				}
			})
		}
	})
}

func TestAccept(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		q := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "How deep to plant garlic?")
		byCarol := addReply(t, db, s.carol, q.ID, "Five centimetres.")
		byDave := addReply(t, db, s.dave, q.ID, "Twice the clove's height.")
		opening := threadPage(t, db, s.bob, q.ID).Opening
		otherQ := startThread(t, db, s.carol, s.garden.Slug, praxis.KindQuestion, "When to harvest garlic?")
		otherReply := addReply(t, db, s.bob, otherQ.ID, "When the leaves yellow.")
		d := startThread(t, db, s.bob, s.garden.Slug, praxis.KindDiscussion, "Garlic varieties we like")
		dReply := addReply(t, db, s.carol, d.ID, "Rose de Lautrec.")

		wantAccepted := func(t *testing.T, what string, status string, accepted int64) {
			t.Helper()
			got := threadNow(t, db, s.dave, q.ID)
			if got.Status != status || got.AcceptedPostID != accepted {
				t.Errorf("%s: thread status %q, accepted %d; want %q, %d", what, got.Status, got.AcceptedPostID, status, accepted)
			}
			for _, r := range threadPage(t, db, s.dave, q.ID).Replies {
				if r.Accepted != (r.ID == accepted) {
					t.Errorf("%s: reply %d accepted = %v; want %v", what, r.ID, r.Accepted, r.ID == accepted)
				}
			}
		}

		refusals := []struct {
			name   string
			actor  *praxis.User
			thread int64
			post   int64
			code   string
		}{
			{"anonymous", nil, q.ID, byCarol.ID, praxis.EUNAUTHORIZED},
			{"non-member", s.frank, q.ID, byCarol.ID, praxis.EFORBIDDEN},
			{"another member", s.dave, q.ID, byCarol.ID, praxis.EFORBIDDEN},
			{"the answerer", s.carol, q.ID, byCarol.ID, praxis.EFORBIDDEN},
			{"a reply of another thread", s.bob, q.ID, otherReply.ID, praxis.EINVALID},
			{"a missing post", s.bob, q.ID, 999999, praxis.EINVALID},
			{"the opening post", s.bob, q.ID, opening.ID, praxis.EINVALID},
			{"a missing thread", s.bob, 999999, byCarol.ID, praxis.ENOTFOUND},
			{"a reply to a discussion", s.bob, d.ID, dReply.ID, praxis.EINVALID},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.Accept(t.Context(), tt.actor, tt.thread, tt.post)
				wantCode(t, "Accept", err, tt.code)
				wantAccepted(t, "after a refused Accept", praxis.ThreadOpen, 0)
				if got := threadNow(t, db, s.bob, d.ID); got.Status != praxis.ThreadOpen || got.AcceptedPostID != 0 {
					t.Errorf("discussion after a refused Accept: status %q, accepted %d; want open, 0", got.Status, got.AcceptedPostID)
				}
			})
		}
		if tp := threadPage(t, db, s.dave, q.ID); tp.CanAccept {
			t.Errorf("ThreadPage as another member: CanAccept; want not")
		}
		if tp := threadPage(t, db, s.alice, q.ID); !tp.CanAccept {
			t.Errorf("ThreadPage as the coordinator: not CanAccept; want CanAccept")
		}

		steps := []struct {
			name     string
			actor    *praxis.User
			post     int64
			status   string
			accepted int64
		}{
			{"the asker accepts", s.bob, byCarol.ID, praxis.ThreadSolved, byCarol.ID},
			{"the coordinator accepts another answer", s.alice, byDave.ID, praxis.ThreadSolved, byDave.ID},
			{"accepting it again unaccepts it", s.bob, byDave.ID, praxis.ThreadOpen, 0},
			{"the asker accepts again", s.bob, byCarol.ID, praxis.ThreadSolved, byCarol.ID},
		}
		for _, st := range steps {
			got, err := db.Accept(ctx, st.actor, q.ID, st.post)
			if err != nil {
				t.Fatalf("%s: Accept: %v", st.name, err)
			}
			if got.Status != st.status || got.AcceptedPostID != st.accepted {
				t.Errorf("%s: Accept = status %q, accepted %d; want %q, %d", st.name, got.Status, got.AcceptedPostID, st.status, st.accepted)
			}
			wantAccepted(t, st.name, st.status, st.accepted)
		}
		solved, err := db.Threads(ctx, s.dave, s.garden.Slug, praxis.ThreadFilter{Status: praxis.FilterSolved})
		if err != nil || !slices.Equal(threadTitles(solved.Threads), []string{q.Title}) {
			t.Errorf("Threads(solved) = %v, %v; want [%q]", threadTitles(solved.Threads), err, q.Title)
		}

		// Deleting the accepted answer reopens the question.
		if err := db.DeletePost(ctx, s.carol, byCarol.ID); err != nil {
			t.Fatalf("DeletePost: %v", err)
		}
		wantAccepted(t, "after deleting the accepted answer", praxis.ThreadOpen, 0)
		if got := threadNow(t, db, s.bob, q.ID).ReplyCount; got != 1 {
			t.Errorf("ReplyCount after deleting the accepted answer = %d; want 1", got)
		}
		_, err = db.Accept(ctx, s.bob, q.ID, byCarol.ID)
		wantCode(t, "Accept a deleted answer", err, praxis.EINVALID)
		wantAccepted(t, "after accepting a deleted answer", praxis.ThreadOpen, 0)
	})
}

// TestAcceptKeepsClosed checks that an accepted answer does not undo a
// coordinator's closing: accepting, unaccepting or deleting the accepted
// answer leaves a closed question closed, and reopening it shows whether
// it is solved.
func TestAcceptKeepsClosed(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		q := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Is this mushroom edible?")
		r := addReply(t, db, s.carol, q.ID, "Ask an expert in person.")
		closed := praxis.ThreadState{Status: new(praxis.ThreadClosed)}
		if _, err := db.SetThreadState(ctx, s.alice, q.ID, closed); err != nil {
			t.Fatalf("SetThreadState(closed): %v", err)
		}

		steps := []struct {
			name     string
			do       func() error
			status   string
			accepted int64
		}{
			{"accept on a closed question", func() error { _, err := db.Accept(ctx, s.bob, q.ID, r.ID); return err }, praxis.ThreadClosed, r.ID},
			{"unaccept on a closed question", func() error { _, err := db.Accept(ctx, s.bob, q.ID, r.ID); return err }, praxis.ThreadClosed, 0},
			{"accept again", func() error { _, err := db.Accept(ctx, s.bob, q.ID, r.ID); return err }, praxis.ThreadClosed, r.ID},
			{"reopen", func() error {
				_, err := db.SetThreadState(ctx, s.alice, q.ID, praxis.ThreadState{Status: new(praxis.ThreadOpen)})
				return err
			}, praxis.ThreadSolved, r.ID},
			{"close", func() error { _, err := db.SetThreadState(ctx, s.alice, q.ID, closed); return err }, praxis.ThreadClosed, r.ID},
			{"delete the accepted answer", func() error { return db.DeletePost(ctx, s.carol, r.ID) }, praxis.ThreadClosed, 0},
		}
		for _, st := range steps {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			got := threadNow(t, db, s.bob, q.ID)
			if got.Status != st.status || got.AcceptedPostID != st.accepted {
				t.Errorf("%s: status %q, accepted %d; want %q, %d", st.name, got.Status, got.AcceptedPostID, st.status, st.accepted)
			}
		}
		_, err := db.Reply(ctx, s.dave, q.ID, "Can I still answer?", 0)
		wantCode(t, "Reply to the closed question", err, praxis.EFORBIDDEN)
	})
}

func TestVote(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		q := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Best mulch for strawberries?")
		r := addReply(t, db, s.carol, q.ID, "Straw, as the name says.")
		opening := threadPage(t, db, s.bob, q.ID).Opening

		want := func(t *testing.T, what string, viewer *praxis.User, helpful, threadHelpful int, votedByViewer bool) {
			t.Helper()
			tp := threadPage(t, db, viewer, q.ID)
			got := findReply(t, tp, r.ID)
			if got.Helpful != helpful || got.VotedByMe != votedByViewer || tp.Thread.HelpfulCount != threadHelpful {
				t.Errorf("%s: reply helpful %d, voted by %s %v, thread helpful %d; want %d, %v, %d",
					what, got.Helpful, viewer.Handle, got.VotedByMe, tp.Thread.HelpfulCount, helpful, votedByViewer, threadHelpful)
			}
		}

		p, err := db.Vote(ctx, s.dave, r.ID, true)
		if err != nil || p.Helpful != 1 || !p.VotedByMe {
			t.Fatalf("Vote = %+v, %v; want 1 helpful, voted by me", p, err)
		}
		want(t, "after dave's vote", s.dave, 1, 1, true)
		want(t, "after dave's vote", s.bob, 1, 1, false)

		refusals := []struct {
			name    string
			actor   *praxis.User
			post    int64
			helpful bool
			code    string
		}{
			{"a second vote", s.dave, r.ID, true, praxis.ECONFLICT},
			{"one's own post", s.carol, r.ID, true, praxis.EFORBIDDEN},
			{"a non-member of a public community", s.frank, r.ID, true, praxis.EFORBIDDEN},
			{"anonymous", nil, r.ID, true, praxis.EUNAUTHORIZED},
			{"a missing post", s.dave, 999999, true, praxis.ENOTFOUND},
			{"withdrawing a vote never cast", s.alice, r.ID, false, praxis.ENOTFOUND},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.Vote(t.Context(), tt.actor, tt.post, tt.helpful)
				wantCode(t, "Vote", err, tt.code)
				want(t, "after a refused vote", s.dave, 1, 1, true)
			})
		}

		if _, err := db.Vote(ctx, s.bob, r.ID, true); err != nil {
			t.Fatalf("Vote by bob: %v", err)
		}
		if _, err := db.Vote(ctx, s.dave, opening.ID, true); err != nil {
			t.Fatalf("Vote for the opening post: %v", err)
		}
		want(t, "after three votes", s.bob, 2, 3, true)

		p, err = db.Vote(ctx, s.dave, r.ID, false)
		if err != nil || p.Helpful != 1 || p.VotedByMe {
			t.Fatalf("Vote(withdraw) = %+v, %v; want 1 helpful, not voted by me", p, err)
		}
		want(t, "after dave withdrew", s.dave, 1, 2, false)
		if _, err := db.Vote(ctx, s.dave, r.ID, true); err != nil {
			t.Errorf("Vote after withdrawing: %v", err)
		}
		want(t, "after dave voted again", s.dave, 2, 3, true)
	})
}

func TestEditPost(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		q := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Compost for clay soil?")
		r := addReply(t, db, s.carol, q.ID, "Use compost.")
		opening := threadPage(t, db, s.bob, q.ID).Opening

		clock.Add(time.Minute)
		p, err := db.EditPost(ctx, s.carol, r.ID, praxis.ThreadInput{Body: new("Use *well-rotted* compost.")}, "  more precise ")
		if err != nil {
			t.Fatalf("EditPost by the author: %v", err)
		}
		if p.Revision != 2 || p.Source != "Use *well-rotted* compost." || !strings.Contains(p.HTML, "<em>well-rotted</em>") ||
			p.EditedAt == nil || !p.EditedAt.Equal(clock.T) {
			t.Errorf("EditPost = %+v; want revision 2 with the new text, rendered, edited now", p)
		}
		revs, err := db.PostRevisions(ctx, s.dave, r.ID)
		if err != nil {
			t.Fatalf("PostRevisions: %v", err)
		}
		type rev struct {
			Number                         int
			Author, Title, Source, Summary string
		}
		revisions := func(rs []*praxis.PostRevision) []rev {
			out := []rev{}
			for _, r := range rs {
				out = append(out, rev{r.Number, r.Author.Handle, r.Title, r.Source, r.Summary})
			}
			return out
		}
		wantRevs := []rev{
			{2, "carol", "", "Use *well-rotted* compost.", "more precise"},
			{1, "carol", "", "Use compost.", ""},
		}
		if got := revisions(revs); !slices.Equal(got, wantRevs) {
			t.Errorf("PostRevisions = %+v; want %+v", got, wantRevs)
		}
		if tp := threadPage(t, db, s.dave, q.ID); findReply(t, tp, r.ID).Source != "Use *well-rotted* compost." {
			t.Errorf("ThreadPage after EditPost: reply source %q; want the new text", findReply(t, tp, r.ID).Source)
		}

		refusals := []struct {
			name   string
			actor  *praxis.User
			post   int64
			in     praxis.ThreadInput
			code   string
			fields []string
		}{
			{"anonymous", nil, r.ID, praxis.ThreadInput{Body: new("Mine now")}, praxis.EUNAUTHORIZED, nil},
			{"another member", s.dave, r.ID, praxis.ThreadInput{Body: new("Mine now")}, praxis.EFORBIDDEN, nil},
			{"the asker on a reply", s.bob, r.ID, praxis.ThreadInput{Body: new("Mine now")}, praxis.EFORBIDDEN, nil},
			{"a non-member", s.frank, r.ID, praxis.ThreadInput{Body: new("Mine now")}, praxis.EFORBIDDEN, nil},
			{"a missing post", s.carol, 999999, praxis.ThreadInput{Body: new("Mine now")}, praxis.ENOTFOUND, nil},
			{"a title on a reply", s.carol, r.ID, praxis.ThreadInput{Title: new("A reply with a title")}, praxis.EINVALID, nil},
			{"topics on a reply", s.carol, r.ID, praxis.ThreadInput{Topics: []string{"soil"}}, praxis.EINVALID, nil},
			{"an empty body", s.carol, r.ID, praxis.ThreadInput{Body: new("  ")}, praxis.EINVALID, []string{"body"}},
			{"a short title", s.bob, opening.ID, praxis.ThreadInput{Title: new("Clay")}, praxis.EINVALID, []string{"title"}},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.EditPost(t.Context(), tt.actor, tt.post, tt.in, "")
				wantCode(t, "EditPost", err, tt.code)
				if tt.fields != nil {
					wantFields(t, "EditPost", err, tt.fields...)
				}
				for post, latest := range map[int64]int{r.ID: 2, opening.ID: 1} {
					if revs, err := db.PostRevisions(t.Context(), s.dave, post); err != nil || len(revs) != latest {
						t.Errorf("PostRevisions(%d) after a refused edit = %+v, %v; want %d", post, revisions(revs), err, latest)
					}
				}
				if got := threadNow(t, db, s.dave, q.ID); got.Title != q.Title || len(got.Topics) != 0 {
					t.Errorf("Thread after a refused edit: title %q, topics %v; want %q, none", got.Title, got.Topics, q.Title)
				}
			})
		}

		// A coordinator may edit anyone's post.
		clock.Add(time.Minute)
		if p, err = db.EditPost(ctx, s.alice, r.ID, praxis.ThreadInput{Body: new("Use well-rotted compost, and be patient.")}, "moderated"); err != nil {
			t.Fatalf("EditPost by the coordinator: %v", err)
		}
		revs, err = db.PostRevisions(ctx, s.carol, r.ID)
		if err != nil || p.Revision != 3 || len(revs) != 3 || revs[0].Author.Handle != "alice" || revs[0].Summary != "moderated" {
			t.Errorf("after the coordinator's edit: revision %d, revisions %+v, %v; want revision 3 by alice", p.Revision, revisions(revs), err)
		}

		// Saving the same text makes no revision.
		p, err = db.EditPost(ctx, s.carol, r.ID, praxis.ThreadInput{Body: new("\n Use well-rotted compost, and be patient. \n")}, "nothing")
		if err != nil || p.Revision != 3 {
			t.Errorf("EditPost with the same text = revision %d, %v; want revision 3", p.Revision, err)
		}
		if revs, err := db.PostRevisions(ctx, s.carol, r.ID); err != nil || len(revs) != 3 {
			t.Errorf("PostRevisions after an unchanged edit = %+v, %v; want 3", revisions(revs), err)
		}

		// Editing the opening post's title renames the thread.
		p, err = db.EditPost(ctx, s.bob, opening.ID, praxis.ThreadInput{Title: new("  Compost for heavy clay soil  "), Topics: []string{"Clay"}}, "clearer title")
		if err != nil || p.Revision != 2 || p.Source != opening.Source {
			t.Fatalf("EditPost of the opening title = %+v, %v; want revision 2, same body", p, err)
		}
		got := threadNow(t, db, s.dave, q.ID)
		if got.Title != "Compost for heavy clay soil" || !slices.Equal(got.Topics, []string{"clay"}) {
			t.Errorf("Thread after editing its title: %q with topics %v; want %q with [clay]", got.Title, got.Topics, "Compost for heavy clay soil")
		}
		revs, err = db.PostRevisions(ctx, s.dave, opening.ID)
		wantRevs = []rev{
			{2, "bob", "Compost for heavy clay soil", opening.Source, "clearer title"},
			{1, "bob", "Compost for clay soil?", opening.Source, ""},
		}
		if got := revisions(revs); err != nil || !slices.Equal(got, wantRevs) {
			t.Errorf("PostRevisions of the opening post = %+v, %v; want %+v", got, err, wantRevs)
		}
	})
}

func TestDeletePost(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		q := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Aphids on the roses", "roses")
		keep := startThread(t, db, s.carol, s.garden.Slug, praxis.KindDiscussion, "Roses we grow", "roses")
		r1 := addReply(t, db, s.carol, q.ID, "Soapy water.")
		r2 := addReply(t, db, s.dave, q.ID, "Ladybirds.")
		if _, err := db.Vote(ctx, s.bob, r1.ID, true); err != nil {
			t.Fatalf("Vote: %v", err)
		}

		refusals := []struct {
			name  string
			actor *praxis.User
			post  int64
			code  string
		}{
			{"anonymous", nil, r1.ID, praxis.EUNAUTHORIZED},
			{"another member", s.dave, r1.ID, praxis.EFORBIDDEN},
			{"the asker", s.bob, r1.ID, praxis.EFORBIDDEN},
			{"a non-member", s.frank, r1.ID, praxis.EFORBIDDEN},
			{"a missing post", s.carol, 999999, praxis.ENOTFOUND},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				wantCode(t, "DeletePost", db.DeletePost(t.Context(), tt.actor, tt.post), tt.code)
				if tp := threadPage(t, db, s.dave, q.ID); findReply(t, tp, r1.ID).Deleted || tp.Thread.ReplyCount != 2 {
					t.Errorf("after a refused DeletePost: reply deleted %v, %d replies; want not deleted, 2", findReply(t, tp, r1.ID).Deleted, tp.Thread.ReplyCount)
				}
			})
		}

		if err := db.DeletePost(ctx, s.carol, r1.ID); err != nil {
			t.Fatalf("DeletePost by the author: %v", err)
		}
		if err := db.DeletePost(ctx, s.carol, r1.ID); err != nil {
			t.Errorf("DeletePost again: %v; want no error", err)
		}
		for _, viewer := range []*praxis.User{nil, s.dave, s.carol, s.alice} {
			tp, err := db.ThreadPage(ctx, viewer, q.ID)
			if err != nil {
				t.Fatalf("ThreadPage: %v", err)
			}
			if !slices.Equal(replyIDs(tp), []int64{r1.ID, r2.ID}) {
				t.Fatalf("ThreadPage replies = %v; want [%d %d], the tombstone kept in place", replyIDs(tp), r1.ID, r2.ID)
			}
			if got := tp.Replies[0]; !got.Deleted || got.Source != "" || got.HTML != "" {
				t.Errorf("deleted reply = %+v; want a tombstone without source or HTML", got)
			}
			if got := tp.Replies[1]; got.Deleted || got.Source != "Ladybirds." {
				t.Errorf("other reply = %+v; want it intact", got)
			}
			if tp.Thread.ReplyCount != 1 || tp.Thread.HelpfulCount != 0 {
				t.Errorf("thread after DeletePost: %d replies, %d helpful; want 1, 0", tp.Thread.ReplyCount, tp.Thread.HelpfulCount)
			}
		}
		if since, err := db.PostsSince(ctx, s.dave, q.ID, 0); err != nil || len(since) != 2 || since[0].Source != "" || !since[0].Deleted {
			t.Errorf("PostsSince = %+v, %v; want the tombstone first, without source", since, err)
		}
		_, err := db.PostRevisions(ctx, s.carol, r1.ID)
		wantCode(t, "PostRevisions of a deleted post", err, praxis.ENOTFOUND)
		_, err = db.EditPost(ctx, s.carol, r1.ID, praxis.ThreadInput{Body: new("Back from the dead")}, "")
		wantCode(t, "EditPost of a deleted post", err, praxis.ECONFLICT)
		_, err = db.Vote(ctx, s.dave, r1.ID, true)
		wantCode(t, "Vote for a deleted post", err, praxis.EINVALID)

		// A coordinator deletes anyone's reply.
		if err := db.DeletePost(ctx, s.alice, r2.ID); err != nil {
			t.Fatalf("DeletePost by the coordinator: %v", err)
		}
		if got := threadNow(t, db, s.dave, q.ID).ReplyCount; got != 0 {
			t.Errorf("ReplyCount after deleting both replies = %d; want 0", got)
		}

		// Deleting the opening post deletes the thread for all but coordinators.
		if err := db.DeletePost(ctx, s.bob, threadPage(t, db, s.bob, q.ID).Opening.ID); err != nil {
			t.Fatalf("DeletePost of the opening post: %v", err)
		}
		for _, viewer := range []*praxis.User{nil, s.frank, s.dave, s.bob, s.alice} {
			name := "anonymous"
			if viewer != nil {
				name = viewer.Handle
			}
			l, err := db.Threads(ctx, viewer, s.garden.Slug, praxis.ThreadFilter{})
			if err != nil || !slices.Equal(threadTitles(l.Threads), []string{keep.Title}) || l.Total != 1 {
				t.Errorf("Threads as %s = %v (total %d), %v; want only [%q]", name, threadTitles(l.Threads), l.Total, err, keep.Title)
			}
			if viewer == s.alice {
				continue
			}
			_, err = db.ThreadPage(ctx, viewer, q.ID)
			wantCode(t, "ThreadPage of a deleted thread as "+name, err, praxis.ENOTFOUND)
			_, err = db.Thread(ctx, viewer, q.ID)
			wantCode(t, "Thread of a deleted thread as "+name, err, praxis.ENOTFOUND)
		}
		for _, moderator := range []*praxis.User{s.alice, s.admin} {
			tp, err := db.ThreadPage(ctx, moderator, q.ID)
			if err != nil || !tp.Opening.Deleted || tp.Opening.Source != "" {
				t.Errorf("ThreadPage of a deleted thread as %s = %v; want the thread with its opening tombstone", moderator.Handle, err)
			}
		}
		topics, err := db.Topics(ctx, s.dave, s.garden.Slug)
		if err != nil || len(topics) != 1 || topics[0].ThreadCount != 1 {
			t.Errorf("Topics after deleting a thread = %+v, %v; want roses with 1 thread", topics, err)
		}
	})
}

// TestThreadPrivacy checks that a private community's conversations do not
// exist for those who may not see it: every method answers as it does for
// a thread or post that does not exist.
func TestThreadPrivacy(t *testing.T) {
	const missingID = 999999
	const missingSlug = "no-such-community"
	// ids are what the operations act on: a thread, its opening post and a
	// reply, and the community's slug.
	type ids struct {
		thread, opening, reply int64
		slug                   string
	}
	ops := []struct {
		name     string
		do       func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error
		wantAnon string
	}{
		{"ThreadPage", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.ThreadPage(t.Context(), a, x.thread)
			return err
		}, praxis.ENOTFOUND},
		{"Thread", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.Thread(t.Context(), a, x.thread)
			return err
		}, praxis.ENOTFOUND},
		{"Threads", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.Threads(t.Context(), a, x.slug, praxis.ThreadFilter{})
			return err
		}, praxis.ENOTFOUND},
		{"Pinned", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.Pinned(t.Context(), a, x.slug)
			return err
		}, praxis.ENOTFOUND},
		{"Topics", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.Topics(t.Context(), a, x.slug)
			return err
		}, praxis.ENOTFOUND},
		{"PostsSince", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.PostsSince(t.Context(), a, x.thread, 0)
			return err
		}, praxis.ENOTFOUND},
		{"PostRevisions", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.PostRevisions(t.Context(), a, x.reply)
			return err
		}, praxis.ENOTFOUND},
		// Actions ask anonymous viewers to sign in first, whatever the address.
		{"CreateThread", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.CreateThread(t.Context(), a, x.slug, threadInput(praxis.KindQuestion, "Let me in please", "Body"))
			return err
		}, praxis.EUNAUTHORIZED},
		{"Reply", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.Reply(t.Context(), a, x.thread, "Hello", 0)
			return err
		}, praxis.EUNAUTHORIZED},
		{"Vote", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.Vote(t.Context(), a, x.reply, true)
			return err
		}, praxis.EUNAUTHORIZED},
		{"Vote(withdraw)", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.Vote(t.Context(), a, x.reply, false)
			return err
		}, praxis.EUNAUTHORIZED},
		{"Accept", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.Accept(t.Context(), a, x.thread, x.reply)
			return err
		}, praxis.EUNAUTHORIZED},
		{"EditPost", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.EditPost(t.Context(), a, x.opening, praxis.ThreadInput{Body: new("Mine now")}, "")
			return err
		}, praxis.EUNAUTHORIZED},
		{"DeletePost", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			return db.DeletePost(t.Context(), a, x.reply)
		}, praxis.EUNAUTHORIZED},
		{"SetThreadState", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.SetThreadState(t.Context(), a, x.thread, praxis.ThreadState{Locked: new(true)})
			return err
		}, praxis.EUNAUTHORIZED},
		{"MoveThread", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.MoveThread(t.Context(), a, x.thread, "garden")
			return err
		}, praxis.EUNAUTHORIZED},
		{"SaveTopic", func(t *testing.T, db *sqlstore.DB, a *praxis.User, x ids) error {
			_, err := db.SaveTopic(t.Context(), a, x.slug, praxis.Topic{Name: "leaks"})
			return err
		}, praxis.EUNAUTHORIZED},
	}

	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		join(t, db, s.alice, s.dave, s.vault.Slug)
		q := startThread(t, db, s.bob, s.vault.Slug, praxis.KindQuestion, "Where is the secret key?", "keys")
		if _, err := db.CreateThread(ctx, s.alice, s.vault.Slug, threadInput(praxis.KindAnnouncement, "Vault rules", "Body")); err != nil {
			t.Fatalf("CreateThread(announcement): %v", err)
		}
		r := addReply(t, db, s.alice, q.ID, "Under the mat.")
		private := ids{q.ID, threadPage(t, db, s.bob, q.ID).Opening.ID, r.ID, s.vault.Slug}
		missing := ids{missingID, missingID, missingID, missingSlug}
		suspendedDave := suspend(t, db, s.admin, s.dave)

		outsiders := []struct {
			name  string
			actor *praxis.User
		}{
			{"anonymous", nil},
			{"signed-in non-member", s.frank},
			{"member of another community", s.carol},
			{"suspended member", suspendedDave},
		}
		for _, v := range outsiders {
			t.Run(v.name, func(t *testing.T) {
				for _, op := range ops {
					errPrivate := op.do(t, db, v.actor, private)
					errMissing := op.do(t, db, v.actor, missing)
					want := praxis.ENOTFOUND
					if v.actor == nil {
						want = op.wantAnon
					}
					wantCode(t, op.name+" in the private community", errPrivate, want)
					if praxis.ErrorCode(errPrivate) != praxis.ErrorCode(errMissing) || praxis.ErrorMessage(errPrivate) != praxis.ErrorMessage(errMissing) {
						t.Errorf("%s: private thread gives %v; want the same as a missing one, %v", op.name, errPrivate, errMissing)
					}
				}
			})
		}

		// Nothing was changed, and those who may see the thread do.
		for _, v := range []*praxis.User{s.alice, s.bob, s.admin} {
			tp := threadPage(t, db, v, q.ID)
			if tp.Thread.Title != q.Title || tp.Thread.Locked || tp.Thread.ReplyCount != 1 || tp.Opening.Source != "About: "+q.Title ||
				len(tp.Replies) != 1 || tp.Replies[0].Deleted || tp.Replies[0].Helpful != 0 || tp.Thread.CommunitySlug != s.vault.Slug {
				t.Errorf("ThreadPage as %s = %+v; want the thread unchanged", v.Handle, tp.Thread)
			}
			l, err := db.Threads(ctx, v, s.vault.Slug, praxis.ThreadFilter{})
			if err != nil || l.Total != 2 {
				t.Errorf("Threads as %s = %v, %v; want 2", v.Handle, l, err)
			}
		}
		topics, err := db.Topics(ctx, s.bob, s.vault.Slug)
		if err != nil || len(topics) != 1 || topics[0].Name != "keys" {
			t.Errorf("Topics = %+v, %v; want only keys", topics, err)
		}
	})
}

func TestSetThreadState(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		th := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Can we share the tiller?")

		refusals := []struct {
			name  string
			actor *praxis.User
			st    praxis.ThreadState
			code  string
		}{
			{"anonymous", nil, praxis.ThreadState{Pinned: new(true)}, praxis.EUNAUTHORIZED},
			{"the author", s.bob, praxis.ThreadState{Pinned: new(true)}, praxis.EFORBIDDEN},
			{"a member", s.carol, praxis.ThreadState{Locked: new(true)}, praxis.EFORBIDDEN},
			{"a member closing", s.carol, praxis.ThreadState{Status: new(praxis.ThreadClosed)}, praxis.EFORBIDDEN},
			{"a non-member", s.frank, praxis.ThreadState{Locked: new(true)}, praxis.EFORBIDDEN},
			{"status solved", s.alice, praxis.ThreadState{Status: new(praxis.ThreadSolved)}, praxis.EINVALID},
			{"status deleted", s.alice, praxis.ThreadState{Status: new("deleted")}, praxis.EINVALID},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.SetThreadState(t.Context(), tt.actor, th.ID, tt.st)
				wantCode(t, "SetThreadState", err, tt.code)
				if got := threadNow(t, db, s.bob, th.ID); got.Pinned || got.Locked || got.Status != praxis.ThreadOpen {
					t.Errorf("after a refused SetThreadState: pinned %v, locked %v, status %q; want unpinned, unlocked, open", got.Pinned, got.Locked, got.Status)
				}
			})
		}

		steps := []struct {
			name           string
			actor          *praxis.User
			st             praxis.ThreadState
			pinned, locked bool
			status         string
		}{
			{"pin", s.alice, praxis.ThreadState{Pinned: new(true)}, true, false, praxis.ThreadOpen},
			{"lock", s.alice, praxis.ThreadState{Locked: new(true)}, true, true, praxis.ThreadOpen},
			{"close", s.alice, praxis.ThreadState{Status: new(praxis.ThreadClosed)}, true, true, praxis.ThreadClosed},
			{"close again", s.alice, praxis.ThreadState{Status: new(praxis.ThreadClosed)}, true, true, praxis.ThreadClosed},
			{"reopen, unlock and unpin", s.alice, praxis.ThreadState{Pinned: new(false), Locked: new(false), Status: new(praxis.ThreadOpen)},
				false, false, praxis.ThreadOpen},
			{"administrator pins", s.admin, praxis.ThreadState{Pinned: new(true)}, true, false, praxis.ThreadOpen},
			{"nothing", s.alice, praxis.ThreadState{}, true, false, praxis.ThreadOpen},
		}
		for _, st := range steps {
			got, err := db.SetThreadState(ctx, st.actor, th.ID, st.st)
			if err != nil {
				t.Fatalf("%s: SetThreadState: %v", st.name, err)
			}
			for _, g := range []*praxis.Thread{got, threadNow(t, db, s.carol, th.ID)} {
				if g.Pinned != st.pinned || g.Locked != st.locked || g.Status != st.status {
					t.Errorf("%s: pinned %v, locked %v, status %q; want %v, %v, %q", st.name, g.Pinned, g.Locked, g.Status, st.pinned, st.locked, st.status)
				}
			}
		}
		pinned, err := db.Pinned(ctx, nil, s.garden.Slug)
		if err != nil || !slices.Equal(threadTitles(pinned), []string{th.Title}) {
			t.Errorf("Pinned = %v, %v; want [%q]", threadTitles(pinned), err, th.Title)
		}
	})
}

func TestMoveThread(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		orchard := createCommunity(t, db, s.alice, "Orchard", praxis.VisibilityPublic, praxis.JoinOpen)
		shed := createCommunity(t, db, s.carol, "Shed", praxis.VisibilityPublic, praxis.JoinOpen)
		hidden := createCommunity(t, db, s.frank, "Hidden", praxis.VisibilityPrivate, praxis.JoinInvitation)
		th := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Pruning apple trees?", "pruning", "trees")
		r := addReply(t, db, s.carol, th.ID, "In late winter.")
		carolsThread := startThread(t, db, s.carol, shed.Slug, praxis.KindDiscussion, "Sharpening the shears")

		refusals := []struct {
			name   string
			actor  *praxis.User
			thread int64
			to     string
			code   string
		}{
			{"anonymous", nil, th.ID, orchard.Slug, praxis.EUNAUTHORIZED},
			{"the author", s.bob, th.ID, orchard.Slug, praxis.EFORBIDDEN},
			{"a coordinator of the target only", s.carol, th.ID, shed.Slug, praxis.EFORBIDDEN},
			{"a coordinator of the source only", s.carol, carolsThread.ID, s.garden.Slug, praxis.EFORBIDDEN},
			{"into a missing community", s.alice, th.ID, "no-such-community", praxis.ENOTFOUND},
			{"into a private community one cannot see", s.alice, th.ID, hidden.Slug, praxis.ENOTFOUND},
			{"a missing thread", s.alice, 999999, orchard.Slug, praxis.ENOTFOUND},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.MoveThread(t.Context(), tt.actor, tt.thread, tt.to)
				wantCode(t, "MoveThread", err, tt.code)
				for _, x := range []*praxis.Thread{th, carolsThread} {
					if got := threadNow(t, db, s.alice, x.ID); got.CommunitySlug != x.CommunitySlug || !slices.Equal(got.Topics, x.Topics) {
						t.Errorf("thread %d after a refused move: in %s with %v; want in %s with %v", x.ID, got.CommunitySlug, got.Topics, x.CommunitySlug, x.Topics)
					}
				}
			})
		}

		got, err := db.MoveThread(ctx, s.alice, th.ID, orchard.Slug)
		if err != nil {
			t.Fatalf("MoveThread: %v", err)
		}
		if got.CommunitySlug != orchard.Slug || got.CommunityID != orchard.ID || len(got.Topics) != 0 {
			t.Errorf("MoveThread = in %s with topics %v; want in %s without topics", got.CommunitySlug, got.Topics, orchard.Slug)
		}
		tp := threadPage(t, db, s.dave, th.ID)
		if tp.Thread.CommunitySlug != orchard.Slug || tp.Community.Slug != orchard.Slug || len(tp.Thread.Topics) != 0 ||
			!slices.Equal(replyIDs(tp), []int64{r.ID}) || tp.Opening.Source != "About: "+th.Title {
			t.Errorf("ThreadPage after the move: in %s with topics %v, replies %v; want in %s, no topics, the reply kept",
				tp.Thread.CommunitySlug, tp.Thread.Topics, replyIDs(tp), orchard.Slug)
		}
		for _, c := range []struct {
			slug string
			want []string
		}{{s.garden.Slug, []string{}}, {orchard.Slug, []string{th.Title}}} {
			l, err := db.Threads(ctx, s.dave, c.slug, praxis.ThreadFilter{})
			if err != nil || !slices.Equal(threadTitles(l.Threads), c.want) {
				t.Errorf("Threads(%s) after the move = %v, %v; want %v", c.slug, threadTitles(l.Threads), err, c.want)
			}
		}
		topics, err := db.Topics(ctx, s.dave, s.garden.Slug)
		if err != nil || len(topics) != 2 || topics[0].ThreadCount != 0 || topics[1].ThreadCount != 0 {
			t.Errorf("Topics(garden) after the move = %+v, %v; want pruning and trees with no threads", topics, err)
		}
		if got, err := db.MoveThread(ctx, s.alice, th.ID, orchard.Slug); err != nil || got.CommunitySlug != orchard.Slug {
			t.Errorf("MoveThread to where it is = %v, %v; want no change", got, err)
		}
	})
}

// TestConversationNotificationsOnlyToViewers checks that conversation
// events write notifications only for people who may see the community at
// the time: someone who is let in later does not find what was said before.
func TestConversationNotificationsOnlyToViewers(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		join(t, db, s.alice, s.dave, s.vault.Slug)

		q, err := db.CreateThread(ctx, s.bob, s.vault.Slug,
			threadInput(praxis.KindQuestion, "Who keeps the vault key?", "Does @frank or @carol know, or @dave?"))
		if err != nil {
			t.Fatalf("CreateThread: %v", err)
		}
		clock.Add(time.Minute)
		byDave := addReply(t, db, s.dave, q.ID, "Ask alice.")
		suspend(t, db, s.admin, s.dave)
		clock.Add(time.Minute)
		addReply(t, db, s.alice, q.ID, "I do, @dave, and @frank may not know.")
		if _, err := db.Accept(ctx, s.bob, q.ID, byDave.ID); err != nil {
			t.Fatalf("Accept: %v", err)
		}

		// Everyone is let in: the suspension is lifted, frank and carol join.
		if err := db.SetSuspended(ctx, s.admin, s.dave.Handle, false); err != nil {
			t.Fatalf("SetSuspended(dave, false): %v", err)
		}
		for _, u := range []*praxis.User{s.frank, s.carol} {
			join(t, db, s.alice, u, s.vault.Slug)
		}
		dave := reload(t, db, s.dave)

		tests := []struct {
			u    *praxis.User
			want []string // kind by @actor, newest first
		}{
			{s.frank, []string{}},
			{s.carol, []string{}},
			{dave, []string{"mention by @bob"}},
			{s.bob, []string{"answer by @alice", "answer by @dave"}},
		}
		for _, tt := range tests {
			t.Run(tt.u.Handle, func(t *testing.T) {
				ns, err := db.Notifications(t.Context(), tt.u, false, 0)
				if err != nil {
					t.Fatalf("Notifications: %v", err)
				}
				got := []string{}
				for _, n := range ns {
					if n.ThreadID != q.ID {
						t.Errorf("notification %+v; want only ones about thread %d", n, q.ID)
					}
					got = append(got, n.Kind+" by @"+n.Actor.Handle)
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("Notifications(%s) = %q; want %q", tt.u.Handle, got, tt.want)
				}
			})
		}
	})
}
