-- +goose Up
-- The newest documents get a full-text index of their own, search_recent:
-- a copy of search_fts for the searchWindow (sqlstore/dialect.go) most
-- recently indexed documents, which insertSearchDocs keeps to that size.
-- BM25 weighs each word of a query by reading every document of the index
-- that contains it; in a million posts a common word is in a hundred
-- thousand of them, and weighing it costs more than all the rest of a
-- search. A search ranks the newest matches, which are in the window when
-- the words are common, so it weighs them there. The table holds no text
-- (content = ''): the text is in search_fts; contentless_delete lets rows
-- be deleted by rowid. Its size must match searchWindow.
CREATE VIRTUAL TABLE search_recent USING fts5 (title, topics, body, answers, scope,
    content = '', contentless_delete = 1,
    tokenize = "porter unicode61 remove_diacritics 2 tokenchars '_'");
INSERT INTO search_recent (rowid, title, topics, body, answers, scope)
SELECT rowid, title, topics, body, answers, scope FROM search_fts
WHERE rowid > (SELECT COALESCE(max(rowid), 0) FROM search_fts) - 50000;

-- +goose Down
DROP TABLE search_recent;
