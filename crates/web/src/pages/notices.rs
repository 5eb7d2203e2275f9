//! 通知: a notice's page, signing (签收) and receipts (the lists are `notice_list`). The page's
//! 签发 section is `notice_signoff`'s; publishing is `notice_publish`'s.

use super::layout::Chrome;
use super::notice_publish::PublishConfirm;
use super::notice_signoff::{self, SignoffPanel, Typed};
use super::org_picker::{NOTICE_RECIPIENTS, OrgPicker, Ticked};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::notices::attachments::{self, AttachmentView};
use crate::state::AppState;
use app::notices::rules::{self, Loaded, Side};
use app::notices::view::{self, Body};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::Problem;
use domain::access::Action;
use domain::notice::{NoticeChange, NoticeStatus};
use serde::Deserialize;
use store::notices;

pub struct SignRow {
    pub org_id: i64,
    pub label: String,
    pub signed: Option<String>,
}

#[derive(Template)]
#[template(path = "notices/show.html")]
struct ShowPage {
    chrome: Chrome,
    n: notices::Notice,
    status: String,
    revision_label: String,
    issued_by: String,
    published: Option<String>,
    withdrawn_banner: Option<String>,
    changed: bool,
    body: Body,
    sign_rows: Vec<SignRow>,
    /// The 签收时限 typed in the publish form before a refusal.
    sign_by_typed: String,
    /// Some org of the reader's has not signed: the 签收 bar stays in view while reading.
    sign_pending: bool,
    issuer: bool,
    receipts_summary: Option<String>,
    can_edit: bool,
    can_publish: bool,
    can_withdraw: bool,
    /// Whom to send a draft to.
    picker: OrgPicker,
    files: Vec<AttachmentView>,
    can_attach: bool,
    error: Option<String>,
    /// Per body block: a link to make a task of that section (据此创建任务), if it asks for
    /// something back and the caller manages tasks of the notice's org.
    task_links: Vec<Option<super::task_from_notice::SectionTasks>>,
    /// Per section: where to make a study campaign of it (a study section, for those who run
    /// campaigns for the notice's org).
    campaign_links: Vec<Option<String>>,
    /// The tasks made from this notice that the caller assigns: (link, title, state).
    made_tasks: Vec<(String, String, String)>,
    /// The first press of 下发: whom it reaches and what to look at before the second.
    confirm: Option<PublishConfirm>,
    /// 签发: the trail and the caller's buttons (issuer side, when the deployment asks for it).
    signoff: Option<SignoffPanel>,
}

impl ShowPage {
    /// 签发 is asked for and the current revision lacks it: the publish form waits.
    fn publish_blocked(&self) -> bool {
        self.signoff.as_ref().is_some_and(|s| s.blocks_publishing)
    }

    /// The 据此创建任务 link of the `i`th body block, if it has one.
    fn task_link(
        &self,
        i: impl std::borrow::Borrow<usize>,
    ) -> Option<&super::task_from_notice::SectionTasks> {
        self.task_links.get(*i.borrow()).and_then(|l| l.as_ref())
    }

    fn campaign_link(&self, i: impl std::borrow::Borrow<usize>) -> Option<&str> {
        self.campaign_links
            .get(*i.borrow())
            .and_then(|l| l.as_deref())
    }
}

/// Renders a notice's page for the caller (`error` from a refused publish or withdrawal).
pub async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    loaded: Loaded,
    error: Option<String>,
) -> Result<String> {
    render_with(state, user, chrome, loaded, error, None, None).await
}

/// [`render`], with the recipients ticked and searched for so far in the publish form (none:
/// the caller's whole subtrees ticked).
pub async fn render_with(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    loaded: Loaded,
    error: Option<String>,
    ticked: Option<Ticked<'_>>,
    confirm: Option<PublishConfirm>,
) -> Result<String> {
    let shown = Shown {
        error,
        ticked,
        confirm,
        signoff: None,
    };
    render_shown(state, user, chrome, loaded, shown).await
}

/// What the page shows besides the notice itself: a refusal, the publish form as typed with
/// its confirmation, the 签发 form as typed.
#[derive(Default)]
pub struct Shown<'a> {
    pub error: Option<String>,
    pub ticked: Option<Ticked<'a>>,
    pub confirm: Option<PublishConfirm>,
    pub signoff: Option<Typed>,
}

/// The issuer side's part of the page: receipts once published, the publish form while a
/// draft, and 签发.
#[derive(Default)]
struct IssuerParts {
    receipts_summary: Option<String>,
    picker: OrgPicker,
    signoff: Option<SignoffPanel>,
}

async fn issuer_parts(
    state: &AppState,
    user: &CurrentUser,
    t: T,
    n: &notices::Notice,
    ticked: Option<Ticked<'_>>,
    typed: Option<Typed>,
) -> Result<IssuerParts> {
    let mut parts = IssuerParts {
        signoff: notice_signoff::panel(state, user, t, n, typed).await?,
        ..IssuerParts::default()
    };
    if n.status != NoticeStatus::Draft {
        let receipts = notices::receipts(state.db.read(), n.id).await?;
        parts.receipts_summary = Some(summary(t, &receipts));
    } else if !parts.signoff.as_ref().is_some_and(|s| s.blocks_publishing) {
        // Held back by 签发, the publish form is not shown: no recipients to list.
        parts.picker = recipient_picker(state, user, t, n.org_id, ticked).await?;
    }
    Ok(parts)
}

/// Renders a notice's page for the caller with what [`Shown`] asks for.
pub async fn render_shown(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    loaded: Loaded,
    shown: Shown<'_>,
) -> Result<String> {
    let t = chrome.t;
    let issuer = loaded.is_issuer();
    let Loaded { notice: n, side } = loaded;
    let status = n.status;
    let (draft, _) = rules::draft_of(state, &n, n.revision).await?;
    let when = |ts| state.zone.date_time(ts, t.locale);
    let sign_rows = sign_rows(state, user, t, &n, &side);
    let changed = matches!(&side, Side::Recipient(rows)
        if rows.iter().any(|r| r.signed_revision.is_some_and(|s| s < n.revision)));
    let sign_by_typed = shown
        .ticked
        .as_ref()
        .map(|t| t.sign_by.to_owned())
        .unwrap_or_default();
    let parts = if issuer {
        issuer_parts(state, user, t, &n, shown.ticked, shown.signoff).await?
    } else {
        IssuerParts::default()
    };
    let files = attachments::list(state, n.id).await?;
    let made = app::tasks::rules::made_from_notice(state, user, n.id).await?;
    let task_links = super::task_from_notice::section_task_links(user, &n, &draft, &made);
    let made_tasks = made
        .iter()
        .map(|task| {
            let state = t.s(task.status.message_key()).to_owned();
            (format!("/tasks/{}", task.id), task.title.clone(), state)
        })
        .collect();
    let runs_campaigns = user.access.can(Action::ManageCampaigns, &n.org_path);
    let mut campaign_links = Vec::new();
    gongwen::Section::walk(&draft.sections, |s, _| {
        let i = campaign_links.len();
        let study = s.level == 1 && s.title.contains("学习");
        campaign_links.push(
            (runs_campaigns && study)
                .then(|| format!("/notices/{}/campaign/new?section={i}", n.id)),
        );
    });
    let page = ShowPage {
        sign_by_typed,
        task_links,
        campaign_links,
        made_tasks,
        files,
        can_attach: issuer && status != NoticeStatus::Withdrawn,
        status: t.s(status.message_key()).to_owned(),
        revision_label: t.f("notice.revision", &[("n", &n.revision.to_string())]),
        issued_by: t.f("notice.issued_by", &[("org", &n.org_name)]),
        published: n
            .published_at
            .map(|p| t.f("notice.published_at", &[("when", &when(p))])),
        withdrawn_banner: n.withdrawn_at.map(|w| {
            t.f(
                "notice.withdrawn_banner",
                &[("when", &when(w)), ("reason", &n.withdraw_reason)],
            )
        }),
        changed,
        body: view::body(&draft),
        sign_pending: sign_rows.iter().any(|r| r.signed.is_none()),
        sign_rows,
        issuer,
        receipts_summary: parts.receipts_summary,
        can_edit: issuer && status.allows(NoticeChange::Edit).is_ok(),
        can_publish: issuer && status.allows(NoticeChange::Publish).is_ok(),
        can_withdraw: issuer && status.allows(NoticeChange::Withdraw).is_ok(),
        picker: parts.picker,
        signoff: parts.signoff,
        error: shown.error,
        confirm: shown.confirm,
        n,
        chrome,
    };
    Ok(page.render()?)
}

/// The 签收 buttons of a published notice: one per received org the caller may sign for,
/// or the line saying when it signed this revision.
fn sign_rows(
    state: &AppState,
    user: &CurrentUser,
    t: T,
    n: &notices::Notice,
    side: &Side,
) -> Vec<SignRow> {
    let Side::Recipient(rows) = side else {
        return Vec::new();
    };
    if n.status != NoticeStatus::Published {
        return Vec::new();
    }
    let when = |ts| state.zone.date_time(ts, t.locale);
    rows.iter()
        .filter(|r| user.access.can(Action::SignNotices, &r.org_path))
        .map(|r| SignRow {
            org_id: r.org_id,
            // Signing for one org needs no name; for several, each button names its org.
            label: if rows.len() > 1 {
                t.f("notice.sign_for", &[("org", &r.org_name)])
            } else {
                t.s("notice.sign").to_owned()
            },
            signed: (r.signed_revision == Some(n.revision)).then(|| {
                t.f(
                    "notice.signed_at",
                    &[
                        ("org", &r.org_name),
                        ("when", &r.signed_at.map(when).unwrap_or_default()),
                    ],
                )
            }),
        })
        .collect()
}

/// A draft's publish form: the recipients ticked so far, or the caller's whole subtrees when
/// the form is shown fresh.
async fn recipient_picker(
    state: &AppState,
    user: &CurrentUser,
    t: T,
    org_id: i64,
    ticked: Option<Ticked<'_>>,
) -> Result<OrgPicker> {
    let none = Ticked {
        subtrees: &[],
        orgs: &[],
        query: "",
        sign_by: "",
    };
    let given = ticked.is_some();
    let ticked = ticked.unwrap_or(none);
    let picker = OrgPicker::build(state, user, t, NOTICE_RECIPIENTS, ticked, Some(org_id)).await?;
    Ok(if given {
        picker
    } else {
        picker.with_roots_ticked()
    })
}

pub fn summary(t: T, receipts: &[notices::Receipt]) -> String {
    let total = receipts.len();
    let signed = receipts.iter().filter(|r| r.signed_at.is_some()).count();
    let opened_only = receipts
        .iter()
        .filter(|r| r.signed_at.is_none() && r.opened_at.is_some())
        .count();
    t.f(
        "notice.receipts_summary",
        &[
            ("total", &total.to_string()),
            ("signed", &signed.to_string()),
            ("opened_only", &opened_only.to_string()),
            ("unread", &(total - signed - opened_only).to_string()),
        ],
    )
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>> {
    let loaded = rules::load(&state, &user, id).await?;
    if let Side::Recipient(rows) = &loaded.side {
        rules::mark_opened(&state, &user, &loaded.notice, rows).await?;
    }
    Ok(Html(render(&state, &user, chrome, loaded, None).await?))
}

#[derive(Deserialize)]
pub struct SignForm {
    org_id: i64,
}

pub async fn sign(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<SignForm>,
) -> Result<Response> {
    let loaded = rules::load(&state, &user, id).await?;
    match rules::sign(&state, &user, &loaded, form.org_id).await? {
        // Back to the 签收 section, so the confirmation is in view (on a phone too).
        Ok(_) => Ok(Redirect::to(&format!("/notices/{id}#sign")).into_response()),
        Err(problem) => {
            let error = Some(chrome.t.s(problem.message_key()).to_owned());
            let html = render(&state, &user, chrome, loaded, error).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
