//! The kinds of activity on offer (a deployment setting) and each branch's choices about its
//! records.

use crate::authz::{self, Object};
use crate::error::Result;
use crate::{Actor, App};
use catalogue::T;
use domain::access::Action;
use domain::activity_content::{ContentProblem, Kind, kinds_from_setting, parse_kinds};
use store::activity_media::{self, OrgChoices};
use store::settings::{self, ACTIVITY_KINDS};

/// The configured kinds, retired ones included (a record keeps its kind).
pub async fn all(app: &App) -> Result<Vec<Kind>> {
    let stored = settings::get(app.db.read(), ACTIVITY_KINDS).await?;
    Ok(kinds_from_setting(stored.as_deref()))
}

/// A kind's name in the reader's language: a default kind still under its default name reads
/// from the catalogue (`activity.kind.<code>`); a renamed or added kind keeps the name given.
pub fn label(t: T, k: &Kind) -> String {
    let default = domain::activity::DEFAULT_KINDS
        .iter()
        .any(|(code, name, _)| *code == k.code && *name == k.name);
    match t.get(&format!("activity.kind.{}", k.code)) {
        Some(s) if default => s.to_owned(),
        _ => k.name.clone(),
    }
}

/// The name of the kind with `code` among `kinds` ([`label`]), or the code itself.
pub fn label_of(t: T, kinds: &[Kind], code: &str) -> String {
    find(kinds, code).map_or_else(|| code.to_owned(), |k| label(t, k))
}

/// The kind with `code`, if configured.
pub fn find<'k>(kinds: &'k [Kind], code: &str) -> Option<&'k Kind> {
    kinds.iter().find(|k| k.code == code)
}

/// Replaces the list of kinds (over the whole tree). A kind some record uses cannot be
/// dropped, only retired (`active: false`).
pub async fn set(
    app: &App,
    actor: &Actor,
    list: Vec<Kind>,
) -> Result<std::result::Result<Vec<Kind>, ContentProblem>> {
    authz::require_whole_tree(app, actor, Action::RecordActivities).await?;
    let list = match parse_kinds(list) {
        Ok(l) => l,
        Err(p) => return Ok(Err(p)),
    };
    let mut w = app.write(actor).await?;
    let used = store::activities::kinds_in_use(&mut *w.tx).await?;
    if used.iter().any(|u| !list.iter().any(|k| &k.code == u)) {
        return Ok(Err(ContentProblem::KindsInvalid));
    }
    let json = serde_json::to_string(&list).map_err(anyhow::Error::new)?;
    settings::set(&mut w.tx, ACTIVITY_KINDS, &json).await?;
    let detail = list
        .iter()
        .map(|k| format!("{} {} {}", k.code, k.name, k.frequency.as_str()))
        .collect::<Vec<_>>()
        .join("; ");
    w.commit("activity.kinds", ("settings", 0), None, detail)
        .await?;
    Ok(Ok(list))
}

/// A branch's choices (anyone who sees its records may read them).
pub async fn choices(app: &App, org_id: i64) -> Result<OrgChoices> {
    Ok(activity_media::choices(app.db.read(), org_id).await?)
}

/// Sets branch `org_id`'s choices.
pub async fn set_choices(app: &App, actor: &Actor, org_id: i64, c: OrgChoices) -> Result<()> {
    let org = crate::roster::orgs::load(app, actor, org_id, Action::RecordActivities).await?;
    let object = Object {
        kind: "org",
        id: org.id,
        org_id: Some(org.id),
    };
    authz::require(app, actor, Action::RecordActivities, &org.path, object).await?;
    let mut w = app.write(actor).await?;
    activity_media::set_choices(&mut w.tx, org.id, c, actor.account.id, w.now).await?;
    let detail = format!(
        "share_records={} self_attendance={}",
        c.share_records, c.self_attendance
    );
    w.commit("activity.choices", ("org", org.id), org.id, detail)
        .await
}
