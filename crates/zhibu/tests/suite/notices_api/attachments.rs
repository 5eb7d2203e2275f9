//! 附件: checked by content, stored once, downloaded as files, removed as a state.

use super::*;
use crate::helpers::{csrf_in, spawn_with};

const PDF: &[u8] = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

#[tokio::test]
async fn attachments_are_checked_by_content_stored_once_and_always_downloaded() {
    let app = spawn_with(|c| c.upload_limit = 64 * 1024).await;
    let admin = app.token_ok("admin").await;
    let own = first_branch(&app).await;
    let id = published(
        &app,
        &admin,
        FOUNDING,
        json!([{"org_id": own, "subtree": true}]),
    )
    .await;
    let base = format!("/api/v1/notices/{id}/attachments");

    let (status, pdf) = upload(&app, &base, &admin, file("附件1：学习材料.pdf", PDF)).await;
    assert_eq!(status, StatusCode::CREATED, "{pdf}");
    assert_eq!(
        (pdf["content_type"].as_str(), pdf["size"].as_i64()),
        (Some("application/pdf"), Some(PDF.len() as i64))
    );
    assert_eq!(pdf["name"], "附件1：学习材料.pdf");
    let (status, png) = upload(&app, &base, &admin, file("现场照片.png", PNG)).await;
    assert_eq!(
        (status, png["content_type"].as_str()),
        (StatusCode::CREATED, Some("image/png"))
    );
    // The same content under another name is stored once; a misleading name gets the real extension.
    let (status, copy) = upload(&app, &base, &admin, file("学习材料", PDF)).await;
    assert_eq!(
        (status, copy["name"].as_str()),
        (StatusCode::CREATED, Some("学习材料.pdf"))
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM files").await, 2);
    let stored: usize = std::fs::read_dir(app.data_dir.path().join("files"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|d| d.file_name() != "tmp")
        .map(|d| std::fs::read_dir(d.path()).unwrap().count())
        .sum();
    assert_eq!(stored, 2);

    // Recipients download them as files, with their Chinese names and the sniffed type.
    let branch1 = app.token_ok("branch1").await;
    let (status, list) = send(&app, Method::GET, &base, &branch1, None).await;
    assert_eq!(
        (status, list.as_array().unwrap().len()),
        (StatusCode::OK, 3)
    );
    let r = app.api_get(pdf["url"].as_str().unwrap(), &branch1).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%E9%99%84%E4%BB%B61"),
        "{disposition}"
    );
    assert_eq!(&r.bytes().await.unwrap()[..], PDF);
    // Taking a copy is on the record, with who took it.
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'notice.attachment_download' \
             AND username = 'branch1'"
        )
        .await,
        1
    );
    let r = app.api_get(png["url"].as_str().unwrap(), &branch1).await;
    assert_eq!(r.headers()["content-type"], "image/png");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );

    // Pages, SVG, scripts and programs are refused, named; so is anything over the limit.
    for (name, bytes) in [
        (
            "通知.html",
            &b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"[..],
        ),
        (
            "图标.svg",
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"[..],
        ),
        ("伪装.png", &b"<html><script>alert(1)</script></html>"[..]),
        (
            "setup.exe",
            &b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0"[..],
        ),
        ("run.sh", &b"#!/bin/sh\necho hi\n"[..]),
    ] {
        let (status, body) = upload(&app, &base, &admin, file(name, bytes)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert_eq!(body["error"]["code"], "file_type_refused");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(name),
            "{body}"
        );
    }
    let big = "学习材料\n".repeat(6000);
    let (status, body) = upload(&app, &base, &admin, file("材料汇编.txt", big.as_bytes())).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("材料汇编.txt"),
        "{body}"
    );
    let (status, body) = upload(&app, &base, &admin, file("空.txt", b"")).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("empty_file"))
    );
    let (status, _) = upload(&app, &base, &admin, Form::new().text("note", "no file")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let tmp = std::fs::read_dir(app.data_dir.path().join("files/tmp"))
        .unwrap()
        .count();
    assert_eq!(tmp, 0, "refused uploads leave no temporary file");

    // Only the issuer side adds and removes.
    let (status, _) = upload(&app, &base, &branch1, file("支部材料.pdf", PDF)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let png_url = png["url"].as_str().unwrap().to_owned();
    let (status, _) = send(&app, Method::DELETE, &png_url, &branch1, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Removal is a state: the row stays, the attachment is no longer listed or served.
    let r = reqwest::Client::new()
        .delete(app.url(&png_url))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (_, list) = send(&app, Method::GET, &base, &branch1, None).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    for token in [&admin, &branch1] {
        assert_eq!(
            app.api_get(&png_url, token).await.status(),
            StatusCode::NOT_FOUND
        );
    }
    let (status, _) = send(&app, Method::DELETE, &png_url, &admin, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let png_id = png["id"].as_i64().unwrap();
    let removed = scalar(
        &app,
        &format!(
            "SELECT COUNT(*) FROM notice_attachments WHERE id = {png_id} AND removed_at IS NOT NULL"
        ),
    )
    .await;
    assert_eq!(removed, 1);
    let (_, shown) = send(
        &app,
        Method::GET,
        &format!("/api/v1/notices/{id}"),
        &branch1,
        None,
    )
    .await;
    assert_eq!(shown["attachments"].as_array().unwrap().len(), 2);

    // Another branch downloads nothing.
    let branch2 = app.token_ok("branch2").await;
    assert_eq!(
        app.api_get(pdf["url"].as_str().unwrap(), &branch2)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'notice.attach' AND object_id = '{id}'")).await, 3);
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'notice.detach' AND object_id = '{id}'")).await, 1);
}

#[tokio::test]
async fn the_notice_page_adds_and_removes_attachments_with_its_csrf_token() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let id = published(
        &app,
        &admin,
        FOUNDING,
        json!([{"org_id": committee(&app).await, "subtree": true}]),
    )
    .await;
    app.login_ok("admin").await;
    let (_, home) = app.get_text("/").await;
    let token = csrf_in(&home);

    let path = format!("/notices/{id}/attachments");
    let r = app
        .client
        .post(app.url(&path))
        .multipart(file("材料.pdf", PDF))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no token, no upload");
    let r = app
        .client
        .post(app.url(&format!("{path}?csrf_token={token}")))
        .multipart(file("材料.pdf", PDF))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::location(&r), format!("/notices/{id}"));
    let attachment = scalar(
        &app,
        &format!("SELECT id FROM notice_attachments WHERE notice_id = {id}"),
    )
    .await;
    let r = app.get(&format!("{path}/{attachment}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );

    for _ in 0..2 {
        // Sent twice (a double click), the form still lands back on the notice.
        let r = app
            .post_form(&format!("{path}/{attachment}/remove"), "/", &[])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    assert_eq!(
        app.get(&format!("{path}/{attachment}")).await.status(),
        StatusCode::NOT_FOUND
    );
}
