//! The one error type of the use cases.
//!
//! A use case refuses with a [`Refusal`] (what kind of no it is: not found, conflict, …), a
//! stable machine code and a catalogue message; everything else is an internal error, logged
//! by whoever renders it and never shown. `web` turns a refusal into an HTTP status in one
//! place; the CLI prints its message.

/// A catalogue key with the values for its `{placeholders}`.
#[derive(Debug, Clone)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }
}

/// One field's problem: where (a path such as `rows[2].hours`), which rule, and the message.
#[derive(Debug, Clone)]
pub struct FieldIssue {
    pub field: String,
    pub code: &'static str,
    pub message: Message,
}

/// The kinds of "no" a use case answers, each with one HTTP status in `web`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The request itself is malformed.
    BadRequest,
    /// Nobody is logged in, or the credentials are wrong.
    Unauthorized,
    /// Logged in, but this is not theirs to do (and saying so leaks nothing).
    Forbidden,
    /// No such object, or not one the actor may see: the two are never told apart.
    NotFound,
    /// The object changed or exists already.
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    /// Well-formed, but the rules say no.
    Unprocessable,
    /// Too many attempts; try later.
    TooMany,
    /// The server cannot take more of this right now.
    Unavailable,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{code}")]
    Refused {
        kind: Refusal,
        code: &'static str,
        message: Message,
        /// Extra text shown after the message (e.g. which field was wrong); never localised.
        detail: Option<String>,
        /// Problems of single fields (a report's answers), each named and explained.
        problems: Vec<FieldIssue>,
    },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn refused(kind: Refusal, code: &'static str, key: &'static str) -> Error {
        Error::Refused {
            kind,
            code,
            message: Message::new(key),
            detail: None,
            problems: Vec::new(),
        }
    }

    /// Attaches the problems of single fields.
    pub fn problems(mut self, list: Vec<FieldIssue>) -> Error {
        if let Error::Refused { problems, .. } = &mut self {
            *problems = list;
        }
        self
    }

    /// Adds a value for a `{name}` placeholder of the message.
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Error {
        if let Error::Refused { message, .. } = &mut self {
            message.args.push((name, value.into()));
        }
        self
    }

    pub fn detail(mut self, text: impl Into<String>) -> Error {
        if let Error::Refused { detail, .. } = &mut self {
            *detail = Some(text.into());
        }
        self
    }

    pub fn bad_request(code: &'static str, key: &'static str) -> Error {
        Error::refused(Refusal::BadRequest, code, key)
    }

    pub fn not_found() -> Error {
        Error::refused(Refusal::NotFound, "not_found", "error.not_found")
    }

    pub fn unprocessable(code: &'static str, key: &'static str) -> Error {
        Error::refused(Refusal::Unprocessable, code, key)
    }

    pub fn conflict(code: &'static str, key: &'static str) -> Error {
        Error::refused(Refusal::Conflict, code, key)
    }

    pub fn too_many(code: &'static str, key: &'static str) -> Error {
        Error::refused(Refusal::TooMany, code, key)
    }
}

impl From<store::StoreError> for Error {
    fn from(e: store::StoreError) -> Error {
        match e {
            store::StoreError::Conflict(what) => Error::conflict(what.code(), "error.conflict"),
            other => Error::Internal(anyhow::Error::new(other)),
        }
    }
}
