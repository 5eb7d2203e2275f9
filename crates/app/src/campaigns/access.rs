//! Who may see and run a campaign. The committee that runs it (ManageCampaigns over its org)
//! sees and changes everything, drafts included. Once open, those who view a taking-part
//! org's records (branch admins, committees below) see it and their branches' progress, and a
//! member of a taking-part branch studies in it. Anyone else gets 404, audited.

use crate::authz::{self, Object};
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::access::{Action, within};
use domain::campaign::CampaignState;
use domain::member::MemberStatus;
use store::campaigns::{self, Campaign};
use store::orgs::Org;

/// A member studying in a campaign: who, and their branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Studying {
    pub member_id: i64,
    pub member_name: String,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
}

/// How the actor reaches a campaign.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seat {
    /// Runs it.
    pub manages: bool,
    /// Views the records of at least one taking-part org (a branch admin, a committee below).
    pub views: bool,
    /// Studies in it, as a member of a taking-part branch.
    pub member: Option<Studying>,
}

impl Seat {
    pub fn any(&self) -> bool {
        self.manages || self.views || self.member.is_some()
    }
}

pub(crate) fn object(c: &Campaign) -> Object<'static> {
    Object {
        kind: "campaign",
        id: c.id,
        org_id: Some(c.org_id),
    }
}

async fn find(app: &App, id: i64) -> Result<Campaign> {
    campaigns::by_id(app.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)
}

pub(crate) async fn deny(app: &App, actor: &Actor, action: Action, c: &Campaign) -> Error {
    match authz::deny(app, actor, action, object(c)).await {
        Err(e) => e,
        Ok(()) => Error::not_found(),
    }
}

/// Loads campaign `id` for changing it (its committee only).
pub async fn manageable(app: &App, actor: &Actor, id: i64) -> Result<Campaign> {
    let c = find(app, id).await?;
    authz::require(app, actor, Action::ManageCampaigns, &c.org_path, object(&c)).await?;
    Ok(c)
}

/// The member the actor's account stands for, if the member is active and their branch takes
/// part in campaign `c`.
pub async fn studying(app: &App, actor: &Actor, c: &Campaign) -> Result<Option<Studying>> {
    let Some(member_id) = actor.account.member_id else {
        return Ok(None);
    };
    let Some(m) = store::members::by_id(app.db.read(), member_id).await? else {
        return Ok(None);
    };
    if m.status != MemberStatus::Active
        || !campaigns::takes_part(app.db.read(), c.id, &m.org_path).await?
    {
        return Ok(None);
    }
    Ok(Some(Studying {
        member_id,
        member_name: m.name,
        org_id: m.org_id,
        org_name: m.org_name,
        org_path: m.org_path,
    }))
}

/// How `actor` reaches `c` (nothing recorded).
pub async fn seat(app: &App, actor: &Actor, c: &Campaign) -> Result<Seat> {
    let manages = actor.access.can(Action::ManageCampaigns, &c.org_path);
    if c.state == CampaignState::Draft {
        return Ok(Seat {
            manages,
            ..Seat::default()
        });
    }
    let roots = actor.access.roots(Action::ViewActivities);
    let views = !roots.is_empty() && {
        let taking = campaigns::orgs_of(app.db.read(), c.id).await?;
        taking
            .iter()
            .any(|(_, _, path)| roots.iter().any(|r| within(path, r) || within(r, path)))
    };
    Ok(Seat {
        manages,
        views,
        member: studying(app, actor, c).await?,
    })
}

/// Loads campaign `id` for reading, with how the actor reaches it.
pub async fn readable(app: &App, actor: &Actor, id: i64) -> Result<(Campaign, Seat)> {
    let c = find(app, id).await?;
    let seat = seat(app, actor, &c).await?;
    if !seat.any() {
        return Err(deny(app, actor, Action::ViewActivities, &c).await);
    }
    Ok((c, seat))
}

/// Loads branch `org_id` of campaign `c` for reading its progress: it takes part, and the
/// actor runs the campaign or views the branch's records.
pub async fn branch(app: &App, actor: &Actor, c: &Campaign, org_id: i64) -> Result<Org> {
    let org = store::orgs::by_id(app.db.read(), org_id)
        .await?
        .ok_or_else(Error::not_found)?;
    let object = Object {
        kind: "org",
        id: org.id,
        org_id: Some(org.id),
    };
    let sees = (actor.access.can(Action::ManageCampaigns, &c.org_path)
        && within(&org.path, &c.org_path))
        || actor.access.can(Action::ViewActivities, &org.path);
    if !sees || !campaigns::takes_part(app.db.read(), c.id, &org.path).await? {
        authz::deny(app, actor, Action::ViewActivities, object).await?;
        return Err(Error::not_found());
    }
    Ok(org)
}
