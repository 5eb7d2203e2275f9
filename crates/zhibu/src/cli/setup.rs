//! `zhibu setup`: the first run of a production deployment. On an empty database it creates
//! the root committee and one account per role asked for, each with a generated password shown
//! once and changed at first login. There are no default accounts: without this (or `--demo`)
//! nobody can log in.

use super::database::DatabaseArgs;
use anyhow::{Context, bail};
use clap::Args;
use domain::{OrgKind, Role, Username};
use store::audit::{self, AuditEntry, Outcome};
use store::orgs::NewOrg;

#[derive(Args, Debug)]
pub struct SetupArgs {
    #[command(flatten)]
    db: DatabaseArgs,

    /// Full name of the root committee, e.g. 中共重庆市科学技术协会科技社团委员会.
    #[arg(long, value_name = "NAME")]
    committee: String,

    /// Username of the committee's first administrator (党务工作者).
    #[arg(long, value_name = "USERNAME")]
    admin: String,

    /// Username of the system administrator (accounts and settings, no business data).
    #[arg(long, value_name = "USERNAME")]
    system_admin: Option<String>,

    /// Username of the security administrator (grants and security policy).
    #[arg(long, value_name = "USERNAME")]
    security_admin: Option<String>,

    /// Username of the audit administrator (reads the audit log).
    #[arg(long, value_name = "USERNAME")]
    audit_admin: Option<String>,
}

fn now() -> domain::Timestamp {
    use app::Clock;
    app::SystemClock.now()
}

/// An account setup will create: its username, role and generated first password.
type Planned = (Username, Role, String);

pub async fn run(args: SetupArgs) -> anyhow::Result<()> {
    let committee = domain::member::Name::parse(&args.committee, 100).map_err(|_| {
        anyhow::anyhow!("--committee: give the committee's full name (1 to 100 characters)")
    })?;
    // Every argument is checked before the database is touched.
    let accounts = planned_accounts(&args)?;
    let db = open_empty_database(&args.db).await?;
    let root = create_committee_and_accounts(&db, committee.as_str(), &accounts).await?;
    db.close().await;

    println!(
        "Created {} (org {root}) and these accounts:",
        committee.as_str()
    );
    for (username, role, password) in &accounts {
        println!(
            "  {:<16} {:<16} initial password: {password}",
            username.as_str(),
            role.as_str()
        );
    }
    println!("Each must choose a new password at first login. The passwords are not shown again.");
    Ok(())
}

/// One account per role asked for, each username valid and given once, with its password.
fn planned_accounts(args: &SetupArgs) -> anyhow::Result<Vec<Planned>> {
    let mut wanted = vec![(args.admin.as_str(), Role::CommitteeAdmin)];
    for (name, role) in [
        (&args.system_admin, Role::SystemAdmin),
        (&args.security_admin, Role::SecurityAdmin),
        (&args.audit_admin, Role::AuditAdmin),
    ] {
        if let Some(name) = name {
            wanted.push((name.as_str(), role));
        }
    }
    let mut accounts: Vec<Planned> = Vec::new();
    for (name, role) in wanted {
        let username =
            Username::parse(name).map_err(|e| anyhow::anyhow!("username {name:?}: {e}"))?;
        if accounts.iter().any(|(u, _, _)| u == &username) {
            bail!("username {username} is given twice: each role needs its own person");
        }
        let password = app::passwords::generate_for(username.as_str());
        accounts.push((username, role, password.expose().to_owned()));
    }
    Ok(accounts)
}

/// The database, migrated, and refused unless it holds no organisation yet.
async fn open_empty_database(args: &DatabaseArgs) -> anyhow::Result<store::Db> {
    if args.database_url.is_none() {
        std::fs::create_dir_all(&args.data_dir).with_context(|| {
            format!(
                "ZHIBU_DATA: cannot create data directory {}",
                args.data_dir.display()
            )
        })?;
    }
    let url = args.url()?;
    let db = store::Db::connect(&url)
        .await
        .with_context(|| format!("connecting to the database {}", store::redact(&url)))?;
    store::migrate(&db)
        .await
        .context("migrating the database")?;
    if store::orgs::count(db.read()).await? > 0 {
        bail!("the database already holds organisations: setup runs only on an empty database");
    }
    Ok(db)
}

/// The root committee and the accounts granted their roles over it, in one transaction with
/// its audit event; answers the committee's id.
async fn create_committee_and_accounts(
    db: &store::Db,
    committee: &str,
    accounts: &[Planned],
) -> anyhow::Result<i64> {
    // Hashing is slow: done before the transaction opens.
    let mut hashes = Vec::new();
    for (_, _, password) in accounts {
        hashes.push(app::passwords::hash::hash(password.clone()).await?);
    }
    let at = now();
    let mut tx = db.begin().await?;
    let root = store::orgs::create(
        &mut tx,
        NewOrg {
            parent_id: None,
            kind: OrgKind::Committee,
            name: committee,
            short_name: "",
            society: "",
            contact_person: "",
            contact_phone: "",
            sort_order: 0,
        },
        at,
    )
    .await?;
    for ((username, role, _), hash) in accounts.iter().zip(&hashes) {
        let id = store::accounts::create(
            &mut tx,
            store::accounts::NewAccount {
                username: username.as_str(),
                display_name: username.as_str(),
                password_hash: hash,
                member_id: None,
                must_change_password: true,
            },
            at,
        )
        .await?;
        store::grants::create(&mut tx, id, *role, root, None, at).await?;
    }
    audit::record(
        &mut tx,
        AuditEntry {
            at,
            account_id: None,
            username: "cli",
            ip: "",
            action: "setup",
            object_type: "org",
            object_id: root.to_string(),
            org_id: Some(root),
            outcome: Outcome::Success,
            detail: format!("{} accounts", accounts.len()),
        },
    )
    .await?;
    store::commit(tx).await?;
    Ok(root)
}
