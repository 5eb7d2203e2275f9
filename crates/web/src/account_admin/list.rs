//! The accounts an administrator sees, searched and paged, with the names they may read.

use super::target::name_visible;
use crate::auth::Client;
use crate::auth::current::Authenticated;
use crate::authz::{self, Object};
use crate::error::Result;
use crate::state::AppState;
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
    pub fn new(user: &Authenticated, summary: Summary, now: Timestamp) -> Row {
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
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl Listing {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

pub const PER_PAGE: i64 = 30;
pub const MAX_PER_PAGE: i64 = 100;

/// Whether `user` sees any account at all (for the menu and the listing).
pub fn sees_any(user: &Authenticated) -> bool {
    !account_policy::visible_reaches(&user.access).is_empty()
}

/// Page `page` (from 1) of the accounts `user` sees whose username or readable name contains
/// `q`. Someone who sees no account at all is refused (404, audited).
pub async fn list(
    state: &AppState,
    user: &Authenticated,
    client: &Client,
    q: &str,
    page: i64,
    per_page: i64,
) -> Result<Listing> {
    let reaches = account_policy::visible_reaches(&user.access);
    if reaches.is_empty() {
        let object = Object {
            kind: "account",
            id: 0,
            org_id: None,
        };
        authz::deny(state, user, client, Action::ManageMemberAccounts, object).await?;
    }
    let page = page.max(1);
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    let names_under = user.access.roots(Action::ViewRoster);
    let query = ReachedQuery {
        reaches: &reaches,
        names_under: &names_under,
        q,
    };
    let (found, total) =
        accounts::list_reached(state.db.read(), &query, per_page, (page - 1) * per_page).await?;
    let now = state.now();
    Ok(Listing {
        rows: found.into_iter().map(|s| Row::new(user, s, now)).collect(),
        total,
        page,
        per_page,
    })
}
