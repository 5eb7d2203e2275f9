//! The authorisation check every handler makes for the object it touches.
//!
//! Refusals answer 404, the same as an object that does not exist, so probing ids outside
//! one's subtree learns nothing; and each refusal is written to the audit log.

use crate::Actor;
use crate::App;
use crate::error::{Error, Result};
use domain::access::Action;
use store::audit::{AuditEntry, Outcome};

/// The object a request is about, for the audit log.
#[derive(Debug, Clone, Copy)]
pub struct Object<'a> {
    pub kind: &'a str,
    pub id: i64,
    /// The org the object lives in, if any.
    pub org_id: Option<i64>,
}

/// Passes when `user` may do `action` in the org at `org_path`; otherwise records the denial
/// and answers 404.
pub async fn require(
    state: &App,
    user: &Actor,
    action: Action,
    org_path: &str,
    object: Object<'_>,
) -> Result<()> {
    if user.access.can(action, org_path) {
        return Ok(());
    }
    deny(state, user, action, object).await
}

/// Passes when `user` may do `action` in each of the chosen orgs (the targets of a notice or a
/// task, each with or without its subtree); otherwise records the first denial and answers 404.
pub async fn require_each_org(
    state: &App,
    user: &Actor,
    action: Action,
    orgs: &[(store::orgs::Org, bool)],
) -> Result<()> {
    for (org, _) in orgs {
        let object = Object {
            kind: "org",
            id: org.id,
            org_id: Some(org.id),
        };
        require(state, user, action, &org.path, object).await?;
    }
    Ok(())
}

/// Passes when `user` may do `action` somewhere at all (a list of `kind`s); otherwise records
/// the denial and answers 404.
pub async fn require_somewhere(
    state: &App,
    user: &Actor,
    action: Action,
    kind: &str,
) -> Result<()> {
    if user.access.can_somewhere(action) {
        return Ok(());
    }
    let object = Object {
        kind,
        id: 0,
        org_id: None,
    };
    deny(state, user, action, object).await
}

/// Passes when `user` may do `action` over every root of the tree — a deployment-wide setting
/// is the whole tree's — and answers the roots; otherwise records the first denial and answers
/// 404.
pub async fn require_whole_tree(
    state: &App,
    user: &Actor,
    action: Action,
) -> Result<Vec<store::orgs::Org>> {
    let roots = store::orgs::roots(state.db.read()).await?;
    for root in &roots {
        let object = Object {
            kind: "settings",
            id: 0,
            org_id: Some(root.id),
        };
        require(state, user, action, &root.path, object).await?;
    }
    Ok(roots)
}

/// Whether `user` may do `action` over every root of the tree (to offer a settings page),
/// nothing recorded.
pub async fn can_whole_tree(state: &App, user: &Actor, action: Action) -> Result<bool> {
    if !user.access.can_somewhere(action) {
        return Ok(false);
    }
    let roots = store::orgs::roots(state.db.read()).await?;
    Ok(!roots.is_empty() && roots.iter().all(|r| user.access.can(action, &r.path)))
}

/// Records a refused request and answers 404.
pub async fn deny(state: &App, user: &Actor, action: Action, object: Object<'_>) -> Result<()> {
    let tx = state.db.begin().await?;
    store::audit::commit_with(
        tx,
        AuditEntry {
            at: state.now(),
            account_id: Some(user.account.id),
            username: &user.account.username,
            ip: &user.client.ip,
            action: "access.denied",
            object_type: object.kind,
            object_id: object.id.to_string(),
            org_id: object.org_id,
            outcome: Outcome::Denied,
            detail: format!("{action:?}"),
        },
    )
    .await?;
    Err(Error::not_found())
}
