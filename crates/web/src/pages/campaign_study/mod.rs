//! 我的学习 and 心得体会: a member's study page in a campaign (materials as a checklist,
//! logging self-study or online study elsewhere, their entries, the sessions they sat in),
//! the list of their campaigns, and reflections — written, read with their versions and
//! comments, edited, withdrawn, commented on and featured.

mod mine;
mod reflection;
mod reflections;
mod study;

use crate::i18n::T;
use crate::routes::Routes;
use app::campaigns::Refused;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::Locale;
use jiff::civil::Date;

/// The study and reflection pages' routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/me/study", mine::page)
        .get("/campaigns/{id}/study", study::page)
        .post("/campaigns/{id}/study", study::log)
        .post("/study-logs/{id}/withdraw", study::withdraw)
        .get("/campaigns/{id}/reflections", reflections::list)
        .get("/campaigns/{id}/reflections/new", reflections::new)
        .post("/campaigns/{id}/reflections/new", reflections::create)
        .get("/reflections/{id}", reflection::show)
        .get("/reflections/{id}/edit", reflection::edit)
        .post("/reflections/{id}/edit", reflection::update)
        .post("/reflections/{id}/withdraw", reflection::withdraw)
        .post("/reflections/{id}/comments", reflection::comment)
        .post("/reflections/{id}/feature", reflection::feature)
}

/// A page shown again with a refusal.
fn refused(html: String) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response()
}

/// A civil date as people read it: 2022年8月5日, or 2022-08-05.
pub(crate) fn day_label(t: T, d: Date) -> String {
    match t.locale {
        Locale::ZhCn => d.strftime("%Y年%-m月%-d日").to_string(),
        Locale::En => d.to_string(),
    }
}

/// A refusal: above the form, and beside its field when it has one.
#[derive(Default)]
pub struct Problems {
    pub general: Option<String>,
    field: Option<(&'static str, String)>,
}

impl Problems {
    fn of(t: T, r: &Refused) -> Problems {
        let text = t.problem(r);
        match r.field() {
            Some(f) => Problems::at_field(t, f, text),
            None => Problems {
                general: Some(text),
                field: None,
            },
        }
    }

    /// A problem of one field, named above the form too.
    fn at_field(t: T, field: &'static str, text: String) -> Problems {
        Problems {
            general: Some(t.s("study.page.invalid").to_owned()),
            field: Some((field, text)),
        }
    }

    /// The message beside `field`, if it is the one refused.
    pub fn at(&self, field: &str) -> Option<&str> {
        self.field
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}
