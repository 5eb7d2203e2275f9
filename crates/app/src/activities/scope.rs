//! Which branches' ledgers a person may open, for the ledger's org picker, and which one the
//! ledger opens on when none is named: their own branch, else the first in their scope.

use super::kinds;
use crate::error::Result;
use crate::{Actor, App};
use domain::OrgKind;
use domain::access::Action;
use store::orgs::Org;

/// The most branches offered in the picker; above it, a branch is reached from the board.
pub const LISTED: usize = 300;

/// The open branches whose ledger `actor` may read, in tree order: those under the subtrees
/// they view, and their own branch when it shares its records. At most [`LISTED`] + 1 (more
/// means "too many to list").
pub async fn ledger_orgs(app: &App, actor: &Actor) -> Result<Vec<Org>> {
    let mut out: Vec<Org> = Vec::new();
    for root in actor.access.roots(Action::ViewActivities) {
        let under = store::orgs::list_under(app.db.read(), &root, LISTED as i64 + 1, 0).await?;
        for o in under {
            if o.kind == OrgKind::Branch && o.is_open() && !out.iter().any(|x| x.id == o.id) {
                out.push(o);
            }
        }
        if out.len() > LISTED {
            return Ok(out);
        }
    }
    for g in &actor.grants {
        if out.iter().any(|o| o.id == g.org_id)
            || !actor.access.can(Action::ReadSharedActivities, &g.org_path)
            || !kinds::choices(app, g.org_id).await?.share_records
        {
            continue;
        }
        if let Some(o) = store::orgs::by_id(app.db.read(), g.org_id).await? {
            out.push(o);
        }
    }
    Ok(out)
}

/// The branch a ledger opens on: the first of the actor's own grants that is a branch they may
/// read, else the first branch listed, else the org of their first grant (so that a member of
/// a branch that does not share is refused on it, as for any org).
pub fn default_org(actor: &Actor, listed: &[Org]) -> Option<i64> {
    actor
        .grants
        .iter()
        .find(|g| listed.iter().any(|o| o.id == g.org_id))
        .map(|g| g.org_id)
        .or_else(|| listed.first().map(|o| o.id))
        .or_else(|| actor.grants.first().map(|g| g.org_id))
}
