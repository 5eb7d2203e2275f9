//! 催办 from the pages: the board's form reminds the ticked orgs, the board then shows it on
//! the line, the inbox shows the message with the badge in the frame, opening it leads to the
//! report and clears the badge; a refusal keeps the note; the reminder settings form.

use super::*;

#[tokio::test]
async fn reminding_from_the_board_reaches_the_inbox_and_the_badge_clears_when_read() {
    let app = spawn().await;
    let (task, org) = assigned_task(&app).await;
    let admin = Session::start(&app, "admin").await;
    let path = format!("/tasks/{task}/remind");
    let org_id = org.to_string();

    // Too long a note: the board again with the message, the note as typed.
    let long = "请尽快报送".repeat(101);
    let r = admin
        .post(
            &path,
            &[
                ("period", "once"),
                ("scope", "orgs"),
                ("org_ids", &org_id),
                ("note", &long),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("留言不能超过 500 字"), "{page}");
    assert!(page.contains(&long));
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM reminders").await, 0);

    let r = admin
        .post(
            &path,
            &[
                ("period", "once"),
                ("scope", "orgs"),
                ("org_ids", &org_id),
                ("note", "请今天报送"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let back = r.headers()["location"].to_str().unwrap().to_owned();
    let (_, board) = admin.get(&back).await;
    assert!(board.contains("已催办 1 个组织"), "{board}");
    assert!(board.contains("已催办 1 次"), "{board}");

    // The branch sees the badge on every page, and the message in its inbox.
    let branch = Session::start(&app, "branch1").await;
    let (_, home) = branch.get("/").await;
    assert!(home.contains(r#"id="unread-badge""#), "{home}");
    let (status, inbox) = branch.get("/messages").await;
    assert_eq!(status, StatusCode::OK);
    assert!(inbox.contains("催办：报送主题学习情况") && inbox.contains("留言：请今天报送"));
    let id = scalar(&app, "SELECT MAX(id) FROM messages").await;
    let r = branch
        .client
        .get(app.url(&format!("/messages/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        format!("/tasks/{task}/reports/{org}?period=once").as_str()
    );
    let (_, home) = branch.get("/").await;
    assert!(!home.contains(r#"id="unread-badge""#));
    // The report's page lists the reminder, by whom and with the note.
    let (_, report) = branch
        .get(&format!("/tasks/{task}/reports/{org}?period=once"))
        .await;
    assert!(
        report.contains("催办记录") && report.contains("请今天报送"),
        "{report}"
    );
    // Someone else's message is not found, read or not.
    let (status, _) = admin.get(&format!("/messages/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_reminder_settings_form_keeps_what_was_typed_when_refused() {
    let app = spawn().await;
    let admin = Session::start(&app, "admin").await;
    let (status, page) = admin.get("/settings/reminders").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"value="3, 1""#), "{page}");
    let fields = [
        ("before_days", "7, 2"),
        ("on_the_day", "on"),
        ("escalate_after_days", "5"),
        ("quiet_start", "21:30"),
        ("quiet_end", "07:30"),
        ("holidays", "2027-01-01\n2027-02-30"),
    ];
    let r = admin.post("/settings/reminders", &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("日期格式应为 2027-01-01"), "{page}");
    assert!(page.contains(r#"value="7, 2""#) && page.contains("2027-02-30"));
    let mut fields = fields;
    fields[5] = ("holidays", "2027-01-01");
    let r = admin.post("/settings/reminders", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.get("/settings/reminders").await;
    assert!(page.contains(r#"value="7, 2""#) && page.contains(r#"value="21:30""#));
    assert!(!page.contains(r#"name="while_overdue" value="on" checked"#));
    // Branch administrators do not set the deployment's reminders.
    let branch = Session::start(&app, "branch1").await;
    let (status, _) = branch.get("/settings/reminders").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_receipts_page_filters_by_status_and_reminds_those_that_have_not_signed() {
    let app = spawn().await;
    let admin_token = app.token_ok("admin").await;
    let root = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/notices"))
        .bearer_auth(&admin_token)
        .json(&json!({"org_id": root, "source": crate::notices::FOUNDING}))
        .send()
        .await
        .unwrap();
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/notices/{id}/publish")))
        .bearer_auth(&admin_token)
        .json(&json!({"targets": [{"org_id": root, "subtree": true}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let admin = Session::start(&app, "admin").await;
    let (status, page) = admin
        .get(&format!("/notices/{id}/receipts?status=unread"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("receipt status-unread") && !page.contains("receipt status-signed"));

    // A 签收时限 typed wrong comes back as typed, with what to write.
    let r = admin
        .post(&format!("/notices/{id}/sign-by"), &[("sign_by", "下周五")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("2026-12-10 17:00") && page.contains(r#"value="下周五""#));
    let r = admin
        .post(
            &format!("/notices/{id}/sign-by"),
            &[("sign_by", "2099-12-10")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.get(&format!("/notices/{id}/receipts")).await;
    assert!(page.contains("2099年12月10日 23:59"), "{page}");

    let org = branch_org(&app, 1).await.to_string();
    let r = admin
        .post(
            &format!("/notices/{id}/remind"),
            &[("scope", "orgs"), ("org_ids", &org), ("note", "请签收")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let back = r.headers()["location"].to_str().unwrap().to_owned();
    let (_, page) = admin.get(&back).await;
    assert!(page.contains("已催办 1 个组织签收"), "{page}");
    assert!(page.contains("已催办 1 次"));
    let branch = Session::start(&app, "branch1").await;
    let (_, inbox) = branch.get("/messages").await;
    assert!(
        inbox.contains("请签收：") && inbox.contains("签收时限 2099年12月10日 23:59"),
        "{inbox}"
    );
    // Sorted by status, those that have not signed come first.
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/notices/{id}/sign")))
        .bearer_auth(app.token_ok("branch1").await)
        .json(&json!({"org_id": branch_org(&app, 1).await}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let (_, sorted) = admin
        .get(&format!("/notices/{id}/receipts?sort=status"))
        .await;
    let (unread, signed) = (
        sorted.find("receipt status-unread").unwrap(),
        sorted.find("receipt status-signed").unwrap(),
    );
    assert!(unread < signed);
}

#[tokio::test]
async fn an_approval_keeps_its_comment_and_the_reviewer_is_led_to_the_next_report() {
    let app = spawn().await;
    let (org1, org2) = (branch_org(&app, 1).await, branch_org(&app, 2).await);
    let task = task_for(
        &app,
        "报送自查情况",
        json!({"fields": [{"key": "summary", "label": "情况", "type": "long_text"}]}),
        &[org1, org2],
    )
    .await;
    // Both branches hand in through the API.
    for (name, org) in [("branch1", org1), ("branch2", org2)] {
        let token = app.token_ok(name).await;
        let path = app.url(&format!("/api/v1/tasks/{task}/submissions/{org}"));
        let current: Value = reqwest::Client::new()
            .get(&path)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let r = reqwest::Client::new()
            .put(&path)
            .bearer_auth(&token)
            .json(&json!({"answers": {"summary": "已完成"}, "submit": true, "based_on": current["saves"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    let admin = Session::start(&app, "admin").await;
    let page = format!("/tasks/{task}/reports/{org1}?period=once");
    // Handed in, the branch's page says so and folds the form away behind "change it".
    let branch = Session::start(&app, "branch1").await;
    let (_, mine) = branch.get(&page).await;
    assert!(
        mine.contains(r#"id="handed-in""#) && mine.contains("等待审核"),
        "{mine}"
    );
    assert!(mine.contains(r#"<details class="card edit-again" id="edit-again">"#));
    let (_, review) = admin.get(&page).await;
    assert!(review.contains(r#"id="next-waiting""#), "{review}");
    assert!(review.contains(&format!("/tasks/{task}/reports/{org2}?period=once")));
    let r = admin
        .post(
            &format!("/tasks/{task}/reports/{org1}/review"),
            &[
                ("period", "once"),
                ("decision", "approve"),
                ("reason", "材料齐全，予以通过"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, after) = admin.get(&page).await;
    assert!(after.contains("材料齐全，予以通过"), "{after}");
    // The branch sees the comment in its thread too, and the report as approved.
    let (_, mine) = branch.get(&page).await;
    assert!(mine.contains("材料齐全，予以通过") && mine.contains("已通过审核"));
    // People are shown by name, not by username.
    assert!(
        !mine.contains(" · admin · ") && !mine.contains(" · branch1 · "),
        "{mine}"
    );
}

#[tokio::test]
async fn a_task_gets_its_own_ladder_on_its_page_and_a_wrong_one_comes_back_as_typed() {
    let app = spawn().await;
    let (task, _) = assigned_task(&app).await;
    let admin = Session::start(&app, "admin").await;
    let (_, page) = admin.get(&format!("/tasks/{task}")).await;
    assert!(
        page.contains(r#"id="ladder""#) && page.contains("（按催办设置）"),
        "{page}"
    );
    let path = format!("/tasks/{task}/reminder-ladder");
    let r = admin
        .post(
            &path,
            &[
                ("period", "once"),
                ("before_days", "7, 0"),
                ("on_the_day", "on"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("天数须为 1 到 366 之间的整数") && page.contains(r#"value="7, 0""#),
        "{page}"
    );
    let r = admin
        .post(
            &path,
            &[
                ("period", "once"),
                ("before_days", "7, 2"),
                ("escalate_after_days", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.get(&format!("/tasks/{task}")).await;
    assert!(
        page.contains("（本任务单独设置）") && page.contains(r#"value="7, 2""#),
        "{page}"
    );
    let stored = scalar(
        &app,
        &format!("SELECT COUNT(*) FROM tasks WHERE id = {task} AND reminder_ladder LIKE '%[7,2]%'"),
    )
    .await;
    assert_eq!(stored, 1);
    // Back to the deployment's.
    let r = admin
        .post(&path, &[("period", "once"), ("follow_default", "on")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let stored = scalar(
        &app,
        &format!("SELECT COUNT(*) FROM tasks WHERE id = {task} AND reminder_ladder IS NULL"),
    )
    .await;
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn the_publish_form_takes_a_sign_by_time_and_keeps_a_wrong_one_as_typed() {
    let app = spawn().await;
    let token = app.token_ok("admin").await;
    let root = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/notices"))
        .bearer_auth(&token)
        .json(&json!({"org_id": root, "source": crate::notices::FOUNDING}))
        .send()
        .await
        .unwrap();
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let admin = Session::start(&app, "admin").await;
    let root_s = root.to_string();
    let path = format!("/notices/{id}/publish");
    let r = admin
        .post(&path, &[("subtree", &root_s), ("sign_by", "下周五")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(r#"value="下周五""#) && page.contains("2026-12-10 17:00"),
        "{page}"
    );
    let fields = [("subtree", root_s.as_str()), ("sign_by", "2099-12-10")];
    let r = admin.post(&path, &fields).await;
    assert_eq!(r.status(), StatusCode::OK, "whom it reaches, to confirm");
    let count = crate::helpers::confirmed_count(&r.text().await.unwrap());
    let mut confirmed = fields.to_vec();
    confirmed.push(("confirmed", &count));
    let r = admin.post(&path, &confirmed).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, receipts) = admin.get(&format!("/notices/{id}/receipts")).await;
    assert!(receipts.contains("2099年12月10日 23:59"), "{receipts}");
}
