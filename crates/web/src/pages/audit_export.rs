//! 审计日志导出: the audit page's search as an .xlsx ledger, Chinese headers, the header row
//! frozen, times as text in the deployment's zone. The export is itself recorded
//! (`audit.export`): taking a copy of the log is something an auditor of auditors asks about.

use crate::audit_query::{self, AuditQuery, FilterProblem};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::state::AppState;
use anyhow::Context;
use app::zone::Zone;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use domain::Locale;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use store::audit::{self, AuditEvent, Page};

/// The most events one export holds: a workbook is built in memory, and a million rows would
/// be a few hundred megabytes. The page says so when a search finds more.
pub const EXPORT_LIMIT: i64 = 100_000;
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Events read per query while exporting.
const BATCH: i64 = 2_000;

/// (header key, column width in characters)
const COLUMNS: [(&str, f64); 10] = [
    ("audit.seq", 8.0),
    ("audit.time", 20.0),
    ("audit.account", 14.0),
    ("audit.ip", 16.0),
    ("audit.action", 16.0),
    ("audit.code", 24.0),
    ("audit.object", 14.0),
    ("audit.org", 30.0),
    ("audit.result", 8.0),
    ("audit.detail", 48.0),
];

pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Query(q): Query<AuditQuery>,
) -> Result<Response> {
    let roots = audit_query::require_auditor(&state, &user).await?;
    let criteria = q.parse(&state.zone).map_err(FilterProblem::error)?;
    let scope = audit_query::scope(&state, &user, roots, criteria.org_id).await?;
    let filter = audit_query::filter(&criteria, &scope);

    let mut events = Vec::new();
    let mut before_seq = None;
    while (events.len() as i64) < EXPORT_LIMIT {
        let limit = BATCH.min(EXPORT_LIMIT - events.len() as i64);
        let page = Page {
            limit,
            offset: 0,
            before_seq,
        };
        let batch = audit::search(state.db.read(), &filter, page).await?;
        let done = (batch.len() as i64) < limit;
        before_seq = batch.last().map(|e| e.seq);
        events.extend(batch);
        if done {
            break;
        }
    }

    let rows = events.len();
    let zone = state.zone.clone();
    let bytes = tokio::task::spawn_blocking(move || workbook(&events, &zone))
        .await
        .context("building the audit workbook")?
        .context("writing the audit workbook")?;

    let w = state.write(&user).await?;
    let now = w.now;
    let detail = format!("{rows} events; filter: {}", q.query_string(None));
    w.commit("audit.export", ("audit_log", 0), criteria.org_id, detail)
        .await?;

    let date = state.zone.iso_date(now).replace('-', "");
    let name = format!("{}-{date}.xlsx", t.s("audit.file_name"));
    let disposition = format!(
        "attachment; filename=\"audit-log-{date}.xlsx\"; filename*=UTF-8''{}",
        percent_encode(&name)
    );
    Ok((
        [
            (CONTENT_TYPE, XLSX.to_owned()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// The ledger is in Chinese whatever the reader's language: it is filed as a 台账. (The file
/// name follows the reader.)
fn workbook(events: &[AuditEvent], zone: &Zone) -> Result<Vec<u8>, XlsxError> {
    let t = T::new(Locale::ZhCn);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(t.s("audit.sheet"))?;
    let header = Format::new().set_bold().set_background_color("F1F3F5");
    for (col, (key, width)) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, t.s(key), &header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (i, e) in events.iter().enumerate() {
        let row = i as u32 + 1;
        let cells = [
            zone.sortable(e.at),
            e.username.clone(),
            e.ip.clone(),
            audit_query::action_name(t, &e.action)
                .unwrap_or(&e.action)
                .to_owned(),
            e.action.clone(),
            audit_query::object_name(t, &e.object_type, &e.object_id),
            e.org_name.clone().unwrap_or_default(),
            audit_query::result_name(t, &e.result),
            e.detail.clone(),
        ];
        sheet.write_number(row, 0, e.seq as f64)?;
        for (col, text) in cells.iter().enumerate() {
            // Usernames and details are what people typed (a failed login's name included).
            sheet.write_string(
                row,
                col as u16 + 1,
                crate::ledger::xlsx::guarded(text).as_ref(),
            )?;
        }
    }
    if !events.is_empty() {
        sheet.autofilter(0, 0, events.len() as u32, COLUMNS.len() as u16 - 1)?;
    }
    book.save_to_buffer()
}

/// RFC 5987 encoding of a file name for `filename*`.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use calamine::{Data, Reader, Xlsx};
    use domain::Timestamp;
    use std::io::Cursor;

    #[test]
    fn file_names_are_encoded_for_the_header() {
        assert_eq!(
            percent_encode("审计日志-20220805.xlsx"),
            "%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97-20220805.xlsx"
        );
    }

    #[test]
    fn the_workbook_has_chinese_headers_and_times_as_text_in_the_zone() {
        let zone = Zone::parse("Asia/Shanghai").unwrap();
        let event = AuditEvent {
            seq: 7,
            // 2022-08-05T06:30:05Z: 14:30:05 in Shanghai.
            at: Timestamp(1_659_681_005_000),
            account_id: Some(3),
            account_name: None,
            username: "member1".into(),
            ip: "127.0.0.1".into(),
            action: "login".into(),
            object_type: "account".into(),
            object_id: "3".into(),
            org_id: None,
            org_name: None,
            result: "failure".into(),
            detail: "wrong password".into(),
        };
        let bytes = workbook(&[event], &zone).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range("审计日志").unwrap();
        let row = |r: usize| -> Vec<String> {
            sheet
                .rows()
                .nth(r)
                .unwrap()
                .iter()
                .map(Data::to_string)
                .collect()
        };
        assert_eq!(row(0)[..3], ["序号", "时间", "账号"]);
        assert_eq!(
            row(1),
            [
                "7",
                "2022-08-05 14:30:05",
                "member1",
                "127.0.0.1",
                "登录",
                "login",
                "账号 3",
                "",
                "失败",
                "wrong password"
            ]
        );
    }
}
