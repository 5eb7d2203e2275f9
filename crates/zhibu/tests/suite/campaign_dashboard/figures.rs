//! The figures, exactly: per branch, rolled up across a 总支 and over the committee, with
//! drill-down — and still exact after records change once the dashboard has kept them.

use super::*;
use crate::campaign_support::link_activity;

/// The figures of one answer as the numbers compared.
fn held(f: &Value) -> Value {
    f["held_by_kind"].clone()
}

#[tokio::test]
async fn the_dashboard_counts_exactly_rolls_up_a_general_branch_and_stays_exact_as_records_change()
{
    let app = crate::helpers::spawn().await;
    let t = tree(&app).await;
    let branch3 = app.token_ok("branch3").await;
    let (c, [speech, book, article]) = campaign(&app, &t.admin).await;
    let (m1, m2, m3) = (
        members_of(&app, t.org1).await,
        members_of(&app, t.org2).await,
        members_of(&app, t.org3).await,
    );
    let (n1, n2, n3) = (m1.len() as i64, m2.len() as i64, m3.len() as i64);

    // Branch 1: a 主题党日 on the speech, a 科普活动 on the book's first chapter.
    let a1 = record(
        &app,
        &t.branch1,
        t.org1,
        "theme_day",
        "2022-08-20T14:00:00+08:00",
    )
    .await;
    link_activity(&app, &t.branch1, a1, c, &[(speech, None)]).await;
    mark(
        &app,
        &t.branch1,
        a1,
        json!([
        {"member_id": m1[0], "mark": "present", "hours": 2.0},
        {"member_id": m1[1], "mark": "present"},
        {"member_id": m1[2], "mark": "leave", "reason": "出差"}]),
    )
    .await;
    let a2 = record(
        &app,
        &t.branch1,
        t.org1,
        "science_outreach",
        "2022-08-27T09:00:00+08:00",
    )
    .await;
    link_activity(&app, &t.branch1, a2, c, &[(book, Some(0))]).await;
    mark(
        &app,
        &t.branch1,
        a2,
        json!([
        {"member_id": m1[0], "mark": "present"},
        {"member_id": m1[3], "mark": "present", "hours": 1.5}]),
    )
    .await;
    // A planned activity in the campaign is not counted.
    let (s, planned) = send(
        &app,
        Method::POST,
        "/api/v1/activities",
        &t.branch1,
        Some(json!({
        "org_id": t.org1, "mode": "plan", "kind": "theme_day", "title": "九月主题党日",
        "starts_at": "2030-09-20T14:00:00+08:00"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{planned}");
    link_activity(
        &app,
        &t.branch1,
        planned["id"].as_i64().unwrap(),
        c,
        &[(article, None)],
    )
    .await;
    // The 总支's branches: a 党课 on the book in branch 2, a 主题党日 on nothing in branch 3.
    let a3 = record(
        &app,
        &t.branch2,
        t.org2,
        "party_lecture",
        "2022-08-22T15:00:00+08:00",
    )
    .await;
    link_activity(&app, &t.branch2, a3, c, &[(book, Some(0))]).await;
    mark(
        &app,
        &t.branch2,
        a3,
        json!([{"member_id": m2[0], "mark": "present"}]),
    )
    .await;
    let a4 = record(
        &app,
        &branch3,
        t.org3,
        "theme_day",
        "2022-08-23T15:00:00+08:00",
    )
    .await;
    link_activity(&app, &branch3, a4, c, &[]).await;
    mark(
        &app,
        &branch3,
        a4,
        json!([{"member_id": m3[1], "mark": "present"}]),
    )
    .await;
    // Self-study: the speech whole, a chapter of the book, online study tied to no material.
    log_study(&app, c, m1[5], Some((speech, None)), "2022-08-19", 30).await;
    log_study(&app, c, m2[4], Some((book, Some(1))), "2022-08-21", 45).await;
    log_study(&app, c, m1[0], None, "2022-08-25", 20).await;
    // Through the study API: member1 (an ordinary member of branch 1) studies the article and
    // writes a reflection, which the branch features.
    let member1 = app.token_ok("member1").await;
    let me = scalar(
        &app,
        "SELECT member_id FROM accounts WHERE username = 'member1'",
    )
    .await;
    assert!(![m1[0], m1[1], m1[3], m1[5], m1[6]].contains(&me));
    let (s, v) = send(
        &app,
        Method::POST,
        &format!("/api/v1/campaigns/{c}/study-logs"),
        &member1,
        Some(json!({"material_id": article, "day": "2022-08-26", "minutes": 25})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, r) = send(&app, Method::POST, &format!("/api/v1/campaigns/{c}/reflections"), &member1,
        Some(json!({"material_id": article, "title": "学习《学习纲要》的体会", "body": "联系实际，学以致用。"}))).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let (s, v) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/reflections/{}/feature", r["id"]),
        &t.branch1,
        Some(json!({"featured": true})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    let (s, d) = dashboard(&app, &t.admin, c, None).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    // One org at the top (the committee): its children are the rows, the 总支 among them.
    assert_eq!(d["under"]["org_id"], t.committee);
    assert_eq!(d["rows"].as_array().unwrap().len(), 13, "{d}");
    let b1 = &row(&d, t.org1)["figures"];
    assert_eq!(row(&d, t.org1)["is_branch"], true);
    assert_eq!(held(b1), json!({"science_outreach": 1, "theme_day": 1}));
    assert_eq!(
        (
            b1["held"].as_i64(),
            b1["expected"].as_i64(),
            b1["present"].as_i64()
        ),
        (Some(2), Some(2 * n1), Some(4))
    );
    let rate = (4000.0 / (2 * n1) as f64).round() / 10.0;
    assert_eq!(b1["attendance_rate"].as_f64(), Some(rate));
    assert_eq!(b1["volunteer_minutes"], 210);
    assert_eq!(b1["science_events"], 1);
    assert_eq!(b1["materials_covered"], 2);
    assert_eq!(
        b1["lead_first_done"], 0,
        "no leader of branch 1 studied first"
    );
    assert_eq!(b1["members"], n1);
    assert_eq!(
        b1["studied_by_material"],
        json!({speech.to_string(): 3, book.to_string(): 2, article.to_string(): 1})
    );
    assert_eq!(b1["members_studying"], 5);
    assert_eq!(b1["study_minutes"], 75);
    assert_eq!(
        (b1["reflections"].as_i64(), b1["featured"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(b1["requirements_met"], 1);

    let g = row(&d, t.general);
    assert_eq!(g["is_branch"], false);
    let g = &g["figures"];
    assert_eq!(g["branches"], 2);
    assert_eq!(held(g), json!({"party_lecture": 1, "theme_day": 1}));
    assert_eq!(
        (g["expected"].as_i64(), g["present"].as_i64()),
        (Some(n2 + n3), Some(2))
    );
    assert_eq!(g["materials_covered"], 1);
    assert_eq!(g["members"], n2 + n3);
    assert_eq!(g["studied_by_material"], json!({book.to_string(): 2}));
    assert_eq!(g["members_studying"], 3);
    assert_eq!(g["study_minutes"], 45);
    assert_eq!(
        g["requirements_met"], 1,
        "branch 3 held its 主题党日, branch 2 did not"
    );

    let total = &d["totals"];
    assert_eq!(total["branches"], 14);
    assert_eq!(total["held"], 4);
    assert_eq!(total["requirements_met"], 2);
    assert_eq!(total["present"], 6);
    assert_eq!(total["volunteer_minutes"], 210);
    assert_eq!(
        total["studied_by_material"],
        json!({speech.to_string(): 3, book.to_string(): 4, article.to_string(): 1})
    );
    assert_eq!(total["reflections"], 1);
    let studied = |id: i64| {
        d["materials"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap()["studied"]
            .clone()
    };
    assert_eq!(
        (studied(speech), studied(book), studied(article)),
        (json!(3), json!(4), json!(1))
    );
    assert_eq!(
        d["kinds"],
        json!(["party_lecture", "theme_day", "science_outreach"])
    );

    // Drill down into the 总支: its two branches, its figures as the totals.
    let (s, down) = dashboard(&app, &t.admin, c, Some(t.general)).await;
    assert_eq!(s, StatusCode::OK, "{down}");
    let ids: Vec<i64> = down["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["org_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![t.org2, t.org3]);
    assert_eq!(down["totals"], row(&d, t.general)["figures"]);
    let trail: Vec<i64> = down["trail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["org_id"].as_i64().unwrap())
        .collect();
    assert_eq!(trail, vec![t.committee, t.general]);
    assert_eq!(
        row(&down, t.org2)["figures"]["held_by_kind"],
        json!({"party_lecture": 1})
    );
    // An org outside the tree is not there.
    let (s, _) = dashboard(&app, &t.admin, c, Some(999_999)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Records change after the figures were kept: attendance, a session taken out of the
    // campaign, a study entry withdrawn, a member moving branch.
    mark(
        &app,
        &t.branch2,
        a3,
        json!([{"member_id": m2[1], "mark": "present"}]),
    )
    .await;
    let (s, v) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/activities/{a2}/campaign"),
        &t.branch1,
        Some(json!({"campaign_id": null, "materials": []})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let db = app.db().await;
    sqlx::query(
        "UPDATE study_logs SET withdrawn_at = 1, withdrawn_by = created_by WHERE member_id = $1",
    )
    .bind(m2[4])
    .execute(db.read())
    .await
    .unwrap();
    db.close().await;
    let (s, v) = send(
        &app,
        Method::POST,
        &format!("/api/v1/members/{}/transfer", m1[6]),
        &t.admin,
        Some(json!({"to_org_id": t.org3, "note": "工作调动"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    let (_, d) = dashboard(&app, &t.admin, c, None).await;
    let b1 = &row(&d, t.org1)["figures"];
    assert_eq!(held(b1), json!({"theme_day": 1}));
    assert_eq!(
        (b1["expected"].as_i64(), b1["present"].as_i64()),
        (Some(n1), Some(2))
    );
    assert_eq!(b1["volunteer_minutes"], 120);
    assert_eq!(b1["members"], n1 - 1);
    assert_eq!(
        b1["studied_by_material"],
        json!({speech.to_string(): 3, article.to_string(): 1})
    );
    let g = &row(&d, t.general)["figures"];
    assert_eq!(g["present"], 3);
    assert_eq!(g["members"], n2 + n3 + 1);
    assert_eq!(g["studied_by_material"], json!({book.to_string(): 2}));
    assert_eq!(g["study_minutes"], 0);
    assert_eq!(d["totals"]["held"], 3);
    // What the dashboard kept equals each branch's figures computed afresh.
    for org in [t.org1, t.org2, t.org3] {
        let (s, b) = branch(&app, &t.admin, c, org).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        let (_, down) = dashboard(&app, &t.admin, c, Some(t.general)).await;
        let kept = if org == t.org1 {
            row(&d, org)
        } else {
            row(&down, org)
        };
        assert_eq!(kept["figures"], b["figures"], "branch {org}");
    }

    // The tree changes: branch 3 leaves the 总支 for the committee. The sums follow.
    let before = d["totals"].clone();
    let (s, v) = send(
        &app,
        Method::POST,
        &format!("/api/v1/orgs/{}/move", t.org3),
        &t.admin,
        Some(json!({"parent_id": t.committee})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, d) = dashboard(&app, &t.admin, c, None).await;
    assert_eq!(d["totals"], before);
    assert_eq!(row(&d, t.general)["figures"]["branches"], 1);
    assert_eq!(
        row(&d, t.org3)["figures"]["held_by_kind"],
        json!({"theme_day": 1})
    );
    // The requirements change: now a 党课 is asked, which only branch 2 held.
    let (s, view) = send(
        &app,
        Method::GET,
        &format!("/api/v1/campaigns/{c}"),
        &t.admin,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{view}");
    let (s, v) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/campaigns/{c}"),
        &t.admin,
        Some(json!({
        "version": view["version"], "theme": view["theme"], "starts_on": view["starts_on"],
        "ends_on": view["ends_on"], "description": view["description"],
        "requirements": [{"kind": "party_lecture", "count": 1, "note": ""}], "org_ids": []})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, d) = dashboard(&app, &t.admin, c, None).await;
    assert_eq!(d["totals"]["requirements_met"], 1);
    assert_eq!(row(&d, t.general)["figures"]["requirements_met"], 1);
    assert_eq!(row(&d, t.org1)["figures"]["requirements_met"], 0);
}

#[tokio::test]
async fn the_background_job_keeps_the_figures_before_anyone_looks() {
    let app = crate::helpers::spawn().await;
    let t = tree(&app).await;
    let (c, [speech, _, _]) = campaign(&app, &t.admin).await;
    let a = record(
        &app,
        &t.branch1,
        t.org1,
        "theme_day",
        "2022-08-20T14:00:00+08:00",
    )
    .await;
    link_activity(&app, &t.branch1, a, c, &[(speech, None)]).await;
    let marks = format!("SELECT COUNT(*) FROM campaign_figure_marks WHERE campaign_id = {c}");
    let kept = format!("SELECT COUNT(*) FROM campaign_figure_rows WHERE campaign_id = {c}");
    assert!(
        scalar(&app, &marks).await > 0,
        "the trigger marked the branch"
    );
    assert_eq!(scalar(&app, &kept).await, 0);

    let db = app.db().await;
    let zone = app::Zone::parse("Asia/Shanghai").unwrap();
    let job = app::App::new(db.clone(), std::sync::Arc::new(app.clock.clone()), zone);
    assert_eq!(app::campaigns::kept::refresh_all(&job).await.unwrap(), 1);
    let open_orgs = scalar(&app, "SELECT COUNT(*) FROM orgs WHERE status = 'open'").await;
    assert_eq!(
        scalar(&app, &kept).await,
        open_orgs,
        "every org of the tree is kept"
    );
    assert_eq!(scalar(&app, &marks).await, 0, "every mark seen is cleared");

    // A change after: marked, then taken in by the next pass.
    let m = members_of(&app, t.org1).await;
    mark(
        &app,
        &t.branch1,
        a,
        json!([{"member_id": m[0], "mark": "present"}]),
    )
    .await;
    assert!(scalar(&app, &marks).await > 0);
    app::campaigns::kept::refresh_all(&job).await.unwrap();
    assert_eq!(scalar(&app, &marks).await, 0);
    db.close().await;
    let (_, d) = dashboard(&app, &t.admin, c, None).await;
    assert_eq!(row(&d, t.org1)["figures"]["present"], 1);
    assert_eq!(d["totals"]["held"], 1);
}
