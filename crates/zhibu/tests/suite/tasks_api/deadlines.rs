//! Deadlines across an injected clock: reports after the deadline are accepted and marked late
//! until the task is closed; the board counts overdue orgs and lights them red; recurring tasks
//! open a period of their own when it begins.

use super::*;
use std::time::Duration;

const DAY: Duration = Duration::from_secs(24 * 3600);

/// A deadline `days` from the app's clock, as RFC 3339.
fn in_days(app: &TestApp, days: u64) -> String {
    use app::Clock;
    app::rfc3339(app.clock.now().plus(days as u32 * DAY))
}

#[tokio::test]
async fn after_the_deadline_reports_are_late_until_the_task_is_closed() {
    let (app, admin) = started().await;
    let branch1 = app.token_ok("branch1").await;
    let (org1, org2, org3) = (
        branch_org(&app, 1).await,
        branch_org(&app, 2).await,
        branch_org(&app, 3).await,
    );
    let task = assign(&app, &admin, &[org1, org2, org3], &in_days(&app, 2)).await;

    // Due soon: not yet handed in is yellow.
    let (_, board) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{task}/board"),
        &admin,
        None,
    )
    .await;
    assert!(
        board["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["light"] == "yellow"),
        "{board}"
    );

    let (status, _) = save(&app, &branch1, task, org1, good_answers("按时"), true).await;
    assert_eq!(status, StatusCode::OK);
    app.clock.advance(3 * DAY);
    // Sessions idle that long have ended: sign in again.
    let admin = app.token_ok("admin").await;
    let branch2 = app.token_ok("branch2").await;
    // Past the deadline: two overdue, red.
    assert_eq!(counts(&app, &admin, task).await, (3, 1, 1, 0, 0, 0, 2));
    let (_, board) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{task}/board"),
        &admin,
        None,
    )
    .await;
    let red: Vec<i64> = board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["light"] == "red")
        .map(|r| r["org_id"].as_i64().unwrap())
        .collect();
    assert_eq!(red.len(), 2);
    assert!(red.contains(&org2) && red.contains(&org3));
    assert!(
        board["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["overdue"] == true)
    );

    // Still accepted, marked late.
    let (status, late) = save(&app, &branch2, task, org2, good_answers("迟交"), true).await;
    assert_eq!(status, StatusCode::OK, "{late}");
    assert_eq!(late["late"], true);
    assert_eq!(late["versions"][0]["late"], true);
    assert_eq!(counts(&app, &admin, task).await, (3, 2, 1, 1, 0, 0, 1));
    let (_, board) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{task}/board"),
        &admin,
        None,
    )
    .await;
    assert!(
        (board["reporting_rate"].as_f64().unwrap() - 66.7).abs() < 0.01,
        "{board}"
    );
    assert!((board["on_time_rate"].as_f64().unwrap() - 33.3).abs() < 0.01);

    // The 通报 names the late and the missing, in the reader's language.
    let (status, notice) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{task}/late-notice"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{notice}");
    let text = notice["text"].as_str().unwrap();
    assert!(text.contains("应报3个组织，已报2个"), "{text}");
    assert!(
        text.contains(&format!(
            "以下1个组织尚未报送：{}",
            org_name(&app, org3).await
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "以下1个组织逾期报送：{}",
            org_name(&app, org2).await
        )),
        "{text}"
    );
    // Closed: nothing more is accepted, reviewing goes on.
    let (status, closed) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{task}/close"),
        &admin,
        None,
    )
    .await;
    assert_eq!(
        (status, closed["status"].as_str()),
        (StatusCode::OK, Some("closed"))
    );
    let branch3 = app.token_ok("branch3").await;
    let (status, e) = save(&app, &branch3, task, org3, good_answers("太迟"), true).await;
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("task_closed"))
    );
    let (status, _) = review(&app, &admin, task, org2, "approve", "").await;
    assert_eq!(status, StatusCode::OK);
    // Reopened, late reports come in again.
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{task}/reopen"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = save(&app, &branch3, task, org3, good_answers("终于"), true).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(counts(&app, &admin, task).await, (3, 3, 1, 2, 1, 0, 0));
}

#[tokio::test]
async fn a_monthly_task_opens_a_new_period_with_its_own_reports() {
    let (app, admin) = started().await;
    let branch1 = app.token_ok("branch1").await;
    let org1 = branch_org(&app, 1).await;
    let root = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let (status, task) = send(&app, Method::POST, "/api/v1/tasks", &admin, Some(json!({
        "org_id": root, "title": "每月安全稳定情况报告", "category": "安全稳定",
        "recurrence": "monthly", "due_days": 5,
        "form": {"fields": [{"key": "ok", "label": "本月是否发生安全事件", "type": "yes_no", "required": true}]},
        "targets": [{"org_id": org1, "subtree": false}], "publish": true
    }))).await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    let id = task["id"].as_i64().unwrap();
    let periods = task["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 1);
    let first = periods[0]["period"].as_str().unwrap().to_owned();
    assert_eq!(first.len(), 7, "{first}"); // YYYY-MM
    let (status, _) = save(&app, &branch1, id, org1, json!({"ok": "no"}), true).await;
    assert_eq!(status, StatusCode::OK);

    // A month and a half later the next period is open, its report not started; the first
    // keeps its report.
    app.clock.advance(45 * DAY);
    let admin = app.token_ok("admin").await;
    let branch1 = app.token_ok("branch1").await;
    // The branch's to-do list shows the new month's report before anyone opened the task.
    let (_, todo) = send(
        &app,
        Method::GET,
        "/api/v1/tasks?box=assigned",
        &branch1,
        None,
    )
    .await;
    let owed: Vec<&Value> = todo["assigned"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["task_id"] == id)
        .collect();
    assert_eq!(owed.len(), 2, "{todo}");
    // Deadlines first: last month's report, then this month's.
    assert_eq!(owed[0]["period"], first.as_str());
    assert_eq!(owed[1]["status"], "not_started");
    let (_, task) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{id}"),
        &admin,
        None,
    )
    .await;
    let periods = task["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2, "{task}");
    assert_ne!(periods[0]["period"], first);
    assert_eq!(periods[0]["submitted"], 0);
    assert_eq!(periods[1]["submitted"], 1);
    let (_, mine) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{id}/submissions/{org1}"),
        &branch1,
        None,
    )
    .await;
    assert_eq!(mine["status"], "not_started");
    let (_, old) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{id}/submissions/{org1}?period={first}"),
        &branch1,
        None,
    )
    .await;
    assert_eq!(old["status"], "submitted");
    assert_eq!(old["versions"][0]["answers"]["ok"], false);
}
