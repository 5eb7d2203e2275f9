//! 签收情况台账: a notice's receipts as a workbook for the committee — a title row naming the
//! notice with its counts, then one row per recipient org (序号, 组织, 是否已读, 阅读时间,
//! 是否签收, 签收时间, 签收人, 签收版本) under a frozen header. Shared by the page and the API;
//! every download is recorded as `ledger.export`.

use crate::auth::current::Authenticated;
use crate::error::Result;
use crate::i18n::T;
use crate::ledger::deliver;
use crate::ledger::xlsx::{self, Column, Value};
use crate::state::AppState;
use app::notices::rules;
use app::zone::Zone;
use axum::response::Response;
use rust_xlsxwriter::XlsxError;
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
    let columns = Column::titled(t, &COLUMNS);
    let yes_no = |b: bool| {
        Value::yes_no(
            t,
            b,
            ("notice.receipts_ledger.yes", "notice.receipts_ledger.no"),
        )
    };
    let when = |at| Value::when(zone, at);
    let rows: Vec<Vec<Value>> = receipts
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                Value::Number((i + 1) as f64),
                Value::Text(r.org_name.clone()),
                yes_no(r.opened_at.is_some()),
                when(r.opened_at),
                yes_no(r.signed_at.is_some()),
                when(r.signed_at),
                Value::Text(r.signed_by.clone().unwrap_or_default()),
                match r.signed_revision {
                    Some(revision) => Value::Number(revision as f64),
                    None => Value::Text(String::new()),
                },
            ]
        })
        .collect();
    xlsx::titled_table(
        t.s("notice.receipts_ledger.sheet"),
        &title(t, notice, Totals::of(receipts)),
        &columns,
        &rows,
    )
}

/// The ledger of notice `notice_id` as a download, for its issuer side.
pub async fn download(
    state: &AppState,
    user: &Authenticated,
    t: T,
    notice_id: i64,
) -> Result<Response> {
    let notice = rules::load_as_issuer(state, user, notice_id).await?;
    let receipts = store::notices::receipts(state.db.read(), notice.id).await?;
    let of = deliver::Of {
        object_type: "notice",
        object_id: notice.id,
        org_id: notice.org_id,
        detail: serde_json::json!({ "ledger": "notice_receipts", "rows": receipts.len() }),
    };
    let zone = state.zone.clone();
    let for_book = notice.clone();
    let build = move || workbook(t, &zone, &for_book, &receipts);
    deliver::object_ledger(state, user, of, build, |date| {
        let short: String = notice.title.chars().take(40).collect();
        (
            t.f(
                "notice.receipts_ledger.file",
                &[("title", &short), ("date", date)],
            ),
            format!("notice-{}-receipts-{date}.xlsx", notice.id),
        )
    })
    .await
}
