//! 签发 through the API: the setting, 送审, 核稿 and 签发 by another account than the drafter,
//! returns with their reasons, an edit voiding approvals, and publishing refused until signed off.

use super::{FOUNDING, committee};
use crate::helpers::{TestApp, scalar, second_committee_admin, send, spawn};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn act(app: &TestApp, token: &str, id: i64, body: Value) -> (StatusCode, Value) {
    let path = format!("/api/v1/notices/{id}/signoff");
    send(app, Method::POST, &path, token, Some(body)).await
}

/// The refusal's code, after checking it is a 422 with a message.
fn refused(answer: (StatusCode, Value)) -> String {
    let (status, body) = answer;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    body["error"]["code"].as_str().unwrap().to_owned()
}

async fn draft(app: &TestApp, token: &str) -> i64 {
    let body = json!({"org_id": committee(app).await, "source": FOUNDING});
    let (status, created) = send(app, Method::POST, "/api/v1/notices", token, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_i64().unwrap()
}

async fn publish(app: &TestApp, token: &str, id: i64) -> (StatusCode, Value) {
    let targets = json!({"targets": [{"org_id": committee(app).await}]});
    let path = format!("/api/v1/notices/{id}/publish");
    send(app, Method::POST, &path, token, Some(targets)).await
}

async fn set_signoff(app: &TestApp, token: &str, on: bool) -> (StatusCode, Value) {
    let body = Some(json!({"signoff": on}));
    send(app, Method::PUT, "/api/v1/settings/notices", token, body).await
}

#[tokio::test]
async fn through_the_api_a_draft_is_reviewed_and_signed_off_by_another_account_then_published() {
    let app = spawn().await;
    second_committee_admin(&app, "admin2", "王核稿").await;
    let (admin, other) = (app.token_ok("admin").await, app.token_ok("admin2").await);
    let branch = app.token_ok("branch1").await;
    let settings = "/api/v1/settings/notices";
    assert_eq!(
        send(&app, Method::GET, settings, &admin, None).await.1["signoff"],
        false
    );
    assert_eq!(
        set_signoff(&app, &branch, true).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(set_signoff(&app, &admin, true).await.0, StatusCode::OK);
    assert_eq!(
        send(&app, Method::GET, settings, &admin, None).await.1["signoff"],
        true
    );

    let id = draft(&app, &admin).await;
    assert_eq!(refused(publish(&app, &admin, id).await), "signoff_required");
    let path = format!("/api/v1/notices/{id}/signoff");
    let (status, trail) = send(&app, Method::GET, &path, &admin, None).await;
    assert_eq!(status, StatusCode::OK, "{trail}");
    assert_eq!(trail["stage"], "drafting");
    assert_eq!(
        (trail["required"].clone(), trail["may_publish"].clone()),
        (json!(true), json!(false))
    );
    assert!(trail["drafted_by"]["account_id"].is_i64());
    let review = json!({"step": "review", "decision": "approved"});
    assert_eq!(
        refused(act(&app, &other, id, review.clone()).await),
        "not_sent_for_review"
    );

    let (status, sent) = act(&app, &admin, id, json!({"step": "send"})).await;
    assert_eq!(
        (status, sent["stage"].clone()),
        (StatusCode::OK, json!("awaiting_review"))
    );
    assert_eq!(
        refused(act(&app, &admin, id, review.clone()).await),
        "own_revision"
    );
    let signoff = json!({"step": "signoff", "decision": "approved"});
    assert_eq!(
        refused(act(&app, &other, id, signoff.clone()).await),
        "not_reviewed"
    );
    let undecided = json!({"step": "review"});
    assert_eq!(
        refused(act(&app, &other, id, undecided).await),
        "invalid_step"
    );
    let bare_return = json!({"step": "review", "decision": "returned", "reason": " "});
    assert_eq!(
        refused(act(&app, &other, id, bare_return).await),
        "reason_required"
    );
    let back = json!({"step": "review", "decision": "returned", "reason": "请补充联系人"});
    let (status, returned) = act(&app, &other, id, back).await;
    assert_eq!(status, StatusCode::OK, "{returned}");
    assert_eq!(
        (returned["stage"].clone(), returned["returned_at"].clone()),
        (json!("returned"), json!("review"))
    );
    assert_eq!(returned["acts"][1]["reason"], "请补充联系人");
    assert_eq!(returned["acts"][1]["name"], "王核稿");

    // Sent again, reviewed with a comment, signed off: then it goes out.
    act(&app, &admin, id, json!({"step": "send"})).await;
    let commented =
        json!({"step": "review", "decision": "approved", "reason": "可以", "revision": 1});
    assert_eq!(act(&app, &other, id, commented).await.0, StatusCode::OK);
    let (status, signed) = act(&app, &other, id, signoff.clone()).await;
    assert_eq!(status, StatusCode::OK, "{signed}");
    assert_eq!(
        (signed["stage"].clone(), signed["may_publish"].clone()),
        (json!("signed_off"), json!(true))
    );
    assert_eq!(
        refused(act(&app, &other, id, signoff.clone()).await),
        "already_decided"
    );
    let (status, published) = publish(&app, &admin, id).await;
    assert_eq!(status, StatusCode::OK, "{published}");
    assert_eq!(published["recipients"], 14);
    assert_eq!(
        refused(act(&app, &admin, id, json!({"step": "send"})).await),
        "not_a_draft"
    );
    let audited = scalar(
        &app,
        &format!(
            "SELECT COUNT(*) FROM audit_events WHERE object_id = '{id}' AND action IN \
             ('notice.send_for_review', 'notice.review_approve', 'notice.review_return', \
             'notice.signoff_approve')"
        ),
    )
    .await;
    assert_eq!(audited, 5, "two sendings, a return, a review, a sign-off");
}

#[tokio::test]
async fn through_the_api_an_edit_voids_the_sign_off_and_a_stale_decision_is_refused() {
    let app = spawn().await;
    second_committee_admin(&app, "admin2", "王核稿").await;
    let (admin, other) = (app.token_ok("admin").await, app.token_ok("admin2").await);
    set_signoff(&app, &admin, true).await;
    let id = draft(&app, &admin).await;
    act(&app, &admin, id, json!({"step": "send"})).await;
    for step in ["review", "signoff"] {
        let (status, body) = act(
            &app,
            &other,
            id,
            json!({"step": step, "decision": "approved"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // The signer edits the draft: the new revision is theirs, unsigned, and the drafter of the
    // first may now review it.
    let edited = json!({"source": FOUNDING.replace("2022年8月5日", "2022年8月6日")});
    let path = format!("/api/v1/notices/{id}");
    assert_eq!(
        send(&app, Method::PUT, &path, &other, Some(edited)).await.0,
        StatusCode::OK
    );
    let (_, trail) = send(&app, Method::GET, &format!("{path}/signoff"), &admin, None).await;
    assert_eq!(
        (trail["stage"].clone(), trail["revision"].clone()),
        (json!("drafting"), json!(2))
    );
    assert!(
        trail["acts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["current"] == false)
    );
    assert_eq!(trail["drafted_by"]["name"], "王核稿");
    assert_eq!(refused(publish(&app, &admin, id).await), "signoff_required");

    let stale = json!({"step": "send", "revision": 1});
    assert_eq!(
        refused(act(&app, &other, id, stale).await),
        "stale_revision"
    );
    act(&app, &other, id, json!({"step": "send", "revision": 2})).await;
    let own = json!({"step": "review", "decision": "approved"});
    assert_eq!(
        refused(act(&app, &other, id, own.clone()).await),
        "own_revision"
    );
    assert_eq!(act(&app, &admin, id, own).await.0, StatusCode::OK);
    let sign = json!({"step": "signoff", "decision": "approved"});
    assert_eq!(act(&app, &admin, id, sign).await.0, StatusCode::OK);
    assert_eq!(publish(&app, &admin, id).await.0, StatusCode::OK);
}

#[tokio::test]
async fn with_signoff_off_the_api_publishes_as_before_and_refuses_signoff_acts() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let id = draft(&app, &admin).await;
    let (status, trail) = send(
        &app,
        Method::GET,
        &format!("/api/v1/notices/{id}/signoff"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (trail["required"].clone(), trail["may_publish"].clone()),
        (json!(false), json!(true))
    );
    assert_eq!(
        refused(act(&app, &admin, id, json!({"step": "send"})).await),
        "signoff_off"
    );
    let (status, body) = act(&app, &admin, id, json!({"step": "approve"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "invalid_body");
    assert_eq!(publish(&app, &admin, id).await.0, StatusCode::OK);
    let branch = app.token_ok("branch1").await;
    let (status, _) = send(
        &app,
        Method::GET,
        &format!("/api/v1/notices/{id}/signoff"),
        &branch,
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "recipients do not see the 签发 trail"
    );
}
