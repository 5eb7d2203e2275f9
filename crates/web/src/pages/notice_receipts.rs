//! 签收情况: a notice's receipts for its issuer side — each recipient's status (未读 / 已读 /
//! 已签收) with a filter, the reminders it was sent, the 签收时限, and 催办 of those that have
//! not signed. Refusals come back on the page with what was typed.

use super::layout::Chrome;
use super::notices::summary;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::notices::rules;
use app::reminders::notice as notice_reminders;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::notice::NoticeStatus;
use domain::reminder::NoticeAudience;
use serde::Deserialize;
use store::notices::{self, Notice, Receipt};

pub struct ReceiptRow {
    pub org_id: i64,
    pub org: String,
    /// unread, read or signed
    pub status: &'static str,
    pub status_label: String,
    pub opened: String,
    /// Who of the org first opened it.
    pub opener: String,
    pub signed: String,
    pub signer: String,
    pub revision: String,
    pub reminded: Option<String>,
}

#[derive(Template)]
#[template(path = "notices/receipts.html")]
struct ReceiptsPage {
    chrome: Chrome,
    id: i64,
    title: String,
    summary: String,
    rows: Vec<ReceiptRow>,
    filter: String,
    sort: String,
    /// The notice is published: reminders and the 签收时限 can be set.
    live: bool,
    any_unsigned: bool,
    sign_by: String,
    /// What was typed before a refusal, shown again.
    sign_by_input: String,
    note: String,
    error: Option<String>,
    done: Option<String>,
}

/// A recipient's status against the notice's current revision.
fn status_of(r: &Receipt, revision: i64) -> &'static str {
    match (r.signed_revision, r.opened_at) {
        (Some(v), _) if v >= revision => "signed",
        (_, Some(_)) => "read",
        _ => "unread",
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ReceiptsQuery {
    #[serde(default)]
    status: String,
    /// `status`: unread first, then read, then signed (within each, tree order); otherwise
    /// tree order.
    #[serde(default)]
    sort: String,
    reminded: Option<usize>,
    skipped: Option<usize>,
    unreached: Option<usize>,
    saved: Option<String>,
}

/// What the page shows besides the receipts: a refusal and what was typed.
#[derive(Default)]
struct Typed {
    error: Option<String>,
    note: String,
    sign_by: Option<String>,
}

async fn render(
    state: &AppState,
    chrome: Chrome,
    notice: Notice,
    q: &ReceiptsQuery,
    typed: Typed,
) -> Result<String> {
    let t = chrome.t;
    let receipts = notices::receipts(state.db.read(), notice.id).await?;
    let ids: Vec<i64> = receipts.iter().map(|r| r.org_id).collect();
    let tallies = notice_reminders::tallies(state, notice.id, &ids).await?;
    let when = |ts| state.zone.date_time(ts, t.locale);
    let sign_by = store::notice_reminders::sign_by(state.db.read(), notice.id).await?;
    let any_unsigned = receipts
        .iter()
        .any(|r| status_of(r, notice.revision) != "signed");
    let mut rows: Vec<ReceiptRow> = receipts
        .iter()
        .filter(|r| q.status.is_empty() || status_of(r, notice.revision) == q.status)
        .map(|r| {
            let status = status_of(r, notice.revision);
            ReceiptRow {
                org_id: r.org_id,
                org: r.org_name.clone(),
                status,
                status_label: t.s(&format!("notice.receipt.status.{status}")).to_owned(),
                opened: r.opened_at.map(when).unwrap_or_default(),
                opener: r.opened_by.clone().unwrap_or_default(),
                signed: r.signed_at.map(when).unwrap_or_default(),
                signer: r.signed_by.clone().unwrap_or_default(),
                revision: r.signed_revision.map(|v| v.to_string()).unwrap_or_default(),
                reminded: tallies.get(&r.org_id).map(|tally| {
                    let count = tally.count.to_string();
                    let last = when(tally.last);
                    t.f("reminders.tally", &[("count", &count), ("last", &last)])
                }),
            }
        })
        .collect();
    if q.sort == "status" {
        let rank = |s: &str| match s {
            "unread" => 0,
            "read" => 1,
            _ => 2,
        };
        rows.sort_by_key(|r| rank(r.status));
    }
    let page = ReceiptsPage {
        sort: q.sort.clone(),
        summary: summary(t, &receipts),
        rows,
        filter: q.status.clone(),
        live: notice.status == NoticeStatus::Published,
        any_unsigned,
        sign_by: sign_by.map(when).unwrap_or_default(),
        sign_by_input: typed.sign_by.unwrap_or_else(|| {
            sign_by
                .map(|s| state.zone.sortable(s).replace(' ', "T"))
                .unwrap_or_default()
        }),
        note: typed.note,
        error: typed.error,
        done: done(t, q),
        id: notice.id,
        title: notice.title,
        chrome,
    };
    Ok(page.render()?)
}

fn done(t: crate::i18n::T, q: &ReceiptsQuery) -> Option<String> {
    if q.saved.is_some() {
        return Some(t.s("reminders.sign_by_saved").to_owned());
    }
    let reminded = q.reminded?;
    let mut text = t.f(
        "reminders.done_notice",
        &[
            ("orgs", &reminded.to_string()),
            ("skipped", &q.skipped.unwrap_or(0).to_string()),
        ],
    );
    if let Some(n) = q.unreached.filter(|n| *n > 0) {
        text.push(' ');
        text.push_str(&t.f("reminders.unreached", &[("n", &n.to_string())]));
    }
    Some(text)
}

/// `GET /notices/{id}/receipts`
pub async fn receipts(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<ReceiptsQuery>,
) -> Result<Html<String>> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    let html = render(&state, chrome, notice, &q, Typed::default()).await?;
    Ok(Html(html))
}

#[derive(Debug, Default, Deserialize)]
pub struct RemindForm {
    #[serde(default)]
    org_ids: Vec<i64>,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    note: String,
}

/// `POST /notices/{id}/remind`
pub async fn remind(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<RemindForm>,
) -> Result<Response> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    let outcome = match NoticeAudience::parse(&form.scope, &form.org_ids) {
        Ok(a) => notice_reminders::remind(&state, &user, &notice, &a, &form.note).await?,
        Err(p) => Err(p),
    };
    match outcome {
        Ok(sent) => {
            let back = format!(
                "/notices/{id}/receipts?reminded={}&skipped={}&unreached={}",
                sent.orgs, sent.skipped, sent.unreached
            );
            Ok(Redirect::to(&back).into_response())
        }
        Err(p) => {
            let typed = Typed {
                error: Some(chrome.t.problem(&p)),
                note: form.note,
                sign_by: None,
            };
            refuse(&state, chrome, notice, typed).await
        }
    }
}

async fn refuse(
    state: &AppState,
    chrome: Chrome,
    notice: Notice,
    typed: Typed,
) -> Result<Response> {
    let html = render(state, chrome, notice, &ReceiptsQuery::default(), typed).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct SignByForm {
    /// `2026-12-10`, `2026-12-10T17:00`; empty clears it.
    #[serde(default)]
    sign_by: String,
}

/// `POST /notices/{id}/sign-by`
pub async fn set_sign_by(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<SignByForm>,
) -> Result<Response> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    let outcome = match notice_reminders::read_sign_by(&state, &form.sign_by) {
        Ok(sign_by) => notice_reminders::set_sign_by(&state, &user, &notice, sign_by).await?,
        Err(p) => Err(p),
    };
    let refusal = match outcome {
        Ok(()) => {
            let back = format!("/notices/{id}/receipts?saved=1");
            return Ok(Redirect::to(&back).into_response());
        }
        Err(p) => chrome.t.problem(&p),
    };
    let typed = Typed {
        error: Some(refusal),
        note: String::new(),
        sign_by: Some(form.sign_by),
    };
    refuse(&state, chrome, notice, typed).await
}
