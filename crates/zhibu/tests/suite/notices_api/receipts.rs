//! 签收情况: the receipts ledger as a workbook, for the API and the page.

use super::*;
use crate::helpers::{PASSWORD, TestAppClient, new_client};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[tokio::test]
async fn the_receipts_ledger_downloads_as_a_real_workbook() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let id = published(
        &app,
        &admin,
        FOUNDING,
        json!([{"org_id": committee(&app).await, "subtree": true}]),
    )
    .await;
    let branch1 = app.token_ok("branch1").await;
    send(
        &app,
        Method::POST,
        &format!("/api/v1/notices/{id}/sign"),
        &branch1,
        None,
    )
    .await;

    let r = app
        .api_get(&format!("/api/v1/notices/{id}/receipts.xlsx"), &admin)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], XLSX);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''"),
        "{disposition}"
    );
    let rows = read_xlsx(&r.bytes().await.unwrap());
    assert!(
        rows[0][0].contains("渝科协社党发〔2022〕28号"),
        "{:?}",
        rows[0]
    );
    assert!(
        rows[0][0].contains("应签收 14 个单位") && rows[0][0].contains("已签收 1 个"),
        "{:?}",
        rows[0]
    );
    assert_eq!(
        rows[1],
        [
            "序号",
            "组织",
            "是否已读",
            "阅读时间",
            "是否签收",
            "签收时间",
            "签收人",
            "签收版本"
        ]
    );
    assert_eq!(rows.len(), 2 + 14);
    let signed: Vec<&Vec<String>> = rows[2..].iter().filter(|r| r[4] == "是").collect();
    assert_eq!(signed.len(), 1);
    assert_eq!((signed[0][2].as_str(), signed[0][7].as_str()), ("是", "1"));
    assert!(!signed[0][5].is_empty() && !signed[0][6].is_empty());

    // The page route serves the same ledger; a recipient gets nothing.
    let (browser, _) = new_client();
    let browser = TestAppClient::login(&app, &browser, "admin", PASSWORD).await;
    let r = browser
        .get(app.url(&format!("/notices/{id}/receipts.xlsx")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (r.status(), r.headers()["content-type"].to_str().unwrap()),
        (StatusCode::OK, XLSX)
    );
    assert_eq!(read_xlsx(&r.bytes().await.unwrap()).len(), 16);
    let r = app
        .api_get(&format!("/api/v1/notices/{id}/receipts.xlsx"), &branch1)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let exports = scalar(&app, &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'ledger.export' AND object_type = 'notice' AND object_id = '{id}'")).await;
    assert_eq!(exports, 2);
}
