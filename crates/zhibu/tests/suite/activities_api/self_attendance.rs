//! A member confirms their own attendance from their phone: only when the branch allows it,
//! from 30 minutes before the start, and only their own line.

use super::*;
use crate::helpers::spawn;
use std::time::Duration;

#[tokio::test]
async fn a_member_confirms_their_own_attendance_when_the_branch_allows_it() {
    let app = spawn().await;
    app.clock.set(domain::Timestamp(MAY_15_2026));
    let b = branches(&app).await;
    let me = member1_id(&app).await;
    let n = members_of(&app, b.org1).await.len() as i64;
    // Two hours from the clock's noon.
    let a = add(
        &app,
        &b.branch1,
        b.org1,
        "plan",
        "party_lecture",
        "2026-05-15T14:00",
    )
    .await;
    let attend = format!("/api/v1/activities/{}/attend", a["id"]);

    let member1 = app.token_ok("member1").await;
    let (status, e) = post(&app, &member1, &attend, json!({})).await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "self_attendance_off")
    );
    choose(&app, &b.branch1, b.org1, false, true).await;
    let (status, e) = post(&app, &member1, &attend, json!({})).await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "not_begun")
    );
    // Neither an account without a member nor another branch's secretary is on the list.
    let sysadmin = app.token_ok("sysadmin").await;
    for token in [&sysadmin, &b.branch2] {
        let (status, _) = post(&app, token, &attend, json!({})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    // 13:31: within half an hour of the start. (The tokens have been idle too long by then.)
    app.clock.advance(Duration::from_secs(91 * 60));
    let member1 = app.token_ok("member1").await;
    let (status, mine) = post(&app, &member1, &attend, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["member_id"], me);
    assert_eq!(mine["mark"], "present");
    assert_eq!(mine["self_confirmed"], true);
    assert_eq!(mine["marked"], true);

    let branch1 = app.token_ok("branch1").await;
    let (_, a) = get(&app, &branch1, &format!("/api/v1/activities/{}", a["id"])).await;
    assert_eq!(figures(&a), (n, 1, 0, n - 1, 0));
    assert_eq!(line(&a, me).unwrap()["self_confirmed"], true);

    // The member's own list shows it as upcoming (planned), marked present.
    let (status, own) = get(&app, &member1, "/api/v1/me/activities").await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert_eq!(own["linked"], true);
    let upcoming = own["upcoming"].as_array().unwrap();
    assert_eq!(upcoming.len(), 1, "{own}");
    assert_eq!(upcoming[0]["activity_id"], a["id"]);
    assert_eq!(upcoming[0]["mark"], "present");
    assert_eq!(own["past"], json!([]));
}
