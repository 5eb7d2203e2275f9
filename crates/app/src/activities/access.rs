//! Who may see and change an activity: its branch's recorders and the committees above see
//! and record; a member reads their own branch's records only when the branch shares them.
//! Anything else answers 404, audited, as for every object.

use crate::authz::{self, Object};
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::access::Action;
use store::activities::{self, Activity};
use store::activity_media;

/// How the actor reaches an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Records it (and so reads everything).
    Records,
    /// Reads all of it (a committee's viewer).
    Views,
    /// A member of a branch that shares its records.
    Shared,
}

fn object(a: &Activity) -> Object<'static> {
    Object {
        kind: "activity",
        id: a.id,
        org_id: Some(a.org_id),
    }
}

async fn find(app: &App, id: i64) -> Result<Activity> {
    activities::by_id(app.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)
}

/// Loads activity `id` for reading, with how the actor reaches it.
pub async fn readable(app: &App, actor: &Actor, id: i64) -> Result<(Activity, Reach)> {
    let a = find(app, id).await?;
    let reach = reach(app, actor, &a).await?;
    match reach {
        Some(r) => Ok((a, r)),
        None => Err(deny(app, actor, Action::ViewActivities, &a).await),
    }
}

/// How `actor` reaches `a`, if at all (nothing recorded).
pub async fn reach(app: &App, actor: &Actor, a: &Activity) -> Result<Option<Reach>> {
    reach_org(app, actor, a.org_id, &a.org_path).await
}

/// How `actor` reaches the records of the org `org_id` at `org_path`, if at all (nothing
/// recorded): the one rule every record, ledger and branch page asks.
pub async fn reach_org(
    app: &App,
    actor: &Actor,
    org_id: i64,
    org_path: &str,
) -> Result<Option<Reach>> {
    Ok(if actor.access.can(Action::RecordActivities, org_path) {
        Some(Reach::Records)
    } else if actor.access.can(Action::ViewActivities, org_path) {
        Some(Reach::Views)
    } else if actor.access.can(Action::ReadSharedActivities, org_path)
        && activity_media::choices(app.db.read(), org_id)
            .await?
            .share_records
    {
        Some(Reach::Shared)
    } else {
        None
    })
}

/// Loads activity `id` for recording (plan, record, mark, confirm, correct).
pub async fn recordable(app: &App, actor: &Actor, id: i64) -> Result<Activity> {
    let a = find(app, id).await?;
    authz::require(
        app,
        actor,
        Action::RecordActivities,
        &a.org_path,
        object(&a),
    )
    .await?;
    Ok(a)
}

async fn deny(app: &App, actor: &Actor, action: Action, a: &Activity) -> Error {
    match authz::deny(app, actor, action, object(a)).await {
        Err(e) => e,
        Ok(()) => Error::not_found(),
    }
}
