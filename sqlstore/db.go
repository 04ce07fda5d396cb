// Package sqlstore implements the domain's services on SQLite and
// PostgreSQL with hand-written SQL. Every exported method runs in one
// transaction and calls unexported helpers that take a *Tx; the
// differences between the two databases live in dialect.go alone.
package sqlstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
	"time"

	"github.com/pressly/goose/v3"

	"praxis"
	"praxis/blobstore"
	"praxis/markdown"
	"praxis/password"
)

//go:embed migrations
var migrationsFS embed.FS

// DB is a Praxis database. Its methods implement praxis.Store.
type DB struct {
	d *dialect
	// now is the clock; tests and the demo seeder move it.
	now func() time.Time
	// passwordParams are the argon2id costs; tests lower them.
	passwordParams password.Params
	// dummyHash is checked when no account matches a sign-in, so that a
	// failed lookup costs as much as a wrong password and timing does not
	// tell which accounts exist. It is made with passwordParams on first use.
	dummyHash func() string
	// render turns members' markdown into HTML when a post is written.
	render praxis.Renderer
	// blobs keeps the bytes of attachments.
	blobs praxis.BlobStore
	// levels keeps communities' participation levels, shared by every
	// copy of the DB (see ParticipationLevels).
	levels *keptByID[levelsStamp, []praxis.LevelCount]
	// health keeps communities' health, shared the same way (see Health).
	health *keptByID[[3]int64, praxis.Health]
	// unread keeps members' unread counts (see UnreadCount).
	unread *keptByID[unreadStamp, int]
	// related keeps what thread pages show of their related lists (see
	// Related).
	related *keptByID[relatedStamp, []*praxis.SimilarHit]
}

var _ praxis.Store = (*DB)(nil)

// Options configure Open.
type Options struct {
	// DatabaseURL is a postgres:// URL, or a SQLite file path; empty means
	// praxis.db in DataDir.
	DatabaseURL string
	DataDir     string
	Now         func() time.Time
	// PasswordParams default to password.Default.
	PasswordParams *password.Params
	// Renderer defaults to the markdown package's.
	Renderer praxis.Renderer
	// Blobs keeps attachments' bytes; it defaults to files in
	// DataDir/uploads (./praxis-data/uploads without a DataDir), on
	// PostgreSQL as on SQLite.
	Blobs praxis.BlobStore
	// Driver, when set, names the database/sql driver to open instead of
	// "sqlite" or "pgx": tests register a wrapper that counts statements.
	Driver string
}

// Open opens the database and checks that it answers. It does not migrate.
func Open(ctx context.Context, o Options) (*DB, error) {
	d, err := openDialect(o.DatabaseURL, o.DataDir, o.Driver)
	if err != nil {
		return nil, err
	}
	if err := d.writeDB.PingContext(ctx); err != nil {
		d.close()
		return nil, fmt.Errorf("connect to %s database %s: %w", d.name, redactURL(o.DatabaseURL), err)
	}
	db := &DB{d: d, now: o.Now, passwordParams: password.Default, render: o.Renderer, blobs: o.Blobs, levels: newKeptByID[levelsStamp, []praxis.LevelCount](0),
		health: newKeptByID[[3]int64, praxis.Health](0), unread: newKeptByID[unreadStamp, int](unreadKeptMax),
		related: newKeptByID[relatedStamp, []*praxis.SimilarHit](relatedKeptMax)}
	if db.blobs == nil {
		dir := o.DataDir
		if dir == "" {
			dir = "praxis-data"
		}
		db.blobs = blobstore.New(filepath.Join(dir, "uploads"), praxis.MaxAttachmentBytes)
	}
	if db.render == nil {
		db.render = markdown.New()
	}
	if db.now == nil {
		db.now = time.Now
	}
	if o.PasswordParams != nil {
		db.passwordParams = *o.PasswordParams
	}
	params := db.passwordParams
	db.dummyHash = sync.OnceValue(func() string {
		h, _ := password.Hash("praxis-dummy-password", params)
		return h
	})
	return db, nil
}

// Close closes the pools.
func (db *DB) Close() error { return db.d.close() }

// Dialect names the database: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.d.name }

// WithClock returns a DB that shares the connections but reads the time
// from now; the demo seeder uses it to write history at its original times.
func (db *DB) WithClock(now func() time.Time) *DB {
	c := *db
	c.now = now
	return &c
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.d.readDB.PingContext(ctx) }

// MigrationsFS returns the migration files of a dialect, for tests.
func MigrationsFS(dialect string) (fs.FS, error) { return fs.Sub(migrationsFS, "migrations/"+dialect) }

// Migrate brings the schema up to date and returns the applied versions.
func (db *DB) Migrate(ctx context.Context) ([]int64, error) {
	fsys, err := MigrationsFS(db.d.migrations)
	if err != nil {
		return nil, err
	}
	p, err := goose.NewProvider(db.d.gooseName, db.d.writeDB, fsys)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	var vs []int64
	for _, r := range res {
		vs = append(vs, r.Source.Version)
	}
	return vs, nil
}

// Tx is a transaction with the time it started, so that every row it
// writes carries the same time.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time
	// stale collects the search documents this transaction changed; they
	// are rebuilt just before it commits (see search_index.go).
	stale map[searchKey]bool
}

// update runs fn in a write transaction (BEGIN IMMEDIATE on SQLite).
func (db *DB) update(ctx context.Context, fn func(*Tx) error) error {
	stx, err := db.d.writeDB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &Tx{Tx: stx, db: db, now: db.now().UTC()}
	if err := fn(tx); err != nil {
		stx.Rollback()
		return err
	}
	if err := tx.refreshSearch(ctx); err != nil {
		stx.Rollback()
		return err
	}
	return stx.Commit()
}

// view runs fn in a read transaction, a consistent snapshot.
func (db *DB) view(ctx context.Context, fn func(*Tx) error) error {
	stx, err := db.d.readDB.BeginTx(ctx, &sql.TxOptions{ReadOnly: db.d.readOnlyTx()})
	if err != nil {
		return err
	}
	tx := &Tx{Tx: stx, db: db, now: db.now().UTC()}
	defer stx.Rollback()
	return fn(tx)
}

// ms converts a time to the stored form: UTC Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts a stored time back.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func fromNullMS(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

// newSecret returns a random URL-safe secret with a prefix naming its kind.
func newSecret(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// hashSecret is how secrets are stored: they are random, so SHA-256 suffices.
func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func notFound(format string, args ...any) error {
	return praxis.Errorf(praxis.ENOTFOUND, format, args...)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
