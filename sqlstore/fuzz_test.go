package sqlstore

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/password"
)

// FuzzRRule feeds random repetition rules to the check that every series
// passes when it is written, then expands what it accepts as the server
// would: nothing may panic, an accepted rule must come back unchanged
// when checked again, and its expansion must end within the limits.
func FuzzRRule(f *testing.F) {
	for _, seed := range []string{
		"FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2", "FREQ=MONTHLY;BYDAY=2TU", "RRULE:FREQ=DAILY;COUNT=5",
		"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=WEEKLY;UNTIL=20250101T000000Z",
		"FREQ=HOURLY", "FREQ=DAILY;BYHOUR=9", "FREQ=DAILY;BYHOUR=9,18", "FREQ=WEEKLY;BYMINUTE=0,30", "FREQ=WEEKLY;DTSTART=20260101T000000Z", "FREQ=DAILY;INTERVAL=1001",
		"FREQ=MONTHLY;BYDAY=-1FR;BYSETPOS=1", "FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO", "FREQ=DAILY;COUNT=-1", "FREQ=",
		"freq=weekly;byday=mo,we,fr", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;BYYEARDAY=366", "",
	} {
		f.Add(seed, "Europe/Paris")
	}
	f.Add("FREQ=WEEKLY;BYDAY=SU", "America/New_York")
	f.Fuzz(func(t *testing.T, value, zone string) {
		loc, err := time.LoadLocation(zone)
		if err != nil || zone == "" || zone == "Local" {
			loc = time.UTC
		}
		canonical, problem := normalizeRule(value, loc)
		if problem != "" {
			if canonical != "" {
				t.Errorf("normalizeRule(%q) = %q with problem %q; want no rule with a problem", value, canonical, problem)
			}
			return
		}
		if canonical == "" {
			return
		}
		again, problem := normalizeRule(canonical, loc)
		if problem != "" || again != canonical {
			t.Errorf("normalizeRule(%q) = %q, but that checks as %q, %q; want it unchanged", value, canonical, again, problem)
		}
		start := time.Date(2026, 3, 29, 18, 0, 0, 0, loc) // a daylight saving change in Europe
		first, _ := firstStart(canonical, start)
		e := &praxis.Event{Start: first, RRule: canonical}
		starts := seriesStarts(e, first, first.Add(praxis.OccurrenceHorizon), praxis.MaxOccurrences)
		if len(starts) > praxis.MaxOccurrences {
			t.Errorf("rule %q: %d occurrences; want at most %d", canonical, len(starts), praxis.MaxOccurrences)
		}
		for i, s := range starts {
			if s.Hour() != first.Hour() || s.Minute() != first.Minute() {
				t.Errorf("rule %q: occurrence %d at %s; want the start's local time %s", canonical, i, s, first.Format("15:04"))
				break
			}
			if i > 0 && !s.After(starts[i-1]) {
				t.Errorf("rule %q: occurrence %d at %s is not after %s", canonical, i, s, starts[i-1])
				break
			}
		}
	})
}

// FuzzCursor: a page cursor from a URL either decodes to the position it
// was made from or is an EINVALID error; it never panics.
func FuzzCursor(f *testing.F) {
	for _, seed := range []string{encodeCursor(1772441000000, 42), encodeCursor(-1, 0), "", "bm90IGEgY3Vyc29y", "MTox", "%%%", "MTo5OTk5OTk5OTk5OTk5OTk5OTk5"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key, id, err := decodeCursor(s)
		if err != nil {
			if praxis.ErrorCode(err) != praxis.EINVALID {
				t.Errorf("decodeCursor(%q): %v; want an EINVALID error", s, err)
			}
			return
		}
		k2, i2, err := decodeCursor(encodeCursor(key, id))
		if err != nil || k2 != key || i2 != id {
			t.Errorf("decodeCursor(%q) = %d, %d, but its re-encoding decodes to %d, %d, %v", s, key, id, k2, i2, err)
		}
	})
}

// fuzzInstance is a small instance as a fuzzer's seeds come from: a
// community with a thread, a reply and an attachment, on SQLite.
func fuzzInstance(f *testing.F) *DB {
	f.Helper()
	ctx := f.Context()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	db, err := Open(ctx, Options{DataDir: f.TempDir(), PasswordParams: &password.Params{Memory: 64, Time: 1, Threads: 1}, Now: func() time.Time { return now }})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		f.Fatal(err)
	}
	admin, err := db.Setup(ctx, "Fuzz", praxis.Signup{Handle: "admin", Email: "admin@example.org", DisplayName: "Ada Admin", Password: "correct horse battery"})
	if err != nil {
		f.Fatal(err)
	}
	c, err := db.CreateCommunity(ctx, admin, praxis.CommunityInput{Name: new("Gardeners"), DomainStatement: new("How we grow."),
		Visibility: new(praxis.VisibilityPublic), JoinPolicy: new(praxis.JoinOpen)}, nil)
	if err != nil {
		f.Fatal(err)
	}
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 4, 3))); err != nil {
		f.Fatal(err)
	}
	a, err := db.Upload(ctx, admin, c.Slug, "plan.png", &img)
	if err != nil {
		f.Fatal(err)
	}
	body := "See /c/" + c.Slug + "/t/1 and the plan:\n\n" + a.Markdown()
	th, err := db.CreateThread(ctx, admin, c.Slug, praxis.ThreadInput{Kind: new(praxis.KindQuestion), Title: new("When to sow?"), Body: &body})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := db.Reply(ctx, admin, th.ID, "In spring, \"après\" the frost.", 0); err != nil {
		f.Fatal(err)
	}
	return db
}

// exportLines returns export.jsonl of an export of db, as Export wrote it.
func exportLines(f *testing.F, db *DB, community string) []byte {
	f.Helper()
	var buf bytes.Buffer
	if _, err := db.Export(f.Context(), &buf, ExportOptions{Community: community, Praxis: "fuzz"}); err != nil {
		f.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		f.Fatal(err)
	}
	rc, err := zr.Open(exportEntry)
	if err != nil {
		f.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// finishedTable is a table rowReader finished and the rows read by then.
type finishedTable struct {
	it   *importTable
	rows int
}

// readExportLines reads export.jsonl as ImportExport does, with the
// columns of each table given instead of read from a database: the
// header, its tables, then the rows and the tables finished among them.
// It returns what it read until the first error.
func readExportLines(b []byte, columns map[string][]schemaColumn) (h *exportHeader, tables map[string]*importTable, rows []*importRow, finished []finishedTable, err error) {
	in := &exportReader{r: bufio.NewReader(bytes.NewReader(b))}
	if h, err = in.header("sqlite"); err != nil {
		return nil, nil, nil, nil, err
	}
	tables, err = importTables(h, func(table string) ([]schemaColumn, error) { return columns[table], nil })
	if err != nil {
		return h, nil, nil, nil, err
	}
	rd := &rowReader{in: in, tables: tables, cur: -1}
	for {
		done, row, err := rd.next()
		if err != nil {
			return h, tables, rows, finished, err
		}
		if done != nil {
			finished = append(finished, finishedTable{done, len(rows)})
		}
		if row == nil {
			return h, tables, rows, finished, nil
		}
		rows = append(rows, row)
	}
}

// editExport decodes each line of an export.jsonl (numbers kept as they
// are written), lets edit change the lines and encodes them back.
func editExport(f *testing.F, b []byte, edit func(lines []map[string]any) []map[string]any) []byte {
	f.Helper()
	var lines []map[string]any
	for line := range strings.Lines(string(b)) {
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		var l map[string]any
		if err := dec.Decode(&l); err != nil {
			f.Fatal(err)
		}
		lines = append(lines, l)
	}
	var out bytes.Buffer
	for _, l := range edit(lines) {
		line, err := json.Marshal(l)
		if err != nil {
			f.Fatal(err)
		}
		out.Write(append(line, '\n'))
	}
	return out.Bytes()
}

// clip quotes the start of a fuzzer's input for a message; the whole
// input is in the file the fuzzer writes.
func clip(b []byte) string {
	if len(b) <= 200 {
		return fmt.Sprintf("%q", b)
	}
	return fmt.Sprintf("%q… (%d bytes)", b[:200], len(b))
}

// wantInvalid fails unless err is an EINVALID *praxis.Error with a
// message, which the command prints as it is.
func wantInvalid(t *testing.T, input []byte, err error) {
	t.Helper()
	var e *praxis.Error
	if !errors.As(err, &e) || e.Code != praxis.EINVALID || e.Message == "" {
		t.Fatalf("reading %s: error %v (%T); want an EINVALID *praxis.Error with a message", clip(input), err, err)
	}
}

// FuzzImportLines reads random export.jsonl files as ImportExport does
// (`praxis import praxis FILE`), up to the writes: the header, its tables
// against the manifest and this schema's columns, then every line. Seeds:
// an instance and a community export as Export writes them, and damaged
// copies. Nothing may panic; a refusal is an EINVALID error, whose line,
// when it names one, is in the file; an accepted file has a header this
// version reads, tables it imports in the manifest's order with known
// columns and their keys, and rows of those tables in that order, each
// with the header's columns as values the database takes and as many as
// the header announces.
func FuzzImportLines(f *testing.F) {
	db := fuzzInstance(f)
	columns := map[string][]schemaColumn{}
	err := db.view(f.Context(), func(tx *Tx) error {
		for _, t := range transferTables {
			if t.Skip == "" {
				cols, err := db.d.tableColumns(f.Context(), tx, t.Name)
				if err != nil {
					return err
				}
				columns[t.Name] = cols
			}
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	latest, err := latestSchema("sqlite")
	if err != nil {
		f.Fatal(err)
	}
	instance, community := exportLines(f, db, ""), exportLines(f, db, "gardeners")
	for _, b := range [][]byte{instance, community} {
		if _, _, _, _, err := readExportLines(b, columns); err != nil {
			f.Fatalf("reading an export as Export wrote it: %v", err)
		}
		f.Add(b)
	}

	header := func(change func(h map[string]any)) []byte {
		return editExport(f, community, func(l []map[string]any) []map[string]any { change(l[0]); return l })
	}
	table := func(change func(tables []any) []any) []byte {
		return header(func(h map[string]any) { h["tables"] = change(h["tables"].([]any)) })
	}
	row := func(change func(row map[string]any)) []byte {
		return editExport(f, community, func(l []map[string]any) []map[string]any { change(l[1]["row"].(map[string]any)); return l })
	}
	last := func(change func(l map[string]any)) []byte {
		return editExport(f, community, func(l []map[string]any) []map[string]any { change(l[len(l)-1]); return l })
	}
	lines := strings.SplitAfter(string(community), "\n")
	n := len(lines) - 1 // the last is empty
	for _, b := range [][]byte{
		header(func(h map[string]any) { h["version"] = 2 }),
		header(func(h map[string]any) { h["schema"] = latest + 1 }),
		header(func(h map[string]any) { h["schema"] = 0 }),
		header(func(h map[string]any) { h["format"] = BackupFormat }),
		header(func(h map[string]any) { delete(h, "community") }),
		header(func(h map[string]any) { h["scope"] = scopeInstance }),
		table(func(ts []any) []any {
			return append(ts, map[string]any{"name": "search_recent", "columns": []string{"id"}})
		}),
		table(func(ts []any) []any { return append(ts, map[string]any{"name": "badges", "columns": []string{"id"}}) }),
		table(func(ts []any) []any {
			return append([]any{map[string]any{"name": "settings", "columns": []string{"id"}}}, ts...)
		}),
		table(func(ts []any) []any { return append(ts, ts[0]) }),
		table(func(ts []any) []any { slices.Reverse(ts); return ts }),
		table(func(ts []any) []any { ts[0].(map[string]any)["rows"] = -1; return ts }),
		table(func(ts []any) []any {
			t := ts[0].(map[string]any)
			t["columns"] = append(t["columns"].([]any), "nope")
			return ts
		}),
		table(func(ts []any) []any {
			t := ts[0].(map[string]any)
			t["columns"] = slices.DeleteFunc(t["columns"].([]any), func(c any) bool { return c == "id" })
			return ts
		}),
		editExport(f, community, func(l []map[string]any) []map[string]any { // a twin column, and a field in its place
			t := l[0]["tables"].([]any)[0].(map[string]any)
			t["columns"] = append(t["columns"].([]any), "id")
			l[1]["row"].(map[string]any)["nope"] = 1
			return l
		}),
		row(func(r map[string]any) { r["nope"] = 1 }),
		row(func(r map[string]any) { r["idx"] = r["id"]; delete(r, "id") }),
		row(func(r map[string]any) { r["id"] = map[string]any{"a": 1} }),
		row(func(r map[string]any) { r["id"] = []any{1} }),
		row(func(r map[string]any) { r["created_at"] = map[string]any{"a": []any{1}} }),
		row(func(r map[string]any) { r["created_at"] = []any{} }),
		row(func(r map[string]any) { r["id"] = "1" }),
		row(func(r map[string]any) { r["id"] = json.Number("1.5") }),
		row(func(r map[string]any) { r["id"] = json.Number("1e400") }),
		row(func(r map[string]any) { r["id"] = json.Number("-9223372036854775809") }),
		last(func(l map[string]any) { l["rows"] = 999 }),
		last(func(l map[string]any) { l["attachments"] = 5 }),
		last(func(l map[string]any) { l["end"] = false }),
		editExport(f, community, func(l []map[string]any) []map[string]any { l[1]["table"] = "badges"; return l }),
		editExport(f, community, func(l []map[string]any) []map[string]any { l[1], l[len(l)-2] = l[len(l)-2], l[1]; return l }),
		editExport(f, community, func(l []map[string]any) []map[string]any { return append(l, l[1]) }),
		[]byte(strings.Join(lines[:n-1], "")),                            // no last line
		[]byte(strings.Join(lines[:1], "") + lines[1][:len(lines[1])/2]), // cut in a row
		[]byte(strings.ReplaceAll(string(community), "\n", "\r\n")),
		[]byte(lines[0] + `{"end":true} {"table":"users"}` + "\n"),
		[]byte(lines[0] + `{"table":` + strings.Repeat("[", 20000) + "\n"),
		[]byte(`{"format":"praxis-export","version":1,"schema":1,"scope":"instance","tables":null}` + "\n" + `{"end":true}`),
		[]byte("null\n"), []byte("{}\n"), []byte("\n\n"), []byte("PK\x03\x04"), nil,
	} {
		f.Add(b)
	}

	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<18 {
			return // a few hundred rows: enough to reach every check
		}
		h, tables, rows, finished, err := readExportLines(b, columns)
		if err != nil {
			wantInvalid(t, b, err)
			msg := praxis.ErrorMessage(err)
			if at, ok := strings.CutPrefix(msg, exportEntry+" line "); ok {
				var line int
				if _, err := fmt.Sscanf(at, "%d:", &line); err != nil || line < 1 || line > bytes.Count(b, []byte("\n"))+1 {
					t.Errorf("reading %s: %q names line %d; want a line of the file", clip(b), msg, line)
				}
			}
		}
		if h != nil {
			if h.Format != ExportFormat || h.Version != ExportVersion || h.Schema < 1 || h.Schema > latest {
				t.Errorf("reading %s: accepted a header of %q version %d schema %d; want %q version %d schema 1 to %d",
					clip(b), h.Format, h.Version, h.Schema, ExportFormat, ExportVersion, latest)
			}
			if (h.Scope == scopeCommunity) == (h.Community == "") || (h.Scope != scopeCommunity && h.Scope != scopeInstance) {
				t.Errorf("reading %s: accepted scope %q of community %q", clip(b), h.Scope, h.Community)
			}
		}
		if tables != nil {
			if len(tables) != len(h.Tables) {
				t.Errorf("reading %s: the header lists %d tables, read as %d", clip(b), len(h.Tables), len(tables))
			}
			pos := -1
			for _, th := range h.Tables {
				it := tables[th.Name]
				switch {
				case it == nil || it.t.Name != th.Name:
					t.Fatalf("reading %s: table %q of the header is not read as itself", clip(b), th.Name)
				case it.t.Skip != "" || (it.t.InstanceOnly && h.Scope == scopeCommunity):
					t.Errorf("reading %s: accepted table %s in an export of scope %s", clip(b), th.Name, h.Scope)
				case it.pos <= pos:
					t.Errorf("reading %s: accepted table %s out of the manifest's order", clip(b), th.Name)
				}
				pos = it.pos
				for _, c := range th.Columns {
					if !slices.ContainsFunc(columns[th.Name], func(s schemaColumn) bool { return s.name == c }) {
						t.Errorf("reading %s: accepted column %s.%s, which the schema lacks", clip(b), th.Name, c)
					}
				}
				if len(slices.Compact(slices.Sorted(slices.Values(th.Columns)))) != len(th.Columns) {
					t.Errorf("reading %s: accepted table %s with a column listed twice: %q", clip(b), th.Name, th.Columns)
				}
				for _, c := range it.t.Key {
					if !slices.Contains(th.Columns, c) {
						t.Errorf("reading %s: accepted table %s without its key column %s", clip(b), th.Name, c)
					}
				}
			}
		}
		if err != nil {
			return
		}
		count := map[*importTable]int64{}
		pos := -1
		for i, r := range rows {
			if tables[r.it.t.Name] != r.it || r.it.pos < pos {
				t.Fatalf("reading %s: row %d, of %s, is not of the header's tables in their order", clip(b), i, r.it.t.Name)
			}
			pos = r.it.pos
			count[r.it]++
			if len(r.vals) != len(r.it.cols) {
				t.Errorf("reading %s: a row of %s has %d values; want the header's %d columns", clip(b), r.it.t.Name, len(r.vals), len(r.it.cols))
			}
			for _, c := range r.it.cols {
				switch v := r.vals[c].(type) {
				case nil, int64, float64, string, bool:
				default:
					t.Errorf("reading %s: %s.%s is %v (%T); want a value the database takes", clip(b), r.it.t.Name, c, v, v)
				}
			}
			if id, ok := r.vals["id"].(int64); slices.Equal(r.it.t.Key, idKey) && (!ok || id != r.id) {
				t.Errorf("reading %s: a row of %s has id %v but is read with id %d", clip(b), r.it.t.Name, r.vals["id"], r.id)
			}
		}
		for _, it := range tables {
			if it.rows < 0 || count[it] != it.rows {
				t.Errorf("reading %s: the header announces %d rows of %s; read %d", clip(b), it.rows, it.t.Name, count[it])
			}
		}
		// A table is finished once, when its last row has been read.
		seen := map[*importTable]bool{}
		for _, fin := range finished {
			later := slices.IndexFunc(rows[fin.rows:], func(r *importRow) bool { return r.it == fin.it })
			if seen[fin.it] || fin.rows == 0 || rows[fin.rows-1].it != fin.it || later >= 0 {
				t.Errorf("reading %s: %s finished after %d rows; want it finished once, after its last row", clip(b), fin.it.t.Name, fin.rows)
			}
			seen[fin.it] = true
		}
		for it, n := range count {
			if n > 0 && !seen[it] {
				t.Errorf("reading %s: %d rows of %s read but the table is never finished", clip(b), n, it.t.Name)
			}
		}
	})
}

// FuzzBackupManifest reads random manifests as Restore reads the first
// entry of a backup (`praxis restore FILE`), before it unpacks anything.
// Seeds: the manifest of a backup as Backup writes it, and damaged
// copies. Nothing may panic; a refusal is an EINVALID error with a
// message; an accepted manifest is of a format, version and schema this
// version reads, and reads the same once written again.
func FuzzBackupManifest(f *testing.F) {
	db := fuzzInstance(f)
	var buf bytes.Buffer
	if _, err := db.Backup(f.Context(), &buf, "fuzz"); err != nil {
		f.Fatal(err)
	}
	gz, err := gzip.NewReader(&buf)
	if err != nil {
		f.Fatal(err)
	}
	tr := tar.NewReader(gz)
	if hdr, err := tr.Next(); err != nil || hdr.Name != backupManifest {
		f.Fatalf("the first entry of a backup: %v, %v; want %s", hdr, err, backupManifest)
	}
	manifest, err := io.ReadAll(tr)
	if err != nil {
		f.Fatal(err)
	}
	if _, err := readBackupManifest(bytes.NewReader(manifest)); err != nil {
		f.Fatalf("reading the manifest of a backup as Backup wrote it: %v", err)
	}
	latest, err := latestSchema("sqlite")
	if err != nil {
		f.Fatal(err)
	}
	edit := func(change func(m map[string]any)) []byte {
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(manifest))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			f.Fatal(err)
		}
		change(m)
		b, err := json.Marshal(m)
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	f.Add(manifest)
	for _, b := range [][]byte{
		edit(func(m map[string]any) {}),
		edit(func(m map[string]any) { m["version"] = 2 }),
		edit(func(m map[string]any) { m["version"] = json.Number("1.0") }),
		edit(func(m map[string]any) { m["schema"] = latest + 1 }),
		edit(func(m map[string]any) { m["schema"] = json.Number("99999999999999999999") }),
		edit(func(m map[string]any) { m["format"] = ExportFormat }),
		edit(func(m map[string]any) { m["created_at"] = "yesterday" }),
		edit(func(m map[string]any) { m["created_at"] = "10000-01-01T00:00:00Z" }),
		edit(func(m map[string]any) { m["database"] = map[string]any{"size": -1, "sha256": strings.Repeat("z", 64)} }),
		edit(func(m map[string]any) { m["database"] = []any{} }),
		edit(func(m map[string]any) { m["Uploads"] = 3 }),
		append(bytes.Clone(manifest), " trailing"...),
		manifest[:len(manifest)/2],
		[]byte(strings.Repeat("[", 20000)),
		[]byte(`{"format":"praxis-backup","version":1}`),
		[]byte("null"), []byte("{}"), []byte(`""`), []byte("\x1f\x8b\x08"), nil,
	} {
		f.Add(b)
	}

	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > maxBackupManifest {
			return // Restore reads no larger manifest
		}
		m, err := readBackupManifest(bytes.NewReader(b))
		if err != nil {
			wantInvalid(t, b, err)
			return
		}
		if m.Format != BackupFormat || m.Version != BackupVersion || m.Schema > latest || m.Uploads != 0 {
			t.Errorf("reading %s: accepted %+v; want %q version %d, schema up to %d, no uploads counted", clip(b), m, BackupFormat, BackupVersion, latest)
		}
		again, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("reading %s: accepted %+v, which does not encode: %v", clip(b), m, err)
		}
		m2, err := readBackupManifest(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("reading %s: accepted %+v, but not once written again (%s): %v", clip(b), m, again, err)
		}
		if m2.Format != m.Format || m2.Version != m.Version || m2.Schema != m.Schema || !m2.CreatedAt.Equal(m.CreatedAt) ||
			m2.Praxis != m.Praxis || m2.Database != m.Database {
			t.Errorf("reading %s: accepted %+v, which reads as %+v once written again", clip(b), m, m2)
		}
	})
}
