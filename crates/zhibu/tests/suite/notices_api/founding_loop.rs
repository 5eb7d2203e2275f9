//! The founding notice from its text to withdrawal, through the API.

use super::*;

#[tokio::test]
async fn the_founding_notice_goes_round_the_whole_loop_through_the_api() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let org = committee(&app).await;

    // From its text: the parsed structure comes back as `content`.
    let (status, draft) = send(
        &app,
        Method::POST,
        "/api/v1/notices",
        &admin,
        Some(json!({"org_id": org, "source": FOUNDING})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    assert_eq!(
        (draft["status"].as_str(), draft["revision"].as_i64()),
        (Some("draft"), Some(1))
    );
    assert_eq!(draft["doc_number"], "渝科协社党发〔2022〕28号");
    assert!(
        draft["title"]
            .as_str()
            .unwrap()
            .ends_with("关于做好近期有关工作的通知"),
        "{}",
        draft["title"]
    );
    let content = &draft["content"];
    assert_eq!(content["doc_number"]["text"], "渝科协社党发〔2022〕28号");
    assert_eq!(content["doc_number"]["serial"], 28);
    assert_eq!(content["recipients"], json!(["各党支部"]));
    assert_eq!(content["date"], "2022-08-05");
    assert_eq!(content["report_required"], true);
    let headings: Vec<&str> = content["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_str().unwrap())
        .collect();
    assert_eq!(headings, ["一", "二", "三"]);
    assert!(
        content["sections"][0]["title"]
            .as_str()
            .unwrap()
            .contains("主题学习活动")
    );
    assert!(
        content["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["phrase"].as_str().unwrap_or("").contains("二十大"))
    );
    assert_eq!(draft["side"], "issuer");
    assert_eq!(draft["source"], FOUNDING);
    let id = draft["id"].as_i64().unwrap();

    // From a file: .txt and .md read the same; a PDF is refused with the reader's reason.
    for name in ["通知.txt", "通知.md"] {
        let form = file(name, FOUNDING.as_bytes())
            .text("org_id", org.to_string())
            .text("date", "2022年8月6日");
        let (status, body) = upload(&app, "/api/v1/notices", &admin, form).await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {body}");
        assert_eq!(
            body["content"]["doc_number"]["text"],
            "渝科协社党发〔2022〕28号"
        );
        assert_eq!(
            body["content"]["date"], "2022-08-06",
            "a header correction wins"
        );
    }
    let form = file("通知.pdf", b"%PDF-1.4\n1 0 obj").text("org_id", org.to_string());
    let (status, body) = upload(&app, "/api/v1/notices", &admin, form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "unreadable_file");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("PDF"),
        "{body}"
    );
    // Header problems are named.
    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/notices",
        &admin,
        Some(json!({"org_id": org, "source": FOUNDING, "doc_number": "第28号"})),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_doc_number"))
    );
    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/notices",
        &admin,
        Some(json!({"org_id": org, "source": " "})),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("empty_notice"))
    );
    // Only the issuer side creates: a branch cannot issue for the committee.
    let branch1 = app.token_ok("branch1").await;
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/notices",
        &branch1,
        Some(json!({"org_id": org, "source": FOUNDING})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Published to the committee's subtree: every branch and general branch under it.
    let publish = json!({"targets": [{"org_id": org, "subtree": true}]});
    let (status, body) = send(
        &app,
        Method::POST,
        &format!("/api/v1/notices/{id}/publish"),
        &admin,
        Some(publish.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["recipients"], 14);
    assert_eq!(body["notice"]["status"], "published");
    let (status, body) = send(
        &app,
        Method::POST,
        &format!("/api/v1/notices/{id}/publish"),
        &admin,
        Some(publish),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("already_published"))
    );

    // branch1 finds it unread, reads it (recorded as opened), signs.
    let inbox = row(&app, &branch1, "inbox", id)
        .await
        .expect("in branch1's inbox");
    assert_eq!(inbox["recipient"]["unread"], true);
    assert_eq!(inbox["recipient"]["signed_at"], Value::Null);
    let (status, seen) = send(
        &app,
        Method::GET,
        &format!("/api/v1/notices/{id}"),
        &branch1,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen["side"], "recipient");
    assert_eq!(seen["received"][0]["unread"], false);
    assert_eq!(
        seen["content"]["doc_number"]["text"],
        "渝科协社党发〔2022〕28号"
    );
    assert_eq!(
        seen["receipts"],
        Value::Null,
        "recipients see no receipt counts"
    );
    let (status, signed) = send(
        &app,
        Method::POST,
        &format!("/api/v1/notices/{id}/sign"),
        &branch1,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{signed}");
    assert_eq!(
        (
            signed["revision"].as_i64(),
            signed["already_signed"].as_bool()
        ),
        (Some(1), Some(false))
    );
    let (_, again) = send(
        &app,
        Method::POST,
        &format!("/api/v1/notices/{id}/sign"),
        &branch1,
        Some(json!({})),
    )
    .await;
    assert_eq!(again["already_signed"], true);

    // The committee sees 1 signed, 1 opened, 13 not opened.
    let (status, receipts) = send(
        &app,
        Method::GET,
        &format!("/api/v1/notices/{id}/receipts"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        receipts["totals"],
        json!({"recipients": 14, "opened": 1, "signed": 1, "not_opened": 13})
    );
    let own = first_branch(&app).await;
    let mine = receipts["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["org_id"] == own)
        .unwrap();
    assert_eq!(mine["signed_revision"], 1);
    assert!(mine["signer"].is_string() && mine["opened_at"].is_string());
    let (_, shown) = send(
        &app,
        Method::GET,
        &format!("/api/v1/notices/{id}"),
        &admin,
        None,
    )
    .await;
    assert_eq!(shown["receipts"]["signed"], 1);
    assert_eq!(shown["targets"][0]["subtree"], true);

    // An edit makes revision 2: branch1 sees it changed.
    let edited = FOUNDING.replace("及时报送学习情况", "于9月30日前报送学习情况");
    let (status, body) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/notices/{id}"),
        &admin,
        Some(json!({"source": edited, "recipients": ["各党支部", "各学会"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["revision"], 2);
    assert_eq!(body["content"]["recipients"], json!(["各党支部", "各学会"]));
    let inbox = row(&app, &branch1, "inbox", id).await.unwrap();
    assert_eq!(
        (
            inbox["recipient"]["changed"].as_bool(),
            inbox["revision"].as_i64()
        ),
        (Some(true), Some(2))
    );
    let issued = row(&app, &admin, "issued", id).await.unwrap();
    assert_eq!(issued["receipts"]["recipients"], 14);

    // A member reads but cannot sign.
    let member1 = app.token_ok("member1").await;
    let (status, _) = send(
        &app,
        Method::GET,
        &format!("/api/v1/notices/{id}"),
        &member1,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/notices/{id}/sign"),
        &member1,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Withdrawal needs a reason; the notice stays readable, marked withdrawn.
    let (status, body) = send(
        &app,
        Method::POST,
        &format!("/api/v1/notices/{id}/withdraw"),
        &admin,
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason_required"))
    );
    let (status, body) = send(
        &app,
        Method::POST,
        &format!("/api/v1/notices/{id}/withdraw"),
        &admin,
        Some(json!({"reason": "内容调整，另行发文"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (body["status"].as_str(), body["withdraw_reason"].as_str()),
        (Some("withdrawn"), Some("内容调整，另行发文"))
    );
    let (status, seen) = send(
        &app,
        Method::GET,
        &format!("/api/v1/notices/{id}"),
        &branch1,
        None,
    )
    .await;
    assert_eq!(
        (status, seen["status"].as_str()),
        (StatusCode::OK, Some("withdrawn"))
    );
    let (status, body) = send(
        &app,
        Method::POST,
        &format!("/api/v1/notices/{id}/sign"),
        &branch1,
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("withdrawn"))
    );
    let (status, body) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/notices/{id}"),
        &admin,
        Some(json!({"source": FOUNDING})),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("withdrawn"))
    );

    // Every change left its audit event.
    for (action, n) in [
        ("notice.create", 1),
        ("notice.publish", 1),
        ("notice.open", 2),
        ("notice.sign", 1),
        ("notice.revise", 1),
        ("notice.withdraw", 1),
    ] {
        let found = scalar(
            &app,
            &format!(
                "SELECT COUNT(*) FROM audit_events WHERE action = '{action}' AND object_id = '{id}'"
            ),
        )
        .await;
        assert_eq!(found, n, "{action}");
    }
}

/// A .docx whose document.xml is `document`, deflated as Word does.
fn docx(document: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(document.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[tokio::test]
async fn a_small_docx_that_unpacks_to_megabytes_of_text_is_refused_and_nothing_is_saved() {
    let app = spawn().await;
    let admin = app.token_ok("admin").await;
    let org = committee(&app).await;
    let before = scalar(&app, "SELECT COUNT(*) FROM notices").await;
    // A few kilobytes that unpack to 8 MB of notice text (the review's was 117 KB → 60 MB).
    let bomb = docx(&format!(
        "<w:document><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
        "各党支部要高度重视。".repeat(8 * 1024 * 1024 / 30)
    ));
    assert!(bomb.len() < 256 * 1024, "{} bytes", bomb.len());
    let form = file("通知.docx", &bomb).text("org_id", org.to_string());
    let (status, body) = upload(&app, "/api/v1/notices", &admin, form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "file_text_too_long", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("2 MB"), "{message}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM notices").await, before);
}
