//! 审计日志: what is recorded, who may read it, that tampering is found and that the database
//! itself refuses to change it.

use crate::browser::Browser;
use crate::helpers::{
    PASSWORD, TestApp, new_client, run_zhibu as zhibu, spawn, spawn_with, using_postgres,
};
use domain::{Role, Timestamp};
use reqwest::StatusCode;
use serde_json::Value;
use std::process::Output;
use store::audit::{self, AuditEntry, Outcome};

mod retention;
mod sentences;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn verify(app: &TestApp) -> Output {
    zhibu(&["audit", "verify", "--database", &app.database_url], &[])
}

/// The audit log as the auditor's API shows it for `query`.
async fn events(app: &TestApp, token: &str, query: &str) -> (i64, Vec<Value>) {
    let r = app.api_get(&format!("/api/v1/audit?{query}"), token).await;
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    let body: Value = r.json().await.unwrap();
    (
        body["total"].as_i64().unwrap(),
        body["events"].as_array().unwrap().clone(),
    )
}

async fn seq_of(app: &TestApp, condition: &str) -> i64 {
    let db = app.db().await;
    let seq: i64 = sqlx::query_scalar(&format!(
        "SELECT seq FROM audit_events WHERE {condition} ORDER BY seq LIMIT 1"
    ))
    .fetch_one(db.read())
    .await
    .unwrap();
    db.close().await;
    seq
}

/// Executes `sql` on the test's database as someone holding it (not the application) would.
async fn execute(app: &TestApp, sql: &str) -> Result<u64, String> {
    let db = app.db().await;
    let result = sqlx::query(sql)
        .execute(db.read())
        .await
        .map(|r| r.rows_affected())
        .map_err(|e| e.to_string());
    db.close().await;
    result
}

/// Drops one of the triggers guarding `audit_events`, as an attacker with the database would.
async fn drop_trigger(app: &TestApp, name: &str) {
    let sql = if using_postgres() {
        format!("DROP TRIGGER {name} ON audit_events")
    } else {
        format!("DROP TRIGGER {name}")
    };
    execute(app, &sql).await.unwrap();
}

/// Some of everything: a failed login, logins, a logout, an unknown account.
async fn activity(app: &TestApp) {
    assert_eq!(
        app.login("member1", "Wrong-Pass-123").await.status(),
        StatusCode::UNAUTHORIZED
    );
    app.login_ok("member1").await;
    let r = app.post_form("/logout", "/", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.token("nobody", "Wrong-Pass-123").await;
    app.token_ok("branch1").await;
    app.login_ok("admin").await;
}

#[tokio::test]
async fn logins_failures_and_logouts_are_recorded_with_account_ip_action_and_result() {
    let app = spawn().await;
    activity(&app).await;
    let token = app.token_ok("auditor").await;

    let (total, member1) = events(&app, &token, "account=member1").await;
    assert_eq!(total, 3, "{member1:?}");
    let seen: Vec<(&str, &str)> = member1
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["result"].as_str().unwrap()))
        .collect();
    // Newest first.
    assert_eq!(
        seen,
        [
            ("logout", "success"),
            ("login", "success"),
            ("login", "failure")
        ]
    );
    for e in &member1 {
        assert_eq!(e["ip"], "127.0.0.1");
        assert_eq!(e["username"], "member1");
        assert!(e["at"].as_str().unwrap().ends_with('Z'));
        assert!(e["account_id"].as_i64().is_some());
    }
    assert_eq!(member1[2]["detail"], "wrong password");

    let (_, unknown) = events(&app, &token, "account=nobody").await;
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0]["result"], "failure");
    assert_eq!(unknown[0]["account_id"], Value::Null);
}

#[tokio::test]
async fn the_chain_verifies_after_real_activity_and_an_edited_event_is_named() {
    let app = spawn().await;
    activity(&app).await;

    let o = verify(&app);
    assert!(o.status.success(), "{}", text(&o));
    let db = app.db().await;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events")
        .fetch_one(db.read())
        .await
        .unwrap();
    db.close().await;
    assert!(count >= 6);
    assert!(
        text(&o).contains(&format!("audit chain intact: {count} events")),
        "{}",
        text(&o)
    );

    // Someone with the database hides a failed login.
    let seq = seq_of(&app, "result = 'failure'").await;
    drop_trigger(&app, "audit_events_no_update").await;
    let changed = execute(
        &app,
        &format!("UPDATE audit_events SET detail = 'nothing to see' WHERE seq = {seq}"),
    )
    .await
    .unwrap();
    assert_eq!(changed, 1);

    let o = verify(&app);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let said = text(&o);
    assert!(said.contains(&format!("event seq {seq} ")), "{said}");
    assert!(said.contains("login"), "{said}");
    assert!(said.contains("content changed"), "{said}");
}

#[tokio::test]
async fn a_deleted_event_is_caught() {
    let app = spawn().await;
    activity(&app).await;
    let seq = seq_of(&app, "action = 'logout'").await;
    drop_trigger(&app, "audit_events_keep_young").await;
    execute(&app, &format!("DELETE FROM audit_events WHERE seq = {seq}"))
        .await
        .unwrap();
    let o = verify(&app);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let said = text(&o);
    assert!(
        said.contains(&format!("event seq {seq}: missing")),
        "{said}"
    );

    // Removing the newest events is caught too: the chain no longer reaches its head.
    let app = spawn().await;
    activity(&app).await;
    let last = seq_of(&app, "seq = (SELECT MAX(seq) FROM audit_events)").await;
    drop_trigger(&app, "audit_events_keep_young").await;
    execute(
        &app,
        &format!("DELETE FROM audit_events WHERE seq = {last}"),
    )
    .await
    .unwrap();
    let o = verify(&app);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains(&format!("event seq {last}: missing")),
        "{}",
        text(&o)
    );
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_a_young_event() {
    let app = spawn().await;
    activity(&app).await;
    let err = execute(&app, "UPDATE audit_events SET detail = 'x'")
        .await
        .unwrap_err();
    assert!(err.contains("append-only"), "{err}");
    let err = execute(&app, "DELETE FROM audit_events").await.unwrap_err();
    assert!(err.contains("younger than 180 days"), "{err}");
    if using_postgres() {
        let err = execute(&app, "TRUNCATE audit_events").await.unwrap_err();
        assert!(err.contains("append-only"), "{err}");
    }
    let o = verify(&app);
    assert!(o.status.success(), "{}", text(&o));
}

/// Logs `username` in with a browser of its own.
async fn browser_of(app: &TestApp, username: &str) -> reqwest::Client {
    let (client, _) = new_client();
    crate::helpers::TestAppClient::login(app, &client, username, PASSWORD).await
}

#[tokio::test]
async fn nobody_but_the_audit_administrator_may_read_the_log_and_refusals_are_recorded() {
    let app = spawn().await;
    let others = ["admin", "branch1", "member1", "sysadmin", "security"];
    for username in others {
        let browser = browser_of(&app, username).await;
        for path in ["/audit", "/audit?account=admin", "/audit/export.xlsx"] {
            let r = browser.get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{username} {path}");
            let page = r.text().await.unwrap();
            assert!(
                !page.contains("href=\"/audit\""),
                "{username} sees the link"
            );
        }
        let token = app.token_ok(username).await;
        let r = app.api_get("/api/v1/audit", &token).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{username}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found");
    }

    let token = app.token_ok("auditor").await;
    for username in others {
        let (total, denied) = events(
            &app,
            &token,
            &format!("account={username}&action=access.denied"),
        )
        .await;
        assert_eq!(total, 4, "{username}: {denied:?}");
        assert!(denied.iter().all(|e| e["result"] == "denied"));
        assert_eq!(denied[0]["object_type"], "audit_log");
        assert_eq!(denied[0]["detail"], "ViewAudit");
    }
    let auditor = browser_of(&app, "auditor").await;
    let home = auditor.get(app.url("/")).send().await.unwrap();
    assert!(home.text().await.unwrap().contains("href=\"/audit\""));
}

async fn org_id(app: &TestApp, condition: &str) -> i64 {
    let db = app.db().await;
    let id: i64 = sqlx::query_scalar(&format!("SELECT id FROM orgs WHERE {condition}"))
        .fetch_one(db.read())
        .await
        .unwrap();
    db.close().await;
    id
}

#[tokio::test]
async fn the_auditor_sees_the_events_and_the_filters_narrow_them() {
    let app = spawn().await;
    activity(&app).await;
    let auditor = browser_of(&app, "auditor").await;
    let r = auditor.get(app.url("/audit")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("<h1>审计日志</h1>"), "{page}");
    assert!(page.contains("data-action=\"login\""));
    assert!(page.contains("data-action=\"logout\""));
    assert!(page.contains("登录"));
    assert!(page.contains("127.0.0.1"));
    assert!(page.contains("失败"));
    assert!(page.contains("href=\"/audit/export.xlsx?\""));

    let r = auditor
        .get(app.url("/audit?account=member1&result=failure"))
        .send()
        .await
        .unwrap();
    let page = r.text().await.unwrap();
    assert_eq!(page.matches("class=\"audit-event\"").count(), 1, "{page}");
    assert!(page.contains("wrong password"));
    assert!(page.contains("共 1 条"));
    assert!(page.contains("href=\"/audit/export.xlsx?account=member1&#38;result=failure\""));

    let token = app.token_ok("auditor").await;
    let (all, _) = events(&app, &token, "").await;
    let (member1, _) = events(&app, &token, "account=MEMBER1").await;
    let (logins, _) = events(&app, &token, "action=login").await;
    let (log_star, _) = events(&app, &token, "action=log*").await;
    let (failures, _) = events(&app, &token, "account=member1&result=failure").await;
    assert!(all > member1 && member1 > failures && failures == 1);
    assert_eq!(log_star, logins + 1, "log* adds the one logout");
    let (since_2000, _) = events(&app, &token, "from=2000-01-01").await;
    assert_eq!(since_2000, all);
    let (long_ago, _) = events(&app, &token, "from=2000-01-01&to=2000-12-31").await;
    assert_eq!(long_ago, 0);

    // The org filter reaches the org's whole subtree.
    let committee = org_id(&app, "parent_id IS NULL").await;
    let (of_committee, evs) = events(&app, &token, &format!("org={committee}")).await;
    assert_eq!(of_committee, 1);
    assert_eq!(evs[0]["action"], "demo.load");
    assert!(evs[0]["org_name"].as_str().unwrap().contains("科技社团"));

    // Paging walks back in time without overlap.
    let (_, first) = events(&app, &token, "per_page=2&page=1").await;
    let (_, second) = events(&app, &token, "per_page=2&page=2").await;
    assert_eq!((first.len(), second.len()), (2, 2));
    assert!(first[1]["seq"].as_i64() > second[0]["seq"].as_i64());
    let r = auditor
        .get(app.url("/audit?per_page=2&page=2"))
        .send()
        .await
        .unwrap();
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"audit-prev\""));
    assert!(page.contains("id=\"audit-next\""));

    // The API is described for its clients.
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let params = doc["paths"]["/api/v1/audit"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let names: Vec<&str> = params.iter().map(|p| p["name"].as_str().unwrap()).collect();
    for name in [
        "from", "to", "account", "action", "org", "result", "page", "per_page",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }

    // A mistake is named, not ignored.
    let r = app.api_get("/api/v1/audit?from=yesterday", &token).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_filter");
    let r = auditor
        .get(app.url("/audit?from=5%2F8%2F2022"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("2022-08-05 的格式"));
}

#[tokio::test]
async fn an_auditor_of_one_branch_sees_that_branch_and_events_without_an_org() {
    let app = spawn().await;
    let branch = org_id(&app, "parent_id IS NOT NULL ORDER BY sort_order LIMIT 1").await;
    let committee = org_id(&app, "parent_id IS NULL").await;
    let id = app.create_account("auditor2", PASSWORD, false).await;
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    store::grants::create(&mut tx, id, Role::AuditAdmin, branch, None, Timestamp(0))
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;

    let token = app.token_ok("auditor2").await;
    let (_, seen) = events(&app, &token, "per_page=200").await;
    assert!(!seen.is_empty());
    assert!(
        seen.iter()
            .all(|e| e["org_id"].is_null() || e["org_id"] == branch),
        "{seen:?}"
    );
    assert!(!seen.iter().any(|e| e["action"] == "demo.load"));

    let r = app
        .api_get(&format!("/api/v1/audit?org={committee}"), &token)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app
        .api_get(&format!("/api/v1/audit?org={branch}"), &token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    let (_, denied) = events(
        &app,
        &app.token_ok("auditor").await,
        "account=auditor2&action=access.denied",
    )
    .await;
    assert_eq!(denied.len(), 1);
    assert_eq!(denied[0]["object_type"], "org");
    assert_eq!(denied[0]["object_id"], committee.to_string());
}

#[tokio::test]
async fn the_export_downloads_a_spreadsheet_and_is_itself_recorded() {
    let app = spawn().await;
    activity(&app).await;
    let auditor = browser_of(&app, "auditor").await;
    let r = auditor
        .get(app.url("/audit/export.xlsx?account=member1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let header = |name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(
        header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = header("content-disposition");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains(".xlsx"), "{disposition}");
    let bytes = r.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK");

    let token = app.token_ok("auditor").await;
    let (total, exports) = events(&app, &token, "action=audit.export").await;
    assert_eq!(total, 1);
    assert_eq!(exports[0]["username"], "auditor");
    assert_eq!(exports[0]["result"], "success");
    let detail = exports[0]["detail"].as_str().unwrap();
    assert!(detail.starts_with("3 events"), "{detail}");
    assert!(detail.contains("account=member1"), "{detail}");

    // A mistaken filter exports nothing and records nothing.
    let r = auditor
        .get(app.url("/audit/export.xlsx?result=maybe"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (total, _) = events(&app, &token, "action=audit.export").await;
    assert_eq!(total, 1);

    let o = verify(&app);
    assert!(o.status.success(), "{}", text(&o));
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn browser_the_audit_page_reads_on_a_phone_and_on_a_desktop() {
    let app = spawn().await;
    activity(&app).await;
    for width in [360, 1280] {
        let browser = Browser::start(width).await;
        browser.log_in(&app, "auditor", PASSWORD).await;
        browser.text_of("#greeting").await;
        // On a phone the menu folds away behind its button.
        if width < 720 {
            browser.click("#menu-toggle").await;
        }
        browser.click("#nav-audit").await;
        assert!(browser.text_of("#audit-total").await.starts_with("共"));
        assert!(browser.text_of("#audit-events").await.contains("登录"));
        browser.screenshot(&format!("audit-{width}")).await;
        // The page never scrolls sideways, nor the list of events inside its card.
        browser.assert_fits().await;
        let list_overflow = browser
            .client
            .execute(
                "const l = document.getElementById('audit-events'); \
                 return l.scrollWidth > l.clientWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(list_overflow, Value::Bool(false), "at {width} px");

        browser.fill("#audit-account", "member1").await;
        browser.click("#audit-search").await;
        // The form reloads the page; read the new one, not the old one going away.
        for _ in 0..50 {
            let url = browser.client.current_url().await.unwrap();
            if url.as_str().contains("account=member1") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let total = browser.text_of("#audit-total").await;
        assert_eq!(total, "共 3 条");

        // The action is picked from the list by its name.
        browser.click("#audit-action option[value='logout']").await;
        browser.click("#audit-search").await;
        for _ in 0..50 {
            let url = browser.client.current_url().await.unwrap();
            if url.as_str().contains("action=logout") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(browser.text_of("#audit-total").await, "共 1 条");
        assert!(browser.text_of("#audit-events").await.contains("退出登录"));
        browser
            .client
            .execute(
                "document.getElementById('audit-results').scrollIntoView();",
                vec![],
            )
            .await
            .unwrap();
        browser.screenshot(&format!("audit-filtered-{width}")).await;
        browser.close().await;
    }
}
