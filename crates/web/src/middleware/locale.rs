//! Picks the request's language once, for handlers and the error renderer alike.

use crate::auth::current::Authenticated;
use crate::i18n::{T, negotiate};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

pub async fn choose(mut request: Request, next: Next) -> Response {
    let account_locale = request
        .extensions()
        .get::<Arc<Authenticated>>()
        .and_then(|a| a.account.locale);
    let locale = negotiate(account_locale, request.headers());
    request.extensions_mut().insert(T::new(locale));
    next.run(request).await
}
