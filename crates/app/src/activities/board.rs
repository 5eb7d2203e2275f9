//! The committee's view of branch life: for its subtree and one quarter, which branches are
//! behind on each kind of activity (lights, rates), rolled up by child org for drill-down.

use super::kinds;
use super::ledger::{month_of, year_bounds, year_point};
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::OrgKind;
use domain::access::Action;
use domain::activity_content::Kind;
use domain::activity_standing::{Standing, quarter_months, standing};
use domain::supervision::{Light, LightCounts};
use std::collections::HashMap;
use store::orgs::Org;

/// One branch's standing on each owed kind (in the order of [`Board::kinds`]).
#[derive(Debug, Clone)]
pub struct BranchLine {
    pub org: Org,
    pub standings: Vec<Standing>,
    /// Its worst light.
    pub light: Light,
}

/// One child subtree of the org looked at, its branches' lights counted per kind.
#[derive(Debug, Clone)]
pub struct Rollup {
    pub org: Org,
    pub branches: usize,
    pub per_kind: Vec<LightCounts>,
    pub lights: LightCounts,
}

#[derive(Debug, Clone)]
pub struct Board {
    pub org: Org,
    pub year: i16,
    pub quarter: u32,
    /// The kinds owed (held as needed are left out).
    pub kinds: Vec<Kind>,
    /// The branches, most behind first.
    pub branches: Vec<BranchLine>,
    pub rollup: Vec<Rollup>,
    /// Per kind, over every branch.
    pub totals: Vec<LightCounts>,
}

impl Board {
    /// Of the branches, the share (percent) that met every period so far on kind `i`.
    pub fn rate(&self, i: usize) -> f64 {
        let total = self.totals.get(i).map(|t| t.total()).unwrap_or(0);
        let green = self.totals.get(i).map(|t| t.green).unwrap_or(0);
        domain::supervision::percent(green, total)
    }
}

/// The most branches a board reads at once.
const MAX_BRANCHES: i64 = 20_000;

/// The board of `org_id`'s subtree for `quarter` (1–4) of `year`.
pub async fn board(
    app: &App,
    actor: &Actor,
    org_id: i64,
    year: i16,
    quarter: u32,
) -> Result<Board> {
    let org = crate::roster::orgs::load(app, actor, org_id, Action::ViewActivities).await?;
    let (from, until) = year_bounds(app, year)
        .ok_or_else(|| Error::bad_request("invalid_year", "activity.problem.year"))?;
    let quarter = quarter.clamp(1, 4);
    let (first, last) = quarter_months(quarter);
    let kinds: Vec<Kind> = kinds::all(app)
        .await?
        .into_iter()
        .filter(|k| k.active && k.frequency.expected_by(12) > 0)
        .collect();
    let db = app.db.read();
    let branches: Vec<Org> = store::orgs::list_under(db, &org.path, MAX_BRANCHES, 0)
        .await?
        .into_iter()
        .filter(|o| o.kind == OrgKind::Branch && o.is_open())
        .collect();
    let roots = [org.path.clone()];
    let mut held: HashMap<(i64, &str), [u32; 12]> = HashMap::new();
    let rows = store::activities::held_between(db, &roots, from, until).await?;
    for (kind, h) in &rows {
        if let Some(k) = kinds.iter().find(|k| &k.code == kind) {
            let months = held.entry((h.org_id, k.code.as_str())).or_insert([0; 12]);
            months[(month_of(app, h.starts_at) - 1) as usize] += 1;
        }
    }
    let point = year_point(app, year);
    let none = [0; 12];
    let mut totals = vec![LightCounts::default(); kinds.len()];
    let mut lines: Vec<BranchLine> = branches
        .into_iter()
        .map(|b| {
            let standings: Vec<Standing> = kinds
                .iter()
                .filter_map(|k| {
                    let months = held.get(&(b.id, k.code.as_str())).unwrap_or(&none);
                    standing(k.frequency, months, first, last, point)
                })
                .collect();
            let light = standings
                .iter()
                .map(|s| s.light)
                .min()
                .unwrap_or(Light::Green);
            for (t, s) in totals.iter_mut().zip(&standings) {
                t.add(s.light);
            }
            BranchLine {
                org: b,
                standings,
                light,
            }
        })
        .collect();
    lines.sort_by(|a, b| {
        a.light
            .cmp(&b.light)
            .then_with(|| domain::natural::cmp(&a.org.name, &b.org.name))
    });
    let rollup = rollup(app, &org, &lines, kinds.len()).await?;
    Ok(Board {
        org,
        year,
        quarter,
        kinds,
        branches: lines,
        rollup,
        totals,
    })
}

async fn rollup(app: &App, org: &Org, lines: &[BranchLine], kinds: usize) -> Result<Vec<Rollup>> {
    let children = store::orgs::children(app.db.read(), org.id).await?;
    Ok(children
        .into_iter()
        .map(|c| {
            let mut r = Rollup {
                org: c.org,
                branches: 0,
                per_kind: vec![LightCounts::default(); kinds],
                lights: LightCounts::default(),
            };
            for line in lines.iter().filter(|l| l.org.path.starts_with(&r.org.path)) {
                r.branches += 1;
                r.lights.add(line.light);
                for (t, s) in r.per_kind.iter_mut().zip(&line.standings) {
                    t.add(s.light);
                }
            }
            r
        })
        .filter(|r| r.branches > 0)
        .collect())
}
