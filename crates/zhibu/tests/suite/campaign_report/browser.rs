//! The filled-in report on a phone and on a desktop, in a real browser: the sessions table,
//! the 来自记录 marks and the photo thumbnails fit 360 px; the review's 记录已变化 too.

use super::*;
use crate::browser::Browser;
use crate::helpers::{PASSWORD, spawn};

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn the_filled_report_and_its_review_fit_a_phone_and_a_desktop() {
    let app = spawn().await;
    let s = setup(&app).await;
    let ids: Vec<i64> = members_of(&app, s.org1)
        .await
        .iter()
        .map(|(id, _)| *id)
        .collect();
    let a1 = record(
        &app,
        &s.branch1,
        s.org1,
        "theme_day",
        "十月主题党日：学习习近平总书记7.26重要讲话",
        "2026-10-10T14:30",
        "张书记",
    )
    .await;
    mark_present(&app, &s.branch1, a1, &ids[0..6], Some(1.0)).await;
    link_activity(&app, &s.branch1, a1, s.campaign, &[(s.speech, None)]).await;
    photo(&app, &s.branch1, a1).await;
    photo(&app, &s.branch1, a1).await;
    let task = report_task(&app, &s).await;
    let here = format!("/tasks/{task}/reports/{}", s.org1);

    for width in [360, 1280] {
        let browser = Browser::start(width).await;
        browser.log_in(&app, "branch1", PASSWORD).await;
        browser.wait_text("body", "您好").await;
        browser.client.goto(&app.url(&here)).await.unwrap();
        browser.wait_text("#field-sessions", "来自记录").await;
        browser.assert_fits().await;
        browser
            .screenshot(&format!("campaign-report-fill-{width}"))
            .await;
        assert!(browser.console_errors().await.is_empty());
        browser.close().await;
    }

    // Handed in, then a record changes: the review shows it, on a phone too.
    let r = open_report(&app, &s.branch1, task, s.org1).await;
    let mut answers = r["draft"]["answers"].clone();
    for key in ["other_practices", "problems", "next_steps"] {
        answers[key] = json!("按计划推进。");
    }
    let (status, handed) = save(
        &app,
        &s.branch1,
        (task, s.org1),
        &answers,
        r["saves"].as_i64().unwrap(),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{handed}");
    mark_present(&app, &s.branch1, a1, &ids[6..8], None).await;
    let browser = Browser::start(360).await;
    browser.log_in(&app, "admin", PASSWORD).await;
    browser.wait_text("body", "您好").await;
    browser.client.goto(&app.url(&here)).await.unwrap();
    browser.wait_text("#record-drift", "记录已变化").await;
    browser.assert_fits().await;
    browser.screenshot("campaign-report-review-360").await;
    browser.close().await;
}
