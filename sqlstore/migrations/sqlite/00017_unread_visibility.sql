-- +goose Up
-- Members' unread counts are kept (sqlstore/notifications.go, UnreadCount)
-- under a stamp: the newest of their notifications, the last time one was
-- read, and this version, which moves with every write that can change
-- whether someone may still see a notification: a community's visibility,
-- a membership, an event's visibility, host or invitee, a thread deleted,
-- restored or moved, a post deleted or restored, notifications deleted
-- (with their thread, post, event or person).
CREATE TABLE visibility_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO visibility_version (id, version) VALUES (1, 0);

-- +goose StatementBegin
CREATE TRIGGER communities_visibility AFTER UPDATE OF visibility ON communities
WHEN NEW.visibility IS NOT OLD.visibility BEGIN
    UPDATE visibility_version SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER memberships_visibility_in AFTER INSERT ON memberships BEGIN
    UPDATE visibility_version SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER memberships_visibility_change AFTER UPDATE OF state, role, community_id, user_id ON memberships
WHEN NEW.state IS NOT OLD.state OR NEW.role IS NOT OLD.role OR NEW.community_id IS NOT OLD.community_id OR NEW.user_id IS NOT OLD.user_id BEGIN
    UPDATE visibility_version SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER memberships_visibility_out AFTER DELETE ON memberships BEGIN
    UPDATE visibility_version SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER events_visibility AFTER UPDATE OF visibility, community_id ON events
WHEN NEW.visibility IS NOT OLD.visibility OR NEW.community_id IS NOT OLD.community_id BEGIN
    UPDATE visibility_version SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER event_hosts_visibility_in AFTER INSERT ON event_hosts BEGIN
    UPDATE visibility_version SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER event_hosts_visibility_out AFTER DELETE ON event_hosts BEGIN
    UPDATE visibility_version SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER event_invitees_visibility_in AFTER INSERT ON event_invitees BEGIN
    UPDATE visibility_version SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER event_invitees_visibility_out AFTER DELETE ON event_invitees BEGIN
    UPDATE visibility_version SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER threads_visibility AFTER UPDATE OF status, community_id ON threads
WHEN (NEW.status = 'deleted') IS NOT (OLD.status = 'deleted') OR NEW.community_id IS NOT OLD.community_id BEGIN
    UPDATE visibility_version SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER posts_visibility AFTER UPDATE OF deleted_at ON posts
WHEN (NEW.deleted_at IS NULL) IS NOT (OLD.deleted_at IS NULL) BEGIN
    UPDATE visibility_version SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER notifications_visibility_out AFTER DELETE ON notifications BEGIN
    UPDATE visibility_version SET version = version + 1;
END;
-- +goose StatementEnd

-- A thread moved to another community moves the page version of the
-- community it left too. 00013's threads_page_change runs on the update of
-- the thread's version that threads_version makes after the move, whose
-- old row is already in the new community.
-- +goose StatementBegin
CREATE TRIGGER threads_page_moved AFTER UPDATE OF community_id ON threads
WHEN NEW.community_id IS NOT OLD.community_id BEGIN
    UPDATE community_counts SET page_version = page_version + 1 WHERE community_id = OLD.community_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER threads_page_moved;
DROP TRIGGER notifications_visibility_out;
DROP TRIGGER posts_visibility;
DROP TRIGGER threads_visibility;
DROP TRIGGER event_invitees_visibility_out;
DROP TRIGGER event_invitees_visibility_in;
DROP TRIGGER event_hosts_visibility_out;
DROP TRIGGER event_hosts_visibility_in;
DROP TRIGGER events_visibility;
DROP TRIGGER memberships_visibility_out;
DROP TRIGGER memberships_visibility_change;
DROP TRIGGER memberships_visibility_in;
DROP TRIGGER communities_visibility;
DROP TABLE visibility_version;
