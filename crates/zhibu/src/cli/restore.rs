//! `zhibu restore SRC`: put a backup written by `zhibu backup` back into the data directory (and
//! database), then verify the audit chain and its checkpoints. Refused while a server runs on
//! the data; over a database holding data only with `--yes`.

use super::database::DatabaseArgs;
use anyhow::{Context, bail};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// The backup directory (written by zhibu backup or a scheduled backup).
    #[arg(value_name = "SRC")]
    src: PathBuf,

    #[command(flatten)]
    db: DatabaseArgs,

    /// Replace a database that holds data, and the uploaded files beside it.
    #[arg(long)]
    yes: bool,
}

pub async fn run(args: RestoreArgs) -> anyhow::Result<()> {
    if let Some(url) = args.db.checked_url()?
        && store::Backend::of_url(&url) == Some(store::Backend::Sqlite)
    {
        bail!(
            "ZHIBU_DATABASE_URL / --database: a SQLite database is restored as <data>/zhibu.db, \
             where the lock of a server running on it is seen; give --data DIR instead of {}",
            store::redact(&url)
        );
    }
    let target = app::backup::restore::Target {
        data_dir: args.db.data_dir.clone(),
        database_url: args.db.url()?,
        yes: args.yes,
    };
    let restored = app::backup::restore::restore(&args.src, &target).await?;
    let taken = restored
        .manifest
        .lines()
        .find_map(|l| l.strip_prefix("taken "))
        .unwrap_or("at an unknown time");
    println!(
        "restored the backup taken {taken} from {}: the database and {} uploaded files into {}",
        args.src.display(),
        restored.files,
        store::redact(&target.database_url)
    );
    super::audit::verify_chain(&args.db)
        .await
        .context("the restored audit log does not verify")?;
    println!("restore complete: the audit chain verifies");
    Ok(())
}
