//! `zhibu migrate`: bring the schema up to date and exit.

use super::database::DatabaseArgs;
use anyhow::Context;
use clap::Args;

#[derive(Args, Debug)]
pub struct MigrateArgs {
    #[command(flatten)]
    db: DatabaseArgs,
}

pub async fn run(args: MigrateArgs) -> anyhow::Result<()> {
    let url = args.db.url()?;
    if args.db.database_url.is_none() {
        std::fs::create_dir_all(&args.db.data_dir).with_context(|| {
            format!(
                "ZHIBU_DATA: cannot create data directory {}",
                args.db.data_dir.display()
            )
        })?;
    }
    let db = store::Db::connect(&url)
        .await
        .with_context(|| format!("connecting to the database {}", store::redact(&url)))?;
    store::migrate(&db)
        .await
        .context("migrating the database")?;
    db.close().await;
    println!(
        "zhibu: the database schema is up to date ({})",
        store::redact(&url)
    );
    Ok(())
}
