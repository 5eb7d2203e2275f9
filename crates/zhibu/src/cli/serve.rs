//! `zhibu serve`: run the web server.

use super::database::DatabaseArgs;
use super::retention::RetentionArgs;
use clap::Args;
use domain::session_policy::SessionPolicy;
use std::net::SocketAddr;
use std::time::Duration;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "ZHIBU_LISTEN", value_name = "ADDR", default_value = "127.0.0.1:8080", value_parser = parse_listen)]
    listen: SocketAddr,

    #[command(flatten)]
    db: DatabaseArgs,

    #[command(flatten)]
    retention: RetentionArgs,

    /// Load demo data (a committee, its branches, members and demo accounts) into an empty
    /// database.
    #[arg(long, env = "ZHIBU_DEMO")]
    demo: bool,

    /// Password for the demo accounts; generated and printed once when unset.
    #[arg(
        long = "demo-password",
        env = "ZHIBU_DEMO_PASSWORD",
        hide_env_values = true,
        value_name = "PASSWORD"
    )]
    demo_password: Option<String>,

    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "ZHIBU_SESSION_IDLE_MINUTES", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=1440))]
    session_idle_minutes: u64,

    /// Hours after login at which a session ends however active.
    #[arg(long, env = "ZHIBU_SESSION_ABSOLUTE_HOURS", default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..=720))]
    session_absolute_hours: u64,

    /// The site is served over https: mark cookies Secure, send HSTS, expect https origins.
    #[arg(long, env = "ZHIBU_SECURE_COOKIES")]
    secure_cookies: bool,

    /// Time zone in which times are shown (IANA name).
    #[arg(long, env = "ZHIBU_TIME_ZONE", default_value = "Asia/Shanghai")]
    time_zone: String,

    /// Take scheduled backups into this directory (each in a directory of its own named
    /// zhibu-<UTC time>); none when unset.
    #[arg(long = "backup-dir", env = "ZHIBU_BACKUP_DIR", value_name = "DIR")]
    backup_dir: Option<std::path::PathBuf>,

    /// How many scheduled backups to keep; older ones are removed after each new one.
    #[arg(long = "backup-keep", env = "ZHIBU_BACKUP_KEEP", value_name = "N", default_value_t = 7, value_parser = clap::value_parser!(u64).range(1..=1000))]
    backup_keep: u64,

    /// Minutes between scheduled backups (default: daily).
    #[arg(long = "backup-every-minutes", env = "ZHIBU_BACKUP_EVERY_MINUTES", value_name = "MINUTES", default_value_t = 1440, value_parser = clap::value_parser!(u64).range(1..=525_600))]
    backup_every_minutes: u64,

    /// The SMTP server to email reminders through: smtp://user:pass@host:587?tls=required
    /// (STARTTLS), smtps://user:pass@host (TLS), smtp://host:25 (a relay without TLS).
    #[arg(
        long = "smtp-url",
        env = "ZHIBU_SMTP_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    smtp_url: Option<String>,

    /// The sender of reminder emails.
    #[arg(
        long = "smtp-from",
        env = "ZHIBU_SMTP_FROM",
        value_name = "ADDRESS",
        default_value = "zhibu <zhibu@localhost>"
    )]
    smtp_from: String,

    /// The site's address as people reach it (https://zhibu.example.org), for links in email
    /// and group-chat posts.
    #[arg(long = "public-url", env = "ZHIBU_PUBLIC_URL", value_name = "URL")]
    public_url: Option<String>,

    /// Let robots and webhooks point at loopback, private and link-local addresses (an OA
    /// system on the intranet); refused by default.
    #[arg(long = "webhooks-allow-private", env = "ZHIBU_WEBHOOKS_ALLOW_PRIVATE")]
    webhooks_allow_private: bool,

    /// A member opening a notice counts as the branch having read it (by default only those
    /// who sign for the branch count).
    #[arg(long = "member-reads-count", env = "ZHIBU_MEMBER_READS_COUNT")]
    member_reads_count: bool,

    /// Let webhooks use plain http besides https.
    #[arg(long = "webhooks-allow-http", env = "ZHIBU_WEBHOOKS_ALLOW_HTTP")]
    webhooks_allow_http: bool,

    /// The largest file an upload (a notice's attachment) may be, in megabytes.
    #[arg(long = "upload-limit-mb", env = "ZHIBU_UPLOAD_LIMIT_MB", value_name = "MB", default_value_t = 50, value_parser = parse_upload_limit)]
    upload_limit_mb: u64,
}

fn parse_upload_limit(s: &str) -> Result<u64, String> {
    s.trim()
        .parse::<u64>()
        .ok()
        .filter(|mb| (1..=1024).contains(mb))
        .ok_or_else(|| {
            format!("ZHIBU_UPLOAD_LIMIT_MB / --upload-limit-mb must be a whole number of megabytes from 1 to 1024, got {s:?}")
        })
}

fn parse_listen(s: &str) -> Result<SocketAddr, String> {
    s.parse().map_err(|_| {
        format!(
            "ZHIBU_LISTEN / --listen must be an address and port such as 127.0.0.1:8080, got {s:?}"
        )
    })
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let mut config = web::Config::new(&args.db.data_dir).with_database_url(args.db.checked_url()?);
    config.listen = args.listen;
    config.demo = args.demo;
    config.demo_password = args.demo_password;
    config.sessions = SessionPolicy {
        idle: Duration::from_secs(args.session_idle_minutes * 60),
        absolute: Duration::from_secs(args.session_absolute_hours * 3600),
    };
    config.secure_cookies = args.secure_cookies;
    config.time_zone = args.time_zone;
    config.audit_retention = args.retention.audit_retention;
    config.upload_limit = args.upload_limit_mb * 1024 * 1024;
    config.backup_dir = args.backup_dir;
    config.backup_keep = args.backup_keep as usize;
    config.backup_every = Duration::from_secs(args.backup_every_minutes * 60);
    config.smtp_url = args.smtp_url;
    config.smtp_from = args.smtp_from;
    config.public_url = args.public_url;
    config.member_reads_count = args.member_reads_count;
    config.webhooks = app::channels::ssrf::Policy {
        allow_http: args.webhooks_allow_http,
        allow_private: args.webhooks_allow_private,
    };
    // Read here, not as a flag: a key on the command line would show in `ps`.
    config.audit_key = std::env::var(super::audit_anchor::KEY_VARIABLE).ok();
    let database = store::redact(&config.database_url());

    let app = web::Application::build(config).await?;
    println!(
        "zhibu {} listening on http://{}",
        env!("CARGO_PKG_VERSION"),
        app.address()
    );
    println!("database: {database}");
    if let Some(demo) = app.demo_credentials() {
        println!();
        println!("Demo data loaded. Demo accounts:");
        for (username, what) in &demo.accounts {
            println!("  {username:<8} {what}");
        }
        if demo.generated {
            println!("Password for all of them: {}", demo.password);
            println!(
                "(generated now and shown only this once; set ZHIBU_DEMO_PASSWORD to choose it)"
            );
        } else {
            println!("Password for all of them: the value of ZHIBU_DEMO_PASSWORD");
        }
    } else if args.demo {
        println!("Demo requested, but the database already holds data: nothing was loaded.");
        println!("The demo password was printed when the data was first loaded.");
    }
    app.run_until_stopped().await
}
