//! What every handler can reach.

use crate::clock::Clock;
use crate::time_fmt::Zone;
use domain::login_policy::LoginPolicy;
use domain::session_policy::SessionPolicy;
use std::sync::Arc;
use store::Db;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub sessions: SessionPolicy,
    pub login: LoginPolicy,
    /// Turns at password checking: how many run at once.
    pub hash_gate: crate::auth::hash_gate::HashGate,
    pub secure_cookies: bool,
    pub zone: Zone,
    pub audit_retention: domain::AuditRetention,
    /// Uploaded files on disk, and the upload limit.
    pub files: crate::files::FileStore,
    /// Report forms read once (a stored form version never changes).
    pub forms: crate::tasks::reports::FormCache,
}

impl AppState {
    pub fn now(&self) -> domain::Timestamp {
        self.clock.now()
    }
}
