use crate::helpers::{PASSWORD, spawn, spawn_with};

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
