//! Who sees a notice: its recipients, never other branches, never drafts, never system roles.

use super::*;

#[tokio::test]
async fn a_notice_sent_to_one_branch_is_hidden_from_the_others() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let own = first_branch(&app).await;
    let id = published(
        &app,
        &admin,
        FOUNDING,
        json!([{"org_id": own, "subtree": false}]),
    )
    .await;
    let (_, receipts) = send(
        &app,
        Method::GET,
        &format!("/api/v1/notices/{id}/receipts"),
        &admin,
        None,
    )
    .await;
    assert_eq!(receipts["totals"]["recipients"], 1);

    let branch1 = app.token_ok("branch1").await;
    let member1 = app.token_ok("member1").await;
    let branch2 = app.token_ok("branch2").await;
    for token in [&branch1, &member1] {
        let (status, _) = send(
            &app,
            Method::GET,
            &format!("/api/v1/notices/{id}"),
            token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    assert!(row(&app, &branch2, "inbox", id).await.is_none());
    for (method, path) in [
        (Method::GET, format!("/api/v1/notices/{id}")),
        (Method::POST, format!("/api/v1/notices/{id}/sign")),
        (Method::GET, format!("/api/v1/notices/{id}/attachments")),
        (Method::GET, format!("/api/v1/notices/{id}/receipts")),
    ] {
        let (status, body) = send(&app, method.clone(), &path, &branch2, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "branch2 {method} {path}");
        assert_eq!(body["error"]["code"], "not_found");
    }
    // Recipients do not act as the issuer.
    let (status, _) = send(
        &app,
        Method::GET,
        &format!("/api/v1/notices/{id}/receipts"),
        &branch1,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/notices/{id}"),
        &branch1,
        Some(json!({"source": FOUNDING})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/notices/{id}/withdraw"),
        &branch1,
        Some(json!({"reason": "x"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A draft reaches nobody; system roles read no notices.
    let (_, draft) = send(
        &app,
        Method::POST,
        "/api/v1/notices",
        &admin,
        Some(json!({"org_id": committee(&app).await, "source": FOUNDING})),
    )
    .await;
    let (status, _) = send(
        &app,
        Method::GET,
        &format!("/api/v1/notices/{}", draft["id"]),
        &branch1,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let sysadmin = app.token_ok("sysadmin").await;
    let (status, _) = send(&app, Method::GET, "/api/v1/notices", &sysadmin, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let denied = scalar(&app, &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'access.denied' AND object_type = 'notice' AND object_id = '{id}'")).await;
    assert!(denied >= 4, "refusals are audited ({denied})");
}
