//! Retention: pruning removes only events past the retention period and the rest still
//! verifies; a retention too short to meet the law is refused.

use super::*;

const DAY: i64 = 86_400_000;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test]
async fn pruning_removes_only_events_past_retention_and_the_rest_still_verifies() {
    let app = spawn_with(|c| c.demo = false).await;
    let db = app.db().await;
    let ages = [400, 400, 400, 200, 200, 0, 0];
    for (i, days) in ages.iter().enumerate() {
        let mut tx = db.begin().await.unwrap();
        audit::record(
            &mut tx,
            AuditEntry {
                at: Timestamp(now() - days * DAY),
                account_id: None,
                username: "system",
                ip: "",
                action: "test.event",
                object_type: "",
                object_id: i.to_string(),
                org_id: None,
                outcome: Outcome::Success,
                detail: format!("{days} days old"),
            },
        )
        .await
        .unwrap();
        store::commit(tx).await.unwrap();
    }
    db.close().await;
    let url = app.database_url.as_str();

    let o = zhibu(&["audit", "prune", "--database", url], &[]);
    assert!(!o.status.success());
    assert!(text(&o).contains("--yes"), "{}", text(&o));

    let o = zhibu(
        &["audit", "prune", "--database", url, "--yes"],
        &[("ZHIBU_AUDIT_RETENTION_DAYS", "365")],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("pruned 3 audit events"), "{}", text(&o));
    let o = verify(&app);
    assert!(o.status.success(), "{}", text(&o));
    // 4 left and the prune's own event.
    assert!(
        text(&o).contains("intact: 5 events (after seq 3"),
        "{}",
        text(&o)
    );

    let o = zhibu(&["audit", "prune", "--database", url, "--yes"], &[]);
    assert!(text(&o).contains("pruned 2 audit events"), "{}", text(&o));
    let o = zhibu(&["audit", "prune", "--database", url, "--yes"], &[]);
    assert!(text(&o).contains("nothing was pruned"), "{}", text(&o));
    let o = verify(&app);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("intact: 4 events (after seq 5"),
        "{}",
        text(&o)
    );

    // What is left is young; the database keeps it whatever is asked.
    let err = execute(&app, "DELETE FROM audit_events").await.unwrap_err();
    assert!(err.contains("younger than 180 days"), "{err}");
}

#[tokio::test]
async fn a_too_short_retention_is_refused_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let o = zhibu(
        &["serve", "--data", data, "--listen", "127.0.0.1:0"],
        &[("ZHIBU_AUDIT_RETENTION_DAYS", "90")],
    );
    assert!(!o.status.success());
    let said = text(&o);
    assert!(said.contains("ZHIBU_AUDIT_RETENTION_DAYS"), "{said}");
    assert!(said.contains("at least 180"), "{said}");

    let o = zhibu(
        &[
            "audit",
            "prune",
            "--data",
            data,
            "--audit-retention-days",
            "179",
            "--yes",
        ],
        &[],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("--audit-retention-days"), "{}", text(&o));
}
