//! 权限: who may do what over which part of the organisation tree.
//!
//! A grant gives a role over an org subtree (the org's materialised path and everything under
//! it). What a role allows is one table, [`role_allows`]; every handler asks [`Access::can`]
//! for the object it touches, and list queries ask [`Access::roots`] for the subtrees to search.
//! Business roles and the system roles (as MLPS 等保 asks) are disjoint: a system administrator
//! sees no roster, an audit administrator sees nothing but the audit log.

use crate::role::Role;

/// Something a request wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See orgs in the tree (names, kinds, counts).
    ViewOrgs,
    /// Create, rename, move, close and reopen orgs.
    ManageOrgs,
    /// See the roster: names, positions, member type.
    ViewRoster,
    /// See guarded personal data: phone, birth date, email.
    ViewPersonal,
    /// Add, edit, transfer members; import rosters.
    ManageRoster,
    /// Export ledgers (台账) of orgs and rosters.
    ExportLedgers,
    /// Create, disable and reset accounts linked to members of the subtree.
    ManageMemberAccounts,
    /// Create, disable and reset any account; no business data.
    ManageAllAccounts,
    /// Grant and revoke business roles (branch_admin, member) within the subtree.
    GrantBusinessRoles,
    /// Grant and revoke every role, system roles included.
    GrantAllRoles,
    /// Read and export the audit log.
    ViewAudit,
    /// Write, publish, revise and withdraw notices issued by orgs of the subtree.
    IssueNotices,
    /// Read notices received by orgs of the subtree.
    ReadNotices,
    /// Sign for (签收) notices received by orgs of the subtree.
    SignNotices,
    /// Write, assign, close tasks of orgs of the subtree; see their boards; review (审核) the
    /// reports that come back.
    ManageTasks,
    /// Fill in and hand in (报送) reports of orgs of the subtree.
    ReportTasks,
    /// Register, test and remove the group-chat robots reminders to orgs of the subtree are
    /// posted to; see how deliveries to them went.
    ManageChannels,
    /// See the activity records (会议记录, attendance, ledgers) of orgs of the subtree, and the
    /// committee's view of who is behind.
    ViewActivities,
    /// Plan, record, confirm, correct and cancel activities of orgs of the subtree; mark
    /// attendance; set whether the branch shares its records with its members.
    RecordActivities,
    /// Read the records of one's own branch when the branch shares them with its members.
    ReadSharedActivities,
    /// Run study campaigns (主题学习活动) for orgs of the subtree: write, open, close, tie
    /// report tasks; see every branch's progress on the dashboard.
    ManageCampaigns,
    /// Comment on and feature members' reflections (心得体会) in branches of the subtree, and
    /// read them all.
    GuideStudy,
}

/// The table of what each role allows over its subtree.
pub fn role_allows(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        Role::CommitteeAdmin => matches!(
            action,
            ViewOrgs
                | ManageOrgs
                | ViewRoster
                | ViewPersonal
                | ManageRoster
                | ExportLedgers
                | ManageMemberAccounts
                | GrantBusinessRoles
                | IssueNotices
                | ReadNotices
                | SignNotices
                | ManageTasks
                | ReportTasks
                | ManageChannels
                | ViewActivities
                | RecordActivities
                | ManageCampaigns
                | GuideStudy
        ),
        Role::BranchAdmin => matches!(
            action,
            ViewOrgs
                | ViewRoster
                | ViewPersonal
                | ManageRoster
                | ExportLedgers
                | ManageMemberAccounts
                | ReadNotices
                | SignNotices
                | ReportTasks
                | ManageChannels
                | ViewActivities
                | RecordActivities
                | GuideStudy
        ),
        Role::Member => matches!(
            action,
            ViewOrgs | ViewRoster | ReadNotices | ReadSharedActivities
        ),
        Role::SystemAdmin => matches!(action, ViewOrgs | ManageAllAccounts),
        Role::SecurityAdmin => matches!(action, ViewOrgs | GrantAllRoles),
        Role::AuditAdmin => matches!(action, ViewAudit),
    }
}

/// One grant as the access check needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub role: Role,
    /// Materialised path of the org at the root of the grant, e.g. `/1/7/`.
    pub org_path: String,
}

/// Everything one account may do.
#[derive(Debug, Clone, Default)]
pub struct Access {
    scopes: Vec<Scope>,
}

/// Whether `path` lies in the subtree rooted at `root` (both materialised paths ending in `/`).
pub fn within(path: &str, root: &str) -> bool {
    path.starts_with(root)
}

impl Access {
    pub fn new(scopes: Vec<Scope>) -> Access {
        Access { scopes }
    }

    pub fn scopes(&self) -> &[Scope] {
        &self.scopes
    }

    /// May the account do `action` on an object in the org at `org_path`?
    pub fn can(&self, action: Action, org_path: &str) -> bool {
        self.scopes
            .iter()
            .any(|s| role_allows(s.role, action) && within(org_path, &s.org_path))
    }

    /// May the account do `action` anywhere at all (e.g. to show a menu entry)?
    pub fn can_somewhere(&self, action: Action) -> bool {
        self.scopes.iter().any(|s| role_allows(s.role, action))
    }

    /// The subtree roots where `action` is allowed, with roots inside other roots dropped, so a
    /// list query searches each part of the tree once.
    pub fn roots(&self, action: Action) -> Vec<String> {
        let mut roots: Vec<&str> = self
            .scopes
            .iter()
            .filter(|s| role_allows(s.role, action))
            .map(|s| s.org_path.as_str())
            .collect();
        roots.sort_unstable();
        roots.dedup();
        let mut kept: Vec<String> = Vec::new();
        for root in roots {
            if !kept.iter().any(|k| within(root, k)) {
                kept.push(root.to_owned());
            }
        }
        kept
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.scopes.iter().any(|s| s.role == role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_grant_reaches_its_subtree_and_nothing_beside_it() {
        let a = access(&[(Role::BranchAdmin, "/1/7/")]);
        assert!(a.can(Action::ViewPersonal, "/1/7/"));
        assert!(a.can(Action::ViewPersonal, "/1/7/42/"));
        assert!(!a.can(Action::ViewPersonal, "/1/8/"));
        assert!(!a.can(Action::ViewPersonal, "/1/70/"));
        assert!(!a.can(Action::ViewPersonal, "/1/"));
        assert!(!a.can(Action::ManageOrgs, "/1/7/"));
    }

    #[test]
    fn system_roles_see_no_business_data() {
        for role in [Role::SystemAdmin, Role::SecurityAdmin, Role::AuditAdmin] {
            let a = access(&[(role, "/1/")]);
            for action in [
                Action::ViewRoster,
                Action::ViewPersonal,
                Action::ManageRoster,
                Action::ExportLedgers,
            ] {
                assert!(!a.can(action, "/1/2/"), "{role:?} {action:?}");
            }
        }
        assert!(access(&[(Role::AuditAdmin, "/1/")]).can(Action::ViewAudit, "/1/"));
        assert!(!access(&[(Role::CommitteeAdmin, "/1/")]).can(Action::ViewAudit, "/1/"));
    }

    #[test]
    fn members_see_names_but_not_personal_data() {
        let a = access(&[(Role::Member, "/1/7/")]);
        assert!(a.can(Action::ViewRoster, "/1/7/"));
        assert!(!a.can(Action::ViewPersonal, "/1/7/"));
    }

    #[test]
    fn nested_roots_collapse() {
        let a = access(&[
            (Role::BranchAdmin, "/1/7/"),
            (Role::CommitteeAdmin, "/1/"),
            (Role::BranchAdmin, "/2/"),
        ]);
        assert_eq!(
            a.roots(Action::ViewRoster),
            vec!["/1/".to_owned(), "/2/".to_owned()]
        );
        assert_eq!(a.roots(Action::ManageOrgs), vec!["/1/".to_owned()]);
        assert!(a.roots(Action::ViewAudit).is_empty());
    }
}
