//! 三员分立: the system administrator manages every account but those of the security and
//! audit administrators, who watch over it; their passwords are reset at the server.

use super::support::*;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn the_system_admin_cannot_take_over_the_security_or_audit_admins_account() {
    let app = spawn().await;
    let sys = app.token_ok("sysadmin").await;
    let security = app.token_ok("security").await;
    let auditor = app.token_ok("auditor").await;
    let denied_before = audited(&app, "access.denied", "denied").await;
    for name in ["security", "auditor"] {
        let id = account_id(&app, name).await;
        let r = app.api_get(&format!("/api/v1/accounts/{id}"), &sys).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{name}");
        for action in ["reset-password", "disable"] {
            let r = post_empty(&app, &format!("/api/v1/accounts/{id}/{action}"), &sys).await;
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{action} {name}");
        }
    }
    // Each refusal is in the audit log, and nothing changed: both still work.
    assert_eq!(
        audited(&app, "access.denied", "denied").await - denied_before,
        6
    );
    assert_eq!(audited(&app, "account.reset_password", "success").await, 0);
    for token in [&security, &auditor] {
        let r = app.api_get("/api/v1/me", token).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    // The system admin's list does not show them; the security admin's does (to grant).
    let listed = |page: Value| -> Vec<String> {
        page["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["username"].as_str().unwrap().to_owned())
            .collect()
    };
    let page = app.api_get("/api/v1/accounts?limit=100", &sys).await;
    let names = listed(page.json().await.unwrap());
    assert!(names.iter().any(|n| n == "member1"), "{names:?}");
    assert!(!names.iter().any(|n| n == "security" || n == "auditor"));
    let page = app.api_get("/api/v1/accounts?limit=100", &security).await;
    let names = listed(page.json().await.unwrap());
    assert!(names.iter().any(|n| n == "auditor"), "{names:?}");

    // Other accounts the system admin still disables.
    let member1 = account_id(&app, "member1").await;
    let r = post_empty(&app, &format!("/api/v1/accounts/{member1}/disable"), &sys).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_operator_resets_the_security_admins_password_at_the_server() {
    let app = spawn().await;
    let old = app.token_ok("security").await;
    let url = app.database_url.clone();
    let out = run_zhibu(
        &["account", "reset-password", "security", "--database", &url],
        &[],
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let password = stdout
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("New temporary password for security: "))
        .unwrap_or_else(|| panic!("no password in {stdout:?}"))
        .to_owned();

    // The old session and password are gone; the new one logs in and must be changed.
    let r = app.api_get("/api/v1/me", &old).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = app.token("security", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = app.token("security", &password).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["must_change_password"], true);
    let at_server = scalar_of(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'account.reset_password' \
         AND username = $1 AND detail LIKE '%at the server'",
        "cli",
    )
    .await;
    assert_eq!(at_server, 1);

    // A name nobody has: a clear message, exit 1, nothing written.
    let events = count(&app, "SELECT COUNT(*) FROM audit_events").await;
    let out = run_zhibu(
        &["account", "reset-password", "nobody", "--database", &url],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no account is named nobody"), "{stderr}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events").await,
        events
    );
}
