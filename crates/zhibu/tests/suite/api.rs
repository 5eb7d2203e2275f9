use crate::helpers::{PASSWORD, spawn};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_token_is_issued_for_a_username_and_password() {
    let app = spawn().await;
    let r = app.token("branch1", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["token"].as_str().unwrap().len(), 43);
    let expires = body["expires_at"].as_str().unwrap();
    assert!(expires.ends_with('Z') && expires.contains('T'), "{expires}");
    assert_eq!(body["must_change_password"], false);
}

#[tokio::test]
async fn me_shows_the_account_its_name_and_its_grants() {
    let app = spawn().await;
    let token = app.token_ok("branch1").await;
    let r = app.api_get("/api/v1/me", &token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["account"]["username"], "branch1");
    assert_eq!(me["display_name"], "王示例01");
    let grants = me["grants"].as_array().unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0]["role"], "branch_admin");
    assert_eq!(grants[0]["org_name"], "重庆市机械工程学会党支部");
    assert!(grants[0]["org_id"].as_i64().unwrap() > 0);

    let token = app.token_ok("admin").await;
    let me: Value = app
        .api_get("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["grants"][0]["role"], "committee_admin");
    assert_eq!(
        me["grants"][0]["org_name"],
        "中共重庆市科学技术协会科技社团委员会"
    );
}

#[tokio::test]
async fn errors_are_structured_json_with_the_right_status() {
    let app = spawn().await;
    let client = reqwest::Client::new();

    let r = client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    assert_eq!(body["error"]["message"], "请先登录。");

    let r = app.api_get("/api/v1/me", "not-a-token").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let r = app.token("branch1", "Wrong-Pass-123").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_credentials");

    let r = client
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"username": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_body");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("password")
    );

    let r = client
        .post(app.url("/api/v1/auth/token"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "invalid_json"
    );

    let r = client
        .post(app.url("/api/v1/auth/token"))
        .body("username=x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let r = client
        .get(app.url("/api/v1/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "not_found"
    );

    let r = client
        .put(app.url("/api/v1/me"))
        .bearer_auth(app.token_ok("member1").await)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "method_not_allowed"
    );
}

#[tokio::test]
async fn error_messages_follow_accept_language() {
    let app = spawn().await;
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["message"], "Please log in first.");
}

#[tokio::test]
async fn a_revoked_token_stops_working() {
    let app = spawn().await;
    let token = app.token_ok("member1").await;
    let r = reqwest::Client::new()
        .delete(app.url("/api/v1/auth/token"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.api_get("/api/v1/me", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_browser_session_cookie_is_not_accepted_as_a_bearer_token() {
    let app = spawn().await;
    app.login_ok("member1").await;
    let cookie = app.cookie("zhibu_session").unwrap();
    assert_eq!(
        app.api_get("/api/v1/me", &cookie).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_password_can_be_changed_through_the_api() {
    let app = spawn().await;
    let token = app.token_ok("member1").await;
    let client = reqwest::Client::new();
    let r = client
        .post(app.url("/api/v1/me/password"))
        .bearer_auth(&token)
        .json(&json!({"current_password": PASSWORD, "new_password": "short"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "password_too_short");
    assert!(body["error"]["message"].as_str().unwrap().contains("10"));

    let r = client
        .post(app.url("/api/v1/me/password"))
        .bearer_auth(&token)
        .json(&json!({"current_password": PASSWORD, "new_password": "Brand-New-Pass-5"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.api_get("/api/v1/me", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.token("member1", "Brand-New-Pass-5").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = spawn().await;
    let r = app.get("/api/v1/openapi.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc: Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in ["/api/v1/auth/token", "/api/v1/me", "/api/v1/me/password"] {
        assert!(paths.contains_key(path), "{path} is missing");
    }
    assert!(doc["paths"]["/api/v1/auth/token"]["post"]["responses"]["429"].is_object());
    assert!(doc["components"]["schemas"]["TokenResponse"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

/// Every route under /api/v1 is in the OpenAPI document with its method.
#[tokio::test]
async fn every_api_route_is_documented() {
    let app = spawn().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let missing: Vec<String> = web::route_table()
        .into_iter()
        .filter(|(_, path)| path.starts_with("/api/") && *path != "/api/v1/openapi.json")
        .filter(|(method, path)| doc["paths"][*path][method.to_lowercase()].is_null())
        .map(|(method, path)| format!("{method} {path}"))
        .collect();
    assert!(missing.is_empty(), "undocumented API routes: {missing:#?}");
}

/// Each `{name}` of a path is declared `in: path` (and required) on every operation of the
/// path, and nothing else is declared `in: path`: query parameters are `in: query`.
#[tokio::test]
async fn path_parameters_are_declared_in_the_path_and_query_parameters_in_the_query() {
    let app = spawn().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let mut wrong = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let segments: std::collections::BTreeSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        for (method, op) in item.as_object().unwrap() {
            if !["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            let params: Vec<&Value> = op["parameters"]
                .as_array()
                .into_iter()
                .chain(item["parameters"].as_array())
                .flatten()
                .collect();
            let declared: std::collections::BTreeSet<&str> = params
                .iter()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            for name in segments.difference(&declared) {
                wrong.push(format!(
                    "{method} {path}: {{{name}}} is not declared in: path"
                ));
            }
            for name in declared.difference(&segments) {
                wrong.push(format!("{method} {path}: {name} is declared in: path"));
            }
            for p in params.iter().filter(|p| p["in"] == "path") {
                if p["required"] != true {
                    wrong.push(format!("{method} {path}: {} is not required", p["name"]));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} wrong: {wrong:#?}", wrong.len());
}
