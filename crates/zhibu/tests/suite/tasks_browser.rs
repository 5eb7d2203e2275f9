//! The reporting loop in real browsers: the committee writes a task with a table in the form
//! editor and assigns it; a branch secretary on a 360-px phone opens it from the home page's
//! to-do list, fills it in (two table rows, autosaved), hands it in; the committee returns it
//! with a reason from the review page; the branch sees the reason. A PDF goes along, uploaded
//! from the fill page and downloaded from the review page. Screenshots of each page
//! land in `target/tmp/screenshots/`.

use crate::browser::Browser;
use crate::helpers::branch_org;
use crate::helpers::{PASSWORD, spawn};
use fantoccini::Locator;
use serde_json::json;

async fn run(b: &Browser, script: &str) -> serde_json::Value {
    b.client.execute(script, vec![]).await.unwrap()
}

async fn no_sideways_scroll(b: &Browser) {
    let overflow = run(
        b,
        "return document.documentElement.scrollWidth > window.innerWidth;",
    )
    .await;
    assert_eq!(overflow, json!(false), "the page scrolls sideways");
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn a_task_goes_out_comes_back_from_a_phone_and_is_returned_with_a_reason() {
    let app = spawn().await;
    let org = branch_org(&app, 1).await;

    // The committee writes the task in the form editor.
    let desk = Browser::start(1280).await;
    desk.log_in(&app, "admin", PASSWORD).await;
    desk.text_of("#greeting").await;
    desk.client.goto(&app.url("/tasks/new")).await.unwrap();
    desk.wait_text("#form-editor", "字段 1").await;
    desk.click("#add-field").await;
    let json_now = run(&desk, "return document.getElementById('form-json').value;").await;
    assert!(
        json_now.as_str().unwrap().contains("\"field_1\""),
        "{json_now}"
    );
    let form = json!({"fields": [
        {"key": "summary", "label": "学习情况", "type": "long_text", "required": true,
         "help": "写明时间、地点、内容"},
        {"key": "attendance", "label": "参加人数", "type": "number", "unit": "人", "min": 0, "integer": true, "required": true},
        {"key": "online", "label": "是否使用线上学习平台", "type": "yes_no"},
        {"key": "sessions", "label": "学习安排", "type": "table", "min_rows": 1, "columns": [
            {"key": "date", "label": "日期", "type": "date", "required": true},
            {"key": "topic", "label": "主题", "type": "short_text", "required": true},
            {"key": "hours", "label": "学时", "type": "number", "min": 0}
        ]},
        {"key": "evidence", "label": "学习材料", "type": "files", "max_files": 3,
         "help": "会议记录、照片说明等，PDF 或图片"}
    ]});
    desk.client
        .execute(
            "const a = document.getElementById('form-json'); a.value = JSON.stringify(arguments[0]); \
             a.dispatchEvent(new Event('input')); \
             document.getElementById('deadline').value = '2099-12-01T17:00'; \
             document.getElementById('category').value = '学习'; \
             document.querySelector('input[name=org][value=\"' + arguments[1] + '\"]').checked = true;",
            vec![form, json!(org)],
        )
        .await
        .unwrap();
    desk.fill("#title", "报送“喜迎二十大、奋进新征程”主题学习情况")
        .await;
    desk.wait_text("#form-editor", "表格的列").await;
    run(
        &desk,
        "document.getElementById('form-editor-card').scrollIntoView();",
    )
    .await;
    desk.screenshot("task-new-editor-1280").await;
    desk.click("#save-assign").await;
    let status = desk.wait_text("#task-status", "进行中").await;
    assert_eq!(status, "进行中");
    let task: i64 = desk
        .client
        .current_url()
        .await
        .unwrap()
        .path()
        .trim_start_matches("/tasks/")
        .parse()
        .unwrap();

    // The branch secretary, on a phone, opens it from the to-do list and fills it in.
    let phone = Browser::start(360).await;
    phone.log_in(&app, "branch1", PASSWORD).await;
    phone.wait_text("#todo", "报送“喜迎二十大").await;
    phone
        .click(&format!(
            "#todo-reports a[href^='/tasks/{task}/reports/{org}']"
        ))
        .await;
    phone.wait_text("#report-form", "学习安排").await;
    no_sideways_scroll(&phone).await;
    phone
        .fill("#f-summary", "8月10日组织支部党员集中学习，书记领学。")
        .await;
    phone.fill("#f-attendance", "23").await;
    phone.click("input[name='f.online'][value='true']").await;
    phone
        .client
        .execute(
            "document.querySelector(\"input[name='f.sessions.1.date']\").value = '2026-08-10'; \
             document.querySelector(\"input[name='f.sessions.2.date']\").value = '2026-08-17';",
            vec![],
        )
        .await
        .unwrap();
    phone
        .fill("input[name='f.sessions.1.topic']", "学习党的二十大精神")
        .await;
    phone.fill("input[name='f.sessions.1.hours']", "2").await;
    phone
        .fill("input[name='f.sessions.2.topic']", "网络安全自查")
        .await;
    phone.fill("input[name='f.sessions.2.hours']", "1.5").await;
    // A row added and taken away again by the script.
    phone.click(".add-row").await;
    let rows = run(
        &phone,
        "return document.querySelectorAll('.fill-table tbody tr').length;",
    )
    .await;
    assert_eq!(rows, json!(3));
    phone
        .click(".fill-table tbody tr:last-child .remove-row")
        .await;
    // A PDF attached: uploaded as soon as it is chosen, listed with its size; an HTML page
    // is refused with the reason.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("uploads-{task}"));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("学习记录.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
    )
    .unwrap();
    let page = dir.join("page.html");
    std::fs::write(&page, b"<!DOCTYPE html><html><body>x</body></html>").unwrap();
    let choose = |path: std::path::PathBuf| {
        let phone = &phone;
        async move {
            phone
                .client
                .find(Locator::Css("#f-evidence-file"))
                .await
                .unwrap()
                .send_keys(path.to_str().unwrap())
                .await
                .unwrap();
        }
    };
    choose(page).await;
    let refused = phone
        .wait_text("#f-evidence .file-status", "上传失败")
        .await;
    assert!(refused.contains("page.html"), "{refused}");
    choose(pdf).await;
    phone
        .wait_text("#f-evidence .file-status", "已上传“学习记录.pdf”")
        .await;
    let listed = phone
        .wait_text("#f-evidence .file-list", "学习记录.pdf")
        .await;
    assert!(
        listed.contains("1 KB") && listed.contains("移除"),
        "{listed}"
    );
    phone.wait_text("#autosave", "已保存").await;
    let draft = run(
        &phone,
        "return document.querySelector('#f-evidence input[type=hidden]').value;",
    )
    .await;
    assert!(draft.as_str().unwrap().contains("学习记录.pdf"), "{draft}");
    no_sideways_scroll(&phone).await;
    phone
        .client
        .execute(
            "document.getElementById('f-evidence').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    phone.screenshot("task-fill-files-360").await;
    phone
        .client
        .execute(
            "document.getElementById('f-summary').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    phone.screenshot("task-fill-360").await;
    phone
        .client
        .execute(
            "document.querySelector('.fill-table').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    phone.screenshot("task-fill-table-360").await;
    phone.click("#submit-report").await;
    phone.wait_text("#done", "已提交报送").await;
    assert_eq!(phone.text_of("#report-state").await, "待审核");

    // The committee sees the board, opens the report and returns it with a reason.
    desk.client
        .goto(&app.url(&format!("/tasks/{task}")))
        .await
        .unwrap();
    desk.wait_text("#count-waiting", "1").await;
    let line = desk
        .text_of(&format!("#board-lines li[data-org='{org}']"))
        .await;
    assert!(line.contains("待审核"), "{line}");
    desk.screenshot("task-board-1280").await;
    desk.client
        .goto(&app.url(&format!("/tasks/{task}/reports/{org}")))
        .await
        .unwrap();
    desk.wait_text("#versions", "网络安全自查").await;
    let link = desk
        .client
        .find(Locator::Css("#versions a.file-link"))
        .await
        .unwrap();
    assert_eq!(link.text().await.unwrap(), "学习记录.pdf");
    let href = link.attr("href").await.unwrap().unwrap();
    assert!(
        href.starts_with(&format!("/tasks/{task}/reports/{org}/files/")),
        "{href}"
    );
    desk.fill("#reason", "请补充第二次学习的领学人和学习照片说明。")
        .await;
    desk.screenshot("task-review-1280").await;
    desk.click("#return").await;
    desk.wait_text("#done", "已退回").await;

    // The branch sees why.
    phone
        .client
        .goto(&app.url(&format!("/tasks/{task}/reports/{org}")))
        .await
        .unwrap();
    let reason = phone.wait_text("#returned-reason", "领学人").await;
    assert!(reason.contains("退回修改"), "{reason}");
    let kept = phone
        .client
        .find(Locator::Css("input[name='f.sessions.2.topic']"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("网络安全自查"));
    phone
        .wait_text("#f-evidence .file-list", "学习记录.pdf")
        .await;
    no_sideways_scroll(&phone).await;
    // What was typed reached the server: nothing is offered back from the browser's copy.
    let offered = run(&phone, "return !document.getElementById('restore').hidden;").await;
    assert_eq!(offered, json!(false));
    phone.screenshot("task-returned-360").await;

    // On a phone the board fits too.
    phone.close().await;
    let small = Browser::start(360).await;
    small.log_in(&app, "admin", PASSWORD).await;
    small.text_of("#greeting").await;
    small
        .client
        .goto(&app.url(&format!("/tasks/{task}")))
        .await
        .unwrap();
    small.wait_text("#board", "督办台").await;
    no_sideways_scroll(&small).await;
    small.screenshot("task-board-360").await;
    small.close().await;
    desk.close().await;
}
