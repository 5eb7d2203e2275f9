//! 心得体会 of a campaign: the list as the reader may see it (by branch, for those who guide
//! several), and the form that writes one — also the edit form's page, shared with
//! `reflection`. A refused text comes back as typed, the problem beside its field.

use super::{Problems, day_label, refused};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::campaigns::access;
use app::campaigns::reflection_reads::Listed;
use app::campaigns::reflections::{self, ReflectionInput};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::campaign_study::ReflectionState;
use serde::Deserialize;
use store::campaigns::Campaign;

/// A reflection in the list.
pub struct Item {
    pub id: i64,
    pub title: String,
    pub member: String,
    pub org: String,
    pub material: String,
    pub day: String,
    pub featured: bool,
    pub withdrawn: bool,
    pub comments: String,
}

impl Item {
    fn of(state: &AppState, t: T, l: &Listed) -> Item {
        let r = &l.reflection;
        Item {
            id: r.id,
            title: r.title.clone(),
            member: r.member_name.clone(),
            org: l.org_name.clone(),
            material: l.material_title.clone().unwrap_or_default(),
            day: day_label(t, state.zone.civil_date(r.created_at)),
            featured: r.featured,
            withdrawn: r.state == ReflectionState::Withdrawn,
            comments: t.f(
                "study.reflections.comments",
                &[("n", &l.comments.to_string())],
            ),
        }
    }
}

#[derive(Template)]
#[template(path = "campaign_study/reflections.html")]
struct ListPage {
    chrome: Chrome,
    c: Campaign,
    guide: bool,
    member: bool,
    may_write: bool,
    branches: Vec<(i64, String)>,
    org: Option<i64>,
    items: Vec<Item>,
}

impl ListPage {
    pub fn is_org(&self, id: &i64) -> bool {
        self.org == Some(*id)
    }
}

/// `?org=` (empty: every branch)
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    org: String,
}

/// `GET /campaigns/{id}/reflections`
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>> {
    let t = chrome.t;
    let org = q.org.trim().parse::<i64>().ok();
    let listing = reflections::list(&state, &user, id, org).await?;
    Ok(Html(
        ListPage {
            items: listing
                .items
                .iter()
                .map(|l| Item::of(&state, t, l))
                .collect(),
            guide: listing.guide,
            member: listing.member.is_some(),
            may_write: listing.may_write,
            branches: listing.branches,
            org: listing.org_id,
            c: listing.campaign,
            chrome,
        }
        .render()?,
    ))
}

/// The reflection form as sent and as shown again.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReflectionForm {
    /// A material's id, or empty for the campaign as a whole.
    #[serde(default)]
    pub material: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    /// The version the form showed (edit).
    #[serde(default)]
    pub version: String,
}

impl ReflectionForm {
    pub fn is_material(&self, id: &i64) -> bool {
        self.material.trim() == id.to_string()
    }

    pub(super) fn input(&self) -> ReflectionInput {
        ReflectionInput {
            // An id that cannot be read is no material of the campaign: refused as such.
            material_id: match self.material.trim() {
                "" => None,
                m => Some(m.parse().unwrap_or(-1)),
            },
            title: self.title.clone(),
            body: self.body.clone(),
        }
    }

    pub(super) fn seen(&self) -> Option<i64> {
        self.version.trim().parse().ok()
    }
}

#[derive(Template)]
#[template(path = "campaign_study/reflection_form.html")]
struct FormPage {
    chrome: Chrome,
    c: Campaign,
    heading: String,
    action: String,
    back: String,
    /// Why the actor cannot write here (no form then).
    refusal: Option<String>,
    materials: Vec<(i64, String)>,
    editing: bool,
    v: ReflectionForm,
    p: Problems,
}

/// What the form page shows for campaign `c`: a new reflection (`editing: None`) or an edit of
/// reflection `Some(id)`.
pub(super) async fn form_page(
    state: &AppState,
    chrome: Chrome,
    c: Campaign,
    editing: Option<i64>,
    v: ReflectionForm,
    p: Problems,
    refusal: Option<String>,
) -> Result<String> {
    let t = chrome.t;
    let materials = store::campaigns::materials(state.db.read(), c.id, false)
        .await?
        .into_iter()
        .map(|m| (m.id, m.title))
        .collect();
    let (heading, action, back) = match editing {
        Some(rid) => (
            t.s("study.reflections.edit_heading").to_owned(),
            format!("/reflections/{rid}/edit"),
            format!("/reflections/{rid}"),
        ),
        None => (
            t.s("study.reflections.new").to_owned(),
            format!("/campaigns/{}/reflections/new", c.id),
            format!("/campaigns/{}/reflections", c.id),
        ),
    };
    Ok(FormPage {
        heading,
        action,
        back,
        refusal,
        materials,
        editing: editing.is_some(),
        v,
        p,
        c,
        chrome,
    }
    .render()?)
}

/// `GET /campaigns/{id}/reflections/new`
pub async fn new(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>> {
    let t = chrome.t;
    let (c, refusal) = match reflections::writable(&state, &user, id).await? {
        Ok((c, _)) => (c, None),
        Err(r) => (
            access::readable(&state, &user, id).await?.0,
            Some(t.problem(&r)),
        ),
    };
    let v = ReflectionForm::default();
    Ok(Html(
        form_page(&state, chrome, c, None, v, Problems::default(), refusal).await?,
    ))
}

/// `POST /campaigns/{id}/reflections/new`
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(v): Form<ReflectionForm>,
) -> Result<Response> {
    match reflections::write(&state, &user, id, v.input()).await? {
        Ok(rid) => Ok(Redirect::to(&format!("/reflections/{rid}")).into_response()),
        Err(r) => {
            let p = Problems::of(chrome.t, &r);
            let (c, _) = access::readable(&state, &user, id).await?;
            let html = form_page(&state, chrome, c, None, v, p, None).await?;
            Ok(refused(html))
        }
    }
}
