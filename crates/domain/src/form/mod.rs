//! 表单: the fields a report (报送) asks for, and the answers given to them.
//!
//! A [`FormDefinition`] arrives as JSON (from the API or the on-page editor) and becomes a value
//! only through [`FormDefinition::parse`], which names every problem with its path. Answers arrive
//! as a JSON object keyed by field key and become [`Answers`] only through
//! [`FormDefinition::check`]: normalised (numeric strings become numbers, `"on"` becomes `true`,
//! unknown keys are dropped, empty values are left out) so stored answers compare and diff simply.
//!
//! [`Mode::Draft`] lets a half-filled report be saved: it refuses only values that could never be
//! right (wrong JSON type, not a number, not a date, not an option) and anything that would bloat
//! storage (text too long, more rows or files than the hard caps). [`Mode::Submit`] adds the
//! completeness rules: required fields, ranges, choice and row counts, the form's own limits.
//! A minimum count (`min_choices`, `min_rows`) asks for an answer even on a field not marked
//! required: a form that wants "at least one row" wants a row.

mod answers;
mod definition;
mod diff;
mod parse;
mod problems;
mod props;
mod source;
mod tables;
mod values;

pub use answers::{Answers, Mode, References};
pub use definition::{Field, FieldKind, FormDefinition};
pub use diff::{Change, diff, render_value};
pub use problems::{AnswerProblem, AnswerRule, DefinitionProblem, DefinitionRule};
pub use source::{RecordKind, Source};

use serde::Serialize;

/// The type of a field without its settings, for code that only needs to branch on it (the web
/// layer presenting yes/no answers or member ids in a [`Change`], say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    ShortText,
    LongText,
    Number,
    Date,
    SingleChoice,
    MultipleChoice,
    YesNo,
    Files,
    Table,
    MemberPicker,
    RecordLink,
}

impl FieldType {
    pub const ALL: [FieldType; 11] = [
        FieldType::ShortText,
        FieldType::LongText,
        FieldType::Number,
        FieldType::Date,
        FieldType::SingleChoice,
        FieldType::MultipleChoice,
        FieldType::YesNo,
        FieldType::Files,
        FieldType::Table,
        FieldType::MemberPicker,
        FieldType::RecordLink,
    ];

    /// The `"type"` string of the definition JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::ShortText => "short_text",
            FieldType::LongText => "long_text",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::SingleChoice => "single_choice",
            FieldType::MultipleChoice => "multiple_choice",
            FieldType::YesNo => "yes_no",
            FieldType::Files => "files",
            FieldType::Table => "table",
            FieldType::MemberPicker => "member_picker",
            FieldType::RecordLink => "record_link",
        }
    }

    pub fn parse(input: &str) -> Option<FieldType> {
        FieldType::ALL.into_iter().find(|t| t.as_str() == input)
    }

    /// Tables stay flat, and a cell cannot hold something the web layer must look up (files,
    /// members, records): references are then only ever found at the top level.
    pub fn allowed_in_table(self) -> bool {
        !matches!(
            self,
            FieldType::Table | FieldType::Files | FieldType::MemberPicker | FieldType::RecordLink
        )
    }
}

/// A number as people write it: `12`, not `12.0`; `12.5` stays `12.5`.
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Field and column keys, and record kinds: `^[a-z][a-z0-9_]{0,39}$`. Kept to what is safe as
/// an HTML name, a JSON key and a CSS class alike.
pub(crate) fn is_key(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && s.len() <= 40
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_without_a_trailing_zero() {
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(-3.0), "-3");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(format_number(0.0), "0");
    }

    #[test]
    fn keys_follow_the_pattern() {
        assert!(is_key("a"));
        assert!(is_key("held_on2"));
        assert!(is_key(&"a".repeat(40)));
        assert!(!is_key(&"a".repeat(41)));
        assert!(!is_key(""));
        assert!(!is_key("2a"));
        assert!(!is_key("_a"));
        assert!(!is_key("Title"));
        assert!(!is_key("a-b"));
        assert!(!is_key("学习"));
    }

    #[test]
    fn field_types_round_trip_their_names() {
        for t in FieldType::ALL {
            assert_eq!(FieldType::parse(t.as_str()), Some(t));
        }
        assert_eq!(FieldType::parse("rich_text"), None);
    }
}
