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

#[tokio::test]
async fn a_member_reading_does_not_count_as_the_branch_reading_unless_the_deployment_says_so() {
    for counts in [false, true] {
        let app = crate::helpers::spawn_with(|c| c.member_reads_count = counts).await;
        let admin = app.token_ok("admin").await;
        let org = first_branch(&app).await;
        let id = published(
            &app,
            &admin,
            FOUNDING,
            json!([{"org_id": org, "subtree": false}]),
        )
        .await;
        let member = app.token_ok("member1").await;
        let (status, _) = send(
            &app,
            Method::GET,
            &format!("/api/v1/notices/{id}"),
            &member,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (_, all) = send(
            &app,
            Method::GET,
            &format!("/api/v1/notices/{id}/receipts"),
            &admin,
            None,
        )
        .await;
        let expected = if counts { "read" } else { "unread" };
        assert_eq!(all["receipts"][0]["status"], expected, "{all}");
        if !counts {
            // The branch's secretary opening it does count, and is named.
            let branch = app.token_ok("branch1").await;
            send(
                &app,
                Method::GET,
                &format!("/api/v1/notices/{id}"),
                &branch,
                None,
            )
            .await;
            let (_, all) = send(
                &app,
                Method::GET,
                &format!("/api/v1/notices/{id}/receipts"),
                &admin,
                None,
            )
            .await;
            assert_eq!(all["receipts"][0]["status"], "read");
            let name = scalar(
                &app,
                "SELECT COUNT(*) FROM accounts WHERE username = 'branch1'",
            )
            .await;
            assert_eq!(name, 1);
            assert!(
                all["receipts"][0]["opened_by"]
                    .as_str()
                    .is_some_and(|n| !n.is_empty()),
                "{all}"
            );
        }
    }
}
