package web_test

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"praxis"
)

// liveWait is how long a reply may take to appear on an open thread page.
const liveWait = 10 * time.Second

// TestBrowserConversation walks, in a real headless Chromium, the journey
// of a question: a member asks one with a code block and a screenshot,
// a colleague answers from another browser, the answer appears on the
// asker's open page without a reload, and the asker accepts it, which
// files the thread under the solved ones. It runs once per database, with
// the two people in separate browser contexts (separate cookies).
func TestBrowserConversation(t *testing.T) {
	eachBrowserJourney(t, conversationJourney)
}

// conversationJourney is the journey of TestBrowserConversation, on a
// fresh database of the dialect.
func conversationJourney(t *testing.T, browser context.Context, dialect string) {
	const (
		community = "Data Engineering Guild"
		slug      = "data-engineering-guild"
		title     = "How do you test a pipeline step that reads Parquet?"
		answer    = "Write a tiny Parquet file in a temporary folder and point the step at it."
	)
	body := "The nightly job only fails in production. The step:\n\n" +
		"```python\ndef load(path):\n    return read_parquet(path)\n```\n\n" +
		"The error is in the screenshot."
	home := "/c/" + slug

	// 1. Arrange with the store: the people and the community. Everything
	// the journey is about happens in the browser.
	ctx := t.Context()
	store := newJourneyStore(t, dialect, nil)
	db, signUp := store.db, store.signUp
	asha, ben := signUp("asha", "Asha Rao"), signUp("ben", "Ben Tanaka")
	name, statement := community, "Building and running reliable data pipelines."
	visibility, joinPolicy := praxis.VisibilityPublic, praxis.JoinOpen
	c, err := db.CreateCommunity(ctx, asha, praxis.CommunityInput{Name: &name, DomainStatement: &statement,
		Visibility: &visibility, JoinPolicy: &joinPolicy}, nil)
	if err != nil {
		t.Fatalf("CreateCommunity: %v", err)
	}
	if c.Slug != slug {
		t.Fatalf("community slug: got %q, want %q", c.Slug, slug)
	}
	if _, err := db.Join(ctx, ben, slug, ""); err != nil {
		t.Fatalf("Join by ben: %v", err)
	}

	// The server as praxis serve builds it, live updates woken by the
	// database's thread events.
	base := store.serve(true)

	screenshot := filepath.Join(t.TempDir(), "error.png")
	writePNG(t, screenshot)

	a := newBrowserTab(t, browser, base)
	a.who = "asha"
	b := newBrowserTab(t, browser, base)
	b.who = "ben"
	a.signIn("asha@example.org", testPassword)
	b.signIn("ben", testPassword)

	// 2. Asha asks a question with a code block and a screenshot.
	resp := a.visit(home + "/ask")
	a.wantPage(resp, 200, home+"/ask")
	a.click(`input[name=kind][value="question"]`)
	a.typeInto("#title", title)
	a.typeInto("#body", body)
	a.upload(`input[type=file][name=files]`, screenshot)
	resp = a.follow(`#ask-form button[type=submit]`)
	threadPath := a.path()
	if !strings.HasPrefix(threadPath, home+"/t/") {
		a.fatalf("after asking: got page %s, want a thread of %s", threadPath, home)
	}
	a.wantPage(resp, 200, threadPath)
	if got := a.text("#thread-title"); got != title {
		a.fatalf("thread title: got %q, want %q", got, title)
	}
	opening := ".post.opening .post-body"
	if got := a.count(opening + ` pre > code.language-python`); got != 1 {
		a.fatalf("python code blocks in the question: got %d, want 1", got)
	}
	a.wantText(opening+" pre > code.language-python", "def load(path):")
	if got := a.count(opening + " img"); got != 1 {
		a.fatalf("images in the question: got %d, want 1", got)
	}
	if src := a.attr(opening+" img", "src"); !strings.HasPrefix(src, "/attachments/") {
		a.fatalf("image src: got %q, want it to start with /attachments/", src)
	}
	a.waitUntil("the screenshot to load",
		`(() => { const img = document.querySelector(".post.opening .post-body img"); return img && img.complete && img.naturalWidth > 0 })()`,
		browserStepTimeout)
	if got := evaluate[int](a, `document.querySelector(".post.opening .post-body img").naturalWidth`); got != 4 {
		a.fatalf("image naturalWidth: got %d, want 4 (the PNG's)", got)
	}

	// 3. Asha keeps her page open; a mark in it would not survive a reload.
	evaluate[bool](a, `window.praxisKeptOpen = true`)
	if got := a.text("#reply-count"); got != "0" {
		a.fatalf("#reply-count before the answer: got %q, want 0", got)
	}

	// Ben opens the thread in his browser and answers.
	resp = b.visit(threadPath)
	b.wantPage(resp, 200, threadPath)
	b.typeInto("#reply-body", answer)
	sent := time.Now()
	resp = b.follow(`#reply-form button[type=submit]`)
	b.wantPage(resp, 200, threadPath)
	answerID := b.attr(`#posts [data-post]`, "data-post")
	answerPost := "#post-" + answerID
	b.wantText(answerPost+" .post-body", answer)

	// 4. The answer appears on Asha's page, which did not reload.
	a.waitUntil("Ben's answer to appear live on Asha's page",
		`document.querySelector("#posts `+answerPost+`") !== null`, liveWait)
	t.Logf("the answer appeared on the open page %v after Ben sent it", time.Since(sent).Round(time.Millisecond))
	if !evaluate[bool](a, `window.praxisKeptOpen === true`) {
		a.fatalf("Asha's page was reloaded; the answer must appear without a reload")
	}
	a.wantText("#posts "+answerPost+" .post-body", answer)
	a.wantText("#posts "+answerPost+" .post-meta", "Ben Tanaka")
	a.wantText("#replies-h", "1 answer")
	a.wantText("#live-status", "New reply from Ben Tanaka")

	// 5. Asha accepts the answer, from the post that arrived live.
	resp = a.follow(answerPost + ` form[action$="/accept"] button[type=submit]`)
	a.wantPage(resp, 200, threadPath)
	a.wantText(answerPost+" .post-meta .badge-solved", "Accepted answer")
	a.wantText(".thread-head .badge-solved", "Solved")
	if got := a.text(answerPost + ` form[action$="/accept"] button`); got != "Unaccept" {
		a.fatalf("accept button of the accepted answer: got %q, want Unaccept", got)
	}

	// 6. The list files the thread under solved, and nowhere else.
	row := `li.thread-row:has(.thread-title a[href="` + threadPath + `"])`
	for _, tc := range []struct {
		status string
		want   int
	}{
		{"solved", 1},
		{"unanswered", 0},
		{"unsolved", 0},
	} {
		resp = b.visit(home + "/t?status=" + tc.status)
		b.wantPage(resp, 200, home+"/t")
		if got := b.count(row); got != tc.want {
			b.fatalf("rows of the thread in ?status=%s: got %d, want %d", tc.status, got, tc.want)
		}
		if tc.want > 0 {
			b.wantText(row+" .badge-solved", "Solved")
		}
	}
}

// writePNG writes a small valid PNG image, 4 by 4 pixels, to path.
func writePNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for x := range 4 {
		for y := range 4 {
			img.Set(x, y, color.RGBA{R: uint8(60 * x), G: uint8(60 * y), B: 200, A: 255})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
