//! Granting in a province-sized tree: the org to grant over is found by name, not listed.

use super::support::*;
use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn in_a_large_tree_the_org_of_a_grant_is_found_by_name() {
    let app = spawn().await;
    let committee = org_id(&app, COMMITTEE).await;
    grow_the_tree(&app, committee).await;
    let member1 = account_id(&app, "member1").await;
    app.login_ok("security").await;
    let page_path = format!("/accounts/{member1}");
    let (status, page) = app.get_text(&page_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"org_q\""), "a search row");
    assert!(!page.contains("id=\"grant-org\""), "no list of 335 orgs");

    let target = org_id(&app, "测试总支015第一支部").await;
    let (_, page) = app
        .get_text(&format!("{page_path}?org_q=015%E7%AC%AC%E4%B8%80"))
        .await;
    assert!(page.contains(&format!("<option value=\"{target}\">测试总支015第一支部")));
    let (_, page) = app.get_text(&format!("{page_path}?org_q=zz")).await;
    assert!(page.contains("没有名称含“zz”的组织"));

    let r = app
        .post_form(
            &format!("/accounts/{member1}/grants"),
            &page_path,
            &[("role", "branch_admin"), ("org_id", &target.to_string())],
        )
        .await;
    assert_eq!(location(&r), page_path);
    let (_, page) = app.get_text(&page_path).await;
    assert!(page.contains("测试总支015第一支部"), "the grant is listed");
}
