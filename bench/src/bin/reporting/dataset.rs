//! The province-sized dataset, written with the store crate directly: multi-row inserts in one
//! transaction, the way the roster import writes (no HTTP, no audit events: a generator, not a
//! user).
//!
//! The tree: a committee (id 1), 200 general branches under it, 99 branches under each: 20,001
//! orgs, 20,000 of them below the committee and so assignees of a task the committee assigns
//! to its whole subtree. 25 members in each of those 20,000: 500,000. An admin
//! (`committee_admin` over the committee) and 64 reporting accounts `rush00`…`rush63`, each
//! `branch_admin` over every 64th general branch (3 or 4 of them, about 300 orgs). 198 small
//! tasks, each assigned to one general branch's subtree (100 orgs) and opened, and one task
//! assigned to all 20,000 orgs for the raw-rate measurement; the 200th task, the one the rush
//! reports on, is created and assigned through the API.

use anyhow::Context;
use domain::Timestamp;
use domain::role::Role;
use std::time::Instant;
use store::{Backend, Db, Tx};

pub const MIDDLES: i64 = 200;
pub const BRANCHES_PER_MIDDLE: i64 = 99;
pub const MEMBERS_PER_ORG: usize = 25;
pub const CLIENTS: usize = 64;
pub const PASSWORD: &str = "Bench-Pass-2026";
/// 2100-01-01: every deadline lies ahead, so nothing is late.
pub const DEADLINE: Timestamp = Timestamp(4_102_444_800_000);
pub const NOW: Timestamp = Timestamp(1_764_000_000_000);

/// The reporting accounts, one per client.
pub const USERNAMES: [&str; CLIENTS] = [
    "rush00", "rush01", "rush02", "rush03", "rush04", "rush05", "rush06", "rush07", "rush08",
    "rush09", "rush10", "rush11", "rush12", "rush13", "rush14", "rush15", "rush16", "rush17",
    "rush18", "rush19", "rush20", "rush21", "rush22", "rush23", "rush24", "rush25", "rush26",
    "rush27", "rush28", "rush29", "rush30", "rush31", "rush32", "rush33", "rush34", "rush35",
    "rush36", "rush37", "rush38", "rush39", "rush40", "rush41", "rush42", "rush43", "rush44",
    "rush45", "rush46", "rush47", "rush48", "rush49", "rush50", "rush51", "rush52", "rush53",
    "rush54", "rush55", "rush56", "rush57", "rush58", "rush59", "rush60", "rush61", "rush62",
    "rush63",
];

/// The org ids of general branch `m` (0-based): itself, then its branches.
pub fn middle_id(m: i64) -> i64 {
    2 + m
}

fn branch_id(m: i64, b: i64) -> i64 {
    2 + MIDDLES + m * BRANCHES_PER_MIDDLE + b
}

/// The orgs reporting account `c` reports for, in tree order.
pub fn orgs_of_client(c: usize) -> Vec<i64> {
    let mut out = Vec::new();
    let mut m = c as i64;
    while m < MIDDLES {
        out.push(middle_id(m));
        out.extend((0..BRANCHES_PER_MIDDLE).map(|b| branch_id(m, b)));
        m += CLIENTS as i64;
    }
    out
}

/// The report form every task uses: a summary, a head count and a table of sessions.
pub fn study_form() -> serde_json::Value {
    serde_json::json!({"fields": [
        {"key": "summary", "label": "学习情况", "type": "long_text", "required": true},
        {"key": "attendance", "label": "参加人数", "type": "number", "unit": "人", "min": 0, "integer": true, "required": true},
        {"key": "sessions", "label": "学习安排", "type": "table", "min_rows": 1, "columns": [
            {"key": "date", "label": "日期", "type": "date", "required": true},
            {"key": "topic", "label": "主题", "type": "short_text", "required": true},
            {"key": "hours", "label": "学时", "type": "number", "min": 0}
        ]}
    ]})
}

/// A filled-in report as a branch hands it in.
pub fn answers(org: i64) -> serde_json::Value {
    serde_json::json!({
        "summary": format!("第{org}党支部本月组织集中学习两次，全体党员参加，学习党的二十大精神并开展网络安全自查。"),
        "attendance": "23",
        "sessions": [
            {"date": "2026-11-20", "topic": "学习党的二十大精神", "hours": 2},
            {"date": "2026-11-24", "topic": "网络安全自查", "hours": "1.5"}
        ]
    })
}

/// `head (?, ?, …), (…)…` for `rows` rows of `per_row` values: anonymous on SQLite, `$n` on
/// PostgreSQL (see store::roster_import for why).
fn values_sql(head: &str, rows: usize, per_row: usize, backend: Backend) -> String {
    let mut sql = String::from(head);
    for r in 0..rows {
        sql.push_str(if r == 0 { " (" } else { ", (" });
        for c in 0..per_row {
            if c > 0 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => sql.push_str(&format!("${}", r * per_row + c + 1)),
            }
        }
        sql.push(')');
    }
    sql
}

struct NewOrg {
    id: i64,
    parent: Option<i64>,
    path: String,
    kind: &'static str,
    name: String,
}

fn tree() -> Vec<NewOrg> {
    let mut orgs = vec![NewOrg {
        id: 1,
        parent: None,
        path: "/1/".to_owned(),
        kind: "committee",
        name: "某省直机关工委".to_owned(),
    }];
    for m in 0..MIDDLES {
        let mid = middle_id(m);
        orgs.push(NewOrg {
            id: mid,
            parent: Some(1),
            path: format!("/1/{mid}/"),
            kind: "general_branch",
            name: format!("第{}党总支", m + 1),
        });
        for b in 0..BRANCHES_PER_MIDDLE {
            let id = branch_id(m, b);
            orgs.push(NewOrg {
                id,
                parent: Some(mid),
                path: format!("/1/{mid}/{id}/"),
                kind: "branch",
                name: format!("第{}党总支第{}党支部", m + 1, b + 1),
            });
        }
    }
    orgs
}

pub struct Generated {
    pub raw_task: i64,
    pub orgs: usize,
    pub members: u64,
}

/// Writes the dataset into a freshly migrated database.
pub async fn generate(db: &Db) -> anyhow::Result<Generated> {
    let backend = db.backend();
    let start = Instant::now();
    let hash = app::passwords::hash::hash(PASSWORD.to_owned()).await?;
    let orgs = tree();
    let mut tx = db.begin().await?;
    insert_orgs(&mut tx, backend, &orgs).await?;
    let t_orgs = start.elapsed();
    let members = insert_members(&mut tx, &orgs).await?;
    let t_members = start.elapsed();
    let admin = create_accounts(&mut tx, &hash).await?;
    let raw_task = create_tasks(&mut tx, admin).await?;
    store::commit(tx).await?;
    let t_all = start.elapsed();
    println!(
        "  dataset: {} orgs in {:.2} s, {members} members by {:.2} s, accounts and 199 tasks by {:.2} s",
        orgs.len(),
        t_orgs.as_secs_f64(),
        t_members.as_secs_f64(),
        t_all.as_secs_f64()
    );
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM submissions")
        .fetch_one(db.read())
        .await
        .context("counting submissions")?;
    println!("  dataset: {n} submission rows (not started) before the API task");
    if backend == Backend::Postgres {
        analyse(db).await?;
    }
    Ok(Generated {
        raw_task,
        orgs: orgs.len(),
        members,
    })
}

/// The org tree, a thousand rows an insert.
async fn insert_orgs(tx: &mut Tx, backend: Backend, orgs: &[NewOrg]) -> anyhow::Result<()> {
    for chunk in orgs.chunks(1000) {
        let sql = values_sql(
            "INSERT INTO orgs (id, parent_id, path, kind, name, sort_order, created_at) VALUES",
            chunk.len(),
            7,
            backend,
        );
        let mut q = sqlx::query(&sql);
        for o in chunk {
            q = q
                .bind(o.id)
                .bind(o.parent)
                .bind(o.path.as_str())
                .bind(o.kind)
                .bind(o.name.as_str())
                .bind(o.id)
                .bind(NOW.millis());
        }
        q.execute(&mut **tx).await?;
    }
    if backend == Backend::Postgres {
        // The ids were given: the sequence must continue after them.
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('orgs', 'id'), (SELECT MAX(id) FROM orgs))",
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// 25 members in every org below the committee, through the roster import's own insert.
async fn insert_members(tx: &mut Tx, orgs: &[NewOrg]) -> anyhow::Result<u64> {
    let names: Vec<String> = (0..orgs.len() * MEMBERS_PER_ORG)
        .map(|i| format!("党员{i:06}"))
        .collect();
    let phones: Vec<String> = (0..names.len()).map(|i| format!("139{i:08}")).collect();
    let mut rows = Vec::with_capacity(names.len());
    for (k, o) in orgs.iter().skip(1).enumerate() {
        for j in 0..MEMBERS_PER_ORG {
            let i = k * MEMBERS_PER_ORG + j;
            rows.push(store::roster_import::ImportRow {
                org_id: o.id,
                name: &names[i],
                gender: if i.is_multiple_of(3) {
                    "female"
                } else {
                    "male"
                },
                birth_date: Some("1980-05-01"),
                phone: Some(&phones[i]),
                email: None,
                member_type: "full",
                joined_party: Some("2005-07-01"),
                positions: &[],
            });
        }
    }
    Ok(store::roster_import::insert(tx, &rows, NOW).await?)
}

/// The admin and the reporting accounts with their grants, one password hash for all (argon2
/// is slow on purpose); answers the admin's id.
async fn create_accounts(tx: &mut Tx, hash: &str) -> anyhow::Result<i64> {
    let account = |username: &'static str| store::accounts::NewAccount {
        username,
        display_name: "压测账号",
        password_hash: hash,
        member_id: None,
        must_change_password: false,
    };
    let admin = store::accounts::create(tx, account("admin"), NOW).await?;
    store::grants::create(tx, admin, Role::CommitteeAdmin, 1, None, NOW).await?;
    for (c, username) in USERNAMES.iter().enumerate() {
        let id = store::accounts::create(tx, account(username), NOW).await?;
        let mut m = c as i64;
        while m < MIDDLES {
            store::grants::create(tx, id, Role::BranchAdmin, middle_id(m), Some(admin), NOW)
                .await?;
            m += CLIENTS as i64;
        }
    }
    Ok(admin)
}

/// 198 small tasks, one general branch's subtree each, and the raw-rate task on all orgs
/// (created last: its id is answered).
async fn create_tasks(tx: &mut Tx, admin: i64) -> anyhow::Result<i64> {
    let form = serde_json::to_string(&study_form())?;
    let mut raw_task = 0;
    for k in 0..199i64 {
        let (title, target) = if k < 198 {
            (
                format!("第{}党总支学习情况报送", k + 1),
                middle_id(k % MIDDLES),
            )
        } else {
            ("全省党支部网络安全自查报送（基准：直写）".to_owned(), 1)
        };
        let fields = store::tasks::TaskFields {
            title: &title,
            description: "请各支部及时报送。",
            category: "学习",
            recurrence: "once",
            deadline: Some(DEADLINE),
            starts_on: "",
            due_days: 0,
        };
        let id = store::tasks::create(tx, 1, &fields, &form, None, admin, NOW).await?;
        store::tasks::set_targets(tx, id, &[(target, true)]).await?;
        store::tasks::publish(tx, id, 1, NOW).await?;
        store::tasks::open_period(tx, id, domain::task::ONCE, "2026-11-25", DEADLINE, NOW).await?;
        raw_task = id;
    }
    Ok(raw_task)
}

/// PostgreSQL statistics, as a database that has lived with its data has them.
async fn analyse(db: &Db) -> anyhow::Result<()> {
    // A database that has lived with its data has statistics: autovacuum analyses a table
    // within a minute of a bulk change. Without them the planner guesses, and prepared
    // statements (sqlx prepares every query) can settle on a generic plan that finds a
    // report through the board's index (every row of the task) instead of the unique one:
    // measured at 12–15 ms a lookup, and the rush at ~680/s instead of the figure below.
    // SQLite's planner needs no statistics for these lookups and zhibu gathers none.
    let started = Instant::now();
    sqlx::query("ANALYZE")
        .execute(db.read())
        .await
        .context("analysing")?;
    println!(
        "  dataset: ANALYZE in {:.2} s (what autovacuum does after a bulk load)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
