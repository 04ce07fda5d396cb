package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// browserTimeout bounds one whole browser test: start, every journey, stop.
const browserTimeout = 90 * time.Second

// browserStepTimeout bounds one step of a journey, so that a missing element
// fails the test quickly instead of waiting for browserTimeout.
const browserStepTimeout = 15 * time.Second

// findChromium returns the Chromium to drive: $PRAXIS_CHROMIUM, else the
// first of chromium, chromium-browser and google-chrome on PATH.
func findChromium() (string, error) {
	names := []string{"chromium", "chromium-browser", "google-chrome"}
	if p := os.Getenv("PRAXIS_CHROMIUM"); p != "" {
		names = []string{p}
	}
	var errs []error
	for _, n := range names {
		p, err := exec.LookPath(n)
		if err == nil {
			return p, nil
		}
		errs = append(errs, err)
	}
	return "", errors.Join(errs...)
}

// startBrowser launches a headless Chromium for t, or skips t when there is
// none (fails instead when PRAXIS_REQUIRE_BROWSER=1). The returned context
// holds the running browser; it ends, and the browser with it, when t ends
// or after browserTimeout.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser journeys do not run with -short")
	}
	path, err := findChromium()
	if err != nil {
		if os.Getenv("PRAXIS_REQUIRE_BROWSER") == "1" {
			t.Fatalf("PRAXIS_REQUIRE_BROWSER=1 but no Chromium was found (set PRAXIS_CHROMIUM or put chromium on PATH): %v", err)
		}
		t.Skipf("no Chromium found (set PRAXIS_CHROMIUM or put chromium, chromium-browser or google-chrome on PATH): %v", err)
	}

	// Chromium's helper processes can still write to the profile for a
	// moment after it exits, so remove it with a few retries rather than
	// with t.TempDir, whose cleanup fails on "directory not empty".
	profile, err := os.MkdirTemp("", "praxis-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("could not remove the Chromium profile %s", profile)
	})

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
	)
	timeoutCtx, cancelTimeout := context.WithTimeout(context.Background(), browserTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(timeoutCtx, opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc() // waits for the browser to exit
		cancelTimeout()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// browserTab is one browser tab, with its own cookies, pointed at one server.
type browserTab struct {
	t    *testing.T
	ctx  context.Context
	base string
	// who names the person at this tab, in the log and the screenshot's
	// name, when a test drives several tabs at once.
	who string
}

// newBrowserTab opens a tab in a fresh browser context (so no cookie is shared
// with other tabs, even on the same host), closed when t ends.
func newBrowserTab(t *testing.T, browser context.Context, base string) *browserTab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return &browserTab{t: t, ctx: ctx, base: base}
}

// step returns a context for one action, bounded by browserStepTimeout.
func (b *browserTab) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, browserStepTimeout)
}

// fatalf ends the test, after logging the page's address and text and
// saving a screenshot in the test's artifact directory (kept with
// go test -artifacts).
func (b *browserTab) fatalf(format string, args ...any) {
	b.t.Helper()
	b.dump()
	b.t.Fatalf(format, args...)
}

// dump logs what the browser shows now.
func (b *browserTab) dump() {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	prefix, file := "", strings.ReplaceAll(b.t.Name(), "/", "_")
	if b.who != "" {
		prefix, file = b.who+"'s ", file+"_"+b.who
	}
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil {
		b.t.Logf("%spage: %s", prefix, loc)
	}
	if text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); err == nil {
		b.t.Logf("%spage text:\n%s", prefix, text)
	}
	if img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		name := filepath.Join(b.t.ArtifactDir(), file+".png")
		if err := os.WriteFile(name, img, 0o644); err == nil {
			b.t.Logf("%sscreenshot: %s", prefix, name)
		}
	}
}

// visit loads a path of the server and returns the response to it (after
// any redirect).
func (b *browserTab) visit(path string) *network.Response {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		b.fatalf("visit %s: %v", path, err)
	}
	return resp
}

// follow clicks the element that css selects (a link or a submit button)
// and waits for the page it leads to.
func (b *browserTab) follow(css string) *network.Response {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(css)))
	if err != nil {
		b.fatalf("click %s: %v", css, err)
	}
	if resp == nil {
		b.fatalf("click %s: no page was loaded", css)
	}
	return resp
}

// signIn signs in through the /login page, which leads home.
func (b *browserTab) signIn(account, password string) {
	b.t.Helper()
	resp := b.visit("/login")
	b.wantPage(resp, 200, "/login")
	b.typeInto("#account", account)
	b.typeInto("#password", password)
	resp = b.follow(`form[action="/login"] button[type=submit]`)
	b.wantPage(resp, 200, "/")
}

// upload chooses files (absolute paths) in the file input that css
// selects, as the file picker would.
func (b *browserTab) upload(css string, paths ...string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(css), paths)); err != nil {
		b.fatalf("choose files in %s: %v", css, err)
	}
}

// evaluate returns the value of a JavaScript expression in b's page,
// decoded into T as chromedp.Evaluate does.
func evaluate[T any](b *browserTab, js string) T {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitUntil waits, at most timeout, until the JavaScript expression js is
// truthy in the page, and fails the test saying what did not happen.
// It checks every 100 ms rather than on animation frames, which a
// background tab does not get.
func (b *browserTab) waitUntil(what, js string, timeout time.Duration) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout+time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](js,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(timeout))); err != nil {
		b.fatalf("waited %v for %s: %v", timeout, what, err)
	}
}

// click clicks the element that css selects, when that loads no page: a
// radio button, a check box.
func (b *browserTab) click(css string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
		b.fatalf("click %s: %v", css, err)
	}
}

// typeInto types text into the field that css selects, key by key.
func (b *browserTab) typeInto(css, text string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(css), text)); err != nil {
		b.fatalf("type into %s: %v", css, err)
	}
}

// setValue sets a field's value directly: for a <select>, it is choosing
// an option.
func (b *browserTab) setValue(css, value string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(css), value)); err != nil {
		b.fatalf("set %s: %v", css, err)
	}
}

// clear empties the field that css selects, as selecting its text and
// deleting it would. (SetValue cannot set an empty value.)
func (b *browserTab) clear(css string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	q, _ := json.Marshal(css)
	js := `(() => { const el = document.querySelector(` + string(q) + `); if (!el) return false;
		el.value = ""; el.dispatchEvent(new Event("input", {bubbles: true})); return true })()`
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
	if err != nil || !ok {
		b.fatalf("clear %s: found %v, error %v", css, ok, err)
	}
}

// text returns the text of the first element that css selects, with its
// runs of white space made single spaces. It is the text as written, not
// as styled: a label shown in capitals by CSS reads as written.
func (b *browserTab) text(css string) string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(css)))
	if err != nil {
		b.fatalf("text of %s: %v", css, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// value returns the current value of the field that css selects.
func (b *browserTab) value(css string) string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(css)))
	if err != nil {
		b.fatalf("value of %s: %v", css, err)
	}
	return s
}

// attr returns an attribute of the first element that css selects.
func (b *browserTab) attr(css, name string) string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	a, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(css), name))
	if err != nil {
		b.fatalf("attribute %s of %s: %v", name, css, err)
	}
	return a.Value
}

// count returns how many elements css selects now, without waiting.
func (b *browserTab) count(css string) int {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	q, _ := json.Marshal(css)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+string(q)+`).length`))
	if err != nil {
		b.fatalf("count %s: %v", css, err)
	}
	return n
}

// path returns the path of the page the tab shows.
func (b *browserTab) path() string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.fatalf("location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		b.fatalf("location %q: %v", loc, err)
	}
	return u.Path
}

// wantPage fails the test unless the tab shows path with the HTTP status.
func (b *browserTab) wantPage(resp *network.Response, status int64, path string) {
	b.t.Helper()
	if got := b.path(); got != path {
		b.fatalf("page: got %s, want %s", got, path)
	}
	if resp.Status != status {
		b.fatalf("%s: got status %d, want %d", path, resp.Status, status)
	}
}

// wantText fails the test unless the text of css contains want.
func (b *browserTab) wantText(css, want string) {
	b.t.Helper()
	if got := b.text(css); !strings.Contains(got, want) {
		b.fatalf("%s on %s: got %q, want it to contain %q", css, b.path(), got, want)
	}
}
