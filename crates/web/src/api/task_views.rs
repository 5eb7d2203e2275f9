//! The JSON shapes of tasks, their periods, boards and reports.

use crate::state::AppState;
use app::tasks::board::{Line, Rollup};
use app::zone::rfc3339;
use domain::Timestamp;
use domain::form::{FormDefinition, diff};
use domain::supervision::Counts;
use serde::Serialize;
use store::submissions::{Review, Submission, Version};
use store::tasks::{PeriodRow, Task};
use utoipa::ToSchema;

fn time(t: Option<Timestamp>) -> Option<String> {
    t.map(rfc3339)
}

/// A reporting period with its counts. `submitted` counts reports handed in at least once
/// (the DHIS2 numerator): `reporting_rate` = submitted ÷ expected, `on_time_rate` = handed in
/// by the deadline ÷ expected, in percent.
#[derive(Serialize, ToSchema)]
pub struct PeriodView {
    /// `once`, `2026-W48`, `2026-11`, `2026-Q4` or `2026`
    pub period: String,
    pub starts_on: String,
    pub deadline: String,
    pub expected: i64,
    pub submitted: i64,
    pub on_time: i64,
    pub late: i64,
    /// Handed in and waiting for review.
    pub waiting: i64,
    pub approved: i64,
    pub returned: i64,
    pub not_started: i64,
    pub draft: i64,
    /// Not handed in although the deadline has passed.
    pub overdue: i64,
    pub reporting_rate: f64,
    pub on_time_rate: f64,
}

pub fn period_view(p: &PeriodRow, now: Timestamp) -> PeriodView {
    let c: &Counts = &p.counts;
    PeriodView {
        period: p.period.clone(),
        starts_on: p.starts_on.clone(),
        deadline: rfc3339(p.deadline),
        expected: c.expected,
        submitted: c.received,
        on_time: c.on_time,
        late: c.late(),
        waiting: c.submitted,
        approved: c.approved,
        returned: c.returned,
        not_started: c.not_started,
        draft: c.draft,
        overdue: c.overdue(p.deadline, now),
        reporting_rate: c.reporting_rate(),
        on_time_rate: c.on_time_rate(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct TargetView {
    pub org_id: i64,
    pub org_name: String,
    pub subtree: bool,
}

/// One of the caller's orgs that must report on the task.
#[derive(Serialize, ToSchema)]
pub struct AssigneeView {
    pub org_id: i64,
    pub org_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct TaskView {
    pub id: i64,
    /// The assigning org.
    pub org_id: i64,
    pub org_name: String,
    /// draft, open or closed
    pub status: String,
    pub title: String,
    pub description: String,
    pub category: String,
    /// once, weekly, monthly, quarterly or yearly
    pub recurrence: String,
    /// A one-off task's deadline.
    pub deadline: Option<String>,
    /// A recurring task's first day and deadline rule (days after each period's end).
    pub starts_on: Option<String>,
    pub due_days: i64,
    pub form_version: i64,
    /// The current report form: `{"fields": [...]}`.
    #[schema(value_type = Object)]
    pub form: serde_json::Value,
    pub notice_id: Option<i64>,
    pub notice_section: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    pub closed_at: Option<String>,
    /// The caller assigns this task (sees the board, reviews) rather than reports on it.
    pub assigner: bool,
    /// Newest first.
    pub periods: Vec<PeriodView>,
    /// What the author chose (assigning side only).
    pub targets: Vec<TargetView>,
    /// The caller's orgs that must report (reporting side only).
    pub my_orgs: Vec<AssigneeView>,
}

pub fn task_view(
    task: &Task,
    form: &FormDefinition,
    periods: &[PeriodRow],
    targets: Vec<TargetView>,
    my_orgs: Vec<AssigneeView>,
    assigner: bool,
    now: Timestamp,
) -> TaskView {
    TaskView {
        id: task.id,
        org_id: task.org_id,
        org_name: task.org_name.clone(),
        status: task.status.as_str().to_owned(),
        title: task.title.clone(),
        description: task.description.clone(),
        category: task.category.clone(),
        recurrence: task.recurrence.as_str().to_owned(),
        deadline: time(task.deadline),
        starts_on: (!task.starts_on.is_empty()).then(|| task.starts_on.clone()),
        due_days: task.due_days,
        form_version: task.form_version,
        form: form.to_json(),
        notice_id: task.notice_id,
        notice_section: (!task.notice_section.is_empty()).then(|| task.notice_section.clone()),
        created_at: rfc3339(task.created_at),
        updated_at: rfc3339(task.updated_at),
        published_at: time(task.published_at),
        closed_at: time(task.closed_at),
        assigner,
        periods: if assigner {
            periods.iter().map(|p| period_view(p, now)).collect()
        } else {
            // A reporting org sees the periods and deadlines, not the others' counts.
            periods
                .iter()
                .map(|p| PeriodView {
                    expected: 0,
                    reporting_rate: 0.0,
                    on_time_rate: 0.0,
                    ..period_view(
                        &PeriodRow {
                            counts: Counts::default(),
                            ..p.clone()
                        },
                        now,
                    )
                })
                .collect()
        },
        targets,
        my_orgs,
    }
}

/// One org's line on the board.
#[derive(Serialize, ToSchema)]
pub struct BoardRowView {
    pub org_id: i64,
    pub org_name: String,
    /// not_started, draft, submitted, returned or approved
    pub status: String,
    /// red, yellow, grey or green
    pub light: String,
    /// The latest handed-in version's time.
    pub submitted_at: Option<String>,
    /// The first version came after the deadline.
    pub late: bool,
    /// Not handed in although the deadline has passed.
    pub overdue: bool,
    /// Handed in again after it was approved: needs approval again.
    pub changed_since_approval: bool,
    /// How many reminders (催办) the org was sent about this period, and the latest.
    pub reminders: i64,
    pub last_reminded_at: Option<String>,
}

pub fn board_row_view(l: &Line, tally: Option<&store::reminders::Tally>) -> BoardRowView {
    BoardRowView {
        org_id: l.row.org_id,
        org_name: l.row.org_name.clone(),
        status: l.row.state.as_str().to_owned(),
        light: l.light.as_str().to_owned(),
        submitted_at: time(l.row.submitted_at),
        late: l.row.late,
        overdue: l.overdue,
        changed_since_approval: l.row.changed_since_approval,
        reminders: tally.map_or(0, |t| t.count),
        last_reminded_at: tally.map(|t| rfc3339(t.last)),
    }
}

/// A child subtree's counts and light, for drilling down the tree.
#[derive(Serialize, ToSchema)]
pub struct RollupView {
    pub org_id: i64,
    pub org_name: String,
    /// The worst light under it.
    pub light: Option<String>,
    pub expected: i64,
    pub submitted: i64,
    pub on_time: i64,
    pub approved: i64,
    pub returned: i64,
    pub red: i64,
    pub yellow: i64,
    pub grey: i64,
    pub green: i64,
    pub has_children: bool,
}

pub fn rollup_view(r: &Rollup) -> RollupView {
    RollupView {
        org_id: r.org_id,
        org_name: r.org_name.clone(),
        light: r.light().map(|l| l.as_str().to_owned()),
        expected: r.counts.expected,
        submitted: r.counts.received,
        on_time: r.counts.on_time,
        approved: r.counts.approved,
        returned: r.counts.returned,
        red: r.lights.red,
        yellow: r.lights.yellow,
        grey: r.lights.grey,
        green: r.lights.green,
        has_children: r.has_children,
    }
}

#[derive(Serialize, ToSchema)]
pub struct BoardView {
    pub task_id: i64,
    #[serde(flatten)]
    pub counts: PeriodView,
    /// Most urgent first: returned, not started, draft, waiting for review, approved.
    pub rows: Vec<BoardRowView>,
    pub limit: i64,
    pub offset: i64,
    pub has_more: bool,
    /// The children of `under` (default: the assigning org) with their subtrees' counts,
    /// when `rollup=true`.
    pub rollup: Option<Vec<RollupView>>,
}

#[derive(Serialize, ToSchema)]
pub struct DraftView {
    #[schema(value_type = Object)]
    pub answers: serde_json::Value,
    pub form_version: i64,
    pub saved_at: Option<String>,
    pub saved_by: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct VersionView {
    pub version: i64,
    pub form_version: i64,
    #[schema(value_type = Object)]
    pub answers: serde_json::Value,
    /// Handed in after the deadline.
    pub late: bool,
    pub submitted_by: String,
    pub submitted_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReviewView {
    pub version: i64,
    /// approve or return
    pub decision: String,
    pub reason: String,
    pub reviewer: String,
    pub reviewed_at: String,
}

/// A field whose answer differs between two versions.
#[derive(Serialize, ToSchema)]
pub struct ChangeView {
    pub key: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

#[derive(Serialize, ToSchema)]
pub struct SubmissionView {
    pub task_id: i64,
    pub period: String,
    pub deadline: String,
    pub org_id: i64,
    pub org_name: String,
    /// not_started, draft, submitted, returned or approved
    pub status: String,
    /// How many times it was saved: send it back as `based_on` so a save never overwrites
    /// someone else's.
    pub saves: i64,
    /// The working copy, if one is saved.
    pub draft: Option<DraftView>,
    /// The latest handed-in version (0: none).
    pub version: i64,
    pub first_submitted_at: Option<String>,
    pub submitted_at: Option<String>,
    /// The first version came after the deadline.
    pub late: bool,
    pub approved_version: Option<i64>,
    pub changed_since_approval: bool,
    /// Oldest first; never changed.
    pub versions: Vec<VersionView>,
    /// The thread of reviews, oldest first.
    pub reviews: Vec<ReviewView>,
    /// What the latest version changed against the one before it (or the approved one).
    pub changes: Vec<ChangeView>,
    /// The fields of the draft that hold what the records gave (a campaign's report): they
    /// refresh from the records each time the report is opened, until changed.
    pub from_records: Vec<String>,
    /// The fields filled from the records whose records now give another value than the
    /// latest version handed in (记录已变化).
    pub record_changes: Vec<RecordChangeView>,
}

/// A field whose records changed since the version handed in.
#[derive(Serialize, ToSchema)]
pub struct RecordChangeView {
    pub key: String,
    pub label: String,
    /// The value handed in, as text.
    pub handed_in: String,
    /// What the records give now, as text.
    pub now: String,
}

fn answers(json: &str) -> serde_json::Value {
    serde_json::from_str(json).unwrap_or(serde_json::Value::Null)
}

/// The forms the versions were made with, by version number.
pub type Forms = std::collections::HashMap<i64, FormDefinition>;

pub fn submission_view(
    s: &Submission,
    period: &PeriodRow,
    versions: &[Version],
    reviews: &[Review],
    forms: &Forms,
) -> SubmissionView {
    SubmissionView {
        task_id: s.task_id,
        period: s.period.clone(),
        deadline: rfc3339(period.deadline),
        org_id: s.org_id,
        org_name: s.org_name.clone(),
        status: s.state.as_str().to_owned(),
        saves: s.saves,
        draft: s.draft.as_deref().map(|d| DraftView {
            answers: answers(d),
            form_version: s.draft_form_version.unwrap_or_default(),
            saved_at: time(s.draft_saved_at),
            saved_by: s.draft_saved_by.clone(),
        }),
        version: s.version,
        first_submitted_at: time(s.first_submitted_at),
        submitted_at: time(s.submitted_at),
        late: s.late,
        approved_version: s.approved_version,
        changed_since_approval: s.changed_since_approval,
        versions: versions
            .iter()
            .map(|v| VersionView {
                version: v.version,
                form_version: v.form_version,
                answers: answers(&v.data),
                late: v.late,
                submitted_by: v.submitted_by_name.clone(),
                submitted_at: rfc3339(v.submitted_at),
            })
            .collect(),
        reviews: reviews
            .iter()
            .map(|r| ReviewView {
                version: r.version,
                decision: r.decision.clone(),
                reason: r.reason.clone(),
                reviewer: r.reviewer.clone(),
                reviewed_at: rfc3339(r.reviewed_at),
            })
            .collect(),
        changes: latest_changes(s, versions, forms),
        from_records: Vec::new(),
        record_changes: Vec::new(),
    }
}

/// The changes of the latest version against the approved one when it was approved before,
/// else against the version before it.
pub fn latest_changes(s: &Submission, versions: &[Version], forms: &Forms) -> Vec<ChangeView> {
    let Some(new) = versions.last() else {
        return Vec::new();
    };
    let base_number = match s.approved_version {
        Some(a) if a < new.version => a,
        _ => new.version - 1,
    };
    let Some(old) = versions.iter().find(|v| v.version == base_number) else {
        return Vec::new();
    };
    changes_between(old, new, forms)
}

pub fn changes_between(old: &Version, new: &Version, forms: &Forms) -> Vec<ChangeView> {
    let (Some(old_def), Some(new_def)) =
        (forms.get(&old.form_version), forms.get(&new.form_version))
    else {
        return Vec::new();
    };
    let read = |def: &FormDefinition, data: &str| {
        def.check(&answers(data), domain::form::Mode::Draft)
            .unwrap_or_else(|_| def.empty_answers())
    };
    diff(
        old_def,
        &read(old_def, &old.data),
        new_def,
        &read(new_def, &new.data),
    )
    .into_iter()
    .map(|c| ChangeView {
        key: c.key,
        label: c.label,
        before: c.before,
        after: c.after,
    })
    .collect()
}

/// Loads each form version the versions and the draft use.
pub async fn forms_for(
    state: &AppState,
    task: &Task,
    versions: &[Version],
) -> crate::error::Result<Forms> {
    let mut forms = Forms::new();
    let mut wanted: Vec<i64> = versions.iter().map(|v| v.form_version).collect();
    wanted.push(task.form_version);
    wanted.sort_unstable();
    wanted.dedup();
    for v in wanted {
        forms.insert(v, app::tasks::reports::form(state, task.id, v).await?);
    }
    Ok(forms)
}
