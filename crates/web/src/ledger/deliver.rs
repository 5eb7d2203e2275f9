//! The ledger of one object (a notice's receipts, a task's board) as a download: the workbook
//! built on a blocking thread, the export recorded in the audit log, the file named with the
//! day it was made.

use super::download;
use crate::auth::current::Authenticated;
use crate::error::{Error, Result};
use crate::state::AppState;
use axum::response::Response;
use rust_xlsxwriter::XlsxError;

/// The object a ledger is of, for the audit event.
pub struct Of<'a> {
    pub object_type: &'a str,
    pub object_id: i64,
    pub org_id: i64,
    /// `{"ledger": …, "rows": …}` and whatever else identifies the export.
    pub detail: serde_json::Value,
}

/// Builds the workbook with `build`, records `ledger.export` and answers the file, named by
/// `name` from the day (`20261126`): (the name people see, an ASCII one for old browsers).
pub async fn object_ledger(
    state: &AppState,
    user: &Authenticated,
    of: Of<'_>,
    build: impl FnOnce() -> Result<Vec<u8>, XlsxError> + Send + 'static,
    name: impl FnOnce(&str) -> (String, String),
) -> Result<Response> {
    let bytes = tokio::task::spawn_blocking(build)
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("building a workbook: {e}")))?
        .map_err(|e| Error::Internal(anyhow::Error::new(e).context("writing a workbook")))?;
    let w = state.write(user).await?;
    let now = w.now;
    let object = (of.object_type, of.object_id);
    w.commit("ledger.export", object, of.org_id, of.detail.to_string())
        .await?;
    let date = state.zone.iso_date(now).replace('-', "");
    let (shown, ascii) = name(&date);
    Ok(download::xlsx(bytes, &shown, &ascii))
}
