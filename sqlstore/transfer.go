package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

// The export format: a zip archive holding export.jsonl (a header line, one
// line per row, a trailer line) and the bytes of every attachment under
// attachments/STORAGE_KEY. docs/OPERATIONS.md describes it for readers.
const (
	ExportFormat  = "praxis-export"
	ExportVersion = 1
)

// TransferTable says how one table travels in an export. The manifest
// (transferTables) lists every table of the schema in an order where each
// table comes after the tables it refers to, apart from the references
// marked as deferred (set once every row is in). CheckExportManifest
// compares it with the live schema, so a table or a reference added by a
// migration cannot be forgotten.
type TransferTable struct {
	Name string
	// Skip says why the table is never exported ("" when it is).
	Skip string
	// Key is the primary key: rows are written in its order.
	Key []string
	// Refs maps each column that holds the id of another row to its table.
	Refs map[string]string
	// Poly is a pair of columns naming a row of one of several tables.
	Poly *PolyRef
	// Bools are the boolean columns (INTEGER 0/1 on SQLite), written as
	// JSON booleans so that both databases export the same text.
	Bools []string
	// Links are text columns that may link to a thread, article, event or
	// attachment by its id (/c/SLUG/t/ID, /attachments/ID/NAME); a
	// community import, which gives rows new ids, rewrites them.
	Links []string
	// InstanceOnly tables hold what belongs to the instance, not to one
	// community: a community export leaves them out.
	InstanceOnly bool
	// DropDangling: in a community import, a row one of whose references
	// points outside the community is left out (instead of the reference
	// being cleared).
	DropDangling bool
	// community is the condition selecting one community's rows, $1 being
	// the community's id; users are selected by the references to them.
	community string
	// private are the columns written as NULL in a community export:
	// credentials that stay with the instance.
	private []string
	// derived are columns that triggers keep (page versions): left out of
	// an export, given again by the triggers as the rows are imported.
	derived []string
}

// PolyRef is a reference whose table is named by a type column, as in the
// activity log (object_type, object_id) and follows (target_type, target_id).
type PolyRef struct {
	TypeColumn, IDColumn string
	Tables               map[string]string // type → table
}

// inCommunity returns the condition selecting the rows of a table that
// belong to a community, through a column holding the id of a row of
// another, already community-scoped table.
func inCommunity(column, table string) string {
	return column + " IN (SELECT id FROM " + table + " WHERE community_id = $1)"
}

// userRefs builds a Refs map of columns that all refer to users.
func userRefs(cols ...string) map[string]string {
	m := map[string]string{}
	for _, c := range cols {
		m[c] = "users"
	}
	return m
}

// refs builds a Refs map from column, table pairs.
func refs(pairs ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return m
}

// idKey is the key of the tables whose rows have an id.
var idKey = []string{"id"}

// transferTables is the manifest, in dependency order.
var transferTables = []TransferTable{
	{Name: "goose_db_version", Skip: "the database's own record of applied migrations"},
	{Name: "settings", Key: idKey, InstanceOnly: true},
	{Name: "users", Key: idKey, Bools: []string{"suspended"}, private: []string{"password_hash", "calendar_token_hash"}},
	{Name: "user_expertise", Key: []string{"user_id", "position"}, Refs: userRefs("user_id")},
	{Name: "sessions", Skip: "sign-ins stay with the instance: people sign in again"},
	{Name: "login_attempts", Skip: "rate-limit counters, which expire within the hour"},
	{Name: "rate_events", Skip: "rate-limit counters, which expire with their window"},
	{Name: "api_tokens", Key: idKey, InstanceOnly: true, Refs: userRefs("user_id")},
	{Name: "invitations", Key: idKey, InstanceOnly: true, Refs: userRefs("created_by", "used_by", "claim_user_id")},
	{Name: "communities", Key: idKey, Refs: userRefs("created_by"), community: "id = $1", derived: []string{"version"}},
	{Name: "community_counts", Skip: "derived: kept by triggers from the memberships and threads as they are imported"},
	{Name: "goals", Key: idKey, Refs: refs("community_id", "communities", "owner_id", "users"), community: "community_id = $1"},
	{Name: "charter_revisions", Key: idKey, Refs: refs("community_id", "communities", "author_id", "users"), community: "community_id = $1"},
	{Name: "memberships", Key: []string{"community_id", "user_id"}, Refs: refs("community_id", "communities", "user_id", "users", "invited_by", "users"),
		community: "community_id = $1"},
	{Name: "audit_log", Key: idKey, InstanceOnly: true, Refs: refs("actor_id", "users", "subject_id", "users", "community_id", "communities")},
	{Name: "topics", Key: idKey, Bools: []string{"approved"}, Refs: refs("community_id", "communities", "created_by", "users"), community: "community_id = $1"},
	{Name: "threads", Key: idKey, Bools: []string{"pinned", "locked"}, Links: []string{"excerpt"}, derived: []string{"version"},
		Refs:      refs("community_id", "communities", "author_id", "users", "accepted_post_id", "posts", "duplicate_of", "threads"),
		community: "community_id = $1"},
	{Name: "posts", Key: idKey, Bools: []string{"opening"}, Links: []string{"source", "html"},
		Refs:      refs("thread_id", "threads", "community_id", "communities", "author_id", "users", "reply_to_id", "posts", "deleted_by", "users"),
		community: "community_id = $1"},
	{Name: "post_revisions", Key: idKey, Links: []string{"source"}, Refs: refs("post_id", "posts", "author_id", "users"), community: inCommunity("post_id", "posts")},
	{Name: "votes", Key: []string{"post_id", "user_id"}, Refs: refs("post_id", "posts", "user_id", "users"), community: inCommunity("post_id", "posts")},
	{Name: "thread_topics", Key: []string{"thread_id", "topic_id"}, Refs: refs("thread_id", "threads", "topic_id", "topics"), community: inCommunity("thread_id", "threads")},
	{Name: "follows", Key: []string{"user_id", "target_type", "target_id"}, Refs: userRefs("user_id"), DropDangling: true,
		Poly: &PolyRef{TypeColumn: "target_type", IDColumn: "target_id", Tables: map[string]string{"community": "communities", "topic": "topics", "thread": "threads"}},
		community: "(target_type = 'community' AND target_id = $1) OR (target_type = 'topic' AND " + inCommunity("target_id", "topics") +
			") OR (target_type = 'thread' AND " + inCommunity("target_id", "threads") + ")"},
	{Name: "attachments", Key: idKey, Refs: refs("community_id", "communities", "post_id", "posts", "uploader_id", "users"), community: "community_id = $1"},
	{Name: "post_links", Key: []string{"post_id", "thread_id"}, Refs: refs("post_id", "posts", "thread_id", "threads"), community: inCommunity("post_id", "posts")},
	{Name: "flags", Key: idKey, Refs: refs("post_id", "posts", "community_id", "communities", "user_id", "users", "resolved_by", "users"), community: "community_id = $1"},
	{Name: "moderation_log", Key: idKey, Refs: refs("community_id", "communities", "actor_id", "users", "thread_id", "threads", "post_id", "posts"),
		community: "community_id = $1"},
	{Name: "articles", Key: idKey, Links: []string{"source", "html", "excerpt"},
		Refs:      refs("community_id", "communities", "verified_by", "users", "copied_from", "articles", "created_by", "users"),
		community: "community_id = $1"},
	{Name: "article_authors", Key: []string{"article_id", "user_id"}, Refs: refs("article_id", "articles", "user_id", "users"), community: inCommunity("article_id", "articles")},
	{Name: "article_stewards", Key: []string{"article_id", "user_id"}, Refs: refs("article_id", "articles", "user_id", "users"), community: inCommunity("article_id", "articles")},
	{Name: "article_topics", Key: []string{"article_id", "topic_id"}, Refs: refs("article_id", "articles", "topic_id", "topics"), community: inCommunity("article_id", "articles")},
	{Name: "article_revisions", Key: idKey, Links: []string{"source"}, Refs: refs("article_id", "articles", "author_id", "users"), community: inCommunity("article_id", "articles")},
	{Name: "article_reviews", Key: []string{"article_id", "reviewer_id"}, Refs: refs("article_id", "articles", "reviewer_id", "users", "requested_by", "users"),
		community: inCommunity("article_id", "articles")},
	{Name: "article_sources", Key: []string{"article_id", "thread_id"}, Refs: refs("article_id", "articles", "thread_id", "threads"), community: inCommunity("article_id", "articles")},
	{Name: "article_reuses", Key: []string{"article_id", "user_id"}, Refs: refs("article_id", "articles", "user_id", "users"), community: inCommunity("article_id", "articles")},
	{Name: "article_attachments", Key: []string{"article_id", "attachment_id"}, Refs: refs("article_id", "articles", "attachment_id", "attachments"),
		community: inCommunity("article_id", "articles")},
	{Name: "collections", Key: idKey, Bools: []string{"start_here"}, Links: []string{"description"}, Refs: refs("community_id", "communities", "created_by", "users"),
		community: "community_id = $1"},
	{Name: "collection_items", Key: []string{"collection_id", "position"}, DropDangling: true,
		Refs: refs("collection_id", "collections", "article_id", "articles", "thread_id", "threads"), community: inCommunity("collection_id", "collections")},
	{Name: "events", Key: idKey, Bools: []string{"cancelled"}, Links: []string{"description", "html"}, Refs: refs("community_id", "communities", "created_by", "users"),
		community: "community_id = $1"},
	{Name: "event_exdates", Key: []string{"event_id", "starts_at"}, Refs: refs("event_id", "events"), community: inCommunity("event_id", "events")},
	{Name: "event_hosts", Key: []string{"event_id", "user_id"}, Refs: refs("event_id", "events", "user_id", "users"), community: inCommunity("event_id", "events")},
	{Name: "event_speakers", Key: []string{"event_id", "position"}, Refs: refs("event_id", "events"), community: inCommunity("event_id", "events")},
	{Name: "event_invitees", Key: []string{"event_id", "user_id"}, Refs: refs("event_id", "events", "user_id", "users"), community: inCommunity("event_id", "events")},
	{Name: "event_occurrences", Key: idKey, Bools: []string{"cancelled", "overridden"}, Links: []string{"note", "harvest_notes", "harvest_links"},
		Refs: refs("event_id", "events", "community_id", "communities", "article_id", "articles"), community: "community_id = $1"},
	{Name: "rsvps", Key: []string{"occurrence_id", "user_id"}, Bools: []string{"attended"}, Refs: refs("occurrence_id", "event_occurrences", "user_id", "users"),
		community: inCommunity("occurrence_id", "event_occurrences")},
	{Name: "event_reminders", Key: []string{"occurrence_id", "user_id"}, Refs: refs("occurrence_id", "event_occurrences", "user_id", "users"),
		community: inCommunity("occurrence_id", "event_occurrences")},
	{Name: "visit_requests", Key: idKey, Refs: refs("community_id", "communities", "from_user", "users", "event_id", "events", "answered_by", "users"),
		community: "community_id = $1"},
	{Name: "notifications", Key: idKey,
		Refs: refs("user_id", "users", "actor_id", "users", "community_id", "communities", "thread_id", "threads", "post_id", "posts",
			"occurrence_id", "event_occurrences"),
		community: "community_id = $1"},
	{Name: "activity", Key: idKey, Refs: refs("community_id", "communities", "actor_id", "users"), community: "community_id = $1",
		Poly: &PolyRef{TypeColumn: "object_type", IDColumn: "object_id", Tables: map[string]string{
			"community": "communities", "goal": "goals", "user": "users", "thread": "threads", "post": "posts", "article": "articles",
			"collection": "collections", "event": "events", "occurrence": "event_occurrences", "visit_request": "visit_requests",
		}}},
	{Name: "activity_days", Skip: "derived: kept by triggers from the activity log as it is imported"},
	{Name: "search_docs", Skip: "derived: rebuilt from the other tables by reindexing"},
	{Name: "search_fts", Skip: "derived: rebuilt from the other tables by reindexing"},
	{Name: "search_recent", Skip: "derived: rebuilt from the other tables by reindexing"},
	{Name: "related_cache", Skip: "derived: a cache of related threads, recomputed when missing"},
	{Name: "site_version", Skip: "derived: a version of what pages show, moved by triggers as rows are imported"},
	{Name: "visibility_version", Skip: "derived: a version of who may see what, moved by triggers as rows are imported"},
}

// ExportTables returns the manifest of the export format, in the order
// tables are written: what each table's rows refer to and how a community
// import remaps them.
func ExportTables() []TransferTable {
	out := make([]TransferTable, len(transferTables))
	copy(out, transferTables)
	return out
}

// transferTable returns the manifest entry of a table and its position.
func transferTable(name string) (*TransferTable, int) {
	for i := range transferTables {
		if transferTables[i].Name == name {
			return &transferTables[i], i
		}
	}
	return nil, -1
}

// looksLikeReference reports whether a column's name says it holds the id
// of another row, so that the manifest check notices a new one.
func looksLikeReference(col string) bool {
	switch col {
	case "external_id", "review_by": // a source's id; a date
		return false
	case "from_user", "copied_from", "duplicate_of":
		return true
	}
	return strings.HasSuffix(col, "_id") || strings.HasSuffix(col, "_by")
}

// CheckExportManifest compares the export manifest with the schema of this
// database: every table must be exported or skipped with a reason, every
// reference column known (declared foreign keys included), every boolean
// column listed. Export and import call it first, so that no table or
// column added by a migration is silently left behind.
func (db *DB) CheckExportManifest(ctx context.Context) error {
	var problems []string
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		problems, err = tx.manifestProblems(ctx)
		return err
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("the export manifest (sqlstore/transfer.go) does not match the schema:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

func (tx *Tx) manifestProblems(ctx context.Context) ([]string, error) {
	d := tx.db.d
	tables, err := d.tableNames(ctx, tx)
	if err != nil {
		return nil, err
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for _, name := range tables {
		if t, _ := transferTable(name); t == nil {
			bad("table %s is in the schema but not in the manifest: export it or skip it with a reason", name)
		}
	}
	for pos, t := range transferTables {
		if !slices.Contains(tables, t.Name) {
			// SQLite's full-text index of every document is a column of search_docs on PostgreSQL.
			if t.Name != "search_fts" || d.searchTextInOwnTable() {
				bad("table %s is in the manifest but not in the schema", t.Name)
			}
			continue
		}
		if t.Skip != "" {
			continue
		}
		cols, err := d.tableColumns(ctx, tx, t.Name)
		if err != nil {
			return nil, err
		}
		fks, err := d.foreignKeys(ctx, tx, t.Name)
		if err != nil {
			return nil, err
		}
		byName := map[string]schemaColumn{}
		for _, c := range cols {
			byName[c.name] = c
		}
		has := func(what, col string) bool {
			if _, ok := byName[col]; !ok {
				bad("%s.%s (%s in the manifest) is not a column", t.Name, col, what)
				return false
			}
			return true
		}
		for _, c := range t.Key {
			has("key", c)
		}
		for _, c := range t.Links {
			has("links", c)
		}
		for _, c := range t.private {
			has("private", c)
		}
		for _, c := range t.derived {
			has("derived", c)
		}
		for _, c := range t.Bools {
			if has("bools", c) && d.typedBooleans() && !byName[c].boolean {
				bad("%s.%s is listed as boolean but is not", t.Name, c)
			}
		}
		for _, c := range cols {
			if c.boolean && !slices.Contains(t.Bools, c.name) {
				bad("%s.%s is boolean but not in the manifest's Bools", t.Name, c.name)
			}
			_, isRef := t.Refs[c.name]
			isPoly := t.Poly != nil && t.Poly.IDColumn == c.name
			if looksLikeReference(c.name) && !isRef && !isPoly {
				bad("%s.%s looks like a reference: add it to Refs (or rename it)", t.Name, c.name)
			}
		}
		for col, ref := range fks {
			if t.Refs[col] != ref {
				bad("%s.%s refers to %s in the schema but to %q in the manifest", t.Name, col, ref, t.Refs[col])
			}
		}
		for col, ref := range t.Refs {
			if !has("refs", col) {
				continue
			}
			rt, rpos := transferTable(ref)
			switch {
			case rt == nil || rt.Skip != "":
				bad("%s.%s refers to %s, which is not exported", t.Name, col, ref)
			case rt.InstanceOnly && !t.InstanceOnly:
				bad("%s.%s refers to the instance-only table %s", t.Name, col, ref)
			case rpos >= pos:
				// A deferred reference: the row is written without it and
				// the reference set once every row is in.
				if byName[col].notNull {
					bad("%s.%s refers to %s, which comes later (or is itself): it must be nullable", t.Name, col, ref)
				}
				if !slices.Equal(t.Key, idKey) {
					bad("%s.%s refers to a later table but %s has no id", t.Name, col, t.Name)
				}
			}
		}
		if p := t.Poly; p != nil {
			has("poly", p.TypeColumn)
			has("poly", p.IDColumn)
			for _, ref := range p.Tables {
				if rt, rpos := transferTable(ref); rt == nil || rt.Skip != "" || rpos >= pos {
					bad("%s.%s may refer to %s, which is not exported before it", t.Name, p.IDColumn, ref)
				}
			}
		}
		if !t.InstanceOnly && t.community == "" && t.Name != "users" && t.Name != "user_expertise" {
			bad("%s has no rule selecting a community's rows: write one or mark it InstanceOnly", t.Name)
		}
	}
	return problems, nil
}

// latestSchema is the version of the newest migration this build knows.
func latestSchema(dialect string) (int64, error) {
	fsys, err := MigrationsFS(dialect)
	if err != nil {
		return 0, err
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return 0, err
	}
	var v int64
	for _, e := range entries {
		prefix, _, _ := strings.Cut(e.Name(), "_")
		if n, err := strconv.ParseInt(prefix, 10, 64); err == nil && n > v {
			v = n
		}
	}
	return v, nil
}

// schemaVersion is the newest migration applied to the database.
func (tx *Tx) schemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(version_id), 0) FROM goose_db_version`).Scan(&v)
	return v, err
}
