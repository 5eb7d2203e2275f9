//! The layers every request passes through, outermost first: request id and tracing,
//! security headers, session lookup, language choice, CSRF check, error rendering.

pub mod csrf;
pub mod errors;
pub mod headers;
pub mod locale;
pub mod request_id;
pub mod session;
