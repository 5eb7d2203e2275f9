//! A task assigned to the same org twice: refused as 422 duplicate_target (it was a 500 from
//! the targets' unique key), with nothing created, published or audited.

use super::*;

#[tokio::test]
async fn an_org_named_twice_is_refused_and_nothing_changes() {
    let (app, admin) = started().await;
    let org = branch_org(&app, 1).await;
    let root = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let tasks = scalar(&app, "SELECT COUNT(*) FROM tasks").await;
    let events = scalar(&app, "SELECT COUNT(*) FROM audit_events").await;
    let twice = json!([{"org_id": org, "subtree": false}, {"org_id": org, "subtree": true}]);

    // Created and published in one request: not even the draft is kept.
    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &admin,
        Some(json!({
            "org_id": root,
            "title": "报送主题教育学习情况",
            "category": "学习",
            "deadline": "2099-12-31",
            "form": study_form(),
            "targets": twice,
            "publish": true
        })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "duplicate_target");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&org.to_string()),
        "{body}"
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM tasks").await, tasks);

    // A draft published with a target named twice stays a draft with no assignees.
    let (status, draft) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &admin,
        Some(json!({
            "org_id": root,
            "title": "报送主题教育学习情况",
            "category": "学习",
            "deadline": "2099-12-31",
            "form": study_form()
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    let id = draft["id"].as_i64().unwrap();
    let events = scalar(&app, "SELECT COUNT(*) FROM audit_events")
        .await
        .max(events);
    let (status, body) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{id}/publish"),
        &admin,
        Some(json!({"targets": [{"org_id": org, "subtree": false}, {"org_id": org, "subtree": false}]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "duplicate_target");
    let (status, task) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{id}"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(task["status"], "draft", "{task}");
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT COUNT(*) FROM task_targets WHERE task_id = {id}")
        )
        .await,
        0
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM audit_events").await,
        events
    );

    // Named once, the same publish goes through.
    let (status, body) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{id}/publish"),
        &admin,
        Some(json!({"targets": [{"org_id": org, "subtree": false}]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["assignees"], 1);
}
