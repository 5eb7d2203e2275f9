//! Answers to a form: checked against its definition, in draft or submit mode, and kept as the
//! normalised JSON object that is stored.

use serde_json::{Map, Value};

use super::definition::{Field, FieldKind, FormDefinition};
use super::problems::{AnswerProblem, AnswerRule};
use super::tables::check_table;
use super::values::{check_value, id};

/// How strictly answers are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Saving work in progress: only values that can never be right, and anything that would
    /// bloat storage, are refused. Required fields, ranges and counts wait for submission.
    Draft,
    /// Handing the report in: every rule of the form.
    Submit,
}

/// Checked, normalised answers: a JSON object holding only the form's keys, with empty answers
/// left out. Stored answers are read back by checking them again (in draft mode, since a saved
/// draft may be incomplete), which also copes with a definition edited since.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers(Value);

/// Ids an answer points at, for the web layer to confirm: each member belongs to the
/// submitting org, each file exists and was uploaded by it, each record is its own. In form
/// order, without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References {
    pub member_ids: Vec<i64>,
    pub file_ids: Vec<i64>,
    /// `(record_kind, id)`.
    pub record_ids: Vec<(String, i64)>,
}

impl FormDefinition {
    /// Checks answers keyed by field key. Keys the form does not have are dropped; `null` is
    /// read as no answers at all.
    pub fn check(&self, answers: &Value, mode: Mode) -> Result<Answers, Vec<AnswerProblem>> {
        let empty = Map::new();
        let given = match answers {
            Value::Object(map) => map,
            Value::Null => &empty,
            _ => {
                return Err(vec![AnswerProblem {
                    path: String::new(),
                    label: String::new(),
                    column_label: None,
                    row: None,
                    rule: AnswerRule::WrongType,
                }]);
            }
        };
        let mut problems = Vec::new();
        let mut out = Map::new();
        for field in self.fields() {
            let value = given.get(field.key()).unwrap_or(&Value::Null);
            if let Some(v) = check_field(field, value, mode, &mut problems) {
                out.insert(field.key().to_owned(), v);
            }
        }
        if problems.is_empty() {
            Ok(Answers(Value::Object(out)))
        } else {
            Err(problems)
        }
    }

    /// Answers to nothing yet: the start of a new report.
    pub fn empty_answers(&self) -> Answers {
        Answers(Value::Object(Map::new()))
    }
}

impl Answers {
    /// The stored form: `{"count": 12, "kind": "自学", …}`.
    pub fn as_json(&self) -> &Value {
        &self.0
    }

    pub fn into_json(self) -> Value {
        self.0
    }

    /// The normalised answer to one field; `None` when it was left empty.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    pub fn is_empty_for(&self, key: &str) -> bool {
        self.get(key).is_none()
    }

    /// No field answered at all.
    pub fn is_empty(&self) -> bool {
        self.0.as_object().is_none_or(Map::is_empty)
    }

    /// The member, file and record ids these answers refer to. Only top-level fields can
    /// refer to anything: tables may not hold such columns.
    pub fn references(&self, def: &FormDefinition) -> References {
        let mut refs = References::default();
        for field in def.fields() {
            let Some(value) = self.get(field.key()) else {
                continue;
            };
            let items = match value {
                Value::Array(items) => items.as_slice(),
                single => std::slice::from_ref(single),
            };
            for item in items {
                match field.kind() {
                    FieldKind::MemberPicker { .. } => {
                        if let Ok(i) = id(item) {
                            push_new(&mut refs.member_ids, i);
                        }
                    }
                    FieldKind::Files { .. } => {
                        if let Some(i) = item.get("id").and_then(|i| id(i).ok()) {
                            push_new(&mut refs.file_ids, i);
                        }
                    }
                    FieldKind::RecordLink { record_kind, .. } => {
                        if let Ok(i) = id(item) {
                            push_new(&mut refs.record_ids, (record_kind.clone(), i));
                        }
                    }
                    _ => {}
                }
            }
        }
        refs
    }
}

fn push_new<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// One field's normalised value (`None` when empty), pushing its problems.
fn check_field(
    field: &Field,
    value: &Value,
    mode: Mode,
    problems: &mut Vec<AnswerProblem>,
) -> Option<Value> {
    if let FieldKind::Table { .. } = field.kind() {
        return check_table(field, value, mode, problems);
    }
    let mut push = |rule| {
        problems.push(AnswerProblem {
            path: field.key().to_owned(),
            label: field.label().to_owned(),
            column_label: None,
            row: None,
            rule,
        })
    };
    match check_value(field, value, mode) {
        Ok(None) => {
            if let Some(rule) = empty_rule(field, mode) {
                push(rule);
            }
            None
        }
        Ok(v) => v,
        Err(rule) => {
            push(rule);
            None
        }
    }
}

/// What an empty answer breaks on submission: `required`, or a minimum count. A form that asks
/// for at least one choice or row wants an answer even if the field is not marked required.
pub(super) fn empty_rule(field: &Field, mode: Mode) -> Option<AnswerRule> {
    if mode == Mode::Draft {
        return None;
    }
    if field.required() {
        return Some(AnswerRule::Required);
    }
    match field.kind() {
        FieldKind::MultipleChoice {
            min_choices: Some(min),
            ..
        } if *min > 0 => Some(AnswerRule::TooFewChoices { min: *min }),
        FieldKind::Table {
            min_rows: Some(min),
            ..
        } if *min > 0 => Some(AnswerRule::TooFewRows { min: *min }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::definition::tests::example;
    use serde_json::json;

    fn def() -> FormDefinition {
        FormDefinition::parse(&example()).unwrap()
    }

    fn one_field(field: Value) -> FormDefinition {
        FormDefinition::parse(&json!({ "fields": [field] })).unwrap()
    }

    /// The rules broken, as (path, rule).
    fn rules(def: &FormDefinition, answers: Value, mode: Mode) -> Vec<(String, AnswerRule)> {
        def.check(&answers, mode)
            .expect_err("should be refused")
            .into_iter()
            .map(|p| (p.path, p.rule))
            .collect()
    }

    fn rule(def: &FormDefinition, answers: Value) -> AnswerRule {
        let r = rules(def, answers, Mode::Submit);
        assert_eq!(r.len(), 1, "{r:?}");
        r[0].1
    }

    fn complete() -> Value {
        json!({
            "summary": "　　本月集中学习两次。\r\n",
            "title": " 四月学习 ",
            "count": "12",
            "held_on": "2026-03-05",
            "kind": "自学",
            "topics": ["c", "a", "a"],
            "done": "on",
            "files": [{"id": 7, "name": "纪要.pdf"}],
            "rows": [{"name": "张三", "hours": "4"}, {"name": "", "hours": ""}],
            "who": ["3", 5],
            "meeting": "9",
            "stray": "dropped"
        })
    }

    #[test]
    fn a_complete_report_is_normalised() {
        let answers = def().check(&complete(), Mode::Submit).unwrap();
        assert_eq!(
            answers.as_json(),
            &json!({
                "summary": "　　本月集中学习两次。",
                "title": "四月学习",
                "count": 12,
                "held_on": "2026-03-05",
                "kind": "自学",
                "topics": ["a", "c"],
                "done": true,
                "files": [{"id": 7, "name": "纪要.pdf"}],
                "rows": [{"name": "张三", "hours": 4}],
                "who": [3, 5],
                "meeting": 9
            })
        );
        // Stored answers read back unchanged.
        let again = def().check(answers.as_json(), Mode::Submit).unwrap();
        assert_eq!(again, answers);
    }

    #[test]
    fn numeric_strings_become_numbers() {
        let d = one_field(json!({"key": "n", "label": "n", "type": "number"}));
        for (given, stored) in [
            (json!("12"), json!(12)),
            (json!(" 3 "), json!(3)),
            (json!("12.5"), json!(12.5)),
            (json!(4.0), json!(4)),
        ] {
            let a = d.check(&json!({ "n": given }), Mode::Draft).unwrap();
            assert_eq!(a.get("n"), Some(&stored));
        }
        assert!(d.check(&json!({"n": ""}), Mode::Submit).unwrap().is_empty());
    }

    #[test]
    fn every_submit_rule() {
        let d = def();
        let with = |key: &str, value: Value| {
            let mut a = complete();
            a[key] = value;
            a
        };
        for blank in [json!(""), json!("  \n "), json!(null), json!([])] {
            assert_eq!(rule(&d, with("summary", blank)), AnswerRule::Required);
        }
        let mut missing = complete();
        missing.as_object_mut().unwrap().remove("summary");
        assert_eq!(rule(&d, missing), AnswerRule::Required);
        assert_eq!(
            rule(&d, with("summary", json!("长".repeat(2001)))),
            AnswerRule::TooLong { max: 2000 }
        );
        assert_eq!(
            rule(&d, with("title", json!("a\u{7}b"))),
            AnswerRule::ControlCharacters
        );
        assert_eq!(
            rule(&d, with("count", json!("十二"))),
            AnswerRule::NotANumber
        );
        assert_eq!(
            rule(&d, with("count", json!("2.5"))),
            AnswerRule::NotAnInteger
        );
        assert_eq!(
            rule(&d, with("count", json!(-1))),
            AnswerRule::BelowMin { min: 0.0 }
        );
        assert_eq!(
            rule(&d, with("count", json!(100001))),
            AnswerRule::AboveMax { max: 100000.0 }
        );
        assert_eq!(
            rule(&d, with("held_on", json!("2026-02-30"))),
            AnswerRule::NotADate
        );
        assert_eq!(
            rule(&d, with("kind", json!("开会"))),
            AnswerRule::NotAnOption
        );
        assert_eq!(
            rule(&d, with("topics", json!(["d"]))),
            AnswerRule::NotAnOption
        );
        assert_eq!(
            rule(&d, with("topics", json!(["a", "b", "c"]))),
            AnswerRule::TooManyChoices { max: 2 }
        );
        assert_eq!(
            rule(&d, with("done", json!("maybe"))),
            AnswerRule::WrongType
        );
        assert_eq!(
            rule(&d, with("files", json!([1, 2, 3, 4, 5, 6]))),
            AnswerRule::TooManyFiles { max: 5 }
        );
        assert_eq!(
            rule(&d, with("rows", json!(vec![json!({"name": "x"}); 201]))),
            AnswerRule::TooManyRows { max: 200 }
        );
        assert_eq!(rule(&d, with("who", json!(["x"]))), AnswerRule::WrongType);
        assert_eq!(
            rule(&d, with("meeting", json!([1, 2]))),
            AnswerRule::WrongType
        );
        assert_eq!(rule(&d, with("title", json!(12))), AnswerRule::WrongType);

        let min = one_field(json!({"key": "t", "label": "t", "type": "multiple_choice",
            "options": ["a", "b", "c"], "min_choices": 2}));
        assert_eq!(
            rule(&min, json!({"t": ["a"]})),
            AnswerRule::TooFewChoices { min: 2 }
        );
        // A minimum count asks for an answer even when the field is not marked required.
        assert_eq!(rule(&min, json!({})), AnswerRule::TooFewChoices { min: 2 });
        let rows = one_field(
            json!({"key": "r", "label": "r", "type": "table", "min_rows": 2,
            "columns": [{"key": "c", "label": "c", "type": "short_text"}]}),
        );
        assert_eq!(
            rule(&rows, json!({"r": [{"c": "x"}, {"c": ""}]})),
            AnswerRule::TooFewRows { min: 2 }
        );
        assert_eq!(
            rule(&rows, json!({"r": []})),
            AnswerRule::TooFewRows { min: 2 }
        );
    }

    #[test]
    fn answers_must_be_an_object() {
        assert_eq!(
            rules(&def(), json!([1]), Mode::Draft),
            vec![(String::new(), AnswerRule::WrongType)]
        );
        assert!(def().check(&Value::Null, Mode::Draft).unwrap().is_empty());
    }

    #[test]
    fn drafts_are_lenient_about_completeness_only() {
        let d = def();
        let draft = json!({
            "count": "-5",
            "topics": ["a", "b", "c"],
            "files": [1, 2, 3, 4, 5, 6],
            "rows": [{"hours": "2.5"}],
            "stray": 1
        });
        let a = d.check(&draft, Mode::Draft).unwrap();
        assert!(a.is_empty_for("summary"));
        assert_eq!(a.get("count"), Some(&json!(-5)));
        assert_eq!(a.get("stray"), None);
        assert!(d.check(&draft, Mode::Submit).is_err());

        // Wrong types, unreadable values and storage limits are refused even in a draft.
        assert_eq!(
            rules(&d, json!({"count": [1]}), Mode::Draft),
            vec![("count".to_owned(), AnswerRule::WrongType)]
        );
        assert_eq!(
            rules(&d, json!({"count": "many"}), Mode::Draft),
            vec![("count".to_owned(), AnswerRule::NotANumber)]
        );
        assert_eq!(
            rules(&d, json!({"title": "长".repeat(201)}), Mode::Draft),
            vec![("title".to_owned(), AnswerRule::TooLong { max: 200 })]
        );
        assert_eq!(
            rules(
                &d,
                json!({"rows": vec![json!({"name": "x"}); 1001]}),
                Mode::Draft
            ),
            vec![("rows".to_owned(), AnswerRule::TooManyRows { max: 1000 })]
        );
        assert_eq!(
            rules(
                &d,
                json!({"files": (1..=101).collect::<Vec<_>>()}),
                Mode::Draft
            ),
            vec![("files".to_owned(), AnswerRule::TooManyFiles { max: 100 })]
        );
        assert_eq!(d.empty_answers(), d.check(&json!({}), Mode::Draft).unwrap());
    }

    #[test]
    fn table_cell_problems_name_row_and_column() {
        let d = def();
        let mut a = complete();
        a["rows"] = json!([
            {"name": "张三", "hours": 2},
            {"hours": "-1"},
            "not a row",
            {"name": "李四", "hours": "x", "extra": 1}
        ]);
        let problems = d.check(&a, Mode::Submit).unwrap_err();
        let got: Vec<_> = problems
            .iter()
            .map(|p| {
                (
                    p.path.as_str(),
                    p.label.as_str(),
                    p.column_label.as_deref(),
                    p.row,
                    p.rule,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "rows[2].name",
                    "学习记录",
                    Some("姓名"),
                    Some(2),
                    AnswerRule::Required
                ),
                (
                    "rows[2].hours",
                    "学习记录",
                    Some("学时"),
                    Some(2),
                    AnswerRule::BelowMin { min: 0.0 }
                ),
                ("rows[3]", "学习记录", None, Some(3), AnswerRule::WrongType),
                (
                    "rows[4].hours",
                    "学习记录",
                    Some("学时"),
                    Some(4),
                    AnswerRule::NotANumber
                ),
            ]
        );
        assert_eq!(
            rule(&d, {
                let mut a = complete();
                a["rows"] = json!([{"name": " "}]);
                a
            }),
            AnswerRule::TooFewRows { min: 1 }
        );
    }

    #[test]
    fn single_member_and_yes_no_false() {
        let d = FormDefinition::parse(&json!({"fields": [
            {"key": "m", "label": "m", "type": "member_picker", "required": true},
            {"key": "y", "label": "y", "type": "yes_no", "required": true}]}))
        .unwrap();
        let a = d
            .check(&json!({"m": "4", "y": "no"}), Mode::Submit)
            .unwrap();
        assert_eq!(a.as_json(), &json!({"m": 4, "y": false}));
        assert_eq!(rule(&d, json!({"m": 4})), AnswerRule::Required);
    }

    #[test]
    fn several_records_store_in_id_order_up_to_the_cap() {
        let d = one_field(json!({"key": "p", "label": "照片", "type": "record_link",
            "record_kind": "activity_photo", "multiple": true}));
        let a = d
            .check(&json!({"p": ["9", 3, "", 9]}), Mode::Draft)
            .unwrap();
        assert_eq!(a.get("p"), Some(&json!([3, 9])));
        assert!(d.check(&json!({"p": []}), Mode::Submit).unwrap().is_empty());
        let many: Vec<i64> = (1..=101).collect();
        assert_eq!(
            rules(&d, json!({ "p": many }), Mode::Draft),
            vec![("p".to_owned(), AnswerRule::TooManyRecords { max: 100 })]
        );
        assert_eq!(
            a.references(&d).record_ids,
            vec![
                ("activity_photo".to_owned(), 3),
                ("activity_photo".to_owned(), 9)
            ]
        );
    }

    #[test]
    fn references_are_collected_once_each() {
        let d = FormDefinition::parse(&json!({"fields": [
            {"key": "who", "label": "w", "type": "member_picker", "multiple": true},
            {"key": "lead", "label": "l", "type": "member_picker"},
            {"key": "files", "label": "f", "type": "files"},
            {"key": "meeting", "label": "m", "type": "record_link", "record_kind": "meeting"},
            {"key": "notice", "label": "n", "type": "record_link", "record_kind": "notice"}]}))
        .unwrap();
        let a = d
            .check(
                &json!({"who": [3, 5], "lead": 5, "files": [{"id": 8}, {"id": 2, "name": "a"}],
                    "meeting": 9, "notice": "9"}),
                Mode::Submit,
            )
            .unwrap();
        assert_eq!(
            a.references(&d),
            References {
                member_ids: vec![3, 5],
                file_ids: vec![8, 2],
                record_ids: vec![("meeting".into(), 9), ("notice".into(), 9)],
            }
        );
        assert_eq!(d.empty_answers().references(&d), References::default());
    }
}
