// Command praxis runs Praxis: the web server and its administration
// commands. main only calls run, so tests drive the same code.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // event times in named zones must not depend on the host's zoneinfo
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "praxis:", err)
		}
		os.Exit(1)
	}
}

const usage = `Praxis runs communities of practice.

Usage:
  praxis serve [flags]            run the web server
  praxis migrate [flags]          bring the database schema up to date
  praxis version                  print the version
  praxis admin create-user ...    create an account
  praxis admin make-admin HANDLE  make an account an administrator
  praxis admin create-token HANDLE --name NAME
                                  create a personal API token
  praxis import stackexchange DIR --community SLUG [--until DATE]
  praxis import mailing-list PATH... --community SLUG
                                  bring a community's history in
  praxis import praxis FILE       restore an export into this instance
  praxis export [--community SLUG] [--output FILE]
                                  write everything (or one community) out
  praxis backup FILE              consistent online backup (SQLite and uploads)
  praxis restore FILE             restore a backup (server stopped)
  praxis reindex                  rebuild the search index
  praxis eval duplicates --stackexchange DIR
                                  measure the similar-questions ranking
  praxis bench seed --size small|medium|large
                                  generate a realistic organization
  praxis bench load --url URL     measure a running server

Run "praxis COMMAND -h" for a command's flags.
`

// run is the whole program: it parses args, reads configuration through
// getenv, and writes only to stdout and stderr.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("a command is required")
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, args[1:], getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "praxis", version)
		return nil
	case "admin":
		return runAdmin(ctx, args[1:], getenv, stdout, stderr)
	case "import":
		return runImport(ctx, args[1:], getenv, stdout, stderr)
	case "export":
		return runExport(ctx, args[1:], getenv, stdout, stderr)
	case "backup":
		return runBackup(ctx, args[1:], getenv, stdout, stderr)
	case "restore":
		return runRestore(ctx, args[1:], getenv, stdout, stderr)
	case "reindex":
		return runReindex(ctx, args[1:], getenv, stdout, stderr)
	case "eval":
		return runEval(ctx, args[1:], getenv, stdout, stderr)
	case "bench":
		return runBench(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}
