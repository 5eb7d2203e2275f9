//! 备份: an online, consistent backup of a deployment while its server runs, its restore,
//! and the scheduled backups `serve` takes.
//!
//! A backup is a directory:
//!
//! | entry | what |
//! |---|---|
//! | `zhibu.db` | SQLite: the database copied with `VACUUM INTO` (one snapshot, writers go on) |
//! | `zhibu.pgdump` | PostgreSQL: `pg_dump --format=custom` (one snapshot) |
//! | `files/` | the uploaded files (content-addressed, written once) |
//! | `audit.key`, `audit-checkpoints` | the audit anchor, when the key lives in the data directory |
//! | `MANIFEST` | what was taken, when, and from which backend |
//!
//! Order matters: the checkpoints are copied before the database snapshot (so none names an
//! event the snapshot lacks, which `audit verify` would call truncation), the files after it
//! (so every file the snapshot names is there). The backup is written under `DEST.partial`
//! and renamed to `DEST` when complete, so a half-taken backup never looks like one.

mod copy;
pub mod lock;
mod postgres;
pub mod restore;
pub mod schedule;

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use store::audit::checkpoint::{CHECKPOINT_FILE, KEY_FILE};
use store::{Backend, Db};

/// The SQLite copy inside a backup.
pub const SQLITE_FILE: &str = "zhibu.db";
/// The PostgreSQL dump inside a backup.
pub const PGDUMP_FILE: &str = "zhibu.pgdump";
/// The description of a backup.
pub const MANIFEST_FILE: &str = "MANIFEST";
/// The uploaded files' directory, in the data directory and in a backup.
pub const FILES_DIR: &str = "files";

/// Where a deployment keeps its data.
#[derive(Debug, Clone)]
pub struct Source {
    pub data_dir: PathBuf,
    /// The database URL in effect (needed for `pg_dump`).
    pub database_url: String,
}

/// What a backup holds.
#[derive(Debug, Clone)]
pub struct Taken {
    pub dest: PathBuf,
    pub backend: Backend,
    pub files: u64,
    /// The audit key was in the data directory and is in the backup.
    pub audit_key: bool,
}

fn backend_name(b: Backend) -> &'static str {
    match b {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// Takes a backup of `source` (whose database is `db`) into `dest`, which must not exist.
pub async fn take(
    db: &Db,
    source: &Source,
    dest: &Path,
    now: domain::Timestamp,
) -> anyhow::Result<Taken> {
    if dest.exists() {
        bail!(
            "{} already exists: a backup goes to a new directory",
            dest.display()
        );
    }
    let partial = partial_of(dest);
    if partial.exists() {
        std::fs::remove_dir_all(&partial)
            .with_context(|| format!("removing an unfinished backup at {}", partial.display()))?;
    }
    std::fs::create_dir_all(&partial).with_context(|| format!("creating {}", partial.display()))?;
    let audit_key = copy::key(&source.data_dir.join(KEY_FILE), &partial.join(KEY_FILE))?;
    copy::complete_lines(
        &source.data_dir.join(CHECKPOINT_FILE),
        &partial.join(CHECKPOINT_FILE),
    )?;
    match db.backend() {
        Backend::Sqlite => store::backup::vacuum_into(db, &partial.join(SQLITE_FILE))
            .await
            .context("copying the database (VACUUM INTO)")?,
        Backend::Postgres => postgres::dump(&source.database_url, &partial.join(PGDUMP_FILE))
            .await
            .context("copying the database (pg_dump)")?,
    }
    let files = copy::tree(&source.data_dir.join(FILES_DIR), &partial.join(FILES_DIR))?;
    let manifest = format!(
        "zhibu backup\nversion {}\nbackend {}\ntaken {}\nfiles {files}\naudit_key {}\n",
        env!("CARGO_PKG_VERSION"),
        backend_name(db.backend()),
        crate::rfc3339(now),
        if audit_key {
            "included"
        } else {
            "not in the data directory (ZHIBU_AUDIT_KEY): keep it separately"
        },
    );
    std::fs::write(partial.join(MANIFEST_FILE), manifest)?;
    copy::sync_dir(&partial)?;
    std::fs::rename(&partial, dest)
        .with_context(|| format!("renaming {} to {}", partial.display(), dest.display()))?;
    Ok(Taken {
        dest: dest.to_owned(),
        backend: db.backend(),
        files,
        audit_key,
    })
}

/// Where a backup to `dest` is written until complete.
pub fn partial_of(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    dest.with_file_name(name)
}
