//! The campaign dashboard through the real server: a campaign, activities linked to its
//! materials with attendance, members' study, and the figures the dashboard, a branch's page
//! and the API show — checked exactly, rolled up across a 总支 with drill-down, kept exact as
//! records change after the figures were first kept; 先学领学 at its edges (same day, every
//! chapter, a secretary changed mid-campaign); the to-do list shrinking; who sees what; the
//! workbook read back. Helpers here; tests by subject.

mod access;
mod browser;
mod figures;
mod lead_first;
mod pages;

use crate::campaign_support::{campaign_body, committee_org, open_campaign};
use crate::helpers::{TestApp, branch_org, scalar, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Noon in Shanghai on a civil day, as the clock takes it.
fn noon(y: i64, m: i64, d: i64) -> domain::Timestamp {
    // Days from 1970-01-01 to y-m-d (the proleptic Gregorian calendar).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    domain::Timestamp(days * 86_400_000 + 4 * 3_600_000)
}

/// The demo's branches 1–3 (2 and 3 moved under a new 总支) and the tokens that matter.
struct Tree {
    admin: String,
    branch1: String,
    branch2: String,
    committee: i64,
    general: i64,
    org1: i64,
    org2: i64,
    org3: i64,
}

/// Makes a 总支 under the committee and moves the demo's branches 2 and 3 under it.
async fn tree(app: &TestApp) -> Tree {
    let admin = app.token_ok("admin").await;
    let committee = committee_org(app).await;
    let (s, g) = send(
        app,
        Method::POST,
        "/api/v1/orgs",
        &admin,
        Some(json!({"parent_id": committee, "kind": "general_branch", "name": "科技社团第一总支"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{g}");
    let general = g["id"].as_i64().unwrap();
    let (org2, org3) = (branch_org(app, 2).await, branch_org(app, 3).await);
    for org in [org2, org3] {
        let (s, v) = send(
            app,
            Method::POST,
            &format!("/api/v1/orgs/{org}/move"),
            &admin,
            Some(json!({"parent_id": general})),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
    Tree {
        branch1: app.token_ok("branch1").await,
        branch2: app.token_ok("branch2").await,
        org1: branch_org(app, 1).await,
        admin,
        committee,
        general,
        org2,
        org3,
    }
}

/// An open campaign of the whole committee (2022-08-05 to 2022-10-15) with a speech, a book
/// of 3 chapters and an article, one 主题党日 required: (id, [speech, book, article]).
async fn campaign(app: &TestApp, admin: &str) -> (i64, [i64; 3]) {
    let mut body = campaign_body(app, ("2022-08-05", "2022-10-15")).await;
    body["materials"]
        .as_array_mut()
        .unwrap()
        .push(json!({"kind": "article", "title": "《学习纲要》", "link": "", "chapters": []}));
    let c = open_campaign(app, admin, body).await;
    let m = |i: usize| c["materials"][i]["id"].as_i64().unwrap();
    (c["id"].as_i64().unwrap(), [m(0), m(1), m(2)])
}

/// The active members of `org`, by id.
async fn members_of(app: &TestApp, org: i64) -> Vec<i64> {
    let db = app.db().await;
    let ids = sqlx::query_scalar(
        "SELECT id FROM members WHERE org_id = $1 AND status = 'active' ORDER BY id",
    )
    .bind(org)
    .fetch_all(db.read())
    .await
    .unwrap();
    db.close().await;
    ids
}

/// Records a held activity of `kind` for `org` at `starts_at` led by `leader`; its id.
async fn record(app: &TestApp, token: &str, org: i64, kind: &str, starts_at: &str) -> i64 {
    let (s, a) = send(
        app,
        Method::POST,
        "/api/v1/activities",
        token,
        Some(json!({"org_id": org, "mode": "record", "kind": kind,
            "title": format!("{kind} {starts_at}"), "starts_at": starts_at, "leader": "王领学"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    a["id"].as_i64().unwrap()
}

/// Sets attendance marks on an activity.
async fn mark(app: &TestApp, token: &str, activity: i64, marks: Value) {
    let (s, v) = send(
        app,
        Method::PUT,
        &format!("/api/v1/activities/{activity}/attendance"),
        token,
        Some(json!({ "marks": marks })),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

/// A member's self-study entry, written to the store as the study pages would (the study
/// routes are another part of the campaign work).
async fn log_study(
    app: &TestApp,
    campaign: i64,
    member: i64,
    material: Option<(i64, Option<usize>)>,
    day: &str,
    minutes: u32,
) {
    let org = scalar(
        app,
        &format!("SELECT org_id FROM members WHERE id = {member}"),
    )
    .await;
    let by = scalar(app, "SELECT id FROM accounts WHERE username = 'admin'").await;
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    let entry = domain::campaign_study::StudyEntry {
        material_id: material.map(|m| m.0),
        chapter: material.and_then(|m| m.1),
        day: day.parse().unwrap(),
        minutes,
        source: domain::campaign_study::StudySource::SelfStudy,
        link: String::new(),
        note: String::new(),
    };
    store::study::add_log(
        &mut tx,
        campaign,
        member,
        org,
        &entry,
        by,
        domain::Timestamp(0),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
}

/// The dashboard through the API (`under` an org, or the top).
async fn dashboard(
    app: &TestApp,
    token: &str,
    campaign: i64,
    under: Option<i64>,
) -> (StatusCode, Value) {
    let path = match under {
        Some(u) => format!("/api/v1/campaigns/{campaign}/dashboard?under={u}"),
        None => format!("/api/v1/campaigns/{campaign}/dashboard"),
    };
    send(app, Method::GET, &path, token, None).await
}

/// A branch's progress and to-do list through the API.
async fn branch(app: &TestApp, token: &str, campaign: i64, org: i64) -> (StatusCode, Value) {
    let path = format!("/api/v1/campaigns/{campaign}/branches/{org}");
    send(app, Method::GET, &path, token, None).await
}

/// The row of `org` in a dashboard answer.
fn row(d: &Value, org: i64) -> &Value {
    d["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["org_id"] == org)
        .unwrap_or_else(|| panic!("no row of {org} in {d}"))
}

/// Sets a member's positions through the roster API, keeping the rest of the record.
async fn set_positions(app: &TestApp, admin: &str, member: i64, positions: &[&str]) {
    let path = format!("/api/v1/members/{member}");
    let (s, m) = send(app, Method::GET, &path, admin, None).await;
    assert_eq!(s, StatusCode::OK, "{m}");
    let keep = |k: &str| m[k].as_str().unwrap_or("").to_owned();
    let body = json!({
        "name": keep("name"), "gender": keep("gender"), "birth_date": keep("birth_date"),
        "phone": keep("phone"), "email": keep("email"), "member_type": keep("member_type"),
        "joined_party": keep("joined_party"), "positions": positions,
    });
    let (s, v) = send(app, Method::PUT, &path, admin, Some(body)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["positions"], json!(positions), "{v}");
}
