//! The activity pages as a branch secretary uses them: plan → 已召开 → 考勤 → 确认 → 更正,
//! every refusal shown in place; nobody outside the branch's line reaches any of its pages;
//! members read them once the branch shares its records; photos lose their GPS on the way in.

use crate::helpers::{
    PASSWORD, TestApp, TestAppClient, branch_org, csrf_in, location, new_client, scalar, spawn,
};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

/// A photo with GPS coordinates in its EXIF, as a phone takes it.
const GPS_JPEG: &[u8] = include_bytes!("../../../app/src/activities/testdata/gps.jpg");

/// A second browser, logged in as `username`.
pub struct User<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
}

impl<'a> User<'a> {
    pub async fn login(app: &'a TestApp, username: &str) -> User<'a> {
        let (client, _) = new_client();
        let client = TestAppClient::login(app, &client, username, PASSWORD).await;
        User { app, client }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let r = self.client.get(self.app.url(path)).send().await.unwrap();
        (r.status(), r.text().await.unwrap())
    }

    async fn token(&self) -> String {
        let (_, page) = self.get("/account/password").await;
        csrf_in(&page)
    }

    /// Posts `fields` with the session's CSRF token; the status, the redirect and the page.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String, String) {
        let token = self.token().await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        let r = self
            .client
            .post(self.app.url(path))
            .form(&form)
            .send()
            .await
            .unwrap();
        let to = location(&r);
        (r.status(), to, r.text().await.unwrap())
    }

    async fn upload(
        &self,
        path: &str,
        part: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> (StatusCode, String) {
        let token = self.token().await;
        let form = Form::new().part(
            part.to_owned(),
            Part::bytes(bytes).file_name(name.to_owned()),
        );
        let r = self
            .client
            .post(self.app.url(&format!("{path}?csrf_token={token}")))
            .multipart(form)
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }
}

/// The id at the end of a redirect to `/activities/{id}`.
fn id_of(location: &str) -> i64 {
    location
        .trim_start_matches("/activities/")
        .parse()
        .unwrap_or_else(|_| panic!("a redirect to an activity, not {location:?}"))
}

/// An activity of branch 1 added by `user` (`plan` or `record`).
pub async fn add_activity(user: &User<'_>, org: i64, mode: &str, kind: &str, title: &str) -> i64 {
    let org = org.to_string();
    let (status, to, page) = user
        .post(
            "/activities/new",
            &[
                ("org_id", &org),
                ("mode", mode),
                ("kind", kind),
                ("title", title),
                ("starts_at", "2025-06-01T09:00"),
                ("ends_at", "2025-06-01T11:00"),
                ("place", "三楼会议室"),
                ("host", "张书记"),
                ("minutes", "## 议题一\n- 学习讲话精神"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    id_of(&to)
}

/// The member ids listed on an attendance page, in order.
pub fn members_in(page: &str) -> Vec<String> {
    page.split("name=\"member\" value=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_owned())
        .collect()
}

/// The figure with `id` on a page (`fig-present` …).
fn figure(page: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("{id} in {page}"))
        + marker.len();
    page[start..start + page[start..].find('<').unwrap()].to_owned()
}

#[tokio::test]
async fn a_branch_plans_holds_marks_confirms_and_corrects_an_activity() {
    let app = spawn().await;
    let org = branch_org(&app, 1).await;
    let b1 = User::login(&app, "branch1").await;

    // The list offers planning and recording; the nav links it.
    let (status, list) = b1.get("/activities").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("id=\"nav-activities\""), "{list}");
    assert!(list.contains("id=\"plan-activity\""));

    // A refusal keeps what was typed and says why beside the field.
    let (status, _, page) = b1
        .post(
            "/activities/new",
            &[
                ("org_id", &org.to_string()),
                ("mode", "plan"),
                ("kind", "general_meeting"),
                ("title", " "),
                ("place", "党员活动室"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("请填写活动名称"), "{page}");
    assert!(page.contains("value=\"党员活动室\""), "{page}");

    let id = add_activity(&b1, org, "plan", "general_meeting", "第二季度党员大会").await;
    let (_, page) = b1.get(&format!("/activities/{id}")).await;
    assert!(
        page.contains("计划") && page.contains("id=\"mark-held\""),
        "{page}"
    );
    assert!(
        page.contains("<h4>议题一</h4>"),
        "the minutes are rendered: {page}"
    );

    let (status, _, _) = b1.post(&format!("/activities/{id}/held"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // Attendance: 请假 without its reason is refused, the marks kept.
    let (status, page) = b1.get(&format!("/activities/{id}/attendance")).await;
    assert_eq!(status, StatusCode::OK);
    let members = members_in(&page);
    assert!(members.len() >= 3, "branch 1 has members: {page}");
    let (a, b, c) = (&members[0], &members[1], &members[2]);
    let (ma, mb, mc) = (
        format!("mark_{a}"),
        format!("mark_{b}"),
        format!("mark_{c}"),
    );
    let rb = format!("reason_{b}");
    let mut marks = vec![
        ("member", a.as_str()),
        (ma.as_str(), "present"),
        ("member", b.as_str()),
        (mb.as_str(), "leave"),
        (rb.as_str(), ""),
        ("member", c.as_str()),
        (mc.as_str(), "absent"),
    ];
    let path = format!("/activities/{id}/attendance");
    let (status, _, page) = b1.post(&path, &marks).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("请假须填写原因"), "{page}");
    assert!(
        page.contains(&format!(
            "id=\"m{b}-leave\" name=\"{mb}\" value=\"leave\" checked"
        )),
        "{page}"
    );
    marks[4] = (rb.as_str(), "出差");
    let (status, _, page) = b1.post(&path, &marks).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (_, page) = b1.get(&format!("/activities/{id}")).await;
    assert_eq!(figure(&page, "fig-present"), "1");
    assert_eq!(figure(&page, "fig-leave"), "1");
    let expected: usize = figure(&page, "fig-expected").parse().unwrap();
    assert_eq!(expected, members.len());
    assert_eq!(figure(&page, "fig-absent"), (expected - 2).to_string());
    assert!(page.contains("出差"));

    // Confirmed: locked. Editing is refused with the reason why; a correction needs its own.
    let (status, _, _) = b1.post(&format!("/activities/{id}/confirm"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = b1.get(&format!("/activities/{id}")).await;
    assert!(
        page.contains("已确认") && page.contains("id=\"correct-activity\""),
        "{page}"
    );
    assert!(!page.contains("id=\"edit-activity\""));
    let r = b1
        .client
        .get(app.url(&format!("/activities/{id}/edit")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the edit form sends back to the record"
    );
    let content = [
        ("kind", "general_meeting"),
        ("title", "第二季度党员大会（更正）"),
        ("starts_at", "2025-06-01T09:00"),
        ("version", "1"),
    ];
    let (status, _, page) = b1.post(&format!("/activities/{id}/edit"), &content).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("已由支部书记确认"), "{page}");
    let (status, _, page) = b1
        .post(&format!("/activities/{id}/correct"), &content)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"reason-error\""), "{page}");
    assert!(
        page.contains("第二季度党员大会（更正）"),
        "typing kept: {page}"
    );
    let mut with_reason = content.to_vec();
    with_reason.push(("reason", "会议名称录入有误"));
    let (status, _, page) = b1
        .post(&format!("/activities/{id}/correct"), &with_reason)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (_, page) = b1.get(&format!("/activities/{id}")).await;
    assert!(page.contains("第 2 版"), "{page}");
    assert!(page.contains("会议名称录入有误"), "{page}");
    assert!(page.contains("第二季度党员大会（更正）"));
    // The version seen is stale now: saving over it is refused, nothing lost.
    let (status, _, page) = b1
        .post(&format!("/activities/{id}/correct"), &with_reason)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("第 2 版") && page.contains("已被他人修改"),
        "{page}"
    );

    // Another branch reaches none of it.
    let b2 = User::login(&app, "branch2").await;
    for path in [
        "",
        "/edit",
        "/correct",
        "/attendance",
        "/photos/1",
        "/photos/1/thumb",
        "/files/1",
    ] {
        let (status, _) = b2.get(&format!("/activities/{id}{path}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "GET {path}");
    }
    for path in [
        "/held",
        "/confirm",
        "/cancel",
        "/attendance",
        "/correct",
        "/edit",
    ] {
        let (status, _, _) = b2
            .post(&format!("/activities/{id}{path}"), &[("reason", "x")])
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "POST {path}");
    }
    let (_, list) = b2.get("/activities").await;
    assert!(!list.contains("第二季度党员大会"));

    // A member reads the records once the branch shares them, and only reads.
    let m1 = User::login(&app, "member1").await;
    let (status, _) = m1.get(&format!("/activities/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    share_records(&app, org).await;
    let (status, page) = m1.get(&format!("/activities/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("id=\"read-only\"") && !page.contains("id=\"activity-actions\""),
        "{page}"
    );
    let (_, list) = m1.get("/activities").await;
    assert!(list.contains("第二季度党员大会（更正）") && !list.contains("id=\"plan-activity\""));
    let (status, _) = m1.get(&format!("/activities/{id}/attendance")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Branch `org` shares its records with its members (the branch settings' choice).
async fn share_records(app: &TestApp, org: i64) {
    let admin = scalar(app, "SELECT id FROM accounts WHERE username = 'branch1'").await;
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    let choices = store::activity_media::OrgChoices {
        share_records: true,
        self_attendance: false,
    };
    store::activity_media::set_choices(&mut tx, org, choices, admin, domain::Timestamp(0))
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
}

#[tokio::test]
async fn photos_lose_their_location_and_a_file_that_is_no_photo_is_refused_by_name() {
    let app = spawn().await;
    let org = branch_org(&app, 1).await;
    let b1 = User::login(&app, "branch1").await;
    let id = add_activity(&b1, org, "record", "theme_day", "主题党日：参观红岩村").await;
    assert!(
        GPS_JPEG.windows(4).any(|w| w == b"Exif"),
        "the fixture carries EXIF"
    );

    let path = format!("/activities/{id}/photos");
    let (status, page) = b1
        .upload(&path, "photo", "IMG_0001.jpg", GPS_JPEG.to_vec())
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (_, page) = b1.get(&format!("/activities/{id}")).await;
    let marker = format!("/activities/{id}/photos/");
    let start = page
        .find(&format!("href=\"{marker}"))
        .expect("a photo listed")
        + 6
        + marker.len();
    let photo = &page[start..start + page[start..].find('"').unwrap()];
    for suffix in ["", "/thumb"] {
        let r = b1
            .client
            .get(app.url(&format!("{marker}{photo}{suffix}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-type"], "image/jpeg");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert!(
            r.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("inline")
        );
        let bytes = r.bytes().await.unwrap();
        assert!(bytes.starts_with(&[0xff, 0xd8]), "a JPEG");
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "no EXIF left");
    }

    let (status, page) = b1
        .upload(
            &path,
            "photo",
            "会议纪要.txt",
            "不是照片".as_bytes().to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("“会议纪要.txt”未上传：只能上传 JPEG 或 PNG"),
        "{page}"
    );

    // A file goes along as a download.
    let (status, _) = b1
        .upload(
            &format!("/activities/{id}/files"),
            "file",
            "签到表.pdf",
            b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = b1.get(&format!("/activities/{id}")).await;
    assert!(page.contains("签到表.pdf"), "{page}");
    let file_marker = format!("/activities/{id}/files/");
    let start = page.find(&format!("href=\"{file_marker}")).unwrap() + 6 + file_marker.len();
    let file = &page[start..start + page[start..].find('"').unwrap()];
    let r = b1
        .client
        .get(app.url(&format!("{file_marker}{file}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );

    // Another branch sees none of them.
    let b2 = User::login(&app, "branch2").await;
    let (status, _) = b2.get(&format!("{marker}{photo}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The branch's page shows its next and last meetings to those who read its records.
#[tokio::test]
async fn the_branch_page_shows_its_next_and_last_meetings_to_its_readers() {
    let app = spawn().await;
    let org = branch_org(&app, 1).await;
    let b1 = User::login(&app, "branch1").await;
    add_activity(&b1, org, "record", "committee_meeting", "六月支委会").await;
    let (status, _, page) = b1
        .post(
            "/activities/new",
            &[
                ("org_id", &org.to_string()),
                ("mode", "plan"),
                ("kind", "theme_day"),
                ("title", "远期主题党日"),
                ("starts_at", "2099-06-01T09:00"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (_, page) = b1.get(&format!("/orgs/{org}")).await;
    let section = &page[page.find("id=\"org-activities\"").expect("the section")..];
    let upcoming = section.find("远期主题党日").unwrap();
    let recent = section.find("六月支委会").unwrap();
    assert!(upcoming < recent, "upcoming first, then recent");
    let m1 = User::login(&app, "member1").await;
    let (status, page) = m1.get(&format!("/orgs/{org}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("org-activities"), "not shared yet");
    share_records(&app, org).await;
    let (_, page) = m1.get(&format!("/orgs/{org}")).await;
    assert!(page.contains("id=\"org-activities\"") && page.contains("六月支委会"));
}
