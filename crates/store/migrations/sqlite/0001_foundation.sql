-- Foundation: organisations, members, accounts, grants, sessions, login throttling, audit log.
-- Times are INTEGER milliseconds since the Unix epoch, UTC. Flags are INTEGER 0/1.
-- Keep in step with ../postgres/0001_foundation.sql: same tables, columns and indexes.

CREATE TABLE orgs (
    id             INTEGER PRIMARY KEY,
    parent_id      INTEGER REFERENCES orgs(id),
    -- materialised path of ids, '/1/7/42/', so a subtree is one indexed prefix range
    path           TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL,
    name           TEXT NOT NULL,
    short_name     TEXT NOT NULL DEFAULT '',
    society        TEXT NOT NULL DEFAULT '',
    contact_person TEXT NOT NULL DEFAULT '',
    contact_phone  TEXT NOT NULL DEFAULT '',
    sort_order     INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL DEFAULT 'open',
    created_at     INTEGER NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id, sort_order);

CREATE TABLE members (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    name         TEXT NOT NULL,
    gender       TEXT NOT NULL DEFAULT '',
    birth_date   TEXT,
    phone        TEXT,
    email        TEXT,
    member_type  TEXT NOT NULL DEFAULT 'full',
    joined_party TEXT,
    status       TEXT NOT NULL DEFAULT 'active',
    created_at   INTEGER NOT NULL
);
CREATE INDEX members_org ON members(org_id, status);

CREATE TABLE member_positions (
    member_id INTEGER NOT NULL REFERENCES members(id),
    position  TEXT NOT NULL,
    PRIMARY KEY (member_id, position)
);

CREATE TABLE accounts (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    member_id            INTEGER REFERENCES members(id),
    locale               TEXT,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    disabled             INTEGER NOT NULL DEFAULT 0,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         INTEGER,
    password_changed_at  INTEGER NOT NULL,
    created_at           INTEGER NOT NULL
);

CREATE TABLE grants (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    role       TEXT NOT NULL,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    granted_by INTEGER REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX grants_account ON grants(account_id);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    -- SM3 of the bearer secret: a copy of the table lets nobody log in
    token_hash   TEXT NOT NULL UNIQUE,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    kind         TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ended_at     INTEGER,
    end_reason   TEXT,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions(account_id, ended_at);

CREATE TABLE login_throttle (
    ip           TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    failures     INTEGER NOT NULL
);

CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    at          INTEGER NOT NULL,
    account_id  INTEGER,
    username    TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    org_id      INTEGER,
    result      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_account ON audit_events(account_id, at);

-- One row: the end of the hash chain. Updating it first serialises writers of the chain.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
