//! 学习活动列表: the campaigns a person sees — those their committees run (drafts included)
//! and those they take part in — with the button to start one for those who run campaigns.

use super::{state_class, state_label};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use domain::access::Action;

pub struct Row {
    id: i64,
    theme: String,
    org_name: String,
    period: String,
    state: String,
    state_class: &'static str,
    /// What the person does in it: runs it, follows branches, studies.
    role: String,
}

#[derive(Template)]
#[template(path = "campaigns/list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<Row>,
    can_create: bool,
    has_member: bool,
}

/// `GET /campaigns`
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Html<String>> {
    let t = chrome.t;
    let found = app::campaigns::campaigns::list(&state, &user).await?;
    let rows = found
        .iter()
        .map(|(c, seat)| Row {
            id: c.id,
            theme: c.theme.clone(),
            org_name: c.org_name.clone(),
            period: t.f(
                "campaign_pages.period",
                &[
                    ("from", &c.starts_on.to_string()),
                    ("to", &c.ends_on.to_string()),
                ],
            ),
            state: state_label(t, c.state),
            state_class: state_class(c.state),
            role: if seat.manages {
                t.s("campaign_pages.role_manages")
            } else if seat.views {
                t.s("campaign_pages.role_views")
            } else {
                t.s("campaign_pages.role_studies")
            }
            .to_owned(),
        })
        .collect();
    Ok(Html(
        ListPage {
            can_create: user.access.can_somewhere(Action::ManageCampaigns),
            has_member: user.account.member_id.is_some(),
            chrome,
            rows,
        }
        .render()?,
    ))
}
