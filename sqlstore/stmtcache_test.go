package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// compileCounter is a driver whose connections count the statements they
// compile.
type compileCounter struct {
	driver.Driver
	n *atomic.Int64
}

func (d compileCounter) Open(name string) (driver.Conn, error) {
	c, err := d.Driver.Open(name)
	if err != nil {
		return nil, err
	}
	return countingCompiles{c.(compilingConn), d.n}, nil
}

type compilingConn interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.ConnBeginTx
}

type countingCompiles struct {
	compilingConn
	n *atomic.Int64
}

func (c countingCompiles) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	c.n.Add(1)
	return c.compilingConn.PrepareContext(ctx, query)
}

// openCompileCounted opens one connection to a new SQLite file through the
// statement cache, with the given cache size, and the count of compiles.
func openCompileCounted(t *testing.T, size int) (*sql.Conn, *atomic.Int64) {
	t.Helper()
	probe, err := sql.Open("sqlite", "")
	if err != nil {
		t.Fatal(err)
	}
	n := new(atomic.Int64)
	db := sql.OpenDB(stmtCacheConnector{driver: compileCounter{probe.Driver(), n}, dsn: filepath.Join(t.TempDir(), "cache.db"), size: size})
	probe.Close()
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn, n
}

// cachedCount is the number of statements the connection keeps compiled.
func cachedCount(t *testing.T, conn *sql.Conn) int {
	t.Helper()
	var n int
	if err := conn.Raw(func(dc any) error {
		n = dc.(*stmtCacheConn).lru.Len()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStmtCache checks that a connection compiles a statement once and
// runs it again with new arguments, keeps at most its size of statements,
// gives a statement whose rows are still open a copy of its own, and leaves
// long statements uncompiled between runs.
func TestStmtCache(t *testing.T) {
	ctx := t.Context()
	t.Run("reuse", func(t *testing.T) {
		conn, compiles := openCompileCounted(t, 10)
		for i := range 100 {
			var got int
			if err := conn.QueryRowContext(ctx, `SELECT $1 + 1`, i).Scan(&got); err != nil || got != i+1 {
				t.Fatalf("SELECT %d + 1 = %d, %v; want %d", i, got, err, i+1)
			}
		}
		if _, err := conn.ExecContext(ctx, `CREATE TABLE t (a INTEGER)`); err != nil {
			t.Fatal(err)
		}
		for i := range 50 {
			if _, err := conn.ExecContext(ctx, `INSERT INTO t (a) VALUES ($1)`, i); err != nil {
				t.Fatal(err)
			}
		}
		if n := compiles.Load(); n != 3 {
			t.Errorf("100 queries and 51 statements of 3 texts compiled %d times; want 3", n)
		}
		// A statement compiled before the schema changed answers with the
		// new schema.
		columns := func() []string {
			rows, err := conn.QueryContext(ctx, `SELECT * FROM t`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			cols, _ := rows.Columns()
			return cols
		}
		columns()
		if _, err := conn.ExecContext(ctx, `ALTER TABLE t ADD COLUMN b TEXT`); err != nil {
			t.Fatal(err)
		}
		if cols := columns(); len(cols) != 2 {
			t.Errorf("SELECT * after a column was added: columns %v; want a and b", cols)
		}
	})

	t.Run("bounded", func(t *testing.T) {
		conn, compiles := openCompileCounted(t, 10)
		for i := range 25 {
			if _, err := conn.ExecContext(ctx, fmt.Sprintf(`SELECT %d`, i)); err != nil {
				t.Fatal(err)
			}
		}
		if n := cachedCount(t, conn); n != 10 {
			t.Errorf("after 25 statements, %d kept compiled; want the size, 10", n)
		}
		before := compiles.Load()
		conn.ExecContext(ctx, `SELECT 24`) // recent: kept
		conn.ExecContext(ctx, `SELECT 0`)  // the oldest: forgotten
		if n := compiles.Load() - before; n != 1 {
			t.Errorf("running the newest and the oldest statement again compiled %d; want 1 (the oldest)", n)
		}
	})

	t.Run("open rows", func(t *testing.T) {
		conn, compiles := openCompileCounted(t, 10)
		const q = `WITH RECURSIVE s (v) AS (SELECT $1 UNION ALL SELECT v + 1 FROM s WHERE v < $2) SELECT v FROM s`
		outer, err := conn.QueryContext(ctx, q, 1, 3)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		// At most 3 outer rows: were the inner runs to reset the outer
		// rows, they would start again for ever.
		for i := 0; i < 4 && outer.Next(); i++ {
			var a int
			outer.Scan(&a)
			// The same statement again, while the outer rows are open.
			inner, err := conn.QueryContext(ctx, q, 10*a, 10*a+1)
			if err != nil {
				t.Fatal(err)
			}
			for inner.Next() {
				var b int
				inner.Scan(&b)
				got = append(got, fmt.Sprintf("%d:%d", a, b))
			}
			inner.Close()
		}
		if err := outer.Err(); err != nil {
			t.Fatal(err)
		}
		outer.Close()
		if want := "1:10 1:11 2:20 2:21 3:30 3:31"; strings.Join(got, " ") != want {
			t.Errorf("nested runs of one statement read %v; want %s", got, want)
		}
		if n := compiles.Load(); n != 4 {
			t.Errorf("one outer run and three inner runs compiled %d statements; want 4 (the inner ones get copies)", n)
		}
		if n := cachedCount(t, conn); n != 1 {
			t.Errorf("%d statements kept compiled; want 1", n)
		}
	})

	t.Run("long", func(t *testing.T) {
		conn, compiles := openCompileCounted(t, 10)
		long := `SELECT 1` + strings.Repeat(" ", maxCachedQuery)
		for range 3 {
			if _, err := conn.ExecContext(ctx, long); err != nil {
				t.Fatal(err)
			}
		}
		if n, kept := compiles.Load(), cachedCount(t, conn); n != 3 || kept != 0 {
			t.Errorf("a long statement run 3 times compiled %d times, %d kept; want 3 and 0", n, kept)
		}
	})
}
