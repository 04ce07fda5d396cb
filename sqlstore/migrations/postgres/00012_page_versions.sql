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
ALTER TABLE threads ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE communities ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
CREATE TABLE site_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO site_version (id, version) VALUES (1, 0);

-- A row's own version moves before the row is written: no second write.
-- +goose StatementBegin
CREATE FUNCTION row_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER threads_version BEFORE UPDATE ON threads FOR EACH ROW EXECUTE FUNCTION row_version();
CREATE TRIGGER communities_version BEFORE UPDATE ON communities FOR EACH ROW EXECUTE FUNCTION row_version();

-- +goose StatementBegin
CREATE FUNCTION threads_version_duplicates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE threads SET version = version + 1 WHERE id IN (OLD.duplicate_of, NEW.duplicate_of);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER threads_version_duplicates AFTER UPDATE OF duplicate_of ON threads FOR EACH ROW
    WHEN (OLD.duplicate_of IS DISTINCT FROM NEW.duplicate_of) EXECUTE FUNCTION threads_version_duplicates();

-- Rows that belong to a thread move its version once per statement, from
-- the statement's rows: the bench seed and imports write thousands of
-- posts a statement.
-- +goose StatementBegin
CREATE FUNCTION thread_rows_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE threads SET version = version + 1 WHERE id IN (SELECT thread_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE threads SET version = version + 1 WHERE id IN (SELECT thread_id FROM old_rows);
    ELSE
        UPDATE threads SET version = version + 1
        WHERE id IN (SELECT thread_id FROM old_rows UNION SELECT thread_id FROM new_rows);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER posts_version_in AFTER INSERT ON posts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_rows_version();
CREATE TRIGGER posts_version_change AFTER UPDATE ON posts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_rows_version();
CREATE TRIGGER posts_version_out AFTER DELETE ON posts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_rows_version();
CREATE TRIGGER thread_topics_version_in AFTER INSERT ON thread_topics
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_rows_version();
CREATE TRIGGER thread_topics_version_out AFTER DELETE ON thread_topics
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_rows_version();
CREATE TRIGGER post_links_version_in AFTER INSERT ON post_links
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_rows_version();
CREATE TRIGGER post_links_version_out AFTER DELETE ON post_links
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_rows_version();
CREATE TRIGGER article_sources_version_in AFTER INSERT ON article_sources
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_rows_version();
CREATE TRIGGER article_sources_version_out AFTER DELETE ON article_sources
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_rows_version();

-- +goose StatementBegin
CREATE FUNCTION articles_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE threads SET version = version + 1 WHERE id IN (SELECT thread_id FROM article_sources WHERE article_id = NEW.id);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER articles_version AFTER UPDATE OF title, status, community_id ON articles FOR EACH ROW
    EXECUTE FUNCTION articles_version();

-- +goose StatementBegin
CREATE FUNCTION topics_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE communities SET version = version + 1 WHERE id IN (OLD.community_id, NEW.community_id);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER topics_version AFTER UPDATE ON topics FOR EACH ROW EXECUTE FUNCTION topics_version();

-- +goose StatementBegin
CREATE FUNCTION site_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE site_version SET version = version + 1;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER settings_version AFTER UPDATE ON settings FOR EACH STATEMENT EXECUTE FUNCTION site_version_bump();
CREATE TRIGGER users_version AFTER UPDATE OF handle, display_name, organization ON users FOR EACH ROW
    WHEN (OLD.handle IS DISTINCT FROM NEW.handle OR OLD.display_name IS DISTINCT FROM NEW.display_name
        OR OLD.organization IS DISTINCT FROM NEW.organization)
    EXECUTE FUNCTION site_version_bump();

-- +goose Down
DROP TRIGGER users_version ON users;
DROP TRIGGER settings_version ON settings;
DROP FUNCTION site_version_bump();
DROP TRIGGER topics_version ON topics;
DROP FUNCTION topics_version();
DROP TRIGGER articles_version ON articles;
DROP FUNCTION articles_version();
DROP TRIGGER article_sources_version_out ON article_sources;
DROP TRIGGER article_sources_version_in ON article_sources;
DROP TRIGGER post_links_version_out ON post_links;
DROP TRIGGER post_links_version_in ON post_links;
DROP TRIGGER thread_topics_version_out ON thread_topics;
DROP TRIGGER thread_topics_version_in ON thread_topics;
DROP TRIGGER posts_version_out ON posts;
DROP TRIGGER posts_version_change ON posts;
DROP TRIGGER posts_version_in ON posts;
DROP FUNCTION thread_rows_version();
DROP TRIGGER threads_version_duplicates ON threads;
DROP FUNCTION threads_version_duplicates();
DROP TRIGGER communities_version ON communities;
DROP TRIGGER threads_version ON threads;
DROP FUNCTION row_version();
DROP TABLE site_version;
ALTER TABLE communities DROP COLUMN version;
ALTER TABLE threads DROP COLUMN version;
