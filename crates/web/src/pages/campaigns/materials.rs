//! 学习材料: adding and changing a campaign's material (kind, title, link, one chapter per
//! line), removing it, and the file of a `file` material — uploaded on the material's page,
//! always downloaded, never shown inline.

use super::{Problems, material_kind_label, refused};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::files::accept::accept;
use crate::files::serve;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use anyhow::Context;
use app::activities::media::Stored;
use app::campaigns::access;
use app::campaigns::materials::{self as use_case, MaterialFile, MaterialInput};
use askama::Template;
use axum::extract::{Path, Request, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::campaign::MaterialKind;
use serde::Deserialize;
use store::campaigns::{Campaign, StoredMaterial};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MaterialForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub link: String,
    /// One chapter (篇目) per line.
    #[serde(default)]
    pub chapters: String,
}

impl MaterialForm {
    fn of(m: &StoredMaterial) -> MaterialForm {
        MaterialForm {
            kind: m.kind.as_str().to_owned(),
            title: m.title.clone(),
            link: m.link.clone(),
            chapters: m.chapters.join("\n"),
        }
    }

    fn input(&self) -> MaterialInput {
        MaterialInput {
            kind: MaterialKind::parse(self.kind.trim())
                .unwrap_or_else(|| MaterialKind::guess(&self.title)),
            title: self.title.clone(),
            link: self.link.clone(),
            chapters: self.chapters.lines().map(str::to_owned).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "campaigns/material.html")]
struct MaterialPage {
    chrome: Chrome,
    campaign_id: i64,
    theme: String,
    heading: String,
    action: String,
    kinds: Vec<(String, String)>,
    /// A saved material of kind `file`: its file form, and the current file's name.
    file_form: Option<(i64, String)>,
    v: MaterialForm,
    p: Problems,
}

fn page(
    chrome: Chrome,
    c: &Campaign,
    material: Option<&StoredMaterial>,
    v: MaterialForm,
    p: Problems,
) -> Result<String> {
    let t = chrome.t;
    let (heading, action) = match material {
        Some(m) => (
            t.f("campaign_pages.material_edit", &[("title", &m.title)]),
            format!("/campaigns/{}/materials/{}/edit", c.id, m.id),
        ),
        None => (
            t.s("campaign_pages.add_material").to_owned(),
            format!("/campaigns/{}/materials/new", c.id),
        ),
    };
    Ok(MaterialPage {
        campaign_id: c.id,
        theme: c.theme.clone(),
        heading,
        action,
        kinds: MaterialKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), material_kind_label(t, *k)))
            .collect(),
        file_form: material
            .filter(|m| m.kind == MaterialKind::File)
            .map(|m| (m.id, m.file_name.clone())),
        chrome,
        v,
        p,
    }
    .render()?)
}

async fn standing(state: &AppState, id: i64, material: i64) -> Result<StoredMaterial> {
    match store::campaigns::material(state.db.read(), material).await? {
        Some(m) if m.campaign_id == id && !m.removed => Ok(m),
        _ => Err(Error::not_found()),
    }
}

/// `GET /campaigns/{id}/materials/new`
pub async fn new(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>> {
    let c = access::manageable(&state, &user, id).await?;
    let v = MaterialForm {
        kind: MaterialKind::Article.as_str().to_owned(),
        ..MaterialForm::default()
    };
    Ok(Html(page(chrome, &c, None, v, Problems::default())?))
}

/// `POST /campaigns/{id}/materials/new`
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(v): Form<MaterialForm>,
) -> Result<Response> {
    let c = access::manageable(&state, &user, id).await?;
    match use_case::add(&state, &user, id, v.input(), None).await? {
        // A file material gets its file on its own page.
        Ok(m) if v.input().kind == MaterialKind::File => {
            Ok(Redirect::to(&format!("/campaigns/{id}/materials/{m}/edit")).into_response())
        }
        Ok(_) => Ok(Redirect::to(&format!("/campaigns/{id}#materials")).into_response()),
        Err(r) => {
            let p = Problems::of(chrome.t, &r);
            Ok(refused(page(chrome, &c, None, v, p)?))
        }
    }
}

/// `GET /campaigns/{id}/materials/{material}/edit`
pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path((id, material)): Path<(i64, i64)>,
) -> Result<Html<String>> {
    let c = access::manageable(&state, &user, id).await?;
    let m = standing(&state, id, material).await?;
    let v = MaterialForm::of(&m);
    Ok(Html(page(chrome, &c, Some(&m), v, Problems::default())?))
}

/// `POST /campaigns/{id}/materials/{material}/edit`
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path((id, material)): Path<(i64, i64)>,
    Form(v): Form<MaterialForm>,
) -> Result<Response> {
    let c = access::manageable(&state, &user, id).await?;
    let m = standing(&state, id, material).await?;
    match use_case::edit(&state, &user, id, material, v.input(), None).await? {
        Ok(()) => Ok(Redirect::to(&format!("/campaigns/{id}#materials")).into_response()),
        Err(r) => {
            let p = Problems::of(chrome.t, &r);
            Ok(refused(page(chrome, &c, Some(&m), v, p)?))
        }
    }
}

/// `POST /campaigns/{id}/materials/{material}/remove`
pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, material)): Path<(i64, i64)>,
) -> Result<Response> {
    // A closed campaign keeps its materials: the refusal is the campaign page's to show.
    use_case::remove(&state, &user, id, material).await?.ok();
    Ok(Redirect::to(&format!("/campaigns/{id}#materials")).into_response())
}

/// `POST /campaigns/{id}/materials/{material}/file?csrf_token=…`: the material's file, in the
/// part `file`; it replaces the one before (kept on disk).
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path((id, material)): Path<(i64, i64)>,
    request: Request,
) -> Result<Response> {
    let c = access::manageable(&state, &user, id).await?;
    let m = standing(&state, id, material).await?;
    let f = accept(&state, request, "material").await?;
    let file = MaterialFile {
        stored: Stored {
            hash: f.hash,
            size: f.size,
            content_type: f.content_type.to_owned(),
        },
        name: f.name,
    };
    let v = MaterialForm::of(&m);
    match use_case::edit(&state, &user, id, material, v.input(), Some(file)).await? {
        Ok(()) => Ok(Redirect::to(&format!("/campaigns/{id}#materials")).into_response()),
        Err(r) => {
            let p = Problems::of(chrome.t, &r);
            Ok(refused(page(chrome, &c, Some(&m), v, p)?))
        }
    }
}

/// `GET /campaigns/{id}/materials/{material}/file`: always a download.
pub async fn file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, material)): Path<(i64, i64)>,
) -> Result<Response> {
    let (hash, name) = use_case::file(&state, &user, id, material).await?;
    let content_type = store::files::content_type(state.db.read(), &hash)
        .await?
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let stored = state.files.open(&hash).await.context("opening a file")?;
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("bin");
    let fallback = format!("material-{material}.{ext}");
    Ok(serve::download(stored, &content_type, &name, &fallback))
}
