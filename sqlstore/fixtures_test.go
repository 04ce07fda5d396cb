package sqlstore_test

import (
	"maps"
	"slices"
	"testing"

	"praxis"
	"praxis/sqlstore"
)

// The fixtures below build the people and communities the conformance
// tests share. Every test runs on a fresh database of each dialect.

const testPassword = "correct horse battery"

// setupAdmin sets the instance up with its first administrator, @admin.
func setupAdmin(t *testing.T, db *sqlstore.DB) *praxis.User {
	t.Helper()
	u, err := db.Setup(t.Context(), "Test Praxis", praxis.Signup{
		Handle: "admin", Email: "admin@example.org", DisplayName: "Ada Admin", Password: testPassword,
	})
	if err != nil {
		t.Fatalf("Setup: %v", err)
	}
	return u
}

// signUp creates a member with handle@example.org and testPassword.
func signUp(t *testing.T, db *sqlstore.DB, handle string) *praxis.User {
	t.Helper()
	u, err := db.SignUp(t.Context(), praxis.Signup{
		Handle: handle, Email: handle + "@example.org", DisplayName: "User " + handle, Password: testPassword, IP: "192.0.2.1",
	})
	if err != nil {
		t.Fatalf("SignUp(%s): %v", handle, err)
	}
	return u
}

// reload returns the user as stored now, for instance after a suspension.
func reload(t *testing.T, db *sqlstore.DB, u *praxis.User) *praxis.User {
	t.Helper()
	got, err := db.UserByHandle(t.Context(), u.Handle)
	if err != nil {
		t.Fatalf("UserByHandle(%s): %v", u.Handle, err)
	}
	return got
}

// suspend suspends u and returns it as stored.
func suspend(t *testing.T, db *sqlstore.DB, admin, u *praxis.User) *praxis.User {
	t.Helper()
	if err := db.SetSuspended(t.Context(), admin, u.Handle, true); err != nil {
		t.Fatalf("SetSuspended(%s): %v", u.Handle, err)
	}
	return reload(t, db, u)
}

// communityInput is a valid input for a community called name.
func communityInput(name, visibility, joinPolicy string) praxis.CommunityInput {
	return praxis.CommunityInput{
		Name:            new(name),
		DomainStatement: new("How we " + name + "."),
		Visibility:      new(visibility),
		JoinPolicy:      new(joinPolicy),
	}
}

// createCommunity creates a community coordinated by actor.
func createCommunity(t *testing.T, db *sqlstore.DB, actor *praxis.User, name, visibility, joinPolicy string) *praxis.Community {
	t.Helper()
	c, err := db.CreateCommunity(t.Context(), actor, communityInput(name, visibility, joinPolicy), nil)
	if err != nil {
		t.Fatalf("CreateCommunity(%s): %v", name, err)
	}
	return c
}

// join makes u an active member of an open community, or of any community
// after an invitation from coordinator.
func join(t *testing.T, db *sqlstore.DB, coordinator, u *praxis.User, slug string) {
	t.Helper()
	if coordinator != nil {
		if err := db.Invite(t.Context(), coordinator, slug, u.Handle); err != nil {
			t.Fatalf("Invite(%s, %s): %v", slug, u.Handle, err)
		}
	}
	m, err := db.Join(t.Context(), u, slug, "")
	if err != nil {
		t.Fatalf("Join(%s) by %s: %v", slug, u.Handle, err)
	}
	if m.State != praxis.StateActive {
		t.Fatalf("Join(%s) by %s: state = %q; want %q", slug, u.Handle, m.State, praxis.StateActive)
	}
}

// stats counts what the database holds, as the administrator sees it.
func stats(t *testing.T, db *sqlstore.DB, admin *praxis.User) map[string]int {
	t.Helper()
	s, err := db.Stats(t.Context(), admin)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return s
}

// wantCode fails the test unless err carries the code; "" means no error.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := praxis.ErrorCode(err); got != code {
		t.Fatalf("%s: error = %v (code %q); want code %q", what, err, got, code)
	}
}

// wantFields fails the test unless err names exactly these fields.
func wantFields(t *testing.T, what string, err error, fields ...string) {
	t.Helper()
	got := slices.Sorted(maps.Keys(praxis.ErrorFields(err)))
	want := slices.Sorted(slices.Values(fields))
	if !slices.Equal(got, want) {
		t.Errorf("%s: error fields = %v; want %v (error %v)", what, got, want, err)
	}
}

// slugs returns the slugs of communities.
func slugs(cs []*praxis.Community) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Slug)
	}
	return out
}

// handles returns the handles of members.
func handles(ms []*praxis.Member) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.User.Handle)
	}
	return out
}
