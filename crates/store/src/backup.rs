//! The SQL of backup and restore: an online, consistent copy of the SQLite database
//! (`VACUUM INTO`, which reads one snapshot while writers go on), and the questions a restore
//! asks first — does the database hold data, is anyone else connected to it.

use crate::{Backend, Db, Result, StoreError};
use std::path::Path;

/// Writes a consistent copy of the SQLite database to `dest` (a file that must not exist).
/// PostgreSQL is copied with `pg_dump` instead (see `app::backup`).
pub async fn vacuum_into(db: &Db, dest: &Path) -> Result<()> {
    if db.backend() != Backend::Sqlite {
        return Err(StoreError::Invalid(
            "VACUUM INTO copies SQLite only; PostgreSQL is backed up with pg_dump".to_owned(),
        ));
    }
    let dest = dest.to_str().ok_or_else(|| {
        StoreError::Invalid(format!("a backup path must be UTF-8: {}", dest.display()))
    })?;
    sqlx::query("VACUUM INTO $1")
        .bind(dest)
        .execute(db.read())
        .await?;
    Ok(())
}

/// Whether the database holds zhibu data: any organisation, account or audit event. A database
/// without the schema holds none.
pub async fn holds_data(db: &Db) -> Result<bool> {
    let has_schema = match db.backend() {
        Backend::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'"
        }
        Backend::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = 'audit_events'"
        }
    };
    let tables: i64 = sqlx::query_scalar(has_schema).fetch_one(db.read()).await?;
    if tables == 0 {
        return Ok(false);
    }
    let rows: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM orgs) + (SELECT COUNT(*) FROM accounts) \
         + (SELECT COUNT(*) FROM audit_events)",
    )
    .fetch_one(db.read())
    .await?;
    Ok(rows > 0)
}

/// PostgreSQL: how many other clients are connected to this database (a running server
/// holds some; autovacuum and other server processes do not count). SQLite answers 0: its servers are found by their lock on the data directory.
pub async fn other_sessions(db: &Db) -> Result<i64> {
    match db.backend() {
        Backend::Sqlite => Ok(0),
        Backend::Postgres => Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid() \
             AND backend_type = 'client backend'",
        )
        .fetch_one(db.read())
        .await?),
    }
}

/// Every table of the schema (migrations' bookkeeping included), by name: what a restore
/// compares and what a test checks table by table.
pub async fn tables(db: &Db) -> Result<Vec<String>> {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
    };
    Ok(sqlx::query_scalar(sql).fetch_all(db.read()).await?)
}
