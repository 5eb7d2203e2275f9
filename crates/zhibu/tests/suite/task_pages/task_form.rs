//! The task form: saving, assigning, keeping what was typed when refused; a task made from a
//! notice's section.

use super::*;

#[tokio::test]
async fn the_task_form_saves_assigns_and_keeps_what_was_typed_when_refused() {
    let app = spawn().await;
    let admin = Session::start(&app, "admin").await;
    let committee = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL")
        .await
        .to_string();
    let org = branch_org(&app, 1).await.to_string();
    let form = study_form().to_string();
    let r = admin
        .post(
            "/tasks/new",
            &[
                ("org_id", &committee),
                ("title", ""),
                ("category", "学习"),
                ("recurrence", "once"),
                ("deadline", ""),
                ("form", &form),
                ("intent", "assign"),
                ("org", &org),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("请填写任务标题") && page.contains("一次性任务须填写截止时间"));
    assert!(page.contains("学习安排"), "the form JSON is kept");
    let r = admin
        .post(
            "/tasks/new",
            &[
                ("org_id", &committee),
                ("title", "x"),
                ("category", "学习"),
                ("deadline", "2099-01-01T17:00"),
                ("form", "{\"fields\": ["),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("表单定义不是有效的 JSON"));
    let bad_form =
        json!({"fields": [{"key": "a", "label": "甲", "type": "single_choice", "options": []}]})
            .to_string();
    let r = admin
        .post(
            "/tasks/new",
            &[
                ("org_id", &committee),
                ("title", "x"),
                ("category", "学习"),
                ("deadline", "2099-01-01T17:00"),
                ("form", &bad_form),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("表单定义 fields[0].options：至少需要1项")
    );

    let r = admin
        .post(
            "/tasks/new",
            &[
                ("org_id", &committee),
                ("title", "网络安全自查整改情况"),
                ("category", "网络安全"),
                ("recurrence", "once"),
                ("deadline", "2099-01-01T17:00"),
                ("form", &form),
                ("intent", "assign"),
                ("org", &org),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = crate::helpers::location(&r);
    let (_, page) = admin.get(&to).await;
    assert!(
        page.contains("进行中") && page.contains("网络安全自查整改情况"),
        "{page}"
    );
    assert!(
        page.contains("id=\"count-expected\"><span class=\"value\">1</span>"),
        "{page}"
    );
    let id: i64 = to.trim_start_matches("/tasks/").parse().unwrap();

    // The 台账, recorded in the audit log.
    let r = admin
        .client
        .get(app.url(&format!("/tasks/{id}/board.xlsx")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    let exports = scalar(
        &app,
        &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'ledger.export' AND object_type = 'task' AND object_id = '{id}'"),
    )
    .await;
    assert_eq!(exports, 1);

    // Closing and reopening from the page.
    assert_eq!(
        admin
            .post(&format!("/tasks/{id}/close"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let (_, page) = admin.get(&format!("/tasks/{id}")).await;
    assert!(page.contains("id=\"reopen-task\""));
    assert_eq!(
        admin
            .post(&format!("/tasks/{id}/reopen"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_notice_section_that_asks_for_a_report_becomes_a_task() {
    let app = spawn().await;
    let notice = scalar(&app, "SELECT MIN(id) FROM notices").await;
    let admin = Session::start(&app, "admin").await;
    let (_, page) = admin.get(&format!("/notices/{notice}")).await;
    let marker = format!("/notices/{notice}/tasks/new?section=");
    let start = page.find(&marker).expect("a 据此创建任务 link") + marker.len();
    let section: String = page[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert!(
        page.contains("据此创建任务："),
        "each button names its section"
    );
    // The tasks the demo made from it: listed, and each under the section it came from.
    assert!(page.contains("id=\"made-tasks\""), "{page}");
    assert!(
        page.contains("已据此创建：<span data-user>报送主题学习活动学习情况"),
        "{page}"
    );
    let (status, form) = admin.get(&format!("{marker}{section}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("据通知创建") && form.contains("name=\"notice_section\""),
        "{form}"
    );
    // A branch reads the notice but makes no tasks of it.
    let branch = Session::start(&app, "branch1").await;
    let (_, read) = branch.get(&format!("/notices/{notice}")).await;
    assert!(!read.contains("据此创建任务"));
    assert!(
        !read.contains("id=\"made-tasks\""),
        "the committee's tasks are its own"
    );
    assert_eq!(
        branch.get(&format!("{marker}{section}")).await.0,
        StatusCode::NOT_FOUND
    );
}
