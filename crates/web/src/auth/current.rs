//! The logged-in account of a request, as the session middleware found it.

use crate::error::Error;
use app::Actor;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::convert::Infallible;
use std::sync::Arc;
use store::sessions::Session;

/// An authenticated request's actor (account, grants, address) and session. Derefs to the
/// [`Actor`] the use cases take.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub actor: Actor,
    pub session: Session,
    /// Came with `Authorization: Bearer` rather than the session cookie: no CSRF token needed.
    pub via_bearer: bool,
}

impl std::ops::Deref for Authenticated {
    type Target = Actor;
    fn deref(&self) -> &Actor {
        &self.actor
    }
}

/// A logged-in account that may use the product (it has no pending forced password change).
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Arc<Authenticated>);

/// A logged-in account, even one that must change its password first (the password page and
/// logout accept it).
#[derive(Debug, Clone)]
pub struct AnyUser(pub Arc<Authenticated>);

/// The account if there is one.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<Arc<Authenticated>>);

impl std::ops::Deref for CurrentUser {
    type Target = Authenticated;
    fn deref(&self) -> &Authenticated {
        &self.0
    }
}

impl std::ops::Deref for AnyUser {
    type Target = Authenticated;
    fn deref(&self) -> &Authenticated {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AnyUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        parts
            .extensions
            .get::<Arc<Authenticated>>()
            .cloned()
            .map(AnyUser)
            .ok_or_else(Error::unauthorized)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let AnyUser(user) = AnyUser::from_request_parts(parts, state).await?;
        if user.account.must_change_password {
            return Err(Error::password_change_required());
        }
        Ok(CurrentUser(user))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(MaybeUser(
            parts.extensions.get::<Arc<Authenticated>>().cloned(),
        ))
    }
}
