//! The task pages without a browser: who is served and who is refused, the report form
//! round-tripping a submission (with a table) through its POST route, refused answers coming
//! back beside their fields in Chinese, the review, the 台账, the task form and its editor's
//! JSON, a task made from a notice's section, and CSRF; files attached to a report and
//! downloaded from it, the task categories page, and the board drilled down to a subtree.

use crate::helpers::{PASSWORD, TestApp, TestAppClient, csrf_in, new_client, spawn};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let db = app.db().await;
    let v = sqlx::query_scalar(sql).fetch_one(db.read()).await.unwrap();
    db.close().await;
    v
}

/// The org branch `n`'s admin manages.
async fn branch_org(app: &TestApp, n: u32) -> i64 {
    scalar(
        app,
        &format!(
            "SELECT g.org_id FROM grants g JOIN accounts a ON a.id = g.account_id \
             WHERE a.username = 'branch{n}' AND g.role = 'branch_admin'"
        ),
    )
    .await
}

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

#[tokio::test]
async fn task_pages_serve_the_assigning_and_reporting_sides_and_nobody_else() {
    let app = spawn().await;
    let (task, org) = assigned_task(&app).await;
    let admin = Session::start(&app, "admin").await;
    for path in [
        "/tasks".to_owned(),
        "/tasks/new".to_owned(),
        format!("/tasks/{task}"),
        format!("/tasks/{task}/edit"),
        format!("/tasks/{task}/reports/{org}"),
    ] {
        let (status, page) = admin.get(&path).await;
        assert_eq!(status, StatusCode::OK, "admin {path}");
        assert!(
            page.contains("报送主题学习情况") || path.ends_with("/new"),
            "{path}"
        );
    }
    let (_, board) = admin.get(&format!("/tasks/{task}")).await;
    assert!(
        board.contains("督办台") && board.contains("应报"),
        "{board}"
    );
    assert!(board.contains("逾期未报") && board.contains("通报文字"));
    let (_, home) = admin.get("/").await;
    assert!(home.contains("id=\"supervision\"") && home.contains("报送主题学习情况"));

    let branch = Session::start(&app, "branch1").await;
    let (_, home) = branch.get("/").await;
    assert!(
        home.contains(&format!("/tasks/{task}/reports/{org}?period=once")),
        "{home}"
    );
    for path in [
        "/tasks".to_owned(),
        format!("/tasks/{task}"),
        format!("/tasks/{task}/reports/{org}"),
    ] {
        let (status, page) = branch.get(&path).await;
        assert_eq!(status, StatusCode::OK, "branch1 {path}");
        assert!(page.contains("报送主题学习情况"), "{path}");
    }
    let (_, fill) = branch.get(&format!("/tasks/{task}/reports/{org}")).await;
    assert!(fill.contains("name=\"f.sessions.1.topic\"") && fill.contains("id=\"submit-report\""));
    for path in [
        "/tasks/new".to_owned(),
        format!("/tasks/{task}/edit"),
        format!("/tasks/{task}/board.xlsx"),
    ] {
        assert_eq!(
            branch.get(&path).await.0,
            StatusCode::NOT_FOUND,
            "branch1 {path}"
        );
    }

    let other = Session::start(&app, "branch2").await;
    for path in [
        format!("/tasks/{task}"),
        format!("/tasks/{task}/reports/{org}"),
    ] {
        assert_eq!(
            other.get(&path).await.0,
            StatusCode::NOT_FOUND,
            "branch2 {path}"
        );
    }
    let member = Session::start(&app, "member1").await;
    assert_eq!(member.get("/tasks").await.0, StatusCode::NOT_FOUND);
    let (_, frame) = member.get("/").await;
    assert!(!frame.contains("id=\"nav-tasks\""));
}

#[tokio::test]
async fn a_report_round_trips_through_the_form_and_comes_back_returned() {
    let app = spawn().await;
    let (task, org) = assigned_task(&app).await;
    let branch = Session::start(&app, "branch1").await;
    let path = format!("/tasks/{task}/reports/{org}");
    let r = branch
        .post(
            &path,
            &[
                ("period", "once"),
                ("based_on", "0"),
                ("intent", "submit"),
                ("f.summary", "　　组织支部党员集中学习两次。"),
                ("f.attendance", "23"),
                ("f.online", "true"),
                ("f.sessions.1.date", "2026-11-20"),
                ("f.sessions.1.topic", "学习党的二十大精神"),
                ("f.sessions.1.hours", "2"),
                ("f.sessions.2.date", "2026-11-24"),
                ("f.sessions.2.topic", "网络安全自查"),
                ("f.sessions.2.hours", "1.5"),
                ("f.sessions.3.date", ""),
                ("f.sessions.3.topic", ""),
                ("f.sessions.3.hours", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        crate::helpers::location(&r).ends_with("?period=once&done=submitted"),
        "{}",
        crate::helpers::location(&r)
    );
    let (_, page) = branch
        .get(&format!("{path}?period=once&done=submitted"))
        .await;
    assert!(page.contains("已提交报送"), "{page}");
    assert!(page.contains("第1版") && page.contains("网络安全自查"));

    // What was stored, as the API reads it: typed values and both rows, the blank one dropped.
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
    let answers = &stored["versions"][0]["answers"];
    assert_eq!(stored["status"], "submitted");
    assert_eq!(answers["attendance"], 23);
    assert_eq!(answers["online"], true);
    assert_eq!(answers["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(answers["sessions"][1]["hours"], 1.5);
    assert_eq!(answers["summary"], "　　组织支部党员集中学习两次。");

    // The committee sees it read-only, with yes/no in words, and returns it with a reason.
    let admin = Session::start(&app, "admin").await;
    let (status, review) = admin.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(review.contains("id=\"review\"") && !review.contains("id=\"report-form\""));
    assert!(review.contains("<span class=\"pre\">是</span>"), "{review}");
    let r = admin
        .post(
            &format!("{path}/review"),
            &[("period", "once"), ("decision", "return"), ("reason", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("退回修改须填写原因"));
    let r = admin
        .post(
            &format!("{path}/review"),
            &[
                ("period", "once"),
                ("decision", "return"),
                ("reason", "请补充学习照片说明"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = branch.get(&path).await;
    assert!(page.contains("id=\"returned-reason\"") && page.contains("请补充学习照片说明"));
    // The form is filled from the latest version for the fix.
    assert!(page.contains("value=\"网络安全自查\""));

    // Fixed and handed in again; the committee sees what changed and approves it in bulk.
    let r = branch
        .post(
            &path,
            &[
                ("period", "once"),
                ("based_on", &stored["saves"].as_i64().unwrap().to_string()),
                ("f.summary", "组织支部党员集中学习两次，附照片说明。"),
                ("f.attendance", "23"),
                ("f.sessions.1.date", "2026-11-20"),
                ("f.sessions.1.topic", "学习党的二十大精神"),
                ("f.sessions.1.hours", "3"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, review) = admin.get(&path).await;
    assert!(review.contains("第2版与第1版相比的变化"), "{review}");
    assert!(review.contains("学时: 3"));
    let r = admin
        .post(
            &format!("/tasks/{task}/approve"),
            &[("period", "once"), ("org_ids", &org.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, board) = admin.get(&crate::helpers::location(&r)).await;
    assert!(board.contains("已通过 1 份"), "{board}");
    let approved: Value = app
        .api_get(
            &format!("/api/v1/tasks/{task}/submissions/{org}"),
            &admin_token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(approved["status"], "approved");
}

#[tokio::test]
async fn refused_answers_come_back_beside_their_fields_in_chinese() {
    let app = spawn().await;
    let (task, org) = assigned_task(&app).await;
    let branch = Session::start(&app, "branch1").await;
    let path = format!("/tasks/{task}/reports/{org}");
    let r = branch
        .post(
            &path,
            &[
                ("period", "once"),
                ("intent", "submit"),
                ("f.summary", ""),
                ("f.attendance", "二十三"),
                ("f.sessions.1.date", "2026-11-20"),
                ("f.sessions.1.topic", ""),
                ("f.sessions.1.hours", "-1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("处填写不符合要求"), "{page}");
    assert!(page.contains("“学习情况”为必填项"), "{page}");
    assert!(page.contains("“参加人数”须为数字"), "{page}");
    assert!(page.contains("“学习安排”第1行“主题”为必填项"), "{page}");
    // What was typed is kept, and the bad cell is marked.
    assert!(page.contains("value=\"二十三\""));
    assert!(page.contains("class=\"bad\""));
    // Nothing was stored.
    let token = app.token_ok("branch1").await;
    let stored: Value = app
        .api_get(&format!("/api/v1/tasks/{task}/submissions/{org}"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["status"], "not_started");

    // A draft may be incomplete.
    let r = branch
        .post(
            &path,
            &[
                ("period", "once"),
                ("intent", "draft"),
                ("f.summary", "写了一半"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = branch.get(&path).await;
    assert!(page.contains("写了一半"));
}

#[tokio::test]
async fn posts_without_the_csrf_token_are_refused() {
    let app = spawn().await;
    let (task, org) = assigned_task(&app).await;
    let branch = Session::start(&app, "branch1").await;
    let r = branch
        .client
        .post(app.url(&format!("/tasks/{task}/reports/{org}")))
        .form(&[("period", "once"), ("f.summary", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let admin = Session::start(&app, "admin").await;
    let r = admin
        .client
        .post(app.url(&format!("/tasks/{task}/close")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_task_form_saves_assigns_and_keeps_what_was_typed_when_refused() {
    let app = spawn().await;
    let admin = Session::start(&app, "admin").await;
    let committee = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL")
        .await
        .to_string();
    let org = branch_org(&app, 1).await.to_string();
    let form = study_form().to_string();
    let r = admin
        .post(
            "/tasks/new",
            &[
                ("org_id", &committee),
                ("title", ""),
                ("category", "学习"),
                ("recurrence", "once"),
                ("deadline", ""),
                ("form", &form),
                ("intent", "assign"),
                ("org", &org),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("请填写任务标题") && page.contains("一次性任务须填写截止时间"));
    assert!(page.contains("学习安排"), "the form JSON is kept");
    let r = admin
        .post(
            "/tasks/new",
            &[
                ("org_id", &committee),
                ("title", "x"),
                ("category", "学习"),
                ("deadline", "2099-01-01T17:00"),
                ("form", "{\"fields\": ["),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("表单定义不是有效的 JSON"));
    let bad_form =
        json!({"fields": [{"key": "a", "label": "甲", "type": "single_choice", "options": []}]})
            .to_string();
    let r = admin
        .post(
            "/tasks/new",
            &[
                ("org_id", &committee),
                ("title", "x"),
                ("category", "学习"),
                ("deadline", "2099-01-01T17:00"),
                ("form", &bad_form),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("表单定义 fields[0].options：至少需要1项")
    );

    let r = admin
        .post(
            "/tasks/new",
            &[
                ("org_id", &committee),
                ("title", "网络安全自查整改情况"),
                ("category", "网络安全"),
                ("recurrence", "once"),
                ("deadline", "2099-01-01T17:00"),
                ("form", &form),
                ("intent", "assign"),
                ("org", &org),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = crate::helpers::location(&r);
    let (_, page) = admin.get(&to).await;
    assert!(
        page.contains("进行中") && page.contains("网络安全自查整改情况"),
        "{page}"
    );
    assert!(
        page.contains("id=\"count-expected\"><span class=\"value\">1</span>"),
        "{page}"
    );
    let id: i64 = to.trim_start_matches("/tasks/").parse().unwrap();

    // The 台账, recorded in the audit log.
    let r = admin
        .client
        .get(app.url(&format!("/tasks/{id}/board.xlsx")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    let exports = scalar(
        &app,
        &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'ledger.export' AND object_type = 'task' AND object_id = '{id}'"),
    )
    .await;
    assert_eq!(exports, 1);

    // Closing and reopening from the page.
    assert_eq!(
        admin
            .post(&format!("/tasks/{id}/close"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let (_, page) = admin.get(&format!("/tasks/{id}")).await;
    assert!(page.contains("id=\"reopen-task\""));
    assert_eq!(
        admin
            .post(&format!("/tasks/{id}/reopen"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_notice_section_that_asks_for_a_report_becomes_a_task() {
    let app = spawn().await;
    let notice = scalar(&app, "SELECT MIN(id) FROM notices").await;
    let admin = Session::start(&app, "admin").await;
    let (_, page) = admin.get(&format!("/notices/{notice}")).await;
    let marker = format!("/notices/{notice}/tasks/new?section=");
    let start = page.find(&marker).expect("a 据此创建任务 link") + marker.len();
    let section: String = page[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert!(page.contains("据此创建任务"));
    let (status, form) = admin.get(&format!("{marker}{section}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("据通知创建") && form.contains("name=\"notice_section\""),
        "{form}"
    );
    // A branch reads the notice but makes no tasks of it.
    let branch = Session::start(&app, "branch1").await;
    let (_, read) = branch.get(&format!("/notices/{notice}")).await;
    assert!(!read.contains("据此创建任务"));
    assert_eq!(
        branch.get(&format!("{marker}{section}")).await.0,
        StatusCode::NOT_FOUND
    );
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

#[tokio::test]
async fn the_committee_sets_the_task_categories_on_a_page() {
    let app = spawn().await;
    let admin = Session::start(&app, "admin").await;
    let (_, list) = admin.get("/tasks").await;
    assert!(list.contains("href=\"/tasks/categories\""), "{list}");
    let (status, page) = admin.get("/tasks/categories").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"categories-text\"") && page.contains("网络安全"));

    // Refused: a repeat; the text comes back as typed.
    let r = admin
        .post("/tasks/categories", &[("categories", "学习\n党建\n学习")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("任务类别须为1到50个"), "{page}");
    assert!(page.contains(">学习\n党建\n学习</textarea>"), "{page}");
    let long = "很长".repeat(11);
    let r = admin
        .post("/tasks/categories", &[("categories", &long)])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let r = admin
        .post(
            "/tasks/categories",
            &[("categories", " 学习\r\n党建\r\n\r\n其他\r\n")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.get(&crate::helpers::location(&r)).await;
    assert!(page.contains("任务类别已保存") && page.contains(">学习\n党建\n其他</textarea>"));
    let token = app.token_ok("admin").await;
    let list: Value = app
        .api_get("/api/v1/task-categories", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["categories"], json!(["学习", "党建", "其他"]));
    let changes = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'settings.task_categories'",
    )
    .await;
    assert_eq!(changes, 1);

    // A branch neither sees the link nor the page.
    let branch = Session::start(&app, "branch1").await;
    let (_, list) = branch.get("/tasks").await;
    assert!(!list.contains("/tasks/categories"));
    assert_eq!(
        branch.get("/tasks/categories").await.0,
        StatusCode::NOT_FOUND
    );
    let r = branch
        .post("/tasks/categories", &[("categories", "学习")])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn drilling_down_the_board_lists_only_that_subtree() {
    let app = spawn().await;
    let (one, two) = (branch_org(&app, 1).await, branch_org(&app, 2).await);
    let task = task_for(&app, "报送主题学习情况", study_form(), &[one, two]).await;
    let admin = Session::start(&app, "admin").await;
    let line = |org: i64| format!("data-org=\"{org}\"");
    let (_, all) = admin.get(&format!("/tasks/{task}")).await;
    assert!(all.contains(&line(one)) && all.contains(&line(two)));
    assert!(!all.contains("id=\"rows-under\""));
    let (status, drilled) = admin.get(&format!("/tasks/{task}?under={one}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(drilled.contains(&line(one)), "{drilled}");
    assert!(!drilled.contains(&line(two)), "{drilled}");
    assert!(drilled.contains("id=\"rows-under\"") && drilled.contains("id=\"rows-all\""));
    // The state filter keeps the subtree.
    assert!(drilled.contains(&format!("name=\"under\" value=\"{one}\"")));
    let (_, filtered) = admin
        .get(&format!("/tasks/{task}?under={two}&state=not_started"))
        .await;
    assert!(filtered.contains(&line(two)) && !filtered.contains(&line(one)));
    let (_, none) = admin
        .get(&format!("/tasks/{task}?under={two}&state=approved"))
        .await;
    assert!(!none.contains(&line(two)) && !none.contains(&line(one)));

    // The API's board the same way.
    let token = app.token_ok("admin").await;
    let board: Value = app
        .api_get(&format!("/api/v1/tasks/{task}/board?under={one}"), &token)
        .await
        .json()
        .await
        .unwrap();
    let rows: Vec<i64> = board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["org_id"].as_i64().unwrap())
        .collect();
    assert_eq!(rows, vec![one]);
    assert!(board["rollup"].is_array());
    let board: Value = app
        .api_get(&format!("/api/v1/tasks/{task}/board"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(board["rows"].as_array().unwrap().len(), 2);
    // Outside the task's tree, or not the caller's: not found.
    let branch = app.token_ok("branch1").await;
    assert_eq!(
        app.api_get(&format!("/api/v1/tasks/{task}/board?under={one}"), &branch)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}
