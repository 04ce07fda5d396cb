package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"praxis/search"
)

// dialect holds every difference between SQLite and PostgreSQL; the rest of
// the package writes one SQL text for both ($N placeholders, RETURNING, ON
// CONFLICT, integer milliseconds for times, integer division for days).
type dialect struct {
	name       string // "sqlite" or "postgres"
	gooseName  goose.Dialect
	migrations string // folder under migrations/
	writeDB    *sql.DB
	readDB     *sql.DB
	url        string        // PostgreSQL's, for the listener of thread events
	path       string        // SQLite's file, for backups
	events     *threadEvents // shared by every copy of the DB (see WithClock)
	window     int64         // search_recent keeps the documents among the last window ids; 0: no such index
}

// withPlannerCosts gives PostgreSQL's planner, on each connection, the
// cost of reading a page out of order that fits a database held in memory
// or on SSD (1.1, not the default 4, which is for spinning disks), unless
// the URL sets one. With the default, a similar-questions query at large
// walked the whole primary key backwards (40,000 rows, 280 ms) rather than
// its community's index (3,000 rows, 50 ms): the pages of that index are
// out of order. pgx passes unknown URL parameters to the server as
// run-time parameters.
func withPlannerCosts(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return databaseURL // the driver reports it
	}
	q := u.Query()
	if q.Has("random_page_cost") {
		return databaseURL
	}
	q.Set("random_page_cost", "1.1")
	u.RawQuery = q.Encode()
	return u.String()
}

// openDialect opens the pools for a database URL: a postgres:// or
// postgresql:// URL selects PostgreSQL, anything else is a SQLite file path.
// A driver name other than "" replaces the dialect's own driver.
func openDialect(databaseURL, dataDir, driver string) (*dialect, error) {
	if strings.HasPrefix(databaseURL, "postgres://") || strings.HasPrefix(databaseURL, "postgresql://") {
		db, err := sql.Open(cmp.Or(driver, "pgx"), withPlannerCosts(databaseURL))
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(20)
		return &dialect{name: "postgres", gooseName: goose.DialectPostgres, migrations: "postgres", writeDB: db, readDB: db,
			url: databaseURL, events: newThreadEvents(), window: searchWindow}, nil
	}
	path := databaseURL
	if path == "" {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
		path = filepath.Join(dataDir, "praxis.db")
	}
	path = strings.TrimPrefix(path, "sqlite://")
	file := path // as the file system names it, for backups
	// The path goes into a file: URI: a '?' or '#' in a folder name must
	// not end it (SQLite decodes the %-escapes).
	path = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	pragmas := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	// One writer connection whose transactions start with BEGIN IMMEDIATE,
	// so a write never fails half-way on a lock upgrade. Its statement
	// journals stay in memory and its page cache is 64 MiB, so that large
	// transactions (imports) neither write temporary files nor spill pages
	// before the commit.
	// Both pools keep their connections' statements compiled (stmtcache.go).
	w, err := openStmtCache(cmp.Or(driver, "sqlite"), "file:"+path+"?_txlock=immediate&"+pragmas+"&_pragma=temp_store(MEMORY)&_pragma=cache_size(-65536)")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	// Four readers, each with a page cache of 16 MiB: SQLite's work is all
	// CPU on a machine of a few cores, so more readers only add caches,
	// and a search through SQLite's default 2 MiB cache spent a fifth of
	// its time on system calls reading pages again (p95 22 ms against 15
	// at one million posts, docs/BENCHMARKS.md).
	r, err := openStmtCache(cmp.Or(driver, "sqlite"), "file:"+path+"?"+pragmas+"&_pragma=query_only(1)&_pragma=cache_size(-16384)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	r.SetConnMaxLifetime(0)
	return &dialect{name: "sqlite", gooseName: goose.DialectSQLite3, migrations: "sqlite", writeDB: w, readDB: r, path: file, events: newThreadEvents(),
		window: searchWindow}, nil
}

func (d *dialect) close() error {
	err := d.writeDB.Close()
	if d.readDB != d.writeDB {
		if err2 := d.readDB.Close(); err == nil {
			err = err2
		}
	}
	return err
}

// readOnlyTx reports whether read transactions can be marked read-only.
// SQLite's reader pool is already query_only.
func (d *dialect) readOnlyTx() bool { return d.name == "postgres" }

// searchTextInOwnTable reports whether the full-text index is a table of
// its own (SQLite's search_fts); on PostgreSQL it is search_docs.tsv.
func (d *dialect) searchTextInOwnTable() bool { return d.name == "sqlite" }

// typedBooleans reports whether the schema declares booleans as a type of
// their own (PostgreSQL); SQLite stores them as integers.
func (d *dialect) typedBooleans() bool { return d.name == "postgres" }

// singleFile reports whether the whole database is one file in the data
// folder, which praxis backup can copy (SQLite).
func (d *dialect) singleFile() bool { return d.name == "sqlite" }

// notifiesThroughDatabase reports whether the database carries thread
// events between instances (PostgreSQL's LISTEN/NOTIFY). SQLite serves one
// process, which publishes its changes itself after commit.
func (d *dialect) notifiesThroughDatabase() bool { return d.name == "postgres" }

// notifyThread sends, inside the transaction that changed a thread, the
// notification that PostgreSQL delivers to every listener on commit.
func (d *dialect) notifyThread(ctx context.Context, tx *sql.Tx, threadID int64) error {
	if !d.notifiesThroughDatabase() {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, threadsChannel, strconv.FormatInt(threadID, 10))
	return err
}

// isUniqueViolation reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		c := sqErr.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// isBusy reports whether err is SQLite's "database is locked": another
// connection holds a lock that was asked for without waiting.
func isBusy(err error) bool {
	var sqErr *sqlite.Error
	return errors.As(err, &sqErr) && sqErr.Code()&0xff == sqlite3.SQLITE_BUSY
}

// redactURL hides a password in a database URL for logs.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}

// snapshotTxOptions are those of a read transaction that sees one snapshot
// across all its statements, for exports. A SQLite read transaction does
// already (WAL); PostgreSQL's default, READ COMMITTED, takes a new snapshot
// for every statement.
func (d *dialect) snapshotTxOptions() *sql.TxOptions {
	if d.name == "postgres" {
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return nil
}

// schemaColumn is a column of a table as the database describes it.
type schemaColumn struct {
	name    string
	notNull bool
	boolean bool // a BOOLEAN column; SQLite has none (they are INTEGER 0/1)
}

// tableNames lists the tables of the schema: SQLite's own tables and the
// shadow tables of full-text indexes left out, virtual tables included.
func (d *dialect) tableNames(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]string, error) {
	query := `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if d.name == "postgres" {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	return queryStrings(ctx, q, query)
}

// tableColumns lists the columns of a table in their order.
func (d *dialect) tableColumns(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, table string) ([]schemaColumn, error) {
	query := `SELECT name, "notnull" <> 0 OR pk <> 0, FALSE FROM pragma_table_info($1) ORDER BY cid`
	if d.name == "postgres" {
		query = `SELECT column_name, is_nullable = 'NO', data_type = 'boolean' FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`
	}
	rows, err := q.QueryContext(ctx, query, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []schemaColumn
	for rows.Next() {
		var c schemaColumn
		if err := rows.Scan(&c.name, &c.notNull, &c.boolean); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

// foreignKeys maps each column of a table declared as a foreign key to the
// table it refers to.
func (d *dialect) foreignKeys(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, table string) (map[string]string, error) {
	query := `SELECT "from", "table" FROM pragma_foreign_key_list($1)`
	if d.name == "postgres" {
		query = `SELECT a.attname, f.relname FROM pg_constraint c
			JOIN pg_class t ON t.oid = c.conrelid
			JOIN pg_namespace n ON n.oid = t.relnamespace
			JOIN pg_class f ON f.oid = c.confrelid
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
			WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname = $1`
	}
	rows, err := q.QueryContext(ctx, query, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	fks := map[string]string{}
	for rows.Next() {
		var col, ref string
		if err := rows.Scan(&col, &ref); err != nil {
			return nil, err
		}
		fks[col] = ref
	}
	return fks, rows.Err()
}

// resetIdentity moves a table's id generator past its largest id, after
// rows were inserted with the ids they had elsewhere. SQLite picks the
// largest rowid plus one by itself; PostgreSQL's identity sequence does not
// see explicit ids.
func (d *dialect) resetIdentity(ctx context.Context, tx *sql.Tx, table string) error {
	if d.name != "postgres" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT max(id) FROM `+table+`), 0) + 1, false)`, table)
	return err
}

func queryStrings(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Full-text search. Both databases index the text normalized by package
// search. SQLite keeps it in the FTS5 table search_fts (rowid =
// search_docs.id; columns title, topics, body, answers; Porter stemming)
// and ranks with BM25; PostgreSQL keeps a tsvector in search_docs.tsv
// (weights A title, B topics, C body, D answers; english stemming) under a
// GIN index and ranks with ts_rank_cd. Field weights are given per query.

// searchWindow is how many of the last document ids search_recent also
// indexes (migrations 00011 on SQLite, 00015 on PostgreSQL): enough to
// hold the 1,001 newest matches a search by someone outside most
// communities ranks when its words are common, few enough that finding
// them there reads a fifth of what the whole index would at a million
// posts (on SQLite, weighing a common word for BM25 too).
const searchWindow = 50000

// fieldWeights weigh the fields of a search document: title, topics,
// body, answers.
type fieldWeights [4]float64

// searchOrder is the order in which searchRanked keeps its candidates.
type searchOrder int

const (
	// byIndexed keeps the most recently indexed matches: the documents
	// written or active last. The full-text index yields them in this
	// order, so the scan stops after the limit instead of ranking every
	// match.
	byIndexed searchOrder = iota
	byCreatedDesc
	byCreatedAsc
)

// rankedSearch describes a full-text search for searchRanked.
type rankedSearch struct {
	match     search.Query // what the documents must match
	score     bool         // score the candidates (else the score is 0)
	fields    fieldWeights // the weights of title, topics, body, answers
	titleOnly bool         // match and rank titles alone
	window    bool         // search the newest documents only (search_recent)
	draft     bool         // rank a draft's words (PostgreSQL: by how often they occur)
	community int64        // other than 0, SQLite's index finds this community's documents only
	joins     string       // more tables for the conditions of the where
	cols      []searchCol  // more columns of the candidates
	order     searchOrder
	limit     int
}

// searchCol is a column searchRanked returns beside a candidate's id,
// creation time and score: an expression over its tables, and its name.
type searchCol struct{ expr, name string }

// searchRanked returns a statement of the documents (d) matching s.match
// and the conditions of w, as rows of (id, created_at, score, s.cols...),
// at most s.limit of them, in no particular order; the caller ranks them.
// The score is positive and higher for better matches, with the fields
// weighted as given; titleOnly searches titles alone. Only the rows kept
// are scored: ranking them costs what the limit allows, not what a common
// word matches (but SQLite's bm25 weighs each word of the query by reading
// every document that contains it, see pruneDraftTerms). A community
// other than 0 narrows the search to it (the caller also puts the exact
// condition into w): SQLite's index then finds only its documents.
//
// PostgreSQL ranks by how often the words occur, in their weighted fields
// (ts_rank): on the duplicates evaluation it comes within a query of
// SQLite's BM25, and cover density (ts_rank_cd) far behind. A draft's
// words count as they are; a search's as any of its words, with the
// length of the document: ranking a conjunction weighs every pair of its
// words' positions, and took 7 ms for the 1,001 candidates of a six-word
// search against under 2 ms for the same words as alternatives.
func (d *dialect) searchRanked(w *where, s rankedSearch) string {
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	fw := s.fields
	orderBy := "d.created_at DESC, d.id DESC"
	switch {
	case s.order == byCreatedAsc:
		orderBy = "d.created_at, d.id"
	case s.order == byIndexed && d.name == "postgres":
		orderBy = "d.id DESC"
	}
	lim := strconv.Itoa(s.limit)
	var cols, names string
	for _, c := range s.cols {
		cols += ", " + c.expr + " AS " + c.name
		names += ", x." + c.name
	}
	if d.name == "postgres" {
		expr := s.match.TSQuery()
		if s.titleOnly {
			expr = s.match.TSQueryIn("A")
		}
		p := w.next(expr)
		// ts_rank takes weights of at most 1, in the order D, C, B, A.
		top := max(fw[0], fw[1], fw[2], fw[3], 1e-9)
		weights := "'{" + num(fw[3]/top) + "," + num(fw[2]/top) + "," + num(fw[1]/top) + "," + num(fw[0]/top) + "}'::float4[]"
		var rank string
		switch {
		case !s.score:
			rank, top = "0", 1
		case s.draft:
			rank = `ts_rank(` + weights + `, v.tsv, to_tsquery('english', ` + p + `), 0)`
		default:
			words := search.Any(s.match.Words())
			expr = words.TSQuery()
			if s.titleOnly {
				expr = words.TSQueryIn("A")
			}
			rank = `ts_rank(` + weights + `, v.tsv, to_tsquery('english', ` + w.next(expr) + `), 1)`
		}
		// The candidates are found without their vectors, which are read
		// for ranking only: carried through the joins and the sort of
		// thousands of matches, they made a search by relevance three
		// times slower.
		table, vector := "search_docs", ""
		if s.window {
			table = "search_recent"
		}
		if s.score {
			vector = ` JOIN ` + table + ` v ON v.id = x.id`
		}
		return `SELECT x.id, x.created_at, (` + rank + ` * ` + num(top) + `)::float8 AS score` + names + ` FROM (
			SELECT d.id, d.created_at` + cols + ` FROM ` + table + ` d` + s.joins + `
			WHERE d.tsv @@ to_tsquery('english', ` + p + `) AND ` + w.sql() + `
			ORDER BY ` + orderBy + ` LIMIT ` + lim + `) x` + vector
	}
	expr := s.match.FTS5()
	if s.titleOnly {
		expr = s.match.FTS5In("title")
	}
	if s.community != 0 {
		expr = "(" + expr + `) AND "` + searchScope(s.community) + `"`
	}
	p := w.next(expr)
	table := "search_fts"
	if s.window {
		table = "search_recent"
	}
	rank := `-bm25(` + table + `, ` + num(fw[0]) + `, ` + num(fw[1]) + `, ` + num(fw[2]) + `, ` + num(fw[3]) + `, 0)`
	if !s.score {
		rank = "0.0"
	}
	if s.order == byIndexed {
		orderBy = table + ".rowid DESC"
	}
	// CROSS JOIN keeps the full-text index outside, so that its order
	// (newest first) needs no sort and the limit stops the scan.
	return `SELECT d.id, d.created_at, ` + rank + ` AS score` + cols + ` FROM ` + table + ` CROSS JOIN search_docs d` + s.joins + `
		WHERE ` + table + ` MATCH ` + p + ` AND d.id = ` + table + `.rowid AND ` + w.sql() + `
		ORDER BY ` + orderBy + ` LIMIT ` + lim
}

// customPlans has PostgreSQL plan the rest of the transaction's statements
// for the values they are given. After five runs of a prepared statement
// it may keep a generic plan, one for any values; for a search, whose
// best plan depends on the community (a few percent of the documents or
// most of them) and on how common the words are, the generic plan walked
// the whole primary key backwards: 190 to 420 ms for similar questions at
// large, against 50 to 90 ms planned for the values. Planning a search
// costs about a millisecond.
func (tx *Tx) customPlans(ctx context.Context) error {
	if tx.db.d.name != "postgres" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SET LOCAL plan_cache_mode = force_custom_plan`)
	return err
}

// searchTextTables are SQLite's full-text indexes, written together: the
// whole index and the window of the newest documents.
var searchTextTables = []string{"search_fts", "search_recent"}

// searchScope is the text of a document's scope column in SQLite's
// full-text index: the token naming its community ("c_0" for none). A
// search in one community adds it to the full-text query, so the index
// finds that community's matches itself instead of every match being
// checked against search_docs. No query word can match it: package
// search never makes a token with an underscore. It must stay what
// migration 00009 writes.
func searchScope(communityID int64) string {
	return "c_" + strconv.FormatInt(communityID, 10)
}

// deleteSearchText deletes the indexed text of the documents of one kind
// ($1) and the objects listed, before their rows in search_docs go.
func (d *dialect) deleteSearchText(ctx context.Context, tx *Tx, list string, args []any) error {
	if d.name == "postgres" {
		return nil // the tsvector is a column of search_docs, and search_recent's rows go with theirs
	}
	for _, table := range searchTextTables {
		_, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid IN (SELECT id FROM search_docs WHERE kind = $1 AND object_id IN (`+list+`))`, args...)
		if err != nil {
			return err
		}
	}
	return nil
}

// pruneSearchText deletes indexed text whose document is gone, at the end
// of a reindex. It then rewrites the window (search_recent) as one
// segment: a reindex writes every document and trims the window after
// each batch, and each row trimmed from a contentless table leaves a
// tombstone that every later search checks for each posting it reads. At
// a million posts, 225,000 tombstones made FTS5's tombstone lookups 42%
// of a search (p95 29 ms); after the rewrite, 1.5 s, p95 14–16 ms.
func (d *dialect) pruneSearchText(ctx context.Context, tx *Tx) error {
	if d.name == "postgres" {
		return nil
	}
	for _, table := range searchTextTables {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid NOT IN (SELECT id FROM search_docs)`); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO search_recent (search_recent) VALUES ('optimize')`)
	return err
}

// insertSearchDocs writes documents and their indexed text.
func (d *dialect) insertSearchDocs(ctx context.Context, tx *Tx, docs []*searchDoc) error {
	var args []any
	rows := make([]string, len(docs))
	texts := make([][4]string, len(docs))
	for i, doc := range docs {
		vals := []any{doc.kind, doc.objectID, nullID(doc.communityID), nullID(doc.authorID), doc.status, doc.title, doc.body, doc.topics,
			doc.createdAt, doc.updatedAt, doc.threadKind, doc.replies}
		row := inList(&args, vals)
		texts[i] = doc.indexed()
		if d.name == "postgres" {
			for j, weight := range []string{"A", "B", "C", "D"} {
				p := inList(&args, texts[i][j:j+1])
				if j > 0 {
					row += " ||"
				} else {
					row += ","
				}
				row += " setweight(to_tsvector('english', " + p + "), '" + weight + "')"
			}
		}
		rows[i] = "(" + row + ")"
	}
	const columns = `INSERT INTO search_docs (kind, object_id, community_id, author_id, status, title, body, topics, created_at, updated_at,
		thread_kind, replies`
	if d.name == "postgres" {
		// The window holds a copy of the new rows (without their text)
		// and loses those no longer among the last d.window ids.
		_, err := tx.ExecContext(ctx, `WITH docs AS (`+columns+`, tsv) VALUES `+strings.Join(rows, ", ")+`
			RETURNING id, kind, object_id, community_id, author_id, status, created_at, tsv)
			INSERT INTO search_recent (id, kind, object_id, community_id, author_id, status, created_at, tsv)
			SELECT * FROM docs`, args...)
		if err != nil {
			return err
		}
		return d.trimSearchWindow(ctx, tx)
	}
	res, err := tx.QueryContext(ctx, columns+`) VALUES `+strings.Join(rows, ", ")+` RETURNING id, object_id`, args...)
	if err != nil {
		return err
	}
	ids := map[int64]int64{}
	for res.Next() {
		var id, objectID int64
		if err := res.Scan(&id, &objectID); err != nil {
			res.Close()
			return err
		}
		ids[objectID] = id
	}
	res.Close()
	if err := res.Err(); err != nil {
		return err
	}
	args = args[:0]
	for i, doc := range docs {
		rows[i] = "(" + inList(&args, []any{ids[doc.objectID], texts[i][0], texts[i][1], texts[i][2], texts[i][3], searchScope(doc.communityID)}) + ")"
	}
	values := strings.Join(rows, ", ")
	for _, table := range searchTextTables {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (rowid, title, topics, body, answers, scope) VALUES `+values, args...); err != nil {
			return err
		}
	}
	return d.trimSearchWindow(ctx, tx)
}

// trimSearchWindow deletes from search_recent the documents no longer
// among the last d.window ids (on SQLite by rowid: the table holds no
// text).
func (d *dialect) trimSearchWindow(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM search_recent WHERE `+d.windowKey()+` <= (SELECT max(`+d.windowKey()+`) FROM search_recent) - $1`, d.window)
	return err
}

// windowKey is the column of search_recent that holds the document's id.
func (d *dialect) windowKey() string {
	if d.name == "postgres" {
		return "id"
	}
	return "rowid"
}

// beginBulkLoad prepares a transaction that writes many rows at once (the
// bench seed): SQLite gets a page cache large enough to keep the indexes
// being written in memory, for this connection only.
func (d *dialect) beginBulkLoad(ctx context.Context, tx *sql.Tx) error {
	if d.name == "postgres" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `PRAGMA cache_size = -262144`)
	return err
}

// endBulkLoad finishes such a transaction. Its rows were written with
// their ids, which PostgreSQL's identity columns do not see: their
// sequences move past the largest id. PostgreSQL also gets fresh planner
// statistics, as autovacuum would give it soon after; SQLite's planner
// works without them, and Praxis never runs ANALYZE there.
func (d *dialect) endBulkLoad(ctx context.Context, tx *sql.Tx, tables []string) error {
	if d.name != "postgres" {
		return nil
	}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT COALESCE(max(id), 0) + 1 FROM `+t+`), false)`); err != nil {
			return err
		}
	}
	// The tables of this schema only: a bare ANALYZE takes every schema of
	// the database, and deadlocks with a migration running in another.
	names, err := d.tableNames(ctx, tx)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `ANALYZE `+strings.Join(names, ", "))
	return err
}

// bulkPlaceholder is the nth placeholder of a statement with thousands of
// them (the bench seed's multi-row INSERTs). SQLite looks each named
// parameter such as $7 up in a list, which makes binding n of them cost
// n², so there they are anonymous: ? in the same order.
func (d *dialect) bulkPlaceholder(n int) string {
	if d.name == "postgres" {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// Bounds of the work of ranking a draft (pruneDraftTerms).
const (
	// draftSample is how many of the most recently indexed documents a
	// word is counted in, to estimate how common it is.
	draftSample = 5000
	// draftPostings bounds the documents, summed over the words kept,
	// that contain them: SQLite's bm25 reads every one of them to weigh
	// its words, whatever the number of candidates. Weighing was 70% of
	// similar questions at a million posts with 40,000 (p95 19–20 ms),
	// 17.5 ms with 20,000; the duplicates evaluation did not move.
	draftPostings = 20000
	// draftMinTerms are kept however common they are.
	draftMinTerms = 3
)

// pruneDraftTerms drops the most common words of a draft when looking for
// all of them would read too much of the index, keeping the rarest: a word
// in a large share of the documents says little about which ones are alike
// (BM25 weighs it near zero) but costs the most to weigh. How common a word
// is comes from counting it in the most recently indexed documents, which
// are all of them in an index of up to draftSample documents, where nothing
// is dropped unless the draft's words together exceed draftPostings. The
// order of the words kept is unchanged. On PostgreSQL, whose ranking reads
// only the candidates, every word is kept.
func (d *dialect) pruneDraftTerms(ctx context.Context, tx *Tx, terms []string) ([]string, error) {
	if d.name == "postgres" || len(terms) <= draftMinTerms {
		return terms, nil
	}
	var top int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(id), 0) FROM search_docs`).Scan(&top); err != nil {
		return nil, err
	}
	if top <= draftPostings/int64(len(terms)) {
		return terms, nil // even if every word were in every document
	}
	from := max(top-draftSample, 0)
	sample := min(top, draftSample)
	args := []any{from}
	counts := make([]string, len(terms))
	for i, t := range terms {
		counts[i] = `(SELECT count(*) FROM search_fts WHERE search_fts MATCH ` + inList(&args, []any{search.Any([]string{t}).FTS5()}) + ` AND rowid > $1)`
	}
	n := make([]int64, len(terms))
	ptrs := make([]any, len(terms))
	for i := range n {
		ptrs[i] = &n[i]
	}
	if err := tx.QueryRowContext(ctx, `SELECT `+strings.Join(counts, ", "), args...).Scan(ptrs...); err != nil {
		return nil, err
	}
	order := make([]int, len(terms))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(n[a], n[b]) })
	keep := make([]bool, len(terms))
	var postings int64
	for k, i := range order {
		est := n[i] * top / sample
		if k >= draftMinTerms && postings+est > draftPostings {
			break
		}
		postings += est
		keep[i] = true
	}
	var out []string
	for i, t := range terms {
		if keep[i] {
			out = append(out, t)
		}
	}
	return out, nil
}
