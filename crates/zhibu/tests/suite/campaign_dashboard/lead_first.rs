//! 先学领学 at its edges, through the roster API and the real clock of the server: study on
//! the day of the session counts, a material with chapters needs every chapter, and a
//! secretary who changed mid-campaign is judged as of the session's day — before and after.

use super::*;
use crate::campaign_support::link_activity;

/// The 先学领学 line of `material` in a branch answer.
fn lead(b: &Value, material: i64) -> &Value {
    b["lead_first"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["material_id"] == material)
        .unwrap()
}

/// `(name, studied_first)` of each leader judged, by name.
fn leaders(l: &Value) -> Vec<(String, bool)> {
    let mut v: Vec<(String, bool)> = l["leaders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["name"].as_str().unwrap().to_owned(),
                x["studied_first"].as_bool().unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

async fn name(app: &TestApp, member: i64) -> String {
    let db = app.db().await;
    let n: String = sqlx::query_scalar("SELECT name FROM members WHERE id = $1")
        .bind(member)
        .fetch_one(db.read())
        .await
        .unwrap();
    db.close().await;
    n
}

#[tokio::test]
async fn leaders_are_judged_as_of_the_first_session_day_chapter_by_chapter_same_day_included() {
    let app = crate::helpers::spawn().await;
    let t = tree(&app).await;
    let (c, [speech, book, article]) = campaign(&app, &t.admin).await;
    let m = members_of(&app, t.org1).await;
    // The demo gives branch 1 a secretary and three 支委 (m[0..4]). Before any session only
    // the secretary (m0) and the 组织委员 (m1) lead.
    app.clock.set(noon(2022, 8, 10));
    set_positions(&app, &t.admin, m[2], &[]).await;
    set_positions(&app, &t.admin, m[3], &[]).await;

    // The speech: m0 studies it on the session's day, m1 the day before — done.
    log_study(&app, c, m[0], Some((speech, None)), "2022-08-20", 30).await;
    log_study(&app, c, m[1], Some((speech, None)), "2022-08-19", 30).await;
    // The book (3 chapters): m0 every chapter, m1 two of three — not done.
    for ch in 0..3 {
        log_study(&app, c, m[0], Some((book, Some(ch))), "2022-08-21", 20).await;
    }
    for ch in 0..2 {
        log_study(&app, c, m[1], Some((book, Some(ch))), "2022-08-21", 20).await;
    }
    app.clock.set(noon(2022, 8, 25));
    let a = record(
        &app,
        &t.branch1,
        t.org1,
        "theme_day",
        "2022-08-20T19:00:00+08:00",
    )
    .await;
    link_activity(&app, &t.branch1, a, c, &[(speech, None)]).await;
    let b = record(
        &app,
        &t.branch1,
        t.org1,
        "seminar",
        "2022-08-22T09:00:00+08:00",
    )
    .await;
    link_activity(&app, &t.branch1, b, c, &[(book, Some(0))]).await;

    let (s, v) = branch(&app, &t.branch1, c, t.org1).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (n0, n1, n4) = (
        name(&app, m[0]).await,
        name(&app, m[1]).await,
        name(&app, m[4]).await,
    );
    let l = lead(&v, speech);
    assert_eq!(l["done"], true, "{l}");
    assert_eq!(l["first_session"]["date"], "2022-08-20");
    assert_eq!(l["first_session"]["leader"], "王领学");
    assert_eq!(leaders(l), {
        let mut x = vec![(n0.clone(), true), (n1.clone(), true)];
        x.sort();
        x
    });
    let l = lead(&v, book);
    assert_eq!(l["done"], false, "one chapter short: {l}");
    assert!(leaders(l).contains(&(n1.clone(), false)), "{l}");
    assert!(leaders(l).contains(&(n0.clone(), true)), "{l}");
    assert_eq!(lead(&v, article)["first_session"], Value::Null);
    assert_eq!(v["figures"]["lead_first_done"], 1);
    // The to-do list names who had not studied the book first.
    let gaps = v["todo"]["lead_first"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{v}");
    assert_eq!(gaps[0]["material_id"], book);
    assert_eq!(gaps[0]["not_studied"], json!([n1.clone()]));

    // Mid-campaign the secretary changes: m4 takes over from m0 before the article's session.
    app.clock.set(noon(2022, 8, 30));
    set_positions(&app, &t.admin, m[0], &[]).await;
    set_positions(&app, &t.admin, m[4], &["secretary"]).await;
    log_study(&app, c, m[4], Some((article, None)), "2022-09-01", 40).await;
    log_study(&app, c, m[1], Some((article, None)), "2022-09-02", 40).await;
    app.clock.set(noon(2022, 9, 6));
    let d = record(
        &app,
        &t.branch1,
        t.org1,
        "party_lecture",
        "2022-09-05T15:00:00+08:00",
    )
    .await;
    link_activity(&app, &t.branch1, d, c, &[(article, None)]).await;
    // …and after it, m0 is secretary again and m4 steps down.
    app.clock.set(noon(2022, 9, 10));
    set_positions(&app, &t.admin, m[4], &[]).await;
    set_positions(&app, &t.admin, m[0], &["secretary"]).await;

    let (_, v) = branch(&app, &t.branch1, c, t.org1).await;
    // The article: judged with those leading on 9月5日 (m1, m4), both studied — done, though
    // m0, secretary today, never studied it.
    let l = lead(&v, article);
    assert_eq!(l["done"], true, "{l}");
    assert_eq!(leaders(l), {
        let mut x = vec![(n1.clone(), true), (n4.clone(), true)];
        x.sort();
        x
    });
    // The speech stays judged with those of 8月20日.
    assert_eq!(lead(&v, speech)["done"], true);
    assert_eq!(v["figures"]["lead_first_done"], 2);
    // The dashboard, kept across those roster changes, says the same.
    let (_, dash) = dashboard(&app, &t.admin, c, None).await;
    assert_eq!(row(&dash, t.org1)["figures"]["lead_first_done"], 2);
    assert_eq!(row(&dash, t.org1)["figures"], v["figures"]);
}

#[tokio::test]
async fn the_to_do_list_shrinks_as_the_branch_does_what_the_campaign_asks() {
    let app = crate::helpers::spawn().await;
    let t = tree(&app).await;
    let (c, [speech, book, article]) = campaign(&app, &t.admin).await;
    let task = crate::tasks_api_support::assign(&app, &t.admin, &[t.org1, t.org2]).await;
    let db = app.db().await;
    sqlx::query("INSERT INTO campaign_tasks (campaign_id, task_id) VALUES ($1, $2)")
        .bind(c)
        .bind(task)
        .execute(db.read())
        .await
        .unwrap();
    db.close().await;
    let todo = |v: &Value| v["todo"].clone();
    let (s, v) = branch(&app, &t.branch1, c, t.org1).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let list = todo(&v);
    assert_eq!(
        list["requirements"],
        json!([{"kind": "theme_day", "count": 1, "held": 0, "met": false, "note": "围绕主题"}])
    );
    let unstudied: Vec<i64> = list["unstudied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["material_id"].as_i64().unwrap())
        .collect();
    assert_eq!(unstudied, vec![speech, book, article]);
    assert_eq!(list["reports"].as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list["reports"][0]["task_id"], task);
    assert_eq!(list["reports"][0]["state"], "not_started");
    assert_eq!(list["ends_on"], "2022-10-15");

    // A 主题党日 on the speech: the requirement is met, the speech studied.
    let a = record(
        &app,
        &t.branch1,
        t.org1,
        "theme_day",
        "2022-08-20T14:00:00+08:00",
    )
    .await;
    link_activity(&app, &t.branch1, a, c, &[(speech, None), (book, Some(1))]).await;
    let (_, v) = branch(&app, &t.branch1, c, t.org1).await;
    let list = todo(&v);
    assert_eq!(list["requirements"], json!([]));
    let unstudied: Vec<i64> = list["unstudied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["material_id"].as_i64().unwrap())
        .collect();
    assert_eq!(unstudied, vec![article]);
    // Nobody studied first: both materials studied in the session are gaps.
    assert_eq!(list["lead_first"].as_array().unwrap().len(), 2);

    // The report handed in leaves the list.
    let path = format!("/api/v1/tasks/{task}/submissions/{}", t.org1);
    let (s, current) = send(&app, Method::GET, &path, &t.branch1, None).await;
    assert_eq!(s, StatusCode::OK, "{current}");
    let (s, v) = send(
        &app,
        Method::PUT,
        &path,
        &t.branch1,
        Some(json!({
        "answers": {"summary": "已组织学习"}, "submit": true, "based_on": current["saves"]})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, v) = branch(&app, &t.branch1, c, t.org1).await;
    assert_eq!(todo(&v)["reports"], json!([]));
    // Branch 2 still owes it.
    let (_, v) = branch(&app, &t.branch2, c, t.org2).await;
    assert_eq!(todo(&v)["reports"].as_array().unwrap().len(), 1);
}
