//! The `zhibu serve` child process: started on a free port, waited for until healthy, killed
//! with SIGKILL (never stopped gracefully: that is the point).

use super::Setup;
use anyhow::{Context, bail};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The demo accounts' password on the crash-test server.
pub const PASSWORD: &str = "Crash-Test-2026";

/// A running `zhibu serve`; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub address: String,
}

fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

impl Server {
    /// Starts `zhibu serve --demo` on the setup's data and answers once `/healthz` says ok.
    pub async fn start(setup: &Setup) -> anyhow::Result<Server> {
        std::fs::create_dir_all(&setup.data_dir)?;
        let port = free_port()?;
        let log = setup.data_dir.join("serve.log");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .with_context(|| format!("opening {}", log.display()))?;
        let mut command = Command::new(&setup.zhibu);
        command
            .arg("serve")
            .arg("--demo")
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data")
            .arg(&setup.data_dir);
        for (var, _) in std::env::vars() {
            if var.starts_with("ZHIBU_") {
                command.env_remove(var);
            }
        }
        command.env("ZHIBU_DEMO_PASSWORD", PASSWORD);
        if let Some(url) = &setup.database_url {
            command.env("ZHIBU_DATABASE_URL", url);
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", setup.zhibu.display()))?;
        let mut server = Server {
            child,
            address: format!("http://127.0.0.1:{port}"),
        };
        server.wait_healthy().await?;
        Ok(server)
    }

    async fn wait_healthy(&mut self) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let url = format!("{}/healthz", self.address);
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!("zhibu serve exited with {status} before answering (see serve.log)");
            }
            if let Ok(r) = client.get(&url).send().await
                && r.status().is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        bail!("zhibu serve did not answer /healthz within 60 s")
    }

    /// SIGKILL, and wait for the process to be gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}
