//! The notice settings of the deployment: whether a draft needs 签发 before it goes out
//! (`notice.signoff`, off unless a committee administrator over the whole tree turns it on).

use crate::authz;
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::access::Action;
use store::settings::NOTICE_SIGNOFF as SIGNOFF;

/// Whether publishing needs the current revision signed off (签发).
pub async fn signoff_required(app: &App) -> Result<bool> {
    read(store::settings::get(app.db.read(), SIGNOFF).await?)
}

/// [`signoff_required`], read inside a write (publishing checks it where it publishes).
pub async fn signoff_required_in(conn: &mut store::Conn) -> Result<bool> {
    read(store::settings::get(conn, SIGNOFF).await?)
}

/// A stored value this build cannot read is an error, never "off": a broken setting must not
/// let drafts out unsigned.
fn read(stored: Option<String>) -> Result<bool> {
    match stored.as_deref() {
        None | Some("off") => Ok(false),
        Some("on") => Ok(true),
        Some(other) => Err(Error::Internal(anyhow::anyhow!(
            "unknown value {other:?} of the setting {SIGNOFF}"
        ))),
    }
}

/// Refuses (404, audited) anyone who does not issue notices over every root of the tree: the
/// setting is the whole deployment's.
pub async fn require_admin(app: &App, actor: &Actor) -> Result<Vec<store::orgs::Org>> {
    authz::require_whole_tree(app, actor, Action::IssueNotices).await
}

/// Whether `actor` may change the notice settings (to offer the page), nothing recorded.
pub async fn may_configure(app: &App, actor: &Actor) -> Result<bool> {
    authz::can_whole_tree(app, actor, Action::IssueNotices).await
}

/// Turns 签发 on or off for the deployment. Drafts already signed off keep their approvals;
/// turned off, nothing is asked before publishing, as before.
pub async fn set_signoff_required(app: &App, actor: &Actor, on: bool) -> Result<bool> {
    let roots = require_admin(app, actor).await?;
    let before = signoff_required(app).await?;
    let mut w = app.write(actor).await?;
    store::settings::set(&mut w.tx, SIGNOFF, if on { "on" } else { "off" }).await?;
    let detail = serde_json::json!({
        "before": {"signoff": before},
        "after": {"signoff": on},
    })
    .to_string();
    let org = roots.first().map(|r| r.id).unwrap_or_default();
    w.commit("settings.notice_signoff", ("settings", 0), org, detail)
        .await?;
    Ok(on)
}
