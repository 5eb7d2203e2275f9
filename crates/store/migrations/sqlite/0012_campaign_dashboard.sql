-- The campaign dashboard's figures, kept so that a dashboard of 20,000 branches reads a few
-- rows instead of a year of records: per campaign and org of the tree taking part, the
-- branch's own figures and the sum over its subtree (JSON of domain::campaign_progress::
-- Figures). They are derived data, never a record: the dashboard rebuilds them from the
-- records whenever they may be out of date. Triggers on the tables the figures are computed
-- from leave a mark (campaign, org) in the writer's own transaction, so no write path can
-- forget one; the dashboard recomputes the marked branches before it answers.
-- Keep in step with ../postgres/0012_campaign_dashboard.sql.

-- A campaign whose figures are kept: what they were built for (materials, zone; the tree's
-- roots and the requirements) — a change of either is seen by comparing, not by a mark.
CREATE TABLE campaign_figure_state (
    campaign_id   INTEGER PRIMARY KEY REFERENCES campaigns(id),
    materials_sig TEXT NOT NULL,
    tree_sig      TEXT NOT NULL,
    built_at      INTEGER NOT NULL
);

-- Per org of the tree (as last built): its parent in the tree, its path, whether it is a
-- branch, the branch's own figures (NULL for other orgs) and the sum over its subtree.
CREATE TABLE campaign_figure_rows (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    parent_id   INTEGER,
    path        TEXT NOT NULL,
    is_branch   INTEGER NOT NULL,
    own         TEXT,
    total       TEXT NOT NULL,
    PRIMARY KEY (campaign_id, org_id)
);
CREATE INDEX campaign_figure_rows_parent ON campaign_figure_rows(campaign_id, parent_id);

-- What changed since the figures were last computed: org_id > 0 a branch's records, 0 the
-- org tree. `n` counts the changes, so a mark is cleared only if no change came meanwhile.
CREATE TABLE campaign_figure_marks (
    campaign_id INTEGER NOT NULL,
    org_id      INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, org_id)
);

-- The figures read a campaign's activities by campaign: without this every dashboard scanned
-- the activities of every campaign and none.
CREATE INDEX activities_campaign ON activities(campaign_id, org_id);
-- Who led a branch on a past day is read from the roster's history of its members.
CREATE INDEX member_transfers_from ON member_transfers(from_org_id, member_id);

-- Activities, their attendance and the materials they studied.
CREATE TRIGGER campaign_figures_activity_insert AFTER INSERT ON activities
WHEN NEW.campaign_id IS NOT NULL
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n) VALUES (NEW.campaign_id, NEW.org_id, 1)
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_activity_update AFTER UPDATE ON activities
WHEN NEW.campaign_id IS NOT NULL OR OLD.campaign_id IS NOT NULL
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT NEW.campaign_id, NEW.org_id, 1 WHERE NEW.campaign_id IS NOT NULL
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT OLD.campaign_id, OLD.org_id, 1 WHERE OLD.campaign_id IS NOT NULL
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_activity_delete AFTER DELETE ON activities
WHEN OLD.campaign_id IS NOT NULL
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n) VALUES (OLD.campaign_id, OLD.org_id, 1)
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_attendance_insert AFTER INSERT ON activity_attendance
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT a.campaign_id, a.org_id, 1 FROM activities a
    WHERE a.id = NEW.activity_id AND a.campaign_id IS NOT NULL
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_attendance_update AFTER UPDATE ON activity_attendance
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT a.campaign_id, a.org_id, 1 FROM activities a
    WHERE a.id IN (NEW.activity_id, OLD.activity_id) AND a.campaign_id IS NOT NULL
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_attendance_delete AFTER DELETE ON activity_attendance
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT a.campaign_id, a.org_id, 1 FROM activities a
    WHERE a.id = OLD.activity_id AND a.campaign_id IS NOT NULL
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_session_insert AFTER INSERT ON campaign_sessions
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT a.campaign_id, a.org_id, 1 FROM activities a
    WHERE a.id = NEW.activity_id AND a.campaign_id IS NOT NULL
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_session_update AFTER UPDATE ON campaign_sessions
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT a.campaign_id, a.org_id, 1 FROM activities a
    WHERE a.id IN (NEW.activity_id, OLD.activity_id) AND a.campaign_id IS NOT NULL
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_session_delete AFTER DELETE ON campaign_sessions
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT a.campaign_id, a.org_id, 1 FROM activities a
    WHERE a.id = OLD.activity_id AND a.campaign_id IS NOT NULL
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;

-- Self-study: the branch it was logged in and, for 先学领学 (a leader's study counts for the
-- branch they led), the member's branch now and every branch they moved from.
CREATE TRIGGER campaign_figures_log_insert AFTER INSERT ON study_logs
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT NEW.campaign_id, o, 1 FROM (
        SELECT NEW.org_id AS o
        UNION SELECT m.org_id FROM members m WHERE m.id = NEW.member_id
        UNION SELECT t.from_org_id FROM member_transfers t WHERE t.member_id = NEW.member_id
    ) WHERE true
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_log_update AFTER UPDATE ON study_logs
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT NEW.campaign_id, o, 1 FROM (
        SELECT NEW.org_id AS o
        UNION SELECT OLD.org_id
        UNION SELECT m.org_id FROM members m WHERE m.id = NEW.member_id
        UNION SELECT t.from_org_id FROM member_transfers t WHERE t.member_id = NEW.member_id
    ) WHERE true
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_reflection_insert AFTER INSERT ON reflections
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n) VALUES (NEW.campaign_id, NEW.org_id, 1)
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_reflection_update AFTER UPDATE ON reflections
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT NEW.campaign_id, o, 1 FROM (SELECT NEW.org_id AS o UNION SELECT OLD.org_id) WHERE true
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;

-- The roster (members counted, who leads a branch) and the org tree reach every campaign.
CREATE TRIGGER campaign_figures_member_insert AFTER INSERT ON members
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT c.id, NEW.org_id, 1 FROM campaigns c WHERE true
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_member_update AFTER UPDATE ON members
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT c.id, o.o, 1 FROM campaigns c, (SELECT NEW.org_id AS o UNION SELECT OLD.org_id) o
    WHERE true
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_position_insert AFTER INSERT ON member_positions
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT c.id, m.org_id, 1 FROM campaigns c, members m WHERE m.id = NEW.member_id
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_position_delete AFTER DELETE ON member_positions
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT c.id, m.org_id, 1 FROM campaigns c, members m WHERE m.id = OLD.member_id
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_org_insert AFTER INSERT ON orgs
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT c.id, 0, 1 FROM campaigns c WHERE true
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER campaign_figures_org_update AFTER UPDATE ON orgs
BEGIN
    INSERT INTO campaign_figure_marks (campaign_id, org_id, n)
    SELECT c.id, 0, 1 FROM campaigns c WHERE true
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET n = n + 1;
END;
