-- +goose Up
ALTER TABLE communities ADD COLUMN kb_review_months INTEGER NOT NULL DEFAULT 12;

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    html TEXT NOT NULL,
    excerpt TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draft',
    verified_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    verified_at INTEGER,
    review_by TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 1,
    reuse_count INTEGER NOT NULL DEFAULT 0,
    copied_from INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    external_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    published_at INTEGER
);
CREATE INDEX articles_community_status ON articles (community_id, status, updated_at, id);
CREATE INDEX articles_review_by ON articles (status, review_by);
CREATE INDEX articles_copied_from ON articles (copied_from);

CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (article_id, user_id)
);
CREATE INDEX article_authors_user ON article_authors (user_id);

CREATE TABLE article_stewards (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, user_id)
);
CREATE INDEX article_stewards_user ON article_stewards (user_id);

CREATE TABLE article_topics (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, topic_id)
);
CREATE INDEX article_topics_topic ON article_topics (topic_id, article_id);

CREATE TABLE article_revisions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    UNIQUE (article_id, number)
);

CREATE TABLE article_reviews (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    reviewer_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    requested_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    state TEXT NOT NULL DEFAULT 'requested',
    comment TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (article_id, reviewer_id)
);
CREATE INDEX article_reviews_reviewer ON article_reviews (reviewer_id, state);

-- The threads an article was written from ("write it down once and for all").
CREATE TABLE article_sources (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, thread_id)
);
CREATE INDEX article_sources_thread ON article_sources (thread_id);

-- "I used this": evidence of applied value.
CREATE TABLE article_reuses (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (article_id, user_id)
);

CREATE TABLE article_attachments (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    attachment_id INTEGER NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, attachment_id)
);
CREATE INDEX article_attachments_attachment ON article_attachments (attachment_id);

CREATE TABLE collections (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    start_here INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX collections_community ON collections (community_id, position);

CREATE TABLE collection_items (
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    article_id INTEGER REFERENCES articles (id) ON DELETE CASCADE,
    thread_id INTEGER REFERENCES threads (id) ON DELETE CASCADE,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (collection_id, position)
);

-- +goose Down
DROP TABLE collection_items;
DROP TABLE collections;
DROP TABLE article_attachments;
DROP TABLE article_reuses;
DROP TABLE article_sources;
DROP TABLE article_reviews;
DROP TABLE article_revisions;
DROP TABLE article_topics;
DROP TABLE article_stewards;
DROP TABLE article_authors;
DROP TABLE articles;
ALTER TABLE communities DROP COLUMN kb_review_months;
