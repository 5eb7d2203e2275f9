//! 自学: a member logs their own study in a campaign — a material as a whole or one of its
//! chapters, or online study elsewhere (学习强国 …) with its link — and withdraws an entry
//! logged by mistake (it stays, marked). Only while the campaign is open, only for oneself.

use super::access::{self, Studying};
use super::campaigns::Answer;
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::access::Action;
use domain::campaign::{CampaignProblem, CampaignState};
use domain::campaign_study::{StudyFrame, StudyInput, StudySource, check_entry};
use store::campaigns::{self, Campaign};
use store::study;

pub use super::study_progress::{Progress, progress};

/// Why `actor` does not study in `c` although they read it: no member behind the account, or
/// a member whose branch is not in it (or who left the roster).
pub(crate) fn not_studying(actor: &Actor) -> CampaignProblem {
    if actor.account.member_id.is_none() {
        CampaignProblem::NotAMember
    } else {
        CampaignProblem::NotTakingPart
    }
}

/// The member studying in campaign `id` (open), or why the actor cannot write in it.
pub(crate) async fn writer(
    app: &App,
    actor: &Actor,
    id: i64,
) -> Result<std::result::Result<(Campaign, Studying), CampaignProblem>> {
    // A draft is not there to anyone but its committee (404 from `readable`).
    let (c, seat) = access::readable(app, actor, id).await?;
    if c.state != CampaignState::Open {
        return Ok(Err(CampaignProblem::CampaignNotOpen));
    }
    Ok(match seat.member {
        Some(m) => Ok((c, m)),
        None => Err(not_studying(actor)),
    })
}

/// Logs the actor's own study in campaign `id`; answers the entry's id.
pub async fn log(app: &App, actor: &Actor, id: i64, input: StudyInput) -> Answer<i64> {
    let (c, member) = match writer(app, actor, id).await? {
        Ok(found) => found,
        Err(p) => return Ok(Err(p.into())),
    };
    let materials: Vec<(i64, usize)> = campaigns::materials(app.db.read(), c.id, false)
        .await?
        .iter()
        .map(|m| (m.id, m.chapters.len()))
        .collect();
    let frame = StudyFrame {
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        today: app.zone.civil_date(app.now()),
        materials: &materials,
    };
    let entry = match check_entry(input, frame) {
        Ok(e) => e,
        Err(p) => return Ok(Err(p.into())),
    };
    let mut w = app.write(actor).await?;
    let log_id = study::add_log(
        &mut w.tx,
        c.id,
        member.member_id,
        member.org_id,
        &entry,
        actor.account.id,
        w.now,
    )
    .await?;
    let what = match (entry.source, entry.material_id, entry.chapter) {
        (StudySource::Online, _, _) => format!("online {}", entry.link),
        (_, Some(m), Some(ch)) => format!("material {m} chapter {}", ch + 1),
        (_, Some(m), None) => format!("material {m}"),
        (_, None, _) => String::new(),
    };
    let detail = format!(
        "campaign {} {} {what} {} min",
        c.id, entry.day, entry.minutes
    );
    w.commit("study.log", ("study_log", log_id), member.org_id, detail)
        .await?;
    Ok(Ok(log_id))
}

/// Withdraws one of the actor's own entries while the campaign is open. Another's entry is
/// not there (404, audited); withdrawing twice changes nothing.
pub async fn withdraw(app: &App, actor: &Actor, log_id: i64) -> Answer<()> {
    let log = study::log_by_id(app.db.read(), log_id)
        .await?
        .ok_or_else(Error::not_found)?;
    if actor.account.member_id != Some(log.member_id) {
        let object = Object {
            kind: "study_log",
            id: log.id,
            org_id: Some(log.org_id),
        };
        authz::deny(app, actor, Action::GuideStudy, object).await?;
        return Err(Error::not_found());
    }
    let c = campaigns::by_id(app.db.read(), log.campaign_id)
        .await?
        .ok_or_else(Error::not_found)?;
    if c.state != CampaignState::Open {
        return Ok(Err(CampaignProblem::CampaignNotOpen.into()));
    }
    if log.withdrawn {
        return Ok(Ok(()));
    }
    let mut w = app.write(actor).await?;
    if !study::withdraw_log(&mut w.tx, log.id, actor.account.id, w.now).await? {
        // Withdrawn in the meantime (a double tap): nothing to record.
        return Ok(Ok(()));
    }
    let detail = format!("campaign {} {} {} min", c.id, log.day, log.minutes);
    w.commit("study.withdraw", ("study_log", log.id), log.org_id, detail)
        .await?;
    Ok(Ok(()))
}

/// The campaigns the actor's member studies in: open ones first, then closed ones (their
/// progress stays readable), each latest first.
pub async fn mine(app: &App, actor: &Actor) -> Result<Vec<Campaign>> {
    let Some(member_id) = actor.account.member_id else {
        return Ok(Vec::new());
    };
    let Some(m) = store::members::by_id(app.db.read(), member_id).await? else {
        return Ok(Vec::new());
    };
    if m.status != domain::member::MemberStatus::Active {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for c in campaigns::taking_part(app.db.read(), &m.org_path).await? {
        // `taking_part` also names campaigns of orgs below the branch; only those that reach
        // the member's own branch are theirs.
        if campaigns::takes_part(app.db.read(), c.id, &m.org_path).await? {
            out.push(c);
        }
    }
    out.sort_by_key(|c| c.state != CampaignState::Open);
    Ok(out)
}
