//! The matrix's rules for the campaign dashboard: `{campaign}` is an open campaign of the
//! committee that only the other branch (`{org_id}`) takes part in. The committee sees its
//! dashboard, workbook and the branch's progress; branch1 and member1 are not in it, and the
//! system roles do not read branch records, so for them it is not there.

use super::rules::{COMMITTEE, Rule, Who, rule};

pub(super) const CAMPAIGN_DASHBOARD_RULES: &[Rule] = &[
    rule(
        "GET",
        "/campaigns/{id}/dashboard",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/campaigns/{id}/dashboard.xlsx",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/campaigns/{id}/branches/{org_id}",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/campaigns/{id}/dashboard",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/campaigns/{id}/branches/{org_id}",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
];
