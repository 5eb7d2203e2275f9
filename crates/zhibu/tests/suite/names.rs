//! Names (of orgs, members and accounts) refuse text-direction controls and text made only of
//! invisible characters, each with its own message.

use crate::helpers::{TestApp, scalar, send, spawn};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Hides "exe.txt" behind "txt.exe"-looking text.
const RLO: &str = "示例\u{202E}txt.exe";
const ISOLATED: &str = "\u{2067}示例\u{2069}";
const ZERO_WIDTH: &str = "\u{200B}\u{200D}\u{FEFF}";

async fn refused(app: &TestApp, method: Method, path: &str, token: &str, body: Value) -> Value {
    let (status, answer) = send(app, method, path, token, Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    answer["error"].clone()
}

fn says(error: &Value, words: &str) {
    let message = error["message"].as_str().unwrap_or("");
    assert!(message.contains(words), "{error}");
}

#[tokio::test]
async fn org_names_refuse_direction_controls_and_invisible_text() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let committee = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let org = |name: &str| json!({"parent_id": committee, "kind": "branch", "name": name});
    for name in [RLO, ISOLATED] {
        let error = refused(&app, Method::POST, "/api/v1/orgs", &admin, org(name)).await;
        assert_eq!(error["code"], "invalid_fields");
        says(&error, "组织名称");
        says(&error, "改变文字显示方向的控制字符");
    }
    let error = refused(&app, Method::POST, "/api/v1/orgs", &admin, org(ZERO_WIDTH)).await;
    says(&error, "只含不可见字符");
    let body =
        json!({"parent_id": committee, "kind": "branch", "name": "示例党支部", "short_name": RLO});
    let error = refused(&app, Method::POST, "/api/v1/orgs", &admin, body).await;
    says(&error, "改变文字显示方向的控制字符");

    // A name with a joiner inside still counts as a name.
    let (status, created) = send(
        &app,
        Method::POST,
        "/api/v1/orgs",
        &admin,
        Some(org("示例\u{200D}党支部")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
}

#[tokio::test]
async fn member_names_refuse_direction_controls_and_invisible_text() {
    let app = spawn().await;
    let branch = app.token_ok("branch1").await;
    let own = scalar(
        &app,
        "SELECT id FROM orgs WHERE name = '重庆市机械工程学会党支部'",
    )
    .await;
    let member = |name: &str| json!({"org_id": own, "name": name});
    let error = refused(&app, Method::POST, "/api/v1/members", &branch, member(RLO)).await;
    says(&error, "改变文字显示方向的控制字符");
    let error = refused(
        &app,
        Method::POST,
        "/api/v1/members",
        &branch,
        member(ZERO_WIDTH),
    )
    .await;
    says(&error, "只含不可见字符");
    let count = scalar(&app, "SELECT COUNT(*) FROM members WHERE name LIKE '示例%'").await;
    assert_eq!(count, 0);
}

#[tokio::test]
async fn account_display_names_refuse_direction_controls_and_invisible_text() {
    let app = spawn().await;
    let branch = app.token_ok("branch1").await;
    let member = scalar(
        &app,
        "SELECT m.id FROM members m JOIN orgs o ON o.id = m.org_id \
         WHERE o.name = '重庆市机械工程学会党支部' \
         AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.member_id = m.id) \
         ORDER BY m.id LIMIT 1",
    )
    .await;
    let account =
        |name: &str| json!({"username": "hidden.name", "member_id": member, "display_name": name});
    let error = refused(
        &app,
        Method::POST,
        "/api/v1/accounts",
        &branch,
        account(RLO),
    )
    .await;
    assert_eq!(error["code"], "display_name_bidi_control");
    says(&error, "改变文字显示方向的控制字符");
    let error = refused(
        &app,
        Method::POST,
        "/api/v1/accounts",
        &branch,
        account(ZERO_WIDTH),
    )
    .await;
    assert_eq!(error["code"], "display_name_invisible");
    says(&error, "只含不可见字符");
    let made = scalar(
        &app,
        "SELECT COUNT(*) FROM accounts WHERE username = 'hidden.name'",
    )
    .await;
    assert_eq!(made, 0);
}
