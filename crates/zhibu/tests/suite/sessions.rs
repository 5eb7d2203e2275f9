use crate::helpers::{PASSWORD, csrf_in, location, spawn};
use reqwest::StatusCode;
use std::time::Duration;

#[tokio::test]
async fn a_session_idle_for_thirty_minutes_ends() {
    let app = spawn().await;
    app.login_ok("member1").await;
    app.clock.advance(Duration::from_secs(29 * 60));
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    // Activity restarts the idle clock.
    app.clock.advance(Duration::from_secs(29 * 60));
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    app.clock.advance(Duration::from_secs(30 * 60));
    let r = app.get("/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/login"));
}

#[tokio::test]
async fn an_idle_api_token_stops_working() {
    let app = spawn().await;
    let token = app.token_ok("member1").await;
    assert_eq!(
        app.api_get("/api/v1/me", &token).await.status(),
        StatusCode::OK
    );
    app.clock.advance(Duration::from_secs(31 * 60));
    let r = app.api_get("/api/v1/me", &token).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
}

#[tokio::test]
async fn even_an_active_session_ends_after_twelve_hours() {
    let app = spawn().await;
    app.login_ok("member1").await;
    for _ in 0..(12 * 3 - 1) {
        app.clock.advance(Duration::from_secs(20 * 60));
        assert_eq!(app.get("/").await.status(), StatusCode::OK);
    }
    app.clock.advance(Duration::from_secs(20 * 60));
    assert_eq!(app.get("/").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_idle_limit_is_configurable() {
    let app = crate::helpers::spawn_with(|c| c.sessions.idle = Duration::from_secs(5 * 60)).await;
    app.login_ok("member1").await;
    app.clock.advance(Duration::from_secs(5 * 60));
    assert_eq!(app.get("/").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn my_sessions_are_listed_and_another_one_can_be_ended() {
    let app = spawn().await;
    let token = app.token_ok("member1").await;
    app.login_ok("member1").await;
    let (status, page) = app.get_text("/account/sessions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("当前设备"));
    assert!(page.contains("接口令牌"));
    assert!(page.contains("浏览器"));
    assert_eq!(page.matches("/end\"").count(), 2, "{page}");

    // End the API token's session: the one that is not current.
    let other: i64 = page
        .split("data-session=\"")
        .skip(1)
        .find(|rest| !rest.split('>').next().unwrap().contains("data-current"))
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .unwrap();
    let action = format!("/account/sessions/{other}/end");
    let token_field = csrf_in(&page);
    let r = app
        .client
        .post(app.url(&action))
        .form(&[("csrf_token", token_field.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/account/sessions");
    assert_eq!(
        app.api_get("/api/v1/me", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn nobody_can_end_another_accounts_session() {
    let app = spawn().await;
    let _ = app.token_ok("branch1").await;
    app.login_ok("member1").await;
    let db = app.db().await;
    let theirs: i64 = sqlx::query_scalar(
        "SELECT s.id FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.username = 'branch1'",
    )
    .fetch_one(db.read())
    .await
    .unwrap();
    let (_, page) = app.get_text("/account/sessions").await;
    let token = csrf_in(&page);
    let r = app
        .client
        .post(app.url(&format!("/account/sessions/{theirs}/end")))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let still_open: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id = $1 AND ended_at IS NULL")
            .bind(theirs)
            .fetch_one(db.read())
            .await
            .unwrap();
    assert_eq!(still_open, 1);
}

#[tokio::test]
async fn changing_the_password_ends_every_session_and_the_new_one_works() {
    let app = spawn().await;
    let token = app.token_ok("member1").await;
    app.login_ok("member1").await;
    let r = app
        .post_form(
            "/account/password",
            "/account/password",
            &[
                ("current", PASSWORD),
                ("new", "Another-Pass-77"),
                ("confirm", "Another-Pass-77"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?password_changed=1");
    assert_eq!(
        app.api_get("/api/v1/me", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.get("/").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.login("member1", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("member1", "Another-Pass-77").await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_weak_new_password_is_refused_with_the_rule_it_breaks() {
    let app = spawn().await;
    app.login_ok("member1").await;
    let cases = [
        ("short1A", "太短"),
        ("alllowercase1", "太简单"),
        ("Password123", "过于常见"),
        ("Member1-pass", "不能包含用户名"),
    ];
    for (new, says) in cases {
        let r = app
            .post_form(
                "/account/password",
                "/account/password",
                &[("current", PASSWORD), ("new", new), ("confirm", new)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{new}");
        assert!(
            r.text().await.unwrap().contains(says),
            "{new} should say {says}"
        );
    }
    let r = app
        .post_form(
            "/account/password",
            "/account/password",
            &[
                ("current", "Wrong-Pass-1"),
                ("new", "Another-Pass-77"),
                ("confirm", "Another-Pass-77"),
            ],
        )
        .await;
    assert!(r.text().await.unwrap().contains("当前密码不正确"));
    let r = app
        .post_form(
            "/account/password",
            "/account/password",
            &[
                ("current", PASSWORD),
                ("new", "Another-Pass-77"),
                ("confirm", "Another-Pass-78"),
            ],
        )
        .await;
    assert!(r.text().await.unwrap().contains("两次输入的新密码不一致"));
    // Nothing changed: the old password still works.
    assert_eq!(
        app.token("member1", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_account_made_by_an_administrator_must_change_its_password_first() {
    let app = spawn().await;
    app.create_account("newcomer", "Initial-Pass-1", true).await;
    let r = app.login("newcomer", "Initial-Pass-1").await;
    assert_eq!(location(&r), "/account/password");
    let r = app.get("/").await;
    assert_eq!(location(&r), "/account/password");
    let (_, page) = app.get_text("/account/password").await;
    assert!(page.contains("首次登录请先设置自己的密码"));

    let token = app.token_ok_with("newcomer", "Initial-Pass-1").await;
    let me: serde_json::Value = app
        .api_get("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["must_change_password"], true);

    let r = app
        .post_form(
            "/account/password",
            "/account/password",
            &[
                ("current", "Initial-Pass-1"),
                ("new", "My-Own-Pass-9"),
                ("confirm", "My-Own-Pass-9"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/login?password_changed=1");
    app.login("newcomer", "My-Own-Pass-9").await;
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
}
