-- +goose Up
-- SQLite's migration 00011 gives the newest documents a full-text index of
-- their own, so that weighing a common word does not read all of its
-- documents. PostgreSQL ranks from the candidates' own vectors and needs
-- none; this keeps the two dialects' versions in step.
SELECT 1;

-- +goose Down
SELECT 1;
