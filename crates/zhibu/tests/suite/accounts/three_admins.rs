//! 三员分立, continued: the three administrators cannot switch each other off through the
//! application (only the server's operator can, audited), and the system administrator cannot
//! become a business user by resetting its password.

use super::support::*;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The id of `username`'s live grant of `role`.
async fn grant_of(app: &TestApp, username: &str, role: &str) -> i64 {
    let db = app.db().await;
    let id: i64 = sqlx::query_scalar(
        "SELECT g.id FROM grants g JOIN accounts a ON a.id = g.account_id \
         WHERE a.username = $1 AND g.role = $2 AND g.revoked_at IS NULL",
    )
    .bind(username)
    .bind(role)
    .fetch_one(db.read())
    .await
    .unwrap();
    db.close().await;
    id
}

async fn live(app: &TestApp, grant: i64) -> bool {
    count(
        app,
        &format!("SELECT COUNT(*) FROM grants WHERE id = {grant} AND revoked_at IS NULL"),
    )
    .await
        == 1
}

#[tokio::test]
async fn the_three_administrators_cannot_switch_each_other_off_only_the_operator_can() {
    let app = spawn().await;
    let sys = app.token_ok("sysadmin").await;
    let security = app.token_ok("security").await;
    let auditor = app.token_ok("auditor").await;
    let denied_before = audited(&app, "access.denied", "denied").await;

    // The security administrator revokes neither the audit nor the system administrator's grant.
    let audit_grant = grant_of(&app, "auditor", "audit_admin").await;
    let sys_grant = grant_of(&app, "sysadmin", "system_admin").await;
    for grant in [audit_grant, sys_grant] {
        let r = delete(&app, &format!("/api/v1/grants/{grant}"), &security).await;
        assert_eq!(
            refused(r, StatusCode::FORBIDDEN).await["code"],
            "system_grant"
        );
        assert!(live(&app, grant).await);
    }
    assert_eq!(
        app.api_get("/api/v1/audit", &auditor).await.status(),
        StatusCode::OK
    );
    // Nor through the page, which offers no button for it.
    app.login_ok("security").await;
    let auditor_id = account_id(&app, "auditor").await;
    let (_, page) = app.get_text(&format!("/accounts/{auditor_id}")).await;
    assert!(!page.contains(&format!("/grants/{audit_grant}/revoke")));
    let r = app
        .post_form(
            &format!("/grants/{audit_grant}/revoke"),
            &format!("/accounts/{auditor_id}"),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(live(&app, audit_grant).await);

    // The system administrator neither disables nor resets a fellow system administrator.
    let root = count(
        &app,
        &format!("SELECT org_id FROM grants WHERE id = {sys_grant}"),
    )
    .await;
    let other = app
        .create_account("sysadmin2", "Sysadmin2-Pass-1", false)
        .await;
    let r = post_json(
        &app,
        &format!("/api/v1/accounts/{other}/grants"),
        &security,
        json!({"role": "system_admin", "org_id": root}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let theirs = app.token_ok_with("sysadmin2", "Sysadmin2-Pass-1").await;
    for action in ["disable", "reset-password"] {
        let r = post_empty(&app, &format!("/api/v1/accounts/{other}/{action}"), &sys).await;
        assert_eq!(
            refused(r, StatusCode::FORBIDDEN).await["code"],
            "system_account",
            "{action}"
        );
    }
    assert_eq!(
        app.api_get("/api/v1/me", &theirs).await.status(),
        StatusCode::OK
    );
    // Every refusal is audited, nothing was changed.
    assert_eq!(
        audited(&app, "access.denied", "denied").await - denied_before,
        5
    );
    assert_eq!(audited(&app, "grant.revoke", "success").await, 0);
    assert_eq!(audited(&app, "account.disable", "success").await, 0);

    // The server's operator can, and the audit log says so.
    let url = app.database_url.clone();
    let out = run_zhibu(
        &[
            "account",
            "revoke",
            "auditor",
            "audit_admin",
            "--database",
            &url,
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!live(&app, audit_grant).await);
    assert_eq!(
        app.api_get("/api/v1/audit", &auditor).await.status(),
        StatusCode::NOT_FOUND
    );
    let out = run_zhibu(
        &["account", "disable", "sysadmin2", "--database", &url],
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        app.api_get("/api/v1/me", &theirs).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let at_server = scalar_of(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE username = $1 \
         AND action IN ('grant.revoke', 'account.disable') AND detail LIKE '%at the server'",
        "cli",
    )
    .await;
    assert_eq!(at_server, 2);
    let out = run_zhibu(&["account", "enable", "sysadmin2", "--database", &url], &[]);
    assert!(out.status.success());
    app.token_ok_with("sysadmin2", "Sysadmin2-Pass-1").await;
}

#[tokio::test]
async fn the_system_admin_cannot_become_a_business_user_by_resetting_its_password() {
    let app = spawn().await;
    let sys = app.token_ok("sysadmin").await;
    for name in ["admin", "member1", "branch1"] {
        let id = account_id(&app, name).await;
        let r = post_empty(&app, &format!("/api/v1/accounts/{id}/reset-password"), &sys).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{name}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "reset_by_org_admin");
        assert!(!body.to_string().contains("temporary_password"));
        // The password did not change.
        app.token_ok(name).await;
    }
    assert_eq!(audited(&app, "account.reset_password", "success").await, 0);
    assert!(audited(&app, "access.denied", "denied").await >= 3);

    // The page offers no reset for it and says who does it.
    app.login_ok("sysadmin").await;
    let member1 = account_id(&app, "member1").await;
    let (status, page) = app.get_text(&format!("/accounts/{member1}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("account-reset\""), "{page}");
    assert!(page.contains("account-reset-elsewhere"));
    assert!(page.contains("停用账号"));

    // An account without business powers the system administrator still resets.
    let fresh = app.create_account("fresh", "Fresh-Pass-2026", false).await;
    let r = post_empty(
        &app,
        &format!("/api/v1/accounts/{fresh}/reset-password"),
        &sys,
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);

    // The member's own branch administrator resets it; the account must change it.
    let branch = app.token_ok("branch1").await;
    let r = post_empty(
        &app,
        &format!("/api/v1/accounts/{member1}/reset-password"),
        &branch,
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let temporary = r.json::<Value>().await.unwrap()["temporary_password"]
        .as_str()
        .unwrap()
        .to_owned();
    take_over(&app, "member1", &temporary).await;

    // A committee account nobody in the application may reset is reset at the server.
    let url = app.database_url.clone();
    let out = run_zhibu(
        &["account", "reset-password", "admin", "--database", &url],
        &[],
    );
    assert!(out.status.success());
}
