//! A task as typed (on a page or in the API) becomes a [`TaskDraft`], or the list of what is
//! wrong with it, each naming its field.

use crate::App;
use domain::Timestamp;
use domain::form::{DefinitionProblem, FormDefinition};
use domain::task::{MAX_DUE_DAYS, Recurrence, TaskProblem, check_text};
use jiff::civil::Date;
use serde::Deserialize;

/// The fields of a task as they arrive.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TaskInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub category: String,
    /// once (default), weekly, monthly, quarterly, yearly
    #[serde(default)]
    pub recurrence: String,
    /// A one-off task's deadline: `2026-12-01` (end of that day), `2026-12-01T17:00` (local
    /// time) or RFC 3339.
    #[serde(default)]
    pub deadline: String,
    /// A recurring task's first day, `YYYY-MM-DD` (default: today).
    #[serde(default)]
    pub starts_on: String,
    /// A recurring task's deadline: days after each period's last day.
    #[serde(default)]
    pub due_days: String,
    /// The report form definition (`{"fields": [...]}`).
    #[serde(default)]
    pub form: serde_json::Value,
}

/// A task that passed its checks.
#[derive(Debug, Clone)]
pub struct TaskDraft {
    pub title: String,
    pub description: String,
    pub category: String,
    pub recurrence: Recurrence,
    pub deadline: Option<Timestamp>,
    pub starts_on: Option<Date>,
    pub due_days: i64,
    pub form: FormDefinition,
}

/// What is wrong with a task as typed.
#[derive(Debug, Default)]
pub struct TaskProblems {
    pub task: Vec<TaskProblem>,
    pub form: Vec<DefinitionProblem>,
}

impl TaskProblems {
    pub fn is_empty(&self) -> bool {
        self.task.is_empty() && self.form.is_empty()
    }
}

impl TaskInput {
    /// Checks every field; `categories` is the deployment's list.
    pub fn parse(&self, state: &App, categories: &[String]) -> Result<TaskDraft, TaskProblems> {
        let mut problems = TaskProblems::default();
        let (title, description) = match check_text(&self.title, &self.description) {
            Ok(t) => t,
            Err(p) => {
                problems.task.push(p);
                Default::default()
            }
        };
        let category = self.category.trim().to_owned();
        if !categories.contains(&category) {
            problems.task.push(TaskProblem::UnknownCategory);
        }
        let recurrence = if self.recurrence.trim().is_empty() {
            Recurrence::Once
        } else {
            Recurrence::parse(&self.recurrence).unwrap_or_else(|| {
                problems.task.push(TaskProblem::UnknownRecurrence);
                Recurrence::Once
            })
        };
        let mut deadline = None;
        let mut starts_on = None;
        let mut due_days = 0;
        if recurrence == Recurrence::Once {
            if self.deadline.trim().is_empty() {
                problems.task.push(TaskProblem::DeadlineRequired);
            } else {
                match state.zone.parse_deadline(&self.deadline) {
                    Some(d) => deadline = Some(d),
                    None => problems.task.push(TaskProblem::DeadlineInvalid),
                }
            }
        } else {
            let start = self.starts_on.trim();
            if start.is_empty() {
                starts_on = Some(state.zone.civil_date(state.now()));
            } else {
                match start.parse::<Date>() {
                    Ok(d) => starts_on = Some(d),
                    Err(_) => problems.task.push(TaskProblem::DeadlineInvalid),
                }
            }
            let days = self.due_days.trim();
            if !days.is_empty() {
                match days.parse::<i64>() {
                    Ok(n) if (0..=MAX_DUE_DAYS).contains(&n) => due_days = n,
                    _ => problems.task.push(TaskProblem::DueDaysInvalid),
                }
            }
        }
        let form = match FormDefinition::parse(&self.form) {
            Ok(f) => Some(f),
            Err(list) => {
                problems.form = list;
                None
            }
        };
        match form {
            Some(form) if problems.is_empty() => Ok(TaskDraft {
                title,
                description,
                category,
                recurrence,
                deadline,
                starts_on,
                due_days,
                form,
            }),
            _ => Err(problems),
        }
    }
}
