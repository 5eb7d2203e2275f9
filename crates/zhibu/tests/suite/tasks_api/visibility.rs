//! Who may see and do what: a branch sees and writes only its own report, never another
//! branch's, and cannot review; the committee reviews but does not write a branch's report.

use super::*;

#[tokio::test]
async fn a_branch_cannot_see_write_or_review_another_branchs_report() {
    let (app, admin) = started().await;
    let branch1 = app.token_ok("branch1").await;
    let branch2 = app.token_ok("branch2").await;
    let (org1, org2) = (branch_org(&app, 1).await, branch_org(&app, 2).await);
    let task = assign(&app, &admin, &[org1, org2], "2099-12-31").await;
    let (status, _) = save(&app, &branch2, task, org2, good_answers("二支部"), true).await;
    assert_eq!(status, StatusCode::OK);

    let other = format!("/api/v1/tasks/{task}/submissions/{org2}");
    let (status, _) = send(&app, Method::GET, &other, &branch1, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(
        &app,
        Method::PUT,
        &other,
        &branch1,
        Some(json!({"answers": {}, "based_on": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = review(&app, &branch1, task, org2, "approve", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Nor its own: reviewing is the assigning side's.
    let (status, _) = save(&app, &branch1, task, org1, good_answers("一支部"), true).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = review(&app, &branch1, task, org1, "approve", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The board and the bulk approval are the committee's.
    let (status, _) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{task}/board"),
        &branch1,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{task}/approve"),
        &branch1,
        Some(json!({"org_ids": [org1]})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The committee reads every report but does not fill one in for a branch.
    let (status, _) = send(&app, Method::GET, &other, &admin, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(
        &app,
        Method::PUT,
        &other,
        &admin,
        Some(json!({"answers": {}, "based_on": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A branch not assigned the task does not see it at all.
    let branch3 = app.token_ok("branch3").await;
    let (status, _) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{task}"),
        &branch3,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Each refusal was audited.
    let denied = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'access.denied'",
    )
    .await;
    assert!(denied >= 6, "{denied}");
    // A draft task is not shown to the orgs it will go to.
    let root = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let (status, draft) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &admin,
        Some(json!({
            "org_id": root, "title": "草稿任务", "category": "其他", "deadline": "2099-01-01",
            "form": {"fields": [{"key": "a", "label": "说明", "type": "short_text"}]}
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    assert_eq!(draft["status"], "draft");
    let (status, _) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{}", draft["id"]),
        &branch1,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
