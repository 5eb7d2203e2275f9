//! 党员名册台账: the roster as a workbook, in the columns a 党务 worker keeps it in.
//! Birth date, phone and email are left empty for members whose org the reader may not see
//! personal data in.

use super::labels;
use super::xlsx::{self, Column, Value};
use catalogue::T;
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
                    t.s(if m.status == domain::member::MemberStatus::Left {
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

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Reader;
    use domain::Locale;

    fn member(phone: &str) -> Member {
        Member {
            id: 1,
            org_id: 2,
            org_name: "机械学会党支部".to_owned(),
            org_path: "/1/2/".to_owned(),
            name: "张三".to_owned(),
            gender: "male".to_owned(),
            birth_date: Some("1990-07-01".to_owned()),
            phone: Some(phone.to_owned()),
            email: Some("z@example.org".to_owned()),
            member_type: "probationary".to_owned(),
            joined_party: Some("2015-07-01".to_owned()),
            status: domain::member::MemberStatus::Active,
            positions: vec!["organization".to_owned(), "secretary".to_owned()],
        }
    }

    fn rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("党员名册").unwrap();
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn personal_columns_stay_empty_for_a_reader_who_may_not_see_them() {
        let t = T::new(Locale::ZhCn);
        let members = [member("13800000001"), member("13800000002")];
        let seen =
            rows(workbook(t, &members, |m| m.phone.as_deref() == Some("13800000001")).unwrap());
        assert_eq!(seen[0][3], "出生日期");
        assert_eq!(
            seen[1],
            [
                "1",
                "张三",
                "男",
                "1990-07-01",
                "机械学会党支部",
                "预备党员",
                "2015-07-01",
                "书记、组织委员",
                "13800000001",
                "z@example.org",
                "在册"
            ]
        );
        // The second member's birth date, phone and email are not the reader's to see.
        assert_eq!(seen[2][3], "");
        assert_eq!(seen[2][8], "");
        assert_eq!(seen[2][9], "");
        assert_eq!(
            seen[2][6], "2015-07-01",
            "the joining date is no personal data"
        );
    }
}
