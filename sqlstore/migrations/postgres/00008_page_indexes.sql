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
    community_id BIGINT PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    members BIGINT NOT NULL DEFAULT 0,
    threads BIGINT NOT NULL DEFAULT 0,
    members_version BIGINT NOT NULL DEFAULT 0
);
INSERT INTO community_counts (community_id, members, threads)
SELECT c.id,
    (SELECT count(*) FROM memberships m WHERE m.community_id = c.id AND m.state = 'active'),
    (SELECT count(*) FROM threads t WHERE t.community_id = c.id AND t.status <> 'deleted')
FROM communities c;

-- Inserts and deletes are counted once per statement, from the statement's
-- rows: the bench seed and imports write thousands of rows a statement,
-- and one update per row of the same counts row in one transaction would
-- leave a chain of thousands of row versions to walk. Updates that move a
-- row in or out of the count are rare and single: they are counted per row.

-- +goose StatementBegin
CREATE FUNCTION community_counts_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO community_counts (community_id) SELECT id FROM new_rows;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER community_counts_new AFTER INSERT ON communities
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_counts_new();

-- +goose StatementBegin
CREATE FUNCTION community_counts_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE community_counts c SET members = c.members + n.k, members_version = c.members_version + 1
        FROM (SELECT community_id, count(*) AS k FROM new_rows WHERE state = 'active' GROUP BY community_id) n
        WHERE c.community_id = n.community_id;
    ELSE
        UPDATE community_counts c SET members = c.members - n.k, members_version = c.members_version + 1
        FROM (SELECT community_id, count(*) AS k FROM old_rows WHERE state = 'active' GROUP BY community_id) n
        WHERE c.community_id = n.community_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER community_counts_member_in AFTER INSERT ON memberships
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_counts_members();
CREATE TRIGGER community_counts_member_out AFTER DELETE ON memberships
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION community_counts_members();

-- +goose StatementBegin
CREATE FUNCTION community_counts_member_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- One statement for both rows, so that two moves in opposite
    -- directions lock them in the same order.
    UPDATE community_counts SET members = members
        - CASE WHEN community_id = OLD.community_id AND OLD.state = 'active' THEN 1 ELSE 0 END
        + CASE WHEN community_id = NEW.community_id AND NEW.state = 'active' THEN 1 ELSE 0 END,
        members_version = members_version + 1
    WHERE community_id IN (OLD.community_id, NEW.community_id);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER community_counts_member_change AFTER UPDATE OF state, community_id, user_id ON memberships FOR EACH ROW
    WHEN (OLD.state = 'active' OR NEW.state = 'active')
    EXECUTE FUNCTION community_counts_member_change();

-- +goose StatementBegin
CREATE FUNCTION community_counts_threads() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE community_counts c SET threads = c.threads + n.k
        FROM (SELECT community_id, count(*) AS k FROM new_rows WHERE status <> 'deleted' GROUP BY community_id) n
        WHERE c.community_id = n.community_id;
    ELSE
        UPDATE community_counts c SET threads = c.threads - n.k
        FROM (SELECT community_id, count(*) AS k FROM old_rows WHERE status <> 'deleted' GROUP BY community_id) n
        WHERE c.community_id = n.community_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER community_counts_thread_in AFTER INSERT ON threads
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_counts_threads();
CREATE TRIGGER community_counts_thread_out AFTER DELETE ON threads
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION community_counts_threads();

-- +goose StatementBegin
CREATE FUNCTION community_counts_thread_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE community_counts SET threads = threads
        - CASE WHEN community_id = OLD.community_id AND OLD.status <> 'deleted' THEN 1 ELSE 0 END
        + CASE WHEN community_id = NEW.community_id AND NEW.status <> 'deleted' THEN 1 ELSE 0 END
    WHERE community_id IN (OLD.community_id, NEW.community_id);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER community_counts_thread_change AFTER UPDATE OF status, community_id ON threads FOR EACH ROW
    WHEN ((OLD.status = 'deleted') <> (NEW.status = 'deleted') OR (OLD.community_id <> NEW.community_id AND NEW.status <> 'deleted'))
    EXECUTE FUNCTION community_counts_thread_change();

-- How many entries a community's activity log has each day (UTC days:
-- created_at / 86400000), for the chart of the community page, which
-- counted 28,000 entries a view in the busiest community at large. The
-- log is append-only; triggers count each entry as it is written.
CREATE TABLE activity_days (
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    entries BIGINT NOT NULL,
    PRIMARY KEY (community_id, day)
);
INSERT INTO activity_days (community_id, day, entries)
SELECT community_id, created_at / 86400000, count(*) FROM activity WHERE community_id IS NOT NULL GROUP BY 1, 2;

-- +goose StatementBegin
CREATE FUNCTION activity_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO activity_days (community_id, day, entries)
        SELECT community_id, created_at / 86400000, count(*) FROM new_rows WHERE community_id IS NOT NULL GROUP BY 1, 2
        ON CONFLICT (community_id, day) DO UPDATE SET entries = activity_days.entries + excluded.entries;
    ELSE
        UPDATE activity_days d SET entries = d.entries - o.k
        FROM (SELECT community_id, created_at / 86400000 AS day, count(*) AS k FROM old_rows GROUP BY 1, 2) o
        WHERE d.community_id = o.community_id AND d.day = o.day;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER activity_days_in AFTER INSERT ON activity
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_count();
CREATE TRIGGER activity_days_out AFTER DELETE ON activity
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_count();

-- +goose StatementBegin
CREATE FUNCTION activity_days_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE activity_days SET entries = entries - 1 WHERE community_id = OLD.community_id AND day = OLD.created_at / 86400000;
    IF NEW.community_id IS NOT NULL THEN
        INSERT INTO activity_days (community_id, day, entries) VALUES (NEW.community_id, NEW.created_at / 86400000, 1)
        ON CONFLICT (community_id, day) DO UPDATE SET entries = activity_days.entries + 1;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER activity_days_change AFTER UPDATE OF community_id, created_at ON activity FOR EACH ROW
    EXECUTE FUNCTION activity_days_change();

-- The pinned threads of a community: a few among thousands, which the
-- community page looked for by walking all of them by date.
CREATE INDEX threads_community_pinned ON threads (community_id, created_at) WHERE pinned;

-- A community's latest activity is sorted by time, then id. With the id in
-- the index PostgreSQL reads only the entries it shows, instead of sorting
-- every entry of the latest instant (SQLite's index ends with the rowid).
CREATE INDEX activity_community_time_id ON activity (community_id, created_at, id);
DROP INDEX activity_community_time;

-- +goose Down
CREATE INDEX activity_community_time ON activity (community_id, created_at);
DROP INDEX activity_community_time_id;
DROP INDEX threads_community_pinned;
DROP TRIGGER activity_days_change ON activity;
DROP FUNCTION activity_days_change();
DROP TRIGGER activity_days_out ON activity;
DROP TRIGGER activity_days_in ON activity;
DROP FUNCTION activity_days_count();
DROP TABLE activity_days;
DROP TRIGGER community_counts_thread_change ON threads;
DROP TRIGGER community_counts_thread_out ON threads;
DROP TRIGGER community_counts_thread_in ON threads;
DROP FUNCTION community_counts_thread_change();
DROP FUNCTION community_counts_threads();
DROP TRIGGER community_counts_member_change ON memberships;
DROP TRIGGER community_counts_member_out ON memberships;
DROP TRIGGER community_counts_member_in ON memberships;
DROP FUNCTION community_counts_member_change();
DROP FUNCTION community_counts_members();
DROP TRIGGER community_counts_new ON communities;
DROP FUNCTION community_counts_new();
DROP TABLE community_counts;
