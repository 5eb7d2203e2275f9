//! 催办 through the API: only orgs that still owe are reminded, each reminder reaches the org's
//! accounts as an inbox message in their language, the board counts them, and refusals write
//! nothing.

use super::*;

async fn remind(app: &TestApp, token: &str, task: i64, body: Value) -> (StatusCode, Value) {
    let path = format!("/api/v1/tasks/{task}/reminders");
    send(app, Method::POST, &path, token, Some(body)).await
}

async fn board_line(app: &TestApp, token: &str, task: i64, org: i64) -> Value {
    let path = format!("/api/v1/tasks/{task}/board");
    let (status, b) = send(app, Method::GET, &path, token, None).await;
    assert_eq!(status, StatusCode::OK, "{b}");
    b["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["org_id"] == org)
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn reminders_reach_only_the_orgs_that_owe_and_arrive_in_their_inbox() {
    let (app, admin) = started().await;
    let branch = app.token_ok("branch1").await;
    let (org1, org2) = (branch_org(&app, 1).await, branch_org(&app, 2).await);
    let task = assign(&app, &admin, &[org1, org2], "2099-12-31").await;
    let (status, _) = save(&app, &branch, task, org1, good_answers("已学习"), true).await;
    assert_eq!(status, StatusCode::OK);

    // Every org that owes: org2 only; org1 has handed in and is left alone.
    let (status, sent) = remind(&app, &admin, task, json!({"scope": "owing"})).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    assert_eq!(
        (sent["orgs"].as_i64(), sent["skipped"].as_i64()),
        (Some(1), Some(0))
    );
    // Ticking both reminds org2 again and skips org1.
    let (status, sent) = remind(&app, &admin, task, json!({"org_ids": [org1, org2]})).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    assert_eq!(
        (sent["orgs"].as_i64(), sent["skipped"].as_i64()),
        (Some(1), Some(1))
    );
    let line = board_line(&app, &admin, task, org2).await;
    assert_eq!(line["reminders"], 2);
    assert!(line["last_reminded_at"].as_str().is_some());
    assert_eq!(board_line(&app, &admin, task, org1).await["reminders"], 0);
    // branch1 was not chased for a report it had handed in.
    let (_, inbox) = send(&app, Method::GET, "/api/v1/messages", &branch, None).await;
    assert_eq!(inbox["unread"], 0, "{inbox}");

    // Returned, org1 owes again: a reminder with a note reaches branch1's inbox.
    let (status, _) = review(&app, &admin, task, org1, "return", "请补充学习人数").await;
    assert_eq!(status, StatusCode::OK);
    let note = "请今天下班前重新报送";
    let (status, sent) = remind(
        &app,
        &admin,
        task,
        json!({"scope": "returned", "note": note}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    assert_eq!(
        (sent["orgs"].as_i64(), sent["messages"].as_i64()),
        (Some(1), Some(1))
    );
    let (_, inbox) = send(&app, Method::GET, "/api/v1/messages", &branch, None).await;
    assert_eq!(inbox["unread"], 1, "{inbox}");
    let message = &inbox["messages"][0];
    assert_eq!(message["kind"], "task_reminder");
    assert_eq!(message["title"], "催办：报送主题教育学习情况");
    let body = message["body"].as_str().unwrap();
    assert!(
        body.contains("报送“报送主题教育学习情况”") && body.contains(note),
        "{body}"
    );
    assert_eq!(
        message["link"],
        format!("/tasks/{task}/reports/{org1}?period=once")
    );
    assert_eq!(message["read"], false);

    // Nobody else can read or mark it; its owner marks it read and the badge clears.
    let id = message["id"].as_i64().unwrap();
    let path = format!("/api/v1/messages/{id}/read");
    let (status, _) = send(&app, Method::POST, &path, &admin, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(&app, Method::POST, &path, &branch, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, inbox) = send(&app, Method::GET, "/api/v1/messages", &branch, None).await;
    assert_eq!(
        (
            inbox["unread"].as_i64(),
            inbox["messages"][0]["read"].as_bool()
        ),
        (Some(0), Some(true))
    );

    // Each reminder is one audit event naming the orgs, written with it.
    let events = scalar(
        &app,
        &format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'task.remind' AND object_id = '{task}'"
        ),
    )
    .await;
    assert_eq!(events, 3);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'message.read'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_refused_reminder_says_why_and_writes_nothing() {
    let (app, admin) = started().await;
    let branch = app.token_ok("branch1").await;
    let (org1, org2) = (branch_org(&app, 1).await, branch_org(&app, 2).await);
    let task = assign(&app, &admin, &[org1], "2099-12-31").await;
    let refused = [
        (json!({"org_ids": []}), "nobody_chosen"),
        (json!({"scope": "approved"}), "unknown_scope"),
        (json!({"org_ids": [org2]}), "nothing_owed"),
        (
            json!({"scope": "owing", "note": "催".repeat(501)}),
            "note_too_long",
        ),
        (
            json!({"scope": "owing", "note": "请\u{202e}报送"}),
            "note_unreadable",
        ),
    ];
    for (body, code) in refused {
        let (status, answer) = remind(&app, &admin, task, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(answer["error"]["code"], code);
    }
    // The reporting side cannot chase anyone: the task is not theirs to manage.
    let (status, _) = remind(&app, &branch, task, json!({"scope": "owing"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A closed task takes nothing more, reminders included.
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{task}/close"),
        &admin,
        None,
    )
    .await;
    assert!(status.is_success());
    let (status, answer) = remind(&app, &admin, task, json!({"scope": "owing"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["code"], "task_not_open");
    for table in ["reminders", "messages"] {
        let n = scalar(&app, &format!("SELECT COUNT(*) FROM {table}")).await;
        assert_eq!(n, 0, "{table}");
    }
    let events = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'task.remind'",
    )
    .await;
    assert_eq!(events, 0);
}
