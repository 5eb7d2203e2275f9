//! The dashboard in a real browser, at 360 px and 1280 px: the charts drawn by ECharts from
//! the binary under the app's CSP (no console errors), the tables beside them, nothing
//! scrolling sideways on a phone.

use super::*;
use crate::browser::Browser;
use crate::campaign_support::link_activity;
use crate::helpers::PASSWORD;
use std::time::Duration;

/// Waits until `css` is on the page.
async fn wait_for(browser: &Browser, css: &str) {
    for _ in 0..50 {
        let found = browser
            .client
            .execute(
                &format!("return !!document.querySelector('{css}');"),
                vec![],
            )
            .await
            .unwrap();
        if found == Value::Bool(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{css} never appeared");
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn the_dashboard_draws_its_charts_over_its_tables_on_a_phone_and_a_desktop() {
    let app = crate::helpers::spawn().await;
    let t = tree(&app).await;
    let (c, [speech, _, _]) = campaign(&app, &t.admin).await;
    let a = record(
        &app,
        &t.branch1,
        t.org1,
        "theme_day",
        "2022-08-20T14:00:00+08:00",
    )
    .await;
    link_activity(&app, &t.branch1, a, c, &[(speech, None)]).await;
    let m = members_of(&app, t.org1).await;
    mark(
        &app,
        &t.branch1,
        a,
        json!([{"member_id": m[0], "mark": "present"}]),
    )
    .await;

    for (width, name) in [(360, "360"), (1280, "1280")] {
        let browser = Browser::start(width).await;
        browser.log_in(&app, "admin", PASSWORD).await;
        browser.wait_text("body", "您好").await;
        for (path, shot) in [
            (format!("/campaigns/{c}/dashboard"), "campaign-dashboard"),
            (
                format!("/campaigns/{c}/dashboard?under={}", t.general),
                "campaign-dashboard-drill",
            ),
            (
                format!("/campaigns/{c}/branches/{}", t.org1),
                "campaign-branch",
            ),
        ] {
            browser.client.goto(&app.url(&path)).await.unwrap();
            wait_for(&browser, "#chart-materials canvas").await;
            browser.assert_fits().await;
            browser.screenshot(&format!("{shot}-{name}")).await;
        }
        browser
            .client
            .goto(&app.url(&format!("/campaigns/{c}/dashboard")))
            .await
            .unwrap();
        wait_for(&browser, "#chart-held canvas").await;
        wait_for(&browser, "#chart-rate canvas").await;
        let errors = browser.console_errors().await;
        assert!(errors.is_empty(), "{errors:?}");
        browser.close().await;
    }
}
