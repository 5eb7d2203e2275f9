//! Who may read the audit log and which part of it.
//!
//! Only an account holding `audit_admin` (`Action::ViewAudit`) reads the log, and it sees the
//! events of orgs inside its grants' subtrees plus every event that belongs to no org (logins,
//! logouts, sessions, the audit log's own events). An auditor over the committee root
//! therefore sees everything. Anyone else is answered 404, and the refusal is itself recorded.

use crate::authz::{self, Object};
use crate::error::Result;
use crate::{Actor, App};
use domain::Timestamp;
use domain::access::Action;
use store::audit::{ActionMatch, AuditFilter, Outcome};

/// Events on one page of the audit page, unless asked otherwise.
pub const PER_PAGE: i64 = 50;
/// The most events one page or API call answers.
pub const MAX_PER_PAGE: i64 = 200;

/// A filter that parsed: what to look for, before the reader's scope is applied.
#[derive(Debug, Clone, Default)]
pub struct Criteria {
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    pub username: Option<String>,
    pub action: Option<ActionMatch>,
    pub org_id: Option<i64>,
    pub result: Option<Outcome>,
    pub page: i64,
    pub per_page: i64,
}

impl Criteria {
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

/// The part of the log a reader may see, and the org the filter narrowed to.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The subtrees of the reader's audit grants.
    pub roots: Vec<String>,
    /// The materialised path of the org in the filter, once it is known to be inside `roots`.
    pub org_path: Option<String>,
}

/// 授权: passes only an account that may read the audit log; anyone else is answered 404 and
/// the refusal is recorded. Answers the subtrees the account may read.
pub async fn require_auditor(state: &App, user: &Actor) -> Result<Vec<String>> {
    let roots = user.access.roots(Action::ViewAudit);
    // The question is asked of the org of the reader's own grant: an auditor's passes, and
    // anyone else's (or the empty path, for an account without grants) is refused.
    let grant_path = roots
        .first()
        .or_else(|| user.grants.first().map(|g| &g.org_path))
        .cloned()
        .unwrap_or_default();
    let object = Object {
        kind: "audit_log",
        id: 0,
        org_id: None,
    };
    authz::require(state, user, Action::ViewAudit, &grant_path, object).await?;
    Ok(roots)
}

/// Checks the org in the filter lies inside the reader's subtrees (404, recorded, if not, or
/// if there is no such org) and answers the scope to search.
pub async fn scope(
    state: &App,
    user: &Actor,
    roots: Vec<String>,
    org_id: Option<i64>,
) -> Result<Scope> {
    let org_path = match org_id {
        None => None,
        Some(id) => {
            let path = store::orgs::by_id(state.db.read(), id)
                .await?
                .map(|o| o.path)
                .unwrap_or_default();
            let object = Object {
                kind: "org",
                id,
                org_id: Some(id),
            };
            authz::require(state, user, Action::ViewAudit, &path, object).await?;
            Some(path)
        }
    };
    Ok(Scope { roots, org_path })
}

/// The store's filter for `criteria` within `scope`.
pub fn filter(criteria: &Criteria, scope: &Scope) -> AuditFilter {
    AuditFilter {
        from: criteria.from,
        to: criteria.to,
        username: criteria.username.clone(),
        action: criteria.action.clone(),
        org_path: scope.org_path.clone(),
        result: criteria.result,
        visible: scope.roots.clone(),
    }
}
