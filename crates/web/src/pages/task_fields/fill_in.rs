//! A report form's fields as the fill-in form draws them: each field of a [`FormDefinition`]
//! filled from answers (stored or as posted), with its choices, table rows and files, and
//! marked with the problems found in it. Input names follow the parent module's scheme.

use super::{FileShown, Names, PREFIX, RecordShown, as_input, as_list, files_shown, is_multi};
use crate::i18n::T;
use crate::tasks::refusals::answer_issue;
use domain::form::{AnswerProblem, Field, FieldKind, FormDefinition};
use serde_json::Value;
use std::collections::BTreeMap;

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
    /// A files field's files, and how many it takes (0: no limit but the cap).
    pub files: Vec<FileShown>,
    pub max_files: usize,
    /// 最多2个文件, when the field limits them.
    pub files_hint: String,
    /// A record-link field's choices: the org's records, those the answer names checked.
    pub records: Vec<RecordShown>,
    /// A field the records fill: `Some(true)` while it holds what they gave (it refreshes),
    /// `Some(false)` once the org changed it.
    pub from_records: Option<bool>,
    /// The source's name key (`campaign.sessions`), empty for a field the org fills alone.
    pub source: &'static str,
    pub problems: Vec<String>,
}

impl FieldView {
    /// Some option is chosen (a "no answer" radio is checked otherwise).
    pub fn any_checked(&self) -> bool {
        self.choices.iter().any(|c| c.checked)
    }

    /// Some record is chosen.
    pub fn any_record_checked(&self) -> bool {
        self.records.iter().any(|r| r.checked)
    }

    /// The field holds what the records gave: marked 来自记录, refreshed on the next open.
    pub fn records_say(&self) -> bool {
        self.from_records == Some(true)
    }

    /// The records fill this field, but the org changed it: its own now.
    pub fn changed_from_records(&self) -> bool {
        self.from_records == Some(false)
    }
}

/// What a page needs besides the answers: the member list for member pickers, the names of
/// the report's files, the translator, how many empty rows a table gets without script, the
/// records each record-link field offers, and which fields the records fill (by key: still
/// theirs, or changed by the org).
pub struct Context<'a> {
    pub t: T,
    pub members: &'a [(i64, String)],
    pub names: &'a Names,
    pub spare_rows: usize,
    pub records: &'a BTreeMap<String, Vec<RecordShown>>,
    pub from_records: &'a BTreeMap<String, bool>,
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
        files: Vec::new(),
        max_files: 0,
        files_hint: String::new(),
        records: Vec::new(),
        from_records: ctx.from_records.get(&key).copied(),
        source: field.source().map_or("", |s| s.as_str()),
        problems: mine.iter().map(|p| problem_message(ctx.t, p)).collect(),
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
        FieldKind::MemberPicker { .. } => view.choices = member_choices(ctx, value),
        FieldKind::Table { columns, .. } => {
            view.columns = columns
                .iter()
                .map(|c| ColumnView {
                    label: c.label().to_owned(),
                    required: c.required(),
                })
                .collect();
            view.rows = table_rows(ctx, &view.key, columns, value, &mine);
            view.blank_row = Some(RowView {
                index: 0,
                cells: columns
                    .iter()
                    .map(|c| cell(ctx, &view.key, "__row__", c, None))
                    .collect(),
            });
        }
        FieldKind::Files { max_files } => {
            view.max_files = max_files.unwrap_or(0);
            if let Some(max) = max_files {
                view.files_hint = ctx
                    .t
                    .f("task_pages.files_limit", &[("max", &max.to_string())]);
            }
            view.files = files_shown(ctx.names, value);
        }
        FieldKind::RecordLink { .. } => view.records = record_choices(ctx, &view.key, value),
    }
    view
}

/// The records a record-link field offers, those the answer names checked; a named record not
/// among them (another org's, one gone) is kept as its id, checked, so the refusal shows.
fn record_choices(ctx: &Context<'_>, key: &str, value: Option<&Value>) -> Vec<RecordShown> {
    let chosen = as_list(value);
    let mut list: Vec<RecordShown> = ctx.records.get(key).cloned().unwrap_or_default();
    for r in &mut list {
        r.checked = chosen.contains(&r.id.to_string());
    }
    for id in chosen {
        if let Ok(n) = id.trim().parse::<i64>()
            && list.iter().all(|r| r.id != n)
        {
            list.push(RecordShown {
                kind: "",
                id: n,
                title: format!("#{n}"),
                detail: String::new(),
                href: String::new(),
                thumb: String::new(),
                featured: false,
                checked: true,
            });
        }
    }
    list
}

/// An answer problem in the reader's words.
fn problem_message(t: T, p: &AnswerProblem) -> String {
    let issue = answer_issue(t, p);
    let args: Vec<(&str, &str)> = issue
        .message
        .args
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    t.f(issue.message.key, &args)
}

/// The org's members, those the answer names ticked.
fn member_choices(ctx: &Context<'_>, value: Option<&Value>) -> Vec<Choice> {
    let chosen = as_list(value);
    ctx.members
        .iter()
        .map(|(id, name)| Choice {
            value: id.to_string(),
            label: name.clone(),
            checked: chosen.contains(&id.to_string()),
        })
        .collect()
}

/// A table's rows as given, then spare empty ones (at least one when none is given), the
/// cells a problem names marked bad.
fn table_rows(
    ctx: &Context<'_>,
    key: &str,
    columns: &[Field],
    value: Option<&Value>,
    problems: &[&AnswerProblem],
) -> Vec<RowView> {
    let given: &[Value] = match value {
        Some(Value::Array(rows)) => rows,
        _ => &[],
    };
    let shown = given.len() + ctx.spare_rows.max(usize::from(given.is_empty()));
    (0..shown)
        .map(|i| {
            let n = i as u32 + 1;
            let row = given.get(i);
            let mut cells: Vec<CellView> = columns
                .iter()
                .map(|c| {
                    cell(
                        ctx,
                        key,
                        &n.to_string(),
                        c,
                        row.and_then(|r| r.get(c.key())),
                    )
                })
                .collect();
            for p in problems {
                if p.row == Some(n as usize)
                    && let Some(label) = &p.column_label
                    && let Some(c) = cells.iter_mut().find(|c| &c.label == label)
                {
                    c.bad = true;
                }
            }
            RowView { index: n, cells }
        })
        .collect()
}
