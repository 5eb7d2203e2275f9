//! The account pages, the menu, the list.

use super::support::*;
use crate::helpers::{PASSWORD, TestAppClient, location, new_client, spawn};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn the_account_page_resets_disables_grants_and_revokes() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let member1 = account_id(&app, "member1").await;
    let page_path = format!("/accounts/{member1}");
    let (status, page) = app.get_text(&page_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("陈示例05") && page.contains(BRANCH1) && page.contains("党员"));
    assert!(page.contains("重置密码") && page.contains("停用账号") && page.contains("授予角色"));

    let theirs = app.token_ok("member1").await;
    let r = app
        .post_form(
            &format!("/accounts/{member1}/reset-password"),
            &page_path,
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let secret = r.text().await.unwrap();
    assert!(secret.contains("密码已重置"));
    let temporary = text_of(&secret, "temporary-password");
    assert_eq!(
        app.api_get("/api/v1/me", &theirs).await.status(),
        StatusCode::UNAUTHORIZED
    );
    app.token_ok_with("member1", &temporary).await;

    let branch2 = org_id(&app, BRANCH2).await;
    let r = app
        .post_form(
            &format!("/accounts/{member1}/grants"),
            &page_path,
            &[("role", "branch_admin"), ("org_id", &branch2.to_string())],
        )
        .await;
    assert_eq!(location(&r), page_path);
    let (_, page) = app.get_text(&page_path).await;
    assert!(
        page.contains("支部管理员") && page.contains(BRANCH2),
        "{page}"
    );
    let grant = count(&app, "SELECT MAX(id) FROM grants").await;
    let r = app
        .post_form(&format!("/grants/{grant}/revoke"), &page_path, &[])
        .await;
    assert_eq!(location(&r), page_path);
    let (_, page) = app.get_text(&page_path).await;
    assert!(page.contains("已撤销的授权"));

    let r = app
        .post_form(&format!("/accounts/{member1}/disable"), &page_path, &[])
        .await;
    assert_eq!(location(&r), page_path);
    let (_, page) = app.get_text(&page_path).await;
    assert!(page.contains("已停用") && page.contains("启用账号"));

    // Granting oneself is refused with a clear message.
    let own = account_id(&app, "admin").await;
    let (_, own_page) = app.get_text(&format!("/accounts/{own}")).await;
    assert!(own_page.contains("这是您自己的账号") && !own_page.contains("重置密码</button>"));
    let r = app
        .post_form(
            &format!("/accounts/{own}/grants"),
            &page_path,
            &[("role", "member"), ("org_id", &branch2.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("不能给自己授予或撤销角色"));
}

#[tokio::test]
async fn the_menu_and_the_pages_are_only_for_account_administrators() {
    let app = spawn().await;
    for (who, sees) in [
        ("admin", true),
        ("branch1", true),
        ("sysadmin", true),
        ("security", true),
        ("member1", false),
        ("auditor", false),
    ] {
        let (fresh, _) = new_client();
        let browser = TestAppClient::login(&app, &fresh, who, PASSWORD).await;
        let home = browser
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(home.contains("账号管理"), sees, "{who}");
        let r = browser.get(app.url("/accounts")).send().await.unwrap();
        let expected = if sees {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(r.status(), expected, "{who}");
    }
    // Only those who create accounts get the form; a business admin picks a member by name.
    app.login_ok("branch1").await;
    let (status, page) = app.get_text("/accounts/new?member_q=%E7%8E%8B").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("member-candidates") && page.contains("已有账号"),
        "{page}"
    );
    assert!(!page.contains("id=\"account-form\""));
    let (fresh, _) = new_client();
    let security = TestAppClient::login(&app, &fresh, "security", PASSWORD).await;
    let r = security.get(app.url("/accounts/new")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_account_list_is_paged_and_searched() {
    let app = spawn().await;
    let token = app.token_ok("admin").await;
    let page: Value = app
        .api_get("/api/v1/accounts?limit=2&offset=1", &token)
        .await
        .json()
        .await
        .unwrap();
    // admin sees the member accounts of the committee: admin, branch1 … branch14, member1.
    assert_eq!(page["total"], 16);
    let names: Vec<&str> = page["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["branch1", "branch10"]);
    let found: Value = app
        .api_get("/api/v1/accounts?q=MEMBER", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 1);
    let found: Value = app
        .api_get("/api/v1/accounts?q=50%25_", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 0);
    app.login_ok("admin").await;
    let (_, html) = app.get_text("/accounts?q=1").await;
    // Usernames or names holding a 1: branch1, branch10 … branch14, member1, and the
    // secretaries named …示例01.
    assert!(html.contains("共 15 条"), "{html}");
    // The page lists in natural order: branch2 before branch10.
    let (_, html) = app.get_text("/accounts").await;
    let at = |name: &str| {
        html.find(&format!(">{name}</a>"))
            .unwrap_or_else(|| panic!("{name} listed"))
    };
    assert!(at("branch1") < at("branch2") && at("branch9") < at("branch10"));
    assert!(at("branch10") < at("branch14"));
    // Filtered by state: none is disabled in the demo.
    let (_, html) = app.get_text("/accounts?state=disabled").await;
    assert!(html.contains("没有符合筛选条件的记录"), "{html}");
}
