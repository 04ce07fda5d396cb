package sqlstore_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// The query count wraps the real database driver so that it sees every
// statement that reaches the database, whatever the store does.

// statementLog records the statements that reach the database.
type statementLog struct {
	mu   sync.Mutex
	sqls []string
}

func (l *statementLog) add(sql string) {
	l.mu.Lock()
	l.sqls = append(l.sqls, strings.Join(strings.Fields(sql), " "))
	l.mu.Unlock()
}

// take returns the statements recorded since the last take.
func (l *statementLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.sqls
	l.sqls = nil
	return out
}

// countingDriver wraps a driver and logs every statement, BEGIN, COMMIT
// and ROLLBACK its connections execute.
type countingDriver struct {
	inner driver.Driver
	log   *statementLog
}

func (d countingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, log: d.log}, nil
}

type countingConn struct {
	driver.Conn
	log *statementLog
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	var tx driver.Tx
	var err error
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		tx, err = b.BeginTx(ctx, opts)
	} else {
		tx, err = c.Conn.Begin()
	}
	if err != nil {
		return nil, err
	}
	c.log.add("BEGIN")
	return countingTx{tx, c.log}, nil
}

func (c *countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	rows, err := q.QueryContext(ctx, query, args)
	if err != driver.ErrSkip {
		c.log.add(query)
	}
	return rows, err
}

func (c *countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	res, err := e.ExecContext(ctx, query, args)
	if err != driver.ErrSkip {
		c.log.add(query)
	}
	return res, err
}

// PrepareContext counts a prepared statement's executions, not its
// preparation.
func (c *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var s driver.Stmt
	var err error
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		s, err = p.PrepareContext(ctx, query)
	} else {
		s, err = c.Conn.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return &countingStmt{Stmt: s, query: query, log: c.log}, nil
}

func (c *countingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *countingConn) CheckNamedValue(v *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

func (c *countingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *countingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

type countingTx struct {
	driver.Tx
	log *statementLog
}

func (t countingTx) Commit() error   { t.log.add("COMMIT"); return t.Tx.Commit() }
func (t countingTx) Rollback() error { t.log.add("ROLLBACK"); return t.Tx.Rollback() }

type countingStmt struct {
	driver.Stmt
	query string
	log   *statementLog
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.log.add(s.query)
	if e, ok := s.Stmt.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	return s.Stmt.Exec(values(args))
}

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.log.add(s.query)
	if q, ok := s.Stmt.(driver.StmtQueryContext); ok {
		return q.QueryContext(ctx, args)
	}
	return s.Stmt.Query(values(args))
}

func (s *countingStmt) CheckNamedValue(v *driver.NamedValue) error {
	if n, ok := s.Stmt.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

func values(args []driver.NamedValue) []driver.Value {
	out := make([]driver.Value, len(args))
	for i, a := range args {
		out[i] = a.Value
	}
	return out
}

var (
	registerCounting sync.Once
	statements       = &statementLog{}
)

// countingDriverName registers, once, a counting wrapper around the
// dialect's driver and returns its name.
func countingDriverName(t *testing.T, dialect string) string {
	t.Helper()
	registerCounting.Do(func() {
		for name, inner := range map[string]string{"counting-sqlite": "sqlite", "counting-pgx": "pgx"} {
			db, err := sql.Open(inner, "")
			if err != nil {
				t.Fatalf("open %s: %v", inner, err)
			}
			sql.Register(name, countingDriver{inner: db.Driver(), log: statements})
			db.Close()
		}
	})
	if dialect == "postgres" {
		return "counting-pgx"
	}
	return "counting-sqlite"
}

// openCounting returns a fresh, migrated database of the dialect whose
// statements go to the statements log.
func openCounting(t *testing.T, dialect string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(t.Context(), sqlstore.Options{DatabaseURL: sqltest.DatabaseURL(t, dialect),
		PasswordParams: &sqltest.FastPasswords, Driver: countingDriverName(t, dialect)})
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return db
}

// TestThreadPageQueryCount checks that a thread page costs a fixed number
// of statements, whatever the number of replies: no query per post. The
// page includes the articles written from the thread; the thread, its
// community and the viewer's membership come in one query.
func TestThreadPageQueryCount(t *testing.T) {
	const maxStatements = 9
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			db := openCounting(t, dialect)
			c := newBenchCast(t, db)
			small := c.seedThread(t, db, 5)
			large := c.seedThread(t, db, 500)
			viewers := []struct {
				name string
				user *praxis.User
			}{{"member", c.members[2]}, {"coordinator", c.members[0]}, {"anonymous", nil}}
			for _, v := range viewers {
				count := func(threadID int64, replies int) []string {
					statements.take()
					tp, err := db.ThreadPage(t.Context(), v.user, threadID)
					sqls := statements.take()
					if err != nil {
						t.Fatalf("ThreadPage(%d) as %s: %v", threadID, v.name, err)
					}
					if len(tp.Replies) != replies {
						t.Fatalf("ThreadPage(%d) as %s: %d replies; want %d", threadID, v.name, len(tp.Replies), replies)
					}
					return sqls
				}
				few, many := count(small.ID, 5), count(large.ID, 500)
				t.Logf("ThreadPage as %s: %d statements for 5 replies, %d for 500:\n%s", v.name, len(few), len(many), strings.Join(many, "\n"))
				if len(many) > maxStatements || len(many) != len(few) {
					t.Errorf("ThreadPage as %s: %d statements for 500 replies, %d for 5; want the same, at most %d:\n%s",
						v.name, len(many), len(few), maxStatements, strings.Join(many, "\n"))
				}
			}
		})
	}
}

// TestCommunityPageQueryCount checks that a community's page costs a
// fixed number of statements, in one transaction, whatever the number of
// its threads and members: the same for 5 threads and 4 members as for
// 151 threads and 59 members. It logs what the single-part methods the
// page called before CommunityPage cost together, for comparison.
func TestCommunityPageQueryCount(t *testing.T) {
	const maxStatements = 18
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			db := openCounting(t, dialect)
			c := newPageCast(t, db, 60)
			now := time.Now()
			small := c.seedPageCommunity(t, db, "Small", 3, 4, now)
			large := c.seedPageCommunity(t, db, "Large", 58, 150, now)
			viewers := []struct {
				name string
				user *praxis.User
			}{{"anonymous", nil}, {"member", c.ben}, {"coordinator", c.ana}}
			// Everyone joined just now: members are newcomers, shown the
			// "start here" collection, the page's longest path.
			o := praxis.CommunityPageOptions{Threads: 6, Activity: 12, Days: 90, RhythmMonths: 6, NewcomersSince: now.Add(-time.Hour)}
			for _, v := range viewers {
				count := func(com *praxis.Community) []string {
					statements.take()
					pg, err := db.CommunityPage(t.Context(), v.user, com.Slug, o)
					sqls := statements.take()
					if err != nil {
						t.Fatalf("CommunityPage(%s) as %s: %v", com.Slug, v.name, err)
					}
					if len(pg.Pinned) != 1 || len(pg.Recent.Threads) < 4 || pg.Rhythm.Next == nil || pg.StartHere == nil ||
						(v.user != nil) != (pg.Levels != nil) || (v.user == c.ana) != (pg.Pending == 2) {
						t.Fatalf("CommunityPage(%s) as %s: %d pinned, %d threads, next %v, start here %v, levels %v, %d pending; want every part the viewer sees",
							com.Slug, v.name, len(pg.Pinned), len(pg.Recent.Threads), pg.Rhythm.Next, pg.StartHere, pg.Levels, pg.Pending)
					}
					return sqls
				}
				few, many := count(small), count(large)
				statements.take()
				if _, err := splitCommunityPage(t, db, v.user, large.Slug, o); err != nil {
					t.Fatalf("the single-part methods as %s: %v", v.name, err)
				}
				split := statements.take()
				t.Logf("CommunityPage as %s: %d statements in a small community, %d in a large one; the single-part methods: %d",
					v.name, len(few), len(many), len(split))
				if len(many) > maxStatements || len(many) != len(few) || many[0] != "BEGIN" || slices.Index(many[1:], "BEGIN") >= 0 {
					t.Errorf("CommunityPage as %s: %d statements for the large community, %d for the small one; want the same, at most %d, in one transaction:\n%s",
						v.name, len(many), len(few), maxStatements, strings.Join(many, "\n"))
				}
			}
		})
	}
}
