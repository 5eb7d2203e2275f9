//! Static assets, embedded in the binary so a deployment is one file.

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;

const CSS: &str = include_str!("../static/app.css");
const JS: &str = include_str!("../static/app.js");
/// Keeping what is typed until the server has it, and counting long texts (every page).
const FORMS_JS: &str = include_str!("../static/forms.js");
/// The mark in the tab and the top bar; also answered at `/favicon.ico`, which browsers ask for.
const FAVICON: &str = include_str!("../static/favicon.svg");
/// The task pages' form editor, autosave and board tools, loaded by those pages alone.
const TASKS_JS: &str = include_str!("../static/tasks.js");
/// The activity form's minutes toolbar, loaded by that page alone.
const ACTIVITIES_JS: &str = include_str!("../static/activities.js");
/// The campaign dashboard's charts, drawn from the figures the page embeds (its tables stay
/// the primary view), loaded by those pages alone.
const CAMPAIGN_DASHBOARD_JS: &str = include_str!("../static/campaign_dashboard.js");
/// Apache ECharts (Apache-2.0; see NOTICE), a custom build of the bar chart alone, served from
/// the binary: no CDN. Its address carries its version, so it may be kept for a year.
const ECHARTS_JS: &str = include_str!("../static/echarts.min.js");
pub const ECHARTS_PATH: &str = "/static/echarts-6.1.0.min.js";
/// The print layout of a notice (红头文件), loaded by its page alone.
const OFFICIAL_CSS: &str = include_str!("../static/official.css");

fn asset(body: &'static str, content_type: &'static str) -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}

fn versioned(body: &'static str, content_type: &'static str) -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        body,
    )
}

pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            "/static/app.css",
            get(|| async { asset(CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/static/official.css",
            get(|| async { asset(OFFICIAL_CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset(JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/static/forms.js",
            get(|| async { asset(FORMS_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/static/favicon.svg",
            get(|| async { asset(FAVICON, "image/svg+xml") }),
        )
        .route(
            "/favicon.ico",
            get(|| async { asset(FAVICON, "image/svg+xml") }),
        )
        .route(
            "/static/activities.js",
            get(|| async { asset(ACTIVITIES_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/static/campaign_dashboard.js",
            get(|| async { asset(CAMPAIGN_DASHBOARD_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            ECHARTS_PATH,
            get(|| async { versioned(ECHARTS_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/static/tasks.js",
            get(|| async { asset(TASKS_JS, "text/javascript; charset=utf-8") }),
        )
}
