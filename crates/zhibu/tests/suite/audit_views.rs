//! Looking at someone's personal data leaves a trace: who viewed whose phone, birth date and
//! email is on the audit log; reading one's own record, or a record with the personal fields
//! hidden, is not recorded.

use crate::helpers::{scalar, send, spawn};
use reqwest::{Method, StatusCode};

async fn views(app: &crate::helpers::TestApp, username: &str) -> i64 {
    scalar(
        app,
        &format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'member.view' \
             AND username = '{username}'"
        ),
    )
    .await
}

#[tokio::test]
async fn viewing_a_members_personal_data_is_recorded_and_reading_ones_own_is_not() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    // Someone without an account, so nobody here is reading their own record.
    let member = scalar(
        &app,
        "SELECT id FROM members WHERE id NOT IN \
         (SELECT member_id FROM accounts WHERE member_id IS NOT NULL) ORDER BY id LIMIT 1",
    )
    .await;
    let path = format!("/api/v1/members/{member}");

    let (status, shown) = send(&app, Method::GET, &path, &admin, None).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert!(shown["phone"].is_string(), "{shown}");
    assert_eq!(views(&app, "admin").await, 1);
    let org = scalar(
        &app,
        &format!("SELECT org_id FROM audit_events WHERE action = 'member.view' AND object_id = '{member}'"),
    )
    .await;
    assert_eq!(
        org,
        scalar(
            &app,
            &format!("SELECT org_id FROM members WHERE id = {member}")
        )
        .await
    );

    // The page records it too.
    app.login_ok("admin").await;
    let (status, _) = app.get_text(&format!("/members/{member}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(views(&app, "admin").await, 2);

    // A member reading their own record is not watching anyone.
    let own = scalar(
        &app,
        "SELECT member_id FROM accounts WHERE username = 'member1'",
    )
    .await;
    let member1 = app.token_ok("member1").await;
    let (status, body) = send(
        &app,
        Method::GET,
        &format!("/api/v1/members/{own}"),
        &member1,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(views(&app, "member1").await, 0);
}
