-- +goose Up
-- What the community and thread pages read on every view, made cheap at
-- scale (docs/BENCHMARKS.md, "Pages at large, after profiling").

-- A community's active members and its threads that are not deleted,
-- counted once here instead of on every page: counting them took 280 ms a
-- view in the busiest community of the large bench organization. Triggers
-- keep the counts in the transaction of every change to the rows they
-- count, whoever writes them (the store, imports, the bench seed, a
-- transfer), so they cannot drift from the rows; TestCommunityCounts
-- checks them against a recount. members_version changes with every
-- change to the set of active members: the participation levels, which
-- take a scan of the activity log to compute, are kept in memory against
-- it (see ParticipationLevels).
CREATE TABLE community_counts (
    community_id INTEGER PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    members INTEGER NOT NULL DEFAULT 0,
    threads INTEGER NOT NULL DEFAULT 0,
    members_version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO community_counts (community_id, members, threads)
SELECT c.id,
    (SELECT count(*) FROM memberships m WHERE m.community_id = c.id AND m.state = 'active'),
    (SELECT count(*) FROM threads t WHERE t.community_id = c.id AND t.status <> 'deleted')
FROM communities c;

-- +goose StatementBegin
CREATE TRIGGER community_counts_new AFTER INSERT ON communities BEGIN
    INSERT INTO community_counts (community_id) VALUES (NEW.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER community_counts_member_in AFTER INSERT ON memberships WHEN NEW.state = 'active' BEGIN
    UPDATE community_counts SET members = members + 1, members_version = members_version + 1 WHERE community_id = NEW.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER community_counts_member_out AFTER DELETE ON memberships WHEN OLD.state = 'active' BEGIN
    UPDATE community_counts SET members = members - 1, members_version = members_version + 1 WHERE community_id = OLD.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER community_counts_member_change AFTER UPDATE OF state, community_id, user_id ON memberships
WHEN OLD.state = 'active' OR NEW.state = 'active' BEGIN
    UPDATE community_counts SET members = members - 1, members_version = members_version + 1
    WHERE community_id = OLD.community_id AND OLD.state = 'active';
    UPDATE community_counts SET members = members + 1, members_version = members_version + 1
    WHERE community_id = NEW.community_id AND NEW.state = 'active';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER community_counts_thread_in AFTER INSERT ON threads WHEN NEW.status <> 'deleted' BEGIN
    UPDATE community_counts SET threads = threads + 1 WHERE community_id = NEW.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER community_counts_thread_out AFTER DELETE ON threads WHEN OLD.status <> 'deleted' BEGIN
    UPDATE community_counts SET threads = threads - 1 WHERE community_id = OLD.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER community_counts_thread_change AFTER UPDATE OF status, community_id ON threads
WHEN (OLD.status = 'deleted') <> (NEW.status = 'deleted') OR (OLD.community_id <> NEW.community_id AND NEW.status <> 'deleted') BEGIN
    UPDATE community_counts SET threads = threads - 1 WHERE community_id = OLD.community_id AND OLD.status <> 'deleted';
    UPDATE community_counts SET threads = threads + 1 WHERE community_id = NEW.community_id AND NEW.status <> 'deleted';
END;
-- +goose StatementEnd

-- How many entries a community's activity log has each day (UTC days:
-- created_at / 86400000), for the chart of the community page, which
-- counted 28,000 entries a view in the busiest community at large. The
-- log is append-only; triggers count each entry as it is written.
CREATE TABLE activity_days (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    day INTEGER NOT NULL,
    entries INTEGER NOT NULL,
    PRIMARY KEY (community_id, day)
) WITHOUT ROWID;
INSERT INTO activity_days (community_id, day, entries)
SELECT community_id, created_at / 86400000, count(*) FROM activity WHERE community_id IS NOT NULL GROUP BY 1, 2;

-- +goose StatementBegin
CREATE TRIGGER activity_days_in AFTER INSERT ON activity WHEN NEW.community_id IS NOT NULL BEGIN
    INSERT INTO activity_days (community_id, day, entries) VALUES (NEW.community_id, NEW.created_at / 86400000, 1)
    ON CONFLICT (community_id, day) DO UPDATE SET entries = entries + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER activity_days_out AFTER DELETE ON activity WHEN OLD.community_id IS NOT NULL BEGIN
    UPDATE activity_days SET entries = entries - 1 WHERE community_id = OLD.community_id AND day = OLD.created_at / 86400000;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER activity_days_change AFTER UPDATE OF community_id, created_at ON activity BEGIN
    UPDATE activity_days SET entries = entries - 1 WHERE community_id = OLD.community_id AND day = OLD.created_at / 86400000;
    INSERT INTO activity_days (community_id, day, entries) SELECT NEW.community_id, NEW.created_at / 86400000, 1
    WHERE NEW.community_id IS NOT NULL ON CONFLICT (community_id, day) DO UPDATE SET entries = entries + 1;
END;
-- +goose StatementEnd

-- The pinned threads of a community: a few among thousands, which the
-- community page looked for by walking all of them by date.
CREATE INDEX threads_community_pinned ON threads (community_id, created_at) WHERE pinned;

-- +goose Down
DROP INDEX threads_community_pinned;
DROP TRIGGER activity_days_change;
DROP TRIGGER activity_days_out;
DROP TRIGGER activity_days_in;
DROP TABLE activity_days;
DROP TRIGGER community_counts_thread_change;
DROP TRIGGER community_counts_thread_out;
DROP TRIGGER community_counts_thread_in;
DROP TRIGGER community_counts_member_change;
DROP TRIGGER community_counts_member_out;
DROP TRIGGER community_counts_member_in;
DROP TRIGGER community_counts_new;
DROP TABLE community_counts;
