//! 口令校验限流: at most a few password checks run at once.
//!
//! An argon2 check takes 19 MiB and tens of milliseconds of a core. Without a bound, a burst of
//! logins runs them all at once (sixty parallel guesses took a gigabyte); with it, a login waits
//! its turn for a short while and is then told to come back (503 with `Retry-After`).

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The turns for password checks, shared by every login of the process.
#[derive(Debug, Clone)]
pub struct HashGate {
    turns: Arc<Semaphore>,
    wait: Duration,
}

/// How long a login waits for its turn by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);

impl HashGate {
    /// `turns` checks at once (at least one); a login waits up to `wait` for a turn.
    pub fn new(turns: usize, wait: Duration) -> HashGate {
        HashGate {
            turns: Arc::new(Semaphore::new(turns.max(1))),
            wait,
        }
    }

    /// Two per core, between 2 and 16: enough to keep the cores busy, bounded in memory.
    pub fn default_turns() -> usize {
        std::thread::available_parallelism()
            .map(|n| n.get() * 2)
            .unwrap_or(2)
            .clamp(2, 16)
    }

    /// A turn, held until dropped; `None` when none came free in time.
    pub async fn enter(&self) -> Option<OwnedSemaphorePermit> {
        // `timeout` polls the acquisition first, so a free turn is taken even with no wait.
        match tokio::time::timeout(self.wait, self.turns.clone().acquire_owned()).await {
            Ok(Ok(turn)) => Some(turn),
            _ => None,
        }
    }

    /// What a refused login is told to wait before trying again.
    pub fn retry_after(&self) -> Duration {
        self.wait.max(Duration::from_secs(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_login_beyond_the_turns_is_refused_once_its_wait_is_over() {
        let gate = HashGate::new(1, Duration::ZERO);
        let first = gate.enter().await;
        assert!(first.is_some());
        assert!(gate.enter().await.is_none());
        drop(first);
        assert!(gate.enter().await.is_some());
    }
}
