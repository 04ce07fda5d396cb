package demo

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

var admin = &praxis.User{Role: praxis.RoleAdmin}

func TestSeed(t *testing.T) {
	ctx := context.Background()
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		sum, err := Seed(ctx, db, clock.T)
		if err != nil {
			t.Fatalf("Seed: %v", err)
		}
		t.Logf("seeded %+v", *sum)
		if sum.Users < 12 || sum.Communities < 4 || sum.Memberships < sum.Communities || sum.Threads < 8*sum.Communities ||
			sum.Posts < 3*sum.Threads || sum.Activities < 100 {
			t.Errorf("summary = %+v, want a populated demo", *sum)
		}

		t.Run("second seed conflicts and adds nothing", func(t *testing.T) {
			before, err := db.Stats(ctx, admin)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Seed(ctx, db, clock.T)
			if got := praxis.ErrorCode(err); got != praxis.ECONFLICT {
				t.Fatalf("second Seed: code = %q (%v), want %q", got, err, praxis.ECONFLICT)
			}
			after, err := db.Stats(ctx, admin)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(before, after) {
				t.Errorf("stats after second Seed = %v, want %v", after, before)
			}
		})

		t.Run("no account can sign in", func(t *testing.T) {
			users, err := db.Users(ctx, admin, praxis.UserFilter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			if len(users) != sum.Users {
				t.Errorf("users = %d, want %d", len(users), sum.Users)
			}
			orgs := map[string]int{}
			for _, u := range users {
				if u.Email != "" || u.PasswordHash != "" || u.Role != praxis.RoleMember {
					t.Errorf("@%s: email %q, has password %v, role %q; want a placeholder member", u.Handle, u.Email, u.PasswordHash != "", u.Role)
				}
				orgs[u.Organization]++
			}
			if len(orgs) != 2 || orgs[""] > 0 {
				t.Errorf("organizations = %v, want two", orgs)
			}
			if need, err := db.SetupNeeded(ctx); err != nil || !need {
				t.Errorf("SetupNeeded = %v, %v; want true: the demo creates no administrator", need, err)
			}
		})

		all, err := db.Communities(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}

		t.Run("types, visibilities and join policies", func(t *testing.T) {
			if len(all) < 4 {
				t.Fatalf("communities = %d, want at least 4", len(all))
			}
			for _, tc := range []struct {
				name    string
				choices []praxis.Choice
				value   func(*praxis.Community) string
			}{
				{"type", praxis.CommunityTypes, func(c *praxis.Community) string { return c.Type }},
				{"visibility", praxis.Visibilities, func(c *praxis.Community) string { return c.Visibility }},
				{"join policy", praxis.JoinPolicies, func(c *praxis.Community) string { return c.JoinPolicy }},
			} {
				seen := map[string]bool{}
				for _, c := range all {
					seen[tc.value(c)] = true
				}
				for _, ch := range tc.choices {
					if !seen[ch.Value] {
						t.Errorf("no community has %s %q", tc.name, ch.Value)
					}
				}
			}
		})

		t.Run("participation levels", func(t *testing.T) {
			planned := map[string]string{} // slug + handle: level
			for _, c := range communities {
				for _, m := range c.members {
					if !m.pending {
						planned[key(c.slug, m.handle)] = m.level
					}
				}
			}
			complete := 0
			for _, c := range all {
				members, err := db.Members(ctx, admin, c.Slug, praxis.MemberFilter{})
				if err != nil {
					t.Fatalf("Members(%s): %v", c.Slug, err)
				}
				levels := map[string]int{}
				coordinators := 0
				for _, m := range members {
					levels[m.Level]++
					if want := planned[key(c.Slug, m.User.Handle)]; m.Level != want {
						t.Errorf("%s: @%s is %s with %d actions, want %s", c.Slug, m.User.Handle, m.Level, m.Actions, want)
					}
					if m.Membership.Role == praxis.MemberCoordinator {
						coordinators++
					}
				}
				t.Logf("%s: %v", c.Slug, levels)
				if len(levels) == 4 {
					complete++
				}
				if coordinators == 0 {
					t.Errorf("%s has no coordinator", c.Slug)
				}
				if len(members) != c.MemberCount {
					t.Errorf("%s: %d members listed, member count %d", c.Slug, len(members), c.MemberCount)
				}
			}
			if complete*2 <= len(all) {
				t.Errorf("%d of %d communities have members at all four participation levels, want most", complete, len(all))
			}
		})

		t.Run("charters", func(t *testing.T) {
			maxRevisions := 0
			for _, c := range all {
				view, err := db.Community(ctx, admin, c.Slug)
				if err != nil {
					t.Fatal(err)
				}
				if len(view.Goals) < 2 {
					t.Errorf("%s has %d goals, want at least 2", c.Slug, len(view.Goals))
				}
				for _, g := range view.Goals {
					if g.DueDate == "" || g.Status == "" {
						t.Errorf("%s: goal %q has due date %q, status %q", c.Slug, g.Title, g.DueDate, g.Status)
					}
				}
				revs, err := db.CharterRevisions(ctx, admin, c.Slug)
				if err != nil {
					t.Fatal(err)
				}
				if len(revs) != c.CharterVersion {
					t.Errorf("%s: %d revisions, charter version %d", c.Slug, len(revs), c.CharterVersion)
				}
				maxRevisions = max(maxRevisions, len(revs))
				if c.DomainStatement == "" || c.Purpose == "" || c.Values == "" || c.Norms == "" {
					t.Errorf("%s: charter text missing", c.Slug)
				}
				if !c.CreatedAt.Before(clock.T.AddDate(0, -6, 0)) {
					t.Errorf("%s created at %s, want months before %s", c.Slug, c.CreatedAt, clock.T)
				}
			}
			if maxRevisions < 2 {
				t.Errorf("most charter revisions = %d, want at least 2", maxRevisions)
			}
		})

		t.Run("activity is in the past", func(t *testing.T) {
			for _, c := range all {
				days, err := db.DailyActivity(ctx, admin, c.Slug, 120)
				if err != nil {
					t.Fatal(err)
				}
				total := 0
				for _, d := range days {
					total += d.Count
				}
				if total < 20 {
					t.Errorf("%s: %d actions in 120 days, want a living community", c.Slug, total)
				}
				recent, err := db.Activity(ctx, admin, c.Slug, 1)
				if err != nil || len(recent) != 1 {
					t.Fatalf("Activity(%s) = %v, %v", c.Slug, recent, err)
				}
				if recent[0].CreatedAt.After(clock.T) {
					t.Errorf("%s: latest activity at %s, after now %s", c.Slug, recent[0].CreatedAt, clock.T)
				}
			}
		})

		// Every thread as the administrator sees it, with its posts.
		var pages []*praxis.ThreadPage
		threads := map[string][]*praxis.Thread{} // by slug
		for _, c := range all {
			list, err := db.Threads(ctx, admin, c.Slug, praxis.ThreadFilter{Limit: praxis.MaxPageSize})
			if err != nil {
				t.Fatalf("Threads(%s): %v", c.Slug, err)
			}
			threads[c.Slug] = list.Threads
			for _, th := range list.Threads {
				page, err := db.ThreadPage(ctx, admin, th.ID)
				if err != nil {
					t.Fatalf("ThreadPage(%s, %q): %v", c.Slug, th.Title, err)
				}
				pages = append(pages, page)
			}
		}

		t.Run("every community talks", func(t *testing.T) {
			for _, c := range all {
				var questions, solved, helpful int
				for _, th := range threads[c.Slug] {
					helpful += th.HelpfulCount
					if th.Kind == praxis.KindQuestion {
						questions++
						if th.Status == praxis.ThreadSolved {
							solved++
						}
					}
				}
				if n := len(threads[c.Slug]); n < 8 || n > 15 {
					t.Errorf("%s has %d threads, want 8 to 15", c.Slug, n)
				}
				if solved == 0 || helpful == 0 {
					t.Errorf("%s: %d of %d questions solved, %d helpful votes; want some of each", c.Slug, solved, questions, helpful)
				}
			}
		})

		t.Run("accepted answers solve questions", func(t *testing.T) {
			accepted := 0
			for _, p := range pages {
				th := p.Thread
				if th.AcceptedPostID == 0 {
					continue
				}
				accepted++
				if th.Kind != praxis.KindQuestion || th.Status != praxis.ThreadSolved {
					t.Errorf("%q: %s with an accepted answer is %s, want a solved question", th.Title, th.Kind, th.Status)
				}
				var answer *praxis.Post
				for _, r := range p.Replies {
					if r.Accepted {
						answer = r
					}
				}
				if answer == nil || answer.ID != th.AcceptedPostID || answer.Author.Handle == th.Author.Handle {
					t.Errorf("%q: accepted answer %+v, want a reply by someone other than the asker", th.Title, answer)
				}
			}
			if accepted < 10 {
				t.Errorf("%d accepted answers, want most solved questions to have one", accepted)
			}
		})

		t.Run("replies follow their thread", func(t *testing.T) {
			for _, p := range pages {
				if p.Opening.CreatedAt.After(clock.T) {
					t.Errorf("%q started at %s, after now %s", p.Thread.Title, p.Opening.CreatedAt, clock.T)
				}
				prev := p.Opening.CreatedAt
				for _, r := range p.Replies {
					if r.CreatedAt.Before(prev) || r.CreatedAt.After(clock.T) {
						t.Errorf("%q: reply at %s, want between %s and now", p.Thread.Title, r.CreatedAt, prev)
					}
					prev = r.CreatedAt
				}
				if p.Thread.ReplyCount != len(p.Replies) {
					t.Errorf("%q: reply count %d, %d replies", p.Thread.Title, p.Thread.ReplyCount, len(p.Replies))
				}
			}
		})

		t.Run("markdown is rendered", func(t *testing.T) {
			var code, tables int
			for _, p := range pages {
				for _, post := range append([]*praxis.Post{p.Opening}, p.Replies...) {
					fenced := strings.Contains(post.Source, "~~~") || strings.Contains(post.Source, "```")
					if fenced != strings.Contains(post.HTML, "<pre><code") {
						t.Errorf("%q: post %d has a fenced block %v, HTML %q", p.Thread.Title, post.ID, fenced, post.HTML)
					}
					if fenced {
						code++
					}
					if strings.Contains(post.HTML, "<table>") {
						tables++
					}
					if strings.Contains(post.HTML, "{{ref:") {
						t.Errorf("%q: post %d has an unresolved link: %q", p.Thread.Title, post.ID, post.Source)
					}
				}
			}
			if code < 5 || tables < 5 {
				t.Errorf("%d posts with code blocks, %d with tables; want at least 5 of each", code, tables)
			}
		})

		t.Run("members are mentioned", func(t *testing.T) {
			code := regexp.MustCompile("(?s)~~~.*?~~~|```.*?```|`[^`\n]*`")
			mention := regexp.MustCompile(`(?:^|\s)@([a-z0-9-]+)`)
			mentions := 0
			for _, p := range pages {
				members, err := db.Members(ctx, admin, p.Community.Slug, praxis.MemberFilter{})
				if err != nil {
					t.Fatal(err)
				}
				member := map[string]bool{}
				for _, m := range members {
					member[m.User.Handle] = true
				}
				for _, post := range append([]*praxis.Post{p.Opening}, p.Replies...) {
					for _, m := range mention.FindAllStringSubmatch(code.ReplaceAllString(post.Source, ""), -1) {
						if member[m[1]] {
							mentions++
						}
					}
				}
			}
			if mentions < 5 {
				t.Errorf("%d mentions of members, want at least 5", mentions)
			}
		})

		t.Run("moderation and topics", func(t *testing.T) {
			var pinned, stopped, unanswered int
			for _, c := range all {
				pins, err := db.Pinned(ctx, admin, c.Slug)
				if err != nil {
					t.Fatal(err)
				}
				for _, th := range pins {
					pinned++
					if th.Kind != praxis.KindAnnouncement {
						t.Errorf("%s: pinned %s %q, want an announcement", c.Slug, th.Kind, th.Title)
					}
				}
				for _, th := range threads[c.Slug] {
					if th.Locked || th.Status == praxis.ThreadClosed {
						stopped++
					}
					if n := len(th.Topics); n < 1 || n > 3 {
						t.Errorf("%q has topics %v, want 1 to 3", th.Title, th.Topics)
					}
				}
				open, err := db.Threads(ctx, admin, c.Slug, praxis.ThreadFilter{Status: praxis.FilterUnanswered})
				if err != nil {
					t.Fatal(err)
				}
				unanswered += open.Total
				topics, err := db.Topics(ctx, admin, c.Slug)
				if err != nil {
					t.Fatal(err)
				}
				approved := 0
				for _, tp := range topics {
					if tp.Approved {
						approved++
					}
				}
				if approved < 5 {
					t.Errorf("%s: %d approved topics of %d, want the coordinator's topics approved", c.Slug, approved, len(topics))
				}
			}
			if pinned != 2 || stopped == 0 || unanswered < 2 {
				t.Errorf("%d pinned announcements, %d locked or closed threads, %d unanswered questions; want 2, at least 1, at least 2",
					pinned, stopped, unanswered)
			}
		})

		t.Run("conversations stay as private as their community", func(t *testing.T) {
			newcomer, err := db.UserByHandle(ctx, "kevin-oduya") // in no private community
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range all {
				for _, tc := range []struct {
					name   string
					viewer *praxis.User
					sees   bool
				}{
					{"anonymous", nil, c.Visibility == praxis.VisibilityPublic},
					{"outsider", newcomer, c.Visibility != praxis.VisibilityPrivate},
				} {
					list, err := db.Threads(ctx, tc.viewer, c.Slug, praxis.ThreadFilter{})
					switch {
					case tc.sees && (err != nil || list.Total != len(threads[c.Slug])):
						t.Errorf("%s: %s sees %v threads (%v), want %d", c.Slug, tc.name, list, err, len(threads[c.Slug]))
					case !tc.sees && praxis.ErrorCode(err) != praxis.ENOTFOUND:
						t.Errorf("%s: %s lists threads: %v, want %s", c.Slug, tc.name, err, praxis.ENOTFOUND)
					}
					if tc.sees {
						continue
					}
					for _, th := range threads[c.Slug] {
						if _, err := db.ThreadPage(ctx, tc.viewer, th.ID); praxis.ErrorCode(err) != praxis.ENOTFOUND {
							t.Errorf("%s: %s opens %q: %v, want %s", c.Slug, tc.name, th.Title, err, praxis.ENOTFOUND)
						}
					}
				}
			}
		})

		t.Run("visibility by viewer", func(t *testing.T) {
			newcomer, err := db.UserByHandle(ctx, "kevin-oduya") // in no private community
			if err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				name   string
				viewer *praxis.User
				want   map[string]bool
			}{
				{"anonymous", nil, map[string]bool{praxis.VisibilityPublic: true}},
				{"member", newcomer, map[string]bool{praxis.VisibilityPublic: true, praxis.VisibilityInternal: true}},
				{"administrator", admin, map[string]bool{praxis.VisibilityPublic: true, praxis.VisibilityInternal: true, praxis.VisibilityPrivate: true}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					cs, err := db.Communities(ctx, tc.viewer)
					if err != nil {
						t.Fatal(err)
					}
					got := map[string]bool{}
					for _, c := range cs {
						got[c.Visibility] = true
					}
					if !reflect.DeepEqual(got, tc.want) {
						t.Errorf("visibilities seen = %v, want %v", got, tc.want)
					}
				})
			}
		})
	})
}

// TestSeedDeterministic checks that two seeds tell the same story: the same
// members at the same levels, the same conversations at the same times.
func TestSeedDeterministic(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	type member struct {
		Handle, Role, Level string
		Actions             int
	}
	type thread struct {
		Title, Author, Status string
		Replies, Helpful      int
		Created, Active       time.Time
	}
	type story struct {
		Summary Summary
		Members map[string][]member
		Threads map[string][]thread
	}
	seed := func() story {
		db := sqltest.Open(t, "sqlite", &sqltest.Clock{T: now})
		sum, err := Seed(ctx, db, now)
		if err != nil {
			t.Fatalf("Seed: %v", err)
		}
		cs, err := db.Communities(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		out := story{Summary: *sum, Members: map[string][]member{}, Threads: map[string][]thread{}}
		for _, c := range cs {
			ms, err := db.Members(ctx, admin, c.Slug, praxis.MemberFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				out.Members[c.Slug] = append(out.Members[c.Slug], member{m.User.Handle, m.Membership.Role, m.Level, m.Actions})
			}
			list, err := db.Threads(ctx, admin, c.Slug, praxis.ThreadFilter{Sort: praxis.SortNewest, Limit: praxis.MaxPageSize})
			if err != nil {
				t.Fatal(err)
			}
			for _, th := range list.Threads {
				out.Threads[c.Slug] = append(out.Threads[c.Slug],
					thread{th.Title, th.Author.Handle, th.Status, th.ReplyCount, th.HelpfulCount, th.CreatedAt, th.LastActivityAt})
			}
		}
		return out
	}
	first, second := seed(), seed()
	if first.Summary != second.Summary {
		t.Errorf("summaries differ: %+v, then %+v", first.Summary, second.Summary)
	}
	if !reflect.DeepEqual(first.Members, second.Members) {
		t.Errorf("members differ:\n%v\nthen\n%v", first.Members, second.Members)
	}
	if len(first.Threads) == 0 || !reflect.DeepEqual(first.Threads, second.Threads) {
		t.Errorf("threads differ:\n%v\nthen\n%v", first.Threads, second.Threads)
	}
}
