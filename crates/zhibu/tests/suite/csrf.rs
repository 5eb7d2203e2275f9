use crate::helpers::{PASSWORD, csrf_in, spawn};
use reqwest::StatusCode;

#[tokio::test]
async fn a_login_form_without_its_token_is_refused() {
    let app = spawn().await;
    app.get("/login").await; // the browser holds a pre-session token, but the form lacks it
    let r = app
        .client
        .post(app.url("/login"))
        .form(&[("username", "member1"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("页面已过期"));
    assert_eq!(app.cookie("zhibu_session"), None);
}

#[tokio::test]
async fn a_logged_in_form_with_a_wrong_token_changes_nothing() {
    let app = spawn().await;
    app.login_ok("member1").await;
    let r = app
        .client
        .post(app.url("/logout"))
        .form(&[("csrf_token", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (status, _) = app.get_text("/").await;
    assert_eq!(status, StatusCode::OK, "the session must still be alive");
}

#[tokio::test]
async fn the_pre_login_token_does_not_work_once_logged_in() {
    let app = spawn().await;
    let (_, login_page) = app.get_text("/login").await;
    let pre_login_token = csrf_in(&login_page);
    app.login_ok("member1").await;
    let r = app
        .client
        .post(app.url("/logout"))
        .form(&[("csrf_token", pre_login_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_request_from_another_origin_is_refused_even_with_the_token() {
    let app = spawn().await;
    app.login_ok("member1").await;
    let (_, home) = app.get_text("/").await;
    let token = csrf_in(&home);
    let r = app
        .client
        .post(app.url("/logout"))
        .header("origin", "https://evil.example")
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_token_also_works_as_a_header() {
    let app = spawn().await;
    app.login_ok("member1").await;
    let (_, home) = app.get_text("/").await;
    let token = csrf_in(&home);
    let r = app
        .client
        .post(app.url("/logout"))
        .header("x-csrf-token", token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn bearer_requests_need_no_csrf_token_but_cookie_api_requests_do() {
    let app = spawn().await;
    let token = app.token_ok("member1").await;
    let r = reqwest::Client::new()
        .delete(app.url("/api/v1/auth/token"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    app.login_ok("member1").await;
    let r = app
        .client
        .delete(app.url("/api/v1/auth/token"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "csrf");
}

#[tokio::test]
async fn an_origin_with_the_same_host_but_another_scheme_is_refused() {
    let app = spawn().await;
    app.login_ok("member1").await;
    let (_, home) = app.get_text("/").await;
    let token = csrf_in(&home);
    let host = app.address.trim_start_matches("http://").to_owned();
    // The server is served over http: an https page of the same host is another origin.
    let r = app
        .client
        .post(app.url("/logout"))
        .header("origin", format!("https://{host}"))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (status, _) = app.get_text("/").await;
    assert_eq!(status, StatusCode::OK, "the session must still be alive");
    // The same scheme, host and port is this site.
    let r = app
        .client
        .post(app.url("/logout"))
        .header("origin", format!("http://{host}"))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}
