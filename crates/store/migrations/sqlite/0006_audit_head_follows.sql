-- The chain's head follows each new event: recording an event is then one read of the head
-- and one insert, not three statements (each a round trip to the database, in every write).
-- Keep in step with ../postgres/0006_audit_head_follows.sql.
CREATE TRIGGER audit_events_move_head AFTER INSERT ON audit_events
BEGIN
    UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
END;
