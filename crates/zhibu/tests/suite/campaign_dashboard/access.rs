//! Who sees what: the committee the whole tree; a branch admin their own branch only (another
//! branch's page is 404, the dashboard shows them their subtree); a member who only studies,
//! or anyone outside the orgs taking part, nothing.

use super::*;
use crate::campaign_support::campaign_body;

#[tokio::test]
async fn a_branch_admin_sees_their_own_branch_only_and_others_nothing() {
    let app = crate::helpers::spawn().await;
    let t = tree(&app).await;
    let (c, _) = campaign(&app, &t.admin).await;

    // Branch 1's admin: their branch is the one row; nothing else exists for them.
    let (s, d) = dashboard(&app, &t.branch1, c, None).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let ids: Vec<i64> = d["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["org_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![t.org1]);
    assert_eq!(d["totals"]["branches"], 1);
    assert_eq!(d["under"], Value::Null);
    for under in [t.general, t.committee, t.org2] {
        let (s, _) = dashboard(&app, &t.branch1, c, Some(under)).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "under {under}");
    }
    let (s, _) = branch(&app, &t.branch1, c, t.org1).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = branch(&app, &t.branch1, c, t.org2).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // The branch pages answer the same.
    app.login_ok("branch1").await;
    let (s, _) = app
        .get_text(&format!("/campaigns/{c}/branches/{}", t.org2))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app
        .get_text(&format!("/campaigns/{c}/branches/{}", t.org1))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app
        .get_text(&format!("/campaigns/{c}/dashboard?under={}", t.general))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Branch 2's admin (inside the 总支): their branch only.
    let (_, d) = dashboard(&app, &t.branch2, c, None).await;
    let ids: Vec<i64> = d["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["org_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![t.org2]);

    // A member who only studies in it, and nobody at all.
    let member = app.token_ok("member1").await;
    let (s, _) = dashboard(&app, &member, c, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = branch(&app, &member, c, t.org1).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = dashboard(&app, "not-a-token", c, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // A campaign branch 1 does not take part in is not there for its admin.
    let mut body = campaign_body(&app, ("2022-08-05", "2022-10-15")).await;
    body["org_ids"] = json!([t.general]);
    let other = open_campaign(&app, &t.admin, body).await["id"]
        .as_i64()
        .unwrap();
    let (s, _) = dashboard(&app, &t.branch1, other, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = branch(&app, &t.admin, other, t.org1).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "branch 1 does not take part");
    // Its committee sees the 总支's branches as the first level.
    let (s, d) = dashboard(&app, &t.admin, other, None).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["under"]["org_id"], t.general);
    assert_eq!(d["totals"]["branches"], 2);
}
