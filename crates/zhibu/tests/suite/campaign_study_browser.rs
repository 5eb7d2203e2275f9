//! 我的学习 on a phone, in a real browser at 360 px: a member logs a chapter studied and
//! writes a reflection; nothing scrolls sideways on the way.

use crate::browser::Browser;
use crate::campaign_study::Study;
use crate::helpers::PASSWORD;
use std::time::Duration;

/// Waits until the browser is at `path`.
async fn arrive(browser: &Browser, path: &str) {
    for _ in 0..50 {
        let url = browser.client.current_url().await.unwrap();
        if url.path() == path {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("never reached {path}");
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn a_member_logs_study_and_writes_a_reflection_on_a_phone() {
    let s = Study::start().await;
    let study = format!("/campaigns/{}/study", s.campaign);
    let browser = Browser::start(360).await;
    browser.log_in(&s.app, "member1", PASSWORD).await;
    browser.wait_text("body", "您好").await;
    browser.client.goto(&s.app.url("/me/study")).await.unwrap();
    browser.assert_fits().await;
    browser.screenshot("study-mine-360").await;
    browser
        .click(&format!("#campaign-{} a.mine-title", s.campaign))
        .await;
    arrive(&browser, &study).await;
    browser.wait_text("h1", "我的学习").await;
    browser.assert_fits().await;
    browser
        .click(&format!("#material option[value=\"{}:0\"]", s.book))
        .await;
    browser.fill("#minutes", "40").await;
    browser.fill("#note", "读了第一篇").await;
    browser.click("#save-study").await;
    arrive(&browser, &study).await;
    let entries = browser.wait_text("#entry-list", "读了第一篇").await;
    assert!(entries.contains("40"), "{entries}");
    assert!(
        browser
            .text_of("#left-list")
            .await
            .contains("二、坚持以人民为中心")
    );
    browser.assert_fits().await;
    browser.screenshot("study-entries-360").await;
    browser.client.goto(&s.app.url(&study)).await.unwrap();
    browser.screenshot("study-page-360").await;

    browser.click("#write-reflection").await;
    let new = format!("/campaigns/{}/reflections/new", s.campaign);
    arrive(&browser, &new).await;
    browser.assert_fits().await;
    browser.fill("#title", "学习第一篇的体会").await;
    browser
        .fill("#body", "坚持党的全面领导，要落实到支部工作的每一件事上。")
        .await;
    browser.screenshot("study-reflection-form-360").await;
    browser.click("#save-reflection").await;
    browser
        .wait_text("#reflection-body", "落实到支部工作")
        .await;
    assert_eq!(
        browser.text_of("#reflection-title").await,
        "学习第一篇的体会"
    );
    browser.assert_fits().await;
    browser.screenshot("study-reflection-360").await;
    browser
        .client
        .goto(&s.app.url(&format!("/campaigns/{}/reflections", s.campaign)))
        .await
        .unwrap();
    browser.assert_fits().await;
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}
