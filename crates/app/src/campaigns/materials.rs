//! A campaign's materials (学习材料): added, changed and removed by its committee while the
//! campaign is not closed. A removed material stays for the study already logged on it.

use super::access;
use super::campaigns::Answer;
use crate::activities::media::Stored;
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::campaign::{CampaignChange, CampaignProblem, Material, MaterialKind, check_material};
use store::campaigns::{self, MaterialContent, StoredMaterial};

/// A material as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialInput {
    pub kind: MaterialKind,
    pub title: String,
    pub link: String,
    /// One chapter (篇目) per entry; blank ones are dropped.
    pub chapters: Vec<String>,
}

/// An uploaded file for a material, kept already, and the name it came under.
pub struct MaterialFile {
    pub stored: Stored,
    pub name: String,
}

async fn open(
    app: &App,
    actor: &Actor,
    id: i64,
) -> Result<std::result::Result<store::campaigns::Campaign, CampaignProblem>> {
    let c = access::manageable(app, actor, id).await?;
    Ok(c.state.after(CampaignChange::Edit).map(|_| c))
}

/// A material as typed, checked: its rules and an http(s) link.
pub(crate) fn check(input: &MaterialInput) -> Result<Material, CampaignProblem> {
    let m = check_material(input.kind, &input.title, &input.link, &input.chapters)?;
    domain::campaign_study::check_link(&m.link)?;
    Ok(m)
}

/// What a save of material `m` (with its uploaded file, if any) writes.
pub(crate) fn content<'a>(m: &'a Material, file: Option<&'a MaterialFile>) -> MaterialContent<'a> {
    MaterialContent {
        kind: m.kind,
        title: &m.title,
        link: &m.link,
        chapters: &m.chapters,
        file: file.map(|f| (f.stored.hash.as_str(), f.name.as_str())),
    }
}

/// Adds a material to campaign `id`; answers its id.
pub async fn add(
    app: &App,
    actor: &Actor,
    id: i64,
    input: MaterialInput,
    file: Option<MaterialFile>,
) -> Answer<i64> {
    let c = match open(app, actor, id).await? {
        Ok(c) => c,
        Err(p) => return Ok(Err(p.into())),
    };
    let m = match check(&input) {
        Ok(m) => m,
        Err(p) => return Ok(Err(p.into())),
    };
    let mut w = app.write(actor).await?;
    if let Some(f) = &file {
        let s = &f.stored;
        store::files::record(&mut w.tx, &s.hash, s.size, &s.content_type, w.now).await?;
    }
    let content = content(&m, file.as_ref());
    let mid = campaigns::add_material(&mut w.tx, id, &content, actor.account.id, w.now).await?;
    w.commit(
        "campaign.material.add",
        ("campaign", id),
        c.org_id,
        format!("material {mid} {}", m.title),
    )
    .await?;
    Ok(Ok(mid))
}

/// Loads material `material_id` of campaign `id`, standing.
async fn material_of(app: &App, id: i64, material_id: i64) -> Result<StoredMaterial> {
    match campaigns::material(app.db.read(), material_id).await? {
        Some(m) if m.campaign_id == id && !m.removed => Ok(m),
        _ => Err(Error::not_found()),
    }
}

/// Changes a material. Its chapters keep their positions: a chapter studied stays the one
/// studied, so chapters may be renamed or added at the end, never taken out from the middle.
pub async fn edit(
    app: &App,
    actor: &Actor,
    id: i64,
    material_id: i64,
    input: MaterialInput,
    file: Option<MaterialFile>,
) -> Answer<()> {
    let c = match open(app, actor, id).await? {
        Ok(c) => c,
        Err(p) => return Ok(Err(p.into())),
    };
    let before = material_of(app, id, material_id).await?;
    let m = match check(&input) {
        Ok(m) => m,
        Err(p) => return Ok(Err(p.into())),
    };
    if m.chapters.len() < before.chapters.len() {
        return Ok(Err(CampaignProblem::ChaptersKept.into()));
    }
    let mut w = app.write(actor).await?;
    if let Some(f) = &file {
        let s = &f.stored;
        store::files::record(&mut w.tx, &s.hash, s.size, &s.content_type, w.now).await?;
    }
    let content = content(&m, file.as_ref());
    campaigns::save_material(&mut w.tx, material_id, &content, w.now).await?;
    w.commit(
        "campaign.material.edit",
        ("campaign", id),
        c.org_id,
        format!("material {material_id} {}", m.title),
    )
    .await?;
    Ok(Ok(()))
}

/// Removes a material from the campaign (kept, with what was studied of it). Removing one
/// already removed changes nothing (a form sent twice).
pub async fn remove(app: &App, actor: &Actor, id: i64, material_id: i64) -> Answer<()> {
    let c = match open(app, actor, id).await? {
        Ok(c) => c,
        Err(p) => return Ok(Err(p.into())),
    };
    let m = match campaigns::material(app.db.read(), material_id).await? {
        Some(m) if m.campaign_id == id && m.removed => return Ok(Ok(())),
        Some(m) if m.campaign_id == id => m,
        _ => return Err(Error::not_found()),
    };
    let mut w = app.write(actor).await?;
    campaigns::remove_material(&mut w.tx, material_id, actor.account.id, w.now).await?;
    w.commit(
        "campaign.material.remove",
        ("campaign", id),
        c.org_id,
        format!("material {material_id} {}", m.title),
    )
    .await?;
    Ok(Ok(()))
}

/// The standing materials of a campaign the actor reads.
pub async fn list(app: &App, actor: &Actor, id: i64) -> Result<Vec<StoredMaterial>> {
    access::readable(app, actor, id).await?;
    Ok(campaigns::materials(app.db.read(), id, false).await?)
}

/// A material's file, for someone who reads the campaign: its hash and name.
pub async fn file(app: &App, actor: &Actor, id: i64, material_id: i64) -> Result<(String, String)> {
    access::readable(app, actor, id).await?;
    let m = material_of(app, id, material_id).await?;
    match m.file_hash {
        Some(h) => Ok((h, m.file_name)),
        None => Err(Error::not_found()),
    }
}
