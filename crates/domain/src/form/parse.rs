//! Parsing a definition from JSON, field by field, collecting every problem with its path so
//! the editor can mark all of them at once.

use serde_json::Value;

use super::definition::{
    FILES_CAP, Field, FieldKind, LONG_TEXT_CAP, LONG_TEXT_DEFAULT, MAX_COLUMNS, MAX_FIELDS,
    MAX_HELP, MAX_LABEL, MAX_UNIT, ROWS_CAP, SHORT_TEXT_CAP, SHORT_TEXT_DEFAULT,
};
use super::problems::{DefinitionProblem, DefinitionRule as Rule};
use super::props::Props;
use super::source::Source;
use super::{FieldType, is_key};

pub(super) fn parse_root(
    value: &Value,
    problems: &mut Vec<DefinitionProblem>,
) -> Option<Vec<Field>> {
    let Some(obj) = value.as_object() else {
        problem(problems, "", Rule::WrongType { expected: "object" });
        return None;
    };
    let mut root = Props::new(obj, String::new(), problems);
    let list = root.list("fields", true);
    root.finish();
    let list = list?;
    parse_fields(list, "fields", MAX_FIELDS, false, problems)
}

/// Parses a list of fields (the form's, or a table's columns) with unique keys.
fn parse_fields(
    list: &[Value],
    path: &str,
    max: usize,
    in_table: bool,
    problems: &mut Vec<DefinitionProblem>,
) -> Option<Vec<Field>> {
    if list.is_empty() {
        problem(problems, path, Rule::TooFew { min: 1 });
        return None;
    }
    if list.len() > max {
        problem(problems, path, Rule::TooMany { max });
        return None;
    }
    let mut fields = Vec::with_capacity(list.len());
    let mut seen: Vec<&str> = Vec::new();
    let mut ok = true;
    for (i, item) in list.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        // Checked here rather than in parse_field so a field with other problems still
        // reports a clash of keys.
        if let Some(key) = item.get("key").and_then(Value::as_str) {
            if seen.contains(&key) {
                problem(problems, &format!("{item_path}.key"), Rule::DuplicateKey);
                ok = false;
            }
            seen.push(key);
        }
        match parse_field(item, &item_path, in_table, problems) {
            Some(f) => fields.push(f),
            None => ok = false,
        }
    }
    ok.then_some(fields)
}

fn parse_field(
    value: &Value,
    path: &str,
    in_table: bool,
    problems: &mut Vec<DefinitionProblem>,
) -> Option<Field> {
    let Some(obj) = value.as_object() else {
        problem(problems, path, Rule::WrongType { expected: "object" });
        return None;
    };
    let before = problems.len();
    let mut p = Props::new(obj, path.to_owned(), problems);
    let key = p.key("key");
    let label = p.text("label", true, MAX_LABEL);
    let required = p.bool("required");
    let help = p.text("help", false, MAX_HELP);
    let field_type = match p.string("type", true) {
        Some(t) => match FieldType::parse(t) {
            Some(t) if in_table && !t.allowed_in_table() => {
                p.problem("type", Rule::NotAllowedInTable);
                None
            }
            Some(t) => Some(t),
            None => {
                p.problem("type", Rule::UnknownType);
                None
            }
        },
        None => None,
    };
    // Without a known type the other properties cannot be judged; the type problem is enough.
    let kind = field_type.and_then(|t| parse_kind(t, &key, &mut p));
    // A table's cells are filled by its own source: a column has none (and is told so as an
    // unknown property).
    let source = match in_table {
        false => parse_source(kind.as_ref(), &mut p),
        true => None,
    };
    if field_type.is_some() {
        p.finish();
    }
    let kind = kind?;
    (problems.len() == before).then_some(Field {
        key,
        label,
        required,
        help,
        source,
        kind,
    })
}

fn parse_kind(t: FieldType, key: &str, p: &mut Props<'_, '_>) -> Option<FieldKind> {
    Some(match t {
        FieldType::ShortText => FieldKind::ShortText {
            max_length: p.max_length(SHORT_TEXT_DEFAULT, SHORT_TEXT_CAP),
        },
        FieldType::LongText => FieldKind::LongText {
            max_length: p.max_length(LONG_TEXT_DEFAULT, LONG_TEXT_CAP),
        },
        FieldType::Number => parse_number(p),
        FieldType::Date => FieldKind::Date,
        FieldType::SingleChoice => FieldKind::SingleChoice {
            options: p.options(),
        },
        FieldType::MultipleChoice => parse_multiple_choice(p),
        FieldType::YesNo => FieldKind::YesNo,
        FieldType::Files => {
            let max_files = p.count("max_files");
            p.limit_range("max_files", max_files, FILES_CAP);
            FieldKind::Files { max_files }
        }
        FieldType::Table => parse_table(key, p)?,
        FieldType::MemberPicker => FieldKind::MemberPicker {
            multiple: p.bool("multiple"),
        },
        FieldType::RecordLink => FieldKind::RecordLink {
            record_kind: p.key("record_kind"),
            multiple: p.bool("multiple"),
        },
    })
}

/// The field's `source`: one of the fixed list, fitting the field's type (judged only once the
/// type is known and sound).
fn parse_source(kind: Option<&FieldKind>, p: &mut Props<'_, '_>) -> Option<Source> {
    let name = p.string("source", false)?;
    let Some(source) = Source::parse(name.trim()) else {
        p.problem("source", Rule::UnknownSource);
        return None;
    };
    if kind.is_some_and(|k| !source.fits(k)) {
        p.problem("source", Rule::SourceMismatch);
    }
    Some(source)
}

fn parse_number(p: &mut Props<'_, '_>) -> FieldKind {
    let unit = p.text("unit", false, MAX_UNIT);
    let min = p.number("min");
    let max = p.number("max");
    let integer = p.bool("integer");
    if let (Some(lo), Some(hi)) = (min, max)
        && lo > hi
    {
        p.problem("min", Rule::MinAboveMax);
    }
    FieldKind::Number {
        unit,
        min,
        max,
        integer,
    }
}

fn parse_multiple_choice(p: &mut Props<'_, '_>) -> FieldKind {
    let options = p.options();
    let min_choices = p.count("min_choices");
    let max_choices = p.count("max_choices");
    if let (Some(lo), Some(hi)) = (min_choices, max_choices)
        && lo > hi
    {
        p.problem("min_choices", Rule::MinAboveMax);
    }
    // Only meaningful once the options themselves are fine.
    if !options.is_empty() {
        let n = options.len();
        for (name, limit) in [("min_choices", min_choices), ("max_choices", max_choices)] {
            if limit.is_some_and(|l| l > n) {
                p.problem(name, Rule::AboveOptionCount { max: n });
            }
        }
    }
    FieldKind::MultipleChoice {
        options,
        min_choices,
        max_choices,
    }
}

/// A table and its columns, each column parsed as a field of its own; `None` when a column is
/// unusable (its problems are recorded).
fn parse_table(key: &str, p: &mut Props<'_, '_>) -> Option<FieldKind> {
    let min_rows = p.count("min_rows");
    let max_rows = p.count("max_rows");
    p.limit_range("max_rows", max_rows, ROWS_CAP);
    if let (Some(lo), Some(hi)) = (min_rows, max_rows)
        && lo > hi
    {
        p.problem("min_rows", Rule::MinAboveMax);
    }
    // Columns are named after the table's key when it has a usable one, as people
    // think of "the rows table's second column", not "field 8".
    let prefix = if is_key(key) {
        key.to_owned()
    } else {
        p.path.clone()
    };
    let columns = p.list("columns", true).and_then(|list| {
        let path = format!("{prefix}.columns");
        parse_fields(list, &path, MAX_COLUMNS, true, p.problems)
    });
    Some(FieldKind::Table {
        columns: columns?,
        min_rows,
        max_rows,
    })
}

pub(super) fn problem(problems: &mut Vec<DefinitionProblem>, path: &str, rule: Rule) {
    problems.push(DefinitionProblem {
        path: path.to_owned(),
        rule,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::FormDefinition;
    use serde_json::json;

    fn problems(v: Value) -> Vec<(String, Rule)> {
        FormDefinition::parse(&v)
            .expect_err("should be refused")
            .into_iter()
            .map(|p| (p.path, p.rule))
            .collect()
    }

    /// Wraps one field in a form and returns its problems.
    fn field_problems(field: Value) -> Vec<(String, Rule)> {
        problems(json!({ "fields": [field] }))
    }

    fn one(path: &str, rule: Rule) -> Vec<(String, Rule)> {
        vec![(path.to_owned(), rule)]
    }

    #[test]
    fn shape_problems() {
        assert_eq!(
            problems(json!([])),
            one("", Rule::WrongType { expected: "object" })
        );
        assert_eq!(problems(json!({})), one("fields", Rule::Missing));
        assert_eq!(
            problems(json!({"fields": {}})),
            one("fields", Rule::WrongType { expected: "list" })
        );
        assert_eq!(
            problems(json!({"fields": [], "title": "x"})),
            vec![
                ("title".to_owned(), Rule::UnknownProperty),
                ("fields".to_owned(), Rule::TooFew { min: 1 })
            ]
        );
        assert_eq!(
            problems(json!({"fields": [1]})),
            one("fields[0]", Rule::WrongType { expected: "object" })
        );
        let many: Vec<Value> = (0..101)
            .map(|i| json!({"key": format!("f{i}"), "label": "x", "type": "date"}))
            .collect();
        assert_eq!(
            problems(json!({ "fields": many })),
            one("fields", Rule::TooMany { max: 100 })
        );
    }

    #[test]
    fn key_label_and_type_problems() {
        assert_eq!(
            field_problems(json!({"label": "x", "type": "date"})),
            one("fields[0].key", Rule::Missing)
        );
        assert_eq!(
            field_problems(json!({"key": "Bad-Key", "label": "x", "type": "date"})),
            one("fields[0].key", Rule::BadKey)
        );
        assert_eq!(
            field_problems(json!({"key": 3, "label": "x", "type": "date"})),
            one("fields[0].key", Rule::WrongType { expected: "string" })
        );
        assert_eq!(
            field_problems(json!({"key": "a", "label": "  ", "type": "date"})),
            one("fields[0].label", Rule::Empty)
        );
        assert_eq!(
            field_problems(json!({"key": "a", "label": "长".repeat(201), "type": "date"})),
            one("fields[0].label", Rule::TooLong { max: 200 })
        );
        assert_eq!(
            field_problems(json!({"key": "a", "label": "x", "type": "rich_text", "foo": 1})),
            one("fields[0].type", Rule::UnknownType)
        );
        assert_eq!(
            field_problems(json!({"key": "a", "label": "x"})),
            one("fields[0].type", Rule::Missing)
        );
        assert_eq!(
            field_problems(
                json!({"key": "a", "label": "x", "type": "short_text", "max_lenght": 5})
            ),
            one("fields[0].max_lenght", Rule::UnknownProperty)
        );
        assert_eq!(
            field_problems(json!({"key": "a", "label": "x", "type": "date", "required": "yes"})),
            one(
                "fields[0].required",
                Rule::WrongType {
                    expected: "boolean"
                }
            )
        );
        assert_eq!(
            field_problems(
                json!({"key": "a", "label": "x", "type": "date", "help": "长".repeat(1001)})
            ),
            one("fields[0].help", Rule::TooLong { max: 1000 })
        );
        assert_eq!(
            problems(json!({"fields": [
                {"key": "a", "label": "x", "type": "date"},
                {"key": "a", "label": "y", "type": "yes_no"}]})),
            one("fields[1].key", Rule::DuplicateKey)
        );
    }

    #[test]
    fn text_limits() {
        let f = |t: &str, n: i64| json!({"key": "a", "label": "x", "type": t, "max_length": n});
        assert_eq!(
            field_problems(f("short_text", 0)),
            one("fields[0].max_length", Rule::LimitTooSmall { min: 1 })
        );
        assert_eq!(
            field_problems(f("short_text", 1001)),
            one("fields[0].max_length", Rule::LimitTooLarge { max: 1000 })
        );
        assert_eq!(
            field_problems(f("long_text", 50_001)),
            one("fields[0].max_length", Rule::LimitTooLarge { max: 50_000 })
        );
        assert_eq!(
            field_problems(f("long_text", -1)),
            one(
                "fields[0].max_length",
                Rule::WrongType {
                    expected: "whole_number"
                }
            )
        );
    }

    #[test]
    fn number_problems() {
        assert_eq!(
            field_problems(json!({"key": "a", "label": "x", "type": "number", "min": 5, "max": 1})),
            one("fields[0].min", Rule::MinAboveMax)
        );
        assert_eq!(
            field_problems(json!({"key": "a", "label": "x", "type": "number", "min": "0"})),
            one("fields[0].min", Rule::WrongType { expected: "number" })
        );
        assert_eq!(
            field_problems(
                json!({"key": "a", "label": "x", "type": "number", "unit": "个".repeat(21)})
            ),
            one("fields[0].unit", Rule::TooLong { max: 20 })
        );
        let def = FormDefinition::parse(&json!({"fields": [
            {"key": "a", "label": "x", "type": "number", "min": -1.5, "max": 2.5}]}))
        .unwrap();
        assert_eq!(def.to_json()["fields"][0]["min"], json!(-1.5));
    }

    #[test]
    fn choice_problems() {
        let single = |options: Value| {
            field_problems(
                json!({"key": "a", "label": "x", "type": "single_choice", "options": options}),
            )
        };
        assert_eq!(
            field_problems(json!({"key": "a", "label": "x", "type": "single_choice"})),
            one("fields[0].options", Rule::Missing)
        );
        assert_eq!(
            single(json!([])),
            one("fields[0].options", Rule::TooFew { min: 1 })
        );
        let many: Vec<String> = (0..101).map(|i| i.to_string()).collect();
        assert_eq!(
            single(json!(many)),
            one("fields[0].options", Rule::TooMany { max: 100 })
        );
        assert_eq!(
            single(json!(["a", " "])),
            one("fields[0].options[1]", Rule::Empty)
        );
        assert_eq!(
            single(json!(["a", " a"])),
            one("fields[0].options[1]", Rule::DuplicateOption)
        );
        assert_eq!(
            single(json!(["a", 1])),
            one(
                "fields[0].options[1]",
                Rule::WrongType { expected: "string" }
            )
        );
        assert_eq!(
            single(json!(["长".repeat(201)])),
            one("fields[0].options[0]", Rule::TooLong { max: 200 })
        );

        let multiple = |min: usize, max: usize| {
            field_problems(json!({"key": "a", "label": "x", "type": "multiple_choice",
                "options": ["a", "b"], "min_choices": min, "max_choices": max}))
        };
        assert_eq!(
            multiple(2, 1),
            one("fields[0].min_choices", Rule::MinAboveMax)
        );
        assert_eq!(
            multiple(1, 3),
            one("fields[0].max_choices", Rule::AboveOptionCount { max: 2 })
        );
        assert_eq!(
            multiple(3, 3),
            vec![
                (
                    "fields[0].min_choices".to_owned(),
                    Rule::AboveOptionCount { max: 2 }
                ),
                (
                    "fields[0].max_choices".to_owned(),
                    Rule::AboveOptionCount { max: 2 }
                )
            ]
        );
    }

    #[test]
    fn files_member_and_record_problems() {
        assert_eq!(
            field_problems(json!({"key": "a", "label": "x", "type": "files", "max_files": 101})),
            one("fields[0].max_files", Rule::LimitTooLarge { max: 100 })
        );
        assert_eq!(
            field_problems(json!({"key": "a", "label": "x", "type": "record_link"})),
            one("fields[0].record_kind", Rule::Missing)
        );
        assert_eq!(
            field_problems(
                json!({"key": "a", "label": "x", "type": "record_link", "record_kind": "会议"})
            ),
            one("fields[0].record_kind", Rule::BadKey)
        );
        assert_eq!(
            field_problems(
                json!({"key": "a", "label": "x", "type": "member_picker", "multiple": 1})
            ),
            one(
                "fields[0].multiple",
                Rule::WrongType {
                    expected: "boolean"
                }
            )
        );
    }

    #[test]
    fn source_problems() {
        let f =
            |t: &str, source: &str| json!({"key": "a", "label": "x", "type": t, "source": source});
        assert_eq!(
            field_problems(f("number", "campaign.nonsense")),
            one("fields[0].source", Rule::UnknownSource)
        );
        assert_eq!(
            field_problems(f("number", "campaign.sessions")),
            one("fields[0].source", Rule::SourceMismatch)
        );
        assert_eq!(
            field_problems(json!({"key": "a", "label": "x", "type": "number", "source": 3})),
            one("fields[0].source", Rule::WrongType { expected: "string" })
        );
        assert_eq!(
            field_problems(json!({"key": "a", "label": "x", "type": "record_link",
                "record_kind": "activity", "multiple": true, "source": "campaign.photos"})),
            one("fields[0].source", Rule::SourceMismatch)
        );
        // A column has no source of its own.
        assert_eq!(
            field_problems(
                json!({"key": "rows", "label": "x", "type": "table", "columns": [
                {"key": "c", "label": "c", "type": "number", "source": "campaign.sessions_held"}]})
            ),
            one("rows.columns[0].source", Rule::UnknownProperty)
        );
        let def = FormDefinition::parse(&json!({"fields": [
            {"key": "n", "label": "次数", "type": "number", "source": "campaign.sessions_held"},
            {"key": "p", "label": "照片", "type": "record_link", "record_kind": "activity_photo",
             "multiple": true, "source": "campaign.photos"}]}))
        .unwrap();
        assert_eq!(
            def.field("n").unwrap().source(),
            Some(crate::form::Source::SessionsHeld)
        );
        let json = def.to_json();
        assert_eq!(json["fields"][1]["source"], json!("campaign.photos"));
        assert_eq!(json["fields"][1]["multiple"], json!(true));
        assert_eq!(FormDefinition::parse(&json).unwrap(), def);
    }

    #[test]
    fn table_problems() {
        let table = |extra: Value, columns: Value| {
            let mut t = json!({"key": "rows", "label": "x", "type": "table", "columns": columns});
            for (k, v) in extra.as_object().unwrap() {
                t[k] = v.clone();
            }
            field_problems(t)
        };
        let col = json!([{"key": "name", "label": "姓名", "type": "short_text"}]);
        assert_eq!(
            table(json!({"max_rows": 1001}), col.clone()),
            one("fields[0].max_rows", Rule::LimitTooLarge { max: 1000 })
        );
        assert_eq!(
            table(json!({"min_rows": 3, "max_rows": 2}), col.clone()),
            one("fields[0].min_rows", Rule::MinAboveMax)
        );
        assert_eq!(
            table(json!({}), json!([])),
            one("rows.columns", Rule::TooFew { min: 1 })
        );
        assert_eq!(
            field_problems(json!({"key": "rows", "label": "x", "type": "table"})),
            one("fields[0].columns", Rule::Missing)
        );
        assert_eq!(
            table(
                json!({}),
                json!([
                    {"key": "name", "label": "姓名", "type": "short_text"},
                    {"key": "name", "label": "学时", "type": "number"}
                ])
            ),
            one("rows.columns[1].key", Rule::DuplicateKey)
        );
        for t in ["table", "files", "member_picker", "record_link"] {
            assert_eq!(
                table(json!({}), json!([{"key": "c", "label": "c", "type": t}])),
                one("rows.columns[0].type", Rule::NotAllowedInTable)
            );
        }
        // A table whose own key is bad names its columns by position.
        assert_eq!(
            field_problems(json!({"key": "Rows", "label": "x", "type": "table",
                "columns": [{"key": "C", "label": "c", "type": "date"}]})),
            vec![
                ("fields[0].key".to_owned(), Rule::BadKey),
                ("fields[0].columns[0].key".to_owned(), Rule::BadKey)
            ]
        );
    }
}
