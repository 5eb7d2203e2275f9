//! Why a notice change was refused, as the web tier answers it: 422 with the problem's code
//! and message, for pages and API alike.

use crate::error::Error;
use app::notices::compose::HeaderProblem;
use domain::notice::NoticeProblem;

/// A change the notice's state does not allow (publishing twice, editing a withdrawn notice …).
pub fn notice_problem(problem: NoticeProblem) -> Error {
    Error::problem(&problem)
}

/// A header field that could not be taken as typed, or a notice without text or title.
pub fn header_problem(problem: HeaderProblem) -> Error {
    Error::problem(&problem)
}

/// A notice file gongwen could not read (a .doc, a PDF, text that is not UTF-8 …).
pub fn unreadable_file(error: gongwen::ParseError) -> Error {
    match oversized(&error) {
        Some(o) => Error::unprocessable(o.code, o.key).arg("max", o.max_mb.to_string()),
        None => Error::unprocessable("unreadable_file", "notice.file.unreadable")
            .detail(error.to_string()),
    }
}

/// A .docx refused for what it unpacks to: its code, its message and the bound in MB.
pub struct Oversized {
    pub code: &'static str,
    pub key: &'static str,
    pub max_mb: u64,
}

/// Whether gongwen refused the file for its size once unpacked, which the person who sent it
/// is told plainly (with the bound), rather than as an unreadable file.
pub fn oversized(error: &gongwen::ParseError) -> Option<Oversized> {
    const MB: u64 = 1024 * 1024;
    match error {
        gongwen::ParseError::Docx(gongwen::DocxError::TooLong { limit }) => Some(Oversized {
            code: "file_text_too_long",
            key: "notice.file.text_too_long",
            max_mb: (*limit as u64).div_ceil(MB),
        }),
        gongwen::ParseError::Docx(gongwen::DocxError::TooLarge { limit }) => Some(Oversized {
            code: "file_unpacks_too_large",
            key: "notice.file.unpacks_too_large",
            max_mb: limit.div_ceil(MB),
        }),
        _ => None,
    }
}
