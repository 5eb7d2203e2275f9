//! One answer (or one table cell) checked against its field and normalised to the JSON that is
//! stored. HTML forms send everything as strings, so numbers, yes/no and ids are also read
//! from strings; what is stored is always the plain JSON type.

use serde_json::{Map, Value, json};

use super::answers::Mode;
use super::definition::{FILES_CAP, Field, FieldKind, RECORDS_CAP};
use super::problems::AnswerRule;
use crate::member::PlainDate;

/// File names are the uploader's; bounded like any stored text.
const MAX_FILE_NAME: usize = 255;

/// The normalised value, `None` when the answer is empty (absent, null, blank text, empty
/// list), or the first rule it breaks. Tables are checked by the caller, cell by cell.
pub(super) fn check_value(
    field: &Field,
    value: &Value,
    mode: Mode,
) -> Result<Option<Value>, AnswerRule> {
    if is_blank(value) {
        return Ok(None);
    }
    let submit = mode == Mode::Submit;
    match field.kind() {
        FieldKind::ShortText { max_length } => text(value, *max_length, false).map(Some),
        FieldKind::LongText { max_length } => text(value, *max_length, true).map(Some),
        FieldKind::Number {
            min, max, integer, ..
        } => {
            let n = number(value)?;
            if submit {
                number_within(n, *integer, *min, *max)?;
            }
            Ok(Some(number_json(n)))
        }
        FieldKind::Date => date(value).map(Some),
        FieldKind::SingleChoice { options } => {
            let s = value.as_str().ok_or(AnswerRule::WrongType)?.trim();
            if options.iter().any(|o| o == s) {
                Ok(Some(json!(s)))
            } else {
                Err(AnswerRule::NotAnOption)
            }
        }
        FieldKind::MultipleChoice {
            options,
            min_choices,
            max_choices,
        } => {
            let chosen = choices(value, options)?;
            if submit {
                choice_count_within(chosen.len(), *min_choices, *max_choices)?;
            }
            Ok(non_empty_list(chosen.into_iter().map(|c| json!(c))))
        }
        FieldKind::YesNo => yes_no(value).map(|b| Some(json!(b))),
        FieldKind::Files { max_files } => {
            let files = files(value)?;
            // Drafts are held only to the hard cap: a person may upload first and prune later.
            let max = match mode {
                Mode::Submit => max_files.unwrap_or(FILES_CAP),
                Mode::Draft => FILES_CAP,
            };
            if files.len() > max {
                return Err(AnswerRule::TooManyFiles { max });
            }
            Ok(non_empty_list(files))
        }
        FieldKind::MemberPicker { multiple: true } => Ok(non_empty_list(
            member_ids(value)?.into_iter().map(|i| json!(i)),
        )),
        FieldKind::RecordLink { multiple: true, .. } => {
            // In id order, so the same records always store the same way, however a page
            // listed them.
            let mut ids = member_ids(value)?;
            ids.sort_unstable();
            if ids.len() > RECORDS_CAP {
                return Err(AnswerRule::TooManyRecords { max: RECORDS_CAP });
            }
            Ok(non_empty_list(ids.into_iter().map(|i| json!(i))))
        }
        FieldKind::MemberPicker { multiple: false } | FieldKind::RecordLink { .. } => {
            id(value).map(|i| Some(json!(i)))
        }
        FieldKind::Table { .. } => Err(AnswerRule::WrongType),
    }
}

/// On submit, a number must be whole when the field says so, and within its bounds.
fn number_within(
    n: f64,
    integer: bool,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<(), AnswerRule> {
    if integer && n.fract() != 0.0 {
        return Err(AnswerRule::NotAnInteger);
    }
    if let Some(min) = min.filter(|m| n < *m) {
        return Err(AnswerRule::BelowMin { min });
    }
    if let Some(max) = max.filter(|m| n > *m) {
        return Err(AnswerRule::AboveMax { max });
    }
    Ok(())
}

/// On submit, as many choices as the field asks for.
fn choice_count_within(
    chosen: usize,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), AnswerRule> {
    if let Some(min) = min.filter(|m| chosen < *m) {
        return Err(AnswerRule::TooFewChoices { min });
    }
    if let Some(max) = max.filter(|m| chosen > *m) {
        return Err(AnswerRule::TooManyChoices { max });
    }
    Ok(())
}

/// The ids a multiple member picker or record link names (one or a list), each once, blanks
/// skipped.
fn member_ids(value: &Value) -> Result<Vec<i64>, AnswerRule> {
    let items = match value {
        Value::Array(items) => items.as_slice(),
        single => std::slice::from_ref(single),
    };
    let mut ids: Vec<i64> = Vec::new();
    for item in items.iter().filter(|v| !is_blank(v)) {
        let id = id(item)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Absent, null, whitespace-only text or an empty list: what `required` refuses.
pub(super) fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.iter().all(is_blank),
        _ => false,
    }
}

fn non_empty_list(items: impl IntoIterator<Item = Value>) -> Option<Value> {
    let items: Vec<Value> = items.into_iter().collect();
    (!items.is_empty()).then_some(Value::Array(items))
}

/// Text with line ends made `\n` (textareas send `\r\n`). Short text is trimmed; long text
/// keeps its leading spaces, since Chinese paragraphs are indented with two full-width spaces.
fn text(value: &Value, max: usize, long: bool) -> Result<Value, AnswerRule> {
    let raw = value.as_str().ok_or(AnswerRule::WrongType)?;
    let s = raw.replace("\r\n", "\n").replace('\r', "\n");
    let s = if long {
        s.trim_end().trim_start_matches('\n')
    } else {
        s.trim()
    };
    // Counted in characters, as people count them (one 汉字 is one).
    if s.chars().count() > max {
        return Err(AnswerRule::TooLong { max });
    }
    // Checked in drafts too: a NUL byte cannot be stored in a PostgreSQL text or jsonb value.
    let allowed = |c: char| long && (c == '\n' || c == '\t');
    if s.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(AnswerRule::ControlCharacters);
    }
    Ok(json!(s))
}

/// A JSON number, or a string such as `"12"`, `" 3 "`, `"-0.5"`. Only plain decimal notation is
/// read from strings: `"1e3"`, `"inf"` and `"0x10"` are not what a person types as a count.
fn number(value: &Value) -> Result<f64, AnswerRule> {
    match value {
        Value::Number(n) => n.as_f64().ok_or(AnswerRule::NotANumber),
        Value::String(s) => {
            let s = s.trim();
            let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
            let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
            let plain = !whole.is_empty()
                && whole.chars().all(|c| c.is_ascii_digit())
                && frac.chars().all(|c| c.is_ascii_digit())
                && !(digits.ends_with('.'));
            match s.parse::<f64>() {
                Ok(n) if plain && n.is_finite() => Ok(n),
                _ => Err(AnswerRule::NotANumber),
            }
        }
        _ => Err(AnswerRule::WrongType),
    }
}

/// Whole numbers are stored as JSON integers, so `"12"`, `12` and `12.0` all store as `12`.
pub(super) fn number_json(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

/// Exactly YYYY-MM-DD and a real day (no 2026-02-30); the browser's date input sends this.
fn date(value: &Value) -> Result<Value, AnswerRule> {
    let s = value.as_str().ok_or(AnswerRule::WrongType)?.trim();
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(AnswerRule::NotADate);
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    PlainDate::new(n(0..4) as i32, n(5..7), n(8..10))
        .map(|d| json!(d.to_string()))
        .map_err(|_| AnswerRule::NotADate)
}

/// The chosen options, in the form's order and without repeats, so that the same choice
/// always stores the same way. A single string counts as one choice.
fn choices<'o>(value: &Value, options: &'o [String]) -> Result<Vec<&'o str>, AnswerRule> {
    let items = match value {
        Value::Array(items) => items.as_slice(),
        Value::String(_) => std::slice::from_ref(value),
        _ => return Err(AnswerRule::WrongType),
    };
    let mut picked = vec![false; options.len()];
    for item in items.iter().filter(|v| !is_blank(v)) {
        let s = item.as_str().ok_or(AnswerRule::WrongType)?.trim();
        let i = options
            .iter()
            .position(|o| o == s)
            .ok_or(AnswerRule::NotAnOption)?;
        picked[i] = true;
    }
    Ok(options
        .iter()
        .zip(picked)
        .filter_map(|(o, p)| p.then_some(o.as_str()))
        .collect())
}

fn yes_no(value: &Value) -> Result<bool, AnswerRule> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) => match n.as_i64() {
            Some(1) => Ok(true),
            Some(0) => Ok(false),
            _ => Err(AnswerRule::WrongType),
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "on" => Ok(true),
            "false" | "no" | "0" | "off" => Ok(false),
            _ => Err(AnswerRule::WrongType),
        },
        _ => Err(AnswerRule::WrongType),
    }
}

/// A record id: a positive integer, or a string of digits.
pub(super) fn id(value: &Value) -> Result<i64, AnswerRule> {
    let n = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => {
            let s = s.trim();
            s.chars()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())
                .flatten()
        }
        _ => None,
    };
    n.filter(|n| *n > 0).ok_or(AnswerRule::WrongType)
}

/// Uploaded files as `{"id": 12, "name": "x.pdf"}` (name optional), or bare ids; without
/// repeats. Other properties are dropped: the file table, not the answer, is the truth.
fn files(value: &Value) -> Result<Vec<Value>, AnswerRule> {
    let items = match value {
        Value::Array(items) => items.as_slice(),
        single => std::slice::from_ref(single),
    };
    let mut seen = Vec::new();
    let mut files = Vec::new();
    for item in items.iter().filter(|v| !is_blank(v)) {
        let (file_id, name) = match item {
            Value::Object(o) => (
                id(o.get("id").unwrap_or(&Value::Null))?,
                o.get("name").filter(|n| !n.is_null()),
            ),
            other => (id(other)?, None),
        };
        if seen.contains(&file_id) {
            continue;
        }
        seen.push(file_id);
        let mut file = Map::new();
        file.insert("id".into(), json!(file_id));
        if let Some(name) = name {
            let name = text(name, MAX_FILE_NAME, false)?;
            if name.as_str().is_some_and(|n| !n.is_empty()) {
                file.insert("name".into(), name);
            }
        }
        files.push(Value::Object(file));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_strings() {
        assert_eq!(number(&json!("12")), Ok(12.0));
        assert_eq!(number(&json!(" 3 ")), Ok(3.0));
        assert_eq!(number(&json!("12.5")), Ok(12.5));
        assert_eq!(number(&json!("-0.5")), Ok(-0.5));
        assert_eq!(number(&json!(7)), Ok(7.0));
        for bad in [
            "1e3", "inf", "NaN", "0x10", "1,000", "12.", ".5", "-", "十二",
        ] {
            assert_eq!(number(&json!(bad)), Err(AnswerRule::NotANumber), "{bad}");
        }
        assert_eq!(number(&json!(true)), Err(AnswerRule::WrongType));
        assert_eq!(number_json(12.0), json!(12));
        assert_eq!(number_json(12.5), json!(12.5));
    }

    #[test]
    fn dates_are_real_days() {
        assert_eq!(date(&json!(" 2026-03-05 ")), Ok(json!("2026-03-05")));
        assert_eq!(date(&json!("2024-02-29")), Ok(json!("2024-02-29")));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-3-5",
            "2026/03/05",
            "2026年3月5日",
        ] {
            assert_eq!(date(&json!(bad)), Err(AnswerRule::NotADate), "{bad}");
        }
        assert_eq!(date(&json!(20260305)), Err(AnswerRule::WrongType));
    }

    #[test]
    fn yes_no_words() {
        for t in [json!(true), json!("yes"), json!("On"), json!("1"), json!(1)] {
            assert_eq!(yes_no(&t), Ok(true), "{t}");
        }
        for f in [
            json!(false),
            json!("no"),
            json!("FALSE"),
            json!("0"),
            json!(0),
        ] {
            assert_eq!(yes_no(&f), Ok(false), "{f}");
        }
        assert_eq!(yes_no(&json!("maybe")), Err(AnswerRule::WrongType));
    }

    #[test]
    fn ids_and_files() {
        assert_eq!(id(&json!(12)), Ok(12));
        assert_eq!(id(&json!(" 12 ")), Ok(12));
        for bad in [json!(0), json!(-3), json!("1.5"), json!("x"), json!(1.5)] {
            assert_eq!(id(&bad), Err(AnswerRule::WrongType), "{bad}");
        }
        assert_eq!(
            files(&json!([{"id": "3", "name": "a.pdf", "size": 9}, 4, {"id": 3}])),
            Ok(vec![json!({"id": 3, "name": "a.pdf"}), json!({"id": 4})])
        );
        assert_eq!(files(&json!([{"name": "a"}])), Err(AnswerRule::WrongType));
    }

    #[test]
    fn text_normalises_line_ends_and_keeps_indentation() {
        assert_eq!(
            text(&json!("\r\n　　第一段\r\n第二段 \n"), 100, true),
            Ok(json!("　　第一段\n第二段"))
        );
        assert_eq!(text(&json!("  标题 "), 100, false), Ok(json!("标题")));
        assert_eq!(
            text(&json!("a\tb"), 100, false),
            Err(AnswerRule::ControlCharacters)
        );
        assert_eq!(text(&json!("a\tb"), 100, true), Ok(json!("a\tb")));
        assert_eq!(
            text(&json!("a\u{0}b"), 100, true),
            Err(AnswerRule::ControlCharacters)
        );
        assert_eq!(
            text(&json!("一二三"), 2, false),
            Err(AnswerRule::TooLong { max: 2 })
        );
    }
}
