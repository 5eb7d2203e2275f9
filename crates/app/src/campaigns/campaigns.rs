//! Writing, opening and closing campaigns; the lists a person sees.

use super::access::{self, Seat};
use super::materials::MaterialInput;
use super::problems::Refused;
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::access::{Action, within};
use domain::campaign::{
    CampaignChange, CampaignState, Requirement, check_heading, check_requirements,
};
use jiff::civil::Date;
use store::campaigns::{self, Campaign, CampaignContent};

pub(crate) type Answer<T> = Result<std::result::Result<T, Refused>>;

/// A campaign's heading as typed: theme, period, description, required activities and the
/// orgs taking part (each with its subtree; none: the whole committee).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub theme: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub description: String,
    pub requirements: Vec<Requirement>,
    pub org_ids: Vec<i64>,
}

/// A checked draft, ready to save.
struct Checked {
    theme: String,
    starts_on: Date,
    ends_on: Date,
    description: String,
    requirements: Vec<Requirement>,
    org_ids: Vec<i64>,
}

impl Checked {
    fn content(&self) -> CampaignContent<'_> {
        CampaignContent {
            theme: &self.theme,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            description: &self.description,
            requirements: &self.requirements,
            org_ids: &self.org_ids,
        }
    }
}

/// Checks a draft for committee `root` (at `root_path`): the rules of the heading, known
/// activity kinds, and orgs that lie under the committee and that the actor runs campaigns
/// for (an org outside is a denial, audited, as for any object).
async fn check(
    app: &App,
    actor: &Actor,
    root: i64,
    root_path: &str,
    d: Draft,
) -> Result<std::result::Result<Checked, Refused>> {
    let heading = match check_heading(&d.theme, d.starts_on, d.ends_on, &d.description) {
        Ok(h) => h,
        Err(p) => return Ok(Err(p.into())),
    };
    let kinds = crate::activities::kinds::all(app).await?;
    let codes: Vec<&str> = kinds.iter().map(|k| k.code.as_str()).collect();
    let requirements = match check_requirements(d.requirements, &codes) {
        Ok(r) => r,
        Err(p) => return Ok(Err(p.into())),
    };
    let mut org_ids: Vec<i64> = Vec::new();
    for id in d.org_ids {
        if !org_ids.contains(&id) {
            org_ids.push(id);
        }
    }
    if org_ids.is_empty() {
        org_ids.push(root);
    }
    let orgs = store::orgs::by_ids(app.db.read(), &org_ids).await?;
    if orgs.len() != org_ids.len() {
        return Err(Error::not_found());
    }
    for o in &orgs {
        let object = crate::authz::Object {
            kind: "org",
            id: o.id,
            org_id: Some(o.id),
        };
        if !within(&o.path, root_path) {
            crate::authz::deny(app, actor, Action::ManageCampaigns, object).await?;
            return Err(Error::not_found());
        }
        crate::authz::require(app, actor, Action::ManageCampaigns, &o.path, object).await?;
    }
    Ok(Ok(Checked {
        theme: heading.theme,
        starts_on: heading.starts_on,
        ends_on: heading.ends_on,
        description: heading.description,
        requirements,
        org_ids,
    }))
}

/// Starts a campaign of committee `org_id` as a draft with its first materials (made from
/// notice `notice_id`, if any).
pub async fn create(
    app: &App,
    actor: &Actor,
    org_id: i64,
    draft: Draft,
    materials: Vec<MaterialInput>,
    notice_id: Option<i64>,
) -> Answer<i64> {
    let org = crate::roster::orgs::load(app, actor, org_id, Action::ManageCampaigns).await?;
    let checked = match check(app, actor, org.id, &org.path, draft).await? {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    let mut checked_materials = Vec::new();
    for m in &materials {
        match super::materials::check(m) {
            Ok(m) => checked_materials.push(m),
            Err(p) => return Ok(Err(p.into())),
        }
    }
    if let Some(n) = notice_id
        && store::notices::by_id(app.db.read(), n).await?.is_none()
    {
        return Err(Error::not_found());
    }
    let mut w = app.write(actor).await?;
    let id = campaigns::insert(
        &mut w.tx,
        org.id,
        &checked.content(),
        notice_id,
        actor.account.id,
        w.now,
    )
    .await?;
    for m in &checked_materials {
        let content = super::materials::content(m, None);
        store::campaigns::add_material(&mut w.tx, id, &content, actor.account.id, w.now).await?;
    }
    w.commit(
        "campaign.create",
        ("campaign", id),
        org.id,
        checked.theme.clone(),
    )
    .await?;
    Ok(Ok(id))
}

/// Saves a new heading on campaign `id` (`seen`: the version the form showed).
pub async fn edit(
    app: &App,
    actor: &Actor,
    id: i64,
    seen: Option<i64>,
    draft: Draft,
) -> Answer<i64> {
    let c = access::manageable(app, actor, id).await?;
    let checked = match check(app, actor, c.org_id, &c.org_path, draft).await? {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    let mut w = app.write(actor).await?;
    let Some((state, version)) = campaigns::hold(&mut w.tx, id).await? else {
        return Err(Error::not_found());
    };
    if seen.is_some_and(|s| s != version) {
        return Ok(Err(Refused::Stale { current: version }));
    }
    if let Err(p) = state.after(CampaignChange::Edit) {
        return Ok(Err(p.into()));
    }
    let v = campaigns::save(&mut w.tx, id, &checked.content(), actor.account.id, w.now).await?;
    w.commit(
        "campaign.edit",
        ("campaign", id),
        c.org_id,
        format!("version {v}"),
    )
    .await?;
    Ok(Ok(v))
}

/// Opens (or reopens) or closes campaign `id`.
pub async fn change(
    app: &App,
    actor: &Actor,
    id: i64,
    change: CampaignChange,
) -> Answer<CampaignState> {
    let c = access::manageable(app, actor, id).await?;
    let mut w = app.write(actor).await?;
    let Some((state, _)) = campaigns::hold(&mut w.tx, id).await? else {
        return Err(Error::not_found());
    };
    let next = match state.after(change) {
        Ok(s) if change != CampaignChange::Edit => s,
        Ok(_) => return Ok(Err(domain::campaign::CampaignProblem::NotAllowedNow.into())),
        Err(p) => return Ok(Err(p.into())),
    };
    campaigns::set_state(&mut w.tx, id, next, w.now).await?;
    let action = match next {
        CampaignState::Closed => "campaign.close",
        _ => "campaign.open",
    };
    w.commit(action, ("campaign", id), c.org_id, c.theme.clone())
        .await?;
    Ok(Ok(next))
}

/// The campaigns a person sees: those their committees run, and those they take part in
/// (as a branch's viewer or a member). Latest first, each once.
pub async fn list(app: &App, actor: &Actor) -> Result<Vec<(Campaign, Seat)>> {
    let mut out: Vec<(Campaign, Seat)> = Vec::new();
    let run = campaigns::run_under(
        app.db.read(),
        &actor.access.roots(Action::ManageCampaigns),
        500,
    )
    .await?;
    let mut candidates = run;
    let mut paths: Vec<String> = actor
        .grants
        .iter()
        .filter(|g| {
            actor.access.can(Action::ViewActivities, &g.org_path)
                || actor.access.can(Action::ReadSharedActivities, &g.org_path)
        })
        .map(|g| g.org_path.clone())
        .collect();
    if let Some(m) = actor.account.member_id
        && let Some(member) = store::members::by_id(app.db.read(), m).await?
    {
        paths.push(member.org_path);
    }
    for p in &paths {
        candidates.extend(campaigns::taking_part(app.db.read(), p).await?);
    }
    // A committee above a taking-part branch sees campaigns run above it that reach below it.
    for c in candidates {
        if out.iter().any(|(o, _)| o.id == c.id) {
            continue;
        }
        let seat = access::seat(app, actor, &c).await?;
        if seat.any() {
            out.push((c, seat));
        }
    }
    out.sort_by(|a, b| b.0.starts_on.cmp(&a.0.starts_on).then(b.0.id.cmp(&a.0.id)));
    Ok(out)
}

/// Every version of a campaign's heading (its committee only).
pub async fn versions(
    app: &App,
    actor: &Actor,
    id: i64,
) -> Result<Vec<store::campaigns::CampaignVersion>> {
    access::manageable(app, actor, id).await?;
    Ok(campaigns::versions(app.db.read(), id).await?)
}
