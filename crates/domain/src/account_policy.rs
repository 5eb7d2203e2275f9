//! 账号与授权管理的规则: whose account an administrator may see and manage, and which role
//! they may grant where.
//!
//! An account "lives" where its member does (账号关联的党员所在组织) and where its grants
//! are. A business administrator (`ManageMemberAccounts`, `GrantBusinessRoles`) reaches only
//! accounts linked to a member inside their subtree whose every grant is a business role
//! inside it too: otherwise resetting a password would hand over powers beyond the subtree,
//! or over system roles, which 等保 keeps away from business administrators. A system or
//! security administrator (`ManageAllAccounts`, `GrantAllRoles`) reaches any account whose
//! member and grants all lie inside their subtree, including accounts with neither — except
//! that the system administrator does not manage the accounts of the security and audit
//! administrators who watch over it (三员分立; see [`Role::oversees_system_admin`]).
//!
//! The same reaches, as [`Reach`], drive the account listing query in `store`, so the list
//! and the check on each account say the same thing. On top of them: accounts holding a system
//! role are disabled, enabled, reset and revoked only at the server ([`holds_system_role`]),
//! and the system administrator resets no account with business powers
//! ([`may_reset_password`]).

use crate::access::{Access, Action};
use crate::role::Role;

/// A part of the tree of accounts an administrator reaches, by subtree roots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Accounts linked to a member under one of the roots, whose live grants are all business
    /// roles over orgs under the roots.
    Members(Vec<String>),
    /// Accounts whose member (if any) and every live grant lie under the roots; accounts with
    /// neither are reached as well.
    Everything(Vec<String>),
    /// As [`Reach::Everything`], less the accounts holding a live grant of a role that
    /// oversees the system administrator (security and audit administrators).
    AllButOverseers(Vec<String>),
}

/// Where an account lives, as the rules need it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holder {
    /// Materialised path of the org of the member the account is linked to.
    pub member_org: Option<String>,
    /// The account's live grants: role and the path of the org at the grant's root.
    pub grants: Vec<(Role, String)>,
}

fn under_any(path: &str, roots: &[String]) -> bool {
    roots.iter().any(|r| crate::access::within(path, r))
}

impl Reach {
    /// Whether this reach covers the account.
    pub fn covers(&self, h: &Holder) -> bool {
        match self {
            Reach::Members(roots) => {
                h.member_org.as_deref().is_some_and(|p| under_any(p, roots))
                    && h.grants
                        .iter()
                        .all(|(role, path)| !role.is_system() && under_any(path, roots))
            }
            Reach::Everything(roots) => {
                !roots.is_empty()
                    && h.member_org.iter().all(|p| under_any(p, roots))
                    && h.grants.iter().all(|(_, path)| under_any(path, roots))
            }
            Reach::AllButOverseers(roots) => {
                Reach::Everything(roots.clone()).covers(h)
                    && !h
                        .grants
                        .iter()
                        .any(|(role, _)| role.oversees_system_admin())
            }
        }
    }
}

fn reaches(
    access: &Access,
    members: Action,
    everything: Action,
    wide: fn(Vec<String>) -> Reach,
) -> Vec<Reach> {
    let mut out = Vec::new();
    let roots = access.roots(members);
    if !roots.is_empty() {
        out.push(Reach::Members(roots));
    }
    let roots = access.roots(everything);
    if !roots.is_empty() {
        out.push(wide(roots));
    }
    out
}

/// The accounts `access` may create, reset, disable and enable.
pub fn manage_reaches(access: &Access) -> Vec<Reach> {
    reaches(
        access,
        Action::ManageMemberAccounts,
        Action::ManageAllAccounts,
        Reach::AllButOverseers,
    )
}

/// The accounts `access` may grant roles to (and revoke them from).
pub fn grant_reaches(access: &Access) -> Vec<Reach> {
    reaches(
        access,
        Action::GrantBusinessRoles,
        Action::GrantAllRoles,
        Reach::Everything,
    )
}

/// Every account `access` may see in the account administration: those it manages and
/// those it grants roles to.
pub fn visible_reaches(access: &Access) -> Vec<Reach> {
    let mut all = manage_reaches(access);
    all.extend(grant_reaches(access));
    all
}

/// 三员分立: whether the account holds a system role. The grants of the system roles and the
/// accounts holding them are changed only at the server (`zhibu account …`, audited), never
/// through the application, so none of the three administrators can switch another off: the
/// security administrator revoking the audit administrator's grant, the system administrator
/// disabling or resetting a fellow administrator.
pub fn holds_system_role(h: &Holder) -> bool {
    h.grants.iter().any(|(role, _)| role.is_system())
}

/// Whether a grant of `role` may be revoked through the application (see
/// [`holds_system_role`]).
pub fn revocable_in_app(role: Role) -> bool {
    !role.is_system()
}

/// Whether the account carries business powers: linked to a member, or holding a business
/// grant. Whoever learns its password can read and do what its member can.
pub fn has_business_powers(h: &Holder) -> bool {
    h.member_org.is_some() || h.grants.iter().any(|(role, _)| !role.is_system())
}

/// Whether the account lies in what `access` manages, system roles aside: the accounts it
/// would disable and enable were they not changed only at the server.
pub fn in_manage_reach(access: &Access, h: &Holder) -> bool {
    manage_reaches(access).iter().any(|r| r.covers(h))
}

/// May `access` disable, enable (and, see [`may_reset_password`], reset) the account?
pub fn may_manage(access: &Access, h: &Holder) -> bool {
    !holds_system_role(h) && in_manage_reach(access, h)
}

/// May `access` give the account a temporary password (which it is then shown)? A business
/// administrator may, for the member accounts in its subtree: it already holds every power
/// such an account has. The system administrator may not, for an account with business
/// powers, or it could log in as a committee or branch user and read the roster (三员分立,
/// GB/T 22239-2019 8.1.4.2 d); such an account's password is reset by its own organisation's
/// administrator, or by the server's operator (`zhibu account reset-password`).
pub fn may_reset_password(access: &Access, h: &Holder) -> bool {
    may_manage(access, h)
        && manage_reaches(access).iter().any(|r| match r {
            Reach::Members(_) => r.covers(h),
            Reach::Everything(_) | Reach::AllButOverseers(_) => {
                r.covers(h) && !has_business_powers(h)
            }
        })
}

pub fn may_grant_to(access: &Access, h: &Holder) -> bool {
    grant_reaches(access).iter().any(|r| r.covers(h))
}

/// Whether the account is in `access`'s account administration at all (what the listing
/// shows), whatever may then be done to it.
pub fn may_see(access: &Access, h: &Holder) -> bool {
    visible_reaches(access).iter().any(|r| r.covers(h))
}

/// Whether the viewer may read the account's display name. A member-linked account is named
/// after its member, and system roles see no roster; an account of nobody is named freely.
pub fn may_read_name(access: &Access, h: &Holder) -> bool {
    match &h.member_org {
        Some(path) => access.can(Action::ViewRoster, path),
        None => true,
    }
}

/// The answer to "may I grant this role over this org?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantCheck {
    Allowed,
    /// The org is within the granter's subtree but the role is not theirs to grant.
    RoleNotAllowed,
    /// The org is outside everything the granter may grant in.
    OutOfReach,
}

/// What granting `role` needs: business administrators hand out branch_admin and member;
/// every other role (committee_admin and the system roles) is the security administrator's.
fn needs(role: Role) -> &'static [Action] {
    match role {
        Role::BranchAdmin | Role::Member => &[Action::GrantBusinessRoles, Action::GrantAllRoles],
        _ => &[Action::GrantAllRoles],
    }
}

/// May `access` grant (or revoke) `role` over the org at `org_path`?
pub fn may_grant(access: &Access, role: Role, org_path: &str) -> GrantCheck {
    if needs(role).iter().any(|a| access.can(*a, org_path)) {
        GrantCheck::Allowed
    } else if access.can(Action::GrantBusinessRoles, org_path)
        || access.can(Action::GrantAllRoles, org_path)
    {
        GrantCheck::RoleNotAllowed
    } else {
        GrantCheck::OutOfReach
    }
}

/// The roles `access` may grant somewhere, in the order forms list them.
pub fn grantable_roles(access: &Access) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| needs(*r).iter().any(|a| access.can_somewhere(*a)))
        .collect()
}

/// Whether an account holding `existing` roles may also receive `new`. 三员分立: a system
/// role is held alone, so one person never both runs party work and administers the system,
/// nor holds two of the system roles.
pub fn roles_compatible(existing: &[Role], new: Role) -> bool {
    existing.iter().all(|held| {
        if new.is_system() || held.is_system() {
            *held == new
        } else {
            true
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Scope;

    fn access(grants: &[(Role, &str)]) -> Access {
        Access::new(
            grants
                .iter()
                .map(|(role, path)| Scope {
                    role: *role,
                    org_path: (*path).to_owned(),
                })
                .collect(),
        )
    }

    fn holder(member: Option<&str>, grants: &[(Role, &str)]) -> Holder {
        Holder {
            member_org: member.map(str::to_owned),
            grants: grants.iter().map(|(r, p)| (*r, (*p).to_owned())).collect(),
        }
    }

    #[test]
    fn a_branch_admin_manages_member_accounts_of_its_branch_only() {
        let branch = access(&[(Role::BranchAdmin, "/1/2/")]);
        assert!(may_manage(
            &branch,
            &holder(Some("/1/2/"), &[(Role::Member, "/1/2/")])
        ));
        assert!(may_manage(&branch, &holder(Some("/1/2/"), &[])));
        assert!(!may_manage(
            &branch,
            &holder(Some("/1/3/"), &[(Role::Member, "/1/3/")])
        ));
        // An account of nobody is not a member account.
        assert!(!may_manage(
            &branch,
            &holder(None, &[(Role::Member, "/1/2/")])
        ));
    }

    #[test]
    fn powers_beyond_the_subtree_or_system_roles_put_an_account_out_of_reach() {
        let branch = access(&[(Role::BranchAdmin, "/1/2/")]);
        let wider = holder(Some("/1/2/"), &[(Role::BranchAdmin, "/1/3/")]);
        assert!(!may_manage(&branch, &wider));
        let system = holder(Some("/1/2/"), &[(Role::SecurityAdmin, "/1/2/")]);
        assert!(!may_manage(&branch, &system));
        let committee = access(&[(Role::CommitteeAdmin, "/1/")]);
        assert!(may_manage(&committee, &wider));
        assert!(!may_manage(&committee, &system));
    }

    #[test]
    fn a_system_admin_manages_every_account_under_its_subtree_but_reads_no_member_names() {
        let sys = access(&[(Role::SystemAdmin, "/1/")]);
        let member = holder(Some("/1/2/"), &[(Role::Member, "/1/2/")]);
        assert!(may_manage(&sys, &member));
        assert!(may_manage(&sys, &holder(None, &[])));
        // A fellow system administrator is changed only at the server.
        assert!(!may_manage(
            &sys,
            &holder(None, &[(Role::SystemAdmin, "/1/")])
        ));
        assert!(may_see(&sys, &holder(None, &[(Role::SystemAdmin, "/1/")])));
        assert!(!may_manage(
            &sys,
            &holder(None, &[(Role::CommitteeAdmin, "/9/")])
        ));
        assert!(!may_read_name(&sys, &member));
        assert!(may_read_name(&sys, &holder(None, &[])));
        assert!(!may_grant_to(&sys, &member));
    }

    #[test]
    fn the_system_admin_manages_neither_the_security_nor_the_audit_admins_account() {
        let sys = access(&[(Role::SystemAdmin, "/1/")]);
        for overseer in [Role::SecurityAdmin, Role::AuditAdmin] {
            assert!(!may_manage(&sys, &holder(None, &[(overseer, "/1/")])));
            // Not even when the account holds a business role as well.
            let both = holder(Some("/1/2/"), &[(Role::Member, "/1/2/"), (overseer, "/1/")]);
            assert!(!may_manage(&sys, &both));
            assert!(!may_see(&sys, &both));
        }
        // The security administrator still sees them, to grant and revoke.
        let sec = access(&[(Role::SecurityAdmin, "/1/")]);
        assert!(may_grant_to(
            &sec,
            &holder(None, &[(Role::AuditAdmin, "/1/")])
        ));
    }

    #[test]
    fn the_system_admin_resets_no_account_with_business_powers() {
        let sys = access(&[(Role::SystemAdmin, "/1/")]);
        let member = holder(Some("/1/2/"), &[(Role::Member, "/1/2/")]);
        assert!(may_manage(&sys, &member));
        assert!(!may_reset_password(&sys, &member));
        let committee_user = holder(None, &[(Role::CommitteeAdmin, "/1/")]);
        assert!(!may_reset_password(&sys, &committee_user));
        assert!(may_reset_password(&sys, &holder(None, &[])));
        // The member's own administrator does.
        let branch = access(&[(Role::BranchAdmin, "/1/2/")]);
        assert!(may_reset_password(&branch, &member));
    }

    #[test]
    fn system_roles_are_switched_off_only_at_the_server() {
        for role in [Role::SystemAdmin, Role::SecurityAdmin, Role::AuditAdmin] {
            assert!(!revocable_in_app(role));
            assert!(holds_system_role(&holder(None, &[(role, "/1/")])));
        }
        assert!(revocable_in_app(Role::CommitteeAdmin));
        let sec = access(&[(Role::SecurityAdmin, "/1/")]);
        assert!(!may_manage(
            &sec,
            &holder(None, &[(Role::AuditAdmin, "/1/")])
        ));
    }

    #[test]
    fn security_sees_accounts_to_grant_to_but_manages_none() {
        let sec = access(&[(Role::SecurityAdmin, "/1/")]);
        let member = holder(Some("/1/2/"), &[(Role::Member, "/1/2/")]);
        assert!(may_see(&sec, &member));
        assert!(may_grant_to(&sec, &member));
        assert!(!may_manage(&sec, &member));
        let auditor = access(&[(Role::AuditAdmin, "/1/")]);
        assert!(!may_see(&auditor, &member));
        assert!(visible_reaches(&auditor).is_empty());
    }

    #[test]
    fn who_may_grant_what_where() {
        let committee = access(&[(Role::CommitteeAdmin, "/1/")]);
        assert_eq!(
            may_grant(&committee, Role::BranchAdmin, "/1/2/"),
            GrantCheck::Allowed
        );
        assert_eq!(
            may_grant(&committee, Role::Member, "/1/"),
            GrantCheck::Allowed
        );
        assert_eq!(
            may_grant(&committee, Role::CommitteeAdmin, "/1/2/"),
            GrantCheck::RoleNotAllowed
        );
        assert_eq!(
            may_grant(&committee, Role::AuditAdmin, "/1/"),
            GrantCheck::RoleNotAllowed
        );
        assert_eq!(
            may_grant(&committee, Role::Member, "/9/"),
            GrantCheck::OutOfReach
        );

        let branch = access(&[(Role::BranchAdmin, "/1/2/")]);
        assert_eq!(
            may_grant(&branch, Role::BranchAdmin, "/1/"),
            GrantCheck::OutOfReach
        );
        assert_eq!(
            may_grant(&branch, Role::Member, "/1/2/"),
            GrantCheck::OutOfReach
        );
        assert!(grantable_roles(&branch).is_empty());

        let sec = access(&[(Role::SecurityAdmin, "/1/")]);
        for role in Role::ALL {
            assert_eq!(
                may_grant(&sec, role, "/1/2/"),
                GrantCheck::Allowed,
                "{role:?}"
            );
        }
        assert_eq!(grantable_roles(&sec), Role::ALL.to_vec());
        assert_eq!(
            grantable_roles(&committee),
            vec![Role::BranchAdmin, Role::Member]
        );
    }

    #[test]
    fn system_roles_are_held_alone() {
        use Role::*;
        assert!(roles_compatible(&[Member], BranchAdmin));
        assert!(roles_compatible(&[], SystemAdmin));
        assert!(roles_compatible(&[AuditAdmin], AuditAdmin));
        assert!(!roles_compatible(&[Member], AuditAdmin));
        assert!(!roles_compatible(&[SystemAdmin], Member));
        assert!(!roles_compatible(&[SecurityAdmin], AuditAdmin));
    }
}
