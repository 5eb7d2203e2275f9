//! The import page in a phone's browser: a problem report that fits 360 px.

use super::files::{csv, utf8_with_bom};
use crate::browser::Browser;
use crate::helpers::{PASSWORD, spawn};

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn the_import_report_fits_a_phone() {
    let app = spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("名册.csv");
    std::fs::write(
        &file,
        utf8_with_bom(&csv(&[
            &["姓名", "所在组织", "手机号码", "出生日期", "职务"],
            &[
                "甲示例",
                "重庆市机械工程学会党支部",
                "12345",
                "1990-01-01",
                "书记",
            ],
            &["", "重庆市机械工程学会党支部", "13912340061", "", ""],
            &[
                "乙示例",
                "不存在的党支部",
                "13912340062",
                "2099-01-01",
                "队长",
            ],
        ])),
    )
    .unwrap();
    let browser = Browser::start(360).await;
    browser.log_in(&app, "branch1", PASSWORD).await;
    browser.text_of("#greeting").await;
    browser
        .client
        .goto(&app.url("/members/import"))
        .await
        .unwrap();
    // A file input takes the path as keys; it cannot be cleared first like a text field.
    browser
        .client
        .find(fantoccini::Locator::Css("#file"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    browser.click("#import-check").await;
    let report = browser.text_of("#import-problems").await;
    assert!(report.contains("手机号码"), "{report}");
    assert!(report.contains("不存在的党支部"), "{report}");
    browser.screenshot("ledger-import-report-360").await;
    browser.assert_fits().await;
    browser
        .client
        .execute(
            "document.getElementById('import-form').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    browser.screenshot("ledger-import-form-360").await;
    browser.close().await;
}
