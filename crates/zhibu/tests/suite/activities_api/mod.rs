//! Branch activities through the JSON API, against the real server: the life of a record
//! (plan → held → attendance → confirm → correction with its reason, every version kept),
//! the list following the roster, guests, leave and volunteer time, members confirming their
//! own attendance, the ledger and the committee's board at a fixed date, who may read and
//! change what across branches, and photos (limits, EXIF and GPS stripped). Helpers here;
//! tests by subject.

mod access;
mod ledger_board;
mod lifecycle;
mod photos;
mod roster_edges;
mod self_attendance;

use crate::helpers::{TestApp, branch_org, scalar, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// 2026-05-15 12:00 in Shanghai: the date the ledger and board tests stand on.
const MAY_15_2026: i64 = 1_778_817_600_000;

/// The two demo branches of branch1 and branch2, with their admins' tokens.
struct Branches {
    org1: i64,
    org2: i64,
    branch1: String,
    branch2: String,
    admin: String,
}

async fn branches(app: &TestApp) -> Branches {
    Branches {
        org1: branch_org(app, 1).await,
        org2: branch_org(app, 2).await,
        branch1: app.token_ok("branch1").await,
        branch2: app.token_ok("branch2").await,
        admin: app.token_ok("admin").await,
    }
}

/// The active members of `org`, by id.
async fn members_of(app: &TestApp, org: i64) -> Vec<i64> {
    let db = app.db().await;
    let ids = sqlx::query_scalar(
        "SELECT id FROM members WHERE org_id = $1 AND status = 'active' ORDER BY id",
    )
    .bind(org)
    .fetch_all(db.read())
    .await
    .unwrap();
    db.close().await;
    ids
}

/// The member `member1`'s account is linked to.
async fn member1_id(app: &TestApp) -> i64 {
    scalar(
        app,
        "SELECT member_id FROM accounts WHERE username = 'member1'",
    )
    .await
}

/// Plans (`mode` plan) or records an activity of `kind` for `org`; answers the activity.
async fn add(
    app: &TestApp,
    token: &str,
    org: i64,
    mode: &str,
    kind: &str,
    starts_at: &str,
) -> Value {
    let (status, a) = send(
        app,
        Method::POST,
        "/api/v1/activities",
        token,
        Some(json!({
            "org_id": org, "mode": mode, "kind": kind, "title": format!("{kind} {starts_at}"),
            "starts_at": starts_at, "place": "党员活动室"
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    a
}

async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    send(app, Method::GET, path, token, None).await
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    send(app, Method::POST, path, token, Some(body)).await
}

async fn put(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    send(app, Method::PUT, path, token, Some(body)).await
}

/// Sets marks on activity `id`; the status and the answer.
async fn mark(app: &TestApp, token: &str, id: i64, marks: Value) -> (StatusCode, Value) {
    put(
        app,
        token,
        &format!("/api/v1/activities/{id}/attendance"),
        json!({ "marks": marks }),
    )
    .await
}

/// The error code of an error answer.
fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

/// (expected, present, leave, absent, guests) of an answer's figures.
fn figures(v: &Value) -> (i64, i64, i64, i64, i64) {
    let f = &v["figures"];
    let n = |k: &str| f[k].as_i64().unwrap();
    (
        n("expected"),
        n("present"),
        n("leave"),
        n("absent"),
        n("guests"),
    )
}

/// The line of `member` in an answer's attendance.
fn line(v: &Value, member: i64) -> Option<&Value> {
    v["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["member_id"] == member)
}

/// Turns `org`'s choices (share records, self-attendance) to these values.
async fn choose(app: &TestApp, token: &str, org: i64, share: bool, own: bool) {
    let (status, v) = put(
        app,
        token,
        &format!("/api/v1/orgs/{org}/activity-settings"),
        json!({"share_records": share, "self_attendance": own}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v, json!({"share_records": share, "self_attendance": own}));
}
