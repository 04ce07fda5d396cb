-- +goose Up
-- PostgreSQL gets the window of the newest documents that SQLite has had
-- since 00011 (search_recent); nothing changes here.
SELECT 1;

-- +goose Down
SELECT 1;
