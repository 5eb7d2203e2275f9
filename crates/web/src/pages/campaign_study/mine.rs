//! `/me/study`: the campaigns a member studies in — open ones to study and write in, closed
//! ones whose progress stays readable — each with its study page and reflections.

use super::day_label;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::campaigns::study;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use domain::campaign::CampaignState;

/// A campaign in the list.
pub struct Row {
    pub id: i64,
    pub theme: String,
    pub period: String,
}

#[derive(Template)]
#[template(path = "campaign_study/mine.html")]
struct MinePage {
    chrome: Chrome,
    /// The account stands for a member of the roster.
    linked: bool,
    open: Vec<Row>,
    closed: Vec<Row>,
}

/// `GET /me/study`
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Html<String>> {
    let t = chrome.t;
    let (mut open, mut closed) = (Vec::new(), Vec::new());
    for c in study::mine(&state, &user).await? {
        let row = Row {
            id: c.id,
            period: t.f(
                "study.page.period",
                &[
                    ("start", &day_label(t, c.starts_on)),
                    ("end", &day_label(t, c.ends_on)),
                ],
            ),
            theme: c.theme,
        };
        if c.state == CampaignState::Open {
            open.push(row);
        } else {
            closed.push(row);
        }
    }
    Ok(Html(
        MinePage {
            linked: user.account.member_id.is_some(),
            open,
            closed,
            chrome,
        }
        .render()?,
    ))
}
