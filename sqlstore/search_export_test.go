package sqlstore

// SetSearchWindow changes how many of the newest documents SQLite's
// search_recent keeps from the next write of the index on, so that a test
// can make the window smaller than its data.
func SetSearchWindow(db *DB, n int64) { db.d.window = n }
