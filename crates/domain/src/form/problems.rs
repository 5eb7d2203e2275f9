//! What can be wrong with a form definition or with answers to it. Each rule has a stable
//! snake_case `code()` (for API clients and the on-page editor) and a `message_key()` into the
//! message catalogue; `param()` gives the one number or word the message needs, if any.

use crate::problem::Problem;
use std::fmt;

use super::format_number;

/// A problem in a form definition, at a JSON-ish path such as `fields[2].options` or
/// `rows.columns[1].key` (indices 0-based, as in the JSON the editor sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionProblem {
    pub path: String,
    pub rule: DefinitionRule,
}

impl fmt::Display for DefinitionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.rule.code())?;
        match self.rule.param() {
            Some(p) => write!(f, " ({p})"),
            None => Ok(()),
        }
    }
}

/// The rule a definition broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefinitionRule {
    /// The JSON value has the wrong type; `expected` is `object`, `list`, `string`, `boolean`,
    /// `number` or `whole_number`.
    WrongType {
        expected: &'static str,
    },
    /// A property every field (or this type) needs is absent: key, label, type, options…
    Missing,
    /// A property this field type does not have — usually a typo such as `max_lenght`, which
    /// would otherwise be ignored without a word.
    UnknownProperty,
    /// A label, option or record kind that is blank.
    Empty,
    /// Text longer than `max` characters.
    TooLong {
        max: usize,
    },
    /// A key (or record kind) not matching `^[a-z][a-z0-9_]{0,39}$`.
    BadKey,
    DuplicateKey,
    UnknownType,
    /// Tables hold only plain values: no tables, files, members or records in a column.
    NotAllowedInTable,
    /// Fewer than `min` fields, options or columns.
    TooFew {
        min: usize,
    },
    /// More than `max` fields, options or columns.
    TooMany {
        max: usize,
    },
    DuplicateOption,
    /// A lower bound above its upper bound (min/max, min_choices/max_choices, min_rows/max_rows).
    MinAboveMax,
    /// min_choices or max_choices above the number of options (`max`).
    AboveOptionCount {
        max: usize,
    },
    /// A limit (max_length, max_rows…) below `min`.
    LimitTooSmall {
        min: usize,
    },
    /// A limit (max_length, max_files, max_rows…) above what the platform allows (`max`).
    LimitTooLarge {
        max: usize,
    },
    /// A `source` not in the fixed list.
    UnknownSource,
    /// A `source` whose figure the field's type cannot hold (a table of sessions in a number).
    SourceMismatch,
}

impl DefinitionRule {
    pub fn param(self) -> Option<String> {
        match self {
            DefinitionRule::WrongType { expected } => Some(expected.to_owned()),
            DefinitionRule::TooLong { max }
            | DefinitionRule::TooMany { max }
            | DefinitionRule::AboveOptionCount { max }
            | DefinitionRule::LimitTooLarge { max } => Some(max.to_string()),
            DefinitionRule::TooFew { min } | DefinitionRule::LimitTooSmall { min } => {
                Some(min.to_string())
            }
            _ => None,
        }
    }
}

impl Problem for DefinitionRule {
    fn code(&self) -> &'static str {
        match self {
            DefinitionRule::WrongType { .. } => "wrong_type",
            DefinitionRule::Missing => "missing",
            DefinitionRule::UnknownProperty => "unknown_property",
            DefinitionRule::Empty => "empty",
            DefinitionRule::TooLong { .. } => "too_long",
            DefinitionRule::BadKey => "bad_key",
            DefinitionRule::DuplicateKey => "duplicate_key",
            DefinitionRule::UnknownType => "unknown_type",
            DefinitionRule::NotAllowedInTable => "not_allowed_in_table",
            DefinitionRule::TooFew { .. } => "too_few",
            DefinitionRule::TooMany { .. } => "too_many",
            DefinitionRule::DuplicateOption => "duplicate_option",
            DefinitionRule::MinAboveMax => "min_above_max",
            DefinitionRule::AboveOptionCount { .. } => "above_option_count",
            DefinitionRule::LimitTooSmall { .. } => "limit_too_small",
            DefinitionRule::LimitTooLarge { .. } => "limit_too_large",
            DefinitionRule::UnknownSource => "unknown_source",
            DefinitionRule::SourceMismatch => "source_mismatch",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            DefinitionRule::WrongType { .. } => "form.definition.wrong_type",
            DefinitionRule::Missing => "form.definition.missing",
            DefinitionRule::UnknownProperty => "form.definition.unknown_property",
            DefinitionRule::Empty => "form.definition.empty",
            DefinitionRule::TooLong { .. } => "form.definition.too_long",
            DefinitionRule::BadKey => "form.definition.bad_key",
            DefinitionRule::DuplicateKey => "form.definition.duplicate_key",
            DefinitionRule::UnknownType => "form.definition.unknown_type",
            DefinitionRule::NotAllowedInTable => "form.definition.not_allowed_in_table",
            DefinitionRule::TooFew { .. } => "form.definition.too_few",
            DefinitionRule::TooMany { .. } => "form.definition.too_many",
            DefinitionRule::DuplicateOption => "form.definition.duplicate_option",
            DefinitionRule::MinAboveMax => "form.definition.min_above_max",
            DefinitionRule::AboveOptionCount { .. } => "form.definition.above_option_count",
            DefinitionRule::LimitTooSmall { .. } => "form.definition.limit_too_small",
            DefinitionRule::LimitTooLarge { .. } => "form.definition.limit_too_large",
            DefinitionRule::UnknownSource => "form.definition.unknown_source",
            DefinitionRule::SourceMismatch => "form.definition.source_mismatch",
        }
    }
}

/// A problem with one answer. `path` is `count`, or `rows[3].hours` inside a table; the row is
/// counted from 1 because people read it ("第3行"), unlike definition paths.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerProblem {
    pub path: String,
    /// The field's label.
    pub label: String,
    /// The column's label, for a problem in a table cell.
    pub column_label: Option<String>,
    /// The 1-based row, for a problem in (or with) a table row.
    pub row: Option<usize>,
    pub rule: AnswerRule,
}

/// The rule an answer broke.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AnswerRule {
    Required,
    /// More than `max` characters.
    TooLong {
        max: usize,
    },
    NotANumber,
    NotAnInteger,
    BelowMin {
        min: f64,
    },
    AboveMax {
        max: f64,
    },
    /// Not a real calendar date written YYYY-MM-DD.
    NotADate,
    NotAnOption,
    TooFewChoices {
        min: usize,
    },
    TooManyChoices {
        max: usize,
    },
    TooManyFiles {
        max: usize,
    },
    TooFewRows {
        min: usize,
    },
    TooManyRows {
        max: usize,
    },
    /// More than `max` records linked.
    TooManyRecords {
        max: usize,
    },
    /// A JSON value of the wrong type: a list for a number, an object for a text…
    WrongType,
    /// Control characters in text (only `\n` and `\t` are allowed, and only in long text).
    ControlCharacters,
    /// A member, file or record that is not the reporting org's own (checked by the web layer,
    /// which can see the roster and the uploads).
    UnknownReference,
}

impl AnswerRule {
    /// The limit the message needs, printed as people write numbers (`100`, not `100.0`).
    pub fn param(self) -> Option<String> {
        match self {
            AnswerRule::TooLong { max }
            | AnswerRule::TooManyChoices { max }
            | AnswerRule::TooManyFiles { max }
            | AnswerRule::TooManyRows { max }
            | AnswerRule::TooManyRecords { max } => Some(max.to_string()),
            AnswerRule::TooFewChoices { min } | AnswerRule::TooFewRows { min } => {
                Some(min.to_string())
            }
            AnswerRule::BelowMin { min } => Some(format_number(min)),
            AnswerRule::AboveMax { max } => Some(format_number(max)),
            _ => None,
        }
    }
}

impl Problem for AnswerRule {
    fn code(&self) -> &'static str {
        match self {
            AnswerRule::Required => "required",
            AnswerRule::TooLong { .. } => "too_long",
            AnswerRule::NotANumber => "not_a_number",
            AnswerRule::NotAnInteger => "not_an_integer",
            AnswerRule::BelowMin { .. } => "below_min",
            AnswerRule::AboveMax { .. } => "above_max",
            AnswerRule::NotADate => "not_a_date",
            AnswerRule::NotAnOption => "not_an_option",
            AnswerRule::TooFewChoices { .. } => "too_few_choices",
            AnswerRule::TooManyChoices { .. } => "too_many_choices",
            AnswerRule::TooManyFiles { .. } => "too_many_files",
            AnswerRule::TooFewRows { .. } => "too_few_rows",
            AnswerRule::TooManyRows { .. } => "too_many_rows",
            AnswerRule::TooManyRecords { .. } => "too_many_records",
            AnswerRule::WrongType => "wrong_type",
            AnswerRule::ControlCharacters => "control_characters",
            AnswerRule::UnknownReference => "unknown_reference",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            AnswerRule::Required => "form.answer.required",
            AnswerRule::TooLong { .. } => "form.answer.too_long",
            AnswerRule::NotANumber => "form.answer.not_a_number",
            AnswerRule::NotAnInteger => "form.answer.not_an_integer",
            AnswerRule::BelowMin { .. } => "form.answer.below_min",
            AnswerRule::AboveMax { .. } => "form.answer.above_max",
            AnswerRule::NotADate => "form.answer.not_a_date",
            AnswerRule::NotAnOption => "form.answer.not_an_option",
            AnswerRule::TooFewChoices { .. } => "form.answer.too_few_choices",
            AnswerRule::TooManyChoices { .. } => "form.answer.too_many_choices",
            AnswerRule::TooManyFiles { .. } => "form.answer.too_many_files",
            AnswerRule::TooFewRows { .. } => "form.answer.too_few_rows",
            AnswerRule::TooManyRows { .. } => "form.answer.too_many_rows",
            AnswerRule::TooManyRecords { .. } => "form.answer.too_many_records",
            AnswerRule::WrongType => "form.answer.wrong_type",
            AnswerRule::ControlCharacters => "form.answer.control_characters",
            AnswerRule::UnknownReference => "form.answer.unknown_reference",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definition_rules_have_codes_keys_and_params() {
        let r = DefinitionRule::DuplicateKey;
        assert_eq!(r.code(), "duplicate_key");
        assert_eq!(r.message_key(), "form.definition.duplicate_key");
        assert_eq!(r.param(), None);
        assert_eq!(
            DefinitionRule::LimitTooLarge { max: 1000 }
                .param()
                .as_deref(),
            Some("1000")
        );
        let p = DefinitionProblem {
            path: "fields[2].label".into(),
            rule: DefinitionRule::TooLong { max: 200 },
        };
        assert_eq!(p.to_string(), "fields[2].label: too_long (200)");
    }

    #[test]
    fn answer_rules_have_codes_keys_and_params() {
        assert_eq!(AnswerRule::NotAnOption.code(), "not_an_option");
        assert_eq!(
            AnswerRule::TooFewRows { min: 1 }.message_key(),
            "form.answer.too_few_rows"
        );
        assert_eq!(
            AnswerRule::AboveMax { max: 100000.0 }.param().as_deref(),
            Some("100000")
        );
        assert_eq!(
            AnswerRule::BelowMin { min: 0.5 }.param().as_deref(),
            Some("0.5")
        );
        assert_eq!(AnswerRule::Required.param(), None);
    }
}
