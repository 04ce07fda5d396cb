package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"praxis/bench"
	"praxis/progress"
	"praxis/sqlstore"
)

const benchUsage = `Usage:
  praxis bench seed --size small|medium|large [--data DIR | --database-url URL] [--seed N]
                                  generate an organization on an empty database
  praxis bench load [--url http://127.0.0.1:8080] [--duration 30s] [--concurrency 32]
                    [--max-requests N] [--as anonymous|member] [--pid PID] [--targets FILE]
                                  measure a running server (on this machine only)
`

// runBench generates an organization to measure Praxis with, and measures
// a running server (docs/BENCHMARKS.md).
func runBench(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, benchUsage)
		return errors.New("bench: say seed or load")
	}
	switch args[0] {
	case "seed":
		return runBenchSeed(ctx, args[1:], getenv, stdout, stderr)
	case "load":
		return runBenchLoad(ctx, args[1:], getenv, stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, benchUsage)
		return nil
	}
	fmt.Fprint(stderr, benchUsage)
	return fmt.Errorf("bench: unknown command %q", args[0])
}

func defaultTargets(dataDir string) string { return filepath.Join(dataDir, "bench-targets.json") }

func runBenchSeed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench seed", stderr)
	var d dbFlags
	d.register(fs, getenv)
	sizeName := fs.String("size", "small", "small, medium or large (100,000 members, 200 communities, 1,000,000 posts)")
	seed := fs.Uint64("seed", 1, "seed of the generator: the same seed and size give the same organization")
	targetsPath := fs.String("targets", "", "where to write what the load test asks for (default DATA/bench-targets.json)")
	noIndex := fs.Bool("no-index", false, "leave the search index empty (praxis reindex fills it later)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench seed: unexpected argument %q", fs.Arg(0))
	}
	size, err := bench.SizeNamed(*sizeName)
	if err != nil {
		return err
	}
	if *targetsPath == "" {
		*targetsPath = defaultTargets(d.dataDir)
	}
	log := newLogger(stderr, getenv)
	db, err := d.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()

	start := time.Now()
	units := map[string]string{"people": "users", "communities": "communities", "posts": "posts", "articles": "articles", "events": "communities"}
	var bar *progress.Bar
	phase := ""
	report := func(p string, done, total int64) {
		if p != phase {
			if bar != nil {
				bar.Finish()
				bar = nil
			}
			phase = p
			if p == "commit" {
				fmt.Fprintln(stderr, "seed: committing")
				return
			}
			bar = progress.New(stderr, "seed "+p, total, units[p])
		}
		if bar != nil {
			bar.Set(done)
		}
	}
	t, err := db.BenchSeed(ctx, sqlstore.BenchSpec{Seed: *seed, Users: size.Users, Communities: size.Communities, Posts: size.Posts,
		Password: bench.Password}, report)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return fmt.Errorf("bench seed: %w", err)
	}
	seeded := time.Since(start)

	indexed := time.Duration(0)
	if !*noIndex {
		istart := time.Now()
		ibar := progress.New(stderr, "search index", 0, "documents")
		err := db.Reindex(ctx, func(done, total int) {
			ibar.SetTotal(int64(total))
			ibar.Set(int64(done))
		})
		ibar.Finish()
		switch {
		case err != nil && strings.Contains(err.Error(), "not implemented"):
			fmt.Fprintf(stderr, "warning: the search index is not filled (%v); run praxis reindex once search is built\n", err)
		case err != nil:
			return fmt.Errorf("bench seed: fill the search index: %w", err)
		default:
			indexed = time.Since(istart)
		}
	}

	out := &bench.Targets{Size: size.Name, Seed: *seed, Dialect: db.Dialect(), GeneratedAt: time.Now().UTC().Truncate(time.Second),
		SeedSeconds: seeded.Seconds(), Community: t.Community, Threads20: t.Threads20, Threads200: t.Threads200,
		Articles: t.Articles, Profiles: t.Profiles, Queries: t.Queries,
		Member: bench.Account{Handle: t.Member, Password: bench.Password}, Admin: bench.Account{Handle: t.Admin, Password: bench.Password},
		Counts: t.Counts}
	for _, dr := range t.Drafts {
		out.Drafts = append(out.Drafts, bench.Draft{Title: dr.Title, Body: dr.Body})
	}
	if err := out.Write(*targetsPath); err != nil {
		return fmt.Errorf("bench seed: %w", err)
	}
	fmt.Fprintf(stdout, "Generated the %s organization on %s in %s", size.Name, db.Dialect(), seeded.Round(100*time.Millisecond))
	if indexed > 0 {
		fmt.Fprintf(stdout, ", and its search index in %s", indexed.Round(100*time.Millisecond))
	}
	fmt.Fprintf(stdout, ": %s members, %s communities, %s threads, %s posts, %s votes, %s articles, %s events, %s activity entries.\n",
		progress.Count(t.Counts["users"]), progress.Count(t.Counts["communities"]), progress.Count(t.Counts["threads"]),
		progress.Count(t.Counts["posts"]), progress.Count(t.Counts["votes"]), progress.Count(t.Counts["articles"]),
		progress.Count(t.Counts["events"]), progress.Count(t.Counts["activity"]))
	fmt.Fprintf(stdout, "Sign in as %s (a core member of /c/%s) or %s (the administrator), password %q: for benchmarks only.\n",
		t.Member, t.Community, t.Admin, bench.Password)
	fmt.Fprintf(stdout, "Threads with 20 replies: /c/%s/t/%d; with 200: /c/%s/t/%d.\n", t.Community, t.Threads20[0], t.Community, t.Threads200[0])
	fmt.Fprintf(stdout, "The load test's targets are in %s.\n", *targetsPath)
	return nil
}

func runBenchLoad(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench load", stderr)
	baseURL := fs.String("url", "http://127.0.0.1:8080", "the server to measure: on this machine only")
	duration := fs.Duration("duration", 30*time.Second, "how long each target runs")
	concurrency := fs.Int("concurrency", 32, "concurrent connections, each sending its next request when the last is answered")
	maxRequests := fs.Int("max-requests", 0, "at most this many requests per target (0: the duration decides)")
	as := fs.String("as", "anonymous", "anonymous, or member: sign in as the generated member first")
	pid := fs.Int("pid", 0, "the server's process id, to sample its memory (VmRSS)")
	dataDir := fs.String("data", envOr(getenv, "PRAXIS_DATA_DIR", "./praxis-data"), "data folder where bench seed wrote its targets (env PRAXIS_DATA_DIR)")
	targetsPath := fs.String("targets", "", "the targets file written by bench seed (default DATA/bench-targets.json)")
	only := fs.String("only", "", "comma-separated targets to run (default all: "+strings.Join(bench.TargetNames, ",")+")")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench load: unexpected argument %q", fs.Arg(0))
	}
	if _, err := bench.CheckLoopback(*baseURL); err != nil {
		return err
	}
	if *targetsPath == "" {
		*targetsPath = defaultTargets(*dataDir)
	}
	t, err := bench.ReadTargets(*targetsPath)
	if err != nil {
		return err
	}
	cfg := bench.Config{BaseURL: *baseURL, Duration: *duration, Concurrency: *concurrency, MaxRequests: *maxRequests, PID: *pid, Log: stderr}
	switch *as {
	case "anonymous":
	case "member":
		cfg.Member = &t.Member
	default:
		return fmt.Errorf("bench load: --as %q: say anonymous or member", *as)
	}
	reqs := t.Requests()
	if *only != "" {
		names := strings.Split(*only, ",")
		for _, n := range names {
			if !slices.Contains(bench.TargetNames, strings.TrimSpace(n)) {
				return fmt.Errorf("bench load: --only: unknown target %q (the targets are %s)", n, strings.Join(bench.TargetNames, ", "))
			}
		}
		reqs = slices.DeleteFunc(reqs, func(r bench.Target) bool { return !slices.Contains(names, r.Name) })
	}
	cfg.Targets = reqs
	rep, err := bench.Run(ctx, cfg)
	if err != nil {
		return fmt.Errorf("bench load: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.WriteTable(stdout)
	return nil
}
