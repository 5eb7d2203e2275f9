//! `zhibu account`: what only the server's operator does to an account.
//!
//! The system administrator resets every account's password in the application except those
//! of the security and audit administrators, who watch over it (三员分立): resetting theirs
//! would hand it their powers. When one of them forgets a password, the operator resets it
//! here, at the server, and the reset is recorded in the audit log like any other. The same
//! holds for a committee or branch account no business administrator reaches: the system
//! administrator resets no account with business powers. Disabling, enabling and revoking
//! grants at the server are in `account_status`.

use super::database::DatabaseArgs;
use anyhow::Context;
use app::Clock;
use clap::{Args, Subcommand};
use domain::Username;
use store::audit::{self, AuditEntry, Outcome};
use store::sessions::{self, EndReason};

#[derive(Args, Debug)]
pub struct AccountArgs {
    #[command(subcommand)]
    command: AccountCommand,
}

#[derive(Subcommand, Debug)]
enum AccountCommand {
    /// Give an account a new temporary password, shown once and changed at its next login;
    /// every session it has ends.
    ResetPassword(ResetArgs),
    /// Disable an account (every session it has ends). The accounts of the system, security
    /// and audit administrators are disabled only here.
    Disable(super::account_status::StatusArgs),
    /// Enable a disabled account.
    Enable(super::account_status::StatusArgs),
    /// End an account's grants of a role. Grants of the system, security and audit
    /// administrator roles are revoked only here.
    Revoke(super::account_status::RevokeArgs),
}

#[derive(Args, Debug)]
struct ResetArgs {
    #[command(flatten)]
    db: DatabaseArgs,
    /// The account's username.
    username: String,
}

pub async fn run(args: AccountArgs) -> anyhow::Result<()> {
    match args.command {
        AccountCommand::ResetPassword(args) => reset_password(args).await,
        AccountCommand::Disable(args) => super::account_status::set_disabled(args, true).await,
        AccountCommand::Enable(args) => super::account_status::set_disabled(args, false).await,
        AccountCommand::Revoke(args) => super::account_status::revoke(args).await,
    }
}

async fn reset_password(args: ResetArgs) -> anyhow::Result<()> {
    let username = Username::parse(&args.username)
        .map_err(|e| anyhow::anyhow!("username {:?}: {e}", args.username))?;
    let db = args.db.open_existing().await?;
    let account = store::accounts::by_username(db.read(), username.as_str())
        .await?
        .with_context(|| format!("no account is named {username}"))?;
    let org_id = store::grants::for_account(db.read(), account.id)
        .await?
        .first()
        .map(|g| g.org_id);
    let password = app::passwords::generate_for(username.as_str());
    let hash = app::passwords::hash::hash(password.expose().to_owned()).await?;
    let now = app::SystemClock.now();
    let mut tx = db.begin().await?;
    store::accounts::reset_password(&mut tx, account.id, &hash, now).await?;
    let ended =
        sessions::end_all_except(&mut tx, account.id, None, EndReason::PasswordChanged, now)
            .await?;
    audit::record(
        &mut tx,
        AuditEntry {
            at: now,
            account_id: None,
            username: "cli",
            ip: "",
            action: "account.reset_password",
            object_type: "account",
            object_id: account.id.to_string(),
            org_id,
            outcome: Outcome::Success,
            detail: format!(
                "{} ({username}), {ended} sessions ended, at the server",
                account.id
            ),
        },
    )
    .await?;
    store::commit(tx).await?;
    db.close().await;
    println!(
        "New temporary password for {username}: {}",
        password.expose()
    );
    println!(
        "It must be changed at the next login; {ended} sessions ended. It is not shown again."
    );
    Ok(())
}
