//! The study and reflection pages as a member and their branch secretary use them: every
//! refusal comes back with what was typed and the problem beside its field; text people wrote
//! is shown as text.

use super::Study;
use crate::activity_pages::User;
use reqwest::StatusCode;

/// The value of input `id` in a page.
fn value_of(page: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\"");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("#{id} in {page}"));
    let tag = &page[start..start + page[start..].find('>').unwrap()];
    let v = tag.find("value=\"").map(|i| &tag[i + 7..]).unwrap_or("\"");
    v[..v.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn the_study_forms_keep_what_was_typed_and_name_the_problem_beside_its_field() {
    let s = Study::start().await;
    let me = User::login(&s.app, "member1").await;
    let page = format!("/campaigns/{}/study", s.campaign);
    let (status, html) = me.get(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"study-form\""), "{html}");
    assert_eq!(
        value_of(&html, "day"),
        "2022-09-01",
        "the date defaults to today"
    );
    assert!(html.contains("一、坚持和加强党的全面领导"));

    let chapter = format!("{}:1", s.book);
    let (status, _, html) = me
        .post(
            &page,
            &[
                ("source", "self"),
                ("material", &chapter),
                ("day", "2022-09-01"),
                ("minutes", "721"),
                ("note", "读了第二篇"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"minutes-error\""), "{html}");
    assert_eq!(value_of(&html, "minutes"), "721");
    assert_eq!(value_of(&html, "note"), "读了第二篇");
    assert!(html.contains(&format!("value=\"{chapter}\" selected")));
    // A chapter that cannot be read is refused as such, not taken for the whole material.
    let (status, _, html) = me
        .post(
            &page,
            &[
                ("source", "self"),
                ("material", &format!("{}:x", s.book)),
                ("day", "2022-09-01"),
                ("minutes", "30"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"chapter-error\""));

    let (status, _, html) = me
        .post(
            &page,
            &[
                ("source", "self"),
                ("material", &chapter),
                ("day", "2022-09-05"),
                ("minutes", "30"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"day-error\""));
    assert_eq!(value_of(&html, "day"), "2022-09-05");

    let (status, _, html) = me
        .post(
            &page,
            &[
                ("source", "online"),
                ("link", "javascript:alert(1)"),
                ("day", "2022-09-01"),
                ("minutes", "20"),
                ("note", "学习强国"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"link-error\""));
    assert_eq!(value_of(&html, "online-link"), "javascript:alert(1)");
    assert_eq!(value_of(&html, "online-note"), "学习强国");
    assert_eq!(value_of(&html, "note"), "", "the other form stays blank");
    assert_eq!(
        crate::helpers::scalar(&s.app, "SELECT COUNT(*) FROM study_logs").await,
        0
    );

    let (status, to, _) = me
        .post(
            &page,
            &[
                ("source", "self"),
                ("material", &chapter),
                ("day", "2022-09-01"),
                ("minutes", "45"),
                ("note", "读了第二篇"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(to, format!("{page}#entries"));
    let (_, html) = me.get(&page).await;
    assert!(html.contains("读了第二篇"));
    assert!(html.contains("id=\"left-list\""));
    let log = crate::helpers::scalar(&s.app, "SELECT MAX(id) FROM study_logs").await;
    let (status, to, _) = me.post(&format!("/study-logs/{log}/withdraw"), &[]).await;
    assert_eq!(
        (status, to.as_str()),
        (StatusCode::SEE_OTHER, format!("{page}#entries").as_str())
    );
    let (_, html) = me.get(&page).await;
    assert!(!html.contains("读了第二篇"));
    // Another's entry is not there.
    let secretary = User::login(&s.app, "branch1").await;
    let (status, _, _) = secretary
        .post(&format!("/study-logs/{log}/withdraw"), &[])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, html) = me.get("/me/study").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("href=\"{page}\"")), "{html}");
}

#[tokio::test]
async fn a_reflection_is_written_shown_as_text_commented_on_and_featured_through_the_pages() {
    let s = Study::start().await;
    let me = User::login(&s.app, "member1").await;
    let new = format!("/campaigns/{}/reflections/new", s.campaign);
    let (status, html) = me.get(&new).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"reflection-form\""));
    let body = "<script>alert(1)</script>\n第二行";
    let (status, _, html) = me
        .post(&new, &[("material", ""), ("title", " "), ("body", body)])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"title-error\""));
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;\n第二行</textarea>"),
        "{html}"
    );
    let book = s.book.to_string();
    let (status, to, _) = me
        .post(
            &new,
            &[("material", &book), ("title", "我的体会"), ("body", body)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, html) = me.get(&to).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("id=\"edit-reflection\""));

    // An edit from a form opened before another save is refused, the typing kept.
    let edit = format!("{to}/edit");
    let (_, form) = me.get(&edit).await;
    assert!(form.contains("name=\"version\" value=\"1\""));
    let (status, _, _) = me
        .post(
            &edit,
            &[
                ("version", "1"),
                ("material", &book),
                ("title", "我的体会"),
                ("body", "第二版"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, html) = me
        .post(
            &edit,
            &[
                ("version", "1"),
                ("material", &book),
                ("title", "我的体会"),
                ("body", "旧窗口里写的"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("旧窗口里写的</textarea>"));
    assert!(html.contains("id=\"form-error\""));

    // The secretary comments (an empty one comes back with its problem) and features it.
    let secretary = User::login(&s.app, "branch1").await;
    let (status, html) = secretary.get(&to).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"feature\""));
    let (status, _, html) = secretary
        .post(&format!("{to}/comments"), &[("body", "  ")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"comment-body-error\""));
    let (status, _, _) = secretary
        .post(&format!("{to}/comments"), &[("body", "联系实际，写得好。")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = secretary
        .post(&format!("{to}/feature"), &[("featured", "1")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = me.get(&to).await;
    assert!(html.contains("联系实际，写得好。"));
    assert!(html.contains("id=\"featured-tag\""));
    let (_, list) = secretary
        .get(&format!("/campaigns/{}/reflections", s.campaign))
        .await;
    assert!(list.contains("我的体会"));
    assert!(list.contains("id=\"branch-filter\""));
}

/// Every `study.…` key the study pages and API name is in both catalogues (the suite's
/// catalogue test reads two-part keys only; these have three).
#[test]
fn every_study_key_used_is_in_both_catalogues() {
    let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web");
    let mut used = std::collections::BTreeSet::new();
    for dir in [
        "templates/campaign_study",
        "src/pages/campaign_study",
        "src/api/campaign_study",
    ] {
        for entry in std::fs::read_dir(web.join(dir)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            used.extend(
                text.split('"')
                    .skip(1)
                    .step_by(2)
                    .filter(|q| q.starts_with("study.") && !q.contains(' '))
                    .map(str::to_owned),
            );
        }
    }
    assert!(used.len() > 50, "the scan found too few keys: {used:?}");
    for locale in [domain::Locale::ZhCn, domain::Locale::En] {
        let keys = web::catalog_keys(locale);
        let missing: Vec<_> = used
            .iter()
            .filter(|k| !keys.contains(&k.as_str()))
            .collect();
        assert!(missing.is_empty(), "{locale:?} lacks {missing:?}");
    }
}
