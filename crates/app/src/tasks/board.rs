//! 督办: the supervision board of a task's period — the maintained counts, a page of orgs most
//! urgent first, the lights rolled up by subtree for drill-down, and the plain-text 通报 of the
//! orgs that are late.

use crate::App;
use crate::error::Result;
use domain::Timestamp;
use domain::submission::SubmissionState;
use domain::supervision::{Counts, Light, LightCounts, is_overdue, light};
use store::orgs::Org;
use store::submissions::{self, BoardRow};
use store::tasks::{PeriodRow, Task};

/// One org's line, with its light at `now`.
#[derive(Debug, Clone)]
pub struct Line {
    pub row: BoardRow,
    pub light: Light,
    pub overdue: bool,
}

pub fn line(row: BoardRow, deadline: Timestamp, now: Timestamp) -> Line {
    Line {
        light: light(row.state, deadline, now),
        overdue: is_overdue(row.state, deadline, now),
        row,
    }
}

/// A page of the board, most urgent first; with `under` (an org's path, for drill-down) only
/// the orgs in that subtree.
pub async fn page(
    state: &App,
    period: &PeriodRow,
    under: Option<&str>,
    only: Option<SubmissionState>,
    limit: i64,
    offset: i64,
) -> Result<Vec<Line>> {
    let now = state.now();
    let (task, key, db) = (period.task_id, period.period.as_str(), state.db.read());
    let rows = match under {
        Some(path) => {
            submissions::board_page_under(db, task, key, path, only, limit, offset).await?
        }
        None => submissions::board_page(db, task, key, only, limit, offset).await?,
    };
    Ok(rows
        .into_iter()
        .map(|r| line(r, period.deadline, now))
        .collect())
}

/// One child subtree of the org being looked at, with its counts and lights.
#[derive(Debug, Clone)]
pub struct Rollup {
    pub org_id: i64,
    pub org_name: String,
    pub counts: Counts,
    pub lights: LightCounts,
    /// The child has orgs under it to drill into.
    pub has_children: bool,
}

impl Rollup {
    pub fn light(&self) -> Option<Light> {
        self.lights.worst()
    }
}

/// The reports under `under`, rolled up by each of its children (a child that reports itself
/// counts in its own line). Reads the rows of that subtree only.
pub async fn rollup(state: &App, period: &PeriodRow, under: &Org) -> Result<Vec<Rollup>> {
    let now = state.now();
    let children = store::orgs::children(state.db.read(), under.id).await?;
    let rows =
        submissions::board_under(state.db.read(), period.task_id, &period.period, &under.path)
            .await?;
    let mut out: Vec<Rollup> = children
        .iter()
        .map(|c| Rollup {
            org_id: c.org.id,
            org_name: c.org.name.clone(),
            counts: Counts::default(),
            lights: LightCounts::default(),
            has_children: c.children > 0,
        })
        .collect();
    for r in rows {
        let Some(i) = children
            .iter()
            .position(|c| r.org_path.starts_with(&c.org.path))
        else {
            continue;
        };
        out[i].counts.add(r.state, r.state.handed_in() && !r.late);
        out[i].lights.add(light(r.state, period.deadline, now));
    }
    out.retain(|r| r.counts.expected > 0);
    out.sort_by_key(|r| (r.light(), r.org_name.clone()));
    Ok(out)
}

/// Every line of the board under the task's org, in tree order (for the 台账 and 通报).
pub async fn all_lines(state: &App, task: &Task, period: &PeriodRow) -> Result<Vec<Line>> {
    let now = state.now();
    let rows =
        submissions::board_under(state.db.read(), task.id, &period.period, &task.org_path).await?;
    Ok(rows
        .into_iter()
        .map(|r| line(r, period.deadline, now))
        .collect())
}
