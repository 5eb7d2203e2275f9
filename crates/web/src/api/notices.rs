//! `/api/v1/notices`: notices (通知) for integrations — create a draft from its text or a
//! file, revise, publish to orgs, withdraw, read (which records the opening, as the page
//! does) and sign (签收). Every check and write goes through `notices::rules`.

use super::ApiJson;
use super::notice_upload;
use super::notice_views::{NoticeRow, NoticeView, inbox_row, issued_row, notice_view};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::notices::refusals::{header_problem, notice_problem, unreadable_file};
use crate::state::AppState;
use app::authz;
use app::notices::compose::{HeaderFields, compose};
use app::notices::rules::{self, Loaded, Side};
use axum::Json;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use domain::access::Action;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ErrorBody = crate::api::openapi::ErrorBody;

/// 主送机关: one string (separated by 、, commas or new lines) or a list.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Recipients {
    Text(String),
    List(Vec<String>),
}

impl Default for Recipients {
    fn default() -> Recipients {
        Recipients::Text(String::new())
    }
}

/// A notice's text and the header fields that correct what the parser finds; an empty field
/// means "as parsed".
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct NoticeFields {
    /// The notice's full text (plain text or Markdown).
    pub source: String,
    #[serde(default)]
    pub title: String,
    /// 发文字号, e.g. 渝科协社党发〔2022〕28号
    #[serde(default)]
    pub doc_number: String,
    /// 发文机关
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub recipients: Recipients,
    /// 成文日期: YYYY-MM-DD or 2022年8月5日
    #[serde(default)]
    pub date: String,
}

impl NoticeFields {
    fn header(&self) -> HeaderFields {
        HeaderFields {
            title: self.title.clone(),
            doc_number: self.doc_number.clone(),
            issuer: self.issuer.clone(),
            recipients: match &self.recipients {
                Recipients::Text(s) => s.clone(),
                Recipients::List(list) => list.join("\n"),
            },
            date: self.date.clone(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewNoticeBody {
    /// The issuing org; the caller must be allowed to issue notices there.
    pub org_id: i64,
    #[serde(flatten)]
    #[schema(inline)]
    pub fields: NoticeFields,
}

/// The multipart form of `POST /api/v1/notices`.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "only describes the multipart form for the OpenAPI document"
)]
pub struct NoticeFileUpload {
    org_id: i64,
    /// The notice as .docx, .txt or .md (UTF-8), at most 20 MB; or send its text in `source`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    title: Option<String>,
    doc_number: Option<String>,
    issuer: Option<String>,
    recipients: Option<String>,
    date: Option<String>,
}

async fn reloaded(state: &AppState, user: &CurrentUser, id: i64) -> Result<Json<NoticeView>> {
    let loaded = rules::load(state, user, id).await?;
    Ok(Json(notice_view(state, &loaded).await?))
}

#[utoipa::path(
    post, path = "/api/v1/notices", tag = "notices", security(("bearer" = [])),
    request_body(
        description = "The notice's text with optional header corrections (JSON), or the notice as a file (multipart/form-data)",
        content(
            (NewNoticeBody = "application/json"),
            (NoticeFileUpload = "multipart/form-data"),
        )
    ),
    responses(
        (status = 201, description = "The draft, with its parsed structure as `content`", body = NoticeView),
        (status = 404, description = "The caller may not issue notices for org_id", body = ErrorBody),
        (status = 413, description = "The file is larger than 20 MB", body = ErrorBody),
        (status = 422, description = "empty_notice, title_required, invalid_doc_number, invalid_date, unreadable_file (a .doc, a PDF, text not in UTF-8 …), or file_text_too_long / file_unpacks_too_large (a .docx whose text or XML passes its bound once unpacked)", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    request: Request,
) -> Result<(StatusCode, Json<NoticeView>)> {
    // Refused before the body is read: a caller who may issue notices nowhere.
    authz::require_somewhere(&state, &user, Action::IssueNotices, "org").await?;
    let multipart = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (org_id, source, header) = if multipart {
        let upload = notice_upload::read(request).await?;
        let org_id = upload.org_id.ok_or_else(|| {
            Error::unprocessable("invalid_body", "error.invalid_body").detail("org_id")
        })?;
        let source = match (upload.file, upload.source) {
            (Some((name, bytes)), _) => {
                gongwen::file_text(&name, &bytes).map_err(unreadable_file)?
            }
            (None, Some(text)) => text,
            (None, None) => String::new(),
        };
        (org_id, source, upload.fields)
    } else {
        let ApiJson(body) = ApiJson::<NewNoticeBody>::from_request(request, &state).await?;
        let header = body.fields.header();
        (body.org_id, body.fields.source, header)
    };
    let org = app::roster::orgs::load(&state, &user, org_id, Action::IssueNotices).await?;
    let draft = compose(&source, &header).map_err(header_problem)?;
    let id = rules::create(&state, &user, &org, &draft, &source).await?;
    Ok((StatusCode::CREATED, reloaded(&state, &user, id).await?))
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mailbox {
    /// Received by the caller's orgs (published or withdrawn; never drafts).
    #[default]
    Inbox,
    /// Issued by the caller's orgs, drafts included.
    Issued,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NoticeQuery {
    /// inbox (default) or issued
    #[serde(rename = "box", default)]
    #[param(rename = "box", inline)]
    pub mailbox: Mailbox,
    /// At most 200; default 50.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct NoticePage {
    /// inbox or issued
    #[serde(rename = "box")]
    pub mailbox: String,
    pub limit: i64,
    pub offset: i64,
    /// More rows follow this page.
    pub has_more: bool,
    pub notices: Vec<NoticeRow>,
}

#[utoipa::path(
    get, path = "/api/v1/notices", tag = "notices", params(NoticeQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "Newest first. Inbox rows: one per receiving org of the caller's, with `recipient` (unread, changed, signed_at); issued rows with `receipts` counts", body = NoticePage),
        (status = 404, description = "The caller reads (or issues) no notices at all", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<NoticeQuery>,
) -> Result<Json<NoticePage>> {
    let action = match q.mailbox {
        Mailbox::Inbox => Action::ReadNotices,
        Mailbox::Issued => Action::IssueNotices,
    };
    let roots = user.access.roots(action);
    authz::require_somewhere(&state, &user, action, "notice").await?;
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    let offset = q.offset.unwrap_or(0).max(0);
    let db = state.db.read();
    let mut notices: Vec<NoticeRow> = match q.mailbox {
        Mailbox::Inbox => store::notices::inbox(db, &roots, limit + 1, offset)
            .await?
            .iter()
            .map(inbox_row)
            .collect(),
        Mailbox::Issued => store::notices::issued(db, &roots, limit + 1, offset)
            .await?
            .iter()
            .map(issued_row)
            .collect(),
    };
    let has_more = notices.len() as i64 > limit;
    notices.truncate(limit as usize);
    let mailbox = if q.mailbox == Mailbox::Inbox {
        "inbox"
    } else {
        "issued"
    };
    Ok(Json(NoticePage {
        mailbox: mailbox.to_owned(),
        limit,
        offset,
        has_more,
        notices,
    }))
}

#[utoipa::path(
    get, path = "/api/v1/notices/{id}", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    responses(
        (status = 200, description = "The notice. For a recipient, reading it records that the caller's orgs opened the current revision", body = NoticeView),
        (status = 404, description = "No such notice, or neither issued nor received by the caller's orgs", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<NoticeView>> {
    let loaded = rules::load(&state, &user, id).await?;
    if let Side::Recipient(rows) = &loaded.side {
        rules::mark_opened(&state, &user, &loaded.notice, rows).await?;
        return reloaded(&state, &user, id).await;
    }
    Ok(Json(notice_view(&state, &loaded).await?))
}

#[utoipa::path(
    put, path = "/api/v1/notices/{id}", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    request_body = NoticeFields,
    responses(
        (status = 200, description = "A new revision; recipients of a published notice see it as changed", body = NoticeView),
        (status = 404, description = "Not a notice of the caller's issuing orgs", body = ErrorBody),
        (status = 422, description = "withdrawn, or a header problem (empty_notice, title_required, invalid_doc_number, invalid_date)", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NoticeFields>,
) -> Result<Json<NoticeView>> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    let draft = compose(&body.source, &body.header()).map_err(header_problem)?;
    rules::revise(&state, &user, &notice, &draft, &body.source)
        .await?
        .map_err(notice_problem)?;
    reloaded(&state, &user, id).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TargetBody {
    pub org_id: i64,
    /// The org and every org under it (default), or the org alone.
    #[serde(default = "yes")]
    pub subtree: bool,
}

fn yes() -> bool {
    true
}

/// Loads the targets (of a notice or a task) as orgs; 404 for an org that does not exist.
pub async fn target_orgs(
    state: &AppState,
    targets: &[TargetBody],
) -> Result<Vec<(store::orgs::Org, bool)>> {
    let named: Vec<(i64, bool)> = targets.iter().map(|t| (t.org_id, t.subtree)).collect();
    Ok(app::roster::orgs::targets(state, &named).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PublishBody {
    pub targets: Vec<TargetBody>,
    /// The 签收时限 (`2026-12-10`, `2026-12-10 17:00` or RFC 3339), if the recipients must sign
    /// by a time; the reminder ladder chases those that have not.
    #[serde(default)]
    pub sign_by: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PublishResult {
    /// Orgs that received it: open committees, general branches and branches of the targets,
    /// not party groups and not the issuer.
    pub recipients: i64,
    pub notice: NoticeView,
}

#[utoipa::path(
    post, path = "/api/v1/notices/{id}/publish", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    request_body = PublishBody,
    responses(
        (status = 200, body = PublishResult),
        (status = 404, description = "Not a notice of the caller's issuing orgs, or a target outside the caller's scope", body = ErrorBody),
        (status = 422, description = "already_published, withdrawn, no_recipients, duplicate_target (an org named twice), or signoff_required (the deployment asks for 签发 and the current revision has not been signed off)", body = ErrorBody),
    )
)]
pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<PublishBody>,
) -> Result<Json<PublishResult>> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    let sign_by =
        app::reminders::notice::read_sign_by(&state, body.sign_by.as_deref().unwrap_or(""))
            .map_err(|p| crate::error::Error::problem(&p))?;
    let targets = target_orgs(&state, &body.targets).await?;
    let recipients = rules::publish(&state, &user, &notice, &targets)
        .await?
        .map_err(notice_problem)?;
    if sign_by.is_some() {
        app::reminders::notice::set_sign_by(&state, &user, &notice, sign_by)
            .await?
            .map_err(|p| crate::error::Error::problem(&p))?;
    }
    let Json(notice) = reloaded(&state, &user, id).await?;
    Ok(Json(PublishResult { recipients, notice }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct WithdrawBody {
    /// Required: shown to the recipients with the withdrawn notice.
    #[serde(default)]
    pub reason: String,
}

#[utoipa::path(
    post, path = "/api/v1/notices/{id}/withdraw", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    request_body = WithdrawBody,
    responses(
        (status = 200, description = "Withdrawn: it stays readable, marked withdrawn with the reason", body = NoticeView),
        (status = 404, description = "Not a notice of the caller's issuing orgs", body = ErrorBody),
        (status = 422, description = "reason_required, not_published or withdrawn", body = ErrorBody),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<WithdrawBody>,
) -> Result<Json<NoticeView>> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    rules::withdraw(&state, &user, &notice, &body.reason)
        .await?
        .map_err(notice_problem)?;
    reloaded(&state, &user, id).await
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SignBody {
    /// The recipient org to sign for; may be left out when the caller can sign for exactly one.
    pub org_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct SignResult {
    pub org_id: i64,
    /// The revision signed: the current one.
    pub revision: i64,
    /// The org had signed this revision before; nothing changed.
    pub already_signed: bool,
}

/// The org to sign for: the one named, or the only one of the caller's receiving orgs the
/// caller may sign for.
async fn signing_org(
    state: &AppState,
    user: &CurrentUser,
    loaded: &Loaded,
    named: Option<i64>,
) -> Result<i64> {
    if let Some(id) = named {
        return Ok(id);
    }
    let Side::Recipient(rows) = &loaded.side else {
        // The issuer side signs for nobody; the rules refuse it.
        return Ok(0);
    };
    let mut signable = Vec::new();
    for r in rows {
        if let Some(org) = store::orgs::by_id(state.db.read(), r.org_id).await?
            && user.access.can(Action::SignNotices, &org.path)
        {
            signable.push(org.id);
        }
    }
    match signable.as_slice() {
        [only] => Ok(*only),
        // None: let the rules refuse (and audit) the first row.
        [] => Ok(rows.first().map(|r| r.org_id).unwrap_or(0)),
        _ => Err(Error::unprocessable(
            "org_required",
            "notice.api.org_required",
        )),
    }
}

#[utoipa::path(
    post, path = "/api/v1/notices/{id}/sign", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    request_body(content = SignBody, description = "Optional"),
    responses(
        (status = 200, description = "Signed (签收) for the org, at the current revision", body = SignResult),
        (status = 404, description = "Not received by an org the caller may sign for", body = ErrorBody),
        (status = 422, description = "withdrawn, or org_required when the caller signs for several orgs", body = ErrorBody),
    )
)]
pub async fn sign(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<SignResult>> {
    let body: SignBody = if body.iter().all(u8::is_ascii_whitespace) {
        SignBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            Error::unprocessable("invalid_body", "error.invalid_body").detail(e.to_string())
        })?
    };
    let loaded = rules::load(&state, &user, id).await?;
    let org_id = signing_org(&state, &user, &loaded, body.org_id).await?;
    let signed = rules::sign(&state, &user, &loaded, org_id)
        .await?
        .map_err(notice_problem)?;
    Ok(Json(SignResult {
        org_id,
        revision: loaded.notice.revision,
        already_signed: !signed,
    }))
}
