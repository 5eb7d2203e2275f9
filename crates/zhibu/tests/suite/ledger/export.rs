//! 台账 exports: real workbooks, the right rows for the right people, recorded in the audit log.

use super::files::{
    OTHER_BRANCH, OWN_BRANCH, api_import, audit_events, csv, org_id, problems, read_xlsx,
    utf8_with_bom,
};
use crate::helpers::spawn;
use reqwest::StatusCode;

const ROSTER_HEADER: [&str; 11] = [
    "序号",
    "姓名",
    "性别",
    "出生日期",
    "所在组织",
    "党员类型",
    "入党日期",
    "职务",
    "手机号码",
    "电子邮箱",
    "状态",
];

async fn scalar(app: &crate::helpers::TestApp, sql: &str, bind: i64) -> i64 {
    let db = app.db().await;
    let n = sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(db.read())
        .await
        .unwrap();
    db.close().await;
    n
}

#[tokio::test]
async fn the_org_ledger_is_a_real_workbook_of_the_whole_tree() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let r = app.get("/orgs/export.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.contains("filename=\"orgs-"), "{disposition}");
    // 组织台账 in UTF-8, percent-encoded.
    assert!(
        disposition.contains("filename*=UTF-8''%E7%BB%84%E7%BB%87%E5%8F%B0%E8%B4%A6"),
        "{disposition}"
    );
    assert_eq!(r.headers()["cache-control"], "no-store");
    let sheets = read_xlsx(&r.bytes().await.unwrap());
    let rows = &sheets[0].1;
    assert_eq!(
        rows[0],
        [
            "层级",
            "组织名称",
            "简称",
            "组织类型",
            "所属学会",
            "联系人",
            "联系电话",
            "状态",
            "党员人数"
        ]
    );
    let active = scalar(
        &app,
        "SELECT COUNT(*) FROM members WHERE status = 'active' AND id > $1",
        0,
    )
    .await;
    assert_eq!(rows[1][0], "1");
    assert_eq!(rows[1][1], app::demo::COMMITTEE);
    assert_eq!(
        rows[1][8],
        active.to_string(),
        "the committee counts everyone under it"
    );
    // Branches follow in display order: the first society's branch first.
    assert_eq!(rows[2][0], "2");
    assert_eq!(rows[2][1], OWN_BRANCH);
    assert_eq!(rows[2][3], "党支部");
    let own = org_id(&app, OWN_BRANCH).await;
    let own_members = scalar(
        &app,
        "SELECT COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id \
         WHERE m.status = 'active' AND (o.id = $1 OR o.parent_id = $1)",
        own,
    )
    .await;
    assert_eq!(rows[2][8], own_members.to_string());
    let events = audit_events(&app, "ledger.export").await;
    assert_eq!(events.len(), 1);
    assert!(
        events[0].1.contains("\"ledger\":\"orgs\""),
        "{}",
        events[0].1
    );
}

#[tokio::test]
async fn the_roster_ledger_lists_the_subtree_with_personal_data_for_those_who_may_see_it() {
    let app = spawn().await;
    let token = app.token_ok("admin").await;
    let own = org_id(&app, OWN_BRANCH).await;
    let r = app
        .api_get(&format!("/api/v1/members/export.xlsx?org_id={own}"), &token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains(&format!("filename=\"roster-{own}-")),
        "{disposition}"
    );
    let rows = read_xlsx(&r.bytes().await.unwrap()).remove(0).1;
    assert_eq!(rows[0], ROSTER_HEADER);
    let members = scalar(
        &app,
        "SELECT COUNT(*) FROM members WHERE org_id = $1 AND status = 'active'",
        own,
    )
    .await;
    assert_eq!(rows.len() as i64 - 1, members);
    let first = &rows[1];
    assert_eq!(first[0], "1");
    assert_eq!(first[4], OWN_BRANCH);
    assert_eq!(first[7], "书记", "the first member is the secretary");
    assert!(
        first[8].starts_with("1380000"),
        "the committee sees phones: {first:?}"
    );
    assert!(first[3].len() == 10, "and birth dates: {first:?}");
    assert_eq!(first[10], "在册");
    let events = audit_events(&app, "ledger.export").await;
    assert_eq!(events[0].0, "admin");
}

#[tokio::test]
async fn formula_like_names_are_exported_behind_an_apostrophe_and_read_back_unchanged() {
    let app = spawn().await;
    let token = app.token_ok("admin").await;
    let own = org_id(&app, OWN_BRANCH).await;
    let names = ["=1+2", "@SUM(A1)", "-减号", "+加号"];
    let mut rows: Vec<&[&str]> = vec![&["姓名", "所在组织"]];
    let lines: Vec<[&str; 2]> = names.iter().map(|n| [*n, OWN_BRANCH]).collect();
    rows.extend(lines.iter().map(|l| l.as_slice()));
    let file = utf8_with_bom(&csv(&rows));
    let (status, body) = api_import(&app, &token, "名册.csv", &file, "?commit=true").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let r = app
        .api_get(&format!("/api/v1/members/export.xlsx?org_id={own}"), &token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let exported = read_xlsx(&r.bytes().await.unwrap()).remove(0).1;
    for name in names {
        assert!(
            exported.iter().any(|row| row[1] == format!("'{name}")),
            "{name} is written as text: {exported:?}"
        );
        assert!(!exported.iter().any(|row| row[1] == name), "{name}");
    }
    // The ledger filled in and imported again: the apostrophe is the export's, not the name's.
    let again: Vec<[String; 2]> = names
        .iter()
        .map(|n| [format!("'{n}"), OWN_BRANCH.to_owned()])
        .collect();
    let mut rows: Vec<Vec<&str>> = vec![vec!["姓名", "所在组织"]];
    rows.extend(again.iter().map(|l| vec![l[0].as_str(), l[1].as_str()]));
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let file = utf8_with_bom(&csv(&rows));
    let (status, body) = api_import(&app, &token, "名册.csv", &file, "").await;
    // The same people are found on the roster (same name, neither phone nor birth date).
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let found = problems(&body);
    assert_eq!(found.len(), names.len(), "{body}");
    assert!(
        found
            .iter()
            .all(|(_, field, code)| field.as_deref() == Some("name")
                && code == "duplicate_in_roster"),
        "{body}"
    );
}

#[tokio::test]
async fn a_branch_admin_exports_their_own_branch_and_nothing_else() {
    let app = spawn().await;
    let token = app.token_ok("branch1").await;
    let other = org_id(&app, OTHER_BRANCH).await;
    for path in [
        format!("/api/v1/members/export.xlsx?org_id={other}"),
        format!("/api/v1/orgs/export.xlsx?org_id={other}"),
    ] {
        let r = app.api_get(&path, &token).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // Without an org: their own subtree, all of it theirs.
    let r = app.api_get("/api/v1/members/export.xlsx", &token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let rows = read_xlsx(&r.bytes().await.unwrap()).remove(0).1;
    assert!(rows.len() > 10);
    assert!(rows[1..].iter().all(|r| r[4] == OWN_BRANCH), "{rows:?}");
    assert!(
        rows[1..].iter().all(|r| !r[8].is_empty()),
        "a branch admin sees their members' phones"
    );
    let r = app.api_get("/api/v1/orgs/export.xlsx", &token).await;
    let orgs = read_xlsx(&r.bytes().await.unwrap()).remove(0).1;
    assert_eq!(orgs[1][1], OWN_BRANCH);
    assert!(orgs[1..].iter().all(|r| r[1].trim() != OTHER_BRANCH));

    let member = app.token_ok("member1").await;
    let r = app.api_get("/api/v1/members/export.xlsx", &member).await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "a member exports no ledger"
    );
    let auditor = app.token_ok("auditor").await;
    let r = app.api_get("/api/v1/orgs/export.xlsx", &auditor).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
