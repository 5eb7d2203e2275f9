-- 签发: what was done to a notice's draft before it went out, when the deployment asks for it —
-- 送审 (send), 核稿 (review) and 签发 (signoff), each decision approved or returned with a reason.
-- Rows are never changed: where a revision stands is read from its own rows, so an edit (a new
-- revision) starts afresh and the approvals of the text it replaced stay as history.
-- Keep in step with ../postgres/0009_notice_signoffs.sql.
CREATE TABLE notice_signoffs (
    id         INTEGER PRIMARY KEY,
    notice_id  INTEGER NOT NULL REFERENCES notices(id),
    -- the revision acted on
    revision   INTEGER NOT NULL,
    -- send, review or signoff
    step       TEXT NOT NULL,
    -- sent (with send), approved or returned
    decision   TEXT NOT NULL,
    -- why it was returned, or the approver's comment (意见); '' when none
    reason     TEXT NOT NULL DEFAULT '',
    acted_by   INTEGER NOT NULL REFERENCES accounts(id),
    acted_at   INTEGER NOT NULL,
    FOREIGN KEY (notice_id, revision) REFERENCES notice_revisions(notice_id, revision)
);
CREATE INDEX notice_signoffs_revision ON notice_signoffs(notice_id, revision, id);
