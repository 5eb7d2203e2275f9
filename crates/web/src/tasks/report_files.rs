//! Files of a report (a form's `files` field): the reporting org uploads them, checked by
//! content like notice attachments, and names their ids in its answers; the org and the
//! assigning side download them, always as attachments.

use crate::auth::current::Authenticated;
use crate::error::{Error, Result};
use crate::files::accept::accept;
use crate::files::serve;
use crate::state::AppState;
use anyhow::Context;
use app::tasks::reports::{Report, Role};
use app::tasks::rules::Loaded;
use axum::extract::Request;
use axum::response::Response;

/// An uploaded file, as the form names it.
#[derive(Debug, Clone)]
pub struct ReportFile {
    pub id: i64,
    pub name: String,
    pub size: i64,
    pub content_type: String,
}

/// Stores the file in the multipart field `file` for the report's org. Only the reporting
/// side uploads, authorised before a byte is read.
pub async fn add(
    state: &AppState,
    user: &Authenticated,
    loaded: &Loaded,
    report: &Report,
    request: Request,
) -> Result<ReportFile> {
    let s = &report.submission;
    report.require(state, user, loaded, Role::Reporter).await?;
    let file = accept(state, request, "file").await?;
    let (name, hash, size) = (file.name, file.hash, file.size);
    let mut w = state.write(user).await?;
    store::files::record(&mut w.tx, &hash, size, file.content_type, w.now).await?;
    let id = store::report_files::add_file(
        &mut w.tx,
        loaded.task.id,
        s.org_id,
        &name,
        &hash,
        user.account.id,
        w.now,
    )
    .await?;
    let detail = serde_json::json!({ "task": loaded.task.id, "file": id, "name": name, "size": size, "hash": hash })
        .to_string();
    w.commit("submission.file", ("submission", s.id), s.org_id, detail)
        .await?;
    Ok(ReportFile {
        id,
        name,
        size,
        content_type: file.content_type.to_owned(),
    })
}

/// Downloads a file of the report's org, for that org and the assigning side.
pub async fn download(
    state: &AppState,
    user: &app::Actor,
    loaded: &Loaded,
    report: &Report,
    file_id: i64,
) -> Result<Response> {
    let s = &report.submission;
    let (name, hash, content_type, _) =
        store::report_files::file(state.db.read(), loaded.task.id, s.org_id, file_id)
            .await?
            .ok_or_else(Error::not_found)?;
    let stored = state
        .files
        .open(&hash)
        .await
        .with_context(|| format!("reading the stored file of report file {file_id}"))?;
    // Who took a copy of a report's file is recorded, as for every ledger export.
    let detail = serde_json::json!({ "task": loaded.task.id, "period": s.period, "name": name });
    let w = state.write(user).await?;
    w.commit(
        "report.file_download",
        ("report_file", file_id),
        s.org_id,
        detail.to_string(),
    )
    .await?;
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("bin");
    let fallback = format!("file-{file_id}.{ext}");
    Ok(serve::download(stored, &content_type, &name, &fallback))
}
