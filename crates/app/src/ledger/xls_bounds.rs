//! 先查后读 for old Excel (.xls): the container and the sheets checked before calamine opens them.
//!
//! calamine trusts what an .xls says about itself. Its compound-file reader grows a buffer to
//! any sector number a chain names and reserves whatever a header count says; its sheet reader
//! reserves a sheet's declared DIMENSIONS and lays every sheet out densely from its first to
//! its last cell. A 5 KB file declaring two thousand million rows made the allocator abort the
//! whole process (not a panic a request can catch). This pass walks the same structures the
//! way calamine will, with nothing but arithmetic and slices of the upload: every sector a
//! chain reaches must lie in the file, no chain may loop, every count must fit the file, and
//! the sheets must fit [`MAX_CELLS`] as calamine will lay them out. Anything it cannot follow
//! is refused as not a spreadsheet; a workbook with macros (a roster never has them) too,
//! since calamine would read its VBA project with more of the same.

use super::bounds::MAX_CELLS;
use super::table::FileProblem;

const HEADER: usize = 512;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED: u32 = 0xFFFF_FFFA;
/// Streams shorter than this live in the mini stream, in 64-byte sectors.
const MINI_CUTOFF: usize = 4096;
const MINI: usize = 64;

/// Checks the .xls `bytes`; `Ok` means calamine may open it.
pub fn check_xls(bytes: &[u8]) -> Result<(), FileProblem> {
    let stream = workbook_stream(bytes).ok_or(FileProblem::NotSpreadsheet)?;
    check_sheets(&stream)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The sectors of a compound file, as calamine numbers them (from the end of the header).
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
}

impl Sectors<'_> {
    fn count(&self) -> usize {
        self.data.len().div_ceil(self.size)
    }

    /// Sector `id`, `None` when it lies past the end (calamine would grow a buffer to it).
    fn get(&self, id: u32) -> Option<&[u8]> {
        let start = (id as usize).checked_mul(self.size)?;
        if start >= self.data.len() {
            return None;
        }
        self.data
            .get(start..(start + self.size).min(self.data.len()))
    }

    /// The chain from `start`, joined and cut to `len` (when not 0), as calamine reads it;
    /// `None` when it leaves the file, names a sector the table lacks, or loops.
    fn chain(&self, start: u32, table: &[u32], len: usize) -> Option<Vec<u8>> {
        // calamine reserves `len` before it reads: it must fit the file.
        if len > self.data.len() + self.size {
            return None;
        }
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.count() {
                return None;
            }
            out.extend_from_slice(self.get(id)?);
            id = *table.get(id as usize)?;
        }
        if len > 0 {
            out.truncate(len);
        }
        Some(out)
    }
}

/// A directory entry: its name, first sector and length.
struct Entry {
    name: String,
    start: u32,
    len: usize,
}

fn entry(raw: &[u8], sector_size: usize) -> Option<Entry> {
    let units: Vec<u16> = raw
        .get(..64)?
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let name: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .take_while(|c| *c != '\0')
        .collect();
    let len = if sector_size == 512 {
        u32_at(raw, 120)? as usize
    } else {
        usize::try_from(u64::from_le_bytes(raw.get(120..128)?.try_into().ok()?)).ok()?
    };
    Some(Entry {
        name,
        start: u32_at(raw, 116)?,
        len,
    })
}

/// The Workbook (or, in old files, Book) stream, read as calamine reads it.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let header = bytes.get(..HEADER)?;
    let size = match u16_at(header, 30)? {
        9 => 512,
        12 => 4096,
        _ => return None,
    };
    if u16_at(header, 32)? != 6 {
        return None;
    }
    let sectors = Sectors {
        data: bytes.get(size.max(HEADER)..)?,
        size,
    };
    let count = sectors.count();
    // Header counts calamine reserves by: none can exceed the sectors there are. (calamine
    // reads its DIFAT count from bytes 62–65, across two other fields, where real files have
    // up to 65,536 per mini-FAT sector; it only reserves, so a generous cap is enough.)
    let dir_len = u32_at(header, 40)? as usize;
    let fat_len = u32_at(header, 44)? as usize;
    let mini_fat_len = u32_at(header, 64)? as usize;
    let difat_len = u32_at(header, 62)? as usize;
    if [dir_len, fat_len, mini_fat_len]
        .iter()
        .any(|n| *n > count + 1)
        || difat_len > 1 << 24
    {
        return None;
    }
    let mut difat: Vec<u32> = u32s(&header[76..HEADER]).collect();
    let mut next = u32_at(header, 68)?;
    let mut steps = 0;
    while next < RESERVED {
        steps += 1;
        if steps > count {
            return None;
        }
        difat.extend(u32s(sectors.get(next)?));
        next = difat.pop()?;
    }
    let mut fats = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        fats.extend(u32s(sectors.get(id)?));
    }
    let dirs = sectors.chain(u32_at(header, 48)?, &fats, dir_len.checked_mul(size)?)?;
    let entries: Vec<Entry> = dirs
        .chunks(128)
        .map(|raw| entry(raw, size))
        .collect::<Option<_>>()?;
    let root = entries.first()?;
    if entries.iter().any(|e| e.name == "_VBA_PROJECT_CUR") {
        return None;
    }
    let (mini_fats, ministream) = if mini_fat_len > 0 {
        let ministream = sectors.chain(root.start, &fats, root.len)?;
        let minifat = sectors.chain(u32_at(header, 60)?, &fats, mini_fat_len.checked_mul(size)?)?;
        (u32s(&minifat).collect::<Vec<_>>(), ministream)
    } else {
        (Vec::new(), Vec::new())
    };
    let minis = Sectors {
        data: &ministream,
        size: MINI,
    };
    // calamine tries Workbook, then Book; each is checked that it would read.
    let find = |name: &str| entries.iter().find(|e| e.name == name);
    let stream = find("Workbook").or_else(|| find("Book"))?;
    if stream.len < MINI_CUTOFF {
        minis.chain(stream.start, &mini_fats, stream.len)
    } else {
        sectors.chain(stream.start, &fats, stream.len)
    }
}

/// BIFF records of a stream from `at`: (type, data), ending at the end or a short record.
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream.get(at..).unwrap_or_default();
    std::iter::from_fn(move || {
        let typ = u16_at(rest, 0)?;
        let len = u16_at(rest, 2)? as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

/// The cells calamine lays out for the sheets the workbook names, and what it reserves.
fn check_sheets(stream: &[u8]) -> Result<(), FileProblem> {
    // The globals: where each sheet (BoundSheet8, 0x0085) starts.
    let mut starts = Vec::new();
    for (typ, data) in records(stream, 0) {
        match typ {
            0x0085 => starts.push(u32_at(data, 0).ok_or(FileProblem::NotSpreadsheet)? as usize),
            0x000A => break,
            _ => {}
        }
    }
    // Each sheet is read from its start to its EOF; sheets that share records (a crafted
    // file naming one sheet many times) would be read, and laid out, as often.
    let mut read = 0usize;
    let mut cells = 0u64;
    for start in starts {
        let mut extent = Extent::default();
        for (typ, data) in records(stream, start) {
            read += 4 + data.len();
            if read > stream.len().saturating_mul(2) {
                return Err(FileProblem::NotSpreadsheet);
            }
            match typ {
                0x0200 if dimensions(data).is_some_and(|n| n > MAX_CELLS) => {
                    return Err(FileProblem::TooManyCells);
                }
                // Number, Label, BoolErr, RK, LabelSst, Formula: row and column first.
                0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                        extent.add(r, c);
                    }
                }
                // MulRk: a row, its first column, and its last column at the end.
                0x00BD => {
                    let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at));
                    if let (Some(r), Some(c), Some(l)) = (u16_at(data, 0), u16_at(data, 2), last) {
                        extent.add(r, c);
                        extent.add(r, l);
                    }
                }
                0x000A => break,
                _ => {}
            }
        }
        // Values and formulas are laid out alike: count the sheet twice.
        cells = cells.saturating_add(extent.cells().saturating_mul(2));
        if cells > MAX_CELLS {
            return Err(FileProblem::TooManyCells);
        }
    }
    Ok(())
}

/// What calamine reserves for a DIMENSIONS record (its `parse_dimensions`), or `None` where it
/// refuses the record itself. Its sums overflow where a bound is past the other; counted as
/// too many here.
fn dimensions(data: &[u8]) -> Option<u64> {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u64::from(u16_at(data, 0)?),
            u64::from(u16_at(data, 2)?),
            u64::from(u16_at(data, 4)?),
            u64::from(u16_at(data, 6)?),
        ),
        14 => (
            u64::from(u32_at(data, 0)?),
            u64::from(u32_at(data, 4)?),
            u64::from(u16_at(data, 8)?),
            u64::from(u16_at(data, 10)?),
        ),
        _ => return None,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Some(1);
    }
    // calamine's (last - 1) - first + 1, where a first past the last overflows.
    let rows = last_row.checked_sub(first_row).unwrap_or(u64::MAX);
    let cols = last_col.checked_sub(first_col).unwrap_or(u64::MAX);
    Some(rows.saturating_mul(cols))
}

/// The rows and columns a sheet's cells span.
#[derive(Default)]
struct Extent {
    rows: Option<(u16, u16)>,
    cols: Option<(u16, u16)>,
}

impl Extent {
    fn add(&mut self, row: u16, col: u16) {
        let widen = |span: Option<(u16, u16)>, v: u16| {
            Some(span.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
        };
        self.rows = widen(self.rows, row);
        self.cols = widen(self.cols, col);
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => {
                (u64::from(r1) - u64::from(r0) + 1) * (u64::from(c1) - u64::from(c0) + 1)
            }
            _ => 0,
        }
    }
}

#[cfg(test)]
#[path = "xls_bounds_tests.rs"]
mod tests;
