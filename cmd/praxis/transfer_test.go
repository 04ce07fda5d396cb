package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// seedForTransfer gives the instance of vars an administrator, a
// community, a question and an attachment.
func seedForTransfer(t *testing.T, vars map[string]string) {
	t.Helper()
	ctx := t.Context()
	db, err := sqlstore.Open(ctx, sqlstore.Options{DatabaseURL: vars["PRAXIS_DATABASE_URL"], DataDir: vars["PRAXIS_DATA_DIR"], PasswordParams: &sqltest.FastPasswords})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	admin, err := db.Setup(ctx, "Source", praxis.Signup{Handle: "ana", Email: "ana@example.org", DisplayName: "Ana", Password: "a long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.CreateCommunity(ctx, admin, praxis.CommunityInput{Name: new("Bakers"), DomainStatement: new("How we bake bread."),
		Visibility: new(praxis.VisibilityPublic), JoinPolicy: new(praxis.JoinOpen)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Upload(ctx, admin, c.Slug, "recipe.txt", strings.NewReader("Flour, water, salt, time.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateThread(ctx, admin, c.Slug, praxis.ThreadInput{Kind: new(praxis.KindQuestion), Title: new("Why does my dough not rise?"),
		Body: new("It stays flat. My recipe: " + a.Markdown())}); err != nil {
		t.Fatal(err)
	}
}

func TestTransferCommands(t *testing.T) {
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			instance := func(dialect string) map[string]string {
				vars := map[string]string{"PRAXIS_DATA_DIR": t.TempDir()}
				if dialect == "postgres" {
					vars["PRAXIS_DATABASE_URL"] = sqltest.DatabaseURL(t, dialect)
				}
				return vars
			}
			do := func(vars map[string]string, args ...string) (string, string, error) {
				var out, errOut bytes.Buffer
				var err error
				if args[0] == "import" && args[1] == "praxis" {
					err = runImportPraxis(ctx, args[2:], env(vars), &out, &errOut)
				} else {
					err = run(ctx, args, env(vars), &out, &errOut)
				}
				return out.String(), errOut.String(), err
			}
			src := instance(dialect)
			seedForTransfer(t, src)
			dir := t.TempDir()

			file := filepath.Join(dir, "praxis-export.zip")
			if _, errOut, err := do(src, "export", "--output", file); err != nil || !strings.Contains(errOut, "Exported the instance") {
				t.Fatalf("export --output = %q, %v; want it to say it exported the instance", errOut, err)
			}
			if out, _, err := do(src, "export", "--community", "bakers"); err != nil || !strings.HasPrefix(out, "PK") {
				t.Errorf("export --community bakers to stdout = %.20q, %v; want a zip archive", out, err)
			}
			if _, _, err := do(src, "export", "--community", "nowhere", "--output", filepath.Join(dir, "nowhere.zip")); err == nil ||
				!strings.Contains(err.Error(), "no community") {
				t.Errorf("export of an unknown community err = %v; want one saying there is no such community", err)
			}
			if _, err := os.Stat(filepath.Join(dir, "nowhere.zip")); err == nil {
				t.Errorf("a failed export left nowhere.zip behind")
			}

			other := "sqlite"
			if dialect == "sqlite" && len(sqltest.Dialects()) > 1 {
				other = "postgres"
			}
			dst := instance(other)
			out, _, err := do(dst, "import", "praxis", file)
			if err != nil || !strings.Contains(out, "Imported the instance") {
				t.Fatalf("import praxis = %q, %v; want it to say it imported the instance", out, err)
			}
			if _, _, err := do(dst, "import", "praxis", file); err == nil || !strings.Contains(err.Error(), "not empty") {
				t.Errorf("import praxis into a database with data err = %v; want one saying it is not empty", err)
			}
			if _, _, err := do(dst, "import", "praxis", filepath.Join(dir, "missing.zip")); err == nil || !strings.Contains(err.Error(), "missing.zip") {
				t.Errorf("import praxis of a missing file err = %v; want one naming the file", err)
			}
			if _, _, err := do(dst, "import", "praxis"); err == nil || !strings.Contains(err.Error(), "usage") {
				t.Errorf("import praxis without a file err = %v; want the usage", err)
			}

			backup := filepath.Join(dir, "praxis-backup.tar.gz")
			if dialect == "postgres" {
				if _, _, err := do(src, "backup", backup); err == nil || !strings.Contains(err.Error(), "pg_dump") {
					t.Errorf("backup on PostgreSQL err = %v; want one pointing to pg_dump", err)
				}
				if _, _, err := do(src, "restore", backup); err == nil || !strings.Contains(err.Error(), "pg_restore") {
					t.Errorf("restore on PostgreSQL err = %v; want one pointing to pg_restore", err)
				}
				return
			}
			if out, _, err := do(src, "backup", backup); err != nil || !strings.Contains(out, "1 uploaded files") {
				t.Fatalf("backup = %q, %v; want it to say it backed up one uploaded file", out, err)
			}
			restored := map[string]string{"PRAXIS_DATA_DIR": filepath.Join(t.TempDir(), "data")}
			if out, _, err := do(restored, "restore", backup); err != nil || !strings.Contains(out, "integrity check passed") {
				t.Fatalf("restore = %q, %v; want it to say the integrity check passed", out, err)
			}
			if _, _, err := do(restored, "restore", backup); err == nil || !strings.Contains(err.Error(), "--force") {
				t.Errorf("restore over a database err = %v; want one asking for --force", err)
			}
			if out, _, err := do(restored, "restore", backup, "--force"); err != nil || !strings.Contains(out, "replaced") {
				t.Errorf("restore --force = %q, %v; want it to say where the replaced files are", out, err)
			}
			db, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: restored["PRAXIS_DATA_DIR"]})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.UserByHandle(ctx, "ana"); err != nil {
				t.Errorf("UserByHandle(ana) in the restored database: %v", err)
			}
			if _, _, err := do(map[string]string{"PRAXIS_DATA_DIR": filepath.Join(dir, "nothing")}, "backup", filepath.Join(dir, "b.tar.gz")); err == nil ||
				!strings.Contains(err.Error(), "no database") {
				t.Errorf("backup without a database err = %v; want one saying there is none", err)
			}
			if _, _, err := do(restored, "restore", filepath.Join(dir, "missing.tar.gz")); err == nil || !strings.Contains(err.Error(), "missing.tar.gz") {
				t.Errorf("restore of a missing file err = %v; want one naming the file", err)
			}
			if err := os.WriteFile(filepath.Join(dir, "truncated.tar.gz"), readPrefix(t, backup, 200), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, _, err := do(map[string]string{"PRAXIS_DATA_DIR": filepath.Join(dir, "fresh")}, "restore", filepath.Join(dir, "truncated.tar.gz")); err == nil ||
				!strings.Contains(err.Error(), "truncated") {
				t.Errorf("restore of a truncated backup err = %v; want one saying it is truncated", err)
			}
		})
	}
}

func readPrefix(t *testing.T, path string, n int) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, n)
	k, _ := io.ReadFull(f, b)
	return b[:k]
}
