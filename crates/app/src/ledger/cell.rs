//! One spreadsheet cell as an import reads it, whichever file it came from.
//!
//! Excel keeps what people typed in several shapes: a phone number typed into a General cell is
//! a number (13800138000.0), a date typed as 2022/8/5 is a day count with a date format, a date
//! in a cell that lost its format is a bare day count (44778). The conversions here give each
//! the text a person would read off the screen, so the field rules see one kind of input.

use domain::member::PlainDate;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell Excel formats as a date.
    Date(PlainDate),
}

impl Cell {
    /// What the cell shows: numbers without a trailing `.0`, dates as YYYY-MM-DD.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => Cow::Borrowed(s.trim()),
            Cell::Number(n) => Cow::Owned(number_text(*n)),
            Cell::Date(d) => Cow::Owned(d.to_string()),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell read as a date: a date cell, a day count or 20220805 typed as a number, or
    /// text in one of the forms [`PlainDate::parse`] knows.
    pub fn date(&self) -> Result<PlainDate, domain::member::FieldProblem> {
        use domain::member::FieldProblem;
        match self {
            Cell::Date(d) => Ok(*d),
            Cell::Number(n) if n.fract() == 0.0 && (19_000_101.0..22_001_232.0).contains(n) => {
                PlainDate::parse(&number_text(*n))
            }
            Cell::Number(n) if n.fract() == 0.0 => {
                excel_serial_date(*n as i64).ok_or(FieldProblem::Date)
            }
            Cell::Number(_) => Err(FieldProblem::Date),
            _ => PlainDate::parse(&self.text()),
        }
    }
}

/// Text a spreadsheet program would take as a formula: Excel, LibreOffice and Google Sheets
/// evaluate a cell typed, pasted or opened from CSV that starts with `=`, `+`, `-` or `@`, and
/// a leading tab or carriage return hides such a start from a naive check.
pub fn formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// `text` as an export writes it: formula-like text behind an apostrophe, the mark spreadsheet
/// programs read as "this is text". A written string cell is not evaluated when the workbook
/// is opened, but it is once someone edits it or the sheet is saved as CSV and opened again;
/// the apostrophe keeps a name like `=HYPERLINK(…)` from ever running.
pub fn guarded(text: &str) -> Cow<'_, str> {
    if formula_like(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The inverse of [`guarded`], for imports: a ledger exported by zhibu reads back as it was.
pub fn unguarded(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => text,
    }
}

/// `13800138000.0` → `13800138000`; other numbers as Rust prints them.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The date of an Excel day count in the 1900 date system. Counts before 1900-03-01 are
/// refused: Excel believes 1900 was a leap year, so they are off by one, and no roster date
/// is that old.
pub fn excel_serial_date(serial: i64) -> Option<PlainDate> {
    if !(61..=2_958_465).contains(&serial) {
        return None;
    }
    let date = jiff::civil::date(1899, 12, 30)
        .checked_add(jiff::Span::new().days(serial))
        .ok()?;
    PlainDate::new(date.year() as i32, date.month() as u32, date.day() as u32).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_typed_them() {
        assert_eq!(Cell::Number(13_800_138_000.0).text(), "13800138000");
        assert_eq!(Cell::Number(1.5).text(), "1.5");
        assert_eq!(Cell::Text("  张三 ".into()).text(), "张三");
        assert!(Cell::Text(" ".into()).is_blank());
    }

    #[test]
    fn formula_like_text_is_guarded_on_export_and_read_back_unchanged() {
        for text in ["=1+1", "+86 138", "-5", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(formula_like(text), "{text:?}");
            assert_eq!(guarded(text), format!("'{text}"));
            assert_eq!(unguarded(&guarded(text)), text);
        }
        for text in ["张三", "13800138000", "", "a=b", "'quoted", "'张三"] {
            assert!(!formula_like(text), "{text:?}");
            assert_eq!(guarded(text), text);
            assert_eq!(unguarded(text), text);
        }
    }

    #[test]
    fn dates_come_in_every_shape_excel_keeps_them() {
        let d = PlainDate::new(2022, 8, 5).unwrap();
        assert_eq!(excel_serial_date(44_778), Some(d));
        assert_eq!(excel_serial_date(61), PlainDate::new(1900, 3, 1).ok());
        assert_eq!(excel_serial_date(60), None);
        assert_eq!(Cell::Number(44_778.0).date(), Ok(d));
        assert_eq!(Cell::Number(20_220_805.0).date(), Ok(d));
        assert_eq!(Cell::Text("2022年8月5日".into()).date(), Ok(d));
        assert_eq!(Cell::Date(d).date(), Ok(d));
        assert!(Cell::Number(44_778.5).date().is_err());
    }
}
