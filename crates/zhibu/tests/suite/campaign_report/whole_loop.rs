//! The whole loop: a campaign's activities, attendance, study and reflections → the report task
//! → a branch's report filled in exactly from them → a new activity refreshes the fields the
//! branch left alone and keeps the one it wrote → hand-in → a changed record shows on the
//! review, the version handed in unchanged.

use super::*;
use crate::helpers::{PASSWORD, TestAppClient, new_client, spawn};

#[tokio::test]
async fn a_branch_report_arrives_filled_from_its_records_and_refreshes_until_edited() {
    let app = spawn().await;
    let s = setup(&app).await;
    let members = members_of(&app, s.org1).await;
    let leaders = leaders_of(&app, s.org1).await;
    let n = members.len();
    assert!(n >= 12 && leaders.len() == 4, "{n} members, {leaders:?}");
    let ids: Vec<i64> = members.iter().map(|(id, _)| *id).collect();
    let names: Vec<&str> = leaders.iter().map(|(_, name)| name.as_str()).collect();
    let all_leaders = names.join("、");

    // Every leader studied the speech before the first session on it; nobody the book.
    for (id, _) in &leaders {
        studied(&app, &s, *id, s.org1, s.speech, "2026-10-05").await;
    }
    let a1 = record(
        &app,
        &s.branch1,
        s.org1,
        "theme_day",
        "十月主题党日",
        "2026-10-10T14:30",
        names[0],
    )
    .await;
    mark_present(&app, &s.branch1, a1, &ids[0..5], None).await;
    link_activity(&app, &s.branch1, a1, s.campaign, &[(s.speech, None)]).await;
    let a2 = record(
        &app,
        &s.branch1,
        s.org1,
        "science_outreach",
        "科普进社区",
        "2026-10-20T09:00",
        names[1],
    )
    .await;
    mark_present(&app, &s.branch1, a2, &ids[0..3], Some(1.5)).await;
    link_activity(&app, &s.branch1, a2, s.campaign, &[(s.book, Some(0))]).await;
    let p1 = photo(&app, &s.branch1, a1).await;
    // Outside the campaign: neither its session nor its photo is the campaign's.
    let outside = record(
        &app,
        &s.branch1,
        s.org1,
        "theme_day",
        "九月主题党日",
        "2026-09-10T14:30",
        names[0],
    )
    .await;
    photo(&app, &s.branch1, outside).await;
    let featured = reflection(&app, &s, ids[5], s.org1, true).await;
    reflection(&app, &s, ids[6], s.org1, false).await;

    let task = report_task(&app, &s).await;
    let (_, c) = send(
        &app,
        Method::GET,
        &format!("/api/v1/campaigns/{}", s.campaign),
        &s.admin,
        None,
    )
    .await;
    assert_eq!(c["task_ids"], json!([task]), "{c}");

    let r = open_report(&app, &s.branch1, task, s.org1).await;
    assert_eq!(r["status"], "draft", "{r}");
    let a = &r["draft"]["answers"];
    let speech_row = json!({
        "material": "习近平总书记7.26重要讲话", "first_day": "2026-10-10", "leader": names[0],
        "studied_first": all_leaders, "done": true
    });
    let book_row = json!({
        "material": "《习近平谈治国理政》第四卷", "first_day": "2026-10-20", "leader": names[1],
        "not_yet": all_leaders, "done": false
    });
    let session = |date: &str, kind: &str, title: &str, leader: &str, present: usize| {
        json!({"date": date, "kind": kind, "title": title, "leader": leader,
               "expected": n, "present": present})
    };
    assert_eq!(
        a,
        &json!({
            "sessions_held": 2,
            "attendance_rate": rate(8, 2 * n),
            "sessions": [
                session("2026-10-10", "主题党日", "十月主题党日", names[0], 5),
                session("2026-10-20", "科普活动", "科普进社区", names[1], 3),
            ],
            "materials_covered": "习近平总书记7.26重要讲话\n《习近平谈治国理政》第四卷",
            "lead_first": [speech_row, book_row],
            "volunteer_hours": 4.5,
            "science_events": 1,
            "reflections": [featured],
            "photos": [p1],
        })
    );
    let sourced = [
        "attendance_rate",
        "lead_first",
        "materials_covered",
        "photos",
        "reflections",
        "science_events",
        "sessions",
        "sessions_held",
        "volunteer_hours",
    ];
    assert_eq!(from_records(&r), sourced);
    // Opening again with nothing new writes nothing.
    let again = open_report(&app, &s.branch1, task, s.org1).await;
    assert_eq!(again["saves"], r["saves"]);

    // The branch writes its own words, and changes one figure's field.
    let mut mine = a.clone();
    mine["materials_covered"] = json!("两份材料均已集中学习，并开展交流研讨。");
    mine["other_practices"] = json!("组织党员赴红岩村参观学习。");
    let (status, saved) = save(
        &app,
        &s.branch1,
        (task, s.org1),
        &mine,
        r["saves"].as_i64().unwrap(),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");

    // A new session is recorded: untouched fields follow it, the branch's own stay.
    let a3 = record(
        &app,
        &s.branch1,
        s.org1,
        "party_lecture",
        "党课：全面深化改革",
        "2026-11-05T15:00",
        names[0],
    )
    .await;
    mark_present(&app, &s.branch1, a3, &ids[0..10], None).await;
    link_activity(&app, &s.branch1, a3, s.campaign, &[(s.book, None)]).await;
    let r = open_report(&app, &s.branch1, task, s.org1).await;
    let a = &r["draft"]["answers"];
    assert_eq!(a["sessions_held"], 3);
    assert_eq!(a["attendance_rate"], rate(18, 3 * n));
    assert_eq!(
        a["sessions"][2],
        session("2026-11-05", "党课", "党课：全面深化改革", names[0], 10)
    );
    assert_eq!(a["sessions"].as_array().unwrap().len(), 3);
    assert_eq!(a["materials_covered"], mine["materials_covered"]);
    assert_eq!(a["other_practices"], mine["other_practices"]);
    assert_eq!(a["lead_first"], json!([speech_row, book_row]));
    let kept: Vec<&str> = sourced
        .iter()
        .copied()
        .filter(|k| *k != "materials_covered")
        .collect();
    assert_eq!(from_records(&r), kept);

    // Handed in; from now on the records change only what the review shows beside it.
    let mut final_answers = a.clone();
    final_answers["problems"] = json!("个别党员自学不够深入。");
    final_answers["next_steps"] = json!("继续组织专题研讨。");
    let (status, handed) = save(
        &app,
        &s.branch1,
        (task, s.org1),
        &final_answers,
        r["saves"].as_i64().unwrap(),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{handed}");
    assert_eq!(handed["status"], "submitted");
    assert_eq!(handed["record_changes"], json!([]));
    mark_present(&app, &s.branch1, a3, &ids[10..11], None).await;

    let r = open_report(&app, &s.branch1, task, s.org1).await;
    assert_eq!(
        r["draft"],
        Value::Null,
        "nothing is filled in after hand-in: {r}"
    );
    assert_eq!(r["versions"][0]["answers"], final_answers);
    let review = open_report(&app, &s.admin, task, s.org1).await;
    let changes = review["record_changes"].as_array().unwrap();
    let keys: Vec<&str> = changes.iter().map(|c| c["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["attendance_rate", "sessions"], "{review}");
    assert_eq!(changes[0]["handed_in"], format!("{} %", rate(18, 3 * n)));
    assert_eq!(changes[0]["now"], format!("{} %", rate(19, 3 * n)));
    assert!(
        changes[1]["now"].as_str().unwrap().contains("实到: 11"),
        "{}",
        changes[1]
    );

    // The review page says so too.
    let (fresh, _) = new_client();
    let admin = TestAppClient::login(&app, &fresh, "admin", PASSWORD).await;
    let page = admin
        .get(app.url(&format!("/tasks/{task}/reports/{}", s.org1)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"record-drift\""), "{page}");
    assert!(page.contains("记录已变化：现为"));
    assert!(page.contains(&format!("{} %", rate(19, 3 * n))));
    // The version handed in shows its records by name: the photo, linked, and the reflection.
    assert!(
        page.contains(&format!("href=\"/activities/{a1}/photos/{p1}\"")),
        "{page}"
    );
    assert!(page.contains(&format!("src=\"/activities/{a1}/photos/{p1}/thumb\"")));
    assert!(page.contains("学习7.26讲话的体会"));
}
