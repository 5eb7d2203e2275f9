use crate::helpers::{PASSWORD, spawn};
use reqwest::StatusCode;

#[tokio::test]
async fn health_answers_ok_when_the_database_answers() {
    let app = spawn().await;
    let (status, body) = app.get_text("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn().await;
    for path in [
        "/login",
        "/healthz",
        "/static/app.css",
        "/api/v1/me",
        "/no-such-page",
    ] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}"
        );
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert!(h.get("referrer-policy").is_some());
        assert_eq!(h.get("x-request-id").unwrap().len(), 16);
    }
}

#[tokio::test]
async fn pages_carry_no_inline_script_or_style() {
    let app = spawn().await;
    app.login_ok("admin").await;
    for path in ["/", "/account/sessions", "/account/password"] {
        let (_, html) = app.get_text(path).await;
        assert!(
            !html.contains("<script>") && !html.contains(" style="),
            "{path}"
        );
        assert!(html.contains("<script src=\"/static/app.js\" defer></script>"));
    }
}

#[tokio::test]
async fn pages_speak_chinese_by_default_and_english_when_asked() {
    let app = spawn().await;
    let (_, page) = app.get_text("/login").await;
    assert!(page.contains("<html lang=\"zh-CN\">") && page.contains("登录支部"));
    let r = app
        .client
        .get(app.url("/login"))
        .header("accept-language", "en-GB,en;q=0.8")
        .send()
        .await
        .unwrap();
    let page = r.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\">") && page.contains("Log in to zhibu"));
}

#[tokio::test]
async fn the_language_choice_is_remembered_on_the_account() {
    let app = spawn().await;
    app.login_ok("member1").await;
    let r = app
        .post_form(
            "/language",
            "/",
            &[("lang", "en"), ("back", "/account/sessions")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::location(&r), "/account/sessions");
    // A fresh browser without the cookie still gets English: it is the account's setting.
    let (client, _) = crate::helpers::new_client();
    let fresh = crate::helpers::TestAppClient::login(&app, &client, "member1", PASSWORD).await;
    let page = fresh
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Hello, "), "{page}");
    let r = app
        .post_form("/language", "/", &[("lang", "fr"), ("back", "/")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_unknown_page_answers_404_in_the_readers_language() {
    let app = spawn().await;
    let (status, page) = app.get_text("/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("找不到您要访问的内容"));
}

#[tokio::test]
async fn output_is_escaped() {
    let app = spawn().await;
    let r = app
        .login("<script>alert(1)</script>", "Wrong-Pass-123")
        .await;
    let page = r.text().await.unwrap();
    assert!(!page.contains("<script>alert(1)"));
    assert!(
        page.contains("&#60;script&#62;") || page.contains("&lt;script&gt;"),
        "{page}"
    );
}

#[tokio::test]
async fn static_assets_are_served_from_the_binary() {
    let app = spawn().await;
    let r = app.get("/static/app.css").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/css; charset=utf-8");
    assert!(r.text().await.unwrap().contains(".topbar"));
}
