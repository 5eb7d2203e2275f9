-- Notices (通知): each edit a new revision, recipients resolved at publishing with their
-- opening and signing (签收), attachments stored by content hash.
-- Keep in step with ../postgres/0004_notices.sql.

CREATE TABLE notices (
    id              INTEGER PRIMARY KEY,
    -- the issuing org
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    -- draft, published or withdrawn
    status          TEXT NOT NULL,
    -- the current revision; revisions are never changed once written
    revision        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    doc_number      TEXT NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES accounts(id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    published_at    INTEGER,
    withdrawn_at    INTEGER,
    withdraw_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notices_org ON notices(org_id, status, updated_at);

CREATE TABLE notice_revisions (
    notice_id   INTEGER NOT NULL REFERENCES notices(id),
    revision    INTEGER NOT NULL,
    -- the structured notice (gongwen NoticeDraft) as JSON
    content     TEXT NOT NULL,
    -- the text it was parsed from, kept for re-editing
    source      TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES accounts(id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (notice_id, revision)
);

-- What the author chose: an org, alone or with its whole subtree.
CREATE TABLE notice_targets (
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    subtree   INTEGER NOT NULL,
    PRIMARY KEY (notice_id, org_id)
);

-- One row per recipient org, made when the notice is published.
CREATE TABLE notice_recipients (
    notice_id       INTEGER NOT NULL REFERENCES notices(id),
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    opened_at       INTEGER,
    opened_by       INTEGER REFERENCES accounts(id),
    opened_revision INTEGER,
    signed_at       INTEGER,
    signed_by       INTEGER REFERENCES accounts(id),
    signed_revision INTEGER,
    PRIMARY KEY (notice_id, org_id)
);
CREATE INDEX notice_recipients_org ON notice_recipients(org_id, notice_id);

CREATE TABLE files (
    hash         TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE notice_attachments (
    id         INTEGER PRIMARY KEY,
    notice_id  INTEGER NOT NULL REFERENCES notices(id),
    name       TEXT NOT NULL,
    file_hash  TEXT NOT NULL REFERENCES files(hash),
    added_by   INTEGER REFERENCES accounts(id),
    added_at   INTEGER NOT NULL,
    removed_at INTEGER
);
CREATE INDEX notice_attachments_notice ON notice_attachments(notice_id);
