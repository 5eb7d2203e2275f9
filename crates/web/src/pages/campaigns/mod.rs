//! 主题学习活动: the pages a committee runs a campaign from — the list, the form (new, made from
//! a notice's study section, edit), the campaign page with its materials and state, the
//! material forms — and the box on an activity's page that puts it in a campaign.

mod form;
pub(crate) mod link;
mod list;
mod materials;
mod show;

use crate::i18n::T;
use crate::routes::Routes;
use app::campaigns::Refused;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::campaign::CampaignState;

/// The campaign pages' routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/campaigns", list::list)
        .get("/campaigns/new", form::new)
        .post("/campaigns/new", form::create)
        .get("/notices/{id}/campaign/new", form::from_notice)
        .get("/campaigns/{id}", show::show)
        .get("/campaigns/{id}/edit", form::edit)
        .post("/campaigns/{id}/edit", form::update)
        .post("/campaigns/{id}/open", show::open)
        .post("/campaigns/{id}/close", show::close)
        .get("/campaigns/{id}/materials/new", materials::new)
        .post("/campaigns/{id}/materials/new", materials::create)
        .get("/campaigns/{id}/materials/{material}/edit", materials::edit)
        .post(
            "/campaigns/{id}/materials/{material}/edit",
            materials::update,
        )
        .post(
            "/campaigns/{id}/materials/{material}/remove",
            materials::remove,
        )
        .get("/campaigns/{id}/materials/{material}/file", materials::file)
        .post_with_body_limit(
            "/campaigns/{id}/materials/{material}/file",
            materials::upload,
            crate::files::BODY_LIMIT,
        )
        .post("/activities/{id}/campaign", link::save)
}

/// The tag class of a campaign's state (`.tag.ok` …).
fn state_class(s: CampaignState) -> &'static str {
    match s {
        CampaignState::Draft => "warn",
        CampaignState::Open => "current",
        CampaignState::Closed => "closed",
    }
}

/// A campaign's state as people read it.
fn state_label(t: T, s: CampaignState) -> String {
    t.s(&format!("campaign_pages.state_{}", s.as_str()))
        .to_owned()
}

/// A material kind as people read it.
fn material_kind_label(t: T, k: domain::campaign::MaterialKind) -> String {
    t.s(&format!("campaign_pages.material_{}", k.as_str()))
        .to_owned()
}

/// A page shown again with a refusal.
fn refused(html: String) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response()
}

/// A refusal: above the form, and beside its field when it has one.
#[derive(Default)]
pub struct Problems {
    pub general: Option<String>,
    field: Option<(String, String)>,
}

impl Problems {
    fn of(t: T, r: &Refused) -> Problems {
        let text = t.problem(r);
        match r.field() {
            Some(f) => Problems {
                general: Some(t.s("campaign_pages.invalid").to_owned()),
                field: Some((f.to_owned(), text)),
            },
            None => Problems {
                general: Some(text),
                field: None,
            },
        }
    }

    /// A problem of one field found by the page itself (a date that is no date).
    fn at_field(t: T, field: &str, key: &str) -> Problems {
        Problems {
            general: Some(t.s("campaign_pages.invalid").to_owned()),
            field: Some((field.to_owned(), t.s(key).to_owned())),
        }
    }

    /// The message beside `field`, if it is the one refused.
    pub fn at(&self, field: &str) -> Option<&str> {
        self.field
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}
