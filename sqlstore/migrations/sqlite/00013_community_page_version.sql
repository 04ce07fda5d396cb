-- +goose Up
-- The version of what a community's page shows anonymous visitors beyond
-- the community's own row (00012): its threads (whose versions move with
-- their posts, votes and the rest), the activity log, goals, events and
-- their occurrences, collections and articles. The page is kept against it
-- (web/pagecache.go), with the community's version, its members' version
-- and the site's. Threads move it with their version, once for each change
-- to a thread, not once for each of its rows written.
ALTER TABLE community_counts ADD COLUMN page_version INTEGER NOT NULL DEFAULT 0;

-- +goose StatementBegin
CREATE TRIGGER threads_page_in AFTER INSERT ON threads BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = NEW.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER threads_page_change AFTER UPDATE OF version ON threads BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id IN (OLD.community_id, NEW.community_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER threads_page_out AFTER DELETE ON threads BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = OLD.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER goals_page_in AFTER INSERT ON goals BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = NEW.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER goals_page_change AFTER UPDATE ON goals BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id IN (OLD.community_id, NEW.community_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER goals_page_out AFTER DELETE ON goals BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = OLD.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER events_page_in AFTER INSERT ON events BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = NEW.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER events_page_change AFTER UPDATE ON events BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id IN (OLD.community_id, NEW.community_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER events_page_out AFTER DELETE ON events BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = OLD.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER event_occurrences_page_in AFTER INSERT ON event_occurrences BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = NEW.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER event_occurrences_page_change AFTER UPDATE ON event_occurrences BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id IN (OLD.community_id, NEW.community_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER event_occurrences_page_out AFTER DELETE ON event_occurrences BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = OLD.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER collections_page_in AFTER INSERT ON collections BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = NEW.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER collections_page_change AFTER UPDATE ON collections BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id IN (OLD.community_id, NEW.community_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER collections_page_out AFTER DELETE ON collections BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = OLD.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER articles_page_in AFTER INSERT ON articles BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = NEW.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER articles_page_change AFTER UPDATE ON articles BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id IN (OLD.community_id, NEW.community_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER articles_page_out AFTER DELETE ON articles BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = OLD.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER activity_page_in AFTER INSERT ON activity WHEN NEW.community_id IS NOT NULL BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = NEW.community_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER collection_items_page_in AFTER INSERT ON collection_items BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = (SELECT community_id FROM collections WHERE id = NEW.collection_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER collection_items_page_change AFTER UPDATE ON collection_items BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id IN (SELECT community_id FROM collections WHERE id IN (OLD.collection_id, NEW.collection_id));
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER collection_items_page_out AFTER DELETE ON collection_items BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = (SELECT community_id FROM collections WHERE id = OLD.collection_id);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER collection_items_page_out;
DROP TRIGGER collection_items_page_change;
DROP TRIGGER collection_items_page_in;
DROP TRIGGER activity_page_in;
DROP TRIGGER articles_page_out;
DROP TRIGGER articles_page_change;
DROP TRIGGER articles_page_in;
DROP TRIGGER collections_page_out;
DROP TRIGGER collections_page_change;
DROP TRIGGER collections_page_in;
DROP TRIGGER event_occurrences_page_out;
DROP TRIGGER event_occurrences_page_change;
DROP TRIGGER event_occurrences_page_in;
DROP TRIGGER events_page_out;
DROP TRIGGER events_page_change;
DROP TRIGGER events_page_in;
DROP TRIGGER goals_page_out;
DROP TRIGGER goals_page_change;
DROP TRIGGER goals_page_in;
DROP TRIGGER threads_page_out;
DROP TRIGGER threads_page_change;
DROP TRIGGER threads_page_in;
ALTER TABLE community_counts DROP COLUMN page_version;
