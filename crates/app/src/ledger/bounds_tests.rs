//! Hostile workbooks built here, a few hundred bytes each, that calamine alone would expand
//! to gigabytes: each is refused with its own problem, quickly; real files still pass.

use super::*;
use crate::ledger::cell::Cell;
use crate::ledger::table::{self, Flow};
use std::io::Write;
use std::time::{Duration, Instant};
use zip::write::SimpleFileOptions;

/// Generous for an unoptimised build on a busy machine; expanding any of these takes minutes.
const FAST: Duration = Duration::from_secs(5);

fn zip_of(parts: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes.len() > u32::MAX as usize / 2);
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// An OpenDocument spreadsheet whose one sheet holds `rows` (`<table:table-row>` elements).
fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="名册">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip_of(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
            ),
            ("content.xml", content.as_bytes()),
            ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ],
        zip::CompressionMethod::Deflated,
    )
}

fn text_cell(text: &str, repeated: u64) -> String {
    format!(
        r#"<table:table-cell table:number-columns-repeated="{repeated}" office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

/// What reading `bytes` hands on, or the problem that stopped it, and how long it took.
fn read(bytes: &[u8]) -> (Result<Vec<Vec<String>>, FileProblem>, Duration) {
    let started = Instant::now();
    let mut rows = Vec::new();
    let result = table::read(bytes, &mut |_, cells: Vec<Cell>| {
        rows.push(cells.iter().map(|c| c.text().into_owned()).collect());
        Flow::Continue
    });
    (result.map(|()| rows), started.elapsed())
}

fn refused(bytes: &[u8]) -> FileProblem {
    let (result, took) = read(bytes);
    assert!(took < FAST, "took {took:?}");
    result.expect_err("a hostile file must be refused")
}

#[test]
fn an_ods_row_repeated_a_million_times_is_refused_before_it_is_expanded() {
    // The finding: 797 bytes that took 15.8 s and 1.7 GB.
    let row = format!(
        r#"<table:table-row>{}{}</table:table-row><table:table-row table:number-rows-repeated="1000000">{}{}</table:table-row>"#,
        text_cell("姓名", 1),
        text_cell("所在组织", 1),
        text_cell("张三", 1),
        text_cell("机械", 1),
    );
    let file = ods(&row);
    assert!(file.len() < 2048, "{} bytes", file.len());
    assert_eq!(refused(&file), FileProblem::TooManyRows);
}

#[test]
fn ods_columns_repeated_past_any_roster_are_refused() {
    // One cell written out a hundred million times in one row.
    let wide = format!(
        "<table:table-row>{}</table:table-row>",
        text_cell("张三", 100_000_000)
    );
    assert_eq!(refused(&ods(&wide)), FileProblem::TooManyCells);
    // Few rows, each as wide as a sheet gets: rows are within bounds, cells are not.
    let block = format!(
        r#"<table:table-row table:number-rows-repeated="1000">{}</table:table-row>"#,
        text_cell("张三", 16_384)
    );
    assert_eq!(refused(&ods(&block)), FileProblem::TooManyCells);
    // Empty runs count too: calamine pushes them when any cell follows.
    let gaps = format!(
        r#"<table:table-row><table:table-cell table:number-columns-repeated="100000000"/>{}</table:table-row>"#,
        text_cell("张三", 1)
    );
    assert_eq!(refused(&ods(&gaps)), FileProblem::TooManyCells);
    // Empty rows between two filled ones are laid out by calamine as well.
    let apart = format!(
        r#"<table:table-row>{}</table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row><table:table-row>{}</table:table-row>"#,
        text_cell("姓名", 1),
        text_cell("张三", 1)
    );
    assert_eq!(refused(&ods(&apart)), FileProblem::TooManyRows);
}

#[test]
fn an_ods_as_libreoffice_saves_it_still_reads() {
    // LibreOffice ends a sheet with the rest of its million rows and 1024 columns, empty.
    let rows = format!(
        r#"<table:table-row>{}{}<table:table-cell table:number-columns-repeated="1022"/></table:table-row><table:table-row>{}<table:table-cell office:value-type="string"><text:p>机械</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1022"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        text_cell("姓名", 1),
        text_cell("所在组织", 1),
        text_cell("张三", 1),
    );
    let file = ods(&rows);
    assert_eq!(check_zip(&file), Ok(()));
    let (rows, took) = read(&file);
    assert!(took < FAST, "took {took:?}");
    assert_eq!(
        rows.unwrap(),
        [vec!["姓名", "所在组织"], vec!["张三", "机械"]]
    );
}

/// An .xlsx workbook whose shared-strings table holds `strings` items; stored, not deflated,
/// so building it is quick (deflate only shrinks the upload, the count is what matters).
fn xlsx_with_strings(strings: u64) -> Vec<u8> {
    let mut table = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    table.reserve(strings as usize * 13);
    for _ in 0..strings {
        table.push_str("<si><t/></si>");
    }
    table.push_str("</sst>");
    let workbook = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#;
    zip_of(
        &[
            ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.as_slice()),
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
            ("xl/sharedStrings.xml", table.as_bytes()),
        ],
        zip::CompressionMethod::Stored,
    )
}

#[test]
fn an_xlsx_shared_strings_table_past_any_roster_is_refused_before_it_is_loaded() {
    assert_eq!(
        refused(&xlsx_with_strings(MAX_CELLS + 1)),
        FileProblem::TooManyCells
    );
}

#[test]
fn a_workbook_that_unpacks_past_the_budget_is_refused() {
    // A megabyte of spaces deflates to about a kilobyte.
    let padding = vec![b' '; 1024 * 1024];
    let file = zip_of(
        &[("xl/worksheets/sheet1.xml", padding.as_slice())],
        zip::CompressionMethod::Deflated,
    );
    assert!(file.len() < 16 * 1024);
    assert_eq!(
        check_zip_within(&file, 512 * 1024),
        Err(FileProblem::Unpacked)
    );
    assert_eq!(check_zip_within(&file, 2 * 1024 * 1024), Ok(()));
}

#[test]
fn one_long_shared_string_is_cut_before_it_is_copied_into_every_cell() {
    // Excel keeps at most 32,767 characters in a cell.
    let long = "长".repeat(32_000);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for r in 0..3 {
        sheet.write_string(r, 0, &long).unwrap();
    }
    let (rows, _) = read(&book.save_to_buffer().unwrap());
    let rows = rows.unwrap();
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter()
            .all(|r| r[0].chars().count() == table::MAX_CELL_CHARS)
    );
}

#[test]
fn shared_string_items_are_counted_in_every_spelling_and_nothing_else() {
    let xml = r#"<sst count="9"><si><t>甲</t></si><si/><x:si a="1"><t>乙</t></x:si><si
        ><t/></si><sid/><s/><t>si</t><!--si--></sst>"#;
    let mut n = 0;
    // Read in two pieces split inside a tag, as a stream's chunks fall.
    let cut = xml.find("<si>").unwrap() + 2;
    let bytes = std::io::Read::chain(&xml.as_bytes()[..cut], &xml.as_bytes()[cut..]);
    count_strings(bytes, &mut n).unwrap();
    assert_eq!(n, 4);
}
