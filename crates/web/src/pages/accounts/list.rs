//! `GET /accounts`: the accounts the user administers, searched by username or name, paged.

use super::{layout_status, status_text};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::accounts::create::creates_any;
use app::accounts::list::{self, PER_PAGE, Row};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;

struct AccountRow {
    id: i64,
    username: String,
    name: String,
    org: Option<String>,
    status: String,
    status_class: &'static str,
    must_change: bool,
}

#[derive(Template)]
#[template(path = "accounts/list.html")]
struct ListPage {
    chrome: Chrome,
    q: String,
    summary: String,
    rows: Vec<AccountRow>,
    can_create: bool,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<String>,
}

fn href(q: &str, page: i64) -> String {
    let query =
        serde_urlencoded::to_string([("q", q), ("page", &page.to_string())]).unwrap_or_default();
    format!("/accounts?{query}")
}

pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>> {
    let page = query
        .page
        .as_deref()
        .and_then(super::form_id)
        .unwrap_or(1)
        .clamp(1, 1_000_000);
    let listing = list::list(&state, &user, &query.q, PER_PAGE, (page - 1) * PER_PAGE).await?;
    let pages = ((listing.total + PER_PAGE - 1) / PER_PAGE).max(1);
    let t = chrome.t;
    let rows = listing
        .rows
        .iter()
        .map(|r: &Row| AccountRow {
            id: r.summary.id,
            username: r.summary.username.clone(),
            name: r
                .name
                .clone()
                .unwrap_or_else(|| t.s("accounts.name_hidden").to_owned()),
            org: r.summary.member_org_name.clone(),
            status: status_text(t, &state.zone, r.status),
            status_class: layout_status(r.status),
            must_change: r.summary.must_change_password,
        })
        .collect();
    let summary = t.f(
        "accounts.summary",
        &[
            ("total", &listing.total.to_string()),
            ("page", &page.to_string()),
            ("pages", &pages.to_string()),
        ],
    );
    let view = ListPage {
        q: query.q.clone(),
        summary,
        rows,
        can_create: creates_any(&user),
        prev: (page > 1).then(|| href(&query.q, page - 1)),
        next: (page < pages).then(|| href(&query.q, page + 1)),
        chrome,
    };
    Ok(Html(view.render()?))
}
