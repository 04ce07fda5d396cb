package sqlstore_test

import (
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"testing"

	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

var migrationName = regexp.MustCompile(`^[0-9]{5}_[a-z0-9_]+\.sql$`)

func migrationFiles(t *testing.T, dialect string) []string {
	t.Helper()
	fsys, err := sqlstore.MigrationsFS(dialect)
	if err != nil {
		t.Fatalf("MigrationsFS(%s): %v", dialect, err)
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		t.Fatalf("read %s migrations: %v", dialect, err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestMigrationsInStep keeps the two dialects' migrations in step: every
// schema change is written for both databases under the same name.
func TestMigrationsInStep(t *testing.T) {
	sqlite, postgres := migrationFiles(t, "sqlite"), migrationFiles(t, "postgres")
	if len(sqlite) == 0 {
		t.Fatalf("sqlite migrations = none; want at least one")
	}
	if !slices.Equal(sqlite, postgres) {
		t.Errorf("sqlite migrations = %v, postgres migrations = %v; want the same names", sqlite, postgres)
	}
	for _, name := range append(sqlite, postgres...) {
		if !migrationName.MatchString(name) {
			t.Errorf("migration %q; want a name like 00002_what_it_does.sql", name)
		}
	}
}

// TestMigrateFirstRun checks that a fresh SQLite file gets every migration.
func TestMigrateFirstRun(t *testing.T) {
	db, err := sqlstore.Open(t.Context(), sqlstore.Options{DataDir: t.TempDir(), PasswordParams: &sqltest.FastPasswords})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	got, err := db.Migrate(t.Context())
	if err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	if want := len(migrationFiles(t, "sqlite")); len(got) != want {
		t.Errorf("Migrate applied %v; want %d migrations", got, want)
	}
	got, err = db.Migrate(t.Context())
	if err != nil || len(got) != 0 {
		t.Errorf("second Migrate = %v, %v; want none applied, nil", got, err)
	}
}

// TestMigrateTwice checks that migrating a migrated database with data in it
// changes nothing.
func TestMigrateTwice(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		admin := setupAdmin(t, db)
		before := stats(t, db, admin)
		got, err := db.Migrate(t.Context())
		if err != nil || len(got) != 0 {
			t.Fatalf("Migrate on a migrated database = %v, %v; want none applied, nil", got, err)
		}
		if after := stats(t, db, admin); !maps.Equal(before, after) {
			t.Errorf("Stats after Migrate = %v; want %v", after, before)
		}
		if needed, err := db.SetupNeeded(t.Context()); err != nil || needed {
			t.Errorf("SetupNeeded after Migrate = %v, %v; want false, nil", needed, err)
		}
	})
}
