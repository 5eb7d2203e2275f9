//! `/api/v1/notices/{id}/receipts`: who opened and who signed (签收) a notice, for its issuer
//! side, as JSON or as the 签收情况 ledger (.xlsx).

use super::notice_views::ReceiptTotals;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::notices::receipts_ledger::{self, Totals};
use crate::state::AppState;
use app::notices::rules;
use app::zone::rfc3339;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;

type ErrorBody = crate::api::openapi::ErrorBody;

/// One recipient org's receipt.
#[derive(Serialize, ToSchema)]
pub struct ReceiptView {
    pub org_id: i64,
    pub org_name: String,
    /// When someone of the org who signs for it first opened it.
    pub opened_at: Option<String>,
    /// Display name of that account.
    pub opened_by: Option<String>,
    pub signed_at: Option<String>,
    /// Display name of the account that signed.
    pub signer: Option<String>,
    /// The revision signed; lower than the notice's revision when it changed since.
    pub signed_revision: Option<i64>,
    /// unread, read (opened, not signed) or signed (the current revision).
    pub status: String,
    /// Reminders (催办) sent to the org about this notice, and the latest.
    pub reminders: i64,
    pub last_reminded_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReceiptsView {
    pub notice_id: i64,
    pub revision: i64,
    pub totals: ReceiptTotals,
    /// The 签收时限, if one is set.
    pub sign_by: Option<String>,
    /// In tree order.
    pub receipts: Vec<ReceiptView>,
}

#[utoipa::path(
    get, path = "/api/v1/notices/{id}/receipts", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    responses(
        (status = 200, body = ReceiptsView),
        (status = 404, description = "Not a notice of the caller's issuing orgs", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ReceiptsView>> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    let rows = store::notices::receipts(state.db.read(), notice.id).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.org_id).collect();
    let tallies = app::reminders::notice::tallies(&state, notice.id, &ids).await?;
    let sign_by = store::notice_reminders::sign_by(state.db.read(), notice.id).await?;
    let revision = notice.revision;
    Ok(Json(ReceiptsView {
        notice_id: notice.id,
        revision,
        totals: Totals::of(&rows).into(),
        sign_by: sign_by.map(rfc3339),
        receipts: rows
            .into_iter()
            .map(|r| ReceiptView {
                status: match (r.signed_revision, r.opened_at) {
                    (Some(v), _) if v >= revision => "signed",
                    (_, Some(_)) => "read",
                    _ => "unread",
                }
                .to_owned(),
                reminders: tallies.get(&r.org_id).map_or(0, |t| t.count),
                last_reminded_at: tallies.get(&r.org_id).map(|t| rfc3339(t.last)),
                org_id: r.org_id,
                org_name: r.org_name,
                opened_at: r.opened_at.map(rfc3339),
                opened_by: r.opened_by,
                signed_at: r.signed_at.map(rfc3339),
                signer: r.signed_by,
                signed_revision: r.signed_revision,
            })
            .collect(),
    }))
}

#[utoipa::path(
    get, path = "/api/v1/notices/{id}/receipts.xlsx", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    responses(
        (status = 200, description = "签收情况: a title row naming the notice with its counts, then 序号, 组织, 是否已读, 阅读时间, 是否签收, 签收时间, 签收人, 签收版本 per recipient org", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, description = "Not a notice of the caller's issuing orgs", body = ErrorBody),
    )
)]
pub async fn ledger(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
) -> Result<Response> {
    receipts_ledger::download(&state, &user, t, id).await
}
