//! Notices through the pages: upload, check, save, publish, open, sign, revise, withdraw.

use crate::helpers::scalar;
use crate::helpers::{TestApp, csrf_in, location, spawn};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

pub const FOUNDING: &str = include_str!("../../../app/demo/founding-notice.md");

/// Uploads the founding notice as admin, saves the draft and answers its id.
pub(crate) async fn draft_founding_notice(app: &TestApp) -> i64 {
    let committee = scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let (_, page) = app.get_text("/notices/new").await;
    let token = csrf_in(&page);
    let form = Form::new()
        .text("org_id", committee.to_string())
        .text("source", "")
        .part(
            "file",
            Part::bytes(FOUNDING.as_bytes().to_vec()).file_name("通知.md"),
        );
    let r = app
        .client
        .post(app.url(&format!("/notices/preview?csrf_token={token}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let preview = r.text().await.unwrap();
    assert!(
        preview.contains("value=\"渝科协社党发〔2022〕28号\""),
        "{preview}"
    );
    assert!(preview.contains("关于做好近期有关工作的通知"));
    assert!(preview.contains("value=\"各党支部\""));
    assert!(preview.contains("value=\"2022-08-05\""));
    assert!(preview.contains("认真开展主题学习活动") && preview.contains("扎实做好安全稳定工作"));
    assert!(
        preview.contains("及时报送学习情况"),
        "report requests are shown"
    );
    assert!(
        preview.contains("于党的二十大胜利召开前"),
        "the undated deadline is shown"
    );

    let title = "中共重庆市科协科技社团委员会关于做好近期有关工作的通知";
    let r = app
        .post_form(
            "/notices",
            "/notices/new",
            &[
                ("org_id", &committee.to_string()),
                ("source", FOUNDING),
                ("intent", "save"),
                ("title", title),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    location(&r).rsplit('/').next().unwrap().parse().unwrap()
}

pub(crate) async fn publish_to_all(app: &TestApp, id: i64) {
    let committee = scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let path = format!("/notices/{id}");
    let r = app
        .publish_confirmed(
            &format!("{path}/publish"),
            &path,
            &[("subtree", &committee.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

pub(crate) async fn log_in_as(app: &TestApp, who: &str) {
    app.post_form("/logout", "/", &[]).await;
    app.login_ok(who).await;
}

#[tokio::test]
async fn the_committee_publishes_the_founding_notice_and_branch1_signs_for_it() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let id = draft_founding_notice(&app).await;
    let (_, page) = app.get_text(&format!("/notices/{id}")).await;
    assert!(page.contains("草稿") && page.contains("id=\"publish\""));
    publish_to_all(&app, id).await;
    let recipients = scalar(
        &app,
        &format!("SELECT COUNT(*) FROM notice_recipients WHERE notice_id = {id}"),
    )
    .await;
    assert_eq!(recipients, 14, "every branch, not the committee itself");

    log_in_as(&app, "branch1").await;
    let (_, inbox) = app.get_text("/notices").await;
    assert!(
        inbox.contains("关于做好近期有关工作的通知") && inbox.contains("未读"),
        "{inbox}"
    );
    let unread = inbox.matches("未读").count();
    let (status, page) = app.get_text(&format!("/notices/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("渝科协社党发〔2022〕28号") && page.contains("一、认真开展主题学习活动"));
    let (_, inbox) = app.get_text("/notices").await;
    assert_eq!(
        inbox.matches("未读").count(),
        unread - 1,
        "opening it marks it read"
    );
    let own = scalar(
        &app,
        "SELECT id FROM orgs WHERE name = '重庆市机械工程学会党支部'",
    )
    .await;
    let r = app
        .post_form(
            &format!("/notices/{id}/sign"),
            &format!("/notices/{id}"),
            &[("org_id", &own.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get_text(&format!("/notices/{id}")).await;
    assert!(page.contains("已于") && page.contains("签收"), "{page}");
    // Signing for another branch is refused.
    let other = scalar(
        &app,
        "SELECT id FROM orgs WHERE name = '重庆市电子学会党支部'",
    )
    .await;
    let r = app
        .post_form(
            &format!("/notices/{id}/sign"),
            &format!("/notices/{id}"),
            &[("org_id", &other.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    log_in_as(&app, "admin").await;
    let (_, receipts) = app.get_text(&format!("/notices/{id}/receipts")).await;
    assert!(
        receipts.contains("应签收 14 个单位：已签收 1，已读未签收 0，未读 13"),
        "{receipts}"
    );

    // A revision: branch1 sees it changed and must sign again.
    let edit = format!("/notices/{id}/edit");
    let r = app
        .post_form(
            &edit,
            &edit,
            &[
                ("source", &FOUNDING.replace("2022年8月5日", "2022年8月6日")),
                ("intent", "save"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    log_in_as(&app, "branch1").await;
    let (_, inbox) = app.get_text("/notices").await;
    assert!(inbox.contains("已更新"), "{inbox}");
    let (_, page) = app.get_text(&format!("/notices/{id}")).await;
    assert!(page.contains("本通知在您签收后已修改") && page.contains("第 2 版"));
}

#[tokio::test]
async fn a_member_reads_but_cannot_sign_and_others_cannot_read_a_notice_not_sent_to_them() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let id = draft_founding_notice(&app).await;
    // Sent to one other branch only.
    let other = scalar(
        &app,
        "SELECT id FROM orgs WHERE name = '重庆市电子学会党支部'",
    )
    .await;
    let path = format!("/notices/{id}");
    let r = app
        .publish_confirmed(
            &format!("{path}/publish"),
            &path,
            &[("org", &other.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    log_in_as(&app, "branch1").await;
    assert_eq!(app.get_text(&path).await.0, StatusCode::NOT_FOUND);

    log_in_as(&app, "admin").await;
    let second = draft_founding_notice(&app).await;
    publish_to_all(&app, second).await;
    log_in_as(&app, "member1").await;
    let (status, page) = app.get_text(&format!("/notices/{second}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("id=\"sign\""), "a member cannot sign");
    let own = scalar(
        &app,
        "SELECT id FROM orgs WHERE name = '重庆市机械工程学会党支部'",
    )
    .await;
    let r = app
        .post_form(
            &format!("/notices/{second}/sign"),
            &format!("/notices/{second}"),
            &[("org_id", &own.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn publishing_needs_recipients_and_withdrawal_needs_a_reason() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let id = draft_founding_notice(&app).await;
    let path = format!("/notices/{id}");
    let r = app.post_form(&format!("{path}/publish"), &path, &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("请至少选择一个接收单位"));
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT COUNT(*) FROM notices WHERE id = {id} AND status = 'draft'")
        )
        .await,
        1
    );
    publish_to_all(&app, id).await;
    let r = app
        .post_form(&format!("{path}/withdraw"), &path, &[("reason", " ")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_form(
            &format!("{path}/withdraw"),
            &path,
            &[("reason", "内容有误，另行发文")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    log_in_as(&app, "branch1").await;
    let (status, page) = app.get_text(&path).await;
    assert_eq!(status, StatusCode::OK, "a withdrawn notice stays readable");
    assert!(page.contains("已撤回") && page.contains("内容有误，另行发文"));
    assert!(!page.contains("id=\"sign\""));
}

#[tokio::test]
async fn a_bad_correction_is_named_and_nothing_is_saved() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let committee = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let before = scalar(&app, "SELECT COUNT(*) FROM notices").await;
    let r = app
        .post_form(
            "/notices",
            "/notices/new",
            &[
                ("org_id", &committee.to_string()),
                ("source", FOUNDING),
                ("intent", "save"),
                ("doc_number", "第二十八号"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("发文字号格式不正确"));
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM notices").await, before);
    // A branch admin cannot issue notices at all.
    log_in_as(&app, "branch1").await;
    assert_eq!(app.get_text("/notices/new").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_attachment_is_added_on_the_page_and_recipients_download_it() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let id = draft_founding_notice(&app).await;
    let path = format!("/notices/{id}");
    let (_, page) = app.get_text(&path).await;
    assert!(page.contains("id=\"attach-file\""));
    let token = csrf_in(&page);
    let form = Form::new().part(
        "file",
        Part::bytes(b"%PDF-1.4\n%test\n".to_vec()).file_name("学习材料目录.pdf"),
    );
    let r = app
        .client
        .post(app.url(&format!("{path}/attachments?csrf_token={token}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    publish_to_all(&app, id).await;
    log_in_as(&app, "branch1").await;
    let (_, page) = app.get_text(&path).await;
    assert!(
        page.contains("学习材料目录.pdf") && !page.contains("id=\"attach-file\""),
        "{page}"
    );
    let href = page
        .split("href=\"")
        .find(|s| s.starts_with(&format!("/notices/{id}/attachments/")))
        .unwrap();
    let href = &href[..href.find('"').unwrap()];
    let r = app.get(href).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
}

#[tokio::test]
async fn in_a_large_tree_a_notice_goes_to_orgs_found_by_name() {
    let app = spawn().await;
    let committee = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    crate::helpers::grow_the_tree(&app, committee).await;
    app.login_ok("admin").await;
    let id = draft_founding_notice(&app).await;
    let path = format!("/notices/{id}");
    let (_, page) = app.get_text(&path).await;
    assert!(
        page.contains(&format!("name=\"subtree\" value=\"{committee}\" checked")),
        "the whole tree is ticked by default"
    );
    assert!(page.contains("id=\"org-q\"") && !page.contains("测试总支001"));

    let branch1 = scalar(
        &app,
        "SELECT id FROM orgs WHERE name = '重庆市机械工程学会党支部'",
    )
    .await
    .to_string();
    let r = app
        .post_form(
            &format!("{path}/publish"),
            &path,
            &[
                ("org", &branch1),
                ("org_q", "总支01"),
                ("intent", "find_orgs"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("测试总支010") && page.contains("测试总支019"));
    assert!(page.contains(&format!("name=\"org\" value=\"{branch1}\" checked")));
    assert!(
        !page.contains(&format!("name=\"subtree\" value=\"{committee}\" checked")),
        "after a search, only what was ticked stays ticked"
    );
    let recipients = format!("SELECT COUNT(*) FROM notice_recipients WHERE notice_id = {id}");
    assert_eq!(scalar(&app, &recipients).await, 0, "a search sends nothing");

    // Nobody ticked: refused, the search kept.
    let r = app
        .post_form(&format!("{path}/publish"), &path, &[("org_q", "总支01")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("value=\"总支01\""));

    let found = scalar(&app, "SELECT id FROM orgs WHERE name = '测试总支010'")
        .await
        .to_string();
    let r = app
        .publish_confirmed(
            &format!("{path}/publish"),
            &path,
            &[("subtree", &found), ("org", &branch1)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(scalar(&app, &recipients).await, 3);
}
