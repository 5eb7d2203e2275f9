//! 三会一课台账 as a workbook: the first sheet counts each kind by month against what its
//! frequency asks (应开 / 已开 and the light), the second lists every activity that took place
//! with its attendance figures and the link to its record, as an inspector files it.

use super::kinds;
use super::ledger::Ledger;
use crate::error::Result;
use crate::ledger::xlsx::{Column, Value, titled_sheet};
use crate::zone::Zone;
use crate::{Actor, App};
use catalogue::T;
use domain::activity_standing::Standing;
use domain::supervision::Light;
use rust_xlsxwriter::{Workbook, XlsxError};

/// The words of a ledger line's light (达标, 未达标 …).
pub fn light_key(l: Light) -> &'static str {
    match l {
        Light::Red => "activity.ledger.light.red",
        Light::Yellow => "activity.ledger.light.yellow",
        Light::Grey => "activity.ledger.light.grey",
        Light::Green => "activity.ledger.light.green",
    }
}

/// The sheet's title: "重庆市电子学会党支部 2022年 三会一课台账".
pub fn title(t: T, ledger: &Ledger) -> String {
    t.f(
        "activity.ledger.heading",
        &[
            ("org", ledger.org.name.as_str()),
            ("year", &ledger.year.to_string()),
        ],
    )
}

/// The attendance rate as a number to one decimal place.
fn rate(r: f64) -> f64 {
    (r * 10.0).round() / 10.0
}

fn standing_cells(t: T, s: Option<&Standing>) -> [Value; 3] {
    match s {
        Some(s) => [
            Value::Number(s.expected.into()),
            Value::Number(s.met.into()),
            Value::Text(t.s(light_key(s.light)).to_owned()),
        ],
        None => [
            Value::Text(String::new()),
            Value::Text(String::new()),
            Value::Text(t.s("activity.ledger.as_needed").to_owned()),
        ],
    }
}

/// The workbook of `ledger`; `link` gives the full address of a record by its id.
pub fn workbook(
    t: T,
    zone: &Zone,
    ledger: &Ledger,
    link: impl Fn(i64) -> String,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let heading = title(t, ledger);
    // Sheet 1: kind × month.
    let mut columns = vec![
        Column::new(t.s("activity.ledger.col_kind"), 16.0),
        Column::new(t.s("activity.ledger.col_frequency"), 8.0),
    ];
    for m in 1..=12 {
        let month = t.f("activity.ledger.month", &[("m", &m.to_string())]);
        columns.push(Column::new(&month, 6.0));
    }
    for key in [
        "activity.ledger.col_total",
        "activity.ledger.col_expected",
        "activity.ledger.col_met",
        "activity.ledger.col_light",
    ] {
        columns.push(Column::new(t.s(key), 9.0));
    }
    let rows: Vec<Vec<Value>> = ledger
        .lines
        .iter()
        .map(|l| {
            let mut row = vec![
                Value::Text(kinds::label(t, &l.kind)),
                Value::Text(t.s(l.kind.frequency.message_key()).to_owned()),
            ];
            row.extend(l.per_month.iter().map(|n| Value::Number((*n).into())));
            row.push(Value::Number(l.held.into()));
            row.extend(standing_cells(t, l.standing.as_ref()));
            row
        })
        .collect();
    titled_sheet(
        &mut book,
        t.s("activity.ledger.sheet_counts"),
        &heading,
        &columns,
        &rows,
    )?;
    // Sheet 2: the records.
    let columns = Column::titled(
        t,
        &[
            ("ledger.col_serial", 6.0),
            ("activity.ledger.col_date", 17.0),
            ("activity.ledger.col_kind", 14.0),
            ("activity.ledger.col_title", 36.0),
            ("activity.ledger.col_host", 10.0),
            ("activity.ledger.col_attend_expected", 8.0),
            ("activity.ledger.col_present", 8.0),
            ("activity.ledger.col_leave", 8.0),
            ("activity.ledger.col_absent", 8.0),
            ("activity.ledger.col_rate", 10.0),
            ("activity.ledger.col_state", 8.0),
            ("activity.ledger.col_link", 40.0),
        ],
    );
    let all_kinds: Vec<_> = ledger.lines.iter().map(|l| l.kind.clone()).collect();
    let rows: Vec<Vec<Value>> = ledger
        .records
        .iter()
        .enumerate()
        .map(|(n, (a, f))| {
            vec![
                Value::Number((n + 1) as f64),
                Value::when(zone, Some(a.content.starts_at)),
                Value::Text(kinds::label_of(t, &all_kinds, &a.content.kind)),
                Value::Text(a.content.title.clone()),
                Value::Text(a.content.host.clone()),
                Value::Number(f.expected.into()),
                Value::Number(f.present.into()),
                Value::Number(f.leave.into()),
                Value::Number(f.absent.into()),
                Value::Number(rate(f.rate())),
                Value::Text(t.s(a.state.message_key()).to_owned()),
                Value::Text(link(a.id)),
            ]
        })
        .collect();
    titled_sheet(
        &mut book,
        t.s("activity.ledger.sheet_records"),
        &heading,
        &columns,
        &rows,
    )?;
    book.save_to_buffer()
}

/// Records in the audit log that `actor` took the ledger of `ledger.org` away as a file.
pub async fn recorded(app: &App, actor: &Actor, ledger: &Ledger) -> Result<()> {
    let detail = serde_json::json!({
        "ledger": "activities",
        "year": ledger.year,
        "rows": ledger.records.len(),
    })
    .to_string();
    let w = app.write(actor).await?;
    w.commit(
        "ledger.export",
        ("org", ledger.org.id),
        Some(ledger.org.id),
        detail,
    )
    .await
}
