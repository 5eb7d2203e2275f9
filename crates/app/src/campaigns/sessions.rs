//! Putting an activity in a campaign: which of the campaign's materials (or chapters) the
//! session studied. The branch's recorders do it, on an open campaign their branch takes part
//! in; the dashboard, 先学领学 and the report read it.

use super::campaigns::Answer;
use crate::error::Result;
use crate::{Actor, App};
use domain::campaign::{CampaignProblem, CampaignState};
use store::campaign_sessions;
use store::campaigns::{self, Campaign, StoredMaterial};

/// The open campaigns the branch at `org_path` takes part in, each with its materials: what an
/// activity of the branch may be linked to.
pub async fn choices(app: &App, org_path: &str) -> Result<Vec<(Campaign, Vec<StoredMaterial>)>> {
    let mut out = Vec::new();
    for c in campaigns::taking_part(app.db.read(), org_path).await? {
        if c.state == CampaignState::Open
            && campaigns::takes_part(app.db.read(), c.id, org_path).await?
        {
            let m = campaigns::materials(app.db.read(), c.id, false).await?;
            out.push((c, m));
        }
    }
    Ok(out)
}

/// The campaign an activity belongs to and the materials it studied.
pub async fn of_activity(
    app: &App,
    actor: &Actor,
    activity_id: i64,
) -> Result<Option<(Campaign, Vec<(i64, Option<usize>)>)>> {
    let (a, _) = crate::activities::access::readable(app, actor, activity_id).await?;
    let Some(cid) = a.campaign_id else {
        return Ok(None);
    };
    let Some(c) = campaigns::by_id(app.db.read(), cid).await? else {
        return Ok(None);
    };
    let studied = campaign_sessions::studied_in(app.db.read(), activity_id).await?;
    Ok(Some((c, studied)))
}

/// Links activity `activity_id` to campaign `campaign_id` with the materials it studied
/// (`(material_id, chapter)`; chapter `None` for the whole), or out of any campaign.
pub async fn link(
    app: &App,
    actor: &Actor,
    activity_id: i64,
    campaign_id: Option<i64>,
    studied: Vec<(i64, Option<usize>)>,
) -> Answer<()> {
    let a = crate::activities::access::recordable(app, actor, activity_id).await?;
    let mut detail = String::from("none");
    if let Some(cid) = campaign_id {
        let Some(c) = campaigns::by_id(app.db.read(), cid).await? else {
            return Err(crate::Error::not_found());
        };
        let takes_part = campaigns::takes_part(app.db.read(), cid, &a.org_path).await?;
        if c.state == CampaignState::Draft || !takes_part {
            // A draft or a campaign the branch is not in is, to this branch, not there.
            return Err(crate::Error::not_found());
        }
        if c.state != CampaignState::Open {
            return Ok(Err(CampaignProblem::CampaignNotOpen.into()));
        }
        let materials = campaigns::materials(app.db.read(), cid, false).await?;
        for (m, chapter) in &studied {
            let Some(found) = materials.iter().find(|x| x.id == *m) else {
                return Ok(Err(CampaignProblem::UnknownMaterial.into()));
            };
            if chapter.is_some_and(|ch| ch >= found.chapters.len()) {
                return Ok(Err(CampaignProblem::UnknownChapter.into()));
            }
        }
        detail = format!(
            "campaign {cid} materials {}",
            studied
                .iter()
                .map(|(m, c)| match c {
                    Some(c) => format!("{m}#{c}"),
                    None => m.to_string(),
                })
                .collect::<Vec<_>>()
                .join(",")
        );
    }
    let studied = if campaign_id.is_some() {
        studied
    } else {
        Vec::new()
    };
    let mut w = app.write(actor).await?;
    campaign_sessions::link(&mut w.tx, activity_id, campaign_id, &studied).await?;
    w.commit(
        "activity.campaign",
        ("activity", activity_id),
        a.org_id,
        detail,
    )
    .await?;
    Ok(Ok(()))
}
