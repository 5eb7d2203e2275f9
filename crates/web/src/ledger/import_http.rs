//! An import asked for over HTTP (the page or the API): who may, and the account as the
//! importer. Refusals answer 404 and are audited, as everywhere.

use crate::auth::current::Authenticated;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::authz::{self, Object};
use app::ledger::FileProblem;
use app::ledger::Problem;
use app::ledger::{ImportError, ImportReport, ImportRequest, Importer, import as run};
use domain::access::Action;

/// Refuses, before any upload is read, an account that may import nowhere, or not into
/// `org_id` when the request names one; answers the subtrees the account may import into.
pub async fn may_import(
    state: &AppState,
    user: &Authenticated,
    org_id: Option<i64>,
) -> Result<Vec<String>> {
    let roots = user.access.roots(Action::ManageRoster);
    if roots.is_empty() {
        deny(state, user, None).await?;
    }
    if let Some(id) = org_id {
        app::roster::orgs::load(state, user, id, Action::ManageRoster).await?;
    }
    Ok(roots)
}

async fn deny(state: &AppState, user: &Authenticated, org: Option<i64>) -> Result<()> {
    let object = Object {
        kind: "org",
        id: org.unwrap_or(0),
        org_id: org,
    };
    authz::deny(state, user, Action::ManageRoster, object).await?;
    Err(Error::not_found())
}

/// Checks (and with `commit`, imports) `file` for `user` within `roots`.
pub async fn import(
    state: &AppState,
    user: &Authenticated,
    roots: Vec<String>,
    file: Option<(String, Vec<u8>)>,
    org_id: Option<i64>,
    commit: bool,
) -> Result<ImportReport> {
    let Some((file_name, bytes)) = file else {
        return Ok(ImportReport::refused(Problem::file(FileProblem::NoFile)));
    };
    let importer = Importer {
        account_id: Some(user.account.id),
        username: &user.account.username,
        ip: &user.client.ip,
        roots,
    };
    let now = state.now();
    let request = ImportRequest {
        bytes,
        file_name,
        target_org: org_id,
        commit,
        today: state.zone.today(now),
        now,
    };
    match run(&state.db, &importer, request).await {
        Ok(report) => Ok(report),
        Err(ImportError::TargetNotFound) => {
            deny(state, user, org_id).await?;
            Err(Error::not_found())
        }
        Err(ImportError::Store(e)) => Err(e.into()),
        Err(e @ ImportError::Task(_)) => Err(Error::Internal(anyhow::Error::new(e))),
    }
}
