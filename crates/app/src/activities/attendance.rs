//! 考勤: marking who came (one tap per member), guests from other branches (列席), volunteer
//! time, a member confirming their own attendance, and the figures, always computed.

use super::access;
use super::kinds;
use super::problems::Refused;
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::Timestamp;
use domain::access::Action;
use domain::activity::{ActivityChange, ActivityProblem, ActivityState, Figures, Mark};
use std::time::Duration;
use store::activities;
use store::activity_attendance::{self as attendance, Attendee, SetMark};

type Answer<T> = Result<std::result::Result<T, Refused>>;

/// The figures of an activity's attendance (应到 / 实到 / 请假 / 缺席, guests apart).
pub fn figures(list: &[Attendee]) -> Figures {
    let marks: Vec<Mark> = list.iter().map(|a| a.mark).collect();
    let expected = list.iter().filter(|a| a.mark != Mark::Guest).count() as u32;
    Figures::of(expected, &marks)
}

/// Figures from bare marks (as [`attendance::marks_of`] reads many activities at once).
pub fn figures_of_marks(marks: &[Mark]) -> Figures {
    let expected = marks.iter().filter(|m| **m != Mark::Guest).count() as u32;
    Figures::of(expected, marks)
}

/// One mark as a person or a client sends it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct MarkInput {
    pub member_id: i64,
    pub mark: String,
    #[serde(default)]
    pub reason: String,
    /// Volunteer time in hours (志愿服务), halves allowed.
    #[serde(default)]
    pub hours: Option<f64>,
}

/// The longest volunteer time one person records for one activity.
const MAX_MINUTES: i64 = 24 * 60;

fn check_mark(m: &MarkInput) -> std::result::Result<SetMark<'_>, Refused> {
    let mark = Mark::parse(m.mark.trim()).ok_or(Refused::UnknownMark)?;
    let reason = m.reason.trim();
    if mark == Mark::Leave && reason.is_empty() {
        return Err(Refused::LeaveReasonRequired);
    }
    let minutes = match m.hours {
        None => 0,
        Some(h) if h.is_finite() && h >= 0.0 => (h * 60.0).round() as i64,
        Some(_) => return Err(Refused::HoursInvalid),
    };
    if minutes > MAX_MINUTES {
        return Err(Refused::HoursInvalid);
    }
    Ok(SetMark {
        member_id: m.member_id,
        mark,
        reason: if mark == Mark::Leave { reason } else { "" },
        volunteer_minutes: minutes,
    })
}

/// Sets marks on activity `id`. On a confirmed record this is a correction: `reason` is
/// required and the attendance is kept as a new version.
pub async fn mark(
    app: &App,
    actor: &Actor,
    id: i64,
    marks: &[MarkInput],
    reason: Option<&str>,
) -> Answer<Vec<Attendee>> {
    let a = access::recordable(app, actor, id).await?;
    let mut checked = Vec::with_capacity(marks.len());
    for m in marks {
        match check_mark(m) {
            Ok(s) => checked.push(s),
            Err(p) => return Ok(Err(p)),
        }
    }
    let listed = attendance::of_activity(app.db.read(), id).await?;
    for m in &checked {
        let on_list = listed.iter().any(|l| l.member_id == m.member_id);
        if m.mark == Mark::Guest {
            let member = store::members::by_id(app.db.read(), m.member_id)
                .await?
                .ok_or_else(Error::not_found)?;
            if !actor.access.can(Action::ViewRoster, &member.org_path) {
                return Err(Error::not_found());
            }
            if member.org_id == a.org_id {
                return Ok(Err(Refused::GuestFromOwnBranch));
            }
            if on_list
                && listed
                    .iter()
                    .any(|l| l.member_id == m.member_id && l.mark != Mark::Guest)
            {
                return Ok(Err(Refused::GuestFromOwnBranch));
            }
        } else if !on_list
            || listed
                .iter()
                .any(|l| l.member_id == m.member_id && l.mark == Mark::Guest)
        {
            // A guest stays a guest; a member not expected is not on the list.
            return Ok(Err(Refused::NotExpected));
        }
    }
    let mut w = app.write(actor).await?;
    let Some((now_state, _)) = activities::hold(&mut w.tx, id).await? else {
        return Err(Error::not_found());
    };
    let correcting = now_state == ActivityState::Confirmed;
    let change = if correcting {
        ActivityChange::Correct
    } else {
        ActivityChange::Edit
    };
    if let Err(p) = now_state.after(change) {
        return Ok(Err(p.into()));
    }
    let reason = reason.map(str::trim).unwrap_or("");
    if correcting && reason.is_empty() {
        return Ok(Err(ActivityProblem::ReasonRequired.into()));
    }
    let mut changed = Vec::new();
    for m in &checked {
        if attendance::set(&mut w.tx, id, m, actor.account.id, w.now).await? {
            changed.push(format!("{}={}", m.member_id, m.mark.as_str()));
        }
    }
    let now_list = attendance::of_activity(&mut *w.tx, id).await?;
    if correcting && !changed.is_empty() {
        let json = serde_json::to_value(&now_list).map_err(anyhow::Error::new)?;
        let reason: String = reason.chars().take(500).collect();
        let v = activities::save(
            &mut w.tx,
            id,
            now_state,
            &a.content,
            Some(&json),
            &reason,
            actor.account.id,
            w.now,
        )
        .await?;
        w.record(
            "activity.correct",
            ("activity", id),
            a.org_id,
            format!("version {v}: {reason}"),
        )
        .await?;
    }
    if changed.is_empty() {
        w.finish().await?;
    } else {
        w.commit(
            "activity.attendance",
            ("activity", id),
            a.org_id,
            changed.join(" "),
        )
        .await?;
    }
    Ok(Ok(now_list))
}

/// How long before the start a member may confirm they are there.
const EARLY: Duration = Duration::from_secs(30 * 60);

/// A member confirms their own attendance of activity `id`, when the branch allows it.
pub async fn confirm_own(app: &App, actor: &Actor, id: i64) -> Answer<()> {
    let member_id = actor.account.member_id.ok_or_else(Error::not_found)?;
    let a = activities::by_id(app.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    let listed = attendance::of_activity(app.db.read(), id).await?;
    if !listed
        .iter()
        .any(|l| l.member_id == member_id && l.mark != Mark::Guest)
    {
        return Err(Error::not_found());
    }
    if !kinds::choices(app, a.org_id).await?.self_attendance {
        return Ok(Err(Refused::SelfAttendanceOff));
    }
    let now = app.now();
    if now < Timestamp(a.content.starts_at.0).minus(EARLY) {
        return Ok(Err(Refused::NotBegun));
    }
    let mut w = app.write(actor).await?;
    let Some((now_state, _)) = activities::hold(&mut w.tx, id).await? else {
        return Err(Error::not_found());
    };
    if let Err(p) = now_state.after(ActivityChange::Edit) {
        return Ok(Err(p.into()));
    }
    attendance::confirm_own(&mut w.tx, id, member_id, actor.account.id, w.now).await?;
    w.commit(
        "activity.attend",
        ("activity", id),
        a.org_id,
        format!("member {member_id}"),
    )
    .await?;
    Ok(Ok(()))
}
