//! A form definition: the list of fields and their settings, as parsed (see `parse.rs`) and
//! serialised back to the same JSON shape for storage.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::FieldType;
use super::parse::parse_root;
use super::problems::DefinitionProblem;
use super::source::Source;

// Limits of a definition. The caps bound what one answer may store, whatever the form says.
pub(super) const MAX_FIELDS: usize = 100;
pub(super) const MAX_COLUMNS: usize = 50;
pub(super) const MAX_LABEL: usize = 200;
pub(super) const MAX_HELP: usize = 1000;
pub(super) const MAX_UNIT: usize = 20;
pub(super) const SHORT_TEXT_DEFAULT: usize = 200;
pub(super) const SHORT_TEXT_CAP: usize = 1000;
pub(super) const LONG_TEXT_DEFAULT: usize = 5000;
pub(super) const LONG_TEXT_CAP: usize = 50_000;
/// Hard caps on list answers, applied even to drafts and to forms that set no limit.
pub(super) const FILES_CAP: usize = 100;
pub(super) const RECORDS_CAP: usize = 100;
pub(super) const ROWS_CAP: usize = 1000;

/// A checked form definition: 1–100 fields with unique keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormDefinition {
    pub(super) fields: Vec<Field>,
}

/// One field, or one column of a table field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub(super) key: String,
    pub(super) label: String,
    #[serde(skip_serializing_if = "is_false")]
    pub(super) required: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(super) help: String,
    /// Where the answer comes from besides the person (top-level fields only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) source: Option<Source>,
    #[serde(flatten)]
    pub(super) kind: FieldKind,
}

/// A field's type and the settings that go with it. The variants' data is public to read; a
/// [`Field`] holding one can only come from [`FormDefinition::parse`], so it is always checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    ShortText {
        max_length: usize,
    },
    LongText {
        max_length: usize,
    },
    Number {
        #[serde(skip_serializing_if = "String::is_empty")]
        unit: String,
        #[serde(
            skip_serializing_if = "Option::is_none",
            serialize_with = "plain_number"
        )]
        min: Option<f64>,
        #[serde(
            skip_serializing_if = "Option::is_none",
            serialize_with = "plain_number"
        )]
        max: Option<f64>,
        #[serde(skip_serializing_if = "is_false")]
        integer: bool,
    },
    Date,
    SingleChoice {
        options: Vec<String>,
    },
    MultipleChoice {
        options: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        min_choices: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        max_choices: Option<usize>,
    },
    YesNo,
    Files {
        #[serde(skip_serializing_if = "Option::is_none")]
        max_files: Option<usize>,
    },
    Table {
        columns: Vec<Field>,
        #[serde(skip_serializing_if = "Option::is_none")]
        min_rows: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        max_rows: Option<usize>,
    },
    MemberPicker {
        #[serde(skip_serializing_if = "is_false")]
        multiple: bool,
    },
    RecordLink {
        record_kind: String,
        /// Several records (a list of ids), not one.
        #[serde(skip_serializing_if = "is_false")]
        multiple: bool,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Writes `0`, not `0.0`, so stored definitions read as they were typed.
fn plain_number<S: Serializer>(n: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => s.serialize_i64(*n as i64),
        Some(n) => s.serialize_f64(*n),
        None => s.serialize_none(),
    }
}

impl FormDefinition {
    /// Checks a definition as sent by the API or the editor; on failure, every problem found.
    pub fn parse(value: &Value) -> Result<FormDefinition, Vec<DefinitionProblem>> {
        let mut problems = Vec::new();
        let fields = parse_root(value, &mut problems);
        match fields {
            Some(fields) if problems.is_empty() => Ok(FormDefinition { fields }),
            _ => Err(problems),
        }
    }

    /// The definition in the shape `parse` reads, for storage; defaults are left out except
    /// text `max_length`, written out so a later change of default leaves stored forms alone.
    pub fn to_json(&self) -> Value {
        // Only finite numbers and string keys are in here, so serialising cannot fail.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Deserialising goes through [`FormDefinition::parse`], so a stored definition cannot skip
/// the checks.
impl<'de> Deserialize<'de> for FormDefinition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        FormDefinition::parse(&value).map_err(|problems| {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            serde::de::Error::custom(list.join("; "))
        })
    }
}

impl Field {
    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn required(&self) -> bool {
        self.required
    }

    pub fn help(&self) -> &str {
        &self.help
    }

    pub fn kind(&self) -> &FieldKind {
        &self.kind
    }

    /// Where the answer comes from besides the person, if the form says.
    pub fn source(&self) -> Option<Source> {
        self.source
    }

    pub fn field_type(&self) -> FieldType {
        self.kind.field_type()
    }

    /// A table's columns; empty for every other type.
    pub fn columns(&self) -> &[Field] {
        match &self.kind {
            FieldKind::Table { columns, .. } => columns,
            _ => &[],
        }
    }
}

impl FieldKind {
    pub fn field_type(&self) -> FieldType {
        match self {
            FieldKind::ShortText { .. } => FieldType::ShortText,
            FieldKind::LongText { .. } => FieldType::LongText,
            FieldKind::Number { .. } => FieldType::Number,
            FieldKind::Date => FieldType::Date,
            FieldKind::SingleChoice { .. } => FieldType::SingleChoice,
            FieldKind::MultipleChoice { .. } => FieldType::MultipleChoice,
            FieldKind::YesNo => FieldType::YesNo,
            FieldKind::Files { .. } => FieldType::Files,
            FieldKind::Table { .. } => FieldType::Table,
            FieldKind::MemberPicker { .. } => FieldType::MemberPicker,
            FieldKind::RecordLink { .. } => FieldType::RecordLink,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn example() -> Value {
        json!({"fields": [
            {"key": "summary", "label": "学习情况", "type": "long_text", "required": true,
             "help": "写明时间、地点、内容", "max_length": 2000},
            {"key": "title", "label": "标题", "type": "short_text", "max_length": 200},
            {"key": "count", "label": "参加人数", "type": "number", "unit": "人", "min": 0,
             "max": 100000, "integer": true},
            {"key": "held_on", "label": "日期", "type": "date"},
            {"key": "kind", "label": "形式", "type": "single_choice", "options": ["集中学习", "自学"]},
            {"key": "topics", "label": "专题", "type": "multiple_choice", "options": ["a", "b", "c"],
             "min_choices": 1, "max_choices": 2},
            {"key": "done", "label": "是否完成", "type": "yes_no"},
            {"key": "files", "label": "附件", "type": "files", "max_files": 5},
            {"key": "rows", "label": "学习记录", "type": "table", "min_rows": 1, "max_rows": 200,
             "columns": [
                {"key": "name", "label": "姓名", "type": "short_text", "required": true},
                {"key": "hours", "label": "学时", "type": "number", "min": 0}]},
            {"key": "who", "label": "参加人员", "type": "member_picker", "multiple": true},
            {"key": "meeting", "label": "关联会议", "type": "record_link", "record_kind": "meeting"}
        ]})
    }

    #[test]
    fn the_example_parses_and_round_trips() {
        let def = FormDefinition::parse(&example()).unwrap();
        assert_eq!(def.fields().len(), 11);
        let json = def.to_json();
        let again = FormDefinition::parse(&json).unwrap();
        assert_eq!(again, def);
        assert_eq!(again.to_json(), json);
        // Numbers stay as written, and serde goes through parse too.
        assert_eq!(json["fields"][2]["min"], json!(0));
        assert_eq!(json["fields"][2]["type"], json!("number"));
        let via_serde: FormDefinition = serde_json::from_value(json).unwrap();
        assert_eq!(via_serde, def);
    }

    #[test]
    fn defaults_and_accessors() {
        // `max` is not a long_text property, but as null it is let through.
        let def = FormDefinition::parse(&json!({"fields": [
            {"key": "a", "label": " 甲 ", "type": "short_text"},
            {"key": "b", "label": "乙", "type": "long_text", "help": null, "max": null},
        ]}))
        .unwrap();
        let a = def.field("a").unwrap();
        assert_eq!(a.label(), "甲");
        assert!(!a.required());
        assert_eq!(a.help(), "");
        assert_eq!(a.kind(), &FieldKind::ShortText { max_length: 200 });
        assert_eq!(
            def.field("b").unwrap().kind(),
            &FieldKind::LongText { max_length: 5000 }
        );
        assert_eq!(a.field_type(), FieldType::ShortText);
        assert!(a.columns().is_empty());
        assert!(def.field("c").is_none());
        let rows = FormDefinition::parse(&example()).unwrap();
        assert_eq!(rows.field("rows").unwrap().columns().len(), 2);
    }

    #[test]
    fn deserialising_refuses_bad_definitions() {
        let err = serde_json::from_value::<FormDefinition>(json!({"fields": []})).unwrap_err();
        assert!(err.to_string().contains("fields: too_few (1)"), "{err}");
    }
}
