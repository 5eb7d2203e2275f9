//! The reporting side and the review: who is served, a report round-tripping through the
//! form, refused answers beside their fields, and CSRF.

use super::*;

#[tokio::test]
async fn task_pages_serve_the_assigning_and_reporting_sides_and_nobody_else() {
    let app = spawn().await;
    let (task, org) = assigned_task(&app).await;
    let admin = Session::start(&app, "admin").await;
    for path in [
        "/tasks".to_owned(),
        "/tasks/new".to_owned(),
        format!("/tasks/{task}"),
        format!("/tasks/{task}/edit"),
        format!("/tasks/{task}/reports/{org}"),
    ] {
        let (status, page) = admin.get(&path).await;
        assert_eq!(status, StatusCode::OK, "admin {path}");
        assert!(
            page.contains("报送主题学习情况") || path.ends_with("/new"),
            "{path}"
        );
    }
    let (_, board) = admin.get(&format!("/tasks/{task}")).await;
    assert!(
        board.contains("督办台") && board.contains("应报"),
        "{board}"
    );
    assert!(board.contains("逾期未报") && board.contains("通报文字"));
    let (_, home) = admin.get("/").await;
    assert!(home.contains("id=\"supervision\"") && home.contains("报送主题学习情况"));

    let branch = Session::start(&app, "branch1").await;
    let (_, home) = branch.get("/").await;
    assert!(
        home.contains(&format!("/tasks/{task}/reports/{org}?period=once")),
        "{home}"
    );
    for path in [
        "/tasks".to_owned(),
        format!("/tasks/{task}"),
        format!("/tasks/{task}/reports/{org}"),
    ] {
        let (status, page) = branch.get(&path).await;
        assert_eq!(status, StatusCode::OK, "branch1 {path}");
        assert!(page.contains("报送主题学习情况"), "{path}");
    }
    let (_, fill) = branch.get(&format!("/tasks/{task}/reports/{org}")).await;
    assert!(fill.contains("name=\"f.sessions.1.topic\"") && fill.contains("id=\"submit-report\""));
    for path in [
        "/tasks/new".to_owned(),
        format!("/tasks/{task}/edit"),
        format!("/tasks/{task}/board.xlsx"),
    ] {
        assert_eq!(
            branch.get(&path).await.0,
            StatusCode::NOT_FOUND,
            "branch1 {path}"
        );
    }

    let other = Session::start(&app, "branch2").await;
    for path in [
        format!("/tasks/{task}"),
        format!("/tasks/{task}/reports/{org}"),
    ] {
        assert_eq!(
            other.get(&path).await.0,
            StatusCode::NOT_FOUND,
            "branch2 {path}"
        );
    }
    let member = Session::start(&app, "member1").await;
    assert_eq!(member.get("/tasks").await.0, StatusCode::NOT_FOUND);
    let (_, frame) = member.get("/").await;
    assert!(!frame.contains("id=\"nav-tasks\""));
}

#[tokio::test]
async fn a_report_round_trips_through_the_form_and_comes_back_returned() {
    let app = spawn().await;
    let (task, org) = assigned_task(&app).await;
    let branch = Session::start(&app, "branch1").await;
    let path = format!("/tasks/{task}/reports/{org}");
    let r = branch
        .post(
            &path,
            &[
                ("period", "once"),
                ("based_on", "0"),
                ("intent", "submit"),
                ("f.summary", "　　组织支部党员集中学习两次。"),
                ("f.attendance", "23"),
                ("f.online", "true"),
                ("f.sessions.1.date", "2026-11-20"),
                ("f.sessions.1.topic", "学习党的二十大精神"),
                ("f.sessions.1.hours", "2"),
                ("f.sessions.2.date", "2026-11-24"),
                ("f.sessions.2.topic", "网络安全自查"),
                ("f.sessions.2.hours", "1.5"),
                ("f.sessions.3.date", ""),
                ("f.sessions.3.topic", ""),
                ("f.sessions.3.hours", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        crate::helpers::location(&r).ends_with("?period=once&done=submitted"),
        "{}",
        crate::helpers::location(&r)
    );
    let (_, page) = branch
        .get(&format!("{path}?period=once&done=submitted"))
        .await;
    assert!(page.contains("已提交报送"), "{page}");
    assert!(page.contains("第1版") && page.contains("网络安全自查"));

    // What was stored, as the API reads it: typed values and both rows, the blank one dropped.
    let admin_token = app.token_ok("admin").await;
    let stored: Value = app
        .api_get(
            &format!("/api/v1/tasks/{task}/submissions/{org}"),
            &admin_token,
        )
        .await
        .json()
        .await
        .unwrap();
    let answers = &stored["versions"][0]["answers"];
    assert_eq!(stored["status"], "submitted");
    assert_eq!(answers["attendance"], 23);
    assert_eq!(answers["online"], true);
    assert_eq!(answers["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(answers["sessions"][1]["hours"], 1.5);
    assert_eq!(answers["summary"], "　　组织支部党员集中学习两次。");

    // The committee sees it read-only, with yes/no in words, and returns it with a reason.
    let admin = Session::start(&app, "admin").await;
    let (status, review) = admin.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(review.contains("id=\"review\"") && !review.contains("id=\"report-form\""));
    assert!(review.contains("<span class=\"pre\">是</span>"), "{review}");
    let r = admin
        .post(
            &format!("{path}/review"),
            &[("period", "once"), ("decision", "return"), ("reason", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("退回修改须填写原因"));
    let r = admin
        .post(
            &format!("{path}/review"),
            &[
                ("period", "once"),
                ("decision", "return"),
                ("reason", "请补充学习照片说明"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = branch.get(&path).await;
    assert!(page.contains("id=\"returned-reason\"") && page.contains("请补充学习照片说明"));
    // The form is filled from the latest version for the fix.
    assert!(page.contains("value=\"网络安全自查\""));

    // Fixed and handed in again; the committee sees what changed and approves it in bulk.
    let r = branch
        .post(
            &path,
            &[
                ("period", "once"),
                ("based_on", &stored["saves"].as_i64().unwrap().to_string()),
                ("f.summary", "组织支部党员集中学习两次，附照片说明。"),
                ("f.attendance", "23"),
                ("f.sessions.1.date", "2026-11-20"),
                ("f.sessions.1.topic", "学习党的二十大精神"),
                ("f.sessions.1.hours", "3"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, review) = admin.get(&path).await;
    assert!(review.contains("第2版与第1版相比的变化"), "{review}");
    assert!(review.contains("学时: 3"));
    let r = admin
        .post(
            &format!("/tasks/{task}/approve"),
            &[("period", "once"), ("org_ids", &org.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, board) = admin.get(&crate::helpers::location(&r)).await;
    assert!(board.contains("已通过 1 份"), "{board}");
    let approved: Value = app
        .api_get(
            &format!("/api/v1/tasks/{task}/submissions/{org}"),
            &admin_token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(approved["status"], "approved");
}

#[tokio::test]
async fn refused_answers_come_back_beside_their_fields_in_chinese() {
    let app = spawn().await;
    let (task, org) = assigned_task(&app).await;
    let branch = Session::start(&app, "branch1").await;
    let path = format!("/tasks/{task}/reports/{org}");
    let r = branch
        .post(
            &path,
            &[
                ("period", "once"),
                ("intent", "submit"),
                ("f.summary", ""),
                ("f.attendance", "二十三"),
                ("f.sessions.1.date", "2026-11-20"),
                ("f.sessions.1.topic", ""),
                ("f.sessions.1.hours", "-1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("处填写不符合要求"), "{page}");
    assert!(page.contains("“学习情况”为必填项"), "{page}");
    assert!(page.contains("“参加人数”须为数字"), "{page}");
    assert!(page.contains("“学习安排”第1行“主题”为必填项"), "{page}");
    // What was typed is kept, and the bad cell is marked.
    assert!(page.contains("value=\"二十三\""));
    assert!(page.contains("class=\"bad\""));
    // Nothing was stored.
    let token = app.token_ok("branch1").await;
    let stored: Value = app
        .api_get(&format!("/api/v1/tasks/{task}/submissions/{org}"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["status"], "not_started");

    // A draft may be incomplete.
    let r = branch
        .post(
            &path,
            &[
                ("period", "once"),
                ("intent", "draft"),
                ("f.summary", "写了一半"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = branch.get(&path).await;
    assert!(page.contains("写了一半"));
}

#[tokio::test]
async fn posts_without_the_csrf_token_are_refused() {
    let app = spawn().await;
    let (task, org) = assigned_task(&app).await;
    let branch = Session::start(&app, "branch1").await;
    let r = branch
        .client
        .post(app.url(&format!("/tasks/{task}/reports/{org}")))
        .form(&[("period", "once"), ("f.summary", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let admin = Session::start(&app, "admin").await;
    let r = admin
        .client
        .post(app.url(&format!("/tasks/{task}/close")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
