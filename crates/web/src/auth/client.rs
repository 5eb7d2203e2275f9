//! Where a request comes from, for the audit log and per-address limits: the extractor of
//! [`app::Client`].

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::USER_AGENT;
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};
use std::convert::Infallible;
use std::net::SocketAddr;

/// The request's [`app::Client`]; derefs to it. Handlers with a logged-in account use the one
/// inside its actor instead.
#[derive(Debug, Clone)]
pub struct Client(pub app::Client);

impl std::ops::Deref for Client {
    type Target = app::Client;
    fn deref(&self) -> &app::Client {
        &self.0
    }
}

/// The address and user agent of a request.
pub fn client_of(extensions: &Extensions, headers: &HeaderMap) -> app::Client {
    let ip = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_default();
    let user_agent = headers
        .get(USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(300)
        .collect();
    app::Client { ip, user_agent }
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Client(client_of(&parts.extensions, &parts.headers)))
    }
}
