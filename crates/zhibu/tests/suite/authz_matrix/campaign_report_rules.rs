//! The matrix's rules for a campaign's report task: only the committee that runs `{campaign}`
//! (and assigns tasks there) makes one. The bodies leave the deadline out, so the committee is
//! answered 422 (served) without a task being made.

use super::rules::{COMMITTEE, Rule, Who, rule};

pub(super) const CAMPAIGN_REPORT_RULES: &[Rule] = &[
    rule(
        "POST",
        "/api/v1/campaigns/{id}/report-tasks",
        "{campaign}",
        r#"{"deadline":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/campaigns/{id}/report-task",
        "{campaign}",
        "deadline=",
        Who::Only(COMMITTEE),
    ),
];
