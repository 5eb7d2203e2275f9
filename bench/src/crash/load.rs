//! The load: one client per demo branch handing in version after version of its report on one
//! task, each version's summary unique, recording every version the server acknowledged.

use super::{Server, Setup};
use anyhow::{Context, bail};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::task::JoinHandle;

/// A version the server answered 2xx for.
#[derive(Debug, Clone)]
pub struct Acked {
    pub org: i64,
    pub version: i64,
    pub summary: String,
}

/// The task and who hands in for which org.
#[derive(Debug, Clone)]
pub struct Plan {
    pub task: i64,
    /// (org id, bearer token) of each client's branch.
    pub clients: Vec<(i64, String)>,
}

async fn token(address: &str, username: &str) -> anyhow::Result<String> {
    let r = reqwest::Client::new()
        .post(format!("{address}/api/v1/auth/token"))
        .json(&json!({"username": username, "password": super::server::PASSWORD}))
        .send()
        .await?;
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    match body["token"].as_str() {
        Some(t) if status.is_success() => Ok(t.to_owned()),
        _ => bail!("logging in {username}: {status} {body}"),
    }
}

impl Plan {
    /// Logs the committee and the branches in and publishes one task to the branches.
    pub async fn prepare(server: &Server, setup: &Setup) -> anyhow::Result<Plan> {
        let db = super::check::connect(setup).await?;
        let root: i64 = sqlx::query_scalar("SELECT id FROM orgs WHERE parent_id IS NULL")
            .fetch_one(&db)
            .await?;
        let mut clients = Vec::new();
        for n in 1..=setup.clients.clamp(1, 14) {
            let username = format!("branch{n}");
            let org: i64 = sqlx::query_scalar(
                "SELECT g.org_id FROM grants g JOIN accounts a ON a.id = g.account_id \
                 WHERE a.username = $1 AND g.role = 'branch_admin'",
            )
            .bind(&username)
            .fetch_one(&db)
            .await
            .with_context(|| format!("the org of {username}"))?;
            clients.push((org, token(&server.address, &username).await?));
        }
        db.close().await;
        let admin = token(&server.address, "admin").await?;
        let targets: Vec<Value> = clients
            .iter()
            .map(|(org, _)| json!({"org_id": org, "subtree": false}))
            .collect();
        let r = reqwest::Client::new()
            .post(format!("{}/api/v1/tasks", server.address))
            .bearer_auth(&admin)
            .json(&json!({
                "org_id": root,
                "title": "报送学习情况（崩溃测试）",
                "description": "每个版本的摘要各不相同。",
                "category": "学习",
                "deadline": "2099-12-31",
                "form": {"fields": [
                    {"key": "summary", "label": "学习情况", "type": "long_text", "required": true}
                ]},
                "targets": targets,
                "publish": true
            }))
            .send()
            .await?;
        let status = r.status();
        let task: Value = r.json().await.unwrap_or(Value::Null);
        let Some(task) = task["id"].as_i64().filter(|_| status.is_success()) else {
            bail!("creating the task: {status} {task}");
        };
        Ok(Plan { task, clients })
    }
}

/// Hands in versions for one org until the server stops answering.
async fn client(
    address: String,
    task: i64,
    org: i64,
    token: String,
    round: usize,
    stop: Arc<AtomicBool>,
) -> Vec<Acked> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap_or_default();
    let url = format!("{address}/api/v1/tasks/{task}/submissions/{org}");
    let mut acked = Vec::new();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        let Ok(r) = http.get(&url).bearer_auth(&token).send().await else {
            break;
        };
        let Ok(current) = r.json::<Value>().await else {
            break;
        };
        n += 1;
        let summary = format!("第{round}轮 支部{org} 第{n}份");
        let body = json!({
            "answers": {"summary": summary},
            "submit": true,
            "based_on": current["saves"],
        });
        let Ok(r) = http.put(&url).bearer_auth(&token).json(&body).send().await else {
            break;
        };
        if !r.status().is_success() {
            continue;
        }
        let Ok(answer) = r.json::<Value>().await else {
            break;
        };
        if let Some(version) = answer["version"].as_i64() {
            acked.push(Acked {
                org,
                version,
                summary,
            });
        }
    }
    acked
}

/// The running clients of a round.
pub type Clients = Vec<JoinHandle<Vec<Acked>>>;

/// Starts every client on the server.
pub fn start(server: &Server, plan: &Plan, round: usize) -> (Arc<AtomicBool>, Clients) {
    let stop = Arc::new(AtomicBool::new(false));
    let clients = plan
        .clients
        .iter()
        .map(|(org, token)| {
            tokio::spawn(client(
                server.address.clone(),
                plan.task,
                *org,
                token.clone(),
                round,
                stop.clone(),
            ))
        })
        .collect();
    (stop, clients)
}

/// Stops the clients (the server is dead by now) and gathers what they were acknowledged.
pub async fn finish(stop: Arc<AtomicBool>, clients: Clients) -> Vec<Acked> {
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for c in clients {
        if let Ok(acked) = c.await {
            all.extend(acked);
        }
    }
    all
}

/// A small xorshift generator seeded from the clock: kill moments need no better.
pub struct Random(u64);

impl Random {
    pub fn seeded() -> Random {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9_7f4a_7c15);
        Random(nanos | 1)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}
