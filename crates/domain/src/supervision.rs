//! 督办: the supervision board's arithmetic — counts per period, the rates as DHIS2 defines
//! them, and the status light of each org and of each subtree.
//!
//! Reporting rate = reports handed in ÷ reports expected; on-time rate = reports handed in by
//! the deadline ÷ reports expected. A report counts once, by its first handed-in version.

use crate::Timestamp;
use crate::submission::SubmissionState;
use std::time::Duration;

/// How long before a deadline a report not yet handed in turns yellow ("due soon").
pub const DUE_SOON: Duration = Duration::from_secs(3 * 24 * 3600);

/// The maintained counters of one task period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub expected: i64,
    pub not_started: i64,
    pub draft: i64,
    /// Handed in, waiting for review.
    pub submitted: i64,
    pub returned: i64,
    pub approved: i64,
    /// Handed in at least once (submitted + returned + approved).
    pub received: i64,
    /// Of `received`, the first version came by the deadline.
    pub on_time: i64,
}

impl Counts {
    pub fn late(&self) -> i64 {
        self.received - self.on_time
    }

    /// Reports still missing after the deadline has passed (0 before it).
    pub fn overdue(&self, deadline: Timestamp, now: Timestamp) -> i64 {
        if now > deadline {
            self.expected - self.received
        } else {
            0
        }
    }

    /// Handed in ÷ expected, in percent (0 when nothing is expected).
    pub fn reporting_rate(&self) -> f64 {
        percent(self.received, self.expected)
    }

    /// Handed in by the deadline ÷ expected, in percent.
    pub fn on_time_rate(&self) -> f64 {
        percent(self.on_time, self.expected)
    }

    /// Adds one report in `state` to the counts (for rollups computed from rows).
    pub fn add(&mut self, state: SubmissionState, on_time: bool) {
        self.expected += 1;
        match state {
            SubmissionState::NotStarted => self.not_started += 1,
            SubmissionState::Draft => self.draft += 1,
            SubmissionState::Submitted => self.submitted += 1,
            SubmissionState::Returned => self.returned += 1,
            SubmissionState::Approved => self.approved += 1,
        }
        if state.handed_in() {
            self.received += 1;
            if on_time {
                self.on_time += 1;
            }
        }
    }
}

/// A percentage to one decimal place.
pub fn percent(part: i64, whole: i64) -> f64 {
    if whole <= 0 {
        return 0.0;
    }
    (part as f64 * 1000.0 / whole as f64).round() / 10.0
}

/// The status light of one org's report, or of a subtree (its worst light).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Light {
    /// Overdue or returned: someone must act.
    Red,
    /// Waiting for review, or due soon and not yet handed in.
    Yellow,
    /// Not yet handed in, with time to spare.
    Grey,
    /// Approved.
    Green,
}

impl Light {
    pub fn as_str(self) -> &'static str {
        match self {
            Light::Red => "red",
            Light::Yellow => "yellow",
            Light::Grey => "grey",
            Light::Green => "green",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            Light::Red => "board.light.red",
            Light::Yellow => "board.light.yellow",
            Light::Grey => "board.light.grey",
            Light::Green => "board.light.green",
        }
    }
}

/// The light of one report at `now`.
pub fn light(state: SubmissionState, deadline: Timestamp, now: Timestamp) -> Light {
    match state {
        SubmissionState::Approved => Light::Green,
        SubmissionState::Returned => Light::Red,
        SubmissionState::Submitted => Light::Yellow,
        SubmissionState::NotStarted | SubmissionState::Draft => {
            if now > deadline {
                Light::Red
            } else if now.plus(DUE_SOON) >= deadline {
                Light::Yellow
            } else {
                Light::Grey
            }
        }
    }
}

/// Whether a report not handed in is past its deadline.
pub fn is_overdue(state: SubmissionState, deadline: Timestamp, now: Timestamp) -> bool {
    !state.handed_in() && now > deadline
}

/// Lights counted over a subtree; its own light is the worst one present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LightCounts {
    pub red: i64,
    pub yellow: i64,
    pub grey: i64,
    pub green: i64,
}

impl LightCounts {
    pub fn add(&mut self, light: Light) {
        match light {
            Light::Red => self.red += 1,
            Light::Yellow => self.yellow += 1,
            Light::Grey => self.grey += 1,
            Light::Green => self.green += 1,
        }
    }

    pub fn worst(&self) -> Option<Light> {
        [
            (self.red, Light::Red),
            (self.yellow, Light::Yellow),
            (self.grey, Light::Grey),
            (self.green, Light::Green),
        ]
        .into_iter()
        .find(|(n, _)| *n > 0)
        .map(|(_, l)| l)
    }

    pub fn total(&self) -> i64 {
        self.red + self.yellow + self.grey + self.green
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SubmissionState::*;

    const DAY: i64 = 24 * 3600 * 1000;

    #[test]
    fn rates_follow_dhis2() {
        let mut c = Counts::default();
        c.add(Approved, true);
        c.add(Submitted, false);
        c.add(Returned, true);
        c.add(Draft, false);
        assert_eq!((c.expected, c.received, c.on_time, c.late()), (4, 3, 2, 1));
        assert_eq!(c.reporting_rate(), 75.0);
        assert_eq!(c.on_time_rate(), 50.0);
        assert_eq!(c.overdue(Timestamp(10), Timestamp(11)), 1);
        assert_eq!(c.overdue(Timestamp(10), Timestamp(10)), 0);
        assert_eq!(Counts::default().reporting_rate(), 0.0);
        assert_eq!(percent(1, 3), 33.3);
    }

    #[test]
    fn lights_tell_who_must_act() {
        let deadline = Timestamp(10 * DAY);
        let early = Timestamp(DAY);
        let soon = Timestamp(8 * DAY);
        let after = Timestamp(11 * DAY);
        assert_eq!(light(NotStarted, deadline, early), Light::Grey);
        assert_eq!(light(Draft, deadline, soon), Light::Yellow);
        assert_eq!(light(NotStarted, deadline, after), Light::Red);
        assert_eq!(light(Submitted, deadline, after), Light::Yellow);
        assert_eq!(light(Returned, deadline, early), Light::Red);
        assert_eq!(light(Approved, deadline, after), Light::Green);
        assert!(is_overdue(Draft, deadline, after) && !is_overdue(Submitted, deadline, after));
    }

    #[test]
    fn a_subtree_shows_its_worst_light() {
        let mut l = LightCounts::default();
        assert_eq!(l.worst(), None);
        l.add(Light::Green);
        l.add(Light::Yellow);
        assert_eq!(l.worst(), Some(Light::Yellow));
        l.add(Light::Red);
        assert_eq!((l.worst(), l.total()), (Some(Light::Red), 3));
    }
}
