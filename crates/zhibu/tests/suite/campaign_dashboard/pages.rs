//! The pages: the dashboard's table with its drill-down links and breadcrumbs, the figures
//! embedded for the charts (escaped JSON), ECharts and the chart script served from the
//! binary; a branch's page with its to-do list; the workbook, read back, and its audit event.

use super::*;
use crate::campaign_support::link_activity;

/// The JSON embedded in a page for its charts.
fn embedded(html: &str) -> Value {
    let start = html
        .find(r#"<script type="application/json" id="dashboard-data">"#)
        .expect("the chart data");
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</script>").unwrap();
    serde_json::from_str(&rest[open..close]).unwrap()
}

/// The sheets of a workbook: (name, rows of cell text).
fn read_xlsx(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("a real xlsx");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

#[tokio::test]
async fn the_dashboard_pages_show_tables_charts_and_a_workbook_that_opens() {
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
    let m = members_of(&app, t.org1).await;
    mark(
        &app,
        &t.branch1,
        a,
        json!([{"member_id": m[0], "mark": "present"}]),
    )
    .await;
    // An org name that would close the data element if it were not escaped.
    let (s, v) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/orgs/{}", t.general),
        &t.admin,
        Some(json!({"name": "第一总支</script><b>"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    app.login_ok("admin").await;
    let (s, html) = app.get_text(&format!("/campaigns/{c}/dashboard")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains(r#"id="dashboard-table""#));
    assert!(html.contains(&format!(r#"href="/campaigns/{c}/branches/{}""#, t.org1)));
    assert!(html.contains(&format!(
        r#"href="/campaigns/{c}/dashboard?under={}""#,
        t.general
    )));
    assert!(html.contains(r#"<script src="/static/echarts-6.1.0.min.js" defer></script>"#));
    assert!(html.contains(r#"<script src="/static/campaign_dashboard.js" defer></script>"#));
    assert!(
        !html.contains("第一总支</script>"),
        "the name is escaped everywhere"
    );
    let data = embedded(&html);
    let rows = data["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 13);
    assert!(rows.contains(&json!("第一总支</script><b>")));
    let i = rows
        .iter()
        .position(|r| r == "重庆市机械工程学会党支部")
        .unwrap();
    let theme_day = data["held"]["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "主题党日")
        .unwrap();
    assert_eq!(theme_day["values"][i], 1);
    assert_eq!(data["materials"]["values"][0], 1);

    // Drill down: breadcrumbs back to the committee.
    let (s, html) = app
        .get_text(&format!("/campaigns/{c}/dashboard?under={}", t.general))
        .await;
    assert_eq!(s, StatusCode::OK);
    let committee = t.committee;
    assert!(
        html.contains(&format!(
            r#"href="/campaigns/{c}/dashboard?under={committee}""#
        )),
        "{html}"
    );
    assert!(html.contains(r#"aria-current="page""#));
    let (s, _) = app
        .get_text(&format!("/campaigns/{c}/dashboard?under=x"))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // The branch page: its to-do list and sessions.
    let (s, html) = app
        .get_text(&format!("/campaigns/{c}/branches/{}", t.org1))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(r#"id="todo-list""#));
    assert!(html.contains(&format!(r#"href="/activities/{a}""#)));

    // Served from the binary, no CDN; ECharts under its version for a year.
    let r = app.get("/static/echarts-6.1.0.min.js").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(r.text().await.unwrap().contains("Apache ECharts"));
    let r = app.get("/static/campaign_dashboard.js").await;
    assert_eq!(r.status(), StatusCode::OK);

    // The workbook: the level above, the level shown, every branch, the materials.
    let r = app
        .get(&format!(
            "/campaigns/{c}/dashboard.xlsx?under={}",
            t.general
        ))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let sheets = read_xlsx(&r.bytes().await.unwrap());
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(
        names[2].ends_with("全部支部") && names[3].ends_with("学习材料"),
        "{names:?}"
    );
    // The committee's level: a title, the header, 13 rows and the total of 14 branches.
    let top = &sheets[0].1;
    assert_eq!(top.len(), 1 + 1 + 13 + 1);
    let last = top.last().unwrap();
    assert_eq!((last[1].as_str(), last[2].as_str()), ("合计", "14"));
    // Every branch of the 总支 with the orgs above it.
    let branches = &sheets[2].1;
    assert_eq!(branches.len(), 2 + 2);
    assert!(branches[2][1].contains("第一总支"), "{branches:?}");
    let r = app.get(&format!("/campaigns/{c}/dashboard.xlsx")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(read_xlsx(&r.bytes().await.unwrap()).len(), 3);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'campaign.export'"
        )
        .await,
        2
    );
}
