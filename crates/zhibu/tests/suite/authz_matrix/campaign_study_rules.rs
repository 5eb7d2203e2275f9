//! The matrix's rules for members' study: `{campaign}` is the open campaign only the other
//! branch takes part in; `{study_log}` and `{reflection}` are a study entry and a reflection of
//! a member of that branch (no account of the matrix stands for them). Only the committee
//! reads the campaign; the entry and the reflection are their writer's alone to change.
//!
//! Bodies are chosen so that the committee is served (a page, or a refusal of the fields)
//! without a lasting change: an empty title, zero minutes, an empty comment, featuring off.

use super::rules::{COMMITTEE, Rule, Who, rule};
use crate::helpers::TestApp;

pub(super) const STUDY_RULES: &[Rule] = &[
    rule("GET", "/me/study", "", "", Who::AnyUser),
    rule(
        "GET",
        "/campaigns/{id}/study",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/campaigns/{id}/study",
        "{campaign}",
        "source=self&material=&day=2026-01-01&minutes=0",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/study-logs/{id}/withdraw",
        "{study_log}",
        "",
        Who::Nobody,
    ),
    rule(
        "GET",
        "/campaigns/{id}/reflections",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/campaigns/{id}/reflections/new",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/campaigns/{id}/reflections/new",
        "{campaign}",
        "material=&title=&body=",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/reflections/{id}",
        "{reflection}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/reflections/{id}/edit",
        "{reflection}",
        "",
        Who::Nobody,
    ),
    rule(
        "POST",
        "/reflections/{id}/edit",
        "{reflection}",
        "version=1&material=&title=&body=",
        Who::Nobody,
    ),
    rule(
        "POST",
        "/reflections/{id}/comments",
        "{reflection}",
        "body=",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/reflections/{id}/feature",
        "{reflection}",
        "featured=0",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/reflections/{id}/withdraw",
        "{reflection}",
        "",
        Who::Nobody,
    ),
    rule(
        "GET",
        "/api/v1/campaigns/{id}/study-logs",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/campaigns/{id}/study-logs",
        "{campaign}",
        r#"{"minutes":0}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/study-logs/{id}/withdraw",
        "{study_log}",
        "",
        Who::Nobody,
    ),
    rule(
        "GET",
        "/api/v1/campaigns/{id}/progress",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/campaigns/{id}/reflections",
        "{campaign}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/campaigns/{id}/reflections",
        "{campaign}",
        r#"{"title":"","body":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/reflections/{id}",
        "{reflection}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "PUT",
        "/api/v1/reflections/{id}",
        "{reflection}",
        r#"{"version":1,"title":"","body":""}"#,
        Who::Nobody,
    ),
    rule(
        "POST",
        "/api/v1/reflections/{id}/comments",
        "{reflection}",
        r#"{"body":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "PUT",
        "/api/v1/reflections/{id}/feature",
        "{reflection}",
        r#"{"featured":false}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/reflections/{id}/withdraw",
        "{reflection}",
        "",
        Who::Nobody,
    ),
];

/// A study entry and a reflection of `member` of branch `org` in `campaign`, written straight
/// into the store (no account stands for the member): their ids.
pub(super) async fn study_targets(
    app: &TestApp,
    campaign: i64,
    org: i64,
    member: i64,
    by: i64,
) -> (i64, i64) {
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    let entry = domain::campaign_study::StudyEntry {
        material_id: None,
        chapter: None,
        day: "2026-01-02".parse().unwrap(),
        minutes: 30,
        source: domain::campaign_study::StudySource::Online,
        link: "https://www.xuexi.cn/".into(),
        note: String::new(),
    };
    let now = domain::Timestamp(0);
    let log = store::study::add_log(&mut tx, campaign, member, org, &entry, by, now)
        .await
        .unwrap();
    let reflection = store::study::add_reflection(
        &mut tx, campaign, None, member, org, "心得", "正文", by, now,
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
    (log, reflection)
}
