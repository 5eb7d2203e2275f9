//! 党员名册台账: the roster as a workbook, in the columns a 党务 worker keeps it in.
//! Birth date, phone and email are left empty for members whose org the reader may not see
//! personal data in.

use super::labels;
use super::xlsx::{self, Column, Value};
use crate::i18n::T;
use rust_xlsxwriter::XlsxError;
use store::members::Member;

pub fn workbook(
    t: T,
    members: &[Member],
    personal: impl Fn(&Member) -> bool,
) -> Result<Vec<u8>, XlsxError> {
    let columns = [
        Column::new(t.s("ledger.col_serial"), 6.0),
        Column::new(t.s("member.field.name"), 12.0),
        Column::new(t.s("member.field.gender"), 6.0),
        Column::new(t.s("member.field.birth_date"), 12.0),
        Column::new(t.s("member.field.org"), 34.0),
        Column::new(t.s("member.field.member_type"), 12.0),
        Column::new(t.s("member.field.joined_party"), 12.0),
        Column::new(t.s("member.field.positions"), 20.0),
        Column::new(t.s("member.field.phone"), 15.0),
        Column::new(t.s("member.field.email"), 26.0),
        Column::new(t.s("ledger.col_status"), 8.0),
    ];
    let text = |s: &Option<String>, shown: bool| {
        Value::Text(if shown {
            s.clone().unwrap_or_default()
        } else {
            String::new()
        })
    };
    let rows: Vec<Vec<Value>> = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let shown = personal(m);
            vec![
                Value::Number(i as f64 + 1.0),
                Value::Text(m.name.clone()),
                Value::Text(labels::gender(t, &m.gender)),
                text(&m.birth_date, shown),
                Value::Text(m.org_name.clone()),
                Value::Text(labels::member_type(t, &m.member_type)),
                text(&m.joined_party, true),
                Value::Text(labels::positions(t, &m.positions)),
                text(&m.phone, shown),
                text(&m.email, shown),
                Value::Text(
                    t.s(if m.status == "left" {
                        "member.status.left"
                    } else {
                        "ledger.status_active"
                    })
                    .to_owned(),
                ),
            ]
        })
        .collect();
    xlsx::table(t.s("ledger.roster_sheet"), &columns, &rows)
}
