-- +goose Up
-- The full-text index gets a fifth column, scope, holding the token of a
-- document's community ("c_12"; "c_0" for none), so that a search inside
-- one community (similar questions, related threads, a community filter)
-- is answered by the index alone rather than by checking every match of
-- its words against search_docs. The underscore, a token character here,
-- never occurs in the normalized text package search indexes and queries,
-- so no query word can match a scope token, and queries need no column
-- filter (which would cost FTS5 a read of every match's positions). FTS5
-- tables cannot gain a column: the index is rebuilt from the old one,
-- text as it was, in this transaction. The scope text must stay what
-- searchScope (sqlstore/dialect.go) writes.
ALTER TABLE search_fts RENAME TO search_fts_old;
CREATE VIRTUAL TABLE search_fts USING fts5 (title, topics, body, answers, scope,
    tokenize = "porter unicode61 remove_diacritics 2 tokenchars '_'");
INSERT INTO search_fts (rowid, title, topics, body, answers, scope)
SELECT o.rowid, o.title, o.topics, o.body, o.answers, 'c_' || COALESCE(d.community_id, 0)
FROM search_fts_old o JOIN search_docs d ON d.id = o.rowid;
DROP TABLE search_fts_old;

-- +goose Down
ALTER TABLE search_fts RENAME TO search_fts_new;
CREATE VIRTUAL TABLE search_fts USING fts5 (title, topics, body, answers, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO search_fts (rowid, title, topics, body, answers)
SELECT rowid, title, topics, body, answers FROM search_fts_new;
DROP TABLE search_fts_new;
