//! 首页: a person's home: their name, their organisation, their to-do list.

use super::layout::Chrome;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    greeting: String,
    org_name: Option<String>,
    roles: Vec<(String, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Html<String>> {
    let grants = &user.grants;
    let member_org = match user.account.member_id {
        Some(member) => store::members::org_name_of(state.db.read(), member).await?,
        None => None,
    };
    let t = chrome.t;
    let org_name = member_org.or_else(|| grants.first().map(|g| g.org_name.clone()));
    let page = HomePage {
        greeting: t.f("home.greeting", &[("name", &user.account.display_name)]),
        org_name,
        roles: grants
            .iter()
            .map(|g| (t.s(g.role.message_key()).to_owned(), g.org_name.clone()))
            .collect(),
        chrome,
    };
    Ok(Html(page.render()?))
}
