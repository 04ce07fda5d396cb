package sqlstore_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

func TestSetup(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		if needed, err := db.SetupNeeded(ctx); err != nil || !needed {
			t.Fatalf("SetupNeeded on a new database = %v, %v; want true, nil", needed, err)
		}

		_, err := db.Setup(ctx, " ", praxis.Signup{Handle: "-bad", Email: "admin@example.org", DisplayName: "Ada", Password: testPassword})
		wantCode(t, "Setup with no name and a bad handle", err, praxis.EINVALID)
		wantFields(t, "Setup with no name and a bad handle", err, "instance_name", "handle")
		if needed, _ := db.SetupNeeded(ctx); !needed {
			t.Fatalf("SetupNeeded after a refused Setup = false; want true")
		}

		admin, err := db.Setup(ctx, "Test Praxis", praxis.Signup{
			Handle: "Admin", Email: " Admin@Example.org ", DisplayName: "Ada Admin", Password: testPassword,
		})
		if err != nil {
			t.Fatalf("Setup: %v", err)
		}
		if admin.Role != praxis.RoleAdmin || admin.Handle != "admin" || admin.Email != "admin@example.org" {
			t.Errorf("Setup = role %q, handle %q, e-mail %q; want admin, admin, admin@example.org", admin.Role, admin.Handle, admin.Email)
		}
		if needed, err := db.SetupNeeded(ctx); err != nil || needed {
			t.Errorf("SetupNeeded after Setup = %v, %v; want false, nil", needed, err)
		}
		if s, err := db.Settings(ctx); err != nil || s.Name != "Test Praxis" || s.SignupPolicy != praxis.SignupOpen {
			t.Errorf("Settings after Setup = %+v, %v; want name Test Praxis, open sign-up", s, err)
		}

		_, err = db.Setup(ctx, "Another", praxis.Signup{Handle: "other", Email: "other@example.org", DisplayName: "Other", Password: testPassword})
		wantCode(t, "second Setup", err, praxis.ECONFLICT)
		if _, err := db.UserByHandle(ctx, "other"); praxis.ErrorCode(err) != praxis.ENOTFOUND {
			t.Errorf("UserByHandle(other) after a refused Setup: error = %v; want ENOTFOUND", err)
		}
	})
}

func TestSignUpPolicies(t *testing.T) {
	type env struct {
		db    *sqlstore.DB
		clock *sqltest.Clock
		admin *praxis.User
	}
	// invite makes an invitation link for email ("" for anyone).
	invite := func(t *testing.T, e env, email string) string {
		t.Helper()
		inv, err := e.db.CreateInvitation(t.Context(), e.admin, email)
		if err != nil {
			t.Fatalf("CreateInvitation: %v", err)
		}
		return inv.Token
	}
	tests := []struct {
		name   string
		policy string
		email  string
		// invitation prepares the invitation token to sign up with.
		invitation func(t *testing.T, e env) string
		wantCode   string
		wantFields []string
	}{
		{name: "open", policy: praxis.SignupOpen, email: "anyone@elsewhere.net"},
		{name: "open with a bad invitation", policy: praxis.SignupOpen, email: "bad@example.org",
			invitation: func(*testing.T, env) string { return "inv_nonsense" }, wantCode: praxis.EFORBIDDEN},
		{name: "invite-only without invitation", policy: praxis.SignupInviteOnly, email: "uninvited@example.org", wantCode: praxis.EFORBIDDEN},
		{name: "invite-only with invitation", policy: praxis.SignupInviteOnly, email: "invited@example.org",
			invitation: func(t *testing.T, e env) string { return invite(t, e, "") }},
		{name: "invite-only with invitation for this address", policy: praxis.SignupInviteOnly, email: "named@example.org",
			invitation: func(t *testing.T, e env) string { return invite(t, e, "Named@Example.org") }},
		{name: "invite-only with invitation for another address", policy: praxis.SignupInviteOnly, email: "thief@example.org",
			invitation: func(t *testing.T, e env) string { return invite(t, e, "owner@example.org") },
			wantCode:   praxis.EFORBIDDEN, wantFields: []string{"email"}},
		{name: "invite-only with used invitation", policy: praxis.SignupInviteOnly, email: "second@example.org",
			invitation: func(t *testing.T, e env) string {
				token := invite(t, e, "")
				if _, err := e.db.SignUp(t.Context(), praxis.Signup{Handle: "first", Email: "first@example.org", DisplayName: "First",
					Password: testPassword, Invitation: token}); err != nil {
					t.Fatalf("first SignUp with the invitation: %v", err)
				}
				return token
			},
			wantCode: praxis.EFORBIDDEN},
		{name: "invite-only with expired invitation", policy: praxis.SignupInviteOnly, email: "late@example.org",
			invitation: func(t *testing.T, e env) string {
				token := invite(t, e, "")
				e.clock.Add(praxis.InvitationLifetime + time.Minute)
				return token
			},
			wantCode: praxis.EFORBIDDEN},
		{name: "invite-only with unknown invitation", policy: praxis.SignupInviteOnly, email: "forger@example.org",
			invitation: func(*testing.T, env) string { return "inv_forged" }, wantCode: praxis.EFORBIDDEN},
		{name: "domains with allowed domain", policy: praxis.SignupDomains, email: "staff@Example.org"},
		{name: "domains with other domain", policy: praxis.SignupDomains, email: "outsider@elsewhere.net",
			wantCode: praxis.EFORBIDDEN, wantFields: []string{"email"}},
		{name: "domains with other domain and invitation", policy: praxis.SignupDomains, email: "guest@elsewhere.net",
			invitation: func(t *testing.T, e env) string { return invite(t, e, "") }},
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		e := env{db: db, clock: clock, admin: setupAdmin(t, db)}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := t.Context()
				if _, err := db.UpdateSettings(ctx, e.admin, praxis.SettingsInput{
					SignupPolicy: new(tt.policy), AllowedDomains: []string{"example.org"},
				}); err != nil {
					t.Fatalf("UpdateSettings: %v", err)
				}
				s := praxis.Signup{Handle: fmt.Sprintf("user%d", i), Email: tt.email, DisplayName: "Someone", Password: testPassword}
				if tt.invitation != nil {
					s.Invitation = tt.invitation(t, e)
				}
				before := stats(t, db, e.admin)
				u, err := db.SignUp(ctx, s)
				wantCode(t, "SignUp", err, tt.wantCode)
				if tt.wantCode != "" {
					wantFields(t, "SignUp", err, tt.wantFields...)
					if after := stats(t, db, e.admin); after["users"] != before["users"] {
						t.Errorf("users after a refused SignUp = %d; want %d", after["users"], before["users"])
					}
					return
				}
				if u.Role != praxis.RoleMember || u.ID == 0 {
					t.Errorf("SignUp = role %q, id %d; want member with an id", u.Role, u.ID)
				}
				if _, err := db.Authenticate(ctx, praxis.Login{Account: tt.email, Password: testPassword}); err != nil {
					t.Errorf("Authenticate the new account: %v", err)
				}
			})
		}
	})
}

func TestSignUpConflicts(t *testing.T) {
	tests := []struct {
		name   string
		handle string
		email  string
		field  string
	}{
		{"same handle", "alice", "alice2@example.org", "handle"},
		{"same handle in capitals", "ALICE", "alice3@example.org", "handle"},
		{"same e-mail", "alice2", "alice@example.org", "email"},
		{"same e-mail in capitals", "alice3", " Alice@EXAMPLE.org", "email"},
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		admin := setupAdmin(t, db)
		signUp(t, db, "alice")
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := stats(t, db, admin)
				_, err := db.SignUp(t.Context(), praxis.Signup{Handle: tt.handle, Email: tt.email, DisplayName: "Alice Again", Password: testPassword})
				wantCode(t, "SignUp", err, praxis.ECONFLICT)
				wantFields(t, "SignUp", err, tt.field)
				if after := stats(t, db, admin); after["users"] != before["users"] || after["activity"] != before["activity"] {
					t.Errorf("Stats after a refused SignUp = %v; want %v", after, before)
				}
			})
		}
	})
}

func TestSignUpInvalid(t *testing.T) {
	tests := []struct {
		name   string
		s      praxis.Signup
		fields []string
	}{
		{"empty", praxis.Signup{}, []string{"handle", "email", "display_name", "password"}},
		{"short password", praxis.Signup{Handle: "bob", Email: "bob@example.org", DisplayName: "Bob", Password: "short"}, []string{"password"}},
		{"handle with a space", praxis.Signup{Handle: "bob smith", Email: "bob@example.org", DisplayName: "Bob", Password: testPassword}, []string{"handle"}},
		{"handle too long", praxis.Signup{Handle: strings.Repeat("b", 31), Email: "bob@example.org", DisplayName: "Bob", Password: testPassword}, []string{"handle"}},
		{"e-mail without domain", praxis.Signup{Handle: "bob", Email: "bob@", DisplayName: "Bob", Password: testPassword}, []string{"email"}},
		{"e-mail with a name", praxis.Signup{Handle: "bob", Email: "Bob <bob@example.org>", DisplayName: "Bob", Password: testPassword}, []string{"email"}},
		{"name too long", praxis.Signup{Handle: "bob", Email: "bob@example.org", DisplayName: strings.Repeat("é", 81), Password: testPassword}, []string{"display_name"}},
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		admin := setupAdmin(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := stats(t, db, admin)
				_, err := db.SignUp(t.Context(), tt.s)
				wantCode(t, "SignUp", err, praxis.EINVALID)
				wantFields(t, "SignUp", err, tt.fields...)
				if after := stats(t, db, admin); after["users"] != before["users"] {
					t.Errorf("users after an invalid SignUp = %d; want %d", after["users"], before["users"])
				}
			})
		}
	})
}

func TestAuthenticate(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		setupAdmin(t, db)
		bob := signUp(t, db, "bob")
		tests := []struct {
			name     string
			login    praxis.Login
			wantCode string
		}{
			{"by e-mail", praxis.Login{Account: "bob@example.org", Password: testPassword}, ""},
			{"by e-mail in capitals", praxis.Login{Account: " BOB@example.org ", Password: testPassword}, ""},
			{"by handle", praxis.Login{Account: "bob", Password: testPassword}, ""},
			{"wrong password", praxis.Login{Account: "bob", Password: testPassword + "!"}, praxis.EUNAUTHORIZED},
			{"unknown account", praxis.Login{Account: "nobody@example.org", Password: testPassword}, praxis.EUNAUTHORIZED},
			{"no password", praxis.Login{Account: "bob"}, praxis.EINVALID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				clock.Add(time.Second)
				u, err := db.Authenticate(t.Context(), tt.login)
				wantCode(t, "Authenticate", err, tt.wantCode)
				if err == nil && u.ID != bob.ID {
					t.Errorf("Authenticate = user %d (@%s); want %d (@bob)", u.ID, u.Handle, bob.ID)
				}
				if err != nil && u != nil {
					t.Errorf("Authenticate = %+v with error %v; want no user", u, err)
				}
			})
		}
	})
}

// TestAuthenticateAccountLimit checks the per-account limit on failed
// sign-ins: past praxis.MaxFailuresPerAccount even the right password is
// refused until praxis.LoginWindow has passed, and a success starts the
// count again.
func TestAuthenticateAccountLimit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		setupAdmin(t, db)
		signUp(t, db, "bob")
		attempt := func(account, pw, ip, want string) {
			t.Helper()
			clock.Add(time.Second)
			_, err := db.Authenticate(t.Context(), praxis.Login{Account: account, Password: pw, IP: ip})
			wantCode(t, fmt.Sprintf("Authenticate(%s) at %s", account, clock.T.Format(time.TimeOnly)), err, want)
		}
		const wrong = "not the password"

		for range praxis.MaxFailuresPerAccount {
			attempt("bob@example.org", wrong, "192.0.2.1", praxis.EUNAUTHORIZED)
		}
		attempt("bob@example.org", testPassword, "192.0.2.1", praxis.ERATELIMITED)
		attempt("bob@example.org", testPassword, "198.51.100.7", praxis.ERATELIMITED) // another network
		clock.Add(praxis.LoginWindow)
		attempt("bob@example.org", testPassword, "192.0.2.1", "")

		// A success resets the account's count.
		for range praxis.MaxFailuresPerAccount - 1 {
			attempt("bob@example.org", wrong, "192.0.2.2", praxis.EUNAUTHORIZED)
		}
		attempt("bob@example.org", testPassword, "192.0.2.2", "")
		for range praxis.MaxFailuresPerAccount - 1 {
			attempt("bob@example.org", wrong, "192.0.2.2", praxis.EUNAUTHORIZED)
		}
		attempt("bob@example.org", testPassword, "192.0.2.2", "")

		// The account is the person, whichever name they sign in with.
		clock.Add(praxis.LoginWindow)
		for i := range praxis.MaxFailuresPerAccount {
			account := "bob@example.org"
			if i%2 == 1 {
				account = "bob"
			}
			attempt(account, wrong, "192.0.2.3", praxis.EUNAUTHORIZED)
		}
		attempt("bob", testPassword, "192.0.2.3", praxis.ERATELIMITED)
		attempt("bob@example.org", testPassword, "192.0.2.3", praxis.ERATELIMITED)
	})
}

// TestAuthenticateNetworkLimit checks the per-address limit: many failures
// on many accounts from one address pause sign-in from that address only.
func TestAuthenticateNetworkLimit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		setupAdmin(t, db)
		const perAccount = praxis.MaxFailuresPerAccount - 1
		var victims []string
		for i := range (praxis.MaxFailuresPerIP + perAccount - 1) / perAccount {
			victims = append(victims, signUp(t, db, fmt.Sprintf("victim%d", i)).Handle)
		}
		signUp(t, db, "carol")
		attempt := func(account, pw, ip, want string) {
			t.Helper()
			clock.Add(time.Second)
			_, err := db.Authenticate(t.Context(), praxis.Login{Account: account, Password: pw, IP: ip})
			wantCode(t, fmt.Sprintf("Authenticate(%s) from %s", account, ip), err, want)
		}
		const attacker = "203.0.113.66"
		for i := range praxis.MaxFailuresPerIP {
			attempt(victims[i/perAccount], "not the password", attacker, praxis.EUNAUTHORIZED)
		}
		attempt("carol", testPassword, attacker, praxis.ERATELIMITED)
		attempt("carol", testPassword, "192.0.2.10", "")
		clock.Add(praxis.LoginWindow)
		attempt("carol", testPassword, attacker, "")
	})
}

func TestAuthenticateSuspended(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		admin := setupAdmin(t, db)
		bob := signUp(t, db, "bob")
		session, err := db.CreateSession(ctx, bob.ID, "test", "192.0.2.1")
		if err != nil {
			t.Fatalf("CreateSession: %v", err)
		}
		token, err := db.CreateAPIToken(ctx, bob.ID, "script")
		if err != nil {
			t.Fatalf("CreateAPIToken: %v", err)
		}
		suspend(t, db, admin, bob)

		u, err := db.Authenticate(ctx, praxis.Login{Account: "bob", Password: testPassword})
		if err == nil || u != nil {
			t.Fatalf("Authenticate a suspended user = %v, %v; want no user and an error", u, err)
		}
		wantCode(t, "Authenticate a suspended user", err, praxis.EFORBIDDEN)
		_, _, err = db.UserBySession(ctx, session)
		wantCode(t, "UserBySession of a suspended user", err, praxis.EUNAUTHORIZED)
		_, err = db.UserByAPIToken(ctx, token.Secret)
		wantCode(t, "UserByAPIToken of a suspended user", err, praxis.EUNAUTHORIZED)

		if err := db.SetSuspended(ctx, admin, "bob", false); err != nil {
			t.Fatalf("SetSuspended(false): %v", err)
		}
		if _, err := db.Authenticate(ctx, praxis.Login{Account: "bob", Password: testPassword}); err != nil {
			t.Errorf("Authenticate a restored user: %v", err)
		}
		if _, err := db.UserByAPIToken(ctx, token.Secret); err != nil {
			t.Errorf("UserByAPIToken of a restored user: %v", err)
		}
	})
}

func TestSessions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		setupAdmin(t, db)
		bob := signUp(t, db, "bob")
		carol := signUp(t, db, "carol")
		newSession := func(u *praxis.User, agent string) string {
			t.Helper()
			token, err := db.CreateSession(ctx, u.ID, agent, "192.0.2.1")
			if err != nil || token == "" {
				t.Fatalf("CreateSession = %q, %v; want a token", token, err)
			}
			return token
		}

		laptop := newSession(bob, "laptop")
		u, s, err := db.UserBySession(ctx, laptop)
		if err != nil {
			t.Fatalf("UserBySession: %v", err)
		}
		if u.ID != bob.ID || s.UserAgent != "laptop" || !s.Current || !s.ExpiresAt.Equal(clock.T.Add(praxis.SessionLifetime)) {
			t.Errorf("UserBySession = @%s, %+v; want @bob, laptop, current, expiring at %v", u.Handle, s, clock.T.Add(praxis.SessionLifetime))
		}
		for _, token := range []string{"", "nonsense", laptop + "x"} {
			_, _, err := db.UserBySession(ctx, token)
			wantCode(t, fmt.Sprintf("UserBySession(%q)", token), err, praxis.EUNAUTHORIZED)
		}

		clock.Add(time.Hour)
		phone := newSession(bob, "phone")
		carolSession := newSession(carol, "desktop")
		list, err := db.Sessions(ctx, bob.ID)
		if err != nil {
			t.Fatalf("Sessions: %v", err)
		}
		var agents []string
		for _, s := range list {
			agents = append(agents, s.UserAgent)
		}
		if got, want := strings.Join(agents, ","), "phone,laptop"; got != want {
			t.Errorf("Sessions(bob) = %s; want %s, most recent first", got, want)
		}

		// Using a session keeps it alive; an unused one expires.
		clock.Add(praxis.SessionLifetime - 2*time.Hour)
		if _, _, err := db.UserBySession(ctx, phone); err != nil {
			t.Fatalf("UserBySession(phone) before expiry: %v", err)
		}
		clock.Add(time.Hour + time.Second)
		_, _, err = db.UserBySession(ctx, laptop)
		wantCode(t, "UserBySession(laptop) after SessionLifetime unused", err, praxis.EUNAUTHORIZED)
		if _, _, err := db.UserBySession(ctx, phone); err != nil {
			t.Errorf("UserBySession(phone), used within SessionLifetime: %v", err)
		}
		if list, err := db.Sessions(ctx, bob.ID); err != nil || len(list) != 1 || list[0].UserAgent != "phone" {
			t.Errorf("Sessions(bob) after the laptop's expired = %v, %v; want only the phone", list, err)
		}

		// Revoking: one's own sessions only.
		_, phoneSession, err := db.UserBySession(ctx, phone)
		if err != nil {
			t.Fatalf("UserBySession(phone): %v", err)
		}
		wantCode(t, "RevokeSession of bob's session by carol", db.RevokeSession(ctx, carol.ID, phoneSession.ID), praxis.ENOTFOUND)
		if _, _, err := db.UserBySession(ctx, phone); err != nil {
			t.Errorf("UserBySession(phone) after carol's revoke attempt: %v", err)
		}
		wantCode(t, "RevokeSession", db.RevokeSession(ctx, bob.ID, phoneSession.ID), "")
		_, _, err = db.UserBySession(ctx, phone)
		wantCode(t, "UserBySession after RevokeSession", err, praxis.EUNAUTHORIZED)
		wantCode(t, "RevokeSession again", db.RevokeSession(ctx, bob.ID, phoneSession.ID), praxis.ENOTFOUND)

		// Signing out.
		wantCode(t, "DeleteSessionToken", db.DeleteSessionToken(ctx, carolSession), "")
		_, _, err = db.UserBySession(ctx, carolSession)
		wantCode(t, "UserBySession after DeleteSessionToken", err, praxis.EUNAUTHORIZED)
	})
}

func TestAPITokens(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		setupAdmin(t, db)
		bob := signUp(t, db, "bob")
		carol := signUp(t, db, "carol")

		_, err := db.CreateAPIToken(ctx, bob.ID, "  ")
		wantCode(t, "CreateAPIToken without a name", err, praxis.EINVALID)
		wantFields(t, "CreateAPIToken without a name", err, "name")

		tok, err := db.CreateAPIToken(ctx, bob.ID, " Reporting script ")
		if err != nil {
			t.Fatalf("CreateAPIToken: %v", err)
		}
		if !strings.HasPrefix(tok.Secret, "prx_") || !strings.HasPrefix(tok.Secret, tok.Prefix) || len(tok.Secret) < 40 {
			t.Errorf("CreateAPIToken = secret %q, prefix %q; want a long secret starting with prx_ and the prefix", tok.Secret, tok.Prefix)
		}
		if tok.Name != "Reporting script" || tok.ID == 0 {
			t.Errorf("CreateAPIToken = name %q, id %d; want Reporting script and an id", tok.Name, tok.ID)
		}

		list, err := db.APITokens(ctx, bob.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("APITokens = %v, %v; want one token", list, err)
		}
		if got := list[0]; got.ID != tok.ID || got.Secret != "" || got.Prefix != tok.Prefix || got.LastUsedAt != nil {
			t.Errorf("APITokens[0] = %+v; want id %d, prefix %q, no secret, never used", got, tok.ID, tok.Prefix)
		}

		u, err := db.UserByAPIToken(ctx, tok.Secret)
		if err != nil || u.ID != bob.ID {
			t.Fatalf("UserByAPIToken = %v, %v; want @bob", u, err)
		}
		if list, _ := db.APITokens(ctx, bob.ID); len(list) != 1 || list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(clock.T) {
			t.Errorf("APITokens after use: last used = %v; want %v", list[0].LastUsedAt, clock.T)
		}
		for _, secret := range []string{"", "prx_forged", strings.TrimPrefix(tok.Secret, "prx_"), tok.Secret + "x"} {
			_, err := db.UserByAPIToken(ctx, secret)
			wantCode(t, fmt.Sprintf("UserByAPIToken(%q)", secret), err, praxis.EUNAUTHORIZED)
		}

		wantCode(t, "RevokeAPIToken of bob's token by carol", db.RevokeAPIToken(ctx, carol.ID, tok.ID), praxis.ENOTFOUND)
		if _, err := db.UserByAPIToken(ctx, tok.Secret); err != nil {
			t.Errorf("UserByAPIToken after carol's revoke attempt: %v", err)
		}
		wantCode(t, "RevokeAPIToken", db.RevokeAPIToken(ctx, bob.ID, tok.ID), "")
		_, err = db.UserByAPIToken(ctx, tok.Secret)
		wantCode(t, "UserByAPIToken after RevokeAPIToken", err, praxis.EUNAUTHORIZED)
		wantCode(t, "RevokeAPIToken again", db.RevokeAPIToken(ctx, bob.ID, tok.ID), praxis.ENOTFOUND)
		if list, err := db.APITokens(ctx, bob.ID); err != nil || len(list) != 0 {
			t.Errorf("APITokens after revoking = %v, %v; want none", list, err)
		}
	})
}

func TestChangePassword(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		setupAdmin(t, db)
		bob := signUp(t, db, "bob")
		carol := signUp(t, db, "carol")
		var tokens []string
		for _, agent := range []string{"laptop", "phone", "tablet"} {
			token, err := db.CreateSession(ctx, bob.ID, agent, "192.0.2.1")
			if err != nil {
				t.Fatalf("CreateSession: %v", err)
			}
			tokens = append(tokens, token)
		}
		carolToken, err := db.CreateSession(ctx, carol.ID, "laptop", "192.0.2.2")
		if err != nil {
			t.Fatalf("CreateSession: %v", err)
		}
		_, current, err := db.UserBySession(ctx, tokens[0])
		if err != nil {
			t.Fatalf("UserBySession: %v", err)
		}
		const newPassword = "a much better passphrase"

		err = db.ChangePassword(ctx, bob, "wrong old password", newPassword, current.ID)
		wantCode(t, "ChangePassword with the wrong old password", err, praxis.EUNAUTHORIZED)
		wantFields(t, "ChangePassword with the wrong old password", err, "old_password")
		err = db.ChangePassword(ctx, bob, testPassword, "short", current.ID)
		wantCode(t, "ChangePassword to a short password", err, praxis.EINVALID)
		wantFields(t, "ChangePassword to a short password", err, "new_password")
		for _, token := range tokens {
			if _, _, err := db.UserBySession(ctx, token); err != nil {
				t.Fatalf("UserBySession after refused changes: %v", err)
			}
		}

		if err := db.ChangePassword(ctx, bob, testPassword, newPassword, current.ID); err != nil {
			t.Fatalf("ChangePassword: %v", err)
		}
		for i, token := range tokens {
			want := praxis.EUNAUTHORIZED
			if i == 0 {
				want = ""
			}
			_, _, err := db.UserBySession(ctx, token)
			wantCode(t, fmt.Sprintf("UserBySession(session %d) after ChangePassword", i), err, want)
		}
		if _, _, err := db.UserBySession(ctx, carolToken); err != nil {
			t.Errorf("UserBySession(carol) after bob's ChangePassword: %v", err)
		}
		clock.Add(time.Second)
		_, err = db.Authenticate(ctx, praxis.Login{Account: "bob", Password: testPassword})
		wantCode(t, "Authenticate with the old password", err, praxis.EUNAUTHORIZED)
		_, err = db.Authenticate(ctx, praxis.Login{Account: "bob", Password: newPassword})
		wantCode(t, "Authenticate with the new password", err, "")
	})
}
