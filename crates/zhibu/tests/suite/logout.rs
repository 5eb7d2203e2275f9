//! Logging out leaves nothing of the account in the browser: the session cookie is removed,
//! the browser is asked to clear the site's storage, and the page it lands on removes the
//! report drafts kept in `localStorage`.

use crate::browser::Browser;
use crate::helpers::{PASSWORD, csrf_in, location, scalar, spawn};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn logout_asks_the_browser_to_clear_stored_drafts() {
    let app = spawn().await;
    app.login_ok("branch1").await;
    let (_, home) = app.get_text("/").await;
    let r = app
        .client
        .post(app.url("/logout"))
        .form(&[("csrf_token", csrf_in(&home).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["clear-site-data"], "\"storage\"");
    let landing = location(&r);
    assert_eq!(landing, "/login?logged_out=1");

    let (_, page) = app.get_text(&landing).await;
    assert!(page.contains("data-clear-drafts"), "{page}");
    let (_, script) = app.get_text("/static/app.js").await;
    assert!(script.contains("[data-clear-drafts]") && script.contains("\"zhibu.report.\""));
    let (_, tasks) = app.get_text("/static/tasks.js").await;
    assert!(
        tasks.contains("`zhibu.report.${"),
        "drafts are kept under the prefix the login page clears"
    );

    // An ordinary visit to the login page (a session that merely expired) keeps the drafts:
    // they are what saves the work then.
    let (_, page) = app.get_text("/login?expired=1").await;
    assert!(!page.contains("data-clear-drafts"));
}

#[tokio::test]
async fn ending_the_current_session_from_the_sessions_page_clears_stored_drafts_too() {
    let app = spawn().await;
    app.login_ok("branch1").await;
    let current = scalar(
        &app,
        "SELECT s.id FROM sessions s JOIN accounts a ON a.id = s.account_id \
         WHERE a.username = 'branch1' AND s.ended_at IS NULL AND s.kind <> 'api'",
    )
    .await;
    let r = app
        .post_form(
            &format!("/account/sessions/{current}/end"),
            "/account/sessions",
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?logged_out=1");
    assert_eq!(r.headers()["clear-site-data"], "\"storage\"");
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn logging_out_in_a_browser_removes_the_report_drafts_it_kept() {
    let app = spawn().await;
    let browser = Browser::start(1280).await;
    browser.log_in(&app, "branch1", PASSWORD).await;
    browser.text_of("#greeting").await;
    let draft = "zhibu.report.1.2026-01.3";
    browser
        .client
        .execute(
            "localStorage.setItem(arguments[0], '{\"saves\":0,\"answers\":{\"x\":\"机密\"}}');",
            vec![json!(draft)],
        )
        .await
        .unwrap();
    browser
        .click("form[action='/logout'] button[type=submit]")
        .await;
    browser.text_of("#login-submit").await;
    assert!(
        browser
            .client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains("logged_out=1")
    );
    assert!(
        gone(&browser, draft).await,
        "the draft is still in localStorage"
    );

    // The page's script alone does it too (where the browser ignores Clear-Site-Data), and
    // only after a logout: a page reached because the session expired keeps the drafts.
    let store = "localStorage.setItem(arguments[0], '{}');";
    browser
        .client
        .execute(store, vec![json!(draft)])
        .await
        .unwrap();
    browser
        .client
        .goto(&app.url("/login?expired=1"))
        .await
        .unwrap();
    browser.text_of("#login-submit").await;
    assert!(
        !gone(&browser, draft).await,
        "an expiry must keep the draft"
    );
    browser
        .client
        .goto(&app.url("/login?logged_out=1"))
        .await
        .unwrap();
    browser.text_of("#login-submit").await;
    assert!(
        gone(&browser, draft).await,
        "the login page after logout left the draft"
    );
    browser.close().await;
}

/// Whether `key` is gone from localStorage (waiting up to two seconds for the page's script).
async fn gone(browser: &Browser, key: &str) -> bool {
    for _ in 0..20 {
        let left = browser
            .client
            .execute(
                "return localStorage.getItem(arguments[0]);",
                vec![json!(key)],
            )
            .await
            .unwrap();
        if left.is_null() {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}
