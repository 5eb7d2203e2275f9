//! What a client reads, field by field: the JSON of the supervision board, of a submission
//! and of a notice draft as insta snapshots, with ids and times redacted (they differ from run
//! to run and between SQLite and PostgreSQL; everything else must not).

use super::*;
use std::time::Duration;

const DAY: Duration = Duration::from_secs(24 * 3600);

/// `value` with every id (a key `id` or ending in `_id`), every time (an RFC 3339 string) and
/// the day a period starts (today, when the task was published) replaced by a placeholder.
fn redacted(value: &Value) -> Value {
    fn is_time(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() >= 20 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':'
    }
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if (k == "id" || k.ends_with("_id")) && v.is_i64() {
                        json!("[id]")
                    } else if k == "starts_on" && v.is_string() {
                        json!("[date]")
                    } else {
                        redacted(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(list) => Value::Array(list.iter().map(redacted).collect()),
        Value::String(s) if is_time(s) => json!("[time]"),
        other => other.clone(),
    }
}

/// Three branches given two days; the first hands in on time, then three days pass.
async fn after_the_deadline() -> (TestApp, String, i64, i64) {
    let (app, admin) = started().await;
    let branch1 = app.token_ok("branch1").await;
    let orgs = [
        branch_org(&app, 1).await,
        branch_org(&app, 2).await,
        branch_org(&app, 3).await,
    ];
    let deadline = {
        use app::Clock;
        app::rfc3339(app.clock.now().plus(2 * DAY))
    };
    let task = assign(&app, &admin, &orgs, &deadline).await;
    let (status, body) = save(&app, &branch1, task, orgs[0], good_answers("按时"), true).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.clock.advance(3 * DAY);
    let admin = app.token_ok("admin").await;
    (app, admin, task, orgs[0])
}

#[tokio::test]
async fn the_board_past_the_deadline_counts_one_on_time_and_two_overdue() {
    let (app, admin, task, _) = after_the_deadline().await;
    let path = format!("/api/v1/tasks/{task}/board");
    let (status, board) = send(&app, Method::GET, &path, &admin, None).await;
    assert_eq!(status, StatusCode::OK, "{board}");
    insta::assert_json_snapshot!("board_past_the_deadline", redacted(&board));
}

#[tokio::test]
async fn a_handed_in_submission_reads_as_its_versions_and_answers() {
    let (app, admin, task, org) = after_the_deadline().await;
    let path = format!("/api/v1/tasks/{task}/submissions/{org}");
    let (status, submission) = send(&app, Method::GET, &path, &admin, None).await;
    assert_eq!(status, StatusCode::OK, "{submission}");
    insta::assert_json_snapshot!("handed_in_submission", redacted(&submission));
}

#[tokio::test]
async fn a_notice_draft_reads_as_what_the_parser_recognised() {
    let (app, admin) = started().await;
    let committee = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let source = "中共重庆市科学技术协会科技社团委员会\n\n渝科协社党发〔2022〕28号\n\n\
                  关于开展主题学习活动的通知\n\n各党支部：\n\n一、学习内容\n\n\
                  请于2022年9月30日前报送学习情况。\n\n\
                  中共重庆市科学技术协会科技社团委员会\n2022年8月5日\n";
    let (status, draft) = send(
        &app,
        Method::POST,
        "/api/v1/notices",
        &admin,
        Some(json!({"org_id": committee, "source": source})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    insta::assert_json_snapshot!("notice_draft", redacted(&draft));
}
