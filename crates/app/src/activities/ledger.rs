//! 三会一课台账: per branch and year, every activity that took place by kind and month, what the
//! expected frequency asked for against what was held, and the records behind the counts.

use super::attendance::figures_of_marks;
use super::kinds;
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::Timestamp;
use domain::access::Action;
use domain::activity::{ActivityState, Figures, Mark};
use domain::activity_content::Kind;
use domain::activity_standing::{Standing, YearPoint, standing};
use std::collections::HashMap;
use store::activities::{self, Activity, Query};
use store::activity_attendance as attendance;
use store::orgs::Org;

/// One kind's line.
#[derive(Debug, Clone)]
pub struct Line {
    pub kind: Kind,
    /// Held in each month, January first.
    pub per_month: [u32; 12],
    pub held: u32,
    /// Asked versus met so far (none for kinds held as needed).
    pub standing: Option<Standing>,
}

/// A branch's ledger for a year.
#[derive(Debug, Clone)]
pub struct Ledger {
    pub org: Org,
    pub year: i16,
    pub lines: Vec<Line>,
    /// The activities that took place, earliest first, with their attendance figures.
    pub records: Vec<(Activity, Figures)>,
}

/// The first instant of `year` and of the year after, in the deployment's zone.
pub fn year_bounds(app: &App, year: i16) -> Option<(Timestamp, Timestamp)> {
    let start = app.zone.day_bounds(&format!("{year:04}-01-01"))?.0;
    // i16::MAX has no year after it: no bounds rather than an overflow.
    let end = app
        .zone
        .day_bounds(&format!("{:04}-01-01", year.checked_add(1)?))?
        .0;
    Some((start, end))
}

/// Where `year` stands today.
pub fn year_point(app: &App, year: i16) -> YearPoint {
    let today = app.zone.civil_date(app.now());
    match today.year().cmp(&year) {
        std::cmp::Ordering::Less => YearPoint::NotBegun,
        std::cmp::Ordering::Greater => YearPoint::Over,
        std::cmp::Ordering::Equal => YearPoint::Month(today.month() as u32),
    }
}

/// The month (1–12) `t` falls in, in the deployment's zone.
pub fn month_of(app: &App, t: Timestamp) -> u32 {
    app.zone.civil_date(t).month() as u32
}

/// Loads org `org_id` for reading its records: a viewer of the subtree, or a member of a
/// branch that shares them.
pub async fn readable_org(app: &App, actor: &Actor, org_id: i64) -> Result<Org> {
    let org = store::orgs::by_id(app.db.read(), org_id)
        .await?
        .ok_or_else(Error::not_found)?;
    if super::access::reach_org(app, actor, org.id, &org.path)
        .await?
        .is_some()
    {
        return Ok(org);
    }
    let object = Object {
        kind: "org",
        id: org.id,
        org_id: Some(org.id),
    };
    authz::require(app, actor, Action::ViewActivities, &org.path, object).await?;
    Ok(org)
}

/// The ledger of branch `org_id` for `year`.
pub async fn ledger(app: &App, actor: &Actor, org_id: i64, year: i16) -> Result<Ledger> {
    let org = readable_org(app, actor, org_id).await?;
    let (from, until) = year_bounds(app, year)
        .ok_or_else(|| Error::bad_request("invalid_year", "activity.problem.year"))?;
    let roots = [org.path.clone()];
    let ids = [org.id];
    let took_place = [ActivityState::Held, ActivityState::Confirmed];
    let list = activities::list(
        app.db.read(),
        Query {
            roots: &roots,
            org_ids: &ids,
            states: &took_place,
            from: Some(from),
            until: Some(until),
            limit: 5000,
            ..Query::default()
        },
    )
    .await?;
    let kinds = kinds::all(app).await?;
    let point = year_point(app, year);
    let mut lines: Vec<Line> = kinds
        .iter()
        .filter(|k| k.active || list.iter().any(|a| a.content.kind == k.code))
        .map(|k| Line {
            kind: k.clone(),
            per_month: [0; 12],
            held: 0,
            standing: None,
        })
        .collect();
    for a in &list {
        if let Some(line) = lines.iter_mut().find(|l| l.kind.code == a.content.kind) {
            line.per_month[(month_of(app, a.content.starts_at) - 1) as usize] += 1;
            line.held += 1;
        }
    }
    for line in &mut lines {
        line.standing = standing(line.kind.frequency, &line.per_month, 1, 12, point);
    }
    let records = with_figures(app, list).await?;
    Ok(Ledger {
        org,
        year,
        lines,
        records,
    })
}

/// Each activity with its attendance figures, read in one query.
pub async fn with_figures(app: &App, list: Vec<Activity>) -> Result<Vec<(Activity, Figures)>> {
    let ids: Vec<i64> = list.iter().map(|a| a.id).collect();
    let mut marks: HashMap<i64, Vec<Mark>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for (id, mark, _) in attendance::marks_of(app.db.read(), chunk).await? {
            marks.entry(id).or_default().push(mark);
        }
    }
    Ok(list
        .into_iter()
        .map(|a| {
            let f = figures_of_marks(marks.get(&a.id).map(Vec::as_slice).unwrap_or(&[]));
            (a, f)
        })
        .collect())
}
