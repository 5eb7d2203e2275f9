//! `/api/v1/notices/{id}/signoff`: 签发 of a notice's draft when the deployment asks for it —
//! the trail, 送审, and 核稿 / 签发 (approved, or returned with a reason) by someone other than
//! the revision's writer; and `/api/v1/settings/notices`, the setting that asks for it.

use super::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::notices::rules;
use app::notices::settings;
use app::notices::signoff::{self, Trail};
use app::zone::rfc3339;
use axum::Json;
use axum::extract::{Path, State};
use domain::notice_signoff::{Act, Decision, SignoffProblem, Stage, Step};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

type ErrorBody = crate::api::openapi::ErrorBody;

/// A notice's 签发: where its current revision stands and everything done so far.
#[derive(Serialize, ToSchema)]
pub struct SignoffView {
    /// The deployment asks for 签发 before publishing (`/api/v1/settings/notices`).
    pub required: bool,
    /// The current revision: only acts on it count.
    pub revision: i64,
    /// drafting (拟稿), awaiting_review (待核稿), awaiting_signoff (待签发), signed_off (已签发)
    /// or returned (已退回)
    pub stage: String,
    /// The step that returned it (review or signoff); null unless returned.
    pub returned_at: Option<String>,
    /// Publishing is not held back by 签发: it is not asked for, or the revision is signed off.
    pub may_publish: bool,
    /// 拟稿人: who wrote the current revision, and when.
    pub drafted_by: Option<Drafter>,
    /// Every act on every revision, oldest first.
    pub acts: Vec<ActView>,
}

#[derive(Serialize, ToSchema)]
pub struct Drafter {
    pub account_id: Option<i64>,
    pub name: String,
    pub at: String,
}

/// One act: 送审, 核稿 or 签发.
#[derive(Serialize, ToSchema)]
pub struct ActView {
    pub revision: i64,
    /// send, review or signoff
    pub step: String,
    /// sent (with send), approved or returned
    pub decision: String,
    /// A return's reason, or an approver's comment; empty when none.
    pub reason: String,
    pub account_id: i64,
    pub name: String,
    pub at: String,
    /// On the current revision; false: voided by an edit after it.
    pub current: bool,
}

fn view(trail: Trail) -> SignoffView {
    let returned_at = match trail.stage {
        Stage::Returned(step) => Some(step.as_str().to_owned()),
        _ => None,
    };
    SignoffView {
        required: trail.required,
        revision: trail.revision,
        stage: trail.stage.as_str().to_owned(),
        returned_at,
        may_publish: !trail.required || trail.stage == Stage::SignedOff,
        drafted_by: trail.author.as_ref().map(|a| Drafter {
            account_id: a.account_id,
            name: a.name.clone(),
            at: rfc3339(a.at),
        }),
        acts: trail
            .acts
            .iter()
            .map(|s| ActView {
                revision: s.revision,
                step: s.act.step_str().to_owned(),
                decision: s.act.decision_str().to_owned(),
                reason: s.reason.clone(),
                account_id: s.by,
                name: s.by_name.clone(),
                at: rfc3339(s.at),
                current: s.revision == trail.revision,
            })
            .collect(),
    }
}

#[utoipa::path(
    get, path = "/api/v1/notices/{id}/signoff", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    responses(
        (status = 200, description = "The notice's 签发 trail and where its current revision stands", body = SignoffView),
        (status = 404, description = "Not a notice of the caller's issuing orgs", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<SignoffView>> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    Ok(Json(view(signoff::trail(&state, &notice).await?)))
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StepName {
    /// 送审: hand the draft over for review
    Send,
    /// 核稿
    Review,
    /// 签发
    Signoff,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DecisionName {
    Approved,
    Returned,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignoffBody {
    pub step: StepName,
    /// Required with review and signoff; ignored with send.
    #[serde(default)]
    pub decision: Option<DecisionName>,
    /// Required when returning (退回修改): why, for the drafter. With an approval, an optional
    /// comment (意见). At most 500 characters.
    #[serde(default)]
    pub reason: String,
    /// The revision the caller read: refused with stale_revision when the draft was edited
    /// since. Left out: the current revision.
    #[serde(default)]
    pub revision: Option<i64>,
}

impl SignoffBody {
    fn act(&self) -> Option<Act> {
        let decision = self.decision.map(|d| match d {
            DecisionName::Approved => Decision::Approved,
            DecisionName::Returned => Decision::Returned,
        });
        match (self.step, decision) {
            (StepName::Send, _) => Some(Act::Sent),
            (StepName::Review, Some(d)) => Some(Act::Decided(Step::Review, d)),
            (StepName::Signoff, Some(d)) => Some(Act::Decided(Step::Signoff, d)),
            (_, None) => None,
        }
    }
}

#[utoipa::path(
    post, path = "/api/v1/notices/{id}/signoff", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    request_body = SignoffBody,
    responses(
        (status = 200, description = "Done; the trail as it is now", body = SignoffView),
        (status = 404, description = "Not a notice of the caller's issuing orgs", body = ErrorBody),
        (status = 422, description = "signoff_off (the deployment does not ask for 签发), not_a_draft, invalid_step (review or signoff without a decision), not_sent_for_review, already_sent_for_review, not_reviewed, already_decided, own_revision (nobody reviews or signs a revision they wrote), reason_required, reason_too_long, stale_revision (edited since the revision named), or invalid_body", body = ErrorBody),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<SignoffBody>,
) -> Result<Json<SignoffView>> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    let act = body
        .act()
        .ok_or_else(|| Error::problem(&SignoffProblem::UnknownAct))?;
    signoff::act(&state, &user, &notice, body.revision, act, &body.reason)
        .await?
        .map_err(|p| Error::problem(&p))?;
    // An act never changes the revision: the notice as loaded still names the current one.
    Ok(Json(view(signoff::trail(&state, &notice).await?)))
}

/// The deployment's notice settings.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NoticeSettings {
    /// A draft needs 核稿 and 签发, each by someone other than the revision's writer, before it
    /// may be published. Off by default.
    pub signoff: bool,
}

#[utoipa::path(get, path = "/api/v1/settings/notices", tag = "notices", security(("bearer" = [])),
    responses((status = 200, description = "The deployment's notice settings", body = NoticeSettings),
        (status = 404, description = "Not a committee administrator over the whole tree", body = ErrorBody)))]
pub async fn settings_show(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<NoticeSettings>> {
    settings::require_admin(&state, &user).await?;
    let signoff = settings::signoff_required(&state).await?;
    Ok(Json(NoticeSettings { signoff }))
}

#[utoipa::path(put, path = "/api/v1/settings/notices", tag = "notices", security(("bearer" = [])),
    request_body = NoticeSettings,
    responses((status = 200, description = "Saved", body = NoticeSettings),
        (status = 404, description = "Not a committee administrator over the whole tree", body = ErrorBody),
        (status = 422, description = "invalid_body", body = ErrorBody)))]
pub async fn settings_save(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NoticeSettings>,
) -> Result<Json<NoticeSettings>> {
    let signoff = settings::set_signoff_required(&state, &user, body.signoff).await?;
    Ok(Json(NoticeSettings { signoff }))
}
