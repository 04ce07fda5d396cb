package sqlstore

import "context"

// ExecForTest runs one statement in a write transaction, for tests that
// change rows behind the store's back, as another program would.
func (db *DB) ExecForTest(ctx context.Context, query string, args ...any) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	})
}
