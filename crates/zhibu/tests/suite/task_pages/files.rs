//! Files attached to a report through the page and downloaded by the committee.

use super::*;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

#[tokio::test]
async fn a_file_goes_up_with_the_report_and_the_committee_downloads_it() {
    let app = spawn().await;
    let org = branch_org(&app, 1).await;
    let form = json!({"fields": [
        {"key": "summary", "label": "自查情况", "type": "long_text", "required": true},
        {"key": "evidence", "label": "自查报告", "type": "files", "max_files": 2, "required": true}
    ]});
    let task = task_for(&app, "网络安全自查整改情况", form, &[org]).await;
    let branch = Session::start(&app, "branch1").await;
    let path = format!("/tasks/{task}/reports/{org}");
    let (_, fill) = branch.get(&path).await;
    assert!(
        fill.contains("class=\"files-field\" id=\"f-evidence\"")
            && fill.contains("type=\"file\"")
            && fill.contains("最多2个文件"),
        "{fill}"
    );
    assert!(!fill.contains("即将支持"));

    // Uploaded as the page's script does; an HTML page is refused by its content.
    let upload = format!("/api/v1/tasks/{task}/submissions/{org}/files?period=once");
    let r = branch.upload(&upload, "自查报告.pdf", PDF).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let file: Value = r.json().await.unwrap();
    let file_id = file["id"].as_i64().unwrap();
    assert_eq!(file["name"], "自查报告.pdf");
    let r = branch
        .upload(
            &upload,
            "report.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused: Value = r.json().await.unwrap();
    assert_eq!(refused["error"]["code"], "file_type_refused", "{refused}");

    // Handed in through the page's form, the file named by its hidden field.
    let named = json!({"id": file_id, "name": "自查报告.pdf"}).to_string();
    let r = branch
        .post(
            &path,
            &[
                ("period", "once"),
                ("based_on", "0"),
                ("intent", "submit"),
                ("f.summary", "已完成网络安全自查。"),
                ("f.evidence", &named),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let admin_token = app.token_ok("admin").await;
    let stored: Value = app
        .api_get(
            &format!("/api/v1/tasks/{task}/submissions/{org}"),
            &admin_token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        stored["versions"][0]["answers"]["evidence"],
        json!([{"id": file_id, "name": "自查报告.pdf"}])
    );
    let link = format!("/tasks/{task}/reports/{org}/files/{file_id}");
    let (_, page) = branch.get(&path).await;
    assert!(
        page.contains(&format!("href=\"{link}\"")) && page.contains("自查报告.pdf"),
        "{page}"
    );
    // The form keeps the file, in the hidden field the next post sends again.
    assert!(page.contains("data-file-value"), "{page}");

    // The committee reads it as a link and downloads it.
    let admin = Session::start(&app, "admin").await;
    let (_, review) = admin.get(&path).await;
    assert!(
        review.contains(&format!(
            "<a href=\"{link}\" class=\"file-link\">自查报告.pdf</a>"
        )),
        "{review}"
    );
    let r = admin.client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment"),
    );
    assert_eq!(&r.bytes().await.unwrap()[..], PDF);
    // The branch downloads its own; another branch learns nothing.
    let r = branch.client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let other = Session::start(&app, "branch2").await;
    assert_eq!(other.get(&link).await.0, StatusCode::NOT_FOUND);
    let other_org = branch_org(&app, 2).await;
    assert_eq!(
        admin
            .get(&format!(
                "/tasks/{task}/reports/{other_org}/files/{file_id}"
            ))
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // Returned, and handed in again without the file: the committee sees it went, by name.
    let r = admin
        .post(
            &format!("{path}/review"),
            &[
                ("period", "once"),
                ("decision", "return"),
                ("reason", "请补充整改记录"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let saves = stored["saves"].as_i64().unwrap().to_string();
    let r = branch
        .post(
            &path,
            &[
                ("period", "once"),
                ("based_on", &saves),
                ("intent", "draft"),
                ("f.summary", "已完成网络安全自查，附整改记录。"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = branch.get(&path).await;
    assert!(!page.contains("data-file-value"), "removed from the answer");
    // Required at hand-in: refused beside the field.
    let now: Value = app
        .api_get(
            &format!("/api/v1/tasks/{task}/submissions/{org}"),
            &admin_token,
        )
        .await
        .json()
        .await
        .unwrap();
    let saves = now["saves"].as_i64().unwrap().to_string();
    let r = branch
        .post(
            &path,
            &[
                ("period", "once"),
                ("based_on", &saves),
                ("intent", "submit"),
                ("f.summary", "已完成网络安全自查，附整改记录。"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("“自查报告”为必填项"));
    // A second file, handed in in place of the first.
    let r = branch.upload(&upload, "整改记录.pdf", PDF).await;
    let second = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let r = branch
        .post(
            &path,
            &[
                ("period", "once"),
                ("based_on", &saves),
                ("intent", "submit"),
                ("f.summary", "已完成网络安全自查，附整改记录。"),
                ("f.evidence", &second.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, review) = admin.get(&path).await;
    assert!(review.contains("id=\"changes\""), "{review}");
    let changes = &review[review.find("id=\"changes\"").unwrap()..];
    let changes = &changes[..changes.find("</section>").unwrap()];
    assert!(
        changes.contains(&format!(
            "files/{file_id}\" class=\"file-link\">自查报告.pdf"
        )) && changes.contains(&format!(
            "files/{second}\" class=\"file-link\">整改记录.pdf"
        )),
        "{changes}"
    );
}
