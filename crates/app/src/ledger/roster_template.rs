//! 导入模板: the workbook people fill in to import a roster: the header row, one example row
//! (grey, to be deleted), drop-down lists where only some values are allowed, every column
//! formatted as text so Excel keeps phone numbers and dates as typed; and a second sheet that
//! explains each column and the values it takes.

use super::columns::Field;
use super::labels;
use super::roster_import::MAX_ROWS;
use super::xlsx::{self, Column};
use catalogue::T;
use domain::member::POSITIONS;
use rust_xlsxwriter::{Color, DataValidation, Format, Workbook, Worksheet, XlsxError};

fn width(field: Field) -> f64 {
    match field {
        Field::Org => 34.0,
        Field::Email => 26.0,
        Field::Positions => 20.0,
        Field::Phone => 15.0,
        Field::Gender => 8.0,
        _ => 12.0,
    }
}

/// Whether the column must be filled, and what goes in it.
fn note(field: Field, t: T) -> (&'static str, String) {
    let (required, key) = match field {
        Field::Name => ("ledger.required_yes", "ledger.note_name"),
        Field::Org => ("ledger.required_org", "ledger.note_org"),
        Field::Gender => ("ledger.required_no", "ledger.note_gender"),
        Field::BirthDate => ("ledger.required_no", "ledger.note_birth_date"),
        Field::Phone => ("ledger.required_no", "ledger.note_phone"),
        Field::Email => ("ledger.required_no", "ledger.note_email"),
        Field::MemberType => ("ledger.required_no", "ledger.note_member_type"),
        Field::JoinedParty => ("ledger.required_no", "ledger.note_joined_party"),
        Field::Positions => ("ledger.required_no", "ledger.note_positions"),
    };
    let positions: Vec<&str> = POSITIONS
        .iter()
        .map(|(code, _)| t.s(labels::position_key(code)))
        .collect();
    (
        required,
        t.f(
            key,
            &[("positions", &positions.join(t.s("field.list_joiner")))],
        ),
    )
}

/// The template; `example_org` is the org the example row names (the importer's own).
pub fn workbook(t: T, example_org: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    roster_sheet(book.add_worksheet(), t, example_org)?;
    notes_sheet(book.add_worksheet(), t)?;
    book.save_to_buffer()
}

/// The sheet people fill in: the columns as text, an example row in grey, and drop-down lists
/// where a column takes one of a few values.
fn roster_sheet(sheet: &mut Worksheet, t: T, example_org: &str) -> Result<(), XlsxError> {
    let text = Format::new().set_num_format("@");
    let example = Format::new()
        .set_num_format("@")
        .set_italic()
        .set_font_color(Color::Gray);
    sheet.set_name(t.s("ledger.roster_sheet"))?;
    let columns: Vec<Column> = Field::ALL
        .iter()
        .map(|f| Column::new(t.s(f.label_key()), width(*f)))
        .collect();
    for c in 0..columns.len() as u16 {
        sheet.set_column_format(c, &text)?;
    }
    xlsx::header(sheet, &columns)?;
    let example_row = [
        t.s("ledger.example_name").to_owned(),
        example_org.to_owned(),
        labels::gender(t, "female"),
        "1990-07-01".to_owned(),
        "13800000000".to_owned(),
        "zhang@example.org".to_owned(),
        labels::member_type(t, "full"),
        "2015-07-01".to_owned(),
        t.s(labels::position_key("organization")).to_owned(),
    ];
    for (c, value) in example_row.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, value, &example)?;
    }
    choice_list(sheet, Field::Gender, &["male", "female"], t, labels::gender)?;
    choice_list(
        sheet,
        Field::MemberType,
        &["full", "probationary"],
        t,
        labels::member_type,
    )
}

/// A drop-down of `codes` (shown by `label`) on `field`'s column, for every row a file may have.
fn choice_list(
    sheet: &mut Worksheet,
    field: Field,
    codes: &[&str],
    t: T,
    label: fn(T, &str) -> String,
) -> Result<(), XlsxError> {
    let column = Field::ALL.iter().position(|x| *x == field).unwrap_or(0) as u16;
    let choices: Vec<String> = codes.iter().map(|c| label(t, c)).collect();
    let list = DataValidation::new().allow_list_strings(&choices)?;
    sheet.add_data_validation(1, column, MAX_ROWS as u32, column, &list)?;
    Ok(())
}

/// The sheet that explains each column and the rules of an import.
fn notes_sheet(notes: &mut Worksheet, t: T) -> Result<(), XlsxError> {
    notes.set_name(t.s("ledger.notes_sheet"))?;
    xlsx::header(
        notes,
        &[
            Column::new(t.s("ledger.notes_column"), 14.0),
            Column::new(t.s("ledger.notes_required"), 14.0),
            Column::new(t.s("ledger.notes_explanation"), 90.0),
        ],
    )?;
    let wrap = Format::new().set_text_wrap();
    for (r, field) in Field::ALL.iter().enumerate() {
        let r = r as u32 + 1;
        let (required, explanation) = note(*field, t);
        notes.write_string(r, 0, t.s(field.label_key()))?;
        notes.write_string(r, 1, t.s(required))?;
        notes.write_string_with_format(r, 2, explanation, &wrap)?;
    }
    let general = [
        t.s("ledger.note_header").to_owned(),
        t.s("ledger.note_example").to_owned(),
        t.f("ledger.note_limits", &[("rows", &MAX_ROWS.to_string())]),
        t.s("ledger.note_all_or_nothing").to_owned(),
    ];
    let first = Field::ALL.len() as u32 + 2;
    for (i, line) in general.iter().enumerate() {
        // Unwrapped, a long line runs on across the empty cells beside it.
        notes.write_string(first + i as u32, 0, line)?;
    }
    Ok(())
}
