//! 登录防护: how failed logins lock an account and throttle an address.

use crate::time::Timestamp;
use std::time::Duration;

/// Limits on guessing. Five failures lock the account for ten minutes; an address that fails
/// many times across accounts is made to wait.
#[derive(Debug, Clone, Copy)]
pub struct LoginPolicy {
    pub max_failures: i64,
    pub lock_for: Duration,
    pub ip_max_failures: i64,
    pub ip_window: Duration,
}

impl Default for LoginPolicy {
    fn default() -> Self {
        LoginPolicy {
            max_failures: 5,
            lock_for: Duration::from_secs(10 * 60),
            ip_max_failures: 20,
            ip_window: Duration::from_secs(15 * 60),
        }
    }
}

/// What one more failed attempt does to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AfterFailure {
    pub failures: i64,
    pub locked_until: Option<Timestamp>,
}

impl LoginPolicy {
    /// Is the account locked at `now`?
    pub fn locked(&self, locked_until: Option<Timestamp>, now: Timestamp) -> Option<Timestamp> {
        locked_until.filter(|until| *until > now)
    }

    /// Counts one failure; the failure that reaches the limit locks the account. A lock that has
    /// run out starts the count afresh.
    pub fn after_failure(
        &self,
        failures: i64,
        locked_until: Option<Timestamp>,
        now: Timestamp,
    ) -> AfterFailure {
        let previous = if locked_until.is_some_and(|u| u <= now) {
            0
        } else {
            failures
        };
        let failures = previous + 1;
        let locked_until = (failures >= self.max_failures).then(|| now.plus(self.lock_for));
        AfterFailure {
            failures,
            locked_until,
        }
    }

    /// When an address with `failures` in the window starting `window_start` may try again, if
    /// it has to wait.
    pub fn ip_wait(
        &self,
        failures: i64,
        window_start: Timestamp,
        now: Timestamp,
    ) -> Option<Timestamp> {
        let window_end = window_start.plus(self.ip_window);
        (failures >= self.ip_max_failures && window_end > now).then_some(window_end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_failure_locks_for_ten_minutes() {
        let p = LoginPolicy::default();
        let now = Timestamp(1_000_000);
        let mut failures = 0;
        let mut locked = None;
        for _ in 0..4 {
            let a = p.after_failure(failures, locked, now);
            failures = a.failures;
            locked = a.locked_until;
            assert_eq!(locked, None);
        }
        let a = p.after_failure(failures, locked, now);
        assert_eq!(a.locked_until, Some(now.plus(Duration::from_secs(600))));
        assert_eq!(p.locked(a.locked_until, now), a.locked_until);
        let later = now.plus(Duration::from_secs(601));
        assert_eq!(p.locked(a.locked_until, later), None);
        assert_eq!(
            p.after_failure(a.failures, a.locked_until, later).failures,
            1
        );
    }

    #[test]
    fn an_address_waits_only_while_its_window_lasts() {
        let p = LoginPolicy::default();
        let start = Timestamp(0);
        assert_eq!(p.ip_wait(19, start, Timestamp(1)), None);
        assert!(p.ip_wait(20, start, Timestamp(1)).is_some());
        assert_eq!(p.ip_wait(20, start, start.plus(p.ip_window)), None);
    }
}
