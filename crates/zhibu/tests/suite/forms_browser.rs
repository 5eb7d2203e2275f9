//! Nothing typed is lost, in a real browser: a session that runs out while a form is filled
//! sends the person to log in, and the form offers back what they typed; an over-long notice
//! text is refused where it was pasted; every form that sends typed text is kept.

use crate::browser::Browser;
use crate::helpers::{PASSWORD, TestApp, spawn};
use fantoccini::Locator;
use std::time::Duration;

/// Ends every session of `username`, as an idle timeout or a logout elsewhere would.
async fn end_sessions(app: &TestApp, username: &str) {
    let db = app.db().await;
    sqlx::query(
        "UPDATE sessions SET ended_at = 1 WHERE account_id = \
         (SELECT id FROM accounts WHERE username = $1)",
    )
    .bind(username)
    .execute(db.read())
    .await
    .unwrap();
    db.close().await;
}

/// Waits until the browser is at a page whose path starts with `path`.
async fn wait_path(browser: &Browser, path: &str) {
    for _ in 0..50 {
        if let Ok(url) = browser.client.current_url().await
            && url.path().starts_with(path)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let at = browser.client.current_url().await.unwrap();
    let said = browser.client.source().await.unwrap_or_default();
    let error = said
        .split("id=\"form-error\">")
        .nth(1)
        .and_then(|e| e.split('<').next())
        .unwrap_or("");
    let fields: Vec<&str> = said
        .split("class=\"field-error\">")
        .skip(1)
        .filter_map(|e| e.split('<').next())
        .collect();
    panic!("never reached {path}; at {at}, saying {error:?} {fields:?}");
}

async fn value_of(browser: &Browser, css: &str) -> String {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn what_was_typed_comes_back_after_the_session_ran_out() {
    let app = spawn().await;
    let phone = Browser::start(360).await;
    phone.log_in(&app, "admin", PASSWORD).await;
    phone.text_of("#greeting").await;
    phone.client.goto(&app.url("/tasks/new")).await.unwrap();
    phone.fill("#title", "报送第四季度学习情况").await;
    phone
        .fill("#description", "请各支部于月底前报送，含参学人数。")
        .await;
    // A choice from a list is kept too.
    phone
        .client
        .execute(
            "const c = document.getElementById('category'); c.value = '学习'; \
             c.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![],
        )
        .await
        .unwrap();
    end_sessions(&app, "admin").await;
    phone.click("#save-task").await;
    // Sent to log in again; nothing was saved. Logged in, back at the form.
    wait_path(&phone, "/login").await;
    phone.fill("#username", "admin").await;
    phone.fill("#password", PASSWORD).await;
    phone.click("#login-submit").await;
    wait_path(&phone, "/tasks/new").await;
    let banner = phone.text_of(".keep-banner").await;
    assert!(banner.contains("没有保存成功"), "{banner}");
    phone.screenshot("keep-banner-360").await;
    phone.click(".keep-banner button.primary").await;
    assert_eq!(value_of(&phone, "#title").await, "报送第四季度学习情况");
    assert_eq!(
        value_of(&phone, "#description").await,
        "请各支部于月底前报送，含参学人数。"
    );
    assert_eq!(value_of(&phone, "#category").await, "学习");
    phone.assert_fits().await;
    // Saved this time: the copy goes, and a fresh form offers nothing.
    let next = crate::helpers::scalar(&app, "SELECT MAX(id) + 1 FROM tasks").await;
    phone
        .client
        .execute(
            "document.getElementById('deadline').value = '2099-12-01T17:00';",
            vec![],
        )
        .await
        .unwrap();
    phone.click("#save-task").await;
    wait_path(&phone, &format!("/tasks/{next}")).await;
    phone.client.goto(&app.url("/tasks/new")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        phone
            .client
            .find(Locator::Css(".keep-banner"))
            .await
            .is_err(),
        "a saved form is not offered again"
    );
    phone.close().await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn an_over_long_notice_is_refused_where_it_was_pasted() {
    let app = spawn().await;
    let desk = Browser::start(1280).await;
    desk.log_in(&app, "admin", PASSWORD).await;
    desk.text_of("#greeting").await;
    desk.client.goto(&app.url("/notices/new")).await.unwrap();
    desk.client
        .execute(
            "const a = document.getElementById('source'); \
             a.value = '关于开展学习的通知\\n' + '学'.repeat(200001); \
             a.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![],
        )
        .await
        .unwrap();
    let note = desk.text_of("#source-count").await;
    assert!(note.contains("超过了 200000 字的上限"), "{note}");
    desk.click("#recognise").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Still here, with the text: the browser never sent it.
    assert_eq!(
        desk.client.current_url().await.unwrap().path(),
        "/notices/new"
    );
    assert!(value_of(&desk, "#source").await.chars().count() > 200_000);
    desk.screenshot("notice-too-long-1280").await;
    desk.close().await;
}
