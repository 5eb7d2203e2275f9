//! 账号管理: administrators create accounts, reset passwords, disable and enable accounts,
//! grant and revoke roles — each within their subtree, never for themselves, all audited.

use crate::helpers::{PASSWORD, TestApp, TestAppClient, csrf_in, location, new_client, spawn};
use reqwest::StatusCode;
use serde_json::{Value, json};

const BRANCH1: &str = "重庆市机械工程学会党支部";
const BRANCH2: &str = "重庆市电子学会党支部";
const COMMITTEE: &str = "中共重庆市科学技术协会科技社团委员会";

async fn post_json(app: &TestApp, path: &str, token: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn post_empty(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn delete(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    reqwest::Client::new()
        .delete(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// The error code of an API refusal, after checking its status.
async fn refused(r: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(r.status(), status);
    let body: Value = r.json().await.unwrap();
    body["error"].clone()
}

async fn scalar(app: &TestApp, sql: &str, bind: &str) -> i64 {
    let db = app.db().await;
    let n: i64 = sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(db.read())
        .await
        .unwrap();
    db.close().await;
    n
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = app.db().await;
    let n: i64 = sqlx::query_scalar(sql).fetch_one(db.read()).await.unwrap();
    db.close().await;
    n
}

async fn account_id(app: &TestApp, username: &str) -> i64 {
    scalar(app, "SELECT id FROM accounts WHERE username = $1", username).await
}

async fn org_id(app: &TestApp, name: &str) -> i64 {
    scalar(app, "SELECT id FROM orgs WHERE name = $1", name).await
}

/// A member of the org without an account yet, with their name.
async fn member_without_account(app: &TestApp, org: &str) -> (i64, String) {
    let db = app.db().await;
    let row: (i64, String) = sqlx::query_as(
        "SELECT m.id, m.name FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.name = $1 \
         AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.member_id = m.id) ORDER BY m.id LIMIT 1",
    )
    .bind(org)
    .fetch_one(db.read())
    .await
    .unwrap();
    db.close().await;
    row
}

/// How many audit events of `action` with `result` there are.
async fn audited(app: &TestApp, action: &str, result: &str) -> i64 {
    let db = app.db().await;
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1 AND result = $2")
            .bind(action)
            .bind(result)
            .fetch_one(db.read())
            .await
            .unwrap();
    db.close().await;
    n
}

/// Logs in with the temporary password, chooses a new one through the API, answers a token
/// opened with the new one.
async fn take_over(app: &TestApp, username: &str, temporary: &str) -> String {
    let first = app.token_ok_with(username, temporary).await;
    let me: Value = app
        .api_get("/api/v1/me", &first)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["must_change_password"], true);
    let r = app.api_get("/api/v1/accounts", &first).await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "nothing before the change"
    );
    let r = post_json(
        app,
        "/api/v1/me/password",
        &first,
        json!({"current_password": temporary, "new_password": "Chosen-Pass-2026"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    app.token_ok_with(username, "Chosen-Pass-2026").await
}

/// The text between `id="{id}">` and the next `<`.
fn text_of(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no #{id} in {html}"))
        + marker.len();
    let end = html[start..].find('<').unwrap() + start;
    html[start..end].to_owned()
}

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

#[tokio::test]
async fn nobody_grants_or_revokes_their_own_roles() {
    let app = spawn().await;
    let committee = org_id(&app, COMMITTEE).await;
    for (who, role) in [
        ("admin", "committee_admin"),
        ("admin", "member"),
        ("security", "security_admin"),
    ] {
        let token = app.token_ok(who).await;
        let me = account_id(&app, who).await;
        let r = post_json(
            &app,
            &format!("/api/v1/accounts/{me}/grants"),
            &token,
            json!({"role": role, "org_id": committee}),
        )
        .await;
        let error = refused(r, StatusCode::FORBIDDEN).await;
        assert_eq!(error["code"], "self_grant", "{who} {role}");
        assert!(error["message"].as_str().unwrap().contains("不能给自己"));
        let grants: Value = app
            .api_get(&format!("/api/v1/accounts/{me}/grants"), &token)
            .await
            .json()
            .await
            .unwrap();
        let own = grants[0]["id"].as_i64().unwrap();
        let r = delete(&app, &format!("/api/v1/grants/{own}"), &token).await;
        assert_eq!(
            refused(r, StatusCode::FORBIDDEN).await["code"],
            "self_grant"
        );
    }
    let written =
        "SELECT COUNT(*) FROM grants WHERE revoked_at IS NOT NULL OR granted_by IS NOT NULL";
    assert_eq!(count(&app, written).await, 0);

    // Nor does anyone disable or reset themselves here.
    let token = app.token_ok("admin").await;
    let me = account_id(&app, "admin").await;
    let r = post_empty(&app, &format!("/api/v1/accounts/{me}/disable"), &token).await;
    assert_eq!(
        refused(r, StatusCode::FORBIDDEN).await["code"],
        "own_account"
    );
    let r = post_empty(
        &app,
        &format!("/api/v1/accounts/{me}/reset-password"),
        &token,
    )
    .await;
    assert_eq!(
        refused(r, StatusCode::FORBIDDEN).await["code"],
        "own_account"
    );
    assert_eq!(
        app.api_get("/api/v1/me", &token).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_system_admin_creates_an_account_and_security_makes_it_an_auditor() {
    let app = spawn().await;
    let sys = app.token_ok("sysadmin").await;
    let r = post_json(
        &app,
        "/api/v1/accounts",
        &sys,
        json!({"username": "auditor2", "display_name": "第二审计员"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let created: Value = r.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["username"], "auditor2");
    let password = created["initial_password"].as_str().unwrap().to_owned();
    // The system admin grants nothing, and links no member.
    let detail: Value = app
        .api_get(&format!("/api/v1/accounts/{id}"), &sys)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["grants"], json!([]));
    assert_eq!(detail["account"]["must_change_password"], true);
    let (member, _) = member_without_account(&app, BRANCH1).await;
    let r = post_json(
        &app,
        "/api/v1/accounts",
        &sys,
        json!({"username": "linked", "member_id": member}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let committee = org_id(&app, COMMITTEE).await;
    let r = post_json(
        &app,
        &format!("/api/v1/accounts/{id}/grants"),
        &sys,
        json!({"role": "audit_admin", "org_id": committee}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    let security = app.token_ok("security").await;
    let r = post_json(
        &app,
        &format!("/api/v1/accounts/{id}/grants"),
        &security,
        json!({"role": "audit_admin", "org_id": committee}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    // 三员分立: a system role is held alone.
    let r = post_json(
        &app,
        &format!("/api/v1/accounts/{id}/grants"),
        &security,
        json!({"role": "member", "org_id": committee}),
    )
    .await;
    assert_eq!(
        refused(r, StatusCode::UNPROCESSABLE_ENTITY).await["code"],
        "role_conflict"
    );
    let member1 = account_id(&app, "member1").await;
    let r = post_json(
        &app,
        &format!("/api/v1/accounts/{member1}/grants"),
        &security,
        json!({"role": "audit_admin", "org_id": committee}),
    )
    .await;
    assert_eq!(
        refused(r, StatusCode::UNPROCESSABLE_ENTITY).await["code"],
        "role_conflict"
    );
    // Security grants but does not manage accounts.
    let r = post_empty(&app, &format!("/api/v1/accounts/{id}/disable"), &security).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    let token = take_over(&app, "auditor2", &password).await;
    let me: Value = app
        .api_get("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["grants"][0]["role"], "audit_admin");
    assert_eq!(
        app.api_get("/api/v1/audit", &token).await.status(),
        StatusCode::OK
    );
    assert_eq!(audited(&app, "grant.create", "success").await, 1);
    assert_eq!(audited(&app, "account.create", "success").await, 1);
}

#[tokio::test]
async fn the_system_admin_resets_and_disables_accounts_but_reads_no_roster() {
    let app = spawn().await;
    let sys = app.token_ok("sysadmin").await;
    let member1 = account_id(&app, "member1").await;

    // Account data, never roster data: no member names, no roster.
    let page: Value = app
        .api_get("/api/v1/accounts?limit=100", &sys)
        .await
        .json()
        .await
        .unwrap();
    // The demo's six named accounts and the secretaries of branches 2 to 14.
    assert_eq!(page["total"], 19);
    let listed = page["accounts"].as_array().unwrap();
    let m1 = listed.iter().find(|a| a["username"] == "member1").unwrap();
    assert_eq!(m1["display_name"], Value::Null);
    assert_eq!(m1["member_linked"], true);
    assert_eq!(m1["org"]["name"], BRANCH1);
    let text = page.to_string();
    assert!(
        !text.contains("示例") && !text.contains("1380000"),
        "{text}"
    );
    let r = app.api_get("/api/v1/members", &sys).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // A name search cannot find member accounts by their names either.
    let found: Value = app
        .api_get("/api/v1/accounts?q=%E7%8E%8B%E7%A4%BA%E4%BE%8B", &sys)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 0);
    app.login_ok("sysadmin").await;
    for path in ["/accounts".to_owned(), format!("/accounts/{member1}")] {
        let (status, html) = app.get_text(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            !html.contains("示例") && !html.contains("1380000"),
            "{path}: {html}"
        );
        assert!(html.contains("member1"));
    }

    // Reset: a temporary password, every session of member1 ends, the old password is gone.
    let theirs = app.token_ok("member1").await;
    let r = post_empty(
        &app,
        &format!("/api/v1/accounts/{member1}/reset-password"),
        &sys,
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let temporary = r.json::<Value>().await.unwrap()["temporary_password"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.api_get("/api/v1/me", &theirs).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.token("member1", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let token = take_over(&app, "member1", &temporary).await;

    // Disable: its sessions end and it can no longer log in.
    let r = post_empty(&app, &format!("/api/v1/accounts/{member1}/disable"), &sys).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.api_get("/api/v1/me", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
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
            ("username", "member1"),
            ("password", "Chosen-Pass-2026"),
            ("csrf_token", &csrf_in(&page)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("该账号已停用"));
    let detail: Value = app
        .api_get(&format!("/api/v1/accounts/{member1}"), &sys)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["account"]["status"], "disabled");
    assert_eq!(detail["open_sessions"], 0);
    // Twice changes nothing and records nothing more.
    let r = post_empty(&app, &format!("/api/v1/accounts/{member1}/disable"), &sys).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let r = post_empty(&app, &format!("/api/v1/accounts/{member1}/enable"), &sys).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    app.token_ok_with("member1", "Chosen-Pass-2026").await;

    assert_eq!(audited(&app, "account.reset_password", "success").await, 1);
    assert_eq!(audited(&app, "account.disable", "success").await, 1);
    assert_eq!(audited(&app, "account.enable", "success").await, 1);
    let db = app.db().await;
    let detail: String =
        sqlx::query_scalar("SELECT detail FROM audit_events WHERE action = 'account.disable'")
            .fetch_one(db.read())
            .await
            .unwrap();
    db.close().await;
    assert!(
        detail.contains("member1") && detail.contains("1 sessions ended"),
        "{detail}"
    );
}

#[tokio::test]
async fn a_revoked_grant_stops_giving_access_and_stays_on_record() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let member1 = account_id(&app, "member1").await;
    let branch1 = org_id(&app, BRANCH1).await;
    let r = post_json(
        &app,
        &format!("/api/v1/accounts/{member1}/grants"),
        &admin,
        json!({"role": "branch_admin", "org_id": branch1}),
    )
    .await;
    let grant = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let theirs = app.token_ok("member1").await;
    assert_eq!(
        app.api_get("/api/v1/accounts", &theirs).await.status(),
        StatusCode::OK
    );

    let r = delete(&app, &format!("/api/v1/grants/{grant}"), &admin).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.api_get("/api/v1/accounts", &theirs).await.status(),
        StatusCode::NOT_FOUND
    );
    let me: Value = app
        .api_get("/api/v1/me", &theirs)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["grants"].as_array().unwrap().len(), 1);

    let grants: Value = app
        .api_get(&format!("/api/v1/accounts/{member1}/grants"), &admin)
        .await
        .json()
        .await
        .unwrap();
    let revoked = grants
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == grant)
        .unwrap();
    assert!(revoked["revoked_at"].as_str().unwrap().ends_with('Z'));
    let r = delete(&app, &format!("/api/v1/grants/{grant}"), &admin).await;
    assert_eq!(
        refused(r, StatusCode::CONFLICT).await["code"],
        "grant_revoked"
    );
    // A branch admin revokes nothing: it grants nothing.
    let branch = app.token_ok("branch1").await;
    let members_grant = grants[0]["id"].as_i64().unwrap();
    let r = delete(&app, &format!("/api/v1/grants/{members_grant}"), &branch).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(audited(&app, "grant.revoke", "success").await, 1);
}

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
    assert!(html.contains("共 15 个账号"), "{html}");
}

/// Run with the other browser tests (`-- --ignored browser::`).
mod browser {
    use super::*;
    use crate::browser::Browser;

    #[tokio::test]
    #[ignore = "needs chromium and chromedriver; run by .ci/run"]
    async fn the_account_pages_fit_a_phone() {
        let app = spawn().await;
        let member1 = account_id(&app, "member1").await;
        let browser = Browser::start(360).await;
        browser.log_in(&app, "admin", PASSWORD).await;
        browser.text_of("#greeting").await;
        for (path, name) in [
            ("/accounts".to_owned(), "accounts-360"),
            (format!("/accounts/{member1}"), "account-360"),
            (
                "/accounts/new?member_q=%E7%8E%8B".to_owned(),
                "account-new-360",
            ),
        ] {
            browser.client.goto(&app.url(&path)).await.unwrap();
            browser.text_of("h1").await;
            browser.screenshot(name).await;
            let overflow = browser
                .client
                .execute(
                    "return document.documentElement.scrollWidth > window.innerWidth;",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(overflow, Value::Bool(false), "{path} scrolls sideways");
        }

        // Creating an account through the form shows its first password.
        let (member, name) = member_without_account(&app, BRANCH1).await;
        let form = app.url(&format!("/accounts/new?member_id={member}"));
        browser.client.goto(&form).await.unwrap();
        assert!(browser.text_of("#account-member").await.contains(&name));
        browser.screenshot("account-form-360").await;
        browser.fill("#username", "li.si").await;
        browser.click("#account-create").await;
        let password = browser.text_of("#temporary-password").await;
        assert!(
            domain::NewPassword::parse(&password, "li.si").is_ok(),
            "{password}"
        );
        browser.screenshot("account-created-360").await;
        browser.close().await;
    }
}
