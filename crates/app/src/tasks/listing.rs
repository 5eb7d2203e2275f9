//! The 督办 list as a person narrows it: tasks their orgs assigned, searched by title, filtered
//! by state, category and deadline, sorted by urgency (the default), deadline, title or
//! category. The list page and its 督办台账 download go through the same selection.

use crate::zone::Zone;
use domain::Timestamp;
use domain::task::TaskStatus;
use serde::Deserialize;
use std::cmp::Ordering;
use store::tasks::Issued;

/// How many tasks a list reads before narrowing.
pub const READ_AT_MOST: i64 = 5000;

/// States a task is filtered by.
pub const STATES: [&str; 3] = ["open", "draft", "closed"];
/// Columns the list sorts by.
pub const SORTS: [&str; 3] = ["deadline", "title", "category"];

/// The filters as they come from the query string; empty means "any".
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TaskFilter {
    /// Title contains.
    #[serde(default)]
    pub q: String,
    /// One of [`STATES`].
    #[serde(default)]
    pub state: String,
    /// A category as the deployment names it.
    #[serde(default)]
    pub category: String,
    /// The deadline (of the current period) on or after this day, YYYY-MM-DD.
    #[serde(default)]
    pub from: String,
    /// … and on or before this day.
    #[serde(default)]
    pub to: String,
    /// One of [`SORTS`]; default: open tasks most urgent first, then drafts, then closed.
    #[serde(default)]
    pub sort: String,
    /// `desc` for descending.
    #[serde(default)]
    pub dir: String,
}

/// The deadline a task is listed under: its current period's, else its own.
pub fn deadline_of(i: &Issued) -> Option<Timestamp> {
    i.period.as_ref().map(|p| p.deadline).or(i.task.deadline)
}

fn state_rank(s: TaskStatus) -> u8 {
    match s {
        TaskStatus::Open => 0,
        TaskStatus::Draft => 1,
        TaskStatus::Closed => 2,
    }
}

/// Deadlines earliest first, tasks without one last.
fn by_deadline(a: Option<Timestamp>, b: Option<Timestamp>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

impl TaskFilter {
    fn matches(&self, i: &Issued, zone: &Zone) -> bool {
        let q = self.q.trim();
        let day = deadline_of(i).map(|d| zone.iso_date(d));
        let day = day.as_deref();
        (q.is_empty() || i.task.title.contains(q))
            && TaskStatus::parse(&self.state).is_none_or(|s| i.task.status == s)
            && (self.category.is_empty() || i.task.category == self.category)
            && (self.from.is_empty() || day.is_some_and(|d| d >= self.from.as_str()))
            && (self.to.is_empty() || day.is_some_and(|d| d <= self.to.as_str()))
    }

    /// The tasks passing the filters, in the order asked for.
    pub fn select(&self, rows: Vec<Issued>, zone: &Zone) -> Vec<Issued> {
        let mut kept: Vec<Issued> = rows.into_iter().filter(|i| self.matches(i, zone)).collect();
        kept.sort_by(|a, b| {
            let o = match self.sort.as_str() {
                "deadline" => by_deadline(deadline_of(a), deadline_of(b)),
                "title" => domain::natural::cmp(&a.task.title, &b.task.title),
                "category" => domain::natural::cmp(&a.task.category, &b.task.category),
                _ => state_rank(a.task.status)
                    .cmp(&state_rank(b.task.status))
                    .then_with(|| by_deadline(deadline_of(a), deadline_of(b))),
            }
            .then(b.task.id.cmp(&a.task.id));
            if self.dir == "desc" { o.reverse() } else { o }
        });
        kept
    }
}
