-- +goose Up
-- The newest documents get a full-text index of their own, search_recent,
-- as SQLite's have had since 00011: a copy of the rows of search_docs
-- among the last searchWindow ids (sqlstore/dialect.go), which
-- insertSearchDocs keeps to that size. A search by relevance ranks the
-- newest matches; when a word is common they are all in the window, and
-- finding them there reads a fifth of the postings and of the rows. The
-- copy holds what the conditions of a search read (kind, object, community,
-- author, status, creation time) and the vector, not the text. The vector
-- is stored out of line, uncompressed (the row stays a few dozen bytes, so
-- the thousands of matches of a common word sit on a few hundred pages),
-- and read for the thousand candidates ranked only. Its size must match
-- searchWindow.
CREATE TABLE search_recent (
    id BIGINT PRIMARY KEY REFERENCES search_docs (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    object_id BIGINT NOT NULL,
    community_id BIGINT,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    tsv TSVECTOR NOT NULL
) WITH (toast_tuple_target = 128);
ALTER TABLE search_recent ALTER COLUMN tsv SET STORAGE EXTERNAL;
INSERT INTO search_recent (id, kind, object_id, community_id, author_id, status, created_at, tsv)
SELECT id, kind, object_id, community_id, author_id, status, created_at, tsv FROM search_docs
WHERE id > (SELECT COALESCE(max(id), 0) FROM search_docs) - 50000;
CREATE INDEX search_recent_tsv ON search_recent USING GIN (tsv);
CREATE INDEX search_recent_author ON search_recent (author_id);

-- +goose Down
DROP TABLE search_recent;
