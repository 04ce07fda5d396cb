package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore/sqltest"
)

// TestBrowserKnowledgeBase walks, in a real headless Chromium, the life of
// an article: a solved question becomes a draft article, a second member
// reviews and approves it, it is published with a review-by date, the
// clock passes that date and the article shows "needs review" in its
// steward's queue, and the steward restores an earlier version from the
// history page. It runs once per database, with the two people in separate
// browser contexts.
func TestBrowserKnowledgeBase(t *testing.T) {
	eachBrowserJourney(t, knowledgeJourney)
}

// knowledgeJourney is the journey of TestBrowserKnowledgeBase, on a fresh
// database of the dialect whose clock the test moves.
func knowledgeJourney(t *testing.T, browser context.Context, dialect string) {
	const (
		slug   = "field-kitchens"
		title  = "How do you keep rice warm for a hundred people?"
		answer = "Keep it in insulated boxes with the lids on, never in a cooling oven."
		edited = "Use the oven at 70 °C."
	)
	home := "/c/" + slug

	// 1. Arrange with the store: the people, the community and a solved
	// question. Everything the journey is about happens in the browser.
	ctx := t.Context()
	clock := &sqltest.Clock{T: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	store := newJourneyStore(t, dialect, clock)
	db, signUp := store.db, store.signUp
	asha, ben, cai := signUp("asha", "Asha Rao"), signUp("ben", "Ben Tanaka"), signUp("cai", "Cai Moreno")
	name, statement := "Field Kitchens", "Cooking well for many people, far from a kitchen."
	visibility, joinPolicy := praxis.VisibilityPublic, praxis.JoinOpen
	c, err := db.CreateCommunity(ctx, asha, praxis.CommunityInput{Name: &name, DomainStatement: &statement,
		Visibility: &visibility, JoinPolicy: &joinPolicy}, nil)
	if err != nil || c.Slug != slug {
		t.Fatalf("CreateCommunity: %v, slug %q; want %q", err, c.Slug, slug)
	}
	for _, u := range []*praxis.User{ben, cai} {
		if _, err := db.Join(ctx, u, slug, ""); err != nil {
			t.Fatalf("Join by %s: %v", u.Handle, err)
		}
	}
	kind, asked, question := praxis.KindQuestion, title, "We cook at noon and serve at six. How do you keep it warm and safe?"
	thread, err := db.CreateThread(ctx, asha, slug, praxis.ThreadInput{Kind: &kind, Title: &asked, Body: &question})
	if err != nil {
		t.Fatalf("CreateThread: %v", err)
	}
	reply, err := db.Reply(ctx, ben, thread.ID, answer, 0)
	if err != nil {
		t.Fatalf("Reply: %v", err)
	}
	if thread, err = db.Accept(ctx, asha, thread.ID, reply.ID); err != nil {
		t.Fatalf("Accept: %v", err)
	}

	// The server reads the store's clock.
	base := store.serve(false)

	a := newBrowserTab(t, browser, base)
	a.who = "asha"
	b := newBrowserTab(t, browser, base)
	b.who = "cai"
	a.signIn("asha@example.org", testPassword)
	b.signIn("cai", testPassword)

	// 2. Asha turns the solved question into a draft article.
	resp := a.visit(thread.Path())
	a.wantPage(resp, 200, thread.Path())
	resp = a.follow(`#thread-article-form button[type=submit]`)
	article := a.path()
	if !strings.HasPrefix(article, home+"/kb/") {
		a.fatalf("after turning the thread into an article: got page %s, want an article of %s", article, home)
	}
	a.wantPage(resp, 200, article)
	a.wantText("#article-status", "Draft")
	a.wantText("#article-title", title)
	a.wantText("#sources", title)
	a.wantText(".article-body", answer)

	// 3. She asks Cai to review it.
	a.typeInto("#reviewers", "cai")
	resp = a.follow(`#request-review-form button[type=submit]`)
	a.wantPage(resp, 200, article)
	a.wantText("#article-status", "In review")

	// 4. Cai, in his own browser, approves it.
	resp = b.visit(article)
	b.wantPage(resp, 200, article)
	b.typeInto("#review-comment", "Clear and right; we do the same.")
	resp = b.follow(`#review-form button[value="approved"]`)
	b.wantPage(resp, 200, article)
	b.wantText("#reviews", "Approved")
	b.wantText("#reviews", "Clear and right; we do the same.")

	// 5. Asha publishes it, to be reviewed again in two weeks.
	reviewBy := clock.Now().AddDate(0, 0, 14).Format(time.DateOnly)
	resp = a.visit(article)
	a.wantPage(resp, 200, article)
	a.wantText("#reviews", "Approved")
	a.setValue("#publish-review-by", reviewBy)
	resp = a.follow(`#publish-form button[type=submit]`)
	a.wantPage(resp, 200, article)
	a.wantText("#article-status", "Published")
	a.wantText("#review-by", reviewBy)
	if n := a.count("#needs-review"); n != 0 {
		a.fatalf("a fresh article shows %d needs-review banners, want 0", n)
	}
	resp = a.visit("/kb/queue")
	a.wantPage(resp, 200, "/kb/queue")
	a.wantText("#queue-empty", "Nothing needs review")

	// 6. Fifteen days later it needs review: in Asha's queue, and to readers.
	clock.Add(15 * 24 * time.Hour)
	resp = a.visit("/kb/queue")
	a.wantPage(resp, 200, "/kb/queue")
	row := `#queue li.article-row:has(a[href="` + article + `"])`
	if n := a.count(row); n != 1 {
		a.fatalf("rows of the article in the queue: got %d, want 1", n)
	}
	a.wantText(row+" .badge-needs-review", "Needs review")
	a.wantText(row, "due "+reviewBy)
	resp = b.visit(article)
	b.wantPage(resp, 200, article)
	b.wantText("#article-status", "Needs review")
	b.wantText("#needs-review", "Needs review")

	// 7. Asha edits it from the queue, then thinks better of it and
	// restores the first version from the history page.
	resp = a.follow(row + ` a[href$="/edit"]`)
	a.wantPage(resp, 200, article+"/edit")
	a.clear("#body")
	a.typeInto("#body", edited)
	a.typeInto("#summary", "Simpler")
	resp = a.follow(`#article-form button[type=submit]`)
	a.wantPage(resp, 200, article)
	a.wantText(".article-body", edited)
	resp = a.visit(article + "/history")
	a.wantPage(resp, 200, article+"/history")
	a.wantText("#version-2", "Simpler")
	a.wantText("#version-2 .diff ins", edited)
	if n := a.count("#version-2 .restore-form"); n != 0 {
		a.fatalf("the current version offers %d restore buttons, want 0", n)
	}
	evaluate[bool](a, `(window.confirm = () => true, true)`) // accept the "Restore version 1?" question
	resp = a.follow(`#version-1 .restore-form button[type=submit]`)
	a.wantPage(resp, 200, article)
	a.wantText(".flash", "Version 1 is restored")
	a.wantText(".article-body", answer)
	a.wantText(".article-head", "version 3")
	if strings.Contains(a.text(".article-body"), edited) {
		a.fatalf("after restoring version 1 the article still reads %q", edited)
	}
}
