//! Why a notice change was refused, as the web tier answers it: 422 with the problem's code
//! and message, for pages and API alike.

use crate::error::Error;
use app::notices::compose::HeaderProblem;
use domain::notice::NoticeProblem;

/// A change the notice's state does not allow (publishing twice, editing a withdrawn notice …).
pub fn notice_problem(problem: NoticeProblem) -> Error {
    Error::unprocessable(problem.code(), problem.message_key())
}

/// A header field that could not be taken as typed, or a notice without text or title.
pub fn header_problem(problem: HeaderProblem) -> Error {
    Error::unprocessable(problem.code(), problem.message_key())
}

/// A notice file gongwen could not read (a .doc, a PDF, text that is not UTF-8 …).
pub fn unreadable_file(error: gongwen::ParseError) -> Error {
    Error::unprocessable("unreadable_file", "notice.file.unreadable").detail(error.to_string())
}
