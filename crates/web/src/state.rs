//! What every handler can reach: the use cases' [`App`] (database, clock, zone) and what only
//! the web tier needs (session and login policies, cookies, uploaded files).

use app::App;
use domain::login_policy::LoginPolicy;
use domain::session_policy::SessionPolicy;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub sessions: SessionPolicy,
    pub login: LoginPolicy,
    /// Turns at password checking: how many run at once.
    pub hash_gate: crate::auth::hash_gate::HashGate,
    pub secure_cookies: bool,
    /// Uploaded files on disk, and the upload limit.
    pub files: crate::files::FileStore,
}

/// Handlers pass `&state` wherever a use case wants the [`App`].
impl std::ops::Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}
