package sqlstore

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"praxis"
)

// ImportOptions tune ImportExport.
type ImportOptions struct {
	// Progress, when set, is called as rows are read, with the total.
	Progress func(done, total int64)
}

// ImportSummary tells what an import wrote.
type ImportSummary struct {
	Scope       string // "instance" or "community"
	Community   string
	Schema      int64
	Rows        map[string]int64 // rows written, by table
	Attachments int
	// A community import matches the people of the export with members of
	// this instance (by e-mail, source id, or handle) or creates them.
	UsersMatched, UsersCreated int
	// Renamed lists the people created under another handle because
	// theirs was taken here by someone else: handle in the export → here.
	Renamed map[string]string
	// Dropped counts, by table, the rows a community import left out
	// because they referred to something outside the community.
	Dropped map[string]int64
	// Cleared counts the references to something outside the community
	// that a community import cleared (a copy's original, say).
	Cleared int64
}

// ImportExport restores an export written by Export from the zip archive
// r (size bytes), in one transaction: on any error nothing is written.
//
// An instance export restores into an empty database and keeps every id,
// so links between objects and in texts stay as they were. A community
// export restores into any instance that has no community with its slug:
// its rows get new ids (links in texts are rewritten), and its people are
// matched with this instance's users by e-mail address, then by their
// source's id, then by handle (when one of the two has no e-mail address);
// the others are created as members without a password, under another
// handle when theirs is taken. The search index is not rebuilt: call
// Reindex afterwards.
// Errors: EINVALID for a file that is not an export this version reads
// (damaged, truncated, a newer format or schema), ECONFLICT when the
// database is not empty (instance export) or has the community already.
func (db *DB) ImportExport(ctx context.Context, r io.ReaderAt, size int64, o ImportOptions) (*ImportSummary, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, &praxis.Error{Code: praxis.EINVALID, Message: "This is not a Praxis export (a zip archive), or it is truncated or damaged.", Err: err}
	}
	var jsonl *zip.File
	files := map[string]*zip.File{} // attachments by storage key
	for _, f := range zr.File {
		switch {
		case f.Name == exportEntry:
			jsonl = f
		case strings.HasPrefix(f.Name, blobPrefix) && len(f.Name) > len(blobPrefix):
			files[strings.TrimPrefix(f.Name, blobPrefix)] = f
		default:
			return nil, praxis.Errorf(praxis.EINVALID, "This archive holds %s, which a Praxis export does not: it is not one.", f.Name)
		}
	}
	if jsonl == nil {
		return nil, praxis.Errorf(praxis.EINVALID, "This zip archive has no %s: it is not a Praxis export.", exportEntry)
	}
	rc, err := jsonl.Open()
	if err != nil {
		return nil, &praxis.Error{Code: praxis.EINVALID, Message: "The export cannot be read: it is damaged.", Err: err}
	}
	defer rc.Close()
	in := &exportReader{r: bufio.NewReaderSize(rc, 1<<16)}
	h, err := in.header(db.d.migrations)
	if err != nil {
		return nil, err
	}
	if err := db.CheckExportManifest(ctx); err != nil {
		return nil, err
	}

	im := &importer{h: h, in: in, files: files, progress: o.Progress, remap: h.Scope == scopeCommunity,
		ids: map[string]map[int64]int64{}, matched: map[int64]bool{},
		sum: &ImportSummary{Scope: h.Scope, Community: h.Community, Schema: h.Schema, Rows: map[string]int64{}, Renamed: map[string]string{},
			Dropped: map[string]int64{}}}
	err = db.update(ctx, func(tx *Tx) error {
		im.tx = tx
		defer im.closeStatements()
		return im.run(ctx)
	})
	if err != nil {
		for _, key := range im.written {
			db.deleteBlob(ctx, key)
		}
		return nil, err
	}
	return im.sum, nil
}

// exportReader reads export.jsonl line by line, counting lines for errors.
type exportReader struct {
	r    *bufio.Reader
	line int
}

// next returns the next line, io.EOF at the end.
func (in *exportReader) next() ([]byte, error) {
	b, err := in.r.ReadBytes('\n')
	if len(b) == 0 && errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, &praxis.Error{Code: praxis.EINVALID, Message: fmt.Sprintf("The export cannot be read after line %d: it is damaged.", in.line), Err: err}
	}
	in.line++
	return b, nil
}

// fail is an EINVALID error about the current line.
func (in *exportReader) fail(format string, args ...any) error {
	return praxis.Errorf(praxis.EINVALID, "%s line %d: %s", exportEntry, in.line, fmt.Sprintf(format, args...))
}

// header reads and checks the first line.
func (in *exportReader) header(dialect string) (*exportHeader, error) {
	b, err := in.next()
	if errors.Is(err, io.EOF) {
		return nil, praxis.Errorf(praxis.EINVALID, "The export is empty.")
	} else if err != nil {
		return nil, err
	}
	var h exportHeader
	if err := json.Unmarshal(b, &h); err != nil || h.Format != ExportFormat {
		return nil, in.fail("this is not the header of a Praxis export (format %q)", h.Format)
	}
	if h.Version != ExportVersion {
		return nil, in.fail("the export is in format version %d; this Praxis reads version %d", h.Version, ExportVersion)
	}
	latest, err := latestSchema(dialect)
	if err != nil {
		return nil, err
	}
	if h.Schema > latest || h.Schema < 1 {
		return nil, in.fail("the export has schema %d, which this Praxis does not know (it knows schemas up to %d): upgrade Praxis to import it", h.Schema, latest)
	}
	switch {
	case h.Scope == scopeInstance && h.Community == "":
	case h.Scope == scopeCommunity && h.Community != "":
	default:
		return nil, in.fail("unknown scope %q", h.Scope)
	}
	return &h, nil
}

// rowReader reads the lines of export.jsonl after the header and checks
// them against it: rows of the tables it lists, in its order, each with
// the header's columns and values the database takes; then the last line,
// whose counts must be those of the rows read. It reads no database, so
// that the reading of an export can be fuzzed.
type rowReader struct {
	in      *exportReader
	tables  map[string]*importTable
	current *importTable // the table of the last row read
	cur     int          // its position in the manifest
	done    int64        // rows read
}

// importRow is a row of the export, its values ready for the database.
type importRow struct {
	it   *importTable
	vals map[string]any
	id   int64 // the row's id in the export, when its table has ids
}

// next returns the next row, or none after the last line. finished is the
// table whose rows ended before it, if any, all of them read and counted.
func (rd *rowReader) next() (finished *importTable, row *importRow, err error) {
	in := rd.in
	b, err := in.next()
	if errors.Is(err, io.EOF) {
		return nil, nil, praxis.Errorf(praxis.EINVALID, "%s ends at line %d without its last line: the export is truncated.", exportEntry, in.line)
	} else if err != nil {
		return nil, nil, err
	}
	var l exportLine
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&l); err != nil {
		return nil, nil, in.fail("%v", err)
	}
	if l.End {
		if rd.current != nil {
			if err := rd.counted(rd.current); err != nil {
				return nil, nil, err
			}
		}
		var attachments int64
		if it := rd.tables["attachments"]; it != nil {
			attachments = it.seen
		}
		if l.Rows != rd.done || int64(l.Attachments) != attachments {
			return nil, nil, in.fail("the export announces %d rows and %d attachments but holds %d and %d", l.Rows, l.Attachments, rd.done, attachments)
		}
		if extra, err := in.next(); err == nil && len(bytes.TrimSpace(extra)) > 0 {
			return nil, nil, in.fail("there is more after the last line")
		}
		for _, it := range rd.tables {
			if it.seen != it.rows {
				return nil, nil, praxis.Errorf(praxis.EINVALID, "The header of the export announces %d rows of %s but it holds %d.", it.rows, it.t.Name, it.seen)
			}
		}
		return rd.current, nil, nil
	}
	it := rd.tables[l.Table]
	if it == nil {
		return nil, nil, in.fail("a row of %q, a table the header does not list", l.Table)
	}
	if it != rd.current {
		if it.pos < rd.cur {
			return nil, nil, in.fail("a row of %s after the rows of a later table", l.Table)
		}
		if rd.current != nil {
			if err := rd.counted(rd.current); err != nil {
				return nil, nil, err
			}
		}
		finished, rd.current, rd.cur = rd.current, it, it.pos
	}
	it.seen++
	row, err = rd.values(it, l.Row)
	if err != nil {
		return nil, nil, err
	}
	rd.done++
	return finished, row, nil
}

// counted checks that a table holds the rows the header announces.
func (rd *rowReader) counted(it *importTable) error {
	if it.seen != it.rows {
		return rd.in.fail("the header announces %d rows of %s but the export holds %d", it.rows, it.t.Name, it.seen)
	}
	return nil
}

// values checks a row's columns against the header's and turns its
// values into the database's.
func (rd *rowReader) values(it *importTable, row map[string]any) (*importRow, error) {
	t, in := it.t, rd.in
	if len(row) != len(it.cols) {
		return nil, in.fail("a row of %s has %d columns; the header lists %d", t.Name, len(row), len(it.cols))
	}
	vals := map[string]any{}
	for _, c := range it.cols {
		v, ok := row[c]
		if !ok {
			return nil, in.fail("a row of %s has no %s", t.Name, c)
		}
		var err error
		if vals[c], err = importValue(v); err != nil {
			return nil, in.fail("%s.%s: %v", t.Name, c, err)
		}
	}
	var oldID int64
	if slices.Equal(t.Key, idKey) {
		id, ok := vals["id"].(int64)
		if !ok {
			return nil, in.fail("a row of %s has no id", t.Name)
		}
		oldID = id
	}
	return &importRow{it: it, vals: vals, id: oldID}, nil
}

// importer writes an export's rows in one transaction.
type importer struct {
	tx       *Tx
	h        *exportHeader
	in       *exportReader
	files    map[string]*zip.File
	progress func(done, total int64)
	// remap: a community import, whose rows get new ids.
	remap  bool
	tables map[string]*importTable
	// ids maps the export's ids to the new ones, by table (remap only).
	ids map[string]map[int64]int64
	// matched are the export's users matched with existing ones (remap).
	matched  map[int64]bool
	deferred []deferredRef
	linked   []linkedRow
	blobs    []importBlob
	written  []string // blobs this import created, removed on failure
	sum      *ImportSummary
}

// importTable is one table of the export, as the header describes it.
type importTable struct {
	t      *TransferTable
	pos    int
	cols   []string // the export's columns, in order
	target map[string]schemaColumn
	rows   int64 // announced by the header
	seen   int64
	stmt   *sql.Stmt
	args   []string // the columns the statement inserts
}

// deferredRef is a reference to a row written later, set at the end.
type deferredRef struct {
	table, col, target string
	id, value          int64
}

// linkedRow is a row whose text may link to objects by their old ids.
type linkedRow struct {
	t  *TransferTable
	id int64
}

// importBlob is an attachment whose bytes are to be stored.
type importBlob struct {
	from, to, sum string
	size          int64
}

func (im *importer) run(ctx context.Context) error {
	if err := im.prepare(ctx); err != nil {
		return err
	}
	var total int64
	for _, it := range im.tables {
		total += it.rows
	}
	rd := &rowReader{in: im.in, tables: im.tables, cur: -1}
	for {
		finished, row, err := rd.next()
		if err != nil {
			return err
		}
		if finished != nil {
			if err := im.finishTable(ctx, finished); err != nil {
				return err
			}
		}
		if row == nil {
			break
		}
		if err := im.insert(ctx, row); err != nil {
			return err
		}
		if im.progress != nil && rd.done%1000 == 0 {
			im.progress(rd.done, total)
		}
	}
	if im.progress != nil {
		im.progress(rd.done, total)
	}
	return im.finish(ctx)
}

// prepare checks the header's tables against the manifest and the schema,
// and that the database may receive the export.
func (im *importer) prepare(ctx context.Context) error {
	tx, d := im.tx, im.tx.db.d
	tables, err := importTables(im.h, func(table string) ([]schemaColumn, error) { return d.tableColumns(ctx, tx, table) })
	if err != nil {
		return err
	}
	im.tables = tables
	for name, it := range tables {
		if im.remap && slices.Equal(it.t.Key, idKey) {
			im.ids[name] = map[int64]int64{}
		}
	}
	if im.remap {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM communities WHERE slug = $1`, im.h.Community).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return praxis.Errorf(praxis.ECONFLICT, "This Praxis already has a community %q: remove it first, or import into another instance.", im.h.Community)
		}
		if im.tables["communities"] == nil || im.tables["communities"].rows != 1 {
			return praxis.Errorf(praxis.EINVALID, "The export of community %q does not hold that community.", im.h.Community)
		}
		return nil
	}
	for _, t := range transferTables {
		if t.Skip != "" {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+t.Name+` LIMIT 1) x`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return praxis.Errorf(praxis.ECONFLICT, "This database is not empty (it has %s): an instance export restores only into a new, empty database. "+
				"To bring one community into this instance, export that community (praxis export --community SLUG).", t.Name)
		}
	}
	return nil
}

// importTables checks the tables the header lists against the manifest,
// and their columns against those here, which columns returns. It reads
// no database itself, so that it can be fuzzed.
func importTables(h *exportHeader, columns func(table string) ([]schemaColumn, error)) (map[string]*importTable, error) {
	remap := h.Scope == scopeCommunity
	tables := map[string]*importTable{}
	last := -1
	for _, th := range h.Tables {
		t, pos := transferTable(th.Name)
		switch {
		case t == nil || t.Skip != "":
			return nil, praxis.Errorf(praxis.EINVALID, "The export holds a table this Praxis does not import: %s.", th.Name)
		case t.InstanceOnly && remap:
			return nil, praxis.Errorf(praxis.EINVALID, "The export of a community holds the instance's %s.", th.Name)
		case pos <= last:
			return nil, praxis.Errorf(praxis.EINVALID, "The header of the export lists %s out of order.", th.Name)
		}
		last = pos
		cols, err := columns(t.Name)
		if err != nil {
			return nil, err
		}
		it := &importTable{t: t, pos: pos, cols: th.Columns, rows: th.Rows, target: map[string]schemaColumn{}}
		for _, c := range cols {
			it.target[c.name] = c
		}
		for i, c := range th.Columns {
			if _, ok := it.target[c]; !ok {
				return nil, praxis.Errorf(praxis.EINVALID, "The export has a column %s.%s that this Praxis does not know.", t.Name, c)
			}
			// Else a row could pass with another field in the twin's place.
			if slices.Contains(th.Columns[:i], c) {
				return nil, praxis.Errorf(praxis.EINVALID, "The export lists the column %s.%s twice.", t.Name, c)
			}
		}
		for _, c := range t.Key {
			if !slices.Contains(th.Columns, c) {
				return nil, praxis.Errorf(praxis.EINVALID, "The export's %s has no column %s.", t.Name, c)
			}
		}
		tables[t.Name] = it
	}
	return tables, nil
}

// insert writes one row of the export, its values checked by rowReader.
func (im *importer) insert(ctx context.Context, row *importRow) error {
	it, t, vals, oldID := row.it, row.it.t, row.vals, row.id

	// References to rows written later (or to a later row of the same
	// table) are set once every row is in.
	var later []deferredRef
	for _, col := range slices.Sorted(maps.Keys(t.Refs)) {
		v, ok := vals[col].(int64)
		if !ok {
			continue
		}
		target := t.Refs[col]
		_, tpos := transferTable(target)
		if tpos > it.pos || (tpos == it.pos && v >= oldID) {
			later = append(later, deferredRef{table: t.Name, col: col, target: target, value: v})
			vals[col] = nil
		}
	}

	if im.remap {
		switch t.Name {
		case "users":
			return im.importUser(ctx, it, vals, oldID)
		case "user_expertise":
			if u, _ := vals["user_id"].(int64); im.matched[u] {
				return nil // the existing member's profile stays as it is
			}
		}
		keep, err := im.remapRow(it, vals)
		if err != nil || !keep {
			return err
		}
	}
	if t.Name == "attachments" {
		key, _ := vals["storage_key"].(string)
		size, _ := vals["size"].(int64)
		sum, _ := vals["sha256"].(string)
		b := importBlob{from: key, to: key, size: size, sum: sum}
		if im.remap {
			var n int
			if err := im.tx.QueryRowContext(ctx, `SELECT count(*) FROM attachments WHERE storage_key = $1`, key).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				b.to = newBlobKey()
				vals["storage_key"] = b.to
			}
		}
		im.blobs = append(im.blobs, b)
	}
	if im.remap && t.Name == "charter_revisions" {
		if s, ok := vals["snapshot"].(string); ok {
			vals["snapshot"] = im.remapSnapshot(s)
		}
	}

	newID, err := im.exec(ctx, it, vals)
	if err != nil {
		return im.in.fail("%s: %v", t.Name, err)
	}
	im.sum.Rows[t.Name]++
	if im.remap && oldID != 0 {
		im.ids[t.Name][oldID] = newID
		for _, c := range t.Links {
			if s, ok := vals[c].(string); ok && idLinkRe.MatchString(s) {
				im.linked = append(im.linked, linkedRow{t, newID})
				break
			}
		}
	}
	for _, r := range later {
		r.id = newID
		im.deferred = append(im.deferred, r)
	}
	return nil
}

// exec inserts a row with the table's statement, prepared on first use;
// a community import lets the database give the row its id.
func (im *importer) exec(ctx context.Context, it *importTable, vals map[string]any) (int64, error) {
	withID := slices.Equal(it.t.Key, idKey)
	if it.stmt == nil {
		var ph []string
		for _, c := range it.cols {
			if im.remap && withID && c == "id" {
				continue
			}
			it.args = append(it.args, c)
			ph = append(ph, "$"+strconv.Itoa(len(it.args)))
		}
		q := `INSERT INTO ` + it.t.Name + ` (` + strings.Join(it.args, ", ") + `) VALUES (` + strings.Join(ph, ", ") + `)`
		if im.remap && withID {
			q += ` RETURNING id`
		}
		stmt, err := im.tx.PrepareContext(ctx, q)
		if err != nil {
			return 0, err
		}
		it.stmt = stmt
	}
	args := make([]any, len(it.args))
	for i, c := range it.args {
		args[i] = vals[c]
	}
	if im.remap && withID {
		var id int64
		err := it.stmt.QueryRowContext(ctx, args...).Scan(&id)
		return id, err
	}
	_, err := it.stmt.ExecContext(ctx, args...)
	if id, ok := vals["id"].(int64); ok && withID {
		return id, err
	}
	return 0, err
}

// remapRow gives a row's references the new ids. It reports false when
// the row is to be left out: it refers to something outside the community
// that it cannot do without.
func (im *importer) remapRow(it *importTable, vals map[string]any) (bool, error) {
	t := it.t
	for _, col := range slices.Sorted(maps.Keys(t.Refs)) {
		v, ok := vals[col].(int64)
		if !ok {
			continue
		}
		if nv, ok := im.ids[t.Refs[col]][v]; ok {
			vals[col] = nv
			continue
		}
		if t.DropDangling || it.target[col].notNull {
			im.sum.Dropped[t.Name]++
			return false, nil
		}
		vals[col] = nil
		im.sum.Cleared++
	}
	if p := t.Poly; p != nil {
		typ, _ := vals[p.TypeColumn].(string)
		v, _ := vals[p.IDColumn].(int64)
		if v != 0 {
			if nv, ok := im.ids[p.Tables[typ]][v]; ok {
				vals[p.IDColumn] = nv
			} else if t.DropDangling {
				im.sum.Dropped[t.Name]++
				return false, nil
			} else {
				vals[p.IDColumn] = int64(0)
				im.sum.Cleared++
			}
		}
	}
	return true, nil
}

// importUser matches a person of a community export with a user of this
// instance, or creates them as a member without a password.
func (im *importer) importUser(ctx context.Context, it *importTable, vals map[string]any, oldID int64) error {
	tx := im.tx
	email, _ := vals["email"].(string)
	handle, _ := vals["handle"].(string)
	var existing int64
	find := func(q string, args ...any) error {
		if existing != 0 {
			return nil
		}
		err := tx.QueryRowContext(ctx, q, args...).Scan(&existing)
		if isNoRows(err) {
			return nil
		}
		return err
	}
	if email != "" {
		if err := find(`SELECT id FROM users WHERE email = $1`, email); err != nil {
			return err
		}
	}
	if src, ok := vals["external_source"].(string); ok {
		if ext, ok := vals["external_id"].(string); ok {
			if err := find(`SELECT id FROM users WHERE external_source = $1 AND external_id = $2`, src, ext); err != nil {
				return err
			}
		}
	}
	if err := find(`SELECT id FROM users WHERE handle = $1 AND ($2 = '' OR email IS NULL OR email = '')`, handle, email); err != nil {
		return err
	}
	if existing != 0 {
		im.ids["users"][oldID] = existing
		im.matched[oldID] = true
		im.sum.UsersMatched++
		return nil
	}
	// Someone else has the handle here: take the first free handle-N.
	for n := 2; ; n++ {
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE handle = $1`, vals["handle"]).Scan(&taken); err != nil {
			return err
		}
		if taken == 0 {
			break
		}
		suffix := "-" + strconv.Itoa(n)
		vals["handle"] = handle[:min(len(handle), praxis.MaxHandleLen-len(suffix))] + suffix
		im.sum.Renamed[handle] = vals["handle"].(string)
	}
	vals["role"] = praxis.RoleMember
	for _, c := range it.t.private {
		vals[c] = nil
	}
	id, err := im.exec(ctx, it, vals)
	if err != nil {
		return im.in.fail("users: %v", err)
	}
	im.ids["users"][oldID] = id
	im.sum.UsersCreated++
	im.sum.Rows["users"]++
	return nil
}

// finishTable moves the id generator of a table whose rows kept their ids
// past them, once rowReader has read and counted them.
func (im *importer) finishTable(ctx context.Context, it *importTable) error {
	if !im.remap && slices.Equal(it.t.Key, idKey) {
		return im.tx.db.d.resetIdentity(ctx, im.tx.Tx, it.t.Name)
	}
	return nil
}

// finish sets the deferred references, rewrites links in texts and stores
// the attachments' bytes.
func (im *importer) finish(ctx context.Context) error {
	tx := im.tx
	for _, r := range im.deferred {
		v := r.value
		if im.remap {
			nv, ok := im.ids[r.target][v]
			if !ok {
				im.sum.Cleared++
				continue
			}
			v = nv
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+r.table+` SET `+r.col+` = $1 WHERE id = $2`, v, r.id); err != nil {
			return fmt.Errorf("import: set %s.%s of row %d: %w", r.table, r.col, r.id, err)
		}
	}
	for _, l := range im.linked {
		if err := im.rewriteLinks(ctx, l); err != nil {
			return err
		}
	}
	for _, b := range im.blobs {
		if err := im.storeBlob(ctx, b); err != nil {
			return err
		}
	}
	im.sum.Attachments = len(im.blobs)
	return nil
}

// idLinkRe finds links that name an object by its id: a thread, an
// article or an event of a community, or an attachment.
var idLinkRe = regexp.MustCompile(`/c/([a-z0-9-]+)/(t|kb|events)/([0-9]+)|/attachments/([0-9]+)/`)

var linkTables = map[string]string{"t": "threads", "kb": "articles", "events": "events"}

// rewriteLinks gives the links in a row's texts the new ids.
func (im *importer) rewriteLinks(ctx context.Context, l linkedRow) error {
	tx := im.tx
	vals := make([]sql.NullString, len(l.t.Links))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := tx.QueryRowContext(ctx, `SELECT `+strings.Join(l.t.Links, ", ")+` FROM `+l.t.Name+` WHERE id = $1`, l.id).Scan(ptrs...); err != nil {
		return err
	}
	for i, c := range l.t.Links {
		if !vals[i].Valid {
			continue
		}
		s := idLinkRe.ReplaceAllStringFunc(vals[i].String, func(m string) string {
			sub := idLinkRe.FindStringSubmatch(m)
			if sub[4] != "" {
				old, _ := strconv.ParseInt(sub[4], 10, 64)
				if nv, ok := im.ids["attachments"][old]; ok {
					return "/attachments/" + strconv.FormatInt(nv, 10) + "/"
				}
				return m
			}
			if sub[1] != im.h.Community {
				return m
			}
			old, _ := strconv.ParseInt(sub[3], 10, 64)
			if nv, ok := im.ids[linkTables[sub[2]]][old]; ok {
				return "/c/" + sub[1] + "/" + sub[2] + "/" + strconv.FormatInt(nv, 10)
			}
			return m
		})
		if s == vals[i].String {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+l.t.Name+` SET `+c+` = $1 WHERE id = $2`, s, l.id); err != nil {
			return err
		}
	}
	return nil
}

var snapshotGoalRe = regexp.MustCompile(`"id":([0-9]+)`)

// remapSnapshot gives the goals in a charter revision their new ids (a goal
// removed before the export gets 0).
func (im *importer) remapSnapshot(s string) string {
	return snapshotGoalRe.ReplaceAllStringFunc(s, func(m string) string {
		old, _ := strconv.ParseInt(m[len(`"id":`):], 10, 64)
		return `"id":` + strconv.FormatInt(im.ids["goals"][old], 10)
	})
}

// storeBlob copies an attachment's bytes from the archive into the blob
// store, checking them against the attachment's row.
func (im *importer) storeBlob(ctx context.Context, b importBlob) error {
	f := im.files[b.from]
	if f == nil {
		return praxis.Errorf(praxis.EINVALID, "The export lacks the file of attachment %s.", b.from)
	}
	blobs := im.tx.db.blobs
	existed := false
	if old, err := blobs.Open(ctx, b.to); err == nil {
		old.Close()
		existed = true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	rc, err := f.Open()
	if err != nil {
		return &praxis.Error{Code: praxis.EINVALID, Message: fmt.Sprintf("The file of attachment %s in the export is damaged.", b.from), Err: err}
	}
	defer rc.Close()
	size, sum, err := blobs.Put(ctx, b.to, rc)
	if err == nil && !existed {
		im.written = append(im.written, b.to)
	}
	if errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &praxis.Error{Code: praxis.EINVALID, Message: fmt.Sprintf("The file of attachment %s in the export is damaged.", b.from), Err: err}
	} else if err != nil {
		return err
	}
	if size != b.size || sum != b.sum {
		return praxis.Errorf(praxis.EINVALID, "The file of attachment %s in the export does not match its record (%d bytes, sha256 %s).", b.from, b.size, b.sum)
	}
	return nil
}

func (im *importer) closeStatements() {
	for _, it := range im.tables {
		if it.stmt != nil {
			it.stmt.Close()
		}
	}
}

// importValue turns a JSON value into one for the database.
func importValue(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i, nil
		}
		return x.Float64()
	case nil, string, bool:
		return x, nil
	}
	return nil, fmt.Errorf("unexpected value %v", v)
}
