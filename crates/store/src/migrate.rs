//! Schema migrations, embedded in the binary: one history per backend, kept in step.

use crate::db::{Backend, Db};
use crate::error::Result;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use std::borrow::Cow;

/// (version, description, SQLite text, PostgreSQL text)
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/sqlite/0001_foundation.sql"),
        include_str!("../migrations/postgres/0001_foundation.sql"),
    ),
    (
        2,
        "audit search",
        include_str!("../migrations/sqlite/0002_audit_search.sql"),
        include_str!("../migrations/postgres/0002_audit_search.sql"),
    ),
    (
        3,
        "roster history",
        include_str!("../migrations/sqlite/0003_roster_history.sql"),
        include_str!("../migrations/postgres/0003_roster_history.sql"),
    ),
    (
        4,
        "notices",
        include_str!("../migrations/sqlite/0004_notices.sql"),
        include_str!("../migrations/postgres/0004_notices.sql"),
    ),
    (
        5,
        "tasks",
        include_str!("../migrations/sqlite/0005_tasks.sql"),
        include_str!("../migrations/postgres/0005_tasks.sql"),
    ),
    (
        6,
        "audit head follows",
        include_str!("../migrations/sqlite/0006_audit_head_follows.sql"),
        include_str!("../migrations/postgres/0006_audit_head_follows.sql"),
    ),
    (
        7,
        "login guard",
        include_str!("../migrations/sqlite/0007_login_guard.sql"),
        include_str!("../migrations/postgres/0007_login_guard.sql"),
    ),
    (
        8,
        "reminders",
        include_str!("../migrations/sqlite/0008_reminders.sql"),
        include_str!("../migrations/postgres/0008_reminders.sql"),
    ),
    (
        9,
        "notice signoffs",
        include_str!("../migrations/sqlite/0009_notice_signoffs.sql"),
        include_str!("../migrations/postgres/0009_notice_signoffs.sql"),
    ),
    (
        10,
        "activities",
        include_str!("../migrations/sqlite/0010_activities.sql"),
        include_str!("../migrations/postgres/0010_activities.sql"),
    ),
    (
        11,
        "campaigns",
        include_str!("../migrations/sqlite/0011_campaigns.sql"),
        include_str!("../migrations/postgres/0011_campaigns.sql"),
    ),
    (
        12,
        "campaign dashboard",
        include_str!("../migrations/sqlite/0012_campaign_dashboard.sql"),
        include_str!("../migrations/postgres/0012_campaign_dashboard.sql"),
    ),
];

/// Brings the schema up to date. Safe to run from several processes at once on PostgreSQL
/// (sqlx takes an advisory lock); applied migrations are checked against their checksums.
pub async fn migrate(db: &Db) -> Result<()> {
    let migrations: Vec<Migration> = MIGRATIONS
        .iter()
        .map(|(version, description, sqlite, postgres)| {
            let sql = match db.backend() {
                Backend::Sqlite => sqlite,
                Backend::Postgres => postgres,
            };
            Migration::new(
                *version,
                Cow::Borrowed(description),
                MigrationType::Simple,
                Cow::Borrowed(sql),
                false,
            )
        })
        .collect();
    let migrator = Migrator {
        migrations: Cow::Owned(migrations),
        ..Migrator::DEFAULT
    };
    migrator.run(db.write_pool()).await?;
    Ok(())
}
