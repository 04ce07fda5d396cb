package sqlstore

import "sync/atomic"

// CountDummyHashUses makes db count how often a sign-in checks a password
// against the dummy hash, so a test can see that a sign-in for an account
// that does not exist does the same work as one with a wrong password.
func CountDummyHashUses(db *DB) *atomic.Int64 {
	n := new(atomic.Int64)
	orig := db.dummyHash
	db.dummyHash = func() string {
		n.Add(1)
		return orig()
	}
	return n
}
