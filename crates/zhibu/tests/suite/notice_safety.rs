//! Writing and sending a notice safely through the pages: what was pasted is never lost on a
//! refusal (no title found, too long, an unreadable file), every refusal is in the reader's
//! language, and a notice goes out only after the issuer has seen whom it reaches and what it
//! lacks.

use crate::helpers::{TestApp, confirmed_count, csrf_in, scalar, spawn};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

/// Step 1 with `source` pasted and, if given, a file; answers the status and the page.
async fn recognise(
    app: &TestApp,
    source: &str,
    file: Option<(&str, Vec<u8>)>,
) -> (StatusCode, String) {
    let committee = scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let (_, page) = app.get_text("/notices/new").await;
    let token = csrf_in(&page);
    let mut form = Form::new()
        .text("org_id", committee.to_string())
        .text("source", source.to_owned());
    if let Some((name, bytes)) = file {
        form = form.part("file", Part::bytes(bytes).file_name(name.to_owned()));
    }
    let r = app
        .client
        .post(app.url(&format!("/notices/preview?csrf_token={token}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn a_notice_without_a_title_found_keeps_its_text_and_takes_a_typed_title() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let source = "各党支部：\n请于8月30日前报送本支部学习情况。\n\n机关党委\n2026年12月1日";
    let (status, page) = recognise(&app, source, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("没有识别到标题"), "{page}");
    // The preview, where the title can be typed, with the text as pasted.
    assert!(page.contains("id=\"title\""), "{page}");
    assert!(page.contains("请于8月30日前报送本支部学习情况。"), "{page}");
    let r = app
        .save_notice_draft(source, &[("title", "关于报送学习情况的通知")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM notices WHERE title = '关于报送学习情况的通知'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_text_over_the_limit_is_refused_whole_and_kept() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let before = scalar(&app, "SELECT COUNT(*) FROM notices").await;
    let source = format!("关于开展学习的通知\n{}末尾标记", "学".repeat(200_000));
    let (status, page) = recognise(&app, &source, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("超过了 200000 字的上限"), "{}", &page[..2000]);
    assert!(page.contains("有 200014 个字"), "the length is named");
    assert!(
        page.contains("学学末尾标记</textarea>"),
        "the whole text is kept"
    );
    assert!(
        page.contains("data-max-chars=\"200000\""),
        "counted as it is typed"
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM notices").await, before);
}

#[tokio::test]
async fn an_unreadable_file_is_explained_in_the_readers_language_and_the_paste_is_kept() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "通知.docx",
            b"PK\x03\x04 not really a zip",
            "不是能读取的 Word 文档",
        ),
        ("通知.pdf", b"%PDF-1.7 ...", "暂不能读取 PDF"),
        (
            "通知.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....",
            "旧版 Word",
        ),
        ("通知.txt", b"\xB9\xD8\xD3\xDA", "不是 UTF-8 编码"),
    ];
    for (name, bytes, said) in cases {
        let (status, page) = recognise(&app, "我先粘贴的文字", Some((name, bytes.to_vec()))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(page.contains(said), "{name}: {page}");
        for raw in ["EOCD", "word/document.xml", "zip", "offset"] {
            assert!(
                !page.contains(raw),
                "{name}: the reader's own words ({raw}) shown"
            );
        }
        assert!(
            page.contains(">我先粘贴的文字</textarea>"),
            "{name}: the paste kept"
        );
    }
}

/// A draft whose text lists two attachments, none uploaded; answers its page's path.
async fn draft_with_attachments(app: &TestApp) -> String {
    let source = "关于报送活动材料的通知\n各党支部：\n请按附件要求报送。\n\n附件：1.报名表\n2.日程安排\n\n机关党委\n2026年12月1日";
    let (status, page) = recognise(app, source, None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let r = app.save_notice_draft(source, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    crate::helpers::location(&r)
}

#[tokio::test]
async fn a_notice_goes_out_only_after_its_reach_and_missing_attachments_are_confirmed() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let path = draft_with_attachments(&app).await;
    let committee = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL")
        .await
        .to_string();
    let publish = format!("{path}/publish");
    let id = path.rsplit('/').next().unwrap();
    let recipients = format!("SELECT COUNT(*) FROM notice_recipients WHERE notice_id = {id}");

    let r = app
        .post_form(&publish, &path, &[("subtree", &committee)])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("将下发至 14 个组织："), "{page}");
    assert!(
        page.contains("另有 2 个"),
        "twelve named, the rest counted: {page}"
    );
    assert!(
        page.contains("正文列出了 2 个附件（1.报名表 2.日程安排），目前只上传了 0 个附件文件"),
        "{page}"
    );
    assert!(page.contains("确认下发至 14 个组织"));
    assert_eq!(confirmed_count(&page), "14");
    assert_eq!(
        scalar(&app, &recipients).await,
        0,
        "nothing sent on the first press"
    );
    let published = format!("SELECT COUNT(*) FROM notices WHERE id = {id} AND status = 'draft'");
    assert_eq!(scalar(&app, &published).await, 1, "still a draft");

    // The choice changed after the confirmation: it reaches another number, so it is asked again.
    let branch = scalar(
        &app,
        "SELECT id FROM orgs WHERE name = '重庆市机械工程学会党支部'",
    )
    .await;
    let r = app
        .post_form(
            &publish,
            &path,
            &[("org", &branch.to_string()), ("confirmed", "14")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("将下发至 1 个组织：重庆市机械工程学会党支部"),
        "{page}"
    );
    assert_eq!(scalar(&app, &recipients).await, 0);

    let r = app
        .post_form(
            &publish,
            &path,
            &[("subtree", &committee), ("confirmed", "14")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(scalar(&app, &recipients).await, 14);
}

#[tokio::test]
async fn a_broken_upload_is_refused_in_the_readers_words_not_the_librarys() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let (_, page) = app.get_text("/notices/new").await;
    let token = csrf_in(&page);
    let r = app
        .client
        .post(app.url(&format!("/notices/preview?csrf_token={token}")))
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .body("--XYZ\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\n未完")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    assert!(page.contains("lang=\"zh-CN\""), "{page}");
    assert!(page.contains("请求格式不正确"), "{page}");
    // The multipart reader's own words ("field … received with incomplete data") stay out.
    for raw in ["incomplete", "received with", "multipart", "boundary"] {
        assert!(
            !page.contains(raw),
            "the library words ({raw}) shown: {page}"
        );
    }
}
