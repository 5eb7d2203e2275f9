//! A report form on a page: the posted fields read back into answers JSON, and each field of a
//! [`FormDefinition`] as the template draws it, filled from answers and marked with problems.
//!
//! The one naming scheme, read here and by `static/tasks.js` alike: a field is `f.<key>`
//! (repeated for multiple choices and members), a table cell `f.<key>.<row>.<col>` with any
//! row numbers, read in ascending order.

use crate::i18n::T;
use crate::tasks::refusals::answer_issue;
use domain::form::{AnswerProblem, Field, FieldKind, FormDefinition, render_value};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The prefix of every answer's form name.
const PREFIX: &str = "f.";

/// Whether a field (or a table column) takes several values.
fn is_multi(field: &Field) -> bool {
    matches!(
        field.kind(),
        FieldKind::MultipleChoice { .. } | FieldKind::MemberPicker { multiple: true }
    )
}

fn one_or_many(field: &Field, values: Vec<String>) -> Value {
    if is_multi(field) {
        Value::Array(values.into_iter().map(Value::String).collect())
    } else {
        values
            .into_iter()
            .rev()
            .find(|v| !v.trim().is_empty())
            .map(Value::String)
            .unwrap_or(Value::Null)
    }
}

/// The answers object a posted form stands for: every field of `form` present (empty ones as
/// null or an empty list), table rows in row-number order, blank rows kept so problem row
/// numbers match the rows the person sees.
pub fn answers_from_form(form: &FormDefinition, pairs: &[(String, String)]) -> Value {
    let mut scalars: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut cells: BTreeMap<&str, BTreeMap<u32, BTreeMap<&str, Vec<String>>>> = BTreeMap::new();
    for (name, value) in pairs {
        let Some(rest) = name.strip_prefix(PREFIX) else {
            continue;
        };
        let mut parts = rest.splitn(3, '.');
        let key = parts.next().unwrap_or("");
        match (parts.next(), parts.next()) {
            (None, _) => scalars.entry(key).or_default().push(value.clone()),
            (Some(row), Some(col)) => {
                if let Ok(row) = row.parse::<u32>() {
                    cells
                        .entry(key)
                        .or_default()
                        .entry(row)
                        .or_default()
                        .entry(col)
                        .or_default()
                        .push(value.clone());
                }
            }
            _ => {}
        }
    }
    let mut out = Map::new();
    for field in form.fields() {
        let key = field.key();
        let value = match field.kind() {
            FieldKind::Table { columns, .. } => {
                let rows = cells.remove(key).unwrap_or_default();
                Value::Array(
                    rows.into_values()
                        .map(|mut row| {
                            let mut obj = Map::new();
                            for c in columns {
                                let v = row.remove(c.key()).unwrap_or_default();
                                obj.insert(c.key().to_owned(), one_or_many(c, v));
                            }
                            Value::Object(obj)
                        })
                        .collect(),
                )
            }
            // Nothing on the page sets these yet: files have no upload route, records no kind.
            FieldKind::Files { .. } | FieldKind::RecordLink { .. } => continue,
            _ => one_or_many(field, scalars.remove(key).unwrap_or_default()),
        };
        out.insert(key.to_owned(), value);
    }
    Value::Object(out)
}

/// A stored or posted value as an input's text.
pub fn as_input(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    }
}

fn as_list(value: Option<&Value>) -> Vec<String> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().map(|v| as_input(Some(v))).collect(),
        Some(single) => vec![as_input(Some(single))],
    }
}

/// An option of a choice, a yes/no or a member picker.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// One table cell's input.
pub struct CellView {
    pub name: String,
    pub kind: &'static str,
    pub label: String,
    pub value: String,
    pub choices: Vec<Choice>,
    pub bad: bool,
}

pub struct RowView {
    pub index: u32,
    pub cells: Vec<CellView>,
}

pub struct ColumnView {
    pub label: String,
    pub required: bool,
}

/// One field as the fill-in form draws it.
pub struct FieldView {
    pub key: String,
    pub name: String,
    pub label: String,
    pub required: bool,
    pub help: String,
    pub kind: &'static str,
    pub value: String,
    pub choices: Vec<Choice>,
    pub unit: String,
    pub max_length: usize,
    pub multiple: bool,
    pub columns: Vec<ColumnView>,
    pub rows: Vec<RowView>,
    /// An empty row for the script to copy (its index `__row__`).
    pub blank_row: Option<RowView>,
    pub problems: Vec<String>,
}

impl FieldView {
    /// Some option is chosen (a "no answer" radio is checked otherwise).
    pub fn any_checked(&self) -> bool {
        self.choices.iter().any(|c| c.checked)
    }
}

/// What a page needs besides the answers: the member list for member pickers, the
/// translator, and how many empty rows a table gets without script.
pub struct Context<'a> {
    pub t: T,
    pub members: &'a [(i64, String)],
    pub spare_rows: usize,
}

fn yes_no_choices(t: T, value: &str) -> Vec<Choice> {
    [("true", "task_pages.yes"), ("false", "task_pages.no")]
        .into_iter()
        .map(|(v, key)| Choice {
            value: v.to_owned(),
            label: t.s(key).to_owned(),
            checked: value == v,
        })
        .collect()
}

fn option_choices(options: &[String], chosen: &[String]) -> Vec<Choice> {
    options
        .iter()
        .map(|o| Choice {
            value: o.clone(),
            label: o.clone(),
            checked: chosen.iter().any(|c| c == o),
        })
        .collect()
}

fn cell(
    ctx: &Context<'_>,
    table: &str,
    row: &str,
    column: &Field,
    value: Option<&Value>,
) -> CellView {
    let text = as_input(value);
    let choices = match column.kind() {
        FieldKind::SingleChoice { options } => option_choices(options, std::slice::from_ref(&text)),
        FieldKind::MultipleChoice { options, .. } => option_choices(options, &as_list(value)),
        FieldKind::YesNo => yes_no_choices(ctx.t, &text),
        _ => Vec::new(),
    };
    CellView {
        name: format!("{PREFIX}{table}.{row}.{}", column.key()),
        kind: column.field_type().as_str(),
        label: column.label().to_owned(),
        value: text,
        choices,
        bad: false,
    }
}

/// The fields of `form` filled from `answers` (stored or as posted), each with its problems.
pub fn field_views(
    ctx: &Context<'_>,
    form: &FormDefinition,
    answers: &Value,
    problems: &[AnswerProblem],
) -> Vec<FieldView> {
    form.fields()
        .iter()
        .map(|field| field_view(ctx, field, answers.get(field.key()), problems))
        .collect()
}

/// The field key an answer problem's path names: `count`, `rows[3].hours` → `rows`.
fn problem_key(path: &str) -> &str {
    path.split(['[', '.']).next().unwrap_or(path)
}

fn field_view(
    ctx: &Context<'_>,
    field: &Field,
    value: Option<&Value>,
    problems: &[AnswerProblem],
) -> FieldView {
    let key = field.key().to_owned();
    let mine: Vec<&AnswerProblem> = problems
        .iter()
        .filter(|p| problem_key(&p.path) == key)
        .collect();
    let text = as_input(value);
    let mut view = FieldView {
        name: format!("{PREFIX}{key}"),
        label: field.label().to_owned(),
        required: field.required(),
        help: field.help().to_owned(),
        kind: field.field_type().as_str(),
        value: String::new(),
        choices: Vec::new(),
        unit: String::new(),
        max_length: 0,
        multiple: is_multi(field),
        columns: Vec::new(),
        rows: Vec::new(),
        blank_row: None,
        problems: mine
            .iter()
            .map(|p| {
                let issue = answer_issue(ctx.t, p);
                let args: Vec<(&str, &str)> = issue
                    .message
                    .args
                    .iter()
                    .map(|(k, v)| (*k, v.as_str()))
                    .collect();
                ctx.t.f(issue.message.key, &args)
            })
            .collect(),
        key,
    };
    match field.kind() {
        FieldKind::ShortText { max_length } | FieldKind::LongText { max_length } => {
            view.max_length = *max_length;
            view.value = text;
        }
        FieldKind::Number { unit, .. } => {
            view.unit = unit.clone();
            view.value = text;
        }
        FieldKind::Date => view.value = text,
        FieldKind::SingleChoice { options } => view.choices = option_choices(options, &[text]),
        FieldKind::MultipleChoice { options, .. } => {
            view.choices = option_choices(options, &as_list(value))
        }
        FieldKind::YesNo => view.choices = yes_no_choices(ctx.t, &text),
        FieldKind::MemberPicker { .. } => {
            let chosen = as_list(value);
            view.choices = ctx
                .members
                .iter()
                .map(|(id, name)| Choice {
                    value: id.to_string(),
                    label: name.clone(),
                    checked: chosen.contains(&id.to_string()),
                })
                .collect();
        }
        FieldKind::Table { columns, .. } => {
            view.columns = columns
                .iter()
                .map(|c| ColumnView {
                    label: c.label().to_owned(),
                    required: c.required(),
                })
                .collect();
            let given: &[Value] = match value {
                Some(Value::Array(rows)) => rows,
                _ => &[],
            };
            let shown = given.len() + ctx.spare_rows.max(usize::from(given.is_empty()));
            for i in 0..shown {
                let n = i as u32 + 1;
                let row = given.get(i);
                let mut cells: Vec<CellView> = columns
                    .iter()
                    .map(|c| {
                        cell(
                            ctx,
                            &view.key,
                            &n.to_string(),
                            c,
                            row.and_then(|r| r.get(c.key())),
                        )
                    })
                    .collect();
                for p in &mine {
                    if p.row == Some(n as usize)
                        && let Some(label) = &p.column_label
                        && let Some(c) = cells.iter_mut().find(|c| &c.label == label)
                    {
                        c.bad = true;
                    }
                }
                view.rows.push(RowView { index: n, cells });
            }
            view.blank_row = Some(RowView {
                index: 0,
                cells: columns
                    .iter()
                    .map(|c| cell(ctx, &view.key, "__row__", c, None))
                    .collect(),
            });
        }
        FieldKind::Files { .. } | FieldKind::RecordLink { .. } => {}
    }
    view
}

/// One answered field, read-only.
pub struct ShownAnswer {
    pub label: String,
    pub kind: &'static str,
    pub text: String,
    /// A table's header and rows.
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// An answer as people read it: yes/no in words, members by name.
pub fn readable(t: T, members: &[(i64, String)], field: &Field, value: Option<&Value>) -> String {
    match field.kind() {
        FieldKind::YesNo => match value {
            Some(Value::Bool(true)) => t.s("task_pages.yes").to_owned(),
            Some(Value::Bool(false)) => t.s("task_pages.no").to_owned(),
            _ => String::new(),
        },
        FieldKind::MemberPicker { .. } => as_list(value)
            .iter()
            .map(|id| {
                members
                    .iter()
                    .find(|(m, _)| m.to_string() == *id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_else(|| format!("#{id}"))
            })
            .collect::<Vec<_>>()
            .join("、"),
        _ => render_value(field, value),
    }
}

/// Every field of a version, read-only.
pub fn shown_answers(
    t: T,
    members: &[(i64, String)],
    form: &FormDefinition,
    answers: &Value,
) -> Vec<ShownAnswer> {
    form.fields()
        .iter()
        .map(|field| {
            let value = answers.get(field.key());
            let columns = field.columns();
            let rows = match (columns.is_empty(), value) {
                (false, Some(Value::Array(rows))) => rows
                    .iter()
                    .map(|r| {
                        columns
                            .iter()
                            .map(|c| readable(t, members, c, r.get(c.key())))
                            .collect()
                    })
                    .collect(),
                _ => Vec::new(),
            };
            ShownAnswer {
                label: field.label().to_owned(),
                kind: field.field_type().as_str(),
                text: readable(t, members, field, value),
                columns: columns.iter().map(|c| c.label().to_owned()).collect(),
                rows,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form() -> FormDefinition {
        FormDefinition::parse(&json!({"fields": [
            {"key": "summary", "label": "情况", "type": "long_text"},
            {"key": "topics", "label": "专题", "type": "multiple_choice", "options": ["a", "b"]},
            {"key": "done", "label": "完成", "type": "yes_no"},
            {"key": "rows", "label": "记录", "type": "table", "columns": [
                {"key": "name", "label": "姓名", "type": "short_text"},
                {"key": "hours", "label": "学时", "type": "number"}]}
        ]}))
        .unwrap()
    }

    #[test]
    fn posted_fields_become_answers() {
        let pairs: Vec<(String, String)> = [
            ("csrf_token", "x"),
            ("f.summary", "学了"),
            ("f.topics", "a"),
            ("f.topics", "b"),
            ("f.done", "true"),
            ("f.rows.10.name", "李四"),
            ("f.rows.2.name", "张三"),
            ("f.rows.2.hours", "2"),
            ("f.rows.10.hours", ""),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let answers = answers_from_form(&form(), &pairs);
        assert_eq!(
            answers,
            json!({"summary": "学了", "topics": ["a", "b"], "done": "true",
                   "rows": [{"name": "张三", "hours": "2"}, {"name": "李四", "hours": null}]})
        );
        let checked = form().check(&answers, domain::form::Mode::Submit).unwrap();
        assert_eq!(checked.get("rows").unwrap()[0]["hours"], json!(2));
    }

    #[test]
    fn fields_are_filled_from_answers() {
        let ctx = Context {
            t: T::default(),
            members: &[],
            spare_rows: 2,
        };
        let answers =
            json!({"summary": "x", "done": false, "rows": [{"name": "张三", "hours": 2}]});
        let views = field_views(&ctx, &form(), &answers, &[]);
        assert_eq!(views[0].value, "x");
        assert!(views[2].choices[1].checked);
        assert_eq!(views[3].rows.len(), 3);
        assert_eq!(views[3].rows[0].cells[1].value, "2");
        assert_eq!(views[3].rows[2].cells[0].name, "f.rows.3.name");
    }
}
