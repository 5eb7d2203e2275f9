//! `zhibu backup DEST`: an online, consistent backup while the server runs — the database
//! (SQLite by `VACUUM INTO`, PostgreSQL by `pg_dump`), the uploaded files and the audit key and
//! checkpoints — into the new directory DEST (see `app::backup`).

use super::database::DatabaseArgs;
use app::Clock;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The directory to create for the backup; it must not exist yet.
    #[arg(value_name = "DEST")]
    dest: PathBuf,

    #[command(flatten)]
    db: DatabaseArgs,
}

pub async fn run(args: BackupArgs) -> anyhow::Result<()> {
    let db = args.db.open_existing().await?;
    let source = app::backup::Source {
        data_dir: args.db.data_dir.clone(),
        database_url: args.db.url()?,
    };
    let taken = app::backup::take(&db, &source, &args.dest, app::SystemClock.now()).await;
    db.close().await;
    let taken = taken?;
    println!(
        "backup written to {}: the database ({}), {} uploaded files, {}",
        taken.dest.display(),
        match taken.backend {
            store::Backend::Sqlite => "SQLite, VACUUM INTO",
            store::Backend::Postgres => "PostgreSQL, pg_dump",
        },
        taken.files,
        if taken.audit_key {
            "the audit key and checkpoints"
        } else {
            "the audit checkpoints (the key is given by ZHIBU_AUDIT_KEY: keep it apart, safely)"
        }
    );
    Ok(())
}
