//! Notices through the JSON API: the founding notice's whole loop (create from its text or a
//! file, publish, open, sign, receipts, revise, withdraw), who may see what, attachments
//! (附件) checked by content, and the 签收情况 ledger. Helpers here; the tests by subject.

mod attachments;
mod duplicate_targets;
mod founding_loop;
mod receipts;
mod reminders;
mod signoff;
mod visibility;

use crate::helpers::{TestApp, spawn};
use crate::helpers::{branch_org, scalar, send};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::io::Cursor;

const FOUNDING: &str = include_str!("../../../../app/demo/founding-notice.md");

async fn upload(app: &TestApp, path: &str, token: &str, form: Form) -> (StatusCode, Value) {
    let r = reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn file(name: &str, bytes: &[u8]) -> Form {
    Form::new().part(
        "file",
        Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
    )
}

async fn committee(app: &TestApp) -> i64 {
    scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await
}

async fn first_branch(app: &TestApp) -> i64 {
    scalar(app, "SELECT g.org_id FROM grants g JOIN accounts a ON a.id = g.account_id WHERE a.username = 'branch1'").await
}

/// Creates a notice from `source` as admin and publishes it to `targets`; answers its id.
async fn published(app: &TestApp, admin: &str, source: &str, targets: Value) -> i64 {
    let org = committee(app).await;
    let (status, created) = send(
        app,
        Method::POST,
        "/api/v1/notices",
        admin,
        Some(json!({"org_id": org, "source": source})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (status, body) = send(
        app,
        Method::POST,
        &format!("/api/v1/notices/{id}/publish"),
        admin,
        Some(json!({"targets": targets})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    id
}

/// The row of notice `id` in `box` as `token` sees it.
async fn row(app: &TestApp, token: &str, mailbox: &str, id: i64) -> Option<Value> {
    let (status, page) = send(
        app,
        Method::GET,
        &format!("/api/v1/notices?box={mailbox}&limit=200"),
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id)
        .cloned()
}

fn read_xlsx(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a real xlsx");
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[tokio::test]
async fn the_api_document_describes_the_notice_routes() {
    let app = spawn().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for path in [
        "/api/v1/notices",
        "/api/v1/notices/{id}",
        "/api/v1/notices/{id}/publish",
        "/api/v1/notices/{id}/withdraw",
        "/api/v1/notices/{id}/sign",
        "/api/v1/notices/{id}/signoff",
        "/api/v1/settings/notices",
        "/api/v1/notices/{id}/receipts",
        "/api/v1/notices/{id}/receipts.xlsx",
        "/api/v1/notices/{id}/attachments",
        "/api/v1/notices/{id}/attachments/{attachment_id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    assert_eq!(
        doc["paths"]["/api/v1/notices"]["post"]["tags"][0],
        "notices"
    );
}

#[tokio::test]
async fn an_upload_limit_of_nothing_names_its_setting() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = web::Config::new(dir.path());
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.upload_limit = 0;
    let error = web::Application::build(config)
        .await
        .err()
        .expect("refused");
    assert!(
        format!("{error:#}").contains("ZHIBU_UPLOAD_LIMIT_MB"),
        "{error:#}"
    );
}
