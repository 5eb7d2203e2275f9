//! The settings a server runs with. The CLI fills them from flags and `ZHIBU_*` variables.

use app::clock::{Clock, SystemClock};
use domain::session_policy::SessionPolicy;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (tests).
    pub listen: SocketAddr,
    /// Directory for the SQLite file and, later, uploads.
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; `None` means the SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// Load demo data into an empty database.
    pub demo: bool,
    /// Password for the demo accounts; generated and printed when `None`.
    pub demo_password: Option<String>,
    pub sessions: SessionPolicy,
    /// Mark cookies `Secure` (the site is served over https).
    pub secure_cookies: bool,
    /// IANA zone in which times are shown.
    pub time_zone: String,
    /// How long audit events are kept (shown on the audit page; `zhibu audit prune` applies it).
    pub audit_retention: domain::AuditRetention,
    /// The largest file an upload (a notice's attachment) may be, in bytes; files are kept
    /// under `data_dir/files`.
    pub upload_limit: u64,
    /// How many password checks (argon2, 19 MiB each) run at once, and how long a login waits
    /// for a turn before it is answered 503.
    pub login_hash_turns: usize,
    pub login_hash_wait: std::time::Duration,
    /// The key audit checkpoints are signed with, in hex (`ZHIBU_AUDIT_KEY`); `None` reads
    /// (or creates) `data_dir/audit.key`.
    pub audit_key: Option<String>,
    pub clock: Arc<dyn Clock>,
    /// Scheduled backups go here (`--backup-dir`); `None`: no scheduled backups.
    pub backup_dir: Option<PathBuf>,
    /// How many scheduled backups to keep (`--backup-keep`).
    pub backup_keep: usize,
    /// How often a scheduled backup is taken (daily by default).
    pub backup_every: std::time::Duration,
    /// The SMTP server reminders are emailed through (`smtp://user:pass@host:587?tls=required`,
    /// `smtps://…`); `None`: no email.
    pub smtp_url: Option<String>,
    /// The sender of those emails.
    pub smtp_from: String,
    /// The site's address as people reach it, for links in email and robot posts.
    pub public_url: Option<String>,
    /// What group-chat robots and webhooks may point at.
    pub webhooks: app::channels::ssrf::Policy,
    /// A member opening a notice counts as the branch having read it.
    pub member_reads_count: bool,
    /// Run the background jobs (periods opening, the reminder ladder, deliveries). Tests that
    /// drive them by hand, on an injected clock, turn them off.
    pub jobs: bool,
    /// With `demo`: also give the demo branches a year of activities (meetings, attendance,
    /// photos). Tests that count activities from nothing turn it off.
    pub demo_activities: bool,
    /// Tests only: mount a route that panics on purpose (`middleware::panic`), to prove a
    /// panic is caught. Off by default; the CLI has no flag for it.
    pub test_panic_route: bool,
}

impl Config {
    /// Defaults for a data directory: 127.0.0.1:8080, SQLite, no demo.
    pub fn new(data_dir: impl Into<PathBuf>) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: data_dir.into(),
            database_url: None,
            demo: false,
            demo_password: None,
            sessions: SessionPolicy::default(),
            secure_cookies: false,
            time_zone: "Asia/Shanghai".to_owned(),
            audit_retention: domain::AuditRetention::default(),
            upload_limit: crate::files::DEFAULT_LIMIT_MB * 1024 * 1024,
            login_hash_turns: crate::auth::hash_gate::HashGate::default_turns(),
            login_hash_wait: crate::auth::hash_gate::DEFAULT_WAIT,
            audit_key: None,
            clock: Arc::new(SystemClock),
            backup_dir: None,
            backup_keep: 7,
            backup_every: app::backup::schedule::DEFAULT_EVERY,
            smtp_url: None,
            smtp_from: "zhibu <zhibu@localhost>".to_owned(),
            public_url: None,
            webhooks: app::channels::ssrf::Policy::default(),
            jobs: true,
            demo_activities: true,
            member_reads_count: false,
            test_panic_route: false,
        }
    }

    pub fn with_database_url(mut self, url: Option<String>) -> Config {
        self.database_url = url;
        self
    }

    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => store::sqlite_url(&self.data_dir),
        }
    }
}
