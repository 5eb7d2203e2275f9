//! Campaign dashboard benchmark: a campaign over 20,000 branches with a year of activities
//! (see `dataset.rs`), on SQLite and PostgreSQL, measuring the dashboard's top level (the 200
//! general branches of the committee) and one drill-down (a 总支's 100 branches):
//!
//! 1. the first look, which computes and keeps every branch's figures (once per campaign, and
//!    again only when its materials change; in a deployment the background job does it);
//! 2. looks with nothing changed: the app call and `GET /api/v1/campaigns/{id}/dashboard`
//!    (and the HTML page) over HTTP, median and p99;
//! 3. a look after one attendance mark changed in some branch (the triggers mark it; the look
//!    recomputes that branch and moves the sums above it), and after 1,000 branches changed;
//! 4. a check that the kept figures equal a computation afresh of every branch.
//!
//! ```sh
//! cargo build --release -p bench --bin campaign_dashboard
//! target/release/campaign_dashboard            # SQLite, then PostgreSQL
//! target/release/campaign_dashboard sqlite     # one backend (sqlite | postgres)
//! ```
//! PostgreSQL: a fresh database `zhibu_dash_<pid>` on `BENCH_PG` (default
//! `postgres://postgres@127.0.0.1:5432`), dropped afterwards. Figures in docs/PERFORMANCE.md.

mod dataset;

use anyhow::{Context, bail};
use app::campaigns::{dashboard, figures, kept};
use app::{Actor, App, Client, ManualClock, Zone};
use domain::campaign_progress::Figures;
use sqlx::Connection;
use std::sync::Arc;
use std::time::{Duration, Instant};
use store::Db;

const LOOKS: usize = 300;
const WARMUP: usize = 20;

fn pg_server() -> String {
    std::env::var("BENCH_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

async fn pg_admin(sql: &str) -> anyhow::Result<()> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&format!("{}/postgres", pg_server())).await?;
    sqlx::query(sql).execute(&mut conn).await?;
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and p99 of `v`, in milliseconds.
fn show(label: &str, v: &mut [Duration]) {
    v.sort_unstable();
    if v.is_empty() {
        return;
    }
    let at = |q: f64| v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1];
    println!(
        "  {label:<52} median {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  (n = {})",
        ms(at(0.50)),
        ms(at(0.99)),
        ms(v[v.len() - 1]),
        v.len()
    );
}

async fn actor(db: &Db) -> anyhow::Result<Actor> {
    let account = store::accounts::by_username(db.read(), "admin")
        .await?
        .context("no admin")?;
    let grants = store::grants::for_account(db.read(), account.id).await?;
    Ok(Actor::new(account, grants, Client::default()))
}

/// Times `n` runs of `f` after the warm-up.
async fn timed<F, Fut>(n: usize, mut f: F) -> anyhow::Result<Vec<Duration>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    for _ in 0..WARMUP {
        f().await?;
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f().await?;
        out.push(t.elapsed());
    }
    Ok(out)
}

/// A session on the pages, as a browser gets one.
async fn page_client(base: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let html = client
        .get(format!("{base}/login"))
        .send()
        .await?
        .text()
        .await?;
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).context("no csrf token")? + marker.len();
    let csrf = &html[start..start + html[start..].find('"').context("token end")?];
    let r = client
        .post(format!("{base}/login"))
        .form(&[
            ("csrf_token", csrf),
            ("username", "admin"),
            ("password", dataset::PASSWORD),
        ])
        .send()
        .await?;
    if r.status() != reqwest::StatusCode::SEE_OTHER {
        bail!("logging in: {}", r.status());
    }
    Ok(client)
}

/// Flips one attendance mark of the first activity of `org` (present ↔ absent), as the
/// attendance page would; the trigger marks the branch.
async fn flip(db: &Db, org: i64) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE activity_attendance SET mark = CASE mark WHEN 'present' THEN 'absent' \
         ELSE 'present' END WHERE activity_id = (SELECT MIN(id) FROM activities WHERE org_id = $1) \
         AND member_id = (SELECT MIN(member_id) FROM activity_attendance WHERE activity_id = \
         (SELECT MIN(id) FROM activities WHERE org_id = $1))",
    )
    .bind(org)
    .execute(&mut *tx)
    .await?;
    store::commit(tx).await?;
    Ok(())
}

async fn measure(url: &str) -> anyhow::Result<()> {
    let db = Db::connect(url).await?;
    store::migrate(&db).await?;
    let g = dataset::generate(&db).await?;
    let c = g.campaign;
    let zone = Zone::parse("Asia/Shanghai").context("no zone")?;
    let clock = ManualClock::starting_now();
    clock.set(dataset::NOW);
    let app = App::new(db.clone(), Arc::new(clock.clone()), zone);
    let admin = actor(&db).await?;
    let _ = dataset::admin_id(&db).await?;

    // 1. The first look: every branch computed and kept.
    let t = Instant::now();
    let d = dashboard::dashboard(&app, &admin, c, None).await?;
    println!(
        "  first look (computes and keeps every branch):      {:>9.0} ms  rows {}  branches {}  held {}",
        ms(t.elapsed()),
        d.rows.len(),
        d.totals.branches,
        d.totals.held()
    );
    assert_eq!(d.totals.held() as i64, g.activities);

    // PostgreSQL: the first look cleared 20,000 marks; until autovacuum comes by (a thousand
    // changes set it off on that table) the marks' query meets their dead rows.
    if db.backend() == store::Backend::Postgres {
        let mut v = timed(100, || async {
            dashboard::dashboard(&app, &admin, c, None).await?;
            Ok(())
        })
        .await?;
        show("app: top level, before autovacuum has come by", &mut v);
        let t = Instant::now();
        sqlx::query(
            "VACUUM ANALYZE campaign_figure_marks, campaign_figure_rows, campaign_figure_state",
        )
        .execute(db.read())
        .await?;
        println!(
            "  VACUUM ANALYZE of the kept tables (what autovacuum does): {:.0} ms",
            ms(t.elapsed())
        );
    }

    // 2. Looks with nothing changed, in the app and over HTTP.
    let mut v = timed(LOOKS, || async {
        dashboard::dashboard(&app, &admin, c, None).await?;
        Ok(())
    })
    .await?;
    show("app: top level (200 rows)", &mut v);
    let under = dataset::middle_id(7 % dataset::middles());
    let mut v = timed(LOOKS, || async {
        dashboard::dashboard(&app, &admin, c, Some(under)).await?;
        Ok(())
    })
    .await?;
    show("app: a 总支 (100 rows)", &mut v);

    let dir = tempfile::tempdir()?;
    let mut config = web::Config::new(dir.path());
    config.listen = "127.0.0.1:0".parse()?;
    config.database_url = Some(url.to_owned());
    config.jobs = false;
    config.clock = Arc::new(clock.clone());
    let server = web::Application::build(config).await?;
    let base = format!("http://{}", server.address());
    let handle = tokio::spawn(server.run_until_stopped());
    let api = reqwest::Client::builder().tcp_nodelay(true).build()?;
    let token: serde_json::Value = api
        .post(format!("{base}/api/v1/auth/token"))
        .json(&serde_json::json!({"username": "admin", "password": dataset::PASSWORD}))
        .send()
        .await?
        .json()
        .await?;
    let token = token["token"].as_str().context("no token")?.to_owned();
    let get = |path: String| {
        let (api, token) = (api.clone(), token.clone());
        async move {
            let r = api.get(path).bearer_auth(token).send().await?;
            if !r.status().is_success() {
                bail!("{}", r.status());
            }
            r.bytes().await?;
            Ok(())
        }
    };
    let mut v = timed(LOOKS, || {
        get(format!("{base}/api/v1/campaigns/{c}/dashboard"))
    })
    .await?;
    show("HTTP: GET /api/v1/campaigns/{id}/dashboard", &mut v);
    let mut v = timed(LOOKS, || {
        get(format!(
            "{base}/api/v1/campaigns/{c}/dashboard?under={under}"
        ))
    })
    .await?;
    show("HTTP: the same ?under= a 总支", &mut v);
    let pages = page_client(&base).await?;
    let page = |path: String| {
        let pages = pages.clone();
        async move {
            let r = pages.get(path).send().await?;
            if !r.status().is_success() {
                bail!("{}", r.status());
            }
            r.bytes().await?;
            Ok(())
        }
    };
    let mut v = timed(LOOKS, || page(format!("{base}/campaigns/{c}/dashboard"))).await?;
    show("HTTP: GET /campaigns/{id}/dashboard (the page)", &mut v);

    // 3. A look after one branch's records changed, and after 1,000 did.
    let mut v = Vec::new();
    for k in 0..100 {
        flip(&db, dataset::branch_id(k % dataset::middles(), k % 100)).await?;
        let t = Instant::now();
        dashboard::dashboard(&app, &admin, c, None).await?;
        v.push(t.elapsed());
    }
    show("app: top level after one branch changed", &mut v);
    for k in 0..1000 {
        flip(
            &db,
            dataset::branch_id(k % dataset::middles(), (k / 200) % 90 + 10),
        )
        .await?;
    }
    let t = Instant::now();
    dashboard::dashboard(&app, &admin, c, None).await?;
    println!(
        "  app: top level after 1,000 branches changed          {:>9.1} ms",
        ms(t.elapsed())
    );
    handle.abort();

    // 4. The kept figures against every branch computed afresh.
    let t = Instant::now();
    let fresh = figures::compute(
        &app,
        &store::campaigns::by_id(db.read(), c)
            .await?
            .context("campaign")?,
        None,
    )
    .await?;
    let mut sum = Figures::default();
    for b in fresh.branches {
        sum.add(&kept::normalized(b.figures));
    }
    let d = dashboard::dashboard(&app, &admin, c, None).await?;
    println!(
        "  check: a computation afresh of every branch ({:.0} ms) {} the kept totals",
        ms(t.elapsed()),
        if sum == d.totals {
            "equals"
        } else {
            "DIFFERS FROM"
        }
    );
    if sum != d.totals {
        bail!("the kept figures differ from a computation afresh");
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
    }
    if which.is_empty() || which == "postgres" {
        let name = format!("zhibu_dash_{}", std::process::id());
        pg_admin(&format!("DROP DATABASE IF EXISTS {name}")).await?;
        pg_admin(&format!("CREATE DATABASE {name}")).await?;
        println!("== PostgreSQL");
        let result = measure(&format!("{}/{name}", pg_server())).await;
        // BENCH_KEEP=1 keeps the database, to look into a plan afterwards.
        if std::env::var_os("BENCH_KEEP").is_none() {
            pg_admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
        } else {
            println!("  kept the database {name}");
        }
        result?;
    }
    Ok(())
}
