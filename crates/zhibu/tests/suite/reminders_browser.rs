//! 催办 in real browsers: the committee at 1280 px ticks an overdue branch on the board and
//! reminds it with a note; the branch secretary on a 360-px phone sees the badge in the
//! navigation, opens the inbox, follows the message to the report and finds the reminder in its
//! thread; the badge is gone. Screenshots land in `target/tmp/screenshots/`.

use crate::browser::Browser;
use crate::helpers::{PASSWORD, branch_org, spawn};
use serde_json::json;

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn a_reminder_sent_from_the_board_reaches_the_phone_and_clears_when_read() {
    let app = spawn().await;
    let org = branch_org(&app, 1).await;
    let admin = app.token_ok("admin").await;
    let task =
        crate::tasks_api_support::assign(&app, &admin, &[org, branch_org(&app, 2).await]).await;

    let desk = Browser::start(1280).await;
    desk.log_in(&app, "admin", PASSWORD).await;
    desk.client
        .goto(&app.url(&format!("/tasks/{task}")))
        .await
        .unwrap();
    desk.text_of("#board-lines").await;
    desk.client
        .execute(
            "document.querySelector('#board-lines input[value=\"' + arguments[0] + '\"]').checked = true; \
             document.getElementById('remind').open = true;",
            vec![json!(org)],
        )
        .await
        .unwrap();
    desk.fill("#remind-note", "请今天下班前报送").await;
    desk.screenshot("board-remind-1280").await;
    desk.click("#send-reminder").await;
    let done = desk.wait_text("#done", "已催办").await;
    assert!(done.contains("已催办 1 个组织"), "{done}");
    desk.wait_text("#board-lines", "已催办 1 次").await;
    desk.close().await;

    let phone = Browser::start(360).await;
    phone.log_in(&app, "branch1", PASSWORD).await;
    let badge = phone.text_of("#unread-badge").await;
    assert_eq!(badge, "1");
    phone.click("#nav-messages").await;
    let inbox = phone.wait_text("#inbox", "催办").await;
    assert!(inbox.contains("请今天下班前报送"), "{inbox}");
    phone.assert_fits().await;
    phone.screenshot("inbox-360").await;
    phone.click("#inbox .message-link").await;
    let thread = phone
        .wait_text("#report-reminders", "请今天下班前报送")
        .await;
    assert!(thread.contains("催办记录"));
    let badges = phone
        .client
        .execute(
            "return document.querySelectorAll('#unread-badge').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(badges, json!(0));
    phone.screenshot("report-after-reminder-360").await;
    phone.close().await;
}
