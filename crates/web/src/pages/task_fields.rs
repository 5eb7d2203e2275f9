//! A report form on a page: the posted fields read back into answers JSON, and each field of a
//! [`FormDefinition`] as the template draws it, filled from answers and marked with problems.
//!
//! The one naming scheme, read here and by `static/tasks.js` alike: a field is `f.<key>`
//! (repeated for multiple choices, members and files), a table cell `f.<key>.<row>.<col>`
//! with any row numbers, read in ascending order. A file is one `f.<key>` whose value is the
//! file as the answer holds it, `{"id":12,"name":"x.pdf"}` (or a bare id).

use crate::files::accept::size_label;
use crate::i18n::T;
use crate::tasks::refusals::answer_issue;
use domain::form::{AnswerProblem, Field, FieldKind, FormDefinition, render_value};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use store::report_files::FileName;

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

/// A files field's posted values as its answer: each a file as JSON, or a bare id; what is
/// neither is passed on as text for the form's check to refuse.
fn posted_files(values: Vec<String>) -> Value {
    Value::Array(
        values
            .into_iter()
            .filter(|v| !v.trim().is_empty())
            .map(|v| match serde_json::from_str::<Value>(v.trim()) {
                Ok(file @ Value::Object(_)) => file,
                _ => Value::String(v),
            })
            .collect(),
    )
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
            FieldKind::Files { .. } => posted_files(scalars.remove(key).unwrap_or_default()),
            // Nothing on the page sets these yet: no kind of record exists to link to.
            FieldKind::RecordLink { .. } => continue,
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
    /// A files field's files, and how many it takes (0: no limit but the cap).
    pub files: Vec<FileShown>,
    pub max_files: usize,
    /// 最多2个文件, when the field limits them.
    pub files_hint: String,
    pub problems: Vec<String>,
}

/// A file named by an answer, as pages list it.
pub struct FileShown {
    pub id: i64,
    pub name: String,
    /// `35 KB`; empty when the file is not this report's.
    pub size: String,
    /// The page route that downloads it.
    pub href: String,
    /// The file as a posted `f.<key>` value (see the module's naming scheme).
    pub value: String,
}

/// What read-only answers need to show ids by name: members (the roster and anyone else
/// the answers name) and the report's files, with the link a file id downloads from.
#[derive(Default)]
pub struct Names {
    pub members: Vec<(i64, String)>,
    pub files: Vec<FileName>,
    /// `/tasks/{id}/reports/{org_id}/files/`, the file id to follow.
    pub file_href: String,
}

/// The member and file ids a stored or posted answers object names (top-level fields only:
/// tables hold neither).
pub fn referenced(form: &FormDefinition, answers: &Value) -> (Vec<i64>, Vec<i64>) {
    let (mut members, mut files) = (Vec::new(), Vec::new());
    for field in form.fields() {
        let list = match field.kind() {
            FieldKind::MemberPicker { .. } => &mut members,
            FieldKind::Files { .. } => &mut files,
            _ => continue,
        };
        for item in items(answers.get(field.key())) {
            if let Some(id) = item_id(item).filter(|id| !list.contains(id)) {
                list.push(id);
            }
        }
    }
    (members, files)
}

fn items(value: Option<&Value>) -> &[Value] {
    match value {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(single) => std::slice::from_ref(single),
    }
}

/// The id of a member or of a file (`{"id": 12}`, `12` or `"12"`).
fn item_id(item: &Value) -> Option<i64> {
    let v = item.get("id").unwrap_or(item);
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        .filter(|id| *id > 0)
}

/// The files a files answer names, by the names they were uploaded under.
pub fn files_shown(names: &Names, value: Option<&Value>) -> Vec<FileShown> {
    items(value)
        .iter()
        .filter_map(|item| {
            let id = item_id(item)?;
            let known = names.files.iter().find(|f| f.id == id);
            let name = known
                .map(|f| f.name.clone())
                .or_else(|| item.get("name").and_then(Value::as_str).map(str::to_owned))
                .unwrap_or_else(|| format!("#{id}"));
            Some(FileShown {
                id,
                size: known
                    .map(|f| size_label(f.size.max(0) as u64))
                    .unwrap_or_default(),
                href: format!("{}{id}", names.file_href),
                value: serde_json::json!({ "id": id, "name": name }).to_string(),
                name,
            })
        })
        .collect()
}

impl FieldView {
    /// Some option is chosen (a "no answer" radio is checked otherwise).
    pub fn any_checked(&self) -> bool {
        self.choices.iter().any(|c| c.checked)
    }
}

/// What a page needs besides the answers: the member list for member pickers, the names of
/// the report's files, the translator, and how many empty rows a table gets without script.
pub struct Context<'a> {
    pub t: T,
    pub members: &'a [(i64, String)],
    pub names: &'a Names,
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
        files: Vec::new(),
        max_files: 0,
        files_hint: String::new(),
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
        FieldKind::Files { max_files } => {
            view.max_files = max_files.unwrap_or(0);
            if let Some(max) = max_files {
                view.files_hint = ctx
                    .t
                    .f("task_pages.files_limit", &[("max", &max.to_string())]);
            }
            view.files = files_shown(ctx.names, value);
        }
        FieldKind::RecordLink { .. } => {}
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
    /// A files field's files, each a download link.
    pub files: Vec<FileShown>,
}

/// An answer as people read it: yes/no in words, members and files by name.
pub fn readable(t: T, names: &Names, field: &Field, value: Option<&Value>) -> String {
    match field.kind() {
        FieldKind::YesNo => match value {
            Some(Value::Bool(true)) => t.s("task_pages.yes").to_owned(),
            Some(Value::Bool(false)) => t.s("task_pages.no").to_owned(),
            _ => String::new(),
        },
        FieldKind::MemberPicker { .. } => items(value)
            .iter()
            .map(|item| {
                let id = item_id(item);
                names
                    .members
                    .iter()
                    .find(|(m, _)| Some(*m) == id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_else(|| format!("#{}", as_input(Some(item))))
            })
            .collect::<Vec<_>>()
            .join("、"),
        FieldKind::Files { .. } => files_shown(names, value)
            .into_iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join("、"),
        _ => render_value(field, value),
    }
}

/// Every field of a version, read-only.
pub fn shown_answers(
    t: T,
    names: &Names,
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
                            .map(|c| readable(t, names, c, r.get(c.key())))
                            .collect()
                    })
                    .collect(),
                _ => Vec::new(),
            };
            ShownAnswer {
                label: field.label().to_owned(),
                kind: field.field_type().as_str(),
                text: readable(t, names, field, value),
                columns: columns.iter().map(|c| c.label().to_owned()).collect(),
                rows,
                files: match field.kind() {
                    FieldKind::Files { .. } => files_shown(names, value),
                    _ => Vec::new(),
                },
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
                {"key": "hours", "label": "学时", "type": "number"}]},
            {"key": "evidence", "label": "佐证材料", "type": "files", "max_files": 2}
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
            ("f.evidence", r#"{"id":12,"name":"自查报告.pdf"}"#),
            ("f.evidence", "13"),
            ("f.evidence", ""),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let answers = answers_from_form(&form(), &pairs);
        assert_eq!(
            answers,
            json!({"summary": "学了", "topics": ["a", "b"], "done": "true",
                   "rows": [{"name": "张三", "hours": "2"}, {"name": "李四", "hours": null}],
                   "evidence": [{"id": 12, "name": "自查报告.pdf"}, "13"]})
        );
        let checked = form().check(&answers, domain::form::Mode::Submit).unwrap();
        assert_eq!(checked.get("rows").unwrap()[0]["hours"], json!(2));
        assert_eq!(
            checked.get("evidence").unwrap(),
            &json!([{"id": 12, "name": "自查报告.pdf"}, {"id": 13}])
        );
    }

    #[test]
    fn fields_are_filled_from_answers() {
        let names = Names::default();
        let ctx = Context {
            t: T::default(),
            members: &[],
            names: &names,
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

    #[test]
    fn files_are_shown_by_their_stored_names() {
        let names = Names {
            members: Vec::new(),
            files: vec![FileName {
                id: 12,
                name: "自查报告.pdf".into(),
                size: 2048,
            }],
            file_href: "/tasks/1/reports/2/files/".into(),
        };
        let ctx = Context {
            t: T::default(),
            members: &[],
            names: &names,
            spare_rows: 0,
        };
        let answers = json!({"evidence": [{"id": 12, "name": "old.pdf"}, {"id": 99}]});
        let views = field_views(&ctx, &form(), &answers, &[]);
        let files = &views[4].files;
        assert_eq!(views[4].max_files, 2);
        assert_eq!(files[0].name, "自查报告.pdf");
        assert_eq!(files[0].size, "2 KB");
        assert_eq!(files[0].href, "/tasks/1/reports/2/files/12");
        assert_eq!(files[1].name, "#99");
        let (_, ids) = referenced(&form(), &answers);
        assert_eq!(ids, vec![12, 99]);
        let def = form();
        let field = def.field("evidence").unwrap();
        assert_eq!(
            readable(T::default(), &names, field, answers.get("evidence")),
            "自查报告.pdf、#99"
        );
    }
}
