//! Study campaigns through the JSON API, against the real server: a committee writes one as a
//! draft (invisible to branches), opens it, edits it (every version kept, stale edits
//! refused), keeps its materials (chapters never taken out), closes it; a branch puts its
//! activities in it with the materials they studied; nobody outside reaches any of it.

use crate::campaign_support::{campaign_body, committee_org, link_activity, open_campaign};
use crate::helpers::{TestApp, branch_org, scalar, send, spawn};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

fn field(v: &Value) -> &str {
    v["error"]["problems"][0]["field"].as_str().unwrap_or("")
}

async fn call(
    app: &TestApp,
    m: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    send(app, m, path, token, body).await
}

#[tokio::test]
async fn a_campaign_is_written_as_a_draft_opened_edited_with_versions_and_closed() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let branch1 = app.token_ok("branch1").await;
    let body = campaign_body(&app, ("2022-08-05", "2022-10-15")).await;
    let (status, c) = call(
        &app,
        Method::POST,
        "/api/v1/campaigns",
        &admin,
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    let id = c["id"].as_i64().unwrap();
    assert_eq!(c["state"], "draft");
    assert_eq!(c["version"], 1);
    assert_eq!(c["materials"].as_array().unwrap().len(), 2);
    assert_eq!(c["materials"][1]["chapters"].as_array().unwrap().len(), 3);
    assert_eq!(c["orgs"][0]["id"], committee_org(&app).await);
    // A draft is the committee's alone.
    let (status, _) = call(
        &app,
        Method::GET,
        &format!("/api/v1/campaigns/{id}"),
        &branch1,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = call(&app, Method::GET, "/api/v1/campaigns", &branch1, None).await;
    assert!(list["campaigns"].as_array().unwrap().is_empty(), "{list}");

    let (status, opened) = call(
        &app,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/open"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(opened["state"], "open");
    let (status, seen) = call(
        &app,
        Method::GET,
        &format!("/api/v1/campaigns/{id}"),
        &branch1,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    assert_eq!(seen["manages"], false);
    let (_, list) = call(&app, Method::GET, "/api/v1/campaigns", &branch1, None).await;
    assert_eq!(list["campaigns"][0]["id"], id);
    // Opening twice is refused; a branch cannot edit.
    let (status, again) = call(
        &app,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/open"),
        &admin,
        None,
    )
    .await;
    assert_eq!(
        (status, code(&again)),
        (StatusCode::UNPROCESSABLE_ENTITY, "not_allowed_now")
    );
    let mut edit = body.clone();
    edit["version"] = json!(1);
    edit["theme"] = json!("喜迎二十大");
    let (status, _) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/campaigns/{id}"),
        &branch1,
        Some(edit.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, edited) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/campaigns/{id}"),
        &admin,
        Some(edit.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(
        (edited["theme"].as_str(), edited["version"].as_i64()),
        (Some("喜迎二十大"), Some(2))
    );
    // The same stale version again: 409, nothing saved.
    let (status, stale) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/campaigns/{id}"),
        &admin,
        Some(edit),
    )
    .await;
    assert_eq!(
        (status, code(&stale)),
        (StatusCode::CONFLICT, "stale_version")
    );
    let (_, versions) = call(
        &app,
        Method::GET,
        &format!("/api/v1/campaigns/{id}/versions"),
        &admin,
        None,
    )
    .await;
    let v = versions["versions"].as_array().unwrap();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["content"]["theme"], "喜迎二十大、奋进新征程");
    assert_eq!(v[1]["content"]["theme"], "喜迎二十大");

    let (status, closed) = call(
        &app,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/close"),
        &admin,
        None,
    )
    .await;
    assert_eq!(
        (status, closed["state"].as_str()),
        (StatusCode::OK, Some("closed"))
    );
    let mut late = body;
    late["version"] = json!(2);
    let (status, refused) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/campaigns/{id}"),
        &admin,
        Some(late),
    )
    .await;
    assert_eq!(
        (status, code(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "not_allowed_now")
    );
    let events = scalar(&app, &format!("SELECT COUNT(*) FROM audit_events WHERE object_type = 'campaign' AND object_id = '{id}' AND action LIKE 'campaign.%'")).await;
    assert_eq!(events, 4, "create, open, edit, close");
}

#[tokio::test]
async fn bad_headings_and_materials_are_refused_with_their_field_and_nothing_is_saved() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let base = campaign_body(&app, ("2022-08-05", "2022-10-15")).await;
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({"theme": " "}), "theme_required", "theme"),
        (
            json!({"ends_on": "2022-08-01"}),
            "end_before_start",
            "ends_on",
        ),
        (
            json!({"starts_on": "2022-13-01"}),
            "invalid_date",
            "starts_on",
        ),
        (
            json!({"requirements": [{"kind": "no_such", "count": 1}]}),
            "unknown_kind",
            "requirements",
        ),
        (
            json!({"requirements": [{"kind": "theme_day", "count": 0}]}),
            "invalid_count",
            "requirements",
        ),
        (
            json!({"materials": [{"kind": "book", "title": ""}]}),
            "title_required",
            "title",
        ),
        (
            json!({"materials": [{"kind": "poem", "title": "x"}]}),
            "invalid_material_kind",
            "kind",
        ),
        (
            json!({"materials": [{"kind": "video", "title": "x", "link": "javascript:alert(1)"}]}),
            "invalid_link",
            "link",
        ),
    ];
    for (over, want, want_field) in cases {
        let mut body = base.clone();
        for (k, v) in over.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, e) = call(&app, Method::POST, "/api/v1/campaigns", &admin, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{over}: {e}");
        assert_eq!((code(&e), field(&e)), (want, want_field), "{over}: {e}");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM campaigns").await, 0);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM campaign_materials").await,
        0
    );
    // An org outside the committee's reach: 404 (a branch admin runs no campaigns at all).
    let branch1 = app.token_ok("branch1").await;
    let mut body = base.clone();
    body["org_id"] = json!(branch_org(&app, 1).await);
    let (status, _) = call(
        &app,
        Method::POST,
        "/api/v1/campaigns",
        &branch1,
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn materials_keep_their_chapters_and_removal_is_a_state() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let c = open_campaign(
        &app,
        &admin,
        campaign_body(&app, ("2022-08-05", "2022-10-15")).await,
    )
    .await;
    let id = c["id"].as_i64().unwrap();
    let book = c["materials"][1]["id"].as_i64().unwrap();
    let path = format!("/api/v1/campaigns/{id}/materials/{book}");
    let fewer = json!({"kind": "book", "title": "《习近平谈治国理政》第四卷", "chapters": ["一"]});
    let (status, e) = call(&app, Method::PUT, &path, &admin, Some(fewer)).await;
    assert_eq!(
        (status, code(&e), field(&e)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "chapters_kept",
            "chapters"
        )
    );
    let more = json!({"kind": "book", "title": "《习近平谈治国理政》第四卷",
        "chapters": ["一、坚持和加强党的全面领导", "二、坚持以人民为中心", "三、全面深化改革", "四、推动高质量发展"]});
    let (status, c2) = call(&app, Method::PUT, &path, &admin, Some(more)).await;
    assert_eq!(status, StatusCode::OK, "{c2}");
    assert_eq!(c2["materials"][1]["chapters"].as_array().unwrap().len(), 4);
    let (status, added) = call(
        &app,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/materials"),
        &admin,
        Some(json!({"kind": "article", "title": "《习近平经济思想学习纲要》"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["materials"].as_array().unwrap().len(), 3);
    let (status, removed) = call(&app, Method::DELETE, &path, &admin, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(removed["materials"].as_array().unwrap().len(), 2);
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM campaign_materials WHERE id = {book} AND removed_at IS NOT NULL")).await, 1);
    // Removed twice: nothing more happens (no second event); another campaign's id is 404.
    let (status, _) = call(&app, Method::DELETE, &path, &admin, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'campaign.material.remove'"
        )
        .await,
        1
    );
    let (status, _) = call(
        &app,
        Method::DELETE,
        &format!("/api/v1/campaigns/{id}/materials/999999"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_branch_puts_its_activity_in_the_campaign_with_what_it_studied_and_no_one_else_can() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let branch1 = app.token_ok("branch1").await;
    let branch2 = app.token_ok("branch2").await;
    let org1 = branch_org(&app, 1).await;
    let org2 = branch_org(&app, 2).await;
    // Only branch 1 takes part.
    let mut body = campaign_body(&app, ("2022-08-05", "2022-10-15")).await;
    body["org_ids"] = json!([org1]);
    let c = open_campaign(&app, &admin, body).await;
    let id = c["id"].as_i64().unwrap();
    let speech = c["materials"][0]["id"].as_i64().unwrap();
    let book = c["materials"][1]["id"].as_i64().unwrap();
    let add = |org: i64, token: String| {
        let app = &app;
        async move {
            let (s, a) = send(app, Method::POST, "/api/v1/activities", &token, Some(json!({
                "org_id": org, "mode": "record", "kind": "theme_day", "title": "主题党日：学习7.26讲话",
                "starts_at": "2022-08-20T14:00:00+08:00", "leader": "张书记"}))).await;
            assert_eq!(s, StatusCode::CREATED, "{a}");
            a["id"].as_i64().unwrap()
        }
    };
    let a1 = add(org1, branch1.clone()).await;
    let a2 = add(org2, branch2.clone()).await;
    link_activity(&app, &branch1, a1, id, &[(speech, None), (book, Some(2))]).await;
    let (_, linked) = call(
        &app,
        Method::GET,
        &format!("/api/v1/activities/{a1}/campaign"),
        &branch1,
        None,
    )
    .await;
    assert_eq!(
        linked,
        json!({"campaign_id": id, "materials": [
        {"material_id": speech, "chapter": null}, {"material_id": book, "chapter": 2}]})
    );
    // A chapter the book does not have, a material of no campaign: refused, nothing changed.
    let path = format!("/api/v1/activities/{a1}/campaign");
    let (status, e) = call(
        &app,
        Method::PUT,
        &path,
        &branch1,
        Some(json!({"campaign_id": id, "materials": [{"material_id": book, "chapter": 3}]})),
    )
    .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "unknown_chapter")
    );
    let (status, e) = call(
        &app,
        Method::PUT,
        &path,
        &branch1,
        Some(json!({"campaign_id": id, "materials": [{"material_id": 999_999, "chapter": null}]})),
    )
    .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "unknown_material")
    );
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT COUNT(*) FROM campaign_sessions WHERE activity_id = {a1}")
        )
        .await,
        2
    );
    // Branch 2 does not take part: the campaign is not there for it; nor is branch 1's activity.
    let (status, _) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/activities/{a2}/campaign"),
        &branch2,
        Some(json!({"campaign_id": id, "materials": []})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &app,
        Method::PUT,
        &path,
        &branch2,
        Some(json!({"campaign_id": null})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &app,
        Method::GET,
        &format!("/api/v1/campaigns/{id}"),
        &branch2,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Out of the campaign again; a closed campaign takes no more sessions.
    let (status, out) = call(
        &app,
        Method::PUT,
        &path,
        &branch1,
        Some(json!({"campaign_id": null})),
    )
    .await;
    assert_eq!(
        (status, out["campaign_id"].clone()),
        (StatusCode::OK, Value::Null)
    );
    call(
        &app,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/close"),
        &admin,
        None,
    )
    .await;
    let (status, e) = call(
        &app,
        Method::PUT,
        &path,
        &branch1,
        Some(json!({"campaign_id": id, "materials": []})),
    )
    .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "campaign_not_open")
    );
    let linked_events = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'activity.campaign'",
    )
    .await;
    assert_eq!(linked_events, 2);
}
