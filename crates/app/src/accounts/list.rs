//! The accounts an administrator sees, searched and paged, with the names they may read.

use super::target::name_visible;
use crate::Actor;
use crate::App;
use crate::authz::{self, Object};
use crate::error::Result;
use domain::Timestamp;
use domain::access::Action;
use domain::account_policy;
use store::accounts::{self, ReachedQuery, Summary};

/// Whether an account can be used now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    Disabled,
    /// Too many wrong passwords; usable again after this time.
    Locked(Timestamp),
}

impl Status {
    pub fn of(summary: &Summary, now: Timestamp) -> Status {
        if summary.disabled {
            Status::Disabled
        } else {
            match summary.locked_until {
                Some(until) if until > now => Status::Locked(until),
                _ => Status::Active,
            }
        }
    }

    /// For the API: active, disabled or locked.
    pub fn code(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Disabled => "disabled",
            Status::Locked(_) => "locked",
        }
    }
}

/// An account in a listing.
#[derive(Debug, Clone)]
pub struct Row {
    pub summary: Summary,
    /// The display name, or `None` when the viewer may not read it (a member's name, for a
    /// viewer who sees no roster).
    pub name: Option<String>,
    pub status: Status,
}

impl Row {
    pub fn new(user: &Actor, summary: Summary, now: Timestamp) -> Row {
        let name = name_visible(&user.access, &summary).then(|| summary.display_name.clone());
        Row {
            status: Status::of(&summary, now),
            name,
            summary,
        }
    }
}

pub struct Listing {
    pub rows: Vec<Row>,
    /// How many accounts match, on all pages.
    pub total: i64,
}

/// Accounts on a page of the listing.
pub const PER_PAGE: i64 = 30;
/// The most accounts one request lists.
pub const MAX_LIMIT: i64 = 100;

/// The accounts `user` sees whose username or readable name contains `q`, at most `limit`
/// (up to [`MAX_LIMIT`]) from `offset` on. Someone who sees no account at all is refused
/// (404, audited).
pub async fn list(state: &App, user: &Actor, q: &str, limit: i64, offset: i64) -> Result<Listing> {
    let limit = limit.clamp(1, MAX_LIMIT);
    let (found, total) = visible(state, user, q, limit, offset.max(0)).await?;
    let now = state.now();
    Ok(Listing {
        rows: found.into_iter().map(|s| Row::new(user, s, now)).collect(),
        total,
    })
}

/// The accounts `user` sees whose username or readable name contains `q` (`limit` from
/// `offset`) and how many match; someone who sees none is refused (404, audited).
async fn visible(
    state: &App,
    user: &Actor,
    q: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Summary>, i64)> {
    let reaches = account_policy::visible_reaches(&user.access);
    if reaches.is_empty() {
        let object = Object {
            kind: "account",
            id: 0,
            org_id: None,
        };
        authz::deny(state, user, Action::ManageMemberAccounts, object).await?;
    }
    let names_under = user.access.roots(Action::ViewRoster);
    let query = ReachedQuery {
        reaches: &reaches,
        names_under: &names_under,
        q,
    };
    Ok(accounts::list_reached(state.db.read(), &query, limit, offset).await?)
}

/// How many accounts the page list reads before narrowing and sorting.
pub const READ_AT_MOST: i64 = 20_000;

/// States an account is filtered by.
pub const STATES: [&str; 4] = ["active", "disabled", "locked", "must_change"];
/// Columns the account list sorts by.
pub const SORTS: [&str; 4] = ["username", "name", "org", "created"];

/// The account list's filters, as the query string gives them; empty means "any".
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AccountFilter {
    /// Username or readable name contains.
    #[serde(default)]
    pub q: String,
    /// One of [`STATES`].
    #[serde(default)]
    pub state: String,
    /// One of [`SORTS`]; default username (natural order: branch2 before branch10).
    #[serde(default)]
    pub sort: String,
    /// `desc` for descending.
    #[serde(default)]
    pub dir: String,
}

impl AccountFilter {
    fn matches(&self, row: &Row) -> bool {
        match self.state.as_str() {
            "active" => row.status == Status::Active,
            "disabled" => row.status == Status::Disabled,
            "locked" => matches!(row.status, Status::Locked(_)),
            "must_change" => row.summary.must_change_password,
            _ => true,
        }
    }

    fn order(&self, a: &Row, b: &Row) -> std::cmp::Ordering {
        let natural = domain::natural::cmp;
        let users = || natural(&a.summary.username, &b.summary.username);
        let o = match self.sort.as_str() {
            // A hidden name sorts as nothing, so no order gives it away.
            "name" => natural(
                a.name.as_deref().unwrap_or(""),
                b.name.as_deref().unwrap_or(""),
            )
            .then_with(users),
            "org" => natural(
                a.summary.member_org_name.as_deref().unwrap_or(""),
                b.summary.member_org_name.as_deref().unwrap_or(""),
            )
            .then_with(users),
            "created" => a.summary.created_at.cmp(&b.summary.created_at),
            _ => users(),
        };
        if self.dir == "desc" { o.reverse() } else { o }
    }
}

/// Every account `user` sees that passes `filter`, in the order asked for (the page list and
/// its paging; the API pages with [`list`]).
pub async fn selected(state: &App, user: &Actor, filter: &AccountFilter) -> Result<Vec<Row>> {
    let (found, _) = visible(state, user, filter.q.trim(), READ_AT_MOST, 0).await?;
    let now = state.now();
    let mut rows: Vec<Row> = found
        .into_iter()
        .map(|s| Row::new(user, s, now))
        .filter(|r| filter.matches(r))
        .collect();
    rows.sort_by(|a, b| filter.order(a, b));
    Ok(rows)
}
