// Package sqltest opens fresh, migrated databases for tests: SQLite always,
// and PostgreSQL too when PRAXIS_TEST_POSTGRES_URL is set. Each PostgreSQL
// database is a schema of its own, dropped when the test ends.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"praxis/password"
	"praxis/sqlstore"
)

// FastPasswords are cheap argon2id costs for tests.
var FastPasswords = password.Params{Memory: 64, Time: 1, Threads: 1}

// Clock is a settable clock for tests.
type Clock struct{ T time.Time }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { return c.T }

// Add moves the clock forward.
func (c *Clock) Add(d time.Duration) { c.T = c.T.Add(d) }

// Dialects names the databases the tests run on here. With
// PRAXIS_REQUIRE_POSTGRES=1 (as in CI) a missing PostgreSQL URL is an error,
// so that the PostgreSQL half of the suite cannot be skipped silently.
func Dialects() []string {
	if os.Getenv("PRAXIS_TEST_POSTGRES_URL") != "" {
		return []string{"sqlite", "postgres"}
	}
	if os.Getenv("PRAXIS_REQUIRE_POSTGRES") == "1" {
		panic("sqltest: PRAXIS_REQUIRE_POSTGRES=1 but PRAXIS_TEST_POSTGRES_URL is not set")
	}
	return []string{"sqlite"}
}

// DatabaseURL returns a fresh, empty database for the dialect, as the
// command line takes it: a SQLite file path, or a PostgreSQL URL whose
// search_path is a new schema, dropped when the test ends.
func DatabaseURL(t testing.TB, dialect string) string {
	t.Helper()
	switch dialect {
	case "sqlite":
		return filepath.Join(t.TempDir(), "praxis.db")
	case "postgres":
		base := os.Getenv("PRAXIS_TEST_POSTGRES_URL")
		if base == "" {
			t.Fatal("sqltest: PRAXIS_TEST_POSTGRES_URL is not set")
		}
		schema := "t_" + randomHex(8)
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatalf("open postgres: %v", err)
		}
		defer admin.Close()
		if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
			t.Fatalf("PRAXIS_TEST_POSTGRES_URL is set but PostgreSQL cannot be used: %v", err)
		}
		t.Cleanup(func() {
			if a, err := sql.Open("pgx", base); err == nil {
				a.Exec("DROP SCHEMA " + schema + " CASCADE")
				a.Close()
			}
		})
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	t.Fatalf("unknown dialect %q", dialect)
	return ""
}

// Open returns a fresh, migrated database of the dialect, closed (and on
// PostgreSQL dropped) when the test ends.
func Open(t testing.TB, dialect string, clock *Clock) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	o := sqlstore.Options{PasswordParams: &FastPasswords, DatabaseURL: DatabaseURL(t, dialect), DataDir: t.TempDir()}
	if clock != nil {
		o.Now = clock.Now
	}
	db, err := sqlstore.Open(ctx, o)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return db
}

// Each runs fn as a subtest on a fresh database of every dialect.
func Each(t *testing.T, fn func(t *testing.T, db *sqlstore.DB, clock *Clock)) {
	for _, d := range Dialects() {
		t.Run(d, func(t *testing.T) {
			clock := &Clock{T: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
			fn(t, Open(t, d, clock), clock)
		})
	}
}

// TempPath returns a path in the test's temporary folder.
func TempPath(t testing.TB, name string) string { return filepath.Join(t.TempDir(), name) }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
