//! The matrix's rules for study campaigns: `{campaign}` is an open campaign of the committee
//! that only the other branch takes part in, `{material_id}` one of its materials. Only the
//! committee runs it; branch1 and member1 are not in it, so it is not there for them.
//!
//! Bodies are whole (an API body that does not parse would answer 422 before the check) and
//! chosen so that the committee is served without a lasting change where later rules need
//! the object: a stale version, an empty title. Removing the material and closing come last.

use super::rules::{COMMITTEE, Rule, Who, rule};

pub(super) const CAMPAIGN_RULES: &[Rule] = &[
    rule("GET", "/api/v1/campaigns", "", "", Who::AnyUser),
    rule(
        "POST",
        "/api/v1/campaigns",
        "",
        r#"{"org_id":{org},"theme":"","starts_on":"2022-08-05","ends_on":"2022-10-15"}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/campaigns/{id}",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "PUT",
        "/api/v1/campaigns/{id}",
        "{campaign}",
        r#"{"version":0,"theme":"x","starts_on":"2022-08-05","ends_on":"2022-10-15"}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/campaigns/{id}/versions",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/campaigns/{id}/materials",
        "{campaign}",
        r#"{"kind":"book","title":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "PUT",
        "/api/v1/campaigns/{id}/materials/{material_id}",
        "{campaign}",
        r#"{"kind":"book","title":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/activities/{id}/campaign",
        "{activity}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "PUT",
        "/api/v1/activities/{id}/campaign",
        "{activity}",
        r#"{"campaign_id":{campaign},"materials":[]}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/campaigns/{id}/open",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "DELETE",
        "/api/v1/campaigns/{id}/materials/{material_id}",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/campaigns/{id}/close",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
];
