//! 活动 / 会议记录: the pages of branch activities — the list, the plan-or-record form, the
//! record with its versions, attendance taken one tap per member, photos and files.

mod attendance;
mod form;
mod list;
mod media;
mod show;

use crate::i18n::T;
use crate::routes::Routes;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::activity_content::Kind;

/// The activity pages' routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/activities", list::list)
        .get("/activities/new", form::new)
        .post("/activities/new", form::create)
        .get("/activities/{id}", show::show)
        .get("/activities/{id}/edit", form::edit)
        .post("/activities/{id}/edit", form::update)
        .get("/activities/{id}/correct", form::correct_form)
        .post("/activities/{id}/correct", form::correct)
        .post("/activities/{id}/held", show::held)
        .post("/activities/{id}/confirm", show::confirm)
        .post("/activities/{id}/cancel", show::cancel)
        .post("/activities/{id}/attend", show::attend)
        .get("/activities/{id}/attendance", attendance::form)
        .post("/activities/{id}/attendance", attendance::save)
        .post_with_body_limit(
            "/activities/{id}/photos",
            media::add_photos,
            crate::files::BODY_LIMIT,
        )
        .get("/activities/{id}/photos/{photo}", media::photo)
        .get("/activities/{id}/photos/{photo}/thumb", media::thumb)
        .post(
            "/activities/{id}/photos/{photo}/remove",
            media::remove_photo,
        )
        .post_with_body_limit(
            "/activities/{id}/files",
            media::add_file,
            crate::files::BODY_LIMIT,
        )
        .get("/activities/{id}/files/{file}", media::file)
        .post("/activities/{id}/files/{file}/remove", media::remove_file)
}

/// A kind as people read it: the catalogue's name for a default kind, else the configured
/// name, else its code.
pub(crate) fn kind_label(t: T, kinds: &[Kind], code: &str) -> String {
    // A renamed kind shows its own name, a default one the reader's language.
    app::activities::kinds::label_of(t, kinds, code)
}

/// The tag class of a state (`.tag.ok` …).
fn state_class(s: domain::activity::ActivityState) -> &'static str {
    use domain::activity::ActivityState as S;
    match s {
        S::Planned => "current",
        S::Held => "warn",
        S::Confirmed => "ok",
        S::Cancelled => "closed",
    }
}

/// An activity's page shown again with a refusal of something asked from it (the campaign
/// box posts from there).
pub(crate) async fn show_refused(
    state: &crate::state::AppState,
    user: &crate::auth::CurrentUser,
    chrome: crate::pages::layout::Chrome,
    id: i64,
    message: String,
) -> crate::error::Result<Response> {
    Ok(refused(
        show::render(state, user, chrome, id, vec![message]).await?,
    ))
}

/// A page shown again with a refusal.
fn refused(html: String) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response()
}

/// 实到 ÷ 应到 as people read it: `87.5%`.
fn rate_label(f: &domain::activity::Figures) -> String {
    let r = (f.rate() * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}%")
    } else {
        format!("{r:.1}%")
    }
}
