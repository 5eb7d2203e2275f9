//! The web tier's one error type, and how it becomes a response.
//!
//! A handler returns `Err(Error)`; `into_response` only sets the status and attaches an
//! [`ErrorInfo`]. The error-rendering middleware (`middleware::errors`) then writes the body in
//! one place: an HTML page in the reader's language for pages, `{"error":{"code","message"}}`
//! for the API. Internal errors are logged with their cause chain and answered generically.

use app::Refusal;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub use app::{FieldIssue, Message};

/// Attached to an error response for the renderer to turn into a body.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub message: Message,
    /// Extra text shown after the message (e.g. which JSON field was wrong); never localised.
    pub detail: Option<String>,
    /// Problems of single fields (a report's answers), each named and explained.
    pub problems: Vec<FieldIssue>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{code}")]
    Client {
        status: StatusCode,
        code: &'static str,
        message: Message,
        detail: Option<String>,
        problems: Vec<FieldIssue>,
    },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn client(status: StatusCode, code: &'static str, key: &'static str) -> Error {
        Error::Client {
            status,
            code,
            message: Message::new(key),
            detail: None,
            problems: Vec::new(),
        }
    }

    /// Attaches the problems of single fields.
    pub fn problems(mut self, list: Vec<FieldIssue>) -> Error {
        if let Error::Client { problems, .. } = &mut self {
            *problems = list;
        }
        self
    }

    /// Adds a value for a `{name}` placeholder of the message.
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Error {
        if let Error::Client { message, .. } = &mut self {
            message.args.push((name, value.into()));
        }
        self
    }

    pub fn detail(mut self, text: impl Into<String>) -> Error {
        if let Error::Client { detail, .. } = &mut self {
            *detail = Some(text.into());
        }
        self
    }

    pub fn bad_request(code: &'static str, key: &'static str) -> Error {
        Error::client(StatusCode::BAD_REQUEST, code, key)
    }

    pub fn unauthorized() -> Error {
        Error::client(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "error.unauthorized",
        )
    }

    pub fn not_found() -> Error {
        Error::client(StatusCode::NOT_FOUND, "not_found", "error.not_found")
    }

    pub fn unprocessable(code: &'static str, key: &'static str) -> Error {
        Error::client(StatusCode::UNPROCESSABLE_ENTITY, code, key)
    }

    /// A rule's refusal ([`domain::Problem`]): 422 with its code and message, the one way every
    /// domain problem becomes an answer.
    pub fn problem(problem: &impl domain::Problem) -> Error {
        Error::problem_as(StatusCode::UNPROCESSABLE_ENTITY, problem)
    }

    /// A rule's refusal answered with another status (a stale copy is a conflict).
    pub fn problem_as(status: StatusCode, problem: &impl domain::Problem) -> Error {
        problem.args().into_iter().fold(
            Error::client(status, problem.code(), problem.message_key()),
            |e, (name, value)| e.arg(name, value),
        )
    }

    pub fn too_many(code: &'static str, key: &'static str) -> Error {
        Error::client(StatusCode::TOO_MANY_REQUESTS, code, key)
    }

    pub fn csrf() -> Error {
        Error::client(StatusCode::FORBIDDEN, "csrf", "error.csrf")
    }

    /// The account must choose a new password before doing anything else.
    pub fn password_change_required() -> Error {
        Error::client(
            StatusCode::FORBIDDEN,
            "password_change_required",
            "error.password_change_required",
        )
    }
}

impl From<store::StoreError> for Error {
    fn from(e: store::StoreError) -> Error {
        Error::from(app::Error::from(e))
    }
}

/// The one place a use case's refusal becomes an HTTP status.
fn status_of(kind: Refusal) -> StatusCode {
    match kind {
        Refusal::BadRequest => StatusCode::BAD_REQUEST,
        Refusal::Unauthorized => StatusCode::UNAUTHORIZED,
        Refusal::Forbidden => StatusCode::FORBIDDEN,
        Refusal::NotFound => StatusCode::NOT_FOUND,
        Refusal::Conflict => StatusCode::CONFLICT,
        Refusal::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Refusal::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Refusal::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
        Refusal::TooMany => StatusCode::TOO_MANY_REQUESTS,
        Refusal::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

impl From<app::Error> for Error {
    fn from(e: app::Error) -> Error {
        match e {
            app::Error::Refused {
                kind,
                code,
                message,
                detail,
                problems,
            } => Error::Client {
                status: status_of(kind),
                code,
                message,
                detail,
                problems,
            },
            app::Error::Internal(e) => Error::Internal(e),
        }
    }
}

impl From<askama::Error> for Error {
    fn from(e: askama::Error) -> Error {
        Error::Internal(anyhow::Error::new(e).context("rendering a template"))
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, info) = match self {
            Error::Client {
                status,
                code,
                message,
                detail,
                problems,
            } => (
                status,
                ErrorInfo {
                    code,
                    message,
                    detail,
                    problems,
                },
            ),
            Error::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorInfo {
                        code: "internal",
                        message: Message::new("error.internal"),
                        detail: None,
                        problems: Vec::new(),
                    },
                )
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(info);
        response
    }
}

/// The error a bare status stands for, when something other than a handler (axum's
/// extractors, the fallback, a method mismatch) answered with it.
pub fn info_for_status(status: StatusCode) -> ErrorInfo {
    let (code, key) = match status {
        StatusCode::BAD_REQUEST => ("bad_request", "error.bad_request"),
        StatusCode::UNAUTHORIZED => ("unauthorized", "error.unauthorized"),
        StatusCode::FORBIDDEN => ("forbidden", "error.forbidden"),
        StatusCode::NOT_FOUND => ("not_found", "error.not_found"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "error.method_not_allowed"),
        StatusCode::CONFLICT => ("conflict", "error.conflict"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "error.payload_too_large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ("unsupported_media_type", "error.unsupported_media_type")
        }
        StatusCode::UNPROCESSABLE_ENTITY => ("unprocessable", "error.unprocessable"),
        StatusCode::TOO_MANY_REQUESTS => ("too_many_requests", "error.too_many"),
        StatusCode::SERVICE_UNAVAILABLE => ("unavailable", "error.unavailable"),
        s if s.is_client_error() => ("bad_request", "error.bad_request"),
        _ => ("internal", "error.internal"),
    };
    ErrorInfo {
        code,
        message: Message::new(key),
        detail: None,
        problems: Vec::new(),
    }
}
