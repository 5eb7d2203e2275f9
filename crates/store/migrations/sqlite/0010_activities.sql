-- Branch life on record: activities (三会一课, 主题党日, training …), each content version kept,
-- attendance per member, photos and files, and each branch's sharing choices.
-- Keep in step with ../postgres/0010_activities.sql.
CREATE TABLE activities (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    -- a code from the configured kinds (setting activity.kinds)
    kind          TEXT NOT NULL,
    -- planned, held, confirmed or cancelled
    state         TEXT NOT NULL,
    title         TEXT NOT NULL,
    starts_at     INTEGER NOT NULL,
    ends_at       INTEGER,
    place         TEXT NOT NULL DEFAULT '',
    online        INTEGER NOT NULL DEFAULT 0,
    host          TEXT NOT NULL DEFAULT '',
    recorder      TEXT NOT NULL DEFAULT '',
    speaker       TEXT NOT NULL DEFAULT '',
    topic         TEXT NOT NULL DEFAULT '',
    leader        TEXT NOT NULL DEFAULT '',
    led_content   TEXT NOT NULL DEFAULT '',
    agenda        TEXT NOT NULL DEFAULT '',
    minutes       TEXT NOT NULL DEFAULT '',
    resolutions   TEXT NOT NULL DEFAULT '',
    outcomes      TEXT NOT NULL DEFAULT '',
    notice_id     INTEGER REFERENCES notices(id),
    -- the study campaign it belongs to (campaigns arrive later)
    campaign_id   INTEGER,
    cancel_reason TEXT NOT NULL DEFAULT '',
    -- the latest row of activity_versions
    version       INTEGER NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES accounts(id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    confirmed_by  INTEGER REFERENCES accounts(id),
    confirmed_at  INTEGER
);
CREATE INDEX activities_org ON activities(org_id, starts_at);
CREATE INDEX activities_starts ON activities(starts_at);

-- Every content an activity has had, the current one included: a save adds a version, never
-- overwrites one. A correction of a confirmed record carries its reason.
CREATE TABLE activity_versions (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    version     INTEGER NOT NULL,
    -- the content as JSON (domain::activity_content::Content), attendance included on corrections
    content     TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    saved_by    INTEGER NOT NULL REFERENCES accounts(id),
    saved_at    INTEGER NOT NULL,
    PRIMARY KEY (activity_id, version)
);

-- One row per member expected (the branch's roster when the activity was planned or recorded)
-- and per guest (列席). A row never disappears once marked.
CREATE TABLE activity_attendance (
    activity_id       INTEGER NOT NULL REFERENCES activities(id),
    member_id         INTEGER NOT NULL REFERENCES members(id),
    -- present, leave, absent or guest
    mark              TEXT NOT NULL,
    -- why on leave (请假)
    reason            TEXT NOT NULL DEFAULT '',
    volunteer_minutes INTEGER NOT NULL DEFAULT 0,
    -- NULL: not marked yet (counts as absent)
    marked_by         INTEGER REFERENCES accounts(id),
    marked_at         INTEGER,
    -- the member confirmed it from their own account
    self_confirmed_at INTEGER,
    PRIMARY KEY (activity_id, member_id)
);
CREATE INDEX activity_attendance_member ON activity_attendance(member_id, activity_id);

-- Photos, resized and stripped of EXIF before storing; removing one is a state.
CREATE TABLE activity_photos (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    file_hash   TEXT NOT NULL REFERENCES files(hash),
    thumb_hash  TEXT NOT NULL REFERENCES files(hash),
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    caption     TEXT NOT NULL DEFAULT '',
    uploaded_by INTEGER NOT NULL REFERENCES accounts(id),
    uploaded_at INTEGER NOT NULL,
    removed_by  INTEGER REFERENCES accounts(id),
    removed_at  INTEGER
);
CREATE INDEX activity_photos_activity ON activity_photos(activity_id, id);

CREATE TABLE activity_files (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    file_hash   TEXT NOT NULL REFERENCES files(hash),
    name        TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES accounts(id),
    uploaded_at INTEGER NOT NULL,
    removed_by  INTEGER REFERENCES accounts(id),
    removed_at  INTEGER
);
CREATE INDEX activity_files_activity ON activity_files(activity_id, id);

-- A branch's choices: share its records with its members; let members confirm their own
-- attendance.
CREATE TABLE activity_org_settings (
    org_id          INTEGER PRIMARY KEY REFERENCES orgs(id),
    share_records   INTEGER NOT NULL DEFAULT 0,
    self_attendance INTEGER NOT NULL DEFAULT 0,
    changed_by      INTEGER REFERENCES accounts(id),
    changed_at      INTEGER NOT NULL
);
