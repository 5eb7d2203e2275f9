//! Reporting-loop benchmark (报送 and 督办 at province scale): generates 20,001 orgs, 500,000
//! members, 65 accounts and 200 tasks (one assigned through the API to all 20,000 orgs below
//! the committee), starts the release `zhibu serve` as a child process, and measures
//!
//! 1. the deadline rush: 64 clients, each with its own token, handing in reports
//!    (`PUT /api/v1/tasks/{id}/submissions/{org}`, `submit: true`) for their own orgs as fast
//!    as the server acknowledges them: throughput and latency percentiles; then the server is
//!    killed (SIGKILL) and the database reopened to check that every acknowledged report is
//!    there;
//! 2. the supervision board of that task, restarted server: `GET /board?limit=1` (the counts)
//!    and `?limit=100` (the first page, most urgent first), and the same two queries run
//!    directly through the store (sqlx) for the raw time;
//! 3. the raw write rate: the same update, version insert, counter update and audit event,
//!    one transaction each, one after the other, straight through the store without HTTP.
//!
//! ```sh
//! cargo build --release -p zhibu -p bench
//! target/release/reporting                  # SQLite, then PostgreSQL; 18,000 submissions
//! target/release/reporting sqlite 18000     # one backend; another number of submissions
//! ```
//!
//! PostgreSQL: a fresh database `zhibu_bench_<pid>` on `postgres://postgres@127.0.0.1:5432`
//! (or `BENCH_PG=postgres://…` naming the server), dropped afterwards. `BENCH_LOG=FILE` keeps
//! the server's log (with `RUST_LOG=info,sqlx=warn,store::group=debug`, a line per group
//! commit: its writes and how long they ran and committed). The targets and the figures are in
//! docs/PERFORMANCE.md.

mod dataset;
mod http;

use anyhow::{Context, bail};
use dataset::{CLIENTS, PASSWORD, USERNAMES};
use domain::Timestamp;
use sqlx::Connection;
use std::path::Path;
use std::time::{Duration, Instant};
use store::{Backend, Db};

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// (p50, p99, max) in milliseconds.
fn percentiles(v: &mut [Duration]) -> (f64, f64, f64) {
    v.sort_unstable();
    if v.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let at = |q: f64| v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1];
    (ms(at(0.50)), ms(at(0.99)), ms(v[v.len() - 1]))
}

fn show(label: &str, v: &mut [Duration]) -> (f64, f64) {
    let (p50, p99, max) = percentiles(v);
    println!(
        "  {label:<44} median {p50:7.3} ms   p99 {p99:7.3} ms   max {max:7.3} ms   (n = {})",
        v.len()
    );
    (p50, p99)
}

/// The PostgreSQL server to create the benchmark database on.
fn pg_server() -> String {
    std::env::var("BENCH_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

async fn pg_admin(sql: &str) -> anyhow::Result<()> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&format!("{}/postgres", pg_server())).await?;
    sqlx::query(sql).execute(&mut conn).await?;
    conn.close().await?;
    Ok(())
}

async fn run(backend: Backend, submissions: usize) -> anyhow::Result<()> {
    let zhibu = http::zhibu_binary();
    if !zhibu.exists() {
        bail!(
            "{} not found: cargo build --release -p zhibu (or set ZHIBU_BIN)",
            zhibu.display()
        );
    }
    let work = tempfile::tempdir()?;
    let data = work.path().join("data");
    std::fs::create_dir_all(&data)?;
    // BENCH_LOG=FILE keeps the server's log (RUST_LOG=store::group=debug logs each batch).
    let log = std::env::var_os("BENCH_LOG")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| work.path().join("server.log"));
    let pg_name = format!("zhibu_bench_{}", std::process::id());
    let url = match backend {
        Backend::Sqlite => web::Config::new(&data).database_url(),
        Backend::Postgres => {
            pg_admin(&format!("DROP DATABASE IF EXISTS {pg_name}")).await?;
            pg_admin(&format!("CREATE DATABASE {pg_name}")).await?;
            format!("{}/{pg_name}", pg_server())
        }
    };
    println!(
        "== {backend:?} ({}) — load average {}",
        store::redact(&url),
        loadavg()
    );
    let result = measure(backend, &zhibu, &url, &data, &log, submissions).await;
    if backend == Backend::Postgres {
        pg_admin(&format!("DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")).await?;
    }
    if result.is_err()
        && let Ok(text) = std::fs::read_to_string(&log)
    {
        let tail: Vec<&str> = text.lines().rev().take(20).collect();
        eprintln!("server log (last lines):");
        for l in tail.iter().rev() {
            eprintln!("  {l}");
        }
    }
    result
}

/// Where the benchmark runs: the server binary, the database and the data directory, the log.
struct Setup<'a> {
    zhibu: &'a Path,
    url: &'a str,
    data: &'a Path,
    log: &'a Path,
}

/// The rush's figures: hand-ins acknowledged, their rate and latency.
struct Rush {
    acknowledged: i64,
    rate: f64,
    p50: f64,
    p99: f64,
}

/// The board's medians, through HTTP and straight through the store.
struct BoardTimes {
    counts: f64,
    page: f64,
    raw_counts: f64,
    raw_page: f64,
}

async fn measure(
    backend: Backend,
    zhibu: &Path,
    url: &str,
    data: &Path,
    log: &Path,
    submissions: usize,
) -> anyhow::Result<()> {
    let setup = Setup {
        zhibu,
        url,
        data,
        log,
    };
    let db = Db::connect(url).await?;
    store::migrate(&db).await?;
    let generated = dataset::generate(&db).await?;
    print_durability(backend, &db).await?;
    db.close().await;

    let server = http::Server::start(zhibu, url, data, log).await?;
    let admin = http::login(&server.base, "admin", PASSWORD).await?;
    let mut tokens = Vec::with_capacity(CLIENTS);
    for name in USERNAMES {
        tokens.push(http::login(&server.base, name, PASSWORD).await?);
    }
    let (task, took) = http::assign_to_all(&server.base, &admin, dataset::study_form()).await?;
    println!(
        "  POST /api/v1/tasks (publish to the committee's subtree): task {task} in {:.0} ms",
        ms(took)
    );

    // 1. The rush.
    let rush = rush(&server, task, &tokens, submissions).await?;
    server.kill()?;
    let db = Db::connect(url).await?;
    check_after_kill(&db, task, rush.acknowledged).await?;

    // 2. The board.
    let board = board(&setup, &db, &admin, task, rush.acknowledged).await?;

    // 3. The raw write rate, on the other task assigned to all orgs.
    let raw_rate = raw_writes(&db, generated.raw_task, submissions.min(5000)).await?;
    db.close().await;

    println!(
        "  SUMMARY {backend:?}: {} orgs, {} members; rush {:.0}/s p50 {:.1} ms p99 {:.1} ms; \
         raw {raw_rate:.0}/s; rush/raw {:.2}; board counts {:.2} ms (raw {:.3} ms), \
         first page {:.2} ms (raw {:.3} ms)",
        generated.orgs,
        generated.members,
        rush.rate,
        rush.p50,
        rush.p99,
        rush.rate / raw_rate,
        board.counts,
        board.raw_counts,
        board.page,
        board.raw_page,
    );
    Ok(())
}

/// How durably the database commits, so the figures can be read against it.
async fn print_durability(backend: Backend, db: &Db) -> anyhow::Result<()> {
    if backend == Backend::Postgres {
        for setting in [
            "synchronous_commit",
            "fsync",
            "wal_sync_method",
            "shared_buffers",
        ] {
            let v: String = sqlx::query_scalar(&format!("SHOW {setting}"))
                .fetch_one(db.read())
                .await?;
            print!("  {setting} = {v};");
        }
        println!();
    } else {
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(db.read())
            .await?;
        let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(db.read())
            .await?;
        println!("  journal_mode = {mode}; synchronous = {sync} (2 = FULL)");
    }
    Ok(())
}

/// Every client hands in reports for its own orgs, `submissions` in all, as fast as the server
/// acknowledges them.
async fn rush(
    server: &http::Server,
    task: i64,
    tokens: &[String],
    submissions: usize,
) -> anyhow::Result<Rush> {
    let per_client = submissions.div_ceil(CLIENTS);
    let mut left = submissions;
    let clients: Vec<(String, Vec<i64>)> = tokens
        .iter()
        .enumerate()
        .map(|(c, token)| {
            let mut orgs = dataset::orgs_of_client(c);
            orgs.truncate(per_client.min(left));
            left -= orgs.len();
            (token.clone(), orgs)
        })
        .collect();
    let asked: usize = clients.iter().map(|(_, o)| o.len()).sum();
    let before = loadavg();
    let mut r = http::rush(&server.base, task, clients).await?;
    let rate = r.acknowledged as f64 / r.elapsed.as_secs_f64();
    println!(
        "  rush: {CLIENTS} clients, {asked} hand-ins: {} acknowledged, {} failed in {:.2} s = {rate:.0} submissions/s (load average {before} → {})",
        r.acknowledged,
        r.failed,
        r.elapsed.as_secs_f64(),
        loadavg()
    );
    let (p50, p99) = show("PUT …/submissions/{org} (submit)", &mut r.latencies);
    Ok(Rush {
        acknowledged: r.acknowledged as i64,
        rate,
        p50,
        p99,
    })
}

/// Every acknowledged report survived the kill: counters, rows and audit events agree, and the
/// audit chain holds.
async fn check_after_kill(db: &Db, task: i64, ack: i64) -> anyhow::Result<()> {
    let (received, waiting): (i64, i64) = sqlx::query_as(
        "SELECT received, submitted FROM task_periods WHERE task_id = $1 AND period = 'once'",
    )
    .bind(task)
    .fetch_one(db.read())
    .await?;
    let rows: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM submissions s JOIN submission_versions v ON v.submission_id = s.id \
         WHERE s.task_id = $1 AND s.state = 'submitted' AND v.version = 1",
    )
    .bind(task)
    .fetch_one(db.read())
    .await?;
    let events: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE action = 'submission.submit' AND detail LIKE $1",
    )
    .bind(format!("task {task} %"))
    .fetch_one(db.read())
    .await?;
    println!(
        "  after SIGKILL: counters received {received}, waiting {waiting}; {rows} submitted rows with version 1; {events} audit events"
    );
    if received != ack || waiting != ack || rows != ack || events != ack {
        bail!("{ack} acknowledged but the database holds {received}/{waiting}/{rows}/{events}");
    }
    let verify = store::audit::verify(db).await?;
    println!("  audit chain after the rush: {verify:?}");
    Ok(())
}

/// The task's board on a restarted server: the counts and the first page, then the same two
/// queries straight through the store.
async fn board(
    setup: &Setup<'_>,
    db: &Db,
    admin: &str,
    task: i64,
    ack: i64,
) -> anyhow::Result<BoardTimes> {
    let server = http::Server::start(setup.zhibu, setup.url, setup.data, setup.log).await?;
    let before = loadavg();
    let path = format!("/api/v1/tasks/{task}/board");
    let (mut counts, body) =
        http::time_gets(&server.base, admin, &format!("{path}?limit=1"), 300).await?;
    if body["expected"].as_i64() != Some(20_000) || body["submitted"].as_i64() != Some(ack) {
        bail!(
            "the board says {} expected, {} submitted",
            body["expected"],
            body["submitted"]
        );
    }
    let (mut page, body) =
        http::time_gets(&server.base, admin, &format!("{path}?limit=100"), 300).await?;
    let rows_on_page = body["rows"].as_array().map(Vec::len).unwrap_or(0);
    println!(
        "  board (load average {before} → {}): {rows_on_page} rows on the first page",
        loadavg()
    );
    let (counts_p50, _) = show("GET /board?limit=1 (counts)", &mut counts);
    let (page_p50, _) = show("GET /board?limit=100 (first page)", &mut page);
    let (raw_counts, raw_page) = raw_board_queries(db, task).await?;
    server.kill()?;
    Ok(BoardTimes {
        counts: counts_p50,
        page: page_p50,
        raw_counts,
        raw_page,
    })
}

/// The board's two queries straight through the store, 300 times each after 20 to warm up:
/// their medians.
async fn raw_board_queries(db: &Db, task: i64) -> anyhow::Result<(f64, f64)> {
    let mut raw_counts = Vec::with_capacity(300);
    let mut raw_page = Vec::with_capacity(300);
    for i in 0..320 {
        let start = Instant::now();
        let p = store::tasks::periods(db.read(), task).await?;
        let t1 = start.elapsed();
        let start = Instant::now();
        let rows =
            store::submissions::board_page(db.read(), task, domain::task::ONCE, None, 101, 0)
                .await?;
        let t2 = start.elapsed();
        if p.is_empty() || rows.len() != 101 {
            bail!(
                "raw board queries answered {} periods, {} rows",
                p.len(),
                rows.len()
            );
        }
        if i >= 20 {
            raw_counts.push(t1);
            raw_page.push(t2);
        }
    }
    let (counts_p50, _) = show("raw: store::tasks::periods (counts)", &mut raw_counts);
    let (page_p50, _) = show("raw: store::submissions::board_page (101)", &mut raw_page);
    Ok((counts_p50, page_p50))
}

/// `n_raw` hand-ins of `raw_task`, the update, version, counter and audit event in one
/// transaction each, one after the other, without HTTP: their rate.
async fn raw_writes(db: &Db, raw_task: i64, n_raw: usize) -> anyhow::Result<f64> {
    let mut loaded = Vec::with_capacity(n_raw);
    let orgs: Vec<i64> = (0..CLIENTS)
        .flat_map(dataset::orgs_of_client)
        .take(n_raw)
        .collect();
    for org in &orgs {
        loaded.push(
            store::submissions::get(db.read(), raw_task, domain::task::ONCE, *org)
                .await?
                .context("a raw-task submission")?,
        );
    }
    let before = loadavg();
    let start = Instant::now();
    let mut raw_lat = Vec::with_capacity(n_raw);
    for s in &loaded {
        let t = Instant::now();
        let now = Timestamp(NOW_MS + start.elapsed().as_millis() as i64);
        raw_hand_in(db, s, raw_task, now).await?;
        raw_lat.push(t.elapsed());
    }
    let raw_elapsed = start.elapsed();
    let raw_rate = n_raw as f64 / raw_elapsed.as_secs_f64();
    println!(
        "  raw: {n_raw} hand-ins, one transaction each, no HTTP: {:.2} s = {raw_rate:.0} submissions/s (load average {before} → {})",
        raw_elapsed.as_secs_f64(),
        loadavg()
    );
    show("raw hand-in transaction", &mut raw_lat);
    Ok(raw_rate)
}

/// One hand-in as the server writes it, in one transaction.
async fn raw_hand_in(
    db: &Db,
    s: &store::submissions::Submission,
    raw_task: i64,
    now: Timestamp,
) -> anyhow::Result<()> {
    let data = serde_json::to_string(&normalised(s.org_id))?;
    let h = domain::submission::hand_in(s.state, false, dataset::DEADLINE, now);
    let mut tx = db.begin().await?;
    let v = store::submissions::hand_in(&mut tx, s, &data, 1, h, 2, now).await?;
    if v.is_none() {
        bail!("raw hand-in refused as stale");
    }
    store::audit::record(
        &mut tx,
        store::audit::AuditEntry {
            at: now,
            account_id: Some(2),
            username: "rush00",
            ip: "127.0.0.1",
            action: "submission.submit",
            object_type: "submission",
            object_id: s.id.to_string(),
            org_id: Some(s.org_id),
            outcome: store::audit::Outcome::Success,
            detail: format!("task {raw_task} once version 1"),
        },
    )
    .await?;
    store::commit(tx).await?;
    Ok(())
}

const NOW_MS: i64 = dataset::NOW.0;

/// The answers as the server stores them (numbers as numbers).
fn normalised(org: i64) -> serde_json::Value {
    let mut a = dataset::answers(org);
    a["attendance"] = serde_json::json!(23);
    a["sessions"][1]["hours"] = serde_json::json!(1.5);
    a
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "both".to_owned());
    let submissions: usize = match args.next() {
        Some(n) => n.parse().context("SUBMISSIONS must be a number")?,
        None => 18_000,
    };
    if submissions > 19_000 {
        bail!("at most 19,000 submissions (the orgs of the 64 clients)");
    }
    let backends = match which.as_str() {
        "sqlite" => vec![Backend::Sqlite],
        "postgres" => vec![Backend::Postgres],
        "both" => vec![Backend::Sqlite, Backend::Postgres],
        other => bail!("unknown backend {other:?}: sqlite, postgres or both"),
    };
    println!(
        "reporting benchmark: {} CPUs, load average {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        loadavg()
    );
    for backend in backends {
        run(backend, submissions).await?;
    }
    Ok(())
}
