//! Building and running the server: connect, migrate, optionally load demo data, bind.

use crate::config::Config;
use crate::middleware::{compress, csrf, errors, headers, locale, panic, request_id, session};
use crate::routes::Routes;
use crate::state::AppState;
use crate::{api, assets, health, pages};
use anyhow::Context;
use app::demo::{self, DemoCredentials};
use app::{App, Zone};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::Response;
use axum::routing::get;
use domain::login_policy::LoginPolicy;
use std::any::Any;
use std::net::SocketAddr;
use store::Db;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;

/// A built server: bound to its address, not yet serving.
pub struct Application {
    listener: TcpListener,
    router: Router,
    address: SocketAddr,
    db: Db,
    demo: Option<DemoCredentials>,
    /// For the background jobs.
    state: AppState,
    /// The audit chain's head, written outside the database.
    checkpoints: crate::audit_checkpoints::Checkpoints,
    /// Scheduled backups, when asked for.
    backups: Option<app::backup::schedule::Schedule>,
    /// Run the background jobs (see `Config::jobs`).
    jobs: bool,
    /// Held while the server runs: a restore refuses to replace the data under it.
    lock: app::backup::lock::DataLock,
}

/// The demo's drawn photos go where uploads go.
struct DemoFiles(crate::files::FileStore);

impl app::demo::activities::Keep for DemoFiles {
    fn keep(&self, bytes: &[u8]) -> anyhow::Result<String> {
        Ok(self.0.keep_bytes(bytes)?)
    }
}

impl Application {
    /// Connects to the database, brings its schema up to date, loads demo data when asked and
    /// the database is empty, and binds the listener (port 0 picks a free one).
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let zone = checked_settings(&config)?;
        let checkpoints = audit_checkpoints(&config)?;
        let lock = app::backup::lock::DataLock::serving(&config.data_dir)
            .context("ZHIBU_DATA: the data directory's lock")?;
        let url = config.database_url();
        let db = Db::connect(&url)
            .await
            .with_context(|| format!("connecting to the database {}", store::redact(&url)))?;
        store::migrate(&db)
            .await
            .context("migrating the database")?;
        let demo = if config.demo {
            demo::load_if_empty(
                &db,
                &zone,
                config.clock.now(),
                config.demo_password.as_deref(),
            )
            .await
            .context("loading demo data")?
        } else {
            None
        };
        if demo.is_some() && config.demo_activities {
            let files = crate::files::FileStore::new(&config.data_dir, config.upload_limit);
            app::demo::activities::seed(&db, &zone, config.clock.now(), &DemoFiles(files))
                .await
                .context("loading the demo's activities")?;
            app::demo::campaign::seed(&db, &zone, config.clock.now())
                .await
                .context("loading the demo's study campaign")?;
        }
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("ZHIBU_LISTEN: cannot listen on {}", config.listen))?;
        let address = listener.local_addr()?;
        let backups = config
            .backup_dir
            .clone()
            .map(|dir| app::backup::schedule::Schedule {
                dir,
                keep: config.backup_keep.max(1),
                every: config.backup_every,
                source: app::backup::Source {
                    data_dir: config.data_dir.clone(),
                    database_url: url.clone(),
                },
            });
        let mut app = App::new(db.clone(), config.clock.clone(), zone);
        app.audit_retention = config.audit_retention;
        app.public_url = config.public_url.clone();
        app.member_reads_count = config.member_reads_count;
        let mailer = match &config.smtp_url {
            Some(url) => Some(
                app::channels::Mailer::new(url, &config.smtp_from)
                    .map_err(|e| anyhow::anyhow!("ZHIBU_SMTP_URL / --smtp-url: {e}"))?,
            ),
            None => None,
        };
        app.channels = std::sync::Arc::new(app::channels::Channels {
            mailer,
            webhooks: config.webhooks,
        });
        let state = AppState {
            app,
            sessions: config.sessions,
            login: LoginPolicy::default(),
            hash_gate: crate::auth::hash_gate::HashGate::new(
                config.login_hash_turns,
                config.login_hash_wait,
            ),
            secure_cookies: config.secure_cookies,
            files: crate::files::FileStore::new(&config.data_dir, config.upload_limit),
        };
        Ok(Application {
            listener,
            router: router(state.clone(), &config),
            state,
            address,
            db,
            demo,
            checkpoints,
            backups,
            jobs: config.jobs,
            lock,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The demo accounts' password when this start created the demo data.
    pub fn demo_credentials(&self) -> Option<&DemoCredentials> {
        self.demo.as_ref()
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes open requests and closes the database.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let app = self.state.app.clone();
        let jobs: Vec<tokio::task::JoinHandle<()>> = if self.jobs {
            vec![
                tokio::spawn(app::tasks::jobs::run(app.clone())),
                tokio::spawn(app::reminders::ladder::run(app.clone())),
                tokio::spawn(app::campaigns::kept::run(app.clone())),
                tokio::spawn(app::reminders::delivery::run(app)),
            ]
        } else {
            Vec::new()
        };
        let checkpoints = tokio::spawn(
            self.checkpoints
                .clone()
                .run(self.db.clone(), self.state.clock.clone()),
        );
        let backups = self
            .backups
            .map(|schedule| tokio::spawn(app::backup::schedule::run(self.db.clone(), schedule)));
        let _lock = self.lock;
        let served = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("serving");
        for job in &jobs {
            job.abort();
        }
        checkpoints.abort();
        if let Some(backups) = backups {
            backups.abort();
        }
        self.checkpoints
            .write_now(&self.db, self.state.clock.as_ref())
            .await;
        served?;
        self.db.close().await;
        Ok(())
    }
}

/// The settings checked before anything is opened: the time zone (returned), the data
/// directory (made when the database lives there) and the upload limit.
fn checked_settings(config: &Config) -> anyhow::Result<Zone> {
    let zone = Zone::parse(&config.time_zone)
        .with_context(|| format!("ZHIBU_TIME_ZONE: unknown time zone {:?}", config.time_zone))?;
    if config.database_url.is_none() {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!(
                "ZHIBU_DATA: cannot create data directory {}",
                config.data_dir.display()
            )
        })?;
    }
    if config.upload_limit == 0 || config.upload_limit > crate::files::MAX_LIMIT_MB * 1024 * 1024 {
        anyhow::bail!(
            "ZHIBU_UPLOAD_LIMIT_MB: the upload limit must be from 1 to {} MB",
            crate::files::MAX_LIMIT_MB
        );
    }
    Ok(zone)
}

/// The audit chain's checkpoints, signed with the key from the settings or the data directory.
fn audit_checkpoints(config: &Config) -> anyhow::Result<crate::audit_checkpoints::Checkpoints> {
    let key = store::audit::checkpoint::AuditKey::load(
        config.audit_key.as_deref(),
        &config.data_dir,
        true,
    )
    .map_err(anyhow::Error::new)
    .and_then(|key| key.context("no audit key"))
    .with_context(|| {
        format!(
            "ZHIBU_AUDIT_KEY / ZHIBU_DATA: the audit key in {}",
            config.data_dir.display()
        )
    })?;
    Ok(crate::audit_checkpoints::Checkpoints {
        key,
        dir: config.data_dir.clone(),
    })
}

type PanicAnswer = fn(Box<dyn Any + Send + 'static>) -> Response;

/// All routes with their layers, outermost first: request id and trace, security headers, a
/// last-resort panic catcher, gzip; then, for all but health and assets (which need no account
/// and should not cost a session lookup): body limit, session, language, error rendering, the
/// panic catcher whose 500 the error renderer writes out, CSRF. Time limits sit on each route
/// (`routes`).
fn router(state: AppState, config: &Config) -> Router {
    let (mut app, _) = all_routes().into_parts();
    if config.test_panic_route {
        app = app
            .route(panic::PATH, get(panic::on_purpose))
            .route(panic::API_PATH, get(panic::on_purpose));
    }
    let app = app
        .fallback(|| async { crate::error::Error::not_found() })
        .layer(from_fn_with_state(state.clone(), csrf::check))
        .layer(CatchPanicLayer::custom(panic::answer as PanicAnswer))
        .layer(from_fn(errors::render))
        .layer(from_fn(locale::choose))
        .layer(from_fn_with_state(state.clone(), session::resolve))
        .layer(DefaultBodyLimit::max(csrf::FORM_LIMIT));
    let all = Router::new()
        .route("/healthz", get(health::healthz))
        .merge(assets::router())
        .with_state(state.clone())
        .merge(app.with_state(state))
        .layer(compress::layer())
        .layer(CatchPanicLayer::custom(panic::answer as PanicAnswer));
    request_id::around(headers::around(all, config.secure_cookies))
}

fn all_routes() -> Routes {
    pages::routes().merge(api::routes())
}

/// Every (method, path) the product answers behind a login check, for the authorisation matrix.
pub fn route_table() -> Vec<(&'static str, &'static str)> {
    all_routes().into_parts().1
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
