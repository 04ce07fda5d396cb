package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"praxis"
)

// maxTabs is how many presses of Tab may lead from one control to the
// next one a journey needs: more than any page of Praxis has stops.
const maxTabs = 120

// TestBrowserKeyboard walks, in a real headless Chromium and with the
// keyboard alone (Tab, Shift+Tab, Enter, Space, arrows and typed
// characters; never a click), the journey of a new member: from the home
// page she signs in, opens a community, joins it, asks a question, opens
// and closes disclosures, accepts the answer a colleague writes, searches,
// and signs out. At every stop the focused element must be on screen and
// show a focus indicator; the first stop of a page is a "Skip to content"
// link that works; Shift+Tab goes back; and Tab, pressed long enough,
// comes back to the top of the page: there is no keyboard trap. It runs
// once per database.
func TestBrowserKeyboard(t *testing.T) {
	eachBrowserJourney(t, keyboardJourney)
}

func keyboardJourney(t *testing.T, browser context.Context, dialect string) {
	const (
		slug   = "night-shift"
		title  = "How do you hand over a patient with a pending scan?"
		body   = "The scan is booked for 3 am and the day team never hears the result."
		answer = "Write the scan on the handover sheet and call radiology at 6 am."
	)
	home := "/c/" + slug

	// 1. Arrange with the store: the people and the community.
	ctx := t.Context()
	store := newJourneyStore(t, dialect, nil)
	db, signUp := store.db, store.signUp
	cora, ben := signUp("cora", "Cora Lind"), signUp("ben", "Ben Tanaka")
	signUp("nia", "Nia Okafor")
	name, address, statement := "Night Shift Nurses", slug, "Handing over care safely between shifts."
	visibility, joinPolicy := praxis.VisibilityPublic, praxis.JoinOpen
	if _, err := db.CreateCommunity(ctx, cora, praxis.CommunityInput{Name: &name, Slug: &address, DomainStatement: &statement,
		Visibility: &visibility, JoinPolicy: &joinPolicy}, nil); err != nil {
		t.Fatalf("CreateCommunity: %v", err)
	}
	if _, err := db.Join(ctx, ben, slug, ""); err != nil {
		t.Fatalf("Join by ben: %v", err)
	}
	// The server as praxis serve builds it, live updates woken by the
	// database's thread events.
	base := store.serve(true)

	k := &keyboardTab{newBrowserTab(t, browser, base)}
	k.who = "nia"

	// 2. The home page: the first stop is the skip link, and it skips.
	resp := k.visit("/")
	k.wantPage(resp, 200, "/")
	k.wantSkipLink()

	// 3. Nia signs in: the link, her handle, her testPassword, Enter.
	resp = k.enterOn(`.nav a[href="/login"]`)
	k.wantPage(resp, 200, "/login")
	k.tabTo("#account")
	k.typeKeys("nia")
	k.tabTo("#password")
	k.typeKeys(testPassword)
	resp = k.pressForPage(kb.Enter) // Enter in a field submits its form
	k.wantPage(resp, 200, "/")
	k.wantText(".nav", "Sign out")

	// 4. She opens the community and joins it, with Space on the button.
	resp = k.enterOn(`.community-card a[href="` + home + `"]`)
	k.wantPage(resp, 200, home)
	k.tabTo(`form[action="` + home + `/join"] button[type=submit]`)
	resp = k.pressForPage(" ")
	k.wantPage(resp, 200, home)
	k.wantText(".community-head", "You are a member")

	// 5. She asks: the kind (arrows move between the radio buttons), the
	// title and the details, a disclosure opened and closed, then Enter
	// on the Post button.
	resp = k.enterOn(`a[href="` + home + `/ask"]`)
	k.wantPage(resp, 200, home+"/ask")
	k.tabTo(`input[name=kind]:checked`)
	k.press(kb.ArrowDown)
	if !k.focusedIs(`input[name=kind][value="discussion"]:checked`) {
		k.fatalf("after ArrowDown in the kinds: discussion is not the focused, checked kind")
	}
	k.press(kb.ArrowUp)
	if !k.focusedIs(`input[name=kind][value="question"]:checked`) {
		k.fatalf("after ArrowUp in the kinds: question is not the focused, checked kind")
	}
	k.tabTo("#title")
	k.typeKeys(title)
	k.tabTo("#body")
	k.typeKeys(body)
	k.press(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
	if !k.focusedIs("#title") {
		k.fatalf("Shift+Tab from the details: got %s, want #title (the suggestions between them are empty)", k.focused().Desc)
	}
	k.wantFocusShown()
	k.tabTo("details.guide > summary")
	k.wantDisclosure("details.guide", kb.Enter, true)
	k.tabTo("#tried") // what the disclosure shows is in the tab order now
	k.press(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
	if !k.focusedIs("details.guide > summary") {
		k.fatalf("Shift+Tab from #tried: got %s, want the summary of the guide", k.focused().Desc)
	}
	k.wantDisclosure("details.guide", " ", false)
	k.tabTo(`#ask-form button[type=submit]`)
	resp = k.pressForPage(kb.Enter)
	thread := k.path()
	if !strings.HasPrefix(thread, home+"/t/") {
		k.fatalf("after asking: got page %s, want a thread of %s", thread, home)
	}
	k.wantPage(resp, 200, thread)
	k.wantText("#thread-title", title)

	// 6. No keyboard trap: from the top, Tab goes through the whole thread
	// page and comes back to the skip link.
	k.wantNoTrap()

	// 7. Ben answers; his answer appears on the open page. Nia opens the
	// Flag disclosure of his answer with Enter and closes it with Space,
	// then accepts the answer with Enter.
	var threadID int64
	fmt.Sscanf(strings.TrimPrefix(thread, home+"/t/"), "%d", &threadID)
	reply, err := db.Reply(ctx, ben, threadID, answer, 0)
	if err != nil {
		t.Fatalf("Reply: %v", err)
	}
	post := fmt.Sprintf("#post-%d", reply.ID)
	k.waitUntil("Ben's answer to appear", `document.querySelector("#posts `+post+`") !== null`, liveWait)
	k.tabTo(post + " details.mod-menu > summary")
	k.wantDisclosure(post+" details.mod-menu", kb.Enter, true)
	k.wantDisclosure(post+" details.mod-menu", " ", false)
	k.tabTo(post + ` form[action$="/accept"] button[type=submit]`)
	resp = k.pressForPage(kb.Enter)
	k.wantPage(resp, 200, thread)
	k.wantText(".thread-head .badge-solved", "Solved")

	// 8. She searches from the header's box.
	k.tabTo("#site-search")
	k.typeKeys("handover")
	resp = k.pressForPage(kb.Enter)
	k.wantPage(resp, 200, "/search")
	k.wantText(".search-hit .search-title", title)

	// 9. She signs out.
	k.tabTo(`form[action="/logout"] button[type=submit]`)
	resp = k.pressForPage(kb.Enter)
	k.wantPage(resp, 200, "/")
	k.wantText(".flash", "You are signed out")
	k.wantText(".nav", "Sign in")
}

// keyboardTab drives a browser tab with key presses only.
type keyboardTab struct {
	*browserTab
}

// focus describes the focused element, as focusJS reports it.
type focus struct {
	None      bool   `json:"none"` // no element has the focus (the body has it)
	Desc      string `json:"desc"`
	Visible   bool   `json:"visible"`
	Indicator bool   `json:"indicator"`
}

// focusJS describes document.activeElement: what it is, whether it is on
// screen, and whether it shows a focus indicator (an outline or a shadow).
const focusJS = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body || el === document.documentElement) return {none: true, desc: "nothing"};
	const r = el.getBoundingClientRect();
	const cs = getComputedStyle(el);
	const text = (el.getAttribute("aria-label") || el.innerText || el.value || "").trim().replace(/\s+/g, " ").slice(0, 40);
	return {
		none: false,
		desc: el.localName + (el.id ? "#" + el.id : "") + (el.name ? "[name=" + el.name + "]" : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "") + (text ? " “" + text + "”" : ""),
		visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth &&
			cs.visibility !== "hidden" && cs.opacity !== "0",
		indicator: (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || (cs.boxShadow !== "" && cs.boxShadow !== "none"),
	};
})()`

// press sends one key (a kb constant or a character), with options such
// as modifiers.
func (k *keyboardTab) press(key string, opts ...chromedp.KeyOption) {
	k.t.Helper()
	ctx, cancel := k.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(key, opts...)); err != nil {
		k.fatalf("press %q: %v", key, err)
	}
}

// typeKeys types text into the focused element, key by key.
func (k *keyboardTab) typeKeys(text string) {
	k.t.Helper()
	k.press(text)
}

// pressForPage presses key and returns the page it leads to.
func (k *keyboardTab) pressForPage(key string) *network.Response {
	k.t.Helper()
	ctx, cancel := k.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(key))
	if err != nil {
		k.fatalf("press %q: %v", key, err)
	}
	if resp == nil {
		k.fatalf("press %q: no page was loaded", key)
	}
	return resp
}

// enterOn tabs to the link or button that css selects and presses Enter
// on it, and returns the page it leads to.
func (k *keyboardTab) enterOn(css string) *network.Response {
	k.t.Helper()
	k.tabTo(css)
	return k.pressForPage(kb.Enter)
}

// focused describes the focused element.
func (k *keyboardTab) focused() focus {
	k.t.Helper()
	return evaluate[focus](k.browserTab, focusJS)
}

// focusedIs reports whether the focused element matches css.
func (k *keyboardTab) focusedIs(css string) bool {
	k.t.Helper()
	q, _ := json.Marshal(css)
	return evaluate[bool](k.browserTab, `(() => { const el = document.activeElement; return !!el && el !== document.body && el.matches(`+string(q)+`) })()`)
}

// wantFocusShown fails the test unless the focused element is on screen
// and shows a focus indicator.
func (k *keyboardTab) wantFocusShown() focus {
	k.t.Helper()
	f := k.focused()
	if f.None {
		return f
	}
	if !f.Visible {
		k.fatalf("the focused element %s is not on screen", f.Desc)
	}
	if !f.Indicator {
		k.fatalf("the focused element %s shows no focus indicator (its outline and box-shadow are none)", f.Desc)
	}
	return f
}

// tabTo presses Tab until the focused element matches css, checking at
// each stop that the focus is shown, and fails after maxTabs presses,
// listing the stops it went through.
func (k *keyboardTab) tabTo(css string) {
	k.t.Helper()
	var stops []string
	for range maxTabs {
		k.press(kb.Tab)
		f := k.wantFocusShown()
		stops = append(stops, f.Desc)
		if !f.None && k.focusedIs(css) {
			return
		}
	}
	k.fatalf("after %d presses of Tab the focus never reached %s on %s; it went through:\n%s", maxTabs, css, k.path(), strings.Join(stops, "\n"))
}

// wantSkipLink checks, on a freshly loaded page, that the first Tab stop
// is a visible "Skip to content" link, and that Enter on it moves the
// focus to the main content, where the next Tab stop is.
func (k *keyboardTab) wantSkipLink() {
	k.t.Helper()
	k.press(kb.Tab)
	f := k.wantFocusShown()
	if !k.focusedIs(`a[href="#main"]`) || !strings.Contains(f.Desc, "Skip to content") {
		k.fatalf("first Tab stop: got %s, want a “Skip to content” link to #main", f.Desc)
	}
	k.press(kb.Enter)
	if !k.focusedIs("main#main") {
		k.fatalf("after Enter on the skip link: the focus is on %s, want main#main", k.focused().Desc)
	}
	k.press(kb.Tab)
	k.wantFocusShown()
	if !k.focusedIs("main *") {
		k.fatalf("Tab after skipping: got %s, want an element of the main content", k.focused().Desc)
	}
}

// wantDisclosure presses key on the focused summary of the details
// element that css selects and checks that it is then open (or closed).
func (k *keyboardTab) wantDisclosure(css, key string, open bool) {
	k.t.Helper()
	k.press(key)
	q, _ := json.Marshal(css)
	got := evaluate[bool](k.browserTab, `document.querySelector(`+string(q)+`).open`)
	if got != open {
		k.fatalf("%s after pressing %q on its summary: open is %v, want %v", css, key, got, open)
	}
	k.wantFocusShown()
}

// wantNoTrap starts at the top of the page and presses Tab until the
// focus comes back to the skip link, failing if it does not within
// maxTabs presses or if a stop does not show its focus.
func (k *keyboardTab) wantNoTrap() {
	k.t.Helper()
	k.tabTo(`a[href="#main"]`)
	var stops []string
	for i := range maxTabs {
		k.press(kb.Tab)
		f := k.wantFocusShown()
		stops = append(stops, f.Desc)
		if !f.None && k.focusedIs(`a[href="#main"]`) {
			k.t.Logf("Tab went round %s in %d presses: %s", k.path(), i+1, strings.Join(stops, " | "))
			return
		}
	}
	k.fatalf("after %d presses of Tab from the top of %s the focus did not come back to it; the last stops:\n%s",
		maxTabs, k.path(), strings.Join(stops[len(stops)-20:], "\n"))
}
