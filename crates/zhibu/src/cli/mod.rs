//! The command line: one file per subcommand, each with its options and a `run`.

mod account;
mod account_status;
mod audit;
mod audit_anchor;
mod backup;
mod database;
mod gongwen;
mod import;
mod migrate;
mod restore;
mod retention;
mod serve;
mod setup;
mod version;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "zhibu",
    version,
    about = "支部 zhibu: the work platform of a Party committee and its branches"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the web server (migrates the database first).
    Serve(serve::ServeArgs),
    /// Bring the database schema up to date and exit.
    Migrate(migrate::MigrateArgs),
    /// Print the version.
    Version,
    /// First run of a production deployment: the root committee and its first accounts.
    Setup(setup::SetupArgs),
    /// 审计日志: verify the audit log's hash chain, prune events past retention.
    Audit(audit::AuditArgs),
    /// 账号: reset an account's password at the server (the security and audit
    /// administrators', which the system administrator cannot reset).
    Account(account::AccountArgs),
    /// 公文: work with official documents (notices).
    Gongwen(gongwen::GongwenArgs),
    /// 导入: import a roster (党员名册) from a spreadsheet.
    Import(import::ImportArgs),
    /// 备份: copy the database, uploaded files and audit anchor to a new directory, while the
    /// server runs.
    Backup(backup::BackupArgs),
    /// 恢复: put a backup back (the server stopped), then verify the audit chain.
    Restore(restore::RestoreArgs),
}

pub async fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Serve(args) => serve::run(args).await,
        Command::Migrate(args) => migrate::run(args).await,
        Command::Version => version::run(),
        Command::Setup(args) => setup::run(args).await,
        Command::Audit(args) => audit::run(args).await,
        Command::Account(args) => account::run(args).await,
        Command::Gongwen(args) => gongwen::run(args),
        Command::Import(args) => import::run(args).await,
        Command::Backup(args) => backup::run(args).await,
        Command::Restore(args) => restore::run(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zhibu: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to stderr; `RUST_LOG` overrides the default level.
pub fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .compact()
        .init();
}
