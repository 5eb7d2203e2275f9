//! The org tree and the roster through the pages.

use crate::helpers::scalar as id_of;
use crate::helpers::{TestApp, csrf_in, location, spawn};
use reqwest::StatusCode;

async fn branch_id(app: &TestApp, name: &str) -> i64 {
    id_of(app, &format!("SELECT id FROM orgs WHERE name = '{name}'")).await
}

#[tokio::test]
async fn the_committee_sees_its_tree_with_member_counts_and_can_search_it() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let r = app.get("/orgs").await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "one root: straight to it"
    );
    let (status, page) = app.get_text(&location(&r)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("中共重庆市科学技术协会科技社团委员会"));
    assert!(page.contains("重庆市机械工程学会党支部"));
    assert!(page.contains("重庆市林学会党支部"));
    let (_, found) = app.get_text("/orgs?q=%E6%B0%94%E8%B1%A1").await; // 气象
    assert!(found.contains("重庆市气象学会党支部"), "{found}");
    assert!(!found.contains("重庆市林学会党支部"));
}

#[tokio::test]
async fn a_branch_admin_sees_only_its_own_branch() {
    let app = spawn().await;
    let own = branch_id(&app, "重庆市机械工程学会党支部").await;
    let other = branch_id(&app, "重庆市电子学会党支部").await;
    app.login_ok("branch1").await;
    let (status, page) = app.get_text(&format!("/orgs/{own}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("王示例01"));
    assert!(
        page.contains("href=\"/members/import\"")
            && page.contains(&format!("/members/export.xlsx?org_id={own}"))
    );
    let (status, _) = app.get_text(&format!("/orgs/{other}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, search) = app.get_text("/orgs?q=%E5%AD%A6%E4%BC%9A").await; // 学会
    assert!(!search.contains("重庆市电子学会党支部"));
    // The refusal is audited.
    let denied = id_of(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'access.denied'",
    )
    .await;
    assert!(denied >= 1);
}

#[tokio::test]
async fn a_committee_admin_creates_renames_moves_closes_and_reopens_an_org() {
    let app = spawn().await;
    let committee = id_of(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    app.login_ok("admin").await;
    let new_page = format!("/orgs/new?parent={committee}");
    let r = app
        .post_form(
            &format!("/orgs/{committee}/children"),
            &new_page,
            &[("kind", "general_branch"), ("name", "示例学会联合党总支")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let general = id_of(
        &app,
        "SELECT id FROM orgs WHERE name = '示例学会联合党总支'",
    )
    .await;

    // A bad field is named and nothing is written.
    let r = app
        .post_form(
            &format!("/orgs/{committee}/children"),
            &new_page,
            &[("kind", "branch"), ("name", " "), ("contact_phone", "12")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("组织名称：必填") && page.contains("联系电话"),
        "{page}"
    );

    // Move a branch under the new general branch; its members come along in the counts.
    let branch = branch_id(&app, "重庆市林学会党支部").await;
    let edit = format!("/orgs/{branch}/edit");
    let r = app
        .post_form(
            &format!("/orgs/{branch}/move"),
            &edit,
            &[("parent_id", &general.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get_text(&format!("/orgs/{general}")).await;
    assert!(page.contains("重庆市林学会党支部"));
    let path: String = {
        let db = app.db().await;
        sqlx::query_scalar("SELECT path FROM orgs WHERE id = $1")
            .bind(branch)
            .fetch_one(db.read())
            .await
            .unwrap()
    };
    assert_eq!(path, format!("/{committee}/{general}/{branch}/"));

    // A general branch cannot go under a branch, nor an org under itself.
    let r = app
        .post_form(
            &format!("/orgs/{general}/move"),
            &format!("/orgs/{general}/edit"),
            &[("parent_id", &branch.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Rename, close, reopen.
    let r = app
        .post_form(&edit, &edit, &[("name", "重庆市林学会党支部（新）")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .post_form(&format!("/orgs/{branch}/close"), &edit, &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get_text(&format!("/orgs/{branch}")).await;
    assert!(page.contains("已撤销") && page.contains("重庆市林学会党支部（新）"));
    let r = app
        .post_form(&format!("/orgs/{branch}/reopen"), &edit, &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let events = id_of(&app, "SELECT COUNT(*) FROM audit_events WHERE action IN ('org.create','org.move','org.update','org.close','org.reopen')").await;
    assert_eq!(events, 5);
}

#[tokio::test]
async fn a_branch_admin_cannot_manage_orgs() {
    let app = spawn().await;
    let own = branch_id(&app, "重庆市机械工程学会党支部").await;
    app.login_ok("branch1").await;
    let (status, _) = app.get_text(&format!("/orgs/{own}/edit")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_branch_admin_adds_edits_transfers_and_marks_a_member_as_left() {
    let app = spawn().await;
    let own = branch_id(&app, "重庆市机械工程学会党支部").await;
    app.login_ok("branch1").await;
    let new_page = format!("/members/new?org={own}");
    let r = app
        .post_form(
            &format!("/orgs/{own}/members"),
            &new_page,
            &[
                ("name", "新示例"),
                ("gender", "female"),
                ("birth_date", "1991年3月8日"),
                ("phone", "139 0000 1111"),
                ("member_type", "probationary"),
                ("positions", "propaganda"),
                ("positions", "deputy_secretary"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let path = location(&r);
    let (_, page) = app.get_text(&path).await;
    assert!(
        page.contains("新示例") && page.contains("13900001111") && page.contains("1991-03-08"),
        "{page}"
    );
    assert!(page.contains("宣传委员") && page.contains("副书记") && page.contains("预备党员"));
    let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();

    // Invalid input names each field and changes nothing.
    let edit = format!("/members/{id}/edit");
    let r = app
        .post_form(
            &edit,
            &edit,
            &[
                ("name", "新示例"),
                ("phone", "12345"),
                ("birth_date", "2099-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("手机号码") && page.contains("出生日期") && page.contains("不能晚于今天"),
        "{page}"
    );
    let (_, page) = app.get_text(&path).await;
    assert!(page.contains("13900001111"));

    // An edit keeps the previous version.
    let r = app
        .post_form(
            &edit,
            &edit,
            &[("name", "新示例"), ("phone", "13900002222")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let versions = id_of(
        &app,
        &format!("SELECT COUNT(*) FROM member_history WHERE member_id = {id}"),
    )
    .await;
    assert_eq!(versions, 1);

    // Leave and rejoin are states.
    let r = app
        .post_form(&format!("/members/{id}/leave"), &path, &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get_text(&path).await;
    assert!(page.contains("已离开"));
    app.post_form(&format!("/members/{id}/rejoin"), &path, &[])
        .await;

    // branch1 cannot transfer into a branch it does not manage.
    let other = branch_id(&app, "重庆市电子学会党支部").await;
    let r = app
        .post_form(
            &format!("/members/{id}/transfer"),
            &path,
            &[("to_org", &other.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_committee_transfers_a_member_and_the_history_shows_where_they_were() {
    let app = spawn().await;
    let member = id_of(&app, "SELECT m.id FROM members m JOIN accounts a ON a.member_id = m.id WHERE a.username = 'member1'").await;
    let other = branch_id(&app, "重庆市电子学会党支部").await;
    app.login_ok("admin").await;
    let path = format!("/members/{member}");
    let r = app
        .post_form(
            &format!("{path}/transfer"),
            &path,
            &[("to_org", &other.to_string()), ("note", "工作调动")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get_text(&path).await;
    assert!(
        page.contains("由 重庆市机械工程学会党支部 转入 重庆市电子学会党支部")
            && page.contains("工作调动"),
        "{page}"
    );
}

#[tokio::test]
async fn personal_data_is_shown_only_to_those_whose_grant_covers_it() {
    let app = spawn().await;
    let own = id_of(
        &app,
        "SELECT member_id FROM accounts WHERE username = 'member1'",
    )
    .await;
    let someone = id_of(
        &app,
        &format!("SELECT MAX(m.id) FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.name = '重庆市机械工程学会党支部' AND m.id <> {own}"),
    )
    .await;
    app.login_ok("member1").await;
    let (status, page) = app.get_text(&format!("/members/{someone}")).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a member sees the names of the branch"
    );
    assert!(
        !page.contains("id=\"phone\"") && !page.contains("1380000"),
        "{page}"
    );
    let (_, page) = app.get_text(&format!("/members/{own}")).await;
    assert!(
        page.contains("id=\"phone\""),
        "a member sees their own data"
    );
    let (_, page) = app.get_text(&format!("/members/{someone}/edit")).await;
    assert!(page.contains("找不到"));
}

#[tokio::test]
async fn the_roster_lists_and_searches_within_scope() {
    let app = spawn().await;
    app.login_ok("branch1").await;
    let (status, page) = app.get_text("/members").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("共 18 条 · 第 1/1 页"), "{page}");
    app.post_form("/logout", "/", &[]).await;
    app.login_ok("admin").await;
    let (_, page) = app.get_text("/members?q=%E7%A4%BA%E4%BE%8B01").await; // 示例01
    assert!(page.contains("共 14 条"), "{page}");
    let token = csrf_in(&page);
    assert!(!token.is_empty());
}

#[tokio::test]
async fn in_a_large_tree_a_new_org_and_a_new_parent_are_found_by_name() {
    let app = spawn().await;
    let committee = id_of(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    crate::helpers::grow_the_tree(&app, committee).await;
    let member = id_of(&app, "SELECT m.id FROM members m JOIN accounts a ON a.member_id = m.id WHERE a.username = 'member1'").await;
    app.login_ok("admin").await;
    let path = format!("/members/{member}");
    let (_, page) = app.get_text(&path).await;
    assert!(page.contains("name=\"to_q\""), "a search row");
    assert!(!page.contains("id=\"to_org\""), "no list of 335 orgs");

    let target = branch_id(&app, "测试总支015第一支部").await;
    let (_, page) = app.get_text(&format!("{path}?to_q=总支015")).await;
    assert!(page.contains(&format!("<option value=\"{target}\">测试总支015第一支部")));
    assert!(page.contains("value=\"总支015\""), "the search is kept");
    let (_, page) = app.get_text(&format!("{path}?to_q=不存在")).await;
    assert!(page.contains("没有名称含“不存在”的组织"));
    let r = app
        .post_form(
            &format!("{path}/transfer"),
            &path,
            &[("to_org", &target.to_string()), ("note", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let now_in = id_of(
        &app,
        &format!("SELECT org_id FROM members WHERE id = {member}"),
    )
    .await;
    assert_eq!(now_in, target);

    // Moving that branch: general branches found by name, not its own parent.
    let (_, page) = app
        .get_text(&format!("/orgs/{target}/edit?parent_q=总支01"))
        .await;
    let own_parent = branch_id(&app, "测试总支015").await;
    let other = branch_id(&app, "测试总支016").await;
    assert!(page.contains(&format!("<option value=\"{other}\">测试总支016")));
    assert!(!page.contains(&format!("<option value=\"{own_parent}\">")));
}
