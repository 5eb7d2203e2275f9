//! The layers around every request: request id, panic catching, caching and transport
//! headers, gzip.

use crate::helpers::{spawn, spawn_with};
use reqwest::StatusCode;
use std::cell::RefCell;
use std::sync::{Arc, Mutex, Once};

thread_local! {
    /// Where this thread's log lines go while a test captures them.
    static CAPTURE: RefCell<Option<Arc<Mutex<Vec<u8>>>>> = const { RefCell::new(None) };
}

/// Writes a log line to the capture of the thread that logs it, if any.
struct ThreadSink;

impl std::io::Write for ThreadSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURE.with(|c| {
            if let Some(lines) = c.borrow().as_ref() {
                lines.lock().unwrap().extend_from_slice(buf);
            }
        });
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The log lines written on this thread (the test's runtime, where the server runs too) while
/// it is alive. One global subscriber serves every capture: scoped subscribers race with the
/// other tests' threads over tracing's per-callsite cache and lose spans now and then.
struct Log {
    lines: Arc<Mutex<Vec<u8>>>,
}

impl Log {
    fn capture() -> Log {
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            let subscriber = tracing_subscriber::fmt()
                .with_ansi(false)
                .with_writer(|| ThreadSink)
                .finish();
            tracing::subscriber::set_global_default(subscriber).unwrap();
        });
        let lines = Arc::new(Mutex::new(Vec::new()));
        CAPTURE.with(|c| *c.borrow_mut() = Some(lines.clone()));
        Log { lines }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.lines.lock().unwrap()).into_owned()
    }
}

impl Drop for Log {
    fn drop(&mut self) {
        CAPTURE.with(|c| *c.borrow_mut() = None);
    }
}

fn request_id(r: &reqwest::Response) -> String {
    r.headers()
        .get("x-request-id")
        .expect("an x-request-id header")
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_panicking_handler_answers_500_with_its_request_id_and_the_server_keeps_serving() {
    let log = Log::capture();
    let app = spawn_with(|c| c.test_panic_route = true).await;

    let r = app.get("/__test/panic").await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let id = request_id(&r);
    assert_eq!(id.len(), 16);
    let logged = log.text();
    assert!(
        logged.lines().any(|l| l.contains("ERROR")
            && l.contains(&format!("request{{id={id} "))
            && l.contains("a handler panicked")
            && l.contains("the test panic route was called")),
        "{logged}"
    );
    assert!(r.headers().get("content-security-policy").is_some());
    let page = r.text().await.unwrap();
    assert!(page.contains("系统内部错误"), "{page}");
    assert!(
        page.contains(&format!("<code id=\"request-id\">{id}</code>")),
        "{page}"
    );

    let r = app.get("/api/v1/__test/panic").await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let id = request_id(&r);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "internal");
    assert_eq!(body["error"]["request_id"], id.as_str());

    // The server is still there, and answers the next requests normally.
    let (status, body) = app.get_text("/healthz").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
    let (status, _) = app.get_text("/login").await;
    assert_eq!(status, StatusCode::OK);
    app.login_ok("member1").await;
    let (status, _) = app.get_text("/").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_panic_route_is_not_there_unless_a_test_asks_for_it() {
    let app = spawn().await;
    assert_eq!(
        app.get("/__test/panic").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/__test/panic").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn client_errors_do_not_name_a_request_id_in_their_body() {
    let app = spawn().await;
    let r = app.get("/api/v1/me").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["error"].get("request_id").is_none(), "{body}");
}

#[tokio::test]
async fn a_load_balancers_request_id_is_kept_and_an_odd_one_replaced() {
    let app = spawn().await;
    let r = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "lb-4711.a_b")
        .send()
        .await
        .unwrap();
    assert_eq!(request_id(&r), "lb-4711.a_b");
    let r = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "<script>alert(1)</script>")
        .send()
        .await
        .unwrap();
    let id = request_id(&r);
    assert_eq!(id.len(), 16);
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
}

#[tokio::test]
async fn headers_forbid_storing_pages_and_api_answers_but_assets_keep_their_cache() {
    let app = spawn().await;
    app.login_ok("admin").await;
    for path in ["/login", "/", "/members", "/no-such-page", "/api/v1/me"] {
        let r = app.get(path).await;
        assert_eq!(
            r.headers().get("cache-control").unwrap(),
            "no-store",
            "{path}"
        );
    }
    let token = app.token_ok("admin").await;
    let r = app.api_get("/api/v1/members", &token).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers().get("cache-control").unwrap(), "no-store");
    let r = app.get("/static/app.css").await;
    assert_eq!(
        r.headers().get("cache-control").unwrap(),
        "public, max-age=3600"
    );
}

#[tokio::test]
async fn headers_carry_hsts_only_when_served_over_https() {
    let app = spawn().await;
    let r = app.get("/login").await;
    assert!(r.headers().get("strict-transport-security").is_none());

    let app = spawn_with(|c| c.secure_cookies = true).await;
    for path in ["/login", "/healthz", "/static/app.css", "/api/v1/me"] {
        let r = app.get(path).await;
        assert_eq!(
            r.headers().get("strict-transport-security").unwrap(),
            "max-age=31536000",
            "{path}"
        );
    }
}

#[tokio::test]
async fn text_is_gzipped_when_the_browser_accepts_it() {
    let app = spawn().await;
    let r = app
        .client
        .get(app.url("/static/app.css"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers().get("content-encoding").unwrap(), "gzip");
    let bytes = r.bytes().await.unwrap();
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "a gzip stream");

    let r = app
        .client
        .get(app.url("/static/app.css"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    let css = r.text().await.unwrap();
    assert!(css.contains('{'));

    let r = app.get("/login").await;
    assert!(r.headers().get("content-encoding").is_none());
}
