-- +goose Up
-- The related threads and articles of a thread, as ranked when last
-- computed: a thread page shows them on every view, and ranking them
-- costs a full-text query, so they are kept here for an hour (relatedTTL)
-- and dropped when the thread's own search document changes. Only ids
-- and scores are kept: what is shown is read live, so a deleted thread or
-- an unpublished article never shows. hits is "kind:id:score" joined by
-- spaces, best first.
CREATE TABLE related_cache (
    thread_id BIGINT PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    computed_at BIGINT NOT NULL,
    hits TEXT NOT NULL
);

-- +goose Down
DROP TABLE related_cache;
