package sqlstore

import (
	"context"
	"strconv"
	"time"

	"praxis"
)

// rateSweepEvery: one new rate event in this many also deletes every
// instance's rows older than a day, so keys that never come back do not
// leave their rows for ever.
const rateSweepEvery = 256

// Allow counts one action of bucket by key within limit: a sliding window
// over the rows of rate_events, in one write transaction. Refused actions
// are not recorded, so a client that waits is let in again. Concurrent
// requests on PostgreSQL may each see the count before the others commit,
// so a burst can pass the limit by the number of requests in flight.
func (db *DB) Allow(ctx context.Context, bucket, key string, limit praxis.RateLimit) error {
	if limit.Off() {
		return nil
	}
	if len(key) > 200 {
		key = key[:200]
	}
	return db.update(ctx, func(tx *Tx) error {
		since := ms(tx.now.Add(-limit.Window))
		var n int
		var oldest int64
		if err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(min(created_at), 0) FROM rate_events
			WHERE bucket = $1 AND subject = $2 AND created_at > $3`, bucket, key, since).Scan(&n, &oldest); err != nil {
			return err
		}
		if n >= limit.Max {
			wait := fromMS(oldest).Add(limit.Window).Sub(tx.now)
			wait = max(time.Second, wait.Round(time.Second))
			return &praxis.Error{Code: praxis.ERATELIMITED, RetryAfter: wait, Message: rateLimitMessage(bucket, wait)}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM rate_events WHERE bucket = $1 AND subject = $2 AND created_at <= $3`,
			bucket, key, since); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO rate_events (bucket, subject, created_at) VALUES ($1, $2, $3) RETURNING id`,
			bucket, key, ms(tx.now)).Scan(&id); err != nil {
			return err
		}
		if id%rateSweepEvery == 0 {
			_, err := tx.ExecContext(ctx, `DELETE FROM rate_events WHERE created_at < $1`, ms(tx.now.Add(-24*time.Hour)))
			return err
		}
		return nil
	})
}

// rateLimitMessage says what was refused and when to try again.
func rateLimitMessage(bucket string, wait time.Duration) string {
	when := "in a minute"
	if wait < time.Minute {
		when = "in " + plural(int(wait/time.Second), "second")
	} else if wait > time.Minute {
		when = "in " + plural(int((wait+time.Minute-1)/time.Minute), "minute")
	}
	switch bucket {
	case praxis.LimitSignup:
		return "Too many accounts were created from your network just now. Try again " + when + "."
	case praxis.LimitPost:
		return "You are posting faster than Praxis allows. Your text is still in the form: go back and send it again " + when + "."
	case praxis.LimitSearch:
		return "Too many searches just now. Try again " + when + "."
	}
	return "Too many requests just now. Try again " + when + "."
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
