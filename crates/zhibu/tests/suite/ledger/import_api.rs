//! `POST /api/v1/members/import`: check, then commit; every kind of broken file; who may.

use super::files::{
    Found, OTHER_BRANCH, OWN_BRANCH, api_import, audit_events, csv, gbk, member_count, ods,
    ods_cell, org_id, problems, utf8_with_bom, xlsx,
};
use crate::helpers::spawn;
use reqwest::StatusCode;

const HEADER: &[&str] = &[
    "姓名",
    "所在组织",
    "性别",
    "出生日期",
    "手机号码",
    "党员类型",
    "入党日期",
    "职务",
];

#[tokio::test]
async fn a_clean_workbook_is_checked_then_imported_and_its_members_are_on_the_roster() {
    let app = spawn().await;
    let token = app.token_ok("admin").await;
    let file = xlsx(&[
        HEADER,
        &[
            "陈导入",
            OWN_BRANCH,
            "女",
            "1988-03-12",
            "13912340001",
            "正式党员",
            "2010-07-01",
            "书记、宣传委员",
        ],
        &[
            "林导入",
            "电子学会",
            "男",
            "1992/5/6",
            "",
            "预备党员",
            "",
            "",
        ],
        &[
            "何导入",
            OTHER_BRANCH,
            "",
            "",
            "13912340003",
            "",
            "",
            "纪检委员",
        ],
    ]);
    let before = member_count(&app).await;

    let (status, body) = api_import(&app, &token, "名册.xlsx", &file, "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ok"], true);
    assert_eq!(body["committed"], false);
    assert_eq!(body["rows"], 3);
    assert_eq!(member_count(&app).await, before, "a dry run writes nothing");

    let (status, body) = api_import(&app, &token, "名册.xlsx", &file, "?commit=true").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["committed"], true);
    assert_eq!(member_count(&app).await, before + 3);

    // The rows are on the roster, in the right orgs, with their positions.
    let own = org_id(&app, OWN_BRANCH).await;
    let r = app
        .api_get(
            &format!("/api/v1/members?org_id={own}&name=%E5%AF%BC%E5%85%A5"),
            &token,
        )
        .await;
    let roster = r.text().await.unwrap();
    assert!(
        roster.contains("陈导入") && !roster.contains("林导入"),
        "{roster}"
    );
    let db = app.db().await;
    let (org, phone, birth, kind): (String, Option<String>, Option<String>, String) = sqlx::query_as(
        "SELECT o.name, m.phone, m.birth_date, m.member_type FROM members m JOIN orgs o ON o.id = m.org_id \
         WHERE m.name = '林导入'",
    )
    .fetch_one(db.read())
    .await
    .unwrap();
    assert_eq!(
        (org.as_str(), phone, birth.as_deref(), kind.as_str()),
        (OTHER_BRANCH, None, Some("1992-05-06"), "probationary")
    );
    // Positions land on the members whose rows name them, first row and last.
    let positions: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.position FROM member_positions p JOIN members m ON m.id = p.member_id \
         WHERE m.name LIKE '%导入' ORDER BY m.name, p.position",
    )
    .fetch_all(db.read())
    .await
    .unwrap();
    let positions: Vec<(&str, &str)> = positions
        .iter()
        .map(|(n, p)| (n.as_str(), p.as_str()))
        .collect();
    assert_eq!(
        positions,
        [
            ("何导入", "discipline"),
            ("陈导入", "propaganda"),
            ("陈导入", "secretary")
        ]
    );
    db.close().await;
    let events = audit_events(&app, "members.import").await;
    assert_eq!(events.len(), 1, "one audit event for the whole import");
    assert_eq!(events[0].0, "admin");
    assert!(events[0].1.contains("\"rows\":3"), "{}", events[0].1);

    // The same file again: everyone is already on the roster.
    let (status, body) = api_import(&app, &token, "名册.xlsx", &file, "?commit=true").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problems(&body),
        (2..=4)
            .map(|row| (
                Some(row),
                Some("name".to_owned()),
                "duplicate_in_roster".to_owned()
            ))
            .collect::<Vec<_>>()
    );
    assert_eq!(member_count(&app).await, before + 3);
}

#[tokio::test]
async fn csv_in_utf8_with_a_bom_and_in_gbk_import_alike() {
    let app = spawn().await;
    let token = app.token_ok("admin").await;
    let before = member_count(&app).await;
    let utf8 = utf8_with_bom(&csv(&[
        &["姓名", "所在组织", "手机号码"],
        &["郑逗号", OWN_BRANCH, "13912340011"],
    ]));
    let excel_gbk = gbk(&csv(&[
        &["姓名", "所在组织", "手机号码", "职务"],
        &["冯国标", "机械工程学会", "13912340012", "组织委员"],
        &["蒋国标", OWN_BRANCH, "023-63012345", ""],
    ]));
    for (name, bytes, rows) in [("utf8.csv", utf8, 1), ("gbk.csv", excel_gbk, 2)] {
        let (status, body) = api_import(&app, &token, name, &bytes, "?commit=true").await;
        assert_eq!(status, StatusCode::OK, "{name}: {body}");
        assert_eq!(body["rows"], rows, "{name}");
    }
    assert_eq!(member_count(&app).await, before + 3);
    let db = app.db().await;
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM members WHERE name IN ('郑逗号', '冯国标', '蒋国标') ORDER BY id",
    )
    .fetch_all(db.read())
    .await
    .unwrap();
    assert_eq!(
        names,
        ["郑逗号", "冯国标", "蒋国标"],
        "names survive both encodings"
    );
    db.close().await;
}

#[tokio::test]
async fn broken_files_get_a_clear_report_and_nothing_is_written() {
    let app = spawn().await;
    let token = app.token_ok("admin").await;
    let before = member_count(&app).await;
    let file = |code: &str| vec![(None, None, code.to_owned())];
    let mut junk = Vec::with_capacity(10 * 1024 * 1024);
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    while junk.len() < 10 * 1024 * 1024 {
        // xorshift: bytes no text file and no workbook holds
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        junk.extend_from_slice(&x.to_le_bytes());
    }
    // A Word document is a zip too; a renamed one must not pass for a workbook.
    let docx = include_bytes!("../../../../gongwen/tests/data/university_notice.docx").to_vec();
    let broken_zip = {
        let mut zip = rust_xlsxwriter::Workbook::new();
        zip.add_worksheet();
        let mut bytes = zip.save_to_buffer().unwrap();
        // Keep the zip signature, break the workbook inside it.
        let at = bytes.len() / 2;
        bytes[at..].fill(0);
        bytes
    };
    let latin1 = b"\xc9mile Zo\xeb,Org\r\nRen\xe9e \xff\xfe,X\r\n".to_vec();
    let cases: Vec<(&str, Vec<u8>, Found)> = vec![
        ("empty.xlsx", Vec::new(), file("empty_file")),
        ("blank.csv", b"\r\n \r\n".to_vec(), file("empty_file")),
        ("header-only.xlsx", xlsx(&[HEADER]), file("header_only")),
        (
            "header-only.csv",
            utf8_with_bom("姓名,所在组织\r\n"),
            file("header_only"),
        ),
        ("junk.xlsx", junk, file("not_a_spreadsheet")),
        ("report.xlsx", docx, file("not_a_spreadsheet")),
        ("truncated.xlsx", broken_zip, file("not_a_spreadsheet")),
        ("latin1.csv", latin1, file("unknown_encoding")),
        (
            "no-columns.xlsx",
            xlsx(&[&["序号", "名字", "电话"], &["1", "张三", "13912340099"]]),
            vec![
                (Some(1), Some("name".into()), "missing_column".into()),
                (Some(1), Some("org".into()), "missing_column".into()),
            ],
        ),
    ];
    for (name, bytes, expected) in cases {
        let (status, body) = api_import(&app, &token, name, &bytes, "?commit=true").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {body}");
        assert_eq!(body["committed"], false, "{name}");
        assert_eq!(problems(&body), expected, "{name}: {body}");
        let message = body["problems"][0]["message"].as_str().unwrap();
        assert!(
            !message.is_empty() && !message.starts_with("ledger."),
            "{name}: {message}"
        );
    }
    assert_eq!(member_count(&app).await, before);
}

#[tokio::test]
async fn an_ods_row_repeated_a_million_times_is_refused_quickly_and_nothing_is_written() {
    // The security review's file: under a kilobyte, expanded by the reader to 1.7 GB in 15.8 s.
    let app = spawn().await;
    let token = app.token_ok("admin").await;
    let before = member_count(&app).await;
    let header = format!(
        "<table:table-row>{}{}</table:table-row>",
        ods_cell("姓名"),
        ods_cell("所在组织")
    );
    let bomb = ods(&format!(
        r#"{header}<table:table-row table:number-rows-repeated="1000000">{}{}</table:table-row>"#,
        ods_cell("张三"),
        ods_cell(OWN_BRANCH)
    ));
    assert!(bomb.len() < 2048, "{} bytes", bomb.len());
    let started = std::time::Instant::now();
    let (status, body) = api_import(&app, &token, "名册.ods", &bomb, "?commit=true").await;
    let took = started.elapsed();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problems(&body), [(None, None, "too_many_rows".to_owned())]);
    assert_eq!(body["committed"], false);
    assert!(took < std::time::Duration::from_secs(10), "took {took:?}");
    // Columns repeated past any roster: refused by what they would expand to.
    let wide = ods(&format!(
        r#"{header}<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>张三</text:p></table:table-cell></table:table-row>"#
    ));
    let (status, body) = api_import(&app, &token, "名册.ods", &wide, "?commit=true").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problems(&body), [(None, None, "too_many_cells".to_owned())]);
    let message = body["problems"][0]["message"].as_str().unwrap();
    assert!(message.contains("2400000"), "{message}");
    assert_eq!(member_count(&app).await, before);
    // An honest .ods of the same shape, one row, is read as before.
    let honest = ods(&format!(
        "{header}<table:table-row>{}{}</table:table-row>",
        ods_cell("张三"),
        ods_cell(OWN_BRANCH)
    ));
    let (status, body) = api_import(&app, &token, "名册.ods", &honest, "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["rows"], 1);
}

#[tokio::test]
async fn an_xls_declaring_two_thousand_million_rows_is_refused_and_the_server_stays_up() {
    // Before, calamine asked for 343 GB for this file and the allocator aborted the server.
    let app = spawn().await;
    let token = app.token_ok("admin").await;
    let before = member_count(&app).await;
    let clean = include_bytes!("../../../../app/src/ledger/testdata/roster.xls");
    let mut bomb = clean.to_vec();
    let dimensions = bomb
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
        .expect("a DIMENSIONS record");
    bomb[dimensions + 8..dimensions + 12].copy_from_slice(&(1u32 << 31).to_le_bytes());
    let (status, body) = api_import(&app, &token, "名册.xls", &bomb, "?commit=true").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problems(&body), [(None, None, "too_many_cells".to_owned())]);
    assert_eq!(member_count(&app).await, before);
    // The same server reads the honest file.
    let (status, body) = api_import(&app, &token, "名册.xls", clean, "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["rows"], 3);
}

#[tokio::test]
async fn every_bad_row_is_named_by_row_and_column_and_no_row_is_written() {
    let app = spawn().await;
    let token = app.token_ok("admin").await;
    let before = member_count(&app).await;
    let file = xlsx(&[
        &[
            "手机号码",
            "姓名",
            "所在组织",
            "出生日期",
            "入党日期",
            "性别",
            "电子邮箱",
        ],
        &[
            "13912340021",
            "好人甲",
            OWN_BRANCH,
            "1990-01-01",
            "",
            "",
            "",
        ],
        &["13912340022", "", OWN_BRANCH, "", "", "", ""],
        &["13912340023", "错组织", "不存在党支部", "", "", "", ""],
        &["12345", "错手机", OWN_BRANCH, "", "", "", ""],
        &["", "错日期", OWN_BRANCH, "1990-02-30", "2099-01-01", "", ""],
        &["13912340021", "好人甲", OTHER_BRANCH, "", "", "", ""],
        &["", "", "", "", "", "", ""],
        &[
            "13912340027",
            "错性别",
            OWN_BRANCH,
            "",
            "",
            "未知",
            "not-an-email",
        ],
    ]);
    let (status, body) = api_import(&app, &token, "bad.xlsx", &file, "?commit=true").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let row = |r: u64, f: &str, c: &str| (Some(r), Some(f.to_owned()), c.to_owned());
    assert_eq!(
        problems(&body),
        [
            row(3, "name", "missing"),
            row(4, "org", "unknown_org"),
            row(5, "phone", "phone"),
            row(6, "birth_date", "date"),
            row(6, "joined_party", "future_date"),
            row(7, "name", "duplicate_in_file"),
            row(9, "gender", "unknown"),
            row(9, "email", "email"),
        ]
    );
    // Columns are named as the file's header writes them, problems in plain words.
    let p = &body["problems"];
    assert_eq!(p[2]["column"], "手机号码");
    assert!(
        p[1]["message"].as_str().unwrap().contains("不存在党支部"),
        "{}",
        p[1]
    );
    assert!(
        p[5]["message"].as_str().unwrap().contains("第 2 行"),
        "{}",
        p[5]
    );
    assert_eq!(body["rows"], 7, "the blank row is no row");
    assert_eq!(member_count(&app).await, before);
    assert!(audit_events(&app, "members.import").await.is_empty());
}

#[tokio::test]
async fn a_branch_admin_imports_into_their_own_branch_only() {
    let app = spawn().await;
    let token = app.token_ok("branch1").await;
    let before = member_count(&app).await;
    let other = org_id(&app, OTHER_BRANCH).await;
    let own = org_id(&app, OWN_BRANCH).await;
    let into_other = xlsx(&[&["姓名", "所在组织"], &["越界者", OTHER_BRANCH]]);
    let (status, body) = api_import(&app, &token, "x.xlsx", &into_other, "?commit=true").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problems(&body),
        [(Some(2), Some("org".to_owned()), "unknown_org".to_owned())]
    );

    let no_org = xlsx(&[&["姓名", "手机号码"], &["本支部新人", "13912340031"]]);
    let (status, body) = api_import(
        &app,
        &token,
        "x.xlsx",
        &no_org,
        &format!("?commit=true&org_id={other}"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(member_count(&app).await, before);

    let (status, body) = api_import(
        &app,
        &token,
        "x.xlsx",
        &no_org,
        &format!("?commit=true&org_id={own}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(member_count(&app).await, before + 1);
}

#[tokio::test]
async fn a_member_cannot_import_at_all() {
    let app = spawn().await;
    let token = app.token_ok("member1").await;
    let before = member_count(&app).await;
    let file = xlsx(&[&["姓名", "所在组织"], &["不该进来", OWN_BRANCH]]);
    let (status, body) = api_import(&app, &token, "x.xlsx", &file, "?commit=true").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(member_count(&app).await, before);
    app.login_ok("member1").await;
    assert_eq!(
        app.get("/members/import").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_import_and_the_ledgers_are_described_in_the_openapi_document() {
    let app = spawn().await;
    let r = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap();
    let doc: serde_json::Value = r.json().await.unwrap();
    let paths = &doc["paths"];
    let import = &paths["/api/v1/members/import"]["post"];
    assert_eq!(import["tags"][0], "ledger");
    assert!(
        import["requestBody"]["content"]["multipart/form-data"].is_object(),
        "{import}"
    );
    assert!(import["responses"]["422"].is_object());
    for path in ["/api/v1/members/export.xlsx", "/api/v1/orgs/export.xlsx"] {
        let get = &paths[path]["get"];
        assert!(
            get["responses"]["200"]["content"]
                ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
                .is_object(),
            "{path}: {get}"
        );
    }
}
