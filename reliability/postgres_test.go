package reliability_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// pgBin is where Debian installs the PostgreSQL 15 server programs.
const pgBin = "/usr/lib/postgresql/15/bin"

// privatePostgres is a PostgreSQL cluster of the test's own, on a free
// port: restarting it cannot disturb the shared server other tests use.
type privatePostgres struct {
	dir, port string
	asUser    []string // runuser -u postgres -- when running as root
}

// startPrivatePostgres initializes and starts a cluster, or skips the test
// when the PostgreSQL 15 programs are missing (fails with
// PRAXIS_REQUIRE_POSTGRES=1).
func startPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	if _, err := os.Stat(filepath.Join(pgBin, "pg_ctl")); err != nil {
		if os.Getenv("PRAXIS_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PRAXIS_REQUIRE_POSTGRES=1 but %s/pg_ctl is missing: %v", pgBin, err)
		}
		t.Skipf("PostgreSQL 15 server programs are not in %s (apt-get install postgresql-15); skipping", pgBin)
	}
	pg := &privatePostgres{}
	// initdb refuses to run as root: run the cluster as the postgres user.
	// t.TempDir is private to root, so the cluster gets a folder of its own.
	dir, err := os.MkdirTemp("", "praxis-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs the postgres user for initdb: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		pg.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	pg.dir = filepath.Join(dir, "data")
	pg.port = strings.TrimPrefix(freeAddr(t), "127.0.0.1:")
	pg.run(t, "initdb", "-D", pg.dir, "-A", "trust", "-U", "postgres", "--no-sync")
	pg.run(t, "pg_ctl", "-D", pg.dir, "-l", filepath.Join(dir, "log"), "-w", "-t", "30",
		"-o", fmt.Sprintf("-p %s -k %s -c listen_addresses=127.0.0.1 -c fsync=off", pg.port, dir), "start")
	// The server writes to its log file, never to pg_ctl's output, which
	// would keep the pipes of CombinedOutput open for as long as it runs.
	t.Cleanup(func() { pg.command("pg_ctl", "-D", pg.dir, "-m", "immediate", "-w", "stop").Run() })
	return pg
}

// command runs one of the PostgreSQL programs, as the postgres user when
// the test runs as root.
func (pg *privatePostgres) command(name string, args ...string) *exec.Cmd {
	argv := append(append(append([]string{}, pg.asUser...), filepath.Join(pgBin, name)), args...)
	return exec.Command(argv[0], argv[1:]...)
}

func (pg *privatePostgres) run(t *testing.T, name string, args ...string) {
	t.Helper()
	c := pg.command(name, args...)
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(c.Args, " "), err, out)
	}
}

func (pg *privatePostgres) url() string {
	return "postgres://postgres@127.0.0.1:" + pg.port + "/postgres?sslmode=disable"
}

// outcome is what one request of the load got.
type outcome struct {
	at       time.Time
	took     time.Duration
	status   int
	err      error
	cleanErr bool // a 5xx with the API's JSON error body
}

// TestPostgresRestartUnderLoad restarts PostgreSQL (pg_ctl restart -m
// fast) while clients read and write through praxis serve. Meanwhile
// every request must end within a bound, failures must be clean 5xx JSON
// errors (never a hang or a broken answer), and afterwards the server must
// serve again by itself, without a restart.
func TestPostgresRestartUnderLoad(t *testing.T) {
	t.Parallel()
	praxisBinary(t) // skip early under -short
	pg := startPrivatePostgres(t)
	in := newInstance(t, "PRAXIS_DATABASE_URL="+pg.url(), "PRAXIS_DATA_DIR="+t.TempDir(),
		"PRAXIS_RATE_LIMITS=post=off", "PRAXIS_LOG_LEVEL=error")
	token := in.adminToken(t)
	in.start(t)
	const bound = 15 * time.Second // no request may take longer
	client := in.api(token, 2*bound)
	threadID := client.seedThread(t, "restart")
	thread := "/api/v1/threads/" + strconv.FormatInt(threadID, 10)

	var mu sync.Mutex
	var outcomes []outcome
	ctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for n := 0; ctx.Err() == nil; n++ {
				method, path, body := http.MethodGet, thread, any(nil)
				if w%2 == 0 {
					method, path, body = http.MethodPost, thread+"/replies", map[string]any{"body": fmt.Sprintf("Reply %d of writer %d.", n, w)}
				}
				start := time.Now()
				status, b, err := client.call(context.WithoutCancel(ctx), method, path, body, nil)
				o := outcome{at: start, took: time.Since(start), status: status, err: err, cleanErr: status >= 500 && isJSONError(b)}
				mu.Lock()
				outcomes = append(outcomes, o)
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
	time.Sleep(time.Second)
	restartAt := time.Now()
	pg.run(t, "pg_ctl", "-D", pg.dir, "-l", filepath.Join(filepath.Dir(pg.dir), "log"), "-m", "fast", "-w", "-t", "30", "restart",
		"-o", fmt.Sprintf("-p %s -k %s -c listen_addresses=127.0.0.1 -c fsync=off", pg.port, filepath.Dir(pg.dir)))
	restarted := time.Now()
	time.Sleep(3 * time.Second)
	stop()
	wg.Wait()

	var failed, during int
	for _, o := range outcomes {
		if !o.at.Before(restartAt) && o.at.Before(restarted) {
			during++
		}
		switch {
		case o.err != nil:
			t.Errorf("request at +%v: no answer after %v: %v; want an answer, even if an error", o.at.Sub(restartAt).Round(time.Millisecond), o.took, o.err)
		case o.took > bound:
			t.Errorf("request at +%v took %v; want at most %v", o.at.Sub(restartAt).Round(time.Millisecond), o.took, bound)
		case o.status >= 500 && !o.cleanErr:
			t.Errorf("request at +%v: status %d without the API's JSON error body", o.at.Sub(restartAt).Round(time.Millisecond), o.status)
		case o.status >= 500:
			failed++
		case o.status >= 300:
			t.Errorf("request at +%v: status %d; want success or a 5xx while the database is away", o.at.Sub(restartAt).Round(time.Millisecond), o.status)
		}
	}
	t.Logf("%d requests, %d sent during the %v restart, %d failed cleanly", len(outcomes), during, restarted.Sub(restartAt).Round(time.Millisecond), failed)

	// The server recovers by itself: within a few seconds of PostgreSQL's
	// return, reads and writes succeed again, and keep succeeding.
	deadline := time.Now().Add(bound)
	for {
		status, _, _ := client.call(t.Context(), http.MethodGet, "/readyz", nil, nil)
		if status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz = %d %v after PostgreSQL came back; want 200", status, bound)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for i := range 20 {
		var p struct{ ID int64 }
		status, b, err := client.call(t.Context(), http.MethodPost, thread+"/replies", map[string]any{"body": fmt.Sprintf("After the restart, %d.", i)}, &p)
		if err != nil || status != http.StatusCreated {
			t.Errorf("reply %d after the restart: status %d, %v (%.200s); want 201", i, status, err, b)
		}
	}
	client.must(t, http.MethodGet, thread, nil, nil)
}
