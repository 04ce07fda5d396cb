package sqlstore

// SetSearchWindow changes how many of the newest documents search_recent
// keeps from the next write of the index on, so that a test can make the
// window smaller than its data.
func SetSearchWindow(db *DB, n int64) {
	if db.d.window > 0 {
		db.d.window = n
	}
}

// SetHealthKeeping turns keeping communities' health on or off, so that a
// test can compare a kept health with one computed afresh.
func SetHealthKeeping(db *DB, on bool) {
	db.health.mu.Lock()
	defer db.health.mu.Unlock()
	db.health.off = !on
}

// SetUnreadKeeping turns the keeping of unread counts on or off.
func SetUnreadKeeping(db *DB, on bool) {
	db.unread.mu.Lock()
	defer db.unread.mu.Unlock()
	db.unread.off = !on
}

// SetRelatedKeeping turns the keeping of what thread pages show of their
// related lists on or off.
func SetRelatedKeeping(db *DB, on bool) {
	db.related.mu.Lock()
	defer db.related.mu.Unlock()
	db.related.off = !on
}
