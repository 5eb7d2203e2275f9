//! The import page: the form, the report table, the import, the template.

use super::files::{OWN_BRANCH, csv, member_count, multipart, org_id, read_xlsx, utf8_with_bom};
use crate::helpers::{csrf_in, location, spawn};
use reqwest::StatusCode;

#[tokio::test]
async fn the_page_reports_problems_by_row_and_column_then_imports_a_clean_file() {
    let app = spawn().await;
    app.login_ok("branch1").await;
    let (status, page) = app.get_text("/members/import").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("enctype=\"multipart/form-data\""), "{page}");
    assert!(
        page.contains(OWN_BRANCH),
        "the branch is offered as the target"
    );
    assert!(
        !page.contains("重庆市电子学会党支部"),
        "other branches are not offered"
    );
    let token = csrf_in(&page);
    let own = org_id(&app, OWN_BRANCH).await.to_string();
    let before = member_count(&app).await;

    let post = |bytes: Vec<u8>, fields: Vec<(&'static str, String)>, with_token: bool| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (content_type, body) = multipart("名册.csv", &bytes, &fields);
        let url = if with_token {
            app.url(&format!("/members/import?csrf_token={token}"))
        } else {
            app.url("/members/import")
        };
        app.client
            .post(url)
            .header("content-type", content_type)
            .body(body)
            .send()
    };

    // Without the token in the form's action the upload is refused.
    let ok_file = utf8_with_bom(&csv(&[
        &["姓名", "手机号码"],
        &["页面甲", "13912340041"],
        &["页面乙", "13912340042"],
    ]));
    let r = post(
        ok_file.clone(),
        vec![("commit", "true".into()), ("org_id", own.clone())],
        false,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let bad = utf8_with_bom(&csv(&[
        &["姓名", "手机号码", "出生日期"],
        &["页面丙", "12345", "2099-01-01"],
    ]));
    let r = post(
        bad,
        vec![("commit", "true".into()), ("org_id", own.clone())],
        true,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let report = r.text().await.unwrap();
    assert!(report.contains("id=\"import-problems\""), "{report}");
    assert!(
        report.contains("<td class=\"num\">2</td><td class=\"col\">手机号码</td>"),
        "{report}"
    );
    assert!(report.contains("不能晚于今天"), "{report}");
    assert!(report.contains("没有写入任何数据"), "{report}");
    assert_eq!(member_count(&app).await, before);

    let r = post(
        ok_file.clone(),
        vec![("commit", "false".into()), ("org_id", own.clone())],
        true,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("文件无误：共 2 行"));
    assert_eq!(member_count(&app).await, before);

    let r = post(
        ok_file,
        vec![("commit", "true".into()), ("org_id", own)],
        true,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/members/import?imported=2");
    assert_eq!(member_count(&app).await, before + 2);
    let (_, done) = app.get_text(&location(&r)).await;
    assert!(done.contains("已导入 2 名党员"), "{done}");
}

#[tokio::test]
async fn the_template_has_the_header_an_example_and_notes() {
    let app = spawn().await;
    app.login_ok("branch1").await;
    let r = app.get("/members/import/template.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let sheets = read_xlsx(&r.bytes().await.unwrap());
    let (name, rows) = &sheets[0];
    assert_eq!(name, "党员名册");
    assert_eq!(
        rows[0],
        [
            "姓名",
            "所在组织",
            "性别",
            "出生日期",
            "手机号码",
            "电子邮箱",
            "党员类型",
            "入党日期",
            "职务"
        ]
    );
    assert_eq!(
        rows[1][1], OWN_BRANCH,
        "the example names the importer's org"
    );
    let (notes, lines) = &sheets[1];
    assert_eq!(notes, "填写说明");
    assert!(
        lines
            .iter()
            .any(|l| l[0] == "职务" && l[2].contains("组织委员")),
        "{lines:?}"
    );
}
