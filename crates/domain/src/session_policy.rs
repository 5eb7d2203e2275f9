//! 会话: how long a login lasts.

use crate::time::Timestamp;
use std::time::Duration;

/// Idle and absolute lifetimes of a session (defaults: 30 minutes idle, 12 hours absolute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
        }
    }
}

/// Whether a session may still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionCheck {
    Live,
    IdleExpired,
    AbsoluteExpired,
}

/// How often `last_seen` is written back. Writing on every request would turn every read into
/// a write; a minute of slack on a 30-minute idle limit is harmless.
pub const TOUCH_EVERY: Duration = Duration::from_secs(60);

impl SessionPolicy {
    pub fn check(&self, created: Timestamp, last_seen: Timestamp, now: Timestamp) -> SessionCheck {
        if now >= created.plus(self.absolute) {
            SessionCheck::AbsoluteExpired
        } else if now >= last_seen.plus(self.idle) {
            SessionCheck::IdleExpired
        } else {
            SessionCheck::Live
        }
    }

    /// The latest moment the session can live to, if used continuously.
    pub fn absolute_expiry(&self, created: Timestamp) -> Timestamp {
        created.plus(self.absolute)
    }

    pub fn needs_touch(&self, last_seen: Timestamp, now: Timestamp) -> bool {
        now.since(last_seen) >= TOUCH_EVERY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_and_absolute_limits_apply() {
        let p = SessionPolicy::default();
        let t0 = Timestamp(0);
        let min = |m: u64| t0.plus(Duration::from_secs(m * 60));
        assert_eq!(p.check(t0, t0, min(29)), SessionCheck::Live);
        assert_eq!(p.check(t0, t0, min(30)), SessionCheck::IdleExpired);
        assert_eq!(
            p.check(t0, min(11 * 60 + 50), min(11 * 60 + 59)),
            SessionCheck::Live
        );
        assert_eq!(
            p.check(t0, min(11 * 60 + 59), min(12 * 60)),
            SessionCheck::AbsoluteExpired
        );
    }
}
