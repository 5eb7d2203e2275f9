-- The chain's head follows each new event: recording an event is then one locking read of the
-- head and one insert, not three statements (each a round trip to the database, in every
-- write), and the head row gets one new version an event, not two.
-- Keep in step with ../sqlite/0006_audit_head_follows.sql.
CREATE FUNCTION audit_head_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER audit_events_move_head AFTER INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_head_follow();
