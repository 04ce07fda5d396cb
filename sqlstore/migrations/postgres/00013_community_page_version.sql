-- +goose Up
-- The version of what a community's page shows anonymous visitors beyond
-- the community's own row (00012): its threads (whose versions move with
-- their posts, votes and the rest), the activity log, goals, events and
-- their occurrences, collections and articles. The page is kept against it
-- (web/pagecache.go), with the community's version, its members' version
-- and the site's. Threads move it with their version, once for each change
-- to a thread, not once for each of its rows written. Rows written
-- thousands a statement (the bench seed, imports) move it once a statement.
ALTER TABLE community_counts ADD COLUMN page_version BIGINT NOT NULL DEFAULT 0;

-- +goose StatementBegin
CREATE FUNCTION community_rows_page_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE community_counts SET page_version = page_version + 1 WHERE community_id IN (SELECT community_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE community_counts SET page_version = page_version + 1 WHERE community_id IN (SELECT community_id FROM old_rows);
    ELSE
        UPDATE community_counts SET page_version = page_version + 1
        WHERE community_id IN (SELECT community_id FROM old_rows UNION SELECT community_id FROM new_rows);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION collection_items_page_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE community_counts SET page_version = page_version + 1
        WHERE community_id IN (SELECT c.community_id FROM collections c JOIN new_rows n ON n.collection_id = c.id);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE community_counts SET page_version = page_version + 1
        WHERE community_id IN (SELECT c.community_id FROM collections c JOIN old_rows o ON o.collection_id = c.id);
    ELSE
        UPDATE community_counts SET page_version = page_version + 1
        WHERE community_id IN (SELECT c.community_id FROM collections c
            WHERE c.id IN (SELECT collection_id FROM old_rows UNION SELECT collection_id FROM new_rows));
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER threads_page_in AFTER INSERT ON threads
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER threads_page_change AFTER UPDATE ON threads
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER threads_page_out AFTER DELETE ON threads
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER goals_page_in AFTER INSERT ON goals
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER goals_page_change AFTER UPDATE ON goals
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER goals_page_out AFTER DELETE ON goals
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER events_page_in AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER events_page_change AFTER UPDATE ON events
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER events_page_out AFTER DELETE ON events
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER event_occurrences_page_in AFTER INSERT ON event_occurrences
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER event_occurrences_page_change AFTER UPDATE ON event_occurrences
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER event_occurrences_page_out AFTER DELETE ON event_occurrences
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER collections_page_in AFTER INSERT ON collections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER collections_page_change AFTER UPDATE ON collections
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER collections_page_out AFTER DELETE ON collections
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER articles_page_in AFTER INSERT ON articles
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER articles_page_change AFTER UPDATE ON articles
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER articles_page_out AFTER DELETE ON articles
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();
CREATE TRIGGER collection_items_page_in AFTER INSERT ON collection_items
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION collection_items_page_version();
CREATE TRIGGER collection_items_page_change AFTER UPDATE ON collection_items
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION collection_items_page_version();
CREATE TRIGGER collection_items_page_out AFTER DELETE ON collection_items
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION collection_items_page_version();
CREATE TRIGGER activity_page_in AFTER INSERT ON activity
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_rows_page_version();

-- +goose Down
DROP TRIGGER activity_page_in ON activity;
DROP TRIGGER collection_items_page_out ON collection_items;
DROP TRIGGER collection_items_page_change ON collection_items;
DROP TRIGGER collection_items_page_in ON collection_items;
DROP TRIGGER articles_page_out ON articles;
DROP TRIGGER articles_page_change ON articles;
DROP TRIGGER articles_page_in ON articles;
DROP TRIGGER collections_page_out ON collections;
DROP TRIGGER collections_page_change ON collections;
DROP TRIGGER collections_page_in ON collections;
DROP TRIGGER event_occurrences_page_out ON event_occurrences;
DROP TRIGGER event_occurrences_page_change ON event_occurrences;
DROP TRIGGER event_occurrences_page_in ON event_occurrences;
DROP TRIGGER events_page_out ON events;
DROP TRIGGER events_page_change ON events;
DROP TRIGGER events_page_in ON events;
DROP TRIGGER goals_page_out ON goals;
DROP TRIGGER goals_page_change ON goals;
DROP TRIGGER goals_page_in ON goals;
DROP TRIGGER threads_page_out ON threads;
DROP TRIGGER threads_page_change ON threads;
DROP TRIGGER threads_page_in ON threads;
DROP FUNCTION collection_items_page_version();
DROP FUNCTION community_rows_page_version();
ALTER TABLE community_counts DROP COLUMN page_version;
