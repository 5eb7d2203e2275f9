//! 报送 and 审核: who may read, fill in, hand in and review an org's report, and each change in
//! one transaction with its audit event and the period's counters.

use super::rules::{Loaded, Side};
use crate::Actor;
use crate::App;
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use domain::access::Action;
use domain::form::{AnswerProblem, Answers, FormDefinition, Mode};
use domain::submission::{
    Decision, SubmissionProblem, SubmissionState, after_draft, check_base, hand_in, review,
};
use domain::task::{TaskChange, TaskProblem};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use store::audit::{self, AuditEntry, Outcome};
use store::submissions::{self, Submission};
use store::tasks::PeriodRow;
use store::{Conn, ConnFuture, Finish};

/// How the caller stands to one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The assigning side: reads every version, reviews.
    Reviewer,
    /// The reporting org's side: fills in and hands in.
    Reporter,
}

/// A report with the caller's standing to it.
#[derive(Debug)]
pub struct Report {
    pub submission: Submission,
    pub role: Role,
}

impl Report {
    /// Passes when the caller stands to the report as `role` and holds its power there: a
    /// reporter reports for the reporting org, a reviewer manages the task's org. Otherwise
    /// 404, and the attempt is audited.
    pub async fn require(
        &self,
        state: &App,
        user: &Actor,
        loaded: &Loaded,
        role: Role,
    ) -> Result<()> {
        let s = &self.submission;
        let object = Object {
            kind: "submission",
            id: s.id,
            org_id: Some(s.org_id),
        };
        let (action, path) = match role {
            Role::Reporter => (Action::ReportTasks, &s.org_path),
            Role::Reviewer => (Action::ManageTasks, &loaded.task.org_path),
        };
        if self.role != role {
            authz::deny(state, user, action, object).await?;
        }
        authz::require(state, user, action, path, object).await
    }
}

/// Loads `org_id`'s report for `period`, or answers 404 (audited) when the caller is neither
/// the task's assigning side nor that org's.
pub async fn load(
    state: &App,
    user: &Actor,
    loaded: &Loaded,
    period: &PeriodRow,
    org_id: i64,
) -> Result<Report> {
    let role = match &loaded.side {
        Side::Assigner => Some(Role::Reviewer),
        Side::Assignee(mine) => mine
            .iter()
            .any(|a| a.org_id == org_id)
            .then_some(Role::Reporter),
    };
    let found = match role {
        Some(_) => {
            submissions::get(state.db.read(), loaded.task.id, &period.period, org_id).await?
        }
        None => None,
    };
    match (role, found) {
        (Some(role), Some(submission)) => Ok(Report { submission, role }),
        (None, _) => {
            let object = Object {
                kind: "submission",
                id: loaded.task.id,
                org_id: Some(org_id),
            };
            authz::deny(state, user, Action::ReportTasks, object).await?;
            Err(Error::not_found())
        }
        (Some(_), None) => Err(Error::not_found()),
    }
}

/// Checked form definitions by (task, version), read once. A stored version never changes
/// (a changed form becomes a new version), so the copy here never goes stale; every save and
/// every report view needs one.
#[derive(Clone, Default)]
pub struct FormCache(Arc<Mutex<HashMap<(i64, i64), FormDefinition>>>);

impl FormCache {
    /// Forms kept before the cache starts over (a form is a few kilobytes at most).
    const MAX: usize = 4096;

    fn get(&self, key: (i64, i64)) -> Option<FormDefinition> {
        self.0.lock().ok()?.get(&key).cloned()
    }

    fn put(&self, key: (i64, i64), form: &FormDefinition) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= Self::MAX {
                map.clear();
            }
            map.insert(key, form.clone());
        }
    }
}

/// The form a version (or the current task) was made with.
pub async fn form(state: &App, task_id: i64, version: i64) -> Result<FormDefinition> {
    if let Some(form) = state.forms.get((task_id, version)) {
        return Ok(form);
    }
    let json = store::tasks::form(state.db.read(), task_id, version)
        .await?
        .ok_or_else(Error::not_found)?;
    let value: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| Error::Internal(e.into()))?;
    let form = FormDefinition::parse(&value).map_err(|_| {
        Error::Internal(anyhow::anyhow!(
            "stored form {task_id} v{version} is invalid"
        ))
    })?;
    state.forms.put((task_id, version), &form);
    Ok(form)
}

/// Why saving a report was refused.
#[derive(Debug)]
pub enum Refusal {
    Task(TaskProblem),
    Submission(SubmissionProblem),
    /// Answers that break the form's rules.
    Answers(Vec<AnswerProblem>),
}

/// What the caller asks of a report.
pub struct Save<'a> {
    pub answers: &'a serde_json::Value,
    /// The save count the caller's copy is based on (`saves` as loaded).
    pub based_on: Option<i64>,
    /// Hand it in (报送), not only save the draft.
    pub submit: bool,
}

/// Answers naming members, files or records that are not the reporting org's own.
async fn check_references(
    state: &App,
    form: &FormDefinition,
    answers: &Answers,
    task_id: i64,
    org_id: i64,
) -> Result<Vec<AnswerProblem>> {
    let refs = answers.references(form);
    let mut problems = Vec::new();
    let bad = |key: &str, rule| AnswerProblem {
        path: key.to_owned(),
        label: form
            .field(key)
            .map(|f| f.label().to_owned())
            .unwrap_or_default(),
        column_label: None,
        row: None,
        rule,
    };
    let members_ok = store::members::count_active_in_org(state.db.read(), org_id, &refs.member_ids)
        .await?
        == refs.member_ids.len() as i64;
    let files_ok =
        store::report_files::count_files(state.db.read(), task_id, org_id, &refs.file_ids).await?
            == refs.file_ids.len() as i64;
    let records_refused = super::record_links::refused_fields(state, form, answers, org_id).await?;
    for field in form.fields() {
        let kind = field.field_type();
        let refused = match kind {
            domain::form::FieldType::MemberPicker => !members_ok,
            domain::form::FieldType::Files => !files_ok,
            domain::form::FieldType::RecordLink => records_refused.iter().any(|k| k == field.key()),
            _ => false,
        };
        if refused && !answers.is_empty_for(field.key()) {
            problems.push(bad(field.key(), domain::form::AnswerRule::UnknownReference));
        }
    }
    Ok(problems)
}

/// Saves the reporter's answers as the draft, or hands them in as the next version. Nothing
/// invalid is handed in; a stale copy is refused, not merged.
pub async fn save(
    state: &App,
    user: &Actor,
    loaded: &Loaded,
    period: &PeriodRow,
    report: &Report,
    ask: Save<'_>,
) -> Result<std::result::Result<Submission, Refusal>> {
    let task = &loaded.task;
    let s = &report.submission;
    report.require(state, user, loaded, Role::Reporter).await?;
    if let Err(p) = task.status.allows(TaskChange::Report) {
        return Ok(Err(Refusal::Task(p)));
    }
    if let Err(p) = check_base(s.saves, ask.based_on) {
        return Ok(Err(Refusal::Submission(p)));
    }
    let form_def = form(state, task.id, task.form_version).await?;
    let mode = if ask.submit {
        Mode::Submit
    } else {
        Mode::Draft
    };
    let answers = match form_def.check(ask.answers, mode) {
        Ok(a) => a,
        Err(problems) => return Ok(Err(Refusal::Answers(problems))),
    };
    let problems = check_references(state, &form_def, &answers, task.id, s.org_id).await?;
    if !problems.is_empty() {
        return Ok(Err(Refusal::Answers(problems)));
    }
    let data = serde_json::to_string(answers.as_json()).map_err(|e| Error::Internal(e.into()))?;
    if ask.submit
        && matches!(
            s.state,
            SubmissionState::Submitted | SubmissionState::Approved
        )
    {
        let versions = submissions::versions(state.db.read(), s.id).await?;
        if versions
            .last()
            .is_some_and(|v| v.data == data && v.form_version == task.form_version)
        {
            return Ok(Err(Refusal::Submission(SubmissionProblem::Unchanged)));
        }
    }
    // The write, with its audit event, in one transaction committed together with other
    // reports saved at the same moment (one fsync for all; see store's group commit).
    let now = state.now();
    let write = GroupedWrite {
        submission: s.clone(),
        data,
        form_version: task.form_version,
        submit: ask.submit,
        deadline: period.deadline,
        by: user.account.id,
        username: user.account.username.clone(),
        ip: user.client.ip.clone(),
        now,
    };
    let done = state
        .db
        .write(move |conn: &mut Conn| write.run(conn))
        .await?;
    if !done {
        return Ok(Err(Refusal::Submission(SubmissionProblem::Stale)));
    }
    let fresh = submissions::by_id(state.db.read(), s.id)
        .await?
        .ok_or_else(Error::not_found)?;
    Ok(Ok(fresh))
}

/// A checked save or hand-in, ready to be written. Not a [`crate::Write`]: it goes through the
/// store's group commit (one fsync for the reports saved at the same moment), the hot path of
/// a deadline rush.
struct GroupedWrite {
    submission: Submission,
    data: String,
    form_version: i64,
    submit: bool,
    deadline: domain::Timestamp,
    by: i64,
    username: String,
    ip: String,
    now: domain::Timestamp,
}

impl GroupedWrite {
    /// Writes the draft or the next version and its audit event; undone (and answering
    /// false) when someone saved since the copy it is based on.
    fn run(self, conn: &mut Conn) -> ConnFuture<'_, store::Result<Finish<bool>>> {
        Box::pin(async move {
            let s = &self.submission;
            let (done, action, detail) = if self.submit {
                let h = hand_in(
                    s.state,
                    s.approved_version.is_some(),
                    self.deadline,
                    self.now,
                );
                let version = submissions::hand_in(
                    conn,
                    s,
                    &self.data,
                    self.form_version,
                    h,
                    self.by,
                    self.now,
                )
                .await?;
                let detail = match version {
                    Some(v) if h.late => format!("version {v}, late"),
                    Some(v) => format!("version {v}"),
                    None => String::new(),
                };
                (version.is_some(), "submission.submit", detail)
            } else {
                let to = after_draft(s.state);
                let done = submissions::save_draft(
                    conn,
                    s,
                    &self.data,
                    self.form_version,
                    to,
                    self.by,
                    self.now,
                )
                .await?;
                (done, "submission.draft", String::new())
            };
            if !done {
                return Ok(Finish::Rollback(false));
            }
            audit::record(
                conn,
                AuditEntry {
                    at: self.now,
                    account_id: Some(self.by),
                    username: &self.username,
                    ip: &self.ip,
                    action,
                    object_type: "submission",
                    object_id: s.id.to_string(),
                    org_id: Some(s.org_id),
                    outcome: Outcome::Success,
                    detail: format!("task {} {} {detail}", s.task_id, s.period)
                        .trim_end()
                        .to_owned(),
                },
            )
            .await?;
            Ok(Finish::Commit(true))
        })
    }
}

/// Approves the waiting version, or returns it with a reason (退回修改). Only the assigning
/// side reviews, and nobody reviews a version they handed in themselves.
pub async fn decide(
    state: &App,
    user: &Actor,
    loaded: &Loaded,
    report: &Report,
    decision: &Decision,
) -> Result<std::result::Result<SubmissionState, SubmissionProblem>> {
    let s = &report.submission;
    report.require(state, user, loaded, Role::Reviewer).await?;
    let to = match review(s.state, decision) {
        Ok(to) => to,
        Err(p) => return Ok(Err(p)),
    };
    let versions = submissions::versions(state.db.read(), s.id).await?;
    if versions
        .last()
        .is_some_and(|v| v.submitted_by == Some(user.account.id))
    {
        return Ok(Err(SubmissionProblem::OwnReport));
    }
    let reason = match decision {
        Decision::Return(r) | Decision::Approve(r) => r.as_str(),
    };
    let mut w = state.write(user).await?;
    if !submissions::review(
        &mut w.tx,
        s,
        to,
        decision.as_str(),
        reason,
        user.account.id,
        w.now,
    )
    .await?
    {
        return Ok(Err(SubmissionProblem::Stale));
    }
    let action = match decision {
        Decision::Approve(_) => "submission.approve",
        Decision::Return(_) => "submission.return",
    };
    let detail = format!(
        "task {} {} version {} {reason}",
        loaded.task.id, s.period, s.version
    );
    w.commit(action, ("submission", s.id), s.org_id, detail.trim_end())
        .await?;
    Ok(Ok(to))
}
