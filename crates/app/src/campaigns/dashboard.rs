//! The committee's campaign dashboard: one row per org at the level looked at (the children
//! of `under`, by default the orgs taking part), each with the figures of every branch below
//! it, and the totals — activities held by kind, attendance, materials covered, 先学领学,
//! members who studied each material, reflections, volunteer time, science events, branches
//! meeting every requirement. A row that is not a branch drills down; a branch row leads to
//! the branch's page.
//!
//! Those who run the campaign see the whole tree; those who view some taking-part subtrees'
//! records (branch admins, committees below) see those subtrees only. The figures are read
//! from the kept sums ([`super::kept`]), brought up to date first.

use super::access;
use super::kept::{self, parse, path_ids};
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::access::{Action, within};
use domain::activity_content::Kind;
use domain::campaign_progress::Figures;
use store::campaign_dashboard::{self as store_kept, KeptRow};
use store::campaigns::{self, Campaign, StoredMaterial};

/// One org at the level looked at.
#[derive(Debug, Clone)]
pub struct Row {
    pub org_id: i64,
    pub name: String,
    pub is_branch: bool,
    /// The sum over the branches below it (its own figures for a branch).
    pub figures: Figures,
}

/// A step of the way down (面包屑): an org above the level looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub org_id: i64,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Dashboard {
    pub campaign: Campaign,
    pub materials: Vec<StoredMaterial>,
    /// The actor runs the campaign (and sees all of it).
    pub manages: bool,
    /// The org whose children are the rows; `None` at the top (the orgs the actor sees).
    pub under: Option<Step>,
    /// From the top down to `under`, `under` included.
    pub trail: Vec<Step>,
    /// The top itself is one org (`trail`'s first step); else the top lists several.
    pub top_is_one: bool,
    pub rows: Vec<Row>,
    pub totals: Figures,
    /// The kinds of activity configured, for their names.
    pub kinds: Vec<Kind>,
    /// The kind codes shown as columns: those held or required, in the configured order.
    pub kind_codes: Vec<String>,
}

impl Dashboard {
    /// Branches meeting every requirement, of the branches counted.
    pub fn requirements_met(&self) -> (u32, u32) {
        (self.totals.requirements_met, self.totals.branches)
    }
}

/// The orgs the actor sees at the top of campaign `c`'s tree: its roots for those who run
/// it; else, per subtree whose records they view, the part inside the tree.
pub(crate) fn tops(actor: &Actor, roots: &[String], manages: bool) -> Vec<String> {
    if manages {
        return roots.to_vec();
    }
    let mut out: Vec<String> = Vec::new();
    for v in actor.access.roots(Action::ViewActivities) {
        for r in roots {
            if within(&v, r) {
                out.push(v.clone());
            } else if within(r, &v) {
                out.push(r.clone());
            }
        }
    }
    out.sort();
    out.dedup();
    let all = out.clone();
    out.retain(|p| !all.iter().any(|q| q != p && within(p, q)));
    out
}

/// The org a path ends with (`/1/7/42/` → 42).
fn last_id(path: &str) -> Option<i64> {
    path_ids(path).last().copied()
}

fn rows_of(kept: Vec<KeptRow>) -> Result<Vec<Row>> {
    let mut out = Vec::with_capacity(kept.len());
    for k in kept {
        let figures = parse(&k.total)?;
        // Orgs without a branch below them have nothing to show.
        if figures.branches == 0 {
            continue;
        }
        out.push(Row {
            org_id: k.org_id,
            name: k.name,
            is_branch: k.is_branch,
            figures,
        });
    }
    Ok(out)
}

/// Loads campaign `id` for its dashboard: run by the actor, or viewed (some taking-part
/// subtree's records). A member who only studies in it gets 404 like anyone else.
pub(crate) async fn viewable(app: &App, actor: &Actor, id: i64) -> Result<(Campaign, bool)> {
    let (c, seat) = access::readable(app, actor, id).await?;
    if !seat.manages && !seat.views {
        return Err(access::deny(app, actor, Action::ViewActivities, &c).await);
    }
    Ok((c, seat.manages))
}

/// The dashboard of campaign `id` at the level below `under` (default: the top).
pub async fn dashboard(
    app: &App,
    actor: &Actor,
    campaign_id: i64,
    under: Option<i64>,
) -> Result<Dashboard> {
    let (c, manages) = viewable(app, actor, campaign_id).await?;
    kept::refresh(app, &c).await?;
    let roots = super::figures::roots_of(app, &c).await?;
    let tops = tops(actor, &roots, manages);
    let db = app.db.read();
    let top_ids: Vec<i64> = tops.iter().filter_map(|p| last_id(p)).collect();
    let top_rows = store_kept::kept_rows(db, c.id, &top_ids).await?;
    // One org at the top that is not a branch: its children are the first level.
    let single = match top_rows.as_slice() {
        [one] if !one.is_branch => Some(one.org_id),
        _ => None,
    };
    let under = under.or(single);
    let (rows, totals, trail) = match under {
        None => {
            let rows = rows_of(top_rows)?;
            let mut totals = Figures::default();
            for r in &rows {
                totals.add(&r.figures);
            }
            (rows, totals, Vec::new())
        }
        Some(org) => {
            let Some(at) = store_kept::kept_rows(db, c.id, &[org]).await?.pop() else {
                return Err(Error::not_found());
            };
            if !tops.iter().any(|t| within(&at.path, t)) {
                return Err(access::deny(app, actor, Action::ViewActivities, &c).await);
            }
            // The way down: the orgs of its path from the top the actor sees.
            let top = tops.iter().find(|t| within(&at.path, t)).cloned();
            let from = top.as_deref().and_then(last_id);
            let ids: Vec<i64> = path_ids(&at.path)
                .into_iter()
                .skip_while(|id| Some(*id) != from)
                .collect();
            let mut steps = store_kept::kept_rows(db, c.id, &ids).await?;
            steps.sort_by_key(|s| s.path.len());
            let trail = steps
                .into_iter()
                .map(|s| Step {
                    org_id: s.org_id,
                    name: s.name,
                })
                .collect();
            let totals = parse(&at.total)?;
            let rows = rows_of(store_kept::kept_children(db, c.id, org).await?)?;
            (rows, totals, trail)
        }
    };
    let kinds = crate::activities::kinds::all(app).await?;
    let kind_codes = shown_kinds(&kinds, &c, &totals);
    let materials = campaigns::materials(db, c.id, false).await?;
    Ok(Dashboard {
        under: trail.last().cloned(),
        top_is_one: single.is_some(),
        trail,
        rows,
        totals,
        kinds,
        kind_codes,
        materials,
        manages,
        campaign: c,
    })
}

/// The kinds shown as columns: held anywhere below or required, in the configured order
/// (a kind no longer configured comes last, by its code).
pub(crate) fn shown_kinds(kinds: &[Kind], c: &Campaign, totals: &Figures) -> Vec<String> {
    let wanted = |code: &str| {
        totals.held_by_kind.contains_key(code) || c.requirements.iter().any(|r| r.kind == code)
    };
    let mut out: Vec<String> = kinds
        .iter()
        .filter(|k| wanted(&k.code))
        .map(|k| k.code.clone())
        .collect();
    let mut rest: Vec<String> = totals
        .held_by_kind
        .keys()
        .cloned()
        .chain(c.requirements.iter().map(|r| r.kind.clone()))
        .filter(|code| !out.contains(code))
        .collect();
    rest.sort();
    rest.dedup();
    out.extend(rest);
    out
}

/// Every branch below the level looked at (or the whole top), each with its own figures and
/// the names of the orgs between: the export's last sheet.
pub async fn every_branch(app: &App, d: &Dashboard) -> Result<Vec<(Row, Vec<String>)>> {
    let db = app.db.read();
    let scope: Vec<KeptRow> = match &d.under {
        Some(u) => store_kept::kept_rows(db, d.campaign.id, &[u.org_id]).await?,
        None => {
            let ids: Vec<i64> = d.rows.iter().map(|r| r.org_id).collect();
            store_kept::kept_rows(db, d.campaign.id, &ids).await?
        }
    };
    let paths: Vec<String> = scope.iter().map(|r| r.path.clone()).collect();
    let all = store_kept::kept_under(db, d.campaign.id, &paths).await?;
    let names: std::collections::HashMap<i64, String> =
        all.iter().map(|r| (r.org_id, r.name.clone())).collect();
    let mut out = Vec::new();
    for r in all.iter().filter(|r| r.is_branch) {
        let Some(own) = r.own.as_deref() else {
            continue;
        };
        let above: Vec<String> = path_ids(&r.path)
            .into_iter()
            .filter(|id| *id != r.org_id)
            .filter_map(|id| names.get(&id).cloned())
            .collect();
        out.push((
            Row {
                org_id: r.org_id,
                name: r.name.clone(),
                is_branch: true,
                figures: parse(own)?,
            },
            above,
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::campaign::Requirement;

    #[test]
    fn the_kinds_shown_are_those_held_or_required_in_the_configured_order() {
        let kind = |code: &str| Kind {
            code: code.into(),
            name: code.into(),
            frequency: domain::activity::Frequency::AsNeeded,
            active: true,
        };
        let kinds = vec![
            kind("branch_meeting"),
            kind("theme_day"),
            kind("party_lecture"),
        ];
        let mut totals = Figures::default();
        totals.held_by_kind.insert("party_lecture".into(), 2);
        totals.held_by_kind.insert("zz_retired".into(), 1);
        let c = Campaign {
            id: 1,
            org_id: 1,
            org_name: String::new(),
            org_path: "/1/".into(),
            theme: String::new(),
            starts_on: jiff::civil::date(2022, 8, 5),
            ends_on: jiff::civil::date(2022, 10, 15),
            description: String::new(),
            requirements: vec![Requirement {
                kind: "theme_day".into(),
                count: 1,
                note: String::new(),
            }],
            notice_id: None,
            state: domain::campaign::CampaignState::Open,
            version: 1,
            created_by: 1,
            created_at: domain::Timestamp(0),
            updated_at: domain::Timestamp(0),
        };
        assert_eq!(
            shown_kinds(&kinds, &c, &totals),
            vec!["theme_day", "party_lecture", "zz_retired"]
        );
    }

    #[test]
    fn a_path_ends_with_its_org() {
        assert_eq!(last_id("/1/7/42/"), Some(42));
        assert_eq!(last_id("/"), None);
    }
}
