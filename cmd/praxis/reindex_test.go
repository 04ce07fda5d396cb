package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"praxis/sqlstore/sqltest"
)

func TestReindex(t *testing.T) {
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			dir := t.TempDir()
			vars := map[string]string{"PRAXIS_DATA_DIR": dir}
			if dialect == "postgres" {
				vars["PRAXIS_DATABASE_URL"] = sqltest.DatabaseURL(t, dialect)
			}
			var stdout, stderr bytes.Buffer
			if err := run(t.Context(), []string{"admin", "create-user", "--handle", "ada", "--email", "ada@example.org",
				"--name", "Ada Admin", "--password", "correct horse battery", "--admin"},
				env(vars), &stdout, &stderr); err != nil {
				t.Fatalf("create-user: %v\n%s", err, stderr.String())
			}
			stdout.Reset()
			stderr.Reset()
			if err := run(t.Context(), []string{"reindex"}, env(vars), &stdout, &stderr); err != nil {
				t.Fatalf("reindex: %v\n%s", err, stderr.String())
			}
			if !regexp.MustCompile(`^Reindexed 1 documents in [0-9.]+m?s\.\n$`).MatchString(stdout.String()) {
				t.Errorf("stdout = %q; want \"Reindexed 1 documents in T.\"", stdout.String())
			}
			if !strings.Contains(stderr.String(), "reindex [") || !strings.Contains(stderr.String(), "1/1 documents") {
				t.Errorf("stderr = %q; want a progress line", stderr.String())
			}
			if err := run(t.Context(), []string{"reindex", "extra"}, env(vars), &stdout, &stderr); err == nil {
				t.Error("reindex extra: no error; want one")
			}
		})
	}
}
