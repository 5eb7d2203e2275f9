//! 公文: parse an official notice (text, Markdown, .docx) into a structured `NoticeDraft`.
//!
//! Pure: input arrives as `&str` or bytes, nothing is read or written, nothing is async. The
//! parser never panics and runs in time linear in its input, whatever the input.
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
mod sections;
mod tail;
mod text;

pub use date::{Date, DateError};
pub use doc_number::{DocNumber, DocNumberError};
pub use docx::DocxError;
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

/// Parses a file by its name and content: .docx, or UTF-8 text and Markdown (a BOM is
/// stripped; UTF-16 with a BOM is accepted). Content wins over a misleading extension.
pub fn parse_file(name: &str, bytes: &[u8]) -> Result<NoticeDraft, ParseError> {
    file::parse(name, bytes)
}
