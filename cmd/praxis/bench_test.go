package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"praxis/bench"
)

// beingBuilt are load-test targets whose pages or API calls other work in
// progress adds: until they exist, the smoke test only logs that they were
// skipped. Remove a name once its route is in.
var beingBuilt = []string{"search", "similar", "experts", "health"}

// TestBenchSmoke is CI's smoke test of the scale tools, not a measurement:
// it seeds the small organization into a fresh SQLite folder, serves it,
// and runs a short load test anonymously and as the generated member;
// every target must answer 200 every time.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds and serves a database: skipped with -short")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	vars := env(map[string]string{"PRAXIS_DATA_DIR": dir})
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"bench", "seed", "--size", "small"}, vars, &out, &errOut); err != nil {
		t.Fatalf("bench seed: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "bench-member") {
		t.Errorf("bench seed printed %q; want the member to sign in as", out.String())
	}
	targets, err := bench.ReadTargets(defaultTargets(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(targets.Threads20) == 0 || len(targets.Threads200) == 0 || targets.Counts["posts"] < 6000 {
		t.Fatalf("targets = %+v; want threads with 20 and 200 replies and at least 6,000 posts", targets)
	}
	var again bytes.Buffer
	if err := run(ctx, []string{"bench", "seed", "--size", "small"}, vars, &again, &again); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("a second bench seed err = %v; want a refusal of the non-empty database", err)
	}

	addr := freeAddr(t)
	var serveOut, serveErr syncBuffer
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"serve", "--addr", addr, "--rate-limits", "search=off"}, vars, &serveOut, &serveErr)
	}()
	base := "http://" + addr
	waitReady(t, base+"/readyz", errc)

	for _, as := range []string{"anonymous", "member"} {
		t.Run(as, func(t *testing.T) {
			var out, errOut bytes.Buffer
			args := []string{"bench", "load", "--url", base, "--duration", "150ms", "--concurrency", "4", "--as", as,
				"--pid", strconv.Itoa(os.Getpid()), "--json"}
			if err := run(ctx, args, vars, &out, &errOut); err != nil {
				t.Fatalf("bench load: %v\n%s", err, errOut.String())
			}
			var rep bench.Report
			if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
				t.Fatalf("bench load --json: %v\n%s", err, out.String())
			}
			if len(rep.Results) != len(bench.TargetNames) {
				t.Errorf("%d results; want one per target (%v)", len(rep.Results), bench.TargetNames)
			}
			for _, r := range rep.Results {
				switch {
				case r.Skipped != "" && slices.Contains(beingBuilt, r.Name):
					t.Logf("%s skipped (being built): %s", r.Name, r.Skipped)
				case r.Skipped != "":
					t.Errorf("%s (%s) skipped: %s; want 200", r.Name, r.Path, r.Skipped)
				case r.Requests == 0 || r.Errors > 0:
					t.Errorf("%s (%s): %d requests, statuses %v; want only 200", r.Name, r.Path, r.Requests, r.Statuses)
				case r.RSSMax <= 0:
					t.Errorf("%s: no memory sampled for --pid", r.Name)
				}
			}
		})
	}
	var bad bytes.Buffer
	if err := run(ctx, []string{"bench", "load", "--url", "http://example.org"}, vars, &bad, &bad); err == nil || !strings.Contains(err.Error(), "this machine") {
		t.Errorf("bench load against another host err = %v; want a refusal", err)
	}

	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("serve returned %v after shutdown", err)
		}
	case <-time.After(25 * time.Second):
		t.Fatal("the server did not stop")
	}
}
