-- +goose Up
-- Times are UTC Unix milliseconds (INTEGER); calendar dates are 'YYYY-MM-DD' text.
CREATE TABLE settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    signup_policy TEXT NOT NULL,
    allowed_domains TEXT NOT NULL DEFAULT '',
    community_creation TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL UNIQUE,
    email TEXT UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    role TEXT NOT NULL DEFAULT 'member',
    organization TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    time_zone TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    suspended INTEGER NOT NULL DEFAULT 0,
    external_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX users_role ON users (role);

CREATE TABLE user_expertise (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    topic TEXT NOT NULL,
    PRIMARY KEY (user_id, position)
);
CREATE INDEX user_expertise_topic ON user_expertise (lower(topic));

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    ip TEXT NOT NULL,
    success INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX login_attempts_account ON login_attempts (account, created_at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, created_at);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by INTEGER REFERENCES users (id),
    used_at INTEGER
);

CREATE TABLE communities (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    domain_statement TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL,
    visibility TEXT NOT NULL,
    join_policy TEXT NOT NULL,
    stage TEXT NOT NULL,
    charter_values TEXT NOT NULL DEFAULT '',
    charter_norms TEXT NOT NULL DEFAULT '',
    charter_version INTEGER NOT NULL DEFAULT 0,
    external_id TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX communities_visibility ON communities (visibility);

CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    due_date TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    position INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX goals_community ON goals (community_id, position);

CREATE TABLE charter_revisions (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    snapshot TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (community_id, number)
);

CREATE TABLE memberships (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    state TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    invited_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    joined_at INTEGER,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id, state);
CREATE INDEX memberships_state ON memberships (community_id, state);

-- The activity log: append-only, read by community and time and by actor and time.
CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    community_id INTEGER REFERENCES communities (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    verb TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX activity_community_time ON activity (community_id, created_at);
CREATE INDEX activity_actor_time ON activity (actor_id, created_at);
CREATE INDEX activity_community_actor_time ON activity (community_id, actor_id, created_at);

-- +goose Down
DROP TABLE activity;
DROP TABLE memberships;
DROP TABLE charter_revisions;
DROP TABLE goals;
DROP TABLE communities;
DROP TABLE invitations;
DROP TABLE login_attempts;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE user_expertise;
DROP TABLE users;
DROP TABLE settings;
