package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"praxis/sqlstore"
)

// dbFlags are the flags every command that opens the database shares.
type dbFlags struct {
	dataDir     string
	databaseURL string
}

// register adds the flags, with defaults from the environment.
func (d *dbFlags) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&d.dataDir, "data", envOr(getenv, "PRAXIS_DATA_DIR", "./praxis-data"), "data folder: the SQLite file and uploads (env PRAXIS_DATA_DIR)")
	fs.StringVar(&d.databaseURL, "database-url", getenv("PRAXIS_DATABASE_URL"), "postgres://... to use PostgreSQL instead of SQLite (env PRAXIS_DATABASE_URL)")
}

// open opens and migrates the database.
func (d *dbFlags) open(ctx context.Context, log *slog.Logger) (*sqlstore.DB, error) {
	db, err := sqlstore.Open(ctx, sqlstore.Options{DatabaseURL: d.databaseURL, DataDir: d.dataDir})
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("migrated the database", "dialect", db.Dialect(), "applied", applied)
	}
	return db, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func newLogger(w io.Writer, getenv func(string) string) *slog.Logger {
	level := slog.LevelInfo
	if getenv("PRAXIS_LOG_LEVEL") == "debug" {
		level = slog.LevelDebug
	}
	if getenv("PRAXIS_LOG_FORMAT") == "json" {
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", stderr)
	var d dbFlags
	d.register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sqlstore.Open(ctx, sqlstore.Options{DatabaseURL: d.databaseURL, DataDir: d.dataDir})
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "The %s database is up to date.\n", db.Dialect())
	} else {
		fmt.Fprintf(stdout, "Applied %d migration(s) to the %s database: %v\n", len(applied), db.Dialect(), applied)
	}
	return nil
}
