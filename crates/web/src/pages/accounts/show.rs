//! `GET /accounts/{id}`: an account's page: its facts, its grants, and the forms to reset its
//! password, disable or enable it, and grant or revoke roles.

use super::{layout_status, role_name, status_text};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::pages::layout::Chrome;
use crate::pages::org_picker::OneOf;
use crate::state::AppState;
use app::accounts::{detail, grants};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use serde::Deserialize;

struct GrantRow {
    id: i64,
    role: String,
    org: String,
    granted_by: String,
    granted_at: String,
    revoked_at: Option<String>,
    can_revoke: bool,
}

#[derive(Template)]
#[template(path = "accounts/show.html")]
struct ShowPage {
    chrome: Chrome,
    id: i64,
    username: String,
    name: String,
    org: Option<String>,
    status: String,
    status_class: &'static str,
    disabled: bool,
    must_change: bool,
    created: String,
    open_sessions: String,
    can_manage: bool,
    can_reset: bool,
    can_grant: bool,
    own: bool,
    live: Vec<GrantRow>,
    revoked: Vec<GrantRow>,
    roles: Vec<(&'static str, String)>,
    /// The org to grant over: listed (indented by depth), or found by name in a large tree.
    choose: OneOf,
}

/// `GET /accounts/{id}?org_q=…`: the org to grant over searched for by name.
#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    org_q: String,
}

pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Html<String>> {
    let d = detail::load(&state, &user, id).await?;
    let t = chrome.t;
    let when = |at| state.zone.date_time(at, t.locale);
    let (live, revoked): (Vec<GrantRow>, Vec<GrantRow>) = d
        .history
        .iter()
        .map(|g| GrantRow {
            id: g.id,
            role: role_name(t, &g.role),
            org: g.org_name.clone(),
            granted_by: g
                .granted_by
                .clone()
                .unwrap_or_else(|| t.s("grants.by_system").to_owned()),
            granted_at: when(g.created_at),
            revoked_at: g.revoked_at.map(when),
            can_revoke: d.may_revoke(&user, g),
        })
        .partition(|g| g.revoked_at.is_none());
    let mut choose = OneOf::default();
    let roles = if d.can_grant {
        let roots = grants::grant_roots(&user.access);
        let search = (format!("/accounts/{id}#grant"), "org_q", q.org_q.as_str());
        choose = OneOf::build_under(&state, t, &roots, search, |_| true).await?;
        let choices = grants::choices(&state, &user.access).await?;
        if choose.complete {
            // Few enough to list: the tree's shape shown by indenting.
            choose.orgs = choices
                .orgs
                .into_iter()
                .map(|o| (o.id, format!("{}{}", "\u{3000}".repeat(o.depth), o.name)))
                .collect();
        }
        choices.roles
    } else {
        Vec::new()
    };
    let s = &d.target.summary;
    let page = ShowPage {
        id: s.id,
        username: s.username.clone(),
        name: d
            .name
            .clone()
            .unwrap_or_else(|| t.s("accounts.name_hidden").to_owned()),
        org: s.member_org_name.clone(),
        status: status_text(t, &state.zone, d.status),
        status_class: layout_status(d.status),
        disabled: s.disabled,
        must_change: s.must_change_password,
        created: when(s.created_at),
        open_sessions: d.open_sessions.to_string(),
        can_manage: d.can_manage,
        can_reset: d.can_reset,
        can_grant: d.can_grant,
        own: d.own,
        live,
        revoked,
        roles: roles
            .iter()
            .map(|r| (r.as_str(), t.s(r.message_key()).to_owned()))
            .collect(),
        choose,
        chrome,
    };
    Ok(Html(page.render()?))
}
