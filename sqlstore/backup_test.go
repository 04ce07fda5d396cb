package sqlstore_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// TestBackupWhileWriting takes a backup while a writer keeps adding
// threads and replies, restores it, and finds a sound database holding
// every write acknowledged before the backup began.
func TestBackupWhileWriting(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		if db.Dialect() == "postgres" {
			_, err := db.Backup(ctx, io.Discard, "test")
			if praxis.ErrorCode(err) != praxis.EINVALID || !strings.Contains(praxis.ErrorMessage(err), "pg_dump") {
				t.Errorf("Backup on PostgreSQL = %v; want an invalid error pointing to pg_dump", err)
			}
			return
		}
		admin := setupAdmin(t, db)
		c := createCommunity(t, db, admin, "Busy", praxis.VisibilityPublic, praxis.JoinOpen)
		att, err := db.Upload(ctx, admin, c.Slug, "plan.png", bytes.NewReader(testPNG(t)))
		if err != nil {
			t.Fatal(err)
		}

		// The writer records each thread and reply once the store has
		// acknowledged it.
		var mu sync.Mutex
		var acked [][2]int64 // thread, reply
		stop, ready, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					done <- nil
					return
				default:
				}
				th, err := db.CreateThread(ctx, admin, c.Slug, praxis.ThreadInput{Kind: new(praxis.KindDiscussion),
					Title: new(fmt.Sprintf("Thread number %d", i)), Body: new("Written while the backup runs.")})
				if err != nil {
					done <- err
					return
				}
				p, err := db.Reply(ctx, admin, th.ID, "A reply, also acknowledged.", 0)
				if err != nil {
					done <- err
					return
				}
				mu.Lock()
				acked = append(acked, [2]int64{th.ID, p.ID})
				mu.Unlock()
				if i == 20 {
					close(ready)
				}
			}
		}()
		<-ready
		mu.Lock()
		before := slices.Clone(acked)
		mu.Unlock()
		var archive bytes.Buffer
		m, err := db.Backup(ctx, &archive, "test")
		close(stop)
		if werr := <-done; werr != nil {
			t.Fatalf("the writer: %v", werr)
		}
		if err != nil {
			t.Fatalf("Backup: %v", err)
		}
		mu.Lock()
		t.Logf("%d writes acknowledged before the backup, %d by the end", len(before), len(acked))
		mu.Unlock()
		if m.Uploads != 1 || m.Schema == 0 {
			t.Errorf("Backup manifest = %+v; want one upload and a schema", m)
		}

		dir := t.TempDir()
		o := sqlstore.RestoreOptions{DatabasePath: filepath.Join(dir, "praxis.db"), UploadsDir: filepath.Join(dir, "uploads")}
		res, err := sqlstore.Restore(ctx, bytes.NewReader(archive.Bytes()), o)
		if err != nil {
			t.Fatalf("Restore: %v", err)
		}
		if res.Manifest.Uploads != 1 || res.Replaced != "" {
			t.Errorf("Restore = %+v; want one upload restored, nothing replaced", res)
		}
		if got := integrityCheck(t, o.DatabasePath); got != "ok" {
			t.Errorf("integrity_check of the restored database = %q; want ok", got)
		}
		restored, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir, PasswordParams: &sqltest.FastPasswords})
		if err != nil {
			t.Fatal(err)
		}
		defer restored.Close()
		admin = reload(t, restored, admin)
		for _, w := range before {
			page, err := restored.ThreadPage(ctx, admin, w[0])
			if err != nil {
				t.Fatalf("thread %d, acknowledged before the backup: %v", w[0], err)
			}
			if !slices.ContainsFunc(page.Replies, func(p *praxis.Post) bool { return p.ID == w[1] }) {
				t.Errorf("reply %d of thread %d, acknowledged before the backup, is missing", w[1], w[0])
			}
		}
		_, f, err := restored.OpenAttachment(ctx, admin, att.ID)
		if err != nil {
			t.Fatalf("OpenAttachment in the restored copy: %v", err)
		}
		got, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(got, testPNG(t)) {
			t.Errorf("the restored attachment has %d bytes; want the %d uploaded", len(got), len(testPNG(t)))
		}
	})
}

func integrityCheck(t *testing.T, path string) string {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var s string
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRestoreRefuses checks that restore neither overwrites a database
// without --force nor one in use, and refuses damaged or foreign files
// without writing anything.
func TestRestoreRefuses(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, each *sqlstore.DB, clock *sqltest.Clock) {
		if each.Dialect() != "sqlite" {
			t.Skip("backups are of SQLite databases; PostgreSQL's are pg_dump's (TestBackupWhileWriting checks the message)")
		}
		ctx := t.Context()
		src := t.TempDir()
		db, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: src, PasswordParams: &sqltest.FastPasswords})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		admin := setupAdmin(t, db)
		createCommunity(t, db, admin, "Kept", praxis.VisibilityPublic, praxis.JoinOpen)
		var good bytes.Buffer
		if _, err := db.Backup(ctx, &good, "test"); err != nil {
			t.Fatalf("Backup: %v", err)
		}

		// A database in use (db is open on src) is never replaced.
		o := sqlstore.RestoreOptions{DatabasePath: filepath.Join(src, "praxis.db"), UploadsDir: filepath.Join(src, "uploads")}
		_, err = sqlstore.Restore(ctx, bytes.NewReader(good.Bytes()), o)
		wantCode(t, "Restore over an existing database without force", err, praxis.ECONFLICT)
		o.Force = true
		_, err = sqlstore.Restore(ctx, bytes.NewReader(good.Bytes()), o)
		if praxis.ErrorCode(err) != praxis.ECONFLICT || !strings.Contains(praxis.ErrorMessage(err), "in use") {
			t.Errorf("Restore over a database in use = %v; want a conflict saying it is in use", err)
		}

		// Once closed, --force moves it aside.
		db.Close()
		res, err := sqlstore.Restore(ctx, bytes.NewReader(good.Bytes()), o)
		if err != nil {
			t.Fatalf("Restore --force over a closed database: %v", err)
		}
		if !fileExists(filepath.Join(res.Replaced, "praxis.db")) {
			t.Errorf("the replaced database is not in %s", res.Replaced)
		}

		// Damaged or foreign files change nothing.
		withManifest := func(change func(m map[string]any)) []byte {
			var buf bytes.Buffer
			gz := gzip.NewWriter(&buf)
			tw := tar.NewWriter(gz)
			m := map[string]any{"format": "praxis-backup", "version": 1, "schema": 1, "database": map[string]any{"size": 0, "sha256": ""}}
			change(m)
			b, _ := json.Marshal(m)
			tw.WriteHeader(&tar.Header{Name: "manifest.json", Mode: 0o600, Size: int64(len(b))})
			tw.Write(b)
			tw.Close()
			gz.Close()
			return buf.Bytes()
		}
		damaged := bytes.Clone(good.Bytes())
		damaged[len(damaged)/2] ^= 0xff
		for _, tc := range []struct {
			name, want string
			file       []byte
		}{
			{"not a backup", "not a Praxis backup", []byte("hello")},
			{"truncated", "truncated", good.Bytes()[:good.Len()/2]},
			{"damaged", "damaged", damaged},
			{"wrong format version", "format version 7", withManifest(func(m map[string]any) { m["version"] = 7 })},
			{"unknown schema", "schema 999", withManifest(func(m map[string]any) { m["schema"] = 999 })},
			{"an export, not a backup", "not that of a Praxis backup", withManifest(func(m map[string]any) { m["format"] = "praxis-export" })},
			{"no database", "no database", withManifest(func(m map[string]any) {})},
		} {
			t.Run(tc.name, func(t *testing.T) {
				dir := t.TempDir()
				o := sqlstore.RestoreOptions{DatabasePath: filepath.Join(dir, "praxis.db"), UploadsDir: filepath.Join(dir, "uploads")}
				_, err := sqlstore.Restore(ctx, bytes.NewReader(tc.file), o)
				if praxis.ErrorCode(err) != praxis.EINVALID || !strings.Contains(praxis.ErrorMessage(err), tc.want) {
					t.Errorf("Restore = %v; want an invalid error saying %q", err, tc.want)
				}
				if entries, _ := os.ReadDir(dir); len(entries) != 0 {
					t.Errorf("after a failed restore the folder holds %d entries; want none", len(entries))
				}
			})
		}
	})
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
