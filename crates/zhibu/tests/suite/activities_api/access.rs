//! Who reads and changes an activity: its branch's admins and the committee; another branch
//! never (404, and not in its lists); a member of the branch only once it shares its records,
//! and then only to read.

use super::*;
use crate::helpers::spawn;

#[tokio::test]
async fn another_branch_never_sees_an_activity_and_members_read_only_when_shared() {
    let app = spawn().await;
    let b = branches(&app).await;
    let a = add(
        &app,
        &b.branch1,
        b.org1,
        "record",
        "committee_meeting",
        "2026-05-10T14:30",
    )
    .await;
    let id = a["id"].as_i64().unwrap();
    let path = format!("/api/v1/activities/{id}");
    let edit = json!({"kind": "committee_meeting", "title": "改", "starts_at": "2026-05-10T14:30"});

    // Branch 2: not found, whatever it asks.
    for (status, _) in [
        get(&app, &b.branch2, &path).await,
        get(&app, &b.branch2, &format!("{path}/versions")).await,
        put(&app, &b.branch2, &path, edit.clone()).await,
        post(&app, &b.branch2, &format!("{path}/confirm"), json!({})).await,
        mark(&app, &b.branch2, id, json!([])).await,
        get(
            &app,
            &b.branch2,
            &format!("/api/v1/activities?org={}", b.org1),
        )
        .await,
        get(
            &app,
            &b.branch2,
            &format!("/api/v1/activities/ledger?org={}&year=2026", b.org1),
        )
        .await,
        get(
            &app,
            &b.branch2,
            &format!("/api/v1/orgs/{}/activity-settings", b.org1),
        )
        .await,
    ] {
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, list) = get(&app, &b.branch2, "/api/v1/activities").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!({"total": 0, "activities": []}));
    // The committee sees it, as one of its subtree's.
    let (status, seen) = get(&app, &b.admin, &path).await;
    assert_eq!(
        (status, seen["reach"].as_str()),
        (StatusCode::OK, Some("records"))
    );
    let (_, list) = get(&app, &b.admin, "/api/v1/activities").await;
    assert_eq!(list["total"], 1);

    // member1, of branch 1: nothing until the branch shares its records.
    let member1 = app.token_ok("member1").await;
    let (status, _) = get(&app, &member1, &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = get(&app, &member1, "/api/v1/activities").await;
    assert_eq!(list["total"], 0);
    let (status, _) = get(
        &app,
        &member1,
        &format!("/api/v1/activities/ledger?org={}", b.org1),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    choose(&app, &b.branch1, b.org1, true, false).await;
    let (status, seen) = get(&app, &member1, &path).await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    assert_eq!(seen["reach"], "shared");
    assert_eq!(seen["title"], a["title"]);
    let (_, list) = get(&app, &member1, "/api/v1/activities").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["activities"][0]["id"], id);
    let (status, _) = get(&app, &member1, &format!("{path}/versions")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, l) = get(
        &app,
        &member1,
        &format!("/api/v1/activities/ledger?org={}&year=2026", b.org1),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{l}");
    let (status, choices) = get(
        &app,
        &member1,
        &format!("/api/v1/orgs/{}/activity-settings", b.org1),
    )
    .await;
    assert_eq!(
        (status, choices),
        (
            StatusCode::OK,
            json!({"share_records": true, "self_attendance": false})
        )
    );
    // Reading is all: every change answers 404.
    for (status, _) in [
        put(&app, &member1, &path, edit.clone()).await,
        post(&app, &member1, &format!("{path}/confirm"), json!({})).await,
        post(
            &app,
            &member1,
            &format!("{path}/correct"),
            json!({"reason": "x"}),
        )
        .await,
        mark(&app, &member1, id, json!([])).await,
        put(
            &app,
            &member1,
            &format!("/api/v1/orgs/{}/activity-settings", b.org1),
            json!({"share_records": false, "self_attendance": true}),
        )
        .await,
    ] {
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    // Sharing branch 1's records shows nothing of branch 1 to branch 2.
    let (status, _) = get(&app, &b.branch2, &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // And every refusal on the activity is audited: branch 2's five and its last read,
    // member1's read before sharing and four changes after.
    let denied = scalar(
        &app,
        &format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'access.denied' \
             AND object_type = 'activity' AND object_id = '{id}'"
        ),
    )
    .await;
    assert_eq!(denied, 11);
}
