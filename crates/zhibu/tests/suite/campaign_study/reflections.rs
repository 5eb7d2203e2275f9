//! Reflections (心得体会): written, edited with every version kept and a stale save refused,
//! commented on by the branch admin and answered by the writer, featured; read by the writer,
//! the branch admin and the committee, by a member of the same branch only once featured, by
//! nobody else; withdrawn ones by their writer alone.

use super::{Study, code, field};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_reflection_is_written_edited_commented_featured_and_read_by_exactly_who_may() {
    let s = Study::start().await;
    let peer = s.second_member("peer1").await;
    let branch2 = s.app.token_ok("branch2").await;
    let r = s
        .write(
            &s.member1,
            "学习第四卷的体会",
            "第一段。\n第二段：<b>不是标记</b>",
        )
        .await;
    let id = r["id"].as_i64().unwrap();
    assert_eq!(r["version"], 1);
    assert_eq!(r["state"], "written");
    assert_eq!(r["material_id"], s.book);
    assert_eq!(r["material_title"], "《习近平谈治国理政》第四卷");
    assert_eq!(r["may_edit"], true);
    assert_eq!(r["may_feature"], false);
    let one = format!("/api/v1/reflections/{id}");

    // Edited: version 2; a save from the version-1 form is refused, nothing lost.
    let edit =
        |v: i64, body: &str| json!({"version": v, "title": "学习第四卷的体会", "body": body});
    let (status, e) = s
        .call(Method::PUT, &one, &s.member1, Some(edit(1, "改过的正文")))
        .await;
    assert_eq!(status, StatusCode::OK, "{e}");
    assert_eq!(e["version"], 2);
    assert_eq!(
        e["material_id"],
        Value::Null,
        "no material sent: the campaign as a whole"
    );
    let (status, stale) = s
        .call(
            Method::PUT,
            &one,
            &s.member1,
            Some(edit(1, "另一个窗口的正文")),
        )
        .await;
    assert_eq!(
        (status, code(&stale)),
        (StatusCode::CONFLICT, "stale_version")
    );
    let (status, empty) = s
        .call(Method::PUT, &one, &s.member1, Some(edit(2, " ")))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((code(&empty), field(&empty)), ("body_required", "body"));
    let (_, r) = s.call(Method::GET, &one, &s.member1, None).await;
    assert_eq!(r["body"], "改过的正文");
    let versions: Vec<&str> = r["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        versions,
        ["第一段。\n第二段：<b>不是标记</b>", "改过的正文"]
    );
    // Only the writer edits.
    let (status, _) = s
        .call(Method::PUT, &one, &s.branch1, Some(edit(2, "书记改的")))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Not featured yet: the branch admin and the committee read it, a peer does not.
    for token in [&s.branch1, &s.admin] {
        let (status, _) = s.call(Method::GET, &one, token, None).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _) = s.call(Method::GET, &one, &peer, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let list = format!("/api/v1/campaigns/{}/reflections", s.campaign);
    let (_, seen) = s.call(Method::GET, &list, &peer, None).await;
    assert!(ids(&seen).is_empty(), "{seen}");
    let (_, seen) = s.call(Method::GET, &list, &s.branch1, None).await;
    assert_eq!(ids(&seen), [id]);

    // The branch admin comments, the writer answers; a peer may not comment.
    let comments = format!("{one}/comments");
    let (status, c) = s
        .call(
            Method::POST,
            &comments,
            &s.branch1,
            Some(json!({"body": "写得很实在。"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    let (status, _) = s
        .call(
            Method::POST,
            &comments,
            &s.member1,
            Some(json!({"body": "谢谢书记。"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, e) = s
        .call(
            Method::POST,
            &comments,
            &s.branch1,
            Some(json!({"body": ""})),
        )
        .await;
    assert_eq!(
        (status, code(&e), field(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "body_required", "body")
    );
    let (status, _) = s
        .call(
            Method::POST,
            &comments,
            &peer,
            Some(json!({"body": "我也说两句"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s
        .call(
            Method::PUT,
            &format!("{one}/feature"),
            &s.member1,
            Some(json!({"featured": true})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a writer does not feature their own"
    );

    // Featured: the peer reads it, with its comments; another branch still does not.
    let (status, f) = s
        .call(
            Method::PUT,
            &format!("{one}/feature"),
            &s.branch1,
            Some(json!({"featured": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{f}");
    assert_eq!(f["featured"], true);
    let (status, r) = s.call(Method::GET, &one, &peer, None).await;
    assert_eq!(status, StatusCode::OK);
    let said: Vec<&str> = r["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert_eq!(said, ["写得很实在。", "谢谢书记。"]);
    assert_eq!(r["may_comment"], false);
    let (_, seen) = s.call(Method::GET, &list, &peer, None).await;
    assert_eq!(ids(&seen), [id]);
    assert_eq!(seen[0]["comments"], 2);
    let (status, _) = s.call(Method::GET, &one, &branch2, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s
        .call(
            Method::GET,
            &format!("{list}?org={}", crate::helpers::branch_org(&s.app, 1).await),
            &branch2,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "branch 2 takes part too");

    // Withdrawn: its writer alone reads it now; kept with its versions.
    let (status, w) = s
        .call(Method::POST, &format!("{one}/withdraw"), &s.member1, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{w}");
    assert_eq!(w["state"], "withdrawn");
    assert_eq!(w["versions"].as_array().unwrap().len(), 2);
    for token in [&peer, &s.branch1] {
        let (status, _) = s.call(Method::GET, &one, token, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (_, seen) = s.call(Method::GET, &list, &s.member1, None).await;
    assert_eq!(seen[0]["state"], "withdrawn");

    for (action, n) in [
        ("reflection.write", 1),
        ("reflection.edit", 1),
        ("reflection.comment", 2),
        ("reflection.feature", 1),
        ("reflection.withdraw", 1),
    ] {
        assert_eq!(s.events(action, "reflection").await, n, "{action}");
    }
    assert!(s.events("access.denied", "reflection").await >= 5);
}

#[tokio::test]
async fn a_reflection_needs_a_title_a_text_and_a_material_of_the_campaign() {
    let s = Study::start().await;
    let path = format!("/api/v1/campaigns/{}/reflections", s.campaign);
    let cases = [
        (
            json!({"title": "", "body": "正文"}),
            "title_required",
            "title",
        ),
        (
            json!({"title": "题目", "body": "\u{200B}"}),
            "body_required",
            "body",
        ),
        (
            json!({"title": "题", "body": "字".repeat(20_001)}),
            "too_long",
            "body",
        ),
        (
            json!({"title": "题", "body": "正文", "material_id": 999_999}),
            "unknown_material",
            "material_id",
        ),
    ];
    for (body, want, at) in cases {
        let (status, e) = s.call(Method::POST, &path, &s.member1, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!((code(&e), field(&e)), (want, at));
    }
    let org = crate::helpers::branch_org(&s.app, 1).await;
    let nobody = s
        .account("viewer2", None, domain::Role::BranchAdmin, org)
        .await;
    let (status, e) = s
        .call(
            Method::POST,
            &path,
            &nobody,
            Some(json!({"title": "题", "body": "正文"})),
        )
        .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "not_a_member")
    );
    assert_eq!(
        crate::helpers::scalar(&s.app, "SELECT COUNT(*) FROM reflections").await,
        0
    );
}
