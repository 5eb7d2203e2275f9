//! What changed between two versions of a report, field by field, as text a person can read.
//!
//! The domain holds no UI strings: yes/no is rendered `true`/`false` and members, files and
//! records as `#12`, for the web layer to translate and to replace with names.

use serde_json::Value;

use super::answers::Answers;
use super::definition::{Field, FieldKind, FormDefinition};
use super::{FieldType, format_number};

/// Joins the items of a list answer, as Chinese lists are written.
const LIST_SEPARATOR: &str = "、";

/// One field whose answer differs. `before` or `after` is empty when the field was left empty
/// or does not exist in that version of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    /// The label in the newer form, or the older one for a field since removed.
    pub label: String,
    pub before: String,
    pub after: String,
    kind: FieldType,
}

impl Change {
    /// The field's type (in the newer form when both have it), for presenting yes/no answers
    /// and id lists specially.
    pub fn kind(&self) -> FieldType {
        self.kind
    }
}

/// The fields whose answers differ, in the newer form's order, then fields the newer form no
/// longer has. A field empty on both sides is no change, even when it is new to the form.
pub fn diff(
    old_def: &FormDefinition,
    old: &Answers,
    new_def: &FormDefinition,
    new: &Answers,
) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut consider = |old_field: Option<&Field>, new_field: Option<&Field>| {
        let Some(field) = new_field.or(old_field) else {
            return;
        };
        let key = field.key();
        let before_value = old_field.and_then(|_| old.get(key));
        let after_value = new_field.and_then(|_| new.get(key));
        if before_value == after_value {
            return;
        }
        let before = old_field.map_or_else(String::new, |f| render_value(f, before_value));
        let after = new_field.map_or_else(String::new, |f| render_value(f, after_value));
        // Values may differ only where nothing is shown (a file's name, say).
        if before != after {
            changes.push(Change {
                key: key.to_owned(),
                label: field.label().to_owned(),
                before,
                after,
                kind: field.field_type(),
            });
        }
    };
    for field in new_def.fields() {
        consider(old_def.field(field.key()), Some(field));
    }
    for field in old_def.fields() {
        if new_def.field(field.key()).is_none() {
            consider(Some(field), None);
        }
    }
    changes
}

/// An answer as one readable string: text as is, numbers with their unit ("12 人"), choices
/// joined with "、", ids as "#12", a table as one "列: 值; 列: 值" line per row. Empty when
/// there is no answer.
pub fn render_value(field: &Field, value: Option<&Value>) -> String {
    let Some(value) = value else {
        return String::new();
    };
    let items = || match value {
        Value::Array(items) => items.as_slice(),
        single => std::slice::from_ref(single),
    };
    let ids = |ids: Vec<String>| ids.join(LIST_SEPARATOR);
    match field.kind() {
        FieldKind::Number { unit, .. } => {
            let n = plain(value);
            if unit.is_empty() {
                n
            } else {
                format!("{n} {unit}")
            }
        }
        FieldKind::MultipleChoice { .. } => {
            let items: Vec<String> = items().iter().map(plain).collect();
            items.join(LIST_SEPARATOR)
        }
        FieldKind::Files { .. } => ids(items()
            .iter()
            .map(|f| format!("#{}", plain(f.get("id").unwrap_or(f))))
            .collect()),
        FieldKind::MemberPicker { .. } | FieldKind::RecordLink { .. } => {
            ids(items().iter().map(|i| format!("#{}", plain(i))).collect())
        }
        FieldKind::Table { columns, .. } => {
            let rows: Vec<String> = items()
                .iter()
                .map(|row| {
                    let cells: Vec<String> = columns
                        .iter()
                        .filter_map(|c| {
                            let v = row.get(c.key())?;
                            Some(format!("{}: {}", c.label(), render_value(c, Some(v))))
                        })
                        .collect();
                    cells.join("; ")
                })
                .collect();
            rows.join("\n")
        }
        _ => plain(value),
    }
}

/// A scalar as text: strings unquoted, numbers without a trailing `.0`, booleans as
/// `true`/`false`.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => n.as_f64().map(format_number).unwrap_or_default(),
        },
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Mode;
    use crate::form::definition::tests::example;
    use serde_json::json;

    fn def() -> FormDefinition {
        FormDefinition::parse(&example()).unwrap()
    }

    fn answers(def: &FormDefinition, v: Value) -> Answers {
        def.check(&v, Mode::Draft).unwrap()
    }

    fn summary(changes: &[Change]) -> Vec<(&str, &str, &str, FieldType)> {
        changes
            .iter()
            .map(|c| {
                (
                    c.key.as_str(),
                    c.before.as_str(),
                    c.after.as_str(),
                    c.kind(),
                )
            })
            .collect()
    }

    #[test]
    fn unchanged_answers_give_no_changes() {
        let d = def();
        let a = answers(&d, json!({"count": 3, "kind": "自学"}));
        assert!(diff(&d, &a, &d, &a).is_empty());
        // "3" and 3 store the same, so they are no change either.
        let b = answers(&d, json!({"count": "3", "kind": "自学"}));
        assert!(diff(&d, &a, &d, &b).is_empty());
    }

    #[test]
    fn changed_values_are_rendered_readably() {
        let d = def();
        let old = answers(
            &d,
            json!({"count": 3, "topics": ["a"], "done": false, "who": [3],
                "files": [{"id": 7, "name": "a.pdf"}], "meeting": 9, "title": "旧"}),
        );
        let new = answers(
            &d,
            json!({"count": 12.5, "topics": ["a", "c"], "done": true, "who": [3, 5],
                "files": [{"id": 7, "name": "renamed.pdf"}],
                "rows": [{"name": "张三", "hours": 4}, {"name": "李四"}], "meeting": 10}),
        );
        assert_eq!(
            summary(&diff(&d, &old, &d, &new)),
            vec![
                ("title", "旧", "", FieldType::ShortText),
                ("count", "3 人", "12.5 人", FieldType::Number),
                ("topics", "a", "a、c", FieldType::MultipleChoice),
                ("done", "false", "true", FieldType::YesNo),
                (
                    "rows",
                    "",
                    "姓名: 张三; 学时: 4\n姓名: 李四",
                    FieldType::Table
                ),
                ("who", "#3", "#3、#5", FieldType::MemberPicker),
                ("meeting", "#9", "#10", FieldType::RecordLink),
            ]
        );
        assert_eq!(diff(&d, &old, &d, &new)[1].label, "参加人数");
    }

    #[test]
    fn fields_in_only_one_version_are_included_when_answered() {
        let old_def = FormDefinition::parse(&json!({"fields": [
            {"key": "a", "label": "甲", "type": "short_text"},
            {"key": "gone", "label": "旧字段", "type": "yes_no"}]}))
        .unwrap();
        let new_def = FormDefinition::parse(&json!({"fields": [
            {"key": "a", "label": "甲（新）", "type": "short_text"},
            {"key": "added", "label": "新字段", "type": "number", "unit": "次"},
            {"key": "blank", "label": "空", "type": "date"}]}))
        .unwrap();
        let old = answers(&old_def, json!({"a": "x", "gone": true}));
        let new = answers(&new_def, json!({"a": "y", "added": 2}));
        let changes = diff(&old_def, &old, &new_def, &new);
        assert_eq!(
            summary(&changes),
            vec![
                ("a", "x", "y", FieldType::ShortText),
                ("added", "", "2 次", FieldType::Number),
                ("gone", "true", "", FieldType::YesNo),
            ]
        );
        assert_eq!(changes[0].label, "甲（新）");
        assert_eq!(changes[2].label, "旧字段");
    }

    #[test]
    fn render_value_of_nothing_is_empty() {
        let d = def();
        assert_eq!(render_value(d.field("count").unwrap(), None), "");
        assert_eq!(
            render_value(
                d.field("files").unwrap(),
                Some(&json!([{"id": 1}, {"id": 2}]))
            ),
            "#1、#2"
        );
    }
}
