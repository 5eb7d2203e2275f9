//! 发文: writing a notice — paste or upload, check the recognised structure, save, revise,
//! publish to recipients, withdraw.

use super::layout::Chrome;
use super::notices::render_with;
use super::org_picker::{self, Ticked};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::state::AppState;
use app::notices::compose::{HeaderFields, compose};
use app::notices::rules;
use app::notices::view::{self, Outline};
use app::roster::orgs as org_rules;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::Problem;
use domain::access::Action;
use gongwen::NoticeDraft;
use serde::Deserialize;

/// Largest upload for a notice document.
pub const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

#[derive(Template)]
#[template(path = "notices/new.html")]
struct NewPage {
    chrome: Chrome,
    orgs: Vec<(i64, String)>,
    error: Option<String>,
}

/// The orgs the caller may issue notices for: where they hold the grant to (a lower org's
/// notices are its own administrators' to issue).
async fn issuing_orgs(state: &AppState, user: &CurrentUser) -> Result<Vec<(i64, String)>> {
    super::org_picker::own_orgs(state, user, Action::IssueNotices, None).await
}

async fn new_page(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    error: Option<String>,
) -> Result<String> {
    let orgs = issuing_orgs(state, user).await?;
    if orgs.is_empty() {
        return Err(Error::not_found());
    }
    Ok(NewPage {
        chrome,
        orgs,
        error,
    }
    .render()?)
}

pub async fn new(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Html<String>> {
    Ok(Html(new_page(&state, &user, chrome, None).await?))
}

#[derive(Template)]
#[template(path = "notices/preview.html")]
struct PreviewPage {
    chrome: Chrome,
    action: String,
    save_label: String,
    org_id: i64,
    fields: HeaderFields,
    source: String,
    outline: Outline,
    error: Option<String>,
}

/// The header fields as parsed, to fill the preview form.
fn fields_of(draft: &NoticeDraft) -> HeaderFields {
    HeaderFields {
        title: draft.title.clone().unwrap_or_default(),
        doc_number: draft
            .doc_number
            .as_ref()
            .map(|d| d.text().to_owned())
            .unwrap_or_default(),
        issuer: draft.issuer.clone().unwrap_or_default(),
        recipients: draft.recipients.join("、"),
        date: draft.date.map(|d| d.to_string()).unwrap_or_default(),
    }
}

fn preview_page(
    chrome: Chrome,
    action: String,
    org_id: i64,
    fields: HeaderFields,
    source: String,
    draft: &NoticeDraft,
    error: Option<String>,
) -> Result<String> {
    let save_label = chrome
        .t
        .s(if action == "/notices" {
            "notice.save_draft"
        } else {
            "notice.save_revision"
        })
        .to_owned();
    Ok(PreviewPage {
        chrome,
        action,
        save_label,
        org_id,
        fields,
        source,
        outline: view::outline(draft),
        error,
    }
    .render()?)
}

/// `POST /notices/preview`: the first step's upload or pasted text, parsed for checking.
pub async fn preview(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    mut multipart: Multipart,
) -> Result<Response> {
    let t = chrome.t;
    let (mut org_id, mut source, mut file) = (None, String::new(), None);
    while let Some(field) = multipart.next_field().await.map_err(|e| {
        Error::bad_request("invalid_upload", "error.bad_request").detail(e.body_text())
    })? {
        match field.name() {
            Some("org_id") => {
                org_id = field
                    .text()
                    .await
                    .ok()
                    .and_then(|v| v.trim().parse::<i64>().ok())
            }
            Some("source") => source = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or("").to_owned();
                let bytes = field.bytes().await.map_err(|e| {
                    Error::bad_request("invalid_upload", "error.bad_request").detail(e.body_text())
                })?;
                if !bytes.is_empty() {
                    file = Some((name, bytes));
                }
            }
            _ => {}
        }
    }
    let org = org_rules::load(
        &state,
        &user,
        org_id.ok_or_else(Error::not_found)?,
        Action::IssueNotices,
    )
    .await?;
    if let Some((name, bytes)) = file {
        match gongwen::file_text(&name, &bytes) {
            Ok(text) => source = text,
            Err(e) => {
                let error = Some(match crate::notices::refusals::oversized(&e) {
                    Some(o) => t.f(o.key, &[("max", &o.max_mb.to_string())]),
                    None => t.f("notice.problem.file", &[("detail", &e.to_string())]),
                });
                let html = new_page(&state, &user, chrome, error).await?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
            }
        }
    }
    match compose(&source, &HeaderFields::default()) {
        Ok(draft) => {
            let fields = fields_of(&draft);
            Ok(Html(preview_page(
                chrome,
                "/notices".into(),
                org.id,
                fields,
                source,
                &draft,
                None,
            )?)
            .into_response())
        }
        Err(problem) => {
            let html = new_page(
                &state,
                &user,
                chrome,
                Some(t.s(problem.message_key()).to_owned()),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    org_id: i64,
    #[serde(default)]
    source: String,
    #[serde(default)]
    intent: String,
    #[serde(flatten)]
    fields: HeaderFields,
}

/// What the corrected text and fields come to: a draft to save, or a page to show again.
enum Checked {
    Save(Box<NoticeDraft>),
    Show(Response),
}

/// Re-checks the corrected text and fields; answers the preview again, or the draft to save.
fn recheck(t: T, chrome: Chrome, action: &str, form: &DraftForm) -> Result<Checked> {
    match compose(&form.source, &form.fields) {
        Ok(draft) if form.intent == "save" => Ok(Checked::Save(Box::new(draft))),
        Ok(draft) => {
            // Recognising again: the parse of the edited text fills the fields the person left empty.
            let mut fields = fields_of(&draft);
            for (mine, typed) in [
                (&mut fields.title, &form.fields.title),
                (&mut fields.doc_number, &form.fields.doc_number),
                (&mut fields.issuer, &form.fields.issuer),
                (&mut fields.recipients, &form.fields.recipients),
                (&mut fields.date, &form.fields.date),
            ] {
                if !typed.trim().is_empty() {
                    mine.clone_from(typed);
                }
            }
            let html = preview_page(
                chrome,
                action.to_owned(),
                form.org_id,
                fields,
                form.source.clone(),
                &draft,
                None,
            )?;
            Ok(Checked::Show(Html(html).into_response()))
        }
        Err(problem) => {
            let fallback = gongwen::parse_text(&form.source);
            let error = Some(t.s(problem.message_key()).to_owned());
            let html = preview_page(
                chrome,
                action.to_owned(),
                form.org_id,
                form.fields.clone(),
                form.source.clone(),
                &fallback,
                error,
            )?;
            Ok(Checked::Show(
                (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response(),
            ))
        }
    }
}

/// `POST /notices`: save a new draft (or recognise the edited text again).
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Form(form): Form<DraftForm>,
) -> Result<Response> {
    let org = org_rules::load(&state, &user, form.org_id, Action::IssueNotices).await?;
    let draft = match recheck(chrome.t, chrome, "/notices", &form)? {
        Checked::Save(draft) => draft,
        Checked::Show(page) => return Ok(page),
    };
    let id = rules::create(&state, &user, &org, &draft, &form.source).await?;
    Ok(Redirect::to(&format!("/notices/{id}")).into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    let (draft, source) = rules::draft_of(&state, &notice, notice.revision).await?;
    let fields = fields_of(&draft);
    Ok(Html(preview_page(
        chrome,
        format!("/notices/{id}/edit"),
        notice.org_id,
        fields,
        source,
        &draft,
        None,
    )?))
}

/// `POST /notices/{id}/edit`: save a new revision (or recognise again).
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(mut form): Form<DraftForm>,
) -> Result<Response> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    // The issuing org does not change with an edit.
    form.org_id = notice.org_id;
    let t = chrome.t;
    let draft = match recheck(t, chrome.clone(), &format!("/notices/{id}/edit"), &form)? {
        Checked::Save(draft) => draft,
        Checked::Show(page) => return Ok(page),
    };
    match rules::revise(&state, &user, &notice, &draft, &form.source).await? {
        Ok(_) => Ok(Redirect::to(&format!("/notices/{id}")).into_response()),
        Err(problem) => {
            let error = Some(t.s(problem.message_key()).to_owned());
            let html = preview_page(
                chrome,
                format!("/notices/{id}/edit"),
                notice.org_id,
                form.fields,
                form.source,
                &draft,
                error,
            )?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

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
        let html = render_with(&state, &user, chrome, loaded, None, Some(form.ticked())).await?;
        return Ok(Html(html).into_response());
    }
    let sign_by = match app::reminders::notice::read_sign_by(&state, &form.sign_by) {
        Ok(s) => s,
        Err(p) => {
            let key = p.message_key();
            return refuse(&state, &user, chrome, id, key, Some(form.ticked())).await;
        }
    };
    let targets = org_picker::ticked_targets(&state, &form.subtree, &form.org).await?;
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
async fn refuse(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    id: i64,
    key: &str,
    ticked: Option<Ticked<'_>>,
) -> Result<Response> {
    let loaded = rules::load(state, user, id).await?;
    let error = Some(chrome.t.s(key).to_owned());
    let html = render_with(state, user, chrome, loaded, error, ticked).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    reason: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<WithdrawForm>,
) -> Result<Response> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    match rules::withdraw(&state, &user, &notice, &form.reason).await? {
        Ok(()) => Ok(Redirect::to(&format!("/notices/{id}")).into_response()),
        Err(problem) => refuse(&state, &user, chrome, id, problem.message_key(), None).await,
    }
}
