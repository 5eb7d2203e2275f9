//! Old Excel files made hostile by changing a few bytes of a real one (`testdata/roster.xls`,
//! written by xlwt): each is refused, and none brings the process down as it did.

use super::*;
use crate::ledger::cell::Cell;
use crate::ledger::table::{self, Flow};

const ROSTER: &[u8] = include_bytes!("testdata/roster.xls");

fn read(bytes: &[u8]) -> Result<Vec<Vec<String>>, FileProblem> {
    let mut rows = Vec::new();
    table::read(bytes, &mut |_, cells: Vec<Cell>| {
        rows.push(cells.iter().map(|c| c.text().into_owned()).collect());
        Flow::Continue
    })?;
    Ok(rows)
}

/// Where the first record of `typ` starts in the file.
fn record(typ: u16) -> usize {
    let mut head = typ.to_le_bytes().to_vec();
    // Every record these tests touch is of a fixed length.
    head.extend(
        match typ {
            0x0200 => 14u16,
            0x00FD => 10,
            _ => unreachable!(),
        }
        .to_le_bytes(),
    );
    ROSTER
        .windows(4)
        .position(|w| w == head.as_slice())
        .expect("the record is in the fixture")
}

fn patched(at: usize, bytes: &[u8]) -> Vec<u8> {
    let mut file = ROSTER.to_vec();
    file[at..at + bytes.len()].copy_from_slice(bytes);
    file
}

#[test]
fn a_real_xls_roster_still_reads() {
    assert_eq!(check_xls(ROSTER), Ok(()));
    let rows = read(ROSTER).unwrap();
    assert_eq!(rows[0][..2], ["姓名", "所在组织"]);
    assert_eq!(rows[1][..2], ["张三", "重庆市机械工程学会党支部"]);
    assert_eq!(rows[3][3], "13912340002");
}

#[test]
fn declared_dimensions_past_any_roster_are_refused_before_calamine_reserves_them() {
    // Two thousand million rows: calamine asked the allocator for 343 GB and the process
    // aborted.
    let at = record(0x0200) + 4;
    let file = patched(at + 4, &(1u32 << 31).to_le_bytes());
    assert_eq!(read(&file), Err(FileProblem::TooManyCells));
    // A first row past the last one overflows calamine's arithmetic.
    let file = patched(at, &u32::MAX.to_le_bytes());
    assert_eq!(read(&file), Err(FileProblem::TooManyCells));
}

#[test]
fn cells_far_apart_are_refused_before_the_sheet_is_laid_out() {
    // A cell at the last row and column: calamine would fill 65,536 × 256 cells between.
    let at = record(0x00FD) + 4;
    let file = patched(at, &[0xFF, 0xFF, 0xFF, 0x00]);
    assert_eq!(read(&file), Err(FileProblem::TooManyCells));
}

#[test]
fn sectors_past_the_end_of_the_file_are_refused() {
    // The first FAT sector, the directory's first sector, and the header counts calamine
    // reserves by, each pointing far past the file.
    for (at, value) in [
        (76, 0x7FFF_FFFFu32),
        (48, 0x7FFF_FFFF),
        (44, u32::MAX),
        (64, u32::MAX),
    ] {
        let file = patched(at, &value.to_le_bytes());
        assert_eq!(read(&file), Err(FileProblem::NotSpreadsheet), "offset {at}");
    }
}
