//! 签发 on a notice's page: the trail (拟稿人, 送审, 核稿人, 签发人, returns with their reasons)
//! and the buttons the caller may press — 送审, 核稿通过 or 签发, 退回修改 with a reason. A
//! refusal answers the page again with the message beside the form and what was typed.

use super::layout::Chrome;
use super::notices::{Shown, render_shown};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::state::AppState;
use app::notices::rules;
use app::notices::signoff::{self, Trail};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::notice::NoticeStatus;
use domain::notice_signoff::{Act, SignoffProblem, Stage, Step};
use serde::Deserialize;
use store::notice_signoffs::Signoff;
use store::notices::Notice;

/// One line of the trail.
pub struct TrailLine {
    /// 拟稿人, 送审, 核稿人, 签发人, 核稿退回 …
    pub label: String,
    pub who: String,
    pub when: String,
    /// A return's reason or an approver's comment.
    pub reason: String,
    pub returned: bool,
}

/// The step the caller may decide now.
pub struct Decide {
    /// `review` or `signoff`, sent back with the form.
    pub step: &'static str,
    /// 核稿 / 签发
    pub heading: String,
    /// 核稿通过 / 签发
    pub approve: String,
}

/// The 签发 section of a notice's page, for its issuer side.
pub struct SignoffPanel {
    /// 拟稿中, 待核稿, 待签发, 已签发, 已退回 (a published notice: only 已签发)
    pub stage: Option<String>,
    pub signed_off: bool,
    /// The deployment asks for 签发 and the current revision lacks it: publishing is refused.
    pub blocks_publishing: bool,
    /// The current revision's trail, 拟稿人 first.
    pub lines: Vec<TrailLine>,
    /// Earlier revisions' acts, voided by the edits after them: (第 N 版, the line).
    pub voided: Vec<(String, TrailLine)>,
    /// The revision the buttons act on (sent back, so an edit in between is noticed).
    pub revision: i64,
    pub can_send: bool,
    pub decide: Option<Decide>,
    /// Why the caller has no button while a step waits (they wrote this revision).
    pub note: Option<String>,
    /// Something was done to this draft's revision: an edit starts 签发 over.
    pub edit_voids: bool,
    pub error: Option<String>,
    /// The reason as typed before a refusal.
    pub reason: String,
}

/// What the 签发 form held when it was refused.
pub struct Typed {
    pub error: String,
    pub reason: String,
}

fn line(state: &AppState, t: T, s: &Signoff) -> TrailLine {
    TrailLine {
        label: t.s(s.act.message_key()).to_owned(),
        who: s.by_name.clone(),
        when: state.zone.date_time(s.at, t.locale),
        reason: s.reason.clone(),
        returned: s.act.returned(),
    }
}

/// The trail's lines: who wrote the current revision, then what was done to it.
fn lines(state: &AppState, t: T, trail: &Trail) -> Vec<TrailLine> {
    let author = trail.author.iter().map(|a| TrailLine {
        label: t.s("notice.signoff.drafted_by").to_owned(),
        who: a.name.clone(),
        when: state.zone.date_time(a.at, t.locale),
        reason: String::new(),
        returned: false,
    });
    author
        .chain(trail.current().map(|s| line(state, t, s)))
        .collect()
}

/// The section for the issuer side of `n`: shown for a draft when the deployment asks for 签发,
/// and wherever something was done or refused; otherwise none (the page stays as it was).
pub async fn panel(
    state: &AppState,
    user: &CurrentUser,
    t: T,
    n: &Notice,
    typed: Option<Typed>,
) -> Result<Option<SignoffPanel>> {
    let trail = signoff::trail(state, n).await?;
    let draft = n.status == NoticeStatus::Draft;
    let open = trail.required && draft;
    if !open && trail.acts.is_empty() && typed.is_none() {
        return Ok(None);
    }
    let waiting = trail.stage.waits_for().filter(|_| open);
    let own = trail.wrote(user.account.id);
    let (error, reason) = typed.map_or((None, String::new()), |t| (Some(t.error), t.reason));
    Ok(Some(SignoffPanel {
        // Once out, a stage other than 已签发 (an edit after publishing, say) says nothing useful.
        stage: (draft || trail.stage == Stage::SignedOff)
            .then(|| t.s(trail.stage.message_key()).to_owned()),
        signed_off: trail.stage == Stage::SignedOff,
        blocks_publishing: open && trail.stage != Stage::SignedOff,
        lines: lines(state, t, &trail),
        voided: trail
            .voided()
            .map(|s| {
                let rev = t.f("notice.revision", &[("n", &s.revision.to_string())]);
                (rev, line(state, t, s))
            })
            .collect(),
        revision: trail.revision,
        can_send: open && trail.stage.may_send(),
        decide: waiting.filter(|_| !own).map(|step| decide(t, step)),
        note: waiting.filter(|_| own).map(|step| {
            t.s(match step {
                Step::Review => "notice.signoff.waiting_review",
                Step::Signoff => "notice.signoff.waiting_signoff",
            })
            .to_owned()
        }),
        edit_voids: open && trail.stage != Stage::Drafting,
        error,
        reason,
    }))
}

fn decide(t: T, step: Step) -> Decide {
    let (heading, approve) = match step {
        Step::Review => ("notice.signoff.review", "notice.signoff.approve_review"),
        Step::Signoff => ("notice.signoff.signoff", "notice.signoff.approve_signoff"),
    };
    Decide {
        step: step.as_str(),
        heading: t.s(heading).to_owned(),
        approve: t.s(approve).to_owned(),
    }
}

#[derive(Deserialize)]
pub struct SignoffForm {
    /// send, review or signoff
    #[serde(default)]
    step: String,
    /// approved or returned (review and signoff)
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
    /// The revision the page showed.
    #[serde(default)]
    revision: Option<i64>,
}

/// `POST /notices/{id}/signoff`: 送审, or a decision on the step waiting.
pub async fn act(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<SignoffForm>,
) -> Result<Response> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    let outcome = match Act::asked(&form.step, &form.decision) {
        Some(act) => signoff::act(&state, &user, &notice, form.revision, act, &form.reason)
            .await?
            .map(|_| ()),
        None => Err(SignoffProblem::UnknownAct),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/notices/{id}#signoff")).into_response()),
        Err(problem) => {
            let typed = Typed {
                error: chrome.t.problem(&problem),
                reason: form.reason,
            };
            let loaded = rules::load(&state, &user, id).await?;
            let shown = Shown {
                signoff: Some(typed),
                ..Shown::default()
            };
            let html = render_shown(&state, &user, chrome, loaded, shown).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
