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

/// A notice file gongwen could not read (a .doc, a PDF, text that is not UTF-8 …). The API
/// keeps the reader's own words in `detail` for the developer; the message says what to do.
pub fn unreadable_file(error: gongwen::ParseError) -> Error {
    let refusal = file_refusal(&error);
    let mut e = Error::unprocessable(refusal.code, refusal.key);
    for (name, value) in refusal.args {
        e = e.arg(name, value);
    }
    if refusal.code == "unreadable_file" {
        e = e.detail(error.to_string());
    }
    e
}

/// Why a notice file was refused, as a message in the reader's language.
pub struct FileRefusal {
    pub code: &'static str,
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl FileRefusal {
    /// The message a person reads.
    pub fn message(&self, t: catalogue::T) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        t.f(self.key, &args)
    }
}

/// The refusal of each kind of unreadable file: a fake or damaged .docx, a PDF, an old Word
/// file, text in another encoding, or a .docx too large once unpacked.
pub fn file_refusal(error: &gongwen::ParseError) -> FileRefusal {
    use gongwen::ParseError as P;
    if let Some(o) = oversized(error) {
        return FileRefusal {
            code: o.code,
            key: o.key,
            args: vec![("max", o.max_mb.to_string())],
        };
    }
    let key = match error {
        P::Unsupported { format: "PDF" } => "notice.file.pdf",
        P::Unsupported { .. } => "notice.file.legacy_word",
        P::NotUtf8 { .. } => "notice.file.not_utf8",
        P::Docx(_) => "notice.file.not_docx",
    };
    FileRefusal {
        code: "unreadable_file",
        key,
        args: Vec::new(),
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
