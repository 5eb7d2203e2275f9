//! The notice lists: 收文 and 发文 tabs, searched, filtered by state and date, and their 台账
//! downloads holding exactly what is listed.

use crate::helpers::{TestApp, spawn};
use crate::ledger::files::read_xlsx;
use reqwest::StatusCode;

async fn listed(app: &TestApp, query: &str) -> String {
    let (status, page) = app.get_text(&format!("/notices?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}");
    page
}

#[tokio::test]
async fn the_committee_lands_on_what_it_issued_and_filters_it() {
    let app = spawn().await;
    app.login_ok("admin").await;
    // It receives nothing: the issued list, with both tabs.
    let page = listed(&app, "").await;
    assert!(
        page.contains("<table class=\"list-table\" id=\"issued\">"),
        "{page}"
    );
    assert!(page.contains("做好近期有关工作的通知") && page.contains("共 1 条"));
    // Searching by 文号, by state, by date.
    assert!(
        listed(&app, "view=issued&q=28%E5%8F%B7")
            .await
            .contains("共 1 条")
    ); // 28号
    let drafts = listed(&app, "view=issued&state=draft").await;
    assert!(drafts.contains("没有符合筛选条件的记录"), "{drafts}");
    assert!(
        listed(&app, "view=issued&from=2099-01-01")
            .await
            .contains("共 0 条")
    );
    // The download of the filtered list: a header and the one notice.
    let r = app
        .get("/notices/export.xlsx?view=issued&q=28%E5%8F%B7")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let rows = read_xlsx(&r.bytes().await.unwrap()).remove(0).1;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][1], "发文字号");
    assert_eq!(rows[1][1], "渝科协社党发〔2022〕28号");
    assert_eq!(rows[1][6], "14", "recipients");
    let r = app
        .get("/notices/export.xlsx?view=issued&state=draft")
        .await;
    assert_eq!(
        read_xlsx(&r.bytes().await.unwrap()).remove(0).1.len(),
        1,
        "only the header"
    );
}

#[tokio::test]
async fn a_branch_filters_what_it_received_by_its_receipt() {
    let app = spawn().await;
    app.login_ok("branch1").await;
    let page = listed(&app, "").await;
    assert!(page.contains("id=\"inbox\""), "{page}");
    assert!(
        !page.contains("发出的通知"),
        "a branch that issues nothing has one list"
    );
    let unsigned = listed(&app, "view=inbox&state=unsigned").await;
    assert!(unsigned.contains("共 1 条"), "{unsigned}");
    assert!(
        listed(&app, "view=inbox&state=signed")
            .await
            .contains("共 0 条")
    );
    // Asking for the other list gives its own.
    assert!(listed(&app, "view=issued").await.contains("id=\"inbox\""));
    let r = app.get("/notices/export.xlsx?state=unsigned").await;
    let rows = read_xlsx(&r.bytes().await.unwrap()).remove(0).1;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][4], "接收单位");
}

#[tokio::test]
async fn someone_without_notices_gets_neither_list_nor_download() {
    let app = spawn().await;
    app.login_ok("auditor").await;
    assert_eq!(app.get_text("/notices").await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/notices/export.xlsx").await.status(),
        StatusCode::NOT_FOUND
    );
}
