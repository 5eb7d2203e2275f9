//! CSV as Chinese offices save it.
//!
//! Excel on a Chinese Windows saves "CSV (逗号分隔)" in GBK and "CSV UTF-8" with a byte-order
//! mark; other tools write UTF-8 without one, and "Unicode text" is UTF-16 with tabs. The
//! encoding is detected (a BOM, else valid UTF-8, else GBK, read as its superset GB18030), the
//! separator taken from the first line. Text that decodes as neither, or holds control
//! characters no spreadsheet writes, is refused rather than guessed at.

use super::cell::Cell;
use super::table::{FileProblem, Flow, MAX_COLUMNS, OnRow};
use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};
use std::borrow::Cow;

/// The file's text, whichever of the encodings above it is in.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, FileProblem> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(Cow::Borrowed)
            .map_err(|_| FileProblem::Encoding);
    }
    for (bom, encoding) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .ok_or(FileProblem::Encoding);
        }
    }
    // No text file holds NUL: this is binary (an image, an archive, random bytes).
    if bytes.contains(&0) {
        return Err(FileProblem::NotSpreadsheet);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(FileProblem::Encoding)
}

/// Tab when the first line has tabs and no commas (UTF-16 "Unicode text"), semicolon when it
/// has only those (Excel in some European locales), else comma.
fn separator(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    if first.contains(',') {
        b','
    } else if first.contains('\t') {
        b'\t'
    } else if first.contains(';') {
        b';'
    } else {
        b','
    }
}

/// `="0236301234"` is how some tools keep a number as text in CSV.
fn unwrap_formula_text(field: &str) -> &str {
    field
        .strip_prefix("=\"")
        .and_then(|f| f.strip_suffix('"'))
        .unwrap_or(field)
}

pub fn read(bytes: &[u8], on_row: &mut OnRow<'_>) -> Result<(), FileProblem> {
    let text = decode(bytes)?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\u{1a}'))
    {
        return Err(FileProblem::NotSpreadsheet);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(&text))
        .from_reader(text.as_bytes());
    // A spreadsheet row is a record, and a blank line is a row too (the csv reader skips
    // it); a quoted field holding line breaks is one row however many lines it spans. So the
    // row is the line the record starts on, less the line breaks inside earlier fields.
    let bytes = text.as_bytes();
    let mut record = csv::StringRecord::new();
    let (mut lines_before, mut counted, mut inside_fields) = (0usize, 0usize, 0usize);
    while reader
        .read_record(&mut record)
        .map_err(|_| FileProblem::NotSpreadsheet)?
    {
        let from = record
            .position()
            .map_or(counted, |p| p.byte() as usize)
            .clamp(counted, bytes.len());
        let start = from
            + bytes[from..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        lines_before += bytes[counted..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted = start;
        let row =
            u32::try_from((lines_before + 1).saturating_sub(inside_fields)).unwrap_or(u32::MAX);
        inside_fields += record
            .iter()
            .map(|f| f.matches('\n').count())
            .sum::<usize>();
        let mut cells = Vec::with_capacity(record.len().min(MAX_COLUMNS as usize));
        for field in record.iter().take(MAX_COLUMNS as usize) {
            let field = super::cell::unguarded(unwrap_formula_text(field.trim()));
            cells.push(if field.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(field.to_owned())
            });
        }
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        if on_row(row, cells) == Flow::Stop {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: &[u8]) -> Result<Vec<(u32, Vec<String>)>, FileProblem> {
        let mut out = Vec::new();
        read(bytes, &mut |n, cells: Vec<Cell>| {
            out.push((n, cells.iter().map(|c| c.text().into_owned()).collect()));
            Flow::Continue
        })?;
        Ok(out)
    }

    #[test]
    fn utf8_with_and_without_bom_and_gbk_read_the_same() {
        let text = "姓名,所在组织\n张三,一支部\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        for bytes in [text.as_bytes(), &with_bom, &gbk] {
            let r = rows(bytes).unwrap();
            assert_eq!(r[1], (2, vec!["张三".to_owned(), "一支部".to_owned()]));
        }
    }

    #[test]
    fn row_numbers_count_blank_lines_but_not_line_breaks_inside_a_cell() {
        for text in [
            "姓名,职务\n\n\"张三\",\"书记\n组织委员\"\n李四,\n",
            "姓名,职务\r\n\r\n\"张三\",\"书记\r\n组织委员\"\r\n李四,\r\n",
        ] {
            let r = rows(text.as_bytes()).unwrap();
            let numbers: Vec<u32> = r.iter().map(|(n, _)| *n).collect();
            assert_eq!(numbers, [1, 3, 4], "{text:?}");
        }
        let r = rows("姓名\r\n甲\r\n乙".as_bytes()).unwrap();
        assert_eq!(r.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn binary_and_undecodable_bytes_are_refused() {
        assert_eq!(
            rows(b"PK\x00\x01junk").unwrap_err(),
            FileProblem::NotSpreadsheet
        );
        assert_eq!(
            rows(b"name\xff\xfe\xfd,org").unwrap_err(),
            FileProblem::Encoding
        );
        assert_eq!(
            rows(b"\x01\x02name").unwrap_err(),
            FileProblem::NotSpreadsheet
        );
    }

    #[test]
    fn tabs_and_formula_text_are_understood() {
        let r = rows("姓名\t手机号码\n张三\t=\"13800138000\"\n".as_bytes()).unwrap();
        assert_eq!(r[1].1, ["张三", "13800138000"]);
    }
}
