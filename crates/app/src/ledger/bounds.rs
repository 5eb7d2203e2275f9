//! 先查后读: a zip workbook (.xlsx, .ods) checked before calamine opens it.
//!
//! calamine holds what it reads in memory: an .ods sheet is expanded into a dense range, every
//! `number-rows-repeated` and `number-columns-repeated` written out cell by cell, and an .xlsx
//! workbook's shared-strings table is loaded whole when it is opened. A file of a few hundred
//! bytes can so ask for gigabytes. This pass reads each part of the archive once, as a stream,
//! and refuses the file as soon as what it would unpack to, the cells the repeats would expand
//! to, or the shared strings pass what a roster of [`MAX_ROWS`] rows can hold. It keeps nothing
//! but counters, so the check itself costs no memory and at most [`MAX_UNPACKED_BYTES`] of
//! inflating.

use super::roster_import::MAX_ROWS;
use super::table::FileProblem;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::cell::Cell as Counter;
use std::io::{BufReader, Cursor, Read};

/// The most the XML parts of a workbook may unpack to, together. A full roster of
/// [`MAX_ROWS`] rows of ten columns is about 90 MB of sheet XML.
pub const MAX_UNPACKED_BYTES: u64 = 160 * 1024 * 1024;
/// The most cells a workbook may hold once repeats are expanded, and the most shared strings:
/// [`MAX_ROWS`] rows of a dozen columns, more than the roster has.
pub const MAX_CELLS: u64 = MAX_ROWS as u64 * 12;
/// Rows above the first data row a file may have (titles, the header), as the importer allows.
const ROWS_ABOVE: u64 = 16;

/// Checks the zip workbook `bytes`; `Ok` means calamine may open it.
pub fn check_zip(bytes: &[u8]) -> Result<(), FileProblem> {
    check_zip_within(bytes, MAX_UNPACKED_BYTES)
}

/// [`check_zip`] with `unpacked` bytes to unpack at most (tests use a small budget).
fn check_zip_within(bytes: &[u8], unpacked: u64) -> Result<(), FileProblem> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| FileProblem::NotSpreadsheet)?;
    let left = Counter::new(unpacked);
    let over = Counter::new(false);
    let mut strings = 0u64;
    for i in 0..archive.len() {
        let part = archive
            .by_index(i)
            .map_err(|_| FileProblem::NotSpreadsheet)?;
        if part.is_dir() {
            continue;
        }
        let name = part
            .name()
            .map_err(|_| FileProblem::NotSpreadsheet)?
            .to_ascii_lowercase();
        // The declared size is only a claim (the data may inflate to more); it is read below
        // through the budget either way, but a claim past it needs no reading.
        if part.size() > left.get() {
            return Err(FileProblem::Unpacked);
        }
        let budget = Budget {
            inner: part,
            left: &left,
            over: &over,
        };
        let scanned = if name.ends_with("sharedstrings.xml") {
            count_strings(budget, &mut strings)
        } else if name == "content.xml" {
            ods_cells(budget)
        } else if name.ends_with(".xml") || name.ends_with(".rels") {
            // Parts calamine reads (workbook, styles, sheets) count towards the budget.
            drain(budget)
        } else {
            // Pictures and other parts calamine never opens.
            Ok(())
        };
        if over.get() {
            return Err(FileProblem::Unpacked);
        }
        scanned?;
    }
    Ok(())
}

/// A part's bytes, counted against what the whole archive may unpack to.
struct Budget<'a, R> {
    inner: R,
    left: &'a Counter<u64>,
    over: &'a Counter<bool>,
}

impl<R: Read> Read for Budget<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // One byte past the budget is enough to know it is passed.
        let room = usize::try_from(self.left.get().saturating_add(1)).unwrap_or(usize::MAX);
        let end = buf.len().min(room);
        let n = self.inner.read(&mut buf[..end])?;
        let n64 = n as u64;
        if n64 > self.left.get() {
            self.over.set(true);
            return Err(std::io::Error::other("unpacked size over budget"));
        }
        self.left.set(self.left.get() - n64);
        Ok(n)
    }
}

fn drain<R: Read>(mut part: R) -> Result<(), FileProblem> {
    std::io::copy(&mut part, &mut std::io::sink())
        .map(|_| ())
        .map_err(|_| FileProblem::NotSpreadsheet)
}

fn xml<R: Read>(part: R) -> Reader<BufReader<R>> {
    let mut reader = Reader::from_reader(BufReader::new(part));
    // As lenient as calamine, so whatever calamine reads is counted here first.
    reader.config_mut().check_end_names = false;
    reader.config_mut().check_comments = false;
    reader
}

/// Counts the `<si>` items of a shared-strings table into `strings`. Millions of items are a
/// few bytes each, so this is a plain byte scan rather than an XML parse: it never fails, and
/// what it over-counts (a `<si>` inside a comment) errs on the safe side.
fn count_strings<R: Read>(mut part: R, strings: &mut u64) -> Result<(), FileProblem> {
    let mut chunk = vec![0; 64 * 1024];
    let mut tags = SiTags::default();
    loop {
        let n = match part.read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(FileProblem::NotSpreadsheet),
        };
        for &b in &chunk[..n] {
            if tags.push(b) {
                *strings += 1;
                if *strings > MAX_CELLS {
                    return Err(FileProblem::TooManyCells);
                }
            }
        }
    }
}

/// Finds start tags whose local name is `si` (`<si>`, `<si/>`, `<x:si …>`) in a byte stream.
#[derive(Default)]
struct SiTags {
    /// Inside a tag name, after its `<`.
    in_name: bool,
    /// The local name so far (its first two bytes) and its length.
    name: [u8; 2],
    len: usize,
}

impl SiTags {
    /// Takes the next byte; `true` when it ends an `si` start tag's name.
    fn push(&mut self, b: u8) -> bool {
        if b == b'<' {
            *self = SiTags {
                in_name: true,
                ..SiTags::default()
            };
            return false;
        }
        if !self.in_name {
            return false;
        }
        match b {
            // An end tag, a comment, a processing instruction.
            b'/' | b'!' | b'?' if self.len == 0 => self.in_name = false,
            b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' => {
                self.in_name = false;
                return self.len == 2 && self.name == *b"si";
            }
            // A prefix ends; the local name starts again.
            b':' => self.len = 0,
            _ => {
                if let Some(slot) = self.name.get_mut(self.len) {
                    *slot = b;
                }
                self.len = self.len.saturating_add(1);
            }
        }
        false
    }
}

/// A repeat count as written; what calamine could not read as a number it refuses itself.
fn repeats(e: &BytesStart<'_>, attribute: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == attribute)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

/// Attributes that give a cell a value (ODF 1.2 §19.385–19.389) or a formula.
fn has_value_attribute(e: &BytesStart<'_>) -> bool {
    e.attributes().flatten().any(|a| {
        matches!(
            a.key.as_ref(),
            "office:value"
                | "office:string-value"
                | "office:date-value"
                | "office:time-value"
                | "office:boolean-value"
                | "table:formula"
        )
    })
}

/// One sheet (`table:table`) of an .ods as calamine will lay it out.
#[derive(Default)]
struct Sheet {
    /// Rows read so far, repeats counted.
    rows: u64,
    /// Rows before the first row with a value (calamine does not store them).
    rows_before: Option<u64>,
    /// Rows up to and including the last row with a value.
    rows_through_last: u64,
    /// Columns up to and including the last cell with a value, in the widest row.
    width: u64,
}

impl Sheet {
    /// The cells calamine's dense range of this sheet holds.
    fn cells(&self) -> u64 {
        let rows = self
            .rows_through_last
            .saturating_sub(self.rows_before.unwrap_or(0));
        rows.saturating_mul(self.width)
    }
}

/// The row being read: calamine pushes the empty cells before a cell as it meets it, so a
/// row's stored width is all cells up to its last one, empty runs between included.
#[derive(Default)]
struct Row {
    repeated: u64,
    /// Cells calamine pushes for this row.
    pushed: u64,
    /// An empty run not yet pushed (calamine pushes it only if another cell follows).
    pending: u64,
    /// Cells up to the last one with a value.
    through_value: u64,
}

/// The cell being read: its repeat count and whether it holds anything.
struct OpenCell {
    repeated: u64,
    value: bool,
}

impl OpenCell {
    fn of(e: &BytesStart<'_>) -> OpenCell {
        OpenCell {
            repeated: repeats(e, "table:number-columns-repeated"),
            value: has_value_attribute(e),
        }
    }
}

/// Walks content.xml, refusing it when a sheet's rows or all sheets' cells pass the limits.
fn ods_cells<R: Read>(part: R) -> Result<(), FileProblem> {
    let mut reader = xml(part);
    let mut buf = Vec::new();
    let mut totals = Totals::default();
    let mut sheet = Sheet::default();
    let mut row: Option<Row> = None;
    let mut cell: Option<OpenCell> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| FileProblem::NotSpreadsheet)?;
        match event {
            Event::Eof => return Ok(()),
            Event::Start(e) if is_cell(&e) => cell = Some(OpenCell::of(&e)),
            Event::Empty(e) if is_cell(&e) => end_cell(row.as_mut(), OpenCell::of(&e))?,
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                row = Some(Row {
                    repeated: repeats(&e, "table:number-rows-repeated"),
                    ..Row::default()
                });
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                sheet.rows = sheet
                    .rows
                    .saturating_add(repeats(&e, "table:number-rows-repeated"));
            }
            Event::Start(e) if e.name().as_ref() == "table:table" => sheet = Sheet::default(),
            Event::Text(t) if cell.is_some() && !t.xml10_content().trim().is_empty() => {
                if let Some(c) = cell.as_mut() {
                    c.value = true;
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some(open) = cell.take() {
                        end_cell(row.as_mut(), open)?;
                    }
                }
                "table:table-row" => {
                    if let Some(r) = row.take() {
                        end_row(&mut sheet, r, &mut totals)?;
                    }
                }
                "table:table" => {
                    totals.expanded = totals.expanded.saturating_add(sheet.cells());
                    sheet = Sheet::default();
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
}

fn is_cell(e: &BytesStart<'_>) -> bool {
    matches!(
        e.name().as_ref(),
        "table:table-cell" | "table:covered-table-cell"
    )
}

fn end_cell(row: Option<&mut Row>, cell: OpenCell) -> Result<(), FileProblem> {
    let Some(row) = row else {
        return Ok(());
    };
    // Every cell first pushes the empty run before it, as calamine does.
    row.pushed = row.pushed.saturating_add(row.pending);
    row.pending = 0;
    if cell.value {
        row.pushed = row.pushed.saturating_add(cell.repeated);
        row.through_value = row.pushed;
    } else {
        row.pending = cell.repeated;
    }
    // Even a row never repeated is held whole while it is read.
    if row.pushed > MAX_CELLS {
        return Err(FileProblem::TooManyCells);
    }
    Ok(())
}

/// What the sheets read so far hold, all together.
#[derive(Default)]
struct Totals {
    /// Cells of the finished sheets' dense ranges.
    expanded: u64,
    /// Cells calamine pushes while reading, before it lays out any range.
    pushed: u64,
}

fn end_row(sheet: &mut Sheet, row: Row, totals: &mut Totals) -> Result<(), FileProblem> {
    totals.pushed = totals.pushed.saturating_add(row.pushed);
    sheet.rows = sheet.rows.saturating_add(row.repeated);
    if row.through_value > 0 {
        if sheet.rows_before.is_none() {
            sheet.rows_before = Some(sheet.rows.saturating_sub(row.repeated));
        }
        sheet.rows_through_last = sheet.rows;
        sheet.width = sheet.width.max(row.through_value);
        let rows = sheet
            .rows_through_last
            .saturating_sub(sheet.rows_before.unwrap_or(0));
        if rows > MAX_ROWS as u64 + ROWS_ABOVE {
            return Err(FileProblem::TooManyRows);
        }
    }
    if totals.pushed > MAX_CELLS || totals.expanded.saturating_add(sheet.cells()) > MAX_CELLS {
        return Err(FileProblem::TooManyCells);
    }
    Ok(())
}

#[cfg(test)]
#[path = "bounds_tests.rs"]
mod tests;
