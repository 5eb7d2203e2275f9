//! Finding audit events: by time, account, action, org and result, newest first, paged.
//!
//! Every search is confined to what its reader may see: events of orgs inside the reader's
//! subtrees, plus events that belong to no org (logins, logouts, sessions), which every auditor
//! sees. Each filter has an index ending in `seq` (migration 0002), so a narrowed search walks
//! one index backwards instead of the table.

use super::{AuditEvent, EVENT_COLUMNS, Outcome, event_from_row};
use crate::error::Result;
use crate::orgs::subtree_range;
use domain::Timestamp;

/// How an event's action must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionMatch {
    /// Exactly this action, e.g. `login`.
    Exact(String),
    /// Any action starting with this, e.g. `session.` for every session event.
    Prefix(String),
}

/// What to look for. Empty fields do not narrow.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// From this instant on (inclusive).
    pub from: Option<Timestamp>,
    /// Before this instant (exclusive).
    pub to: Option<Timestamp>,
    /// The username recorded with the event (what was typed, for failed logins).
    pub username: Option<String>,
    pub action: Option<ActionMatch>,
    /// Events of the org at this materialised path and everything under it.
    pub org_path: Option<String>,
    pub result: Option<Outcome>,
    /// The subtrees (materialised paths) the reader may see; events without an org are visible
    /// to every reader. Empty: only events without an org.
    pub visible: Vec<String>,
}

/// Which part of the matches to answer, newest first.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
    /// Only events before this seq: continues a walk from where the last batch ended, which
    /// unlike a growing offset costs the same on every batch.
    pub before_seq: Option<i64>,
}

impl Page {
    pub fn new(limit: i64, offset: i64) -> Page {
        Page {
            limit,
            offset,
            before_seq: None,
        }
    }
}

enum Value {
    Int(i64),
    Text(String),
}

/// A WHERE clause with its values, numbered `$1, $2 …` in the order they appear (as SQLite
/// binds them).
#[derive(Default)]
struct Conditions {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    /// Adds a value and answers its placeholder.
    fn value(&mut self, v: Value) -> String {
        self.values.push(v);
        format!("${}", self.values.len())
    }

    fn of(filter: &AuditFilter, before_seq: Option<i64>) -> Conditions {
        let mut c = Conditions::default();
        c.visible(&filter.visible);
        if let Some(from) = filter.from {
            let p = c.value(Value::Int(from.millis()));
            c.clauses.push(format!("e.at >= {p}"));
        }
        if let Some(to) = filter.to {
            let p = c.value(Value::Int(to.millis()));
            c.clauses.push(format!("e.at < {p}"));
        }
        if let Some(username) = &filter.username {
            let p = c.value(Value::Text(username.clone()));
            c.clauses.push(format!("e.username = {p}"));
        }
        match &filter.action {
            Some(ActionMatch::Exact(action)) => {
                let p = c.value(Value::Text(action.clone()));
                c.clauses.push(format!("e.action = {p}"));
            }
            // A range rather than LIKE: it uses the index on both backends. Actions are ASCII
            // codes, all below '~'.
            Some(ActionMatch::Prefix(prefix)) => {
                let lo = c.value(Value::Text(prefix.clone()));
                let hi = c.value(Value::Text(format!("{prefix}~")));
                c.clauses
                    .push(format!("e.action >= {lo} AND e.action < {hi}"));
            }
            None => {}
        }
        if let Some(path) = &filter.org_path {
            let (lo, hi) = subtree_range(path);
            let lo = c.value(Value::Text(lo));
            let hi = c.value(Value::Text(hi));
            c.clauses.push(format!(
                "e.org_id IN (SELECT id FROM orgs WHERE path >= {lo} AND path < {hi})"
            ));
        }
        if let Some(result) = filter.result {
            let p = c.value(Value::Text(result.as_str().to_owned()));
            c.clauses.push(format!("e.result = {p}"));
        }
        if let Some(seq) = before_seq {
            let p = c.value(Value::Int(seq));
            c.clauses.push(format!("e.seq < {p}"));
        }
        c
    }

    /// Events without an org, or of an org inside one of `roots`.
    fn visible(&mut self, roots: &[String]) {
        if roots.is_empty() {
            self.clauses.push("e.org_id IS NULL".to_owned());
            return;
        }
        let mut ranges = Vec::new();
        for root in roots {
            let (lo, hi) = subtree_range(root);
            let lo = self.value(Value::Text(lo));
            let hi = self.value(Value::Text(hi));
            ranges.push(format!("(path >= {lo} AND path < {hi})"));
        }
        self.clauses.push(format!(
            "(e.org_id IS NULL OR e.org_id IN (SELECT id FROM orgs WHERE {}))",
            ranges.join(" OR ")
        ));
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    fn bind<'q>(
        &'q self,
        mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for v in &self.values {
            q = match v {
                Value::Int(i) => q.bind(*i),
                Value::Text(s) => q.bind(s.as_str()),
            };
        }
        q
    }
}

/// The events matching `filter`, newest (highest seq) first.
pub async fn search<'e, E>(ex: E, filter: &AuditFilter, page: Page) -> Result<Vec<AuditEvent>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut c = Conditions::of(filter, page.before_seq);
    let where_ = c.sql();
    let limit = c.value(Value::Int(page.limit.max(0)));
    let offset = c.value(Value::Int(page.offset.max(0)));
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM audit_events e LEFT JOIN orgs o ON o.id = e.org_id \
         LEFT JOIN accounts a ON a.id = e.account_id{where_} \
         ORDER BY e.seq DESC LIMIT {limit} OFFSET {offset}"
    );
    let rows = c.bind(sqlx::query(&sql)).fetch_all(ex).await?;
    rows.iter().map(event_from_row).collect()
}

/// How many events match `filter`.
pub async fn count<'e, E>(ex: E, filter: &AuditFilter) -> Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let c = Conditions::of(filter, None);
    let sql = format!("SELECT COUNT(*) FROM audit_events e{}", c.sql());
    let row = c.bind(sqlx::query(&sql)).fetch_one(ex).await?;
    Ok(sqlx::Row::try_get(&row, 0)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_the_order_they_appear() {
        let filter = AuditFilter {
            from: Some(Timestamp(1)),
            action: Some(ActionMatch::Prefix("session.".into())),
            result: Some(Outcome::Denied),
            visible: vec!["/1/".into()],
            ..AuditFilter::default()
        };
        let c = Conditions::of(&filter, Some(9));
        let sql = format!("{} ", c.sql());
        let positions: Vec<usize> = (1..=c.values.len())
            .map(|n| {
                sql.find(&format!("${n} "))
                    .or_else(|| sql.find(&format!("${n})")))
                    .unwrap_or_else(|| panic!("${n} missing from {sql}"))
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{sql}");
        assert_eq!(c.values.len(), 7);
    }

    #[test]
    fn a_reader_without_subtrees_sees_only_events_without_an_org() {
        let c = Conditions::of(&AuditFilter::default(), None);
        assert_eq!(c.sql(), " WHERE e.org_id IS NULL");
    }
}
