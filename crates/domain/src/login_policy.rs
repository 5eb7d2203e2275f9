//! 登录防护: how failed logins lock an account and throttle an address.
//!
//! Three counters, all charged *before* a password is checked (so a burst of parallel guesses
//! cannot overtake them) and refunded when the password was right:
//! - per (username, address): a few failures lock that name for that address only, so a
//!   guesser elsewhere cannot lock the owner out;
//! - per username, over addresses it has not logged in from lately: a slower threshold that
//!   stops guessing spread over many addresses, while the owner at a known address still gets in;
//! - per address, across names: guessing many names from one place is made to wait.
//!
//! Unknown usernames are counted exactly like real ones, so the answers reveal no account.

use crate::time::Timestamp;
use std::time::Duration;

/// One counter's rule: `max_failures` within `window` lock for `lock_for`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max_failures: i64,
    pub window: Duration,
    pub lock_for: Duration,
}

/// Limits on guessing.
#[derive(Debug, Clone, Copy)]
pub struct LoginPolicy {
    /// Failures for one username from one address.
    pub per_address: Limit,
    /// Failures for one username from addresses it has not logged in from within
    /// `known_address_for`.
    pub account_wide: Limit,
    /// How long an address where the account logged in stays exempt from `account_wide`.
    pub known_address_for: Duration,
    /// Failures from one address across usernames within `ip_window`.
    pub ip_max_failures: i64,
    pub ip_window: Duration,
}

impl Default for LoginPolicy {
    fn default() -> Self {
        LoginPolicy {
            per_address: Limit {
                max_failures: 5,
                window: Duration::from_secs(60 * 60),
                lock_for: Duration::from_secs(10 * 60),
            },
            account_wide: Limit {
                max_failures: 30,
                window: Duration::from_secs(60 * 60),
                lock_for: Duration::from_secs(60 * 60),
            },
            known_address_for: Duration::from_secs(90 * 24 * 60 * 60),
            ip_max_failures: 20,
            ip_window: Duration::from_secs(15 * 60),
        }
    }
}

impl LoginPolicy {
    /// When an address whose window started at `window_start` may try again.
    pub fn ip_window_end(&self, window_start: Timestamp) -> Timestamp {
        window_start.plus(self.ip_window)
    }

    /// The longest a failure is remembered: older unlocked counters can be forgotten.
    pub fn longest_window(&self) -> Duration {
        self.per_address
            .window
            .max(self.account_wide.window)
            .max(self.ip_window)
    }

    /// Failed attempts left before the per-address lock, after `failures`.
    pub fn remaining(&self, failures: i64) -> i64 {
        (self.per_address.max_failures - failures).max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_wide_threshold_is_slower_than_the_per_address_one() {
        let p = LoginPolicy::default();
        assert!(p.account_wide.max_failures > p.per_address.max_failures);
        assert_eq!(p.per_address.lock_for, Duration::from_secs(600));
        assert_eq!(p.remaining(4), 1);
        assert_eq!(p.remaining(9), 0);
    }

    #[test]
    fn an_address_waits_until_its_window_ends() {
        let p = LoginPolicy::default();
        let start = Timestamp(0);
        assert_eq!(p.ip_window_end(start), start.plus(p.ip_window));
        assert_eq!(p.longest_window(), Duration::from_secs(3600));
    }
}
