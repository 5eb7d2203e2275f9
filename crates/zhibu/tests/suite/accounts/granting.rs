//! Granting, revoking and the system roles.

use super::support::*;
use crate::helpers::{PASSWORD, csrf_in, new_client, spawn};
use reqwest::StatusCode;
use serde_json::{Value, json};

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
async fn the_system_admin_disables_accounts_but_neither_resets_business_ones_nor_reads_the_roster()
{
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
    // The demo's six named accounts and the secretaries of branches 2 to 14, less the security
    // and audit admins' (三员分立: see separation.rs).
    assert_eq!(page["total"], 17);
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

    // Reset: not by the system admin, who would learn the password of an account with business
    // powers (三员分立); its branch's administrator resets it: a temporary password, every
    // session of member1 ends, the old password is gone.
    let theirs = app.token_ok("member1").await;
    let r = post_empty(
        &app,
        &format!("/api/v1/accounts/{member1}/reset-password"),
        &sys,
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "reset_by_org_admin");
    assert!(body.get("temporary_password").is_none());
    assert_eq!(
        app.api_get("/api/v1/me", &theirs).await.status(),
        StatusCode::OK
    );
    let branch_admin = app.token_ok("branch1").await;
    let r = post_empty(
        &app,
        &format!("/api/v1/accounts/{member1}/reset-password"),
        &branch_admin,
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
