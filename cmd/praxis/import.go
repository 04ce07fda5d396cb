package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"praxis"
	"praxis/importer"
)

const importUsage = `Usage:
  praxis import stackexchange DIR --community SLUG [--until YYYY-MM-DD] [--skip-duplicates]
  praxis import mailing-list PATH... --community SLUG [--charset FALLBACK]
  praxis import praxis FILE
`

// runImport brings a community's history in, by source.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, importUsage)
		return errors.New("say what to import: stackexchange, mailing-list or praxis")
	}
	switch args[0] {
	case "stackexchange":
		return runImportStackExchange(ctx, args[1:], getenv, stdout, stderr)
	case "mailing-list":
		return runImportMailingList(ctx, args[1:], getenv, stdout, stderr)
	case "praxis":
		return runImportPraxis(ctx, args[1:], getenv, stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, importUsage)
		return nil
	default:
		fmt.Fprint(stderr, importUsage)
		return fmt.Errorf("unknown import source %q: stackexchange, mailing-list or praxis", args[0])
	}
}

// parseInterleaved parses flags that may come before or after the
// positional arguments ("DIR --community beer" as well as "--community
// beer DIR") and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func runImportStackExchange(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import stackexchange", stderr)
	var d dbFlags
	d.register(fs, getenv)
	community := fs.String("community", "", "slug of the community to import into (required; create it first)")
	until := fs.String("until", "", "import only what was created before this date, YYYY-MM-DD (UTC)")
	skipDups := fs.Bool("skip-duplicates", false, "leave out the duplicate links")
	batch := fs.Int("batch", 2000, "rows written per transaction")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: praxis import stackexchange DIR --community SLUG [--until YYYY-MM-DD]")
	}
	if strings.TrimSpace(*community) == "" {
		return errors.New("--community SLUG is required: the community to import into (create it first)")
	}
	o := importer.Options{Community: strings.ToLower(strings.TrimSpace(*community)), SkipDuplicates: *skipDups, Progress: stderr, BatchSize: *batch}
	if *until != "" {
		t, err := time.Parse("2006-01-02", *until)
		if err != nil {
			return fmt.Errorf("--until %q: give a date like 2015-06-30", *until)
		}
		o.Until = t
	}
	db, err := d.open(ctx, newLogger(stderr, getenv))
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := importer.StackExchange(ctx, db, pos[0], o)
	if sum != nil {
		sum.Write(stdout)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return errors.New("import interrupted: what was written so far is kept; run the same command again to finish")
		}
		if praxis.ErrorCode(err) == praxis.EINTERNAL {
			return fmt.Errorf("import stopped: %w (what was written so far is kept; run the same command again to finish)", err)
		}
		return describe(err)
	}
	return nil
}

func runImportMailingList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import mailing-list", stderr)
	var d dbFlags
	d.register(fs, getenv)
	community := fs.String("community", "", "slug of the community to import into (required; create it first)")
	charset := fs.String("charset", "", "decode messages that are not UTF-8 and declare no charset with this one, e.g. windows-1252")
	batch := fs.Int("batch", 1000, "messages written per transaction")
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return errors.New("usage: praxis import mailing-list PATH... --community SLUG [--charset FALLBACK]")
	}
	if strings.TrimSpace(*community) == "" {
		return errors.New("--community SLUG is required: the community to import into (create it first)")
	}
	o := importer.MailingListOptions{Community: strings.ToLower(strings.TrimSpace(*community)), FallbackCharset: strings.TrimSpace(*charset),
		Progress: stderr, BatchSize: *batch}
	db, err := d.open(ctx, newLogger(stderr, getenv))
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := importer.MailingList(ctx, db, paths, o)
	if sum != nil {
		sum.Write(stdout)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return errors.New("import interrupted: what was written so far is kept; run the same command again to finish")
		}
		if praxis.ErrorCode(err) == praxis.EINTERNAL {
			return fmt.Errorf("import stopped: %w (what was written so far is kept; run the same command again to finish)", err)
		}
		return describe(err)
	}
	return nil
}
