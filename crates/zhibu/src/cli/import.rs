//! `zhibu import members FILE`: check a roster file and, with `--commit`, import it.
//!
//! The command acts as the system: its scope is the whole org tree, and the audit log names it
//! `cli`. It prints the same row-by-row report as the import page, in Chinese, and exits 1 when
//! the file has problems; nothing is written unless the whole file is clean and `--commit` is
//! given.

use super::database::DatabaseArgs;
use anyhow::{Context, bail};
use app::Clock;
use app::ledger::{self, ImportError, ImportRequest, Importer};
use clap::{Args, Subcommand};
use domain::Locale;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand, Debug)]
enum What {
    /// 导入党员名册: check a roster (.xlsx, .xls, or CSV in UTF-8 or GBK); import it with
    /// --commit.
    Members(MembersArgs),
}

#[derive(Args, Debug)]
pub struct MembersArgs {
    /// The roster file: a header row (姓名, 所在组织, 性别, 出生日期, 手机号码, 电子邮箱, 党员类型,
    /// 入党日期, 职务, in any order) and a row per member.
    file: PathBuf,

    /// Put every row into this org (rows may name an org under it); without it every row
    /// names its org in the 所在组织 column.
    #[arg(long = "org", value_name = "ORG_ID")]
    org: Option<i64>,

    /// Write the rows when the file has no problem; without it the file is only checked.
    #[arg(long)]
    commit: bool,

    #[command(flatten)]
    db: DatabaseArgs,

    /// Time zone whose today bounds birth and joining dates (IANA name).
    #[arg(long, env = "ZHIBU_TIME_ZONE", default_value = "Asia/Shanghai")]
    time_zone: String,
}

pub async fn run(args: ImportArgs) -> anyhow::Result<()> {
    match args.what {
        What::Members(args) => members(args).await,
    }
}

async fn members(args: MembersArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let now = app::SystemClock.now();
    let today = ledger::today_in(&args.time_zone, now).with_context(|| {
        format!(
            "ZHIBU_TIME_ZONE / --time-zone: unknown time zone {:?}",
            args.time_zone
        )
    })?;
    let url = args.db.url()?;
    let db = store::Db::connect(&url)
        .await
        .with_context(|| format!("connecting to the database {}", store::redact(&url)))?;
    store::migrate(&db)
        .await
        .context("migrating the database")?;
    let importer = Importer {
        account_id: None,
        username: "cli",
        ip: "",
        roots: store::roster_import::root_paths(db.read()).await?,
    };
    let request = ImportRequest {
        bytes,
        file_name: args
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        target_org: args.org,
        commit: args.commit,
        today,
        now,
    };
    let report = ledger::import(&db, &importer, request).await;
    db.close().await;
    let report = match report {
        Ok(report) => report,
        Err(ImportError::TargetNotFound) => {
            bail!(
                "--org {}: there is no such org",
                args.org.unwrap_or_default()
            )
        }
        Err(e) => return Err(e).context("importing the roster"),
    };
    for line in ledger::report_lines(&report, Locale::ZhCn) {
        println!("{line}");
    }
    let outcome = ledger::report_outcome(&report, Locale::ZhCn);
    if !report.ok() {
        bail!("{outcome}");
    }
    println!("{outcome}");
    Ok(())
}
