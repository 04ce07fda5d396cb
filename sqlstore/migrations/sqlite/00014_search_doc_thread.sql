-- +goose Up
-- A thread's document carries the thread's kind and its number of
-- replies, which similar questions filter and rank on: reading them from
-- each of 2,000 candidates' thread rows was a third of the query on
-- PostgreSQL at large (docs/BENCHMARKS.md, "PostgreSQL plans a search for
-- its values"). The document is rebuilt with every write to its thread's
-- text, which every reply is. Other documents keep '' and 0.
ALTER TABLE search_docs ADD COLUMN thread_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE search_docs ADD COLUMN replies INTEGER NOT NULL DEFAULT 0;
UPDATE search_docs SET thread_kind = t.kind, replies = t.reply_count
FROM threads t WHERE search_docs.kind = 'thread' AND t.id = search_docs.object_id;

-- +goose Down
ALTER TABLE search_docs DROP COLUMN replies;
ALTER TABLE search_docs DROP COLUMN thread_kind;
