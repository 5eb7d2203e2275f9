//! The report that fills itself, against the real server: a campaign's report task made by its
//! committee; a branch opening its report finds every figure of its records filled in (the
//! sessions with dates and attendance, the counts and rate, volunteer hours, the materials
//! covered, 先学领学, featured reflections, photos), refreshed on each open until the branch
//! changes a field; after hand-in the review shows what the records say now. Record links
//! name only the org's own records, and a task without a campaign works as before. Helpers
//! here; tests by subject.

mod browser;
mod links;
mod pages;
mod whole_loop;

use crate::campaign_support::{campaign_body, link_activity, open_campaign};
use crate::helpers::{TestApp, branch_org, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A phone photo of 640×480, as the activity tests upload it.
const JPEG: &[u8] = include_bytes!("../../../../app/src/activities/testdata/gps.jpg");

/// The committee, two branches and an open campaign over October and November 2026 that the
/// whole committee takes part in, with its two materials (a speech; a book of 3 chapters).
struct Setup {
    admin: String,
    branch1: String,
    branch2: String,
    org1: i64,
    org2: i64,
    campaign: i64,
    speech: i64,
    book: i64,
}

async fn setup(app: &TestApp) -> Setup {
    let admin = app.token_ok("admin").await;
    let body = campaign_body(app, ("2026-10-01", "2026-11-30")).await;
    let c = open_campaign(app, &admin, body).await;
    Setup {
        branch1: app.token_ok("branch1").await,
        branch2: app.token_ok("branch2").await,
        org1: branch_org(app, 1).await,
        org2: branch_org(app, 2).await,
        campaign: c["id"].as_i64().unwrap(),
        speech: c["materials"][0]["id"].as_i64().unwrap(),
        book: c["materials"][1]["id"].as_i64().unwrap(),
        admin,
    }
}

/// The active members of `org` by id, with their names.
async fn members_of(app: &TestApp, org: i64) -> Vec<(i64, String)> {
    let db = app.db().await;
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, name FROM members WHERE org_id = $1 AND status = 'active' ORDER BY id",
    )
    .bind(org)
    .fetch_all(db.read())
    .await
    .unwrap();
    db.close().await;
    rows
}

/// Those leading `org` (书记, 支委) by id, with their names.
async fn leaders_of(app: &TestApp, org: i64) -> Vec<(i64, String)> {
    let db = app.db().await;
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT DISTINCT m.id, m.name FROM members m JOIN member_positions p ON p.member_id = m.id \
         WHERE m.org_id = $1 AND m.status = 'active' AND p.position IN \
         ('secretary', 'deputy_secretary', 'organization', 'propaganda', 'discipline') \
         ORDER BY m.id",
    )
    .bind(org)
    .fetch_all(db.read())
    .await
    .unwrap();
    db.close().await;
    rows
}

/// Records a held activity of `kind` for `org` led by `leader`; answers its id.
async fn record(
    app: &TestApp,
    token: &str,
    org: i64,
    kind: &str,
    title: &str,
    starts_at: &str,
    leader: &str,
) -> i64 {
    let (status, a) = send(
        app,
        Method::POST,
        "/api/v1/activities",
        token,
        Some(json!({
            "org_id": org, "mode": "record", "kind": kind, "title": title,
            "starts_at": starts_at, "place": "党员活动室", "leader": leader
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    a["id"].as_i64().unwrap()
}

/// Marks `present` present on activity `id` (each with volunteer `hours`, if any); the rest
/// stay absent.
async fn mark_present(app: &TestApp, token: &str, id: i64, present: &[i64], hours: Option<f64>) {
    let marks: Vec<Value> = present
        .iter()
        .map(|m| json!({"member_id": m, "mark": "present", "hours": hours}))
        .collect();
    let (status, v) = send(
        app,
        Method::PUT,
        &format!("/api/v1/activities/{id}/attendance"),
        token,
        Some(json!({ "marks": marks })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
}

/// A photo of activity `id`, uploaded through the API; answers its id.
async fn photo(app: &TestApp, token: &str, id: i64) -> i64 {
    let part = reqwest::multipart::Part::bytes(JPEG.to_vec()).file_name("学习.jpg");
    let form = reqwest::multipart::Form::new()
        .text("caption", "集体学习")
        .part("file", part);
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/activities/{id}/photos")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// A member's self-study of a whole material on `day`, as the study pages would log it.
async fn studied(app: &TestApp, s: &Setup, member: i64, org: i64, material: i64, day: &str) {
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    let entry = domain::campaign_study::StudyEntry {
        material_id: Some(material),
        chapter: None,
        day: day.parse().unwrap(),
        minutes: 60,
        source: domain::campaign_study::StudySource::SelfStudy,
        link: String::new(),
        note: String::new(),
    };
    let by = crate::helpers::scalar(app, "SELECT id FROM accounts WHERE username = 'admin'").await;
    store::study::add_log(
        &mut tx,
        s.campaign,
        member,
        org,
        &entry,
        by,
        domain::Timestamp(0),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
}

/// A member's reflection in the campaign, featured by the branch when `featured`; its id.
async fn reflection(app: &TestApp, s: &Setup, member: i64, org: i64, featured: bool) -> i64 {
    let by = crate::helpers::scalar(app, "SELECT id FROM accounts WHERE username = 'admin'").await;
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    let at = domain::Timestamp(1_790_000_000_000);
    let id = store::study::add_reflection(
        &mut tx,
        s.campaign,
        Some(s.speech),
        member,
        org,
        "学习7.26讲话的体会",
        "深受教育。",
        by,
        at,
    )
    .await
    .unwrap();
    if featured {
        store::study::feature(&mut tx, id, Some(by), at)
            .await
            .unwrap();
    }
    store::commit(tx).await.unwrap();
    db.close().await;
    id
}

/// The campaign's report task, made through the API by the committee; its id.
async fn report_task(app: &TestApp, s: &Setup) -> i64 {
    let (status, t) = send(
        app,
        Method::POST,
        &format!("/api/v1/campaigns/{}/report-tasks", s.campaign),
        &s.admin,
        Some(json!({"deadline": "2026-12-31"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    t["id"].as_i64().unwrap()
}

/// `org`'s report on `task` as `token` reads it (opening it, which fills it in).
async fn open_report(app: &TestApp, token: &str, task: i64, org: i64) -> Value {
    let (status, r) = send(
        app,
        Method::GET,
        &format!("/api/v1/tasks/{task}/submissions/{org}"),
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    r
}

/// Saves (or with `submit`, hands in) `answers` as `org`'s report on `task`, based on `saves`.
async fn save(
    app: &TestApp,
    token: &str,
    (task, org): (i64, i64),
    answers: &Value,
    saves: i64,
    submit: bool,
) -> (StatusCode, Value) {
    send(
        app,
        Method::PUT,
        &format!("/api/v1/tasks/{task}/submissions/{org}"),
        token,
        Some(json!({"answers": answers, "based_on": saves, "submit": submit})),
    )
    .await
}

/// 实到 / 应到 in per cent, one decimal, as the report gives it.
fn rate(present: usize, expected: usize) -> f64 {
    (present as f64 * 1000.0 / expected as f64).round() / 10.0
}

/// The keys of a report's fields that still hold what the records gave.
fn from_records(r: &Value) -> Vec<&str> {
    r["from_records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect()
}
