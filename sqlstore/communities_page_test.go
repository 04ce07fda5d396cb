package sqlstore_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// pageCast is who takes part in the community page's tests: @ana
// coordinates every community, @ben is a member of each, and the others
// are members or ask to join as each community needs.
type pageCast struct {
	admin, ana, ben *praxis.User
	others          []*praxis.User
}

func newPageCast(t *testing.T, db *sqlstore.DB, others int) *pageCast {
	t.Helper()
	c := &pageCast{admin: setupAdmin(t, db)}
	c.ana, c.ben = signUp(t, db, "ana"), signUp(t, db, "ben")
	for i := range others {
		c.others = append(c.others, signUp(t, db, fmt.Sprintf("member%d", i)))
	}
	return c
}

// seedPageCommunity makes a public community, joined by request, with
// everything its page shows: threads with a topic, a pinned announcement,
// members, two requests to join, a weekly rhythm of meetups with the next
// one in a week, and a "start here" collection. members counts @ben and
// the others who join; threads counts the conversations besides the
// announcement.
func (c *pageCast) seedPageCommunity(t *testing.T, db *sqlstore.DB, name string, members, threads int, now time.Time) *praxis.Community {
	t.Helper()
	ctx := t.Context()
	com := createCommunity(t, db, c.ana, name, praxis.VisibilityPublic, praxis.JoinRequest)
	people := append([]*praxis.User{c.ben}, c.others...)
	if members+2 > len(people) {
		t.Fatalf("seedPageCommunity(%s): %d members and 2 requests; the cast has %d people", name, members, len(people))
	}
	for _, u := range people[:members] {
		if _, err := db.Join(ctx, u, com.Slug, "Hello"); err != nil {
			t.Fatalf("Join(%s) by %s: %v", com.Slug, u.Handle, err)
		}
		if err := db.Approve(ctx, c.ana, com.Slug, u.Handle); err != nil {
			t.Fatalf("Approve(%s, %s): %v", com.Slug, u.Handle, err)
		}
	}
	for _, u := range people[members : members+2] {
		if _, err := db.Join(ctx, u, com.Slug, "May I?"); err != nil {
			t.Fatalf("Join(%s) by %s: %v", com.Slug, u.Handle, err)
		}
	}
	var first *praxis.Thread
	for i := range threads {
		th := startThread(t, db, people[i%members], com.Slug, praxis.KindQuestion, fmt.Sprintf("Question number %d", i), "soil")
		if first == nil {
			first = th
		}
	}
	startThread(t, db, c.ana, com.Slug, praxis.KindAnnouncement, "Seed swap on Saturday")
	day := now.AddDate(0, 0, 7).Format("2006-01-02")
	createEvent(t, db, c.ana, com.Slug, eventIn(praxis.EventMeetup, "Weekly meetup", day+"T18:00", day+"T19:30", "FREQ=WEEKLY"))
	if err := db.SetCadence(ctx, c.ana, com.Slug, praxis.Cadence{EveryDays: 7, Kind: praxis.EventMeetup}); err != nil {
		t.Fatalf("SetCadence(%s): %v", com.Slug, err)
	}
	if _, err := db.SaveCollection(ctx, c.ana, com.Slug, praxis.Collection{Title: "Start here", StartHere: true,
		Items: []praxis.CollectionItem{{ThreadID: first.ID, Note: "Read first"}}}); err != nil {
		t.Fatalf("SaveCollection(%s): %v", com.Slug, err)
	}
	return com
}

// splitCommunityPage reads what the community page shows with the
// single-part methods, each in its own transaction, as the page did
// before CommunityPage.
func splitCommunityPage(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug string, o praxis.CommunityPageOptions) (*praxis.CommunityPage, error) {
	t.Helper()
	ctx := t.Context()
	v, err := db.Community(ctx, actor, slug)
	if err != nil {
		return nil, err
	}
	pg := &praxis.CommunityPage{CommunityView: *v}
	if actor != nil {
		if pg.Following, err = db.Following(ctx, actor, praxis.FollowCommunity, slug); err != nil {
			return nil, err
		}
	}
	if pg.Pinned, err = db.Pinned(ctx, actor, slug); err != nil {
		return nil, err
	}
	if pg.Recent, err = db.Threads(ctx, actor, slug, praxis.ThreadFilter{Limit: o.Threads}); err != nil {
		return nil, err
	}
	if pg.Activity, err = db.Activity(ctx, actor, slug, o.Activity); err != nil {
		return nil, err
	}
	if pg.Days, err = db.DailyActivity(ctx, actor, slug, o.Days); err != nil {
		return nil, err
	}
	if pg.Rhythm, err = db.Rhythm(ctx, actor, slug, o.RhythmMonths); err != nil {
		return nil, err
	}
	if v.Perm.SeeMembers {
		if pg.Levels, err = db.ParticipationLevels(ctx, actor, slug); err != nil {
			return nil, err
		}
	}
	if v.Perm.ManageMembers {
		pending, err := db.Members(ctx, actor, slug, praxis.MemberFilter{State: praxis.StatePending})
		if err != nil {
			return nil, err
		}
		pg.Pending = len(pending)
	}
	if m := v.Membership; !m.Active() || (m.JoinedAt != nil && m.JoinedAt.After(o.NewcomersSince)) {
		cs, err := db.Collections(ctx, actor, slug)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.StartHere && len(c.Items) > 0 {
				pg.StartHere = c
				break
			}
		}
	}
	return pg, nil
}

// withoutNextDetails returns the rhythm as CommunityPage gives it: the
// next occurrence without its event's hosts and speakers or its answers.
func withoutNextDetails(r *praxis.Rhythm) *praxis.Rhythm {
	if r == nil || r.Next == nil {
		return r
	}
	out, next, event := *r, *r.Next, *r.Next.Event
	event.Hosts, event.Speakers = []praxis.PersonRef{}, []string{}
	next.Event, next.Going, next.Waitlisted, next.MyRSVP = &event, 0, 0, ""
	out.Next = &next
	return &out
}

type partDiff struct{ name, got, want string }

// differentParts names the fields of two community pages that differ,
// with their values as JSON.
func differentParts(got, want *praxis.CommunityPage) []partDiff {
	var out []partDiff
	g, w := reflect.ValueOf(*got), reflect.ValueOf(*want)
	for i := range g.NumField() {
		if gf, wf := g.Field(i).Interface(), w.Field(i).Interface(); !reflect.DeepEqual(gf, wf) {
			gj, _ := json.Marshal(gf)
			wj, _ := json.Marshal(wf)
			out = append(out, partDiff{g.Type().Field(i).Name, string(gj), string(wj)})
		}
	}
	return out
}

// TestCommunityPageMatchesParts checks that the community page, read in
// one transaction, holds what the single-part methods return, for every
// kind of viewer, and fails as Community does where the viewer may not
// look.
func TestCommunityPageMatchesParts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		c := newPageCast(t, db, 4)
		garden := c.seedPageCommunity(t, db, "Garden", 3, 8, clock.Now())
		// @ben, @member0 and @member1 are members of the garden, and
		// @member0 follows it; @member2 and @member3 asked to join, and
		// @invitee is invited.
		follower, requester, outsider, invitee := c.others[0], c.others[2], signUp(t, db, "outsider"), signUp(t, db, "invitee")
		if err := db.Follow(ctx, follower, praxis.FollowCommunity, garden.Slug, true); err != nil {
			t.Fatalf("Follow: %v", err)
		}
		if err := db.Invite(ctx, c.ana, garden.Slug, invitee.Handle); err != nil {
			t.Fatalf("Invite: %v", err)
		}
		vault := createCommunity(t, db, c.ana, "Vault", praxis.VisibilityPrivate, praxis.JoinInvitation)
		join(t, db, c.ana, c.ben, vault.Slug)
		startThread(t, db, c.ben, vault.Slug, praxis.KindDiscussion, "Vault business")
		internal := createCommunity(t, db, c.ana, "Office", praxis.VisibilityInternal, praxis.JoinOpen)
		admin, suspended := c.admin, suspend(t, db, c.admin, signUp(t, db, "suspended"))
		clock.Add(time.Hour)

		viewers := []struct {
			name string
			user *praxis.User
		}{
			{"anonymous", nil}, {"outsider", outsider}, {"requester", requester}, {"invitee", invitee}, {"follower", follower},
			{"member", c.ben}, {"coordinator", c.ana}, {"admin", admin}, {"suspended", suspended},
		}
		// Members who joined in the last half hour count as newcomers:
		// none here, so that both branches of the "start here" rule run
		// once the window is moved below.
		for _, since := range []time.Time{clock.Now().Add(-30 * time.Minute), clock.Now().Add(-24 * time.Hour)} {
			o := praxis.CommunityPageOptions{Threads: 6, Activity: 12, Days: 90, RhythmMonths: 6, NewcomersSince: since}
			for _, com := range []*praxis.Community{garden, vault, internal} {
				for _, v := range viewers {
					name := fmt.Sprintf("%s as %s, newcomers since %s", com.Slug, v.name, since.Format(time.TimeOnly))
					got, err := db.CommunityPage(ctx, v.user, com.Slug, o)
					want, wantErr := splitCommunityPage(t, db, v.user, com.Slug, o)
					if wantErr != nil {
						if praxis.ErrorCode(err) != praxis.ErrorCode(wantErr) {
							t.Errorf("CommunityPage(%s): %v; want %v", name, err, wantErr)
						}
						continue
					}
					if err != nil {
						t.Fatalf("CommunityPage(%s): %v", name, err)
					}
					want.Rhythm = withoutNextDetails(want.Rhythm)
					for _, part := range differentParts(got, want) {
						t.Errorf("CommunityPage(%s).%s = %s; want the single-part methods' %s", name, part.name, part.got, part.want)
					}
				}
			}
		}

		// The garden's page shows each part to the coordinator.
		pg, err := db.CommunityPage(ctx, c.ana, garden.Slug, praxis.CommunityPageOptions{Threads: 6, NewcomersSince: clock.Now().Add(-24 * time.Hour)})
		if err != nil {
			t.Fatalf("CommunityPage(garden) as coordinator: %v", err)
		}
		if len(pg.Pinned) != 1 || len(pg.Recent.Threads) != 6 || pg.Recent.Total != 9 || pg.Pending != 2 || pg.Levels == nil ||
			pg.StartHere == nil || pg.Rhythm.Next == nil || len(pg.Rhythm.Periods) == 0 || len(pg.Activity) == 0 || len(pg.Days) != 90 {
			t.Errorf("CommunityPage(garden) as coordinator: %d pinned, %d of %d threads, %d pending, levels %v, start here %v, next %v, %d periods, %d activities, %d days; want every part",
				len(pg.Pinned), len(pg.Recent.Threads), pg.Recent.Total, pg.Pending, pg.Levels, pg.StartHere, pg.Rhythm.Next,
				len(pg.Rhythm.Periods), len(pg.Activity), len(pg.Days))
		}
		if _, err := db.CommunityPage(ctx, c.ana, "nowhere", praxis.CommunityPageOptions{}); praxis.ErrorCode(err) != praxis.ENOTFOUND {
			t.Errorf("CommunityPage(nowhere): %v; want ENOTFOUND", err)
		}
	})
}
