//! Report forms: a bad definition is refused naming each problem; changing the form makes a
//! new version while reports already made keep theirs; answers naming another org's members
//! are refused.

use super::*;

#[tokio::test]
async fn a_bad_form_is_refused_naming_each_problem_and_nothing_is_saved() {
    let (app, admin) = started().await;
    let root = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let before = scalar(&app, "SELECT COUNT(*) FROM tasks").await;
    let (status, e) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &admin,
        Some(json!({
            "org_id": root, "title": "", "category": "不存在的类别", "deadline": "明天",
            "form": {"fields": [
                {"key": "Bad Key", "label": "甲", "type": "short_text"},
                {"key": "kind", "label": "乙", "type": "single_choice", "options": []},
                {"key": "kind", "label": "丙", "type": "rocket"}
            ]}
        })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let fields: Vec<&str> = e["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    for expected in [
        "title",
        "category",
        "deadline",
        "form.fields[0].key",
        "form.fields[1].options",
    ] {
        assert!(fields.contains(&expected), "{expected} not in {fields:?}");
    }
    assert!(
        fields.iter().any(|f| f.starts_with("form.fields[2]")),
        "{fields:?}"
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM tasks").await, before);
}

#[tokio::test]
async fn changing_the_form_makes_a_version_and_old_reports_keep_theirs() {
    let (app, admin) = started().await;
    let branch1 = app.token_ok("branch1").await;
    let org1 = branch_org(&app, 1).await;
    let task = assign(&app, &admin, &[org1], "2099-12-31").await;
    let (status, _) = save(&app, &branch1, task, org1, good_answers("按旧表单"), true).await;
    assert_eq!(status, StatusCode::OK);
    let mut form = study_form();
    form["fields"].as_array_mut().unwrap().push(
        json!({"key": "feeling", "label": "心得体会", "type": "long_text", "required": true}),
    );
    let (status, edited) = send(&app, Method::PUT, &format!("/api/v1/tasks/{task}"), &admin, Some(json!({
        "title": "报送主题教育学习情况（补充心得）", "category": "学习", "deadline": "2099-12-31", "form": form
    }))).await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["form_version"], 2);
    let (_, old) = send(
        &app,
        Method::GET,
        &format!("/api/v1/tasks/{task}/submissions/{org1}"),
        &admin,
        None,
    )
    .await;
    assert_eq!(old["versions"][0]["form_version"], 1);
    // The next version must meet the new form.
    let (status, e) = save(&app, &branch1, task, org1, good_answers("按新表单"), true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["problems"][0]["field"], "feeling");
    let mut answers = good_answers("按新表单");
    answers["feeling"] = json!("收获很大");
    let (status, v2) = save(&app, &branch1, task, org1, answers, true).await;
    assert_eq!(status, StatusCode::OK, "{v2}");
    assert_eq!(v2["versions"][1]["form_version"], 2);
    // The diff spans the two forms.
    let keys: Vec<&str> = v2["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"feeling") && keys.contains(&"summary"),
        "{keys:?}"
    );
}

#[tokio::test]
async fn a_member_picker_accepts_only_the_orgs_own_members() {
    let (app, admin) = started().await;
    let branch1 = app.token_ok("branch1").await;
    let (org1, org2) = (branch_org(&app, 1).await, branch_org(&app, 2).await);
    let root = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let (status, task) = send(&app, Method::POST, "/api/v1/tasks", &admin, Some(json!({
        "org_id": root, "title": "报送参学党员", "category": "学习", "deadline": "2099-12-31",
        "form": {"fields": [{"key": "who", "label": "参学党员", "type": "member_picker", "multiple": true, "required": true}]},
        "targets": [{"org_id": org1, "subtree": false}], "publish": true
    }))).await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    let id = task["id"].as_i64().unwrap();
    let own = scalar(
        &app,
        &format!("SELECT MIN(id) FROM members WHERE org_id = {org1} AND status = 'active'"),
    )
    .await;
    let foreign = scalar(
        &app,
        &format!("SELECT MIN(id) FROM members WHERE org_id = {org2}"),
    )
    .await;
    let (status, e) = save(
        &app,
        &branch1,
        id,
        org1,
        json!({"who": [own, foreign]}),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["problems"][0]["code"], "unknown_reference");
    let (status, ok) = save(&app, &branch1, id, org1, json!({"who": [own]}), true).await;
    assert_eq!(status, StatusCode::OK, "{ok}");
}

#[tokio::test]
async fn report_files_are_checked_by_content_and_stay_the_orgs_own() {
    let (app, admin) = started().await;
    let branch1 = app.token_ok("branch1").await;
    let branch2 = app.token_ok("branch2").await;
    let (org1, org2) = (branch_org(&app, 1).await, branch_org(&app, 2).await);
    let root = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let (status, task) = send(&app, Method::POST, "/api/v1/tasks", &admin, Some(json!({
        "org_id": root, "title": "报送网络安全自查报告", "category": "网络安全", "deadline": "2099-12-31",
        "form": {"fields": [{"key": "report", "label": "自查报告", "type": "files", "max_files": 2, "required": true}]},
        "targets": [{"org_id": org1, "subtree": false}, {"org_id": org2, "subtree": false}], "publish": true
    }))).await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    let id = task["id"].as_i64().unwrap();
    let upload = |token: String, org: i64, name: &'static str, bytes: &'static [u8]| {
        let app = &app;
        async move {
            let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name);
            let r = reqwest::Client::new()
                .post(app.url(&format!("/api/v1/tasks/{id}/submissions/{org}/files")))
                .bearer_auth(token)
                .multipart(reqwest::multipart::Form::new().part("file", part))
                .send()
                .await
                .unwrap();
            let status = r.status();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    // A page pretending to be a PDF is refused.
    let (status, e) = upload(
        branch1.clone(),
        org1,
        "报告.pdf",
        b"<html><script>alert(1)</script></html>",
    )
    .await;
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("file_type_refused"))
    );
    let (status, f) = upload(branch1.clone(), org1, "自查报告", b"%PDF-1.4\n%%EOF\n").await;
    assert_eq!(status, StatusCode::CREATED, "{f}");
    assert_eq!(f["name"], "自查报告.pdf");
    let file = f["id"].as_i64().unwrap();
    // Another branch cannot upload into branch1's report, nor name branch1's file in its own.
    let (status, _) = upload(branch2.clone(), org1, "x.pdf", b"%PDF-1.4\n%%EOF\n").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, e) = save(
        &app,
        &branch2,
        id,
        org2,
        json!({"report": [{"id": file}]}),
        true,
    )
    .await;
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_answers"))
    );
    assert_eq!(e["error"]["problems"][0]["code"], "unknown_reference");
    // Its own org hands it in; the committee downloads it as an attachment.
    let (status, v) = save(
        &app,
        &branch1,
        id,
        org1,
        json!({"report": [{"id": file}]}),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let r = reqwest::Client::new()
        .get(app.url(&format!(
            "/api/v1/tasks/{id}/submissions/{org1}/files/{file}"
        )))
        .bearer_auth(&admin)
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
    assert_eq!(r.headers()["content-type"], "application/pdf");
    // Another branch cannot download it.
    let r = reqwest::Client::new()
        .get(app.url(&format!(
            "/api/v1/tasks/{id}/submissions/{org1}/files/{file}"
        )))
        .bearer_auth(&branch2)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_committee_configures_the_categories_tasks_may_have() {
    let (app, admin) = started().await;
    let (status, list) = send(&app, Method::GET, "/api/v1/task-categories", &admin, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["categories"][0], "学习");
    let (status, e) = send(
        &app,
        Method::PUT,
        "/api/v1/task-categories",
        &admin,
        Some(json!({"categories": ["党费", "党费"]})),
    )
    .await;
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_categories"))
    );
    let branch1 = app.token_ok("branch1").await;
    let (status, _) = send(
        &app,
        Method::PUT,
        "/api/v1/task-categories",
        &branch1,
        Some(json!({"categories": ["党费"]})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, list) = send(
        &app,
        Method::PUT,
        "/api/v1/task-categories",
        &admin,
        Some(json!({"categories": [" 党费收缴 ", "学习"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["categories"], json!(["党费收缴", "学习"]));
    // A task takes only a category of the list.
    let root = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let body = |category: &str| {
        json!({
            "org_id": root, "title": "报送党费收缴情况", "category": category, "deadline": "2099-01-01",
            "form": {"fields": [{"key": "amount", "label": "金额", "type": "number", "unit": "元"}]}
        })
    };
    let (status, e) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &admin,
        Some(body("网络安全")),
    )
    .await;
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_category"))
    );
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &admin,
        Some(body("党费收缴")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let audited = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'settings.task_categories'",
    )
    .await;
    assert_eq!(audited, 1);
}
