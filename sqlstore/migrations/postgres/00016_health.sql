-- +goose Up
-- The health view (sqlstore/health.go) counts a community's posts by week
-- and its newcomers. posts_community_live holds what the weekly count
-- reads, so that it never reads the posts themselves (their text makes
-- them wide); threads_deleted lists the deleted threads whose posts it
-- leaves out; memberships_joined finds the newcomers.
CREATE INDEX posts_community_live ON posts (community_id, created_at, author_id, thread_id, opening)
    WHERE deleted_at IS NULL AND hidden_at IS NULL;
CREATE INDEX threads_deleted ON threads (community_id) WHERE status = 'deleted';
CREATE INDEX memberships_joined ON memberships (community_id, joined_at);

-- +goose Down
DROP INDEX memberships_joined;
DROP INDEX threads_deleted;
DROP INDEX posts_community_live;
