//go:build pprof

package main

import (
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on http.DefaultServeMux
	"os"
)

// A binary built with -tags pprof serves Go's profiles on a loopback
// address of its own (PRAXIS_PPROF_ADDR, default 127.0.0.1:6060), apart
// from the application's server, which never has them. It is how the
// profiles in docs/BENCHMARKS.md were taken:
//
//	go build -tags pprof -o praxis-pprof ./cmd/praxis
func init() {
	addr := os.Getenv("PRAXIS_PPROF_ADDR")
	if addr == "" {
		addr = "127.0.0.1:6060"
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		fmt.Fprintf(os.Stderr, "praxis: PRAXIS_PPROF_ADDR %q: profiles are served on a loopback address only\n", addr)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "praxis: profiles: %v\n", err)
		return
	}
	fmt.Fprintf(os.Stderr, "praxis: Go profiles at http://%s/debug/pprof/\n", ln.Addr())
	go http.Serve(ln, http.DefaultServeMux)
}
