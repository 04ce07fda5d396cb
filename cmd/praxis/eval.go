package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"praxis/evaluate"
	"praxis/progress"
)

const evalUsage = `Usage:
  praxis eval duplicates --stackexchange DIR [--json]

Imports the Stack Exchange dump in DIR into a temporary database and, for
every question the dump marks as a duplicate, measures how high the
similar-questions ranking puts its original: MAP, MRR, P@1 and recall@10,
against plain BM25 on titles only.
`

func runEval(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "duplicates" {
		fmt.Fprint(stderr, evalUsage)
		return errors.New("usage: praxis eval duplicates --stackexchange DIR")
	}
	fs := newFlagSet("eval duplicates", stderr)
	dir := fs.String("stackexchange", "", "folder of a Stack Exchange dump (Posts.xml, PostLinks.xml, ...)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *dir == "" || fs.NArg() > 0 {
		fmt.Fprint(stderr, evalUsage)
		return errors.New("--stackexchange DIR is required")
	}
	var prog io.Writer = io.Discard
	if progress.IsTerminal(stderr) {
		prog = stderr
	}
	rep, err := evaluate.Duplicates(ctx, *dir, evaluate.DuplicatesOptions{Progress: prog})
	if err != nil {
		return describe(err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.Write(stdout)
	return nil
}
