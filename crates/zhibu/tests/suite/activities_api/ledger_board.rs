//! The 三会一课 ledger of a branch and the committee's board, counted at a fixed date (15 May
//! 2026) against the kinds' frequencies: what was cancelled or is only planned does not count.

use super::*;
use crate::helpers::spawn;

/// Records an activity of `kind` at `starts_at` for `org` (held).
async fn held(app: &TestApp, token: &str, org: i64, kind: &str, starts_at: &str) -> i64 {
    add(app, token, org, "record", kind, starts_at).await["id"]
        .as_i64()
        .unwrap()
}

/// The ledger line of `kind`.
fn kind_line<'v>(ledger: &'v Value, kind: &str) -> &'v Value {
    ledger["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"]["code"] == kind)
        .unwrap_or_else(|| panic!("no line for {kind} in {ledger}"))
}

fn months(list: &[(usize, u32)]) -> Value {
    let mut m = [0u32; 12];
    for (month, count) in list {
        m[month - 1] = *count;
    }
    json!(m)
}

#[tokio::test]
async fn the_ledger_counts_what_took_place_per_kind_and_month() {
    let app = spawn().await;
    app.clock.set(domain::Timestamp(MAY_15_2026));
    let b = branches(&app).await;
    let n = members_of(&app, b.org1).await.len() as i64;
    let t = &b.branch1;
    held(&app, t, b.org1, "theme_day", "2025-12-20T14:00").await;
    let jan = held(&app, t, b.org1, "theme_day", "2026-01-10T14:00").await;
    held(&app, t, b.org1, "theme_day", "2026-02-05T14:00").await;
    held(&app, t, b.org1, "theme_day", "2026-02-20T14:00").await;
    held(&app, t, b.org1, "general_meeting", "2026-02-15T09:00").await;
    held(&app, t, b.org1, "training", "2026-03-03T09:00").await;
    let april = held(&app, t, b.org1, "theme_day", "2026-04-10T14:00").await;
    let first = members_of(&app, b.org1).await[0];
    let (status, _) = mark(
        &app,
        t,
        april,
        json!([{"member_id": first, "mark": "present"}]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = post(
        &app,
        t,
        &format!("/api/v1/activities/{april}/confirm"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let march = add(&app, t, b.org1, "plan", "theme_day", "2026-03-10T14:00").await;
    let (status, _) = post(
        &app,
        t,
        &format!("/api/v1/activities/{}/cancel", march["id"]),
        json!({"reason": "防汛值班"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    add(&app, t, b.org1, "plan", "theme_day", "2026-05-20T14:00").await;
    // Another branch's activity is not in this ledger.
    held(&app, &b.branch2, b.org2, "theme_day", "2026-03-12T14:00").await;

    let (status, l) = get(
        &app,
        t,
        &format!("/api/v1/activities/ledger?org={}&year=2026", b.org1),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{l}");
    assert_eq!(
        (l["org_id"].as_i64(), l["year"].as_i64()),
        (Some(b.org1), Some(2026))
    );
    assert_eq!(
        l["lines"].as_array().unwrap().len(),
        13,
        "every default kind"
    );

    let theme = kind_line(&l, "theme_day");
    assert_eq!(theme["per_month"], months(&[(1, 1), (2, 2), (4, 1)]));
    assert_eq!(theme["held"], 4);
    // January to May asked for one each; March and May have none held: March is missed.
    assert_eq!(
        theme["standing"],
        json!({"expected": 5, "met": 3, "held": 4, "light": "red"})
    );
    let general = kind_line(&l, "general_meeting");
    assert_eq!(general["per_month"], months(&[(2, 1)]));
    assert_eq!(
        general["standing"],
        json!({"expected": 2, "met": 1, "held": 1, "light": "grey"})
    );
    let committee = kind_line(&l, "committee_meeting");
    assert_eq!(committee["held"], 0);
    assert_eq!(
        committee["standing"],
        json!({"expected": 5, "met": 0, "held": 0, "light": "red"})
    );
    let life = kind_line(&l, "life_meeting");
    assert_eq!(
        life["standing"],
        json!({"expected": 1, "met": 0, "held": 0, "light": "grey"})
    );
    let training = kind_line(&l, "training");
    assert_eq!(training["per_month"], months(&[(3, 1)]));
    assert_eq!(training["standing"], Value::Null);

    let records = l["records"].as_array().unwrap();
    let starts: Vec<&str> = records
        .iter()
        .map(|r| r["starts_at"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-01-10T06:00:00Z",
            "2026-02-05T06:00:00Z",
            "2026-02-15T01:00:00Z",
            "2026-02-20T06:00:00Z",
            "2026-03-03T01:00:00Z",
            "2026-04-10T06:00:00Z",
        ]
    );
    assert_eq!(records[0]["id"], jan);
    assert_eq!(records[5]["state"], "confirmed");
    assert_eq!(records[5]["figures"]["expected"], n);
    assert_eq!(records[5]["figures"]["present"], 1);
    assert_eq!(records[5]["figures"]["absent"], n - 1);
    assert_eq!(records[0]["figures"]["present"], 0);

    // The list by year and state agrees.
    let (_, list) = get(
        &app,
        t,
        &format!("/api/v1/activities?org={}&year=2026&state=held", b.org1),
    )
    .await;
    assert_eq!(list["total"], 5);
    let (_, list) = get(
        &app,
        t,
        &format!(
            "/api/v1/activities?org={}&year=2026&limit=2&offset=1",
            b.org1
        ),
    )
    .await;
    assert_eq!(list["total"], 8);
    let ids: Vec<&Value> = list["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["starts_at"])
        .collect();
    assert_eq!(
        ids,
        [
            &json!("2026-04-10T06:00:00Z"),
            &json!("2026-03-10T06:00:00Z")
        ]
    );
    let (status, e) = get(&app, t, "/api/v1/activities?year=3000").await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::BAD_REQUEST, "invalid_year")
    );
    let (status, e) = get(&app, t, "/api/v1/activities?year=40000").await;
    assert_eq!((status, code(&e)), (StatusCode::BAD_REQUEST, "bad_request"));
}

#[tokio::test]
async fn the_board_lights_each_branch_for_the_quarter() {
    let app = spawn().await;
    app.clock.set(domain::Timestamp(MAY_15_2026));
    let b = branches(&app).await;
    let kinds = json!({"kinds": [
        {"code": "theme_day", "name": "主题党日", "frequency": "monthly"},
        {"code": "general_meeting", "name": "支部党员大会", "frequency": "quarterly"},
        {"code": "training", "name": "培训", "frequency": "as_needed"}
    ]});
    let (status, _) = put(&app, &b.branch1, "/api/v1/activity-kinds", kinds.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "only over the whole tree");
    let (status, saved) = put(&app, &b.admin, "/api/v1/activity-kinds", kinds.clone()).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["kinds"].as_array().unwrap().len(), 3);
    assert_eq!(saved["kinds"][0]["active"], true);
    let (_, listed) = get(&app, &b.branch1, "/api/v1/activity-kinds").await;
    assert_eq!(listed, saved);

    // Branch 1 has held everything owed so far; branch 2 only April's theme day.
    held(&app, &b.branch1, b.org1, "theme_day", "2026-04-10T14:00").await;
    held(&app, &b.branch1, b.org1, "theme_day", "2026-05-10T14:00").await;
    held(
        &app,
        &b.branch1,
        b.org1,
        "general_meeting",
        "2026-05-12T09:00",
    )
    .await;
    held(&app, &b.branch2, b.org2, "theme_day", "2026-04-10T14:00").await;
    // Planned or cancelled: no light turns green for them.
    let planned = add(
        &app,
        &b.branch2,
        b.org2,
        "plan",
        "general_meeting",
        "2026-05-08T09:00",
    )
    .await;
    let (status, _) = post(
        &app,
        &b.branch2,
        &format!("/api/v1/activities/{}/cancel", planned["id"]),
        json!({"reason": "改期"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let root = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let open_branches = scalar(
        &app,
        "SELECT COUNT(*) FROM orgs WHERE kind = 'branch' AND status = 'open'",
    )
    .await;
    let (status, board) = get(
        &app,
        &b.admin,
        &format!("/api/v1/activities/board?org={root}&year=2026&quarter=2"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{board}");
    let codes: Vec<&str> = board["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["theme_day", "general_meeting"]);
    let lines = board["branches"].as_array().unwrap();
    assert_eq!(lines.len() as i64, open_branches);
    let of = |org: i64| lines.iter().find(|l| l["org_id"] == org).unwrap();
    let one = of(b.org1);
    assert_eq!(one["light"], "green");
    assert_eq!(
        one["standings"],
        json!([
            {"expected": 2, "met": 2, "held": 2, "light": "green"},
            {"expected": 1, "met": 1, "held": 1, "light": "green"}
        ])
    );
    let two = of(b.org2);
    assert_eq!(two["light"], "yellow");
    assert_eq!(
        two["standings"],
        json!([
            {"expected": 2, "met": 1, "held": 1, "light": "yellow"},
            {"expected": 1, "met": 0, "held": 0, "light": "grey"}
        ])
    );
    let red = lines.iter().filter(|l| l["light"] == "red").count() as i64;
    assert_eq!(red, open_branches - 2);
    // Most behind first: the reds, then branch 2, then branch 1.
    assert_eq!(lines[lines.len() - 1]["org_id"], b.org1);
    assert_eq!(lines[lines.len() - 2]["org_id"], b.org2);
    let theme = &board["totals"][0];
    assert_eq!(theme["kind"], "theme_day");
    assert_eq!(
        theme["lights"],
        json!({"red": open_branches - 2, "yellow": 1, "grey": 0, "green": 1})
    );
    let rate = (1000.0 / open_branches as f64).round() / 10.0;
    assert_eq!(theme["rate"], rate);

    // A branch admin's board is of their own branch only; another's is refused.
    let (status, _) = get(
        &app,
        &b.branch1,
        &format!("/api/v1/activities/board?org={root}&year=2026&quarter=2"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, e) = get(
        &app,
        &b.admin,
        &format!("/api/v1/activities/board?org={root}&year=2026&quarter=5"),
    )
    .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::BAD_REQUEST, "invalid_quarter")
    );

    // A kind some record uses stays listed.
    let (status, e) = put(
        &app,
        &b.admin,
        "/api/v1/activity-kinds",
        json!({"kinds": [{"code": "training", "name": "培训", "frequency": "as_needed"}]}),
    )
    .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_kinds")
    );
}
