//! One branch in a campaign: its figures, the requirements with how many it held, its
//! sessions (date, kind, title, 领学人, attendance, materials), 先学领学 per material and who
//! studied each — and its to-do list. Computed afresh from the branch's records (a few
//! hundred rows), for those who run the campaign and those who view the branch's records.

use super::access;
use super::dashboard::viewable;
use super::figures::{self, BranchProgress};
use super::todo::{self, Todo};
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::activity_content::Kind;
use store::campaigns::{Campaign, StoredMaterial};
use store::orgs::Org;

#[derive(Debug, Clone)]
pub struct BranchView {
    pub campaign: Campaign,
    pub org: Org,
    /// The actor runs the campaign.
    pub manages: bool,
    pub materials: Vec<StoredMaterial>,
    pub progress: BranchProgress,
    pub todo: Todo,
    /// The kinds of activity configured, for their names.
    pub kinds: Vec<Kind>,
}

/// Branch `org_id`'s progress in campaign `campaign_id`, with its to-do list.
pub async fn branch(app: &App, actor: &Actor, campaign_id: i64, org_id: i64) -> Result<BranchView> {
    let (c, manages) = viewable(app, actor, campaign_id).await?;
    let org = access::branch(app, actor, &c, org_id).await?;
    let facts = figures::compute(app, &c, Some(&[org.id])).await?;
    // Not a branch, or closed: nothing to show.
    let progress = facts
        .branches
        .into_iter()
        .next()
        .ok_or_else(Error::not_found)?;
    let reports = todo::reports_owed(app, &c, org.id).await?;
    let today = app.zone.civil_date(app.now());
    let todo = todo::of(&c, &facts.materials, &progress, reports, today);
    Ok(BranchView {
        kinds: crate::activities::kinds::all(app).await?,
        materials: facts.materials,
        campaign: c,
        org,
        manages,
        progress,
        todo,
    })
}
