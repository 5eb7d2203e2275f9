//! 授权: granting a role over an org subtree to an account, and revoking it. Nobody grants
//! or revokes their own roles; no grant reaches outside the granter's subtree; system roles
//! are held alone, and their grants are revoked only at the server (`zhibu account revoke`).

use super::problems;
use super::target::{self, Need};
use crate::Actor;
use crate::App;
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use domain::Role;
use domain::access::{Access, Action};
use domain::account_policy::{self, GrantCheck};
use store::grants::{self, GrantRecord};
use store::orgs::{self, Org};

/// How many orgs a form offers to grant over; a subtree larger than this is reached by
/// granting over an org nearer its root.
pub const ORG_CHOICES: i64 = 500;

/// Passes when `user` may grant `role` over `org`: otherwise 404 (audited) when the org is
/// outside every subtree they grant in, 403 when the role is not theirs to grant there.
pub(crate) async fn check(state: &App, user: &Actor, role: Role, org: &Org) -> Result<()> {
    match account_policy::may_grant(&user.access, role, &org.path) {
        GrantCheck::Allowed => Ok(()),
        GrantCheck::RoleNotAllowed => Err(problems::role_not_grantable()),
        GrantCheck::OutOfReach => {
            let object = Object {
                kind: "org",
                id: org.id,
                org_id: Some(org.id),
            };
            authz::deny(state, user, Action::GrantBusinessRoles, object).await?;
            Err(Error::not_found())
        }
    }
}

/// A role from what a form or a request body said.
pub fn parse_role(input: &str) -> Result<Role> {
    Role::parse(input.trim()).ok_or_else(problems::role_invalid)
}

/// The org a grant would be over; one that does not exist is simply not found.
pub async fn org(state: &App, org_id: Option<i64>) -> Result<Org> {
    let id = org_id.ok_or_else(problems::org_required)?;
    orgs::by_id(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)
}

/// Grants `role` over `org_id` to the account `account_id`.
pub async fn add(
    state: &App,
    user: &Actor,
    account_id: i64,
    role: &str,
    org_id: Option<i64>,
) -> Result<GrantRecord> {
    if account_id == user.account.id {
        return Err(problems::self_grant());
    }
    let target = target::load(state, user, account_id, Need::Grant).await?;
    let role = parse_role(role)?;
    let org = org(state, org_id).await?;
    check(state, user, role, &org).await?;
    let held: Vec<Role> = target.grants.iter().map(|g| g.role).collect();
    if !account_policy::roles_compatible(&held, role) {
        return Err(problems::role_conflict());
    }
    if grants::live_exists(state.db.read(), account_id, role, org.id).await? {
        return Err(problems::grant_exists());
    }
    let mut w = state.write(user).await?;
    let id = grants::create(
        &mut w.tx,
        account_id,
        role,
        org.id,
        Some(user.account.id),
        w.now,
    )
    .await?;
    let detail = format!(
        "account {} ({}) role {} org {}",
        account_id,
        target.summary.username,
        role.as_str(),
        org.id
    );
    w.commit("grant.create", ("grant", id), org.id, detail)
        .await?;
    grants::record(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)
}

/// Revokes the grant `grant_id`; the row stays, marked with the time it ended.
pub async fn revoke(state: &App, user: &Actor, grant_id: i64) -> Result<GrantRecord> {
    let record = grants::record(state.db.read(), grant_id)
        .await?
        .ok_or_else(Error::not_found)?;
    if record.account_id == user.account.id {
        return Err(problems::self_grant());
    }
    let target = target::load(state, user, record.account_id, Need::Grant).await?;
    // A role this build does not know is the security administrator's to clear away.
    let role = Role::parse(&record.role).unwrap_or(Role::SecurityAdmin);
    let org = org(state, Some(record.org_id)).await?;
    check(state, user, role, &org).await?;
    if !account_policy::revocable_in_app(role) {
        let object = Object {
            kind: "grant",
            id: grant_id,
            org_id: Some(record.org_id),
        };
        return match authz::deny(state, user, Action::GrantAllRoles, object).await {
            Err(Error::Internal(e)) => Err(Error::Internal(e)),
            _ => Err(problems::system_grant()),
        };
    }
    let mut w = state.write(user).await?;
    if !grants::revoke(&mut w.tx, grant_id, w.now).await? {
        return Err(problems::grant_revoked());
    }
    let detail = format!(
        "account {} ({}) role {} org {}",
        record.account_id, target.summary.username, record.role, record.org_id
    );
    w.commit("grant.revoke", ("grant", grant_id), record.org_id, detail)
        .await?;
    grants::record(state.db.read(), grant_id)
        .await?
        .ok_or_else(Error::not_found)
}

/// An org a form offers, with its depth below the subtree root for indenting.
#[derive(Debug, Clone)]
pub struct OrgChoice {
    pub id: i64,
    pub name: String,
    pub depth: usize,
}

/// What a grant form offers `access`: the roles it may grant somewhere and the open orgs of
/// the subtrees it grants in.
pub struct Choices {
    pub roles: Vec<Role>,
    pub orgs: Vec<OrgChoice>,
}

fn depth(path: &str) -> usize {
    path.matches('/').count().saturating_sub(1)
}

/// The subtree roots `access` grants in, nested roots dropped.
pub fn grant_roots(access: &Access) -> Vec<String> {
    let mut roots = access.roots(Action::GrantBusinessRoles);
    roots.extend(access.roots(Action::GrantAllRoles));
    roots.sort();
    let mut kept: Vec<String> = Vec::new();
    for root in roots {
        if !kept.iter().any(|k| domain::access::within(&root, k)) {
            kept.push(root);
        }
    }
    kept
}

pub async fn choices(state: &App, access: &Access) -> Result<Choices> {
    let mut orgs_offered = Vec::new();
    for root in grant_roots(access) {
        let base = depth(&root);
        let open = orgs::list_under(state.db.read(), &root, ORG_CHOICES, 0)
            .await?
            .into_iter()
            .filter(Org::is_open);
        for org in open {
            orgs_offered.push(OrgChoice {
                id: org.id,
                depth: depth(&org.path).saturating_sub(base),
                name: org.name,
            });
        }
    }
    Ok(Choices {
        roles: account_policy::grantable_roles(access),
        orgs: orgs_offered,
    })
}
