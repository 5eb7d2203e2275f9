//! 报送 and 审核 on a page: an org's report for one period — the form to fill in and hand in
//! (autosaved by `static/tasks.js` through the API), every version read-only, what the latest
//! changed, the review thread, and the review form (通过 / 退回修改).

mod around;
mod changes;
mod history;
mod records;

use changes::{ChangeShown, latest_changes};
use domain::Problem;
use history::{ReviewShown, VersionShown, history, last_return, review_shown, versions_shown};
use records::DriftShown;

use super::layout::Chrome;
use super::task_fields::{self, Context, FieldView, Names};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::links;
use crate::state::AppState;
use app::tasks::reports::{self, Refusal, Report, Role, Save};
use app::tasks::rules::{self, Loaded};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::form::{AnswerProblem, FieldType, FormDefinition};
use domain::submission::{Decision, SubmissionState};
use domain::supervision::light;
use domain::task::{TaskChange, TaskStatus};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use store::submissions::Version;
use store::tasks::PeriodRow;

#[derive(Template)]
#[template(path = "tasks/report.html")]
struct ReportPage {
    chrome: Chrome,
    task_id: i64,
    task_title: String,
    org_id: i64,
    org_name: String,
    period: String,
    period_label: String,
    deadline: String,
    state: &'static str,
    state_label: String,
    light: &'static str,
    light_label: String,
    reviewer: bool,
    can_fill: bool,
    closed_note: Option<String>,
    returned: Option<ReviewShown>,
    fields: Vec<FieldView>,
    saves: i64,
    /// Just saved or handed in through this form: the script drops its local copy.
    fresh: bool,
    error: Option<String>,
    done: Option<String>,
    versions: Vec<VersionShown>,
    reviews: Vec<ReviewShown>,
    /// The report stands handed in (waiting for review, or approved): the page says so and shows
    /// the version handed in; the form to change it is folded away.
    handed_in: Option<String>,
    /// The folded form is open: what was typed came back with a refusal.
    edit_open: bool,
    /// For a reviewer: the next report waiting for review (its org and page), if any.
    next_waiting: Option<(String, String)>,
    /// The reminders (催办) the org was sent about this report: who or which rung, when, the note.
    reminders: Vec<(String, String, String)>,
    changes: Vec<ChangeShown>,
    changes_heading: String,
    /// Fields whose records changed since the version handed in (记录已变化).
    drift: Vec<DriftShown>,
    changed_since_approval: bool,
    can_review: bool,
    review_error: Option<String>,
    reason: String,
}

/// What a refused form brings back to the page.
#[derive(Default)]
struct Shown {
    answers: Option<Value>,
    problems: Vec<AnswerProblem>,
    error: Option<String>,
    review_error: Option<String>,
    reason: String,
    done: Option<String>,
    fresh: bool,
}

pub fn period_label(t: T, period: &str) -> String {
    if period == domain::task::ONCE {
        t.s("task_pages.period_once").to_owned()
    } else {
        period.to_owned()
    }
}

fn parse(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or(Value::Null)
}

/// The members of the reporting org, for member pickers and for showing names.
async fn members_of(
    state: &AppState,
    form: &FormDefinition,
    org_path: &str,
    org_id: i64,
) -> Result<Vec<(i64, String)>> {
    if !form
        .fields()
        .iter()
        .any(|f| f.field_type() == FieldType::MemberPicker)
    {
        return Ok(Vec::new());
    }
    let filter = store::members::RosterFilter {
        org_id: Some(org_id),
        ..Default::default()
    };
    let (list, _) =
        store::members::list(state.db.read(), &[org_path.to_owned()], &filter, 500, 0).await?;
    Ok(list.into_iter().map(|m| (m.id, m.name)).collect())
}

/// The names the page shows for ids: the roster and the members the handed-in versions name
/// (who may have left since), and the report's files that the versions or the form's answers
/// name (only this task's and org's: other ids stay ids).
#[expect(
    clippy::too_many_arguments,
    reason = "the names a report shows come from all of these; bundling them would only rename the list"
)]
async fn names_of(
    state: &AppState,
    task_id: i64,
    s: &store::submissions::Submission,
    roster: &[(i64, String)],
    forms: &HashMap<i64, FormDefinition>,
    versions: &[Version],
    form: &FormDefinition,
    answers: &Value,
) -> Result<Names> {
    let (_, mut file_ids) = task_fields::referenced(form, answers);
    let mut member_ids = Vec::new();
    for v in versions {
        let Some(def) = forms.get(&v.form_version) else {
            continue;
        };
        let (m, f) = task_fields::referenced(def, &parse(&v.data));
        member_ids.extend(
            m.into_iter()
                .filter(|id| roster.iter().all(|(r, _)| r != id)),
        );
        file_ids.extend(f);
    }
    member_ids.sort_unstable();
    member_ids.dedup();
    file_ids.sort_unstable();
    file_ids.dedup();
    let mut members = roster.to_vec();
    members.extend(store::members::names(state.db.read(), &member_ids).await?);
    Ok(Names {
        members,
        files: store::report_files::file_names(state.db.read(), task_id, s.org_id, &file_ids)
            .await?,
        file_href: format!("/tasks/{task_id}/reports/{}/files/", s.org_id),
        records: Vec::new(),
    })
}

async fn render(
    state: &AppState,
    chrome: Chrome,
    loaded: &Loaded,
    period: &PeriodRow,
    report: &Report,
    shown: Shown,
) -> Result<String> {
    let t = chrome.t;
    let task = &loaded.task;
    let s = &report.submission;
    let now = state.now();
    let when = |ts| state.zone.date_time(ts, t.locale);
    let form = reports::form(state, task.id, task.form_version).await?;
    let (versions, reviews) = history(state, s.id).await?;
    let forms = forms_of(state, task.id, (task.form_version, &form), &versions).await?;
    let members = members_of(state, &form, &s.org_path, s.org_id).await?;
    let open = task.status.allows(TaskChange::Report).is_ok();
    let can_fill = report.role == Role::Reporter && open;
    let answers = shown
        .answers
        .clone()
        .unwrap_or_else(|| answers_to_show(s, &versions));
    let mut names = names_of(
        state, task.id, s, &members, &forms, &versions, &form, &answers,
    )
    .await?;
    let drift = app::tasks::prefill::drift(state, task.id, s, &versions).await?;
    let on_page = records::gather(
        state, t, s, &form, &answers, &forms, &versions, &drift, can_fill,
    )
    .await?;
    names.records = on_page.named;
    let fields = if can_fill {
        let ctx = Context {
            t,
            members: &members,
            names: &names,
            // Two spare table rows for browsers without script.
            spare_rows: 2,
            records: &on_page.choices,
            from_records: &on_page.from_records,
        };
        task_fields::field_views(&ctx, &form, &answers, &shown.problems)
    } else {
        Vec::new()
    };
    let reminders = around::reminders(state, t, task.id, &period.period, s.org_id).await?;
    let reviewing = report.role == Role::Reviewer;
    let next_waiting = around::next_waiting(state, task.id, &period.period, s.org_id, reviewing);
    let review_shown = |r: &store::submissions::Review| review_shown(state, t, r);
    let returned = last_return(s, &reviews).map(review_shown);
    let (changes_heading, changes) =
        latest_changes(t, &names, s.approved_version, &versions, &forms);
    let lamp = light(s.state, period.deadline, now);
    let page = ReportPage {
        task_id: task.id,
        task_title: task.title.clone(),
        org_id: s.org_id,
        org_name: s.org_name.clone(),
        period: period.period.clone(),
        period_label: period_label(t, &period.period),
        deadline: when(period.deadline),
        state: s.state.as_str(),
        state_label: t.s(s.state.message_key()).to_owned(),
        light: lamp.as_str(),
        light_label: t.s(light_key(lamp)).to_owned(),
        reviewer: report.role == Role::Reviewer,
        can_fill,
        closed_note: (report.role == Role::Reporter && !open).then(|| closed_note(t, task)),
        returned,
        fields,
        saves: s.saves,
        fresh: shown.fresh,
        error: shown.error,
        done: shown.done,
        versions: versions_shown(state, t, &names, &forms, &versions),
        reviews: reviews.iter().map(review_shown).collect(),
        handed_in: handed_in_banner(t, s, &when),
        edit_open: shown.answers.is_some(),
        reminders,
        next_waiting: next_waiting.await?,
        changes,
        changes_heading,
        drift: records::drift_shown(t, &names, &drift),
        changed_since_approval: s.changed_since_approval,
        can_review: report.role == Role::Reviewer && s.state == SubmissionState::Submitted,
        review_error: shown.review_error,
        reason: shown.reason,
        chrome,
    };
    Ok(page.render()?)
}

/// "已于 12月3日 报送，等待审核" or "已通过审核" for a report that stands handed in.
fn handed_in_banner(
    t: T,
    s: &store::submissions::Submission,
    when: &dyn Fn(domain::Timestamp) -> String,
) -> Option<String> {
    let at = s.submitted_at.map(when).unwrap_or_default();
    match s.state {
        SubmissionState::Submitted => Some(t.f("task_pages.handed_in_waiting", &[("at", &at)])),
        SubmissionState::Approved => Some(t.f("task_pages.handed_in_approved", &[("at", &at)])),
        _ => None,
    }
}

/// The form of every version handed in (a task's form may have changed since), with the
/// current one.
async fn forms_of(
    state: &AppState,
    task_id: i64,
    (current_version, current): (i64, &FormDefinition),
    versions: &[Version],
) -> Result<HashMap<i64, FormDefinition>> {
    let mut forms = HashMap::new();
    forms.insert(current_version, current.clone());
    for v in versions {
        if let std::collections::hash_map::Entry::Vacant(slot) = forms.entry(v.form_version) {
            slot.insert(reports::form(state, task_id, v.form_version).await?);
        }
    }
    Ok(forms)
}

/// What the form shows when nothing was sent back: the draft, else the latest version.
fn answers_to_show(s: &store::submissions::Submission, versions: &[Version]) -> Value {
    match (&s.draft, versions.last()) {
        (Some(d), _) => parse(d),
        (None, Some(v)) => parse(&v.data),
        (None, None) => Value::Object(Default::default()),
    }
}

/// Why the reporting side cannot fill the form in.
fn closed_note(t: T, task: &store::tasks::Task) -> String {
    t.s(if task.status == TaskStatus::Closed {
        "task.problem.task_closed"
    } else {
        "task.problem.task_not_open"
    })
    .to_owned()
}

/// The catalogue key of a light's words (a light is never shown by colour alone).
pub fn light_key(l: domain::supervision::Light) -> &'static str {
    match l {
        domain::supervision::Light::Red => "board.light.red",
        domain::supervision::Light::Yellow => "board.light.yellow",
        domain::supervision::Light::Grey => "board.light.grey",
        domain::supervision::Light::Green => "board.light.green",
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    pub period: Option<String>,
    /// What was just done: submitted, saved, approved, returned.
    pub done: Option<String>,
}

fn done_message(t: T, done: Option<&str>) -> Option<String> {
    let key = match done? {
        "submitted" => "task_pages.done_submitted",
        "saved" => "task_pages.done_saved",
        "approved" => "task_pages.done_approved",
        "returned" => "task_pages.done_returned",
        _ => return None,
    };
    Some(t.s(key).to_owned())
}

fn here(id: i64, org_id: i64, period: &str, done: &str) -> String {
    links::with_query(
        &format!("/tasks/{id}/reports/{org_id}"),
        &[("period", period), ("done", done)],
    )
}

/// `GET /tasks/{id}/reports/{org_id}?period=`: the report, to fill in or to review.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path((id, org_id)): Path<(i64, i64)>,
    Query(q): Query<ReportQuery>,
) -> Result<Html<String>> {
    let loaded = rules::load(&state, &user, id).await?;
    let period = rules::period(&state, &user, &loaded.task, q.period.as_deref()).await?;
    let report = reports::load(&state, &user, &loaded, &period, org_id).await?;
    // Opening its report fills the org's sourced fields from its records.
    let report = app::tasks::prefill::prefill(&state, &user, &loaded, report).await?;
    let shown = Shown {
        done: done_message(chrome.t, q.done.as_deref()),
        fresh: matches!(q.done.as_deref(), Some("submitted" | "saved")),
        ..Shown::default()
    };
    Ok(Html(
        render(&state, chrome, &loaded, &period, &report, shown).await?,
    ))
}

fn value_of<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `POST /tasks/{id}/reports/{org_id}`: the form's fields (see `task_fields`) with `period`,
/// `based_on` and `intent` (submit, or draft to only save).
pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path((id, org_id)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let t = chrome.t;
    let loaded = rules::load(&state, &user, id).await?;
    let period = rules::period(&state, &user, &loaded.task, value_of(&pairs, "period")).await?;
    let report = reports::load(&state, &user, &loaded, &period, org_id).await?;
    let form = reports::form(&state, id, loaded.task.form_version).await?;
    let answers = task_fields::answers_from_form(&form, &pairs);
    let based_on = value_of(&pairs, "based_on").and_then(|v| v.trim().parse::<i64>().ok());
    let submit = value_of(&pairs, "intent") != Some("draft");
    let ask = Save {
        answers: &answers,
        based_on,
        submit,
    };
    let mut shown = Shown {
        answers: Some(answers.clone()),
        ..Shown::default()
    };
    match reports::save(&state, &user, &loaded, &period, &report, ask).await? {
        Ok(_) => {
            let done = if submit { "submitted" } else { "saved" };
            return Ok(Redirect::to(&here(id, org_id, &period.period, done)).into_response());
        }
        Err(Refusal::Answers(problems)) => {
            shown.error = Some(t.f(
                "form.answer.invalid",
                &[("count", &problems.len().to_string())],
            ));
            shown.problems = problems;
        }
        Err(Refusal::Task(p)) => shown.error = Some(t.s(p.message_key()).to_owned()),
        Err(Refusal::Submission(p)) => shown.error = Some(t.s(p.message_key()).to_owned()),
    }
    // The page is drawn on what was loaded before the refusal, with what the person typed.
    let html = render(&state, chrome, &loaded, &period, &report, shown).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

/// `POST /tasks/{id}/reports/{org_id}/review`: 通过, or 退回修改 with a reason.
pub async fn review(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path((id, org_id)): Path<(i64, i64)>,
    Form(form): Form<ReviewForm>,
) -> Result<Response> {
    let t = chrome.t;
    let loaded = rules::load(&state, &user, id).await?;
    let period = rules::period(&state, &user, &loaded.task, form.period.as_deref()).await?;
    let report = reports::load(&state, &user, &loaded, &period, org_id).await?;
    let problem = match Decision::parse(&form.decision, &form.reason) {
        Ok(Some(decision)) => {
            match reports::decide(&state, &user, &loaded, &report, &decision).await? {
                Ok(_) => {
                    let done = match decision {
                        Decision::Approve(_) => "approved",
                        Decision::Return(_) => "returned",
                    };
                    return Ok(
                        Redirect::to(&here(id, org_id, &period.period, done)).into_response()
                    );
                }
                Err(p) => p.message_key(),
            }
        }
        Ok(None) => "submission.problem.invalid_decision",
        Err(p) => p.message_key(),
    };
    let shown = Shown {
        review_error: Some(t.s(problem).to_owned()),
        reason: form.reason,
        ..Shown::default()
    };
    let html = render(&state, chrome, &loaded, &period, &report, shown).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

/// `GET /tasks/{id}/reports/{org_id}/files/{file_id}`: a file of the report, as an attachment,
/// for the reporting org and the assigning side (authorised as the API's download).
pub async fn file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, org_id, file_id)): Path<(i64, i64, i64)>,
    Query(q): Query<ReportQuery>,
) -> Result<Response> {
    let loaded = rules::load(&state, &user, id).await?;
    let period = rules::period(&state, &user, &loaded.task, q.period.as_deref()).await?;
    let report = reports::load(&state, &user, &loaded, &period, org_id).await?;
    crate::tasks::report_files::download(&state, &user, &loaded, &report, file_id).await
}
