-- +goose Up
-- A question marked as a duplicate points to the original it folds into.
ALTER TABLE threads ADD COLUMN duplicate_of INTEGER REFERENCES threads (id) ON DELETE SET NULL;
CREATE INDEX threads_duplicate_of ON threads (duplicate_of);

-- One search document per thread (with its replies), article, event
-- series, member and community. Who may see a document is not stored here:
-- queries join the live tables and apply the same visibility rules as
-- every list, so the index can never be more permissive than the product.
-- title and body keep the original text (for display and snippets); the
-- full-text index holds the normalized form made by package search.
CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    object_id INTEGER NOT NULL,
    community_id INTEGER REFERENCES communities (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    topics TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (kind, object_id)
);
CREATE INDEX search_docs_community ON search_docs (community_id, kind, created_at);
CREATE INDEX search_docs_kind_created ON search_docs (kind, created_at);
CREATE INDEX search_docs_author ON search_docs (author_id);

-- rowid = search_docs.id. Column weights are given at query time (bm25).
CREATE VIRTUAL TABLE search_fts USING fts5 (title, topics, body, answers, tokenize = 'porter unicode61 remove_diacritics 2');

-- +goose Down
DROP TABLE search_fts;
DROP TABLE search_docs;
DROP INDEX threads_duplicate_of;
ALTER TABLE threads DROP COLUMN duplicate_of;
