//! Browser tests: Debian's chromium driven through chromedriver, against the real server.
//!
//! They need `chromium` and `chromedriver` on the machine, so they are `#[ignore]`d in the plain
//! `cargo test` run (reported as ignored, never as passed) and run by `.ci/run` with
//! `-- --ignored`. Screenshots land in `target/tmp/screenshots/` for people to look at.

use crate::helpers::{PASSWORD, TestApp, spawn};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// chromedriver's `POST /session/{id}/se/log` for the browser's console.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// A chromedriver process and a headless chromium session on it.
pub struct Browser {
    pub client: Client,
    driver: Child,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// Starts a browser with a window `width` pixels wide.
    pub async fn start(width: u32) -> Browser {
        let driver_bin =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
        let port = free_port();
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("browser tests need {driver_bin} (apt-get install chromium-driver): {e}")
            });
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        let profile = tempfile::tempdir().unwrap().keep();
        let capabilities = serde_json::json!({
            // The console, for the page walk to read (`Browser::console_errors`).
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": chromium,
                // A phone in China asks for Chinese; headless chromium otherwise sends en-US.
                "prefs": {"intl.accept_languages": "zh-CN,zh"},
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--lang=zh-CN",
                    format!("--window-size={width},900"),
                    format!("--user-data-dir={}", profile.display()),
                ],
            }
        });
        // Desktop chromium will not make a window narrower than 500 px: emulate a phone.
        let mut capabilities = capabilities;
        if width < 500 {
            capabilities["goog:chromeOptions"]["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": {"width": width, "height": 780, "pixelRatio": 2, "touch": true}
            });
        }
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        };
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = None;
        for _ in 0..50 {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => return Browser { client, driver },
                Err(e) => {
                    last_error = Some(e);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
        panic!("could not start a browser session: {last_error:?}");
    }

    pub async fn screenshot(&self, name: &str) {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    pub async fn text_of(&self, css: &str) -> String {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .text()
            .await
            .unwrap()
    }

    /// Waits until the element's text contains `needle` (pages reload under us: stale
    /// elements are looked up again).
    pub async fn wait_text(&self, css: &str, needle: &str) -> String {
        let mut last = String::new();
        for _ in 0..50 {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = el.text().await
            {
                if text.contains(needle) {
                    return text;
                }
                last = text;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("{css} never showed {needle:?}; last: {last:?}");
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.client.find(Locator::Css(css)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    pub async fn log_in(&self, app: &TestApp, username: &str, password: &str) {
        self.client.goto(&app.url("/login")).await.unwrap();
        self.fill("#username", username).await;
        self.fill("#password", password).await;
        self.click("#login-submit").await;
    }

    /// The page fits the window: nothing scrolls sideways (a 360-px phone's test).
    pub async fn assert_fits(&self) {
        let overflow = self
            .client
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth;",
                vec![],
            )
            .await
            .unwrap();
        let url = self.client.current_url().await.unwrap();
        assert_eq!(
            overflow,
            serde_json::Value::Bool(false),
            "{url} scrolls sideways"
        );
    }

    /// The console's errors since it was last asked (chromedriver hands each entry out once).
    pub async fn console_errors(&self) -> Vec<String> {
        let log = self.client.issue_cmd(BrowserLog).await.unwrap();
        log.as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or("").to_owned())
            .collect()
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn a_person_logs_in_through_the_login_page_and_sees_their_home_page() {
    let app = spawn().await;
    let browser = Browser::start(360).await;

    browser.log_in(&app, "branch1", "Wrong-Pass-123").await;
    let error = browser.text_of("#login-error").await;
    assert!(error.contains("用户名或密码错误"), "{error}");
    browser.screenshot("login-error-360").await;

    browser.log_in(&app, "branch1", PASSWORD).await;
    let greeting = browser.text_of("#greeting").await;
    assert_eq!(greeting, "王示例01，您好");
    assert_eq!(browser.text_of("#my-org").await, "重庆市机械工程学会党支部");
    assert!(browser.text_of("#todo").await.contains("待办"));
    browser.screenshot("home-360").await;

    // The page fits a 360-px phone: nothing scrolls sideways.
    browser.assert_fits().await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn the_sessions_page_and_language_switch_work_in_a_desktop_browser() {
    let app = spawn().await;
    let browser = Browser::start(1280).await;
    browser.log_in(&app, "admin", PASSWORD).await;
    browser.text_of("#greeting").await;
    browser
        .client
        .goto(&app.url("/account/sessions"))
        .await
        .unwrap();
    assert!(browser.text_of("#session-list").await.contains("当前设备"));
    browser.screenshot("sessions-1280").await;

    // The select submits itself on change (app.js); the button is hidden.
    browser
        .client
        .find(Locator::Css("#lang option[value=en]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let heading = browser.text_of("h1").await;
    assert_eq!(heading, "Signed-in devices");
    browser.screenshot("sessions-en-1280").await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn the_org_tree_and_a_member_page_fit_a_phone() {
    let app = spawn().await;
    let browser = Browser::start(360).await;
    browser.log_in(&app, "admin", PASSWORD).await;
    browser.text_of("#greeting").await;
    browser.client.goto(&app.url("/orgs")).await.unwrap();
    assert_eq!(
        browser.text_of("#org-name").await,
        "中共重庆市科学技术协会科技社团委员会"
    );
    assert!(
        browser
            .text_of("#org-children")
            .await
            .contains("重庆市机械工程学会党支部")
    );
    browser.screenshot("orgs-360").await;
    browser.assert_fits().await;

    browser
        .client
        .find(Locator::LinkText("重庆市机械工程学会党支部"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(browser.text_of("#roster").await.contains("王示例01"));
    browser.screenshot("branch-360").await;
    browser
        .client
        .find(Locator::LinkText("王示例01"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(browser.text_of("#member-name").await, "王示例01");
    assert!(browser.text_of("#member-facts").await.contains("书记"));
    browser.screenshot("member-360").await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn a_notice_is_uploaded_checked_published_and_signed_in_the_browser() {
    let app = spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("渝科协社党发〔2022〕28号.md");
    std::fs::write(&file, crate::notices::FOUNDING).unwrap();

    let browser = Browser::start(1280).await;
    browser.log_in(&app, "admin", PASSWORD).await;
    browser.text_of("#greeting").await;
    browser.client.goto(&app.url("/notices/new")).await.unwrap();
    let input = browser.client.find(Locator::Css("#file")).await.unwrap();
    input.send_keys(file.to_str().unwrap()).await.unwrap();
    browser.click("#recognise").await;
    assert!(
        browser
            .text_of("#structure")
            .await
            .contains("认真开展主题学习活动")
    );
    let number = browser
        .client
        .find(Locator::Css("#doc_number"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(number.as_deref(), Some("渝科协社党发〔2022〕28号"));
    browser.screenshot("notice-preview-1280").await;
    browser.click("#save-notice").await;
    browser
        .wait_text("#doc-number", "渝科协社党发〔2022〕28号")
        .await;
    // The first press shows whom it reaches; the second sends it.
    browser.click("#publish-notice").await;
    browser
        .wait_text("#publish-confirm", "将下发至 14 个组织")
        .await;
    browser.screenshot("notice-publish-confirm-1280").await;
    browser.click("#publish-notice").await;
    browser
        .wait_text("#receipts-summary", "应签收 14 个单位")
        .await;
    browser.close().await;

    let phone = Browser::start(360).await;
    phone.log_in(&app, "branch1", PASSWORD).await;
    phone.text_of("#greeting").await;
    phone.client.goto(&app.url("/notices")).await.unwrap();
    assert!(phone.text_of("#inbox").await.contains("未读"));
    phone.screenshot("notice-inbox-360").await;
    phone
        .client
        .find(Locator::Css("#inbox td.primary a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        phone
            .text_of("#notice-title")
            .await
            .contains("关于做好近期有关工作的通知")
    );
    let sign = phone
        .client
        .find(Locator::Css("#sign button"))
        .await
        .unwrap();
    sign.click().await.unwrap();
    phone.wait_text("#sign", "已于").await;
    phone.screenshot("notice-signed-360").await;
    phone.assert_fits().await;
    phone.close().await;
}
