package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds every difference between SQLite and PostgreSQL; the rest of
// the package writes one SQL text for both ($N placeholders, RETURNING, ON
// CONFLICT, integer milliseconds for times, integer division for days).
type dialect struct {
	name       string // "sqlite" or "postgres"
	gooseName  goose.Dialect
	migrations string // folder under migrations/
	writeDB    *sql.DB
	readDB     *sql.DB
	url        string        // PostgreSQL's, for the listener of thread events
	events     *threadEvents // shared by every copy of the DB (see WithClock)
}

// openDialect opens the pools for a database URL: a postgres:// or
// postgresql:// URL selects PostgreSQL, anything else is a SQLite file path.
// A driver name other than "" replaces the dialect's own driver.
func openDialect(databaseURL, dataDir, driver string) (*dialect, error) {
	if strings.HasPrefix(databaseURL, "postgres://") || strings.HasPrefix(databaseURL, "postgresql://") {
		db, err := sql.Open(cmp.Or(driver, "pgx"), databaseURL)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(20)
		return &dialect{name: "postgres", gooseName: goose.DialectPostgres, migrations: "postgres", writeDB: db, readDB: db,
			url: databaseURL, events: newThreadEvents()}, nil
	}
	path := databaseURL
	if path == "" {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
		path = filepath.Join(dataDir, "praxis.db")
	}
	path = strings.TrimPrefix(path, "sqlite://")
	pragmas := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	// One writer connection whose transactions start with BEGIN IMMEDIATE,
	// so a write never fails half-way on a lock upgrade.
	w, err := sql.Open(cmp.Or(driver, "sqlite"), "file:"+path+"?_txlock=immediate&"+pragmas)
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open(cmp.Or(driver, "sqlite"), "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	r.SetConnMaxLifetime(0)
	return &dialect{name: "sqlite", gooseName: goose.DialectSQLite3, migrations: "sqlite", writeDB: w, readDB: r, events: newThreadEvents()}, nil
}

func (d *dialect) close() error {
	err := d.writeDB.Close()
	if d.readDB != d.writeDB {
		if err2 := d.readDB.Close(); err == nil {
			err = err2
		}
	}
	return err
}

// readOnlyTx reports whether read transactions can be marked read-only.
// SQLite's reader pool is already query_only.
func (d *dialect) readOnlyTx() bool { return d.name == "postgres" }

// notifiesThroughDatabase reports whether the database carries thread
// events between instances (PostgreSQL's LISTEN/NOTIFY). SQLite serves one
// process, which publishes its changes itself after commit.
func (d *dialect) notifiesThroughDatabase() bool { return d.name == "postgres" }

// notifyThread sends, inside the transaction that changed a thread, the
// notification that PostgreSQL delivers to every listener on commit.
func (d *dialect) notifyThread(ctx context.Context, tx *sql.Tx, threadID int64) error {
	if !d.notifiesThroughDatabase() {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, threadsChannel, strconv.FormatInt(threadID, 10))
	return err
}

// isUniqueViolation reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		c := sqErr.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// redactURL hides a password in a database URL for logs.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}
