//! The account an administration request is about: loaded with its live grants, and let
//! through only when the policy says the user reaches it for what they want to do.

use super::problems;
use crate::Actor;
use crate::App;
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use domain::access::{Access, Action};
use domain::account_policy::{self, Holder};
use store::accounts::{self, Summary};
use store::grants::{self, Grant};

/// What the user wants to do with the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Look at it (its administrators and those who grant roles to it).
    See,
    /// Disable or enable it.
    Manage,
    /// Give it a temporary password, which the user is shown.
    ResetPassword,
    /// Grant or revoke its roles.
    Grant,
}

impl Need {
    fn allows(self, access: &Access, holder: &Holder) -> bool {
        match self {
            Need::See => account_policy::may_see(access, holder),
            Need::Manage => account_policy::may_manage(access, holder),
            Need::ResetPassword => account_policy::may_reset_password(access, holder),
            Need::Grant => account_policy::may_grant_to(access, holder),
        }
    }

    /// The action named in the audit log when the request is refused.
    fn action(self) -> Action {
        match self {
            Need::See | Need::Manage | Need::ResetPassword => Action::ManageMemberAccounts,
            Need::Grant => Action::GrantBusinessRoles,
        }
    }

    /// What a refused request is told: an account the user would manage but for 三员分立 is
    /// refused with the reason; any other is simply not found.
    fn refusal(self, access: &Access, holder: &Holder) -> Error {
        let manages = account_policy::in_manage_reach(access, holder);
        match self {
            Need::Manage | Need::ResetPassword
                if manages && account_policy::holds_system_role(holder) =>
            {
                problems::system_account()
            }
            Need::ResetPassword if account_policy::may_manage(access, holder) => {
                problems::reset_by_org_admin()
            }
            _ => Error::not_found(),
        }
    }
}

/// An account with its live grants.
#[derive(Debug, Clone)]
pub struct Target {
    pub summary: Summary,
    pub grants: Vec<Grant>,
}

impl Target {
    pub fn holder(&self) -> Holder {
        Holder {
            member_org: self.summary.member_org_path.clone(),
            grants: self
                .grants
                .iter()
                .map(|g| (g.role, g.org_path.clone()))
                .collect(),
        }
    }

    /// The org the account belongs to, for the audit log: its member's, or its first grant's.
    pub fn org_id(&self) -> Option<i64> {
        self.summary
            .member_org_id
            .or_else(|| self.grants.first().map(|g| g.org_id))
    }
}

/// The account `id` if `user` reaches it for `need`; otherwise 404 (or 403 with the reason, for
/// an account the user sees), and a refusal of an existing account is audited.
pub async fn load(state: &App, user: &Actor, id: i64, need: Need) -> Result<Target> {
    let summary = accounts::summary(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    let grants = grants::for_account(state.db.read(), id).await?;
    let target = Target { summary, grants };
    if !need.allows(&user.access, &target.holder()) {
        let object = Object {
            kind: "account",
            id,
            org_id: target.org_id(),
        };
        let refusal = need.refusal(&user.access, &target.holder());
        return match authz::deny(state, user, need.action(), object).await {
            Err(Error::Internal(e)) => Err(Error::Internal(e)),
            _ => Err(refusal),
        };
    }
    Ok(target)
}

/// Whether the viewer may read the account's display name (see
/// [`account_policy::may_read_name`]).
pub fn name_visible(access: &Access, summary: &Summary) -> bool {
    let holder = Holder {
        member_org: summary.member_org_path.clone(),
        grants: Vec::new(),
    };
    account_policy::may_read_name(access, &holder)
}
