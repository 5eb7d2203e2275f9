-- Tasks (任务) with versioned report forms (表单), their reporting periods with maintained
-- counters for the supervision board (督办), one submission (报送) per task, period and org,
-- every handed-in version and every review (审核) kept.
-- Keep in step with ../postgres/0005_tasks.sql.

CREATE TABLE tasks (
    id             INTEGER PRIMARY KEY,
    -- the assigning org
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    -- draft, open or closed
    status         TEXT NOT NULL,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    category       TEXT NOT NULL,
    -- once, weekly, monthly, quarterly or yearly
    recurrence     TEXT NOT NULL,
    -- a one-off task's deadline (instant)
    deadline       INTEGER,
    -- a recurring task's first day (YYYY-MM-DD) and its deadline rule: days after each
    -- period's last day
    starts_on      TEXT NOT NULL DEFAULT '',
    due_days       INTEGER NOT NULL DEFAULT 0,
    -- the current form version (task_forms)
    form_version   INTEGER NOT NULL,
    -- made from a notice's section (numbers joined by '.', e.g. '3' or '3.1')
    notice_id      INTEGER REFERENCES notices(id),
    notice_section TEXT NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES accounts(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    published_at   INTEGER,
    closed_at      INTEGER
);
CREATE INDEX tasks_org ON tasks(org_id, status, updated_at);
CREATE INDEX tasks_notice ON tasks(notice_id);

-- Every version of a task's report form; a version is never changed once submissions use it.
CREATE TABLE task_forms (
    task_id    INTEGER NOT NULL REFERENCES tasks(id),
    version    INTEGER NOT NULL,
    definition TEXT NOT NULL,
    created_by INTEGER REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (task_id, version)
);

-- What the author chose: an org, alone or with its whole subtree.
CREATE TABLE task_targets (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    org_id  INTEGER NOT NULL REFERENCES orgs(id),
    subtree INTEGER NOT NULL,
    PRIMARY KEY (task_id, org_id)
);

-- The orgs that must report, resolved when the task is published.
CREATE TABLE task_assignees (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    org_id  INTEGER NOT NULL REFERENCES orgs(id),
    PRIMARY KEY (task_id, org_id)
);
CREATE INDEX task_assignees_org ON task_assignees(org_id, task_id);

-- One row per reporting period, with the board's counters kept current in the same
-- transaction as every change of a submission's state.
CREATE TABLE task_periods (
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    period      TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    deadline    INTEGER NOT NULL,
    expected    INTEGER NOT NULL DEFAULT 0,
    not_started INTEGER NOT NULL DEFAULT 0,
    draft       INTEGER NOT NULL DEFAULT 0,
    submitted   INTEGER NOT NULL DEFAULT 0,
    returned    INTEGER NOT NULL DEFAULT 0,
    approved    INTEGER NOT NULL DEFAULT 0,
    received    INTEGER NOT NULL DEFAULT 0,
    on_time     INTEGER NOT NULL DEFAULT 0,
    opened_at   INTEGER NOT NULL,
    PRIMARY KEY (task_id, period)
);

CREATE TABLE submissions (
    id                     INTEGER PRIMARY KEY,
    task_id                INTEGER NOT NULL REFERENCES tasks(id),
    period                 TEXT NOT NULL,
    org_id                 INTEGER NOT NULL REFERENCES orgs(id),
    -- not_started, draft, submitted, returned or approved
    state                  TEXT NOT NULL,
    -- the state's urgency (returned first, approved last): the board's order
    urgency                INTEGER NOT NULL,
    -- the working copy (JSON answers) and how many times it was saved (concurrency check)
    draft                  TEXT,
    draft_form_version     INTEGER,
    saves                  INTEGER NOT NULL DEFAULT 0,
    draft_saved_at         INTEGER,
    draft_saved_by         INTEGER REFERENCES accounts(id),
    -- the latest handed-in version (0 = none)
    version                INTEGER NOT NULL DEFAULT 0,
    first_submitted_at     INTEGER,
    submitted_at           INTEGER,
    -- the first version came after the deadline
    late                   INTEGER NOT NULL DEFAULT 0,
    approved_version       INTEGER,
    changed_since_approval INTEGER NOT NULL DEFAULT 0,
    updated_at             INTEGER NOT NULL,
    UNIQUE (task_id, period, org_id)
);
CREATE INDEX submissions_board ON submissions(task_id, period, urgency, org_id);
CREATE INDEX submissions_org ON submissions(org_id, urgency, task_id);

-- Handed-in versions: written once, never changed.
CREATE TABLE submission_versions (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    version       INTEGER NOT NULL,
    form_version  INTEGER NOT NULL,
    data          TEXT NOT NULL,
    late          INTEGER NOT NULL,
    submitted_by  INTEGER REFERENCES accounts(id),
    submitted_at  INTEGER NOT NULL,
    PRIMARY KEY (submission_id, version)
);

-- Reviews: approve, or return with a reason; the thread stays readable.
CREATE TABLE submission_reviews (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    version       INTEGER NOT NULL,
    decision      TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    reviewed_by   INTEGER REFERENCES accounts(id),
    reviewed_at   INTEGER NOT NULL
);
CREATE INDEX submission_reviews_submission ON submission_reviews(submission_id, id);

-- Files attached to reports: stored by content hash like notice attachments; an answer of a
-- files field names these ids.
CREATE TABLE submission_files (
    id         INTEGER PRIMARY KEY,
    task_id    INTEGER NOT NULL REFERENCES tasks(id),
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    name       TEXT NOT NULL,
    file_hash  TEXT NOT NULL REFERENCES files(hash),
    added_by   INTEGER REFERENCES accounts(id),
    added_at   INTEGER NOT NULL
);
CREATE INDEX submission_files_task_org ON submission_files(task_id, org_id);
