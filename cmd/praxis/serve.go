package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
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
	if err := fs.Parse(args); err != nil {
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
	handler, err := web.New(web.Config{Store: db, Logger: log, BaseURL: *baseURL, Version: version, Events: db.ThreadEvents()})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
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
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
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
