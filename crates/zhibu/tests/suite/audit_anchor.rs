//! The audit anchor: a checkpoint of the chain's head, signed with a key kept outside the
//! database, catches what the chain alone cannot — the newest events deleted and the head
//! moved back, or events rewritten with the chain recomputed — and says which.

use crate::helpers::{TestApp, run_zhibu, spawn, using_postgres};
use sm3::{Digest, Sm3};
use sqlx::Row;
use std::process::Output;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `zhibu audit <command>` on the app's database, with its data directory (key and
/// checkpoints) or without.
fn audit(app: &TestApp, command: &str, with_data: bool) -> Output {
    let data = app.data_dir.path().to_string_lossy().into_owned();
    let mut args = vec!["audit", command, "--database", &app.database_url];
    if with_data {
        args.extend(["--data", &data]);
    }
    run_zhibu(&args, &[])
}

async fn execute(app: &TestApp, sql: &str) {
    let db = app.db().await;
    sqlx::query(sql).execute(db.read()).await.unwrap();
    db.close().await;
}

async fn drop_trigger(app: &TestApp, name: &str) {
    let sql = if using_postgres() {
        format!("DROP TRIGGER {name} ON audit_events")
    } else {
        format!("DROP TRIGGER {name}")
    };
    execute(app, &sql).await;
}

/// Some events, then a checkpoint that agrees with them.
async fn checkpointed(app: &TestApp) {
    for name in ["member1", "branch1", "admin"] {
        app.token_ok(name).await;
    }
    let o = audit(app, "checkpoint", true);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("audit checkpoint written"),
        "{}",
        text(&o)
    );
    let o = audit(app, "verify", true);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("checkpoints agree"), "{}", text(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = app.data_dir.path().join("audit.key");
        let mode = std::fs::metadata(key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[tokio::test]
async fn deleting_the_newest_events_and_moving_the_head_is_caught_as_truncation() {
    let app = spawn().await;
    checkpointed(&app).await;
    drop_trigger(&app, "audit_events_keep_young").await;
    execute(
        &app,
        "DELETE FROM audit_events WHERE seq > (SELECT MAX(seq) - 2 FROM audit_events)",
    )
    .await;
    execute(
        &app,
        "UPDATE audit_head SET seq = (SELECT MAX(seq) FROM audit_events), \
         hash = (SELECT hash FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)) \
         WHERE id = 1",
    )
    .await;
    // The chain alone is a valid prefix: without the checkpoints nothing shows.
    let o = audit(&app, "verify", false);
    assert!(o.status.success(), "{}", text(&o));
    let o = audit(&app, "verify", true);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("audit log truncated"), "{}", text(&o));
}

/// The chain hash of an event as the store computes it: SM3 over length-prefixed fields.
fn chain_hash(r: &sqlx::any::AnyRow, detail: &str) -> String {
    let mut h = Sm3::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    let text = |name: &str| r.try_get::<String, _>(name).unwrap();
    let number = |name: &str| r.try_get::<Option<i64>, _>(name).unwrap().unwrap_or(-1);
    field(text("prev_hash").as_bytes());
    field(&number("seq").to_be_bytes());
    field(&number("at").to_be_bytes());
    field(&number("account_id").to_be_bytes());
    for name in ["username", "ip", "action", "object_type", "object_id"] {
        field(text(name).as_bytes());
    }
    field(&number("org_id").to_be_bytes());
    field(text("result").as_bytes());
    field(detail.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn rewriting_an_event_and_recomputing_the_chain_is_caught_and_a_forged_checkpoint_too() {
    let app = spawn().await;
    checkpointed(&app).await;
    // Someone with the database rewrites the newest event and recomputes its hash and the head.
    let db = app.db().await;
    let row = sqlx::query(
        "SELECT seq, at, account_id, username, ip, action, object_type, object_id, org_id, \
         result, detail, prev_hash FROM audit_events ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(db.read())
    .await
    .unwrap();
    db.close().await;
    let seq: i64 = row.try_get("seq").unwrap();
    let hash = chain_hash(&row, "nothing to see");
    drop_trigger(&app, "audit_events_no_update").await;
    execute(
        &app,
        &format!(
            "UPDATE audit_events SET detail = 'nothing to see', hash = '{hash}' WHERE seq = {seq}"
        ),
    )
    .await;
    execute(
        &app,
        &format!("UPDATE audit_head SET hash = '{hash}' WHERE id = 1"),
    )
    .await;
    let o = audit(&app, "verify", false);
    assert!(o.status.success(), "the chain alone verifies: {}", text(&o));
    let o = audit(&app, "verify", true);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("audit log rewritten"), "{}", text(&o));
    assert!(text(&o).contains(&format!("seq {seq}")), "{}", text(&o));

    // Editing the checkpoints to match is caught too: the signature needs the key.
    let file = app.data_dir.path().join("audit-checkpoints");
    let lines = std::fs::read_to_string(&file).unwrap();
    let last = lines.lines().last().unwrap().to_owned();
    let old_hash = last.split(' ').nth(1).unwrap().to_owned();
    std::fs::write(&file, lines.replace(&old_hash, &hash)).unwrap();
    let o = audit(&app, "verify", true);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("audit checkpoints forged"),
        "{}",
        text(&o)
    );
}

#[tokio::test]
async fn a_malformed_audit_key_stops_the_server_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = web::Config::new(dir.path());
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.audit_key = Some("0123".to_owned());
    let Err(e) = web::Application::build(config).await else {
        panic!("a short key was accepted");
    };
    let said = format!("{e:#}");
    assert!(said.contains("ZHIBU_AUDIT_KEY"), "{said}");
}
