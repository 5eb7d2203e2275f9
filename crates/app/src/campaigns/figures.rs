//! A campaign's figures per branch, computed from the records: the activities linked to it
//! (by kind, with attendance), the materials they studied, members' self-study and
//! reflections, and 先学领学 — judged with the leaders a branch had on the day of its first
//! session on a material (the roster's history tells who held a position then).
//!
//! Everything is read in a few queries over the whole campaign and joined in memory, so the
//! cost is one pass over the campaign's rows whatever the number of branches.

use crate::App;
use crate::error::Result;
use domain::Timestamp;
use domain::activity::Mark;
use domain::campaign::{Studied, lead_first};
use domain::campaign_progress::{Figures, RequirementStanding, all_met, requirements_standing};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use store::campaign_dashboard as kept;
use store::campaign_figures::{self as source, TreeOrg};
use store::campaign_sessions::{self as sessions, Session};
use store::campaigns::{self, Campaign, StoredMaterial};
use store::study;

/// The positions that lead a branch's study (书记, 副书记, 支委): those judged for 先学领学.
pub const LEADING: [&str; 5] = [
    "secretary",
    "deputy_secretary",
    "organization",
    "propaganda",
    "discipline",
];

/// One held session of a branch in the campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub activity_id: i64,
    pub day: Date,
    pub starts_at: Timestamp,
    pub kind: String,
    pub title: String,
    /// 领学人 as recorded.
    pub leader: String,
    pub expected: u32,
    pub present: u32,
    /// The materials it studied.
    pub material_ids: Vec<i64>,
}

/// 先学领学 for one material in one branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialLead {
    pub material_id: i64,
    /// The branch's first session on it: day, activity and who led it (领学人).
    pub first_session: Option<(Date, i64, String)>,
    /// Those leading the branch that day, and whether each had studied the material by then.
    pub leaders: Vec<(i64, String, bool)>,
    pub done: bool,
}

/// A branch's progress in a campaign.
#[derive(Debug, Clone)]
pub struct BranchProgress {
    pub org: TreeOrg,
    pub figures: Figures,
    pub requirements: Vec<RequirementStanding>,
    pub leads: Vec<MaterialLead>,
    pub sessions: Vec<SessionRow>,
}

/// A campaign with its materials, the tree it reaches and every branch's progress.
#[derive(Debug, Clone)]
pub struct CampaignFacts {
    pub materials: Vec<StoredMaterial>,
    /// The open orgs under the taking-part orgs, in path order.
    pub tree: Vec<TreeOrg>,
    /// Every branch of the tree, in path order.
    pub branches: Vec<BranchProgress>,
}

/// The taking-part orgs' paths, nested ones dropped.
pub async fn roots_of(app: &App, c: &Campaign) -> Result<Vec<String>> {
    let mut paths: Vec<String> = campaigns::orgs_of(app.db.read(), c.id)
        .await?
        .into_iter()
        .map(|(_, _, p)| p)
        .collect();
    paths.sort();
    let mut roots: Vec<String> = Vec::new();
    for p in paths {
        if !roots.iter().any(|r| p.starts_with(r.as_str())) {
            roots.push(p);
        }
    }
    Ok(roots)
}

/// Who stood where: a member's org, status and positions, now or as a snapshot kept.
struct Standing {
    org_id: i64,
    active: bool,
    leading: bool,
    name: String,
}

fn standing_of(snapshot: &serde_json::Value) -> Option<Standing> {
    let positions = snapshot.get("positions")?.as_array()?;
    Some(Standing {
        org_id: snapshot.get("org_id")?.as_i64()?,
        active: snapshot.get("status")?.as_str()? == "active",
        leading: positions
            .iter()
            .filter_map(|p| p.as_str())
            .any(|p| LEADING.contains(&p)),
        name: snapshot
            .get("name")
            .and_then(|n| n.as_str())
            .unwrap_or_default()
            .to_owned(),
    })
}

/// Who led each branch on a given day, from today's positions and the roster's history.
struct Leaders {
    /// Leading now: member → (org, name).
    now: HashMap<i64, (i64, String)>,
    /// Per member, the changes since the campaign's earliest day: (when, state before it).
    history: HashMap<i64, Vec<(Timestamp, serde_json::Value)>>,
    /// Per branch, everyone who led it at some point considered.
    candidates: HashMap<i64, BTreeSet<i64>>,
}

impl Leaders {
    /// From who leads now and the roster's changes since `since`.
    fn from_rows(
        now_rows: Vec<(i64, i64, String)>,
        changes: Vec<(i64, Timestamp, serde_json::Value)>,
    ) -> Leaders {
        let mut candidates: HashMap<i64, BTreeSet<i64>> = HashMap::new();
        let mut now = HashMap::new();
        for (m, org, name) in now_rows {
            candidates.entry(org).or_default().insert(m);
            now.insert(m, (org, name));
        }
        let mut history: HashMap<i64, Vec<(Timestamp, serde_json::Value)>> = HashMap::new();
        for (m, at, snap) in changes {
            if let Some(s) = standing_of(&snap)
                && s.leading
            {
                candidates.entry(s.org_id).or_default().insert(m);
            }
            history.entry(m).or_default().push((at, snap));
        }
        Leaders {
            now,
            history,
            candidates,
        }
    }

    /// Everyone who led one of the branches at some point considered.
    fn members(&self) -> Vec<i64> {
        let all: BTreeSet<i64> = self.candidates.values().flatten().copied().collect();
        all.into_iter().collect()
    }

    /// Those leading branch `org` at the end of day `until`: `(member, name)`.
    fn on(&self, org: i64, until: Timestamp) -> Vec<(i64, String)> {
        let Some(list) = self.candidates.get(&org) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in list {
            // The first change after that day kept the member as they stood on it.
            let then = self
                .history
                .get(m)
                .and_then(|h| h.iter().find(|(at, _)| *at > until))
                .and_then(|(_, snap)| standing_of(snap));
            let led = match then {
                Some(s) => (s.org_id == org && s.active && s.leading).then_some(s.name),
                None => self
                    .now
                    .get(m)
                    .filter(|(o, _)| *o == org)
                    .map(|(_, n)| n.clone()),
            };
            if let Some(name) = led {
                out.push((*m, name));
            }
        }
        out
    }
}

/// What a campaign's figures are computed from.
struct Sources {
    tree: Vec<TreeOrg>,
    held: Vec<Session>,
    links: Vec<(i64, i64, Option<usize>)>,
    attendance: Vec<(i64, i64, Mark, i64)>,
    /// The entries logged in the branches computed.
    logs: Vec<study::StudyLog>,
    /// The entries of those who led them, wherever logged (for 先学领学).
    leader_logs: Vec<study::StudyLog>,
    reflections: Vec<(i64, i64, i64)>,
    members: Vec<(i64, i64)>,
    leaders: Leaders,
}

/// The day from which the roster's history tells who led on a session day.
fn history_since(app: &App, c: &Campaign, held: &[Session]) -> Timestamp {
    held.first().map(|s| s.starts_at).unwrap_or(app.now()).min(
        app.zone
            .end_of_day(c.starts_on.yesterday().unwrap_or(c.starts_on)),
    )
}

/// Everything under the taking-part orgs, in a few queries over the whole campaign.
async fn whole(app: &App, c: &Campaign, roots: &[String]) -> Result<Sources> {
    let db = app.db.read();
    let held: Vec<Session> = sessions::of_campaign(db, c.id, &[])
        .await?
        .into_iter()
        .filter(|s| s.state.took_place())
        .collect();
    let since = history_since(app, c, &held);
    let leaders = Leaders::from_rows(
        source::holding(db, roots, &LEADING).await?,
        source::history_since(db, since).await?,
    );
    let logs = study::logs_of_campaign(db, c.id, &[]).await?;
    Ok(Sources {
        tree: source::orgs_under(db, roots).await?,
        held,
        links: sessions::links_of_campaign(db, c.id, &[]).await?,
        attendance: sessions::attendance_of_campaign(db, c.id, &[]).await?,
        leader_logs: logs.clone(),
        logs,
        reflections: source::reflections_by_org(db, c.id).await?,
        members: source::members_by_org(db, roots).await?,
        leaders,
    })
}

/// Only what the branches `ids` need: their rows, and the study of those who led them.
/// A dashboard recomputing a few changed branches of 20,000 reads a few hundred rows.
async fn some(app: &App, c: &Campaign, roots: &[String], ids: &[i64]) -> Result<Sources> {
    let db = app.db.read();
    let tree: Vec<TreeOrg> = kept::open_orgs(db, ids)
        .await?
        .into_iter()
        .filter(|o| roots.iter().any(|r| o.path.starts_with(r.as_str())))
        .collect();
    let ids: Vec<i64> = tree.iter().map(|o| o.id).collect();
    if ids.is_empty() {
        return Ok(Sources {
            tree,
            held: Vec::new(),
            links: Vec::new(),
            attendance: Vec::new(),
            logs: Vec::new(),
            leader_logs: Vec::new(),
            reflections: Vec::new(),
            members: Vec::new(),
            leaders: Leaders::from_rows(Vec::new(), Vec::new()),
        });
    }
    let held: Vec<Session> = sessions::of_campaign(db, c.id, &ids)
        .await?
        .into_iter()
        .filter(|s| s.state.took_place())
        .collect();
    let since = history_since(app, c, &held);
    let leaders = Leaders::from_rows(
        kept::holding_in(db, &ids, &LEADING).await?,
        kept::history_of_orgs(db, &ids, since).await?,
    );
    Ok(Sources {
        held,
        links: sessions::links_of_campaign(db, c.id, &ids).await?,
        attendance: sessions::attendance_of_campaign(db, c.id, &ids).await?,
        logs: study::logs_of_campaign(db, c.id, &ids).await?,
        leader_logs: kept::logs_of_members(db, c.id, &leaders.members()).await?,
        reflections: kept::reflections_of_orgs(db, c.id, &ids).await?,
        members: kept::members_of_orgs(db, &ids).await?,
        leaders,
        tree,
    })
}

/// Computes every branch's progress in campaign `c` — or only that of the branches `only`
/// (then `tree` holds just those of them that are open and take part).
pub async fn compute(app: &App, c: &Campaign, only: Option<&[i64]>) -> Result<CampaignFacts> {
    let roots = roots_of(app, c).await?;
    let materials = campaigns::materials(app.db.read(), c.id, false).await?;
    let standing_materials: HashSet<i64> = materials.iter().map(|m| m.id).collect();
    let src = match only {
        None => whole(app, c, &roots).await?,
        Some(ids) => some(app, c, &roots, ids).await?,
    };
    let Sources {
        tree,
        held,
        links: link_rows,
        attendance,
        logs,
        leader_logs,
        reflections,
        members,
        leaders,
    } = src;
    let mut links: HashMap<i64, Vec<(i64, Option<usize>)>> = HashMap::new();
    for (a, m, ch) in link_rows {
        if standing_materials.contains(&m) {
            links.entry(a).or_default().push((m, ch));
        }
    }
    // Per activity: expected, present, volunteer minutes, who was present.
    let mut marks: HashMap<i64, (u32, u32, i64, Vec<i64>)> = HashMap::new();
    for (a, member, mark, minutes) in attendance {
        let e = marks.entry(a).or_default();
        if mark != Mark::Guest {
            e.0 += 1;
        }
        if mark == Mark::Present {
            e.1 += 1;
            e.3.push(member);
        }
        e.2 += minutes;
    }
    let reflections: HashMap<i64, (i64, i64)> = reflections
        .into_iter()
        .map(|(o, n, f)| (o, (n, f)))
        .collect();
    let members: HashMap<i64, i64> = members.into_iter().collect();

    // Study per material (every member's logs, whatever their branch then), for 先学领学.
    let mut studied_of: HashMap<i64, Vec<Studied>> = HashMap::new();
    for l in &leader_logs {
        if let Some(m) = l.material_id {
            studied_of.entry(m).or_default().push(Studied {
                member_id: l.member_id,
                chapter: l.chapter,
                day: l.day,
            });
        }
    }
    let mut by_org: HashMap<i64, Vec<&Session>> = HashMap::new();
    for s in &held {
        by_org.entry(s.org_id).or_default().push(s);
    }
    let mut logs_by_org: HashMap<i64, Vec<&study::StudyLog>> = HashMap::new();
    for l in &logs {
        logs_by_org.entry(l.org_id).or_default().push(l);
    }

    let mut branches = Vec::new();
    for org in tree.iter().filter(|o| o.is_branch) {
        let mine = by_org.get(&org.id).map(Vec::as_slice).unwrap_or(&[]);
        let my_logs = logs_by_org.get(&org.id).map(Vec::as_slice).unwrap_or(&[]);
        let mut f = Figures {
            branches: 1,
            members: members.get(&org.id).copied().unwrap_or(0) as u32,
            ..Figures::default()
        };
        let mut rows = Vec::new();
        let mut studying: HashSet<i64> = HashSet::new();
        let mut studied: BTreeMap<i64, HashSet<i64>> = BTreeMap::new();
        let mut first: BTreeMap<i64, &Session> = BTreeMap::new();
        for s in mine {
            *f.held_by_kind.entry(s.kind.clone()).or_default() += 1;
            let (expected, present, minutes, who) =
                marks.get(&s.activity_id).cloned().unwrap_or_default();
            f.expected += expected;
            f.present += present;
            f.volunteer_minutes += minutes;
            studying.extend(who.iter().copied());
            let mut material_ids: Vec<i64> = links
                .get(&s.activity_id)
                .map(|l| l.iter().map(|(m, _)| *m).collect())
                .unwrap_or_default();
            material_ids.sort_unstable();
            material_ids.dedup();
            for m in &material_ids {
                studied.entry(*m).or_default().extend(who.iter().copied());
                first.entry(*m).or_insert(s);
            }
            rows.push(SessionRow {
                activity_id: s.activity_id,
                day: app.zone.civil_date(s.starts_at),
                starts_at: s.starts_at,
                kind: s.kind.clone(),
                title: s.title.clone(),
                leader: s.leader.clone(),
                expected,
                present,
                material_ids,
            });
        }
        for l in my_logs {
            studying.insert(l.member_id);
            f.study_minutes += l.minutes;
            if let Some(m) = l.material_id
                && standing_materials.contains(&m)
            {
                studied.entry(m).or_default().insert(l.member_id);
            }
        }
        f.materials_covered = first.len() as u32;
        f.members_studying = studying.len() as u32;
        f.studied_by_material = studied
            .iter()
            .map(|(m, who)| (*m, who.len() as u32))
            .collect();
        let (written, featured) = reflections.get(&org.id).copied().unwrap_or((0, 0));
        f.reflections = written as u32;
        f.featured = featured as u32;
        let mut leads = Vec::new();
        for m in &materials {
            let session = first.get(&m.id);
            let day = session.map(|s| app.zone.civil_date(s.starts_at));
            let then = day
                .map(|d| leaders.on(org.id, app.zone.end_of_day(d)))
                .unwrap_or_default();
            let ids: Vec<i64> = then.iter().map(|(id, _)| *id).collect();
            let judged = lead_first(
                day,
                &ids,
                studied_of.get(&m.id).map(Vec::as_slice).unwrap_or(&[]),
                m.chapters.len(),
            );
            let done = judged.as_ref().is_some_and(|j| j.done());
            if done {
                f.lead_first_done += 1;
            }
            leads.push(MaterialLead {
                material_id: m.id,
                first_session: session.map(|s| {
                    (
                        app.zone.civil_date(s.starts_at),
                        s.activity_id,
                        s.leader.clone(),
                    )
                }),
                leaders: judged
                    .map(|j| {
                        j.leaders
                            .iter()
                            .zip(then.iter())
                            .map(|((id, ok), (_, name))| (*id, name.clone(), *ok))
                            .collect()
                    })
                    .unwrap_or_default(),
                done,
            });
        }
        let requirements = requirements_standing(&c.requirements, &f.held_by_kind);
        f.requirements_met = u32::from(all_met(&requirements));
        branches.push(BranchProgress {
            org: org.clone(),
            figures: f,
            requirements,
            leads,
            sessions: rows,
        });
    }
    Ok(CampaignFacts {
        materials,
        tree,
        branches,
    })
}
