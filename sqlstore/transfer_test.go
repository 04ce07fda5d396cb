package sqlstore_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/demo"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// exportDoc is an export read back: its header, rows by table and
// attachments' bytes by storage key.
type exportDoc struct {
	header map[string]any
	rows   map[string][]map[string]any
	blobs  map[string][]byte
}

func exportOf(t *testing.T, db *sqlstore.DB, community string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := db.Export(t.Context(), &buf, sqlstore.ExportOptions{Community: community}); err != nil {
		t.Fatalf("Export(%q) on %s: %v", community, db.Dialect(), err)
	}
	return buf.Bytes()
}

func importInto(t *testing.T, db *sqlstore.DB, b []byte) *sqlstore.ImportSummary {
	t.Helper()
	sum, err := db.ImportExport(t.Context(), bytes.NewReader(b), int64(len(b)), sqlstore.ImportOptions{})
	if err != nil {
		t.Fatalf("ImportExport on %s: %v", db.Dialect(), err)
	}
	return sum
}

func readExport(t *testing.T, b []byte) *exportDoc {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read the export: %v", err)
	}
	doc := &exportDoc{rows: map[string][]map[string]any{}, blobs: map[string][]byte{}}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		if key, ok := strings.CutPrefix(f.Name, "attachments/"); ok {
			doc.blobs[key] = data
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<26)
		for n := 0; sc.Scan(); n++ {
			dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
			dec.UseNumber()
			var line map[string]any
			if err := dec.Decode(&line); err != nil {
				t.Fatalf("%s line %d: %v", f.Name, n+1, err)
			}
			switch {
			case n == 0:
				doc.header = line
			case line["end"] == true:
			default:
				table := line["table"].(string)
				doc.rows[table] = append(doc.rows[table], line["row"].(map[string]any))
			}
		}
	}
	return doc
}

// otherDialect is the database a round trip imports into: PostgreSQL from
// SQLite when it is available, SQLite from PostgreSQL.
func otherDialect(dialect string) string {
	if dialect == "sqlite" && slices.Contains(sqltest.Dialects(), "postgres") {
		return "postgres"
	}
	return "sqlite"
}

// richInstance seeds the demo organization and adds what it lacks: an
// attachment linked from a post, a thread linking to another, a flag, a
// moderation action, an API token, a session, an invitation and a follow.
func richInstance(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) (admin, ana *praxis.User) {
	t.Helper()
	ctx := t.Context()
	if _, err := demo.Seed(ctx, db, clock.Now()); err != nil {
		t.Fatalf("demo.Seed: %v", err)
	}
	admin, ana = setupAdmin(t, db), signUp(t, db, "ana")
	const slug = "clinical-handover"
	join(t, db, nil, ana, slug)
	join(t, db, nil, admin, slug)
	list, err := db.Threads(ctx, ana, slug, praxis.ThreadFilter{})
	if err != nil || len(list.Threads) == 0 {
		t.Fatalf("Threads(%s) = %v, %v; want some", slug, list, err)
	}
	a, err := db.Upload(ctx, ana, slug, "board.png", bytes.NewReader(testPNG(t)))
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	body := fmt.Sprintf("Our board, as in /c/%s/t/%d:\n\n%s", slug, list.Threads[0].ID, a.Markdown())
	th, err := db.CreateThread(ctx, ana, slug, praxis.ThreadInput{Kind: new(praxis.KindQuestion), Title: new("Our handover board"), Body: &body})
	if err != nil {
		t.Fatalf("CreateThread: %v", err)
	}
	p, err := db.Reply(ctx, admin, th.ID, "Where did you buy the board?", 0)
	if err != nil {
		t.Fatalf("Reply: %v", err)
	}
	if _, err := db.FlagPost(ctx, ana, p.ID, "Off topic"); err != nil {
		t.Fatalf("FlagPost: %v", err)
	}
	if _, err := db.HidePost(ctx, admin, p.ID, "Off topic"); err != nil {
		t.Fatalf("HidePost: %v", err)
	}
	if _, err := db.CreateAPIToken(ctx, ana.ID, "ci"); err != nil {
		t.Fatalf("CreateAPIToken: %v", err)
	}
	if _, err := db.CreateSession(ctx, ana.ID, "test", "192.0.2.1"); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	if _, err := db.CreateInvitation(ctx, admin, "newcomer@example.org"); err != nil {
		t.Fatalf("CreateInvitation: %v", err)
	}
	if err := db.Follow(ctx, ana, praxis.FollowCommunity, slug, true); err != nil {
		t.Fatalf("Follow: %v", err)
	}
	return admin, ana
}

// TestExportManifestCoversSchema fails when a table or a reference column
// of the schema is missing from the export manifest, and shows that a new
// table is noticed.
func TestExportManifestCoversSchema(t *testing.T) {
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx := t.Context()
			url := sqltest.DatabaseURL(t, dialect)
			db, err := sqlstore.Open(ctx, sqlstore.Options{DatabaseURL: url, DataDir: t.TempDir(), PasswordParams: &sqltest.FastPasswords})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if err := db.CheckExportManifest(ctx); err != nil {
				t.Fatalf("CheckExportManifest: %v", err)
			}
			raw, err := sql.Open(map[string]string{"sqlite": "sqlite", "postgres": "pgx"}[dialect], url)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.ExecContext(ctx, `CREATE TABLE badges (id BIGINT PRIMARY KEY, awarded_to BIGINT REFERENCES users (id))`); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.ExecContext(ctx, `ALTER TABLE threads ADD COLUMN merged_into_id BIGINT`); err != nil {
				t.Fatal(err)
			}
			err = db.CheckExportManifest(ctx)
			if err == nil || !strings.Contains(err.Error(), "table badges") || !strings.Contains(err.Error(), "threads.merged_into_id") {
				t.Errorf("CheckExportManifest with a new table and a new reference = %v; want both named", err)
			}
			var buf bytes.Buffer
			if _, err := db.Export(ctx, &buf, sqlstore.ExportOptions{}); err == nil {
				t.Errorf("Export with a table the manifest does not know = nil error; want one")
			}
		})
	}
}

// TestExportRoundTrip exports a rich instance, imports it into an empty
// database of the other kind, exports that, and back again: the three
// exports hold the same rows and files.
func TestExportRoundTrip(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, a *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		richInstance(t, a, clock)
		first := exportOf(t, a, "")

		b := sqltest.Open(t, otherDialect(a.Dialect()), clock)
		sum := importInto(t, b, first)
		if sum.Scope != "instance" || sum.Rows["posts"] == 0 || sum.Attachments != 1 {
			t.Errorf("import summary = %+v; want an instance with posts and one attachment", sum)
		}
		second := exportOf(t, b, "")
		c := sqltest.Open(t, a.Dialect(), clock)
		importInto(t, c, second)
		third := exportOf(t, c, "")

		docs := []*exportDoc{readExport(t, first), readExport(t, second), readExport(t, third)}
		for _, table := range []string{"users", "communities", "threads", "posts", "articles", "events", "event_occurrences", "activity",
			"attachments", "flags", "moderation_log", "api_tokens", "invitations", "follows", "notifications", "votes", "rsvps"} {
			if len(docs[0].rows[table]) == 0 {
				t.Errorf("the first export has no %s; want the rich instance to have some", table)
			}
		}
		if len(docs[0].rows["sessions"]) != 0 {
			t.Errorf("the export holds sessions; want none")
		}
		for i, doc := range docs[1:] {
			for _, k := range []string{"format", "version", "schema", "scope", "tables"} {
				if g, w := jsonText(doc.header[k]), jsonText(docs[0].header[k]); g != w {
					t.Errorf("export %d header %s = %s; want %s", i+2, k, g, w)
				}
			}
			for _, table := range slices.Sorted(maps.Keys(docs[0].rows)) {
				want, got := docs[0].rows[table], doc.rows[table]
				if len(got) != len(want) {
					t.Errorf("export %d: %d rows of %s; want %d", i+2, len(got), table, len(want))
					continue
				}
				for j := range want {
					if g, w := jsonText(got[j]), jsonText(want[j]); g != w {
						t.Errorf("export %d, %s row %d:\n got %s\nwant %s", i+2, table, j, g, w)
						break
					}
				}
			}
			if !maps.EqualFunc(doc.blobs, docs[0].blobs, bytes.Equal) || len(doc.blobs) != 1 {
				t.Errorf("export %d holds %d files; want the same %d as the first", i+2, len(doc.blobs), len(docs[0].blobs))
			}
		}

		// The copy works: people sign in with their passwords and tokens,
		// files open, and new rows get new ids (the sequences moved on).
		for _, db := range []*sqlstore.DB{b, c} {
			u, err := db.Authenticate(ctx, praxis.Login{Account: "ana", Password: testPassword})
			if err != nil || u.Handle != "ana" {
				t.Fatalf("Authenticate(ana) on the %s copy = %v, %v", db.Dialect(), u, err)
			}
			att := docs[0].rows["attachments"][0]
			id, _ := att["id"].(json.Number).Int64()
			_, f, err := db.OpenAttachment(ctx, u, id)
			if err != nil {
				t.Fatalf("OpenAttachment on the %s copy: %v", db.Dialect(), err)
			}
			f.Close()
			th, err := db.CreateThread(ctx, u, "clinical-handover", praxis.ThreadInput{Kind: new(praxis.KindDiscussion), Title: new("After the move"), Body: new("Still here.")})
			if err != nil {
				t.Fatalf("CreateThread on the %s copy: %v", db.Dialect(), err)
			}
			if _, err := db.Reply(ctx, u, th.ID, "Yes.", 0); err != nil {
				t.Fatalf("Reply on the %s copy: %v", db.Dialect(), err)
			}
			if _, err := db.SignUp(ctx, praxis.Signup{Handle: "newbie", Email: "newbie@example.org", DisplayName: "New", Password: testPassword}); err != nil {
				t.Fatalf("SignUp on the %s copy: %v", db.Dialect(), err)
			}
		}

		// An instance export only restores into an empty database.
		_, err := b.ImportExport(ctx, bytes.NewReader(first), int64(len(first)), sqlstore.ImportOptions{})
		wantCode(t, "ImportExport into a database with data", err, praxis.ECONFLICT)
	})
}

// TestExportCommunityRoundTrip exports one community, imports it into
// another instance of the other database that has people of its own, and
// exports it again: the two exports agree once ids are replaced by
// canonical keys (users by handle, other rows by their rank).
func TestExportCommunityRoundTrip(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, a *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		const slug = "clinical-handover"
		richInstance(t, a, clock)
		first := exportOf(t, a, slug)
		doc := readExport(t, first)
		if len(doc.rows["communities"]) != 1 || len(doc.rows["settings"]) != 0 || len(doc.rows["api_tokens"]) != 0 {
			t.Fatalf("community export: %d communities, %d settings, %d tokens; want 1, 0, 0",
				len(doc.rows["communities"]), len(doc.rows["settings"]), len(doc.rows["api_tokens"]))
		}
		for _, u := range doc.rows["users"] {
			if u["password_hash"] != nil || u["role"] != praxis.RoleMember {
				t.Errorf("community export: user %v has a password hash or role %v; want neither", u["handle"], u["role"])
			}
		}

		b := sqltest.Open(t, otherDialect(a.Dialect()), clock)
		setupAdmin(t, b) // matched by e-mail
		if _, err := b.SignUp(ctx, praxis.Signup{Handle: "ana", Email: "another-ana@example.org", DisplayName: "Another Ana", Password: testPassword}); err != nil {
			t.Fatal(err)
		}
		demoPerson := doc.rows["users"][0]["handle"].(string)
		if _, err := b.SignUp(ctx, praxis.Signup{Handle: demoPerson, Email: demoPerson + "@example.org", DisplayName: "Same person", Password: testPassword}); err != nil {
			t.Fatal(err)
		}
		other := createCommunity(t, b, reload(t, b, &praxis.User{Handle: "admin"}), "Gardening", praxis.VisibilityPublic, praxis.JoinOpen)
		if _, err := b.CreateThread(ctx, reload(t, b, &praxis.User{Handle: "admin"}), other.Slug,
			praxis.ThreadInput{Kind: new(praxis.KindDiscussion), Title: new("Compost in winter"), Body: new("Takes ids before the import's.")}); err != nil {
			t.Fatal(err)
		}

		sum := importInto(t, b, first)
		if sum.UsersMatched != 2 || sum.Renamed["ana"] != "ana-2" || len(sum.Dropped) != 0 {
			t.Errorf("import summary: %d matched, renamed %v, dropped %v; want 2 matched (admin, %s), ana → ana-2, none dropped",
				sum.UsersMatched, sum.Renamed, sum.Dropped, demoPerson)
		}
		second := exportOf(t, b, slug)
		matched := map[string]bool{"admin": true, demoPerson: true}
		renamed := map[string]string{}
		for from, to := range sum.Renamed {
			renamed[to] = from
		}
		want, got := canonicalExport(doc, matched, nil), canonicalExport(readExport(t, second), matched, renamed)
		for _, table := range slices.Sorted(maps.Keys(want)) {
			if !slices.Equal(got[table], want[table]) {
				t.Errorf("%s after the round trip: %d rows, want %d; first difference:\n%s", table, len(got[table]), len(want[table]),
					firstDifference(got[table], want[table]))
			}
		}

		// The links in texts follow the new ids.
		u, err := b.Authenticate(ctx, praxis.Login{Account: "ana-2", Password: testPassword})
		if err == nil {
			t.Errorf("ana-2 signs in with the export's password; want no password carried over (user %v)", u.Handle)
		}
		admin := reload(t, b, &praxis.User{Handle: "admin"})
		list, err := b.Threads(ctx, admin, slug, praxis.ThreadFilter{Author: "ana-2"})
		if err != nil || len(list.Threads) != 1 {
			t.Fatalf("threads by ana-2 = %v, %v; want one", list, err)
		}
		page, err := b.ThreadPage(ctx, admin, list.Threads[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`/attachments/([0-9]+)/`).FindStringSubmatch(page.Opening.Source)
		if m == nil {
			t.Fatalf("the opening post lost its attachment: %s", page.Opening.Source)
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if att, err := b.Attachment(ctx, admin, id); err != nil || att.Name != "board.png" {
			t.Errorf("the attachment the post links to = %v, %v; want board.png", att, err)
		}

		// The same community again is a conflict.
		_, err = b.ImportExport(ctx, bytes.NewReader(first), int64(len(first)), sqlstore.ImportOptions{})
		wantCode(t, "importing the community again", err, praxis.ECONFLICT)
	})
}

var (
	pathIDRe     = regexp.MustCompile(`/c/([a-z0-9-]+)/(t|kb|events)/([0-9]+)|/attachments/([0-9]+)/`)
	snapshotIDRe = regexp.MustCompile(`"id":([0-9]+)`)
)

// canonicalExport gives each table's rows as sorted JSON texts in which
// ids are replaced by keys that do not depend on the database: users by
// handle, other rows by their rank in their table. The rows of matched
// users (by handle) are reduced to their key; renamed maps handles given
// on import back to the export's.
func canonicalExport(doc *exportDoc, matched map[string]bool, renamed map[string]string) map[string][]string {
	rank := map[string]map[string]string{}
	for table, rows := range doc.rows {
		var ids []int64
		for _, r := range rows {
			if n, ok := r["id"].(json.Number); ok {
				v, _ := n.Int64()
				ids = append(ids, v)
			}
		}
		slices.Sort(ids)
		rank[table] = map[string]string{}
		for i, v := range ids {
			rank[table][strconv.FormatInt(v, 10)] = table + "#" + strconv.Itoa(i)
		}
	}
	for _, u := range doc.rows["users"] {
		if h, ok := renamed[u["handle"].(string)]; ok {
			u["handle"] = h
		}
		rank["users"][string(u["id"].(json.Number))] = u["handle"].(string)
	}
	key := func(table string, v any) any {
		n, ok := v.(json.Number)
		if !ok || n == "0" {
			return v
		}
		if k, ok := rank[table][string(n)]; ok {
			return k
		}
		return "outside:" + string(n)
	}
	manifest := map[string]sqlstore.TransferTable{}
	for _, t := range sqlstore.ExportTables() {
		manifest[t.Name] = t
	}
	out := map[string][]string{}
	for table, rows := range doc.rows {
		m := manifest[table]
		for _, r := range rows {
			c := maps.Clone(r)
			if _, ok := c["id"]; ok {
				c["id"] = key(table, c["id"])
			}
			for col, target := range m.Refs {
				c[col] = key(target, c[col])
			}
			if p := m.Poly; p != nil {
				typ, _ := c[p.TypeColumn].(string)
				c[p.IDColumn] = key(p.Tables[typ], c[p.IDColumn])
			}
			for _, col := range m.Links {
				if s, ok := c[col].(string); ok {
					c[col] = pathIDRe.ReplaceAllStringFunc(s, func(s string) string {
						sub := pathIDRe.FindStringSubmatch(s)
						if sub[4] != "" {
							return fmt.Sprint(key("attachments", json.Number(sub[4])))
						}
						return fmt.Sprint(sub[1], "/", key(map[string]string{"t": "threads", "kb": "articles", "events": "events"}[sub[2]], json.Number(sub[3])))
					})
				}
			}
			if s, ok := c["snapshot"].(string); ok && table == "charter_revisions" {
				c["snapshot"] = snapshotIDRe.ReplaceAllStringFunc(s, func(s string) string {
					return fmt.Sprint(key("goals", json.Number(strings.TrimPrefix(s, `"id":`))))
				})
			}
			if table == "users" && matched[c["id"].(string)] {
				c = map[string]any{"id": c["id"]}
			}
			if table == "user_expertise" && matched[c["user_id"].(string)] {
				continue // a matched member keeps the profile they have
			}
			out[table] = append(out[table], jsonText(c))
		}
		slices.Sort(out[table])
	}
	return out
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func firstDifference(got, want []string) string {
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return " got " + g + "\nwant " + w
		}
	}
	return ""
}

// TestImportExportBadInput checks that a file that is not a good export is
// refused with a clear message and that nothing is written.
func TestImportExportBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		admin := setupAdmin(t, db)
		c := createCommunity(t, db, admin, "Source", praxis.VisibilityPublic, praxis.JoinOpen)
		if _, err := db.Upload(ctx, admin, c.Slug, "plan.png", bytes.NewReader(testPNG(t))); err != nil {
			t.Fatal(err)
		}
		good := exportOf(t, db, c.Slug)

		target := sqltest.Open(t, db.Dialect(), clock)
		targetAdmin := setupAdmin(t, target)
		before := stats(t, target, targetAdmin)

		// rewrite returns good with export.jsonl passed through edit.
		rewrite := func(edit func(lines []string) []string, blobs bool) []byte {
			zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for _, f := range zr.File {
				rc, _ := f.Open()
				data, _ := io.ReadAll(rc)
				rc.Close()
				if f.Name == "export.jsonl" {
					lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
					data = []byte(strings.Join(edit(lines), "\n") + "\n")
				} else if !blobs {
					continue
				}
				w, _ := zw.Create(f.Name)
				w.Write(data)
			}
			zw.Close()
			return buf.Bytes()
		}
		header := func(change func(h map[string]any)) func([]string) []string {
			return func(lines []string) []string {
				var h map[string]any
				json.Unmarshal([]byte(lines[0]), &h)
				change(h)
				lines[0] = jsonText(h)
				return lines
			}
		}
		for _, tc := range []struct {
			name, want string
			file       []byte
		}{
			{"not a zip", "not a Praxis export", []byte("id,title\n1,hello\n")},
			{"truncated archive", "truncated", good[:len(good)*2/3]},
			{"no export.jsonl", "no export.jsonl", func() []byte {
				var buf bytes.Buffer
				zw := zip.NewWriter(&buf)
				zw.Create("attachments/abcd")
				zw.Close()
				return buf.Bytes()
			}()},
			{"wrong format version", "format version 2", rewrite(header(func(h map[string]any) { h["version"] = 2 }), true)},
			{"unknown schema", "schema 999", rewrite(header(func(h map[string]any) { h["schema"] = 999 }), true)},
			{"not an export header", "not the header", rewrite(header(func(h map[string]any) { h["format"] = "csv" }), true)},
			{"truncated rows", "truncated", rewrite(func(l []string) []string { return l[:len(l)-2] }, true)},
			{"a row of an unknown table", "not list", rewrite(func(l []string) []string {
				return append(l[:2], append([]string{`{"table":"badges","row":{"id":1}}`}, l[2:]...)...)
			}, true)},
			{"a damaged row", "line 3", rewrite(func(l []string) []string { l[2] = l[2][:len(l[2])/2]; return l }, true)},
			{"missing attachment file", "lacks the file", rewrite(func(l []string) []string { return l }, false)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := target.ImportExport(ctx, bytes.NewReader(tc.file), int64(len(tc.file)), sqlstore.ImportOptions{})
				if praxis.ErrorCode(err) != praxis.EINVALID || !strings.Contains(praxis.ErrorMessage(err), tc.want) {
					t.Errorf("ImportExport = %v; want an invalid error saying %q", err, tc.want)
				}
				if after := stats(t, target, targetAdmin); !maps.Equal(before, after) {
					t.Errorf("after a failed import the database holds %v; want %v", after, before)
				}
				if _, err := target.Community(ctx, targetAdmin, c.Slug); praxis.ErrorCode(err) != praxis.ENOTFOUND {
					t.Errorf("after a failed import Community(%s) err = %v; want not found", c.Slug, err)
				}
			})
		}
		if _, err := db.Export(ctx, io.Discard, sqlstore.ExportOptions{Community: "nowhere"}); praxis.ErrorCode(err) != praxis.ENOTFOUND {
			t.Errorf("Export of an unknown community err = %v; want not found", err)
		}
	})
}

// TestImportExportLeavesNoFiles checks that a failed import removes the
// attachments' files it had stored.
func TestImportExportLeavesNoFiles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		admin := setupAdmin(t, db)
		c := createCommunity(t, db, admin, "Source", praxis.VisibilityPublic, praxis.JoinOpen)
		if _, err := db.Upload(ctx, admin, c.Slug, "plan.png", bytes.NewReader(testPNG(t))); err != nil {
			t.Fatal(err)
		}
		good := exportOf(t, db, c.Slug)
		// The attachment's file is stored, then the import fails on its
		// checksum, which the export records wrong.
		zr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, f := range zr.File {
			rc, _ := f.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			if f.Name == "export.jsonl" {
				data = regexp.MustCompile(`"sha256":"[0-9a-f]+"`).ReplaceAll(data, []byte(`"sha256":"`+strings.Repeat("0", 64)+`"`))
			}
			w, _ := zw.Create(f.Name)
			w.Write(data)
		}
		zw.Close()
		dir := t.TempDir()
		target, err := sqlstore.Open(ctx, sqlstore.Options{DatabaseURL: sqltest.DatabaseURL(t, db.Dialect()), DataDir: dir, PasswordParams: &sqltest.FastPasswords})
		if err != nil {
			t.Fatal(err)
		}
		defer target.Close()
		if _, err := target.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		_, err = target.ImportExport(ctx, bytes.NewReader(buf.Bytes()), int64(buf.Len()), sqlstore.ImportOptions{})
		if praxis.ErrorCode(err) != praxis.EINVALID || !strings.Contains(err.Error(), "does not match") {
			t.Fatalf("ImportExport with a wrong checksum = %v; want an invalid error saying the file does not match", err)
		}
		var files []string
		if entries, err := os.ReadDir(dir + "/uploads"); err == nil {
			for _, e := range entries {
				sub, _ := os.ReadDir(dir + "/uploads/" + e.Name())
				for _, s := range sub {
					files = append(files, s.Name())
				}
			}
		}
		if len(files) != 0 {
			t.Errorf("after the failed import the uploads hold %v; want nothing", files)
		}
	})
}

// BenchmarkExportImport measures an instance export of the demo
// organization and its import into an empty database, on SQLite:
//
//	go test ./sqlstore/ -run '^$' -bench ExportImport -benchtime 10x
func BenchmarkExportImport(b *testing.B) {
	ctx := b.Context()
	clock := &sqltest.Clock{T: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	db := sqltest.Open(b, "sqlite", clock)
	if _, err := demo.Seed(ctx, db, clock.Now()); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	sum, err := db.Export(ctx, &buf, sqlstore.ExportOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var rows int64
	for _, n := range sum.Rows {
		rows += n
	}
	b.Run("export", func(b *testing.B) {
		for b.Loop() {
			buf.Reset()
			if _, err := db.Export(ctx, &buf, sqlstore.ExportOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	export := bytes.Clone(buf.Bytes())
	b.Run("import", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			target := sqltest.Open(b, "sqlite", nil)
			b.StartTimer()
			if _, err := target.ImportExport(ctx, bytes.NewReader(export), int64(len(export)), sqlstore.ImportOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
