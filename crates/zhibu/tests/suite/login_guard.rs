//! Guessing passwords: parallel guesses are counted before any password is checked, password
//! checks run a few at a time, a guesser elsewhere cannot lock the owner out, and unknown names
//! lock like real ones.

use crate::helpers::{PASSWORD, TestApp, scalar, spawn, spawn_with};
use reqwest::StatusCode;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

/// A client whose requests come from `127.0.0.{n}` (the whole 127/8 is loopback).
fn from_address(n: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n)))
        .build()
        .unwrap()
}

async fn token_from(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url("/api/v1/auth/token"))
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
}

/// Sends `count` logins at once; answers each one's status and error code.
async fn burst(
    app: &TestApp,
    count: usize,
    name: impl Fn(usize) -> String,
) -> Vec<(StatusCode, String)> {
    let mut all = tokio::task::JoinSet::new();
    for i in 0..count {
        let url = app.url("/api/v1/auth/token");
        let username = name(i);
        all.spawn(async move {
            let r = reqwest::Client::new()
                .post(url)
                .json(&serde_json::json!({"username": username, "password": "Wrong-Pass-123"}))
                .send()
                .await
                .unwrap();
            let status = r.status();
            let body: serde_json::Value = r.json().await.unwrap_or_default();
            (
                status,
                body["error"]["code"].as_str().unwrap_or("").to_owned(),
            )
        });
    }
    all.join_all().await
}

/// How many wrong passwords (or unknown names) were actually checked.
async fn checked(app: &TestApp) -> i64 {
    scalar(
        app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'login' AND result = 'failure'",
    )
    .await
}

#[tokio::test]
async fn thirty_parallel_guesses_for_one_account_check_at_most_five_passwords_and_lock_it() {
    let app = spawn().await;
    let answers = burst(&app, 30, |_| "member1".to_owned()).await;
    let refused = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::UNAUTHORIZED)
        .count();
    assert!(refused <= 4, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|(s, _)| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::TOO_MANY_REQUESTS),
        "{answers:?}"
    );
    assert!(checked(&app).await <= 5, "{answers:?}");
    // The account is locked afterwards: even the right password waits.
    let r = app.token("member1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().get("retry-after").is_some());
}

#[tokio::test]
async fn parallel_guesses_across_names_from_one_address_stop_at_the_address_limit() {
    let app = spawn().await;
    let answers = burst(&app, 40, |i| format!("guess{i:02}")).await;
    assert!(checked(&app).await <= 20, "{answers:?}");
    let limited = answers
        .iter()
        .filter(|(_, code)| code == "address_limited")
        .count();
    assert!(limited >= 20, "{answers:?}");
    let r = app.token("branch1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_login_that_finds_no_free_password_check_is_told_to_retry() {
    let app = spawn_with(|c| {
        c.login_hash_turns = 1;
        c.login_hash_wait = Duration::ZERO;
    })
    .await;
    let mut all = tokio::task::JoinSet::new();
    for n in 1..=8 {
        let url = app.url("/api/v1/auth/token");
        all.spawn(async move {
            let r = reqwest::Client::new()
                .post(url)
                .json(&serde_json::json!({"username": format!("branch{n}"), "password": PASSWORD}))
                .send()
                .await
                .unwrap();
            let retry = r.headers().get("retry-after").is_some();
            let status = r.status();
            let body: serde_json::Value = r.json().await.unwrap_or_default();
            (
                status,
                retry,
                body["error"]["code"].as_str().unwrap_or("").to_owned(),
            )
        });
    }
    let answers = all.join_all().await;
    assert!(
        answers.iter().any(|(s, ..)| *s == StatusCode::OK),
        "{answers:?}"
    );
    let busy: Vec<_> = answers
        .iter()
        .filter(|(s, ..)| *s == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert!(!busy.is_empty(), "{answers:?}");
    assert!(
        busy.iter().all(|(_, retry, code)| *retry && code == "busy"),
        "{answers:?}"
    );
    // Nothing was counted against a login that was turned away.
    assert_eq!(checked(&app).await, 0);
    assert_eq!(
        app.token("branch1", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_owner_still_logs_in_from_a_known_address_while_guessers_elsewhere_are_locked() {
    let app = spawn().await;
    let owner = from_address(1);
    let r = token_from(&app, &owner, "member1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);

    // A guesser at another address locks the account for that address only.
    let guesser = from_address(2);
    for attempt in 1..=4 {
        let r = token_from(&app, &guesser, "member1", "Wrong-Pass-123").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let r = token_from(&app, &guesser, "member1", "Wrong-Pass-123").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let r = token_from(&app, &guesser, "member1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let r = token_from(&app, &owner, "member1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK, "the owner is not locked out");

    // Guessing spread over many addresses meets the slower account-wide limit (30): then every
    // address the account has not logged in from waits, and the owner still gets in.
    for n in 3..=7 {
        let guesser = from_address(n);
        for _ in 0..5 {
            token_from(&app, &guesser, "member1", "Wrong-Pass-123").await;
        }
    }
    let stranger = from_address(9);
    let r = token_from(&app, &stranger, "member1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "account_locked");
    let r = token_from(&app, &owner, "member1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK, "the owner is not locked out");
    let locks = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'account.lock' \
         AND detail LIKE '%not logged in from%'",
    )
    .await;
    assert_eq!(locks, 1);

    // The account-wide lock lasts an hour.
    app.clock.advance(Duration::from_secs(61 * 60));
    let r = token_from(&app, &stranger, "member1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_username_is_locked_like_a_real_one() {
    let app = spawn().await;
    let mut seen = Vec::new();
    for name in ["member1", "nobody"] {
        let mut answers = Vec::new();
        for _ in 0..6 {
            let r = app.token(name, "Wrong-Pass-123").await;
            let status = r.status();
            let retry = r.headers().get("retry-after").is_some();
            let body: serde_json::Value = r.json().await.unwrap();
            answers.push((status, retry, body["error"]["code"].clone()));
        }
        seen.push(answers);
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[1][3].0, StatusCode::UNAUTHORIZED);
    assert_eq!(seen[1][4].0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(seen[1][5].0, StatusCode::TOO_MANY_REQUESTS);
    // The login page answers the same way too.
    let page = app.login("nobody", "Wrong-Pass-123").await;
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(page.text().await.unwrap().contains("账号已锁定，将于"));
}

#[tokio::test]
async fn guessed_names_are_forgotten_once_their_window_is_over() {
    let app = spawn().await;
    for i in 0..3 {
        let r = app.token(&format!("guess{i}"), "Wrong-Pass-123").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let guessed = "SELECT COUNT(*) FROM login_failures WHERE username LIKE 'guess%'";
    // Per address and account-wide, for each name.
    assert_eq!(scalar(&app, guessed).await, 6);
    app.clock.advance(Duration::from_secs(61 * 60));
    app.token_ok("branch1").await;
    assert_eq!(scalar(&app, guessed).await, 0);
}

#[tokio::test]
async fn password_changes_take_turns_with_the_logins() {
    let app = spawn_with(|c| {
        c.login_hash_turns = 1;
        c.login_hash_wait = Duration::ZERO;
    })
    .await;
    let token = app.token_ok("member1").await;
    let mut all = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let url = app.url("/api/v1/me/password");
        let token = token.clone();
        all.spawn(async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&serde_json::json!({
                    "current_password": "Wrong-Pass-123",
                    "new_password": "Another-Pass-2026",
                }))
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let answers = all.join_all().await;
    assert!(
        answers.contains(&StatusCode::UNPROCESSABLE_ENTITY),
        "{answers:?}"
    );
    assert!(
        answers.contains(&StatusCode::SERVICE_UNAVAILABLE),
        "{answers:?}"
    );
}
