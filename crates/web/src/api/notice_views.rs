//! The JSON shapes of notices (通知) in the API, and building them from what the rules load.

use crate::error::Result;
use crate::notices::attachments::{self, AttachmentView};
use crate::notices::receipts_ledger::Totals;
use crate::state::AppState;
use app::notices::rules::{self, Loaded, Side};
use app::zone::rfc3339;
use serde::Serialize;
use store::notices::{Notice, Received};
use utoipa::ToSchema;

/// A notice with its current revision's content, and what the caller's side sees of it.
#[derive(Serialize, ToSchema)]
pub struct NoticeView {
    pub id: i64,
    /// The issuing org.
    pub org_id: i64,
    pub org_name: String,
    /// draft, published or withdrawn
    pub status: String,
    /// The current revision; every edit makes a new one.
    pub revision: i64,
    pub title: String,
    /// 发文字号, e.g. 渝科协社党发〔2022〕28号; empty when the notice has none.
    pub doc_number: String,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    pub withdrawn_at: Option<String>,
    /// Why it was withdrawn; null unless it was.
    pub withdraw_reason: Option<String>,
    /// The structured notice (gongwen `NoticeDraft`): issuer, doc_number, title, recipients,
    /// date, preamble, sections (number, level, title, title_punct — the 。 or ： after a
    /// run-in title, absent when none — run_in, body, children, actions),
    /// attachments, contacts, deadlines, actions, report_required.
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    /// The text the content was parsed from.
    pub source: String,
    /// issuer (the caller's grant covers the issuing org) or recipient
    pub side: String,
    /// Issuer side: receipt counts; null for recipients.
    pub receipts: Option<ReceiptTotals>,
    /// Issuer side: the orgs chosen at publishing; null for recipients.
    pub targets: Option<Vec<TargetView>>,
    /// Recipient side: the caller's orgs that received it; null for the issuer side.
    pub received: Option<Vec<ReceivedView>>,
    /// 附件 not removed, oldest first.
    pub attachments: Vec<AttachmentJson>,
}

#[derive(Serialize, ToSchema)]
pub struct ReceiptTotals {
    pub recipients: i64,
    pub opened: i64,
    pub signed: i64,
    /// Recipients nobody of which has opened it.
    pub not_opened: i64,
}

impl From<Totals> for ReceiptTotals {
    fn from(t: Totals) -> ReceiptTotals {
        ReceiptTotals {
            recipients: t.recipients,
            opened: t.opened,
            signed: t.signed,
            not_opened: t.recipients - t.opened,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TargetView {
    pub org_id: i64,
    pub org_name: String,
    /// The org with every org under it, or the org alone.
    pub subtree: bool,
}

/// A recipient org's standing.
#[derive(Serialize, ToSchema)]
pub struct ReceivedView {
    pub org_id: i64,
    pub org_name: String,
    /// Never opened by anyone of the org.
    pub unread: bool,
    /// Changed since the org last opened it.
    pub changed: bool,
    pub opened_revision: Option<i64>,
    pub signed_at: Option<String>,
    pub signed_revision: Option<i64>,
}

impl From<&Received> for ReceivedView {
    fn from(r: &Received) -> ReceivedView {
        ReceivedView {
            org_id: r.org_id,
            org_name: r.org_name.clone(),
            unread: r.unread(),
            changed: r.changed(),
            opened_revision: r.opened_revision,
            signed_at: r.signed_at.map(rfc3339),
            signed_revision: r.signed_revision,
        }
    }
}

/// 附件: an attachment, downloaded from `url`.
#[derive(Serialize, ToSchema)]
pub struct AttachmentJson {
    pub id: i64,
    pub name: String,
    /// Bytes.
    pub size: i64,
    /// As found from the content: application/pdf, image/png, text/plain; charset=utf-8 …
    pub content_type: String,
    pub added_at: String,
    pub url: String,
}

impl From<AttachmentView> for AttachmentJson {
    fn from(a: AttachmentView) -> AttachmentJson {
        AttachmentJson {
            url: format!("/api/v1/notices/{}/attachments/{}", a.notice_id, a.id),
            id: a.id,
            name: a.name,
            size: a.size,
            content_type: a.content_type,
            added_at: rfc3339(a.added_at),
        }
    }
}

fn status_fields(n: &Notice) -> (Option<String>, Option<String>, Option<String>) {
    let withdrawn = n.withdrawn_at.map(rfc3339);
    let reason = withdrawn.as_ref().map(|_| n.withdraw_reason.clone());
    (n.published_at.map(rfc3339), withdrawn, reason)
}

/// The notice as the caller's side sees it.
pub async fn notice_view(state: &AppState, loaded: &Loaded) -> Result<NoticeView> {
    let n = &loaded.notice;
    let (draft, source) = rules::draft_of(state, n, n.revision).await?;
    let content = serde_json::to_value(&draft).map_err(anyhow::Error::new)?;
    let (mut receipts, mut targets, mut received) = (None, None, None);
    match &loaded.side {
        Side::Issuer => {
            let rows = store::notices::receipts(state.db.read(), n.id).await?;
            receipts = Some(Totals::of(&rows).into());
            let chosen = store::notices::targets(state.db.read(), n.id).await?;
            targets = Some(
                chosen
                    .into_iter()
                    .map(|(org_id, org_name, subtree)| TargetView {
                        org_id,
                        org_name,
                        subtree,
                    })
                    .collect(),
            );
        }
        Side::Recipient(rows) => received = Some(rows.iter().map(ReceivedView::from).collect()),
    }
    let (published_at, withdrawn_at, withdraw_reason) = status_fields(n);
    Ok(NoticeView {
        id: n.id,
        org_id: n.org_id,
        org_name: n.org_name.clone(),
        status: n.status.as_str().to_owned(),
        revision: n.revision,
        title: n.title.clone(),
        doc_number: n.doc_number.clone(),
        created_at: rfc3339(n.created_at),
        updated_at: rfc3339(n.updated_at),
        published_at,
        withdrawn_at,
        withdraw_reason,
        content,
        source,
        side: if loaded.is_issuer() {
            "issuer"
        } else {
            "recipient"
        }
        .to_owned(),
        receipts,
        targets,
        received,
        attachments: attachments::list(state, n.id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    })
}

/// A notice in a list: the inbox's rows carry the receiving org's standing, the issued box's
/// rows the receipt counts.
#[derive(Serialize, ToSchema)]
pub struct NoticeRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub status: String,
    pub revision: i64,
    pub title: String,
    pub doc_number: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    pub withdrawn_at: Option<String>,
    /// Inbox: the receiving org (one row per org of the caller's that received it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient: Option<ReceivedView>,
    /// Issued: receipt counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipts: Option<ReceiptTotals>,
}

fn row(n: &Notice) -> NoticeRow {
    let (published_at, withdrawn_at, _) = status_fields(n);
    NoticeRow {
        id: n.id,
        org_id: n.org_id,
        org_name: n.org_name.clone(),
        status: n.status.as_str().to_owned(),
        revision: n.revision,
        title: n.title.clone(),
        doc_number: n.doc_number.clone(),
        updated_at: rfc3339(n.updated_at),
        published_at,
        withdrawn_at,
        recipient: None,
        receipts: None,
    }
}

pub fn inbox_row(r: &Received) -> NoticeRow {
    NoticeRow {
        recipient: Some(r.into()),
        ..row(&r.notice)
    }
}

pub fn issued_row(i: &store::notices::Issued) -> NoticeRow {
    let totals = Totals {
        recipients: i.recipients,
        opened: i.opened,
        signed: i.signed,
    };
    NoticeRow {
        receipts: Some(totals.into()),
        ..row(&i.notice)
    }
}
