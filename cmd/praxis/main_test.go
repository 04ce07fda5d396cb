package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"praxis/sqlstore/sqltest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitReady polls url until it answers 200 or the deadline passes.
func waitReady(t *testing.T, url string, errc <-chan error) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-errc:
			t.Fatalf("server stopped early: %v", err)
		default:
		}
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never answered 200", url)
}

func TestVersionAndUsage(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr bool
		wantOut string
	}{
		{[]string{"version"}, false, "praxis dev"},
		{[]string{"help"}, false, "praxis serve"},
		{nil, true, ""},
		{[]string{"frobnicate"}, true, ""},
		{[]string{"admin"}, true, ""},
		{[]string{"admin", "nope"}, true, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tt.args, env(nil), &out, &errOut)
			if (err != nil) != tt.wantErr {
				t.Fatalf("run(%q) err = %v; want error %v", tt.args, err, tt.wantErr)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("run(%q) printed %q; want it to contain %q", tt.args, out.String(), tt.wantOut)
			}
		})
	}
}

// TestServe starts the real server through run, as a user would, on every
// database: it must migrate, seed the demo, answer health checks and pages,
// and stop cleanly when its context is cancelled (SIGINT/SIGTERM).
func TestServe(t *testing.T) {
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			addr := freeAddr(t)
			vars := map[string]string{"PRAXIS_DATA_DIR": t.TempDir()}
			if dialect == "postgres" {
				vars["PRAXIS_DATABASE_URL"] = sqltest.DatabaseURL(t, dialect)
			}
			var stdout, stderr syncBuffer
			errc := make(chan error, 1)
			go func() { errc <- run(ctx, []string{"serve", "--addr", addr, "--demo"}, env(vars), &stdout, &stderr) }()
			base := "http://" + addr
			waitReady(t, base+"/readyz", errc)

			resp, err := http.Get(base + "/api/v1/communities")
			if err != nil {
				t.Fatal(err)
			}
			var list struct {
				Items []struct {
					Slug       string `json:"slug"`
					Visibility string `json:"visibility"`
				} `json:"items"`
			}
			json.NewDecoder(resp.Body).Decode(&list)
			resp.Body.Close()
			if len(list.Items) == 0 {
				t.Errorf("GET /api/v1/communities after --demo: no communities; want the public demo communities")
			}
			for _, c := range list.Items {
				if c.Visibility != "public" {
					t.Errorf("anonymous directory lists %s (%s); want public communities only", c.Slug, c.Visibility)
				}
			}

			// First visit leads to setup.
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err = client.Get(base + "/")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || got != "/setup" {
				t.Errorf("GET / = %d Location %q; want 303 to /setup", resp.StatusCode, got)
			}
			if !strings.Contains(stdout.String(), "Praxis is running at "+base) {
				t.Errorf("stdout = %q; want the address", stdout.String())
			}

			cancel()
			select {
			case err := <-errc:
				if err != nil {
					t.Errorf("run returned %v after shutdown; want nil", err)
				}
			case <-time.After(25 * time.Second):
				t.Fatal("the server did not stop after its context was cancelled")
			}
			if !strings.Contains(stderr.String(), "stopped") {
				t.Errorf("log = %q; want a line saying it stopped", stderr.String())
			}
		})
	}
}

// TestAdminCommands creates a user, makes it an administrator and gives it
// a token, then uses the token against a running server.
func TestAdminCommands(t *testing.T) {
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			vars := map[string]string{"PRAXIS_DATA_DIR": t.TempDir(), "PRAXIS_PASSWORD": "a long enough password"}
			if dialect == "postgres" {
				vars["PRAXIS_DATABASE_URL"] = sqltest.DatabaseURL(t, dialect)
			}
			do := func(args ...string) (string, error) {
				var out, errOut bytes.Buffer
				err := run(ctx, args, env(vars), &out, &errOut)
				return strings.TrimSpace(out.String()), err
			}
			if out, err := do("migrate"); err != nil || !strings.Contains(out, "Applied") {
				t.Fatalf("migrate = %q, %v; want Applied", out, err)
			}
			if out, err := do("migrate"); err != nil || !strings.Contains(out, "up to date") {
				t.Fatalf("second migrate = %q, %v; want up to date", out, err)
			}
			if _, err := do("admin", "create-user", "--handle", "ana", "--email", "ana@example.org", "--name", "Ana"); err != nil {
				t.Fatalf("create-user: %v", err)
			}
			_, err := do("admin", "create-user", "--handle", "ana", "--email", "other@example.org", "--name", "Ana 2")
			if err == nil || !strings.Contains(err.Error(), "taken") {
				t.Errorf("create-user with a taken handle err = %v; want a message saying it is taken", err)
			}
			if _, err := do("admin", "make-admin", "ana"); err != nil {
				t.Fatalf("make-admin: %v", err)
			}
			if _, err := do("admin", "make-admin", "nobody"); err == nil {
				t.Errorf("make-admin of an unknown handle err = nil; want an error")
			}
			token, err := do("admin", "create-token", "ana", "--name", "ci")
			if err != nil || !strings.HasPrefix(token, "prx_") {
				t.Fatalf("create-token = %q, %v; want a prx_ token", token, err)
			}

			sctx, cancel := context.WithCancel(ctx)
			defer cancel()
			addr := freeAddr(t)
			errc := make(chan error, 1)
			go func() { errc <- run(sctx, []string{"serve", "--addr", addr}, env(vars), &syncBuffer{}, &syncBuffer{}) }()
			waitReady(t, "http://"+addr+"/healthz", errc)
			req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var me struct {
				Handle string `json:"handle"`
				Role   string `json:"role"`
			}
			json.NewDecoder(resp.Body).Decode(&me)
			resp.Body.Close()
			if got := fmt.Sprintf("%d %s %s", resp.StatusCode, me.Handle, me.Role); got != "200 ana admin" {
				t.Errorf("GET /api/v1/me with the token = %q; want %q", got, "200 ana admin")
			}
			cancel()
			if err := <-errc; err != nil {
				t.Errorf("serve returned %v; want nil", err)
			}
		})
	}
}
