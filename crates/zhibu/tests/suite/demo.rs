use crate::helpers::{PASSWORD, scalar, spawn, spawn_with};

#[tokio::test]
async fn demo_data_is_the_committee_of_the_founding_notice_with_its_branches() {
    let app = spawn().await;
    let db = app.db().await;
    let pool = db.read();
    let committee: String = sqlx::query_scalar("SELECT name FROM orgs WHERE parent_id IS NULL")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(committee, "中共重庆市科学技术协会科技社团委员会");
    let branches: Vec<(i64,)> = sqlx::query_as("SELECT COUNT(*) FROM orgs WHERE kind = 'branch'")
        .fetch_all(pool)
        .await
        .unwrap();
    assert!(branches[0].0 >= 12);
    let smallest: i64 = sqlx::query_scalar(
        "SELECT MIN(n) FROM (SELECT COUNT(*) AS n FROM members m JOIN orgs o ON o.id = m.org_id \
         WHERE o.kind = 'branch' GROUP BY o.id) AS sizes",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert!((15..=25).contains(&smallest), "{smallest}");
    let secretaries: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM member_positions WHERE position = 'secretary'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(secretaries, branches[0].0);
    for user in ["admin", "branch1", "member1"] {
        app.token_ok(user).await;
    }
}

#[tokio::test]
async fn demo_data_is_loaded_only_into_an_empty_database() {
    let app = spawn().await;
    let url = app.database_url.clone();
    let data = app.data_dir.path().to_owned();
    // A second server on the same database finds it populated and adds nothing.
    let again = spawn_with(move |c| {
        c.database_url = Some(url);
        c.data_dir = data;
    })
    .await;
    let db = again.db().await;
    let committees: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orgs WHERE parent_id IS NULL")
        .fetch_one(db.read())
        .await
        .unwrap();
    assert_eq!(committees, 1);
    assert_eq!(
        again.token("admin", PASSWORD).await.status(),
        reqwest::StatusCode::OK
    );
}

#[tokio::test]
async fn the_demo_has_the_founding_notice_published_with_branches_in_every_receipt_state() {
    let app = spawn().await;
    let db = app.db().await;
    let (recipients, signed, opened): (i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(signed_at), COUNT(opened_at) FROM notice_recipients r \
         JOIN notices n ON n.id = r.notice_id WHERE n.doc_number = '渝科协社党发〔2022〕28号' AND n.status = 'published'",
    )
    .fetch_one(db.read())
    .await
    .unwrap();
    assert_eq!(recipients, 14);
    assert!(
        signed >= 3 && opened > signed && opened < recipients,
        "{signed} signed, {opened} opened"
    );
    app.login_ok("branch1").await;
    let (_, home) = app.get_text("/").await;
    assert!(
        home.contains("待签收（重庆市机械工程学会党支部）"),
        "the notice waits on the home page: {home}"
    );
    let (_, inbox) = app.get_text("/notices").await;
    assert!(
        inbox.contains("关于做好近期有关工作的通知") && inbox.contains("未读"),
        "{inbox}"
    );
    app.post_form("/logout", "/", &[]).await;
    app.login_ok("branch2").await;
    let (_, inbox) = app.get_text("/notices").await;
    assert!(inbox.contains("已签收"), "{inbox}");
    let (_, home) = app.get_text("/").await;
    assert!(!home.contains("待签收"), "nothing left to sign");
}

/// The demo's board shows every light: the study report from the founding notice has
/// branches in every state, and the counters agree with the rows.
#[tokio::test]
async fn demo_tasks_show_every_state_of_the_reporting_loop() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let db = app.db().await;
    let study: i64 =
        sqlx::query_scalar("SELECT id FROM tasks WHERE title = '报送主题学习活动学习情况'")
            .fetch_one(db.read())
            .await
            .unwrap();
    let notice: Option<i64> = sqlx::query_scalar("SELECT notice_id FROM tasks WHERE id = $1")
        .bind(study)
        .fetch_one(db.read())
        .await
        .unwrap();
    assert!(notice.is_some(), "made from the founding notice");
    let tasks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tasks")
        .fetch_one(db.read())
        .await
        .unwrap();
    assert_eq!(tasks, 3);
    db.close().await;
    let board: serde_json::Value = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/tasks/{study}/board")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rows = board["rows"].as_array().unwrap();
    let has = |k: &str, v: &str| rows.iter().any(|r| r[k] == v);
    for state in ["not_started", "draft", "submitted", "returned", "approved"] {
        assert!(has("status", state), "no {state} in {board}");
    }
    for light in ["red", "yellow", "green"] {
        assert!(has("light", light), "no {light} light");
    }
    assert!(rows.iter().any(|r| r["late"] == true), "nobody late");
    assert!(rows.iter().any(|r| r["changed_since_approval"] == true));
    let n = |k: &str| board[k].as_i64().unwrap();
    assert_eq!(n("expected") as usize, rows.len());
    assert_eq!(n("submitted"), 8);
    assert_eq!(n("late"), 2);
    assert!(n("overdue") > 0);
    // branch1's report was returned with a reason to act on.
    let branch1 = app.token_ok("branch1").await;
    let list: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/tasks?box=assigned"))
        .bearer_auth(&branch1)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["assigned"][0]["status"], "returned", "{list}");
    // The network-security report is not yet due: its waiting orgs are grey.
    let security = list["assigned"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"] == "报送网络安全自查整改情况")
        .unwrap();
    assert_eq!(security["status"], "not_started");
    assert_eq!(security["overdue"], false);
}

/// The committee's home lists the reports waiting for its review, task by task.
#[tokio::test]
async fn the_committees_to_do_list_has_the_reports_to_review() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let (status, home) = app.get_text("/").await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(home.contains("5份报送待审核"), "{home}");
    assert!(home.contains("state=submitted"));
}

/// The demo's year of branch life: every state of a record, attendance with leave, volunteer
/// hours, photos on disk, a corrected record with its reason, and branches that keep up, have
/// gaps and are far behind — so the ledger and the committee's board show every light.
#[tokio::test]
async fn the_demo_has_a_year_of_activities_in_every_state() {
    let app = spawn_with(|c| c.demo_activities = true).await;
    for state in ["planned", "held", "confirmed", "cancelled"] {
        let n = scalar(
            &app,
            &format!("SELECT COUNT(*) FROM activities WHERE state = '{state}'"),
        )
        .await;
        assert!(n >= 1, "{state}: {n}");
    }
    for mark in ["present", "leave", "absent"] {
        let n = scalar(
            &app,
            &format!("SELECT COUNT(*) FROM activity_attendance WHERE mark = '{mark}' AND marked_at IS NOT NULL"),
        )
        .await;
        assert!(n >= 1, "{mark}: {n}");
    }
    let hours = scalar(
        &app,
        "SELECT CAST(COALESCE(SUM(volunteer_minutes), 0) AS BIGINT) FROM activity_attendance",
    )
    .await;
    assert!(hours > 0);
    let corrected = scalar(
        &app,
        "SELECT COUNT(*) FROM activity_versions WHERE reason <> '' AND content LIKE '%attendance%'",
    )
    .await;
    assert_eq!(corrected, 1);
    // Each branch's monthly 支委会 in the last full month: kept by the full branches, missed by
    // the far-behind ones.
    let kept_by = scalar(
        &app,
        "SELECT COUNT(DISTINCT org_id) FROM activities WHERE kind = 'committee_meeting' \
         AND state IN ('held', 'confirmed')",
    )
    .await;
    assert_eq!(kept_by, 14);
    let photo: String = {
        let db = app.db().await;
        let h = sqlx::query_scalar("SELECT file_hash FROM activity_photos LIMIT 1")
            .fetch_one(db.read())
            .await
            .unwrap();
        db.close().await;
        h
    };
    let on_disk = app
        .data_dir
        .path()
        .join("files")
        .join(&photo[..2])
        .join(&photo[2..]);
    let bytes = std::fs::read(on_disk).unwrap();
    assert_eq!(&bytes[..2], &[0xFF, 0xD8], "a JPEG");
    let shared = scalar(
        &app,
        "SELECT COUNT(*) FROM activity_org_settings WHERE share_records = 1",
    )
    .await;
    assert_eq!(shared, 1);
}

/// The demo's study campaign from the founding notice: open, with its materials, the
/// branches' sessions in it, study logged (online study too), reflections featured and
/// commented on, and member1 studying in it.
#[tokio::test]
async fn the_demo_has_an_open_study_campaign_with_sessions_study_and_reflections() {
    let app = spawn_with(|c| c.demo_activities = true).await;
    let token = app.token_ok("member1").await;
    let (status, list) = crate::helpers::send(
        &app,
        reqwest::Method::GET,
        "/api/v1/campaigns",
        &token,
        None,
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::OK);
    let c = &list["campaigns"][0];
    assert_eq!(c["theme"], "喜迎二十大、奋进新征程");
    assert_eq!(
        (c["state"].as_str(), c["studies"].as_bool()),
        (Some("open"), Some(true))
    );
    let id = c["id"].as_i64().unwrap();
    let count = |sql: String| {
        let app = &app;
        async move { scalar(app, &sql).await }
    };
    assert_eq!(
        count(format!(
            "SELECT COUNT(*) FROM campaign_materials WHERE campaign_id = {id}"
        ))
        .await,
        3
    );
    let from_notice = count(format!(
        "SELECT COUNT(*) FROM campaigns WHERE id = {id} AND notice_id IS NOT NULL"
    ))
    .await;
    assert_eq!(from_notice, 1);
    let branches_in = count(format!(
        "SELECT COUNT(DISTINCT org_id) FROM activities WHERE campaign_id = {id}"
    ))
    .await;
    assert!(
        branches_in >= 10,
        "{branches_in} branches have sessions in it"
    );
    assert!(count("SELECT COUNT(*) FROM study_logs WHERE source = 'online'".into()).await > 0);
    assert!(count("SELECT COUNT(*) FROM study_logs WHERE chapter IS NOT NULL".into()).await > 0);
    assert!(
        count("SELECT COUNT(*) FROM reflections WHERE featured_at IS NOT NULL".into()).await > 0
    );
    assert!(count("SELECT COUNT(*) FROM reflection_comments".into()).await > 0);
    let member1 = count("SELECT member_id FROM accounts WHERE username = 'member1'".into()).await;
    assert!(
        count(format!(
            "SELECT COUNT(*) FROM study_logs WHERE member_id = {member1}"
        ))
        .await
            > 0
    );
}
