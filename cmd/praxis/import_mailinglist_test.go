package main

import (
	"path/filepath"
	"strings"
	"testing"

	"praxis/sqlstore/sqltest"
)

func TestImportMailingListCommand(t *testing.T) {
	fixture := func(name string) string {
		return filepath.Join("..", "..", "importer", "mailinglist", "testdata", name)
	}
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx := t.Context()
			do, db := importSite(t, dialect, "Finance")

			// Bad input first: nothing is written.
			for _, c := range []struct {
				args []string
				want string
			}{
				{[]string{fixture("pipermail.txt"), fixture("truncated.mbox"), "--community", "finance"}, "truncated.mbox:9:"},
				{[]string{fixture("latin1-undeclared.mbox"), "--community", "finance"}, "latin1-undeclared.mbox:8:"},
				{[]string{fixture("pipermail.txt"), "--community", "finance", "--charset", "klingon"}, "klingon"},
				{[]string{fixture("pipermail.txt"), "--community", "wine"}, `"wine"`},
				{[]string{fixture("pipermail.txt")}, "--community"},
				{[]string{"--community", "finance"}, "usage"},
			} {
				args := append([]string{"import", "mailing-list"}, c.args...)
				if _, _, err := do(args...); err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("%s: err = %v; want one mentioning %s", strings.Join(args, " "), err, c.want)
				}
			}
			if st, err := db.ImportState(ctx, "finance", "mailing-list:finance"); err != nil || len(st.Posts)+len(st.Users) != 0 {
				t.Fatalf("after bad input: %v, %d posts, %d people; want nothing", err, len(st.Posts), len(st.Users))
			}

			out, progress, err := do("import", "mailing-list", fixture("pipermail.txt"), fixture("latin1-undeclared.mbox"), "--community", "finance", "--charset", "windows-1252")
			if err != nil {
				t.Fatalf("import mailing-list: %v", err)
			}
			for _, want := range []string{"8 messages", "placeholder users", "questions", "discussions", "replies", "1 second copies of a message"} {
				if !strings.Contains(out, want) {
					t.Errorf("summary %q; want it to say %s", out, want)
				}
			}
			if !strings.Contains(progress, "import messages") {
				t.Errorf("progress %q; want a line for the messages", progress)
			}
			out, _, err = do("import", "mailing-list", "--community", "finance", "--charset", "windows-1252", fixture("pipermail.txt"), fixture("latin1-undeclared.mbox"))
			if err != nil || !strings.Contains(out, "Nothing new to import") {
				t.Errorf("second import = %q, %v; want nothing new", out, err)
			}
		})
	}
}
