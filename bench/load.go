package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

// Config is one load test.
type Config struct {
	BaseURL     string        // http://127.0.0.1:8080: loopback only
	Duration    time.Duration // per target
	Concurrency int           // connections, each a closed loop
	MaxRequests int           // per target; 0 means only the duration bounds it
	Member      *Account      // sign in as this account; nil means anonymous
	PID         int           // the server's process, for its memory; 0 means unknown
	Targets     []Target
	Log         io.Writer // a line per target as it runs; nil means none
}

// Result is what one target gave.
type Result struct {
	Name     string         `json:"name"`
	Path     string         `json:"path"`
	Skipped  string         `json:"skipped,omitempty"`
	Requests int            `json:"requests"`
	Errors   int            `json:"errors"`
	Statuses map[string]int `json:"statuses"`
	Seconds  float64        `json:"seconds"`
	RPS      float64        `json:"requests_per_second"`
	P50      float64        `json:"p50_ms"`
	P95      float64        `json:"p95_ms"`
	P99      float64        `json:"p99_ms"`
	Max      float64        `json:"max_ms"`
	Bytes    int64          `json:"bytes_per_response"`
	RSSStart int64          `json:"rss_start_kb,omitempty"`
	RSSMax   int64          `json:"rss_max_kb,omitempty"`
}

// Report is a whole load test.
type Report struct {
	URL         string    `json:"url"`
	As          string    `json:"as"`
	Concurrency int       `json:"concurrency"`
	Duration    string    `json:"duration_per_target"`
	Started     time.Time `json:"started"`
	LoadBefore  string    `json:"load_average_before"`
	LoadAfter   string    `json:"load_average_after"`
	CPUs        int       `json:"cpus"`
	Results     []Result  `json:"results"`
}

// CheckLoopback refuses a URL whose host is not this machine: the load
// test must never be pointed at someone else's server.
func CheckLoopback(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--url %q: give the server's address, such as http://127.0.0.1:8080", raw)
	}
	u.Path, u.RawQuery, u.Fragment = strings.TrimRight(u.Path, "/"), "", ""
	host := u.Hostname()
	if host == "localhost" {
		return u, nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return u, nil
	}
	return nil, fmt.Errorf("--url %q: the load test only runs against this machine (127.0.0.1, ::1 or localhost)", raw)
}

// Run runs the load test, one target after another.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	base, err := CheckLoopback(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Concurrency < 1 || cfg.Concurrency > 10000 {
		return nil, errors.New("--concurrency: between 1 and 10,000 connections")
	}
	if cfg.Duration <= 0 && cfg.MaxRequests <= 0 {
		return nil, errors.New("bound the load test with --duration or --max-requests")
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	transport := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        cfg.Concurrency,
		MaxIdleConnsPerHost: cfg.Concurrency,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	rep := &Report{URL: base.String(), As: "anonymous", Concurrency: cfg.Concurrency, Duration: cfg.Duration.String(),
		Started: time.Now().UTC(), LoadBefore: loadAverage(), CPUs: runtime.NumCPU()}
	cookie := ""
	if cfg.Member != nil {
		rep.As = "member " + cfg.Member.Handle
		if cookie, err = signIn(ctx, transport, base, *cfg.Member); err != nil {
			return nil, err
		}
	}
	for _, t := range cfg.Targets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := runTarget(ctx, client, base, cookie, cfg, t)
		rep.Results = append(rep.Results, r)
		if r.Skipped != "" {
			fmt.Fprintf(cfg.Log, "%-10s skipped: %s\n", r.Name, r.Skipped)
		} else {
			fmt.Fprintf(cfg.Log, "%-10s %8.0f req/s  p99 %7.2f ms  errors %d\n", r.Name, r.RPS, r.P99, r.Errors)
		}
	}
	rep.LoadAfter = loadAverage()
	return rep, nil
}

// signIn signs in through the login form, as a browser does, and returns
// the Cookie header of the session.
func signIn(ctx context.Context, transport http.RoundTripper, base *url.URL, acct Account) (string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: transport, Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	login, _ := url.Parse(base.String() + "/login")
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, login.String(), nil)
	resp, err := c.Do(req)
	if err != nil {
		return "", fmt.Errorf("sign in: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	csrf := ""
	for _, ck := range jar.Cookies(login) {
		if ck.Name == "praxis_csrf" {
			csrf = ck.Value
		}
	}
	form := url.Values{"account": {acct.Handle}, "password": {acct.Password}, "csrf_token": {csrf}}
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, login.String(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = c.Do(req)
	if err != nil {
		return "", fmt.Errorf("sign in: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	var parts []string
	session := false
	for _, ck := range jar.Cookies(login) {
		parts = append(parts, ck.Name+"="+ck.Value)
		session = session || ck.Name == "praxis_session"
	}
	if resp.StatusCode != http.StatusSeeOther || !session {
		return "", fmt.Errorf("sign in as %s: the server answered %s without a session; is this the seeded database?", acct.Handle, resp.Status)
	}
	return strings.Join(parts, "; "), nil
}

// runTarget probes a target once, then runs the closed loop: each of
// cfg.Concurrency workers sends a request, reads the whole answer and
// sends the next, until the duration is over or MaxRequests were sent.
func runTarget(ctx context.Context, client *http.Client, base *url.URL, cookie string, cfg Config, t Target) Result {
	res := Result{Name: t.Name, Statuses: map[string]int{}}
	if len(t.Paths) == 0 {
		res.Skipped = "the seed gave nothing to ask for"
		return res
	}
	var location string
	get := func(path string) (int, int64, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base.String()+path, nil)
		if err != nil {
			return 0, 0, err
		}
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, 0, err
		}
		location = resp.Header.Get("Location")
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, n, err
	}
	// Probe every path once, following permanent redirects on this server
	// (a thread's address gains its title), so that the loop asks for
	// the pages themselves.
	paths := slices.Clone(t.Paths)
	var status int
	var err error
	for i, p := range paths {
		for range 3 {
			if status, _, err = get(p); err != nil || (status != http.StatusMovedPermanently && status != http.StatusPermanentRedirect) {
				break
			}
			to, perr := base.Parse(location)
			if perr != nil || to.Host != base.Host {
				break
			}
			p = to.RequestURI()
		}
		paths[i] = p
		if err != nil || status != http.StatusOK {
			break
		}
	}
	t.Paths = paths
	res.Path = paths[0]
	switch {
	case err != nil:
		res.Skipped = "the first request failed: " + err.Error()
		return res
	case status == http.StatusNotFound:
		res.Skipped = "answered 404 Not Found (is this page built yet?)"
		return res
	case status == http.StatusTooManyRequests:
		res.Skipped = "answered 429 Too Many Requests: start the server with --rate-limits search=off"
		return res
	case status != http.StatusOK:
		res.Skipped = "answered " + strconv.Itoa(status) + " " + http.StatusText(status)
		return res
	}

	rss := startRSS(cfg.PID)
	var sent atomic.Int64
	var mu sync.Mutex
	var all []time.Duration
	var bytes int64
	start := time.Now()
	deadline := start.Add(cfg.Duration)
	if cfg.Duration <= 0 {
		deadline = start.Add(24 * time.Hour)
	}
	var wg sync.WaitGroup
	for w := range cfg.Concurrency {
		wg.Go(func() {
			lat := make([]time.Duration, 0, 4096)
			statuses := map[string]int{}
			var n int64
			for i := w; ctx.Err() == nil && time.Now().Before(deadline); i++ {
				if cfg.MaxRequests > 0 && sent.Add(1) > int64(cfg.MaxRequests) {
					break
				}
				t0 := time.Now()
				status, size, err := get(t.Paths[i%len(t.Paths)])
				lat = append(lat, time.Since(t0))
				n += size
				switch {
				case err != nil:
					statuses["error"]++
				default:
					statuses[strconv.Itoa(status)]++
				}
			}
			mu.Lock()
			all = append(all, lat...)
			bytes += n
			for k, v := range statuses {
				res.Statuses[k] += v
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	res.RSSStart, res.RSSMax = rss()
	res.Requests = len(all)
	res.Seconds = elapsed.Seconds()
	for k, v := range res.Statuses {
		if k != "200" {
			res.Errors += v
		}
	}
	if res.Requests == 0 {
		return res
	}
	res.RPS = float64(res.Requests) / elapsed.Seconds()
	res.Bytes = bytes / int64(res.Requests)
	slices.Sort(all)
	res.P50, res.P95, res.P99 = percentile(all, 0.50), percentile(all, 0.95), percentile(all, 0.99)
	res.Max = ms(all[len(all)-1])
	return res
}

// percentile is the q-quantile of sorted latencies, in milliseconds: the
// smallest latency at least a fraction q of the requests did not exceed.
func percentile(sorted []time.Duration, q float64) float64 {
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return ms(sorted[min(max(i, 0), len(sorted)-1)])
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// startRSS samples the resident memory of a process every 50 ms until the
// returned function is called, which gives the first and the largest
// sample in KiB (zeros without a process).
func startRSS(pid int) func() (first, peak int64) {
	if pid <= 0 {
		return func() (int64, int64) { return 0, 0 }
	}
	first := RSS(pid)
	var peak atomic.Int64
	peak.Store(first)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if v := RSS(pid); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	return func() (int64, int64) {
		close(done)
		<-stopped
		if v := RSS(pid); v > peak.Load() {
			peak.Store(v)
		}
		return first, peak.Load()
	}
}

// RSS returns a process's resident memory (VmRSS) in KiB, or 0 when it
// cannot be read.
func RSS(pid int) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// loadAverage is the machine's load average over 1, 5 and 15 minutes.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// WriteTable writes the report as an aligned table.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "%s as %s, %d connections, %s per target; load average %s before, %s after\n\n",
		r.URL, r.As, r.Concurrency, r.Duration, r.LoadBefore, r.LoadAfter)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\trequests\treq/s\tp50 ms\tp95 ms\tp99 ms\tmax ms\terrors\tKB/resp\tRSS MB\t")
	for _, x := range r.Results {
		if x.Skipped != "" {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t  skipped: %s\n", x.Name, x.Skipped)
			continue
		}
		rss := "-"
		if x.RSSMax > 0 {
			rss = strconv.FormatInt(x.RSSMax/1024, 10)
		}
		errs := strconv.Itoa(x.Errors)
		if x.Errors > 0 {
			var parts []string
			for k, v := range x.Statuses {
				if k != "200" {
					parts = append(parts, k+"×"+strconv.Itoa(v))
				}
			}
			slices.Sort(parts)
			errs += " (" + strings.Join(parts, " ") + ")"
		}
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t%.1f\t%s\t\n", x.Name, x.Requests, x.RPS, x.P50, x.P95, x.P99, x.Max,
			errs, float64(x.Bytes)/1024, rss)
	}
	tw.Flush()
}
