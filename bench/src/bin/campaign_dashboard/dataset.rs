//! The dataset of the campaign dashboard benchmark, written with the store crate directly
//! (multi-row inserts in one transaction, as the other benches do: a generator, not a user).
//!
//! A committee (id 1), 200 general branches, 100 branches under each (20,000 branches),
//! 15 members in each branch (300,000), the first four its secretary and committee members.
//! One open campaign of the whole committee over 2025, three materials (a speech, a book of
//! three chapters, an article), two required activities. A year of it: every branch holds one
//! activity a month in the campaign (主题党日 studying a material, alternating with 党课,
//! 理论研讨, 科普活动 and 志愿服务) with attendance of its 15 members (240,000 activities,
//! 3,600,000 attendance rows, 120,000 material links); its leaders study each material before
//! its first session and six members more study one (360,000 study entries); two reflections
//! a branch, one featured (40,000). The triggers of migration 0012 run on every row, as they
//! would when these were written one by one.

use domain::Timestamp;
use domain::role::Role;
use std::time::Instant;
use store::{Backend, Db, Tx};

/// General branches: 200, or `BENCH_MIDDLES` for a quick run of a smaller tree.
pub fn middles() -> i64 {
    std::env::var("BENCH_MIDDLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}
pub const PER_MIDDLE: i64 = 100;
pub const MEMBERS: i64 = 15;
pub const PASSWORD: &str = "Bench-Pass-2026";
/// 2025-12-31 12:00 Shanghai: the campaign's year is over.
pub const NOW: Timestamp = Timestamp(1_767_153_600_000);
/// 2025-01-01 00:00 Shanghai.
const YEAR_START: i64 = 1_735_660_800_000;
const DAY: i64 = 86_400_000;

pub fn middle_id(m: i64) -> i64 {
    2 + m
}

pub fn branch_id(m: i64, b: i64) -> i64 {
    2 + middles() + m * PER_MIDDLE + b
}

/// A bound value of a generated row.
pub enum V {
    I(i64),
    T(String),
    Null,
}

/// Inserts `rows` (each `per_row` values) under `head` (`INSERT INTO t (a, b) VALUES`), as
/// many rows a statement as stay under SQLite's 32,766 parameters.
pub async fn insert(
    tx: &mut Tx,
    backend: Backend,
    head: &str,
    per_row: usize,
    rows: &[Vec<V>],
) -> anyhow::Result<()> {
    let per_statement = (30_000 / per_row).max(1);
    for chunk in rows.chunks(per_statement) {
        let mut sql = String::from(head);
        for r in 0..chunk.len() {
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
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for v in row {
                q = match v {
                    V::I(i) => q.bind(*i),
                    V::T(s) => q.bind(s.as_str()),
                    V::Null => q.bind(None::<i64>),
                };
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// What the benchmark needs to know of the dataset.
pub struct Generated {
    pub campaign: i64,
    /// Activities written (their ids run from 1).
    pub activities: i64,
}

async fn orgs(tx: &mut Tx, backend: Backend) -> anyhow::Result<()> {
    let mut rows = vec![vec![
        V::I(1),
        V::Null,
        V::T("/1/".into()),
        V::T("committee".into()),
        V::T("某省直机关工委".into()),
        V::I(0),
        V::I(NOW.millis()),
    ]];
    for m in 0..middles() {
        let mid = middle_id(m);
        rows.push(vec![
            V::I(mid),
            V::I(1),
            V::T(format!("/1/{mid}/")),
            V::T("general_branch".into()),
            V::T(format!("第{}党总支", m + 1)),
            V::I(mid),
            V::I(NOW.millis()),
        ]);
        for b in 0..PER_MIDDLE {
            let id = branch_id(m, b);
            rows.push(vec![
                V::I(id),
                V::I(mid),
                V::T(format!("/1/{mid}/{id}/")),
                V::T("branch".into()),
                V::T(format!("第{}党总支第{}党支部", m + 1, b + 1)),
                V::I(id),
                V::I(NOW.millis()),
            ]);
        }
    }
    insert(
        tx,
        backend,
        "INSERT INTO orgs (id, parent_id, path, kind, name, sort_order, created_at) VALUES",
        7,
        &rows,
    )
    .await?;
    if backend == Backend::Postgres {
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('orgs', 'id'), (SELECT MAX(id) FROM orgs))",
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

const LEADING: [&str; 4] = ["secretary", "organization", "propaganda", "discipline"];

/// 15 members a branch through the roster import's own insert; answers the ids per branch.
async fn members(tx: &mut Tx) -> anyhow::Result<Vec<(i64, Vec<i64>)>> {
    let mut names = Vec::new();
    let mut orgs = Vec::new();
    for m in 0..middles() {
        for b in 0..PER_MIDDLE {
            for j in 0..MEMBERS {
                names.push(format!("党员{}-{j:02}", branch_id(m, b)));
                orgs.push(branch_id(m, b));
            }
        }
    }
    let positions: Vec<[&str; 1]> = LEADING.iter().map(|p| [*p]).collect();
    let rows: Vec<store::roster_import::ImportRow> = names
        .iter()
        .zip(&orgs)
        .enumerate()
        .map(|(i, (name, org))| store::roster_import::ImportRow {
            org_id: *org,
            name,
            gender: "male",
            birth_date: Some("1980-05-01"),
            phone: None,
            email: None,
            member_type: "full",
            joined_party: Some("2005-07-01"),
            positions: positions
                .get(i % MEMBERS as usize)
                .map_or(&[][..], |p| &p[..]),
        })
        .collect();
    store::roster_import::insert(tx, &rows, NOW).await?;
    let all: Vec<(i64, i64)> = sqlx::query_as("SELECT org_id, id FROM members ORDER BY org_id, id")
        .fetch_all(&mut **tx)
        .await?;
    let mut out: Vec<(i64, Vec<i64>)> = Vec::new();
    for (org, id) in all {
        match out.last_mut() {
            Some((o, ids)) if *o == org => ids.push(id),
            _ => out.push((org, vec![id])),
        }
    }
    Ok(out)
}

/// The campaign with its materials, opened: (campaign, [speech, book, article]).
async fn campaign(tx: &mut Tx, admin: i64) -> anyhow::Result<(i64, [i64; 3])> {
    use domain::campaign::{CampaignState, MaterialKind, Requirement};
    let requirements = vec![
        Requirement {
            kind: "theme_day".into(),
            count: 4,
            note: String::new(),
        },
        Requirement {
            kind: "party_lecture".into(),
            count: 2,
            note: "书记讲党课".into(),
        },
    ];
    let content = store::campaigns::CampaignContent {
        theme: "喜迎二十大、奋进新征程",
        starts_on: "2025-01-01".parse()?,
        ends_on: "2025-12-31".parse()?,
        description: "全年主题学习",
        requirements: &requirements,
        org_ids: &[1],
    };
    let id = store::campaigns::insert(tx, 1, &content, None, admin, NOW).await?;
    store::campaigns::set_state(tx, id, CampaignState::Open, NOW).await?;
    let chapters: Vec<String> = ["一", "二", "三"]
        .iter()
        .map(|c| format!("第{c}章"))
        .collect();
    let mut ids = [0; 3];
    for (i, (kind, title, ch)) in [
        (MaterialKind::Speech, "重要讲话", &[][..]),
        (MaterialKind::Book, "《治国理政》第四卷", &chapters[..]),
        (MaterialKind::Article, "《学习纲要》", &[][..]),
    ]
    .into_iter()
    .enumerate()
    {
        let m = store::campaigns::MaterialContent {
            kind,
            title,
            link: "",
            chapters: ch,
            file: None,
        };
        ids[i] = store::campaigns::add_material(tx, id, &m, admin, NOW).await?;
    }
    Ok((id, ids))
}

const OTHER_KINDS: [&str; 4] = ["party_lecture", "seminar", "science_outreach", "volunteer"];

/// Writes the dataset into a freshly migrated database.
pub async fn generate(db: &Db) -> anyhow::Result<Generated> {
    let backend = db.backend();
    let start = Instant::now();
    let hash = app::passwords::hash::hash(PASSWORD.to_owned()).await?;
    let mut tx = db.begin().await?;
    orgs(&mut tx, backend).await?;
    let branches = members(&mut tx).await?;
    let admin = store::accounts::create(
        &mut tx,
        store::accounts::NewAccount {
            username: "admin",
            display_name: "压测账号",
            password_hash: &hash,
            member_id: None,
            must_change_password: false,
        },
        NOW,
    )
    .await?;
    store::grants::create(&mut tx, admin, Role::CommitteeAdmin, 1, None, NOW).await?;
    let (c, materials) = campaign(&mut tx, admin).await?;
    store::commit(tx).await?;
    println!(
        "  dataset: {} orgs, {} members, the campaign: {:.1} s",
        1 + middles() * (1 + PER_MIDDLE),
        branches.len() as i64 * MEMBERS,
        start.elapsed().as_secs_f64()
    );

    // The year's activities, a thousand branches a transaction.
    let mut next_activity = 1i64;
    for part in branches.chunks(1000) {
        let mut tx = db.begin().await?;
        let mut acts = Vec::new();
        let mut marks = Vec::new();
        let mut links = Vec::new();
        let mut logs = Vec::new();
        let mut refl = Vec::new();
        for (org, ids) in part {
            for month in 0..12i64 {
                let id = next_activity;
                next_activity += 1;
                let theme = month % 2 == 0;
                let kind = if theme {
                    "theme_day"
                } else {
                    OTHER_KINDS[(month as usize / 2) % 4]
                };
                let at = YEAR_START + (month * 30 + 9 + org % 10) * DAY + 6 * 3_600_000;
                acts.push(vec![
                    V::I(id),
                    V::I(*org),
                    V::T(kind.into()),
                    V::T("held".into()),
                    V::T(format!("{}月{kind}", month + 1)),
                    V::I(at),
                    V::T("书记".into()),
                    V::I(c),
                    V::I(1),
                    V::I(admin),
                    V::I(at),
                    V::I(at),
                ]);
                if theme {
                    let m = (month / 2) % 3;
                    let chapter = if m == 1 { (month / 6) % 3 } else { -1 };
                    links.push(vec![V::I(id), V::I(materials[m as usize]), V::I(chapter)]);
                }
                for (j, member) in ids.iter().enumerate() {
                    let mark = match (j + month as usize) % 15 {
                        0 => "leave",
                        1 | 2 => "absent",
                        _ => "present",
                    };
                    let minutes = if kind == "volunteer" && mark == "present" {
                        120
                    } else {
                        0
                    };
                    marks.push(vec![
                        V::I(id),
                        V::I(*member),
                        V::T(mark.into()),
                        V::T(if mark == "leave" {
                            "出差".into()
                        } else {
                            String::new()
                        }),
                        V::I(minutes),
                        V::I(admin),
                        V::I(at),
                    ]);
                }
            }
            // The leaders study every material in January; six members one material each.
            let studied = |member: i64, material: i64, day: &str, minutes: i64| {
                vec![
                    V::I(c),
                    V::I(material),
                    V::Null,
                    V::I(member),
                    V::I(*org),
                    V::T(day.into()),
                    V::I(minutes),
                    V::T("self".into()),
                    V::I(admin),
                    V::I(NOW.millis()),
                ]
            };
            for leader in &ids[..4] {
                for m in materials {
                    logs.push(studied(*leader, m, "2025-01-05", 60));
                }
            }
            for (k, member) in ids[4..10].iter().enumerate() {
                logs.push(studied(*member, materials[k % 3], "2025-03-01", 45));
            }
            for (k, member) in ids[4..6].iter().enumerate() {
                refl.push(vec![
                    V::I(c),
                    V::I(*member),
                    V::I(*org),
                    V::T("学习心得".into()),
                    V::T("认真学习，联系实际。".into()),
                    V::T("written".into()),
                    V::I(1),
                    if k == 0 { V::I(NOW.millis()) } else { V::Null },
                    V::I(admin),
                    V::I(NOW.millis()),
                    V::I(NOW.millis()),
                ]);
            }
        }
        insert(
            &mut tx,
            backend,
            "INSERT INTO activities (id, org_id, kind, state, title, starts_at, leader, \
             campaign_id, version, created_by, created_at, updated_at) VALUES",
            12,
            &acts,
        )
        .await?;
        insert(
            &mut tx,
            backend,
            "INSERT INTO campaign_sessions (activity_id, material_id, chapter) VALUES",
            3,
            &links,
        )
        .await?;
        insert(
            &mut tx,
            backend,
            "INSERT INTO activity_attendance (activity_id, member_id, mark, reason, \
             volunteer_minutes, marked_by, marked_at) VALUES",
            7,
            &marks,
        )
        .await?;
        insert(
            &mut tx,
            backend,
            "INSERT INTO study_logs (campaign_id, material_id, chapter, member_id, org_id, \
             studied_on, minutes, source, created_by, created_at) VALUES",
            10,
            &logs,
        )
        .await?;
        insert(
            &mut tx,
            backend,
            "INSERT INTO reflections (campaign_id, member_id, org_id, title, body, state, \
             version, featured_at, created_by, created_at, updated_at) VALUES",
            11,
            &refl,
        )
        .await?;
        store::commit(tx).await?;
    }
    if backend == Backend::Postgres {
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('activities', 'id'), (SELECT MAX(id) FROM activities))",
        )
        .execute(db.read())
        .await?;
        let t = Instant::now();
        sqlx::query("ANALYZE").execute(db.read()).await?;
        println!("  dataset: ANALYZE in {:.1} s", t.elapsed().as_secs_f64());
    }
    println!(
        "  dataset: {} activities with attendance, links, study and reflections by {:.1} s",
        next_activity - 1,
        start.elapsed().as_secs_f64()
    );
    Ok(Generated {
        campaign: c,
        activities: next_activity - 1,
    })
}

/// The id of the dataset's committee admin.
pub async fn admin_id(db: &Db) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT id FROM accounts WHERE username = 'admin'")
            .fetch_one(db.read())
            .await?,
    )
}
