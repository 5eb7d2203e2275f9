//! The list follows the roster while an activity is open: who joins after it was held is
//! not expected at it but at the next one; who leaves after being marked stays, who leaves
//! unmarked is dropped at the next save. Guests from other branches are counted apart; leave
//! needs a reason, volunteer time stays within a day.

use super::*;
use crate::helpers::spawn;

#[tokio::test]
async fn the_list_follows_joining_and_leaving_members_until_marked() {
    let app = spawn().await;
    let b = branches(&app).await;
    let members = members_of(&app, b.org1).await;
    let n = members.len() as i64;
    assert!(n >= 3, "branch 1 has {n} members");
    let (stays, leaves_marked, leaves_unmarked) = (members[0], members[1], members[2]);

    let a = add(
        &app,
        &b.branch1,
        b.org1,
        "plan",
        "theme_day",
        "2026-05-10T14:30",
    )
    .await;
    let id = a["id"].as_i64().unwrap();
    let path = format!("/api/v1/activities/{id}");
    let (status, _) = post(&app, &b.branch1, &format!("{path}/held"), json!({})).await;
    assert_eq!(status, StatusCode::OK);

    // Someone joins the branch after the meeting.
    let (status, joined) = post(
        &app,
        &b.branch1,
        "/api/v1/members",
        json!({"org_id": b.org1, "name": "新转入党员"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{joined}");
    let joined = joined["id"].as_i64().unwrap();
    let (status, e) = mark(
        &app,
        &b.branch1,
        id,
        json!([{"member_id": joined, "mark": "present"}]),
    )
    .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "not_expected")
    );

    let (status, list) = mark(
        &app,
        &b.branch1,
        id,
        json!([{"member_id": stays, "mark": "present"}, {"member_id": leaves_marked, "mark": "present"}]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(figures(&list), (n, 2, 0, n - 2, 0));

    // Two move to branch 2: one was marked, one was not.
    for m in [leaves_marked, leaves_unmarked] {
        let (status, v) = post(
            &app,
            &b.admin,
            &format!("/api/v1/members/{m}/transfer"),
            json!({"to_org_id": b.org2, "note": "工作调动"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{v}");
    }
    let (_, a) = get(&app, &b.branch1, &path).await;
    assert_eq!(
        figures(&a),
        (n, 2, 0, n - 2, 0),
        "nothing changes before a save"
    );
    assert_eq!(line(&a, leaves_marked).unwrap()["org_id"], b.org2);

    // The next save drops the unmarked leaver, keeps the marked one, adds nobody.
    let (status, a) = put(
        &app,
        &b.branch1,
        &path,
        json!({"kind": "theme_day", "title": "五月主题党日", "starts_at": "2026-05-10T14:30", "minutes": "学习"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(figures(&a), (n - 1, 2, 0, n - 3, 0));
    assert!(line(&a, leaves_unmarked).is_none(), "{a}");
    assert_eq!(line(&a, leaves_marked).unwrap()["mark"], "present");
    assert!(line(&a, joined).is_none(), "{a}");

    // The next activity expects the branch as it is now.
    let next = add(
        &app,
        &b.branch1,
        b.org1,
        "plan",
        "theme_day",
        "2026-06-10T14:30",
    )
    .await;
    assert_eq!(figures(&next), (n - 1, 0, 0, n - 1, 0));
    assert!(line(&next, joined).is_some());
    assert!(line(&next, leaves_marked).is_none());
    assert!(line(&next, leaves_unmarked).is_none());
}

#[tokio::test]
async fn guests_leave_and_hours_are_checked() {
    let app = spawn().await;
    let b = branches(&app).await;
    let own = members_of(&app, b.org1).await;
    let other = members_of(&app, b.org2).await;
    let n = own.len() as i64;
    let a = add(
        &app,
        &b.branch1,
        b.org1,
        "record",
        "volunteer",
        "2026-05-10T09:00",
    )
    .await;
    let id = a["id"].as_i64().unwrap();

    // branch1 does not see branch 2's roster: its member is no guest branch1 can name.
    let guest = json!([{"member_id": other[0], "mark": "guest"}]);
    let (status, _) = mark(&app, &b.branch1, id, guest.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, list) = mark(&app, &b.admin, id, guest).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(figures(&list), (n, 0, 0, n, 1));
    let g = line(&list, other[0]).unwrap();
    assert_eq!(
        (g["mark"].as_str(), g["org_id"].as_i64()),
        (Some("guest"), Some(b.org2))
    );
    // Guests are listed after the branch's members.
    assert_eq!(
        list["attendance"].as_array().unwrap().last().unwrap()["member_id"],
        other[0]
    );

    let refused = [
        (
            json!({"member_id": own[0], "mark": "guest"}),
            "guest_from_own_branch",
        ),
        (
            json!({"member_id": own[0], "mark": "leave"}),
            "leave_reason_required",
        ),
        (
            json!({"member_id": own[0], "mark": "leave", "reason": "  "}),
            "leave_reason_required",
        ),
        (
            json!({"member_id": own[0], "mark": "present", "hours": 24.5}),
            "invalid_hours",
        ),
        (
            json!({"member_id": own[0], "mark": "present", "hours": -1}),
            "invalid_hours",
        ),
        (json!({"member_id": own[0], "mark": "late"}), "unknown_mark"),
        (
            json!({"member_id": other[1], "mark": "present"}),
            "not_expected",
        ),
    ];
    for (m, want) in refused {
        let (status, e) = mark(&app, &b.admin, id, json!([m])).await;
        assert_eq!(
            (status, code(&e)),
            (StatusCode::UNPROCESSABLE_ENTITY, want),
            "{m}"
        );
    }
    let (status, list) = mark(
        &app,
        &b.branch1,
        id,
        json!([
            {"member_id": own[0], "mark": "present", "hours": 24},
            {"member_id": own[1], "mark": "present", "hours": 2.5},
            {"member_id": own[2], "mark": "leave", "reason": "病假", "hours": 3}
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(figures(&list), (n, 2, 1, n - 3, 1));
    assert_eq!(line(&list, own[0]).unwrap()["hours"], 24.0);
    assert_eq!(line(&list, own[1]).unwrap()["hours"], 2.5);
    assert_eq!(line(&list, own[2]).unwrap()["reason"], "病假");
}
