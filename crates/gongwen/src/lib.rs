//! 公文: parse an official notice (text, Markdown, .docx) into a structured `NoticeDraft`.
//!
//! Pure: input arrives as `&str` or bytes, nothing is read or written, nothing is async. The
//! parser never panics and runs in time linear in its input, whatever the input.
//!
//! The stages, one module each: `lines` (Markdown/OCR clean-up) → `header` (issuer, 发文字号,
//! title; the 主送机关 via `recipients`) → `tail` (signature, 成文日期) → `body` (paragraphs
//! re-joined across page breaks, attachments, contacts) → `sections` (heading tree; levels
//! from `headings`) → `deadlines` and `actions`.
//!
//! # JSON
//!
//! `NoticeDraft` serialises to
//!
//! ```text
//! {"issuer": str|null, "signature": str|null,
//!  "doc_number": {"text": "渝科协社党发〔2022〕28号", "prefix": str, "year": int, "serial": int}|null,
//!  "title": str|null, "recipients": [str], "date": "YYYY-MM-DD"|null, "preamble": str,
//!  "sections": [{"number": str, "level": 1..5, "title": str, "title_punct": str,
//!                "run_in": bool, "body": str, "children": [...], "actions": [str]}],
//!  "attachments": [str], "contacts": [str],
//!  "deadlines": [{"date": "YYYY-MM-DD"|null, "text": str, "phrase": str, "section": str|null}],
//!  "actions": [str], "report_required": bool}
//! ```
//!
//! Section numbers are normalised by style: `一`, `（一）`, `1`, `（1）`, `①` (levels 1–5)
//! whatever punctuation the source used (`1、`, `1．`, `(一)` …). A section's `title` has no
//! final punctuation; `title_punct` holds what the source put there (the `。` of a run-in
//! heading, so `（一）加强组织引导。各党支部要…` can be shown as written) and is left out of
//! the JSON when empty. `doc_number.text` is canonical, with 〔〕 whatever brackets the
//! source used. `deadlines[].section` is the path of numbers, e.g. `一/（三）/1`. A section's
//! `actions` cover its whole subtree.
//!
//! ```
//! let draft = gongwen::parse_text("关于召开组织生活会的通知\n各党支部：\n请于3月20日前报送方案。\n中共某某委员会\n2024年3月1日");
//! assert_eq!(draft.recipients, vec!["各党支部"]);
//! assert_eq!(draft.deadlines[0].date.unwrap().to_string(), "2024-03-20");
//! assert!(draft.report_required);
//! ```

mod actions;
mod attachments;
mod body;
mod contacts;
mod date;
mod date_text;
mod deadlines;
mod doc_number;
mod docx;
mod draft;
mod file;
mod header;
mod headings;
mod lines;
mod notice;
mod numerals;
mod readable;
mod recipients;
mod sections;
pub mod study;
mod tail;
mod text;

pub use date::{Date, DateError};
pub use doc_number::{DocNumber, DocNumberError};
pub use docx::{
    DocxError, MAX_DOCUMENT_BYTES as DOCX_MAX_XML_BYTES, MAX_TEXT_BYTES as DOCX_MAX_TEXT_BYTES,
};
pub use draft::{Deadline, NoticeDraft, Section};
pub use file::ParseError;

/// Parses a notice given as plain text or Markdown (OCR and PDF-converter output included).
pub fn parse_text(input: &str) -> NoticeDraft {
    notice::parse(input)
}

/// Parses a .docx file: the paragraphs of `word/document.xml`, bold runs kept as `**…**` so
/// run-in headings are found as in Markdown.
pub fn parse_docx(bytes: &[u8]) -> Result<NoticeDraft, DocxError> {
    docx::to_text(bytes).map(|text| notice::parse(&text))
}

/// The text of a file (.docx paragraphs with bold runs as `**…**`, or decoded UTF-8), such
/// that `parse_text(&file_text(n, b)?)` equals `parse_file(n, b)?`: an editor can show it,
/// let a person correct it, and parse it again.
pub fn file_text(name: &str, bytes: &[u8]) -> Result<String, ParseError> {
    file::text(name, bytes)
}

/// Parses a file by its name and content: .docx, or UTF-8 text and Markdown (a BOM is
/// stripped; UTF-16 with a BOM is accepted). Content wins over a misleading extension.
pub fn parse_file(name: &str, bytes: &[u8]) -> Result<NoticeDraft, ParseError> {
    file::parse(name, bytes)
}
