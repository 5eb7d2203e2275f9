//! The org tree and the roster through the JSON API.

use crate::helpers::spawn;
use crate::helpers::{scalar, send};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn orgs_are_listed_paged_and_searched_within_scope() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let (status, page) = send(
        &app,
        reqwest::Method::GET,
        "/api/v1/orgs?limit=5",
        &admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 15);
    assert_eq!(page["orgs"].as_array().unwrap().len(), 5);
    let (_, next) = send(
        &app,
        reqwest::Method::GET,
        "/api/v1/orgs?limit=5&offset=5",
        &admin,
        None,
    )
    .await;
    assert_ne!(next["orgs"][0]["id"], page["orgs"][0]["id"]);
    let (_, found) = send(
        &app,
        reqwest::Method::GET,
        "/api/v1/orgs?q=%E6%B0%94%E8%B1%A1",
        &admin,
        None,
    )
    .await;
    assert_eq!(found["orgs"][0]["name"], "重庆市气象学会党支部");

    let branch = app.token_ok("branch1").await;
    let (_, own) = send(&app, reqwest::Method::GET, "/api/v1/orgs", &branch, None).await;
    assert_eq!(own["total"], 1);
    let other = scalar(
        &app,
        "SELECT id FROM orgs WHERE name = '重庆市电子学会党支部'",
    )
    .await;
    let (status, body) = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/orgs/{other}"),
        &branch,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
    let (status, _) = send(
        &app,
        reqwest::Method::GET,
        "/api/v1/orgs/999999",
        &branch,
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a missing id and a forbidden id look the same"
    );
}

#[tokio::test]
async fn an_org_is_created_updated_moved_and_closed_through_the_api() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let committee = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let (status, created) = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/orgs",
        &admin,
        Some(json!({"parent_id": committee, "kind": "general_branch", "name": "示例联合党总支"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let general = created["id"].as_i64().unwrap();
    assert_eq!(created["path"], format!("/{committee}/{general}/"));

    let (status, body) = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/orgs",
        &admin,
        Some(json!({"parent_id": general, "kind": "committee", "name": "x"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid_move");

    let (status, body) = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/orgs",
        &admin,
        Some(json!({"parent_id": general, "kind": "branch", "name": "", "contact_phone": "1"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid_fields");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("组织名称")
    );

    let branch = scalar(
        &app,
        "SELECT id FROM orgs WHERE name = '重庆市林学会党支部'",
    )
    .await;
    let (status, moved) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/orgs/{branch}/move"),
        &admin,
        Some(json!({"parent_id": general})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(moved["parent_id"], general);
    let (status, updated) = send(&app, reqwest::Method::PUT, &format!("/api/v1/orgs/{branch}"), &admin,
        Some(json!({"name": "重庆市林学会党支部", "contact_person": "林示例", "contact_phone": "023-63000000"}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["contact_phone"], "023-63000000");
    let (status, closed) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/orgs/{branch}/close"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(closed["status"], "closed");
    // Nothing new goes under a closed org.
    let (status, body) = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/members",
        &admin,
        Some(json!({"org_id": branch, "name": "迟到示例"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "org_closed");
    // The committee root itself cannot be closed by its own admin.
    let (status, body) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/orgs/{committee}/close"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "own_root");
}

#[tokio::test]
async fn members_are_created_listed_and_their_personal_data_guarded() {
    let app = spawn().await;
    let branch = app.token_ok("branch1").await;
    let own = scalar(
        &app,
        "SELECT id FROM orgs WHERE name = '重庆市机械工程学会党支部'",
    )
    .await;
    let (status, created) = send(&app, reqwest::Method::POST, "/api/v1/members", &branch,
        Some(json!({"org_id": own, "name": "接口示例", "phone": "13712345678", "birth_date": "1988-02-29", "positions": ["组织委员"]}))).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["phone"], "13712345678");
    assert_eq!(created["birth_date"], "1988-02-29");
    assert_eq!(created["positions"], json!(["organization"]));
    let id = created["id"].as_i64().unwrap();

    let (status, body) = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/members/{id}"),
        &branch,
        Some(json!({"name": "接口示例", "birth_date": "1987-02-29"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("出生日期")
    );

    let member = app.token_ok("member1").await;
    let (status, seen) = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/members/{id}"),
        &member,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen["name"], "接口示例");
    assert_eq!(seen["phone"], Value::Null);
    assert_eq!(seen["birth_date"], Value::Null);
    let (status, _) = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/members",
        &member,
        Some(json!({"org_id": own, "name": "越权示例"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, list) = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/members?org_id={own}&name=%E6%8E%A5%E5%8F%A3"),
        &branch,
        None,
    )
    .await;
    assert_eq!(list["total"], 1);

    // The system administrator sees no roster at all.
    let sys = app.token_ok("sysadmin").await;
    let (status, _) = send(&app, reqwest::Method::GET, "/api/v1/members", &sys, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/members/{id}"),
        &sys,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_member_is_transferred_and_marked_as_left_through_the_api() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let member = scalar(
        &app,
        "SELECT member_id FROM accounts WHERE username = 'member1'",
    )
    .await;
    let other = scalar(
        &app,
        "SELECT id FROM orgs WHERE name = '重庆市电子学会党支部'",
    )
    .await;
    let (status, moved) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/members/{member}/transfer"),
        &admin,
        Some(json!({"to_org_id": other, "note": "调动"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(moved["org_id"], other);
    let (status, body) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/members/{member}/transfer"),
        &admin,
        Some(json!({"to_org_id": other})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "same_org");
    let (_, left) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/members/{member}/leave"),
        &admin,
        None,
    )
    .await;
    assert_eq!(left["status"], "left");
    let transfers = scalar(
        &app,
        &format!("SELECT COUNT(*) FROM member_transfers WHERE member_id = {member}"),
    )
    .await;
    assert_eq!(transfers, 1);
}
