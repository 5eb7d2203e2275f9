use crate::helpers::{PASSWORD, location, spawn};
use reqwest::StatusCode;

#[tokio::test]
async fn a_member_logs_in_and_lands_on_a_home_page_with_their_name_and_organisation() {
    let app = spawn().await;
    let r = app.login("branch1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    let (status, home) = app.get_text("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("王示例01，您好"), "{home}");
    assert!(home.contains("重庆市机械工程学会党支部"));
    assert!(home.contains("待办"));
    assert!(home.contains("支部管理员"));
}

#[tokio::test]
async fn a_wrong_password_shows_the_error_and_logs_nobody_in() {
    let app = spawn().await;
    let r = app.login("branch1", "Wrong-Pass-123").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let page = r.text().await.unwrap();
    assert!(page.contains("用户名或密码错误"), "{page}");
    assert!(
        page.contains("value=\"branch1\""),
        "the username stays filled in"
    );
    assert_eq!(app.cookie("zhibu_session"), None);
    let r = app.get("/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_unknown_username_gets_the_same_answer_as_a_wrong_password() {
    let app = spawn().await;
    let unknown = app.login("nobody", "Wrong-Pass-123").await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert!(unknown.text().await.unwrap().contains("用户名或密码错误"));
}

#[tokio::test]
async fn usernames_are_not_case_sensitive() {
    let app = spawn().await;
    let r = app.login("  Branch1 ", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_visitor_is_sent_to_login_and_back_to_where_they_were_going() {
    let app = spawn().await;
    let r = app.get("/account/sessions").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?next=%2Faccount%2Fsessions");
    let r = app
        .post_form(
            "/login",
            "/login?next=%2Faccount%2Fsessions",
            &[
                ("username", "member1"),
                ("password", PASSWORD),
                ("next", "/account/sessions"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/account/sessions");
}

#[tokio::test]
async fn login_never_redirects_to_another_site() {
    let app = spawn().await;
    let r = app
        .post_form(
            "/login",
            "/login",
            &[
                ("username", "member1"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/");
}

#[tokio::test]
async fn logging_in_rotates_the_session_id() {
    let app = spawn().await;
    // A session id planted before login (session fixation) is never adopted.
    app.jar.add_cookie_str(
        "zhibu_session=planted-by-an-attacker",
        &app.address.parse().unwrap(),
    );
    app.login_ok("member1").await;
    let first = app.cookie("zhibu_session").expect("a session cookie");
    assert_ne!(first, "planted-by-an-attacker");

    // Logging in again from a logged-in browser replaces the session and ends the old one.
    let r = app
        .post_form(
            "/login",
            "/",
            &[("username", "member1"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let second = app.cookie("zhibu_session").expect("a session cookie");
    assert_ne!(first, second);
    let old = app.client_with_session(&first);
    let r = old.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let current = app.client_with_session(&second);
    let r = current.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = spawn().await;
    app.login_ok("member1").await;
    let secret = app.cookie("zhibu_session").unwrap();
    let r = app.post_form("/logout", "/", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?logged_out=1");
    let stolen = app.client_with_session(&secret);
    let r = stolen.get(app.url("/")).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the ended session must not work"
    );
    let (_, page) = app.get_text("/login?logged_out=1").await;
    assert!(page.contains("您已安全退出"));
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_lax() {
    let app = spawn().await;
    let r = app.login("member1", PASSWORD).await;
    let set_cookie: Vec<_> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let session = set_cookie
        .iter()
        .find(|c| c.starts_with("zhibu_session="))
        .unwrap();
    assert!(session.contains("HttpOnly"));
    assert!(session.contains("SameSite=Lax"));
    assert!(!session.contains("Secure"));
}

#[tokio::test]
async fn cookies_are_secure_when_the_site_is_served_over_https() {
    let app = crate::helpers::spawn_with(|c| c.secure_cookies = true).await;
    let r = app.get("/login").await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
}
