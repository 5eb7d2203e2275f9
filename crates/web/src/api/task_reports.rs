//! `/api/v1/tasks/{id}/submissions/{org_id}` and `/board`: an org's report (报送) — read with
//! every version and review, save as a draft or hand in, approve or return (审核) — and the
//! supervision board (督办) of a period.

use super::ApiJson;
use super::task_views::{
    BoardRowView, BoardView, RecordChangeView, SubmissionView, board_row_view, forms_for,
    period_view, rollup_view, submission_view,
};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::state::AppState;
use crate::tasks::refusals::{answer_problems, submission_problem, task_problem};
use app::authz::{self, Object};
use app::tasks::reports::{self, Refusal, Save};
use app::tasks::{board, rules};
use axum::Json;
use axum::extract::{Path, Query, State};
use domain::Problem;
use domain::access::Action;
use domain::form::render_value;
use domain::submission::{Decision, SubmissionState};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ErrorBody = crate::api::openapi::ErrorBody;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The period (`once`, `2026-11` …); default the newest.
    pub period: Option<String>,
}

async fn report_view(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    org_id: i64,
    period: Option<&str>,
) -> Result<SubmissionView> {
    let loaded = rules::load_for_org(state, user, id, org_id).await?;
    let period = rules::period(state, user, &loaded.task, period).await?;
    let report = reports::load(state, user, &loaded, &period, org_id).await?;
    // Opening its report fills the org's sourced fields from its records.
    let report = app::tasks::prefill::prefill(state, user, &loaded, report).await?;
    view_of(state, &loaded, &period, &report.submission).await
}

/// A report as the API shows it: with every version, the review thread and their forms.
async fn view_of(
    state: &AppState,
    loaded: &rules::Loaded,
    period: &store::tasks::PeriodRow,
    s: &store::submissions::Submission,
) -> Result<SubmissionView> {
    let versions = store::submissions::versions(state.db.read(), s.id).await?;
    let reviews = store::submissions::reviews(state.db.read(), s.id).await?;
    let forms = forms_for(state, &loaded.task, &versions).await?;
    let mut view = submission_view(s, period, &versions, &reviews, &forms);
    let draft = view.draft.as_ref().map(|d| d.answers.clone());
    if let Some(answers) = draft {
        let form = reports::form(state, loaded.task.id, loaded.task.form_version).await?;
        let marks =
            app::tasks::prefill::from_records(state, s.task_id, s.org_id, &form, &answers).await?;
        view.from_records = marks
            .into_iter()
            .filter(|(_, m)| *m)
            .map(|(k, _)| k)
            .collect();
    }
    view.record_changes = app::tasks::prefill::drift(state, s.task_id, s, &versions)
        .await?
        .iter()
        .map(|d| RecordChangeView {
            key: d.field.key().to_owned(),
            label: d.field.label().to_owned(),
            handed_in: render_value(&d.field, d.handed_in.as_ref()),
            now: render_value(&d.field, d.now.as_ref()),
        })
        .collect();
    Ok(view)
}

#[utoipa::path(
    get, path = "/api/v1/tasks/{id}/submissions/{org_id}", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task"), ("org_id" = i64, Path, description = "The reporting org"), PeriodQuery),
    responses(
        (status = 200, description = "The report with its draft, every handed-in version, the review thread and what the latest version changed", body = SubmissionView),
        (status = 404, description = "No such task or period, or the caller is neither the assigning side nor that org's", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, org_id)): Path<(i64, i64)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<SubmissionView>> {
    Ok(Json(
        report_view(&state, &user, id, org_id, q.period.as_deref()).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SaveBody {
    /// The period; default the newest.
    pub period: Option<String>,
    /// Answers keyed by field key. Numbers may be sent as strings; a table is a list of row
    /// objects; files are `[{"id"}]`; members and records are ids.
    #[schema(value_type = Object)]
    #[serde(default)]
    pub answers: serde_json::Value,
    /// The `saves` count of the copy this is based on (from GET). Required once a draft
    /// exists: a save based on an older copy is refused with 409 stale_version.
    pub based_on: Option<i64>,
    /// Hand it in (报送) as the next version, checked against every rule of the form;
    /// default: save the draft (only types and lengths are checked).
    #[serde(default)]
    pub submit: bool,
}

/// Turns a refused save into its error.
pub fn refusal(t: T, r: Refusal) -> Error {
    match r {
        Refusal::Task(p) => task_problem(p),
        Refusal::Submission(p) => submission_problem(p),
        Refusal::Answers(list) => answer_problems(t, &list),
    }
}

#[utoipa::path(
    put, path = "/api/v1/tasks/{id}/submissions/{org_id}", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task"), ("org_id" = i64, Path, description = "The reporting org")),
    request_body = SaveBody,
    responses(
        (status = 200, description = "Saved (the draft) or handed in (a new version, waiting for review; after the deadline marked late; after an approval flagged changed_since_approval)", body = SubmissionView),
        (status = 404, description = "Not a report the caller makes", body = ErrorBody),
        (status = 409, description = "stale_version: someone saved since the copy named by based_on", body = ErrorBody),
        (status = 422, description = "invalid_answers (`error.problems` names each field, e.g. `rows[2].hours`, with its rule), unchanged, or task_closed / task_not_open", body = ErrorBody),
    )
)]
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path((id, org_id)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<SaveBody>,
) -> Result<Json<SubmissionView>> {
    let loaded = rules::load_for_org(&state, &user, id, org_id).await?;
    let period = rules::period(&state, &user, &loaded.task, body.period.as_deref()).await?;
    let report = reports::load(&state, &user, &loaded, &period, org_id).await?;
    let ask = Save {
        answers: &body.answers,
        based_on: body.based_on,
        submit: body.submit,
    };
    let saved = reports::save(&state, &user, &loaded, &period, &report, ask)
        .await?
        .map_err(|r| refusal(t, r))?;
    // The report as saved, read back after the commit; the task and period stay as loaded.
    Ok(Json(view_of(&state, &loaded, &period, &saved).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewBody {
    pub period: Option<String>,
    /// approve or return
    pub decision: String,
    /// Required when returning (退回修改): what to fix.
    #[serde(default)]
    pub reason: String,
}

fn decision(body_decision: &str, reason: &str) -> Result<Decision> {
    Decision::parse(body_decision, reason)
        .map_err(submission_problem)?
        .ok_or_else(|| {
            Error::unprocessable("invalid_decision", "submission.problem.invalid_decision")
        })
}

#[utoipa::path(
    post, path = "/api/v1/tasks/{id}/submissions/{org_id}/review", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task"), ("org_id" = i64, Path, description = "The reporting org")),
    request_body = ReviewBody,
    responses(
        (status = 200, description = "Approved, or returned with the reason the org sees", body = SubmissionView),
        (status = 404, description = "Not a report of a task the caller's orgs assigned", body = ErrorBody),
        (status = 409, description = "stale_version: the report changed meanwhile", body = ErrorBody),
        (status = 422, description = "reason_required, reason_too_long, invalid_decision, not_waiting_for_review, or own_report (nobody reviews a version they handed in)", body = ErrorBody),
    )
)]
pub async fn review(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, org_id)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> Result<Json<SubmissionView>> {
    let loaded = rules::load(&state, &user, id).await?;
    let period = rules::period(&state, &user, &loaded.task, body.period.as_deref()).await?;
    let report = reports::load(&state, &user, &loaded, &period, org_id).await?;
    let decision = decision(&body.decision, &body.reason)?;
    reports::decide(&state, &user, &loaded, &report, &decision)
        .await?
        .map_err(submission_problem)?;
    Ok(Json(
        report_view(&state, &user, id, org_id, Some(&period.period)).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BulkReviewBody {
    pub period: Option<String>,
    /// The reporting orgs whose waiting versions to approve.
    pub org_ids: Vec<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct BulkOutcome {
    pub org_id: i64,
    /// approved, or the problem's code (not_waiting_for_review, own_report, not_found …)
    pub outcome: String,
}

#[derive(Serialize, ToSchema)]
pub struct BulkReviewResult {
    pub approved: i64,
    pub outcomes: Vec<BulkOutcome>,
}

#[utoipa::path(
    post, path = "/api/v1/tasks/{id}/approve", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task")),
    request_body = BulkReviewBody,
    responses(
        (status = 200, description = "Each waiting version approved, each in its own transaction; the outcome per org says which were not and why", body = BulkReviewResult),
        (status = 404, description = "Not a task the caller's orgs assigned", body = ErrorBody),
        (status = 422, description = "too_many: more than 1000 orgs at once", body = ErrorBody),
    )
)]
pub async fn approve_many(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<BulkReviewBody>,
) -> Result<Json<BulkReviewResult>> {
    let task = rules::load_as_assigner(&state, &user, id).await?;
    let loaded = rules::Loaded {
        task,
        side: rules::Side::Assigner,
    };
    if body.org_ids.len() > 1000 {
        return Err(Error::unprocessable(
            "too_many",
            "submission.problem.too_many",
        ));
    }
    let period = rules::period(&state, &user, &loaded.task, body.period.as_deref()).await?;
    let mut outcomes = Vec::with_capacity(body.org_ids.len());
    let mut approved = 0;
    for &org_id in &body.org_ids {
        let outcome =
            match store::submissions::get(state.db.read(), id, &period.period, org_id).await? {
                None => "not_found".to_owned(),
                Some(submission) => {
                    let report = reports::Report {
                        submission,
                        role: reports::Role::Reviewer,
                    };
                    match reports::decide(
                        &state,
                        &user,
                        &loaded,
                        &report,
                        &Decision::Approve(String::new()),
                    )
                    .await?
                    {
                        Ok(_) => {
                            approved += 1;
                            "approved".to_owned()
                        }
                        Err(p) => p.code().to_owned(),
                    }
                }
            };
        outcomes.push(BulkOutcome { org_id, outcome });
    }
    Ok(Json(BulkReviewResult { approved, outcomes }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// The period; default the newest.
    pub period: Option<String>,
    /// Only orgs in this state: not_started, draft, submitted, returned, approved.
    pub status: Option<String>,
    /// At most 1000; default 100.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    /// Roll the lights up by the children of the assigning org (or of `under`).
    #[serde(default)]
    pub rollup: bool,
    /// Drill down to this org (under the assigning org): the rows are only the orgs in its
    /// subtree (with the same `status`, `limit` and `offset`), and the rollup is by its
    /// children.
    pub under: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/tasks/{id}/board", tag = "tasks", params(("id" = i64, Path, description = "The task"), BoardQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "The period's counts (maintained as reports change, never counted from rows) and a page of orgs (with `under`: only those in its subtree), most urgent first", body = BoardView),
        (status = 404, description = "Not a task the caller's orgs assigned, or no such period", body = ErrorBody),
        (status = 422, description = "invalid_status", body = ErrorBody),
    )
)]
pub async fn board_view(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<BoardQuery>,
) -> Result<Json<BoardView>> {
    let task = rules::load_as_assigner(&state, &user, id).await?;
    let period = rules::period(&state, &user, &task, q.period.as_deref()).await?;
    let only = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(SubmissionState::parse(s).ok_or_else(|| {
            Error::unprocessable("invalid_status", "board.invalid_status").detail(s.to_owned())
        })?),
        None => None,
    };
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    let offset = q.offset.unwrap_or(0).max(0);
    let under = match q.under {
        Some(org_id) => {
            let org = store::orgs::by_id(state.db.read(), org_id)
                .await?
                .filter(|o| o.path.starts_with(&task.org_path))
                .ok_or_else(Error::not_found)?;
            authz::require(
                &state,
                &user,
                Action::ManageTasks,
                &org.path,
                Object {
                    kind: "org",
                    id: org.id,
                    org_id: Some(org.id),
                },
            )
            .await?;
            Some(org)
        }
        None => None,
    };
    let under_path = under.as_ref().map(|o| o.path.as_str());
    let mut lines = board::page(&state, &period, under_path, only, limit + 1, offset).await?;
    let has_more = lines.len() as i64 > limit;
    lines.truncate(limit as usize);
    let ids: Vec<i64> = lines.iter().map(|l| l.row.org_id).collect();
    let tallies = app::reminders::task::tallies(&state, &period, &ids).await?;
    let rows: Vec<BoardRowView> = lines
        .iter()
        .map(|l| board_row_view(l, tallies.get(&l.row.org_id)))
        .collect();
    let rollup = if q.rollup || under.is_some() {
        let under = match under {
            Some(org) => org,
            None => store::orgs::by_id(state.db.read(), task.org_id)
                .await?
                .ok_or_else(Error::not_found)?,
        };
        let list = board::rollup(&state, &period, &under).await?;
        Some(list.iter().map(rollup_view).collect())
    } else {
        None
    };
    Ok(Json(BoardView {
        task_id: task.id,
        counts: period_view(&period, state.now()),
        rows,
        limit,
        offset,
        has_more,
        rollup,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ReportFileView {
    /// Name this id in a files field's answer: `[{"id": 12}]`.
    pub id: i64,
    /// The name it was uploaded under, with the extension of its content.
    pub name: String,
    pub size: i64,
    /// As found from the content: application/pdf, image/png …
    pub content_type: String,
}

/// The multipart form of a report file upload.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "only describes the multipart form for the OpenAPI document"
)]
pub struct ReportFileUpload {
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

#[utoipa::path(
    post, path = "/api/v1/tasks/{id}/submissions/{org_id}/files", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task"), ("org_id" = i64, Path, description = "The reporting org"), PeriodQuery),
    request_body(content = ReportFileUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored; name its id in a files field's answer", body = ReportFileView),
        (status = 404, description = "Not a report the caller makes", body = ErrorBody),
        (status = 413, description = "Larger than the upload limit", body = ErrorBody),
        (status = 422, description = "file_type_refused (HTML, SVG, scripts, executables …), empty_file or no_file", body = ErrorBody),
    )
)]
pub async fn add_file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, org_id)): Path<(i64, i64)>,
    Query(q): Query<PeriodQuery>,
    request: axum::extract::Request,
) -> Result<(axum::http::StatusCode, Json<ReportFileView>)> {
    let loaded = rules::load(&state, &user, id).await?;
    let period = rules::period(&state, &user, &loaded.task, q.period.as_deref()).await?;
    let report = reports::load(&state, &user, &loaded, &period, org_id).await?;
    let f = crate::tasks::report_files::add(&state, &user, &loaded, &report, request).await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(ReportFileView {
            id: f.id,
            name: f.name,
            size: f.size,
            content_type: f.content_type,
        }),
    ))
}

#[utoipa::path(
    get, path = "/api/v1/tasks/{id}/submissions/{org_id}/files/{file_id}", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task"), ("org_id" = i64, Path, description = "The reporting org"), ("file_id" = i64, Path, description = "The file")),
    responses(
        (status = 200, description = "The file, as an attachment, with the type found from its content", content_type = "*/*"),
        (status = 404, description = "No such file of that org for this task, or not the caller's to see", body = ErrorBody),
    )
)]
pub async fn file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, org_id, file_id)): Path<(i64, i64, i64)>,
) -> Result<axum::response::Response> {
    let loaded = rules::load(&state, &user, id).await?;
    let period = rules::period(&state, &user, &loaded.task, None).await?;
    let report = reports::load(&state, &user, &loaded, &period, org_id).await?;
    crate::tasks::report_files::download(&state, &user, &loaded, &report, file_id).await
}

#[derive(Serialize, ToSchema)]
pub struct LateNotice {
    pub period: String,
    /// The 通报 of the orgs that have not reported, reported late or were returned, ready to
    /// paste into a message, in the caller's language.
    pub text: String,
}

#[utoipa::path(
    get, path = "/api/v1/tasks/{id}/late-notice", tag = "tasks", params(("id" = i64, Path, description = "The task"), PeriodQuery), security(("bearer" = [])),
    responses(
        (status = 200, body = LateNotice),
        (status = 404, description = "Not a task the caller's orgs assigned, or no such period", body = ErrorBody),
    )
)]
pub async fn late_notice(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<LateNotice>> {
    let task = rules::load_as_assigner(&state, &user, id).await?;
    let period = rules::period(&state, &user, &task, q.period.as_deref()).await?;
    let lines = board::all_lines(&state, &task, &period).await?;
    Ok(Json(LateNotice {
        text: crate::tasks::late_notice::late_notice(t, &state, &task, &period, &lines),
        period: period.period,
    }))
}
