//! Server-rendered pages. Each handler reads: authorise → load → rule → save → render.

mod account_sessions;
mod home;
mod language;
pub mod layout;
mod login;
mod logout;
mod password;

use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/", home::show)
        .get("/login", login::form)
        .post("/login", login::submit)
        .post("/logout", logout::submit)
        .get("/account/sessions", account_sessions::list)
        .post("/account/sessions/{id}/end", account_sessions::end)
        .get("/account/password", password::form)
        .post("/account/password", password::submit)
        .post("/language", language::set)
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
