-- The campaign dashboard's figures, kept so that a dashboard of 20,000 branches reads a few
-- rows instead of a year of records: per campaign and org of the tree taking part, the
-- branch's own figures and the sum over its subtree (JSON of domain::campaign_progress::
-- Figures). They are derived data, never a record: the dashboard rebuilds them from the
-- records whenever they may be out of date. Triggers on the tables the figures are computed
-- from leave a mark (campaign, org) in the writer's own transaction, so no write path can
-- forget one; the dashboard recomputes the marked branches before it answers.
-- Keep in step with ../sqlite/0012_campaign_dashboard.sql.

-- A campaign whose figures are kept: what they were built for (materials, zone; the tree's
-- roots and the requirements) — a change of either is seen by comparing, not by a mark.
CREATE TABLE campaign_figure_state (
    campaign_id   BIGINT PRIMARY KEY REFERENCES campaigns(id),
    materials_sig TEXT NOT NULL,
    tree_sig      TEXT NOT NULL,
    built_at      BIGINT NOT NULL
);

-- Per org of the tree (as last built): its parent in the tree, its path, whether it is a
-- branch, the branch's own figures (NULL for other orgs) and the sum over its subtree.
CREATE TABLE campaign_figure_rows (
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    parent_id   BIGINT,
    path        TEXT NOT NULL,
    is_branch   BIGINT NOT NULL,
    own         TEXT,
    total       TEXT NOT NULL,
    PRIMARY KEY (campaign_id, org_id)
);
CREATE INDEX campaign_figure_rows_parent ON campaign_figure_rows(campaign_id, parent_id);

-- What changed since the figures were last computed: org_id > 0 a branch's records, 0 the
-- org tree. `n` counts the changes, so a mark is cleared only if no change came meanwhile.
CREATE TABLE campaign_figure_marks (
    campaign_id BIGINT NOT NULL,
    org_id      BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, org_id)
);
-- A queue: rows come and go with every change and every look. Vacuumed and analysed after a
-- thousand changes, not a fifth of the table, so a look never scans the dead rows of a bulk
-- change (measured: 7 ms for 4,000 branches' worth until autovacuum came by).
ALTER TABLE campaign_figure_marks SET (autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 1000);

-- The figures read a campaign's activities by campaign: without this every dashboard scanned
-- the activities of every campaign and none.
CREATE INDEX activities_campaign ON activities(campaign_id, org_id);
-- Who led a branch on a past day is read from the roster's history of its members.
CREATE INDEX member_transfers_from ON member_transfers(from_org_id, member_id);

CREATE FUNCTION campaign_figures_mark(c BIGINT, o BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n) VALUES (c, o, 1)
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = campaign_figure_marks.n + 1;
$$;

-- Activities, their attendance and the materials they studied.
CREATE FUNCTION campaign_figures_on_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' AND NEW.campaign_id IS NOT NULL THEN
        PERFORM campaign_figures_mark(NEW.campaign_id, NEW.org_id);
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.campaign_id IS NOT NULL
        AND (TG_OP = 'DELETE' OR OLD.campaign_id IS DISTINCT FROM NEW.campaign_id
             OR OLD.org_id <> NEW.org_id) THEN
        PERFORM campaign_figures_mark(OLD.campaign_id, OLD.org_id);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER campaign_figures_activity AFTER INSERT OR UPDATE OR DELETE ON activities
    FOR EACH ROW EXECUTE FUNCTION campaign_figures_on_activity();

-- A row naming an activity (attendance, the materials studied): its campaign and branch.
CREATE FUNCTION campaign_figures_on_activity_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
BEGIN
    FOR r IN SELECT a.campaign_id, a.org_id FROM activities a
             WHERE a.campaign_id IS NOT NULL AND a.id IN (
                 CASE WHEN TG_OP = 'DELETE' THEN OLD.activity_id ELSE NEW.activity_id END,
                 CASE WHEN TG_OP = 'INSERT' THEN NEW.activity_id ELSE OLD.activity_id END)
    LOOP
        PERFORM campaign_figures_mark(r.campaign_id, r.org_id);
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE TRIGGER campaign_figures_attendance AFTER INSERT OR UPDATE OR DELETE
    ON activity_attendance FOR EACH ROW EXECUTE FUNCTION campaign_figures_on_activity_row();
CREATE TRIGGER campaign_figures_session AFTER INSERT OR UPDATE OR DELETE
    ON campaign_sessions FOR EACH ROW EXECUTE FUNCTION campaign_figures_on_activity_row();

-- Self-study: the branch it was logged in and, for 先学领学 (a leader's study counts for the
-- branch they led), the member's branch now and every branch they moved from.
CREATE FUNCTION campaign_figures_on_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o BIGINT;
BEGIN
    FOR o IN SELECT NEW.org_id
             UNION SELECT OLD.org_id WHERE TG_OP = 'UPDATE'
             UNION SELECT m.org_id FROM members m WHERE m.id = NEW.member_id
             UNION SELECT t.from_org_id FROM member_transfers t WHERE t.member_id = NEW.member_id
             ORDER BY 1
    LOOP
        PERFORM campaign_figures_mark(NEW.campaign_id, o);
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE TRIGGER campaign_figures_log AFTER INSERT OR UPDATE ON study_logs
    FOR EACH ROW EXECUTE FUNCTION campaign_figures_on_log();

CREATE FUNCTION campaign_figures_on_reflection() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM campaign_figures_mark(NEW.campaign_id, NEW.org_id);
    IF TG_OP = 'UPDATE' AND OLD.org_id <> NEW.org_id THEN
        PERFORM campaign_figures_mark(OLD.campaign_id, OLD.org_id);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER campaign_figures_reflection AFTER INSERT OR UPDATE ON reflections
    FOR EACH ROW EXECUTE FUNCTION campaign_figures_on_reflection();

-- The roster (members counted, who leads a branch) and the org tree reach every campaign.
CREATE FUNCTION campaign_figures_on_member() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c BIGINT;
BEGIN
    FOR c IN SELECT id FROM campaigns ORDER BY id LOOP
        IF TG_OP <> 'DELETE' THEN
            PERFORM campaign_figures_mark(c, NEW.org_id);
        END IF;
        IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR OLD.org_id <> NEW.org_id) THEN
            PERFORM campaign_figures_mark(c, OLD.org_id);
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE TRIGGER campaign_figures_member AFTER INSERT OR UPDATE OR DELETE ON members
    FOR EACH ROW EXECUTE FUNCTION campaign_figures_on_member();

CREATE FUNCTION campaign_figures_on_position() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
BEGIN
    FOR r IN SELECT c.id, m.org_id FROM campaigns c, members m
             WHERE m.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.member_id ELSE NEW.member_id END
             ORDER BY c.id
    LOOP
        PERFORM campaign_figures_mark(r.id, r.org_id);
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE TRIGGER campaign_figures_position AFTER INSERT OR UPDATE OR DELETE ON member_positions
    FOR EACH ROW EXECUTE FUNCTION campaign_figures_on_position();

CREATE FUNCTION campaign_figures_on_org() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c BIGINT;
BEGIN
    FOR c IN SELECT id FROM campaigns ORDER BY id LOOP
        PERFORM campaign_figures_mark(c, 0);
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE TRIGGER campaign_figures_org AFTER INSERT OR UPDATE ON orgs
    FOR EACH ROW EXECUTE FUNCTION campaign_figures_on_org();
