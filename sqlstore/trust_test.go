package sqlstore_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// TestRateLimitAllow checks the sliding window of Allow: the limit holds
// per bucket and key, says when to come back, and lets the key in again
// once its oldest action has left the window.
func TestRateLimitAllow(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		limit := praxis.RateLimit{Max: 3, Window: time.Minute}
		for i := range 3 {
			if err := db.Allow(ctx, praxis.LimitPost, "user:1", limit); err != nil {
				t.Fatalf("Allow #%d: %v; want nil", i+1, err)
			}
			clock.Add(10 * time.Second)
		}
		// At 30 s the first action is 30 s old: 30 s more to wait.
		err := db.Allow(ctx, praxis.LimitPost, "user:1", limit)
		wantCode(t, "Allow #4", err, praxis.ERATELIMITED)
		if got := praxis.ErrorRetryAfter(err); got != 30*time.Second {
			t.Errorf("Allow #4: RetryAfter = %v; want 30s", got)
		}
		if msg := praxis.ErrorMessage(err); !strings.Contains(msg, "30 seconds") {
			t.Errorf("Allow #4: message = %q; want it to say 30 seconds", msg)
		}
		// Other keys and buckets have their own counts.
		wantCode(t, "Allow by another user", db.Allow(ctx, praxis.LimitPost, "user:2", limit), "")
		wantCode(t, "Allow in another bucket", db.Allow(ctx, praxis.LimitSearch, "user:1", limit), "")
		// A refused action is not counted: once the first leaves the
		// window, one more is allowed, and then the second must leave.
		clock.Add(31 * time.Second)
		wantCode(t, "Allow after the first left the window", db.Allow(ctx, praxis.LimitPost, "user:1", limit), "")
		wantCode(t, "Allow again at once", db.Allow(ctx, praxis.LimitPost, "user:1", limit), praxis.ERATELIMITED)
		clock.Add(10 * time.Second)
		wantCode(t, "Allow after the second left the window", db.Allow(ctx, praxis.LimitPost, "user:1", limit), "")
		// An off limit allows everything and records nothing.
		for range 10 {
			wantCode(t, "Allow with the limit off", db.Allow(ctx, praxis.LimitPost, "user:1", praxis.RateLimit{}), "")
		}
	})
}

// TestRateLimitSharedByInstances: two instances of Praxis on one database
// share the counts, because they live in the database.
func TestRateLimitSharedByInstances(t *testing.T) {
	for _, d := range sqltest.Dialects() {
		t.Run(d, func(t *testing.T) {
			ctx := t.Context()
			clock := &sqltest.Clock{T: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
			url := sqltest.DatabaseURL(t, d)
			var instances [2]*sqlstore.DB
			for i := range instances {
				db, err := sqlstore.Open(ctx, sqlstore.Options{DatabaseURL: url, DataDir: t.TempDir(), Now: clock.Now, PasswordParams: &sqltest.FastPasswords})
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				t.Cleanup(func() { db.Close() })
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatalf("Migrate: %v", err)
				}
				instances[i] = db
			}
			a, b := instances[0], instances[1]
			limit := praxis.RateLimit{Max: 2, Window: time.Hour}
			wantCode(t, "Allow #1 on instance A", a.Allow(ctx, praxis.LimitSignup, "ip:192.0.2.7", limit), "")
			wantCode(t, "Allow #2 on instance B", b.Allow(ctx, praxis.LimitSignup, "ip:192.0.2.7", limit), "")
			wantCode(t, "Allow #3 on instance A", a.Allow(ctx, praxis.LimitSignup, "ip:192.0.2.7", limit), praxis.ERATELIMITED)
			wantCode(t, "Allow #3 on instance B", b.Allow(ctx, praxis.LimitSignup, "ip:192.0.2.7", limit), praxis.ERATELIMITED)
		})
	}
}

// auditRow is what a test compares of an audit event.
type auditRow struct{ event, actor, subject, community, ip string }

func auditRows(t *testing.T, db *sqlstore.DB, admin *praxis.User) []auditRow {
	t.Helper()
	p, err := db.AuditLog(t.Context(), admin, praxis.AuditFilter{Limit: 100})
	if err != nil {
		t.Fatalf("AuditLog: %v", err)
	}
	var out []auditRow
	for _, e := range slices.Backward(p.Events) { // oldest first
		out = append(out, auditRow{e.Event, e.Actor, e.Subject, e.Community, e.IP})
	}
	return out
}

// TestAuditLogRecordsSecurityEvents performs every kind of security event
// and reads them back from the log, with who, whom, where and from which
// address.
func TestAuditLogRecordsSecurityEvents(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		admin := setupAdmin(t, db)
		ctx := praxis.NewContextWithClientIP(t.Context(), "198.51.100.4")
		mia := signUp(t, db, "mia")
		c := createCommunity(t, db, admin, "Night Nurses", praxis.VisibilityPrivate, praxis.JoinInvitation)
		join(t, db, admin, mia, c.Slug)

		must := func(what string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
		_, err := db.Authenticate(ctx, praxis.Login{Account: "mia", Password: "not her password", IP: "203.0.113.1"})
		wantCode(t, "Authenticate with a wrong password", err, praxis.EUNAUTHORIZED)
		_, err = db.Authenticate(ctx, praxis.Login{Account: "nobody@example.org", Password: "whatever", IP: "203.0.113.2"})
		wantCode(t, "Authenticate an unknown account", err, praxis.EUNAUTHORIZED)
		_, err = db.Authenticate(ctx, praxis.Login{Account: "mia@example.org", Password: testPassword, IP: "203.0.113.3"})
		must("Authenticate", err)
		session, err := db.CreateSession(ctx, mia.ID, "test", "203.0.113.3")
		must("CreateSession", err)
		must("DeleteSessionToken", db.DeleteSessionToken(ctx, session))
		tok, err := db.CreateAPIToken(ctx, mia.ID, "backup script")
		must("CreateAPIToken", err)
		must("RevokeAPIToken", db.RevokeAPIToken(ctx, mia.ID, tok.ID))
		_, err = db.CreateSession(ctx, mia.ID, "phone", "203.0.113.3")
		must("CreateSession", err)
		sessions, err := db.Sessions(ctx, mia.ID)
		must("Sessions", err)
		must("RevokeSession", db.RevokeSession(ctx, mia.ID, sessions[0].ID))
		must("ChangePassword", db.ChangePassword(ctx, mia, testPassword, "a brand new password", 0))
		must("SetRole", db.SetRole(ctx, admin, c.Slug, "mia", praxis.MemberCore))
		must("SetUserRole", db.SetUserRole(ctx, admin, "mia", praxis.RoleAdmin))
		must("SetSuspended", db.SetSuspended(ctx, admin, "mia", true))
		must("SetSuspended(false)", db.SetSuspended(ctx, admin, "mia", false))

		want := []auditRow{
			{praxis.AuditSignup, "admin", "admin", "", ""},
			{praxis.AuditSignup, "mia", "mia", "", "192.0.2.1"},
			{praxis.AuditLoginFailed, "", "mia", "", "203.0.113.1"},
			{praxis.AuditLoginFailed, "", "", "", "203.0.113.2"},
			{praxis.AuditLogin, "mia", "mia", "", "203.0.113.3"},
			{praxis.AuditLogout, "mia", "mia", "", "198.51.100.4"},
			{praxis.AuditTokenCreated, "mia", "mia", "", "198.51.100.4"},
			{praxis.AuditTokenRevoked, "mia", "mia", "", "198.51.100.4"},
			{praxis.AuditSessionRevoked, "mia", "mia", "", "198.51.100.4"},
			{praxis.AuditPasswordChanged, "mia", "mia", "", "198.51.100.4"},
			{praxis.AuditCommunityRole, "admin", "mia", c.Slug, "198.51.100.4"},
			{praxis.AuditInstanceRole, "admin", "mia", "", "198.51.100.4"},
			{praxis.AuditSuspended, "admin", "mia", "", "198.51.100.4"},
			{praxis.AuditRestored, "admin", "mia", "", "198.51.100.4"},
		}
		got := auditRows(t, db, admin)
		if !slices.Equal(got, want) {
			t.Errorf("audit log (oldest first):\n got %v\nwant %v", got, want)
		}

		p, err := db.AuditLog(ctx, admin, praxis.AuditFilter{Limit: 100})
		must("AuditLog", err)
		details := map[string]string{}
		for _, e := range p.Events {
			details[e.Event] += e.Detail + "\n"
			if e.CreatedAt.IsZero() {
				t.Errorf("%s: created_at is zero", e.Event)
			}
		}
		for event, want := range map[string]string{
			praxis.AuditLoginFailed:   `no account "nobody@example.org"`,
			praxis.AuditTokenCreated:  tok.Prefix,
			praxis.AuditCommunityRole: "member → core",
			praxis.AuditInstanceRole:  "member → admin",
		} {
			if !strings.Contains(details[event], want) {
				t.Errorf("%s: detail = %q; want it to contain %q", event, details[event], want)
			}
		}
		for _, e := range p.Events {
			if strings.Contains(e.Detail, tok.Secret) || strings.Contains(e.Detail, session) || strings.Contains(e.Detail, "a brand new password") {
				t.Errorf("%s: detail %q holds a secret", e.Event, e.Detail)
			}
		}
	})
}

// TestAuditLogInTheEventsTransaction: a change that fails half-way leaves
// no audit row behind, and one that did not happen writes none.
func TestAuditLogInTheEventsTransaction(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		admin := setupAdmin(t, db)
		signUp(t, db, "mia")
		before := auditRows(t, db, admin)

		// The role change is written (and audited) before the suspension
		// of oneself is refused: all of it must roll back.
		role := praxis.RoleMember
		suspended := true
		_, err := db.UpdateUser(ctx, admin, "admin", &role, &suspended)
		wantCode(t, "UpdateUser demoting the last admin", err, praxis.ECONFLICT)
		other := praxis.RoleAdmin
		if _, err := db.UpdateUser(ctx, admin, "mia", &other, nil); err != nil {
			t.Fatalf("UpdateUser(mia admin): %v", err)
		}
		role = praxis.RoleMember
		_, err = db.UpdateUser(ctx, admin, "admin", &role, &suspended)
		wantCode(t, "UpdateUser suspending oneself", err, praxis.ECONFLICT)
		wantCode(t, "RevokeAPIToken of no token", db.RevokeAPIToken(ctx, admin.ID, 999), praxis.ENOTFOUND)
		wantCode(t, "RevokeSession of no session", db.RevokeSession(ctx, admin.ID, 999), praxis.ENOTFOUND)
		wantCode(t, "DeleteSessionToken of no session", db.DeleteSessionToken(ctx, "no such token"), "")

		got := auditRows(t, db, admin)
		want := append(before, auditRow{praxis.AuditInstanceRole, "admin", "mia", "", ""})
		if !slices.Equal(got, want) {
			t.Errorf("audit log:\n got %v\nwant %v", got, want)
		}
	})
}

// TestAuditLogPagesAndAccess: newest first, in pages that follow each
// other without gaps or repeats; only administrators may read it.
func TestAuditLogPagesAndAccess(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		admin := setupAdmin(t, db)
		mia := signUp(t, db, "mia")
		for i := range 6 {
			if _, err := db.CreateAPIToken(ctx, mia.ID, "token "+string(rune('a'+i))); err != nil {
				t.Fatalf("CreateAPIToken: %v", err)
			}
		}
		all, err := db.AuditLog(ctx, admin, praxis.AuditFilter{})
		if err != nil {
			t.Fatalf("AuditLog: %v", err)
		}
		if len(all.Events) != 8 || all.Next != 0 {
			t.Fatalf("AuditLog: %d events, next %d; want 8 and no next page", len(all.Events), all.Next)
		}
		var paged []int64
		f := praxis.AuditFilter{Limit: 3}
		for range 5 {
			p, err := db.AuditLog(ctx, admin, f)
			if err != nil {
				t.Fatalf("AuditLog(%+v): %v", f, err)
			}
			for _, e := range p.Events {
				paged = append(paged, e.ID)
			}
			if p.Next == 0 {
				break
			}
			f.Before = p.Next
		}
		var ids []int64
		for _, e := range all.Events {
			ids = append(ids, e.ID)
		}
		if !slices.Equal(paged, ids) {
			t.Errorf("paged ids = %v; want %v", paged, ids)
		}
		if !slices.IsSortedFunc(ids, func(a, b int64) int { return int(b - a) }) {
			t.Errorf("ids = %v; want newest first", ids)
		}

		_, err = db.AuditLog(ctx, mia, praxis.AuditFilter{})
		wantCode(t, "AuditLog as a member", err, praxis.EFORBIDDEN)
		_, err = db.AuditLog(ctx, nil, praxis.AuditFilter{})
		wantCode(t, "AuditLog anonymous", err, praxis.EUNAUTHORIZED)
		_, err = db.AuditLog(ctx, admin, praxis.AuditFilter{Before: -1})
		wantCode(t, "AuditLog before -1", err, praxis.EINVALID)
	})
}

// TestAuthenticateRevealsNoAccounts: a sign-in for an account that does
// not exist, for a placeholder that cannot sign in, and with a wrong
// password get the same answer, and each checks a password hash (the
// dummy one when there is no account), so neither the message nor the
// work done tells which accounts exist.
func TestAuthenticateRevealsNoAccounts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		setupAdmin(t, db)
		signUp(t, db, "mia")
		if err := db.InsertPlaceholderUsers(t.Context(), []*praxis.User{{Handle: "imported", DisplayName: "Imported"}}); err != nil {
			t.Fatalf("InsertPlaceholderUsers: %v", err)
		}
		dummy := sqlstore.CountDummyHashUses(db)
		try := func(account string) (error, int64) {
			before := dummy.Load()
			_, err := db.Authenticate(context.Background(), praxis.Login{Account: account, Password: "not the password", IP: "192.0.2.9"})
			return err, dummy.Load() - before
		}
		wrong, wrongDummy := try("mia")
		tests := []struct {
			account   string
			wantDummy int64
		}{
			{"nobody", 1},
			{"nobody@example.org", 1},
			{"imported", 1},
		}
		for _, tt := range tests {
			err, used := try(tt.account)
			if praxis.ErrorCode(err) != praxis.ErrorCode(wrong) || praxis.ErrorMessage(err) != praxis.ErrorMessage(wrong) {
				t.Errorf("Authenticate(%s) = %q %q; want %q %q as for a wrong password", tt.account,
					praxis.ErrorCode(err), praxis.ErrorMessage(err), praxis.ErrorCode(wrong), praxis.ErrorMessage(wrong))
			}
			if used != tt.wantDummy {
				t.Errorf("Authenticate(%s) checked the dummy hash %d times; want %d", tt.account, used, tt.wantDummy)
			}
		}
		if wrongDummy != 0 {
			t.Errorf("Authenticate(mia) with a wrong password checked the dummy hash %d times; want 0 (her own hash)", wrongDummy)
		}
	})
}
