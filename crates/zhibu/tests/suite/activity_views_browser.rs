//! The views over branch life in a real browser, on the demo's year of activities: the ledger,
//! the board, a member's page and the kinds' settings fit a 360-px phone and a desk, log no
//! error, and are kept as screenshots (`target/tmp/screenshots/activity-views-*`).

use crate::browser::Browser;
use crate::helpers::{PASSWORD, spawn_with};

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn the_views_fit_a_phone_and_a_desk() {
    let app = spawn_with(|c| c.demo_activities = true).await;
    let pages: [(&str, &[&str]); 3] = [
        (
            "admin",
            &[
                "/activities/ledger",
                "/activities/board",
                "/settings/activities",
                "/me/activities",
            ],
        ),
        ("branch1", &["/activities/ledger", "/activities/board"]),
        ("member1", &["/me/activities"]),
    ];
    for width in [360, 1280] {
        for (role, paths) in pages {
            let browser = Browser::start(width).await;
            browser.log_in(&app, role, PASSWORD).await;
            browser.text_of("#greeting").await;
            for path in paths {
                browser.client.goto(&app.url(path)).await.unwrap();
                browser.text_of("h1").await;
                browser.assert_fits().await;
                let errors = browser.console_errors().await;
                assert!(errors.is_empty(), "{role} {path} at {width}: {errors:?}");
                let name = path.trim_matches('/').replace('/', "-");
                browser
                    .screenshot(&format!("activity-views-{role}-{name}-{width}"))
                    .await;
                // The parts below the first screen too.
                for part in ["ledger-records", "board-branches", "mine-summary"] {
                    let shown = browser
                        .client
                        .execute(
                            "const e = document.getElementById(arguments[0]); \
                             if (e) { e.scrollIntoView(); } return !!e;",
                            vec![serde_json::json!(part)],
                        )
                        .await
                        .unwrap();
                    if shown == serde_json::Value::Bool(true) {
                        browser
                            .screenshot(&format!("activity-views-{role}-{name}-{part}-{width}"))
                            .await;
                    }
                }
            }
            browser.close().await;
        }
    }
}
