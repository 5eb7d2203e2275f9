//! The authorisation matrix: every route of the pages and the API, asked by every role (and
//! by nobody), for an object in a branch other than the first one — so a branch admin asking
//! for another branch's org or member by id is refused (IDOR), while the committee is allowed.
//!
//! Every route the application serves must be listed in `RULES` (or, for tasks, `TASK_RULES`): a route added later fails
//! `every_route_is_listed_in_the_matrix` until its rule is written here.

use crate::helpers::{PASSWORD, TestApp, TestAppClient, csrf_in, new_client, spawn};
use reqwest::{Method, StatusCode};

mod activity_rules;
mod activity_view_rules;
mod campaign_dashboard_rules;
mod campaign_report_rules;
mod campaign_rules;
mod campaign_study_rules;
mod channel_rules;
mod notice_rules;
mod rules;
mod task_rules;

use activity_rules::{ACTIVITY_PAGE_RULES, ACTIVITY_RULES};
use activity_view_rules::ACTIVITY_VIEW_RULES;
use campaign_dashboard_rules::CAMPAIGN_DASHBOARD_RULES;
use campaign_report_rules::CAMPAIGN_REPORT_RULES;
use campaign_rules::{CAMPAIGN_PAGE_RULES, CAMPAIGN_RULES};
use campaign_study_rules::{STUDY_RULES, study_targets};
use channel_rules::CHANNEL_RULES;
use notice_rules::NOTICE_RULES;
use rules::{ROLES, RULES, Rule, Who};
use task_rules::TASK_RULES;

/// Every rule of the matrix, in the order they are tried.
fn all_rules() -> impl Iterator<Item = &'static Rule> {
    RULES
        .iter()
        .chain(NOTICE_RULES)
        .chain(TASK_RULES)
        .chain(CHANNEL_RULES)
        .chain(ACTIVITY_RULES)
        .chain(ACTIVITY_PAGE_RULES)
        .chain(ACTIVITY_VIEW_RULES)
        .chain(CAMPAIGN_DASHBOARD_RULES)
        .chain(STUDY_RULES)
        .chain(CAMPAIGN_PAGE_RULES)
        .chain(CAMPAIGN_RULES)
        .chain(CAMPAIGN_REPORT_RULES)
}

/// A small structured notice for the matrix's notice.
fn gongwen_draft() -> serde_json::Value {
    serde_json::json!({
        "issuer": "中共重庆市科学技术协会科技社团委员会", "doc_number": null, "title": "关于示例工作的通知",
        "recipients": ["电子学会党支部"], "date": null, "sections": [], "attachments": [], "contacts": [],
        "deadlines": [], "report_required": false
    })
}

#[test]
fn every_route_is_listed_in_the_matrix() {
    let missing: Vec<String> = web::route_table()
        .into_iter()
        .filter(|(method, path)| !all_rules().any(|r| r.method == *method && r.path == *path))
        .map(|(method, path)| format!("{method} {path}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without an authorisation rule: {missing:#?}"
    );
    let stale: Vec<String> = all_rules()
        .filter(|r| !web::route_table().contains(&(r.method, r.path)))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(
        stale.is_empty(),
        "rules for routes that do not exist: {stale:#?}"
    );
}

struct Targets {
    org: String,
    member: String,
    session: String,
    account: String,
    grant: String,
    notice: String,
    attachment: String,
    task: String,
    report_file: String,
    message: String,
    robot: String,
    robot_api: String,
    activity: String,
    photo: String,
    file: String,
    campaign: String,
    material: String,
    study_log: String,
    reflection: String,
}

impl Targets {
    fn fill(&self, s: &str) -> String {
        s.replace("{org}", &self.org)
            .replace("{member}", &self.member)
            .replace("{session}", &self.session)
            .replace("{account}", &self.account)
            .replace("{grant}", &self.grant)
            .replace("{notice}", &self.notice)
            .replace("{task}", &self.task)
            .replace("{message}", &self.message)
            .replace("{robot_api}", &self.robot_api)
            .replace("{robot}", &self.robot)
            .replace("{activity}", &self.activity)
            .replace("{campaign}", &self.campaign)
            .replace("{study_log}", &self.study_log)
            .replace("{reflection}", &self.reflection)
    }
}

impl Rule {
    fn url(&self, t: &Targets) -> String {
        let query = t.fill(self.query);
        if self.path.contains("{id}") {
            self.path
                .replace("{id}", &query)
                .replace("{attachment_id}", &t.attachment)
                .replace("{org_id}", &t.org)
                .replace("{file_id}", &t.report_file)
                .replace("{photo_id}", &t.photo)
                .replace("{photo}", &t.photo)
                .replace("{file}", &t.file)
                .replace("{material_id}", &t.material)
                .replace("{material}", &t.material)
        } else {
            format!("{}{query}", self.path)
        }
    }

    fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }
}

/// What a caller without the right got: refused, not served.
fn refused(status: StatusCode, location: Option<&str>) -> bool {
    matches!(
        status,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ) || (status == StatusCode::SEE_OTHER && location.is_some_and(|l| l.starts_with("/login")))
}

async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    rule: &Rule,
    t: &Targets,
    auth: Option<(&str, &str)>,
) -> (StatusCode, Option<String>) {
    let method = Method::from_bytes(rule.method.as_bytes()).unwrap();
    let mut req = client.request(method, app.url(&rule.url(t)));
    let body = t.fill(rule.body);
    if rule.is_api() {
        if let Some((token, _)) = auth {
            req = req.bearer_auth(token);
        }
        if !body.is_empty() {
            req = req.header("content-type", "application/json").body(body);
        }
    } else {
        if let Some((_, csrf)) = auth {
            req = req.header("x-csrf-token", csrf);
        }
        if let Some(fields) = body.strip_prefix("multipart:") {
            let mut form = reqwest::multipart::Form::new();
            for pair in fields.split('&') {
                let (k, v) = pair.split_once('=').unwrap();
                form = form.text(k.to_owned(), v.to_owned());
            }
            req = req.multipart(form);
        } else if rule.method != "GET" {
            req = req
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body);
        }
    }
    let r = req.send().await.unwrap();
    let location = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    (r.status(), location)
}

/// A file of `activity`, attached through its page by the committee: its id.
async fn activity_file(app: &TestApp, activity: i64) -> String {
    let (fresh, _) = new_client();
    let admin = TestAppClient::login(app, &fresh, "admin", PASSWORD).await;
    let home = admin.get(app.url("/")).send().await.unwrap();
    let csrf = csrf_in(&home.text().await.unwrap());
    let part =
        reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("签到表.pdf");
    let r = admin
        .post(app.url(&format!("/activities/{activity}/files?csrf_token={csrf}")))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = admin
        .get(app.url(&format!("/activities/{activity}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = format!("/activities/{activity}/files/");
    let start = page.find(&marker).expect("the file is listed") + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

/// A held activity of branch `org` with its members on the list, and a photo of it added
/// through the API by the committee.
async fn other_branch_activity(app: &TestApp, org: i64, admin: i64) -> (i64, i64) {
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    let content = domain::activity_content::Typed {
        kind: "theme_day".into(),
        title: "主题党日".into(),
        starts_at: Some(domain::Timestamp(1_780_000_000_000)),
        ..Default::default()
    }
    .check(&domain::activity_content::default_kinds(), None)
    .unwrap();
    let state = domain::activity::ActivityState::Held;
    let when = domain::Timestamp(0);
    let activity = store::activities::insert(&mut tx, org, state, &content, admin, when)
        .await
        .unwrap();
    store::activity_attendance::follow_roster(&mut tx, activity, org)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
    let jpeg = include_bytes!("../../../../app/src/activities/testdata/gps.jpg");
    let file = reqwest::multipart::Part::bytes(jpeg.to_vec()).file_name("活动.jpg");
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/activities/{activity}/photos")))
        .bearer_auth(app.token_ok("admin").await)
        .multipart(reqwest::multipart::Form::new().part("file", file))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let photo = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    (activity, photo)
}

/// An open campaign of the committee that only branch `org` takes part in, and its first
/// material, written through the API as the committee does.
async fn other_branch_campaign(app: &TestApp, org: i64) -> (i64, i64) {
    let admin = app.token_ok("admin").await;
    let mut body = crate::campaign_support::campaign_body(app, ("2026-01-01", "2026-12-31")).await;
    body["org_ids"] = serde_json::json!([org]);
    let c = crate::campaign_support::open_campaign(app, &admin, body).await;
    let (id, material) = (
        c["id"].as_i64().unwrap(),
        c["materials"][0]["id"].as_i64().unwrap(),
    );
    // A file for the material, uploaded through its page by the committee.
    let (fresh, _) = new_client();
    let browser = TestAppClient::login(app, &fresh, "admin", PASSWORD).await;
    let home = browser.get(app.url("/")).send().await.unwrap();
    let csrf = csrf_in(&home.text().await.unwrap());
    let part = reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("讲话.pdf");
    let r = browser
        .post(app.url(&format!(
            "/campaigns/{id}/materials/{material}/file?csrf_token={csrf}"
        )))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    (id, material)
}

#[tokio::test]
async fn every_route_refuses_those_without_the_right_and_serves_those_with_it() {
    let app = spawn().await;
    let db = app.db().await;
    let org: i64 = sqlx::query_scalar("SELECT id FROM orgs WHERE name = '重庆市电子学会党支部'")
        .fetch_one(db.read())
        .await
        .unwrap();
    let member: i64 = sqlx::query_scalar("SELECT MIN(id) FROM members WHERE org_id = $1")
        .bind(org)
        .fetch_one(db.read())
        .await
        .unwrap();
    // A session of an account outside the matrix: nobody in it may end it.
    app.create_account("outsider", "Outsider-Pass-1", false)
        .await;
    app.token_ok_with("outsider", "Outsider-Pass-1").await;
    let session: i64 = sqlx::query_scalar(
        "SELECT s.id FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.username = 'outsider'",
    )
    .fetch_one(db.read())
    .await
    .unwrap();
    // The outsider holds `member` over the other branch: the account the account routes act on.
    let account: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE username = 'outsider'")
        .fetch_one(db.read())
        .await
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    let grant = store::grants::create(
        &mut tx,
        account,
        domain::Role::Member,
        org,
        None,
        domain::Timestamp(0),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    // A notice of the committee sent to the other branch only.
    let committee: i64 = sqlx::query_scalar("SELECT id FROM orgs WHERE parent_id IS NULL")
        .fetch_one(db.read())
        .await
        .unwrap();
    let admin: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE username = 'admin'")
        .fetch_one(db.read())
        .await
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    let content = store::notices::Content {
        title: "关于示例工作的通知",
        doc_number: "",
        json: &serde_json::to_string(&gongwen_draft()).unwrap(),
        source: "关于示例工作的通知",
    };
    let notice = store::notices::create(&mut tx, committee, content, admin, domain::Timestamp(0))
        .await
        .unwrap();
    store::notices::set_targets(&mut tx, notice, &[(org, false)])
        .await
        .unwrap();
    store::notices::publish(&mut tx, notice, committee, domain::Timestamp(0))
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    // A task of the committee assigned to the other branch only, with its period open.
    let mut tx = db.begin().await.unwrap();
    let fields = store::tasks::TaskFields {
        title: "示例报送任务",
        description: "",
        category: "其他",
        recurrence: "once",
        deadline: Some(domain::Timestamp(i64::MAX / 2)),
        starts_on: "",
        due_days: 0,
    };
    let form = r#"{"fields":[{"key":"summary","label":"情况","type":"long_text"}]}"#;
    let task = store::tasks::create(
        &mut tx,
        committee,
        &fields,
        form,
        None,
        admin,
        domain::Timestamp(0),
    )
    .await
    .unwrap();
    store::tasks::set_targets(&mut tx, task, &[(org, false)])
        .await
        .unwrap();
    store::tasks::publish(&mut tx, task, committee, domain::Timestamp(0))
        .await
        .unwrap();
    store::tasks::open_period(
        &mut tx,
        task,
        "once",
        "2026-01-01",
        domain::Timestamp(i64::MAX / 2),
        domain::Timestamp(0),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
    // An attachment of that notice, added through the API as the committee does.
    let attachment = {
        let file =
            reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("附件.pdf");
        let r = reqwest::Client::new()
            .post(app.url(&format!("/api/v1/notices/{notice}/attachments")))
            .bearer_auth(app.token_ok("admin").await)
            .multipart(reqwest::multipart::Form::new().part("file", file))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        r.json::<serde_json::Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    // A file the other branch's admin uploaded for its report on that task.
    let report_file = {
        app.create_account("otheradmin", "Otheradmin-Pass-1", false)
            .await;
        let db = app.db().await;
        let account: i64 =
            sqlx::query_scalar("SELECT id FROM accounts WHERE username = 'otheradmin'")
                .fetch_one(db.read())
                .await
                .unwrap();
        let mut tx = db.begin().await.unwrap();
        store::grants::create(
            &mut tx,
            account,
            domain::Role::BranchAdmin,
            org,
            None,
            domain::Timestamp(0),
        )
        .await
        .unwrap();
        store::commit(tx).await.unwrap();
        db.close().await;
        let file = reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec())
            .file_name("自查报告.pdf");
        let r = reqwest::Client::new()
            .post(app.url(&format!("/api/v1/tasks/{task}/submissions/{org}/files")))
            .bearer_auth(app.token_ok_with("otheradmin", "Otheradmin-Pass-1").await)
            .multipart(reqwest::multipart::Form::new().part("file", file))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        r.json::<serde_json::Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    // A reminder the committee sent about that task: a message in the other branch
    // admin's inbox, which nobody else may open.
    let message = {
        let r = reqwest::Client::new()
            .post(app.url(&format!("/api/v1/tasks/{task}/reminders")))
            .bearer_auth(app.token_ok("admin").await)
            .json(&serde_json::json!({"scope": "owing"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let db = app.db().await;
        let id: i64 = sqlx::query_scalar(
            "SELECT m.id FROM messages m JOIN accounts a ON a.id = m.account_id \
             WHERE a.username = 'otheradmin'",
        )
        .fetch_one(db.read())
        .await
        .unwrap();
        db.close().await;
        id
    };
    // Two robots of the other branch, on an address nobody listens at.
    let (robot, robot_api) = {
        let db = app.db().await;
        let mut tx = db.begin().await.unwrap();
        let mut ids = Vec::new();
        for name in ["页面用", "接口用"] {
            let new = store::channels::NewRobot {
                org_id: org,
                kind: "webhook",
                name,
                url: "https://127.0.0.1:9/hook",
                secret: "",
            };
            ids.push(
                store::channels::add_robot(&mut tx, &new, admin, domain::Timestamp(0))
                    .await
                    .unwrap(),
            );
        }
        store::commit(tx).await.unwrap();
        db.close().await;
        (ids[0], ids[1])
    };
    let (activity, photo) = other_branch_activity(&app, org, admin).await;
    let file = activity_file(&app, activity).await;
    let (campaign, material) = other_branch_campaign(&app, org).await;
    let (study_log, reflection) = study_targets(&app, campaign, org, member, admin).await;
    let t = Targets {
        campaign: campaign.to_string(),
        material: material.to_string(),
        study_log: study_log.to_string(),
        reflection: reflection.to_string(),
        activity: activity.to_string(),
        photo: photo.to_string(),
        file,
        robot: robot.to_string(),
        robot_api: robot_api.to_string(),
        message: message.to_string(),
        report_file: report_file.to_string(),
        attachment: attachment.to_string(),
        notice: notice.to_string(),
        task: task.to_string(),
        org: org.to_string(),
        member: member.to_string(),
        session: session.to_string(),
        account: account.to_string(),
        grant: grant.to_string(),
    };

    let mut failures = Vec::new();
    let (visitor, _) = new_client();
    for rule in all_rules() {
        let (status, location) = send(&app, &visitor, rule, &t, None).await;
        let ok = match rule.who {
            Who::Public => !matches!(status, StatusCode::UNAUTHORIZED | StatusCode::NOT_FOUND),
            _ => refused(status, location.as_deref()),
        };
        if !ok {
            failures.push(format!(
                "visitor {} {} → {status}",
                rule.method,
                rule.url(&t)
            ));
        }
    }

    for role in ROLES {
        let (fresh, _) = new_client();
        let browser = TestAppClient::login(&app, &fresh, role, PASSWORD).await;
        let home = browser
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = csrf_in(&home);
        let token = app.token_ok(role).await;
        for rule in all_rules() {
            let allowed = match rule.who {
                Who::Public | Who::SelfOnly => continue,
                Who::AnyUser => true,
                Who::Only(roles) => roles.contains(&role),
                Who::Nobody => false,
            };
            let client = if rule.is_api() { &visitor } else { &browser };
            let (status, location) = send(&app, client, rule, &t, Some((&token, &csrf))).await;
            let denied = refused(status, location.as_deref());
            if allowed == denied || status.is_server_error() {
                failures.push(format!(
                    "{role} {} {} → {status} (expected {})",
                    rule.method,
                    rule.url(&t),
                    if allowed { "served" } else { "refused" }
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "authorisation matrix failures:\n{}",
        failures.join("\n")
    );
}
