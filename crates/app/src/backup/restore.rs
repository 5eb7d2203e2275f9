//! 恢复: putting a backup back in place of a deployment's data. Refused while a server runs on
//! the data (its lock, or for PostgreSQL other sessions on the database); refused over a
//! database that holds data unless the operator said yes. The caller verifies the audit chain
//! afterwards.

use super::lock::DataLock;
use super::{FILES_DIR, MANIFEST_FILE, PGDUMP_FILE, SQLITE_FILE, copy, postgres};
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use store::audit::checkpoint::{CHECKPOINT_FILE, KEY_FILE};
use store::{Backend, Db};

/// Where to restore to.
#[derive(Debug, Clone)]
pub struct Target {
    pub data_dir: PathBuf,
    /// The database URL in effect (the SQLite file in `data_dir` unless one was given).
    pub database_url: String,
    /// The operator agreed to replace a database that holds data.
    pub yes: bool,
}

/// What was put back.
#[derive(Debug, Clone)]
pub struct Restored {
    pub backend: Backend,
    pub files: u64,
    /// The backup's `MANIFEST`.
    pub manifest: String,
}

/// Restores the backup at `src` into `target`.
pub async fn restore(src: &Path, target: &Target) -> anyhow::Result<Restored> {
    let manifest = std::fs::read_to_string(src.join(MANIFEST_FILE)).with_context(|| {
        format!(
            "{} is not a zhibu backup (no {MANIFEST_FILE}); a backup is the directory \
             zhibu backup wrote",
            src.display()
        )
    })?;
    let backend = Backend::of_url(&target.database_url)
        .context("the database URL names no supported database")?;
    let dump = match backend {
        Backend::Sqlite => src.join(SQLITE_FILE),
        Backend::Postgres => src.join(PGDUMP_FILE),
    };
    if !dump.exists() {
        bail!(
            "{} holds no {} for this {} database (was it taken from the other kind?)",
            src.display(),
            dump.file_name().unwrap_or_default().to_string_lossy(),
            if backend == Backend::Sqlite {
                "SQLite"
            } else {
                "PostgreSQL"
            }
        );
    }
    let _lock = DataLock::restoring(&target.data_dir)?;
    refuse_live_or_full(target, backend).await?;
    match backend {
        Backend::Sqlite => put_sqlite(&dump, &target.data_dir.join(SQLITE_FILE))?,
        Backend::Postgres => postgres::restore(&target.database_url, &dump)
            .await
            .context("restoring the database (pg_restore)")?,
    }
    let files_dir = target.data_dir.join(FILES_DIR);
    if files_dir.exists() {
        std::fs::remove_dir_all(&files_dir)
            .with_context(|| format!("clearing {}", files_dir.display()))?;
    }
    let files = copy::tree(&src.join(FILES_DIR), &files_dir)?;
    if src.join(KEY_FILE).exists() {
        copy::key(&src.join(KEY_FILE), &target.data_dir.join(KEY_FILE))?;
    }
    let checkpoints = target.data_dir.join(CHECKPOINT_FILE);
    if src.join(CHECKPOINT_FILE).exists() {
        copy::complete_lines(&src.join(CHECKPOINT_FILE), &checkpoints)?;
    } else if checkpoints.exists() {
        std::fs::remove_file(&checkpoints)?;
    }
    copy::sync_dir(&target.data_dir)?;
    Ok(Restored {
        backend,
        files,
        manifest,
    })
}

async fn refuse_live_or_full(target: &Target, backend: Backend) -> anyhow::Result<()> {
    if backend == Backend::Sqlite && !target.data_dir.join(SQLITE_FILE).exists() {
        return Ok(());
    }
    let db = Db::connect(&target.database_url)
        .await
        .with_context(|| format!("connecting to {}", store::redact(&target.database_url)))?;
    let others = store::backup::other_sessions(&db).await;
    let full = store::backup::holds_data(&db).await;
    db.close().await;
    let others = others.context("asking who else is connected")?;
    if others > 0 {
        bail!(
            "{others} other sessions are connected to {}: stop every zhibu server using it \
             before restoring",
            store::redact(&target.database_url)
        );
    }
    if full.context("looking into the database")? && !target.yes {
        bail!(
            "{} holds data (organisations, accounts or audit events); restoring replaces all of \
             it and the uploaded files: run again with --yes to do so",
            store::redact(&target.database_url)
        );
    }
    Ok(())
}

/// Puts the SQLite copy in place: written beside the database, flushed, and renamed over it
/// once the old write-ahead log is gone.
fn put_sqlite(from: &Path, to: &Path) -> anyhow::Result<()> {
    let staged = to.with_extension("db.restoring");
    std::fs::copy(from, &staged).with_context(|| format!("copying {}", from.display()))?;
    std::fs::File::open(&staged)?.sync_all()?;
    for suffix in ["-wal", "-shm"] {
        let mut name = to.as_os_str().to_owned();
        name.push(suffix);
        let side = PathBuf::from(name);
        if side.exists() {
            std::fs::remove_file(&side).with_context(|| format!("removing {}", side.display()))?;
        }
    }
    std::fs::rename(&staged, to).with_context(|| format!("replacing {}", to.display()))?;
    Ok(())
}
