//! Where the data lives: options shared by every subcommand that opens the database.

use anyhow::{Context, bail};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct DatabaseArgs {
    /// Data directory: holds the embedded SQLite database (and uploads).
    #[arg(
        long = "data",
        env = "ZHIBU_DATA",
        value_name = "DIR",
        default_value = "./zhibu-data"
    )]
    pub data_dir: PathBuf,

    /// Database URL, e.g. postgres://user@host/zhibu; default: the SQLite file in the data
    /// directory.
    // Checked in `checked_url`, not by clap: clap would echo the value, password and all.
    #[arg(
        long = "database",
        env = "ZHIBU_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
}

impl DatabaseArgs {
    /// The database URL given, if any, once it is known to name a supported database.
    pub fn checked_url(&self) -> anyhow::Result<Option<String>> {
        match &self.database_url {
            Some(url) if store::Backend::of_url(url).is_none() => Err(anyhow::anyhow!(
                "ZHIBU_DATABASE_URL / --database must start with postgres://, postgresql:// or \
                 sqlite:, got {:?}",
                store::redact(url)
            )),
            other => Ok(other.clone()),
        }
    }

    /// The URL in effect.
    pub fn url(&self) -> anyhow::Result<String> {
        Ok(self
            .checked_url()?
            .unwrap_or_else(|| store::sqlite_url(&self.data_dir)))
    }

    /// Opens an existing database: checking a log or resetting a password must never create
    /// an empty one.
    pub async fn open_existing(&self) -> anyhow::Result<store::Db> {
        if self.checked_url()?.is_none() {
            let file = self.data_dir.join("zhibu.db");
            if !file.exists() {
                bail!(
                    "ZHIBU_DATA: no database at {} (give --data or --database)",
                    file.display()
                );
            }
        }
        let url = self.url()?;
        store::Db::connect(&url)
            .await
            .with_context(|| format!("connecting to the database {}", store::redact(&url)))
    }
}
