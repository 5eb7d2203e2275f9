//! Reminders by email and to group-chat robots, against real receivers on loopback: a test
//! email and a test post answer with the channel's own outcome; a reminder reaches the SMTP
//! server and each robot in its platform's JSON with a signature checked as the platform
//! checks it; a failing channel is retried with backoff and listed until it succeeds; and
//! nobody registers robots for, or reads the deliveries of, another branch.

use crate::helpers::{TestApp, branch_org, scalar, send, spawn_with};
use crate::sinks::{HttpSink, SmtpSink};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::Sha256;
use std::sync::Arc;

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// A delivery worker on the app's database and clock, with the same channels as the server.
fn worker(app: &TestApp, db: store::Db, smtp: &SmtpSink) -> app::App {
    let zone = app::Zone::parse("Asia/Shanghai").unwrap();
    let mut worker = app::App::new(db, Arc::new(app.clock.clone()), zone);
    worker.channels = Arc::new(app::channels::Channels {
        mailer: Some(app::channels::Mailer::new(&smtp.url(), "zhibu <zhibu@example.org>").unwrap()),
        webhooks: app::channels::ssrf::Policy {
            allow_http: true,
            allow_private: true,
        },
    });
    worker.public_url = Some("https://zhibu.example.org".to_owned());
    worker
}

/// The subject and the text of a mail as lettre writes them (base64 words and body).
fn decoded(data: &str) -> (String, String) {
    let (head, body) = data.split_once("\n\n").unwrap();
    let subject = head
        .lines()
        .find_map(|l| l.strip_prefix("Subject: "))
        .unwrap();
    let subject = match subject
        .strip_prefix("=?utf-8?b?")
        .and_then(|s| s.strip_suffix("?="))
    {
        Some(b64) => String::from_utf8(STANDARD.decode(b64).unwrap()).unwrap(),
        None => subject.to_owned(),
    };
    let b64: String = body.split_whitespace().collect();
    (
        subject,
        String::from_utf8(STANDARD.decode(b64).unwrap()).unwrap(),
    )
}

async fn started() -> (TestApp, SmtpSink, HttpSink) {
    started_with(false).await
}

/// The app with both sinks as its channels, its background jobs running if `jobs`.
async fn started_with(jobs: bool) -> (TestApp, SmtpSink, HttpSink) {
    let smtp = SmtpSink::start().await;
    let http = HttpSink::start().await;
    let url = smtp.url();
    let app = spawn_with(|c| {
        c.smtp_url = Some(url);
        c.smtp_from = "zhibu <zhibu@example.org>".to_owned();
        c.public_url = Some("https://zhibu.example.org".to_owned());
        c.webhooks = app::channels::ssrf::Policy {
            allow_http: true,
            allow_private: true,
        };
        c.jobs = jobs;
    })
    .await;
    (app, smtp, http)
}

#[tokio::test]
async fn the_running_server_sends_a_queued_reminder_by_itself() {
    let (app, smtp, _http) = started_with(true).await;
    let admin = app.token_ok("admin").await;
    let branch = app.token_ok("branch1").await;
    let org = branch_org(&app, 1).await;
    let body = json!({"email": "branch1@example.org", "email_on": true});
    let (status, _) = send(
        &app,
        Method::PUT,
        "/api/v1/me/notifications",
        &branch,
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let task = crate::tasks_api_support::assign(&app, &admin, &[org]).await;
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{task}/reminders"),
        &admin,
        Some(json!({"scope": "owing"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    // The worker wakes every 15 s; nothing here runs a pass by hand.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while smtp.mails().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "no mail a minute after the reminder"
        );
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    let (subject, _) = decoded(&smtp.mails()[0].data);
    assert_eq!(subject, "催办：报送学习情况");
}

#[tokio::test]
async fn reminders_go_out_by_email_and_to_each_robot_in_its_platforms_words() {
    let (app, smtp, http) = started().await;
    let admin = app.token_ok("admin").await;
    let branch = app.token_ok("branch1").await;
    let org = branch_org(&app, 1).await;

    // The account's own email, checked with a real test email.
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/me/notifications/test",
        &branch,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "no address yet");
    let body = json!({"email": "branch1@example.org", "email_on": true});
    let (status, saved) = send(
        &app,
        Method::PUT,
        "/api/v1/me/notifications",
        &branch,
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["email_available"], true);
    let (status, sent) = send(
        &app,
        Method::POST,
        "/api/v1/me/notifications/test",
        &branch,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert!(
        sent["result"].as_str().unwrap().starts_with("250"),
        "{sent}"
    );
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, vec!["<branch1@example.org>"]);

    // Four robots for branch1's org, registered by its own administrator.
    let robots = [
        ("wecom", "/wecom/send?key=WECOM-KEY", ""),
        (
            "dingtalk",
            "/dingtalk/send?access_token=DING-TOKEN",
            "SECdingtalk",
        ),
        ("feishu", "/feishu/hook/abc", "feishu-secret"),
        ("webhook", "/oa/hook", "hook-secret"),
    ];
    let path = format!("/api/v1/orgs/{org}/robots");
    for (kind, url, secret) in robots {
        let body = json!({"kind": kind, "name": format!("{kind} 群"), "url": http.url(url), "secret": secret});
        let (status, created) = send(&app, Method::POST, &path, &branch, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
    }
    let (_, listed) = send(&app, Method::GET, &path, &branch, None).await;
    let listed = listed.as_array().unwrap().clone();
    assert_eq!(listed.len(), 4);
    // The key in a robot's address is never shown again.
    assert!(
        listed
            .iter()
            .all(|r| !r["url"].as_str().unwrap().contains("KEY")
                && !r["url"].as_str().unwrap().contains("TOKEN"))
    );
    // A test post answers with what the platform said: here, a DingTalk signature refused.
    http.then_answer(200, r#"{"errcode":310000,"errmsg":"sign not match"}"#);
    let ding = listed[1]["id"].as_i64().unwrap();
    let (status, refused) = send(
        &app,
        Method::POST,
        &format!("/api/v1/robots/{ding}/test"),
        &branch,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("sign not match"),
        "{refused}"
    );

    // A reminder to branch1's org: the inbox at once, email and robots by the worker.
    let task = crate::tasks_api_support::assign(&app, &admin, &[org]).await;
    let before = http.received().len();
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{task}/reminders"),
        &admin,
        Some(json!({"scope": "owing", "note": "请今天报送"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let db = app.db().await;
    let w = worker(&app, db, &smtp);
    app::reminders::delivery::pass(&w).await.unwrap();
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM deliveries WHERE status = 'sent'"
        )
        .await,
        5
    );
    let mail = smtp.mails().pop().unwrap();
    let (subject, text) = decoded(&mail.data);
    assert_eq!(subject, "催办：报送学习情况");
    assert!(text.contains("留言：请今天报送"), "{text}");
    let link = format!("https://zhibu.example.org/tasks/{task}/reports/{org}?period=once");
    assert!(text.contains(&link), "{text}");
    let posts: Vec<_> = http.received()[before..].to_vec();
    assert_eq!(posts.len(), 4);
    let by = |prefix: &str| {
        posts
            .iter()
            .find(|p| p.target.starts_with(prefix))
            .unwrap()
            .clone()
    };

    assert!(posts.iter().all(|p| p.method == "POST"));
    let wecom = by("/wecom/");
    assert_eq!(wecom.target, "/wecom/send?key=WECOM-KEY");
    assert_eq!(wecom.json()["msgtype"], "text");
    let text = wecom.json()["text"]["content"].as_str().unwrap().to_owned();
    assert!(
        text.starts_with("催办：报送") && text.contains("留言：请今天报送"),
        "{text}"
    );
    assert!(text.contains("https://zhibu.example.org/tasks/"));

    let ding = by("/dingtalk/");
    let query: Vec<(String, String)> = reqwest::Url::parse(&format!("http://x{}", ding.target))
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    let get = |k: &str| query.iter().find(|(n, _)| n == k).unwrap().1.clone();
    assert_eq!(get("access_token"), "DING-TOKEN");
    let expected = STANDARD.encode(hmac(
        b"SECdingtalk",
        format!("{}\nSECdingtalk", get("timestamp")).as_bytes(),
    ));
    assert_eq!(get("sign"), expected);
    assert_eq!(ding.json()["msgtype"], "text");

    let feishu = by("/feishu/").json();
    let key = format!("{}\nfeishu-secret", feishu["timestamp"].as_str().unwrap());
    assert_eq!(feishu["sign"], STANDARD.encode(hmac(key.as_bytes(), b"")));
    assert_eq!(feishu["msg_type"], "text");

    let hook = by("/oa/");
    let signed = format!(
        "{}.{}",
        hook.header("x-zhibu-timestamp").unwrap(),
        hook.body
    );
    let hex: String = hmac(b"hook-secret", signed.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        hook.header("x-zhibu-signature").unwrap(),
        format!("sha256={hex}")
    );
    assert_eq!(hook.json()["kind"], "task_reminder");
}

#[tokio::test]
async fn a_failing_channel_is_retried_with_backoff_and_listed_until_it_goes_out() {
    let (app, smtp, http) = started().await;
    let admin = app.token_ok("admin").await;
    let branch = app.token_ok("branch1").await;
    let org = branch_org(&app, 1).await;
    let body = json!({"kind": "webhook", "name": "OA", "url": http.url("/oa/hook"), "secret": ""});
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/orgs/{org}/robots"),
        &branch,
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let task = crate::tasks_api_support::assign(&app, &admin, &[org]).await;
    http.then_answer(500, "down for maintenance");
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{task}/reminders"),
        &admin,
        Some(json!({"scope": "owing"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let w = worker(&app, app.db().await, &smtp);
    let first = app::reminders::delivery::pass(&w).await.unwrap();
    assert_eq!((first.sent, first.retrying), (0, 1), "{first:?}");
    // Listed for whoever manages the org's channels, with the platform's answer.
    let (status, list) = send(&app, Method::GET, "/api/v1/deliveries", &branch, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list[0]["status"], "pending");
    assert!(
        list[0]["last_result"]
            .as_str()
            .unwrap()
            .starts_with("500 down for maintenance"),
        "{list}"
    );
    assert_eq!(list[0]["attempts_log"][0]["outcome"], "retry", "{list}");
    // Another branch's administrator does not see it.
    let other = app.token_ok("branch2").await;
    let (status, theirs) = send(&app, Method::GET, "/api/v1/deliveries", &other, None).await;
    assert_eq!((status, theirs), (StatusCode::OK, json!([])));
    // Not yet due again; a minute later it goes out.
    assert_eq!(app::reminders::delivery::pass(&w).await.unwrap().sent, 0);
    app.clock.advance(std::time::Duration::from_secs(61));
    assert_eq!(app::reminders::delivery::pass(&w).await.unwrap().sent, 1);
    let (_, list) = send(&app, Method::GET, "/api/v1/deliveries", &branch, None).await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn nobody_registers_robots_for_another_branch_or_points_them_inside_the_network() {
    let smtp = SmtpSink::start().await;
    let url = smtp.url();
    // Default policy: https only, no private addresses.
    let app = spawn_with(|c| c.smtp_url = Some(url)).await;
    let branch = app.token_ok("branch1").await;
    let (mine, other) = (branch_org(&app, 1).await, branch_org(&app, 2).await);
    let body = |url: &str| json!({"kind": "wecom", "name": "群", "url": url});
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/orgs/{other}/robots"),
        &branch,
        Some(body("https://qyapi.weixin.qq.com/x")),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(
        &app,
        Method::GET,
        &format!("/api/v1/orgs/{other}/robots"),
        &branch,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let cases = [
        ("http://qyapi.weixin.qq.com/x", "url_not_https"),
        ("https://127.0.0.1/x", "url_not_public"),
        ("https://169.254.169.254/latest/meta-data", "url_not_public"),
        ("https://[::1]/x", "url_not_public"),
        ("not a url", "invalid_url"),
    ];
    for (url, code) in cases {
        let (status, answer) = send(
            &app,
            Method::POST,
            &format!("/api/v1/orgs/{mine}/robots"),
            &branch,
            Some(body(url)),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert_eq!(answer["error"]["code"], code, "{url}");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM robots").await, 0);
    // A member manages no channels: no list of deliveries either.
    let member = app.token_ok("member1").await;
    let (status, _) = send(&app, Method::GET, "/api/v1/deliveries", &member, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
