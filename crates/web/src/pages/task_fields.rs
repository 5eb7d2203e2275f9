//! A report form on a page: the posted fields read back into answers JSON, and each field of a
//! [`FormDefinition`] as the template draws it, filled from answers and marked with problems.
//!
//! The one naming scheme, read here and by `static/tasks.js` alike: a field is `f.<key>`
//! (repeated for multiple choices, members and files), a table cell `f.<key>.<row>.<col>`
//! with any row numbers, read in ascending order. A file is one `f.<key>` whose value is the
//! file as the answer holds it, `{"id":12,"name":"x.pdf"}` (or a bare id).

mod fill_in;
mod records;

pub use fill_in::{Context, FieldView, field_views};
pub use records::{RecordShown, all_shown};

use crate::files::accept::size_label;
use crate::i18n::T;
use domain::form::{Field, FieldKind, FormDefinition, render_value};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use store::report_files::FileName;

/// The prefix of every answer's form name.
const PREFIX: &str = "f.";

/// Whether a field (or a table column) takes several values.
fn is_multi(field: &Field) -> bool {
    matches!(
        field.kind(),
        FieldKind::MultipleChoice { .. }
            | FieldKind::MemberPicker { multiple: true }
            | FieldKind::RecordLink { multiple: true, .. }
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
/// the answers name), the report's files, with the link a file id downloads from, and the
/// org's records the answers link to.
#[derive(Default)]
pub struct Names {
    pub members: Vec<(i64, String)>,
    pub files: Vec<FileName>,
    /// `/tasks/{id}/reports/{org_id}/files/`, the file id to follow.
    pub file_href: String,
    pub records: Vec<RecordShown>,
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

/// The records a record-link answer names, as the page shows them (another org's record, or
/// one gone, by its id alone).
pub fn records_shown(names: &Names, field: &Field, value: Option<&Value>) -> Vec<RecordShown> {
    let FieldKind::RecordLink { record_kind, .. } = field.kind() else {
        return Vec::new();
    };
    items(value)
        .iter()
        .filter_map(item_id)
        .map(|id| {
            names
                .records
                .iter()
                .find(|r| r.id == id && r.kind == record_kind)
                .cloned()
                .unwrap_or_else(|| RecordShown {
                    kind: "",
                    id,
                    title: format!("#{id}"),
                    detail: String::new(),
                    href: String::new(),
                    thumb: String::new(),
                    featured: false,
                    checked: false,
                })
        })
        .collect()
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
    /// A record-link field's records, each a link (a photo, its thumbnail).
    pub records: Vec<RecordShown>,
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
        FieldKind::RecordLink { .. } => records_shown(names, field, value)
            .iter()
            .map(RecordShown::line)
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
        .map(|field| shown_answer(t, names, field, answers.get(field.key())))
        .collect()
}

/// One field's answer, read-only.
pub fn shown_answer(t: T, names: &Names, field: &Field, value: Option<&Value>) -> ShownAnswer {
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
        records: records_shown(names, field, value),
    }
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
        let none = Default::default();
        let ctx = Context {
            t: T::default(),
            members: &[],
            names: &names,
            spare_rows: 2,
            records: &none,
            from_records: &Default::default(),
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
            records: Vec::new(),
        };
        let none = Default::default();
        let ctx = Context {
            t: T::default(),
            members: &[],
            names: &names,
            spare_rows: 0,
            records: &none,
            from_records: &Default::default(),
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
