package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	stdhtml "html"
	"slices"
	"strings"
	"unicode/utf8"

	"praxis"
	"praxis/search"
)

// searchKey names one search document: a kind (praxis.SearchThread, ...)
// and the id of the object it describes.
type searchKey struct {
	kind string
	id   int64
}

// reindex marks the search document of an object as stale: it is rebuilt
// from the live tables in the same transaction, just before the commit, so
// the index can never disagree with what was written. Every write that
// changes what a document holds (its text, topics, status, community or
// existence) calls it; TestSearchIndexFollowsEveryWrite compares the index
// with a full rebuild after every kind of write, and
// TestSearchIndexMatchesReindex after the demo, to catch a write that
// forgot.
func (tx *Tx) reindex(kind string, ids ...int64) {
	if tx.stale == nil {
		tx.stale = map[searchKey]bool{}
	}
	for _, id := range ids {
		tx.stale[searchKey{kind, id}] = true
	}
}

// refreshSearch rebuilds the stale documents, kind by kind, in id order.
func (tx *Tx) refreshSearch(ctx context.Context) error {
	if len(tx.stale) == 0 {
		return nil
	}
	byKind := map[string][]int64{}
	for k := range tx.stale {
		byKind[k.kind] = append(byKind[k.kind], k.id)
	}
	tx.stale = nil
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, kind := range kinds {
		ids := byKind[kind]
		slices.Sort(ids)
		if err := tx.indexDocs(ctx, kind, ids); err != nil {
			return err
		}
	}
	return nil
}

// indexDocs rebuilds the documents of the given objects of one kind:
// deletes the old rows and inserts what the live tables hold now (nothing
// for an object that no longer exists or is not searchable). Each kind is
// loaded with a fixed number of queries, whatever the number of ids.
func (tx *Tx) indexDocs(ctx context.Context, kind string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var docs []*searchDoc
	var err error
	switch kind {
	case praxis.SearchThread:
		ids, docs, err = tx.threadDocs(ctx, ids)
	case praxis.SearchArticle:
		docs, err = tx.articleDocs(ctx, ids)
	case praxis.SearchEvent:
		docs, err = tx.eventDocs(ctx, ids)
	case praxis.SearchMember:
		docs, err = tx.memberDocs(ctx, ids)
	case praxis.SearchCommunity:
		docs, err = tx.communityDocs(ctx, ids)
	default:
		return fmt.Errorf("search: no documents of kind %q", kind)
	}
	if err != nil {
		return fmt.Errorf("search: load %s documents: %w", kind, err)
	}
	if err := tx.deleteDocs(ctx, kind, ids); err != nil {
		return fmt.Errorf("search: delete %s documents: %w", kind, err)
	}
	if kind == praxis.SearchThread {
		// What a thread is related to follows its text.
		args := []any{}
		list := inList(&args, ids)
		if _, err := tx.ExecContext(ctx, `DELETE FROM related_cache WHERE thread_id IN (`+list+`)`, args...); err != nil {
			return fmt.Errorf("search: forget related threads: %w", err)
		}
	}
	for len(docs) > 0 {
		n := min(len(docs), docsPerInsert)
		if err := tx.db.d.insertSearchDocs(ctx, tx, docs[:n]); err != nil {
			return fmt.Errorf("search: insert %s documents: %w", kind, err)
		}
		docs = docs[n:]
	}
	return nil
}

// docsPerInsert bounds the rows of one INSERT (and so its placeholders).
const docsPerInsert = 100

// Caps on the text of one document, in bytes: enough to find a thread by
// any of its words, small enough that a huge thread does not weigh on
// the index.
const (
	maxDocBody    = 64 << 10
	maxDocAnswers = 32 << 10
)

// searchDoc is a row of search_docs and the text its full-text index holds.
type searchDoc struct {
	kind        string
	objectID    int64
	communityID int64 // 0: none (members)
	authorID    int64 // 0: none
	status      string
	// title and body are the original text, for display and snippets;
	// topics the topic names, space-separated.
	title, body, topics string
	// index is the indexed text of the fields, in weight order: title,
	// topics, body, answers. It is normalized when written.
	index                [4]string
	createdAt, updatedAt int64
	// threadKind and replies are a thread's kind and number of replies,
	// which similar questions filter and rank on ("" and 0 otherwise).
	threadKind string
	replies    int64
}

// indexed returns the normalized text of each field, as both databases index it.
func (d *searchDoc) indexed() [4]string {
	var out [4]string
	for i, s := range d.index {
		out[i] = search.Normalize(s)
	}
	return out
}

func (tx *Tx) deleteDocs(ctx context.Context, kind string, ids []int64) error {
	args := []any{kind}
	list := inList(&args, ids)
	if err := tx.db.d.deleteSearchText(ctx, tx, list, args); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE kind = $1 AND object_id IN (`+list+`)`, args...)
	return err
}

// threadDocs loads the documents of threads. A question marked as a
// duplicate has none: its title and opening post fold into its original's
// document (topics and answers), as long as the original is a live
// question of the same community. So the documents to rebuild are those
// of the threads asked for, of their duplicates and of their originals,
// which threadDocs returns with the documents.
func (tx *Tx) threadDocs(ctx context.Context, ids []int64) ([]int64, []*searchDoc, error) {
	var args []any
	list := inList(&args, ids)
	rows, err := tx.QueryContext(ctx, `SELECT t.id, t.community_id, t.kind, t.title, t.status, COALESCE(t.author_id, 0), t.created_at,
			t.last_activity_at, COALESCE(t.duplicate_of, 0), t.reply_count, `+foldedThread+`
		FROM threads t LEFT JOIN threads o ON o.id = t.duplicate_of
		WHERE t.id IN (SELECT id FROM threads WHERE id IN (`+list+`)
			UNION SELECT id FROM threads WHERE duplicate_of IN (`+list+`)
			UNION SELECT duplicate_of FROM threads WHERE id IN (`+list+`) AND duplicate_of IS NOT NULL
			UNION SELECT s.id FROM threads s JOIN threads x ON s.duplicate_of = x.duplicate_of WHERE x.id IN (`+list+`))`, args...)
	if err != nil {
		return nil, nil, err
	}
	type thread struct {
		doc         *searchDoc
		kind        string
		duplicateOf int64
		folded      bool
		opening     string
		answers     strings.Builder
		dups        []*thread
	}
	byID := map[int64]*thread{}
	var loaded []int64
	for rows.Next() {
		t := &thread{doc: &searchDoc{kind: praxis.SearchThread}}
		d := t.doc
		if err := rows.Scan(&d.objectID, &d.communityID, &t.kind, &d.title, &d.status, &d.authorID, &d.createdAt, &d.updatedAt,
			&t.duplicateOf, &d.replies, &t.folded); err != nil {
			rows.Close()
			return nil, nil, err
		}
		d.threadKind = t.kind
		byID[d.objectID] = t
		loaded = append(loaded, d.objectID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	// Loaded: the threads asked for, their duplicates, their originals
	// and the other duplicates of those (each query a union of index
	// lookups). The documents to rebuild: those asked for, their originals
	// and their duplicates (not their siblings, loaded only to fold in).
	asked, rebuild := map[int64]bool{}, map[int64]bool{}
	for _, id := range ids {
		asked[id], rebuild[id] = true, true
		if t := byID[id]; t != nil && t.duplicateOf != 0 {
			rebuild[t.duplicateOf] = true
		}
	}
	for id, t := range byID {
		if t.duplicateOf != 0 && asked[t.duplicateOf] {
			rebuild[id] = true
		}
	}
	if len(loaded) > 0 {
		topics, err := tx.topicsOf(ctx, "thread_topics", "thread_id", loaded)
		if err != nil {
			return nil, nil, err
		}
		for id, names := range topics {
			byID[id].doc.topics = strings.Join(names, " ")
		}
		// The visible posts, opening first, then replies in order, as
		// plain text.
		args = nil
		rows, err = tx.QueryContext(ctx, `SELECT thread_id, opening, html FROM posts
			WHERE thread_id IN (`+inList(&args, loaded)+`) AND deleted_at IS NULL AND hidden_at IS NULL ORDER BY thread_id, id`, args...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id int64
			var opening bool
			var html string
			if err := rows.Scan(&id, &opening, &html); err != nil {
				rows.Close()
				return nil, nil, err
			}
			t := byID[id]
			switch {
			case opening:
				t.opening = capText(plainText(html), maxDocBody)
			case t.answers.Len() < maxDocAnswers:
				t.answers.WriteString(plainText(html))
				t.answers.WriteByte('\n')
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	for _, t := range byID {
		if t.folded {
			if o := byID[t.duplicateOf]; o != nil {
				o.dups = append(o.dups, t)
			}
		}
	}
	var docs []*searchDoc
	out := make([]int64, 0, len(rebuild))
	for _, id := range loaded {
		t := byID[id]
		if !rebuild[id] {
			continue
		}
		out = append(out, id)
		if t.folded || t.doc.status == statusDeleted {
			continue
		}
		d := t.doc
		d.body = t.opening
		d.index = [4]string{d.title, strings.ReplaceAll(d.topics, "-", " "), d.body, t.answers.String()}
		slices.SortFunc(t.dups, func(a, b *thread) int { return cmp.Compare(a.doc.objectID, b.doc.objectID) })
		for _, dup := range t.dups {
			d.index[1] += "\n" + dup.doc.title
			d.index[3] += "\n" + dup.opening
		}
		d.index[3] = capText(d.index[3], maxDocAnswers)
		docs = append(docs, d)
	}
	// Threads asked for that do not exist keep no document either.
	for _, id := range ids {
		if byID[id] == nil {
			out = append(out, id)
		}
	}
	return out, docs, nil
}

// foldedThread is true for a thread t whose text folds into its original
// o: a question marked as a duplicate of a live question of the same
// community that is not a duplicate itself.
const foldedThread = `(t.duplicate_of IS NOT NULL AND t.kind = 'question' AND o.kind = 'question' AND o.community_id = t.community_id
	AND o.status <> 'deleted' AND o.duplicate_of IS NULL AND t.status <> 'deleted')`

// topicsOf loads the topic names of objects from a link table
// (thread_topics, article_topics), by object id.
func (tx *Tx) topicsOf(ctx context.Context, table, column string, ids []int64) (map[int64][]string, error) {
	var args []any
	rows, err := tx.QueryContext(ctx, `SELECT x.`+column+`, tp.name FROM `+table+` x JOIN topics tp ON tp.id = x.topic_id
		WHERE x.`+column+` IN (`+inList(&args, ids)+`) ORDER BY tp.name`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = append(out[id], name)
	}
	return out, rows.Err()
}

// articleDocs loads the documents of articles, whatever their status:
// who may see a draft is decided when searching.
func (tx *Tx) articleDocs(ctx context.Context, ids []int64) ([]*searchDoc, error) {
	var args []any
	rows, err := tx.QueryContext(ctx, `SELECT id, community_id, COALESCE(created_by, 0), status, title, html, created_at, updated_at
		FROM articles WHERE id IN (`+inList(&args, ids)+`) ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	var docs []*searchDoc
	var found []int64
	for rows.Next() {
		d := &searchDoc{kind: praxis.SearchArticle}
		var html string
		if err := rows.Scan(&d.objectID, &d.communityID, &d.authorID, &d.status, &d.title, &html, &d.createdAt, &d.updatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		d.body = capText(plainText(html), maxDocBody)
		docs = append(docs, d)
		found = append(found, d.objectID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(found) == 0 {
		return docs, err
	}
	topics, err := tx.topicsOf(ctx, "article_topics", "article_id", found)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		d.topics = strings.Join(topics[d.objectID], " ")
		d.index = [4]string{d.title, strings.ReplaceAll(d.topics, "-", " "), d.body, ""}
	}
	return docs, nil
}

// eventDocs loads the documents of events (a series is one document).
func (tx *Tx) eventDocs(ctx context.Context, ids []int64) ([]*searchDoc, error) {
	var args []any
	rows, err := tx.QueryContext(ctx, `SELECT id, community_id, COALESCE(created_by, 0), kind, cancelled, title, html, place, created_at, updated_at
		FROM events WHERE id IN (`+inList(&args, ids)+`) ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []*searchDoc
	for rows.Next() {
		d := &searchDoc{kind: praxis.SearchEvent}
		var kind, html, place string
		var cancelled bool
		if err := rows.Scan(&d.objectID, &d.communityID, &d.authorID, &kind, &cancelled, &d.title, &html, &place, &d.createdAt, &d.updatedAt); err != nil {
			return nil, err
		}
		if cancelled {
			d.status = eventCancelled
		}
		d.body = capText(plainText(html), maxDocBody)
		label := kind
		for _, k := range praxis.EventKinds {
			if k.Value == kind {
				label = k.Label
			}
		}
		d.index = [4]string{d.title, label + "\n" + place, d.body, ""}
		docs = append(docs, d)
	}
	return docs, rows.Err()
}

// eventCancelled is the status of a cancelled event's document; others have none.
const eventCancelled = "cancelled"

// memberDocs loads the documents of members: anyone may open a member's
// profile, so anyone may find it, except a suspended member's.
func (tx *Tx) memberDocs(ctx context.Context, ids []int64) ([]*searchDoc, error) {
	var args []any
	list := inList(&args, ids)
	rows, err := tx.QueryContext(ctx, `SELECT id, handle, display_name, title, organization, location, bio, created_at
		FROM users WHERE id IN (`+list+`) AND NOT suspended ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	var docs []*searchDoc
	byID := map[int64]*searchDoc{}
	for rows.Next() {
		d := &searchDoc{kind: praxis.SearchMember}
		var handle, name, title, org, location, bio string
		if err := rows.Scan(&d.objectID, &handle, &name, &title, &org, &location, &bio, &d.createdAt); err != nil {
			rows.Close()
			return nil, err
		}
		// A user's updated_at moves with a password or a role too: the
		// document keeps the time the profile was created.
		d.authorID, d.updatedAt = d.objectID, d.createdAt
		d.title = cmp.Or(name, handle)
		var about []string
		for _, s := range []string{title, org, location} {
			if s = strings.TrimSpace(s); s != "" {
				about = append(about, s)
			}
		}
		d.body = capText(strings.TrimSpace(strings.Join(about, " · ")+"\n"+bio), maxDocBody)
		d.index = [4]string{name + " " + handle, "", d.body, ""}
		docs = append(docs, d)
		byID[d.objectID] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(docs) == 0 {
		return docs, err
	}
	args = nil
	rows, err = tx.QueryContext(ctx, `SELECT user_id, topic FROM user_expertise WHERE user_id IN (`+inList(&args, ids)+`) ORDER BY user_id, position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var topic string
		if err := rows.Scan(&id, &topic); err != nil {
			return nil, err
		}
		if d := byID[id]; d != nil {
			d.index[1] += topic + "\n"
		}
	}
	return docs, rows.Err()
}

// communityDocs loads the documents of communities: name, domain and purpose.
func (tx *Tx) communityDocs(ctx context.Context, ids []int64) ([]*searchDoc, error) {
	var args []any
	rows, err := tx.QueryContext(ctx, `SELECT id, COALESCE(created_by, 0), name, domain_statement, purpose, created_at
		FROM communities WHERE id IN (`+inList(&args, ids)+`) ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []*searchDoc
	for rows.Next() {
		d := &searchDoc{kind: praxis.SearchCommunity}
		var domain, purpose string
		if err := rows.Scan(&d.objectID, &d.authorID, &d.title, &domain, &purpose, &d.createdAt); err != nil {
			return nil, err
		}
		// Settings move a community's updated_at too: the document keeps
		// the time it was created.
		d.communityID, d.updatedAt = d.objectID, d.createdAt
		d.body = capText(strings.TrimSpace(domain+"\n\n"+purpose), maxDocBody)
		d.index = [4]string{d.title, "", d.body, ""}
		docs = append(docs, d)
	}
	return docs, rows.Err()
}

// blockTags end a line of text where they close (or, for br, stand).
var blockTags = map[string]bool{"p": true, "li": true, "td": true, "th": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "pre": true, "blockquote": true, "tr": true, "div": true, "br": true, "hr": true}

// plainText returns the text of stored, sanitized HTML (posts, articles,
// events), with the ends of blocks as line breaks and runs of spaces as
// one. Sanitized HTML has no comments, scripts or unquoted '>' in
// attributes, so skipping from '<' to '>' is enough.
func plainText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		name := strings.TrimLeft(s[i+1:i+j], "/")
		if k := strings.IndexAny(name, " \t\n/"); k >= 0 {
			name = name[:k]
		}
		if blockTags[strings.ToLower(name)] {
			b.WriteByte('\n')
		}
		s = s[i+j+1:]
	}
	text := b.String()
	if strings.IndexByte(text, '&') >= 0 {
		text = stdhtml.UnescapeString(text)
	}
	var out strings.Builder
	out.Grow(len(text))
	for line := range strings.SplitSeq(text, "\n") {
		first := true
		for w := range strings.FieldsSeq(line) {
			if first {
				if out.Len() > 0 {
					out.WriteByte('\n')
				}
				first = false
			} else {
				out.WriteByte(' ')
			}
			out.WriteString(w)
		}
	}
	return out.String()
}

// capText cuts s to at most n bytes, at a character boundary.
func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
