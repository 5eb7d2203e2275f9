//! 签发 through the pages: with the deployment setting on, a draft goes out only after someone
//! other than its drafter reviewed (核稿) and signed it off (签发); a return carries its reason;
//! an edit voids what was approved. With it off, publishing is as before.

use crate::helpers::{TestApp, scalar, second_committee_admin, send};
use crate::notices::{FOUNDING, draft_founding_notice, log_in_as, publish_to_all};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Turns 签发 on through the API, as the committee administrator.
async fn turn_signoff_on(app: &TestApp) {
    let admin = app.token_ok("admin").await;
    let body = Some(json!({"signoff": true}));
    let (status, saved) = send(app, Method::PUT, "/api/v1/settings/notices", &admin, body).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
}

/// Presses a 签发 button on the notice's page: `step` with `decision` and `reason`.
async fn press(app: &TestApp, id: i64, fields: &[(&str, &str)]) -> reqwest::Response {
    let path = format!("/notices/{id}");
    let revision = scalar(
        app,
        &format!("SELECT revision FROM notices WHERE id = {id}"),
    )
    .await;
    let mut form = fields.to_vec();
    let revision = revision.to_string();
    form.push(("revision", &revision));
    app.post_form(&format!("{path}/signoff"), &path, &form)
        .await
}

async fn page(app: &TestApp, id: i64) -> String {
    let (status, page) = app.get_text(&format!("/notices/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    page
}

/// The 签发 section of a page.
fn section(page: &str) -> &str {
    let start = page.find("id=\"signoff\"").expect("a 签发 section");
    let end = page[start..].find("</section>").unwrap() + start;
    &page[start..end]
}

async fn edit(app: &TestApp, id: i64, date: &str) {
    let path = format!("/notices/{id}/edit");
    let source = FOUNDING.replace("2022年8月5日", date);
    let fields = [("source", source.as_str()), ("intent", "save")];
    let r = app.post_form(&path, &path, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn with_signoff_on_a_draft_goes_out_only_after_another_account_reviews_and_signs_it() {
    let app = spawn_with_second_admin().await;
    app.login_ok("admin").await;
    // The committee administrator turns 签发 on, from the notice list's settings link.
    let (_, list) = app.get_text("/notices").await;
    assert!(list.contains("href=\"/settings/notices\""), "{list}");
    let (_, settings) = app.get_text("/settings/notices").await;
    assert!(!settings.contains(" checked"), "off by default: {settings}");
    let r = app
        .post_form(
            "/settings/notices",
            "/settings/notices",
            &[("signoff", "on")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, settings) = app.get_text("/settings/notices?done=saved").await;
    assert!(settings.contains(" checked") && settings.contains("已保存"));

    let id = draft_founding_notice(&app).await;
    let shown = page(&app, id).await;
    assert!(section(&shown).contains("拟稿中") && section(&shown).contains("拟稿人"));
    assert!(shown.contains("id=\"send-for-review\"") && shown.contains("id=\"publish-blocked\""));
    assert!(
        !shown.contains("id=\"publish-notice\""),
        "no publish button yet"
    );
    // Publishing is refused, the first press too.
    let committee = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let committee = committee.to_string();
    let path = format!("/notices/{id}");
    let r = app
        .post_form(
            &format!("{path}/publish"),
            &path,
            &[("subtree", &committee)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("尚未签发"));

    // The drafter sends it for review but may not review it.
    let r = press(&app, id, &[("step", "send")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let shown = page(&app, id).await;
    assert!(section(&shown).contains("待核稿") && shown.contains("id=\"signoff-note\""));
    assert!(
        !shown.contains("id=\"signoff-approve\""),
        "the drafter has no button"
    );
    let own = [("step", "review"), ("decision", "approved")];
    let r = press(&app, id, &own).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("不能核稿或签发自己拟写的版本")
    );

    // Another committee account reviews and signs it off.
    log_in_as(&app, "admin2").await;
    let shown = page(&app, id).await;
    assert!(shown.contains("id=\"signoff-approve\"") && shown.contains("核稿通过"));
    let r = press(&app, id, &[("step", "review"), ("decision", "approved")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(section(&page(&app, id).await).contains("待签发"));
    let signed = [
        ("step", "signoff"),
        ("decision", "approved"),
        ("reason", "同意"),
    ];
    let r = press(&app, id, &signed).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let shown = page(&app, id).await;
    let trail = section(&shown);
    assert!(trail.contains("已签发") && trail.contains("核稿人") && trail.contains("签发人"));
    assert_eq!(trail.matches("王核稿").count(), 2, "{trail}");
    assert!(trail.contains("同意"), "the signer's comment");

    // Then it goes out.
    log_in_as(&app, "admin").await;
    publish_to_all(&app, id).await;
    let recipients = format!("SELECT COUNT(*) FROM notice_recipients WHERE notice_id = {id}");
    assert_eq!(scalar(&app, &recipients).await, 14);
    let shown = page(&app, id).await;
    assert!(section(&shown).contains("已签发") && !shown.contains("id=\"send-for-review\""));
    let audited = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action IN ('settings.notice_signoff', \
         'notice.send_for_review', 'notice.review_approve', 'notice.signoff_approve')",
    )
    .await;
    assert_eq!(audited, 4);
}

async fn spawn_with_second_admin() -> TestApp {
    let app = crate::helpers::spawn().await;
    second_committee_admin(&app, "admin2", "王核稿").await;
    app
}

#[tokio::test]
async fn a_return_carries_its_reason_and_an_edit_voids_the_sign_off() {
    let app = spawn_with_second_admin().await;
    turn_signoff_on(&app).await;
    app.login_ok("admin").await;
    let id = draft_founding_notice(&app).await;
    press(&app, id, &[("step", "send")]).await;

    log_in_as(&app, "admin2").await;
    // A return without a reason is refused, and one too long comes back as typed.
    let r = press(&app, id, &[("step", "review"), ("decision", "returned")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("退回修改时请写明原因"));
    let long = "请".repeat(501);
    let fields = [
        ("step", "review"),
        ("decision", "returned"),
        ("reason", &long),
    ];
    let r = press(&app, id, &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = r.text().await.unwrap();
    assert!(refused.contains("意见最多 500 个字") && refused.contains(&long));
    let fields = [
        ("step", "review"),
        ("decision", "returned"),
        ("reason", "报送时限写得不清楚"),
    ];
    assert_eq!(
        press(&app, id, &fields).await.status(),
        StatusCode::SEE_OTHER
    );

    log_in_as(&app, "admin").await;
    let shown = page(&app, id).await;
    let trail = section(&shown);
    assert!(
        trail.contains("已退回修改") && trail.contains("核稿退回"),
        "{trail}"
    );
    assert!(trail.contains("报送时限写得不清楚") && trail.contains("王核稿"));
    assert!(
        shown.contains("id=\"send-for-review\""),
        "it may be sent again"
    );

    // Edited: a new revision, nothing approved yet; the return stays as history.
    edit(&app, id, "2022年8月6日").await;
    let shown = page(&app, id).await;
    let trail = section(&shown);
    assert!(trail.contains("拟稿中") && trail.contains("id=\"signoff-voided\""));
    assert!(trail.contains("第 1 版") && trail.contains("报送时限写得不清楚"));

    // Signed off, then edited again: the sign-off is void and publishing refused.
    press(&app, id, &[("step", "send")]).await;
    log_in_as(&app, "admin2").await;
    for step in ["review", "signoff"] {
        let r = press(&app, id, &[("step", step), ("decision", "approved")]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    assert!(section(&page(&app, id).await).contains("id=\"signoff-edit-hint\""));
    log_in_as(&app, "admin").await;
    edit(&app, id, "2022年8月7日").await;
    let shown = page(&app, id).await;
    assert!(section(&shown).contains("拟稿中") && shown.contains("id=\"publish-blocked\""));
    let path = format!("/notices/{id}");
    let r = app.post_form(&format!("{path}/publish"), &path, &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A decision on the revision read before the edit is refused, and what was typed kept.
    log_in_as(&app, "admin2").await;
    let stale = [
        ("step", "review"),
        ("decision", "returned"),
        ("reason", "旧版本的意见"),
        ("revision", "2"),
    ];
    let r = app
        .post_form(&format!("{path}/signoff"), &path, &stale)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = r.text().await.unwrap();
    assert!(refused.contains("现为第 3 版") && refused.contains("旧版本的意见"));
    let returns = "SELECT COUNT(*) FROM audit_events WHERE action = 'notice.review_return'";
    assert_eq!(scalar(&app, returns).await, 1);
}

#[tokio::test]
async fn with_signoff_off_a_draft_is_published_as_before() {
    let app = spawn_with_second_admin().await;
    app.login_ok("admin").await;
    let id = draft_founding_notice(&app).await;
    let shown = page(&app, id).await;
    assert!(!shown.contains("id=\"signoff\"") && shown.contains("id=\"publish-notice\""));
    let r = press(&app, id, &[("step", "send")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("未启用核稿签发"));
    publish_to_all(&app, id).await;

    // Turned on and off again: drafts go out unsigned, as before.
    turn_signoff_on(&app).await;
    let out = page(&app, id).await;
    assert!(
        !out.contains("id=\"signoff\""),
        "nothing to say of a notice already out"
    );
    let second = draft_founding_notice(&app).await;
    press(&app, second, &[("step", "send")]).await;
    let admin = app.token_ok("admin").await;
    let off = Some(json!({"signoff": false}));
    send(&app, Method::PUT, "/api/v1/settings/notices", &admin, off).await;
    let shown = page(&app, second).await;
    assert!(shown.contains("id=\"publish-notice\"") && !shown.contains("id=\"send-for-review\""));
    publish_to_all(&app, second).await;

    // Only a committee administrator over the whole tree sees or changes the setting.
    log_in_as(&app, "branch1").await;
    assert_eq!(
        app.get_text("/settings/notices").await.0,
        StatusCode::NOT_FOUND
    );
    let (_, list) = app.get_text("/notices").await;
    assert!(!list.contains("/settings/notices"));
}
