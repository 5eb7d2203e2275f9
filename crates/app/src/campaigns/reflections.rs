//! 心得体会: a member writes a reflection in an open campaign (on one of its materials, or on
//! the campaign as a whole), edits it (every version kept; a save over a newer one is refused)
//! and may withdraw it. Those who guide the branch's study (GuideStudy over it: the branch
//! admin, the committee) comment on it and feature it; the writer replies. Once the campaign
//! closes the text stays as it is, but the branch may still comment and feature (its study
//! report is written then), and the writer may still withdraw it. Who reads what is in
//! `reflection_reads`.

use super::campaigns::Answer;
use super::problems::Refused;
use super::study::writer;
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::access::Action;
use domain::campaign::{CampaignProblem, CampaignState};
use domain::campaign_study::{ReflectionState, check_comment, check_reflection};
use store::campaigns::{self, Campaign};
use store::study::{self, Reflection};

pub use super::reflection_reads::{Listing, Shown, list, read};

/// A reflection as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReflectionInput {
    /// One of the campaign's materials, or none (the campaign as a whole).
    pub material_id: Option<i64>,
    pub title: String,
    pub body: String,
}

pub(crate) fn object(r: &Reflection) -> Object<'static> {
    Object {
        kind: "reflection",
        id: r.id,
        org_id: Some(r.org_id),
    }
}

/// Loads reflection `id` and its campaign.
pub(crate) async fn load(app: &App, id: i64) -> Result<(Reflection, Campaign)> {
    let r = study::reflection(app.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    let c = campaigns::by_id(app.db.read(), r.campaign_id)
        .await?
        .ok_or_else(Error::not_found)?;
    Ok((r, c))
}

/// The actor wrote it (through the member their account stands for).
pub(crate) fn is_writer(actor: &Actor, r: &Reflection) -> bool {
    actor.account.member_id == Some(r.member_id)
}

/// The actor guides the study of the reflection's branch.
pub(crate) fn guides(actor: &Actor, r: &Reflection) -> bool {
    actor.access.can(Action::GuideStudy, &r.org_path)
}

/// Loads the actor's own reflection `id`; anyone else's is not there (404, audited).
async fn own(app: &App, actor: &Actor, id: i64) -> Result<(Reflection, Campaign)> {
    let (r, c) = load(app, id).await?;
    if !is_writer(actor, &r) {
        authz::deny(app, actor, Action::GuideStudy, object(&r)).await?;
        return Err(Error::not_found());
    }
    Ok((r, c))
}

/// The material chosen, if any, is one of the campaign's standing materials.
async fn check_material(
    app: &App,
    campaign_id: i64,
    material_id: Option<i64>,
) -> Result<std::result::Result<(), CampaignProblem>> {
    let Some(m) = material_id else {
        return Ok(Ok(()));
    };
    let standing = campaigns::materials(app.db.read(), campaign_id, false).await?;
    Ok(if standing.iter().any(|s| s.id == m) {
        Ok(())
    } else {
        Err(CampaignProblem::UnknownMaterial)
    })
}

/// Writes the actor's reflection in campaign `id`; answers its id.
pub async fn write(app: &App, actor: &Actor, id: i64, input: ReflectionInput) -> Answer<i64> {
    let (c, member) = match writer(app, actor, id).await? {
        Ok(found) => found,
        Err(p) => return Ok(Err(p.into())),
    };
    if let Err(p) = check_material(app, c.id, input.material_id).await? {
        return Ok(Err(p.into()));
    }
    let text = match check_reflection(&input.title, &input.body) {
        Ok(t) => t,
        Err(p) => return Ok(Err(p.into())),
    };
    let mut w = app.write(actor).await?;
    let rid = study::add_reflection(
        &mut w.tx,
        c.id,
        input.material_id,
        member.member_id,
        member.org_id,
        &text.title,
        &text.body,
        actor.account.id,
        w.now,
    )
    .await?;
    let detail = format!("campaign {} {}", c.id, text.title);
    w.commit(
        "reflection.write",
        ("reflection", rid),
        member.org_id,
        detail,
    )
    .await?;
    Ok(Ok(rid))
}

/// Saves a new version of the actor's reflection (`seen`: the version the form showed); answers
/// the new version. Only while the campaign is open and the reflection not withdrawn.
pub async fn edit(
    app: &App,
    actor: &Actor,
    id: i64,
    seen: Option<i64>,
    input: ReflectionInput,
) -> Answer<i64> {
    let (r, c) = own(app, actor, id).await?;
    if c.state != CampaignState::Open {
        return Ok(Err(CampaignProblem::CampaignNotOpen.into()));
    }
    if r.state != ReflectionState::Written {
        return Ok(Err(CampaignProblem::NotAllowedNow.into()));
    }
    if let Err(p) = check_material(app, c.id, input.material_id).await? {
        return Ok(Err(p.into()));
    }
    let text = match check_reflection(&input.title, &input.body) {
        Ok(t) => t,
        Err(p) => return Ok(Err(p.into())),
    };
    let mut w = app.write(actor).await?;
    // Read the version under the row's lock: two saves from the same form never both win.
    let Some((state, version)) = study::hold_reflection(&mut w.tx, id).await? else {
        return Err(Error::not_found());
    };
    if state != ReflectionState::Written {
        return Ok(Err(CampaignProblem::NotAllowedNow.into()));
    }
    if seen.is_some_and(|s| s != version) {
        return Ok(Err(Refused::Stale { current: version }));
    }
    let version = study::save_reflection(
        &mut w.tx,
        id,
        input.material_id,
        &text.title,
        &text.body,
        actor.account.id,
        w.now,
    )
    .await?;
    let detail = format!("version {version} {}", text.title);
    w.commit("reflection.edit", ("reflection", id), r.org_id, detail)
        .await?;
    Ok(Ok(version))
}

/// Withdraws the actor's own reflection (kept, no longer shown to others). Withdrawing twice
/// changes nothing.
pub async fn withdraw(app: &App, actor: &Actor, id: i64) -> Answer<()> {
    let (r, _) = own(app, actor, id).await?;
    if r.state == ReflectionState::Withdrawn {
        return Ok(Ok(()));
    }
    let mut w = app.write(actor).await?;
    let Some((state, _)) = study::hold_reflection(&mut w.tx, id).await? else {
        return Err(Error::not_found());
    };
    if state == ReflectionState::Withdrawn {
        return Ok(Ok(()));
    }
    study::set_reflection_state(&mut w.tx, id, ReflectionState::Withdrawn, w.now).await?;
    w.commit("reflection.withdraw", ("reflection", id), r.org_id, r.title)
        .await?;
    Ok(Ok(()))
}

/// Comments on reflection `id`: one who guides the branch's study, or the writer replying.
/// Answers the comment's id.
pub async fn comment(app: &App, actor: &Actor, id: i64, body: &str) -> Answer<i64> {
    let (r, _) = load(app, id).await?;
    if !guides(actor, &r) && !is_writer(actor, &r) {
        authz::deny(app, actor, Action::GuideStudy, object(&r)).await?;
        return Err(Error::not_found());
    }
    if r.state != ReflectionState::Written {
        return Ok(Err(CampaignProblem::NotAllowedNow.into()));
    }
    let body = match check_comment(body) {
        Ok(b) => b,
        Err(p) => return Ok(Err(p.into())),
    };
    let mut w = app.write(actor).await?;
    let cid = study::add_comment(&mut w.tx, id, actor.account.id, &body, w.now).await?;
    let detail = format!("comment {cid}");
    w.commit("reflection.comment", ("reflection", id), r.org_id, detail)
        .await?;
    Ok(Ok(cid))
}

/// Features reflection `id` (the branch's report then carries it) or stops featuring it; one
/// who guides the branch's study only. Asking for what already is changes nothing.
pub async fn feature(app: &App, actor: &Actor, id: i64, featured: bool) -> Answer<()> {
    let (r, _) = load(app, id).await?;
    if !guides(actor, &r) {
        authz::deny(app, actor, Action::GuideStudy, object(&r)).await?;
        return Err(Error::not_found());
    }
    if r.state != ReflectionState::Written {
        return Ok(Err(CampaignProblem::NotAllowedNow.into()));
    }
    if r.featured == featured {
        return Ok(Ok(()));
    }
    let mut w = app.write(actor).await?;
    study::feature(&mut w.tx, id, featured.then_some(actor.account.id), w.now).await?;
    let action = if featured {
        "reflection.feature"
    } else {
        "reflection.unfeature"
    };
    w.commit(action, ("reflection", id), r.org_id, r.title)
        .await?;
    Ok(Ok(()))
}

/// The campaign `id` the actor may write a reflection in now, with its standing materials to
/// choose from; or why not.
pub async fn writable(
    app: &App,
    actor: &Actor,
    id: i64,
) -> Answer<(Campaign, Vec<store::campaigns::StoredMaterial>)> {
    match writer(app, actor, id).await? {
        Ok((c, _)) => {
            let materials = campaigns::materials(app.db.read(), c.id, false).await?;
            Ok(Ok((c, materials)))
        }
        Err(p) => Ok(Err(p.into())),
    }
}

/// The actor's own reflection `id`, read for its edit form; anyone else's is not there (404,
/// audited), even for those who read it.
pub async fn own_to_edit(app: &App, actor: &Actor, id: i64) -> Result<Shown> {
    own(app, actor, id).await?;
    read(app, actor, id).await
}
