-- +goose Up
ALTER TABLE communities ADD COLUMN cadence_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE communities ADD COLUMN cadence_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN calendar_token_hash TEXT;
CREATE UNIQUE INDEX users_calendar_token ON users (calendar_token_hash);

-- An event is a single event or a series; its start is local to time_zone
-- ('2006-01-02T15:04'), so a series keeps its wall-clock time across
-- daylight saving changes.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    html TEXT NOT NULL DEFAULT '',
    time_zone TEXT NOT NULL,
    start_local TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    rrule TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL,
    capacity INTEGER NOT NULL DEFAULT 0,
    cancelled INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    external_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX events_community ON events (community_id);

CREATE TABLE event_exdates (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, starts_at)
);

CREATE TABLE event_hosts (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_hosts_user ON event_hosts (user_id);

CREATE TABLE event_speakers (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (event_id, position)
);

CREATE TABLE event_invitees (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_invitees_user ON event_invitees (user_id);

-- Occurrences are materialized ahead (a horizon and a count), so lists,
-- RSVPs and attendance are plain rows.
CREATE TABLE event_occurrences (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    original_start INTEGER NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    cancelled INTEGER NOT NULL DEFAULT 0,
    overridden INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    harvest_notes TEXT NOT NULL DEFAULT '',
    harvest_links TEXT NOT NULL DEFAULT '',
    harvested_at INTEGER,
    article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (event_id, original_start)
);
CREATE INDEX event_occurrences_community ON event_occurrences (community_id, starts_at);
CREATE INDEX event_occurrences_start ON event_occurrences (starts_at);

CREATE TABLE rsvps (
    occurrence_id INTEGER NOT NULL REFERENCES event_occurrences (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    waitlisted_at INTEGER,
    attended INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (occurrence_id, user_id)
);
CREATE INDEX rsvps_user ON rsvps (user_id, status);
CREATE INDEX rsvps_status ON rsvps (occurrence_id, status, waitlisted_at);

-- One reminder per person and occurrence, whichever instance sends it.
CREATE TABLE event_reminders (
    occurrence_id INTEGER NOT NULL REFERENCES event_occurrences (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (occurrence_id, user_id)
);

CREATE TABLE visit_requests (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    from_user INTEGER REFERENCES users (id) ON DELETE SET NULL,
    what TEXT NOT NULL,
    why TEXT NOT NULL DEFAULT '',
    proposed_dates TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'requested',
    answer TEXT NOT NULL DEFAULT '',
    event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
    answered_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    answered_at INTEGER
);
CREATE INDEX visit_requests_community ON visit_requests (community_id, status);
CREATE INDEX visit_requests_from ON visit_requests (from_user);

ALTER TABLE notifications ADD COLUMN occurrence_id INTEGER REFERENCES event_occurrences (id) ON DELETE CASCADE;

-- +goose Down
ALTER TABLE notifications DROP COLUMN occurrence_id;
DROP TABLE visit_requests;
DROP TABLE event_reminders;
DROP TABLE rsvps;
DROP TABLE event_occurrences;
DROP TABLE event_invitees;
DROP TABLE event_speakers;
DROP TABLE event_hosts;
DROP TABLE event_exdates;
DROP TABLE events;
DROP INDEX users_calendar_token;
ALTER TABLE users DROP COLUMN calendar_token_hash;
ALTER TABLE communities DROP COLUMN cadence_kind;
ALTER TABLE communities DROP COLUMN cadence_days;
