//! The campaign pages against the real server: a campaign made from the founding notice
//! arrives pre-filled (theme, period, the materials in 《》 and the speech); a refused form
//! comes back with everything typed; a draft is the committee's alone; materials get their
//! chapters; a branch puts its activity in the campaign from the activity's page.

use crate::helpers::{TestApp, branch_org, csrf_in, location, scalar, spawn};
use crate::notices::draft_founding_notice;
use reqwest::StatusCode;

async fn form_post(
    app: &TestApp,
    path: &str,
    from: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.post_form(path, from, fields).await
}

#[tokio::test]
async fn a_campaign_made_from_the_founding_notice_is_prefilled_and_refusals_keep_what_was_typed() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let notice = draft_founding_notice(&app).await;
    // The notice's study section offers to make a campaign of it.
    let (_, shown) = app.get_text(&format!("/notices/{notice}")).await;
    assert!(
        shown.contains(&format!("/notices/{notice}/campaign/new?section=0")),
        "{shown}"
    );
    let (status, page) = app
        .get_text(&format!("/notices/{notice}/campaign/new"))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("value=\"喜迎二十大、奋进新征程\""),
        "the theme: {page}"
    );
    assert!(
        page.contains("value=\"2022-08-05\""),
        "starts on the notice's date"
    );
    for m in [
        "习近平总书记7.26重要讲话",
        "《习近平谈治国理政》第四卷",
        "《习近平经济思想学习纲要》",
    ] {
        assert!(page.contains(m), "material {m} proposed");
    }
    assert!(page.contains(&format!("name=\"notice_id\" value=\"{notice}\"")));
    let committee = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL")
        .await
        .to_string();
    // Ends before it starts: the form again, with the theme and materials as typed.
    let base = [
        ("org_id", committee.as_str()),
        ("theme", "喜迎二十大、奋进新征程"),
        ("starts_on", "2022-08-05"),
        ("description", "集中学习"),
        (
            "materials",
            "《习近平谈治国理政》第四卷\n习近平总书记7.26重要讲话",
        ),
        ("req_kind", "theme_day"),
        ("req_count", "1"),
        ("req_note", "围绕主题"),
        ("notice_id", &notice.to_string()),
    ];
    let mut bad = base.to_vec();
    bad.push(("ends_on", "2022-08-01"));
    let r = form_post(&app, "/campaigns/new", "/campaigns/new", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"ends_on-error\""), "{page}");
    assert!(
        page.contains("value=\"2022-08-01\"")
            && page.contains("《习近平谈治国理政》第四卷\n习近平总书记7.26重要讲话")
    );
    assert!(page.contains("value=\"围绕主题\""));
    // A date that is no date is named too.
    let mut bad = base.to_vec();
    bad.push(("ends_on", "十月"));
    let r = form_post(&app, "/campaigns/new", "/campaigns/new", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"ends_on-error\""));
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM campaigns").await, 0);

    let mut good = base.to_vec();
    good.push(("ends_on", "2022-10-15"));
    let r = form_post(&app, "/campaigns/new", "/campaigns/new", &good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = location(&r);
    let id: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
    let (_, page) = app.get_text(&at).await;
    assert!(page.contains("id=\"open-campaign\"") && page.contains("《习近平谈治国理政》第四卷"));
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT notice_id FROM campaigns WHERE id = {id}")
        )
        .await,
        notice
    );
    let book = scalar(
        &app,
        &format!("SELECT id FROM campaign_materials WHERE campaign_id = {id} AND kind = 'book'"),
    )
    .await;
    // Chapters, one per line.
    let r = form_post(
        &app,
        &format!("/campaigns/{id}/materials/{book}/edit"),
        &format!("/campaigns/{id}/materials/{book}/edit"),
        &[
            ("kind", "book"),
            ("title", "《习近平谈治国理政》第四卷"),
            ("link", ""),
            (
                "chapters",
                "一、坚持和加强党的全面领导\n二、坚持以人民为中心\n\n",
            ),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get_text(&format!("/campaigns/{id}")).await;
    assert!(
        page.contains("2 个篇目") && page.contains("二、坚持以人民为中心"),
        "{page}"
    );
    // A link that is not http(s) comes back beside its field.
    let r = form_post(
        &app,
        &format!("/campaigns/{id}/materials/new"),
        &format!("/campaigns/{id}/materials/new"),
        &[
            ("kind", "video"),
            ("title", "专题片"),
            ("link", "javascript:alert(1)"),
            ("chapters", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"link-error\"") && page.contains("value=\"专题片\""));
    // Open it; branch 1 sees it now, and no button of the committee.
    let r = form_post(
        &app,
        &format!("/campaigns/{id}/open"),
        &format!("/campaigns/{id}"),
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get_text(&format!("/campaigns/{id}")).await;
    assert!(page.contains("id=\"close-campaign\""));
}

#[tokio::test]
async fn a_branch_sees_an_open_campaign_and_puts_its_activity_in_it_from_the_activity_page() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let body = crate::campaign_support::campaign_body(&app, ("2026-01-01", "2026-12-31")).await;
    // A draft first: not there for the branch.
    let (status, draft) = crate::helpers::send(
        &app,
        reqwest::Method::POST,
        "/api/v1/campaigns",
        &admin,
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let draft_id = draft["id"].as_i64().unwrap();
    let c = crate::campaign_support::open_campaign(&app, &admin, body).await;
    let id = c["id"].as_i64().unwrap();
    let book = c["materials"][1]["id"].as_i64().unwrap();
    app.login_ok("branch1").await;
    let (_, list) = app.get_text("/campaigns").await;
    assert!(
        list.contains(&format!("/campaigns/{id}\""))
            && !list.contains(&format!("/campaigns/{draft_id}\""))
    );
    assert!(
        !list.contains("id=\"new-campaign\""),
        "a branch runs no campaigns"
    );
    let (status, _) = app.get_text(&format!("/campaigns/{draft_id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, page) = app.get_text(&format!("/campaigns/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("id=\"manage\"") && page.contains("id=\"to-dashboard\""));
    // An activity of branch 1, recorded through its page, then put in the campaign.
    let org = branch_org(&app, 1).await.to_string();
    let r = app
        .post_form(
            "/activities/new",
            "/activities/new?mode=record",
            &[
                ("org_id", &org),
                ("mode", "record"),
                ("kind", "theme_day"),
                ("title", "主题党日：学习第四卷"),
                ("starts_at", "2026-03-05T14:00"),
                ("leader", "张三"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let activity = location(&r);
    let (_, page) = app.get_text(&activity).await;
    assert!(page.contains("id=\"campaign-form\""), "{page}");
    let token = csrf_in(&page);
    let r = app
        .client
        .post(app.url(&format!("{activity}/campaign")))
        .form(&[
            ("csrf_token", token.as_str()),
            ("campaign", &id.to_string()),
            ("studied", &format!("{id}/{book}:1")),
            ("studied", &format!("{id}/{book}:2")),
            ("studied", "999/1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get_text(&activity).await;
    assert!(page.contains("id=\"campaign-current\""));
    assert!(
        page.contains("《习近平谈治国理政》第四卷 · 二、坚持以人民为中心"),
        "{page}"
    );
    let aid: i64 = activity.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT COUNT(*) FROM campaign_sessions WHERE activity_id = {aid}")
        )
        .await,
        2
    );
}
