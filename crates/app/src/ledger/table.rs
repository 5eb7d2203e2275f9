//! 读表: an uploaded file as rows of cells.
//!
//! The kind of file is told by its first bytes, never by its name: a zip is an Excel workbook
//! (.xlsx) or an OpenDocument sheet, an OLE container is an old Excel workbook (.xls), anything
//! else must be CSV text (see [`super::text`]). Rows are handed to the caller one by one as they
//! are read, so a large workbook is never held twice and reading stops as soon as the caller
//! has seen enough.

use super::cell::{Cell, unguarded};
use super::text;
use calamine::{Data, Reader};
use std::io::Cursor;

/// Cells beyond this column are ignored: a roster has nine columns, and a sheet whose cells
/// run to column XFD must not cost memory for them.
pub const MAX_COLUMNS: u32 = 64;

/// Why a file could not be read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// No file was sent.
    NoFile,
    /// The file holds nothing.
    Empty,
    /// A header and no data rows.
    HeaderOnly,
    /// Not a workbook and not text: a Word file renamed, an image, random bytes.
    NotSpreadsheet,
    /// Text in an encoding that is neither UTF-8 nor GBK.
    Encoding,
    /// More data rows than an import takes.
    TooManyRows,
    /// Larger than an upload may be.
    TooLarge,
    /// A workbook whose parts unpack to more than [`super::bounds::MAX_UNPACKED_BYTES`].
    Unpacked,
    /// A workbook whose repeated rows and columns, or shared strings, come to more cells than
    /// [`super::bounds::MAX_CELLS`].
    TooManyCells,
}

/// What the caller wants after a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// What is called with each row: its number and its cells, handed over.
pub type OnRow<'a> = dyn FnMut(u32, Vec<Cell>) -> Flow + 'a;

/// Reads `bytes`, calling `on_row` with each row that is not blank: its number as the
/// spreadsheet shows it (the first row is 1) and its cells from column A.
pub fn read(bytes: &[u8], on_row: &mut OnRow<'_>) -> Result<(), FileProblem> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileProblem::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        read_zip(bytes, on_row)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // calamine would allocate whatever the file declares ([`super::xls_bounds`]).
        super::xls_bounds::check_xls(bytes)?;
        let book = calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(Cursor::new(bytes))
            .map_err(|_| FileProblem::NotSpreadsheet)?;
        read_range(book, on_row)
    } else {
        text::read(bytes, on_row)
    }
}

/// An .xlsx workbook is read cell by cell from the zip, first sheet only; an .ods through
/// calamine's whole-sheet range. A zip that is neither (a .docx renamed) is refused. Both are
/// checked first ([`super::bounds`]): calamine would expand what the zip claims in memory.
fn read_zip(bytes: &[u8], on_row: &mut OnRow<'_>) -> Result<(), FileProblem> {
    super::bounds::check_zip(bytes)?;
    let Ok(mut book) = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes))
    else {
        let book = calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(Cursor::new(bytes))
            .map_err(|_| FileProblem::NotSpreadsheet)?;
        return read_range(book, on_row);
    };
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(FileProblem::NotSpreadsheet)?;
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|_| FileProblem::NotSpreadsheet)?;
    let mut row = RowBuffer::default();
    while let Some(cell) = cells.next_cell().map_err(|_| FileProblem::NotSpreadsheet)? {
        let (r, c) = cell.get_position();
        if row.number != Some(r) && row.flush(on_row) == Flow::Stop {
            return Ok(());
        }
        row.number = Some(r);
        row.set(c, from_ref(cell.get_value()));
    }
    row.flush(on_row);
    Ok(())
}

fn read_range<R, RS>(mut book: R, on_row: &mut OnRow<'_>) -> Result<(), FileProblem>
where
    R: Reader<RS>,
    RS: std::io::Read + std::io::Seek,
{
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(FileProblem::NotSpreadsheet)?;
    let range = book
        .worksheet_range(&name)
        .map_err(|_| FileProblem::NotSpreadsheet)?;
    let Some((first_row, first_col)) = range.start() else {
        return Ok(());
    };
    let mut row = RowBuffer::default();
    for (i, cells) in range.rows().enumerate() {
        row.number = Some(first_row + i as u32);
        for (j, value) in cells.iter().enumerate() {
            row.set(first_col + j as u32, from_data(value.clone()));
        }
        if row.flush(on_row) == Flow::Stop {
            return Ok(());
        }
    }
    Ok(())
}

/// The cells of the row being read, by 0-based spreadsheet row and column.
#[derive(Default)]
struct RowBuffer {
    number: Option<u32>,
    cells: Vec<Cell>,
}

impl RowBuffer {
    fn set(&mut self, column: u32, cell: Cell) {
        if column >= MAX_COLUMNS {
            return;
        }
        let c = column as usize;
        if self.cells.len() <= c {
            self.cells.resize(c + 1, Cell::Empty);
        }
        self.cells[c] = cell;
    }

    /// Hands a non-blank row to the caller and empties the buffer.
    fn flush(&mut self, on_row: &mut OnRow<'_>) -> Flow {
        match self.number {
            Some(r) if !self.cells.iter().all(Cell::is_blank) => {
                let width = self.cells.len();
                on_row(
                    r + 1,
                    std::mem::replace(&mut self.cells, Vec::with_capacity(width)),
                )
            }
            _ => {
                self.cells.clear();
                Flow::Continue
            }
        }
    }
}

/// A cell's text is cut to this many characters: no roster field is longer, and one shared
/// string referenced from every cell must not be copied whole into each.
pub const MAX_CELL_CHARS: usize = 256;

/// `s` cut to [`MAX_CELL_CHARS`] characters.
pub fn clipped(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &s[..end],
        None => s,
    }
}

/// An .xlsx cell: a shared string is cut before it is copied.
fn from_ref(value: &calamine::DataRef<'_>) -> Cell {
    match value {
        calamine::DataRef::SharedString(s) => Cell::Text(clipped(unguarded(s)).to_owned()),
        other => from_data(other.clone().into()),
    }
}

fn from_data(value: Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(clipped(unguarded(&s)).to_owned()),
        Data::Int(i) => Cell::Number(i as f64),
        Data::Float(f) => Cell::Number(f),
        Data::Bool(b) => Cell::Text(if b { "TRUE" } else { "FALSE" }.to_owned()),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            domain::member::PlainDate::new(y.into(), m.into(), day.into())
                .map(Cell::Date)
                .unwrap_or(Cell::Number(d.as_f64()))
        }
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        // OpenDocument dates come as 2022-08-05 or 2022-08-05T00:00:00.
        Data::DateTimeIso(s) => Cell::Text(s.split('T').next().unwrap_or_default().to_owned()),
        Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}
