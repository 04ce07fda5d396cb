-- +goose Up
-- Versions of what a page shows to anonymous visitors. The web server keeps
-- the pages it rendered for them and serves one again while the versions it
-- was rendered at are still the versions in the database (web/pagecache.go;
-- docs/BENCHMARKS.md, "Anonymous pages kept against versions"). Triggers
-- move the versions in the transaction of every change to a row such a page
-- shows, whoever writes it, so no write path can forget to: a thread's
-- version moves with its row, its posts, the votes counted on them, its
-- topics, the links to it, its duplicates and the articles written from it;
-- a community's with its row and its topics; the site's with the settings
-- and the names people show. A page also shows other threads (related
-- ones) and times relative to now: those are kept at most a short while
-- (pageCacheTTL), never past a change of visibility, which moves the
-- community's version.
ALTER TABLE threads ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE communities ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
CREATE TABLE site_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO site_version (id, version) VALUES (1, 0);

-- A trigger's own update of the row sets the version, so it does not fire
-- the trigger again (and SQLite does not recurse into triggers anyway).
-- +goose StatementBegin
CREATE TRIGGER threads_version AFTER UPDATE ON threads WHEN NEW.version = OLD.version BEGIN
    UPDATE threads SET version = OLD.version + 1 WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER threads_version_duplicates AFTER UPDATE OF duplicate_of ON threads
WHEN OLD.duplicate_of IS NOT NEW.duplicate_of BEGIN
    UPDATE threads SET version = version + 1 WHERE id IN (OLD.duplicate_of, NEW.duplicate_of);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER posts_version_in AFTER INSERT ON posts BEGIN
    UPDATE threads SET version = version + 1 WHERE id = NEW.thread_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER posts_version_change AFTER UPDATE ON posts BEGIN
    UPDATE threads SET version = version + 1 WHERE id IN (OLD.thread_id, NEW.thread_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER posts_version_out AFTER DELETE ON posts BEGIN
    UPDATE threads SET version = version + 1 WHERE id = OLD.thread_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER thread_topics_version_in AFTER INSERT ON thread_topics BEGIN
    UPDATE threads SET version = version + 1 WHERE id = NEW.thread_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER thread_topics_version_out AFTER DELETE ON thread_topics BEGIN
    UPDATE threads SET version = version + 1 WHERE id = OLD.thread_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER post_links_version_in AFTER INSERT ON post_links BEGIN
    UPDATE threads SET version = version + 1 WHERE id = NEW.thread_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER post_links_version_out AFTER DELETE ON post_links BEGIN
    UPDATE threads SET version = version + 1 WHERE id = OLD.thread_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER article_sources_version_in AFTER INSERT ON article_sources BEGIN
    UPDATE threads SET version = version + 1 WHERE id = NEW.thread_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER article_sources_version_out AFTER DELETE ON article_sources BEGIN
    UPDATE threads SET version = version + 1 WHERE id = OLD.thread_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER articles_version AFTER UPDATE OF title, status, community_id ON articles BEGIN
    UPDATE threads SET version = version + 1 WHERE id IN (SELECT thread_id FROM article_sources WHERE article_id = NEW.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER communities_version AFTER UPDATE ON communities WHEN NEW.version = OLD.version BEGIN
    UPDATE communities SET version = OLD.version + 1 WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER topics_version AFTER UPDATE ON topics BEGIN
    UPDATE communities SET version = version + 1 WHERE id IN (OLD.community_id, NEW.community_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER settings_version AFTER UPDATE ON settings BEGIN
    UPDATE site_version SET version = version + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER users_version AFTER UPDATE OF handle, display_name, organization ON users
WHEN OLD.handle IS NOT NEW.handle OR OLD.display_name IS NOT NEW.display_name OR OLD.organization IS NOT NEW.organization BEGIN
    UPDATE site_version SET version = version + 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER users_version;
DROP TRIGGER settings_version;
DROP TRIGGER topics_version;
DROP TRIGGER communities_version;
DROP TRIGGER articles_version;
DROP TRIGGER article_sources_version_out;
DROP TRIGGER article_sources_version_in;
DROP TRIGGER post_links_version_out;
DROP TRIGGER post_links_version_in;
DROP TRIGGER thread_topics_version_out;
DROP TRIGGER thread_topics_version_in;
DROP TRIGGER posts_version_out;
DROP TRIGGER posts_version_change;
DROP TRIGGER posts_version_in;
DROP TRIGGER threads_version_duplicates;
DROP TRIGGER threads_version;
DROP TABLE site_version;
ALTER TABLE communities DROP COLUMN version;
ALTER TABLE threads DROP COLUMN version;
