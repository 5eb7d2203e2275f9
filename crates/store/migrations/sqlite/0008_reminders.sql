-- 催办: reminders sent to an org about what it owes — a task period's report, or the 签收 of a
-- notice — by a person or by the reminder ladder; and the in-app messages (消息) they become for
-- the org's accounts. Keep in step with ../postgres/0008_reminders.sql.
CREATE TABLE reminders (
    id         INTEGER PRIMARY KEY,
    -- what is owed: a task period's report (task_id and period) or a notice's 签收 (notice_id)
    task_id    INTEGER REFERENCES tasks(id),
    period     TEXT NOT NULL DEFAULT '',
    notice_id  INTEGER REFERENCES notices(id),
    -- the org reminded
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    -- 'manual', or the ladder's rung that sent it
    rung       TEXT NOT NULL,
    -- where the org stood when reminded: a report's state (not_started, draft, returned) or a
    -- notice's (unread, unsigned)
    state      TEXT NOT NULL,
    -- the sender's words, if any
    note       TEXT NOT NULL DEFAULT '',
    -- who sent it; NULL: zhibu's scheduler
    sent_by    INTEGER REFERENCES accounts(id),
    sent_at    INTEGER NOT NULL,
    -- how many accounts it reached in the inbox
    recipients INTEGER NOT NULL DEFAULT 0,
    -- the scheduler's claim: one reminder per (what is owed, org, rung), also with several
    -- servers on one database; NULL for reminders sent by people
    once_key   TEXT UNIQUE
);
CREATE INDEX reminders_report ON reminders(task_id, period, org_id, sent_at);
CREATE INDEX reminders_notice ON reminders(notice_id, org_id, sent_at);

-- 消息: one account's inbox.
CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    -- what kind of message (task_reminder …): its words come from the catalogue in the
    -- reader's language when shown
    kind        TEXT NOT NULL,
    -- the values the words need (a JSON object of strings)
    args        TEXT NOT NULL,
    -- the page it is about
    link        TEXT NOT NULL,
    reminder_id INTEGER REFERENCES reminders(id),
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE INDEX messages_inbox ON messages(account_id, id);
CREATE INDEX messages_unread ON messages(account_id) WHERE read_at IS NULL;

-- A task's own reminder ladder (JSON), when it does not follow the deployment's.
ALTER TABLE tasks ADD COLUMN reminder_ladder TEXT;

-- 签收时限: when recipients must have signed a notice by (instant); NULL: no deadline.
ALTER TABLE notices ADD COLUMN sign_by INTEGER;
