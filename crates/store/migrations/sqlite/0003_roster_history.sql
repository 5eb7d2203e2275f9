-- Roster history: every change of a member keeps the row as it was, and every transfer keeps
-- where the member came from. Keep in step with ../postgres/0003_roster_history.sql.

CREATE TABLE member_history (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    -- the member row and positions before the change, as JSON
    snapshot   TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    changed_by INTEGER REFERENCES accounts(id)
);
CREATE INDEX member_history_member ON member_history(member_id, id);

CREATE TABLE member_transfers (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    from_org_id INTEGER NOT NULL REFERENCES orgs(id),
    to_org_id   INTEGER NOT NULL REFERENCES orgs(id),
    at          INTEGER NOT NULL,
    by_account  INTEGER REFERENCES accounts(id),
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX member_transfers_member ON member_transfers(member_id, id);

CREATE INDEX members_name ON members(name);
CREATE INDEX orgs_name ON orgs(name);
