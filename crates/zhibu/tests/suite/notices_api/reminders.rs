//! 催办 of 签收: reminding the recipients that have not signed, by hand and by the ladder
//! against the 签收时限, with the receipts showing each recipient's status and reminders.

use super::*;
use app::reminders::ladder::pass;
use std::sync::Arc;

fn at(date: &str, hour: i64) -> domain::Timestamp {
    let zone = app::Zone::parse("Asia/Shanghai").unwrap();
    let (midnight, _) = zone.day_bounds(date).unwrap();
    domain::Timestamp(midnight.millis() + hour * 3_600_000)
}

async fn receipts(app: &TestApp, token: &str, id: i64) -> Value {
    let path = format!("/api/v1/notices/{id}/receipts");
    let (status, body) = send(app, Method::GET, &path, token, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn receipt(all: &Value, org: i64) -> Value {
    all["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["org_id"] == org)
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn recipients_that_have_not_signed_are_reminded_by_hand_and_by_the_sign_by_time() {
    let app = spawn().await;
    app.clock.set(at("2026-11-30", 10));
    let admin = app.token_ok("admin").await;
    let root = committee(&app).await;
    let id = published(
        &app,
        &admin,
        FOUNDING,
        json!([{"org_id": root, "subtree": true}]),
    )
    .await;
    let (org1, org2) = (first_branch(&app).await, branch_org(&app, 2).await);
    let branch1 = app.token_ok("branch1").await;
    let path = format!("/api/v1/notices/{id}/sign");
    let (status, _) = send(
        &app,
        Method::POST,
        &path,
        &branch1,
        Some(json!({"org_id": org1})),
    )
    .await;
    assert!(status.is_success());
    let recipients = receipts(&app, &admin, id).await["receipts"]
        .as_array()
        .unwrap()
        .len();

    // By hand: every recipient that has not signed; branch1 has, and is left alone.
    let reminders = format!("/api/v1/notices/{id}/reminders");
    let (status, sent) = send(
        &app,
        Method::POST,
        &reminders,
        &admin,
        Some(json!({"scope": "unsigned", "note": "请今天签收"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    assert_eq!(sent["orgs"].as_u64().unwrap() as usize, recipients - 1);
    let all = receipts(&app, &admin, id).await;
    assert_eq!(receipt(&all, org1)["status"], "signed");
    assert_eq!(receipt(&all, org1)["reminders"], 0);
    assert_eq!(receipt(&all, org2)["status"], "unread");
    assert_eq!(receipt(&all, org2)["reminders"], 1);
    let branch2 = app.token_ok("branch2").await;
    let (_, inbox) = send(&app, Method::GET, "/api/v1/messages", &branch2, None).await;
    let m = &inbox["messages"][0];
    assert_eq!(m["kind"], "notice_reminder", "{inbox}");
    assert!(m["title"].as_str().unwrap().starts_with("请签收："));
    assert!(m["body"].as_str().unwrap().contains("请今天签收"));
    assert_eq!(m["link"], format!("/notices/{id}"));
    // Ticking only orgs that have signed reminds nobody.
    let (status, answer) = send(
        &app,
        Method::POST,
        &reminders,
        &admin,
        Some(json!({"org_ids": [org1]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["code"], "nothing_owed");
    // The reporting side cannot chase anyone.
    let (status, _) = send(
        &app,
        Method::POST,
        &reminders,
        &branch1,
        Some(json!({"scope": "unsigned"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The 签收时限: not in the past, written as people write dates.
    let sign_by = format!("/api/v1/notices/{id}/sign-by");
    let (status, answer) = send(
        &app,
        Method::PUT,
        &sign_by,
        &admin,
        Some(json!({"sign_by": "2026-11-01"})),
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("sign_by_past"))
    );
    let (status, answer) = send(
        &app,
        Method::PUT,
        &sign_by,
        &admin,
        Some(json!({"sign_by": "下周五"})),
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_sign_by"))
    );
    let (status, answer) = send(
        &app,
        Method::PUT,
        &sign_by,
        &admin,
        Some(json!({"sign_by": "2026-12-04"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(
        receipts(&app, &admin, id).await["sign_by"]
            .as_str()
            .unwrap()
            .starts_with("2026-12-04T15:59:59")
    );

    // The ladder: one day before, then overdue on Monday with the escalation to the committee.
    let zone = app::Zone::parse("Asia/Shanghai").unwrap();
    let scheduler = app::App::new(app.db().await, Arc::new(app.clock.clone()), zone);
    let rungs = |org: i64| {
        let app = &app;
        async move {
            let db = app.db().await;
            let v: Vec<String> = sqlx::query_scalar(
                "SELECT rung FROM reminders WHERE notice_id = $1 AND org_id = $2 ORDER BY id",
            )
            .bind(id)
            .bind(org)
            .fetch_all(db.read())
            .await
            .unwrap();
            db.close().await;
            v
        }
    };
    app.clock.set(at("2026-12-03", 10));
    pass(&scheduler).await.unwrap();
    assert_eq!(rungs(org2).await, vec!["manual", "before_1"]);
    assert_eq!(rungs(org1).await, Vec::<String>::new());
    app.clock.set(at("2026-12-07", 10));
    pass(&scheduler).await.unwrap();
    pass(&scheduler).await.unwrap();
    assert_eq!(
        rungs(org2).await,
        vec!["manual", "before_1", "overdue_2026-12-07", "escalate"]
    );
    let admin = app.token_ok("admin").await;
    let (_, inbox) = send(
        &app,
        Method::GET,
        "/api/v1/messages?unread=true",
        &admin,
        None,
    )
    .await;
    let escalations = inbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "notice_escalation")
        .count();
    // One for each branch under the committee that has not signed.
    assert_eq!(escalations, recipients - 1, "{inbox}");

    // Withdrawn, a notice is nobody's to sign any more.
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/notices/{id}/withdraw"),
        &admin,
        Some(json!({"reason": "内容有误"})),
    )
    .await;
    assert!(status.is_success());
    let (status, answer) = send(
        &app,
        Method::POST,
        &reminders,
        &admin,
        Some(json!({"scope": "unsigned"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["code"], "notice_not_published");
}

#[tokio::test]
async fn the_sign_by_time_can_come_with_the_publishing() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let root = committee(&app).await;
    let (status, created) = send(
        &app,
        Method::POST,
        "/api/v1/notices",
        &admin,
        Some(json!({"org_id": root, "source": FOUNDING})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/notices/{id}/publish");
    let targets = json!([{"org_id": root, "subtree": true}]);
    // A time already past is refused before anything is published.
    let (status, answer) = send(
        &app,
        Method::POST,
        &path,
        &admin,
        Some(json!({"targets": targets, "sign_by": "2000-01-01"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["code"], "sign_by_past");
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT COUNT(*) FROM notice_recipients WHERE notice_id = {id}")
        )
        .await,
        0
    );
    let (status, answer) = send(
        &app,
        Method::POST,
        &path,
        &admin,
        Some(json!({"targets": targets, "sign_by": "2099-12-10 17:00"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let all = receipts(&app, &admin, id).await;
    assert!(
        all["sign_by"]
            .as_str()
            .unwrap()
            .starts_with("2099-12-10T09:00:00"),
        "{all}"
    );
}
