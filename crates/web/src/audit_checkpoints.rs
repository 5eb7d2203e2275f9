//! The server's part of the audit anchor: every minute, and when it stops, the head of the
//! audit chain is written, signed, to `<data>/audit-checkpoints` (and to the log), so
//! `zhibu audit verify` can tell a truncated or rewritten log (see
//! `store::audit::checkpoint`). A write that fails is logged and tried again next time.

use app::Clock;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use store::Db;
use store::audit::checkpoint::{self, AuditKey};

/// How often the head is written out.
pub const EVERY: Duration = Duration::from_secs(60);

/// Where and with what checkpoints are written.
#[derive(Debug, Clone)]
pub struct Checkpoints {
    pub key: AuditKey,
    pub dir: PathBuf,
}

impl Checkpoints {
    /// Writes one checkpoint if the head moved since the last.
    pub async fn write_now(&self, db: &Db, clock: &dyn Clock) {
        match checkpoint::write(db, &self.key, &self.dir, clock.now()).await {
            Ok(Some(c)) => tracing::info!(seq = c.seq, hash = %c.hash, "audit checkpoint"),
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "writing an audit checkpoint"),
        }
    }

    /// Writes a checkpoint every [`EVERY`] until aborted.
    pub async fn run(self, db: Db, clock: Arc<dyn Clock>) {
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            self.write_now(&db, clock.as_ref()).await;
        }
    }
}
