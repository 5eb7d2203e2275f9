-- 主题学习活动: study campaigns, their materials, the orgs taking part and the report tasks tied
-- to them; members' self-study logs and reflections (心得体会) with the branch's comments; which
-- materials an activity studied. Keep in step with ../postgres/0011_campaigns.sql.
CREATE TABLE campaigns (
    id           INTEGER PRIMARY KEY,
    -- the committee running it
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    theme        TEXT NOT NULL,
    -- civil dates, YYYY-MM-DD
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    -- required activities as JSON: [{"kind": "party_day", "count": 1, "note": "…"}]
    requirements TEXT NOT NULL DEFAULT '[]',
    -- the notice it was made from
    notice_id    INTEGER REFERENCES notices(id),
    -- draft, open or closed
    state        TEXT NOT NULL,
    -- the latest row of campaign_versions
    version      INTEGER NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES accounts(id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX campaigns_org ON campaigns(org_id, starts_on);

-- Every heading a campaign has had (theme, period, description, requirements, orgs) as JSON.
CREATE TABLE campaign_versions (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    version     INTEGER NOT NULL,
    content     TEXT NOT NULL,
    saved_by    INTEGER NOT NULL REFERENCES accounts(id),
    saved_at    INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, version)
);

-- The orgs taking part: each with its whole subtree.
CREATE TABLE campaign_orgs (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    PRIMARY KEY (campaign_id, org_id)
);
CREATE INDEX campaign_orgs_org ON campaign_orgs(org_id);

-- What is to be studied. Removing one is a state; its chapters are a JSON array of titles,
-- referred to by position.
CREATE TABLE campaign_materials (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    position    INTEGER NOT NULL,
    -- speech, book, article, video or file
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    link        TEXT NOT NULL DEFAULT '',
    chapters    TEXT NOT NULL DEFAULT '[]',
    file_hash   TEXT REFERENCES files(hash),
    file_name   TEXT NOT NULL DEFAULT '',
    created_by  INTEGER NOT NULL REFERENCES accounts(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    removed_by  INTEGER REFERENCES accounts(id),
    removed_at  INTEGER
);
CREATE INDEX campaign_materials_campaign ON campaign_materials(campaign_id, position);

-- The report tasks tied to a campaign: a branch's report arrives filled from its records.
CREATE TABLE campaign_tasks (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    PRIMARY KEY (campaign_id, task_id)
);
CREATE UNIQUE INDEX campaign_tasks_task ON campaign_tasks(task_id);

-- Which materials (or chapters: -1 for the whole) an activity of a campaign studied. The link
-- is rewritten when the recorder changes it; every change is an audit event.
CREATE TABLE campaign_sessions (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    material_id INTEGER NOT NULL REFERENCES campaign_materials(id),
    chapter     INTEGER NOT NULL DEFAULT -1,
    PRIMARY KEY (activity_id, material_id, chapter)
);
CREATE INDEX campaign_sessions_material ON campaign_sessions(material_id);

-- A member's self-study (自学) or online study elsewhere (学习强国 …). Withdrawing is a state.
CREATE TABLE study_logs (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
    -- NULL: study not tied to one material (online study elsewhere)
    material_id  INTEGER REFERENCES campaign_materials(id),
    -- NULL: the material as a whole
    chapter      INTEGER,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    -- the member's branch when they logged it
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    studied_on   TEXT NOT NULL,
    minutes      INTEGER NOT NULL,
    -- self or online
    source       TEXT NOT NULL,
    link         TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    created_by   INTEGER NOT NULL REFERENCES accounts(id),
    created_at   INTEGER NOT NULL,
    withdrawn_by INTEGER REFERENCES accounts(id),
    withdrawn_at INTEGER
);
CREATE INDEX study_logs_member ON study_logs(member_id, campaign_id);
CREATE INDEX study_logs_org ON study_logs(campaign_id, org_id);

-- 心得体会: a member's written reflection, every version kept; the branch comments on it and
-- may feature it (its report then carries it).
CREATE TABLE reflections (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
    material_id  INTEGER REFERENCES campaign_materials(id),
    member_id    INTEGER NOT NULL REFERENCES members(id),
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    -- written or withdrawn
    state        TEXT NOT NULL,
    version      INTEGER NOT NULL,
    featured_by  INTEGER REFERENCES accounts(id),
    featured_at  INTEGER,
    created_by   INTEGER NOT NULL REFERENCES accounts(id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX reflections_org ON reflections(campaign_id, org_id);
CREATE INDEX reflections_member ON reflections(member_id, campaign_id);

CREATE TABLE reflection_versions (
    reflection_id INTEGER NOT NULL REFERENCES reflections(id),
    version       INTEGER NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    saved_by      INTEGER NOT NULL REFERENCES accounts(id),
    saved_at      INTEGER NOT NULL,
    PRIMARY KEY (reflection_id, version)
);

CREATE TABLE reflection_comments (
    id            INTEGER PRIMARY KEY,
    reflection_id INTEGER NOT NULL REFERENCES reflections(id),
    author_id     INTEGER NOT NULL REFERENCES accounts(id),
    body          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    removed_by    INTEGER REFERENCES accounts(id),
    removed_at    INTEGER
);
CREATE INDEX reflection_comments_reflection ON reflection_comments(reflection_id, id);

-- What a branch's report took from its records, per field, when it was last filled: a field
-- whose draft still equals this is refreshed from the records; one the branch changed is kept.
CREATE TABLE report_record_fills (
    task_id   INTEGER NOT NULL REFERENCES tasks(id),
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    field_key TEXT NOT NULL,
    value     TEXT NOT NULL,
    filled_at INTEGER NOT NULL,
    PRIMARY KEY (task_id, org_id, field_key)
);
