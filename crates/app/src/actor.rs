//! Who is asking, and from where: what every use case is given besides the [`App`].
//!
//! [`App`]: crate::App

use domain::Timestamp;
use domain::access::{Access, Scope};
use store::accounts::Account;
use store::audit::{AuditEntry, Outcome};
use store::grants::Grant;

/// Where a request comes from, for the audit log and per-address limits.
#[derive(Debug, Clone, Default)]
pub struct Client {
    pub ip: String,
    pub user_agent: String,
}

/// A logged-in account acting: its live grants (with their orgs' names and paths), what they
/// allow, and the address it acts from.
#[derive(Debug, Clone)]
pub struct Actor {
    pub account: Account,
    pub grants: Vec<Grant>,
    /// What the grants allow, for the authorisation checks.
    pub access: Access,
    pub client: Client,
}

impl Actor {
    pub fn new(account: Account, grants: Vec<Grant>, client: Client) -> Actor {
        let access = Access::new(
            grants
                .iter()
                .map(|g| Scope {
                    role: g.role,
                    org_path: g.org_path.clone(),
                })
                .collect(),
        );
        Actor {
            account,
            grants,
            access,
            client,
        }
    }

    /// The audit entry of a successful write by this actor: `action` on `(kind, id)` in
    /// `org_id`, with a human-readable `detail`.
    pub fn audit<'a>(
        &'a self,
        at: Timestamp,
        action: &'a str,
        (object_type, object_id): (&'a str, i64),
        org_id: Option<i64>,
        detail: String,
    ) -> AuditEntry<'a> {
        AuditEntry {
            at,
            account_id: Some(self.account.id),
            username: &self.account.username,
            ip: &self.client.ip,
            action,
            object_type,
            object_id: object_id.to_string(),
            org_id,
            outcome: Outcome::Success,
            detail,
        }
    }
}
