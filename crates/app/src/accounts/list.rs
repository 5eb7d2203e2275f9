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
    let limit = limit.clamp(1, MAX_LIMIT);
    let (found, total) =
        accounts::list_reached(state.db.read(), &query, limit, offset.max(0)).await?;
    let now = state.now();
    Ok(Listing {
        rows: found.into_iter().map(|s| Row::new(user, s, now)).collect(),
        total,
    })
}
