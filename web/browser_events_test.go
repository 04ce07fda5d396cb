package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore/sqltest"
)

// TestBrowserEvents walks, in a real headless Chromium, the life of a
// monthly meetup: a coordinator schedules the series with two places, two
// members answer going, a third is waitlisted, one going member cancels
// and the waitlisted one is promoted (and sees it on the page); after the
// start (the store's clock moved on), the host marks attendance and the
// harvest becomes a draft article. It runs once per database, each person
// in a browser context of their own.
func TestBrowserEvents(t *testing.T) {
	eachBrowserJourney(t, eventsJourney)
}

func eventsJourney(t *testing.T, browser context.Context, dialect string) {
	const (
		slug  = "bread-bakers"
		title = "Bakers' monthly meetup"
	)
	events := "/c/" + slug + "/events"

	// Arrange with the store: the people and the community.
	ctx := t.Context()
	clock := &sqltest.Clock{T: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	store := newJourneyStore(t, dialect, clock)
	db, signUp := store.db, store.signUp
	cora := signUp("cora", "Cora Lind")
	members := []*praxis.User{signUp("ann", "Ann Berg"), signUp("ben", "Ben Tanaka"), signUp("cai", "Cai Moreno")}
	name, statement := "Bread Bakers", "Baking bread for many, every day."
	visibility, joinPolicy := praxis.VisibilityPublic, praxis.JoinOpen
	if _, err := db.CreateCommunity(ctx, cora, praxis.CommunityInput{Name: &name, DomainStatement: &statement,
		Visibility: &visibility, JoinPolicy: &joinPolicy}, nil); err != nil {
		t.Fatalf("CreateCommunity: %v", err)
	}
	for _, u := range members {
		if _, err := db.Join(ctx, u, slug, ""); err != nil {
			t.Fatalf("Join by %s: %v", u.Handle, err)
		}
	}
	base := store.serve(false)

	tab := func(handle string) *browserTab {
		b := newBrowserTab(t, browser, base)
		b.who = handle
		b.signIn(handle, testPassword)
		return b
	}
	c := tab("cora")

	// 1. Cora finds no events and schedules the first meetup: monthly, on
	// the 2nd Tuesday at 18:00 in Paris, with two places.
	resp := c.visit(events)
	c.wantPage(resp, 200, events)
	c.wantText("#events-empty", "Schedule the first meetup")
	resp = c.follow(`#events-empty a[href$="/events/new?kind=meetup"]`)
	c.wantPage(resp, 200, events+"/new")
	c.typeInto("#title", title)
	c.typeInto("#description", "Bring your **starter**.")
	c.setValue("#time_zone", "Europe/Paris")
	c.setValue("#start", "2026-03-10T18:00")
	c.setValue("#end", "2026-03-10T19:30")
	c.setValue("#repeat", "monthly")
	c.typeInto("#place", "The bakery, 12 Mill Lane")
	c.typeInto("#capacity", "2")
	resp = c.follow(`#event-form button[type=submit]`)
	page := c.path()
	if !strings.HasPrefix(page, events+"/") {
		c.fatalf("after scheduling: page %s, want an occurrence of %s", page, events)
	}
	c.wantPage(resp, 200, page)
	c.wantText("#event-title", title)
	c.wantText("#event-repeat", "Every month on the 2nd Tuesday")
	c.wantText("#event-when", "Tue 10 Mar 2026, 18:00–19:30")
	c.wantText("#places", "0 of 2 places taken")

	// 2. Ann and Ben answer going; Cai, third, is waitlisted.
	answer := func(b *browserTab, status string) {
		t.Helper()
		resp := b.visit(page)
		b.wantPage(resp, 200, page)
		b.click(`#rsvp-form input[name=status][value="` + status + `"]`)
		resp = b.follow(`#rsvp-form button[type=submit]`)
		b.wantPage(resp, 200, page)
	}
	ann, ben, cai := tab("ann"), tab("ben"), tab("cai")
	answer(ann, "going")
	ann.wantText("#my-rsvp", "You are going")
	answer(ben, "going")
	ben.wantText("#places", "2 of 2 places taken (full)")
	answer(cai, "going")
	cai.wantText(".flash", "you are on the waitlist")
	cai.wantText("#my-rsvp", "You are on the waitlist")

	// 3. Ann cannot come after all: Cai is promoted, and sees it.
	answer(ann, "not-going")
	ann.wantText("#my-rsvp", "You are not going")
	resp = cai.visit(page)
	cai.wantPage(resp, 200, page)
	cai.wantText("#my-rsvp", "You are going")
	cai.wantText("#places", "2 of 2 places taken (full)")
	resp = cai.visit("/notifications")
	cai.wantPage(resp, 200, "/notifications")
	cai.wantText(".notifications", "A place opened up")

	// 4. The evening comes: after the start, Cora marks who came.
	clock.T = time.Date(2026, 3, 10, 17, 45, 0, 0, time.UTC) // 18:45 in Paris
	resp = c.visit(page)
	c.wantPage(resp, 200, page)
	c.click("#attended-ben")
	c.click("#attended-cai")
	resp = c.follow(`#attendance-form button[type=submit]`)
	c.wantPage(resp, 200, page)
	c.wantText(".flash", "Attendance is saved")
	for _, h := range []string{"ben", "cai"} {
		c.wantText(`tr[data-handle="`+h+`"]`, "Attended")
		if !evaluate[bool](c, `document.getElementById("attended-`+h+`").checked`) {
			c.fatalf("@%s is not marked as present", h)
		}
	}

	// 5. She harvests the evening and drafts its lessons in the knowledge base.
	c.typeInto("#harvest-notes", "Long fermentation beat every shortcut.")
	c.typeInto("#harvest-links", "https://example.org/bakers/slides")
	resp = c.follow(`#harvest-form button[type=submit]`)
	c.wantPage(resp, 200, page)
	c.wantText("#harvest", "Long fermentation beat every shortcut.")
	resp = c.follow(`#harvest-article-form button[type=submit]`)
	article := c.path()
	if !strings.HasPrefix(article, "/c/"+slug+"/kb/") {
		c.fatalf("after drafting the lessons: page %s, want an article of %s", article, slug)
	}
	c.wantPage(resp, 200, article)
	c.wantText("#article-status", "Draft")
	c.wantText("#article-title", "Lessons from "+title)
	c.wantText(".article-body", "Long fermentation beat every shortcut.")
	resp = c.visit(page)
	c.wantPage(resp, 200, page)
	c.wantText("#harvest-article", "Lessons from this event")
}
