-- +goose Up
-- Imports keep every object's id in its source as external_id, so running an
-- import again (after an interruption, or to catch up) adds nothing twice.
-- A user's id is only unique within its source (a Stack Exchange site, a
-- mailing list), which external_source names; threads and posts are
-- qualified by their community.
ALTER TABLE users ADD COLUMN external_source TEXT;
CREATE UNIQUE INDEX users_external ON users (external_source, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX threads_external ON threads (community_id, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX posts_external ON posts (community_id, external_id) WHERE external_id IS NOT NULL;

-- A placeholder is a user without a password (imported people, whose e-mail
-- address, if the source had one, is kept in email). It cannot sign in until
-- it is claimed: by signing up with that address, or through an invitation
-- an administrator binds to it.
ALTER TABLE invitations ADD COLUMN claim_user_id INTEGER REFERENCES users (id) ON DELETE CASCADE;

-- +goose Down
ALTER TABLE invitations DROP COLUMN claim_user_id;
DROP INDEX posts_external;
DROP INDEX threads_external;
DROP INDEX users_external;
ALTER TABLE users DROP COLUMN external_source;
