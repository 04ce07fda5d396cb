package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"praxis"
	"praxis/demo"
	"praxis/web"
)

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var d dbFlags
	d.register(fs, getenv)
	addr := fs.String("addr", envOr(getenv, "PRAXIS_ADDR", "127.0.0.1:8080"), "address to listen on (env PRAXIS_ADDR)")
	baseURL := fs.String("base-url", getenv("PRAXIS_BASE_URL"), "public URL, e.g. https://praxis.example.org (env PRAXIS_BASE_URL)")
	seedDemo := fs.Bool("demo", getenv("PRAXIS_DEMO") == "1", "on an empty database, seed a demo organization first")
	trustProxy := fs.Bool("trust-proxy", envBool(getenv, "PRAXIS_TRUST_PROXY"),
		"believe X-Forwarded-For and X-Forwarded-Proto: only behind a reverse proxy that sets them (env PRAXIS_TRUST_PROXY)")
	rateLimits := fs.String("rate-limits", getenv("PRAXIS_RATE_LIMITS"),
		"change rate limits, e.g. signup=10/1h,post=30/10m,search=60/1m or post=off (env PRAXIS_RATE_LIMITS)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	limits, err := praxis.ParseRateLimits(*rateLimits)
	if err != nil {
		return err
	}
	timeouts, err := httpTimeoutsFrom(getenv)
	if err != nil {
		return err
	}
	start := time.Now()
	log := newLogger(stderr, getenv)
	db, err := d.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if *seedDemo {
		sum, err := demo.Seed(ctx, db, time.Now())
		switch {
		case err == nil:
			log.Info("seeded the demo organization", "users", sum.Users, "communities", sum.Communities, "activities", sum.Activities)
		case praxis.ErrorCode(err) == praxis.ECONFLICT:
			log.Info("the database is not empty; the demo is not seeded again")
		default:
			return fmt.Errorf("seed the demo: %w", err)
		}
	}
	// Live thread pages wake up on the changes of every instance; the
	// listener stops when the server does.
	stopEvents, err := db.ListenThreadEvents(ctx, log)
	if err != nil {
		return fmt.Errorf("listen for thread events: %w", err)
	}
	defer stopEvents()
	// Reminders of events about to start go out every minute until the
	// server stops. Every instance runs the loop; the store sends each
	// reminder once.
	stopReminders := startReminders(ctx, db, log, reminderInterval)
	defer stopReminders()
	handler, err := web.New(web.Config{Store: db, Logger: log, BaseURL: *baseURL, Version: version, Events: db.ThreadEvents(),
		TrustProxy: *trustProxy, RateLimits: &limits})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := newHTTPServer(handler, timeouts)
	srv.RegisterOnShutdown(handler.EndStreams)
	url := "http://" + ln.Addr().String()
	log.Info("praxis is serving", "url", url, "dialect", db.Dialect(), "version", version, "startup_ms", time.Since(start).Milliseconds())
	fmt.Fprintf(stdout, "Praxis is running at %s\n", url)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), timeouts.Shutdown)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// httpTimeouts bound how long a client may hold a connection: slow
// clients (slowloris) are cut off rather than tying up the server.
type httpTimeouts struct {
	ReadHeader time.Duration // to send the request line and headers
	Read       time.Duration // the whole request, body included
	Write      time.Duration // to read the response (live streams lift it)
	Idle       time.Duration // between requests on a kept-alive connection
	Shutdown   time.Duration // for requests in flight to finish on SIGTERM
}

var defaultHTTPTimeouts = httpTimeouts{
	ReadHeader: 10 * time.Second,
	Read:       30 * time.Second,
	Write:      60 * time.Second,
	Idle:       120 * time.Second,
	Shutdown:   20 * time.Second,
}

// httpTimeoutsFrom reads PRAXIS_HTTP_TIMEOUTS, e.g. "read_header=2s,read=10s":
// tests shorten the timeouts with it; deployments rarely need to.
func httpTimeoutsFrom(getenv func(string) string) (httpTimeouts, error) {
	t := defaultHTTPTimeouts
	for item := range strings.SplitSeq(getenv("PRAXIS_HTTP_TIMEOUTS"), ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		name, value, _ := strings.Cut(item, "=")
		d, err := time.ParseDuration(strings.TrimSpace(value))
		dst := map[string]*time.Duration{"read_header": &t.ReadHeader, "read": &t.Read, "write": &t.Write,
			"idle": &t.Idle, "shutdown": &t.Shutdown}[strings.TrimSpace(name)]
		if dst == nil || err != nil || d <= 0 {
			return t, fmt.Errorf("PRAXIS_HTTP_TIMEOUTS: %q: write name=DURATION with name read_header, read, write, idle or shutdown", item)
		}
		*dst = d
	}
	return t, nil
}

// newHTTPServer is the server of praxis serve around handler.
func newHTTPServer(handler http.Handler, t httpTimeouts) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    64 << 10,
	}
}

// envBool reads a yes/no environment variable: 1, true or yes is yes.
func envBool(getenv func(string) string, key string) bool {
	switch strings.ToLower(strings.TrimSpace(getenv(key))) {
	case "1", "true", "yes":
		return true
	}
	return false
}

// reminderInterval is how often the server looks for events about to start.
const reminderInterval = time.Minute

// reminderSender is the part of the store that sends event reminders.
type reminderSender interface {
	SendReminders(ctx context.Context, lead time.Duration) (int, error)
}

// startReminders sends the reminders that are due at once, then every
// interval, until ctx ends or stop is called; stop waits for the loop.
func startReminders(ctx context.Context, store reminderSender, log *slog.Logger, every time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			n, err := store.SendReminders(ctx, praxis.DefaultReminderLead)
			switch {
			case err != nil && ctx.Err() == nil:
				log.Error("send event reminders", "err", err)
			case n > 0:
				log.Info("sent event reminders", "count", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return func() { cancel(); <-done }
}
