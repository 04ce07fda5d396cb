package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"praxis/progress"
)

// runReindex rebuilds the search index from the live tables, with a
// progress bar on stderr. Writes keep the index up to date; this is for
// repairs and upgrades. Interrupted, it leaves a usable index, and running
// it again finishes the work.
func runReindex(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("reindex", stderr)
	var d dbFlags
	d.register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("reindex takes no arguments, got %q", fs.Args())
	}
	db, err := d.open(ctx, newLogger(stderr, getenv))
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	bar := progress.New(stderr, "reindex", 0, "documents")
	var done int
	err = db.Reindex(ctx, func(n, total int) {
		done = n
		bar.SetTotal(int64(total))
		bar.Set(int64(n))
	})
	bar.Finish()
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	fmt.Fprintf(stdout, "Reindexed %s documents in %s.\n", progress.Count(int64(done)), time.Since(start).Round(time.Millisecond))
	return nil
}
