//! The reminder ladder (催办梯度): which reminder a report still owed is due for, computed from
//! the deadline and the moment, never from what was sent before.
//!
//! The ladder names its rungs — some days before the deadline, the deadline's day, every working
//! day while overdue, and after some days overdue a copy to the parent org's administrators
//! (escalation). At any moment only the *current* rung is due: a scheduler that was down for a
//! week sends, when it comes back, the one reminder that fits today, not all it missed. Each
//! rung has a key; the store sends a (report, rung) once, whoever asks.

use jiff::civil::{Date, Time, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a deployment (or one task) chases with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ladder {
    /// Days before the deadline's day to remind, e.g. `[3, 1]`.
    pub before_days: Vec<u32>,
    /// Remind on the deadline's day.
    pub on_the_day: bool,
    /// Remind every working day while overdue.
    pub while_overdue: bool,
    /// After this many days overdue, copy the parent org's administrators; `None`: never.
    pub escalate_after_days: Option<u32>,
}

impl Default for Ladder {
    fn default() -> Ladder {
        Ladder {
            before_days: vec![3, 1],
            on_the_day: true,
            while_overdue: true,
            escalate_after_days: Some(3),
        }
    }
}

/// The largest number of days a rung may name (a year).
pub const MAX_DAYS: u32 = 366;

impl Ladder {
    /// Checks a ladder someone set: days within a year, each once, sorted far to near.
    pub fn checked(mut self) -> Result<Ladder, LadderProblem> {
        if self
            .before_days
            .iter()
            .chain(self.escalate_after_days.iter())
            .any(|d| *d == 0 || *d > MAX_DAYS)
        {
            return Err(LadderProblem::Days);
        }
        if self.before_days.len() > 10 {
            return Err(LadderProblem::TooManyRungs);
        }
        self.before_days.sort_unstable_by(|a, b| b.cmp(a));
        self.before_days.dedup();
        Ok(self)
    }
}

/// When reminders may go out: quiet hours and which days are working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// Quiet hours, local time: reminders that are not urgent wait until `quiet_end`. Equal
    /// times mean no quiet hours.
    pub quiet_start: Time,
    pub quiet_end: Time,
    /// Saturdays and Sundays are working days.
    pub weekends_work: bool,
    /// Days off on working weekdays (法定节假日).
    pub holidays: BTreeSet<Date>,
    /// Working days on weekends (调休上班).
    pub extra_working_days: BTreeSet<Date>,
}

impl Default for Calendar {
    fn default() -> Calendar {
        Calendar {
            quiet_start: Time::constant(22, 0, 0, 0),
            quiet_end: Time::constant(8, 0, 0, 0),
            weekends_work: false,
            holidays: BTreeSet::new(),
            extra_working_days: BTreeSet::new(),
        }
    }
}

impl Calendar {
    pub fn is_working_day(&self, d: Date) -> bool {
        if self.extra_working_days.contains(&d) {
            return true;
        }
        if self.holidays.contains(&d) {
            return false;
        }
        self.weekends_work || !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
    }

    /// Whether `t` falls in the quiet hours (which may run over midnight).
    pub fn is_quiet(&self, t: Time) -> bool {
        let (s, e) = (self.quiet_start, self.quiet_end);
        if s == e {
            false
        } else if s < e {
            s <= t && t < e
        } else {
            t >= s || t < e
        }
    }
}

/// A rung of the ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rung {
    /// This many days before the deadline's day.
    Before(u32),
    /// The deadline's day, before the deadline.
    OnTheDay,
    /// Overdue, on this day.
    Overdue(Date),
    /// Overdue long enough to tell the parent org.
    Escalate,
}

impl Rung {
    /// The rung's key, unique per report: one reminder per (report, key), ever.
    pub fn key(&self) -> String {
        match self {
            Rung::Before(n) => format!("before_{n}"),
            Rung::OnTheDay => "on_the_day".to_owned(),
            Rung::Overdue(d) => format!("overdue_{d}"),
            Rung::Escalate => "escalate".to_owned(),
        }
    }

    /// Urgent reminders go out in quiet hours too: the deadline is today.
    pub fn is_urgent(&self) -> bool {
        matches!(self, Rung::OnTheDay)
    }
}

/// A report's place on the clock, in the deployment's zone.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    pub today: Date,
    pub time: Time,
    /// The deadline has passed (not only its day: a deadline at 17:00 is overdue at 17:01).
    pub past_deadline: bool,
}

/// The rungs due for a report owed with its deadline on `deadline_day`, assigned on
/// `assigned_day`, at `now`: at most the current reminder and, when overdue long enough, the
/// escalation. Nothing on the day it was assigned (it was just announced), nothing held back by
/// quiet hours.
pub fn due(
    ladder: &Ladder,
    calendar: &Calendar,
    deadline_day: Date,
    assigned_day: Date,
    now: Moment,
) -> Vec<Rung> {
    if now.today <= assigned_day {
        return Vec::new();
    }
    let mut rungs = Vec::new();
    if now.past_deadline {
        // Overdue reminders and the escalation wait for a working day.
        let working = calendar.is_working_day(now.today);
        let days_over = days_between(deadline_day, now.today);
        if ladder.while_overdue && working {
            rungs.push(Rung::Overdue(now.today));
        }
        if working
            && ladder
                .escalate_after_days
                .is_some_and(|n| days_over >= i64::from(n))
        {
            rungs.push(Rung::Escalate);
        }
    } else if now.today == deadline_day {
        if ladder.on_the_day {
            rungs.push(Rung::OnTheDay);
        }
    } else {
        let days_left = days_between(now.today, deadline_day);
        // The nearest rung whose day has come: [3, 1] with 2 days left is the 3-day rung.
        let current = ladder
            .before_days
            .iter()
            .filter(|n| i64::from(**n) >= days_left)
            .min();
        if let Some(n) = current {
            rungs.push(Rung::Before(*n));
        }
    }
    rungs.retain(|r| r.is_urgent() || !calendar.is_quiet(now.time));
    rungs
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |s| i64::from(s.get_days()))
}

/// Reads "3, 1" (or "3、1", "3 1"): days before the deadline.
pub fn parse_days(text: &str) -> Result<Vec<u32>, LadderProblem> {
    text.split([',', '，', '、', ' ', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().map_err(|_| LadderProblem::Days))
        .collect()
}

/// Reads a ladder as a form gives it: the days before ("3, 1"), the two switches, and the days
/// overdue before escalating (blank: never).
pub fn parse_ladder(
    before_days: &str,
    on_the_day: bool,
    while_overdue: bool,
    escalate_after_days: &str,
) -> Result<Ladder, LadderProblem> {
    let escalate_after_days = match escalate_after_days.trim() {
        "" => None,
        d => Some(d.parse().map_err(|_| LadderProblem::Days)?),
    };
    Ok(Ladder {
        before_days: parse_days(before_days)?,
        on_the_day,
        while_overdue,
        escalate_after_days,
    })
}

/// Reads "22:00" (or "22:00:00").
pub fn parse_time(text: &str) -> Result<Time, LadderProblem> {
    text.trim().parse().map_err(|_| LadderProblem::Time)
}

/// Reads dates one a line (or separated by commas): `2027-01-01`.
pub fn parse_dates(text: &str) -> Result<BTreeSet<Date>, LadderProblem> {
    text.split(['\n', ',', '，', '、', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<Date>().map_err(|_| LadderProblem::Date))
        .collect()
}

/// Why a ladder cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LadderProblem {
    Days,
    TooManyRungs,
    Time,
    Date,
}

impl crate::Problem for LadderProblem {
    fn code(&self) -> &'static str {
        match self {
            LadderProblem::Days => "invalid_days",
            LadderProblem::TooManyRungs => "too_many_rungs",
            LadderProblem::Time => "invalid_time",
            LadderProblem::Date => "invalid_date",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            LadderProblem::Days => "reminders.ladder.days",
            LadderProblem::TooManyRungs => "reminders.ladder.too_many",
            LadderProblem::Time => "reminders.ladder.time",
            LadderProblem::Date => "reminders.ladder.date",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("max", MAX_DAYS.to_string())]
    }
}

#[cfg(test)]
#[path = "reminder_ladder_tests.rs"]
mod tests;
