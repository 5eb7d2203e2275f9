//! Tasks and reports through the JSON API: the whole reporting loop with the board checked at
//! each step, deadlines and late marking across an injected clock, report forms checked field
//! by field, recurring periods, and who may see and do what. Helpers here; tests by subject.

mod deadlines;
mod duplicate_targets;
mod forms;
mod ladder;
mod reminders;
mod snapshots;
mod visibility;
mod whole_loop;

use crate::helpers::{TestApp, spawn};
use crate::helpers::{branch_org, scalar, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn org_name(app: &TestApp, org: i64) -> String {
    let db = app.db().await;
    let name = sqlx::query_scalar("SELECT name FROM orgs WHERE id = $1")
        .bind(org)
        .fetch_one(db.read())
        .await
        .unwrap();
    db.close().await;
    name
}

/// A study report form: a summary, a head count, and a table of sessions.
fn study_form() -> Value {
    json!({"fields": [
        {"key": "summary", "label": "学习情况", "type": "long_text", "required": true},
        {"key": "attendance", "label": "参加人数", "type": "number", "unit": "人", "min": 0, "integer": true, "required": true},
        {"key": "sessions", "label": "学习安排", "type": "table", "min_rows": 1, "columns": [
            {"key": "date", "label": "日期", "type": "date", "required": true},
            {"key": "topic", "label": "主题", "type": "short_text", "required": true},
            {"key": "hours", "label": "学时", "type": "number", "min": 0}
        ]}
    ]})
}

fn good_answers(summary: &str) -> Value {
    json!({
        "summary": summary,
        "attendance": "23",
        "sessions": [
            {"date": "2026-11-20", "topic": "学习党的二十大精神", "hours": 2},
            {"date": "2026-11-24", "topic": "网络安全自查", "hours": "1.5"}
        ]
    })
}

/// Creates and assigns a one-off task of the committee to the orgs `targets` (each alone),
/// due `deadline`; answers its id.
async fn assign(app: &TestApp, admin: &str, targets: &[i64], deadline: &str) -> i64 {
    let root = scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let targets: Vec<Value> = targets
        .iter()
        .map(|o| json!({"org_id": o, "subtree": false}))
        .collect();
    let (status, task) = send(
        app,
        Method::POST,
        "/api/v1/tasks",
        admin,
        Some(json!({
            "org_id": root,
            "title": "报送主题教育学习情况",
            "description": "请各支部及时报送学习情况。",
            "category": "学习",
            "deadline": deadline,
            "form": study_form(),
            "targets": targets,
            "publish": true
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    task["id"].as_i64().unwrap()
}

/// The board's counts as (expected, submitted, on_time, late, approved, returned, overdue).
async fn counts(app: &TestApp, token: &str, task: i64) -> (i64, i64, i64, i64, i64, i64, i64) {
    let (status, b) = send(
        app,
        Method::GET,
        &format!("/api/v1/tasks/{task}/board"),
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{b}");
    let n = |k: &str| b[k].as_i64().unwrap();
    (
        n("expected"),
        n("submitted"),
        n("on_time"),
        n("late"),
        n("approved"),
        n("returned"),
        n("overdue"),
    )
}

/// Saves (or with `submit`, hands in) `answers` for `org` based on the copy last read.
async fn save(
    app: &TestApp,
    token: &str,
    task: i64,
    org: i64,
    answers: Value,
    submit: bool,
) -> (StatusCode, Value) {
    let path = format!("/api/v1/tasks/{task}/submissions/{org}");
    let (status, current) = send(app, Method::GET, &path, token, None).await;
    assert_eq!(status, StatusCode::OK, "{current}");
    send(
        app,
        Method::PUT,
        &path,
        token,
        Some(json!({"answers": answers, "submit": submit, "based_on": current["saves"]})),
    )
    .await
}

async fn review(
    app: &TestApp,
    token: &str,
    task: i64,
    org: i64,
    decision: &str,
    reason: &str,
) -> (StatusCode, Value) {
    send(
        app,
        Method::POST,
        &format!("/api/v1/tasks/{task}/submissions/{org}/review"),
        token,
        Some(json!({"decision": decision, "reason": reason})),
    )
    .await
}

async fn started() -> (TestApp, String) {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    (app, admin)
}
