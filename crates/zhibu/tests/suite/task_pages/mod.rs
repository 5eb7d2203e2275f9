//! The task pages without a browser: who is served and who is refused, the report form
//! round-tripping a submission (with a table) through its POST route, refused answers coming
//! back beside their fields in Chinese, the review, the 台账, the task form and its editor's
//! JSON, a task made from a notice's section, and CSRF; files attached to a report and
//! downloaded from it, the task categories page, and the board drilled down to a subtree.
//! Helpers here; the tests by subject.

mod board;
mod files;
mod list;
mod reminders;
mod reports;
mod targets;
mod task_form;

use crate::helpers::{PASSWORD, TestApp, TestAppClient, csrf_in, new_client, spawn};
use crate::helpers::{branch_org, scalar};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A logged-in browser of one account.
struct Session {
    client: reqwest::Client,
    base: String,
}

impl Session {
    async fn start(app: &TestApp, username: &str) -> Session {
        let (fresh, _) = new_client();
        let client = TestAppClient::login(app, &fresh, username, PASSWORD).await;
        Session {
            client,
            base: app.address.clone(),
        }
    }

    async fn get(&self, path: &str) -> (StatusCode, String) {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }

    /// Posts a form with the session's CSRF token (from its home page).
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let (_, home) = self.get("/").await;
        let token = csrf_in(&home);
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        self.client
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
            .unwrap()
    }
}

impl Session {
    /// Uploads a file as the fill page's script does: the session cookie and the page's CSRF
    /// token in `X-CSRF-Token`.
    async fn upload(&self, path: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
        let (_, home) = self.get("/").await;
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned());
        self.client
            .post(format!("{}{path}", self.base))
            .header("x-csrf-token", csrf_in(&home))
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .unwrap()
    }
}

fn study_form() -> Value {
    json!({"fields": [
        {"key": "summary", "label": "学习情况", "type": "long_text", "required": true},
        {"key": "attendance", "label": "参加人数", "type": "number", "unit": "人", "min": 0, "integer": true, "required": true},
        {"key": "online", "label": "是否使用线上学习平台", "type": "yes_no"},
        {"key": "sessions", "label": "学习安排", "type": "table", "min_rows": 1, "columns": [
            {"key": "date", "label": "日期", "type": "date", "required": true},
            {"key": "topic", "label": "主题", "type": "short_text", "required": true},
            {"key": "hours", "label": "学时", "type": "number", "min": 0}
        ]}
    ]})
}

/// A task of the committee assigned to branch 1's org; answers (task, org).
async fn assigned_task(app: &TestApp) -> (i64, i64) {
    let admin = app.token_ok("admin").await;
    let committee = scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let org = branch_org(app, 1).await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/tasks"))
        .bearer_auth(&admin)
        .json(&json!({
            "org_id": committee, "title": "报送主题学习情况", "category": "学习",
            "deadline": "2099-12-01", "form": study_form(),
            "targets": [{"org_id": org, "subtree": false}], "publish": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    (body["id"].as_i64().unwrap(), org)
}

/// A task of the committee with `form`, assigned to `orgs`; answers its id.
async fn task_for(app: &TestApp, title: &str, form: Value, orgs: &[i64]) -> i64 {
    let admin = app.token_ok("admin").await;
    let committee = scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let targets: Vec<Value> = orgs
        .iter()
        .map(|o| json!({"org_id": o, "subtree": false}))
        .collect();
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/tasks"))
        .bearer_auth(&admin)
        .json(&json!({
            "org_id": committee, "title": title, "category": "网络安全",
            "deadline": "2099-12-01", "form": form, "targets": targets, "publish": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}
