//! What the account tests share: demo names, request helpers, database lookups.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

pub(super) const BRANCH1: &str = "重庆市机械工程学会党支部";
pub(super) const BRANCH2: &str = "重庆市电子学会党支部";
pub(super) const COMMITTEE: &str = "中共重庆市科学技术协会科技社团委员会";

pub(super) async fn post_json(
    app: &TestApp,
    path: &str,
    token: &str,
    body: Value,
) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

pub(super) async fn post_empty(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

pub(super) async fn delete(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    reqwest::Client::new()
        .delete(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// The error code of an API refusal, after checking its status.
pub(super) async fn refused(r: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(r.status(), status);
    let body: Value = r.json().await.unwrap();
    body["error"].clone()
}

/// The one value `sql` answers with `$1` bound to `bind`.
pub(super) async fn scalar_of(app: &TestApp, sql: &str, bind: &str) -> i64 {
    let db = app.db().await;
    let n: i64 = sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(db.read())
        .await
        .unwrap();
    db.close().await;
    n
}

pub(super) use crate::helpers::scalar as count;

pub(super) async fn account_id(app: &TestApp, username: &str) -> i64 {
    scalar_of(app, "SELECT id FROM accounts WHERE username = $1", username).await
}

pub(super) async fn org_id(app: &TestApp, name: &str) -> i64 {
    scalar_of(app, "SELECT id FROM orgs WHERE name = $1", name).await
}

/// A member of the org without an account yet, with their name.
pub(super) async fn member_without_account(app: &TestApp, org: &str) -> (i64, String) {
    let db = app.db().await;
    let row: (i64, String) = sqlx::query_as(
        "SELECT m.id, m.name FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.name = $1 \
         AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.member_id = m.id) ORDER BY m.id LIMIT 1",
    )
    .bind(org)
    .fetch_one(db.read())
    .await
    .unwrap();
    db.close().await;
    row
}

/// How many audit events of `action` with `result` there are.
pub(super) async fn audited(app: &TestApp, action: &str, result: &str) -> i64 {
    let db = app.db().await;
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1 AND result = $2")
            .bind(action)
            .bind(result)
            .fetch_one(db.read())
            .await
            .unwrap();
    db.close().await;
    n
}

/// Logs in with the temporary password, chooses a new one through the API, answers a token
/// opened with the new one.
pub(super) async fn take_over(app: &TestApp, username: &str, temporary: &str) -> String {
    let first = app.token_ok_with(username, temporary).await;
    let me: Value = app
        .api_get("/api/v1/me", &first)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["must_change_password"], true);
    let r = app.api_get("/api/v1/accounts", &first).await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "nothing before the change"
    );
    let r = post_json(
        app,
        "/api/v1/me/password",
        &first,
        json!({"current_password": temporary, "new_password": "Chosen-Pass-2026"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    app.token_ok_with(username, "Chosen-Pass-2026").await
}

/// The text between `id="{id}">` and the next `<`.
pub(super) fn text_of(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no #{id} in {html}"))
        + marker.len();
    let end = html[start..].find('<').unwrap() + start;
    html[start..end].to_owned()
}
