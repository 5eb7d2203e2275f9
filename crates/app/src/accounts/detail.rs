//! One account as its administrator sees it: who it is, whether it can be used, its grants
//! (revoked ones too), how many sessions it has open, and what the viewer may do with it.

use super::list::Status;
use super::target::{self, Need, Target, name_visible};
use crate::Actor;
use crate::App;
use crate::error::Result;
use domain::Role;
use domain::account_policy::{self, GrantCheck};
use store::grants::{self, GrantRecord};
use store::sessions;

pub struct Detail {
    pub target: Target,
    /// The display name, if the viewer may read it.
    pub name: Option<String>,
    pub status: Status,
    /// Every grant, live ones first.
    pub history: Vec<GrantRecord>,
    pub open_sessions: usize,
    /// The viewer may disable and enable the account.
    pub can_manage: bool,
    /// The viewer may reset its password.
    pub can_reset: bool,
    /// The viewer may grant roles to the account.
    pub can_grant: bool,
    /// The account is the viewer's own: nothing here may be done to it.
    pub own: bool,
}

pub async fn load(state: &App, user: &Actor, id: i64) -> Result<Detail> {
    let target = target::load(state, user, id, Need::See).await?;
    let holder = target.holder();
    let history = grants::history(state.db.read(), id).await?;
    let open_sessions = sessions::open_for_account(state.db.read(), id).await?.len();
    let own = id == user.account.id;
    Ok(Detail {
        name: name_visible(&user.access, &target.summary)
            .then(|| target.summary.display_name.clone()),
        status: Status::of(&target.summary, state.now()),
        history,
        open_sessions,
        can_manage: !own && account_policy::may_manage(&user.access, &holder),
        can_reset: !own && account_policy::may_reset_password(&user.access, &holder),
        can_grant: !own && account_policy::may_grant_to(&user.access, &holder),
        own,
        target,
    })
}

impl Detail {
    /// Whether the viewer may revoke this (live) grant of the account.
    pub fn may_revoke(&self, user: &Actor, grant: &GrantRecord) -> bool {
        let role = Role::parse(&grant.role).unwrap_or(Role::SecurityAdmin);
        self.can_grant
            && grant.revoked_at.is_none()
            && account_policy::revocable_in_app(role)
            && account_policy::may_grant(&user.access, role, &grant.org_path) == GrantCheck::Allowed
    }
}
