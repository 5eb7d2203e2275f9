//! Creating accounts and what a branch or committee admin reaches.

use super::support::*;
use crate::helpers::{csrf_in, location, new_client, spawn};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_branch_admin_creates_an_account_for_a_member_who_must_change_its_password() {
    let app = spawn().await;
    let (member, name) = member_without_account(&app, BRANCH1).await;
    app.login_ok("branch1").await;

    let (status, home) = app.get_text("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("id=\"nav-accounts\""), "{home}");
    let form = format!("/accounts/new?member_id={member}");
    let (status, page) = app.get_text(&form).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&name) && page.contains(BRANCH1));

    let r = app
        .post_form(
            "/accounts",
            &form,
            &[
                ("username", "Zhang.San"),
                ("member_id", &member.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let page = r.text().await.unwrap();
    assert!(page.contains("账号已创建") && page.contains("只显示这一次"));
    assert_eq!(text_of(&page, "secret-username"), "zhang.san");
    let password = text_of(&page, "temporary-password");
    assert!(domain::NewPassword::parse(&password, "zhang.san").is_ok());

    // The new account logs in and is sent to choose its own password first.
    let (fresh, _) = new_client();
    let page = fresh
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = fresh
        .post(app.url("/login"))
        .form(&[
            ("username", "zhang.san"),
            ("password", password.as_str()),
            ("csrf_token", &csrf_in(&page)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/account/password");
    let r = fresh.get(app.url("/")).send().await.unwrap();
    assert_eq!(location(&r), "/account/password");

    let token = take_over(&app, "zhang.san", &password).await;
    let me: Value = app
        .api_get("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["display_name"], name.as_str());
    assert_eq!(me["must_change_password"], false);
    assert_eq!(me["grants"].as_array().unwrap().len(), 1);
    assert_eq!(me["grants"][0]["role"], "member");
    assert_eq!(me["grants"][0]["org_name"], BRANCH1);

    // The list shows it, by username and by name, with the member's org.
    let (_, list) = app.get_text("/accounts?q=zhang").await;
    assert!(
        list.contains("zhang.san") && list.contains(BRANCH1),
        "{list}"
    );
    let (_, list) = app.get_text(&format!("/accounts?q={name}")).await;
    assert!(list.contains("zhang.san"), "{list}");

    assert_eq!(audited(&app, "account.create", "success").await, 1);
    assert_eq!(audited(&app, "grant.create", "success").await, 1);
    let db = app.db().await;
    let granted_by: Option<i64> =
        sqlx::query_scalar("SELECT g.granted_by FROM grants g JOIN accounts a ON a.id = g.account_id WHERE a.username = 'zhang.san'")
            .fetch_one(db.read())
            .await
            .unwrap();
    db.close().await;
    assert_eq!(granted_by, Some(account_id(&app, "branch1").await));
}

#[tokio::test]
async fn a_branch_admin_reaches_nothing_beyond_its_branch() {
    let app = spawn().await;
    let token = app.token_ok("branch1").await;
    let before = count(&app, "SELECT COUNT(*) FROM accounts").await;

    let (other, _) = member_without_account(&app, BRANCH2).await;
    let r = post_json(
        &app,
        "/api/v1/accounts",
        &token,
        json!({"username": "outside", "member_id": other}),
    )
    .await;
    assert_eq!(refused(r, StatusCode::NOT_FOUND).await["code"], "not_found");
    // Nor an account of nobody.
    let r = post_json(
        &app,
        "/api/v1/accounts",
        &token,
        json!({"username": "nobody"}),
    )
    .await;
    let error = refused(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error["code"], "member_required");
    assert!(error["message"].as_str().unwrap().contains("member_id"));

    // Nor a grant over the committee, even to a member of its own branch.
    let member1 = account_id(&app, "member1").await;
    let committee = org_id(&app, COMMITTEE).await;
    let r = post_json(
        &app,
        &format!("/api/v1/accounts/{member1}/grants"),
        &token,
        json!({"role": "branch_admin", "org_id": committee}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // It sees its branch's accounts, not the committee's nor the system accounts.
    let page: Value = app
        .api_get("/api/v1/accounts", &token)
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = page["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["branch1", "member1"]);
    assert_eq!(page["total"], 2);
    assert_eq!(page["accounts"][1]["display_name"], "陈示例05");
    let admin = account_id(&app, "admin").await;
    let sysadmin = account_id(&app, "sysadmin").await;
    for id in [admin, sysadmin] {
        let r = app.api_get(&format!("/api/v1/accounts/{id}"), &token).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = post_empty(
            &app,
            &format!("/api/v1/accounts/{id}/reset-password"),
            &token,
        )
        .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }

    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM accounts").await,
        before,
        "nothing written"
    );
    assert!(audited(&app, "access.denied", "denied").await >= 4);
}

#[tokio::test]
async fn a_taken_or_malformed_username_is_refused_and_nothing_is_written() {
    let app = spawn().await;
    let token = app.token_ok("admin").await;
    let (member, _) = member_without_account(&app, BRANCH2).await;
    let r = post_json(
        &app,
        "/api/v1/accounts",
        &token,
        json!({"username": "Member1", "member_id": member}),
    )
    .await;
    let error = refused(r, StatusCode::CONFLICT).await;
    assert_eq!(error["code"], "username_taken");
    assert!(error["message"].as_str().unwrap().contains("member1"));
    let r = post_json(
        &app,
        "/api/v1/accounts",
        &token,
        json!({"username": "_x", "member_id": member}),
    )
    .await;
    let error = refused(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error["code"], "invalid_username");
    assert!(error["message"].as_str().unwrap().contains("username"));
    let linked = format!("SELECT COUNT(*) FROM accounts WHERE member_id = {member}");
    assert_eq!(count(&app, &linked).await, 0);
    assert_eq!(audited(&app, "account.create", "success").await, 0);

    // The page keeps what was typed and says why.
    app.login_ok("admin").await;
    let form = format!("/accounts/new?member_id={member}");
    let r = app
        .post_form(
            "/accounts",
            &form,
            &[("username", "branch1"), ("member_id", &member.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = r.text().await.unwrap();
    assert!(page.contains("用户名 branch1 已被使用"), "{page}");
    assert!(page.contains("value=\"branch1\""));

    // One account per member.
    let r = post_json(
        &app,
        "/api/v1/accounts",
        &token,
        json!({"username": "first", "member_id": member}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = post_json(
        &app,
        "/api/v1/accounts",
        &token,
        json!({"username": "second", "member_id": member}),
    )
    .await;
    assert_eq!(
        refused(r, StatusCode::CONFLICT).await["code"],
        "member_has_account"
    );
}

#[tokio::test]
async fn the_committee_admin_makes_a_member_a_branch_admin() {
    let app = spawn().await;
    let token = app.token_ok("admin").await;
    let member1 = account_id(&app, "member1").await;
    let branch2 = org_id(&app, BRANCH2).await;
    let r = post_json(
        &app,
        &format!("/api/v1/accounts/{member1}/grants"),
        &token,
        json!({"role": "branch_admin", "org_id": branch2}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let grant: Value = r.json().await.unwrap();
    assert_eq!(grant["role"], "branch_admin");
    assert_eq!(grant["org_name"], BRANCH2);
    assert_eq!(grant["granted_by"], "admin");
    assert_eq!(grant["revoked_at"], Value::Null);

    let mine = app.token_ok("member1").await;
    let me: Value = app.api_get("/api/v1/me", &mine).await.json().await.unwrap();
    let roles: Vec<&str> = me["grants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, vec!["member", "branch_admin"]);

    // Twice is refused; committee and system roles are not the committee's to grant.
    let again = post_json(
        &app,
        &format!("/api/v1/accounts/{member1}/grants"),
        &token,
        json!({"role": "branch_admin", "org_id": branch2}),
    )
    .await;
    assert_eq!(
        refused(again, StatusCode::CONFLICT).await["code"],
        "grant_exists"
    );
    for role in ["committee_admin", "security_admin"] {
        let r = post_json(
            &app,
            &format!("/api/v1/accounts/{member1}/grants"),
            &token,
            json!({"role": role, "org_id": branch2}),
        )
        .await;
        assert_eq!(
            refused(r, StatusCode::FORBIDDEN).await["code"],
            "role_not_grantable"
        );
    }
    let r = post_json(
        &app,
        &format!("/api/v1/accounts/{member1}/grants"),
        &token,
        json!({"role": "chairman", "org_id": branch2}),
    )
    .await;
    let error = refused(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error["code"], "invalid_role");
    assert!(error["message"].as_str().unwrap().contains("role"));

    // Holding power over another branch puts member1 beyond branch1's reach.
    let branch1 = app.token_ok("branch1").await;
    let r = app
        .api_get(&format!("/api/v1/accounts/{member1}"), &branch1)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(audited(&app, "grant.create", "success").await, 1);
}
