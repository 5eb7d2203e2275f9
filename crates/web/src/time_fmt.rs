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
}
