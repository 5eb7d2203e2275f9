//! Showing stored UTC instants in the deployment's zone, in each language's convention
//! (2022年8月5日 14:30 in Chinese, 2022-08-05 14:30 in English).

use domain::{Locale, Timestamp};
use jiff::tz::TimeZone;

#[derive(Clone, Debug)]
pub struct Zone(TimeZone);

impl Zone {
    /// Looks up an IANA zone name such as `Asia/Shanghai`.
    pub fn parse(name: &str) -> Option<Zone> {
        TimeZone::get(name).ok().map(Zone)
    }

    pub fn date_time(&self, t: Timestamp, locale: Locale) -> String {
        let Ok(ts) = jiff::Timestamp::from_millisecond(t.millis()) else {
            return String::new();
        };
        let dt = ts.to_zoned(self.0.clone());
        match locale {
            Locale::ZhCn => dt.strftime("%Y年%-m月%-d日 %H:%M").to_string(),
            Locale::En => dt.strftime("%Y-%m-%d %H:%M").to_string(),
        }
    }

    /// The calendar date in this zone at `t`.
    pub fn today(&self, t: Timestamp) -> domain::member::PlainDate {
        let date = jiff::Timestamp::from_millisecond(t.millis())
            .map(|ts| ts.to_zoned(self.0.clone()).date())
            .unwrap_or_default();
        domain::member::PlainDate {
            year: date.year() as i32,
            month: date.month() as u32,
            day: date.day() as u32,
        }
    }

    /// Like [`Zone::date_time`], to the second (the audit log).
    pub fn date_time_seconds(&self, t: Timestamp, locale: Locale) -> String {
        let format = match locale {
            Locale::ZhCn => "%Y年%-m月%-d日 %H:%M:%S",
            Locale::En => "%Y-%m-%d %H:%M:%S",
        };
        self.strftime(t, format)
    }

    /// `2022-08-05 14:30:00` in this zone: sortable text for spreadsheets.
    pub fn sortable(&self, t: Timestamp) -> String {
        self.strftime(t, "%Y-%m-%d %H:%M:%S")
    }

    /// `2022-08-05`: the date in this zone, as a date field's value.
    pub fn iso_date(&self, t: Timestamp) -> String {
        self.strftime(t, "%Y-%m-%d")
    }

    fn strftime(&self, t: Timestamp, format: &str) -> String {
        jiff::Timestamp::from_millisecond(t.millis())
            .map(|ts| ts.to_zoned(self.0.clone()).strftime(format).to_string())
            .unwrap_or_default()
    }

    /// The first instant of the day `2022-08-05` in this zone and of the day after it: the
    /// bounds of that day, for "from" and "to" date filters. `None` when it is no date.
    pub fn day_bounds(&self, date: &str) -> Option<(Timestamp, Timestamp)> {
        let date: jiff::civil::Date = date.trim().parse().ok()?;
        let start = date.to_zoned(self.0.clone()).ok()?;
        let end = date.tomorrow().ok()?.to_zoned(self.0.clone()).ok()?;
        Some((
            Timestamp(start.timestamp().as_millisecond()),
            Timestamp(end.timestamp().as_millisecond()),
        ))
    }
}

impl Zone {
    /// The calendar date in this zone at `t`, for period arithmetic.
    pub fn civil_date(&self, t: Timestamp) -> jiff::civil::Date {
        jiff::Timestamp::from_millisecond(t.millis())
            .map(|ts| ts.to_zoned(self.0.clone()).date())
            .unwrap_or_default()
    }

    /// The time of day in this zone at `t`, for quiet hours.
    pub fn civil_time(&self, t: Timestamp) -> jiff::civil::Time {
        jiff::Timestamp::from_millisecond(t.millis())
            .map(|ts| ts.to_zoned(self.0.clone()).time())
            .unwrap_or_default()
    }

    /// The last millisecond of `date` in this zone: a deadline "by 12月1日" is met all day.
    pub fn end_of_day(&self, date: jiff::civil::Date) -> Timestamp {
        date.tomorrow()
            .ok()
            .and_then(|d| d.to_zoned(self.0.clone()).ok())
            .map(|z| Timestamp(z.timestamp().as_millisecond() - 1))
            .unwrap_or(Timestamp(i64::MAX))
    }

    /// Reads a deadline as people and clients write it: `2026-12-01` (the end of that day),
    /// `2026-12-01T17:00` or `2026-12-01 17:00` (local time), or RFC 3339 with an offset.
    pub fn parse_deadline(&self, input: &str) -> Option<Timestamp> {
        let s = input.trim();
        if s.is_empty() {
            return None;
        }
        if let Ok(ts) = s.parse::<jiff::Timestamp>() {
            return Some(Timestamp(ts.as_millisecond()));
        }
        // jiff reads the date part of a date-time as a date: only a bare date is a whole day.
        if s.len() == 10
            && let Ok(date) = s.parse::<jiff::civil::Date>()
        {
            return Some(self.end_of_day(date));
        }
        let dt: jiff::civil::DateTime = s.replacen(' ', "T", 1).parse().ok()?;
        let zoned = dt.to_zoned(self.0.clone()).ok()?;
        Some(Timestamp(zoned.timestamp().as_millisecond()))
    }

    /// `2026-12-01T17:00` in this zone: the value of a datetime-local input.
    pub fn local_input(&self, t: Timestamp) -> String {
        self.strftime(t, "%Y-%m-%dT%H:%M")
    }
}

/// RFC 3339 in UTC, for the API.
pub fn rfc3339(t: Timestamp) -> String {
    jiff::Timestamp::from_millisecond(t.millis())
        .map(|ts| ts.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanghai_times_read_the_chinese_way() {
        let zone = Zone::parse("Asia/Shanghai").unwrap();
        // 2022-08-05T06:30:00Z is 14:30 in Shanghai.
        let t = Timestamp(1_659_681_000_000);
        assert_eq!(zone.date_time(t, Locale::ZhCn), "2022年8月5日 14:30");
        assert_eq!(zone.date_time(t, Locale::En), "2022-08-05 14:30");
        assert_eq!(rfc3339(t), "2022-08-05T06:30:00Z");
    }

    #[test]
    fn a_date_filter_covers_the_whole_day_in_the_zone() {
        let zone = Zone::parse("Asia/Shanghai").unwrap();
        let (start, end) = zone.day_bounds("2022-08-05").unwrap();
        // Midnight in Shanghai is 16:00 UTC the day before.
        assert_eq!(rfc3339(start), "2022-08-04T16:00:00Z");
        assert_eq!(rfc3339(end), "2022-08-05T16:00:00Z");
        assert!(zone.day_bounds("2022-13-01").is_none());
        assert!(zone.day_bounds("yesterday").is_none());
        let t = Timestamp(1_659_681_005_000);
        assert_eq!(zone.sortable(t), "2022-08-05 14:30:05");
        assert_eq!(
            zone.date_time_seconds(t, Locale::ZhCn),
            "2022年8月5日 14:30:05"
        );
        assert_eq!(zone.iso_date(t), "2022-08-05");
    }

    #[test]
    fn deadlines_are_read_in_the_zone() {
        let zone = Zone::parse("Asia/Shanghai").unwrap();
        let end = zone.parse_deadline("2022-08-05").unwrap();
        assert_eq!(rfc3339(end), "2022-08-05T15:59:59.999Z");
        let at = zone.parse_deadline("2022-08-05 14:30").unwrap();
        assert_eq!(rfc3339(at), "2022-08-05T06:30:00Z");
        assert_eq!(zone.parse_deadline("2022-08-05T14:30"), Some(at));
        assert_eq!(zone.parse_deadline(" 2022-08-05T14:30 "), Some(at));
        assert_eq!(zone.parse_deadline("2022-08-05T06:30:00Z"), Some(at));
        assert_eq!(zone.local_input(at), "2022-08-05T14:30");
        assert!(zone.parse_deadline("soon").is_none());
        assert!(zone.parse_deadline("2022-02-30").is_none());
    }
}
