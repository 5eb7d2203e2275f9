//! A workbook as a download: the right type, a Chinese file name for browsers that read
//! RFC 6266's `filename*` with an ASCII one for those that do not, and no caching (rosters hold
//! personal data).

use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `name` without the characters file systems refuse.
pub fn file_safe(name: &str) -> String {
    name.chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        })
        .collect()
}

/// RFC 5987 encoding: attr-chars as they are, every other byte as %XX.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn content_disposition(name: &str, ascii_fallback: &str) -> String {
    let fallback: String = ascii_fallback
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\')
        .collect();
    format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        percent_encode(&file_safe(name))
    )
}

pub fn xlsx(bytes: Vec<u8>, name: &str, ascii_fallback: &str) -> Response {
    (
        [
            (CONTENT_TYPE, XLSX.to_owned()),
            (
                CONTENT_DISPOSITION,
                content_disposition(name, ascii_fallback),
            ),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_are_encoded_with_an_ascii_fallback() {
        assert_eq!(
            content_disposition("党员名册 1/2.xlsx", "roster.xlsx"),
            "attachment; filename=\"roster.xlsx\"; \
             filename*=UTF-8''%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C%2012.xlsx"
        );
    }
}
