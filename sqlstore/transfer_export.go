package sqlstore

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"praxis"
)

// ExportOptions choose what Export writes.
type ExportOptions struct {
	// Community is the slug of the one community to export; empty exports
	// the whole instance.
	Community string
	// Praxis is the version of the program, recorded in the header.
	Praxis string
	// Progress, when set, is called as rows are written, with the total.
	Progress func(done, total int64)
}

// ExportSummary counts what an export holds.
type ExportSummary struct {
	Scope       string // "instance" or "community"
	Community   string
	Schema      int64
	Rows        map[string]int64 // by table
	Attachments int
}

// exportHeader is the first line of export.jsonl.
type exportHeader struct {
	Format    string              `json:"format"`
	Version   int                 `json:"version"`
	Schema    int64               `json:"schema"`
	Scope     string              `json:"scope"`
	Community string              `json:"community,omitempty"`
	CreatedAt time.Time           `json:"created_at"`
	Source    string              `json:"source"`
	Praxis    string              `json:"praxis,omitempty"`
	Tables    []exportTableHeader `json:"tables"`
}

// exportTableHeader names a table's columns and counts its rows.
type exportTableHeader struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	Rows    int64    `json:"rows"`
}

// exportLine is any other line: a row, or the trailer (end: true).
type exportLine struct {
	Table       string         `json:"table,omitempty"`
	Row         map[string]any `json:"row,omitempty"`
	End         bool           `json:"end,omitempty"`
	Rows        int64          `json:"rows,omitempty"`
	Attachments int            `json:"attachments,omitempty"`
}

const (
	scopeInstance  = "instance"
	scopeCommunity = "community"
	exportEntry    = "export.jsonl"
	blobPrefix     = "attachments/"
)

// Export writes everything the instance holds, or one community, to w as a
// zip archive: export.jsonl and the attachments' bytes. It reads in one
// snapshot, so the export is consistent while the server keeps writing,
// and streams row by row. A community export leaves out instance-wide
// tables and credentials (password hashes, calendar tokens) and includes
// the users its rows refer to.
// Errors: ENOTFOUND for an unknown community.
func (db *DB) Export(ctx context.Context, w io.Writer, o ExportOptions) (*ExportSummary, error) {
	if err := db.CheckExportManifest(ctx); err != nil {
		return nil, err
	}
	stx, err := db.d.readDB.BeginTx(ctx, db.d.snapshotTxOptions())
	if err != nil {
		return nil, err
	}
	defer stx.Rollback()
	tx := &Tx{Tx: stx, db: db, now: db.now().UTC()}

	h := exportHeader{Format: ExportFormat, Version: ExportVersion, Scope: scopeInstance, CreatedAt: tx.now.Truncate(time.Millisecond),
		Source: db.d.name, Praxis: o.Praxis}
	if h.Schema, err = tx.schemaVersion(ctx); err != nil {
		return nil, err
	}
	var args []any
	if o.Community != "" {
		var communityID int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM communities WHERE slug = $1`, o.Community).Scan(&communityID)
		if isNoRows(err) {
			return nil, notFound("There is no community %q here.", o.Community)
		} else if err != nil {
			return nil, err
		}
		h.Scope, h.Community, args = scopeCommunity, o.Community, []any{communityID}
	}

	// The plan: each table's columns and the number of rows it will write.
	type planned struct {
		t     *TransferTable
		cols  []schemaColumn
		where string
	}
	var plan []planned
	var total int64
	for i := range transferTables {
		t := &transferTables[i]
		if t.Skip != "" || (h.Scope == scopeCommunity && t.InstanceOnly) {
			continue
		}
		cols, err := db.d.tableColumns(ctx, tx, t.Name)
		if err != nil {
			return nil, err
		}
		cols = slices.DeleteFunc(cols, func(c schemaColumn) bool { return slices.Contains(t.derived, c.name) })
		where := "TRUE"
		if h.Scope == scopeCommunity {
			where = communityRule(t)
		}
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+t.Name+` WHERE `+where, args...).Scan(&n); err != nil {
			return nil, fmt.Errorf("export: count %s: %w", t.Name, err)
		}
		th := exportTableHeader{Name: t.Name, Rows: n}
		for _, c := range cols {
			th.Columns = append(th.Columns, c.name)
		}
		h.Tables = append(h.Tables, th)
		plan = append(plan, planned{t, cols, where})
		total += n
	}

	zw := zip.NewWriter(w)
	// Text compresses well at any level; the fastest keeps the export
	// bound by the database rather than by deflate.
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	jw, err := zw.CreateHeader(&zip.FileHeader{Name: exportEntry, Method: zip.Deflate, Modified: h.CreatedAt})
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(jw, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(h); err != nil {
		return nil, err
	}
	sum := &ExportSummary{Scope: h.Scope, Community: h.Community, Schema: h.Schema, Rows: map[string]int64{}}
	var done int64
	for _, p := range plan {
		n, err := tx.exportRows(ctx, enc, p.t, p.cols, p.where, args, h.Scope, func() {
			done++
			if o.Progress != nil && done%1000 == 0 {
				o.Progress(done, total)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", p.t.Name, err)
		}
		sum.Rows[p.t.Name] = n
	}
	if o.Progress != nil {
		o.Progress(done, total)
	}

	// The attachments' bytes, checked against the size and checksum their
	// rows recorded. Their rows were read in this snapshot; files are never
	// changed once written.
	where := "TRUE"
	if h.Scope == scopeCommunity {
		where = "community_id = $1"
	}
	type blob struct {
		id         int64
		key, sum   string
		size       int64
		name       string
		uploadedAt int64
	}
	var blobs []blob
	rows, err := tx.QueryContext(ctx, `SELECT id, storage_key, sha256, size, name, created_at FROM attachments WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var b blob
		if err := rows.Scan(&b.id, &b.key, &b.sum, &b.size, &b.name, &b.uploadedAt); err != nil {
			rows.Close()
			return nil, err
		}
		blobs = append(blobs, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := enc.Encode(exportLine{End: true, Rows: done, Attachments: len(blobs)}); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	for _, b := range blobs {
		if err := db.exportBlob(ctx, zw, b.key, b.size, b.sum, fromMS(b.uploadedAt)); err != nil {
			return nil, fmt.Errorf("export attachment %d (%s): %w", b.id, b.name, err)
		}
	}
	sum.Attachments = len(blobs)
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return sum, nil
}

// exportRows writes the selected rows of one table, in key order.
func (tx *Tx) exportRows(ctx context.Context, enc *json.Encoder, t *TransferTable, cols []schemaColumn, where string, args []any, scope string, each func()) (int64, error) {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(names, ", ")+` FROM `+t.Name+` WHERE `+where+` ORDER BY `+strings.Join(t.Key, ", "), args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	line := exportLine{Table: t.Name}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		row := make(map[string]any, len(cols))
		for i, c := range cols {
			row[c.name] = exportValue(vals[i], slices.Contains(t.Bools, c.name))
		}
		if scope == scopeCommunity {
			for _, c := range t.private {
				row[c] = nil
			}
			if t.Name == "users" {
				// Roles are the instance's to give.
				row["role"] = praxis.RoleMember
			}
		}
		line.Row = row
		if err := enc.Encode(line); err != nil {
			return n, err
		}
		n++
		each()
	}
	return n, rows.Err()
}

// exportValue gives a value the one JSON form both databases export:
// booleans as booleans, text as strings.
func exportValue(v any, boolean bool) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case int64:
		if boolean {
			return x != 0
		}
	}
	return v
}

// exportBlob copies one attachment's bytes into the archive, checking them.
func (db *DB) exportBlob(ctx context.Context, zw *zip.Writer, key string, size int64, want string, modified time.Time) error {
	f, err := db.blobs.Open(ctx, key)
	if err != nil {
		return fmt.Errorf("its file is missing from the uploads: %w", err)
	}
	defer f.Close()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: blobPrefix + key, Method: zip.Store, Modified: modified})
	if err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), f)
	if err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); n != size || got != want {
		return fmt.Errorf("its file (%d bytes, sha256 %s) does not match its record (%d bytes, sha256 %s)", n, got, size, want)
	}
	return nil
}

// communityRule is the condition selecting a table's rows in the export of
// the community $1.
func communityRule(t *TransferTable) string {
	switch t.Name {
	case "users":
		return "id IN (" + referencedUsers() + ")"
	case "user_expertise":
		return "user_id IN (" + referencedUsers() + ")"
	}
	return t.community
}

// referencedUsers is a query for the ids of the users the rows of the
// community $1 refer to: its members, authors, voters, hosts and the rest.
func referencedUsers() string {
	var parts []string
	for _, t := range transferTables {
		if t.Skip != "" || t.InstanceOnly || t.community == "" {
			continue
		}
		for _, col := range slices.Sorted(maps.Keys(t.Refs)) {
			if t.Refs[col] == "users" {
				parts = append(parts, "SELECT "+col+" FROM "+t.Name+" WHERE "+col+" IS NOT NULL AND ("+t.community+")")
			}
		}
		if p := t.Poly; p != nil {
			for _, typ := range slices.Sorted(maps.Keys(p.Tables)) {
				if p.Tables[typ] == "users" {
					parts = append(parts, "SELECT "+p.IDColumn+" FROM "+t.Name+" WHERE "+p.TypeColumn+" = '"+typ+"' AND ("+t.community+")")
				}
			}
		}
	}
	return strings.Join(parts, " UNION ")
}
