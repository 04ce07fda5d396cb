package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"praxis"
)

// similarWait is how long the ask form may take to show suggestions: the
// typing pause it waits for, then one request.
const similarWait = 10 * time.Second

// TestBrowserSearch walks, in a real headless Chromium, the two ways a
// member finds what the community already knows: while asking a question,
// a solved question like it is suggested, marked solved, and opens in the
// same tab; and the search page, reached from the header's box, shows the
// searched word highlighted in a snippet. It runs once per database.
func TestBrowserSearch(t *testing.T) {
	eachBrowserJourney(t, searchJourney)
}

func searchJourney(t *testing.T, browser context.Context, dialect string) {
	const (
		slug   = "home-brewers"
		solved = "How do I stop my wort chiller from leaking?"
		answer = "Replace the hose clamp with a brass compression fitting."
	)
	home := "/c/" + slug

	// 1. Arrange with the store: the people, the community, a solved
	// question and an open one.
	ctx := t.Context()
	store := newJourneyStore(t, dialect, nil)
	db, signUp := store.db, store.signUp
	asha, ben, dana := signUp("asha", "Asha Rao"), signUp("ben", "Ben Tanaka"), signUp("dana", "Dana Okafor")
	name, statement := "Home Brewers", "Brewing beer at home, well."
	visibility, joinPolicy := praxis.VisibilityPublic, praxis.JoinOpen
	c, err := db.CreateCommunity(ctx, asha, praxis.CommunityInput{Name: &name, DomainStatement: &statement,
		Visibility: &visibility, JoinPolicy: &joinPolicy}, nil)
	if err != nil || c.Slug != slug {
		t.Fatalf("CreateCommunity: %v, slug %q; want %q", err, c.Slug, slug)
	}
	for _, u := range []*praxis.User{ben, dana} {
		if _, err := db.Join(ctx, u, slug, ""); err != nil {
			t.Fatalf("Join by %s: %v", u.Handle, err)
		}
	}
	ask := func(u *praxis.User, title, body string) *praxis.Thread {
		kind := praxis.KindQuestion
		th, err := db.CreateThread(ctx, u, slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body})
		if err != nil {
			t.Fatalf("CreateThread(%q): %v", title, err)
		}
		return th
	}
	chiller := ask(asha, solved, "The copper chiller drips at the hose clamp every brew day.")
	reply, err := db.Reply(ctx, ben, chiller.ID, answer, 0)
	if err != nil {
		t.Fatalf("Reply: %v", err)
	}
	if chiller, err = db.Accept(ctx, asha, chiller.ID, reply.ID); err != nil {
		t.Fatalf("Accept: %v", err)
	}
	if _, err := db.Reply(ctx, dana, chiller.ID, "Check the rubber washer of the hose as well.", 0); err != nil {
		t.Fatalf("Reply by dana: %v", err)
	}
	ask(asha, "Which yeast for a cold lager fermentation?", "A clean lager at ten degrees: which strain?")

	base := store.serve(false)

	b := newBrowserTab(t, browser, base)
	b.who = "ben"
	b.signIn("ben", testPassword)

	// 2. Ben starts to ask the same question: nothing is suggested until
	// the title says something, then the solved question is.
	resp := b.visit(home + "/ask")
	b.wantPage(resp, 200, home+"/ask")
	if live := b.attr("#similar", "aria-live"); live != "polite" {
		b.fatalf("#similar aria-live: got %q, want polite", live)
	}
	b.typeInto("#title", "wo")
	time.Sleep(600 * time.Millisecond) // longer than the typing pause
	if n := b.count("#similar .similar-hit"); n != 0 {
		b.fatalf("suggestions after two letters: got %d, want none", n)
	}
	b.typeInto("#title", "rt chiller leaking")
	b.waitUntil("a suggestion", `document.querySelectorAll("#similar .similar-hit").length > 0 && !document.getElementById("similar").hidden`, similarWait)
	b.wantText("#similar", "These may already answer your question")
	b.wantText("#similar .similar-hit", solved)
	b.wantText("#similar .similar-hit .badge-solved", "Solved")
	if n := b.count("#similar .similar-hit"); n > 5 {
		b.fatalf("suggestions: got %d, want at most 5", n)
	}
	// The people who answered it, but for Ben himself, who asks.
	b.waitUntil("an expert", `document.querySelectorAll("#experts .similar-hit").length > 0 && !document.getElementById("experts").hidden`, similarWait)
	b.wantText("#experts", "People who may know")
	b.wantText("#experts .similar-hit", "Dana Okafor")
	b.wantText("#experts .similar-hit", "1 answer to questions like this")
	if n := b.count("#experts .similar-hit"); n != 1 {
		b.fatalf("experts: got %d, want Dana only (Ben asks)", n)
	}
	if href := b.attr("#experts .similar-hit a", "href"); href != "/u/dana" {
		b.fatalf("expert link: got %q, want /u/dana", href)
	}
	if target := b.attr("#similar .similar-hit a", "target"); target != "" {
		b.fatalf("suggestion link target: got %q, want the same tab", target)
	}
	resp = b.follow("#similar .similar-hit a")
	b.wantPage(resp, 200, chiller.Path())

	// 3. From the header's search box, Ben searches for the chiller: the
	// word is highlighted in the result's snippet.
	b.visit(home)
	b.typeInto("#site-search", "chiller")
	resp = b.follow(".site-search button[type=submit]")
	b.wantPage(resp, 200, "/search")
	b.wantText(".search-hit .search-title", solved)
	mark := strings.ToLower(b.text(".search-hit .snippet mark"))
	if !strings.Contains(mark, "chiller") {
		b.fatalf("highlighted word: got %q, want chiller", mark)
	}
	if v := b.value("#q"); v != "chiller" {
		b.fatalf("search field: got %q, want the query kept", v)
	}
}
