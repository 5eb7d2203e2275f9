//! The checker on small files: what passes, and how each problem is placed and named.

use super::*;
use crate::ledger::problem::SameBy;
use catalogue::T;
use domain::Locale;
use store::orgs::Org;

fn org(id: i64, name: &str, short: &str, status: &str) -> Org {
    Org {
        id,
        parent_id: Some(1),
        path: format!("/1/{id}/"),
        kind: domain::OrgKind::Branch,
        name: name.to_owned(),
        short_name: short.to_owned(),
        society: String::new(),
        contact_person: String::new(),
        contact_phone: String::new(),
        status: domain::org::OrgStatus::parse(status).expect("a known status"),
    }
}

fn index() -> OrgIndex {
    OrgIndex::new(vec![
        org(2, "机械学会党支部", "机械", "open"),
        org(3, "电子学会党支部", "电子", "open"),
        org(4, "旧支部", "", "closed"),
    ])
}

fn run(text: &str) -> Checked {
    let orgs = index();
    let rules = Rules {
        orgs: &orgs,
        target: None,
        today: PlainDate::new(2024, 6, 1).unwrap(),
    };
    check(text.as_bytes(), &rules)
}

fn codes(c: &Checked) -> Vec<(Option<u32>, Option<&'static str>, &'static str)> {
    c.problems
        .iter()
        .map(|p| (p.row, p.field.map(Field::code), p.code()))
        .collect()
}

#[test]
fn a_clean_file_becomes_members() {
    let c = run("姓名,所在组织,性别,出生日期,手机号码,党员类型,职务\n\
                 张三,机械,男,1990/7/1,138 0013 8000,预备党员,书记、组织委员、书记\n\
                 李四,电子学会党支部,,,,,\n");
    assert_eq!(codes(&c), []);
    assert_eq!(c.rows, 2);
    let m = &c.members[0];
    assert_eq!(
        (m.row, m.org_id, m.gender, m.member_type),
        (2, 2, "male", "probationary")
    );
    assert_eq!(m.birth_date.as_deref(), Some("1990-07-01"));
    assert_eq!(m.phone.as_deref(), Some("13800138000"));
    assert_eq!(m.positions, ["secretary", "organization"]);
    assert_eq!(c.members[1].member_type, "full");
}

#[test]
fn every_problem_is_named_by_row_and_column() {
    let c = run("姓名,所在组织,出生日期,手机号码,电子邮箱,性别,职务\n\
                 ,机械,,,,,\n\
                 王五,化工,,,,,\n\
                 赵六,机械,2030-01-01,123,a@b,未知,队长\n\
                 孙七,旧支部,,,,,\n");
    assert_eq!(
        codes(&c),
        [
            (Some(2), Some("name"), "missing"),
            (Some(3), Some("org"), "unknown_org"),
            (Some(4), Some("gender"), "unknown"),
            (Some(4), Some("birth_date"), "future_date"),
            (Some(4), Some("phone"), "phone"),
            (Some(4), Some("email"), "email"),
            (Some(4), Some("positions"), "unknown"),
            (Some(5), Some("org"), "closed_org"),
        ]
    );
    assert!(c.members.is_empty());
    let t = T::new(Locale::ZhCn);
    assert_eq!(c.problems[2].column(t).as_deref(), Some("性别"));
    assert!(
        c.problems[1].message(t).contains("化工"),
        "{}",
        c.problems[1].message(t)
    );
}

#[test]
fn the_same_person_twice_is_reported_on_the_second_row() {
    let c = run("姓名,所在组织,手机号码,出生日期\n\
                 张三,机械,13800138000,\n\
                 张三,电子,13800138000,\n\
                 李四,机械,,1980-01-01\n\
                 李四,机械,13900139000,1980-01-01\n");
    let found: Vec<_> = c.problems.iter().map(|p| (p.row, p.kind.clone())).collect();
    assert_eq!(
        found,
        [
            (Some(3), Kind::SameAsRow(2, SameBy::Phone)),
            (Some(5), Kind::SameAsRow(4, SameBy::BirthDate)),
        ]
    );
}

#[test]
fn a_title_row_may_stand_above_the_header() {
    let c = run("2024年党员名册,,\n姓名,所在组织\n张三,机械\n");
    assert_eq!(codes(&c), []);
    assert_eq!(c.members[0].row, 3);
}

#[test]
fn missing_columns_empty_files_and_bare_headers_are_file_problems() {
    let c = run("姓名,电话\n张三,13800138000\n");
    assert_eq!(codes(&c), [(Some(1), Some("org"), "missing_column")]);
    let c = run("序号,备注\n1,x\n");
    assert_eq!(
        codes(&c),
        [
            (Some(1), Some("name"), "missing_column"),
            (Some(1), Some("org"), "missing_column")
        ]
    );
    assert_eq!(codes(&run("")), [(None, None, "empty_file")]);
    assert_eq!(codes(&run("\n\n")), [(None, None, "empty_file")]);
    assert_eq!(
        codes(&run("姓名,所在组织\n")),
        [(None, None, "header_only")]
    );
}

#[test]
fn a_target_org_fills_rows_that_name_none() {
    let orgs = index();
    let target = OrgRef {
        id: 2,
        path: "/1/2/".into(),
        name: "机械学会党支部".into(),
        open: true,
    };
    let rules = Rules {
        orgs: &orgs,
        target: Some(&target),
        today: PlainDate::new(2024, 6, 1).unwrap(),
    };
    let c = check("姓名\n张三\n".as_bytes(), &rules);
    assert_eq!(codes(&c), []);
    assert_eq!(c.members[0].org_id, 2);
}

#[test]
fn the_template_and_an_english_export_read_back() {
    let t = T::new(Locale::En);
    let template = crate::ledger::roster_template::workbook(t, "机械学会党支部").unwrap();
    let orgs = index();
    let rules = Rules {
        orgs: &orgs,
        target: None,
        today: PlainDate::new(2024, 6, 1).unwrap(),
    };
    let c = check(&template, &rules);
    assert_eq!(codes(&c), []);
    let m = &c.members[0];
    assert_eq!(
        (m.gender, m.member_type, m.positions.as_slice()),
        ("female", "full", ["organization"].as_slice())
    );
    assert_eq!(m.birth_date.as_deref(), Some("1990-07-01"));
}

#[test]
fn problems_past_those_listed_are_counted_not_kept() {
    // Every row's name too long: a long shared string in every cell of a workbook is the
    // same, at a few bytes a cell.
    let long = "长".repeat(60);
    let mut text = String::from("姓名,所在组织\n");
    for _ in 0..2 * MAX_KEPT {
        text.push_str(&format!("{long},机械\n"));
    }
    let c = run(&text);
    assert_eq!(c.problem_count, 2 * MAX_KEPT);
    assert_eq!(c.problems.len(), MAX_KEPT);
    assert_eq!(c.problems[0].row, Some(2));
    assert!(!c.ok());
}

/// Two .xls files the roster fuzz target found (`crates/app/fuzz`, docs/SECURITY.md) make
/// calamine 0.31 panic (a slice index out of range in `utils.rs` and in `xls.rs`) although they
/// pass the structure check: the check answers "not a spreadsheet", never a panic.
#[test]
fn xls_files_the_reader_panics_on_are_not_spreadsheets() {
    let orgs = index();
    let rules = Rules {
        orgs: &orgs,
        target: None,
        today: PlainDate::new(2024, 6, 1).unwrap(),
    };
    for bytes in [
        include_bytes!("testdata/fuzz_xls_panic_1.xls").as_slice(),
        include_bytes!("testdata/fuzz_xls_panic_2.xls").as_slice(),
    ] {
        let c = check(bytes, &rules);
        assert_eq!(codes(&c), [(None, None, "not_a_spreadsheet")]);
    }
}
