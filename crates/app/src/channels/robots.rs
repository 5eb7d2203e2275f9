//! Posting to group-chat robots, each in its platform's documented message JSON and signature:
//! 企业微信 (WeCom) group robot, 钉钉 (DingTalk) custom robot with 加签, 飞书 (Feishu) custom bot
//! with its signature, and a generic JSON webhook signed with HMAC-SHA256 (an SMS gateway, an OA
//! system). The payloads and signatures are pure; [`post`] sends one over a checked connection.

use super::ssrf::{self, Policy};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use std::time::Duration;

/// The kinds of robot.
pub const KINDS: [&str; 4] = ["wecom", "dingtalk", "feishu", "webhook"];

/// How long a post may take, and how much of the answer is read.
const TIMEOUT: Duration = Duration::from_secs(10);
const ANSWER_LIMIT: usize = 64 * 1024;

/// What to say: a title, the text, and the link to the page.
#[derive(Debug, Clone)]
pub struct Post<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub link: &'a str,
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// 钉钉 加签: `sign = urlencode(base64(HMAC-SHA256(secret, "{timestamp}\n{secret}")))`, the
/// timestamp in milliseconds.
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    let string_to_sign = format!("{timestamp_ms}\n{secret}");
    STANDARD.encode(hmac_sha256(secret.as_bytes(), string_to_sign.as_bytes()))
}

/// 飞书 签名校验: `sign = base64(HMAC-SHA256(key = "{timestamp}\n{secret}", message = ""))`, the
/// timestamp in seconds.
pub fn feishu_sign(secret: &str, timestamp_s: i64) -> String {
    let key = format!("{timestamp_s}\n{secret}");
    STANDARD.encode(hmac_sha256(key.as_bytes(), b""))
}

/// The generic webhook's signature: hex HMAC-SHA256 of `"{timestamp}.{body}"` with the secret,
/// sent as `X-Zhibu-Signature: sha256=…` beside `X-Zhibu-Timestamp` (seconds).
pub fn webhook_sign(secret: &str, timestamp_s: i64, body: &str) -> String {
    let mac = hmac_sha256(
        secret.as_bytes(),
        format!("{timestamp_s}.{body}").as_bytes(),
    );
    let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

fn text(p: &Post<'_>) -> String {
    if p.link.is_empty() {
        format!("{}\n{}", p.title, p.body)
    } else {
        format!("{}\n{}\n{}", p.title, p.body, p.link)
    }
}

/// A request ready to send: where, what, and which headers.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub url: String,
    pub body: Value,
    pub headers: Vec<(&'static str, String)>,
}

/// The platform's request for `post` to the robot at `url` with `secret`, at `now_ms`.
pub fn request(kind: &str, url: &str, secret: &str, post: &Post<'_>, now_ms: i64) -> Request {
    let content = text(post);
    match kind {
        "dingtalk" => {
            let mut url = url.to_owned();
            if !secret.is_empty() {
                let sign = dingtalk_sign(secret, now_ms);
                let sign: String = url_encode(&sign);
                let sep = if url.contains('?') { '&' } else { '?' };
                url = format!("{url}{sep}timestamp={now_ms}&sign={sign}");
            }
            Request {
                url,
                body: json!({"msgtype": "text", "text": {"content": content}}),
                headers: Vec::new(),
            }
        }
        "feishu" => {
            let mut body = json!({"msg_type": "text", "content": {"text": content}});
            if !secret.is_empty() {
                let secs = now_ms / 1000;
                body["timestamp"] = json!(secs.to_string());
                body["sign"] = json!(feishu_sign(secret, secs));
            }
            Request {
                url: url.to_owned(),
                body,
                headers: Vec::new(),
            }
        }
        "wecom" => Request {
            url: url.to_owned(),
            body: json!({"msgtype": "text", "text": {"content": content}}),
            headers: Vec::new(),
        },
        _ => {
            let body = json!({
                "kind": post.kind, "title": post.title, "body": post.body, "link": post.link,
            });
            let secs = now_ms / 1000;
            let mut headers = vec![("x-zhibu-timestamp", secs.to_string())];
            if !secret.is_empty() {
                headers.push((
                    "x-zhibu-signature",
                    webhook_sign(secret, secs, &body.to_string()),
                ));
            }
            Request {
                url: url.to_owned(),
                body,
                headers,
            }
        }
    }
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Whether the platform says it took the message: 2xx and, for the chat platforms, their own
/// success code in the answer.
pub fn accepted(kind: &str, status: u16, answer: &str) -> bool {
    if !(200..300).contains(&status) {
        return false;
    }
    let v: Value = serde_json::from_str(answer).unwrap_or(Value::Null);
    let code = |k: &str| v.get(k).and_then(Value::as_i64);
    match kind {
        "wecom" | "dingtalk" => code("errcode") == Some(0),
        "feishu" => code("code") == Some(0) || code("StatusCode") == Some(0),
        _ => true,
    }
}

/// Sends `request` over a connection to the checked address; answers what the platform said
/// (`"200 {…}"`), or the error. The body read is bounded; redirects are not followed.
pub async fn post(kind: &str, request: &Request, policy: Policy) -> Result<String, String> {
    let url = ssrf::check_form(&request.url, policy).map_err(|e| e.to_string())?;
    let addr = ssrf::resolve(&url, policy)
        .await
        .map_err(|e| e.to_string())?;
    let host = url.host_str().unwrap_or_default().to_owned();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .resolve(&host, addr)
        .build()
        .map_err(|e| format!("the HTTP client could not start: {e}"))?;
    let mut req = client.post(url).json(&request.body);
    for (name, value) in &request.headers {
        req = req.header(*name, value);
    }
    let mut response = req.send().await.map_err(|e| without_url(&e))?;
    let status = response.status().as_u16();
    let mut answer = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| without_url(&e))? {
        let room = ANSWER_LIMIT.saturating_sub(answer.len());
        answer.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if room <= chunk.len() {
            break;
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    let shown: String = answer.chars().take(500).collect();
    if accepted(kind, status, &answer) {
        Ok(format!("{status} {shown}"))
    } else {
        Err(format!("{status} {shown}"))
    }
}

/// What went wrong, without the URL, which holds the robot's key (企业微信, 钉钉): never logged
/// or shown.
fn without_url(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_redirect() {
        "redirected (not followed)"
    } else if e.is_body() || e.is_decode() {
        "the answer could not be read"
    } else {
        "the request failed"
    };
    what.to_owned()
}

#[cfg(test)]
#[path = "robots_tests.rs"]
mod tests;
