//! A notice published to the same org twice: refused as 422 duplicate_target (it was a 500
//! from the targets' unique key); the notice stays a draft with no recipients.

use super::*;

#[tokio::test]
async fn an_org_named_twice_is_refused_and_the_notice_stays_a_draft() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let org = committee(&app).await;
    let branch = first_branch(&app).await;
    let (status, created) = send(
        &app,
        Method::POST,
        "/api/v1/notices",
        &admin,
        Some(json!({"org_id": org, "source": FOUNDING})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let events = scalar(&app, "SELECT COUNT(*) FROM audit_events").await;

    for twice in [
        json!([{"org_id": branch, "subtree": false}, {"org_id": branch, "subtree": false}]),
        json!([{"org_id": branch, "subtree": true}, {"org_id": org, "subtree": true}, {"org_id": branch, "subtree": false}]),
    ] {
        let (status, body) = send(
            &app,
            Method::POST,
            &format!("/api/v1/notices/{id}/publish"),
            &admin,
            Some(json!({ "targets": twice })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["error"]["code"], "duplicate_target", "{body}");
    }
    let (status, notice) = send(
        &app,
        Method::GET,
        &format!("/api/v1/notices/{id}"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(notice["status"], "draft", "{notice}");
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT COUNT(*) FROM notice_recipients WHERE notice_id = {id}")
        )
        .await,
        0
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM audit_events").await,
        events
    );

    let (status, body) = send(
        &app,
        Method::POST,
        &format!("/api/v1/notices/{id}/publish"),
        &admin,
        Some(json!({"targets": [{"org_id": branch, "subtree": false}]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["recipients"], 1);
}
