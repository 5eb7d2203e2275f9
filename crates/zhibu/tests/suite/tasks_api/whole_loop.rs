//! The reporting loop end to end: assign → draft → submit → return with reason → resubmit →
//! approve → edit → flagged → re-approve, with the board's counts checked at every step.

use super::*;

#[tokio::test]
async fn the_whole_loop_keeps_every_version_and_the_board_current() {
    let (app, admin) = started().await;
    let branch = app.token_ok("branch1").await;
    let (org1, org2) = (branch_org(&app, 1).await, branch_org(&app, 2).await);
    let task = assign(&app, &admin, &[org1, org2], "2099-12-31").await;
    assert_eq!(counts(&app, &admin, task).await, (2, 0, 0, 0, 0, 0, 0));

    // The branch sees the task, its org and nobody else's counts.
    let (status, seen) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{task}"),
        &branch,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen["assigner"], false);
    assert_eq!(seen["my_orgs"][0]["org_id"], org1);
    assert_eq!(seen["periods"][0]["expected"], 0);
    assert_eq!(seen["form"]["fields"][2]["type"], "table");

    // A half-typed draft is kept; nothing counts as handed in yet.
    let (status, draft) = save(
        &app,
        &branch,
        task,
        org1,
        json!({"summary": "学习进行中"}),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["draft"]["answers"]["summary"], "学习进行中");
    assert_eq!(draft["version"], 0);
    assert_eq!(counts(&app, &admin, task).await, (2, 0, 0, 0, 0, 0, 0));

    // Handing in an incomplete report is refused field by field, and stores nothing.
    let (status, refused) = save(
        &app,
        &branch,
        task,
        org1,
        json!({"summary": "学习进行中", "sessions": [{"topic": "x"}]}),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["code"], "invalid_answers");
    let fields: Vec<&str> = refused["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"attendance"), "{fields:?}");
    assert!(fields.contains(&"sessions[1].date"), "{fields:?}");
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(message.contains("“参加人数”为必填项"), "{message}");
    assert!(
        message.contains("“学习安排”第1行“日期”为必填项"),
        "{message}"
    );
    assert_eq!(counts(&app, &admin, task).await, (2, 0, 0, 0, 0, 0, 0));

    // Handed in on time: version 1, waiting for review.
    let (status, v1) = save(&app, &branch, task, org1, good_answers("第一版"), true).await;
    assert_eq!(status, StatusCode::OK, "{v1}");
    assert_eq!(
        (v1["status"].as_str(), v1["version"].as_i64()),
        (Some("submitted"), Some(1))
    );
    assert_eq!(v1["late"], false);
    assert!(v1["draft"].is_null());
    // Numbers sent as text are stored as numbers.
    assert_eq!(v1["versions"][0]["answers"]["attendance"], 23);
    assert_eq!(v1["versions"][0]["answers"]["sessions"][1]["hours"], 1.5);
    assert_eq!(counts(&app, &admin, task).await, (2, 1, 1, 0, 0, 0, 0));

    // Returning needs a reason; the reason reaches the branch.
    let (status, e) = review(&app, &admin, task, org1, "return", "  ").await;
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason_required"))
    );
    let (status, back) = review(&app, &admin, task, org1, "return", "请补充学习心得").await;
    assert_eq!(status, StatusCode::OK, "{back}");
    assert_eq!(counts(&app, &admin, task).await, (2, 1, 1, 0, 0, 1, 0));
    let (_, mine) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{task}/submissions/{org1}"),
        &branch,
        None,
    )
    .await;
    assert_eq!(mine["status"], "returned");
    assert_eq!(mine["reviews"][0]["reason"], "请补充学习心得");
    assert_eq!(mine["reviews"][0]["decision"], "return");
    // A returned report cannot be reviewed again until it comes back.
    let (status, e) = review(&app, &admin, task, org1, "approve", "").await;
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("not_waiting_for_review")
        )
    );

    // Fixed and handed in again: version 2; still counted once, still on time.
    let (status, v2) = save(
        &app,
        &branch,
        task,
        org1,
        good_answers("第二版：补充了心得"),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v2}");
    assert_eq!(v2["version"], 2);
    assert_eq!(v2["changes"][0]["key"], "summary");
    assert_eq!(v2["changes"][0]["before"], "第一版");
    assert_eq!(counts(&app, &admin, task).await, (2, 1, 1, 0, 0, 0, 0));

    // Approved.
    let (status, ok) = review(&app, &admin, task, org1, "approve", "").await;
    assert_eq!(status, StatusCode::OK, "{ok}");
    assert_eq!(
        (ok["status"].as_str(), ok["approved_version"].as_i64()),
        (Some("approved"), Some(2))
    );
    assert_eq!(counts(&app, &admin, task).await, (2, 1, 1, 0, 1, 0, 0));

    // The same answers again are no new version.
    let (status, e) = save(
        &app,
        &branch,
        task,
        org1,
        good_answers("第二版：补充了心得"),
        true,
    )
    .await;
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unchanged"))
    );

    // Edited after approval: a draft leaves the approval standing …
    let (status, d) = save(&app, &branch, task, org1, good_answers("第三版"), false).await;
    assert_eq!(
        (status, d["status"].as_str()),
        (StatusCode::OK, Some("approved"))
    );
    assert_eq!(counts(&app, &admin, task).await, (2, 1, 1, 0, 1, 0, 0));
    // … handing it in needs approval again and is flagged.
    let (status, v3) = save(&app, &branch, task, org1, good_answers("第三版"), true).await;
    assert_eq!(status, StatusCode::OK, "{v3}");
    assert_eq!(
        (v3["status"].as_str(), v3["version"].as_i64()),
        (Some("submitted"), Some(3))
    );
    assert_eq!(v3["changed_since_approval"], true);
    // The reviewer sees what changed against the approved version.
    assert_eq!(v3["changes"][0]["before"], "第二版：补充了心得");
    assert_eq!(v3["changes"][0]["after"], "第三版");
    let (_, board) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{task}/board"),
        &admin,
        None,
    )
    .await;
    let row = board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["org_id"] == org1)
        .unwrap();
    assert_eq!(
        (
            row["status"].as_str(),
            row["changed_since_approval"].as_bool()
        ),
        (Some("submitted"), Some(true))
    );
    assert_eq!(row["light"], "yellow");
    assert_eq!(counts(&app, &admin, task).await, (2, 1, 1, 0, 0, 0, 0));

    // Re-approved in bulk; the org that has not reported is reported as such.
    let (status, bulk) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{task}/approve"),
        &admin,
        Some(json!({"org_ids": [org1, org2]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{bulk}");
    assert_eq!(bulk["approved"], 1);
    assert_eq!(bulk["outcomes"][1]["outcome"], "not_waiting_for_review");
    let (_, done) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{task}/submissions/{org1}"),
        &admin,
        None,
    )
    .await;
    assert_eq!(done["changed_since_approval"], false);
    assert_eq!(done["approved_version"], 3);
    // Every version is kept, unchanged, with the review thread.
    let versions = done["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 3);
    assert_eq!(versions[0]["answers"]["summary"], "第一版");
    let decisions: Vec<&str> = done["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["decision"].as_str().unwrap())
        .collect();
    assert_eq!(decisions, ["return", "approve", "approve"]);
    assert_eq!(counts(&app, &admin, task).await, (2, 1, 1, 0, 1, 0, 0));

    // The maintained counters agree with the rows.
    let by_rows = scalar(
        &app,
        &format!("SELECT COUNT(*) FROM submissions WHERE task_id = {task} AND state = 'approved'"),
    )
    .await;
    assert_eq!(by_rows, 1);
    // Every write left its audit event.
    let audited = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'submission.%'",
    )
    .await;
    // draft, v1, return, v2, approve, draft, v3, approve: the refused hand-in left none.
    assert_eq!(audited, 8);
}

#[tokio::test]
async fn two_editors_of_one_draft_do_not_overwrite_each_other() {
    let (app, admin) = started().await;
    let branch = app.token_ok("branch1").await;
    let org1 = branch_org(&app, 1).await;
    let task = assign(&app, &admin, &[org1], "2099-12-31").await;
    let path = format!("/api/v1/tasks/{task}/submissions/{org1}");
    let (_, first) = send(&app, Method::GET, &path, &branch, None).await;
    let base = first["saves"].clone();
    // Both loaded the same copy; the first save wins …
    let (status, _) = send(
        &app,
        Method::PUT,
        &path,
        &branch,
        Some(json!({"answers": {"summary": "甲"}, "based_on": base})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // … the second is refused with a clear message, not merged or lost silently.
    let (status, e) = send(
        &app,
        Method::PUT,
        &path,
        &branch,
        Some(json!({"answers": {"summary": "乙"}, "based_on": base})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{e}");
    assert_eq!(e["error"]["code"], "stale_version");
    // Without naming a base, nobody overwrites an existing draft either.
    let (status, _) = send(
        &app,
        Method::PUT,
        &path,
        &branch,
        Some(json!({"answers": {"summary": "丙"}})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, now) = send(&app, Method::GET, &path, &branch, None).await;
    assert_eq!(now["draft"]["answers"]["summary"], "甲");
}
