use crate::helpers::{PASSWORD, spawn};
use reqwest::StatusCode;
use std::time::Duration;

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_for_ten_minutes() {
    let app = spawn().await;
    for attempt in 1..=4 {
        let r = app.login("branch1", "Wrong-Pass-123").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let fifth = app.login("branch1", "Wrong-Pass-123").await;
    assert_eq!(fifth.status(), StatusCode::TOO_MANY_REQUESTS);
    let page = fifth.text().await.unwrap();
    assert!(page.contains("账号已锁定，将于"), "{page}");
    assert!(page.contains("解锁"));

    // Even the right password is refused while the lock lasts.
    let r = app.login("branch1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(Duration::from_secs(9 * 60));
    let r = app.login("branch1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);

    // After ten minutes it opens again, and other accounts were never affected.
    app.clock.advance(Duration::from_secs(61));
    let r = app.login("branch1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_api_says_when_a_locked_account_unlocks() {
    let app = spawn().await;
    for _ in 0..5 {
        app.token("member1", "Wrong-Pass-123").await;
    }
    let r = app.token("member1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "account_locked");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("解锁"), "{message}");
    // Another account is not locked.
    assert_eq!(
        app.token("branch1", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_successful_login_resets_the_failure_count() {
    let app = spawn().await;
    for _ in 0..4 {
        app.token("member1", "Wrong-Pass-123").await;
    }
    assert_eq!(
        app.token("member1", PASSWORD).await.status(),
        StatusCode::OK
    );
    for _ in 0..4 {
        app.token("member1", "Wrong-Pass-123").await;
    }
    assert_eq!(
        app.token("member1", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn guessing_across_many_accounts_from_one_address_is_slowed() {
    let app = spawn().await;
    for i in 0..20 {
        let r = app.token(&format!("guess{i:02}"), "Wrong-Pass-123").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = app.token("branch1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "address_limited");
    app.clock.advance(Duration::from_secs(15 * 60));
    assert_eq!(
        app.token("branch1", PASSWORD).await.status(),
        StatusCode::OK
    );
}
