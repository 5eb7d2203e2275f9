//! The life of a record: planned, held, attendance marked, confirmed and locked, corrected
//! only with a reason, every version kept with the attendance of each correction.

use super::*;
use crate::helpers::spawn;

#[tokio::test]
async fn a_record_is_planned_held_marked_confirmed_and_corrected_with_its_reason() {
    let app = spawn().await;
    let b = branches(&app).await;
    let members = members_of(&app, b.org1).await;
    let n = members.len() as i64;
    assert!(n >= 3, "branch 1 has {n} members");
    let (m0, m1, m2) = (members[0], members[1], members[2]);

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
    assert_eq!(a["state"], "planned");
    assert_eq!(a["version"], 1);
    assert_eq!(a["starts_at"], "2026-05-10T06:30:00Z");
    assert_eq!(a["ends_at"], Value::Null);
    assert_eq!(a["reach"], "records");
    assert_eq!(figures(&a), (n, 0, 0, n, 0));
    assert_eq!(a["attendance"].as_array().unwrap().len() as i64, n);
    assert_eq!(a["figures"]["rate"], 0.0);

    let path = format!("/api/v1/activities/{id}");
    let (status, a) = post(&app, &b.branch1, &format!("{path}/held"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(
        (a["state"].as_str(), a["version"].as_i64()),
        (Some("held"), Some(1))
    );

    let (status, list) = mark(
        &app,
        &b.branch1,
        id,
        json!([
            {"member_id": m0, "mark": "present"},
            {"member_id": m1, "mark": "leave", "reason": "出差"},
            {"member_id": m2, "mark": "absent"}
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(figures(&list), (n, 1, 1, n - 2, 0));
    assert_eq!(list["figures"]["rate"], 100.0 / n as f64);
    let l1 = line(&list, m1).unwrap();
    assert_eq!(
        (l1["mark"].as_str(), l1["reason"].as_str()),
        (Some("leave"), Some("出差"))
    );
    assert_eq!(line(&list, m2).unwrap()["marked"], true);
    if n >= 4 {
        assert_eq!(line(&list, members[3]).unwrap()["marked"], false);
    }

    // The minutes, saved on the version seen; a second save on that same version is stale.
    let edit = json!({
        "version": 1, "held": true, "kind": "theme_day", "title": "五月主题党日",
        "starts_at": "2026-05-10T14:30:00+08:00", "ends_at": "2026-05-10T16:30",
        "minutes": "# 议程\n- 学习", "host": "张书记"
    });
    let (status, a) = put(&app, &b.branch1, &path, edit.clone()).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["version"], 2);
    assert_eq!(a["ends_at"], "2026-05-10T08:30:00Z");
    assert_eq!(a["minutes"], "# 议程\n- 学习");
    let (status, e) = put(&app, &b.branch1, &path, edit).await;
    assert_eq!(status, StatusCode::CONFLICT, "{e}");
    assert_eq!(code(&e), "stale_version");

    let (status, a) = post(&app, &b.branch1, &format!("{path}/confirm"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["state"], "confirmed");
    let branch1_account =
        crate::helpers::scalar(&app, "SELECT id FROM accounts WHERE username = 'branch1'").await;
    assert_eq!(a["confirmed_by"], branch1_account);
    assert!(a["confirmed_at"].is_string(), "{a}");

    // Locked: no edit, no second confirmation, no cancelling.
    let same = json!({"version": 2, "kind": "theme_day", "title": "改标题", "starts_at": "2026-05-10T14:30"});
    let (status, e) = put(&app, &b.branch1, &path, same).await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "activity_locked")
    );
    let (status, e) = post(
        &app,
        &b.branch1,
        &format!("{path}/cancel"),
        json!({"reason": "x"}),
    )
    .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "activity_locked")
    );

    // A correction needs its reason.
    let fix = |reason: &str| {
        json!({
            "version": 2, "reason": reason, "kind": "theme_day", "title": "五月主题党日",
            "starts_at": "2026-05-10T14:30", "minutes": "# 议程\n- 学习",
            "resolutions": "补记：通过发展对象名单"
        })
    };
    let correct = format!("{path}/correct");
    let (status, e) = post(&app, &b.branch1, &correct, fix("  ")).await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "reason_required")
    );
    assert_eq!(e["error"]["problems"][0]["field"], "reason");
    let (status, a) = post(&app, &b.branch1, &correct, fix("漏记决议")).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(
        (a["state"].as_str(), a["version"].as_i64()),
        (Some("confirmed"), Some(3))
    );
    assert_eq!(a["resolutions"], "补记：通过发展对象名单");

    // Attendance on a confirmed record is a correction too.
    let (status, e) = mark(
        &app,
        &b.branch1,
        id,
        json!([{"member_id": m2, "mark": "present"}]),
    )
    .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "reason_required")
    );
    let (status, list) = put(
        &app,
        &b.branch1,
        &format!("{path}/attendance"),
        json!({"marks": [{"member_id": m2, "mark": "present"}], "reason": "迟到补签"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(figures(&list), (n, 2, 1, n - 3, 0));

    let (status, versions) = get(&app, &b.branch1, &format!("{path}/versions")).await;
    assert_eq!(status, StatusCode::OK, "{versions}");
    let v = versions.as_array().unwrap();
    assert_eq!(v.len(), 4, "{versions}");
    let numbers: Vec<i64> = v.iter().map(|x| x["version"].as_i64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    let reasons: Vec<&str> = v.iter().map(|x| x["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, ["", "", "漏记决议", "迟到补签"]);
    assert_eq!(v[0]["content"]["title"], "theme_day 2026-05-10T14:30");
    assert!(v[0]["content"].get("attendance").is_none());
    assert!(v[1]["content"].get("attendance").is_none());
    assert_eq!(v[2]["content"]["resolutions"], "补记：通过发展对象名单");
    // The correction keeps the attendance as it stood then, and the attendance correction
    // the list after it.
    let kept = |i: usize, m: i64| {
        v[i]["content"]["attendance"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["member_id"] == m)
            .map(|l| l["mark"].as_str().unwrap().to_owned())
    };
    assert_eq!(
        v[2]["content"]["attendance"].as_array().unwrap().len() as i64,
        n
    );
    assert_eq!(kept(2, m0).as_deref(), Some("present"));
    assert_eq!(kept(2, m1).as_deref(), Some("leave"));
    assert_eq!(kept(2, m2).as_deref(), Some("absent"));
    assert_eq!(kept(3, m2).as_deref(), Some("present"));
    assert_eq!(v[2]["saved_by"], branch1_account);
}

#[tokio::test]
async fn cancelling_needs_a_reason_and_ends_the_record() {
    let app = spawn().await;
    let b = branches(&app).await;
    let a = add(
        &app,
        &b.branch1,
        b.org1,
        "plan",
        "party_lecture",
        "2026-06-01T09:00",
    )
    .await;
    let path = format!("/api/v1/activities/{}", a["id"]);
    let (status, e) = post(
        &app,
        &b.branch1,
        &format!("{path}/cancel"),
        json!({"reason": ""}),
    )
    .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "reason_required")
    );
    let (status, e) = post(&app, &b.branch1, &format!("{path}/confirm"), json!({})).await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "activity_not_held")
    );
    let (status, a) = post(
        &app,
        &b.branch1,
        &format!("{path}/cancel"),
        json!({"reason": "讲课人临时出差"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(
        (a["state"].as_str(), a["cancel_reason"].as_str()),
        (Some("cancelled"), Some("讲课人临时出差"))
    );
    let (status, e) = post(&app, &b.branch1, &format!("{path}/held"), json!({})).await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "activity_cancelled")
    );
}

#[tokio::test]
async fn fields_are_checked_and_named() {
    let app = spawn().await;
    let b = branches(&app).await;
    let cases = [
        (
            json!({"kind": "nope", "title": "x", "starts_at": "2026-05-10T14:30"}),
            "unknown_kind",
            "kind",
        ),
        (
            json!({"kind": "theme_day", "title": " ", "starts_at": "2026-05-10T14:30"}),
            "title_required",
            "title",
        ),
        (
            json!({"kind": "theme_day", "title": "x"}),
            "start_required",
            "starts_at",
        ),
        (
            json!({"kind": "theme_day", "title": "x", "starts_at": "2026-05-10"}),
            "invalid_time",
            "starts_at",
        ),
        (
            json!({"kind": "theme_day", "title": "x", "starts_at": "昨天"}),
            "invalid_time",
            "starts_at",
        ),
        (
            json!({"kind": "theme_day", "title": "x", "starts_at": "2026-05-10T14:30", "ends_at": "2026-05-10T14:00"}),
            "end_before_start",
            "ends_at",
        ),
        (
            json!({"kind": "theme_day", "title": "x", "starts_at": "2026-05-10T14:30", "place": "地".repeat(201)}),
            "too_long",
            "place",
        ),
    ];
    for (fields, want, field) in cases {
        let mut body = fields.clone();
        body["org_id"] = json!(b.org1);
        body["mode"] = json!("record");
        let (status, e) = post(&app, &b.branch1, "/api/v1/activities", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{fields}: {e}");
        assert_eq!(code(&e), want, "{fields}");
        assert_eq!(e["error"]["problems"][0]["field"], field, "{fields}");
    }
    let none = scalar(&app, "SELECT COUNT(*) FROM activities").await;
    assert_eq!(none, 0);
    // Recorded directly: held at once.
    let a = add(
        &app,
        &b.branch1,
        b.org1,
        "record",
        "committee_meeting",
        "2026-05-10T14:30",
    )
    .await;
    assert_eq!(a["state"], "held");
}
