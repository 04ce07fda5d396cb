package sqlstore

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"praxis"
)

// threadsChannel is the PostgreSQL channel that carries the id of a thread
// that changed, from the transaction that changed it to every instance.
const threadsChannel = "praxis_threads"

// threadEvents fans "this thread changed" out to the subscribers of this
// process. Reply publishes to it after commit on SQLite (one process); on
// PostgreSQL the listener started by ListenThreadEvents does, for changes
// made by any instance.
type threadEvents struct {
	mu   sync.Mutex
	subs map[int64]map[chan struct{}]struct{}
}

var _ praxis.ThreadEvents = (*threadEvents)(nil)

func newThreadEvents() *threadEvents {
	return &threadEvents{subs: map[int64]map[chan struct{}]struct{}{}}
}

// Subscribe returns a channel that receives a value after the thread changes.
func (e *threadEvents) Subscribe(threadID int64) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	e.mu.Lock()
	if e.subs[threadID] == nil {
		e.subs[threadID] = map[chan struct{}]struct{}{}
	}
	e.subs[threadID][ch] = struct{}{}
	e.mu.Unlock()
	return ch, func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		delete(e.subs[threadID], ch)
		if len(e.subs[threadID]) == 0 {
			delete(e.subs, threadID)
		}
	}
}

// publish wakes the subscribers of a thread. It never blocks: a subscriber
// that has not taken the previous value yet will look anyway.
func (e *threadEvents) publish(threadID int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for ch := range e.subs[threadID] {
		wake(ch)
	}
}

// publishAll wakes every subscriber, after a gap in which changes may have
// been missed.
func (e *threadEvents) publishAll() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, chs := range e.subs {
		for ch := range chs {
			wake(ch)
		}
	}
}

func wake(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// ThreadEvents returns the wake-ups of this process's live thread pages. On
// PostgreSQL they arrive only while ListenThreadEvents runs.
func (db *DB) ThreadEvents() praxis.ThreadEvents { return db.d.events }

// threadChanged tells, inside the transaction that changed a thread, the
// instances that follow it live: PostgreSQL delivers the notification on
// commit; on SQLite the caller publishes after commit (see published).
func (tx *Tx) threadChanged(ctx context.Context, threadID int64) error {
	return tx.db.d.notifyThread(ctx, tx.Tx, threadID)
}

// published publishes a committed change of a thread in this process, where
// the database does not carry notifications (SQLite).
func (db *DB) published(threadID int64) {
	if !db.d.notifiesThroughDatabase() {
		db.d.events.publish(threadID)
	}
}

// Reconnection delays of the PostgreSQL listener.
const (
	listenRetryMin = 250 * time.Millisecond
	listenRetryMax = 30 * time.Second
)

// ListenThreadEvents feeds ThreadEvents with the changes made by every
// instance. On PostgreSQL it holds one connection that LISTENs on
// praxis_threads and reconnects with backoff; after a reconnection it wakes
// every subscriber, since notifications sent in the gap are lost. It
// returns once listening, or the error of the first attempt; stop ends the
// listener and waits for it. On SQLite there is nothing to listen to.
func (db *DB) ListenThreadEvents(ctx context.Context, log *slog.Logger) (stop func(), err error) {
	if !db.d.notifiesThroughDatabase() {
		return func() {}, nil
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(ctx)
	conn, err := db.listen(ctx)
	if err != nil {
		cancel()
		return nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.relay(ctx, conn, log)
	}()
	return func() { cancel(); <-done }, nil
}

// listen opens the listener's connection.
func (db *DB) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, db.d.url)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+threadsChannel); err != nil {
		closeConn(conn)
		return nil, err
	}
	return conn, nil
}

// relay publishes each notification until ctx ends, reconnecting as needed.
func (db *DB) relay(ctx context.Context, conn *pgx.Conn, log *slog.Logger) {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err == nil {
			if id, err := strconv.ParseInt(n.Payload, 10, 64); err == nil {
				db.d.events.publish(id)
			}
			continue
		}
		closeConn(conn)
		if ctx.Err() != nil {
			return
		}
		log.Warn("thread events: the PostgreSQL listener lost its connection; live pages poll until it is back", "err", err)
		for delay := listenRetryMin; ; delay = min(2*delay, listenRetryMax) {
			select {
			case <-ctx.Done():
				return
			case <-time.After(delay):
			}
			if conn, err = db.listen(ctx); err == nil {
				break
			}
			if ctx.Err() != nil {
				return
			}
			log.Warn("thread events: reconnecting the PostgreSQL listener", "err", err, "retry_in", min(2*delay, listenRetryMax).String())
		}
		log.Info("thread events: the PostgreSQL listener is back")
		db.d.events.publishAll()
	}
}

func closeConn(conn *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	conn.Close(ctx)
}
