//! Planning, recording, confirming, correcting and cancelling activities. Every save is a
//! version; a confirmed record changes only by a correction with its reason.

use super::access;
use super::kinds;
use super::problems::Refused;
use crate::error::Result;
use crate::{Actor, App};
use domain::access::Action;
use domain::activity::{ActivityChange, ActivityProblem, ActivityState};
use domain::activity_content::Typed;
use store::activities;
use store::activity_attendance as attendance;

type Answer<T> = Result<std::result::Result<T, Refused>>;

/// Whether a new activity is planned ahead or recorded after it was held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Plan,
    Record,
}

/// Adds an activity to branch `org_id`: planned, or recorded as held.
pub async fn add(app: &App, actor: &Actor, org_id: i64, typed: Typed, start: Start) -> Answer<i64> {
    let org = crate::roster::orgs::load(app, actor, org_id, Action::RecordActivities).await?;
    let kinds = kinds::all(app).await?;
    let content = match typed.check(&kinds, None) {
        Ok(c) => c,
        Err(p) => return Ok(Err(p.into())),
    };
    let state = match start {
        Start::Plan => ActivityState::Planned,
        Start::Record => ActivityState::Held,
    };
    let mut w = app.write(actor).await?;
    let id =
        activities::insert(&mut w.tx, org.id, state, &content, actor.account.id, w.now).await?;
    attendance::follow_roster(&mut w.tx, id, org.id).await?;
    let action = match start {
        Start::Plan => "activity.plan",
        Start::Record => "activity.record",
    };
    let detail = format!("{} {}", content.kind, content.title);
    w.commit(action, ("activity", id), org.id, detail).await?;
    Ok(Ok(id))
}

/// Saves new content on a planned or held activity (`seen`: the version the form showed),
/// and with `held` records that it took place.
pub async fn edit(
    app: &App,
    actor: &Actor,
    id: i64,
    seen: Option<i64>,
    typed: Typed,
    held: bool,
) -> Answer<i64> {
    let a = access::recordable(app, actor, id).await?;
    let kinds = kinds::all(app).await?;
    let content = match typed.check(&kinds, Some(&a.content.kind)) {
        Ok(c) => c,
        Err(p) => return Ok(Err(p.into())),
    };
    let mut w = app.write(actor).await?;
    let Some((now_state, version)) = activities::hold(&mut w.tx, id).await? else {
        return Err(crate::Error::not_found());
    };
    if seen.is_some_and(|s| s != version) {
        return Ok(Err(Refused::Stale { current: version }));
    }
    let change = if held {
        ActivityChange::Record
    } else {
        ActivityChange::Edit
    };
    let next = match now_state.after(change) {
        Ok(s) => s,
        Err(p) => return Ok(Err(p.into())),
    };
    let v = activities::save(
        &mut w.tx,
        id,
        next,
        &content,
        None,
        "",
        actor.account.id,
        w.now,
    )
    .await?;
    if now_state == ActivityState::Planned {
        attendance::follow_roster(&mut w.tx, id, a.org_id).await?;
    } else {
        // Held already: whoever joined since was not expected at it.
        attendance::drop_departed(&mut w.tx, id, a.org_id).await?;
    }
    let action = if next != now_state {
        "activity.record"
    } else {
        "activity.edit"
    };
    w.commit(action, ("activity", id), a.org_id, format!("version {v}"))
        .await?;
    Ok(Ok(v))
}

/// What moves an activity along without new content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// It took place as planned (已召开).
    Held,
    /// The branch secretary confirms the record: it is locked from now on.
    Confirm,
    /// Called off, with a reason.
    Cancel(String),
}

/// Takes `step` on activity `id`.
pub async fn step(app: &App, actor: &Actor, id: i64, step: Step) -> Answer<ActivityState> {
    let a = access::recordable(app, actor, id).await?;
    let (change, reason) = match &step {
        Step::Held => (ActivityChange::Record, String::new()),
        Step::Confirm => (ActivityChange::Confirm, String::new()),
        Step::Cancel(r) => {
            let r = r.trim();
            if r.is_empty() {
                return Ok(Err(ActivityProblem::ReasonRequired.into()));
            }
            (ActivityChange::Cancel, r.chars().take(500).collect())
        }
    };
    let mut w = app.write(actor).await?;
    let Some((now_state, _)) = activities::hold(&mut w.tx, id).await? else {
        return Err(crate::Error::not_found());
    };
    let next = match now_state.after(change) {
        Ok(s) => s,
        Err(p) => return Ok(Err(p.into())),
    };
    if next == ActivityState::Held && now_state == ActivityState::Planned {
        attendance::follow_roster(&mut w.tx, id, a.org_id).await?;
    }
    activities::set_state(&mut w.tx, id, next, &reason, actor.account.id, w.now).await?;
    let action = match step {
        Step::Held => "activity.record",
        Step::Confirm => "activity.confirm",
        Step::Cancel(_) => "activity.cancel",
    };
    w.commit(action, ("activity", id), a.org_id, reason).await?;
    Ok(Ok(next))
}

/// Corrects a confirmed record: new content kept as a version with `reason`, the attendance
/// at that moment kept beside it.
pub async fn correct(
    app: &App,
    actor: &Actor,
    id: i64,
    seen: Option<i64>,
    typed: Typed,
    reason: &str,
) -> Answer<i64> {
    let a = access::recordable(app, actor, id).await?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Ok(Err(ActivityProblem::ReasonRequired.into()));
    }
    let kinds = kinds::all(app).await?;
    let content = match typed.check(&kinds, Some(&a.content.kind)) {
        Ok(c) => c,
        Err(p) => return Ok(Err(p.into())),
    };
    let mut w = app.write(actor).await?;
    let Some((now_state, version)) = activities::hold(&mut w.tx, id).await? else {
        return Err(crate::Error::not_found());
    };
    if seen.is_some_and(|s| s != version) {
        return Ok(Err(Refused::Stale { current: version }));
    }
    if let Err(p) = now_state.after(ActivityChange::Correct) {
        return Ok(Err(p.into()));
    }
    let marks = attendance::of_activity(&mut *w.tx, id).await?;
    let marks = serde_json::to_value(&marks).map_err(anyhow::Error::new)?;
    let reason: String = reason.chars().take(500).collect();
    let v = activities::save(
        &mut w.tx,
        id,
        now_state,
        &content,
        Some(&marks),
        &reason,
        actor.account.id,
        w.now,
    )
    .await?;
    w.commit(
        "activity.correct",
        ("activity", id),
        a.org_id,
        format!("version {v}: {reason}"),
    )
    .await?;
    Ok(Ok(v))
}
