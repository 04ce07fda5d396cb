package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
	"praxis/web"
)

// xssPayloadsFile holds the hostile input of TestBrowserXSS, one payload a
// line; its header says how the lines are read.
const xssPayloadsFile = "testdata/xss/payloads.txt"

// xssSettle is how long a page is left to run after its load event before
// it is checked: long enough for the handlers that fire late (an image's
// error, a toggle, an SVG animation) to have fired.
const xssSettle = 60 * time.Millisecond

// TestBrowserXSS renders every payload of testdata/xss through every field
// of Praxis that takes text from a person (names, titles, bodies, notes,
// reasons, queries...), visits in a real headless Chromium every page that
// shows them, and checks that no payload ran. It also checks that each page
// shows the payloads meant for it, so that a page which stopped showing a
// field cannot pass for a safe one.
//
// A payload that runs calls a hook that the test installs before any
// script of the page (or alert, confirm or prompt, which the hook
// replaces); the hook sets a flag in the DOM and reports through a
// DevTools binding, and a JavaScript dialog that still opens is a third
// signal. Each page is also searched for markup that would run on a click
// or a focus (event handler attributes, javascript: links, frames...).
//
// The browser ignores the Content-Security-Policy here: the policy is the
// second wall (TestTrustSecurityHeaders checks it), and this test checks the
// first, the escaping and sanitizing of what people write.
//
// It runs once per database, each with a browser of its own (started once
// the site is filled, so that browserTimeout bounds the visits only): the
// store turns text into HTML before it saves it, and searches in SQL that
// differs by dialect.
func TestBrowserXSS(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journeys do not run with -short")
	}
	payloads := readXSSPayloads(t)
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			start := time.Now()
			xssJourney(t, dialect, payloads)
			t.Logf("%d payloads on %s took %v", len(payloads), dialect, time.Since(start).Round(time.Millisecond))
		})
	}
}

// readXSSPayloads reads the payloads, with {N} replaced by each one's number.
func readXSSPayloads(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(xssPayloadsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.ReplaceAll(line, "{N}", strconv.Itoa(len(out)+1)))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 30 {
		t.Fatalf("%s: got %d payloads, want at least 30", xssPayloadsFile, len(out))
	}
	return out
}

// xssHookJS runs in every frame before the page's own scripts. Whatever
// calls it leaves its trace three ways: an attribute on the document
// element, a list on the top window, and the __xssReport binding of the
// DevTools protocol, which reaches the test even from a frame of another
// origin or a page that navigated away.
const xssHookJS = `(() => {
	const report = (how, arg) => {
		const what = how + "(" + String(arg) + ") in " + location.href;
		try { document.documentElement.setAttribute("data-xss-ran", what); } catch (e) {}
		try { window.top.__xssRan = (window.top.__xssRan || []).concat([what]); } catch (e) {}
		try { window.__xssReport(what); } catch (e) {}
	};
	window.__xss = (n) => report("__xss", n);
	window.alert = (m) => report("alert", m);
	window.confirm = (m) => { report("confirm", m); return false; };
	window.prompt = (m) => { report("prompt", m); return null; };
})()`

// xssScanJS reads what the hook saw in the page, lists the markup that
// would run a script on a click, a focus or a navigation, and which of the
// wanted markers (%s, a JSON list) the page lacks. The page's own markup
// has none of this: its scripts are files under /static/, and the
// Content-Security-Policy forbids inline scripts, handlers and styles.
const xssScanJS = `((want) => {
	const ran = [];
	const flag = document.documentElement.getAttribute("data-xss-ran");
	if (flag) ran.push(flag);
	for (const r of (window.__xssRan || [])) if (r !== flag) ran.push(r);
	const bad = [];
	const say = (el, why) => bad.push(why + ": " + el.outerHTML.slice(0, 200));
	const scriptURL = (v) => {
		try {
			const p = new URL(v, location.href).protocol;
			return p === "javascript:" || p === "vbscript:";
		} catch (e) {
			return /^\s*(javascript|vbscript):/i.test(v);
		}
	};
	const urlAttrs = ["href", "src", "action", "formaction", "data", "xlink:href", "background", "poster"];
	for (const el of document.querySelectorAll("*")) {
		const tag = el.localName;
		for (const a of Array.from(el.attributes)) {
			const n = a.name.toLowerCase();
			if (n.startsWith("on")) say(el, "event handler attribute " + n);
			else if (n === "style") say(el, "style attribute");
			else if (n === "srcdoc") say(el, "srcdoc attribute");
			else if (urlAttrs.includes(n)) {
				if (scriptURL(a.value)) say(el, "script URL in " + n);
				else if (/^\s*data:/i.test(a.value) && !(tag === "img" && n === "src" && /^\s*data:image\/(png|gif|jpeg|webp)[;,]/i.test(a.value))) say(el, "data URL in " + n);
			}
		}
		if (tag === "script" && !/^\/static\//.test(el.getAttribute("src") || "")) say(el, "script element");
		if (["iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "portal"].includes(tag)) say(el, tag + " element");
		if (tag === "meta" && el.hasAttribute("http-equiv")) say(el, "meta http-equiv");
		if (tag === "link" && !el.closest("head")) say(el, "link element in the body");
	}
	const html = document.documentElement.outerHTML;
	return {ran: ran, bad: bad, missing: want.filter((w) => !html.includes(w))};
})(%s)`

// xssScan is what xssScanJS returns.
type xssScan struct {
	Ran     []string `json:"ran"`
	Bad     []string `json:"bad"`
	Missing []string `json:"missing"`
}

// xssTab is a browser tab with the hook installed, the CSP ignored, and
// its session switched between people by setting the session cookie.
type xssTab struct {
	*browserTab
	site     *xssSite
	sessions map[int64]string // session tokens by user id

	mu   sync.Mutex
	hits []string // reported through the binding or a dialog, not yet checked

	visits   int  // pages checked, for the log and the instance name
	strict   bool // the lab's pages must show its name: not error pages
	failures int  // pages that failed, to stop after a few
}

func newXSSTab(t *testing.T, browser context.Context, base string, site *xssSite) *xssTab {
	t.Helper()
	x := &xssTab{browserTab: newBrowserTab(t, browser, base), site: site, sessions: map[int64]string{}}
	ctx := x.ctx
	dialogs := make(chan struct{}, 64)
	if err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventBindingCalled:
			if ev.Name == "__xssReport" {
				x.record(ev.Payload)
			}
		case *page.EventJavascriptDialogOpening:
			x.record(fmt.Sprintf("a %s dialog %q opened in %s", ev.Type, ev.Message, ev.URL))
			select {
			case dialogs <- struct{}{}:
			default:
			}
		}
	}); err != nil {
		t.Fatalf("listen to the tab: %v", err)
	}
	// A dialog stops the page until it is answered; the listener may not
	// call the browser, so this goroutine does.
	go func() {
		for {
			select {
			case <-dialogs:
				chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			case <-ctx.Done():
				return
			}
		}
	}()
	step, cancel := x.step()
	defer cancel()
	if _, err := chromedp.Call(step, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatalf("bypass the CSP: %v", err)
	}
	if _, err := chromedp.Call(step, runtime.AddBinding, runtime.AddBindingParams{Name: "__xssReport"}); err != nil {
		t.Fatalf("add the binding: %v", err)
	}
	if _, err := chromedp.Call(step, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: xssHookJS}); err != nil {
		t.Fatalf("install the hook: %v", err)
	}
	return x
}

func (x *xssTab) record(what string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.hits = append(x.hits, what)
}

func (x *xssTab) takeHits() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	h := x.hits
	x.hits = nil
	return h
}

// as makes the tab's requests those of u, or of nobody when u is nil.
func (x *xssTab) as(u *praxis.User) {
	x.t.Helper()
	step, cancel := x.step()
	defer cancel()
	if u == nil {
		x.who = "anonymous"
		if _, err := chromedp.Call(step, network.DeleteCookies, network.DeleteCookiesParams{Name: "praxis_session", URL: x.base}); err != nil {
			x.fatalf("sign out: %v", err)
		}
		return
	}
	x.who = u.Handle
	token, ok := x.sessions[u.ID]
	if !ok {
		var err error
		if token, err = x.site.db.CreateSession(x.site.ctx, u.ID, "xss test", "127.0.0.1"); err != nil {
			x.fatalf("CreateSession(%s): %v", u.Handle, err)
		}
		x.sessions[u.ID] = token
	}
	if _, err := chromedp.Call(step, network.SetCookie, network.SetCookieParams{Name: "praxis_session", Value: token, URL: x.base, Path: "/"}); err != nil {
		x.fatalf("sign in as %s: %v", u.Handle, err)
	}
}

// rename gives the instance a name with the next payloads: the name is on
// every page, in its <title> and its header.
func (x *xssTab) rename() string {
	x.t.Helper()
	names := x.site.instanceNames
	name := names[x.visits%len(names)]
	if _, err := x.site.db.UpdateSettings(x.site.ctx, x.site.admin, praxis.SettingsInput{Name: &name}); err != nil {
		x.fatalf("UpdateSettings: %v", err)
	}
	return marker(name)
}

// renameLab gives the lab the next of its names. Its name is on all its
// pages, so that every name is checked in the same places without a
// community, and a visit of its pages, for each.
func (x *xssTab) renameLab() string {
	x.t.Helper()
	names := x.site.labNames
	name := names[x.visits%len(names)]
	if _, err := x.site.db.UpdateCommunity(x.site.ctx, x.site.admin, x.site.slug, praxis.CommunityInput{Name: &name}); err != nil {
		x.fatalf("UpdateCommunity: %v", err)
	}
	return marker(name)
}

// check visits path and checks the page.
func (x *xssTab) check(path string, want ...string) {
	x.t.Helper()
	want = append(want, x.rename())
	if lab := "/c/" + x.site.slug; path == lab || strings.HasPrefix(path, lab+"/") || strings.HasPrefix(path, lab+"?") {
		// The pages of a post (its editor, its history) do not name the
		// community, and neither do error pages.
		if m := x.renameLab(); x.strict && !strings.Contains(path, "/posts/") {
			want = append(want, m)
		}
	}
	x.visit(path)
	x.checkPage(path, want)
}

// submit fills the form that css selects on the page at path with fields
// (name, value pairs) and submits it, then checks the page it leads to.
// The form's own controls of those names are disabled and hidden fields
// take their place, so any value can be sent, as a hand-made form would.
func (x *xssTab) submit(path, css string, fields [][2]string, want ...string) {
	x.t.Helper()
	want = append(want, x.rename())
	x.visit(path)
	q, _ := json.Marshal(css)
	f, _ := json.Marshal(fields)
	js := `((css, fields) => {
		const form = document.querySelector(css);
		if (!form) return false;
		for (const [name, value] of fields) {
			for (const el of Array.from(form.elements)) if (el.name === name) el.disabled = true;
			const input = document.createElement("input");
			input.type = "hidden";
			input.name = name;
			input.value = value;
			form.appendChild(input);
		}
		setTimeout(() => HTMLFormElement.prototype.submit.call(form), 0);
		return true;
	})(` + string(q) + `, ` + string(f) + `)`
	step, cancel := x.step()
	defer cancel()
	resp, err := chromedp.RunResponse(step, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		found, err := chromedp.Evaluate[bool](js)(ctx, t)
		if err == nil && !found {
			err = fmt.Errorf("no form %s on %s", css, path)
		}
		return err
	}))
	if err != nil {
		x.fatalf("submit %s on %s: %v", css, path, err)
	}
	if resp == nil {
		x.fatalf("submit %s on %s: no page was loaded", css, path)
	}
	x.checkPage(path+" → "+css, want)
}

// checkPage lets the page settle, then fails the test if a payload ran in
// it, if it holds markup that could run one, or if it lacks a wanted
// marker (a payload meant for it that it does not show).
func (x *xssTab) checkPage(what string, want []string) {
	x.t.Helper()
	x.visits++
	step, cancel := x.step()
	defer cancel()
	wj, _ := json.Marshal(want)
	settle := fmt.Sprintf(`new Promise((resolve) => setTimeout(() => resolve(true), %d))`, xssSettle.Milliseconds())
	if err := chromedp.Do(step, chromedp.Evaluate[chromedp.Void](settle, chromedp.EvalAwaitPromise)); err != nil {
		x.fatalf("let %s settle: %v", what, err)
	}
	scan, err := chromedp.Run(step, chromedp.Evaluate[xssScan](fmt.Sprintf(xssScanJS, wj)))
	if err != nil {
		x.fatalf("scan %s: %v", what, err)
	}
	// The hook reports a run both in the page and through the binding.
	var ran []string
	for _, r := range append(scan.Ran, x.takeHits()...) {
		if !slices.Contains(ran, r) {
			ran = append(ran, r)
		}
	}
	if len(ran) == 0 && len(scan.Bad) == 0 && len(scan.Missing) == 0 {
		return
	}
	x.failures++
	where := fmt.Sprintf("%s as %s (at %s)", what, x.who, x.path())
	for _, r := range ran {
		x.t.Errorf("%s: a payload ran: %s", where, r)
	}
	for _, b := range scan.Bad {
		x.t.Errorf("%s: hostile markup in the page: %s", where, b)
	}
	if len(scan.Missing) > 0 {
		x.t.Errorf("%s: the page does not show %v: the payloads meant for it are not rendered here", where, scan.Missing)
	}
	if x.failures >= 5 {
		x.fatalf("stopping after %d pages that failed", x.failures)
	}
}

// xssSite is Praxis on a fresh database, filled with payloads by the
// store. Every text it stores starts with a marker, "xm" and a tag and a
// number (a word that every escaping and markdown leaves as it is), so
// that a page can be checked to show it.
type xssSite struct {
	t        *testing.T
	ctx      context.Context
	db       *sqlstore.DB
	clock    *sqltest.Clock
	payloads []string

	admin  *praxis.User   // administrator, coordinator of the lab: the one who sees most
	people []*praxis.User // members who write the payloads, one per name
	slug   string         // the community most things happen in: the lab
	other  []string       // the other communities' slugs

	instanceNames []string
	labNames      []string // the lab's names, one a visit of one of its pages
	topics        []string
	threads       []*praxis.Thread
	first         *praxis.ThreadPage // of threads[0], with its replies
	articles      []*praxis.Article
	occurrences   []int64 // of the events, one each, in order of creation
	pastEvent     int64   // an occurrence that took place, with a harvest

	// pages lists the pages to check, as whom, and the markers each must
	// show; index finds a page by viewer and path to add markers to it.
	pages []*xssPage
	index map[string]*xssPage
}

// xssPage is a page to check.
type xssPage struct {
	as   *praxis.User
	path string
	want []string
}

// page asks for path to be checked as u, showing the markers want.
func (s *xssSite) page(u *praxis.User, path string, want ...string) {
	key := path
	if u != nil {
		key = u.Handle + " " + path
	}
	p := s.index[key]
	if p == nil {
		p = &xssPage{as: u, path: path}
		s.index[key] = p
		s.pages = append(s.pages, p)
	}
	p.want = append(p.want, want...)
}

// markerRe matches a marker.
var markerRe = regexp.MustCompile(`xm[a-z]+[0-9]*`)

// marker returns the first marker in a text: the one it starts with,
// after "quokka" (the word that searches look for) if any.
func marker(text string) string {
	return markerRe.FindString(text)
}

// pack puts the payloads into texts of at most limit characters, joined
// by sep, each text starting with lead (if any) and its marker
// "xm"+tag+number. A payload too long for the field is left out of it.
func (s *xssSite) pack(tag string, limit int, sep, lead string) []string {
	var out []string
	head := func() string {
		m := "xm" + tag + strconv.Itoa(len(out))
		if lead != "" {
			return lead + " " + m
		}
		return m
	}
	cur, left := "", 0
	for _, p := range s.payloads {
		if cur != "" && utf8.RuneCountInString(cur+sep+p) <= limit {
			cur += sep + p
			continue
		}
		if cur != "" {
			out = append(out, cur)
		}
		cur = head() + sep + p
		if utf8.RuneCountInString(cur) > limit {
			cur = ""
			left++
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	if len(out) == 0 {
		s.t.Fatalf("no payload fits a field of %d characters", limit)
	}
	if left > 0 {
		s.t.Logf("%d payloads are too long for the %d-character fields tagged %q", left, limit, tag)
	}
	return out
}

// urls returns the payloads that make a valid web address after
// https://example.org/xm<tag><n>?q=, for the fields that take only those.
func (s *xssSite) urls(tag string) []string {
	var out []string
	for _, p := range s.payloads {
		u := "https://example.org/xm" + tag + strconv.Itoa(len(out)) + "?q=" + p
		if _, err := url.Parse(u); err != nil || strings.ContainsAny(u, " \t\r\n") {
			continue
		}
		out = append(out, u)
	}
	return out
}

// markdown is every payload in one markdown text, each its own paragraph,
// after lead and the marker "xm"+tag.
func (s *xssSite) markdown(tag, lead string) string {
	head := "xm" + tag
	if lead != "" {
		head = lead + " " + head
	}
	return head + "\n\n" + strings.Join(s.payloads, "\n\n")
}

func (s *xssSite) must(what string, err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatalf("%s: %v", what, err)
	}
}

// xssJourney fills a site with the payloads, then checks every page.
func xssJourney(t *testing.T, dialect string, payloads []string) {
	ctx := t.Context()
	clock := &sqltest.Clock{T: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	s := &xssSite{t: t, ctx: ctx, db: sqltest.Open(t, dialect, clock), clock: clock, payloads: payloads,
		slug: "xss-lab", index: map[string]*xssPage{}}
	var err error
	s.admin, err = s.db.Setup(ctx, "Praxis", praxis.Signup{
		Handle: "admin", Email: "admin@example.org", DisplayName: "Ada Admin", Password: testPassword,
	})
	s.must("Setup", err)
	s.instanceNames = s.pack("in", praxis.MaxNameLen, " ", "")
	s.fillPeople()
	s.fillCommunities()
	s.fillConversations()
	s.fillAttachments()
	s.fillKnowledge()
	s.fillEvents()
	s.fillAccounts()
	t.Logf("the site is filled: %d people, %d communities, %d threads, %d articles, %d events",
		len(s.people), len(s.other)+1, len(s.threads), len(s.articles), len(s.occurrences))

	// The server as praxis serve builds it, live updates included, without
	// rate limits: the test searches and posts faster than a person.
	stop, err := s.db.ListenThreadEvents(ctx, nil)
	s.must("ListenThreadEvents", err)
	t.Cleanup(stop)
	srv, err := web.New(web.Config{Store: s.db, Now: clock.Now, Events: s.db.ThreadEvents(), RateLimits: &praxis.RateLimits{}})
	s.must("web.New", err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	t.Cleanup(srv.EndStreams) // before ts.Close, which waits for open streams

	x := newXSSTab(t, startBrowser(t), ts.URL, s)
	x.strict = true
	for _, p := range s.pages {
		x.as(p.as)
		x.check(p.path, p.want...)
	}
	x.strict = false
	s.checkReflected(x)
	s.checkForms(x)
	s.checkLive(x)
	t.Logf("%d pages checked", x.visits)
}

// fillPeople signs up one member per display name, each with a profile
// made of payloads.
func (s *xssSite) fillPeople() {
	names := s.pack("nm", praxis.MaxNameLen, " ", "")
	short := s.pack("og", praxis.MaxShortTextLen, " ", "")
	bios := s.pack("bi", praxis.MaxBioLen, "\n\n", "")
	for i, name := range names {
		handle := "m" + strconv.Itoa(i)
		u, err := s.db.SignUp(s.ctx, praxis.Signup{Handle: handle, Email: handle + "@example.org", DisplayName: name, Password: testPassword})
		s.must("SignUp("+handle+")", err)
		org, title, loc, bio := short[i%len(short)], short[(i+1)%len(short)], short[(i+2)%len(short)], bios[i%len(bios)]
		expertise := []string{"xmex" + strconv.Itoa(i)}
		for k := range 10 {
			if p := s.payloads[(i*10+k)%len(s.payloads)]; utf8.RuneCountInString(p) <= 60 {
				expertise = append(expertise, p)
			}
		}
		u, err = s.db.UpdateProfile(s.ctx, u, praxis.ProfileUpdate{Organization: &org, Title: &title, Location: &loc, Bio: &bio, Expertise: expertise})
		s.must("UpdateProfile("+handle+")", err)
		s.people = append(s.people, u)
		s.page(s.admin, "/u/"+handle, marker(name), marker(org), marker(title), marker(loc), marker(bio), "xmex"+strconv.Itoa(i))
	}
	s.page(s.people[0], "/settings", marker(names[0]), marker(bios[0]), marker(short[0]))
}

// fillCommunities creates the lab, whose charter is all payloads, and one
// community per remaining name; the members join the lab and ask to join
// the second community, with a message.
func (s *xssSite) fillCommunities() {
	names := s.pack("cn", praxis.MaxCommunityNameLen, " ", "")
	statements := s.pack("st", praxis.MaxStatementLen, " ", "")
	purposes := s.pack("pu", praxis.MaxStatementLen, "\n\n", "")
	values, norms := s.markdown("va", ""), s.markdown("no", "")
	public, open := praxis.VisibilityPublic, praxis.JoinOpen
	_, err := s.db.CreateCommunity(s.ctx, s.admin, praxis.CommunityInput{Name: &names[0], Slug: &s.slug, DomainStatement: &statements[0],
		Purpose: &purposes[0], Values: &values, Norms: &norms, Visibility: &public, JoinPolicy: &open}, nil)
	s.must("CreateCommunity("+s.slug+")", err)
	// A second version of the charter, so that its history shows both.
	purpose := purposes[1%len(purposes)]
	_, err = s.db.UpdateCommunity(s.ctx, s.admin, s.slug, praxis.CommunityInput{Purpose: &purpose})
	s.must("UpdateCommunity", err)
	goals := s.pack("gt", praxis.MaxGoalTitleLen, " ", "")
	descriptions := s.pack("gd", praxis.MaxStatementLen, " ", "")
	lab := "/c/" + s.slug
	for i := range goals {
		_, err := s.db.AddGoal(s.ctx, s.admin, s.slug, praxis.GoalInput{Title: &goals[i], Description: &descriptions[i%len(descriptions)]})
		s.must("AddGoal", err)
		s.page(s.admin, lab, marker(goals[i]))
	}
	s.labNames = names
	s.page(s.admin, "/", marker(statements[0]))
	s.page(s.admin, lab, marker(statements[0]), marker(purpose), "xmva", "xmno", marker(descriptions[0]))
	s.page(nil, lab, marker(statements[0]), "xmva")
	s.page(s.admin, lab+"/charter", marker(purposes[0]), marker(purpose))
	s.page(s.admin, lab+"/edit", marker(statements[0]), marker(purpose), "xmva", "xmno")
	s.must("Follow", s.db.Follow(s.ctx, s.admin, praxis.FollowCommunity, s.slug, true))

	for i := 1; i < len(names); i++ {
		slug, policy := "xss-"+strconv.Itoa(i), praxis.JoinOpen
		if i == 1 {
			policy = praxis.JoinRequest
		}
		st := statements[i%len(statements)]
		_, err := s.db.CreateCommunity(s.ctx, s.admin, praxis.CommunityInput{Name: &names[i], Slug: &slug, DomainStatement: &st,
			Visibility: &public, JoinPolicy: &policy}, nil)
		s.must("CreateCommunity("+slug+")", err)
		s.other = append(s.other, slug)
		s.page(s.admin, "/", marker(names[i]), marker(st))
	}

	messages := s.pack("jm", 1000, " ", "")
	for i, u := range s.people {
		_, err := s.db.Join(s.ctx, u, s.slug, "")
		s.must("Join", err)
		s.page(s.admin, lab+"/people", marker(u.DisplayName))
		if len(s.other) > 0 {
			msg := messages[i%len(messages)]
			_, err := s.db.Join(s.ctx, u, s.other[0], msg)
			s.must("Join with a message", err)
			s.page(s.admin, "/c/"+s.other[0]+"/people", marker(msg))
		}
	}
	s.page(s.admin, lab+"/people", marker(s.people[0].Organization))
}

// fillConversations writes topics, one question per title, a reply per
// payload, edits, an accepted answer, a duplicate, flags and a hidden post.
func (s *xssSite) fillConversations() {
	lab := "/c/" + s.slug
	descriptions := s.pack("td", 500, " ", "")
	for i, name := range s.pack("tp", praxis.MaxTopicLen, " ", "") {
		_, err := s.db.SaveTopic(s.ctx, s.admin, s.slug, praxis.Topic{Name: name, Description: descriptions[i%len(descriptions)], Approved: true})
		s.must("SaveTopic", err)
		s.topics = append(s.topics, praxis.NormalizeTopic(name))
		s.page(s.admin, lab+"/topics", marker(name), marker(descriptions[i%len(descriptions)]))
	}

	titles := s.pack("tt", praxis.MaxTitleLen, " ", "quokka")
	kind := praxis.KindQuestion
	for i, title := range titles {
		author := s.people[i%len(s.people)]
		// Each body mentions @admin, and links to the first thread, which
		// then lists it under "Linked from".
		body := s.markdown("body"+strconv.Itoa(i), "quokka") + "\n\nAsking @admin."
		if i > 0 {
			body += fmt.Sprintf(" See [the first](%s/t/%d).", lab, s.threads[0].ID)
		}
		var topics []string
		for k := range 3 {
			topics = append(topics, s.topics[(i*3+k)%len(s.topics)])
		}
		th, err := s.db.CreateThread(s.ctx, author, s.slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body, Topics: topics})
		s.must("CreateThread", err)
		s.threads = append(s.threads, th)
		var want []string
		for _, tp := range topics {
			want = append(want, marker(tp))
		}
		if i > 0 { // the first is edited below
			want = append(want, marker(title), "xmbody"+strconv.Itoa(i))
			s.page(s.admin, lab+"/t", marker(title))
			s.page(s.admin, lab+"/t/"+strconv.FormatInt(s.threads[0].ID, 10), marker(title)) // linked from
		}
		s.page(s.admin, s.threadPath(i), want...)
	}
	s.page(s.admin, "/notifications", marker(titles[len(titles)-1]))

	// The first question gets one answer per payload, by turns of the members.
	first := s.threads[0]
	var replies []*praxis.Post
	for j, p := range s.payloads {
		r, err := s.db.Reply(s.ctx, s.people[(j+1)%len(s.people)], first.ID, "xmrp"+strconv.Itoa(j)+"\n\n"+p, 0)
		s.must("Reply", err)
		replies = append(replies, r)
		if j > 0 { // the first is edited below
			s.page(s.admin, s.threadPath(0), "xmrp"+strconv.Itoa(j))
		}
	}
	s.page(s.admin, s.threadPath(0), marker(s.people[1].DisplayName))
	asker := s.people[0]
	_, err := s.db.Accept(s.ctx, asker, first.ID, replies[1].ID)
	s.must("Accept", err)

	// The asker retitles the question and rewrites it; a member edits an answer.
	summaries := s.pack("sm", praxis.MaxEditSummaryLen, " ", "")
	retitled := s.pack("et", praxis.MaxTitleLen, " ", "quokka")[0]
	rewritten := s.markdown("ebody", "quokka") + "\n\nAsking @admin."
	tp, err := s.db.ThreadPage(s.ctx, asker, first.ID)
	s.must("ThreadPage", err)
	opening := tp.Opening.ID
	_, err = s.db.EditPost(s.ctx, asker, opening, praxis.ThreadInput{Title: &retitled, Body: &rewritten}, summaries[0])
	s.must("EditPost of the question", err)
	answer := "xmrpedit\n\n" + s.payloads[0]
	_, err = s.db.EditPost(s.ctx, s.people[1%len(s.people)], replies[0].ID, praxis.ThreadInput{Body: &answer}, summaries[1%len(summaries)])
	s.must("EditPost of an answer", err)
	posts := fmt.Sprintf("%s/t/%d/posts/", lab, first.ID)
	s.page(s.admin, s.threadPath(0), marker(retitled), "xmebody", "xmrpedit")
	s.page(s.admin, lab+"/t", marker(retitled))
	s.page(s.admin, lab+"/t?status=solved", marker(retitled))
	s.page(s.admin, lab+"/t?topic="+url.QueryEscape(s.topics[0]), marker(retitled))
	s.page(s.admin, posts+strconv.FormatInt(opening, 10)+"/history", marker(titles[0]), marker(retitled), marker(summaries[0]), "xmebody")
	s.page(s.admin, posts+strconv.FormatInt(replies[0].ID, 10)+"/history", "xmrpedit", marker(summaries[1%len(summaries)]))
	s.page(asker, posts+strconv.FormatInt(opening, 10)+"/edit", marker(retitled), "xmebody")
	s.page(s.admin, posts+strconv.FormatInt(replies[0].ID, 10)+"/edit", "xmrpedit")
	s.page(asker, "/notifications", marker(retitled))

	// The third question duplicates the second.
	if len(s.threads) >= 3 {
		_, err := s.db.MarkDuplicate(s.ctx, s.admin, s.threads[2].ID, s.threads[1].ID)
		s.must("MarkDuplicate", err)
		s.page(s.admin, s.threadPath(2), marker(titles[1]))
		s.page(s.admin, s.threadPath(1), marker(titles[2]))
	}

	// Members flag answers, with reasons; a coordinator hides one.
	n := len(s.people)
	for k, reason := range s.pack("fr", praxis.MaxFlagReasonLen, " ", "") {
		post := replies[2+k]
		flagger := s.people[(k+2+1+2)%n] // the author is s.people[(k+2+1)%n]
		_, err := s.db.FlagPost(s.ctx, flagger, post.ID, reason)
		s.must("FlagPost", err)
		s.page(s.admin, lab+"/moderation", marker(reason))
	}
	hide := s.pack("hr", praxis.MaxFlagReasonLen, " ", "")[0]
	_, err = s.db.HidePost(s.ctx, s.admin, replies[len(replies)-1].ID, hide)
	s.must("HidePost", err)
	s.page(s.admin, lab+"/moderation", marker(hide))
	s.page(s.admin, lab+"/recurring")

	// A question left without an answer for three days, which the health
	// page lists.
	waiting, waitingBody := s.pack("wq", praxis.MaxTitleLen, " ", "")[0], "xmwqbody"
	s.clock.Add(-72 * time.Hour)
	_, err = s.db.CreateThread(s.ctx, s.people[0], s.slug, praxis.ThreadInput{Kind: &kind, Title: &waiting, Body: &waitingBody})
	s.clock.Add(72 * time.Hour)
	s.must("CreateThread", err)
	s.page(s.admin, lab+"/health", marker(waiting))
	s.page(nil, lab+"/health", marker(waiting))
}

// fillAttachments uploads files named by payloads, images and others, and
// shows them all in a reply: a file's name becomes a link's text or an
// image's alt text. Payloads with a slash are left out: a name is cut at
// its last slash, as a path would be.
func (s *xssSite) fillAttachments() {
	var whole []string
	for _, p := range s.payloads {
		if !strings.ContainsAny(p, `/\`) {
			whole = append(whole, p)
		}
	}
	names := (&xssSite{t: s.t, payloads: whole}).pack("fa", praxis.MaxAttachmentNameLen-4, " ", "")
	author := s.people[0]
	body := "xmattach"
	var want []string
	for i, name := range names {
		name, content := name+".txt", []byte("Some notes.\n")
		if i%2 == 1 {
			name, content = strings.TrimSuffix(name, ".txt")+".png", testImage(s.t)
		}
		a, err := s.db.Upload(s.ctx, author, s.slug, name, bytes.NewReader(content))
		s.must("Upload("+name+")", err)
		body += "\n\n" + a.Markdown()
		want = append(want, marker(a.Name))
	}
	_, err := s.db.Reply(s.ctx, author, s.threads[1%len(s.threads)].ID, body, 0)
	s.must("Reply with attachments", err)
	s.page(s.admin, s.threadPath(1%len(s.threads)), append(want, "xmattach")...)
}

// threadPath is the address of the i-th thread, without its title.
func (s *xssSite) threadPath(i int) string {
	return fmt.Sprintf("/c/%s/t/%d", s.slug, s.threads[i].ID)
}

// fillKnowledge writes one article per title (published but the first),
// a review with a comment, an edit, a reuse note, an article from the
// first thread, and a collection offered to newcomers.
func (s *xssSite) fillKnowledge() {
	lab := "/c/" + s.slug
	kind := praxis.ArticleGuide
	titles := s.pack("at", praxis.MaxArticleTitleLen, " ", "quokka")
	for i, title := range titles {
		author := s.people[i%len(s.people)]
		body := s.markdown("abody"+strconv.Itoa(i), "quokka")
		a, err := s.db.CreateArticle(s.ctx, author, s.slug, praxis.ArticleInput{Kind: &kind, Title: &title, Body: &body,
			Topics: []string{s.topics[i%len(s.topics)]}, Stewards: []string{author.Handle}})
		s.must("CreateArticle", err)
		if i > 0 {
			a, err = s.db.Publish(s.ctx, author, a.ID, "")
			s.must("Publish", err)
			s.page(s.admin, lab+"/kb", marker(title))
		}
		s.articles = append(s.articles, a)
		want := []string{marker(title), marker(s.topics[i%len(s.topics)])}
		if i > 0 { // the first is edited below
			want = append(want, "xmabody"+strconv.Itoa(i))
		}
		s.page(s.admin, a.Path(), want...)
	}

	// The first article is reviewed, with a comment, and edited.
	first, author, reviewer := s.articles[0], s.people[0], s.people[1%len(s.people)]
	s.must("RequestReview", s.db.RequestReview(s.ctx, author, first.ID, []string{reviewer.Handle}))
	comment := s.pack("rc", praxis.MaxReviewCommentLen, " ", "")[0]
	s.must("ReviewArticle", s.db.ReviewArticle(s.ctx, reviewer, first.ID, praxis.ReviewChanges, comment))
	edited, summary := s.markdown("aedit", ""), s.pack("as", praxis.MaxEditSummaryLen, " ", "")[0]
	_, err := s.db.UpdateArticle(s.ctx, author, first.ID, praxis.ArticleInput{Body: &edited, Summary: summary})
	s.must("UpdateArticle", err)
	s.page(s.admin, first.Path(), marker(comment), "xmaedit")
	s.page(s.admin, first.Path()+"/history", marker(titles[0]), marker(summary), "xmaedit")
	s.page(author, first.Path()+"/edit", marker(titles[0]), "xmaedit")

	if len(s.articles) > 1 {
		note := s.pack("ru", praxis.MaxReuseNoteLen, " ", "")[0]
		s.must("RecordReuse", s.db.RecordReuse(s.ctx, s.people[2%len(s.people)], s.articles[1].ID, note))
		s.page(s.admin, s.articles[1].Path(), marker(note))

		notes := s.pack("ci", 500, " ", "")
		c := praxis.Collection{Title: s.pack("ct", praxis.MaxArticleTitleLen, " ", "")[0], Description: s.pack("cd", 2000, " ", "")[0],
			StartHere: true, Items: []praxis.CollectionItem{
				{ArticleID: s.articles[1].ID, Note: notes[0]},
				{ThreadID: s.threads[len(s.threads)-1].ID, Note: notes[1%len(notes)]},
			}}
		_, err := s.db.SaveCollection(s.ctx, s.admin, s.slug, c)
		s.must("SaveCollection", err)
		s.page(s.admin, lab+"/kb/collections", marker(c.Title), marker(c.Description), marker(notes[0]))
		s.page(s.admin, lab, marker(c.Title), marker(notes[0]))
		s.page(s.admin, lab+"/kb", marker(c.Title))
	}

	// An article written from the first thread, which names it as its source.
	a, err := s.db.ArticleFromThread(s.ctx, s.people[0], s.threads[0].ID)
	s.must("ArticleFromThread", err)
	s.page(s.admin, a.Path(), "xmebody")
	s.page(s.people[0], "/kb/queue")
	s.page(s.admin, lab+"/kb/queue")
}

// fillEvents schedules one event per title, with a description, a place,
// an online link and speakers made of payloads; members answer with notes;
// one date gets a note of its own; an event that took place gets a
// harvest; members ask to visit.
func (s *xssSite) fillEvents() {
	lab := "/c/" + s.slug
	clinic, tz, public := praxis.EventClinic, "Europe/Paris", praxis.EventPublic
	titles := s.pack("ev", praxis.MaxEventTitleLen, " ", "quokka")
	places := s.pack("pl", 300, " ", "")
	speakers := s.pack("sp", praxis.MaxNameLen, " ", "")
	links := s.urls("ol")
	schedule := func(host *praxis.User, title, desc, place, link, start string, speakers []string) int64 {
		s.t.Helper()
		end := start[:11] + "19:00"
		e, err := s.db.CreateEvent(s.ctx, host, s.slug, praxis.EventInput{Kind: &clinic, Title: &title, Description: &desc, TimeZone: &tz,
			Start: &start, End: &end, Place: &place, OnlineURL: &link, Visibility: &public, Speakers: speakers})
		s.must("CreateEvent", err)
		occs, err := s.db.Occurrences(s.ctx, s.admin, s.slug, praxis.OccurrenceFilter{From: s.clock.Now().AddDate(0, -1, 0),
			To: s.clock.Now().AddDate(0, 2, 0), Limit: praxis.MaxPageSize})
		s.must("Occurrences", err)
		for _, o := range occs {
			if o.EventID == e.ID {
				return o.ID
			}
		}
		s.t.Fatalf("no occurrence of the event %d", e.ID)
		return 0
	}
	for i, title := range titles {
		desc := s.markdown("edesc"+strconv.Itoa(i), "quokka")
		place, link := places[i%len(places)], links[i%len(links)]
		var sp []string
		for k := range 3 {
			sp = append(sp, speakers[(i*3+k)%len(speakers)])
		}
		occ := schedule(s.people[i%len(s.people)], title, desc, place, link, fmt.Sprintf("2026-03-%02dT18:00", 3+i%25), sp)
		s.occurrences = append(s.occurrences, occ)
		path := fmt.Sprintf("%s/events/%d", lab, occ)
		s.page(s.admin, path, marker(title), "xmedesc"+strconv.Itoa(i), marker(place), strings.Split(strings.TrimPrefix(link, "https://example.org/"), "?")[0],
			marker(sp[0]), marker(sp[2]))
		s.page(s.admin, lab+"/events", marker(title))
	}
	first := fmt.Sprintf("%s/events/%d", lab, s.occurrences[0])
	s.page(s.admin, first+"/edit", marker(titles[0]), "xmedesc0", marker(places[0]))
	s.page(s.admin, lab, marker(titles[0])) // the next event
	s.page(s.admin, lab+"/health", marker(titles[0]))

	// Web addresses must be web addresses.
	bad := "javascript:__xss(0)"
	_, err := s.db.CreateEvent(s.ctx, s.people[0], s.slug, praxis.EventInput{Kind: &clinic, Title: &titles[0], TimeZone: &tz,
		Start: new("2026-03-20T18:00"), End: new("2026-03-20T19:00"), OnlineURL: &bad, Visibility: &public})
	if code := praxis.ErrorCode(err); code != praxis.EINVALID {
		s.t.Errorf("CreateEvent with the online link %q: got error code %q (%v), want %s", bad, code, err, praxis.EINVALID)
	}

	// Every member answers the first event, with a note for the hosts.
	notes := s.pack("rn", praxis.MaxRSVPNoteLen, " ", "")
	for j, u := range s.people {
		note := notes[j%len(notes)]
		_, err := s.db.Respond(s.ctx, u, s.occurrences[0], praxis.RSVPGoing, note)
		s.must("Respond", err)
		s.page(s.admin, first, marker(note))
	}
	if len(s.occurrences) > 1 {
		note := s.pack("on", 2000, " ", "")[0]
		_, err := s.db.UpdateOccurrence(s.ctx, s.people[1%len(s.people)], s.occurrences[1], nil, nil, &note)
		s.must("UpdateOccurrence", err)
		s.page(s.admin, fmt.Sprintf("%s/events/%d", lab, s.occurrences[1]), marker(note))
	}

	// An event that took place, and its harvest: notes and links.
	past := s.pack("pe", praxis.MaxEventTitleLen, " ", "quokka")[0]
	s.pastEvent = schedule(s.people[0], past, s.markdown("pdesc", ""), places[0], links[0], "2026-02-20T18:00", nil)
	harvest := s.urls("hl")
	if len(harvest) > praxis.MaxHarvestLinks {
		harvest = harvest[:praxis.MaxHarvestLinks]
	}
	s.must("SaveHarvest", s.db.SaveHarvest(s.ctx, s.people[0], s.pastEvent, praxis.Harvest{Notes: s.markdown("hv", ""), Links: harvest}))
	err = s.db.SaveHarvest(s.ctx, s.people[0], s.pastEvent, praxis.Harvest{Links: []string{bad}})
	if code := praxis.ErrorCode(err); code != praxis.EINVALID {
		s.t.Errorf("SaveHarvest with the link %q: got error code %q (%v), want %s", bad, code, err, praxis.EINVALID)
	}
	lessons, err := s.db.HarvestArticle(s.ctx, s.people[0], s.pastEvent)
	s.must("HarvestArticle", err)
	pastPath := fmt.Sprintf("%s/events/%d", lab, s.pastEvent)
	s.page(s.admin, pastPath, marker(past), "xmpdesc", "xmhv", "xmhl0")
	s.page(s.admin, lab+"/events?view=past", marker(past))
	s.page(s.admin, lessons.Path(), "xmhv")

	// Members ask to come and see the community's work.
	whats, whys, dates := s.pack("vw", 2000, " ", ""), s.pack("vy", 2000, " ", ""), s.pack("vd", 2000, " ", "")
	answers := s.pack("vn", 2000, " ", "")
	for k := range 3 {
		asker := s.people[k%len(s.people)]
		vr, err := s.db.RequestVisit(s.ctx, asker, s.slug, praxis.VisitRequest{What: whats[k%len(whats)],
			Why: whys[k%len(whys)], ProposedDates: dates[k%len(dates)]})
		s.must("RequestVisit", err)
		s.page(s.admin, lab+"/events", marker(whats[k%len(whats)]))
		if k == 0 {
			// The coordinators decline the first, with a note its author reads.
			s.must("AnswerVisit", s.db.AnswerVisit(s.ctx, s.admin, vr.ID, false, answers[0], 0))
			s.page(asker, lab+"/events", marker(answers[0]))
			s.page(s.admin, lab+"/events", marker(answers[0]))
		}
	}
}

// fillAccounts leaves payloads where the administrator reads them: failed
// sign-ins under hostile account names in the audit log, and tokens and
// sessions named by payloads in the settings.
func (s *xssSite) fillAccounts() {
	accounts := s.pack("la", 200, " ", "")
	for i, account := range accounts {
		_, err := s.db.Authenticate(s.ctx, praxis.Login{Account: account, Password: "not the password", IP: fmt.Sprintf("198.51.100.%d", i+1)})
		if praxis.ErrorCode(err) != praxis.EUNAUTHORIZED {
			s.t.Fatalf("Authenticate(%q): got %v, want %s", account, err, praxis.EUNAUTHORIZED)
		}
	}
	s.page(s.admin, "/admin/audit", marker(accounts[len(accounts)-1]))
	for i, name := range s.pack("tk", 80, " ", "") {
		if i == 10 {
			break // a person has at most 50 tokens
		}
		_, err := s.db.CreateAPIToken(s.ctx, s.admin.ID, name)
		s.must("CreateAPIToken", err)
		if i < 5 {
			_, err := s.db.CreateSession(s.ctx, s.admin.ID, name, "203.0.113.9")
			s.must("CreateSession", err)
		}
		s.page(s.admin, "/settings", marker(name))
	}
	s.page(s.admin, "/admin")
}

// checkReflected puts the payloads in the query strings and paths that
// pages echo: the search, the lists' filters, the forms' prefills, the
// address to return to after signing in, and addresses that do not exist.
func (s *xssSite) checkReflected(x *xssTab) {
	lab := "/c/" + s.slug
	// Queries longer than praxis.MaxSearchQueryLen are cut: the search
	// gets payloads in pieces of that length, the other pages in longer ones.
	queries := s.pack("sq", praxis.MaxSearchQueryLen, " ", "quokka")
	chunks := s.pack("rq", 2000, " ", "quokka")
	query := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v.Encode()
	}
	x.as(s.admin)
	x.check("/search?q=quokka", "xmtt", "xmat")
	x.check("/search?q=quokka&page=2")
	for _, q := range queries {
		x.check("/search?"+query("q", q), marker(q))
	}
	for _, q := range chunks {
		m := marker(q)
		x.check("/search?" + query("q", "quokka", "community", q, "kind", q, "status", q, "topic", q, "author", q, "from", q, "to", q, "sort", q, "page", q))
		x.check(lab + "/t?" + query("topic", q, "kind", q, "status", q, "sort", q, "cursor", q))
		x.check(lab + "/kb?" + query("topic", q, "kind", q, "status", q, "cursor", q))
		x.check(lab+"/ask?"+query("title", q, "kind", q, "topic", q), m)
		x.check(lab + "/kb/new?" + query("kind", q, "topic", q))
		x.check(lab + "/events/new?" + query("kind", q, "visit", q))
		x.check(lab + "/events?" + query("view", q, "month", q, "kind", q))
		x.check(lab + "/moderation?" + query("open", q))
		x.check("/notifications?" + query("unread", q, "limit", q))
		x.check("/admin?"+query("q", q), m)
		x.check("/admin/audit?" + query("event", q, "before", q, "user", q))
		x.check("/c/" + url.PathEscape(q))
		x.check("/u/" + url.PathEscape(q))
	}
	x.as(nil)
	for _, q := range chunks {
		x.check("/login?" + query("next", q))
		x.check("/signup?" + query("invite", q))
	}
	for _, q := range queries {
		x.check("/search?"+query("q", q), marker(q))
	}
}

// checkForms sends payloads through the forms, both ways: invalid, so that
// the form comes back with what was typed in it, and valid, so that the
// next page's message or content repeats it.
func (s *xssSite) checkForms(x *xssTab) {
	lab := "/c/" + s.slug
	title := s.pack("ft", praxis.MaxTitleLen, " ", "quokka")
	name := s.pack("fn", praxis.MaxNameLen, " ", "")
	md := s.markdown("fb", "")
	f := func(kv ...string) [][2]string {
		out := [][2]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, [2]string{kv[i], kv[i+1]})
		}
		return out
	}
	member := s.people[0]
	x.as(member)
	x.submit(lab+"/ask", "#ask-form", f("kind", "bogus", "title", title[0], "body", md, "topics", title[1%len(title)]), marker(title[0]), "xmfb")
	x.submit("/settings", `form[action="/settings/profile"]`, f("display_name", name[0], "bio", md, "organization", title[0],
		"title", title[0], "location", title[0], "expertise", title[0], "time_zone", "Mars/Olympus"), marker(name[0]), "xmfb", marker(title[0]))
	x.submit(lab+"/events/new", "#event-form", f("title", title[0], "description", md, "place", title[0], "speakers", name[0],
		"online_url", title[0], "hosts", title[0], "rrule", title[0], "time_zone", "Mars/Olympus"), marker(title[0]), "xmfb")
	x.submit(lab+"/kb/new", "#article-form", f("kind", "bogus", "title", title[0], "body", md, "summary", title[0], "topics", title[0],
		"stewards", title[0]), marker(title[0]), "xmfb")
	x.submit(lab+"/topics", `form.stack[action="`+lab+`/topics"]`, f("name", title[0], "description", title[0]), marker(title[0]))
	x.submit(s.threadPath(1), "#reply-form", f("body", md), "xmfb")
	x.as(s.people[1%len(s.people)])
	x.submit(s.threadPath(1), `form.mod-form[action$="/flag"]`, f("reason", title[0]))
	x.submit(s.threadPath(1), `form.follow-form[action$="/follow"]`, f(), marker(s.threads[1].Title))
	for _, tp := range s.topics {
		// A topic whose name has a slash cannot be followed (its follow
		// form posts to an address that matches no route), so one without.
		if !strings.ContainsAny(tp, "/?#%") {
			x.submit(lab+"/t?"+url.Values{"topic": {tp}}.Encode(), `form.follow-form[action*="/topics/"]`, f(), marker(tp))
			break
		}
	}

	x.as(s.admin)
	x.submit("/c/new", `form[action="/c/new"]`, f("name", name[0], "slug", "-", "domain_statement", md, "purpose", md,
		"values", md, "norms", md), marker(name[0]), "xmfb")
	x.submit("/c/new", `form[action="/c/new"]`, f("name", name[0], "slug", "xss-made", "domain_statement", title[0]), marker(name[0]))
	x.submit("/admin", `form[action="/admin/settings"]`, f("name", name[0], "allowed_domains", title[0], "signup_policy", "bogus"), marker(name[0]))
	x.submit(lab+"/kb/collections", "form.collection-form", f("title", title[0], "description", title[0], "items", title[0]), marker(title[0]))

	x.as(nil)
	x.submit("/login", `form[action="/login"]`, f("account", title[0], "password", "not the password"), marker(title[0]))
	x.submit("/signup", `form[action="/signup"]`, f("display_name", name[0], "handle", title[0], "email", title[0], "password", "x"), marker(name[0]))
}

// checkLive checks the two places where the page's own script puts text
// into the page: a reply that arrives on an open thread page, and the
// questions suggested while one types a title on the ask form.
func (s *xssSite) checkLive(x *xssTab) {
	x.as(s.admin)
	x.check(s.threadPath(1))
	r, err := s.db.Reply(s.ctx, s.people[2%len(s.people)], s.threads[1].ID, s.markdown("live", ""), 0)
	s.must("Reply", err)
	x.waitUntil("the reply to appear live", fmt.Sprintf(`document.querySelector("#posts #post-%d") !== null`, r.ID), liveWait)
	x.checkPage("a live reply", []string{"xmlive"})

	x.as(s.people[0])
	x.check("/c/" + s.slug + "/ask")
	evaluate[bool](x.browserTab, `(() => { const t = document.getElementById("title"); t.value = "quokka xmtt"; t.dispatchEvent(new Event("input", {bubbles: true})); return true })()`)
	x.waitUntil("suggestions", `document.querySelectorAll("#similar .similar-hit").length > 0`, similarWait)
	x.checkPage("suggestions on the ask form", []string{"quokka xm"})
}
