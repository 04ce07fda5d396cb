package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// importSite is what the import commands' tests start from: a data folder
// (and a PostgreSQL database for that dialect), @ana its administrator,
// created with the command, and a public community called name. do runs
// praxis with arguments and returns its output and progress; db is the
// store, open on the same database.
func importSite(t *testing.T, dialect, name string) (do func(args ...string) (string, string, error), db *sqlstore.DB) {
	t.Helper()
	ctx := t.Context()
	vars := map[string]string{"PRAXIS_DATA_DIR": t.TempDir(), "PRAXIS_PASSWORD": "a long enough password"}
	if dialect == "postgres" {
		vars["PRAXIS_DATABASE_URL"] = sqltest.DatabaseURL(t, dialect)
	}
	do = func(args ...string) (string, string, error) {
		var out, errOut bytes.Buffer
		err := run(ctx, args, env(vars), &out, &errOut)
		return out.String(), errOut.String(), err
	}
	if _, _, err := do("admin", "create-user", "--handle", "ana", "--email", "ana@example.org", "--name", "Ana", "--admin"); err != nil {
		t.Fatalf("create-user: %v", err)
	}
	db, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: vars["PRAXIS_DATA_DIR"], DatabaseURL: vars["PRAXIS_DATABASE_URL"]})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ana, err := db.UserByHandle(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	public, open := praxis.VisibilityPublic, praxis.JoinOpen
	if _, err := db.CreateCommunity(ctx, ana, praxis.CommunityInput{Name: &name, DomainStatement: &name, Visibility: &public, JoinPolicy: &open}, nil); err != nil {
		t.Fatal(err)
	}
	return do, db
}

func TestImportCommand(t *testing.T) {
	fixture := func(name string) string { return filepath.Join("..", "..", "importer", "testdata", name) }
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx := t.Context()
			do, db := importSite(t, dialect, "Beer")

			out, progress, err := do("import", "stackexchange", fixture("se-small"), "--community", "beer")
			if err != nil {
				t.Fatalf("import stackexchange: %v", err)
			}
			for _, want := range []string{"questions", "answers", "comments", "duplicate links"} {
				if !strings.Contains(out, want) {
					t.Errorf("summary %q; want it to count %s", out, want)
				}
			}
			if !strings.Contains(progress, "import posts") {
				t.Errorf("progress %q; want a line for the posts", progress)
			}
			// Flags after or before the folder; nothing new the second time.
			out, _, err = do("import", "stackexchange", "--community", "beer", fixture("se-small"))
			if err != nil || !strings.Contains(out, "Nothing new to import") {
				t.Errorf("second import = %q, %v; want nothing new", out, err)
			}
			for _, c := range []struct {
				args []string
				want string
			}{
				{[]string{"import", "stackexchange", fixture("se-truncated"), "--community", "beer"}, "Users.xml:5:"},
				{[]string{"import", "stackexchange", fixture("se-small"), "--community", "wine"}, `"wine"`},
				{[]string{"import", "stackexchange", fixture("se-small")}, "--community"},
				{[]string{"import", "stackexchange", fixture("se-small"), "--community", "beer", "--until", "2015-02-30"}, "--until"},
				{[]string{"import", "stackexchange"}, "usage"},
				{[]string{"import", "mailing-list", "x", "--community", "beer"}, "no such file"},
				{[]string{"import", "praxis", "x"}, "no such file"},
				{[]string{"import", "forum"}, "unknown import source"},
				{[]string{"admin", "claim-link", "ana"}, "has an account"},
				{[]string{"admin", "claim-link", "nobody"}, "nobody"},
			} {
				if _, _, err := do(c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("%s: err = %v; want one mentioning %s", strings.Join(c.args, " "), err, c.want)
				}
			}
			link, _, err := do("admin", "claim-link", "ben", "--email", "ben@example.org", "--base-url", "https://praxis.example.org/")
			if err != nil || !strings.HasPrefix(link, "https://praxis.example.org/signup?invite=inv_") {
				t.Fatalf("claim-link = %q, %v; want a sign-up link", link, err)
			}
			token := strings.TrimSpace(strings.TrimPrefix(link, "https://praxis.example.org/signup?invite="))
			u, err := db.SignUp(ctx, praxis.Signup{Handle: "ben-b", Email: "ben@example.org", DisplayName: "Ben B", Password: "a long enough password", Invitation: token})
			if err != nil {
				t.Fatalf("SignUp with the claim link: %v", err)
			}
			if got, err := db.UserByHandle(ctx, "ben-b"); err != nil || got.ID != u.ID || got.ExternalID != "2" {
				t.Errorf("the claimed account = %+v, %v; want the placeholder of user 2", got, err)
			}
		})
	}
}
