//! 发文: writing a notice — paste or upload, check the recognised structure, save, revise,
//! withdraw (publishing is `notice_publish`).

use super::layout::Chrome;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::state::AppState;
use app::notices::compose::{self, HeaderFields, HeaderProblem, compose};
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
    /// The org chosen before a refusal (the first when none was).
    selected: i64,
    /// What was pasted before a refusal: it is never lost.
    source: String,
    error: Option<String>,
    max_chars: usize,
}

/// The orgs the caller may issue notices for: where they hold the grant to (a lower org's
/// notices are its own administrators' to issue).
async fn issuing_orgs(state: &AppState, user: &CurrentUser) -> Result<Vec<(i64, String)>> {
    super::org_picker::own_orgs(state, user, Action::IssueNotices, None).await
}

/// Step 1 again after a refusal: what was chosen and pasted kept.
struct Kept {
    org_id: Option<i64>,
    source: String,
    error: Option<String>,
}

async fn new_page(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    kept: Kept,
) -> Result<String> {
    let orgs = issuing_orgs(state, user).await?;
    if orgs.is_empty() {
        return Err(Error::not_found());
    }
    Ok(NewPage {
        chrome,
        selected: kept.org_id.unwrap_or(orgs[0].0),
        orgs,
        source: kept.source,
        error: kept.error,
        max_chars: compose::MAX_SOURCE,
    }
    .render()?)
}

pub async fn new(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Html<String>> {
    let kept = Kept {
        org_id: None,
        source: String::new(),
        error: None,
    };
    Ok(Html(new_page(&state, &user, chrome, kept).await?))
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
    max_chars: usize,
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
        max_chars: compose::MAX_SOURCE,
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
    let refused = |source: String, error: String| Kept {
        org_id: Some(org.id),
        source,
        error: Some(error),
    };
    if let Some((name, bytes)) = file {
        match gongwen::file_text(&name, &bytes) {
            Ok(text) => source = text,
            Err(e) => {
                // In the reader's language, saying what to do; what was pasted stays.
                let error = crate::notices::refusals::file_refusal(&e).message(t);
                let html = new_page(&state, &user, chrome, refused(source, error)).await?;
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
        // Nothing to read, or too much: step 1 again, with the text as it was.
        Err(problem @ (HeaderProblem::Empty | HeaderProblem::TooLong { .. })) => {
            let html =
                new_page(&state, &user, chrome, refused(source, t.problem(&problem))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        // Read, but something is missing (the title, say): the preview, where it can be typed.
        Err(problem) => {
            let fallback = gongwen::parse_text(&source);
            let html = preview_page(
                chrome,
                "/notices".into(),
                org.id,
                fields_of(&fallback),
                source,
                &fallback,
                Some(t.problem(&problem)),
            )?;
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
            // The outline of at most the accepted length; the text itself is kept whole.
            let bounded: String = form.source.chars().take(compose::MAX_SOURCE).collect();
            let fallback = gongwen::parse_text(&bounded);
            let error = Some(t.problem(&problem));
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
            let error = Some(t.problem(&problem));
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
        Err(problem) => {
            super::notice_publish::refuse(&state, &user, chrome, id, problem.message_key(), None)
                .await
        }
    }
}
