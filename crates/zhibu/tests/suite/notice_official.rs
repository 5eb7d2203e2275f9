//! The official view of a notice (红头文件版式): the GB/T 9704 layout of what was issued, for
//! its issuer and its recipients only.

use crate::helpers::scalar;
use crate::helpers::{PASSWORD, TestApp, TestAppClient, new_client, spawn};
use domain::{OrgKind, Role, Timestamp};
use gongwen::NoticeDraft;
use reqwest::StatusCode;

/// 2022-08-05 10:00 in Shanghai, in milliseconds: when the founding notice was written.
const AUG_5: i64 = 1_659_664_800_000;
const MINUTE: i64 = 60_000;

const FOUNDING: &str = include_str!("../../../app/demo/founding-notice.md");

/// Saves `draft` as a notice of the committee, written by admin at `at`, and answers its id.
async fn create_notice(app: &TestApp, draft: &NoticeDraft, at: i64) -> i64 {
    let committee = scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let admin = scalar(app, "SELECT id FROM accounts WHERE username = 'admin'").await;
    let json = serde_json::to_string(draft).unwrap();
    let content = store::notices::Content {
        title: draft.title.as_deref().unwrap_or(""),
        doc_number: draft.doc_number.as_ref().map(|d| d.text()).unwrap_or(""),
        json: &json,
        source: FOUNDING,
    };
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    let id = store::notices::create(&mut tx, committee, content, admin, Timestamp(at))
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
    id
}

/// Publishes a notice to every branch under the committee at `at`.
async fn publish_to_all(app: &TestApp, id: i64, at: i64) {
    let committee = scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    store::notices::set_targets(&mut tx, id, &[(committee, true)])
        .await
        .unwrap();
    let count = store::notices::publish(&mut tx, id, committee, Timestamp(at))
        .await
        .unwrap();
    assert!(count >= 14, "every branch receives it: {count}");
    store::commit(tx).await.unwrap();
    db.close().await;
}

/// The founding notice, issued by the committee and published to all branches.
async fn founding_notice(app: &TestApp) -> i64 {
    let id = create_notice(app, &gongwen::parse_text(FOUNDING), AUG_5).await;
    publish_to_all(app, id, AUG_5 + 30 * MINUTE).await;
    id
}

async fn logged_in(app: &TestApp, username: &str) -> reqwest::Client {
    let (client, _) = new_client();
    TestAppClient::login(app, &client, username, PASSWORD).await
}

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (StatusCode, String) {
    let r = client.get(app.url(path)).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// The text of an element found by its id, tags removed and white space collapsed.
fn text_of(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let start = html[start..].find('>').unwrap() + start + 1;
    let tag_start = html[..start].rfind('<').unwrap() + 1;
    let tag: String = html[tag_start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let end = html[start..].find(&format!("</{tag}>")).unwrap() + start;
    let mut out = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with the entities a template writes turned back into characters.
fn unescape(text: &str) -> String {
    [
        ("&#60;", "<"),
        ("&lt;", "<"),
        ("&#62;", ">"),
        ("&gt;", ">"),
        ("&#34;", "\""),
        ("&quot;", "\""),
        ("&#39;", "'"),
    ]
    .iter()
    .fold(text.to_owned(), |t, (entity, c)| t.replace(entity, c))
    .replace("&#38;", "&")
    .replace("&amp;", "&")
}

/// Asserts that `needles` occur in `haystack` in this order.
fn in_order(haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        let at = haystack[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not found after byte {from}"));
        from += at + needle.len();
    }
}

#[tokio::test]
async fn the_official_view_sets_the_founding_notice_as_a_red_header_document() {
    let app = spawn().await;
    let id = founding_notice(&app).await;
    let admin = logged_in(&app, "admin").await;
    let (status, html) = page(&app, &admin, &format!("/notices/{id}/official")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("href=\"/static/official.css\""));
    assert!(
        !html.contains("/static/app.css"),
        "a document page of its own, not the app's frame"
    );
    assert_eq!(
        text_of(&html, "official-issuer"),
        "中共重庆市科学技术协会科技社团委员会"
    );
    assert!(
        html.contains("class=\"issuer fit-18\""),
        "the header is sized to fit the text block"
    );
    assert_eq!(
        text_of(&html, "official-doc-number"),
        "渝科协社党发〔2022〕28号"
    );
    assert_eq!(
        text_of(&html, "official-title"),
        "中共重庆市科协科技社团委员会关于做好近期有关工作的通知"
    );
    assert!(
        html.contains(
            "<span>中共重庆市科协科技社团委员会</span><span>关于做好近期有关工作的通知</span>"
        ),
        "the title breaks before 关于"
    );
    assert_eq!(text_of(&html, "official-recipients"), "各党支部：");

    let body = text_of(&html, "official-text");
    in_order(
        &body,
        &[
            "即将召开的党的二十大",
            "一、认真开展主题学习活动",
            "（一）强化政治意识，提高思想认识",
            "（二）聚焦活动主题，突出重点内容",
            "1.及时学习习近平总书记",
            "2.系统学习《习近平谈治国理政》第四卷",
            "3.深入学习《习近平经济思想学习纲要》",
            "（三）明确学习要求，确保学习效果",
            "1.坚持示范引领学，加强组织引导。各党支部要高度重视",
            "2.坚持融会贯通学，学深悟透真信。",
            "3.坚持知行合一学，推动本职工作。",
            "二、切实做好疫情防控工作",
            "三、扎实做好安全稳定工作",
            "确保网络信息安全。",
        ],
    );
    // Headings on lines of their own by level; run-in leads in bold within their paragraph.
    assert!(html.contains("<h2 class=\"h l1\">一、认真开展主题学习活动</h2>"));
    assert!(html.contains("<h3 class=\"h l2\">（一）强化政治意识，提高思想认识</h3>"));
    assert!(html.contains(
        "<p class=\"run-in l3\"><strong>1.坚持示范引领学，加强组织引导。</strong>各党支部要"
    ));
    assert!(html.contains("<strong>3.坚持知行合一学，推动本职工作。</strong>"));

    assert_eq!(
        text_of(&html, "official-closing"),
        "中共重庆市科协科技社团委员会 2022年8月5日"
    );
    assert!(html.contains("<p class=\"date\">2022年8月5日</p>"));
    // Published: the 版记 names who sent it out and when.
    assert_eq!(
        text_of(&html, "official-imprint"),
        "中共重庆市科学技术协会科技社团委员会2022年8月5日印发"
    );
    assert!(!html.contains("class=\"watermark\""));
    // Nothing inline: the CSP forbids it.
    assert!(!html.contains("style=") && !html.contains("<script>"));

    let css = app.get("/static/official.css").await;
    assert_eq!(css.status(), StatusCode::OK);
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let css = css.text().await.unwrap();
    assert!(css.contains("size: A4") && css.contains("margin: 37mm 26mm 35mm 28mm"));
}

#[tokio::test]
async fn a_recipient_branch_opens_the_official_view_and_another_committee_cannot() {
    let app = spawn().await;
    let id = founding_notice(&app).await;
    let path = format!("/notices/{id}/official");

    for username in ["branch1", "member1"] {
        let client = logged_in(&app, username).await;
        let (status, html) = page(&app, &client, &path).await;
        assert_eq!(status, StatusCode::OK, "{username} received it");
        assert_eq!(
            text_of(&html, "official-doc-number"),
            "渝科协社党发〔2022〕28号"
        );
    }

    // A committee of its own, with its own staff: not a recipient, not the issuer.
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    let other = store::orgs::create(
        &mut tx,
        store::orgs::NewOrg {
            parent_id: None,
            kind: OrgKind::Committee,
            name: "中共某某区科协委员会",
            short_name: "",
            society: "",
            contact_person: "",
            contact_phone: "",
            sort_order: 0,
        },
        Timestamp(0),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    let account = app
        .create_account("other_staff", "Other-Pass-2026", false)
        .await;
    let mut tx = db.begin().await.unwrap();
    store::grants::create(
        &mut tx,
        account,
        Role::CommitteeAdmin,
        other,
        None,
        Timestamp(0),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
    let (client, _) = new_client();
    let outsider = TestAppClient::login(&app, &client, "other_staff", "Other-Pass-2026").await;
    let (status, html) = page(&app, &outsider, &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("渝科协社党发"));

    let (visitor, _) = new_client();
    let r = visitor.get(app.url(&path)).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "a visitor is sent to log in"
    );
    let admin = logged_in(&app, "admin").await;
    assert_eq!(
        page(&app, &admin, "/notices/999999/official").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn notice_text_is_shown_as_text_never_as_markup() {
    let app = spawn().await;
    let mut draft = gongwen::parse_text(FOUNDING);
    draft.title = Some("关于<script>alert(1)</script>的通知".into());
    draft.recipients = vec!["<b>各党支部</b>".into()];
    draft.preamble = "请点击<a href=\"javascript:alert(1)\">这里</a>。".into();
    let id = create_notice(&app, &draft, AUG_5).await;
    let admin = logged_in(&app, "admin").await;
    let (status, html) = page(&app, &admin, &format!("/notices/{id}/official")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<b>各党支部</b>"));
    assert!(!html.contains("<a href=\"javascript"));
    // Shown as the characters they are.
    assert_eq!(
        unescape(&text_of(&html, "official-title")),
        "关于<script>alert(1)</script>的通知"
    );
    assert_eq!(
        unescape(&text_of(&html, "official-recipients")),
        "<b>各党支部</b>："
    );
    assert!(
        unescape(&text_of(&html, "official-text"))
            .contains("<a href=\"javascript:alert(1)\">这里</a>")
    );
}

#[tokio::test]
async fn an_older_revision_is_shown_to_whoever_received_it() {
    let app = spawn().await;
    let mut draft = gongwen::parse_text(FOUNDING);
    let id = create_notice(&app, &draft, AUG_5).await;
    // Revision 2 before publishing, revision 3 after it.
    let db = app.db().await;
    for (title, at) in [
        ("关于做好近期有关工作的通知（二稿）", AUG_5 + MINUTE),
        ("关于做好近期有关工作的通知（修订）", AUG_5 + 60 * MINUTE),
    ] {
        draft.title = Some(title.into());
        let json = serde_json::to_string(&draft).unwrap();
        let content = store::notices::Content {
            title,
            doc_number: "渝科协社党发〔2022〕28号",
            json: &json,
            source: FOUNDING,
        };
        let admin = scalar(&app, "SELECT id FROM accounts WHERE username = 'admin'").await;
        let mut tx = db.begin().await.unwrap();
        store::notices::revise(&mut tx, id, content, admin, Timestamp(at))
            .await
            .unwrap();
        store::commit(tx).await.unwrap();
        if at == AUG_5 + MINUTE {
            publish_to_all(&app, id, AUG_5 + 30 * MINUTE).await;
        }
    }
    db.close().await;
    let path = format!("/notices/{id}/official");

    let branch = logged_in(&app, "branch1").await;
    let (status, html) = page(&app, &branch, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        text_of(&html, "official-title"),
        "关于做好近期有关工作的通知（修订）"
    );
    assert!(!html.contains("id=\"official-current\""));
    let (status, html) = page(&app, &branch, &format!("{path}?revision=2")).await;
    assert_eq!(status, StatusCode::OK, "the revision as published");
    assert_eq!(
        text_of(&html, "official-title"),
        "关于做好近期有关工作的通知（二稿）"
    );
    assert!(html.contains("这是第2版，当前为第3版。"));
    assert!(html.contains(&format!("href=\"{path}\" id=\"official-current\"")));
    for hidden in ["1", "4", "0", "-1"] {
        let (status, _) = page(&app, &branch, &format!("{path}?revision={hidden}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "revision {hidden}");
    }

    let admin = logged_in(&app, "admin").await;
    let (status, html) = page(&app, &admin, &format!("{path}?revision=1")).await;
    assert_eq!(status, StatusCode::OK, "the issuer sees every revision");
    assert_eq!(
        text_of(&html, "official-title"),
        "中共重庆市科协科技社团委员会关于做好近期有关工作的通知"
    );
}

#[tokio::test]
async fn a_withdrawn_notice_is_stamped_withdrawn_and_a_draft_is_marked() {
    let app = spawn().await;
    let id = founding_notice(&app).await;
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    store::notices::withdraw(
        &mut tx,
        id,
        "发文字号有误，另行发文",
        Timestamp(AUG_5 + 24 * 60 * MINUTE),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
    let branch = logged_in(&app, "branch1").await;
    let (status, html) = page(&app, &branch, &format!("/notices/{id}/official")).await;
    assert_eq!(status, StatusCode::OK, "a withdrawn notice stays readable");
    assert!(
        html.contains("<div class=\"watermark\" aria-hidden=\"true\"><span>已撤回</span></div>")
    );
    assert!(html.contains("撤回原因：发文字号有误，另行发文"));
    assert_eq!(
        text_of(&html, "official-issuer"),
        "中共重庆市科学技术协会科技社团委员会"
    );

    let draft = create_notice(
        &app,
        &gongwen::parse_text(FOUNDING),
        AUG_5 + 25 * 60 * MINUTE,
    )
    .await;
    let admin = logged_in(&app, "admin").await;
    let (status, html) = page(&app, &admin, &format!("/notices/{draft}/official")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("草稿：本通知尚未发布。"));
    assert!(
        !html.contains("id=\"official-imprint\""),
        "nothing was sent out yet"
    );
    assert_eq!(
        page(&app, &branch, &format!("/notices/{draft}/official"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

/// A notice with attachments and contacts: 附件说明 under the text, 附注 under the date.
fn with_attachments() -> NoticeDraft {
    let mut draft = gongwen::parse_text(FOUNDING);
    draft.attachments = vec![
        "“喜迎二十大、奋进新征程”主题学习活动情况统计表（请各党支部于9月15日前报送电子版和盖章扫描件）".into(),
        "网络安全自查整改情况表".into(),
    ];
    draft.contacts = vec!["联系人：周示例，电话：023-12345678".into()];
    draft
}

#[tokio::test]
async fn attachments_follow_the_text_and_contacts_the_date() {
    let app = spawn().await;
    let id = create_notice(&app, &with_attachments(), AUG_5).await;
    let admin = logged_in(&app, "admin").await;
    let (status, html) = page(&app, &admin, &format!("/notices/{id}/official")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<span class=\"n\">2.</span><span>网络安全自查整改情况表</span>"));
    in_order(
        &html,
        &[
            "id=\"official-text\"",
            "附件：",
            "1.",
            "主题学习活动情况统计表",
            "id=\"official-closing\"",
            "2022年8月5日",
        ],
    );
    assert_eq!(
        text_of(&html, "official-note"),
        "（联系人：周示例，电话：023-12345678）"
    );
}

/// In a real browser: the page at desktop and phone width, screenshots for people to look at.
mod browser {
    use super::*;
    use crate::browser::Browser;

    const NO_SIDEWAYS_SCROLL: &str =
        "return document.documentElement.scrollWidth <= window.innerWidth;";

    #[tokio::test]
    #[ignore = "needs chromium and chromedriver; run by .ci/run"]
    async fn the_official_view_looks_like_a_red_header_document_on_a_desk_and_a_phone() {
        let app = spawn().await;
        let id = founding_notice(&app).await;
        let path = format!("/notices/{id}/official");

        let browser = Browser::start(1280).await;
        browser.log_in(&app, "admin", PASSWORD).await;
        browser.text_of("#greeting").await;
        browser.client.goto(&app.url(&path)).await.unwrap();
        assert_eq!(
            browser.text_of("#official-doc-number").await,
            "渝科协社党发〔2022〕28号"
        );
        // An A4 sheet: 210 mm wide at 96 px to the inch, the header in red, the body in black.
        let sheet = browser
            .client
            .execute(
                "const s = getComputedStyle(document.querySelector('#official'));
                 const i = getComputedStyle(document.querySelector('#official-issuer'));
                 const p = getComputedStyle(document.querySelector('#official-text p'));
                 return [document.querySelector('#official').getBoundingClientRect().width, i.color, p.color, s.fontSize];",
                vec![],
            )
            .await
            .unwrap();
        let width = sheet[0].as_f64().unwrap();
        assert!((width - 793.7).abs() < 1.0, "{sheet}");
        assert_eq!(sheet[1], "rgb(230, 0, 18)");
        assert_eq!(sheet[2], "rgb(0, 0, 0)");
        assert_eq!(sheet[3], "21.3333px", "三号 is 16 pt");
        assert_eq!(
            browser
                .client
                .execute(NO_SIDEWAYS_SCROLL, vec![])
                .await
                .unwrap(),
            true
        );
        browser.screenshot("official-1280").await;
        browser
            .client
            .execute(
                "document.querySelector('#official-closing').scrollIntoView({block: 'center'});",
                vec![],
            )
            .await
            .unwrap();
        browser.screenshot("official-1280-closing").await;
        let other = create_notice(&app, &with_attachments(), AUG_5).await;
        browser
            .client
            .goto(&app.url(&format!("/notices/{other}/official")))
            .await
            .unwrap();
        browser
            .client
            .execute(
                "document.querySelector('#official-closing').scrollIntoView({block: 'center'});",
                vec![],
            )
            .await
            .unwrap();
        browser.screenshot("official-attachments-1280").await;
        browser.close().await;

        let browser = Browser::start(360).await;
        browser.log_in(&app, "branch1", PASSWORD).await;
        browser.text_of("#greeting").await;
        browser.client.goto(&app.url(&path)).await.unwrap();
        assert_eq!(browser.text_of("#official-recipients").await, "各党支部：");
        assert_eq!(
            browser
                .client
                .execute(NO_SIDEWAYS_SCROLL, vec![])
                .await
                .unwrap(),
            true
        );
        // The sheet keeps its proportions: the header still fits on one line.
        let fits = browser
            .client
            .execute(
                "const s = document.querySelector('#official').getBoundingClientRect();
                 const h = document.querySelector('#official-issuer');
                 return s.width <= window.innerWidth && h.scrollWidth <= h.clientWidth + 1 && s.height / s.width > 1.3;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(fits, true);
        browser.screenshot("official-360").await;

        // Withdrawn: stamped across the page, the reason above the header.
        let db = app.db().await;
        let mut tx = db.begin().await.unwrap();
        store::notices::withdraw(
            &mut tx,
            id,
            "发文字号有误，另行发文",
            Timestamp(AUG_5 + 60 * MINUTE),
        )
        .await
        .unwrap();
        store::commit(tx).await.unwrap();
        db.close().await;
        browser.client.refresh().await.unwrap();
        assert_eq!(browser.text_of(".watermark").await, "已撤回");
        assert_eq!(
            browser
                .client
                .execute(NO_SIDEWAYS_SCROLL, vec![])
                .await
                .unwrap(),
            true
        );
        browser.screenshot("official-withdrawn-360").await;
        browser.close().await;
    }
}
