package sqlstore_test

import (
	"testing"

	"praxis"
	"praxis/importer"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// TestClaimPlaceholder imports people as placeholders and claims them: by
// an invitation bound to one, and by signing up with a recorded address.
func TestClaimPlaceholder(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		importCommunity(t, db, "beer")
		admin := reload(t, db, &praxis.User{Handle: "admin"})
		if _, err := importer.StackExchange(ctx, db, fixture("se-small"), importer.Options{Community: "beer"}); err != nil {
			t.Fatalf("StackExchange: %v", err)
		}
		ben := reload(t, db, &praxis.User{Handle: "ben"})
		posts := count(t, db, `SELECT count(*) FROM posts WHERE author_id = $1`, ben.ID)

		// A placeholder cannot sign in.
		if _, err := db.Authenticate(ctx, praxis.Login{Account: "ben", Password: testPassword, IP: "192.0.2.9"}); praxis.ErrorCode(err) != praxis.EUNAUTHORIZED {
			t.Errorf("Authenticate(placeholder) err = %v; want %s", err, praxis.EUNAUTHORIZED)
		}
		// Only administrators make claim links, only for placeholders.
		member := signUp(t, db, "carol")
		for _, c := range []struct {
			actor  *praxis.User
			handle string
			code   string
		}{
			{nil, "ben", praxis.EUNAUTHORIZED}, {member, "ben", praxis.EFORBIDDEN},
			{admin, "nobody", praxis.ENOTFOUND}, {admin, "carol", praxis.ECONFLICT},
		} {
			if _, err := db.CreateClaimInvitation(ctx, c.actor, c.handle, ""); praxis.ErrorCode(err) != c.code {
				t.Errorf("CreateClaimInvitation(%v, @%s) err = %v; want %s", c.actor != nil, c.handle, err, c.code)
			}
		}
		inv, err := db.CreateClaimInvitation(ctx, admin, "@ben", "ben@example.org")
		if err != nil {
			t.Fatalf("CreateClaimInvitation: %v", err)
		}
		// The link is for its address only.
		_, err = db.SignUp(ctx, praxis.Signup{Handle: "mallory", Email: "mallory@example.org", DisplayName: "M", Password: testPassword, Invitation: inv.Token})
		if praxis.ErrorCode(err) != praxis.EFORBIDDEN {
			t.Errorf("SignUp with another address err = %v; want %s", err, praxis.EFORBIDDEN)
		}
		u, err := db.SignUp(ctx, praxis.Signup{Handle: "benjamin", Email: "ben@example.org", DisplayName: "Benjamin", Password: testPassword, Invitation: inv.Token})
		if err != nil {
			t.Fatalf("SignUp with the claim link: %v", err)
		}
		if u.ID != ben.ID || u.Handle != "benjamin" {
			t.Errorf("claimed account = #%d @%s; want #%d (the placeholder) @benjamin", u.ID, u.Handle, ben.ID)
		}
		if n := count(t, db, `SELECT count(*) FROM posts WHERE author_id = $1`, u.ID); n != posts || n == 0 {
			t.Errorf("posts of the claimed account = %d; want its %d imported posts", n, posts)
		}
		if n := count(t, db, `SELECT count(*) FROM memberships WHERE user_id = $1 AND state = 'active'`, u.ID); n != 1 {
			t.Errorf("memberships of the claimed account = %d; want 1", n)
		}
		if _, err := db.Authenticate(ctx, praxis.Login{Account: "benjamin", Password: testPassword, IP: "192.0.2.9"}); err != nil {
			t.Errorf("Authenticate after the claim: %v", err)
		}
		_, err = db.SignUp(ctx, praxis.Signup{Handle: "ben2", Email: "ben2@example.org", DisplayName: "B", Password: testPassword, Invitation: inv.Token})
		if praxis.ErrorCode(err) != praxis.EFORBIDDEN {
			t.Errorf("second use of the claim link err = %v; want %s", err, praxis.EFORBIDDEN)
		}
		if _, err := db.CreateClaimInvitation(ctx, admin, "benjamin", ""); praxis.ErrorCode(err) != praxis.ECONFLICT {
			t.Errorf("claim link for a claimed account err = %v; want %s", err, praxis.ECONFLICT)
		}

		// A placeholder with a recorded address (a mailing-list sender) is
		// claimed by signing up with it.
		var dora praxis.ImportUser
		err = db.ImportBatch(ctx, "beer", "mailing-list:beer", func(tx praxis.ImportTx) error {
			dora = praxis.ImportUser{ExternalID: "dora@example.org", Handle: "dora", DisplayName: "Dora", Email: "Dora@Example.org", JoinedAt: clock.T}
			return tx.AddUser(&dora)
		})
		if err != nil || !dora.Created {
			t.Fatalf("AddUser with an address: %v (created %v)", err, dora.Created)
		}
		if _, err := db.Authenticate(ctx, praxis.Login{Account: "dora@example.org", Password: testPassword, IP: "192.0.2.9"}); praxis.ErrorCode(err) != praxis.EUNAUTHORIZED {
			t.Errorf("Authenticate(placeholder by address) err = %v; want %s", err, praxis.EUNAUTHORIZED)
		}
		d, err := db.SignUp(ctx, praxis.Signup{Handle: "dora-k", Email: "dora@example.org", DisplayName: "Dora K", Password: testPassword})
		if err != nil {
			t.Fatalf("SignUp with a placeholder's address: %v", err)
		}
		if d.ID != dora.ID {
			t.Errorf("sign-up with the address = #%d; want the placeholder #%d", d.ID, dora.ID)
		}
		// The same person met again in the import is the account now.
		again := praxis.ImportUser{ExternalID: "other-id", Handle: "dora", DisplayName: "Dora", Email: "dora@example.org", JoinedAt: clock.T}
		if err := db.ImportBatch(ctx, "beer", "mailing-list:beer", func(tx praxis.ImportTx) error { return tx.AddUser(&again) }); err != nil {
			t.Fatal(err)
		}
		if again.ID != d.ID || again.Created {
			t.Errorf("importing the address again = #%d (created %v); want the account #%d", again.ID, again.Created, d.ID)
		}
	})
}
