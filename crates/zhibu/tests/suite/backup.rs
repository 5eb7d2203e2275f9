//! Backup and restore: `zhibu backup` taken while reports are being handed in restores into a
//! fresh deployment whose audit chain verifies and whose reports are whole; one taken when the
//! writes stop restores table for table and file for file; `zhibu restore` refuses a running
//! server's data and, without `--yes`, a database holding data. Scheduled backups keep the
//! newest N.

use crate::helpers::{
    PostgresDatabase, TestApp, branch_org, run_zhibu, scalar, spawn, spawn_with, using_postgres,
};
use reqwest::Method;
use serde_json::json;
use sqlx::Row;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A deployment to restore into: an empty data directory and, on PostgreSQL, an empty database.
struct Target {
    dir: tempfile::TempDir,
    url: String,
    _postgres: Option<PostgresDatabase>,
}

impl Target {
    async fn fresh() -> Target {
        let dir = tempfile::tempdir().unwrap();
        let (postgres, url) = if using_postgres() {
            let (db, url) = PostgresDatabase::create().await;
            (Some(db), url)
        } else {
            let url = format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("zhibu.db").display()
            );
            (None, url)
        };
        Target {
            dir,
            url,
            _postgres: postgres,
        }
    }

    fn data(&self) -> String {
        self.dir.path().to_string_lossy().into_owned()
    }
}

async fn zhibu(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_zhibu(&args, &[])
    })
    .await
    .unwrap()
}

async fn backup(app: &TestApp, dest: &Path) -> Output {
    zhibu(vec![
        "backup".into(),
        dest.to_string_lossy().into_owned(),
        "--data".into(),
        app.data_dir.path().to_string_lossy().into_owned(),
        "--database".into(),
        app.database_url.clone(),
    ])
    .await
}

async fn restore(src: &Path, data: &str, url: &str, yes: bool) -> Output {
    let mut args = vec![
        "restore".into(),
        src.to_string_lossy().into_owned(),
        "--data".into(),
        data.to_owned(),
    ];
    // A SQLite database is the data directory's; PostgreSQL is named.
    if using_postgres() {
        args.extend(["--database".into(), url.to_owned()]);
    }
    if yes {
        args.push("--yes".into());
    }
    zhibu(args).await
}

/// Every row of every table, each value as text, rows sorted.
async fn all_tables(url: &str) -> BTreeMap<String, Vec<Vec<String>>> {
    let db = store::Db::connect(url).await.unwrap();
    let mut out = BTreeMap::new();
    for table in store::backup::tables(&db).await.unwrap() {
        // sqlx's own bookkeeping holds a time the Any driver cannot read: its versions will do.
        let columns = if table.starts_with("_sqlx") {
            "version, description"
        } else {
            "*"
        };
        let rows = sqlx::query(&format!("SELECT {columns} FROM {table}"))
            .fetch_all(db.read())
            .await
            .unwrap();
        let mut values: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| {
                        if let Ok(v) = r.try_get::<Option<String>, _>(i) {
                            format!("{v:?}")
                        } else if let Ok(v) = r.try_get::<Option<i64>, _>(i) {
                            format!("{v:?}")
                        } else if let Ok(v) = r.try_get::<Option<f64>, _>(i) {
                            format!("{v:?}")
                        } else {
                            format!("{:?}", r.try_get::<Option<Vec<u8>>, _>(i).unwrap())
                        }
                    })
                    .collect()
            })
            .collect();
        values.sort();
        out.insert(table, values);
    }
    db.close().await;
    out
}

/// Every file under `dir/files` but temporary uploads, with its bytes.
fn all_files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                if e.file_name() != "tmp" {
                    walk(root, &e.path(), out);
                }
            } else {
                let rel = e.path().strip_prefix(root).unwrap().to_owned();
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&dir.join("files"), &dir.join("files"), &mut out);
    out
}

/// Hands in version after version for branch 1 until told to stop; counts the 2xx answers.
async fn load(app: &TestApp, stop: Arc<AtomicBool>, acked: Arc<AtomicUsize>) {
    let admin = app.token_ok("admin").await;
    let branch = app.token_ok("branch1").await;
    let org = branch_org(app, 1).await;
    let root = scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let (status, task) = crate::helpers::send(
        app,
        Method::POST,
        "/api/v1/tasks",
        &admin,
        Some(json!({
            "org_id": root, "title": "报送学习情况", "description": "备份测试", "category": "学习",
            "deadline": "2099-12-31",
            "form": {"fields": [{"key": "summary", "label": "学习情况", "type": "long_text", "required": true}]},
            "targets": [{"org_id": org, "subtree": false}], "publish": true
        })),
    )
    .await;
    assert!(status.is_success(), "{task}");
    let path = format!("/api/v1/tasks/{}/submissions/{org}", task["id"]);
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        let (_, current) = crate::helpers::send(app, Method::GET, &path, &branch, None).await;
        n += 1;
        let body = json!({"answers": {"summary": format!("第{n}份")}, "submit": true, "based_on": current["saves"]});
        let (status, _) = crate::helpers::send(app, Method::PUT, &path, &branch, Some(body)).await;
        if status.is_success() {
            acked.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Some uploaded files, as the file store keeps them, and a temporary upload left behind.
fn uploaded_files(app: &TestApp) {
    let files = app.data_dir.path().join("files");
    for (hash, bytes) in [
        ("ab12cd", &b"%PDF-1.4 first"[..]),
        ("ef34ab", "学习心得".as_bytes()),
    ] {
        std::fs::create_dir_all(files.join(&hash[..2])).unwrap();
        std::fs::write(files.join(&hash[..2]).join(&hash[2..]), bytes).unwrap();
    }
    std::fs::create_dir_all(files.join("tmp")).unwrap();
    std::fs::write(files.join("tmp/upload-in-progress"), b"half").unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_restores_whole_and_a_quiet_one_table_for_table() {
    let app = Arc::new(spawn().await);
    uploaded_files(&app);
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (app, stop, acked) = (app.clone(), stop.clone(), acked.clone());
        tokio::spawn(async move { load(&app, stop, acked).await })
    };
    while acked.load(Ordering::Relaxed) < 5 {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let backups = tempfile::tempdir().unwrap();
    let busy = backups.path().join("busy");
    let o = backup(&app, &busy).await;
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("backup written to"), "{}", text(&o));
    assert!(acked.load(Ordering::Relaxed) >= 5);
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    let quiet = backups.path().join("quiet");
    let o = backup(&app, &quiet).await;
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("2 uploaded files"), "{}", text(&o));
    assert!(!quiet.join("files/tmp").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(quiet.join("audit.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A backup never goes over an existing one.
    let o = backup(&app, &quiet).await;
    assert!(!o.status.success());
    assert!(text(&o).contains("already exists"), "{}", text(&o));

    // Taken mid-write, it restores into a deployment whose chain verifies, no report half-made.
    let first = Target::fresh().await;
    let o = restore(&busy, &first.data(), &first.url, false).await;
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("audit chain intact"), "{}", text(&o));
    assert!(
        text(&o).contains("checkpoints agree") || text(&o).contains("no audit checkpoint yet"),
        "{}",
        text(&o)
    );
    assert!(
        text(&o).contains("restore complete: the audit chain verifies"),
        "{}",
        text(&o)
    );
    let db = store::Db::connect(&first.url).await.unwrap();
    let half: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM submissions s WHERE s.version <> \
         (SELECT COUNT(*) FROM submission_versions v WHERE v.submission_id = s.id)",
    )
    .fetch_one(db.read())
    .await
    .unwrap();
    db.close().await;
    assert_eq!(half, 0);

    // Taken when the writes stopped, it restores every table and file exactly.
    let second = Target::fresh().await;
    let o = restore(&quiet, &second.data(), &second.url, false).await;
    assert!(o.status.success(), "{}", text(&o));
    let live = all_tables(&app.database_url).await;
    let restored = all_tables(&second.url).await;
    assert!(live.len() > 20, "{:?}", live.keys());
    assert_eq!(
        live.keys().collect::<Vec<_>>(),
        restored.keys().collect::<Vec<_>>()
    );
    for (table, rows) in &live {
        assert_eq!(
            rows, &restored[table],
            "table {table} differs after the round trip"
        );
    }
    assert_eq!(all_files(app.data_dir.path()), all_files(second.dir.path()));
    assert_eq!(all_files(second.dir.path()).len(), 2);
    assert_eq!(
        std::fs::read(app.data_dir.path().join("audit.key")).unwrap(),
        std::fs::read(second.dir.path().join("audit.key")).unwrap()
    );

    // Over a database holding data: only with --yes.
    let o = restore(&quiet, &second.data(), &second.url, false).await;
    assert!(!o.status.success());
    assert!(
        text(&o).contains("holds data") && text(&o).contains("--yes"),
        "{}",
        text(&o)
    );
    let o = restore(&quiet, &second.data(), &second.url, true).await;
    assert!(o.status.success(), "{}", text(&o));

    // Never under a running server, --yes or not: its lock on the data directory, and on
    // PostgreSQL its sessions on the database whatever the data directory.
    if using_postgres() {
        let elsewhere = tempfile::tempdir().unwrap();
        let o = restore(
            &quiet,
            &elsewhere.path().to_string_lossy(),
            &app.database_url,
            true,
        )
        .await;
        assert!(!o.status.success());
        assert!(
            text(&o).contains("other sessions are connected"),
            "{}",
            text(&o)
        );
    } else {
        // A SQLite file is restored only as <data>/zhibu.db, where a server's lock is seen.
        let o = zhibu(vec![
            "restore".into(),
            quiet.to_string_lossy().into_owned(),
            "--database".into(),
            app.database_url.clone(),
            "--yes".into(),
        ])
        .await;
        assert!(!o.status.success());
        assert!(text(&o).contains("give --data DIR instead"), "{}", text(&o));
    }
    let o = restore(
        &quiet,
        &app.data_dir.path().to_string_lossy(),
        &app.database_url,
        true,
    )
    .await;
    assert!(!o.status.success());
    assert!(text(&o).contains("zhibu server"), "{}", text(&o));
}

#[tokio::test]
async fn scheduled_backups_keep_the_newest_ones() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().to_owned();
    let app = spawn_with(|c| {
        c.backup_dir = Some(backups.clone());
        c.backup_keep = 2;
        c.backup_every = Duration::from_millis(400);
    })
    .await;
    app.token_ok("admin").await;
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..200 {
        for b in app::backup::schedule::backups(dir.path()).unwrap() {
            seen.insert(b);
        }
        if seen.len() >= 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(seen.len() >= 4, "only {seen:?}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let kept = app::backup::schedule::backups(dir.path()).unwrap();
    assert!(kept.len() <= 2 && !kept.is_empty(), "{kept:?}");
    let newest = kept.last().unwrap();
    assert!(newest.join("MANIFEST").exists());
    let db_file = if using_postgres() {
        "zhibu.pgdump"
    } else {
        "zhibu.db"
    };
    assert!(newest.join(db_file).exists());
}

#[tokio::test]
async fn a_server_does_not_start_while_a_restore_holds_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let restoring = app::backup::lock::DataLock::restoring(dir.path()).unwrap();
    let mut config = web::Config::new(dir.path());
    config.listen = "127.0.0.1:0".parse().unwrap();
    let Err(e) = web::Application::build(config.clone()).await else {
        panic!("a server started during a restore");
    };
    assert!(format!("{e:#}").contains("a restore is under way"), "{e:#}");
    drop(restoring);
    let running = web::Application::build(config).await.unwrap();
    let Err(e) = app::backup::lock::DataLock::restoring(dir.path()) else {
        panic!("a restore was let in under a server");
    };
    assert!(
        format!("{e:#}").contains("a zhibu server is running"),
        "{e:#}"
    );
    drop(running);
}
