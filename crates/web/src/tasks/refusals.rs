//! Why a task or report change was refused, as the web tier answers it: one error with the
//! problem's code and message, and, for field problems, each field named with its rule.

use crate::error::{Error, FieldIssue, Message};
use app::tasks::input::TaskProblems;
use axum::http::StatusCode;
use domain::Problem;
use domain::form::{AnswerProblem, DefinitionProblem};
use domain::submission::SubmissionProblem;
use domain::task::TaskProblem;

/// A change the task's state does not allow (reporting on a closed task …).
pub fn task_problem(problem: TaskProblem) -> Error {
    Error::problem(&problem)
}

/// A change the report's state does not allow; a stale copy is a conflict (409).
pub fn submission_problem(problem: SubmissionProblem) -> Error {
    let status = match problem {
        SubmissionProblem::Stale => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Error::problem_as(status, &problem)
}

fn definition_issue(p: &DefinitionProblem) -> FieldIssue {
    let mut message = Message::new(p.rule.message_key());
    message.args.push(("path", p.path.clone()));
    if let Some(limit) = p.rule.param() {
        message.args.push(("limit", limit));
    }
    FieldIssue {
        field: format!("form.{}", p.path),
        code: p.rule.code(),
        message,
    }
}

/// The fields of a task that are wrong, each with its problem.
pub fn task_problems(problems: &TaskProblems) -> Error {
    let mut issues: Vec<FieldIssue> = problems
        .task
        .iter()
        .map(|p| FieldIssue {
            field: p.field().unwrap_or("task").to_owned(),
            code: p.code(),
            message: Message::new(p.message_key()),
        })
        .collect();
    issues.extend(problems.form.iter().map(definition_issue));
    let code = match (problems.task.as_slice(), problems.form.is_empty()) {
        ([only], true) => only.code(),
        ([], false) => "invalid_form",
        _ => "invalid_fields",
    };
    Error::unprocessable(code, "task.problem.invalid").problems(issues)
}

/// Where an answer problem is, as people read it: the field's label, or its label with the
/// row and column of a table cell.
pub fn answer_place(p: &AnswerProblem) -> Message {
    match (p.row, &p.column_label) {
        (Some(row), Some(column)) => {
            let mut m = Message::new("form.place.cell");
            m.args.push(("field", p.label.clone()));
            m.args.push(("row", row.to_string()));
            m.args.push(("column", column.clone()));
            m
        }
        (Some(row), None) => {
            let mut m = Message::new("form.place.row");
            m.args.push(("field", p.label.clone()));
            m.args.push(("row", row.to_string()));
            m
        }
        _ => {
            let mut m = Message::new("form.place.field");
            m.args.push(("field", p.label.clone()));
            m
        }
    }
}

/// One answer problem as a field issue; its message names the place and the rule.
pub fn answer_issue(t: crate::i18n::T, p: &AnswerProblem) -> FieldIssue {
    let place = answer_place(p);
    let place_args: Vec<(&str, &str)> = place.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut message = Message::new(p.rule.message_key());
    message.args.push(("field", t.f(place.key, &place_args)));
    if let Some(limit) = p.rule.param() {
        message.args.push(("limit", limit));
    }
    FieldIssue {
        field: p.path.clone(),
        code: p.rule.code(),
        message,
    }
}

/// Answers that break the form's rules: 422 naming each field and rule.
pub fn answer_problems(t: crate::i18n::T, problems: &[AnswerProblem]) -> Error {
    Error::unprocessable("invalid_answers", "form.answer.invalid")
        .arg("count", problems.len().to_string())
        .problems(problems.iter().map(|p| answer_issue(t, p)).collect())
}
