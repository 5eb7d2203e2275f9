//! The rules of the org tree and the roster, shared by the pages, the API and the importer:
//! each function authorises, loads, applies the domain rule, writes in one transaction with
//! its audit event.

pub mod members;
pub mod orgs;

use crate::Actor;
use domain::Timestamp;
use store::audit::AuditEntry;

/// The audit entry for a successful roster write by `user`.
pub fn entry<'a>(
    user: &'a Actor,
    now: Timestamp,
    action: &'a str,
    object: (&'a str, i64),
    org_id: i64,
    detail: String,
) -> AuditEntry<'a> {
    user.audit(now, action, object, Some(org_id), detail)
}
