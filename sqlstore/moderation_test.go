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

// flagsOf returns a community's flags as actor sees them, failing on error.
func flagsOf(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug string, open bool) []*praxis.Flag {
	t.Helper()
	fs, err := db.Flags(t.Context(), actor, slug, open)
	if err != nil {
		t.Fatalf("Flags(%s, open %v): %v", slug, open, err)
	}
	return fs
}

// flagSummaries describes flags as "flagger:post:resolution", in order.
func flagSummaries(fs []*praxis.Flag) []string {
	out := []string{}
	for _, f := range fs {
		s := f.FlaggedBy.Handle + ":" + f.PostAuthor.Handle
		if f.Resolution != "" {
			s += ":" + f.Resolution
		}
		out = append(out, s)
	}
	return out
}

// logActions returns the actions of a community's moderation log, newest first.
func logActions(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug string) []string {
	t.Helper()
	es, err := db.ModerationLog(t.Context(), actor, slug, 0)
	if err != nil {
		t.Fatalf("ModerationLog(%s): %v", slug, err)
	}
	out := []string{}
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

// postAs returns a post of a thread as actor sees it on the thread page.
func postAs(t *testing.T, db *sqlstore.DB, actor *praxis.User, threadID, postID int64) *praxis.Post {
	t.Helper()
	tp := threadPage(t, db, actor, threadID)
	if tp.Opening.ID == postID {
		return tp.Opening
	}
	return findReply(t, tp, postID)
}

func TestFlagPost(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		th := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Which compost for tomatoes?")
		r := addReply(t, db, s.carol, th.ID, "Buy **my** miracle compost at example.com, 50% off!")
		gone := addReply(t, db, s.dave, th.ID, "A reply I regret.")
		if err := db.DeletePost(ctx, s.dave, gone.ID); err != nil {
			t.Fatalf("DeletePost: %v", err)
		}
		secret := startThread(t, db, s.bob, s.vault.Slug, praxis.KindDiscussion, "The vault's combination")
		secretPost := threadPage(t, db, s.bob, secret.ID).Opening.ID

		refusals := []struct {
			name   string
			actor  *praxis.User
			post   int64
			reason string
			code   string
			fields []string
		}{
			{"anonymous", nil, r.ID, "spam", praxis.EUNAUTHORIZED, nil},
			{"no reason", s.dave, r.ID, "   ", praxis.EINVALID, []string{"reason"}},
			{"a reason too long", s.dave, r.ID, strings.Repeat("x", praxis.MaxFlagReasonLen+1), praxis.EINVALID, []string{"reason"}},
			{"one's own post", s.carol, r.ID, "spam", praxis.EFORBIDDEN, nil},
			{"not a member", s.frank, r.ID, "spam", praxis.EFORBIDDEN, nil},
			{"a deleted post", s.bob, gone.ID, "spam", praxis.EINVALID, nil},
			{"a missing post", s.dave, 999999, "spam", praxis.ENOTFOUND, nil},
			{"a private community's post, by an outsider", s.frank, secretPost, "spam", praxis.ENOTFOUND, nil},
			{"a private community's post, by a member elsewhere", s.carol, secretPost, "spam", praxis.ENOTFOUND, nil},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.FlagPost(t.Context(), tt.actor, tt.post, tt.reason)
				wantCode(t, "FlagPost", err, tt.code)
				if tt.fields != nil {
					wantFields(t, "FlagPost", err, tt.fields...)
				}
			})
		}
		if got := flagsOf(t, db, s.alice, s.garden.Slug, false); len(got) != 0 {
			t.Fatalf("Flags after refused flags = %v; want none", flagSummaries(got))
		}

		f, err := db.FlagPost(ctx, s.dave, r.ID, "  Advertising.  ")
		if err != nil {
			t.Fatalf("FlagPost by dave: %v", err)
		}
		if f.ID == 0 || f.PostID != r.ID || f.ThreadID != th.ID || f.ThreadTitle != th.Title || f.Reason != "Advertising." ||
			f.FlaggedBy.Handle != "dave" || f.PostAuthor.Handle != "carol" || !f.CreatedAt.Equal(clock.T) || !f.Open() {
			t.Errorf("FlagPost = %+v; want dave's open flag on carol's reply, reason trimmed, made now", f)
		}
		_, err = db.FlagPost(ctx, s.dave, r.ID, "Still advertising.")
		wantCode(t, "FlagPost twice", err, praxis.ECONFLICT)

		clock.Add(time.Minute)
		if _, err := db.FlagPost(ctx, s.bob, r.ID, "Spam in my question."); err != nil {
			t.Fatalf("FlagPost by bob: %v", err)
		}
		flagged := clock.T

		for _, who := range []*praxis.User{s.alice, s.admin} {
			got := flagsOf(t, db, who, s.garden.Slug, true)
			if want := []string{"bob:carol", "dave:carol"}; !slices.Equal(flagSummaries(got), want) {
				t.Fatalf("Flags(open) as %s = %v; want %v, newest first", who.Handle, flagSummaries(got), want)
			}
			g := got[0]
			if g.PostID != r.ID || g.ThreadID != th.ID || g.ThreadTitle != th.Title || g.Reason != "Spam in my question." ||
				!g.CreatedAt.Equal(flagged) || g.CommunitySlug != s.garden.Slug || g.PostHidden || g.PostDeleted || !g.Open() {
				t.Errorf("Flags(open)[0] = %+v; want bob's open flag on carol's reply in %q", g, th.Title)
			}
			if !strings.Contains(g.Excerpt, "Buy my miracle compost") || strings.ContainsAny(g.Excerpt, "<>*") {
				t.Errorf("Flags(open)[0].Excerpt = %q; want the reply's plain text", g.Excerpt)
			}
		}

		viewers := []struct {
			name  string
			actor *praxis.User
			slug  string
			code  string
		}{
			{"a member", s.carol, s.garden.Slug, praxis.EFORBIDDEN},
			{"the thread's author", s.bob, s.garden.Slug, praxis.EFORBIDDEN},
			{"a signed-in non-member", s.frank, s.garden.Slug, praxis.EFORBIDDEN},
			{"anonymous", nil, s.garden.Slug, praxis.EUNAUTHORIZED},
			{"a member of the private community", s.bob, s.vault.Slug, praxis.EFORBIDDEN},
			{"an outsider of the private community", s.frank, s.vault.Slug, praxis.ENOTFOUND},
			{"anonymous, private community", nil, s.vault.Slug, praxis.ENOTFOUND},
			{"a missing community", s.alice, "no-such-community", praxis.ENOTFOUND},
		}
		for _, tt := range viewers {
			t.Run("queue/"+tt.name, func(t *testing.T) {
				got, err := db.Flags(t.Context(), tt.actor, tt.slug, true)
				wantCode(t, "Flags", err, tt.code)
				if len(got) != 0 {
					t.Errorf("Flags = %v; want nothing with the error", flagSummaries(got))
				}
			})
			t.Run("log/"+tt.name, func(t *testing.T) {
				got, err := db.ModerationLog(t.Context(), tt.actor, tt.slug, 10)
				wantCode(t, "ModerationLog", err, tt.code)
				if len(got) != 0 {
					t.Errorf("ModerationLog = %d entries; want nothing with the error", len(got))
				}
			})
		}
	})
}

func TestHideAndRestorePost(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		th := startThread(t, db, s.bob, s.garden.Slug, praxis.KindDiscussion, "Watering in a heat wave")
		r := addReply(t, db, s.carol, th.ID, "Something rude about **bob**.")
		secret := startThread(t, db, s.bob, s.vault.Slug, praxis.KindDiscussion, "The vault's combination")
		secretPost := threadPage(t, db, s.bob, secret.ID).Opening.ID
		if _, err := db.FlagPost(ctx, s.dave, r.ID, "Rude."); err != nil {
			t.Fatalf("FlagPost: %v", err)
		}

		refusals := []struct {
			name  string
			actor *praxis.User
			post  int64
			code  string
		}{
			{"anonymous", nil, r.ID, praxis.EUNAUTHORIZED},
			{"the author", s.carol, r.ID, praxis.EFORBIDDEN},
			{"a member", s.dave, r.ID, praxis.EFORBIDDEN},
			{"a non-member", s.frank, r.ID, praxis.EFORBIDDEN},
			{"a member of the private community", s.bob, secretPost, praxis.EFORBIDDEN},
			{"an outsider of the private community", s.carol, secretPost, praxis.ENOTFOUND},
			{"a missing post", s.alice, 999999, praxis.ENOTFOUND},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.HidePost(t.Context(), tt.actor, tt.post, "Rude.")
				wantCode(t, "HidePost", err, tt.code)
				_, err = db.RestorePost(t.Context(), tt.actor, tt.post)
				wantCode(t, "RestorePost", err, tt.code)
				wantCode(t, "DismissFlags", db.DismissFlags(t.Context(), tt.actor, tt.post), tt.code)
			})
		}
		_, err := db.HidePost(ctx, s.alice, r.ID, strings.Repeat("x", praxis.MaxFlagReasonLen+1))
		wantCode(t, "HidePost with a long reason", err, praxis.EINVALID)
		if p := postAs(t, db, s.dave, th.ID, r.ID); p.Hidden || p.HTML == "" {
			t.Fatalf("after refused hides, dave sees hidden %v, HTML %q; want the visible reply", p.Hidden, p.HTML)
		}

		clock.Add(time.Minute)
		p, err := db.HidePost(ctx, s.alice, r.ID, "  Personal attack.  ")
		if err != nil {
			t.Fatalf("HidePost: %v", err)
		}
		if !p.Hidden || p.ID != r.ID {
			t.Errorf("HidePost = %+v; want the reply, hidden", p)
		}
		readers := []struct {
			name     string
			actor    *praxis.User
			readable bool
		}{
			{"another member", s.dave, false},
			{"the thread's author", s.bob, false},
			{"a non-member", s.frank, false},
			{"anonymous", nil, false},
			{"the post's author", s.carol, true},
			{"the coordinator", s.alice, true},
			{"an administrator", s.admin, true},
		}
		for _, tt := range readers {
			got := postAs(t, db, tt.actor, th.ID, r.ID)
			if !got.Hidden || (got.HTML != "") != tt.readable || (got.Source != "") != tt.readable {
				t.Errorf("hidden reply as %s: Hidden %v, HTML %q, Source %q; want hidden, readable %v", tt.name, got.Hidden, got.HTML, got.Source, tt.readable)
			}
		}
		if since, err := db.PostsSince(ctx, s.dave, th.ID, 0); err != nil || len(since) != 1 || since[0].HTML != "" || !since[0].Hidden {
			t.Errorf("PostsSince as dave = %v, %v; want the reply hidden and empty", since, err)
		}
		if got := flagsOf(t, db, s.alice, s.garden.Slug, true); len(got) != 0 {
			t.Errorf("Flags(open) after hiding = %v; want none", flagSummaries(got))
		}
		all := flagsOf(t, db, s.alice, s.garden.Slug, false)
		if len(all) != 1 || all[0].Resolution != praxis.ResolutionHidden || all[0].ResolvedBy == nil || all[0].ResolvedBy.Handle != "alice" ||
			all[0].ResolvedAt == nil || !all[0].ResolvedAt.Equal(clock.T) || !all[0].PostHidden {
			t.Errorf("Flags(all) after hiding = %+v; want dave's flag resolved as hidden by alice now", all)
		}

		// Hiding again changes nothing and logs nothing; a flag made
		// since is resolved by it.
		if _, err := db.HidePost(ctx, s.alice, r.ID, "again"); err != nil {
			t.Fatalf("HidePost again: %v", err)
		}
		if got, want := logActions(t, db, s.alice, s.garden.Slug), []string{praxis.ModHide}; !slices.Equal(got, want) {
			t.Errorf("log after hiding twice = %v; want %v", got, want)
		}
		if f, err := db.FlagPost(ctx, s.bob, r.ID, "Still rude."); err != nil {
			t.Fatalf("FlagPost on a hidden post: %v", err)
		} else if f.Excerpt != "" || !f.PostHidden {
			t.Errorf("FlagPost on a hidden post: excerpt %q, hidden %v; want no text for one who may not read it", f.Excerpt, f.PostHidden)
		}

		clock.Add(time.Minute)
		if p, err = db.RestorePost(ctx, s.alice, r.ID); err != nil || p.Hidden {
			t.Fatalf("RestorePost = %+v, %v; want the reply, visible", p, err)
		}
		if got := postAs(t, db, s.dave, th.ID, r.ID); got.Hidden || !strings.Contains(got.HTML, "<strong>bob</strong>") {
			t.Errorf("restored reply as dave: Hidden %v, HTML %q; want it visible again", got.Hidden, got.HTML)
		}
		if got, want := flagSummaries(flagsOf(t, db, s.alice, s.garden.Slug, false)), []string{"bob:carol:kept", "dave:carol:hidden"}; !slices.Equal(got, want) {
			t.Errorf("Flags(all) after restoring = %v; want %v", got, want)
		}
		if _, err := db.RestorePost(ctx, s.alice, r.ID); err != nil {
			t.Errorf("RestorePost of a visible post: %v; want no error", err)
		}

		// Dismissing leaves the post as it is.
		clock.Add(time.Minute)
		if _, err := db.FlagPost(ctx, s.carol, threadPage(t, db, s.bob, th.ID).Opening.ID, "Not sure this belongs here."); err != nil {
			t.Fatalf("FlagPost on the opening post: %v", err)
		}
		opening := threadPage(t, db, s.bob, th.ID).Opening.ID
		if err := db.DismissFlags(ctx, s.alice, opening); err != nil {
			t.Fatalf("DismissFlags: %v", err)
		}
		if err := db.DismissFlags(ctx, s.alice, opening); err != nil {
			t.Errorf("DismissFlags with none open: %v; want no error", err)
		}
		if got := postAs(t, db, s.dave, th.ID, opening); got.Hidden || got.HTML == "" {
			t.Errorf("opening post after dismissal: Hidden %v, HTML %q; want it visible", got.Hidden, got.HTML)
		}
		if got := flagsOf(t, db, s.alice, s.garden.Slug, false); len(got) != 3 || got[0].Resolution != praxis.ResolutionDismissed || got[0].FlaggedBy.Handle != "carol" {
			t.Errorf("Flags(all) after dismissing = %v; want carol's flag dismissed, newest first", flagSummaries(got))
		}

		entries, err := db.ModerationLog(ctx, s.alice, s.garden.Slug, 0)
		if err != nil {
			t.Fatalf("ModerationLog: %v", err)
		}
		type entry struct {
			actor, action string
			thread, post  int64
			reason        string
		}
		var got []entry
		for _, e := range entries {
			got = append(got, entry{e.Actor.Handle, e.Action, e.ThreadID, e.PostID, e.Reason})
			if e.ThreadTitle != th.Title {
				t.Errorf("log entry %s: thread title %q; want %q", e.Action, e.ThreadTitle, th.Title)
			}
		}
		want := []entry{
			{"alice", praxis.ModDismiss, th.ID, opening, ""},
			{"alice", praxis.ModRestore, th.ID, r.ID, ""},
			{"alice", praxis.ModHide, th.ID, r.ID, "Personal attack."},
		}
		if !slices.Equal(got, want) {
			t.Errorf("ModerationLog = %+v; want %+v", got, want)
		}
	})
}

func TestHideOpeningPost(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		th := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Something offensive in the opening")
		opening := threadPage(t, db, s.bob, th.ID).Opening.ID
		excerptAs := func(actor *praxis.User) string {
			l, err := db.Threads(ctx, actor, s.garden.Slug, praxis.ThreadFilter{})
			if err != nil || len(l.Threads) != 1 {
				t.Fatalf("Threads = %v, %v; want one thread", l, err)
			}
			return l.Threads[0].Excerpt
		}
		if got := excerptAs(s.dave); got != "About: "+th.Title {
			t.Fatalf("excerpt = %q; want the opening post's text", got)
		}
		if _, err := db.HidePost(ctx, s.alice, opening, ""); err != nil {
			t.Fatalf("HidePost(opening): %v", err)
		}
		if got := excerptAs(s.dave); got != "" {
			t.Errorf("excerpt while the opening post is hidden = %q; want none", got)
		}
		if _, err := db.RestorePost(ctx, s.alice, opening); err != nil {
			t.Fatalf("RestorePost(opening): %v", err)
		}
		if got := excerptAs(s.dave); got != "About: "+th.Title {
			t.Errorf("excerpt after restoring = %q; want the opening post's text", got)
		}
	})
}

func TestModerationLog(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		orchard := createCommunity(t, db, s.alice, "Orchard", praxis.VisibilityPublic, praxis.JoinOpen)
		th := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Pruning apple trees?")
		r := addReply(t, db, s.carol, th.ID, "Never prune.")
		bad := addReply(t, db, s.dave, th.ID, "Buy my shears.")
		own := addReply(t, db, s.alice, th.ID, "A note from the coordinator.")
		if _, err := db.FlagPost(ctx, s.bob, bad.ID, "Advertising."); err != nil {
			t.Fatalf("FlagPost: %v", err)
		}
		step := func(name string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			clock.Add(time.Second)
		}
		_, err := db.SetThreadState(ctx, s.alice, th.ID, praxis.ThreadState{Pinned: new(true), Locked: new(true)})
		step("pin and lock", err)
		_, err = db.SetThreadState(ctx, s.admin, th.ID, praxis.ThreadState{Status: new(praxis.ThreadClosed)})
		step("close", err)
		_, err = db.SetThreadState(ctx, s.alice, th.ID, praxis.ThreadState{Status: new(praxis.ThreadOpen), Locked: new(false), Pinned: new(false)})
		step("reopen, unlock, unpin", err)
		_, err = db.HidePost(ctx, s.alice, bad.ID, "Advertising.")
		step("hide", err)
		step("delete another's post", db.DeletePost(ctx, s.alice, r.ID))
		step("delete one's own post", db.DeletePost(ctx, s.alice, own.ID))
		if _, err := db.FlagPost(ctx, s.carol, bad.ID, "Advertising, again."); err != nil {
			t.Fatalf("FlagPost after hiding: %v", err)
		}
		_, err = db.RestorePost(ctx, s.alice, bad.ID)
		step("restore", err)
		if _, err := db.FlagPost(ctx, s.dave, r.ID, "Was it deleted?"); praxis.ErrorCode(err) != praxis.EINVALID {
			t.Fatalf("FlagPost on a deleted post: %v; want %s", err, praxis.EINVALID)
		}
		if _, err := db.FlagPost(ctx, s.dave, threadPage(t, db, s.bob, th.ID).Opening.ID, "Wrong community."); err != nil {
			t.Fatalf("FlagPost(opening): %v", err)
		}
		step("dismiss", db.DismissFlags(ctx, s.alice, threadPage(t, db, s.bob, th.ID).Opening.ID))
		_, err = db.MoveThread(ctx, s.alice, th.ID, orchard.Slug)
		step("move", err)

		// Newest first; the entries of one change share its time and come
		// last-written first. Deleting one's own post is not moderation.
		want := []string{praxis.ModMoveOut, praxis.ModDismiss, praxis.ModRestore, praxis.ModDelete, praxis.ModHide,
			praxis.ModReopen, praxis.ModUnlock, praxis.ModUnpin, praxis.ModClose, praxis.ModLock, praxis.ModPin}
		if got := logActions(t, db, s.alice, s.garden.Slug); !slices.Equal(got, want) {
			t.Errorf("ModerationLog(garden) actions = %v; want %v", got, want)
		}
		if got := logActions(t, db, s.alice, orchard.Slug); !slices.Equal(got, []string{praxis.ModMoveIn}) {
			t.Errorf("ModerationLog(orchard) actions = %v; want [%s]", got, praxis.ModMoveIn)
		}

		entries, err := db.ModerationLog(ctx, s.alice, s.garden.Slug, 4)
		if err != nil || len(entries) != 4 {
			t.Fatalf("ModerationLog(limit 4) = %d entries, %v; want 4", len(entries), err)
		}
		if e := entries[0]; e.Actor.Handle != "alice" || e.ThreadID != th.ID || e.Reason != "to "+orchard.Slug || e.ThreadTitle != "" {
			t.Errorf("move-out entry = %+v; want alice, the thread, reason %q, no title now that it left", e, "to "+orchard.Slug)
		}
		if e := entries[3]; e.Action != praxis.ModDelete || e.PostID != r.ID || e.ActionLabel() != "deleted a post" {
			t.Errorf("entries[3] = %+v (%q); want the deletion of carol's reply", e, e.ActionLabel())
		}
		if got := logActions(t, db, s.admin, s.garden.Slug); len(got) != len(want) {
			t.Errorf("ModerationLog as an administrator = %v; want %d entries", got, len(want))
		}
	})
}
