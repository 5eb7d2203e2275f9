//! The routes of the views over branch life in the authorisation matrix: the ledger and the
//! board of another branch are the committee's; a person's own page is everyone's.

use super::rules::*;

pub(super) const ACTIVITY_VIEW_RULES: &[Rule] = &[
    rule(
        "GET",
        "/activities/ledger",
        "?org={org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/activities/ledger.xlsx",
        "?org={org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/activities/board",
        "?org={org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/activities/board/remind",
        "",
        "org={org}",
        Who::Only(COMMITTEE),
    ),
    rule("GET", "/me/activities", "", "", Who::AnyUser),
    rule("GET", "/me/activities.ics", "", "", Who::AnyUser),
    rule("GET", "/settings/activities", "", "", Who::Only(COMMITTEE)),
    rule("POST", "/settings/activities", "", "", Who::Only(COMMITTEE)),
    rule(
        "GET",
        "/orgs/{id}/activity-settings",
        "{org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/orgs/{id}/activity-settings",
        "{org}",
        "",
        Who::Only(COMMITTEE),
    ),
];
