//! 演示数据: the demo deployment a newcomer meets with `zhibu serve --demo`.
//!
//! The committee of the founding notice with fourteen branches named after science and
//! technology societies, about twenty members each (names plainly fictional: a surname and
//! 示例 plus a number), and the accounts `admin`, `branch1` and `member1`, plus one account for each system role
//! (`sysadmin`, `security`, `auditor`). Loaded only into an
//! empty database, in one transaction.

pub mod activities;
pub mod campaign;
mod notice;
mod photos;
mod tasks;

use crate::passwords::hash as password_hash;
use anyhow::Context;
use domain::{NewPassword, OrgKind, Role, Timestamp};
use store::audit::{AuditEntry, Outcome};
use store::members::NewMember;
use store::orgs::NewOrg;
use store::{Db, accounts, grants, members, orgs};

pub const COMMITTEE: &str = "中共重庆市科学技术协会科技社团委员会";
const COMMITTEE_SHORT: &str = "科技社团党委";

/// (society, branch short name)
const SOCIETIES: [&str; 14] = [
    "重庆市机械工程学会",
    "重庆市电子学会",
    "重庆市计算机学会",
    "重庆市化学化工学会",
    "重庆市土木建筑学会",
    "重庆市农学会",
    "重庆市气象学会",
    "重庆市地质学会",
    "重庆市环境科学学会",
    "重庆市药学会",
    "重庆市水利学会",
    "重庆市汽车工程学会",
    "重庆市自动化学会",
    "重庆市林学会",
];

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "罗", "高", "林",
];

/// Positions handed out to the first members of each branch.
const BRANCH_POSITIONS: [&str; 4] = ["secretary", "organization", "propaganda", "discipline"];

/// What the operator is told after the demo data is created.
#[derive(Debug, Clone)]
pub struct DemoCredentials {
    pub password: String,
    /// The password was generated here (not taken from ZHIBU_DEMO_PASSWORD).
    pub generated: bool,
    /// (username, what the account is)
    pub accounts: Vec<(&'static str, &'static str)>,
}

use crate::passwords::generate as generate_password;

/// Loads the demo data if the database holds no organisations yet. Answers the credentials
/// when it loaded them, `None` when the database was not empty.
pub async fn load_if_empty(
    db: &Db,
    zone: &crate::zone::Zone,
    now: Timestamp,
    password: Option<&str>,
) -> anyhow::Result<Option<DemoCredentials>> {
    if orgs::count(db.read()).await? > 0 {
        return Ok(None);
    }
    let (password, generated) = match password {
        Some(p) => {
            NewPassword::parse(p, "").map_err(|problem| {
                anyhow::anyhow!("ZHIBU_DEMO_PASSWORD is not acceptable: {problem}")
            })?;
            (p.to_owned(), false)
        }
        None => (generate_password(), true),
    };
    let hash = password_hash::hash(password.clone()).await?;

    let mut tx = db.begin().await?;
    let committee = orgs::create(
        &mut tx,
        NewOrg {
            parent_id: None,
            kind: OrgKind::Committee,
            name: COMMITTEE,
            short_name: COMMITTEE_SHORT,
            society: "重庆市科学技术协会",
            contact_person: "周示例",
            contact_phone: "023-00000000",
            sort_order: 0,
        },
        now,
    )
    .await
    .context("creating the committee")?;

    let staff = members::create(
        &mut tx,
        NewMember {
            org_id: committee,
            name: "周示例",
            gender: "female",
            birth_date: Some("1980-03-01"),
            phone: Some("13800000000"),
            email: Some("staff@example.org"),
            member_type: "full",
            joined_party: Some("2003-07-01"),
        },
        now,
    )
    .await?;
    members::add_position(&mut tx, staff, "party_worker").await?;

    let mut branch_secretaries: Vec<(i64, i64, String)> = Vec::new();
    let mut first_branch = None;
    let mut first_secretary = None;
    let mut first_member = None;
    for (b, society) in SOCIETIES.iter().enumerate() {
        let name = format!("{society}党支部");
        let branch = orgs::create(
            &mut tx,
            NewOrg {
                parent_id: Some(committee),
                kind: OrgKind::Branch,
                name: &name,
                short_name: society.trim_start_matches("重庆市"),
                society,
                contact_person: "",
                contact_phone: "",
                sort_order: b as i64 + 1,
            },
            now,
        )
        .await?;
        let size = 18 + (b % 5);
        for m in 0..size {
            let member_name = format!("{}示例{:02}", SURNAMES[(b * 7 + m) % SURNAMES.len()], m + 1);
            let year = 1965 + ((b * 3 + m * 5) % 35);
            let birth = format!("{year}-{:02}-{:02}", 1 + (m % 12), 1 + (b % 28));
            let joined = format!("{}-07-01", year + 22);
            let phone = format!("1380000{:02}{:02}", b, m);
            let member = members::create(
                &mut tx,
                NewMember {
                    org_id: branch,
                    name: &member_name,
                    gender: if (b + m) % 3 == 0 { "female" } else { "male" },
                    birth_date: Some(&birth),
                    phone: Some(&phone),
                    email: None,
                    member_type: if m == size - 1 {
                        "probationary"
                    } else {
                        "full"
                    },
                    joined_party: Some(&joined),
                },
                now,
            )
            .await?;
            if let Some(position) = BRANCH_POSITIONS.get(m) {
                members::add_position(&mut tx, member, position).await?;
            }
            if m == 0 {
                branch_secretaries.push((branch, member, member_name.clone()));
            }
            if b == 0 && m == 0 {
                first_secretary = Some((member, member_name.clone()));
            }
            if b == 0 && m == BRANCH_POSITIONS.len() {
                first_member = Some((member, member_name.clone()));
            }
        }
        first_branch.get_or_insert(branch);
    }
    let branch1 = first_branch.context("no branch was created")?;
    let (secretary, secretary_name) = first_secretary.context("no secretary")?;
    let (member, member_name) = first_member.context("no ordinary member")?;

    let accounts_to_make = [
        (
            "admin",
            "周示例".to_owned(),
            Some(staff),
            Role::CommitteeAdmin,
            committee,
        ),
        (
            "branch1",
            secretary_name,
            Some(secretary),
            Role::BranchAdmin,
            branch1,
        ),
        ("member1", member_name, Some(member), Role::Member, branch1),
        (
            "sysadmin",
            "系统管理员（演示）".to_owned(),
            None,
            Role::SystemAdmin,
            committee,
        ),
        (
            "security",
            "安全管理员（演示）".to_owned(),
            None,
            Role::SecurityAdmin,
            committee,
        ),
        (
            "auditor",
            "审计管理员（演示）".to_owned(),
            None,
            Role::AuditAdmin,
            committee,
        ),
    ];
    let mut admin_account = None;
    for (username, display_name, member_id, role, org) in &accounts_to_make {
        let id = accounts::create(
            &mut tx,
            accounts::NewAccount {
                username,
                display_name,
                password_hash: &hash,
                member_id: *member_id,
                must_change_password: false,
            },
            now,
        )
        .await?;
        grants::create(&mut tx, id, *role, *org, None, now).await?;
        if *username == "admin" {
            admin_account = Some(id);
        }
    }
    // Every branch's secretary can log in too (branch2 … branch14), so receipts have signers.
    let mut branches = Vec::new();
    for (i, (branch, secretary, name)) in branch_secretaries.iter().enumerate() {
        let account = if i == 0 {
            accounts::by_username(&mut *tx, "branch1")
                .await?
                .context("branch1")?
                .id
        } else {
            let username = format!("branch{}", i + 1);
            let id = accounts::create(
                &mut tx,
                accounts::NewAccount {
                    username: &username,
                    display_name: name,
                    password_hash: &hash,
                    member_id: Some(*secretary),
                    must_change_password: false,
                },
                now,
            )
            .await?;
            grants::create(&mut tx, id, Role::BranchAdmin, *branch, None, now).await?;
            id
        };
        branches.push(notice::Branch {
            org_id: *branch,
            secretary_account: account,
        });
    }
    let admin_account = admin_account.context("admin")?;
    let notice =
        notice::publish_founding(&mut tx, committee, admin_account, &branches, now).await?;
    let today = zone.civil_date(now);
    let month = domain::task::Recurrence::Monthly.period_containing(today);
    let monthly_deadline = zone.end_of_day(domain::task::due_day(&month, 5));
    tasks::seed(
        &mut tx,
        committee,
        admin_account,
        &branches,
        notice,
        tasks::Today {
            date: &today.to_string(),
            month: &month.key,
            month_starts: &month.starts.to_string(),
            monthly_deadline,
            study_deadline: zone.end_of_day(today.yesterday().unwrap_or(today)),
            security_deadline: zone.end_of_day(today.saturating_add(jiff::ToSpan::days(7))),
        },
        now,
    )
    .await?;
    store::audit::commit_with(
        tx,
        AuditEntry {
            at: now,
            account_id: None,
            username: "system",
            ip: "",
            action: "demo.load",
            object_type: "org",
            object_id: committee.to_string(),
            org_id: Some(committee),
            outcome: Outcome::Success,
            detail: format!("{} branches", SOCIETIES.len()),
        },
    )
    .await?;

    Ok(Some(DemoCredentials {
        password,
        generated,
        accounts: vec![
            ("admin", "committee staff (党务工作者) of the committee"),
            (
                "branch1",
                "secretary (书记) of the first branch (branch2 … branch14: the other branches)",
            ),
            ("member1", "a member (党员) of the first branch"),
            (
                "sysadmin",
                "system administrator (系统管理员): accounts, no business data",
            ),
            ("security", "security administrator (安全管理员): grants"),
            ("auditor", "audit administrator (审计管理员): the audit log"),
        ],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_pass_the_policy() {
        for _ in 0..50 {
            let p = generate_password();
            assert!(NewPassword::parse(&p, "admin").is_ok(), "{p}");
        }
    }
}
