//! A calendar date without time or zone, serialised as `YYYY-MM-DD`.
//!
//! A notice only ever names days, and pulling in a full date-time library for that would cost
//! more build time than this whole crate.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A valid Gregorian date: `Date::new` refuses 2月30日.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a `YYYY-MM-DD` string is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date (YYYY-MM-DD expected): {0:?}")]
pub struct DateError(String);

impl Date {
    /// The date, if such a day exists (years 1000–9999).
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        if !(1000..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The last day of a month (for 月底 and 下旬).
    pub fn month_end(year: u32, month: u32) -> Option<Date> {
        Date::new(year, month, days_in_month(year, month.clamp(1, 12)))
    }

    pub fn year(self) -> u32 {
        self.year.into()
    }

    pub fn month(self) -> u32 {
        self.month.into()
    }

    pub fn day(self) -> u32 {
        self.day.into()
    }

    /// Parses the ISO form this type serialises to.
    pub fn parse_iso(s: &str) -> Result<Date, DateError> {
        let err = || DateError(s.to_owned());
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<u32>().ok());
        match (num(0..4), num(5..7), num(8..10)) {
            (Some(y), Some(m), Some(d)) => Date::new(y, m, d).ok_or_else(err),
            _ => Err(err()),
        }
    }

    /// The Chinese office form: 2022年8月5日.
    pub fn to_chinese(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Date::parse_iso(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_days_are_refused() {
        assert!(Date::new(2022, 2, 30).is_none());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2022, 13, 1).is_none());
        assert!(Date::new(2022, 4, 31).is_none());
    }

    #[test]
    fn iso_round_trips() {
        let d = Date::new(2022, 8, 5).unwrap();
        assert_eq!(d.to_string(), "2022-08-05");
        assert_eq!(Date::parse_iso("2022-08-05"), Ok(d));
        assert!(Date::parse_iso("2022-02-30").is_err());
        assert!(Date::parse_iso("2022-8-5").is_err());
        assert!(Date::parse_iso("２０２２-08-05").is_err());
    }

    #[test]
    fn month_end_knows_leap_years() {
        assert_eq!(Date::month_end(2024, 2), Date::new(2024, 2, 29));
        assert_eq!(Date::month_end(2024, 4), Date::new(2024, 4, 30));
    }
}
