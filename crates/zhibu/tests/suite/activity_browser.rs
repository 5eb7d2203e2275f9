//! Attendance on a phone, in a real browser at 360 px: one tap per member, 请假 asking for its
//! reason, saved at once, and the record's figures reading right; nothing scrolls sideways.

use crate::activity_pages::{User, add_activity, members_in};
use crate::browser::Browser;
use crate::helpers::{PASSWORD, branch_org, spawn};
use std::time::Duration;

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn a_secretary_takes_attendance_on_a_phone() {
    let app = spawn().await;
    let org = branch_org(&app, 1).await;
    let b1 = User::login(&app, "branch1").await;
    let id = add_activity(&b1, org, "record", "theme_day", "主题党日：重温入党誓词").await;
    let (_, page) = b1.get(&format!("/activities/{id}/attendance")).await;
    let members = members_in(&page);
    let (a, b) = (&members[0], &members[1]);

    let browser = Browser::start(360).await;
    browser.log_in(&app, "branch1", PASSWORD).await;
    browser.wait_text("body", "您好").await;
    for path in ["/activities", "/activities/new?mode=record"] {
        browser.client.goto(&app.url(path)).await.unwrap();
        browser.assert_fits().await;
    }
    browser.screenshot("activity-form-360").await;
    browser
        .client
        .goto(&app.url(&format!("/activities/{id}/attendance")))
        .await
        .unwrap();
    browser.wait_text("h1", "考勤").await;
    browser.assert_fits().await;
    browser.click(&format!("label[for=\"m{a}-present\"]")).await;
    browser.click(&format!("label[for=\"m{b}-leave\"]")).await;
    // 请假 shows its reason field.
    browser.fill(&format!("#reason-{b}"), "外出学习").await;
    browser.screenshot("activity-attendance-360").await;
    browser.click("#save-attendance").await;
    for _ in 0..50 {
        let url = browser.client.current_url().await.unwrap();
        if url.path() == format!("/activities/{id}") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(browser.text_of("#fig-present").await, "1");
    assert_eq!(browser.text_of("#fig-leave").await, "1");
    let expected: usize = browser.text_of("#fig-expected").await.parse().unwrap();
    assert_eq!(
        browser.text_of("#fig-absent").await,
        (expected - 2).to_string()
    );
    assert!(browser.text_of("#attendance").await.contains("外出学习"));
    browser.assert_fits().await;
    browser.screenshot("activity-record-360").await;
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;

    let wide = Browser::start(1280).await;
    wide.log_in(&app, "branch1", PASSWORD).await;
    wide.wait_text("body", "您好").await;
    for (path, name) in [
        ("/activities".to_owned(), "activity-list-1280"),
        (format!("/activities/{id}"), "activity-record-1280"),
        (
            format!("/activities/{id}/attendance"),
            "activity-attendance-1280",
        ),
        (format!("/activities/{id}/edit"), "activity-form-1280"),
    ] {
        wide.client.goto(&app.url(&path)).await.unwrap();
        wide.assert_fits().await;
        wide.screenshot(name).await;
    }
    wide.close().await;
}
