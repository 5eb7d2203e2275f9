//! The platforms' payloads and signatures, checked against their documented algorithms.

use super::*;

fn post() -> Post<'static> {
    Post {
        kind: "task_reminder",
        title: "催办：报送学习情况",
        body: "请于 12 月 10 日前报送。",
        link: "https://zhibu.example.org/tasks/1/reports/2?period=once",
    }
}

#[test]
fn dingtalk_signs_the_timestamp_and_secret_into_the_url() {
    let secret = "SEC0123456789abcdef";
    let r = request(
        "dingtalk",
        "https://oapi.dingtalk.com/robot/send?access_token=t",
        secret,
        &post(),
        1_700_000_000_000,
    );
    let expected = url_encode(&STANDARD.encode(hmac_sha256(
        secret.as_bytes(),
        format!("1700000000000\n{secret}").as_bytes(),
    )));
    assert_eq!(
        r.url,
        format!(
            "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000000&sign={expected}"
        )
    );
    assert_eq!(r.body["msgtype"], "text");
    assert!(
        r.body["text"]["content"]
            .as_str()
            .unwrap()
            .starts_with("催办：报送学习情况\n")
    );
}

#[test]
fn feishu_signs_with_the_timestamp_and_secret_as_the_key() {
    let r = request(
        "feishu",
        "https://open.feishu.cn/open-apis/bot/v2/hook/x",
        "s3cret",
        &post(),
        1_700_000_000_999,
    );
    assert_eq!(r.body["timestamp"], "1700000000");
    let key = "1700000000\ns3cret";
    assert_eq!(
        r.body["sign"],
        STANDARD.encode(hmac_sha256(key.as_bytes(), b""))
    );
    assert_eq!(r.body["msg_type"], "text");
    assert!(
        r.body["content"]["text"]
            .as_str()
            .unwrap()
            .contains("请于 12 月 10 日前报送。")
    );
}

#[test]
fn wecom_takes_text_and_no_signature() {
    let r = request(
        "wecom",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
        "",
        &post(),
        0,
    );
    assert_eq!(
        r.url,
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
    );
    assert_eq!(r.body["msgtype"], "text");
    assert!(r.headers.is_empty());
}

#[test]
fn the_generic_webhook_signs_timestamp_and_body() {
    let r = request(
        "webhook",
        "https://oa.example.org/hook",
        "k",
        &post(),
        1_700_000_000_000,
    );
    assert_eq!(r.body["kind"], "task_reminder");
    assert_eq!(r.headers[0], ("x-zhibu-timestamp", "1700000000".to_owned()));
    let mac = hmac_sha256(b"k", format!("1700000000.{}", r.body).as_bytes());
    let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(r.headers[1], ("x-zhibu-signature", format!("sha256={hex}")));
}

#[test]
fn a_platform_says_yes_only_with_its_own_success_code() {
    assert!(accepted("wecom", 200, r#"{"errcode":0,"errmsg":"ok"}"#));
    assert!(!accepted(
        "dingtalk",
        200,
        r#"{"errcode":310000,"errmsg":"sign not match"}"#
    ));
    assert!(accepted("feishu", 200, r#"{"code":0,"msg":"success"}"#));
    assert!(!accepted(
        "feishu",
        200,
        r#"{"code":19021,"msg":"sign match fail"}"#
    ));
    assert!(accepted("webhook", 204, ""));
    assert!(!accepted("webhook", 500, ""));
}
