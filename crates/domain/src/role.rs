//! 角色: what a grant lets an account do over an org subtree.
//!
//! Business roles run party work; system roles (as MLPS 等保 asks) are kept apart from it:
//! a system administrator manages accounts but reads no business data, a security administrator
//! manages grants and policy, an audit administrator reads the audit log and nothing else.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 党务工作者 of a committee: runs work over a subtree.
    CommitteeAdmin,
    /// 书记 or staff of a branch: runs the branch's own work.
    BranchAdmin,
    /// An ordinary 党员.
    Member,
    /// 系统管理员: accounts and settings, no business data.
    SystemAdmin,
    /// 安全管理员: grants and security policy.
    SecurityAdmin,
    /// 审计管理员: reads the audit log, nothing else.
    AuditAdmin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::CommitteeAdmin,
        Role::BranchAdmin,
        Role::Member,
        Role::SystemAdmin,
        Role::SecurityAdmin,
        Role::AuditAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::CommitteeAdmin => "committee_admin",
            Role::BranchAdmin => "branch_admin",
            Role::Member => "member",
            Role::SystemAdmin => "system_admin",
            Role::SecurityAdmin => "security_admin",
            Role::AuditAdmin => "audit_admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// System roles never see business data.
    pub fn is_system(self) -> bool {
        matches!(
            self,
            Role::SystemAdmin | Role::SecurityAdmin | Role::AuditAdmin
        )
    }

    /// The security and audit administrators watch over the system administrator (三员分立):
    /// the system administrator manages every other account but never theirs, or resetting a
    /// password would hand it their powers. Their passwords are reset at the server
    /// (`zhibu account reset-password`).
    pub fn oversees_system_admin(self) -> bool {
        matches!(self, Role::SecurityAdmin | Role::AuditAdmin)
    }

    /// The message-catalogue key of the role's display name.
    pub fn message_key(self) -> &'static str {
        match self {
            Role::CommitteeAdmin => "role.committee_admin",
            Role::BranchAdmin => "role.branch_admin",
            Role::Member => "role.member",
            Role::SystemAdmin => "role.system_admin",
            Role::SecurityAdmin => "role.security_admin",
            Role::AuditAdmin => "role.audit_admin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
