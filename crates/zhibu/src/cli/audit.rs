//! `zhibu audit`: check the audit log's hash chain (and its signed checkpoints), write a
//! checkpoint, and prune events past retention.
//!
//! `verify` exits 0 when the chain is intact and 1 when it is broken (or cannot be read), so a
//! cron job or monitoring check can run it as it is.

use super::database::DatabaseArgs;
use super::retention::RetentionArgs;
use anyhow::{Context, bail};
use app::Clock;
use clap::{Args, Subcommand};
use store::audit::{Break, VerifyReport};

#[derive(Args, Debug)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Walk the whole hash chain and report the first broken event; exit 1 if there is one.
    Verify(VerifyArgs),
    /// Remove events older than the retention period (after verifying the chain); the rest
    /// stays verifiable from the last removed event's hash.
    Prune(PruneArgs),
    /// Write the chain's head, signed with the audit key, to <data>/audit-checkpoints now
    /// (the server does it every minute): `verify` then catches a truncated or rewritten log.
    Checkpoint(VerifyArgs),
}

#[derive(Args, Debug)]
struct VerifyArgs {
    #[command(flatten)]
    db: DatabaseArgs,
}

#[derive(Args, Debug)]
struct PruneArgs {
    #[command(flatten)]
    db: DatabaseArgs,
    #[command(flatten)]
    retention: RetentionArgs,
    /// Really remove them: pruning cannot be undone.
    #[arg(long)]
    yes: bool,
}

pub async fn run(args: AuditArgs) -> anyhow::Result<()> {
    match args.command {
        AuditCommand::Verify(args) => verify(args).await,
        AuditCommand::Prune(args) => prune(args).await,
        AuditCommand::Checkpoint(args) => super::audit_anchor::checkpoint(&args.db).await,
    }
}

fn describe(b: &Break) -> String {
    let when = match (&b.at, &b.action) {
        (Some(at), Some(action)) => format!(" ({}, {action})", app::rfc3339(*at)),
        _ => String::new(),
    };
    format!("event seq {}{when}: {}", b.seq, b.problem)
}

async fn verify(args: VerifyArgs) -> anyhow::Result<()> {
    verify_chain(&args.db).await
}

/// `zhibu audit verify` on these data: the chain, then the checkpoints; `restore` ends with it.
pub async fn verify_chain(data: &DatabaseArgs) -> anyhow::Result<()> {
    let db = data.open_existing().await?;
    let report = store::audit::verify(&db)
        .await
        .context("reading the audit log (is the schema up to date? run zhibu migrate)");
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            db.close().await;
            return Err(e);
        }
    };
    match report {
        VerifyReport::Intact { events, anchor_seq } => {
            print!("audit chain intact: {events} events");
            if anchor_seq > 0 {
                print!(" (after seq {anchor_seq}; older events were pruned)");
            }
            println!();
            let anchored = super::audit_anchor::check(&db, &data.data_dir, anchor_seq).await;
            db.close().await;
            anchored
        }
        VerifyReport::Broken(b) => {
            db.close().await;
            bail!("audit chain broken at {}", describe(&b))
        }
    }
}

async fn prune(args: PruneArgs) -> anyhow::Result<()> {
    let retention = args.retention.audit_retention;
    if !args.yes {
        bail!(
            "audit prune removes audit events older than {} days for good; run it again with --yes",
            retention.days()
        );
    }
    let db = args.db.open_existing().await?;
    store::migrate(&db)
        .await
        .context("migrating the database")?;
    let now = app::SystemClock.now();
    let report = store::audit::prune(&db, retention, now).await;
    db.close().await;
    let report = report.context("pruning the audit log")?;
    if report.removed == 0 {
        println!(
            "no audit events are older than {} days: nothing was pruned",
            retention.days()
        );
    } else {
        println!(
            "pruned {} audit events older than {} days; the chain now starts after seq {}",
            report.removed,
            retention.days(),
            report.anchor_seq
        );
    }
    Ok(())
}
