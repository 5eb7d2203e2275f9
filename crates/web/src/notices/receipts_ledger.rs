//! 签收情况台账: a notice's receipts as a workbook for the committee — a title row naming the
//! notice with its counts, then one row per recipient org (序号, 组织, 是否已读, 阅读时间,
//! 是否签收, 签收时间, 签收人, 签收版本) under a frozen header. Shared by the page and the API;
//! every download is recorded as `ledger.export`.

use super::rules;
use crate::auth::Client;
use crate::auth::current::Authenticated;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::ledger::download;
use crate::state::AppState;
use crate::time_fmt::Zone;
use axum::response::Response;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use store::audit::{self, AuditEntry, Outcome};
use store::notices::{Notice, Receipt};

/// Receipt counts: recipients, how many opened, how many signed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub recipients: i64,
    pub opened: i64,
    pub signed: i64,
}

impl Totals {
    pub fn of(receipts: &[Receipt]) -> Totals {
        Totals {
            recipients: receipts.len() as i64,
            opened: receipts.iter().filter(|r| r.opened_at.is_some()).count() as i64,
            signed: receipts.iter().filter(|r| r.signed_at.is_some()).count() as i64,
        }
    }
}

/// Column headers (catalogue keys) and widths in Excel's units (a Chinese character is two).
const COLUMNS: [(&str, f64); 8] = [
    ("notice.receipts_ledger.col_index", 6.0),
    ("notice.receipts_ledger.col_org", 40.0),
    ("notice.receipts_ledger.col_opened", 10.0),
    ("notice.receipts_ledger.col_opened_at", 20.0),
    ("notice.receipts_ledger.col_signed", 10.0),
    ("notice.receipts_ledger.col_signed_at", 20.0),
    ("notice.receipts_ledger.col_signer", 14.0),
    ("notice.receipts_ledger.col_revision", 10.0),
];

fn title(t: T, notice: &Notice, totals: Totals) -> String {
    let number = if notice.doc_number.is_empty() {
        String::new()
    } else {
        format!("（{}）", notice.doc_number)
    };
    t.f(
        "notice.receipts_ledger.title",
        &[
            ("title", &notice.title),
            ("number", &number),
            ("recipients", &totals.recipients.to_string()),
            ("opened", &totals.opened.to_string()),
            ("signed", &totals.signed.to_string()),
        ],
    )
}

/// The workbook of `receipts`.
pub fn workbook(
    t: T,
    zone: &Zone,
    notice: &Notice,
    receipts: &[Receipt],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(t.s("notice.receipts_ledger.sheet"))?;
    let last = COLUMNS.len() as u16 - 1;
    let title_format = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Left);
    sheet.merge_range(
        0,
        0,
        0,
        last,
        &title(t, notice, Totals::of(receipts)),
        &title_format,
    )?;
    sheet.set_row_height(0, 24)?;
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xF2_DC_DB))
        .set_border(FormatBorder::Thin);
    for (c, (key, width)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, t.s(key), &header)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    sheet.set_freeze_panes(2, 0)?;
    let yes_no = |b: bool| {
        t.s(if b {
            "notice.receipts_ledger.yes"
        } else {
            "notice.receipts_ledger.no"
        })
    };
    for (i, r) in receipts.iter().enumerate() {
        let row = i as u32 + 2;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string(row, 1, &r.org_name)?;
        sheet.write_string(row, 2, yes_no(r.opened_at.is_some()))?;
        if let Some(at) = r.opened_at {
            sheet.write_string(row, 3, zone.sortable(at))?;
        }
        sheet.write_string(row, 4, yes_no(r.signed_at.is_some()))?;
        if let Some(at) = r.signed_at {
            sheet.write_string(row, 5, zone.sortable(at))?;
        }
        if let Some(signer) = &r.signed_by {
            sheet.write_string(row, 6, signer)?;
        }
        if let Some(revision) = r.signed_revision {
            sheet.write_number(row, 7, revision as f64)?;
        }
    }
    sheet.autofilter(1, 0, receipts.len() as u32 + 1, last)?;
    book.save_to_buffer()
}

/// The ledger of notice `notice_id` as a download, for its issuer side.
pub async fn download(
    state: &AppState,
    user: &Authenticated,
    client: &Client,
    t: T,
    notice_id: i64,
) -> Result<Response> {
    let notice = rules::load_as_issuer(state, user, client, notice_id).await?;
    let receipts = store::notices::receipts(state.db.read(), notice.id).await?;
    let rows = receipts.len();
    let zone = state.zone.clone();
    let for_book = notice.clone();
    let bytes = tokio::task::spawn_blocking(move || workbook(t, &zone, &for_book, &receipts))
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("building a workbook: {e}")))?
        .map_err(|e| {
            Error::Internal(anyhow::Error::new(e).context("writing the receipts workbook"))
        })?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    audit::record(
        &mut tx,
        AuditEntry {
            at: now,
            account_id: Some(user.account.id),
            username: &user.account.username,
            ip: &client.ip,
            action: "ledger.export",
            object_type: "notice",
            object_id: notice.id.to_string(),
            org_id: Some(notice.org_id),
            outcome: Outcome::Success,
            detail: serde_json::json!({ "ledger": "notice_receipts", "rows": rows }).to_string(),
        },
    )
    .await?;
    store::commit(tx).await?;
    let date = state.zone.iso_date(now).replace('-', "");
    let short: String = notice.title.chars().take(40).collect();
    let name = t.f(
        "notice.receipts_ledger.file",
        &[("title", &short), ("date", &date)],
    );
    Ok(download::xlsx(
        bytes,
        &name,
        &format!("notice-{}-receipts-{date}.xlsx", notice.id),
    ))
}
