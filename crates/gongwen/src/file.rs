//! Choosing a reader by file name and content, and decoding text files.

use crate::docx::DocxError;
use crate::draft::NoticeDraft;

/// Why a file could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error(transparent)]
    Docx(#[from] DocxError),
    #[error(
        "the text is not UTF-8 (invalid byte at offset {valid_up_to}); if it is GBK/GB18030, save it as UTF-8 first"
    )]
    NotUtf8 { valid_up_to: usize },
    #[error("{format} files are not supported; save the notice as .docx, .txt or .md")]
    Unsupported { format: &'static str },
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub fn parse(name: &str, bytes: &[u8]) -> Result<NoticeDraft, ParseError> {
    text(name, bytes).map(|t| crate::parse_text(&t))
}

/// The text a file holds, as the parser reads it (a .docx's bold runs as `**…**`).
pub fn text(name: &str, bytes: &[u8]) -> Result<String, ParseError> {
    let ext = extension(name);
    if bytes.starts_with(ZIP_MAGIC) || matches!(ext.as_str(), "docx" | "docm" | "dotx") {
        return Ok(crate::docx::to_text(bytes)?);
    }
    if bytes.starts_with(b"%PDF") || ext == "pdf" {
        return Err(ParseError::Unsupported { format: "PDF" });
    }
    if bytes.starts_with(OLE_MAGIC) || matches!(ext.as_str(), "doc" | "wps") {
        return Err(ParseError::Unsupported {
            format: "Legacy Word (.doc/.wps)",
        });
    }
    decode(bytes)
}

/// The lower-case extension of a file name, or "" when it has none.
fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// UTF-8 (BOM stripped), or UTF-16 when a BOM says so (Windows Notepad's "Unicode").
fn decode(bytes: &[u8]) -> Result<String, ParseError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, 3);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, u16::from_be_bytes));
    }
    utf8(bytes, 0)
}

fn utf8(bytes: &[u8], offset: usize) -> Result<String, ParseError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| ParseError::NotUtf8 {
        valid_up_to: offset + e.utf8_error().valid_up_to(),
    })
}

fn utf16(bytes: &[u8], from: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| from([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_case_insensitive_and_path_aware() {
        assert_eq!(extension("通知.DOCX"), "docx");
        assert_eq!(extension("dir.v2/readme"), "");
        assert_eq!(extension(".bashrc"), "");
    }

    #[test]
    fn a_bom_is_stripped_and_gbk_is_refused_with_a_hint() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap(), "abc");
        assert_eq!(decode(b"\xFF\xFEa\0b\0").unwrap(), "ab");
        // 通知如下 in GBK (its first four bytes happen to be valid UTF-8).
        let err = decode(b"\xCD\xA8\xD6\xAA\xC8\xE7\xCF\xC2").unwrap_err();
        assert_eq!(err, ParseError::NotUtf8 { valid_up_to: 4 });
        assert!(err.to_string().contains("GBK"));
    }

    #[test]
    fn pdf_and_legacy_word_are_refused() {
        assert!(matches!(
            parse("a.pdf", b"%PDF-1.7"),
            Err(ParseError::Unsupported { .. })
        ));
        assert!(matches!(
            parse("a.bin", OLE_MAGIC),
            Err(ParseError::Unsupported { .. })
        ));
    }
}
