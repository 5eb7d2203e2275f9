//! 下发: sending a draft to the orgs ticked, after the issuer has seen whom it reaches and
//! what is missing (attachments the text names but nobody uploaded).
//!
//! The first press of 下发 only answers the page again with the confirmation: how many orgs
//! (and which) it goes to, and any warning. The second press carries the count confirmed; if the
//! choice changed meanwhile and reaches another number of orgs, the confirmation comes again.

use super::layout::Chrome;
use super::notices::render_with;
use super::org_picker::{self, Ticked};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::notices::rules;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use catalogue::T;
use domain::Problem;
use serde::Deserialize;

/// How many recipients the confirmation names before "and N more".
const NAMED: usize = 12;

#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    subtree: Vec<i64>,
    #[serde(default)]
    org: Vec<i64>,
    /// The name searched for in the recipients picker (`intent=find_orgs`).
    #[serde(default)]
    org_q: String,
    /// find_orgs: show the page again with the orgs found, send nothing.
    #[serde(default)]
    intent: String,
    /// The 签收时限, if any.
    #[serde(default)]
    sign_by: String,
    /// How many orgs the issuer confirmed it goes to (absent on the first press).
    #[serde(default)]
    confirmed: Option<usize>,
}

impl PublishForm {
    fn ticked(&self) -> Ticked<'_> {
        Ticked {
            subtrees: &self.subtree,
            orgs: &self.org,
            query: &self.org_q,
            sign_by: &self.sign_by,
        }
    }
}

/// What the issuer confirms before a notice goes out.
#[derive(Debug, Clone)]
pub struct PublishConfirm {
    /// How many orgs it reaches (sent back with the second press).
    pub count: usize,
    /// "将下发至 14 个组织：…"
    pub summary: String,
    /// Things to look at first (attachments named but not uploaded).
    pub warnings: Vec<String>,
    /// The second button's label: "确认下发至 14 个组织".
    pub button: String,
}

/// The confirmation of sending to `reach`, with a warning when the text lists more attachments
/// (附件说明) than were uploaded.
fn confirmation(t: T, reach: &[String], listed: &[String], uploaded: usize) -> PublishConfirm {
    let count = reach.len().to_string();
    let mut names = reach
        .iter()
        .take(NAMED)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("、");
    if reach.len() > NAMED {
        names.push_str(&t.f(
            "notice.confirm.more",
            &[("n", &(reach.len() - NAMED).to_string())],
        ));
    }
    let mut warnings = Vec::new();
    if listed.len() > uploaded {
        let named = listed
            .iter()
            .enumerate()
            .map(|(i, name)| format!("{}.{name}", i + 1))
            .collect::<Vec<_>>()
            .join(" ");
        warnings.push(t.f(
            "notice.confirm.attachments_missing",
            &[
                ("listed", &listed.len().to_string()),
                ("names", &named),
                ("uploaded", &uploaded.to_string()),
            ],
        ));
    }
    PublishConfirm {
        count: reach.len(),
        summary: t.f(
            "notice.confirm.summary",
            &[("count", &count), ("names", &names)],
        ),
        warnings,
        button: t.f("notice.confirm.button", &[("count", &count)]),
    }
}

pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<PublishForm>,
) -> Result<Response> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    if form.intent == "find_orgs" {
        let loaded = rules::load(&state, &user, id).await?;
        let html = render_with(
            &state,
            &user,
            chrome,
            loaded,
            None,
            Some(form.ticked()),
            None,
        )
        .await?;
        return Ok(Html(html).into_response());
    }
    // Refused before the confirmation: nobody confirms a reach that cannot be sent.
    if let Err(problem) = app::notices::signoff::may_publish(&state, &notice).await? {
        let key = problem.message_key();
        return refuse(&state, &user, chrome, id, key, Some(form.ticked())).await;
    }
    let sign_by = match app::reminders::notice::read_sign_by(&state, &form.sign_by) {
        Ok(s) => s,
        Err(p) => {
            let key = p.message_key();
            return refuse(&state, &user, chrome, id, key, Some(form.ticked())).await;
        }
    };
    let targets = org_picker::ticked_targets(&state, &form.subtree, &form.org).await?;
    let reach = rules::would_reach(&state, &user, &notice, &targets).await?;
    if !reach.is_empty() && form.confirmed != Some(reach.len()) {
        let (draft, _) = rules::draft_of(&state, &notice, notice.revision).await?;
        let uploaded = crate::notices::attachments::list(&state, id).await?.len();
        let confirm = confirmation(chrome.t, &reach, &draft.attachments, uploaded);
        let loaded = rules::load(&state, &user, id).await?;
        let ticked = Some(form.ticked());
        let html = render_with(&state, &user, chrome, loaded, None, ticked, Some(confirm)).await?;
        return Ok(Html(html).into_response());
    }
    match rules::publish(&state, &user, &notice, &targets).await? {
        Ok(_) => {
            if sign_by.is_some() {
                // Checked above; only the database could refuse it now.
                app::reminders::notice::set_sign_by(&state, &user, &notice, sign_by)
                    .await?
                    .map_err(|p| crate::error::Error::problem(&p))?;
            }
            Ok(Redirect::to(&format!("/notices/{id}")).into_response())
        }
        // Refused (nobody chosen, say): the page again, with what was ticked.
        Err(problem) => {
            let key = problem.message_key();
            refuse(&state, &user, chrome, id, key, Some(form.ticked())).await
        }
    }
}

/// The notice's page again with the refusal's message (and the recipients ticked so far).
pub async fn refuse(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    id: i64,
    key: &str,
    ticked: Option<Ticked<'_>>,
) -> Result<Response> {
    let loaded = rules::load(state, user, id).await?;
    let error = Some(chrome.t.s(key).to_owned());
    let html = render_with(state, user, chrome, loaded, error, ticked, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}
