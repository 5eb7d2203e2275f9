//! Server-rendered pages. Each handler reads: authorise → load → rule → save → render.

mod account_sessions;
mod audit;
mod audit_export;
mod home;
mod language;
pub mod layout;
mod login;
mod members;
mod org_forms;
mod orgs;
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
        .get("/audit", audit::show)
        .get("/audit/export.xlsx", audit_export::download)
        .get("/orgs", orgs::index)
        .get("/orgs/new", org_forms::new)
        .get("/orgs/{id}", orgs::show)
        .post("/orgs/{id}/children", org_forms::create)
        .get("/orgs/{id}/edit", org_forms::edit)
        .post("/orgs/{id}/edit", org_forms::update)
        .post("/orgs/{id}/move", org_forms::move_under)
        .post("/orgs/{id}/close", org_forms::close)
        .post("/orgs/{id}/reopen", org_forms::reopen)
        .get("/members", members::list)
        .get("/members/new", members::new)
        .post("/orgs/{id}/members", members::create)
        .get("/members/{id}", members::show)
        .get("/members/{id}/edit", members::edit)
        .post("/members/{id}/edit", members::update)
        .post("/members/{id}/transfer", members::transfer)
        .post("/members/{id}/leave", members::leave)
        .post("/members/{id}/rejoin", members::rejoin)
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
