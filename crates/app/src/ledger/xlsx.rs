//! Writing ledger workbooks the way 党务 staff expect them: a bold shaded header row that stays
//! in view (frozen) with a filter, columns wide enough for Chinese text, phone numbers and dates
//! written as text so Excel never turns 13800138000 into 1.38E+10, and text that looks like a
//! formula written behind an apostrophe ([`guarded`]) so no program ever evaluates it.

pub use super::cell::guarded;
use crate::zone::Zone;
use catalogue::T;
use domain::Timestamp;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// A column: its header and width in Excel's character units (a Chinese character is two).
pub struct Column {
    pub title: String,
    pub width: f64,
}

impl Column {
    pub fn new(title: &str, width: f64) -> Column {
        Column {
            title: title.to_owned(),
            width,
        }
    }

    /// Columns titled by catalogue keys, in the reader's language.
    pub fn titled(t: T, columns: &[(&str, f64)]) -> Vec<Column> {
        columns
            .iter()
            .map(|(k, w)| Column::new(t.s(k), *w))
            .collect()
    }
}

/// A cell to write.
pub enum Value {
    Text(String),
    Number(f64),
    /// Text indented by a level (the org tree).
    Indented(String, u8),
}

impl Value {
    /// A moment as sortable local text (`2026-11-25 17:00`); blank when there is none.
    pub fn when(zone: &Zone, at: Option<Timestamp>) -> Value {
        Value::Text(at.map(|a| zone.sortable(a)).unwrap_or_default())
    }

    /// 是 or 否 in the reader's language: the message of `yes` or of `no`.
    pub fn yes_no(t: T, b: bool, (yes, no): (&str, &str)) -> Value {
        Value::Text(t.s(if b { yes } else { no }).to_owned())
    }
}

pub fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xF2_DC_DB))
        .set_border(FormatBorder::Thin)
}

/// Writes the header row, sets the widths and freezes the row so it stays in view.
pub fn header(sheet: &mut Worksheet, columns: &[Column]) -> Result<(), XlsxError> {
    header_at(sheet, columns, 0)
}

/// [`header`] in row `row` (below a title), frozen with the rows above it.
fn header_at(sheet: &mut Worksheet, columns: &[Column], row: u32) -> Result<(), XlsxError> {
    let format = header_format();
    for (c, column) in columns.iter().enumerate() {
        let c = c as u16;
        // Titles can be people's words: a report form's field labels.
        sheet.write_string_with_format(row, c, guarded(&column.title).as_ref(), &format)?;
        sheet.set_column_width(c, column.width)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    Ok(())
}

/// Writes `rows` under the header, starting at the second row, and puts a filter on the table.
pub fn body(sheet: &mut Worksheet, columns: usize, rows: &[Vec<Value>]) -> Result<(), XlsxError> {
    body_at(sheet, columns, rows, 0)
}

/// [`body`] under a header in row `header_row`.
fn body_at(
    sheet: &mut Worksheet,
    columns: usize,
    rows: &[Vec<Value>],
    header_row: u32,
) -> Result<(), XlsxError> {
    let mut indents: Vec<Format> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + header_row + 1;
        for (c, value) in row.iter().enumerate() {
            let c = c as u16;
            match value {
                Value::Text(s) if s.is_empty() => {}
                Value::Text(s) => {
                    sheet.write_string(r, c, guarded(s).as_ref())?;
                }
                Value::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Value::Indented(s, level) => {
                    let level = usize::from(*level).min(15);
                    while indents.len() <= level {
                        indents.push(Format::new().set_indent(indents.len() as u8));
                    }
                    sheet.write_string_with_format(r, c, guarded(s).as_ref(), &indents[level])?;
                }
            }
        }
    }
    if columns > 0 {
        sheet.autofilter(
            header_row,
            0,
            header_row + rows.len() as u32,
            columns as u16 - 1,
        )?;
    }
    Ok(())
}

/// A workbook of one sheet holding one table.
pub fn table(
    sheet_name: &str,
    columns: &[Column],
    rows: &[Vec<Value>],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    header(sheet, columns)?;
    body(sheet, columns.len(), rows)?;
    book.save_to_buffer()
}

/// A workbook of one sheet holding one table under a title row (what the ledger is of, with
/// its counts) that spans the table.
pub fn titled_table(
    sheet_name: &str,
    title: &str,
    columns: &[Column],
    rows: &[Vec<Value>],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    titled_sheet(&mut book, sheet_name, title, columns, rows)?;
    book.save_to_buffer()
}

/// Adds a sheet to `book` holding one table under a title row that spans it (for workbooks of
/// several sheets).
pub fn titled_sheet(
    book: &mut Workbook,
    sheet_name: &str,
    title: &str,
    columns: &[Column],
    rows: &[Vec<Value>],
) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    let title_format = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Left);
    let last = columns.len().max(1) as u16 - 1;
    let title = guarded(title);
    if last > 0 {
        sheet.merge_range(0, 0, 0, last, title.as_ref(), &title_format)?;
    } else {
        sheet.write_string_with_format(0, 0, title.as_ref(), &title_format)?;
    }
    sheet.set_row_height(0, 24)?;
    header_at(sheet, columns, 1)?;
    body_at(sheet, columns.len(), rows, 1)?;
    Ok(())
}
