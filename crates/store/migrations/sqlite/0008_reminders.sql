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

-- How an account is reached besides its inbox: an email address it chose.
CREATE TABLE notification_settings (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    email      TEXT NOT NULL DEFAULT '',
    email_on   INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);

-- Group-chat robots and webhooks an org's administrator registered: reminders to the org are
-- posted there too. Removing one is a state; its secret is never shown again after saving.
CREATE TABLE robots (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    -- wecom, dingtalk, feishu or webhook
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL DEFAULT '',
    -- active or removed
    status     TEXT NOT NULL,
    created_by INTEGER REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    removed_at INTEGER
);
CREATE INDEX robots_org ON robots(org_id, status);

-- Every message sent outside the inbox: an email to an account, or a post to an org's robot;
-- retried with backoff, its last outcome kept.
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    -- email or robot
    channel     TEXT NOT NULL,
    -- what it says, as an inbox message says it (rendered when sent, in the reader's language)
    kind        TEXT NOT NULL,
    args        TEXT NOT NULL,
    link        TEXT NOT NULL,
    -- an email carries an account's inbox message; a robot's post, a reminder to its org
    message_id  INTEGER REFERENCES messages(id),
    account_id  INTEGER REFERENCES accounts(id),
    robot_id    INTEGER REFERENCES robots(id),
    -- the org whose channel it is, for the committee's list of failures
    org_id      INTEGER REFERENCES orgs(id),
    -- the address, or the robot's name
    target      TEXT NOT NULL,
    -- pending, sending, sent or failed
    status      TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     INTEGER NOT NULL,
    -- what the other side answered last (its status and a bounded part of its body), or the
    -- error; never a secret
    last_result TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER
);
CREATE INDEX deliveries_due ON deliveries(status, next_at);
CREATE INDEX deliveries_org ON deliveries(org_id, status, id);

-- Each attempt at a delivery, kept: when, how it ended, and what the other side said.
CREATE TABLE delivery_attempts (
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
    attempt     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    -- sent, retry or failed
    outcome     TEXT NOT NULL,
    result      TEXT NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
