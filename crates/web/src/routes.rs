//! A router that remembers its routes, so the authorisation matrix test can check that every
//! route of the product is listed in it (a new route fails that test until it is).
//!
//! Every route gets its time limit here: an ordinary request is answered 503 after
//! [`REQUEST_TIMEOUT`]; an upload may take up to [`UPLOAD_TIMEOUT`] on a slow line as long as
//! its body keeps coming (a pause longer than [`UPLOAD_IDLE`] ends it).

use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::routing::{MethodRouter, delete, get, post, put};
use std::convert::Infallible;
use std::time::Duration;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// The longest an ordinary request (a page, an API call, a download being prepared) may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest an upload may take in all.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(60 * 60);
/// The longest an upload's body may pause.
pub const UPLOAD_IDLE: Duration = Duration::from_secs(60);

fn timed<S: Clone + Send + Sync + 'static>(
    route: MethodRouter<S>,
    limit: Duration,
) -> MethodRouter<S> {
    route.layer(TimeoutLayer::with_status_code(
        StatusCode::SERVICE_UNAVAILABLE,
        limit,
    ))
}

#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    table: Vec<(&'static str, &'static str)>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes::default()
    }

    fn add(
        mut self,
        method: &'static str,
        path: &'static str,
        route: MethodRouter<AppState>,
    ) -> Routes {
        self.router = self.router.route(path, route);
        self.table.push((method, path));
        self
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Routes {
        self.add("GET", path, timed(get(h), REQUEST_TIMEOUT))
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Routes {
        self.add("POST", path, timed(post(h), REQUEST_TIMEOUT))
    }

    pub fn put<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Routes {
        self.add("PUT", path, timed(put(h), REQUEST_TIMEOUT))
    }

    pub fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Routes {
        self.add("DELETE", path, timed(delete(h), REQUEST_TIMEOUT))
    }

    /// A POST route that accepts bodies up to `limit` bytes (uploads), instead of the
    /// app-wide form limit.
    pub fn post_with_body_limit<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        h: H,
        limit: usize,
    ) -> Routes {
        let route: MethodRouter<AppState> = post(h)
            .layer::<_, Infallible>(DefaultBodyLimit::max(limit))
            .layer(RequestBodyTimeoutLayer::new(UPLOAD_IDLE));
        self.add("POST", path, timed(route, UPLOAD_TIMEOUT))
    }

    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    pub fn into_parts(self) -> (Router<AppState>, Vec<(&'static str, &'static str)>) {
        (self.router, self.table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use tokio::time::Instant;
    use tower::ServiceExt;

    /// A handler that takes two minutes.
    async fn slow() -> &'static str {
        tokio::time::sleep(Duration::from_secs(120)).await;
        "done"
    }

    async fn answer(route: MethodRouter<()>, method: &str) -> (StatusCode, Duration) {
        let started = Instant::now();
        let request = Request::builder()
            .method(method)
            .uri("/")
            .body(Body::empty())
            .unwrap();
        let response = Router::new()
            .route("/", route)
            .oneshot(request)
            .await
            .unwrap();
        (response.status(), started.elapsed())
    }

    #[tokio::test(start_paused = true)]
    async fn an_ordinary_request_is_answered_503_after_thirty_seconds() {
        let (status, took) = answer(timed(get(slow), REQUEST_TIMEOUT), "GET").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(took, REQUEST_TIMEOUT);
    }

    #[tokio::test(start_paused = true)]
    async fn an_upload_may_take_longer() {
        let (status, took) = answer(timed(post(slow), UPLOAD_TIMEOUT), "POST").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(took, Duration::from_secs(120));
    }
}
