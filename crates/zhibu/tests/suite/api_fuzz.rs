//! What the request-level fuzz (`.ci/schemathesis`) found, each kept as a test.

use crate::helpers::spawn;
use reqwest::StatusCode;
use serde_json::Value;

/// `limit + offset` overflowed for an offset near `i64::MAX`: the connection was dropped
/// (a panic with overflow checks) or, in a release build, the count wrapped negative and
/// every owed report was loaded (PostgreSQL refuses a negative LIMIT: a 500).
#[tokio::test]
async fn the_largest_offset_lists_no_tasks() {
    let app = spawn().await;
    let token = app.token_ok("branch1").await;
    let r = app
        .api_get(
            "/api/v1/tasks?box=assigned&offset=9223372036854775807",
            &token,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let page: Value = r.json().await.unwrap();
    assert_eq!(page["assigned"], serde_json::json!([]));
}

/// schemathesis's status-code and content-type checks: the answers every operation can give
/// are in the document (400 malformed parameter, 401 without a token, 403 CSRF for a write
/// without a token, 415 for a body of another type), and a download says any type.
#[tokio::test]
async fn the_document_declares_the_common_answers() {
    let app = spawn().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let mut missing = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let mut want = vec!["400"];
            if op["security"].as_array().is_some_and(|s| !s.is_empty()) {
                want.push("401");
            }
            if ["post", "put", "delete", "patch"].contains(&method.as_str()) {
                want.push("403");
            }
            if op["requestBody"].is_object() {
                want.push("415");
            }
            for status in want {
                if op["responses"][status].is_null() {
                    missing.push(format!("{method} {path}: {status}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "undeclared: {missing:#?}");
    let download = &doc["paths"]["/api/v1/notices/{id}/attachments/{attachment_id}"]["get"];
    assert!(download["responses"]["200"]["content"]["*/*"].is_object());
}
