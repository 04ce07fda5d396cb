package sqlstore_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// notifications lists what u is notified of, newest first.
func notifications(t *testing.T, db *sqlstore.DB, u *praxis.User) []*praxis.Notification {
	t.Helper()
	ns, err := db.Notifications(t.Context(), u, false, 0)
	if err != nil {
		t.Fatalf("Notifications(%s): %v", u.Handle, err)
	}
	return ns
}

// unread counts u's unread notifications.
func unread(t *testing.T, db *sqlstore.DB, u *praxis.User) int {
	t.Helper()
	n, err := db.UnreadCount(t.Context(), u)
	if err != nil {
		t.Fatalf("UnreadCount(%s): %v", u.Handle, err)
	}
	return n
}

// summary describes notifications as "kind by @actor in thread", newest first.
func summary(ns []*praxis.Notification) []string {
	out := []string{}
	for _, n := range ns {
		out = append(out, fmt.Sprintf("%s by @%s in %d", n.Kind, n.Actor.Handle, n.ThreadID))
	}
	return out
}

// follow makes u follow a target, failing the test on an error.
func follow(t *testing.T, db *sqlstore.DB, u *praxis.User, targetType, target string) {
	t.Helper()
	if err := db.Follow(t.Context(), u, targetType, target, true); err != nil {
		t.Fatalf("Follow(%s, %s) by %s: %v", targetType, target, u.Handle, err)
	}
}

func wantSummary(t *testing.T, db *sqlstore.DB, u *praxis.User, want ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if got := summary(notifications(t, db, u)); !slices.Equal(got, want) {
		t.Errorf("Notifications(%s) = %q; want %q", u.Handle, got, want)
	}
}

func TestNotifyReplies(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		q := startThread(t, db, s.alice, s.garden.Slug, praxis.KindQuestion, "When to sow the beans?")
		clock.Add(time.Minute)
		bobs := addReply(t, db, s.bob, q.ID, "After the last frost.")
		clock.Add(time.Minute)
		carols := addReply(t, db, s.carol, q.ID, "Mid May, here.")
		id := strconv.FormatInt(q.ID, 10)

		wantSummary(t, db, s.alice, "answer by @carol in "+id, "answer by @bob in "+id)
		wantSummary(t, db, s.bob, "reply by @carol in "+id)
		wantSummary(t, db, s.carol)
		wantSummary(t, db, s.dave)

		ns := notifications(t, db, s.alice)
		n := ns[0]
		if n.Kind != praxis.NotifyAnswer || n.Actor.Handle != "carol" || n.Actor.Name != "User carol" || n.CommunitySlug != "garden" ||
			n.CommunityName != "Garden" || n.ThreadID != q.ID || n.ThreadTitle != q.Title || n.PostID != carols.ID ||
			!n.CreatedAt.Equal(clock.T) || n.ReadAt != nil {
			t.Errorf("newest notification = %+v; want carol's unread answer %d in %q, at %v", n, carols.ID, q.Title, clock.T)
		}
		if ns[1].PostID != bobs.ID {
			t.Errorf("older notification is about post %d; want bob's answer %d", ns[1].PostID, bobs.ID)
		}
		if got := unread(t, db, s.alice); got != 2 {
			t.Errorf("UnreadCount(alice) = %d; want 2", got)
		}

		if _, err := db.Accept(t.Context(), s.alice, q.ID, bobs.ID); err != nil {
			t.Fatalf("Accept: %v", err)
		}
		wantSummary(t, db, s.bob, "accepted by @alice in "+id, "reply by @carol in "+id)

		// Unfollowing the thread stops replies, but not answers to one's own question.
		if err := db.Follow(t.Context(), s.bob, praxis.FollowThread, id, false); err != nil {
			t.Fatalf("Follow(thread, false): %v", err)
		}
		addReply(t, db, s.dave, q.ID, "Beans like warm soil.")
		wantSummary(t, db, s.bob, "accepted by @alice in "+id, "reply by @carol in "+id)
		if got := summary(notifications(t, db, s.alice))[0]; got != "answer by @dave in "+id {
			t.Errorf("alice's newest notification = %q; want dave's answer", got)
		}
	})
}

func TestNotifyMentions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		d, err := db.CreateThread(t.Context(), s.bob, s.garden.Slug,
			threadInput(praxis.KindDiscussion, "Seed swap in spring", "What do you think, @dave and @frank?"))
		if err != nil {
			t.Fatalf("CreateThread: %v", err)
		}
		id := strconv.FormatInt(d.ID, 10)
		wantSummary(t, db, s.dave, "mention by @bob in "+id)
		// The garden is public: a mentioned non-member may see it.
		wantSummary(t, db, s.frank, "mention by @bob in "+id)
		wantSummary(t, db, s.carol)

		r := addReply(t, db, s.carol, d.ID, "Count me in, @alice.")
		wantSummary(t, db, s.alice, "mention by @carol in "+id)
		if n := notifications(t, db, s.alice)[0]; n.PostID != r.ID {
			t.Errorf("mention is about post %d; want the reply %d", n.PostID, r.ID)
		}
		wantSummary(t, db, s.bob, "reply by @carol in "+id)
	})
}

func TestNotifyFollowers(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		startThread(t, db, s.alice, s.garden.Slug, praxis.KindDiscussion, "Compost heaps compared", "compost")
		follow(t, db, s.carol, praxis.FollowCommunity, "garden")
		follow(t, db, s.dave, praxis.FollowTopic, "garden/Compost") // topic names are normalized
		follow(t, db, s.frank, praxis.FollowTopic, "garden/compost")

		withTopic := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Is my compost too wet?", "compost", "soil")
		without := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Which spade to buy?")
		w, wo := strconv.FormatInt(withTopic.ID, 10), strconv.FormatInt(without.ID, 10)

		wantSummary(t, db, s.carol, "new-thread by @bob in "+wo, "new-thread by @bob in "+w)
		wantSummary(t, db, s.dave, "new-thread by @bob in "+w)
		wantSummary(t, db, s.frank, "new-thread by @bob in "+w)
		wantSummary(t, db, s.bob)
		wantSummary(t, db, s.alice) // she follows her own thread, not the community

		for _, tt := range []struct {
			name        string
			u           *praxis.User
			typ, target string
			want        bool
		}{
			{"carol follows the garden", s.carol, praxis.FollowCommunity, "garden", true},
			{"dave does not follow the garden", s.dave, praxis.FollowCommunity, "garden", false},
			{"dave follows #compost", s.dave, praxis.FollowTopic, "garden/compost", true},
			{"bob follows his thread", s.bob, praxis.FollowThread, w, true},
			{"carol does not follow bob's thread", s.carol, praxis.FollowThread, w, false},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.Following(t.Context(), tt.u, tt.typ, tt.target)
				if err != nil || got != tt.want {
					t.Errorf("Following(%s, %s) = %v, %v; want %v", tt.typ, tt.target, got, err, tt.want)
				}
			})
		}

		// Unfollowing works, and twice is harmless; so is following twice.
		for range 2 {
			if err := db.Follow(t.Context(), s.carol, praxis.FollowCommunity, "garden", false); err != nil {
				t.Fatalf("unfollow: %v", err)
			}
			follow(t, db, s.dave, praxis.FollowTopic, "garden/compost")
		}
		if got, _ := db.Following(t.Context(), s.carol, praxis.FollowCommunity, "garden"); got {
			t.Errorf("Following after unfollow = true; want false")
		}
		startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Another spade question")
		if got := len(notifications(t, db, s.carol)); got != 2 {
			t.Errorf("carol after unfollowing: %d notifications; want still 2", got)
		}
		if got, err := db.Following(t.Context(), nil, praxis.FollowCommunity, "garden"); got || err != nil {
			t.Errorf("Following as anonymous = %v, %v; want false, nil", got, err)
		}
	})
}

func TestNotificationsPrivacy(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		follow(t, db, s.bob, praxis.FollowCommunity, "vault")
		follow(t, db, s.bob, praxis.FollowCommunity, "garden")
		secret, err := db.CreateThread(t.Context(), s.alice, s.vault.Slug,
			threadInput(praxis.KindDiscussion, "The secret recipe", "Only for us, @bob. Not for @frank."))
		if err != nil {
			t.Fatalf("CreateThread in the vault: %v", err)
		}
		open := startThread(t, db, s.carol, s.garden.Slug, praxis.KindDiscussion, "Open day plans")
		sid, oid := strconv.FormatInt(secret.ID, 10), strconv.FormatInt(open.ID, 10)

		// A non-member mentioned in a private community hears nothing.
		wantSummary(t, db, s.frank)
		if got := unread(t, db, s.frank); got != 0 {
			t.Errorf("UnreadCount(frank) = %d; want 0", got)
		}
		wantSummary(t, db, s.bob, "new-thread by @carol in "+oid, "mention by @alice in "+sid)
		if got := unread(t, db, s.bob); got != 2 {
			t.Errorf("UnreadCount(bob) as a member = %d; want 2", got)
		}

		// Nor does someone who could follow it once and has left.
		if err := db.Leave(t.Context(), s.bob, "vault"); err != nil {
			t.Fatalf("Leave: %v", err)
		}
		wantSummary(t, db, s.bob, "new-thread by @carol in "+oid)
		if got := unread(t, db, s.bob); got != 1 {
			t.Errorf("UnreadCount(bob) after leaving the vault = %d; want 1", got)
		}
		// The follow stays but leads nowhere.
		startThread(t, db, s.alice, s.vault.Slug, praxis.KindDiscussion, "Another secret")
		if got := unread(t, db, s.bob); got != 1 {
			t.Errorf("UnreadCount(bob) after a new thread in the vault = %d; want 1", got)
		}

		// A deleted thread leaves the lists.
		if err := db.DeletePost(t.Context(), s.carol, threadPage(t, db, s.carol, open.ID).Opening.ID); err != nil {
			t.Fatalf("DeletePost: %v", err)
		}
		wantSummary(t, db, s.bob)
		if got := unread(t, db, s.bob); got != 0 {
			t.Errorf("UnreadCount(bob) after the thread was deleted = %d; want 0", got)
		}

		for _, tt := range []struct {
			name        string
			u           *praxis.User
			typ, target string
			code        string
		}{
			{"anonymous", nil, praxis.FollowCommunity, "garden", praxis.EUNAUTHORIZED},
			{"a private community", s.frank, praxis.FollowCommunity, "vault", praxis.ENOTFOUND},
			{"a private community one has left", s.bob, praxis.FollowCommunity, "vault", praxis.ENOTFOUND},
			{"a missing community", s.frank, praxis.FollowCommunity, "nowhere", praxis.ENOTFOUND},
			{"a topic of a private community", s.frank, praxis.FollowTopic, "vault/recipes", praxis.ENOTFOUND},
			{"a missing topic", s.frank, praxis.FollowTopic, "garden/nothing-here", praxis.ENOTFOUND},
			{"a topic without a community", s.frank, praxis.FollowTopic, "compost", praxis.EINVALID},
			{"a thread of a private community", s.frank, praxis.FollowThread, sid, praxis.ENOTFOUND},
			{"a deleted thread", s.frank, praxis.FollowThread, oid, praxis.ENOTFOUND},
			{"a thread that is not a number", s.frank, praxis.FollowThread, "abc", praxis.EINVALID},
			{"an unknown kind of target", s.frank, "person", "alice", praxis.EINVALID},
		} {
			t.Run(tt.name, func(t *testing.T) {
				for _, f := range []bool{true, false} {
					wantCode(t, fmt.Sprintf("Follow(%s, %s, %v)", tt.typ, tt.target, f), db.Follow(t.Context(), tt.u, tt.typ, tt.target, f), tt.code)
				}
				if tt.u != nil {
					_, err := db.Following(t.Context(), tt.u, tt.typ, tt.target)
					wantCode(t, "Following", err, tt.code)
				}
			})
		}

		for _, what := range []struct {
			name string
			err  error
		}{
			{"Notifications", func() error { _, err := db.Notifications(t.Context(), nil, false, 10); return err }()},
			{"UnreadCount", func() error { _, err := db.UnreadCount(t.Context(), nil); return err }()},
			{"MarkRead", db.MarkRead(t.Context(), nil, nil)},
		} {
			wantCode(t, what.name+" as anonymous", what.err, praxis.EUNAUTHORIZED)
		}
	})
}

func TestMarkRead(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		q := startThread(t, db, s.alice, s.garden.Slug, praxis.KindQuestion, "Best mulch for berries?")
		addReply(t, db, s.bob, q.ID, "Pine needles.")
		addReply(t, db, s.carol, q.ID, "Straw.")
		addReply(t, db, s.dave, q.ID, "Wood chips.")
		alices := notifications(t, db, s.alice)
		bobs := notifications(t, db, s.bob)
		if len(alices) != 3 || len(bobs) != 2 {
			t.Fatalf("alice has %d notifications, bob %d; want 3 and 2", len(alices), len(bobs))
		}

		// Bob cannot mark alice's notifications.
		clock.Add(time.Minute)
		if err := db.MarkRead(t.Context(), s.bob, []int64{alices[0].ID, alices[1].ID}); err != nil {
			t.Fatalf("MarkRead of another's: %v", err)
		}
		if got := unread(t, db, s.alice); got != 3 {
			t.Errorf("UnreadCount(alice) after bob marked hers = %d; want 3", got)
		}
		if got := unread(t, db, s.bob); got != 2 {
			t.Errorf("UnreadCount(bob) after marking alice's = %d; want 2", got)
		}

		if err := db.MarkRead(t.Context(), s.alice, []int64{alices[1].ID}); err != nil {
			t.Fatalf("MarkRead: %v", err)
		}
		if got := unread(t, db, s.alice); got != 2 {
			t.Errorf("UnreadCount(alice) after marking one = %d; want 2", got)
		}
		ns, err := db.Notifications(t.Context(), s.alice, true, 0)
		if err != nil {
			t.Fatalf("Notifications(unread): %v", err)
		}
		if got := summary(ns); !slices.Equal(got, []string{summary(alices)[0], summary(alices)[2]}) {
			t.Errorf("unread notifications = %q; want all but the one marked", got)
		}
		all := notifications(t, db, s.alice)
		if all[1].ReadAt == nil || !all[1].ReadAt.Equal(clock.T) || all[0].ReadAt != nil {
			t.Errorf("read times = %v, %v; want nil, %v", all[0].ReadAt, all[1].ReadAt, clock.T)
		}

		// Marking again keeps the first time; marking all marks the rest.
		clock.Add(time.Minute)
		if err := db.MarkRead(t.Context(), s.alice, nil); err != nil {
			t.Fatalf("MarkRead(all): %v", err)
		}
		if got := unread(t, db, s.alice); got != 0 {
			t.Errorf("UnreadCount(alice) after marking all = %d; want 0", got)
		}
		if all := notifications(t, db, s.alice); !all[1].ReadAt.Equal(clock.T.Add(-time.Minute)) || !all[0].ReadAt.Equal(clock.T) {
			t.Errorf("read times after marking all = %v, %v; want %v, %v", all[0].ReadAt, all[1].ReadAt, clock.T, clock.T.Add(-time.Minute))
		}
		if got := unread(t, db, s.bob); got != 2 {
			t.Errorf("UnreadCount(bob) after alice marked all = %d; want 2", got)
		}

		// The limit keeps the newest.
		ns, err = db.Notifications(t.Context(), s.alice, false, 1)
		if err != nil || len(ns) != 1 || ns[0].ID != alices[0].ID {
			t.Errorf("Notifications(limit 1) = %q, %v; want the newest", summary(ns), err)
		}
	})
}

// TestUnreadCountCap counts exactly up to praxis.MaxUnread and says "more"
// beyond it, and applies the visibility rule before the cap: bob's older
// notifications from the vault, which he has left, neither count nor use up
// the rows the count reads.
func TestUnreadCountCap(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		// answers adds n answers by by to q, each a notification for its asker.
		answers := func(by *praxis.User, q *praxis.Thread, n int) {
			t.Helper()
			for i := range n {
				addReply(t, db, by, q.ID, fmt.Sprintf("Answer %d.", i))
			}
		}
		// wantUnread checks the count, and that it agrees with the unread list.
		wantUnread := func(when string, want int) {
			t.Helper()
			if got := unread(t, db, s.bob); got != want {
				t.Errorf("UnreadCount(bob) %s = %d; want %d", when, got, want)
			}
			ns, err := db.Notifications(t.Context(), s.bob, true, praxis.MaxPageSize)
			if err != nil {
				t.Fatalf("Notifications(bob, unread): %v", err)
			}
			if got := min(len(ns), praxis.MaxUnread+1); got != want {
				t.Errorf("%s: %d unread notifications listed, counting as %d; want %d", when, len(ns), got, want)
			}
		}

		secret := startThread(t, db, s.bob, s.vault.Slug, praxis.KindQuestion, "Which supplier for the secret spice?")
		answers(s.alice, secret, praxis.MaxUnread+5)
		wantUnread("with more than the cap in the vault", praxis.MaxUnread+1)

		if err := db.Leave(t.Context(), s.bob, "vault"); err != nil {
			t.Fatalf("Leave: %v", err)
		}
		wantUnread("after leaving the vault", 0)

		open := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Which spade for clay?")
		answers(s.carol, open, 3)
		wantUnread("with 3 in the garden", 3)
		answers(s.carol, open, praxis.MaxUnread-3)
		wantUnread("with as many as the cap", praxis.MaxUnread)
		answers(s.dave, open, 1)
		wantUnread("with one more than the cap", praxis.MaxUnread+1)
		answers(s.dave, open, 10)
		wantUnread("with ten more", praxis.MaxUnread+1)

		if err := db.MarkRead(t.Context(), s.bob, nil); err != nil {
			t.Fatalf("MarkRead: %v", err)
		}
		wantUnread("after marking all read", 0)
	})
}

// TestUnreadKept checks the unread counts kept for members against counts
// made afresh after each kind of write that changes one: notifications
// arriving and read, and every change of whether a notification may still
// be seen (visibility_version's triggers). Each step must change a count,
// so that it tests something.
func TestUnreadKept(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		follow(t, db, s.bob, praxis.FollowCommunity, "vault")
		follow(t, db, s.bob, praxis.FollowCommunity, "garden")
		follow(t, db, s.frank, praxis.FollowCommunity, "garden")
		secret, err := db.CreateThread(ctx, s.alice, s.vault.Slug,
			threadInput(praxis.KindDiscussion, "The secret recipe", "Only for us, @bob. Not for @frank."))
		if err != nil {
			t.Fatalf("CreateThread in the vault: %v", err)
		}
		open := startThread(t, db, s.carol, s.garden.Slug, praxis.KindDiscussion, "Open day plans")
		var reply *praxis.Post
		// counts are bob's and frank's.
		counts := func() string { return fmt.Sprint(unread(t, db, s.bob), unread(t, db, s.frank)) }
		followKept(t, "unread counts", counts, func(on bool) { sqlstore.SetUnreadKeeping(db, on) }, []keptStep{
			{"a new thread followed", func() error {
				_, err := db.CreateThread(ctx, s.dave, s.garden.Slug, threadInput(praxis.KindQuestion, "Which seeds for spring?", "Which ones?"))
				return err
			}},
			{"a mention in a reply", func() error {
				reply, err = db.Reply(ctx, s.carol, open.ID, "What do you think, @bob?", 0)
				return err
			}},
			{"the reply deleted", func() error { return db.DeletePost(ctx, s.carol, reply.ID) }},
			{"left the vault", func() error { return db.Leave(ctx, s.bob, s.vault.Slug) }},
			{"the vault made public", func() error {
				_, err := db.UpdateCommunity(ctx, s.alice, s.vault.Slug, praxis.CommunityInput{Visibility: new(praxis.VisibilityPublic)})
				return err
			}},
			{"the vault made private again", func() error {
				_, err := db.UpdateCommunity(ctx, s.alice, s.vault.Slug, praxis.CommunityInput{Visibility: new(praxis.VisibilityPrivate)})
				return err
			}},
			{"invited back", func() error { return db.Invite(ctx, s.alice, s.vault.Slug, s.bob.Handle) }},
			{"a thread moved into the vault", func() error { _, err := db.MoveThread(ctx, s.admin, open.ID, s.vault.Slug); return err }},
			{"the secret thread deleted", func() error {
				return db.DeletePost(ctx, s.alice, threadPage(t, db, s.alice, secret.ID).Opening.ID)
			}},
			{"one read", func() error {
				ns, err := db.Notifications(ctx, s.bob, true, 1)
				if err != nil || len(ns) == 0 {
					return fmt.Errorf("no unread notification to open: %v", err)
				}
				_, err = db.OpenNotification(ctx, s.bob, ns[0].ID)
				return err
			}},
			{"all read", func() error {
				if err := db.MarkRead(ctx, s.bob, nil); err != nil {
					return err
				}
				return db.MarkRead(ctx, s.frank, nil)
			}},
		})
	})
}
