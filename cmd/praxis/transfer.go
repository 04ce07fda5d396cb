package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"praxis"
	"praxis/progress"
	"praxis/sqlstore"
)

// runExport writes everything the instance holds, or one community, as a
// zip archive (docs/OPERATIONS.md describes it) to --output or stdout.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("export", stderr)
	var d dbFlags
	d.register(fs, getenv)
	community := fs.String("community", "", "export only this community (its slug)")
	output := fs.String("output", "", "write the export to this file instead of standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errors.New("usage: praxis export [--community SLUG] [--output FILE]")
	}
	if *output == "" && progress.IsTerminal(stdout) {
		return errors.New("the export is a zip archive: redirect it to a file (praxis export > praxis-export.zip) or use --output FILE")
	}
	db, err := d.open(ctx, newLogger(stderr, getenv))
	if err != nil {
		return err
	}
	defer db.Close()

	var sum *sqlstore.ExportSummary
	where := "standard output"
	write := func(w io.Writer) error {
		bar := progress.New(stderr, "export", 0, "rows")
		defer bar.Finish()
		sum, err = db.Export(ctx, w, sqlstore.ExportOptions{Community: *community, Praxis: version, Progress: func(done, total int64) {
			bar.SetTotal(total)
			bar.Set(done)
		}})
		return err
	}
	if *output == "" {
		err = write(stdout)
	} else {
		where = *output
		err = writeFileAtomically(*output, write)
	}
	if err != nil {
		return explain(err)
	}
	var rows int64
	for _, n := range sum.Rows {
		rows += n
	}
	what := "the instance"
	if sum.Community != "" {
		what = "community " + sum.Community
	}
	// The summary goes to stderr: stdout may be the archive.
	fmt.Fprintf(stderr, "Exported %s (schema %d): %d rows in %d tables and %d attachments, to %s.\n",
		what, sum.Schema, rows, len(sum.Rows), sum.Attachments, where)
	return nil
}

// runImportPraxis restores an export made by praxis export: a whole
// instance into an empty database, or one community into any instance.
func runImportPraxis(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import praxis", stderr)
	var d dbFlags
	d.register(fs, getenv)
	file, rest := firstArg(args)
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if file == "" || fs.NArg() != 0 {
		return errors.New("usage: praxis import praxis FILE")
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("cannot read the export: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	db, err := d.open(ctx, newLogger(stderr, getenv))
	if err != nil {
		return err
	}
	defer db.Close()

	bar := progress.New(stderr, "import", 0, "rows")
	sum, err := db.ImportExport(ctx, f, st.Size(), sqlstore.ImportOptions{Progress: func(done, total int64) {
		bar.SetTotal(total)
		bar.Set(done)
	}})
	bar.Finish()
	if err != nil {
		return fmt.Errorf("%s: %w", file, explain(err))
	}
	var rows int64
	for _, n := range sum.Rows {
		rows += n
	}
	what := "the instance"
	if sum.Community != "" {
		what = "community " + sum.Community
	}
	fmt.Fprintf(stdout, "Imported %s (schema %d): %d rows in %d tables and %d attachments.\n", what, sum.Schema, rows, len(sum.Rows), sum.Attachments)
	if sum.Scope == "community" {
		fmt.Fprintf(stdout, "People: %d matched with members here, %d added without a password (they sign up with their e-mail address, or are invited, to claim their account).\n",
			sum.UsersMatched, sum.UsersCreated)
	}
	for _, from := range slices.Sorted(maps.Keys(sum.Renamed)) {
		fmt.Fprintf(stdout, "  @%s was taken here: imported as @%s\n", from, sum.Renamed[from])
	}
	for _, table := range slices.Sorted(maps.Keys(sum.Dropped)) {
		fmt.Fprintf(stdout, "  left out %d %s that referred to something outside the community\n", sum.Dropped[table], table)
	}
	if sum.Cleared > 0 {
		fmt.Fprintf(stdout, "  cleared %d references to something outside the community\n", sum.Cleared)
	}

	rbar := progress.New(stderr, "reindex", 0, "documents")
	err = db.Reindex(ctx, func(done, total int) {
		rbar.SetTotal(int64(total))
		rbar.Set(int64(done))
	})
	rbar.Finish()
	if err != nil && !strings.Contains(err.Error(), "not implemented") {
		return fmt.Errorf("the import is complete, but rebuilding the search index failed (run praxis reindex): %w", err)
	}
	return nil
}

// runBackup writes a consistent backup of the SQLite database and the
// uploads while the server runs. PostgreSQL's tool is pg_dump.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backup", stderr)
	var d dbFlags
	d.register(fs, getenv)
	file, rest := firstArg(args)
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if file == "" || fs.NArg() != 0 {
		return errors.New("usage: praxis backup FILE")
	}
	o := sqlstore.Options{DatabaseURL: d.databaseURL, DataDir: d.dataDir}
	if target, err := sqlstore.RestoreOptionsFor(o); err == nil {
		// Opening a missing SQLite file would create an empty database.
		if _, err := os.Stat(target.DatabasePath); err != nil {
			return fmt.Errorf("there is no database to back up: %w", err)
		}
	}
	// Not migrated: the server, maybe of another version, owns the schema.
	db, err := sqlstore.Open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	var m *sqlstore.BackupManifest
	err = writeFileAtomically(file, func(w io.Writer) error {
		m, err = db.Backup(ctx, w, version)
		return err
	})
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(stdout, "Backed up the database (schema %d, %d bytes) and %d uploaded files to %s.\n", m.Schema, m.Database.Size, m.Uploads, file)
	return nil
}

// runRestore puts a backup in place, with the server stopped.
func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("restore", stderr)
	var d dbFlags
	d.register(fs, getenv)
	force := fs.Bool("force", false, "replace an existing database and uploads (they are moved aside, not deleted)")
	file, rest := firstArg(args)
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if file == "" || fs.NArg() != 0 {
		return errors.New("usage: praxis restore FILE [--force]")
	}
	o, err := sqlstore.RestoreOptionsFor(sqlstore.Options{DatabaseURL: d.databaseURL, DataDir: d.dataDir})
	if err != nil {
		return explain(err)
	}
	o.Force = *force
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("cannot read the backup: %w", err)
	}
	defer f.Close()
	res, err := sqlstore.Restore(ctx, f, o)
	if err != nil {
		return fmt.Errorf("%s: %w", file, explain(err))
	}
	fmt.Fprintf(stdout, "Restored the database (schema %d, backed up %s) to %s and %d uploaded files to %s; its integrity check passed.\n",
		res.Manifest.Schema, res.Manifest.CreatedAt.Format("2006-01-02 15:04 MST"), o.DatabasePath, res.Manifest.Uploads, o.UploadsDir)
	if res.Replaced != "" {
		fmt.Fprintf(stdout, "The files it replaced are in %s.\n", res.Replaced)
	}
	return nil
}

// firstArg splits off a leading positional argument, so that flags may
// follow it (praxis backup FILE --data DIR).
func firstArg(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

// writeFileAtomically writes a file through a temporary file beside it,
// renamed into place only once complete, so that a failure leaves no
// partial file (and an existing one untouched).
func writeFileAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// explain gives a domain error's safe message (with its fields) and any
// other error whole: on the command line the operator needs the cause.
func explain(err error) error {
	var e *praxis.Error
	if errors.As(err, &e) {
		return describe(err)
	}
	return err
}
