package reliability_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The harness builds the praxis binary once, runs its commands and its
// server as separate processes, and talks to the server over loopback.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// praxisBinary builds cmd/praxis (once per test run) and returns its path.
func praxisBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("the reliability tests run the praxis binary for most of a minute; -short skips them")
	}
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "praxis-reliability-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "praxis")
		out, err := exec.Command("go", "build", "-o", binPath, "praxis/cmd/praxis").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatalf("build praxis: %v", buildErr)
	}
	return binPath
}

// lockedBuffer collects a process's output for the failure message.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// instance is where a praxis server keeps its data, and how to reach it.
type instance struct {
	bin  string
	env  []string // PRAXIS_* settings shared by every command
	addr string
	url  string
}

func newInstance(t *testing.T, env ...string) *instance {
	t.Helper()
	addr := freeAddr(t)
	return &instance{bin: praxisBinary(t), env: env, addr: addr, url: "http://" + addr}
}

// freeAddr returns a loopback address nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// command runs a praxis command to the end and returns its standard output.
func (in *instance) command(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(in.bin, args...)
	cmd.Env = append(os.Environ(), in.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("praxis %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// adminToken creates an administrator and returns a personal API token.
func (in *instance) adminToken(t *testing.T) string {
	t.Helper()
	in.command(t, "admin", "create-user", "--admin", "--handle", "ops", "--email", "ops@example.org", "--name", "Ops", "--password", "correct horse battery")
	return strings.TrimSpace(in.command(t, "admin", "create-token", "ops", "--name", "reliability"))
}

// server is a running praxis serve.
type server struct {
	cmd    *exec.Cmd
	output *lockedBuffer
	exited chan struct{}
	err    error // set when exited is closed
}

// start runs praxis serve and waits until it answers /readyz.
func (in *instance) start(t *testing.T) *server {
	t.Helper()
	cmd := exec.Command(in.bin, "serve", "--addr", in.addr)
	cmd.Env = append(os.Environ(), in.env...)
	s := &server{cmd: cmd, output: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = s.output, s.output
	if err := cmd.Start(); err != nil {
		t.Fatalf("start praxis serve: %v", err)
	}
	go func() {
		s.err = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			cmd.Process.Kill()
			<-s.exited
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			t.Fatalf("praxis serve stopped at start: %v\n%s", s.err, s.output)
		default:
		}
		if resp, err := client.Get(in.url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("praxis serve did not become ready within 30 s\n%s", s.output)
	return nil
}

// kill ends the server with SIGKILL, as a crash or the OOM killer would.
func (s *server) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	<-s.exited
}

// wait waits at most d for the server to exit and returns its error.
func (s *server) wait(t *testing.T, d time.Duration) error {
	t.Helper()
	select {
	case <-s.exited:
		return s.err
	case <-time.After(d):
		t.Fatalf("praxis serve still running %v after it was asked to stop\n%s", d, s.output)
		return nil
	}
}

// apiClient calls the JSON API with a token.
type apiClient struct {
	base, token string
	http        *http.Client
}

func (in *instance) api(token string, timeout time.Duration) *apiClient {
	return &apiClient{base: in.url, token: token, http: &http.Client{Timeout: timeout}}
}

// call sends a JSON request and decodes a JSON answer into out (when not
// nil); it returns the status, or an error when no answer came.
func (c *apiClient) call(ctx context.Context, method, path string, in, out any) (int, []byte, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, err
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, b, fmt.Errorf("decode %s %s: %v (%.200s)", method, path, err, b)
		}
	}
	return resp.StatusCode, b, nil
}

// must is call for set-up steps that have to succeed.
func (c *apiClient) must(t *testing.T, method, path string, in, out any) {
	t.Helper()
	status, body, err := c.call(t.Context(), method, path, in, out)
	if err != nil || status >= 300 {
		t.Fatalf("%s %s: status %d, %v (%.300s)", method, path, status, err, body)
	}
}

// seedThread creates a public community and a question in it, and returns
// the thread's id.
func (c *apiClient) seedThread(t *testing.T, slug string) int64 {
	t.Helper()
	c.must(t, http.MethodPost, "/api/v1/communities", map[string]any{
		"name": "Reliability " + slug, "slug": slug, "domain_statement": "How we keep Praxis up.",
		"visibility": "public", "join_policy": "open",
	}, nil)
	var th struct{ ID int64 }
	c.must(t, http.MethodPost, "/api/v1/communities/"+slug+"/threads", map[string]any{
		"kind": "question", "title": "What happens when the server is killed?", "body": "Every acknowledged reply must survive.",
	}, &th)
	return th.ID
}

// isJSONError reports whether body is the API's error shape.
func isJSONError(body []byte) bool {
	var e struct {
		Error struct{ Code, Message string }
	}
	return json.Unmarshal(body, &e) == nil && e.Error.Code != "" && e.Error.Message != ""
}
