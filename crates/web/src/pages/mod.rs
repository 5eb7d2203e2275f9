//! Server-rendered pages. Each handler reads: authorise → load → rule → save → render.

mod account_sessions;
mod home;
mod language;
pub mod layout;
mod login;
mod logout;
mod password;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(logout::submit))
        .route("/account/sessions", get(account_sessions::list))
        .route("/account/sessions/{id}/end", post(account_sessions::end))
        .route(
            "/account/password",
            get(password::form).post(password::submit),
        )
        .route("/language", post(language::set))
}

/// A path of this site to go back to after a form, or `/`: never another site.
pub fn safe_local_path(candidate: &str) -> String {
    let ok = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && !candidate.starts_with("/\\")
        && !candidate.chars().any(|c| c.is_control())
        && candidate.len() <= 512;
    if ok {
        candidate.to_owned()
    } else {
        "/".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_local_path("/account/sessions"), "/account/sessions");
        assert_eq!(safe_local_path("//evil.example/"), "/");
        assert_eq!(safe_local_path("/\\evil.example"), "/");
        assert_eq!(safe_local_path("https://evil.example/"), "/");
        assert_eq!(safe_local_path("/a\nb"), "/");
        assert_eq!(safe_local_path(""), "/");
    }
}
