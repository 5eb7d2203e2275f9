-- Audit log: indexes for the audit page's filters, the anchor a pruned chain starts from, and
-- triggers that keep the log append-only.
-- Keep in step with ../sqlite/0002_audit_search.sql: same tables, columns, indexes, triggers.

-- Action prefixes are searched as a range ('session.' to 'session.~'), which needs bytewise
-- order whatever the database's default collation (SQLite compares bytes already).
ALTER TABLE audit_events ALTER COLUMN action TYPE TEXT COLLATE "C";

-- Each filter with the chain order, so "newest first, narrowed by X" walks one index backwards.
CREATE INDEX audit_events_username ON audit_events(username, seq);
CREATE INDEX audit_events_action ON audit_events(action, seq);
CREATE INDEX audit_events_org ON audit_events(org_id, seq);
CREATE INDEX audit_events_result ON audit_events(result, seq);

-- One row: where the chain starts once old events have been pruned, i.e. the seq and hash of
-- the last event removed (0 and the genesis hash while none has been).
CREATE TABLE audit_anchor (
    id        BIGINT PRIMARY KEY CHECK (id = 1),
    seq       BIGINT NOT NULL,
    hash      TEXT NOT NULL,
    pruned_at BIGINT
);
INSERT INTO audit_anchor (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- A recorded event never changes, and none younger than 180 days (the shortest retention zhibu
-- allows; 15 552 000 000 ms) is removed, whatever the application asks. Someone holding the
-- database can drop these triggers, which is why the hash chain exists; the triggers stop
-- mistakes and anything that only has the application's SQL. TRUNCATE fires no row triggers,
-- so it is refused on its own.
CREATE FUNCTION audit_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit_events is append-only: UPDATE refused';
    ELSIF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'audit_events is append-only: TRUNCATE refused';
    ELSIF OLD.at > (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT - 15552000000 THEN
        RAISE EXCEPTION 'audit_events younger than 180 days cannot be deleted';
    END IF;
    RETURN OLD;
END;
$$;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_guard();
CREATE TRIGGER audit_events_keep_young BEFORE DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_guard();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_guard();
