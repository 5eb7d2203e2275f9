//! 学习活动: a campaign's page — its heading, state, text, required activities, the orgs taking
//! part, its materials with their chapters and files, its report tasks — with what the
//! reader may do from it: its committee edits, opens, closes, keeps materials and makes the
//! report task; those following branches open the dashboard; a member goes to their study.

use super::{material_kind_label, refused, state_class, state_label};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::campaigns::access;
use app::campaigns::campaigns as use_case;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::campaign::{CampaignChange, CampaignState};

pub struct MaterialRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    /// An http(s) link (the rule admits no other), or empty.
    pub link: String,
    pub chapters: Vec<String>,
    pub file_name: String,
}

#[derive(Template)]
#[template(path = "campaigns/show.html")]
struct ShowPage {
    chrome: Chrome,
    id: i64,
    theme: String,
    org_name: String,
    period: String,
    state: String,
    state_class: &'static str,
    description: String,
    requirements: Vec<(String, u32, String)>,
    orgs: Vec<String>,
    materials: Vec<MaterialRow>,
    tasks: Vec<(i64, String)>,
    notice: Option<(i64, String)>,
    manages: bool,
    views: bool,
    studies: bool,
    is_draft: bool,
    is_open: bool,
    is_closed: bool,
    versions: usize,
    /// The report task's default deadline: the campaign's last day.
    ends_on: String,
    errors: Vec<String>,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    id: i64,
    errors: Vec<String>,
) -> Result<String> {
    let t = chrome.t;
    let (c, seat) = access::readable(state, user, id).await?;
    let db = state.db.read();
    let kinds = app::activities::kinds::all(state).await?;
    let materials = store::campaigns::materials(db, id, false).await?;
    let mut tasks = Vec::new();
    for task in store::campaigns::tasks_of(db, id).await? {
        if let Some(found) = store::tasks::by_id(db, task).await? {
            tasks.push((found.id, found.title));
        }
    }
    let notice = match c.notice_id {
        Some(n) => store::notices::by_id(db, n)
            .await?
            .map(|found| (found.id, found.title)),
        None => None,
    };
    let versions = if seat.manages {
        store::campaigns::versions(db, id).await?.len()
    } else {
        0
    };
    Ok(ShowPage {
        id,
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
        description: c.description.clone(),
        requirements: c
            .requirements
            .iter()
            .map(|r| {
                (
                    app::activities::kinds::label_of(t, &kinds, &r.kind),
                    r.count,
                    r.note.clone(),
                )
            })
            .collect(),
        orgs: store::campaigns::orgs_of(db, id)
            .await?
            .into_iter()
            .map(|(_, name, _)| name)
            .collect(),
        materials: materials
            .iter()
            .map(|m| MaterialRow {
                id: m.id,
                kind: material_kind_label(t, m.kind),
                title: m.title.clone(),
                link: m.link.clone(),
                chapters: m.chapters.clone(),
                file_name: m.file_name.clone(),
            })
            .collect(),
        tasks,
        notice,
        manages: seat.manages,
        views: seat.manages || seat.views,
        studies: seat.member.is_some(),
        is_draft: c.state == CampaignState::Draft,
        is_open: c.state == CampaignState::Open,
        is_closed: c.state == CampaignState::Closed,
        versions,
        ends_on: c.ends_on.to_string(),
        chrome,
        errors,
    }
    .render()?)
}

/// `GET /campaigns/{id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>> {
    Ok(Html(render(&state, &user, chrome, id, Vec::new()).await?))
}

async fn change(
    state: AppState,
    user: CurrentUser,
    chrome: Chrome,
    id: i64,
    change: CampaignChange,
) -> Result<Response> {
    match use_case::change(&state, &user, id, change).await? {
        Ok(_) => Ok(Redirect::to(&format!("/campaigns/{id}")).into_response()),
        Err(r) => {
            let message = chrome.t.problem(&r);
            Ok(refused(
                render(&state, &user, chrome, id, vec![message]).await?,
            ))
        }
    }
}

/// `POST /campaigns/{id}/open`: the taking-part branches see it from now on.
pub async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    change(state, user, chrome, id, CampaignChange::Open).await
}

/// `POST /campaigns/{id}/close`: ended; everything stays readable.
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    change(state, user, chrome, id, CampaignChange::Close).await
}
