//! The layers every request passes through, outermost first: request id and tracing,
//! security headers, panic catching, compression, session lookup, language choice, error
//! rendering, CSRF check.

pub mod compress;
pub mod csrf;
pub mod errors;
pub mod headers;
pub mod locale;
pub mod panic;
pub mod request_id;
pub mod session;
