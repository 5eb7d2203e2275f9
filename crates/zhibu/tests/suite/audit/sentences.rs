//! The audit page reads as sentences in the reader's language: one per event, its detail
//! folded into a `<details>`, the 操作 filter a list of named actions.

use super::*;
use crate::helpers::{location, scalar};
use crate::notices::FOUNDING;

/// Admin drafts a notice and publishes it to the whole tree; answers its id.
async fn publish_a_notice(app: &TestApp) -> i64 {
    let committee = scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    app.login_ok("admin").await;
    let r = app
        .save_notice_draft(FOUNDING, &[("title", "关于做好近期有关工作的通知")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id: i64 = location(&r).rsplit('/').next().unwrap().parse().unwrap();
    let path = format!("/notices/{id}");
    let r = app
        .publish_confirmed(
            &format!("{path}/publish"),
            &path,
            &[("subtree", &committee.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    id
}

/// An event of an action this version does not know, as a newer one might have written,
/// with a JSON detail holding markup.
async fn record_a_future_action(app: &TestApp) {
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    let entry = AuditEntry {
        at: Timestamp(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis() as i64,
        ),
        account_id: None,
        username: "system",
        ip: "",
        action: "zz.future_thing",
        object_type: "gadget",
        object_id: "7".into(),
        org_id: None,
        outcome: Outcome::Success,
        detail: r#"{"rows": 3, "file": "<b>名册</b>.xlsx", "orgs": [4, 5]}"#.into(),
    };
    audit::record(&mut tx, entry).await.unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
}

async fn page(client: &reqwest::Client, app: &TestApp, path: &str, lang: &str) -> String {
    let r = client
        .get(app.url(path))
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

/// The `data-action` of every event on a page.
fn actions_on(page: &str) -> Vec<&str> {
    page.split("<li class=\"audit-event\"")
        .skip(1)
        .map(|row| {
            let start = row.find("data-action=\"").unwrap() + "data-action=\"".len();
            &row[start..start + row[start..].find('"').unwrap()]
        })
        .collect()
}

#[tokio::test]
async fn the_audit_page_reads_each_event_as_a_sentence_in_the_readers_language() {
    let app = spawn().await;
    assert_eq!(
        app.login("member1", "Wrong-Pass-123").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let notice = publish_a_notice(&app).await;
    record_a_future_action(&app).await;
    let auditor = browser_of(&app, "auditor").await;

    let zh = page(&auditor, &app, "/audit", "zh-CN").await;
    assert!(
        zh.contains(&format!(
            "<strong>周示例（admin）</strong>发布了通知 #{notice}"
        )),
        "{zh}"
    );
    assert!(zh.contains(&format!(
        "<strong>周示例（admin）</strong>新建了通知 #{notice}"
    )));
    // A failure is marked; the person is named as the login form recorded them.
    assert!(zh.contains("（member1）</strong>登录 <span class=\"tag warn\">失败</span>"));
    // An action this version has no words for still reads, naming its code.
    assert!(zh.contains("<strong>系统</strong>执行了操作 zz.future_thing（gadget #7）"));
    // Every event's detail, address and number are folded away beneath it.
    let rows = zh.matches("<li class=\"audit-event\"").count();
    assert!(rows >= 5, "{zh}");
    assert_eq!(zh.matches("<details>").count(), rows);
    assert_eq!(zh.matches("<summary>详情</summary>").count(), rows);
    assert!(zh.contains(" recipients</dd>"), "a text detail as it is");
    assert!(zh.contains("<dt class=\"field\"><code>file</code></dt><dd class=\"field\">&#60;b&#62;名册&#60;/b&#62;.xlsx</dd>"));
    assert!(zh.contains("<dt class=\"field\"><code>orgs</code></dt><dd class=\"field\">4, 5</dd>"));
    assert!(!zh.contains("<b>名册"), "recorded text is never markup");
    assert!(zh.contains("<dd>127.0.0.1</dd>"));
    // No table to scroll sideways, and no link the auditor could only be refused at (三员分立).
    assert!(!zh.contains("<table"));
    assert!(!zh.contains(&format!("href=\"/notices/{notice}\"")));

    let en = page(&auditor, &app, "/audit", "en-GB,en;q=0.8").await;
    assert!(
        en.contains(&format!(
            "<strong>周示例 (admin)</strong> published notice #{notice}"
        )),
        "{en}"
    );
    assert!(en.contains("<strong>The system</strong> did zz.future_thing (gadget #7)"));
    assert!(en.contains("<summary>Details</summary>"));
    assert!(en.contains("<option value=\"notice.publish\">Notice published</option>"));
}

#[tokio::test]
async fn the_action_filter_is_a_list_of_named_actions_and_narrows_to_the_one_chosen() {
    let app = spawn().await;
    publish_a_notice(&app).await;
    let auditor = browser_of(&app, "auditor").await;

    let zh = page(&auditor, &app, "/audit", "zh-CN").await;
    assert!(
        zh.contains("<select name=\"action\" id=\"audit-action\">"),
        "{zh}"
    );
    assert!(zh.contains("<option value=\"\">全部操作</option>"));
    assert!(zh.contains("<optgroup label=\"通知\">"));
    assert!(zh.contains("<option value=\"notice.publish\">发布通知</option>"));
    assert!(zh.contains("<option value=\"login\">登录</option>"));
    assert!(
        !zh.contains("name=\"action\" id=\"audit-action\" value="),
        "no typed code"
    );

    let chosen = page(&auditor, &app, "/audit?action=notice.publish", "zh-CN").await;
    assert_eq!(actions_on(&chosen), ["notice.publish"]);
    assert!(chosen.contains("<option value=\"notice.publish\" selected>发布通知</option>"));
    assert!(chosen.contains("共 1 条"));

    // A prefix, as the API and older links write it, still narrows and is kept by the form.
    let prefix = page(&auditor, &app, "/audit?action=notice.*", "zh-CN").await;
    assert_eq!(actions_on(&prefix), ["notice.publish", "notice.create"]);
    assert!(prefix.contains("<option value=\"notice.*\" selected>按代码：notice.*</option>"));

    let token = app.token_ok("auditor").await;
    let (total, found) = events(&app, &token, "action=notice.publish").await;
    assert_eq!(
        (total, found[0]["action"].as_str()),
        (1, Some("notice.publish"))
    );
    let (total, _) = events(&app, &token, "action=notice.*").await;
    assert_eq!(total, 2);
}
