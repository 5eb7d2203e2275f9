//! The activities a person may see, filtered: by org, kind, state and year.

use super::kinds;
use super::ledger::year_bounds;
use crate::error::Result;
use crate::{Actor, App};
use domain::access::Action;
use domain::activity::ActivityState;
use store::activities::{self, Activity, Query};

/// What a list of activities asks for.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ActivityFilter {
    /// One org (its own activities only).
    #[serde(default)]
    pub org: Option<i64>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub year: Option<i16>,
}

/// The most a list reads.
pub const MAX: i64 = 5000;

/// The activities `actor` may see that match `filter`, latest first.
pub async fn list(app: &App, actor: &Actor, filter: &ActivityFilter) -> Result<Vec<Activity>> {
    let viewer = actor.access.roots(Action::ViewActivities);
    let mut found = fetch(app, &viewer, filter).await?;
    // Members read their branch's records only where the branch shares them.
    let shared_roots: Vec<String> = actor
        .access
        .roots(Action::ReadSharedActivities)
        .into_iter()
        .filter(|r| !viewer.iter().any(|v| r.starts_with(v.as_str())))
        .collect();
    if !shared_roots.is_empty() {
        let mut shared = fetch(app, &shared_roots, filter).await?;
        let mut sharing = std::collections::HashMap::new();
        let mut kept = Vec::new();
        for a in shared.drain(..) {
            let shares = match sharing.get(&a.org_id) {
                Some(s) => *s,
                None => {
                    let s = kinds::choices(app, a.org_id).await?.share_records;
                    sharing.insert(a.org_id, s);
                    s
                }
            };
            if shares {
                kept.push(a);
            }
        }
        found.extend(kept);
        found.sort_by(|a, b| {
            b.content
                .starts_at
                .cmp(&a.content.starts_at)
                .then(b.id.cmp(&a.id))
        });
    }
    Ok(found)
}

async fn fetch(app: &App, roots: &[String], filter: &ActivityFilter) -> Result<Vec<Activity>> {
    let orgs: Vec<i64> = filter.org.into_iter().collect();
    let states: Vec<ActivityState> = filter
        .state
        .as_deref()
        .and_then(ActivityState::parse)
        .into_iter()
        .collect();
    let (from, until) = match filter.year.and_then(|y| year_bounds(app, y)) {
        Some((f, u)) => (Some(f), Some(u)),
        None => (None, None),
    };
    Ok(activities::list(
        app.db.read(),
        Query {
            roots,
            org_ids: &orgs,
            kind: filter.kind.as_deref().filter(|k| !k.is_empty()),
            states: &states,
            from,
            until,
            latest_first: true,
            limit: MAX,
        },
    )
    .await?)
}

/// A branch's page: its next meetings and those it held last.
#[derive(Debug, Clone, Default)]
pub struct OfBranch {
    /// Planned from now on, earliest first.
    pub upcoming: Vec<Activity>,
    /// Held or confirmed, latest first.
    pub recent: Vec<Activity>,
}

/// How many of each [`of_branch`] shows.
const ON_BRANCH_PAGE: i64 = 5;

/// The upcoming and recent activities of `org` when `actor` may read its records (a viewer
/// of the subtree, or a member of a branch that shares them); `None` otherwise, nothing
/// recorded: the org page simply leaves the section out.
pub async fn of_branch(
    app: &App,
    actor: &Actor,
    org: &store::orgs::Org,
) -> Result<Option<OfBranch>> {
    if super::access::reach_org(app, actor, org.id, &org.path)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let roots = [org.path.clone()];
    let ids = [org.id];
    let query = |states, latest_first, from, until| Query {
        roots: &roots,
        org_ids: &ids,
        kind: None,
        states,
        from,
        until,
        latest_first,
        limit: ON_BRANCH_PAGE,
    };
    let now = Some(app.now());
    let db = app.db.read();
    let planned = [ActivityState::Planned];
    let took_place = [ActivityState::Held, ActivityState::Confirmed];
    Ok(Some(OfBranch {
        upcoming: activities::list(db, query(&planned, false, now, None)).await?,
        recent: activities::list(db, query(&took_place, true, None, None)).await?,
    }))
}
