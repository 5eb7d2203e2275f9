//! The report task and the report on pages: the campaign page's button makes the task and goes
//! to it; the fill-in form marks what came from the records (来自记录), offers the branch's
//! photos as thumbnails, and a save through the form keeps those fields the records'.

use super::*;
use crate::helpers::{PASSWORD, TestAppClient, csrf_in, location, new_client, spawn};

/// The form fields a filled-in page posts back for `answers` (the naming of `task_fields`).
fn posted(answers: &Value) -> Vec<(String, String)> {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = Vec::new();
    for (key, value) in answers.as_object().unwrap() {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    match item.as_object() {
                        Some(row) => {
                            for (col, cell) in row {
                                out.push((format!("f.{key}.{}.{col}", i + 1), text(cell)));
                            }
                        }
                        None => out.push((format!("f.{key}"), text(item))),
                    }
                }
            }
            other => out.push((format!("f.{key}"), text(other))),
        }
    }
    out
}

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> (StatusCode, String) {
    let r = client.get(app.url(path)).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn the_fill_in_page_marks_what_came_from_the_records_and_a_save_through_it_keeps_them() {
    let app = spawn().await;
    let s = setup(&app).await;
    let ids: Vec<i64> = members_of(&app, s.org1)
        .await
        .iter()
        .map(|(id, _)| *id)
        .collect();
    let a1 = record(
        &app,
        &s.branch1,
        s.org1,
        "theme_day",
        "十月主题党日",
        "2026-10-10T14:30",
        "张书记",
    )
    .await;
    mark_present(&app, &s.branch1, a1, &ids[0..4], Some(2.0)).await;
    link_activity(&app, &s.branch1, a1, s.campaign, &[(s.book, Some(1))]).await;
    let p1 = photo(&app, &s.branch1, a1).await;

    // The campaign page's button, as the committee presses it.
    let (fresh, _) = new_client();
    let admin = TestAppClient::login(&app, &fresh, "admin", PASSWORD).await;
    let (_, home) = page(&admin, &app, "/").await;
    let csrf = csrf_in(&home);
    let press = |deadline: &'static str| {
        admin
            .post(app.url(&format!("/campaigns/{}/report-task", s.campaign)))
            .form(&[("deadline", deadline), ("csrf_token", csrf.as_str())])
            .send()
    };
    let refused = press("").await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let made = press("2026-12-31").await.unwrap();
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let to = location(&made);
    let task: i64 = to.strip_prefix("/tasks/").unwrap().parse().unwrap();
    let (status, board) = page(&admin, &app, &to).await;
    assert_eq!(status, StatusCode::OK);
    assert!(board.contains("主题学习活动情况报送"), "{board}");

    let (fresh, _) = new_client();
    let branch = TestAppClient::login(&app, &fresh, "branch1", PASSWORD).await;
    let here = format!("/tasks/{task}/reports/{}", s.org1);
    let (status, fill) = page(&branch, &app, &here).await;
    assert_eq!(status, StatusCode::OK);
    assert!(fill.contains("class=\"tag from-records\""), "{fill}");
    assert!(fill.contains("来自记录"));
    assert!(fill.contains(&format!("name=\"f.photos\" value=\"{p1}\" checked")));
    assert!(fill.contains(&format!("src=\"/activities/{a1}/photos/{p1}/thumb\"")));
    assert!(fill.contains("name=\"f.sessions.1.leader\" value=\"张书记\""));
    assert!(fill.contains("name=\"f.other_practices\""));

    // The page's own save (without script) of what it showed, with one answer of the branch.
    let r = open_report(&app, &s.branch1, task, s.org1).await;
    let answers = &r["draft"]["answers"];
    assert_eq!(answers["volunteer_hours"], 8);
    assert_eq!(answers["materials_covered"], "《习近平谈治国理政》第四卷");
    let mut form = posted(answers);
    form.extend([
        (
            "f.other_practices".to_owned(),
            "开展读书分享会。".to_owned(),
        ),
        ("period".to_owned(), "once".to_owned()),
        ("based_on".to_owned(), r["saves"].to_string()),
        ("intent".to_owned(), "draft".to_owned()),
        ("csrf_token".to_owned(), csrf_in(&fill)),
    ]);
    let saved = branch
        .post(app.url(&here))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let after = open_report(&app, &s.branch1, task, s.org1).await;
    assert_eq!(
        after["draft"]["answers"]["other_practices"],
        "开展读书分享会。"
    );
    assert_eq!(
        from_records(&after).len(),
        9,
        "every sourced field is still the records': {after}"
    );
    // A field changed on the page is the branch's own, and says so.
    let mut form = posted(&after["draft"]["answers"]);
    form.retain(|(k, _)| k != "f.volunteer_hours");
    form.extend([
        ("f.volunteer_hours".to_owned(), "10".to_owned()),
        ("period".to_owned(), "once".to_owned()),
        ("based_on".to_owned(), after["saves"].to_string()),
        ("intent".to_owned(), "draft".to_owned()),
        ("csrf_token".to_owned(), csrf_in(&fill)),
    ]);
    let saved = branch
        .post(app.url(&here))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, fill) = page(&branch, &app, &here).await;
    assert!(fill.contains("已修改：此项不再随记录更新。"), "{fill}");
    let after = open_report(&app, &s.branch1, task, s.org1).await;
    assert_eq!(after["draft"]["answers"]["volunteer_hours"], 10);
    assert!(!from_records(&after).contains(&"volunteer_hours"));
}
