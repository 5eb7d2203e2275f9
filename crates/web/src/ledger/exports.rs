//! The ledger downloads, shared by the pages and the API: authorise → load → build the
//! workbook (on a blocking thread: a city's roster is a large sheet) → record the export in
//! the audit log → answer the file.

use super::{download, org_export, roster_export, roster_template};
use crate::auth::current::Authenticated;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::state::AppState;
use app::authz::{self, Object};
use axum::response::Response;
use domain::access::{Action, role_allows};
use serde::Deserialize;
use store::orgs::Org;

/// Which part of the tree a ledger covers.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerQuery {
    /// The org whose subtree to export; default: every subtree the caller may export.
    pub org_id: Option<i64>,
    /// Roster only: list members who have left too (default: only those on the roster).
    #[serde(default)]
    pub include_left: bool,
    /// Roster only: name contains (the roster page's filters, so a download holds what it lists).
    #[serde(default)]
    pub q: String,
    /// Roster only: `full` (正式党员) or `probationary` (预备党员).
    #[serde(default)]
    pub member_type: String,
    /// Roster only: `male` or `female`.
    #[serde(default)]
    pub gender: String,
    /// Roster only: `to35`, `36to45`, `46to55`, `56to65` or `from66`.
    #[serde(default)]
    pub age: String,
    /// Roster only: a position code (`secretary`, `deputy_secretary`, `organization`, …).
    #[serde(default)]
    pub position: String,
    /// Roster only: `name`, `org`, `gender`, `age`, `type` or `joined` (default: the tree's order).
    #[serde(default)]
    pub sort: String,
    /// Roster only: `desc` for descending.
    #[serde(default)]
    pub dir: String,
}

impl LedgerQuery {
    /// The roster filters in the query.
    fn roster_filter(&self) -> app::roster::listing::RosterFilter {
        app::roster::listing::RosterFilter {
            q: self.q.trim().to_owned(),
            member_type: self.member_type.clone(),
            gender: self.gender.clone(),
            age: self.age.clone(),
            position: self.position.clone(),
            sort: self.sort.clone(),
            dir: self.dir.clone(),
        }
    }
}

/// The subtrees to export and the org named in the file, when there is one.
async fn scope(
    state: &AppState,
    user: &Authenticated,
    org_id: Option<i64>,
) -> Result<(Vec<String>, Option<Org>)> {
    if let Some(id) = org_id {
        let org = app::roster::orgs::load(state, user, id, Action::ExportLedgers).await?;
        return Ok((vec![org.path.clone()], Some(org)));
    }
    let roots = user.access.roots(Action::ExportLedgers);
    if roots.is_empty() {
        let object = Object {
            kind: "org",
            id: 0,
            org_id: None,
        };
        authz::deny(state, user, Action::ExportLedgers, object).await?;
        return Err(Error::not_found());
    }
    let named = match roots.as_slice() {
        [only] => user
            .grants
            .iter()
            .find(|g| &g.org_path == only)
            .map(|g| g.org_id),
        _ => None,
    };
    let org = match named {
        Some(id) => store::orgs::by_id(state.db.read(), id).await?,
        None => None,
    };
    Ok((roots, org))
}

async fn record(
    state: &AppState,
    user: &Authenticated,
    ledger: &str,
    org: Option<&Org>,
    rows: usize,
) -> Result<()> {
    let detail = serde_json::json!({ "ledger": ledger, "rows": rows }).to_string();
    let w = state.write(user).await?;
    w.commit(
        "ledger.export",
        ("org", org.map_or(0, |o| o.id)),
        org.map(|o| o.id),
        detail,
    )
    .await?;
    Ok(())
}

/// `20220805`: today in the deployment's zone, for file names.
pub(crate) fn stamp(state: &AppState) -> String {
    let d = state.zone.today(state.now());
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

/// The file's name in the reader's language and its ASCII stand-in.
fn names(t: T, key: &str, ascii: &str, org: Option<&Org>, date: &str) -> (String, String) {
    match org {
        Some(o) => (
            t.f(key, &[("scope", &format!("-{}", o.name)), ("date", date)]),
            format!("{ascii}-{}-{date}.xlsx", o.id),
        ),
        None => (
            t.f(key, &[("scope", ""), ("date", date)]),
            format!("{ascii}-{date}.xlsx"),
        ),
    }
}

/// Builds a workbook on a blocking thread (a large sheet takes a while), as an app error.
pub(crate) async fn blocking<F>(build: F) -> Result<Vec<u8>>
where
    F: FnOnce() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> + Send + 'static,
{
    tokio::task::spawn_blocking(build)
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("building a workbook: {e}")))?
        .map_err(|e| Error::Internal(anyhow::Error::new(e).context("writing a workbook")))
}

/// 组织台账.
pub async fn orgs(
    state: &AppState,
    user: &Authenticated,
    t: T,
    q: LedgerQuery,
) -> Result<Response> {
    let (roots, org) = scope(state, user, q.org_id).await?;
    let mut subtrees = Vec::new();
    for root in &roots {
        subtrees.push(store::ledger::orgs_under(state.db.read(), root).await?);
    }
    let rows = subtrees.iter().map(Vec::len).sum();
    let bytes = blocking(move || {
        let lines: Vec<_> = subtrees
            .iter()
            .flat_map(|s| org_export::tree_order(s))
            .collect();
        org_export::workbook(t, &lines)
    })
    .await?;
    record(state, user, "orgs", org.as_ref(), rows).await?;
    let (name, ascii) = names(t, "ledger.org_file", "orgs", org.as_ref(), &stamp(state));
    Ok(download::xlsx(bytes, &name, &ascii))
}

/// 党员名册台账.
pub async fn roster(
    state: &AppState,
    user: &Authenticated,
    t: T,
    q: LedgerQuery,
) -> Result<Response> {
    let (roots, org) = scope(state, user, q.org_id).await?;
    let members = store::ledger::roster_under(state.db.read(), &roots, q.include_left).await?;
    let members = q
        .roster_filter()
        .select(members, state.zone.today(state.now()));
    let rows = members.len();
    let access = user.access.clone();
    let bytes = blocking(move || {
        roster_export::workbook(t, &members, |m| {
            access.can(Action::ViewPersonal, &m.org_path)
        })
    })
    .await?;
    record(state, user, "roster", org.as_ref(), rows).await?;
    let (name, ascii) = names(
        t,
        "ledger.roster_file",
        "roster",
        org.as_ref(),
        &stamp(state),
    );
    Ok(download::xlsx(bytes, &name, &ascii))
}

/// 导入模板: for anyone who may import somewhere; the example row names their own org.
pub async fn template(state: &AppState, user: &Authenticated, t: T) -> Result<Response> {
    let Some(grant) = user
        .grants
        .iter()
        .find(|g| role_allows(g.role, Action::ManageRoster))
    else {
        let object = Object {
            kind: "org",
            id: 0,
            org_id: None,
        };
        authz::deny(state, user, Action::ManageRoster, object).await?;
        return Err(Error::not_found());
    };
    let example_org = grant.org_name.clone();
    let bytes = blocking(move || roster_template::workbook(t, &example_org)).await?;
    Ok(download::xlsx(
        bytes,
        t.s("ledger.template_file"),
        "roster-import-template.xlsx",
    ))
}
