package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeCutsOffSlowClients: a client that sends its headers one byte a
// second (slowloris) is cut off once the header timeout passes, while a
// normal client is served at the same time. The timeouts are shortened
// with PRAXIS_HTTP_TIMEOUTS so the test is quick.
func TestServeCutsOffSlowClients(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	addr := freeAddr(t)
	base := "http://" + addr
	vars := map[string]string{"PRAXIS_DATA_DIR": t.TempDir(), "PRAXIS_HTTP_TIMEOUTS": "read_header=2s,read=4s,idle=4s,shutdown=5s"}
	var stdout, stderr syncBuffer
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, []string{"serve", "--addr", addr}, env(vars), &stdout, &stderr) }()
	waitReady(t, base+"/healthz", errc)

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer conn.Close()
	request := "GET /healthz HTTP/1.1\r\nHost: " + addr + "\r\nX-Slow: " + strings.Repeat("a", 60) + "\r\n\r\n"
	go func() {
		for i := range len(request) {
			if _, err := conn.Write([]byte{request[i]}); err != nil {
				return // cut off
			}
			time.Sleep(time.Second)
		}
	}()

	// While the slow client trickles in, a normal one is served.
	time.Sleep(500 * time.Millisecond)
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatalf("GET /healthz during the slow client: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz during the slow client: status %d; want 200", resp.StatusCode)
	}

	// The slow client's connection ends well before its request would
	// (about 90 s at a byte a second), without an answer to it.
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(15 * time.Second))
	got, err := io.ReadAll(conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the slow client was still connected after %v; want it cut off after the 2 s header timeout", time.Since(start).Round(time.Second))
	}
	if strings.Contains(string(got), "200 OK") {
		t.Errorf("the slow client got an answer: %q", got)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("serve: %v", err)
	}
}

// TestServeRefusesBadSettings: a typo in the rate limits or the timeouts
// stops the server at start, rather than running with limits nobody chose.
func TestServeRefusesBadSettings(t *testing.T) {
	tests := []struct {
		name string
		args []string
		vars map[string]string
		want string
	}{
		{"rate limits flag", []string{"--rate-limits", "post=lots"}, nil, "rate limit"},
		{"rate limits env", nil, map[string]string{"PRAXIS_RATE_LIMITS": "uploads=3/1m"}, "rate limit"},
		{"timeouts env", nil, map[string]string{"PRAXIS_HTTP_TIMEOUTS": "read_header=soon"}, "PRAXIS_HTTP_TIMEOUTS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]string{"PRAXIS_DATA_DIR": t.TempDir()}
			for k, v := range tt.vars {
				vars[k] = v
			}
			var stdout, stderr syncBuffer
			args := append([]string{"serve", "--addr", freeAddr(t)}, tt.args...)
			err := run(t.Context(), args, env(vars), &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("serve %v with %v: error %v; want one about %s", tt.args, tt.vars, err, tt.want)
			}
		})
	}
}

func TestParseSettings(t *testing.T) {
	tm, err := httpTimeoutsFrom(env(map[string]string{"PRAXIS_HTTP_TIMEOUTS": "read_header=2s, idle=1m"}))
	if err != nil || tm.ReadHeader != 2*time.Second || tm.Idle != time.Minute || tm.Read != defaultHTTPTimeouts.Read {
		t.Errorf("httpTimeoutsFrom = %+v, %v; want read_header 2s, idle 1m, the rest by default", tm, err)
	}
	for _, v := range []string{"1", "true", "yes", "TRUE"} {
		if !envBool(env(map[string]string{"X": v}), "X") {
			t.Errorf("envBool(%q) = false; want true", v)
		}
	}
	if envBool(env(nil), "X") {
		t.Errorf("envBool of an unset variable = true; want false")
	}
}
