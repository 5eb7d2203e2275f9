//! 附件: a notice's attachments. Its issuer side adds and removes them (removal is a state: the
//! row and the file stay); the issuer side and the recipients download them. Shared by the
//! pages and the API: each function authorises, loads, applies the rule, saves and audits.
//!
//! The notice page lists [`list`] and offers an upload form: `POST /notices/{id}/attachments
//! ?csrf_token=…`, `multipart/form-data` with the file in the field `file`.

use super::refusals::notice_problem;
use crate::auth::current::Authenticated;
use crate::error::{Error, Result};
use crate::files::accept::accept;
use crate::files::serve;
use crate::state::AppState;
use anyhow::Context;
use app::notices::rules;
use axum::extract::Request;
use axum::response::Response;
use domain::Timestamp;
use domain::notice::NoticeChange;
use store::files::{self, Attachment};
use store::notices::Notice;

/// An attachment as a list shows it.
#[derive(Debug, Clone)]
pub struct AttachmentView {
    pub id: i64,
    pub notice_id: i64,
    /// The name it was uploaded under (with the extension of its content).
    pub name: String,
    /// Bytes.
    pub size: i64,
    /// As sniffed from the content: `application/pdf`, `image/png` …
    pub content_type: String,
    pub added_at: Timestamp,
}

impl From<Attachment> for AttachmentView {
    fn from(a: Attachment) -> AttachmentView {
        AttachmentView {
            id: a.id,
            notice_id: a.notice_id,
            name: a.name,
            size: a.size,
            content_type: a.content_type,
            added_at: a.added_at,
        }
    }
}

impl AttachmentView {
    /// `35 KB`, `1.2 MB`: the size as a list shows it.
    pub fn size_label(&self) -> String {
        size_label(self.size.max(0) as u64)
    }

    /// The page link that downloads it.
    pub fn href(&self) -> String {
        format!("/notices/{}/attachments/{}", self.notice_id, self.id)
    }

    /// The page form action that removes it (POST, with the `csrf_token` field).
    pub fn remove_href(&self) -> String {
        format!("/notices/{}/attachments/{}/remove", self.notice_id, self.id)
    }
}

pub use crate::files::accept::size_label;

/// The attachments of a notice that were not removed, oldest first. The caller has loaded the
/// notice through [`rules::load`]; this does no authorisation of its own.
pub async fn list(state: &AppState, notice_id: i64) -> Result<Vec<AttachmentView>> {
    Ok(files::attachments(state.db.read(), notice_id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The issuer side's notice, when attachments may still change (not after withdrawal).
async fn changeable(state: &AppState, user: &Authenticated, notice_id: i64) -> Result<Notice> {
    let notice = rules::load_as_issuer(state, user, notice_id).await?;
    let status = notice.status;
    status.allows(NoticeChange::Edit).map_err(notice_problem)?;
    Ok(notice)
}

/// Adds the file in the multipart field `file` of `request` to the notice. The caller is
/// authorised before a byte of the upload is read.
pub async fn add(
    state: &AppState,
    user: &Authenticated,
    notice_id: i64,
    request: Request,
) -> Result<AttachmentView> {
    let notice = changeable(state, user, notice_id).await?;
    let file = accept(state, request, "attachment").await?;
    let (name, hash, size) = (file.name, file.hash, file.size);
    let mut w = state.write(user).await?;
    let now = w.now;
    files::record(&mut w.tx, &hash, size, file.content_type, now).await?;
    let id = files::attach(&mut w.tx, notice.id, &name, &hash, user.account.id, now).await?;
    let detail = serde_json::json!({ "attachment": id, "name": name, "size": size, "hash": hash })
        .to_string();
    w.commit(
        "notice.attach",
        ("notice", notice.id),
        notice.org_id,
        detail,
    )
    .await?;
    Ok(AttachmentView {
        id,
        notice_id: notice.id,
        name,
        size,
        content_type: file.content_type.to_owned(),
        added_at: now,
    })
}

/// Removes an attachment (a state: it stays in the database and on disk). Answers false when
/// it was removed already (a page sent twice); a missing attachment answers 404.
pub async fn remove(
    state: &AppState,
    user: &Authenticated,
    notice_id: i64,
    attachment_id: i64,
) -> Result<bool> {
    let notice = changeable(state, user, notice_id).await?;
    let attachment = files::attachment(state.db.read(), notice.id, attachment_id)
        .await?
        .ok_or_else(Error::not_found)?;
    let mut w = state.write(user).await?;
    if !files::detach(&mut w.tx, notice.id, attachment.id, w.now).await? {
        return Ok(false);
    }
    let detail =
        serde_json::json!({ "attachment": attachment.id, "name": attachment.name }).to_string();
    w.commit(
        "notice.detach",
        ("notice", notice.id),
        notice.org_id,
        detail,
    )
    .await?;
    Ok(true)
}

/// Downloads an attachment that was not removed, for the issuer side and the recipients.
pub async fn download(
    state: &AppState,
    user: &Authenticated,
    notice_id: i64,
    attachment_id: i64,
) -> Result<Response> {
    let loaded = rules::load(state, user, notice_id).await?;
    let attachment = files::attachment(state.db.read(), loaded.notice.id, attachment_id)
        .await?
        .filter(|a| a.removed_at.is_none())
        .ok_or_else(Error::not_found)?;
    let stored = state
        .files
        .open(&attachment.file_hash)
        .await
        .with_context(|| format!("reading the stored file of attachment {}", attachment.id))?;
    let ext = attachment
        .name
        .rsplit_once('.')
        .map(|(_, e)| e)
        .unwrap_or("bin");
    let fallback = format!("attachment-{}.{ext}", attachment.id);
    // Who took a copy of an attachment is recorded, as for every ledger export.
    let detail =
        serde_json::json!({ "attachment": attachment.id, "name": attachment.name }).to_string();
    let notice = &loaded.notice;
    let w = state.write(user).await?;
    w.commit(
        "notice.attachment_download",
        ("notice", notice.id),
        notice.org_id,
        detail,
    )
    .await?;
    Ok(serve::download(
        stored,
        &attachment.content_type,
        &attachment.name,
        &fallback,
    ))
}
