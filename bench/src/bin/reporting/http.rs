//! The real server as a child process (its own runtime and threads, as deployed) and the lean
//! load driver: reqwest on this process's single-threaded runtime, one keep-alive connection a
//! client.

use anyhow::{Context, bail};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `zhibu serve` on a free port of 127.0.0.1.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    pub async fn start(zhibu: &Path, url: &str, data: &Path, log: &Path) -> anyhow::Result<Server> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)?;
        let child = Command::new(zhibu)
            .arg("serve")
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data")
            .arg(data)
            .env("ZHIBU_DATABASE_URL", url)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", zhibu.display()))?;
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        let start = Instant::now();
        loop {
            if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await
                && r.status().is_success()
            {
                return Ok(server);
            }
            if start.elapsed() > Duration::from_secs(60) {
                bail!("the server did not answer /healthz within 60 s");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no graceful shutdown, so only what was made durable survives.
    pub fn kill(mut self) -> anyhow::Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The zhibu binary beside this one (target/release), or `ZHIBU_BIN`.
pub fn zhibu_binary() -> PathBuf {
    std::env::var_os("ZHIBU_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let me = std::env::current_exe().unwrap_or_default();
            me.with_file_name("zhibu")
        })
}

pub fn client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .tcp_nodelay(true)
        .build()?)
}

pub async fn login(base: &str, username: &str, password: &str) -> anyhow::Result<String> {
    let r = client()?
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await?;
    let status = r.status();
    let body: Value = r.json().await?;
    if status != StatusCode::OK {
        bail!("login of {username}: {status} {body}");
    }
    Ok(body["token"].as_str().context("no token")?.to_owned())
}

/// Creates and assigns (publishes) a one-off task to the committee's whole subtree through
/// the API; answers its id and how long the request took.
pub async fn assign_to_all(
    base: &str,
    admin: &str,
    form: Value,
) -> anyhow::Result<(i64, Duration)> {
    let start = Instant::now();
    let r = client()?
        .post(format!("{base}/api/v1/tasks"))
        .bearer_auth(admin)
        .json(&json!({
            "org_id": 1,
            "title": "全省党支部主题教育学习情况报送",
            "description": "请各党支部于截止日期前报送学习情况。",
            "category": "学习",
            "deadline": "2099-12-31",
            "form": form,
            "targets": [{"org_id": 1, "subtree": true}],
            "publish": true
        }))
        .send()
        .await?;
    let status = r.status();
    let body: Value = r.json().await?;
    let took = start.elapsed();
    if status != StatusCode::CREATED {
        bail!("creating the task: {status} {body}");
    }
    Ok((body["id"].as_i64().context("no task id")?, took))
}

pub struct Rush {
    pub acknowledged: usize,
    pub failed: usize,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
}

/// The deadline rush: every client hands in the reports of its `orgs`, one after the other,
/// all clients at once.
pub async fn rush(base: &str, task: i64, clients: Vec<(String, Vec<i64>)>) -> anyhow::Result<Rush> {
    let start = Instant::now();
    let mut handles = Vec::new();
    for (token, orgs) in clients {
        let base = base.to_owned();
        let http = client()?;
        handles.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(orgs.len());
            let mut failed = 0usize;
            let mut first_error = None;
            for org in orgs {
                let body = serde_json::to_vec(&json!({
                    "answers": super::dataset::answers(org),
                    "submit": true
                }))
                .expect("a JSON body");
                let sent = Instant::now();
                let r = http
                    .put(format!("{base}/api/v1/tasks/{task}/submissions/{org}"))
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await;
                match r {
                    Ok(r) => {
                        let status = r.status();
                        let bytes = r.bytes().await;
                        if status == StatusCode::OK && bytes.is_ok() {
                            latencies.push(sent.elapsed());
                        } else {
                            failed += 1;
                            first_error.get_or_insert_with(|| {
                                format!(
                                    "{status} {}",
                                    String::from_utf8_lossy(&bytes.unwrap_or_default())
                                )
                            });
                        }
                    }
                    Err(e) => {
                        failed += 1;
                        first_error.get_or_insert_with(|| e.to_string());
                    }
                }
            }
            (latencies, failed, first_error)
        }));
    }
    let mut out = Rush {
        acknowledged: 0,
        failed: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for h in handles {
        let (latencies, failed, first_error) = h.await?;
        if let Some(e) = first_error {
            eprintln!("  a client's first failure: {e}");
        }
        out.acknowledged += latencies.len();
        out.failed += failed;
        out.latencies.extend(latencies);
    }
    out.elapsed = start.elapsed();
    Ok(out)
}

/// `GET path` `n` times one after the other (after a few unmeasured), each latency.
pub async fn time_gets(
    base: &str,
    token: &str,
    path: &str,
    n: usize,
) -> anyhow::Result<(Vec<Duration>, Value)> {
    let http = client()?;
    let mut out = Vec::with_capacity(n);
    let mut last = Value::Null;
    for i in 0..n + 20 {
        let sent = Instant::now();
        let r = http
            .get(format!("{base}{path}"))
            .bearer_auth(token)
            .send()
            .await?;
        let status = r.status();
        let bytes = r.bytes().await?;
        let took = sent.elapsed();
        if status != StatusCode::OK {
            bail!("GET {path}: {status} {}", String::from_utf8_lossy(&bytes));
        }
        if i >= 20 {
            out.push(took);
        }
        if i == n + 19 {
            last = serde_json::from_slice(&bytes)?;
        }
    }
    Ok((out, last))
}
