-- +goose Up
-- Actions counted for rate limits (sign-ups per address, posts per user,
-- searches per user or address). Rows older than their window are swept as
-- new ones arrive; the limits hold across instances because they live here.
CREATE TABLE rate_events (
    id INTEGER PRIMARY KEY,
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX rate_events_subject ON rate_events (bucket, subject, created_at);
CREATE INDEX rate_events_created ON rate_events (created_at);

-- The security log: sign-ins, sign-outs, sign-ups, role changes,
-- suspensions, tokens, sessions and passwords. Each row is written in the
-- transaction of its event. Names are looked up when read, so a row keeps
-- its meaning if a handle changes.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    subject_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    community_id INTEGER REFERENCES communities (id) ON DELETE SET NULL,
    ip TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject_id, id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE rate_events;
