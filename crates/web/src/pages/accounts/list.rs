//! `GET /accounts`: the accounts the user administers as a list of the shared component —
//! searched by username or name, filtered by state, sorted in natural order (branch2 before
//! branch10), with page numbers and the total.

use super::{layout_status, status_text};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::lists::{Choices, Listing, choices, page_number};
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::accounts::create::creates_any;
use app::accounts::list::{self, AccountFilter, Row, SORTS, STATES};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;

struct AccountRow {
    id: i64,
    username: String,
    name: String,
    org: String,
    status: String,
    status_class: &'static str,
    must_change: bool,
}

#[derive(Template)]
#[template(path = "accounts/list.html")]
struct ListPage {
    chrome: Chrome,
    filter: AccountFilter,
    rows: Vec<AccountRow>,
    list: Listing,
    states: Choices,
    sorts: Choices,
    can_create: bool,
}

#[derive(Deserialize)]
pub struct ListQuery {
    /// As text ([`page_number`]).
    #[serde(default)]
    page: String,
    #[serde(flatten)]
    filter: AccountFilter,
}

pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>> {
    let t = chrome.t;
    let f = query.filter;
    let found = list::selected(&state, &user, &f).await?;
    let mut listing = Listing::new(
        "/accounts",
        Vec::new(),
        vec![("q", f.q.trim().to_owned()), ("state", f.state.clone())],
        &f.sort,
        &f.dir,
        page_number(&query.page),
    );
    let rows = listing
        .page(t, found)
        .iter()
        .map(|r: &Row| AccountRow {
            id: r.summary.id,
            username: r.summary.username.clone(),
            name: r
                .name
                .clone()
                .unwrap_or_else(|| t.s("accounts.name_hidden").to_owned()),
            org: r.summary.member_org_name.clone().unwrap_or_default(),
            status: status_text(t, &state.zone, r.status),
            status_class: layout_status(r.status),
            must_change: r.summary.must_change_password,
        })
        .collect();
    let view = ListPage {
        rows,
        states: choices(t, &STATES, "accounts.state.", &f.state),
        sorts: choices(t, &SORTS, "accounts.sort.", &f.sort),
        filter: f,
        list: listing,
        can_create: creates_any(&user),
        chrome,
    };
    Ok(Html(view.render()?))
}
