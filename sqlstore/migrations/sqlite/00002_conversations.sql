-- +goose Up
CREATE TABLE threads (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'open',
    pinned INTEGER NOT NULL DEFAULT 0,
    pinned_until INTEGER,
    locked INTEGER NOT NULL DEFAULT 0,
    accepted_post_id INTEGER,
    reply_count INTEGER NOT NULL DEFAULT 0,
    helpful_count INTEGER NOT NULL DEFAULT 0,
    excerpt TEXT NOT NULL DEFAULT '',
    external_id TEXT,
    created_at INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL
);
CREATE INDEX threads_community_activity ON threads (community_id, last_activity_at, id);
CREATE INDEX threads_community_created ON threads (community_id, created_at, id);
CREATE INDEX threads_community_helpful ON threads (community_id, helpful_count, id);
CREATE INDEX threads_author ON threads (author_id, created_at);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    opening INTEGER NOT NULL DEFAULT 0,
    reply_to_id INTEGER,
    source TEXT NOT NULL,
    html TEXT NOT NULL,
    helpful INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 1,
    deleted_at INTEGER,
    deleted_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    hidden_at INTEGER,
    external_id TEXT,
    created_at INTEGER NOT NULL,
    edited_at INTEGER
);
CREATE INDEX posts_thread ON posts (thread_id, id);
CREATE INDEX posts_author ON posts (author_id, created_at);
CREATE INDEX posts_community ON posts (community_id, created_at);

CREATE TABLE post_revisions (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    UNIQUE (post_id, number)
);

CREATE TABLE votes (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX votes_user ON votes (user_id, created_at);

CREATE TABLE topics (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    approved INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (community_id, name)
);

CREATE TABLE thread_topics (
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    PRIMARY KEY (thread_id, topic_id)
);
CREATE INDEX thread_topics_topic ON thread_topics (topic_id, thread_id);

-- What people follow: a community, a topic or a thread.
CREATE TABLE follows (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_type TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, target_type, target_id)
);
CREATE INDEX follows_target ON follows (target_type, target_id);

-- In-app notifications; other channels (e-mail, digests) read the same rows.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    community_id INTEGER REFERENCES communities (id) ON DELETE CASCADE,
    thread_id INTEGER REFERENCES threads (id) ON DELETE CASCADE,
    post_id INTEGER REFERENCES posts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);

CREATE TABLE flags (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    resolved_at INTEGER,
    resolved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    resolution TEXT NOT NULL DEFAULT ''
);
CREATE INDEX flags_community ON flags (community_id, resolved_at);
CREATE UNIQUE INDEX flags_once ON flags (post_id, user_id);

CREATE TABLE moderation_log (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    thread_id INTEGER,
    post_id INTEGER,
    reason TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX moderation_log_community ON moderation_log (community_id, created_at);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    post_id INTEGER REFERENCES posts (id) ON DELETE SET NULL,
    uploader_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE INDEX attachments_post ON attachments (post_id);
CREATE INDEX attachments_uploader ON attachments (uploader_id, created_at);

-- References from a post to other threads, for "linked from" lists.
CREATE TABLE post_links (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, thread_id)
);
CREATE INDEX post_links_thread ON post_links (thread_id);

-- +goose Down
DROP TABLE post_links;
DROP TABLE attachments;
DROP TABLE moderation_log;
DROP TABLE flags;
DROP TABLE notifications;
DROP TABLE follows;
DROP TABLE thread_topics;
DROP TABLE topics;
DROP TABLE votes;
DROP TABLE post_revisions;
DROP TABLE posts;
DROP TABLE threads;
