//! Logging out leaves nothing of the account in the browser: the session cookie is removed,
//! the browser is asked to clear the site's storage, and the page it lands on removes the
//! report drafts kept in `localStorage`.

use crate::helpers::{csrf_in, location, scalar, spawn};
use reqwest::StatusCode;

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
