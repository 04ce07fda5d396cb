-- +goose Up
-- Members' unread counts are kept (sqlstore/notifications.go, UnreadCount)
-- under a stamp: the newest of their notifications, the last time one was
-- read, and this version, which moves with every write that can change
-- whether someone may still see a notification: a community's visibility,
-- a membership, an event's visibility, host or invitee, a thread deleted,
-- restored or moved, a post deleted or restored, notifications deleted
-- (with their thread, post, event or person). Rows written thousands a
-- statement (the bench seed, imports) move it once a statement.
CREATE TABLE visibility_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO visibility_version (id, version) VALUES (1, 0);

-- +goose StatementBegin
CREATE FUNCTION visibility_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE visibility_version SET version = version + 1;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER communities_visibility AFTER UPDATE OF visibility ON communities FOR EACH ROW
    WHEN (NEW.visibility IS DISTINCT FROM OLD.visibility) EXECUTE FUNCTION visibility_version_bump();
CREATE TRIGGER memberships_visibility_in_out AFTER INSERT OR DELETE ON memberships FOR EACH STATEMENT
    EXECUTE FUNCTION visibility_version_bump();
CREATE TRIGGER memberships_visibility_change AFTER UPDATE OF state, role, community_id, user_id ON memberships FOR EACH ROW
    WHEN (NEW.state IS DISTINCT FROM OLD.state OR NEW.role IS DISTINCT FROM OLD.role
        OR NEW.community_id IS DISTINCT FROM OLD.community_id OR NEW.user_id IS DISTINCT FROM OLD.user_id)
    EXECUTE FUNCTION visibility_version_bump();
CREATE TRIGGER events_visibility AFTER UPDATE OF visibility, community_id ON events FOR EACH ROW
    WHEN (NEW.visibility IS DISTINCT FROM OLD.visibility OR NEW.community_id IS DISTINCT FROM OLD.community_id)
    EXECUTE FUNCTION visibility_version_bump();
CREATE TRIGGER event_hosts_visibility AFTER INSERT OR DELETE ON event_hosts FOR EACH STATEMENT
    EXECUTE FUNCTION visibility_version_bump();
CREATE TRIGGER event_invitees_visibility AFTER INSERT OR DELETE ON event_invitees FOR EACH STATEMENT
    EXECUTE FUNCTION visibility_version_bump();
CREATE TRIGGER threads_visibility AFTER UPDATE OF status, community_id ON threads FOR EACH ROW
    WHEN ((NEW.status = 'deleted') IS DISTINCT FROM (OLD.status = 'deleted') OR NEW.community_id IS DISTINCT FROM OLD.community_id)
    EXECUTE FUNCTION visibility_version_bump();
CREATE TRIGGER posts_visibility AFTER UPDATE OF deleted_at ON posts FOR EACH ROW
    WHEN ((NEW.deleted_at IS NULL) IS DISTINCT FROM (OLD.deleted_at IS NULL))
    EXECUTE FUNCTION visibility_version_bump();
CREATE TRIGGER notifications_visibility_out AFTER DELETE ON notifications FOR EACH STATEMENT
    EXECUTE FUNCTION visibility_version_bump();

-- +goose Down
DROP TRIGGER notifications_visibility_out ON notifications;
DROP TRIGGER posts_visibility ON posts;
DROP TRIGGER threads_visibility ON threads;
DROP TRIGGER event_invitees_visibility ON event_invitees;
DROP TRIGGER event_hosts_visibility ON event_hosts;
DROP TRIGGER events_visibility ON events;
DROP TRIGGER memberships_visibility_change ON memberships;
DROP TRIGGER memberships_visibility_in_out ON memberships;
DROP TRIGGER communities_visibility ON communities;
DROP FUNCTION visibility_version_bump();
DROP TABLE visibility_version;
