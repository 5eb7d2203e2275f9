//! `zhibu account disable | enable | revoke`: switching an account or a grant off (or on) at
//! the server.
//!
//! 三员分立: the application never lets the system, security and audit administrators switch
//! each other off — their accounts are not disabled and their grants not revoked through the
//! web or the API. When one must go, the server's operator does it here; each change is in
//! the audit log as done by `cli` "at the server", in the same transaction.

use super::database::DatabaseArgs;
use anyhow::Context;
use app::Clock;
use clap::Args;
use domain::{Role, Username};
use store::Db;
use store::accounts::Account;
use store::audit::{self, AuditEntry, Outcome};
use store::sessions::{self, EndReason};

#[derive(Args, Debug)]
pub struct StatusArgs {
    #[command(flatten)]
    db: DatabaseArgs,
    /// The account's username.
    username: String,
}

#[derive(Args, Debug)]
pub struct RevokeArgs {
    #[command(flatten)]
    db: DatabaseArgs,
    /// The account's username.
    username: String,
    /// The role whose live grants (over any org) end: system_admin, security_admin,
    /// audit_admin, committee_admin, branch_admin or member.
    role: String,
}

async fn account(db: &Db, username: &str) -> anyhow::Result<(Account, Option<i64>)> {
    let username =
        Username::parse(username).map_err(|e| anyhow::anyhow!("username {username:?}: {e}"))?;
    let account = store::accounts::by_username(db.read(), username.as_str())
        .await?
        .with_context(|| format!("no account is named {username}"))?;
    let org_id = store::grants::for_account(db.read(), account.id)
        .await?
        .first()
        .map(|g| g.org_id);
    Ok((account, org_id))
}

fn at_server<'a>(
    now: domain::Timestamp,
    action: &'a str,
    object: (&'a str, i64),
    org_id: Option<i64>,
    detail: String,
) -> AuditEntry<'a> {
    AuditEntry {
        at: now,
        account_id: None,
        username: "cli",
        ip: "",
        action,
        object_type: object.0,
        object_id: object.1.to_string(),
        org_id,
        outcome: Outcome::Success,
        detail: format!("{detail}, at the server"),
    }
}

/// Disables (`true`) or enables the account; a disabled account's sessions end.
pub async fn set_disabled(args: StatusArgs, disabled: bool) -> anyhow::Result<()> {
    let db = args.db.open_existing().await?;
    let (account, org_id) = account(&db, &args.username).await?;
    let now = app::SystemClock.now();
    let mut tx = db.begin().await?;
    if !store::accounts::set_disabled(&mut tx, account.id, disabled).await? {
        drop(tx);
        db.close().await;
        let state = if disabled { "disabled" } else { "enabled" };
        println!("{} is already {state}; nothing changed.", account.username);
        return Ok(());
    }
    let (action, detail) = if disabled {
        let ended =
            sessions::end_all_except(&mut tx, account.id, None, EndReason::Ended, now).await?;
        (
            "account.disable",
            format!(
                "{} ({}), {ended} sessions ended",
                account.id, account.username
            ),
        )
    } else {
        (
            "account.enable",
            format!("{} ({})", account.id, account.username),
        )
    };
    let e = at_server(now, action, ("account", account.id), org_id, detail);
    audit::record(&mut tx, e).await?;
    store::commit(tx).await?;
    db.close().await;
    let done = if disabled { "disabled" } else { "enabled" };
    println!("{} is {done}.", account.username);
    Ok(())
}

/// Ends the account's live grants of the role.
pub async fn revoke(args: RevokeArgs) -> anyhow::Result<()> {
    let role = Role::parse(args.role.trim())
        .with_context(|| format!("no role is named {:?}", args.role))?;
    let db = args.db.open_existing().await?;
    let (account, _) = account(&db, &args.username).await?;
    let grants: Vec<_> = store::grants::for_account(db.read(), account.id)
        .await?
        .into_iter()
        .filter(|g| g.role == role)
        .collect();
    if grants.is_empty() {
        db.close().await;
        anyhow::bail!("{} holds no live {} grant", account.username, role.as_str());
    }
    let now = app::SystemClock.now();
    let mut tx = db.begin().await?;
    for g in &grants {
        if store::grants::revoke(&mut tx, g.id, now).await? {
            let detail = format!(
                "account {} ({}) role {} org {}",
                account.id,
                account.username,
                role.as_str(),
                g.org_id
            );
            let e = at_server(now, "grant.revoke", ("grant", g.id), Some(g.org_id), detail);
            audit::record(&mut tx, e).await?;
        }
    }
    store::commit(tx).await?;
    db.close().await;
    println!(
        "{}: {} grant(s) of {} revoked.",
        account.username,
        grants.len(),
        role.as_str()
    );
    Ok(())
}
