//! 账号管理: creating accounts, resetting their passwords, disabling and enabling them,
//! granting and revoking roles. Shared by the pages and the API, so each rule lives once:
//! every function authorises (through `domain::account_policy` and `app::authz`), loads,
//! applies the rule and writes in one transaction with its audit event.

pub mod create;
pub mod detail;
pub mod grants;
pub mod list;
pub mod password;
pub mod problems;
pub mod status;
pub mod target;

use crate::auth::current::Authenticated;
use domain::Timestamp;
use store::audit::{AuditEntry, Outcome};

/// The audit entry for a successful administration write by `user`.
pub(crate) fn entry<'a>(
    user: &'a Authenticated,
    now: Timestamp,
    action: &'a str,
    object: (&'a str, i64),
    org_id: Option<i64>,
    detail: String,
) -> AuditEntry<'a> {
    AuditEntry {
        at: now,
        account_id: Some(user.account.id),
        username: &user.account.username,
        ip: &user.client.ip,
        action,
        object_type: object.0,
        object_id: object.1.to_string(),
        org_id,
        outcome: Outcome::Success,
        detail,
    }
}
