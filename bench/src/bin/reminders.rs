//! Reminder-scheduler benchmark: one pass of the ladder over the province-sized dataset of the
//! reporting benchmark (20,001 orgs, 199 open tasks with their periods — 39,800 reports owed —
//! and one notice to all 20,000 orgs with a 签收时限), on SQLite and PostgreSQL:
//!
//! 1. a quiet moment (four weeks before every deadline): the pass reads the live periods and
//!    notices and finds no rung due — the cost of computing what is due, every minute;
//! 2. the moment the 3-day rung opens for everything at once: the pass writes every reminder
//!    (one per owed report, one per unsigned recipient) and their messages;
//! 3. the same moment again: everything is sent, the pass reads and sends nothing — the cost
//!    of each minute while a rung is open.
//!
//! ```sh
//! cargo build --release -p bench
//! target/release/reminders            # SQLite, then PostgreSQL
//! target/release/reminders sqlite     # one backend
//! ```
//! PostgreSQL: a fresh database `zhibu_remind_<pid>` on `BENCH_PG` (default
//! `postgres://postgres@127.0.0.1:5432`), dropped afterwards. Figures in docs/PERFORMANCE.md.

#[path = "reporting/dataset.rs"]
#[expect(
    dead_code,
    reason = "the dataset module serves the reporting benchmark too"
)]
mod dataset;

use app::{App, ManualClock, Zone};
use domain::Timestamp;
use sqlx::Connection;
use std::sync::Arc;
use std::time::Instant;
use store::{Backend, Db};

fn pg_server() -> String {
    std::env::var("BENCH_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

async fn pg_admin(sql: &str) -> anyhow::Result<()> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&format!("{}/postgres", pg_server())).await?;
    sqlx::query(sql).execute(&mut conn).await?;
    Ok(())
}

/// `hour` o'clock on `date`, Shanghai.
fn at(zone: &Zone, date: &str, hour: i64) -> Timestamp {
    let (midnight, _) = zone
        .day_bounds(date)
        .unwrap_or((Timestamp(0), Timestamp(0)));
    Timestamp(midnight.millis() + hour * 3_600_000)
}

/// A notice of the committee to every org under it, with the dataset's deadline to sign by.
async fn national_notice(db: &Db) -> anyhow::Result<i64> {
    let mut tx = db.begin().await?;
    let content = store::notices::Content {
        title: "关于做好近期有关工作的通知",
        doc_number: "",
        json: "{}",
        source: "关于做好近期有关工作的通知",
    };
    let id = store::notices::create(&mut tx, 1, content, 1, dataset::NOW).await?;
    store::notices::set_targets(&mut tx, id, &[(1, true)]).await?;
    let recipients = store::notices::publish(&mut tx, id, 1, dataset::NOW).await?;
    store::notice_reminders::set_sign_by(&mut tx, id, Some(dataset::DEADLINE)).await?;
    store::commit(tx).await?;
    println!("  notice {id} published to {recipients} orgs, to sign by the tasks' deadline");
    Ok(id)
}

async fn measure(url: &str) -> anyhow::Result<()> {
    let db = Db::connect(url).await?;
    store::migrate(&db).await?;
    dataset::generate(&db).await?;
    national_notice(&db).await?;
    let zone = Zone::parse("Asia/Shanghai").ok_or_else(|| anyhow::anyhow!("no zone"))?;
    let clock = ManualClock::starting_now();
    let app = App::new(db.clone(), Arc::new(clock.clone()), zone.clone());
    for (label, date) in [
        ("quiet (nothing due)", "2099-12-01"),
        ("3-day rung opens (all sent)", "2099-12-29"),
        ("3-day rung, all sent already", "2099-12-29"),
    ] {
        clock.set(at(&zone, date, 10));
        let started = Instant::now();
        let pass = app::reminders::ladder::pass(&app).await?;
        let took = started.elapsed();
        println!(
            "  {label:<30} {:>9.1} ms  periods {:>4}  reminders {:>6}  messages {:>5}",
            took.as_secs_f64() * 1000.0,
            pass.periods,
            pass.reminders,
            pass.messages
        );
    }
    db.close().await;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let which = std::env::args().nth(1).unwrap_or_default();
    if which.is_empty() || which == "sqlite" {
        let dir = tempfile::tempdir()?;
        let url = web::Config::new(dir.path()).database_url();
        println!("== SQLite");
        measure(&url).await?;
        let _ = Backend::Sqlite;
    }
    if which.is_empty() || which == "postgres" {
        let name = format!("zhibu_remind_{}", std::process::id());
        pg_admin(&format!("DROP DATABASE IF EXISTS {name}")).await?;
        pg_admin(&format!("CREATE DATABASE {name}")).await?;
        println!("== PostgreSQL");
        let result = measure(&format!("{}/{name}", pg_server())).await;
        pg_admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
        result?;
    }
    Ok(())
}
