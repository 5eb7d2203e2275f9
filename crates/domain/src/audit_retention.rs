//! 审计日志保存期限: how long audit events are kept before they may be pruned.
//!
//! The law on network security asks for logs to be kept at least six months; zhibu takes that as
//! 180 days and accepts longer, never shorter. The database enforces the same floor with its own
//! trigger, so a mistaken setting cannot reach past it either.

use crate::time::Timestamp;
use std::fmt;
use std::time::Duration;

/// The shortest retention accepted, in days.
pub const MIN_DAYS: u32 = 180;
/// The longest accepted: a century, which is "forever" for this purpose and keeps the
/// arithmetic far from overflow.
pub const MAX_DAYS: u32 = 36_500;

/// A retention period of at least [`MIN_DAYS`] days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct AuditRetention {
    days: u32,
}

/// Why a retention setting was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetentionProblem {
    NotANumber(String),
    TooShort(u32),
    TooLong(u32),
}

impl fmt::Display for RetentionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetentionProblem::NotANumber(s) => {
                write!(f, "must be a whole number of days, got {s:?}")
            }
            RetentionProblem::TooShort(d) => {
                write!(f, "must be at least {MIN_DAYS} days, got {d}")
            }
            RetentionProblem::TooLong(d) => write!(f, "must be at most {MAX_DAYS} days, got {d}"),
        }
    }
}

impl std::error::Error for RetentionProblem {}

impl Default for AuditRetention {
    fn default() -> Self {
        AuditRetention { days: MIN_DAYS }
    }
}

impl AuditRetention {
    pub fn from_days(days: u32) -> Result<AuditRetention, RetentionProblem> {
        if days < MIN_DAYS {
            Err(RetentionProblem::TooShort(days))
        } else if days > MAX_DAYS {
            Err(RetentionProblem::TooLong(days))
        } else {
            Ok(AuditRetention { days })
        }
    }

    /// Reads a number of days as given on the command line or in the environment.
    pub fn parse(s: &str) -> Result<AuditRetention, RetentionProblem> {
        let days = s
            .trim()
            .parse::<u32>()
            .map_err(|_| RetentionProblem::NotANumber(s.to_owned()))?;
        AuditRetention::from_days(days)
    }

    pub fn days(self) -> u32 {
        self.days
    }

    /// Events recorded before this instant are past retention at `now`.
    pub fn cutoff(self, now: Timestamp) -> Timestamp {
        now.minus(Duration::from_secs(u64::from(self.days) * 86_400))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_is_at_least_half_a_year() {
        assert_eq!(AuditRetention::default().days(), 180);
        assert_eq!(AuditRetention::parse("365").unwrap().days(), 365);
        assert_eq!(
            AuditRetention::parse("90"),
            Err(RetentionProblem::TooShort(90))
        );
        assert!(matches!(
            AuditRetention::parse("half a year"),
            Err(RetentionProblem::NotANumber(_))
        ));
        assert!(AuditRetention::parse("100000").is_err());
    }

    #[test]
    fn the_cutoff_lies_the_retention_period_before_now() {
        let r = AuditRetention::parse("180").unwrap();
        assert_eq!(
            r.cutoff(Timestamp(200 * 86_400_000)),
            Timestamp(20 * 86_400_000)
        );
    }
}
