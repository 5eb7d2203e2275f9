//! A task to remind about, for suites outside `tasks_api`.

use crate::helpers::{TestApp, scalar, send};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// A one-off task of the committee assigned to `orgs`, due far ahead; answers its id.
pub async fn assign(app: &TestApp, admin: &str, orgs: &[i64]) -> i64 {
    let root = scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let targets: Vec<_> = orgs
        .iter()
        .map(|o| json!({"org_id": o, "subtree": false}))
        .collect();
    let body = json!({
        "org_id": root, "title": "报送学习情况", "category": "学习", "deadline": "2099-12-31",
        "form": {"fields": [{"key": "summary", "label": "情况", "type": "long_text"}]},
        "targets": targets, "publish": true
    });
    let (status, task) = send(app, Method::POST, "/api/v1/tasks", admin, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    task["id"].as_i64().unwrap()
}
