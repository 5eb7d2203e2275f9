//! 类型检查: what a file is, told by its bytes, never by its name or the type the browser sent.
//!
//! Only kinds a committee sends with a notice pass: PDF, Word/Excel/PowerPoint (the zip
//! formats by their `[Content_Types].xml`, the old OLE formats by their main stream), PNG,
//! JPEG, GIF and plain UTF-8 text. Everything a browser could run or render as a page — HTML,
//! SVG, XML, scripts, executables, macro-enabled Office files, archives — is refused.

use std::io::{self, Read, Seek, SeekFrom};

/// An accepted kind of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// The type it is served with (never `text/html`).
    pub content_type: &'static str,
    /// Extensions that name it; the first is added to a name that has none of them.
    pub extensions: &'static [&'static str],
}

pub const PDF: Kind = Kind {
    content_type: "application/pdf",
    extensions: &["pdf"],
};
pub const DOCX: Kind = Kind {
    content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extensions: &["docx"],
};
pub const XLSX: Kind = Kind {
    content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extensions: &["xlsx"],
};
pub const PPTX: Kind = Kind {
    content_type: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    extensions: &["pptx"],
};
pub const DOC: Kind = Kind {
    content_type: "application/msword",
    extensions: &["doc", "wps"],
};
pub const XLS: Kind = Kind {
    content_type: "application/vnd.ms-excel",
    extensions: &["xls", "et"],
};
pub const PPT: Kind = Kind {
    content_type: "application/vnd.ms-powerpoint",
    extensions: &["ppt", "dps"],
};
pub const PNG: Kind = Kind {
    content_type: "image/png",
    extensions: &["png"],
};
pub const JPEG: Kind = Kind {
    content_type: "image/jpeg",
    extensions: &["jpg", "jpeg"],
};
pub const GIF: Kind = Kind {
    content_type: "image/gif",
    extensions: &["gif"],
};
pub const TEXT: Kind = Kind {
    content_type: "text/plain; charset=utf-8",
    extensions: &["txt", "md", "csv"],
};

/// Every accepted kind.
pub const ALL: &[Kind] = &[PDF, DOCX, XLSX, PPTX, DOC, XLS, PPT, PNG, JPEG, GIF, TEXT];

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// `[Content_Types].xml` names the main part of an Office zip; these exact types (macro-enabled
/// and template variants differ) say what the file is.
const OFFICE_MAIN_PARTS: &[(&str, Kind)] = &[
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        DOCX,
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        XLSX,
    ),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        PPTX,
    ),
];

/// The stream that makes an OLE container a Word, Excel or PowerPoint file (an .msi installer
/// is an OLE container too, and has none of them).
const OLE_STREAMS: &[(&str, Kind)] = &[
    ("WordDocument", DOC),
    ("Workbook", XLS),
    ("PowerPoint Document", PPT),
];

/// A `[Content_Types].xml` is a few kilobytes; this bound stops a zip bomb.
const MAX_CONTENT_TYPES: u64 = 1024 * 1024;

/// Markup a browser would render or run, looked for where browsers sniff (the first bytes).
const MARKUP: &[&str] = &[
    "<html",
    "<script",
    "<svg",
    "<!doctype",
    "<?xml",
    "<iframe",
    "<body",
    "<head",
    "<object",
    "<embed",
];

/// What `file` is, or `None` when it is not a kind zhibu accepts. The reader is read from its
/// start; an I/O error is an error, not a refusal.
pub fn sniff<R: Read + Seek>(mut file: R) -> io::Result<Option<Kind>> {
    file.seek(SeekFrom::Start(0))?;
    let mut head = Vec::with_capacity(1024);
    (&mut file).take(1024).read_to_end(&mut head)?;
    if head.starts_with(b"%PDF-") {
        return Ok(Some(PDF));
    }
    if head.starts_with(PNG_MAGIC) {
        return Ok(Some(PNG));
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Some(JPEG));
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Ok(Some(GIF));
    }
    if head.starts_with(ZIP_MAGIC) {
        return office_zip(file);
    }
    if head.starts_with(OLE_MAGIC) {
        return ole(file);
    }
    if plain_text_head(&head) {
        file.seek(SeekFrom::Start(0))?;
        return Ok(utf8_text(file)?.then_some(TEXT));
    }
    Ok(None)
}

fn office_zip<R: Read + Seek>(mut file: R) -> io::Result<Option<Kind>> {
    file.seek(SeekFrom::Start(0))?;
    let Ok(mut archive) = zip::ZipArchive::new(file) else {
        return Ok(None);
    };
    let Ok(part) = archive.by_name("[Content_Types].xml") else {
        return Ok(None);
    };
    let mut xml = String::new();
    if part
        .take(MAX_CONTENT_TYPES)
        .read_to_string(&mut xml)
        .is_err()
    {
        return Ok(None);
    }
    Ok(OFFICE_MAIN_PARTS
        .iter()
        .find(|(main, _)| xml.contains(&format!("ContentType=\"{main}\"")))
        .map(|(_, kind)| *kind))
}

/// Finds a directory entry naming one of [`OLE_STREAMS`]: entries are 128-byte records, at
/// offsets that are multiples of 128, holding the name in UTF-16LE and its byte length
/// (terminating NUL included) at offset 64.
fn ole<R: Read + Seek>(mut file: R) -> io::Result<Option<Kind>> {
    let wanted: Vec<(Vec<u8>, u16, Kind)> = OLE_STREAMS
        .iter()
        .map(|(name, kind)| {
            let utf16: Vec<u8> = name
                .encode_utf16()
                .chain([0])
                .flat_map(u16::to_le_bytes)
                .collect();
            let len = utf16.len() as u16;
            (utf16, len, *kind)
        })
        .collect();
    file.seek(SeekFrom::Start(0))?;
    let mut reader = io::BufReader::with_capacity(64 * 1024, file);
    let mut record = [0u8; 128];
    let mut found: Option<Kind> = None;
    loop {
        match reader.read_exact(&mut record) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(found),
            Err(e) => return Err(e),
        }
        let len = u16::from_le_bytes([record[64], record[65]]);
        for (name, name_len, kind) in &wanted {
            if len == *name_len && record.starts_with(name) {
                // Word files may hold a Workbook stream (an embedded sheet): Word wins.
                if found.is_none() || *kind == DOC {
                    found = Some(*kind);
                }
            }
        }
    }
}

/// The start of a text file that is not markup, a script or a binary.
fn plain_text_head(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.is_empty() || head.starts_with(b"#!") {
        return false;
    }
    let trimmed = head.trim_ascii_start();
    if trimmed.starts_with(b"<") {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    !MARKUP
        .iter()
        .any(|m| lower.windows(m.len()).any(|w| w == m.as_bytes()))
}

/// Whether the whole file is UTF-8 without control characters other than tab, line breaks
/// and form feed. Read in pieces; a character split between pieces is carried over.
fn utf8_text<R: Read>(mut file: R) -> io::Result<bool> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut carried = 0usize;
    loop {
        let n = file.read(&mut buf[carried..])?;
        let end = carried + n;
        if n == 0 {
            return Ok(carried == 0);
        }
        let valid = match std::str::from_utf8(&buf[..end]) {
            Ok(s) => s,
            Err(e) if e.error_len().is_none() => {
                // An incomplete character at the end: check what came before, keep the rest.
                std::str::from_utf8(&buf[..e.valid_up_to()]).unwrap_or_default()
            }
            Err(_) => return Ok(false),
        };
        if valid
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
        {
            return Ok(false);
        }
        let used = valid.len();
        buf.copy_within(used..end, 0);
        carried = end - used;
    }
}

/// `name` ending in an extension of `kind`: kept when it does, with the kind's extension added
/// when it does not (so a PDF called `通知.html` is saved as `通知.html.pdf`).
pub fn named_for(name: &str, kind: Kind) -> String {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if kind.extensions.contains(&ext.as_str()) {
        name.to_owned()
    } else {
        format!("{name}.{}", kind.extensions[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn kind(bytes: &[u8]) -> Option<Kind> {
        sniff(Cursor::new(bytes)).unwrap()
    }

    fn ole_with(stream: &str) -> Vec<u8> {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.resize(512 + 128, 0);
        let name: Vec<u8> = stream
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        let mut entry = [0u8; 128];
        entry[..name.len()].copy_from_slice(&name);
        entry[64..66].copy_from_slice(&(name.len() as u16).to_le_bytes());
        bytes.extend_from_slice(&entry);
        bytes
    }

    #[test]
    fn documents_and_images_are_told_by_their_first_bytes() {
        assert_eq!(kind(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj"), Some(PDF));
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(PNG));
        assert_eq!(
            kind(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F']),
            Some(JPEG)
        );
        assert_eq!(kind(b"GIF89a\x01\0\x01\0"), Some(GIF));
        assert_eq!(kind(&ole_with("WordDocument")), Some(DOC));
        assert_eq!(kind(&ole_with("Workbook")), Some(XLS));
        assert_eq!(
            kind(&ole_with("SummaryInformation")),
            None,
            "an OLE file that is no Office file"
        );
    }

    #[test]
    fn office_zips_are_told_by_their_content_types() {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(0, 0, "签收").unwrap();
        let xlsx = book.save_to_buffer().unwrap();
        assert_eq!(kind(&xlsx), Some(XLSX));
        let mut plain = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(Cursor::new(&mut plain));
            zip.start_file("a.txt", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut zip, b"hello").unwrap();
            zip.finish().unwrap();
        }
        assert_eq!(kind(&plain), None, "a bare zip is refused");
    }

    #[test]
    fn text_passes_and_markup_scripts_and_binaries_do_not() {
        assert_eq!(
            kind("关于做好近期有关工作的通知\n各党支部：".as_bytes()),
            Some(TEXT)
        );
        assert_eq!(kind("\u{FEFF}# 标题\n\n正文".as_bytes()), Some(TEXT));
        assert_eq!(
            kind(b"<!DOCTYPE html><html><script>alert(1)</script>"),
            None
        );
        assert_eq!(kind(b"  <svg xmlns=\"http://www.w3.org/2000/svg\"/>"), None);
        assert_eq!(kind(b"<?xml version=\"1.0\"?><svg/>"), None);
        assert_eq!(kind(b"hello <script>alert(1)</script>"), None);
        assert_eq!(kind(b"#!/bin/sh\nrm -rf /"), None);
        assert_eq!(kind(b"MZ\x90\0\x03\0\0\0\x04\0"), None);
        assert_eq!(kind(b"\x7fELF\x02\x01\x01"), None);
        assert_eq!(kind(b"text\0with a NUL"), None);
        assert_eq!(kind(b""), None);
        assert_eq!(kind(b"\xC4\xE3\xBA\xC3"), None, "GBK is not UTF-8");
    }

    #[test]
    fn a_character_split_between_reads_is_still_text() {
        let text = "通".repeat(40_000);
        assert!(utf8_text(Cursor::new(text.as_bytes())).unwrap());
        let mut bad = text.into_bytes();
        bad.push(0xFF);
        assert!(!utf8_text(Cursor::new(&bad)).unwrap());
    }

    #[test]
    fn a_name_gets_the_extension_of_its_content() {
        assert_eq!(named_for("通知.PDF", PDF), "通知.PDF");
        assert_eq!(named_for("通知.html", PDF), "通知.html.pdf");
        assert_eq!(named_for("照片", JPEG), "照片.jpg");
    }
}
