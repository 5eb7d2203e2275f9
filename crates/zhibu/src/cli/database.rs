//! Where the data lives: options shared by every subcommand that opens the database.

use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct DatabaseArgs {
    /// Data directory: holds the embedded SQLite database (and uploads).
    #[arg(long = "data", env = "ZHIBU_DATA", value_name = "DIR", default_value = "./zhibu-data")]
    pub data_dir: PathBuf,

    /// Database URL, e.g. postgres://user@host/zhibu; default: the SQLite file in the data
    /// directory.
    #[arg(long = "database", env = "ZHIBU_DATABASE_URL", value_name = "URL", value_parser = parse_database_url, hide_env_values = true)]
    pub database_url: Option<String>,
}

fn parse_database_url(s: &str) -> Result<String, String> {
    if store::Backend::of_url(s).is_some() {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "ZHIBU_DATABASE_URL / --database must start with postgres://, postgresql:// or sqlite:, got {:?}",
            store::redact(s)
        ))
    }
}

impl DatabaseArgs {
    /// The URL in effect.
    pub fn url(&self) -> String {
        web::Config::new(&self.data_dir)
            .with_database_url(self.database_url.clone())
            .database_url()
    }
}
