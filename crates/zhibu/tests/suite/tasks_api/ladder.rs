//! The reminder ladder walked across a calendar with the clock injected: which reminders go out
//! when, quiet hours, weekends, escalation to the parent org, catching up after downtime, and no
//! reminder twice — also from two schedulers on one database at once.

use super::*;
use app::reminders::ladder::pass;
use std::sync::Arc;

/// `hour` o'clock on `date` in Shanghai.
fn at(date: &str, hour: i64) -> domain::Timestamp {
    let zone = app::Zone::parse("Asia/Shanghai").unwrap();
    let (midnight, _) = zone.day_bounds(date).unwrap();
    domain::Timestamp(midnight.millis() + hour * 3_600_000)
}

/// A second scheduler on the test app's database, on its clock.
async fn scheduler(app: &TestApp) -> app::App {
    let zone = app::Zone::parse("Asia/Shanghai").unwrap();
    app::App::new(app.db().await, Arc::new(app.clock.clone()), zone)
}

/// The ladder's reminders about `task` so far, as "org rung" in the order written (the demo's
/// own tasks are chased too, and left out here).
async fn sent(app: &TestApp, task: i64) -> Vec<String> {
    let db = app.db().await;
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT org_id, rung FROM reminders WHERE sent_by IS NULL AND task_id = $1 ORDER BY id",
    )
    .bind(task)
    .fetch_all(db.read())
    .await
    .unwrap();
    db.close().await;
    rows.into_iter().map(|(o, r)| format!("{o} {r}")).collect()
}

#[tokio::test]
async fn the_ladder_chases_each_owed_report_once_per_rung_and_catches_up_once() {
    let app = spawn().await;
    // Monday 30 November: the task is assigned, due Friday 11 December.
    app.clock.set(at("2026-11-30", 10));
    let admin = app.token_ok("admin").await;
    let (org1, org2) = (branch_org(&app, 1).await, branch_org(&app, 2).await);
    let task = assign(&app, &admin, &[org1, org2], "2026-12-11").await;
    let s = scheduler(&app).await;
    let step = |date: &'static str, hour: i64| {
        let (s, app) = (&s, &app);
        async move {
            app.clock.set(at(date, hour));
            pass(s).await.unwrap();
            sent(app, task).await
        }
    };

    assert!(step("2026-12-07", 10).await.is_empty());
    let three_days = vec![format!("{org1} before_3"), format!("{org2} before_3")];
    assert_eq!(step("2026-12-08", 10).await, three_days);
    // Again at the same moment, and the next day (still the 3-day rung): nothing new.
    assert_eq!(step("2026-12-08", 10).await, three_days);
    assert_eq!(step("2026-12-09", 10).await, three_days);

    // org1 hands in: it is never chased again. (Tokens are fresh: days have passed.)
    let branch = app.token_ok("branch1").await;
    let (status, _) = save(&app, &branch, task, org1, good_answers("已学习"), true).await;
    assert_eq!(status, StatusCode::OK);
    // Quiet hours hold the 1-day rung back until 08:00.
    assert_eq!(step("2026-12-10", 7).await, three_days);
    let mut expected = three_days.clone();
    expected.push(format!("{org2} before_1"));
    assert_eq!(step("2026-12-10", 8).await, expected);
    // The deadline's day is urgent: it goes out in quiet hours too.
    expected.push(format!("{org2} on_the_day"));
    assert_eq!(step("2026-12-11", 7).await, expected);
    // Overdue at the weekend: nothing until Monday, then the daily reminder and, three days
    // over, a copy to the parent org's administrators.
    assert_eq!(step("2026-12-12", 10).await, expected);
    assert_eq!(step("2026-12-13", 10).await, expected);
    expected.push(format!("{org2} overdue_2026-12-14"));
    expected.push(format!("{org2} escalate"));
    assert_eq!(step("2026-12-14", 10).await, expected);
    // Down on Tuesday, back on Wednesday: Wednesday's reminder once, not Tuesday's as well.
    expected.push(format!("{org2} overdue_2026-12-16"));
    assert_eq!(step("2026-12-16", 10).await, expected);

    // Two schedulers at once on one database send Thursday's reminder once.
    app.clock.set(at("2026-12-17", 10));
    let other = scheduler(&app).await;
    let (a, b) = tokio::join!(pass(&s), pass(&other));
    let (a, b) = (a.unwrap(), b.unwrap());
    expected.push(format!("{org2} overdue_2026-12-17"));
    assert_eq!(sent(&app, task).await, expected, "{a:?} {b:?}");

    // branch1 heard only the 3-day reminder, sent before it handed in; the committee heard
    // the escalation, in its words.
    let about_task = |m: &&Value| {
        m["link"]
            .as_str()
            .unwrap()
            .starts_with(&format!("/tasks/{task}/"))
    };
    let (branch, admin) = (app.token_ok("branch1").await, app.token_ok("admin").await);
    let (_, inbox) = send(&app, Method::GET, "/api/v1/messages", &branch, None).await;
    let bodies: Vec<&str> = inbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(about_task)
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies.len(), 1, "{inbox}");
    assert!(bodies[0].contains("距截止还有 3 天"), "{}", bodies[0]);
    let (_, inbox) = send(&app, Method::GET, "/api/v1/messages", &admin, None).await;
    let org2_name = org_name(&app, org2).await;
    let escalations: Vec<&Value> = inbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| {
            m["kind"] == "task_escalation"
                && m["link"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("/tasks/{task}/"))
        })
        .collect();
    assert_eq!(escalations.len(), 1, "{inbox}");
    assert!(
        escalations[0]["title"]
            .as_str()
            .unwrap()
            .contains(&org2_name)
    );
    // Each pass that sent wrote one audit event by the system.
    let events = scalar(
        &app,
        &format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'task.remind_auto' \
             AND username = 'system' AND object_id = '{task}'"
        ),
    )
    .await;
    assert_eq!(events, 6);
}

#[tokio::test]
async fn the_deployments_settings_and_a_tasks_own_ladder_decide_the_rungs() {
    let app = spawn().await;
    app.clock.set(at("2026-11-30", 10));
    let admin = app.token_ok("admin").await;
    let org1 = branch_org(&app, 1).await;
    let follows = assign(&app, &admin, &[org1], "2026-12-11").await;
    let own = assign(&app, &admin, &[org1], "2026-12-11").await;
    let settings = json!({
        "ladder": {"before_days": [5], "on_the_day": false, "while_overdue": false, "escalate_after_days": null},
        "calendar": {"quiet_start": "00:00", "quiet_end": "00:00", "weekends_work": false, "holidays": [], "extra_working_days": []}
    });
    let (status, saved) = send(
        &app,
        Method::PUT,
        "/api/v1/settings/reminders",
        &admin,
        Some(settings),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["ladder"]["before_days"], json!([5]));
    let path = format!("/api/v1/tasks/{own}/reminder-ladder");
    let ladder = json!({"ladder": {"before_days": [2], "on_the_day": false, "while_overdue": false, "escalate_after_days": null}});
    let (status, answer) = send(&app, Method::PUT, &path, &admin, Some(ladder)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    // A wrong setting is refused and changes nothing; the reporting side cannot see them.
    let bad = json!({
        "ladder": {"before_days": [0], "on_the_day": true, "while_overdue": true, "escalate_after_days": null},
        "calendar": {"quiet_start": "22:00", "quiet_end": "08:00", "weekends_work": false, "holidays": ["2027-13-01"], "extra_working_days": []}
    });
    let (status, answer) = send(
        &app,
        Method::PUT,
        "/api/v1/settings/reminders",
        &admin,
        Some(bad),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["code"], "invalid_date");
    let (_, now) = send(
        &app,
        Method::GET,
        "/api/v1/settings/reminders",
        &admin,
        None,
    )
    .await;
    assert_eq!(now["ladder"]["before_days"], json!([5]));
    let branch = app.token_ok("branch1").await;
    let (status, _) = send(
        &app,
        Method::GET,
        "/api/v1/settings/reminders",
        &branch,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // No quiet hours now: 23:30 is as good as noon.
    let s = scheduler(&app).await;
    app.clock
        .set(domain::Timestamp(at("2026-12-06", 23).millis() + 1_800_000));
    pass(&s).await.unwrap();
    assert_eq!(sent(&app, follows).await, vec![format!("{org1} before_5")]);
    assert!(sent(&app, own).await.is_empty());
    app.clock.set(at("2026-12-09", 23));
    pass(&s).await.unwrap();
    assert_eq!(sent(&app, own).await, vec![format!("{org1} before_2")]);
    // Neither chases on the day nor when overdue.
    for day in ["2026-12-11", "2026-12-14"] {
        app.clock.set(at(day, 10));
        pass(&s).await.unwrap();
    }
    assert_eq!(sent(&app, follows).await.len(), 1);
    assert_eq!(sent(&app, own).await.len(), 1);
}
