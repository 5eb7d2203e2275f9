//! A JSON body extractor whose rejections speak the API's error format and name what was
//! wrong with the body.

use crate::error::Error;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(match &rejection {
                JsonRejection::MissingJsonContentType(_) => Error::client(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "error.json_content_type",
                ),
                JsonRejection::JsonDataError(_) => {
                    Error::unprocessable("invalid_body", "error.invalid_body")
                        .detail(rejection.body_text())
                }
                _ => Error::bad_request("invalid_json", "error.invalid_json")
                    .detail(rejection.body_text()),
            }),
        }
    }
}
