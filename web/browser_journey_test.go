package web_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
	"praxis/web"
)

// The browser journeys (browser_*_test.go) share their frame: one Chromium
// for the test, a fresh database of each dialect arranged through the
// store, and the server as praxis serve builds it.

// eachBrowserJourney runs journey once per database, in one Chromium,
// logging how long each took.
func eachBrowserJourney(t *testing.T, journey func(t *testing.T, browser context.Context, dialect string)) {
	t.Helper()
	browser := startBrowser(t)
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			start := time.Now()
			journey(t, browser, dialect)
			t.Logf("journey on %s took %v", dialect, time.Since(start).Round(time.Millisecond))
		})
	}
}

// journeyStore is where a journey arranges its people and community: a
// fresh database, set up as "Northwind Communities" by @admin. Everyone's
// password is testPassword.
type journeyStore struct {
	t     *testing.T
	db    *sqlstore.DB
	clock *sqltest.Clock // nil: the real time
}

func newJourneyStore(t *testing.T, dialect string, clock *sqltest.Clock) *journeyStore {
	t.Helper()
	db := sqltest.Open(t, dialect, clock)
	if _, err := db.Setup(t.Context(), "Northwind Communities", praxis.Signup{
		Handle: "admin", Email: "admin@example.org", DisplayName: "Ada Admin", Password: testPassword,
	}); err != nil {
		t.Fatalf("Setup: %v", err)
	}
	return &journeyStore{t: t, db: db, clock: clock}
}

// signUp creates handle@example.org, called name.
func (s *journeyStore) signUp(handle, name string) *praxis.User {
	s.t.Helper()
	u, err := s.db.SignUp(s.t.Context(), praxis.Signup{Handle: handle, Email: handle + "@example.org", DisplayName: name, Password: testPassword})
	if err != nil {
		s.t.Fatalf("SignUp(%s): %v", handle, err)
	}
	return u
}

// serve starts the server on the store, reading the store's clock, and
// returns its address. With live, pages update as praxis serve's do: woken
// by the database's thread events.
func (s *journeyStore) serve(live bool) string {
	t := s.t
	t.Helper()
	cfg := web.Config{Store: s.db}
	if s.clock != nil {
		cfg.Now = s.clock.Now
	}
	if live {
		stop, err := s.db.ListenThreadEvents(t.Context(), nil)
		if err != nil {
			t.Fatalf("ListenThreadEvents: %v", err)
		}
		t.Cleanup(stop)
		cfg.Events = s.db.ThreadEvents()
	}
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	t.Cleanup(srv.EndStreams) // runs before ts.Close, which waits for open streams
	return ts.URL
}
