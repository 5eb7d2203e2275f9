//! Self-study and online study: what is left, exactly; each wrong entry refused with its code
//! and nothing saved; one's own entries withdrawn, another's not there; closed campaigns and
//! accounts without a member refused.

use super::{Study, code, field};
use crate::campaign_support::{campaign_body, link_activity, open_campaign};
use crate::helpers::{branch_org, scalar};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// `(material_id, chapter)` of each line left.
fn left(p: &Value) -> Vec<(i64, Option<i64>)> {
    p["left"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["material_id"].as_i64().unwrap(), l["chapter"].as_i64()))
        .collect()
}

#[tokio::test]
async fn a_member_logs_whole_material_chapter_and_online_study_and_sees_exactly_what_is_left() {
    let s = Study::start().await;
    let (status, speech) = s
        .log(
            &s.member1,
            json!({"material_id": s.speech, "day": "2022-08-20", "minutes": 60, "note": "通读"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{speech}");
    assert_eq!(speech["source"], "self");
    assert_eq!(speech["chapter"], Value::Null);
    let (status, _) = s
        .log(
            &s.member1,
            json!({"material_id": s.book, "chapter": 0, "day": "2022-08-21", "minutes": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Online study elsewhere, of no one material, dated today by default.
    let (status, online) = s
        .log(
            &s.member1,
            json!({"source": "online", "link": "https://www.xuexi.cn/lgpage/detail/index.html", "minutes": 20}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{online}");
    assert_eq!(online["day"], "2022-09-01");
    assert_eq!(online["material_id"], Value::Null);

    let (status, p) = s.progress(&s.member1).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["total_minutes"], 110);
    assert_eq!(p["online_minutes"], 20);
    assert_eq!(p["materials"][0]["done"], true);
    assert_eq!(p["materials"][0]["whole_by_self"], true);
    assert_eq!(p["materials"][1]["done"], false);
    assert_eq!(p["materials"][1]["minutes"], 30);
    let studied: Vec<bool> = p["materials"][1]["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["by_self"].as_bool().unwrap())
        .collect();
    assert_eq!(studied, [true, false, false]);
    assert_eq!(left(&p), [(s.book, Some(1)), (s.book, Some(2))]);
    assert_eq!(p["left"][0]["chapter_title"], "二、坚持以人民为中心");
    let days: Vec<&str> = p["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["day"].as_str().unwrap())
        .collect();
    assert_eq!(
        days,
        ["2022-09-01", "2022-08-21", "2022-08-20"],
        "latest first"
    );
    let (_, logs) = s
        .call(
            Method::GET,
            &format!("/api/v1/campaigns/{}/study-logs", s.campaign),
            &s.member1,
            None,
        )
        .await;
    assert_eq!(logs.as_array().unwrap().len(), 3);
    assert_eq!(s.events("study.log", "study_log").await, 3);

    // The branch studies chapter 2 at a 主题党日 member1 attends: counted apart, as a session.
    let org = branch_org(&s.app, 1).await;
    let (status, a) = s
        .call(
            Method::POST,
            "/api/v1/activities",
            &s.branch1,
            Some(json!({"org_id": org, "mode": "record", "kind": "theme_day",
                "title": "主题党日：学习第四卷", "starts_at": "2022-08-25T15:00", "leader": "张示例"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    let activity = a["id"].as_i64().unwrap();
    link_activity(
        &s.app,
        &s.branch1,
        activity,
        s.campaign,
        &[(s.book, Some(1))],
    )
    .await;
    let me = p["member_id"].as_i64().unwrap();
    let (status, marked) = s
        .call(
            Method::PUT,
            &format!("/api/v1/activities/{activity}/attendance"),
            &s.branch1,
            Some(json!({"marks": [{"member_id": me, "mark": "present"}]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{marked}");
    let (_, p) = s.progress(&s.member1).await;
    assert_eq!(left(&p), [(s.book, Some(2))]);
    let chapter = &p["materials"][1]["chapters"][1];
    assert_eq!(
        (&chapter["by_self"], &chapter["in_session"]),
        (&json!(false), &json!(true))
    );
    assert_eq!(p["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(p["sessions"][0]["activity_id"], activity);
    assert_eq!(p["sessions"][0]["leader"], "张示例");
    assert_eq!(
        p["sessions"][0]["studied"],
        json!([{"material_id": s.book, "chapter": 1}])
    );
    assert_eq!(
        p["total_minutes"], 110,
        "a session adds no self-study minutes"
    );

    // The last chapter by self-study: nothing is left.
    let (status, _) = s
        .log(
            &s.member1,
            json!({"material_id": s.book, "chapter": 2, "day": "2022-09-01", "minutes": 45}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, p) = s.progress(&s.member1).await;
    assert!(left(&p).is_empty(), "{p}");
    assert_eq!(p["materials"][1]["done"], true);
}

#[tokio::test]
async fn each_wrong_entry_is_refused_with_its_code_and_field_and_nothing_is_saved() {
    let s = Study::start().await;
    let admin = s.admin.clone();
    let other = open_campaign(
        &s.app,
        &admin,
        campaign_body(&s.app, ("2022-08-01", "2022-12-31")).await,
    )
    .await;
    let foreign = other["materials"][0]["id"].as_i64().unwrap();
    let cases = [
        (
            json!({"material_id": s.speech, "day": "2022-09-02", "minutes": 30}),
            "study_in_future",
            "day",
        ),
        (
            json!({"material_id": s.speech, "day": "2022-08-04", "minutes": 30}),
            "study_outside_period",
            "day",
        ),
        (
            json!({"material_id": s.book, "chapter": 3, "minutes": 30}),
            "unknown_chapter",
            "chapter",
        ),
        (
            json!({"material_id": foreign, "minutes": 30}),
            "unknown_material",
            "material_id",
        ),
        (json!({"minutes": 30}), "unknown_material", "material_id"),
        (
            json!({"material_id": s.speech, "minutes": 0}),
            "invalid_minutes",
            "minutes",
        ),
        (
            json!({"material_id": s.speech, "minutes": 721}),
            "invalid_minutes",
            "minutes",
        ),
        (
            json!({"material_id": s.speech, "minutes": -5}),
            "invalid_minutes",
            "minutes",
        ),
        (
            json!({"source": "online", "link": "javascript:alert(1)", "minutes": 30}),
            "invalid_link",
            "link",
        ),
        (
            json!({"material_id": s.speech, "day": "2022-9-1x", "minutes": 30}),
            "invalid_date",
            "day",
        ),
        (
            json!({"source": "tv", "minutes": 30}),
            "invalid_source",
            "source",
        ),
    ];
    for (body, want, at) in cases {
        let (status, e) = s.log(&s.member1, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {e}");
        assert_eq!((code(&e), field(&e)), (want, at), "{body}: {e}");
    }
    // 720 minutes on the first day of the period is the most allowed.
    let (status, _) = s
        .log(
            &s.member1,
            json!({"material_id": s.speech, "day": "2022-08-05", "minutes": 720}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(scalar(&s.app, "SELECT COUNT(*) FROM study_logs").await, 1);
    assert_eq!(s.events("study.log", "study_log").await, 1);
}

#[tokio::test]
async fn a_member_withdraws_their_own_entry_and_another_s_is_not_there() {
    let s = Study::start().await;
    let (_, e) = s
        .log(&s.member1, json!({"material_id": s.speech, "minutes": 40}))
        .await;
    let id = e["id"].as_i64().unwrap();
    let path = format!("/api/v1/study-logs/{id}/withdraw");
    // branch1 is the branch's secretary, a member too: still not theirs to withdraw.
    let (status, _) = s.call(Method::POST, &path, &s.branch1, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s.call(Method::POST, &path, &s.admin, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(s.events("access.denied", "study_log").await, 2);
    let (status, w) = s.call(Method::POST, &path, &s.member1, None).await;
    assert_eq!(status, StatusCode::OK, "{w}");
    assert_eq!(w["withdrawn"], true);
    // Again: nothing changes, nothing more recorded.
    let (status, _) = s.call(Method::POST, &path, &s.member1, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(s.events("study.withdraw", "study_log").await, 1);
    let (_, p) = s.progress(&s.member1).await;
    assert!(p["logs"].as_array().unwrap().is_empty());
    assert_eq!(p["total_minutes"], 0);
    assert_eq!(p["materials"][0]["done"], false);
    // Kept, marked.
    assert_eq!(
        scalar(
            &s.app,
            "SELECT COUNT(*) FROM study_logs WHERE withdrawn_at IS NOT NULL"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_closed_campaign_takes_no_study_and_keeps_what_was_logged() {
    let s = Study::start().await;
    let (_, e) = s
        .log(&s.member1, json!({"material_id": s.speech, "minutes": 40}))
        .await;
    let id = e["id"].as_i64().unwrap();
    let close = format!("/api/v1/campaigns/{}/close", s.campaign);
    let (status, _) = s.call(Method::POST, &close, &s.admin, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, e) = s
        .log(&s.member1, json!({"material_id": s.book, "minutes": 40}))
        .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "campaign_not_open")
    );
    let path = format!("/api/v1/study-logs/{id}/withdraw");
    let (status, e) = s.call(Method::POST, &path, &s.member1, None).await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "campaign_not_open")
    );
    let (status, p) = s.progress(&s.member1).await;
    assert_eq!(status, StatusCode::OK, "progress stays readable");
    assert_eq!(p["total_minutes"], 40);
}

#[tokio::test]
async fn only_members_of_taking_part_branches_study() {
    let s = Study::start().await;
    // A branch admin's account that stands for no member reads the campaign but cannot study.
    let org = branch_org(&s.app, 1).await;
    let nobody = s
        .account("viewer1", None, domain::Role::BranchAdmin, org)
        .await;
    let (status, e) = s
        .log(&nobody, json!({"material_id": s.speech, "minutes": 30}))
        .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "not_a_member")
    );
    let (status, e) = s.progress(&nobody).await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "not_a_member")
    );
    // A campaign of branch 2 alone is not there for branch 1's member.
    let mut body = campaign_body(&s.app, ("2022-08-05", "2022-10-15")).await;
    body["org_ids"] = json!([branch_org(&s.app, 2).await]);
    let other = open_campaign(&s.app, &s.admin, body).await;
    let path = format!("/api/v1/campaigns/{}/study-logs", other["id"]);
    let (status, _) = s
        .call(
            Method::POST,
            &path,
            &s.member1,
            Some(json!({"minutes": 30})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A draft is not there either.
    let (status, draft) = s
        .call(
            Method::POST,
            "/api/v1/campaigns",
            &s.admin,
            Some(campaign_body(&s.app, ("2022-08-05", "2022-10-15")).await),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let path = format!("/api/v1/campaigns/{}/progress", draft["id"]);
    let (status, _) = s.call(Method::GET, &path, &s.member1, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(scalar(&s.app, "SELECT COUNT(*) FROM study_logs").await, 0);
}
