-- +goose Up
-- A search inside one community (similar questions, related threads, a
-- community filter) keeps the most recently indexed matches of that
-- community: this index gives them in that order, to be checked against
-- the full-text condition, or to be combined with the GIN index. (SQLite
-- puts the community into its full-text index instead.)
CREATE INDEX search_docs_community_id ON search_docs (community_id, id);

-- +goose Down
DROP INDEX search_docs_community_id;
