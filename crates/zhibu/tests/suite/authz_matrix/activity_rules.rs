//! The matrix's rules for branch activities (活动 / 会议记录): `{activity}` is an activity of the
//! other branch (held, with its members on the list) and `{photo_id}` a photo of it. Only the
//! committee reads or records it: branch1 records its own branch only, and member1 reads
//! only their own branch's records, and only when it shares them (tested apart, in
//! `activities_api`, since sharing is a setting the matrix does not turn on).
//!
//! Bodies are chosen so that an allowed caller is served without changing the activity for
//! the rules after it (an empty title, an empty reason, no marks): a rule's answer of 400 or
//! 422 counts as served, the refusal is 404.
//!
//! The pages add their rules to `ACTIVITY_PAGE_RULES` below, with the same placeholders.

use super::rules::{COMMITTEE, IMPORTERS, ROSTER_VIEWERS, Rule, Who, rule};

/// Who sees activity records somewhere: a member (their branch's, when shared), branch and
/// committee admins.
const SEES_ACTIVITIES: &[&str] = ROSTER_VIEWERS;

pub(super) const ACTIVITY_RULES: &[Rule] = &[
    rule(
        "GET",
        "/api/v1/activities",
        "?org={org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/activities",
        "",
        r#"{"org_id":{org},"mode":"plan","title":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/activities/ledger",
        "?org={org}&year=2026",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/activities/board",
        "?org={org}&year=2026&quarter=2",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/activities/{id}",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "PUT",
        "/api/v1/activities/{id}",
        "{activity}",
        r#"{"title":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/activities/{id}/held",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/activities/{id}/cancel",
        "{activity}",
        r#"{"reason":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/activities/{id}/correct",
        "{activity}",
        r#"{"reason":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/activities/{id}/versions",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "PUT",
        "/api/v1/activities/{id}/attendance",
        "{activity}",
        r#"{"marks":[]}"#,
        Who::Only(COMMITTEE),
    ),
    // Nobody of the matrix is a member on the other branch's list.
    rule(
        "POST",
        "/api/v1/activities/{id}/attend",
        "{activity}",
        "",
        Who::Nobody,
    ),
    // Without a multipart body: 400 for who may add photos, after the check.
    rule(
        "POST",
        "/api/v1/activities/{id}/photos",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/activities/{id}/photos/{photo_id}",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    // Confirming locks the activity: after the rules that would change it.
    rule(
        "POST",
        "/api/v1/activities/{id}/confirm",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule("GET", "/api/v1/me/activities", "", "", Who::AnyUser),
    rule(
        "GET",
        "/api/v1/activity-kinds",
        "",
        "",
        Who::Only(SEES_ACTIVITIES),
    ),
    rule(
        "PUT",
        "/api/v1/activity-kinds",
        "",
        r#"{"kinds":[]}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/orgs/{id}/activity-settings",
        "{org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "PUT",
        "/api/v1/orgs/{id}/activity-settings",
        "{org}",
        r#"{"share_records":false,"self_attendance":false}"#,
        Who::Only(COMMITTEE),
    ),
];

/// The pages' rules for activities, e.g.
/// `rule("GET", "/activities/{id}", "{activity}", "", Who::Only(COMMITTEE))`; pages of the
/// caller's own scope (the list, a new activity) are `Who::Only(IMPORTERS)` (branch and
/// committee admins, from `super::rules`) or `Who::Only(SEES_ACTIVITIES)`.
pub(super) const ACTIVITY_PAGE_RULES: &[Rule] = &[
    // The list shows each caller what their scope holds (nothing of the other branch).
    rule("GET", "/activities", "", "", Who::Only(SEES_ACTIVITIES)),
    // A branch admin gets the form for their own branch: the other branch is not offered.
    rule(
        "GET",
        "/activities/new",
        "?org={org}&mode=plan",
        "",
        Who::Only(IMPORTERS),
    ),
    rule(
        "POST",
        "/activities/new",
        "",
        "org_id={org}&mode=plan&kind=theme_day&title=",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/activities/{id}",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/activities/{id}/edit",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/activities/{id}/edit",
        "{activity}",
        "kind=theme_day&title=",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/activities/{id}/correct",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/activities/{id}/correct",
        "{activity}",
        "kind=theme_day&title=&reason=",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/activities/{id}/held",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/activities/{id}/cancel",
        "{activity}",
        "reason=",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/activities/{id}/confirm",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/activities/{id}/attend",
        "{activity}",
        "",
        Who::Nobody,
    ),
    rule(
        "GET",
        "/activities/{id}/attendance",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/activities/{id}/attendance",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    // Without a file: refused as empty, after the check.
    rule(
        "POST",
        "/activities/{id}/photos",
        "{activity}",
        "multipart:caption=x",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/activities/{id}/photos/{photo}",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/activities/{id}/photos/{photo}/thumb",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/activities/{id}/files",
        "{activity}",
        "multipart:caption=x",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/activities/{id}/files/{file}",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    // The API's confirm ran before these: a locked record refuses removal by its rule, after
    // the check.
    rule(
        "POST",
        "/activities/{id}/photos/{photo}/remove",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/activities/{id}/files/{file}/remove",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
];
