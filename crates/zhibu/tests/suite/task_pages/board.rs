//! The committee's side: the task categories page, and the board drilled down to a subtree.

use super::*;

#[tokio::test]
async fn the_committee_sets_the_task_categories_on_a_page() {
    let app = spawn().await;
    let admin = Session::start(&app, "admin").await;
    let (_, list) = admin.get("/tasks").await;
    assert!(list.contains("href=\"/tasks/categories\""), "{list}");
    let (status, page) = admin.get("/tasks/categories").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"categories-text\"") && page.contains("网络安全"));

    // Refused: a repeat; the text comes back as typed.
    let r = admin
        .post("/tasks/categories", &[("categories", "学习\n党建\n学习")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("任务类别须为1到50个"), "{page}");
    assert!(page.contains(">学习\n党建\n学习</textarea>"), "{page}");
    let long = "很长".repeat(11);
    let r = admin
        .post("/tasks/categories", &[("categories", &long)])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let r = admin
        .post(
            "/tasks/categories",
            &[("categories", " 学习\r\n党建\r\n\r\n其他\r\n")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.get(&crate::helpers::location(&r)).await;
    assert!(page.contains("任务类别已保存") && page.contains(">学习\n党建\n其他</textarea>"));
    let token = app.token_ok("admin").await;
    let list: Value = app
        .api_get("/api/v1/task-categories", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["categories"], json!(["学习", "党建", "其他"]));
    let changes = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'settings.task_categories'",
    )
    .await;
    assert_eq!(changes, 1);

    // A branch neither sees the link nor the page.
    let branch = Session::start(&app, "branch1").await;
    let (_, list) = branch.get("/tasks").await;
    assert!(!list.contains("/tasks/categories"));
    assert_eq!(
        branch.get("/tasks/categories").await.0,
        StatusCode::NOT_FOUND
    );
    let r = branch
        .post("/tasks/categories", &[("categories", "学习")])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn drilling_down_the_board_lists_only_that_subtree() {
    let app = spawn().await;
    let (one, two) = (branch_org(&app, 1).await, branch_org(&app, 2).await);
    let task = task_for(&app, "报送主题学习情况", study_form(), &[one, two]).await;
    let admin = Session::start(&app, "admin").await;
    let line = |org: i64| format!("data-org=\"{org}\"");
    let (_, all) = admin.get(&format!("/tasks/{task}")).await;
    assert!(all.contains(&line(one)) && all.contains(&line(two)));
    assert!(!all.contains("id=\"rows-under\""));
    let (status, drilled) = admin.get(&format!("/tasks/{task}?under={one}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(drilled.contains(&line(one)), "{drilled}");
    assert!(!drilled.contains(&line(two)), "{drilled}");
    assert!(drilled.contains("id=\"rows-under\"") && drilled.contains("id=\"rows-all\""));
    // The state filter keeps the subtree.
    assert!(drilled.contains(&format!("name=\"under\" value=\"{one}\"")));
    let (_, filtered) = admin
        .get(&format!("/tasks/{task}?under={two}&state=not_started"))
        .await;
    assert!(filtered.contains(&line(two)) && !filtered.contains(&line(one)));
    let (_, none) = admin
        .get(&format!("/tasks/{task}?under={two}&state=approved"))
        .await;
    assert!(!none.contains(&line(two)) && !none.contains(&line(one)));

    // The API's board the same way.
    let token = app.token_ok("admin").await;
    let board: Value = app
        .api_get(&format!("/api/v1/tasks/{task}/board?under={one}"), &token)
        .await
        .json()
        .await
        .unwrap();
    let rows: Vec<i64> = board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["org_id"].as_i64().unwrap())
        .collect();
    assert_eq!(rows, vec![one]);
    assert!(board["rollup"].is_array());
    let board: Value = app
        .api_get(&format!("/api/v1/tasks/{task}/board"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(board["rows"].as_array().unwrap().len(), 2);
    // Outside the task's tree, or not the caller's: not found.
    let branch = app.token_ok("branch1").await;
    assert_eq!(
        app.api_get(&format!("/api/v1/tasks/{task}/board?under={one}"), &branch)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}
