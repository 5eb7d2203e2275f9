//! Setting up study campaigns through the API, for the tests of campaigns, study, the
//! dashboard and the report that fills itself.

use crate::helpers::{TestApp, scalar, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The committee at the root of the tree.
pub async fn committee_org(app: &TestApp) -> i64 {
    scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await
}

/// A campaign body for the committee with two materials (a speech, a book of 3 chapters) and
/// one required 主题党日, over `period` (start, end); merge your own fields over it.
pub async fn campaign_body(app: &TestApp, period: (&str, &str)) -> Value {
    json!({
        "org_id": committee_org(app).await,
        "theme": "喜迎二十大、奋进新征程",
        "starts_on": period.0,
        "ends_on": period.1,
        "description": "集中学习践行习近平有关著作和重要讲话精神。",
        "requirements": [{"kind": "theme_day", "count": 1, "note": "围绕主题"}],
        "org_ids": [],
        "materials": [
            {"kind": "speech", "title": "习近平总书记7.26重要讲话", "link": "", "chapters": []},
            {"kind": "book", "title": "《习近平谈治国理政》第四卷", "link": "",
             "chapters": ["一、坚持和加强党的全面领导", "二、坚持以人民为中心", "三、全面深化改革"]}
        ]
    })
}

/// Creates the campaign `body` through the API as `token`, opens it, and answers its view.
pub async fn open_campaign(app: &TestApp, token: &str, body: Value) -> Value {
    let (status, created) = send(app, Method::POST, "/api/v1/campaigns", token, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (status, opened) = send(
        app,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/open"),
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{opened}");
    opened
}

/// Puts activity `activity` in campaign `campaign` with the materials it studied
/// (`(material_id, chapter)`, chapter `None` for the whole material).
pub async fn link_activity(
    app: &TestApp,
    token: &str,
    activity: i64,
    campaign: i64,
    materials: &[(i64, Option<usize>)],
) {
    let materials: Vec<Value> = materials
        .iter()
        .map(|(m, c)| json!({"material_id": m, "chapter": c}))
        .collect();
    let (status, linked) = send(
        app,
        Method::PUT,
        &format!("/api/v1/activities/{activity}/campaign"),
        token,
        Some(json!({"campaign_id": campaign, "materials": materials})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{linked}");
}
