//! The audit anchor at the command line: `zhibu audit checkpoint` writes the chain's head,
//! signed, outside the database; `zhibu audit verify` checks the log against the newest
//! checkpoint and says whether it was truncated or rewritten (see
//! `store::audit::checkpoint`).

use super::database::DatabaseArgs;
use anyhow::{Context, bail};
use app::Clock;
use std::path::Path;
use store::Db;
use store::audit::checkpoint::{self, AuditKey, CHECKPOINT_FILE, CheckpointReport};

/// The environment variable that gives the key (hex) instead of `<data>/audit.key`.
pub const KEY_VARIABLE: &str = "ZHIBU_AUDIT_KEY";

fn key(dir: &Path, create: bool) -> anyhow::Result<Option<AuditKey>> {
    let given = std::env::var(KEY_VARIABLE).ok();
    Ok(AuditKey::load(given.as_deref(), dir, create)?)
}

/// `zhibu audit checkpoint`.
pub async fn checkpoint(args: &DatabaseArgs) -> anyhow::Result<()> {
    let db = args.open_existing().await?;
    let written = match key(&args.data_dir, true) {
        Ok(Some(key)) => checkpoint::write(&db, &key, &args.data_dir, app::SystemClock.now()).await,
        Ok(None) => {
            db.close().await;
            bail!("{KEY_VARIABLE}: no audit key");
        }
        Err(e) => {
            db.close().await;
            return Err(e);
        }
    };
    db.close().await;
    match written.context("writing the audit checkpoint")? {
        Some(c) => println!(
            "audit checkpoint written: seq {} hash {} to {}",
            c.seq,
            c.hash,
            args.data_dir.join(CHECKPOINT_FILE).display()
        ),
        None => println!("the audit chain has not moved since the last checkpoint"),
    }
    Ok(())
}

/// The checkpoint part of `zhibu audit verify`, after the chain itself checked out.
pub async fn check(db: &Db, dir: &Path, anchor_seq: i64) -> anyhow::Result<()> {
    let Some(key) = key(dir, false)? else {
        if dir.join(CHECKPOINT_FILE).exists() {
            bail!(
                "{}: checkpoints but no audit key to check them ({KEY_VARIABLE} or {})",
                dir.display(),
                dir.join(checkpoint::KEY_FILE).display()
            );
        }
        eprintln!(
            "no audit key or checkpoints in {}: a truncated log or a recomputed chain cannot be \
             detected (give --data, or {KEY_VARIABLE})",
            dir.display()
        );
        return Ok(());
    };
    let when = |c: &checkpoint::Checkpoint| app::rfc3339(c.at);
    match checkpoint::check(db, &key, dir, anchor_seq)
        .await
        .context("checking the audit checkpoints")?
    {
        CheckpointReport::None => {
            eprintln!("no audit checkpoint yet in {}", dir.display());
            Ok(())
        }
        CheckpointReport::Agrees { count, newest } => {
            println!(
                "checkpoints agree: {count} read, the newest ({}) at seq {}",
                when(&newest),
                newest.seq
            );
            Ok(())
        }
        CheckpointReport::Forged { line } => bail!(
            "audit checkpoints forged: line {line} of {} is not signed with the audit key",
            dir.join(CHECKPOINT_FILE).display()
        ),
        CheckpointReport::Truncated { newest, last_seq } => bail!(
            "audit log truncated: the checkpoint of {} saw seq {}, but the events end at seq \
             {last_seq}; the newest events were deleted",
            when(&newest),
            newest.seq
        ),
        CheckpointReport::Rewritten { newest } => bail!(
            "audit log rewritten: the event at seq {} no longer has the hash the checkpoint of \
             {} saw; events up to there were rewritten and the chain recomputed",
            newest.seq,
            when(&newest)
        ),
    }
}
