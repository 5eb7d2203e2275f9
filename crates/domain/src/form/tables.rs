//! A table field's answer: a list of rows, each an object keyed by column key, every cell
//! checked like a field of its own. Rows with nothing in them are dropped (forms often send a
//! trailing blank row); problems keep the row number as sent, so it matches what the person
//! sees.

use serde_json::{Map, Value};

use super::answers::{Mode, empty_rule};
use super::definition::{Field, FieldKind, ROWS_CAP};
use super::problems::{AnswerProblem, AnswerRule};
use super::values::{check_value, is_blank};

/// The table's kept rows, or `None` with its problems pushed (or when it has no rows).
pub(super) fn check_table(
    field: &Field,
    value: &Value,
    mode: Mode,
    problems: &mut Vec<AnswerProblem>,
) -> Option<Value> {
    let FieldKind::Table {
        columns,
        min_rows,
        max_rows,
    } = field.kind()
    else {
        return None;
    };
    let rows = match value {
        Value::Null => &[][..],
        Value::Array(rows) => rows.as_slice(),
        _ => {
            problems.push(problem(field, AnswerRule::WrongType, None, None));
            return None;
        }
    };
    // Checked before the cells, so an absurd table costs one problem, not thousands.
    let max = match mode {
        Mode::Submit => max_rows.unwrap_or(ROWS_CAP),
        Mode::Draft => ROWS_CAP,
    };
    if rows.len() > ROWS_CAP {
        problems.push(problem(field, AnswerRule::TooManyRows { max }, None, None));
        return None;
    }
    let before = problems.len();
    let mut kept = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let n = i + 1;
        let cells = match row {
            Value::Object(cells) => cells,
            Value::Null => continue,
            _ => {
                problems.push(problem(field, AnswerRule::WrongType, Some(n), None));
                continue;
            }
        };
        if columns
            .iter()
            .all(|c| is_blank(cells.get(c.key()).unwrap_or(&Value::Null)))
        {
            continue;
        }
        kept.push(check_row(field, columns, cells, n, mode, problems));
    }
    if mode == Mode::Submit
        && let Some(rule) = row_count_rule(field, *min_rows, kept.len(), mode)
    {
        problems.push(problem(field, rule, None, None));
    }
    if kept.len() > max {
        problems.push(problem(field, AnswerRule::TooManyRows { max }, None, None));
    }
    (problems.len() == before && !kept.is_empty()).then_some(Value::Array(kept))
}

/// A problem of the table, of its row `row` (counted from 1), or of one cell of that row.
fn problem(
    field: &Field,
    rule: AnswerRule,
    row: Option<usize>,
    column: Option<&Field>,
) -> AnswerProblem {
    AnswerProblem {
        path: match (row, column) {
            (Some(r), Some(c)) => format!("{}[{r}].{}", field.key(), c.key()),
            (Some(r), None) => format!("{}[{r}]", field.key()),
            _ => field.key().to_owned(),
        },
        label: field.label().to_owned(),
        column_label: column.map(|c| c.label().to_owned()),
        row,
        rule,
    }
}

/// Row `n`'s cells checked column by column: the values kept, the problems pushed.
fn check_row(
    field: &Field,
    columns: &[Field],
    cells: &Map<String, Value>,
    n: usize,
    mode: Mode,
    problems: &mut Vec<AnswerProblem>,
) -> Value {
    let mut out = Map::new();
    for column in columns {
        let cell = cells.get(column.key()).unwrap_or(&Value::Null);
        match check_value(column, cell, mode) {
            Ok(Some(v)) => {
                out.insert(column.key().to_owned(), v);
            }
            Ok(None) => {
                if let Some(rule) = empty_rule(column, mode) {
                    problems.push(problem(field, rule, Some(n), Some(column)));
                }
            }
            Err(rule) => problems.push(problem(field, rule, Some(n), Some(column))),
        }
    }
    Value::Object(out)
}

/// On submit: a required table left empty, or fewer rows than it asks for.
fn row_count_rule(
    field: &Field,
    min_rows: Option<usize>,
    kept: usize,
    mode: Mode,
) -> Option<AnswerRule> {
    if kept == 0 {
        empty_rule(field, mode)
    } else if min_rows.is_some_and(|m| kept < m) {
        Some(AnswerRule::TooFewRows {
            min: min_rows.unwrap_or(0),
        })
    } else {
        None
    }
}
