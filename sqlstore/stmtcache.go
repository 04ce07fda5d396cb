package sqlstore

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"
)

// SQLite compiles every statement it runs, and modernc.org/sqlite compiles
// each one again for every query that database/sql passes it: 27% of a
// thread page's time at large went to sqlite3_prepare_v2. A connection
// opened through stmtCacheConnector keeps its most recently used
// statements compiled, keyed by their SQL text, and runs a query again by
// binding new arguments. The cache belongs to one connection, which
// database/sql gives to one goroutine at a time, so it needs no lock; it
// holds compiled statements only, never data, so nothing in it can go
// stale (SQLite recompiles a statement by itself when the schema changes).
// PostgreSQL needs none of this: pgx keeps its own statement cache.

// stmtCacheSize is how many statements each connection keeps compiled: the
// pages use a few dozen distinct statements; statements built with lists
// of varying length come and go.
const stmtCacheSize = 200

// maxCachedQuery is the longest SQL text kept compiled. Longer statements
// are the multi-row INSERTs of the bench seed and imports, whose rows cost
// far more than compiling them, and which would hold memory for nothing.
const maxCachedQuery = 8 << 10

// openStmtCache opens a pool of the named driver's connections that keep
// their statements compiled.
func openStmtCache(driverName, dsn string) (*sql.DB, error) {
	probe, err := sql.Open(driverName, "")
	if err != nil {
		return nil, err
	}
	d := probe.Driver()
	probe.Close()
	return sql.OpenDB(stmtCacheConnector{driver: d, dsn: dsn, size: stmtCacheSize}), nil
}

// stmtCacheConnector opens connections of an underlying driver that keep
// their statements compiled.
type stmtCacheConnector struct {
	driver driver.Driver
	dsn    string
	size   int
}

func (c stmtCacheConnector) Connect(ctx context.Context) (driver.Conn, error) {
	var conn driver.Conn
	var err error
	if dc, ok := c.driver.(driver.DriverContext); ok {
		var connector driver.Connector
		if connector, err = dc.OpenConnector(c.dsn); err == nil {
			conn, err = connector.Connect(ctx)
		}
	} else {
		conn, err = c.driver.Open(c.dsn)
	}
	if err != nil {
		return nil, err
	}
	return &stmtCacheConn{Conn: conn, size: c.size, byQuery: map[string]*list.Element{}, lru: list.New()}, nil
}

func (c stmtCacheConnector) Driver() driver.Driver { return c.driver }

// stmtCacheConn is a connection with its compiled statements, most
// recently used first.
type stmtCacheConn struct {
	driver.Conn
	size    int
	byQuery map[string]*list.Element // of *cachedStmt
	lru     *list.List
}

// cachedStmt is a compiled statement; busy while rows it returned are open,
// when running it again would reset them under their reader.
type cachedStmt struct {
	query string
	stmt  driver.Stmt
	busy  bool
}

// stmt returns the compiled statement for query, and the function to call
// once its result is read. A statement already busy (a query run again
// while its earlier rows are still open) gets a compiled copy of its own,
// closed when done.
func (c *stmtCacheConn) stmt(ctx context.Context, query string) (driver.Stmt, func(), error) {
	if len(query) > maxCachedQuery {
		s, err := c.prepare(ctx, query)
		if err != nil {
			return nil, nil, err
		}
		return s, func() { s.Close() }, nil
	}
	if e, ok := c.byQuery[query]; ok {
		cs := e.Value.(*cachedStmt)
		if !cs.busy {
			c.lru.MoveToFront(e)
			cs.busy = true
			return cs.stmt, func() { cs.busy = false }, nil
		}
		s, err := c.prepare(ctx, query)
		if err != nil {
			return nil, nil, err
		}
		return s, func() { s.Close() }, nil
	}
	s, err := c.prepare(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	cs := &cachedStmt{query: query, stmt: s, busy: true}
	c.byQuery[query] = c.lru.PushFront(cs)
	// Forget the least recently used statements beyond the size; a busy
	// one is skipped and goes once it is done.
	for e := c.lru.Back(); e != nil && c.lru.Len() > c.size; {
		prev := e.Prev()
		if old := e.Value.(*cachedStmt); !old.busy {
			old.stmt.Close()
			c.lru.Remove(e)
			delete(c.byQuery, old.query)
		}
		e = prev
	}
	return s, func() { cs.busy = false }, nil
}

func (c *stmtCacheConn) prepare(ctx context.Context, query string) (driver.Stmt, error) {
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.Conn.Prepare(query)
}

// QueryContext runs a query through its compiled statement.
func (c *stmtCacheConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, done, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	q, ok := s.(driver.StmtQueryContext)
	if !ok {
		done()
		return nil, driver.ErrSkip
	}
	rows, err := q.QueryContext(ctx, args)
	if err != nil {
		done()
		return nil, err
	}
	return &stmtCacheRows{Rows: rows, done: done}, nil
}

// ExecContext runs a statement through its compiled form.
func (c *stmtCacheConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, done, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	defer done()
	e, ok := s.(driver.StmtExecContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	return e.ExecContext(ctx, args)
}

// Close closes the compiled statements, then the connection.
func (c *stmtCacheConn) Close() error {
	var errs []error
	for e := c.lru.Front(); e != nil; e = e.Next() {
		errs = append(errs, e.Value.(*cachedStmt).stmt.Close())
	}
	c.lru.Init()
	clear(c.byQuery)
	return errors.Join(append(errs, c.Conn.Close())...)
}

// The optional interfaces of the underlying connection, passed through.

func (c *stmtCacheConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.prepare(ctx, query)
}

func (c *stmtCacheConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return c.Conn.Begin()
}

func (c *stmtCacheConn) CheckNamedValue(v *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

func (c *stmtCacheConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *stmtCacheConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *stmtCacheConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

// stmtCacheRows frees its statement for the next query when closed.
type stmtCacheRows struct {
	driver.Rows
	done func()
}

func (r *stmtCacheRows) Close() error {
	err := r.Rows.Close()
	if r.done != nil {
		r.done()
		r.done = nil
	}
	return err
}

// The column types of the underlying rows, passed through with the answers
// database/sql gives when a driver does not know.

func (r *stmtCacheRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *stmtCacheRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *stmtCacheRows) ColumnTypeNullable(i int) (bool, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *stmtCacheRows) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

func (r *stmtCacheRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}
