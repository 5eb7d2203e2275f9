//! Record links name only the reporting org's own records — its activities, their photos, its
//! members' reflections — in a campaign's report and in any task's form; a task without a
//! campaign is filled in by hand as before; only the committee makes a report task.

use super::*;
use crate::helpers::spawn;

fn problems(v: &Value) -> Vec<(&str, &str)> {
    v["error"]["problems"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|p| (p["field"].as_str().unwrap(), p["code"].as_str().unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn another_orgs_photo_or_reflection_is_refused_beside_its_field() {
    let app = spawn().await;
    let s = setup(&app).await;
    let ours = members_of(&app, s.org1).await;
    let theirs = members_of(&app, s.org2).await;
    let a1 = record(
        &app,
        &s.branch1,
        s.org1,
        "theme_day",
        "主题党日",
        "2026-10-10T14:30",
        "",
    )
    .await;
    link_activity(&app, &s.branch1, a1, s.campaign, &[(s.speech, None)]).await;
    let p1 = photo(&app, &s.branch1, a1).await;
    let r1 = reflection(&app, &s, ours[0].0, s.org1, false).await;
    let a2 = record(
        &app,
        &s.branch2,
        s.org2,
        "theme_day",
        "主题党日",
        "2026-10-11T14:30",
        "",
    )
    .await;
    link_activity(&app, &s.branch2, a2, s.campaign, &[(s.speech, None)]).await;
    let p2 = photo(&app, &s.branch2, a2).await;
    let r2 = reflection(&app, &s, theirs[0].0, s.org2, true).await;

    let task = report_task(&app, &s).await;
    let r = open_report(&app, &s.branch1, task, s.org1).await;
    assert_eq!(r["draft"]["answers"]["photos"], json!([p1]));
    assert_eq!(
        r["draft"]["answers"].get("reflections"),
        None,
        "none featured"
    );
    let saves = r["saves"].as_i64().unwrap();
    let mut answers = r["draft"]["answers"].clone();
    answers["photos"] = json!([p1, p2]);
    answers["reflections"] = json!([r2]);
    let (status, e) = save(&app, &s.branch1, (task, s.org1), &answers, saves, false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(
        problems(&e),
        [
            ("reflections", "unknown_reference"),
            ("photos", "unknown_reference")
        ]
    );
    // Its own (a reflection not featured is still the branch's to name) are taken.
    answers["photos"] = json!([p1]);
    answers["reflections"] = json!([r1]);
    let (status, saved) = save(&app, &s.branch1, (task, s.org1), &answers, saves, false).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["draft"]["answers"]["reflections"], json!([r1]));
    // The other branch's report holds its own photo and featured reflection.
    let other = open_report(&app, &s.branch2, task, s.org2).await;
    assert_eq!(other["draft"]["answers"]["photos"], json!([p2]));
    assert_eq!(other["draft"]["answers"]["reflections"], json!([r2]));
    // The branch cannot see (or fill) the other's report.
    let (status, _) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{task}/submissions/{}", s.org2),
        &s.branch1,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_task_without_a_campaign_links_the_orgs_own_activities_and_is_not_filled_in() {
    let app = spawn().await;
    let s = setup(&app).await;
    let a1 = record(
        &app,
        &s.branch1,
        s.org1,
        "theme_day",
        "主题党日",
        "2026-10-10T14:30",
        "",
    )
    .await;
    let p1 = photo(&app, &s.branch1, a1).await;
    let a2 = record(
        &app,
        &s.branch2,
        s.org2,
        "theme_day",
        "主题党日",
        "2026-10-11T14:30",
        "",
    )
    .await;
    let committee = crate::campaign_support::committee_org(&app).await;
    let form = json!({"fields": [
        {"key": "summary", "label": "情况", "type": "long_text", "required": true},
        {"key": "meeting", "label": "关联会议", "type": "record_link", "record_kind": "activity"},
        {"key": "pics", "label": "照片", "type": "record_link", "record_kind": "activity_photo",
         "multiple": true},
        {"key": "old", "label": "旧的关联", "type": "record_link", "record_kind": "meeting"}
    ]});
    let (status, t) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &s.admin,
        Some(json!({
            "org_id": committee, "title": "报送十月主题党日情况", "category": "学习",
            "deadline": "2026-12-31", "form": form,
            "targets": [{"org_id": s.org1, "subtree": false}], "publish": true
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let task = t["id"].as_i64().unwrap();
    let r = open_report(&app, &s.branch1, task, s.org1).await;
    assert_eq!(
        (r["status"].as_str(), &r["draft"]),
        (Some("not_started"), &Value::Null)
    );
    assert_eq!(r["from_records"], json!([]));

    let answers = json!({"summary": "已开展", "meeting": a2, "pics": [p1], "old": 3});
    let (status, e) = save(&app, &s.branch1, (task, s.org1), &answers, 0, false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(
        problems(&e),
        [
            ("meeting", "unknown_reference"),
            ("old", "unknown_reference")
        ]
    );
    let answers = json!({"summary": "已开展", "meeting": a1.to_string(), "pics": [p1]});
    let (status, handed) = save(&app, &s.branch1, (task, s.org1), &answers, 0, true).await;
    assert_eq!(status, StatusCode::OK, "{handed}");
    assert_eq!(
        handed["versions"][0]["answers"],
        json!({"summary": "已开展", "meeting": a1, "pics": [p1]})
    );
    assert_eq!(handed["record_changes"], json!([]));
}

#[tokio::test]
async fn only_the_committee_makes_a_report_task_and_a_draft_campaign_has_none() {
    let app = spawn().await;
    let s = setup(&app).await;
    let path = format!("/api/v1/campaigns/{}/report-tasks", s.campaign);
    let body = Some(json!({"deadline": "2026-12-31"}));
    for token in [&s.branch1, &app.token_ok("member1").await] {
        let (status, _) = send(&app, Method::POST, &path, token, body.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    for (deadline, code) in [("", "deadline_required"), ("12月31日", "invalid_deadline")] {
        let (status, e) = send(
            &app,
            Method::POST,
            &path,
            &s.admin,
            Some(json!({"deadline": deadline})),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!(e["error"]["code"], code);
        assert_eq!(problems(&e), [("deadline", code)]);
    }
    let mut draft = campaign_body(&app, ("2026-10-01", "2026-11-30")).await;
    draft["theme"] = json!("尚未开始的学习活动");
    let (status, d) = send(
        &app,
        Method::POST,
        "/api/v1/campaigns",
        &s.admin,
        Some(draft),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    let (status, e) = send(
        &app,
        Method::POST,
        &format!("/api/v1/campaigns/{}/report-tasks", d["id"]),
        &s.admin,
        body.clone(),
    )
    .await;
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("campaign_not_open"))
    );
    // Every branch of the committee must report on the real one, with the standard form.
    let (status, t) = send(&app, Method::POST, &path, &s.admin, body).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    assert_eq!(t["title"], "“喜迎二十大、奋进新征程”主题学习活动情况报送");
    let fields = t["form"]["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 12);
    assert_eq!(fields[0]["source"], "campaign.sessions_held");
    assert_eq!(fields[11]["key"], "next_steps");
    let (_, board) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{}/board", t["id"]),
        &s.admin,
        None,
    )
    .await;
    let branches =
        crate::helpers::scalar(&app, "SELECT COUNT(*) FROM orgs WHERE kind = 'branch'").await;
    assert_eq!(board["expected"].as_i64(), Some(branches), "{board}");
}
