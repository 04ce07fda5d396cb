package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheckLoopback(t *testing.T) {
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://127.0.0.1:8080/", true},
		{"http://localhost:8080", true},
		{"http://[::1]:8080", true},
		{"https://127.0.0.2", true},
		{"http://example.org", false},
		{"http://10.0.0.1:8080", false},
		{"http://0.0.0.0:8080", false},
		{"ftp://127.0.0.1", false},
		{"127.0.0.1:8080", false},
		{"", false},
	} {
		u, err := CheckLoopback(tc.url)
		if (err == nil) != tc.ok {
			t.Errorf("CheckLoopback(%q) err = %v; want ok %v", tc.url, err, tc.ok)
		}
		if err == nil && strings.HasSuffix(u.String(), "/") {
			t.Errorf("CheckLoopback(%q) = %q; want no trailing slash", tc.url, u)
		}
	}
}

func TestPercentile(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		q    float64
		want float64
	}{{0.5, 50}, {0.95, 95}, {0.99, 99}, {1, 100}, {0, 1}} {
		if got := percentile(lat, tc.q); got != tc.want {
			t.Errorf("percentile(1..100 ms, %v) = %v; want %v", tc.q, got, tc.want)
		}
	}
	if got := percentile([]time.Duration{7 * time.Millisecond}, 0.99); got != 7 {
		t.Errorf("percentile of one = %v; want 7", got)
	}
}

// TestRun runs the driver against a small server: it signs in through the
// form with the CSRF cookie, follows a page's permanent redirect once,
// skips what answers 404, stops at MaxRequests, and counts non-200
// answers as errors.
func TestRun(t *testing.T) {
	var hits, flaky atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "praxis_csrf", Value: "tok", Path: "/", HttpOnly: true})
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("praxis_csrf")
		if err != nil || c.Value != r.PostFormValue("csrf_token") || r.PostFormValue("password") != "pw" {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "praxis_session", Value: "s1", Path: "/"})
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("praxis_session"); err != nil || c.Value != "s1" {
			http.Error(w, "sign in", http.StatusUnauthorized)
			return
		}
		hits.Add(1)
		w.Write([]byte("hello"))
	})
	mux.HandleFunc("GET /t/1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/t/1/title", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /t/1/title", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("thread")) })
	mux.HandleFunc("GET /flaky", func(w http.ResponseWriter, r *http.Request) {
		if flaky.Add(1)%2 == 0 {
			http.Error(w, "boom", http.StatusInternalServerError)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	rep, err := Run(context.Background(), Config{BaseURL: srv.URL, Duration: time.Minute, MaxRequests: 40, Concurrency: 3,
		Member: &Account{Handle: "m", Password: "pw"}, PID: os.Getpid(),
		Targets: []Target{{"page", []string{"/page"}}, {"thread", []string{"/t/1"}}, {"missing", []string{"/nope"}}, {"flaky", []string{"/flaky"}}}})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(rep.Results) != 4 {
		t.Fatalf("%d results; want 4", len(rep.Results))
	}
	page, thread, missing, fl := rep.Results[0], rep.Results[1], rep.Results[2], rep.Results[3]
	if page.Requests != 40 || page.Errors != 0 || hits.Load() != 41 {
		t.Errorf("page: %d requests, %d errors, %d hits; want 40 requests after one probe, no errors", page.Requests, page.Errors, hits.Load())
	}
	if page.RPS <= 0 || page.P50 <= 0 || page.P99 < page.P50 || page.Max < page.P99 || page.Bytes != 5 {
		t.Errorf("page figures = %+v; want positive rates, ordered percentiles and 5 bytes a response", page)
	}
	if page.RSSMax <= 0 {
		t.Errorf("page: RSS max = %d; want the test process's memory", page.RSSMax)
	}
	if thread.Path != "/t/1/title" || thread.Errors != 0 {
		t.Errorf("thread: path %q, %d errors; want the redirect followed once and no errors", thread.Path, thread.Errors)
	}
	if !strings.Contains(missing.Skipped, "404") {
		t.Errorf("missing: skipped %q; want a note about 404", missing.Skipped)
	}
	if fl.Errors == 0 || fl.Statuses["500"] != fl.Errors {
		t.Errorf("flaky: %d errors, statuses %v; want the 500s counted", fl.Errors, fl.Statuses)
	}
	var b strings.Builder
	rep.WriteTable(&b)
	for _, want := range []string{"page", "skipped", "p99 ms", "500×"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}

	if _, err := Run(context.Background(), Config{BaseURL: srv.URL, Duration: time.Second, Concurrency: 1,
		Member: &Account{Handle: "m", Password: "wrong"}, Targets: []Target{{"page", []string{"/page"}}}}); err == nil {
		t.Errorf("Run with a wrong password: no error; want the sign-in refused")
	}
}

func TestTargetsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bench-targets.json")
	in := &Targets{Size: "small", Community: "clinical-handover", Threads20: []int64{7}, Threads200: []int64{9}, Articles: []int64{3},
		Profiles: []string{"ana-garcia"}, Queries: []string{"shift change"}, Drafts: []Draft{{"How do we hand over?", "Body & more"}},
		Member: Account{"bench-member", Password}}
	if err := in.Write(path); err != nil {
		t.Fatal(err)
	}
	out, err := ReadTargets(path)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, r := range out.Requests() {
		got[r.Name] = r.Paths
	}
	for name, want := range map[string]string{
		"community":  "/c/clinical-handover",
		"thread-20":  "/c/clinical-handover/t/7",
		"thread-200": "/c/clinical-handover/t/9",
		"search":     "/search?q=shift+change",
		"similar":    "/api/v1/communities/clinical-handover/similar?body=Body+%26+more&limit=5&title=How+do+we+hand+over%3F",
		"health":     "/c/clinical-handover/health",
		"article":    "/c/clinical-handover/kb/3",
		"profile":    "/u/ana-garcia",
	} {
		if len(got[name]) != 1 || got[name][0] != want {
			t.Errorf("%s paths = %q; want [%q]", name, got[name], want)
		}
	}
	if len(got) != len(TargetNames) {
		t.Errorf("%d targets; want %d (%v)", len(got), len(TargetNames), TargetNames)
	}
	if _, err := ReadTargets(filepath.Join(t.TempDir(), "none.json")); err == nil || !strings.Contains(err.Error(), "bench seed") {
		t.Errorf("ReadTargets of a missing file err = %v; want a hint to run bench seed", err)
	}
}
