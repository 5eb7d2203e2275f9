//! A member's meetings as an iCalendar feed (RFC 5545), for the calendar on their phone.
//!
//! A subscribed feed is fetched again and again by Apple, Google and Outlook calendars, which
//! are strict in different ways: every line ends in CRLF, no line is longer than 75 octets
//! (longer ones are folded, and a fold must not cut a Chinese character in two), and text
//! values escape `\`, `;`, `,` and newlines. Times are written in UTC (`…Z`), so no time zone
//! definitions are needed and every client shows them in its own zone.
//!
//! Pure text in, text out: the use case loads the events and the web tier serves the string
//! as `text/calendar; charset=utf-8`.

use domain::Timestamp;
use std::time::Duration;

/// One meeting as the calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across edits, unique across deployments (`activity-42@zhibu.example.org`):
    /// clients update the event with this UID instead of adding a second one.
    pub uid: String,
    pub starts_at: Timestamp,
    /// When the meeting is planned to end; without one it is shown as two hours long.
    pub ends_at: Option<Timestamp>,
    pub title: String,
    pub place: String,
    pub description: String,
    /// The activity's page, to open from the calendar.
    pub url: Option<String>,
    /// A cancelled meeting stays in the feed as cancelled, so clients strike it out rather than
    /// keep a stale copy.
    pub cancelled: bool,
    /// The last change to the activity: the DTSTAMP clients compare to notice updates.
    pub updated_at: Timestamp,
}

/// How long a meeting without a planned end is shown: a typical branch meeting.
const DEFAULT_LENGTH: Duration = Duration::from_secs(2 * 60 * 60);
/// RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break.
const LINE_OCTETS: usize = 75;

/// The feed named `calendar_name` with `events` in the order given.
pub fn ics(calendar_name: &str, events: &[Event]) -> String {
    let mut out = String::new();
    let mut line = |content: String| fold_into(&mut out, &content);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//zhibu//activities//ZH".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", text(calendar_name)));
    for event in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", text(&event.uid)));
        line(format!("DTSTAMP:{}", utc(event.updated_at)));
        line(format!("DTSTART:{}", utc(event.starts_at)));
        line(format!("DTEND:{}", utc(end_of(event))));
        line(format!("SUMMARY:{}", text(&event.title)));
        if !event.place.trim().is_empty() {
            line(format!("LOCATION:{}", text(&event.place)));
        }
        if !event.description.trim().is_empty() {
            line(format!("DESCRIPTION:{}", text(&event.description)));
        }
        if let Some(url) = event.url.as_deref().map(uri).filter(|u| !u.is_empty()) {
            line(format!("URL:{url}"));
        }
        let status = if event.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        line(format!("STATUS:{status}"));
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// The planned end, or the default length after the start. An end not after the start would
/// make clients drop the event (RFC 5545 requires DTEND later than DTSTART), so it is
/// replaced the same way.
fn end_of(event: &Event) -> Timestamp {
    match event.ends_at {
        Some(end) if end > event.starts_at => end,
        _ => event.starts_at.plus(DEFAULT_LENGTH),
    }
}

/// A UTC date-time in the basic form (`20240701T013000Z`). Instants no meeting has (before
/// 1970, or past the end of year 9999 that jiff and the four-digit year can hold) are clamped
/// rather than failing a whole feed.
fn utc(at: Timestamp) -> String {
    let millis = at
        .millis()
        .clamp(0, jiff::Timestamp::MAX.as_second() * 1000);
    jiff::Timestamp::from_millisecond(millis)
        .expect("clamped into jiff's range")
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every kind of line
/// break written as `\n`, and other control characters dropped (a stray one makes strict
/// clients reject the feed). Tabs are allowed in TEXT and kept.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF is one line break, not two.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value is not escaped like TEXT; it only loses control characters and spaces, so it
/// cannot break out of its line.
fn uri(value: &str) -> String {
    value
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect()
}

/// Writes one content line, folded (RFC 5545 §3.1): a physical line holds at most 75 octets,
/// continuation lines start with one space, and a break never falls inside a UTF-8 character.
fn fold_into(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let octets = c.len_utf8();
        if used + octets > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += octets;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-07-01T09:30:00+08:00, a Monday-morning branch meeting in Beijing.
    const MONDAY_0930_BEIJING: Timestamp = Timestamp(1_719_797_400_000);

    fn meeting() -> Event {
        Event {
            uid: "activity-7@zhibu.test".into(),
            starts_at: MONDAY_0930_BEIJING,
            ends_at: Some(MONDAY_0930_BEIJING.plus(Duration::from_secs(90 * 60))),
            title: "支部党员大会".into(),
            place: "三楼会议室".into(),
            description: "学习; 讨论, 表决".into(),
            url: Some("https://zhibu.test/activities/7".into()),
            cancelled: false,
            updated_at: Timestamp(1_719_700_000_000),
        }
    }

    /// Undoes the folding: a line break followed by one space disappears.
    fn unfold(feed: &str) -> String {
        feed.replace("\r\n ", "")
    }

    /// The value of the first property `name` in the unfolded feed.
    fn property(feed: &str, name: &str) -> Option<String> {
        unfold(feed)
            .split("\r\n")
            .find_map(|line| line.strip_prefix(&format!("{name}:")).map(str::to_string))
    }

    fn unescape(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            match (c, c == '\\') {
                (_, true) => match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                },
                (c, false) => out.push(c),
            }
        }
        out
    }

    #[test]
    fn a_feed_has_its_calendar_header_and_one_event_per_meeting() {
        let feed = ics("第一党支部", &[meeting(), meeting()]);
        assert!(feed.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(feed.contains("PRODID:-//zhibu//activities//ZH\r\n"));
        assert!(feed.contains("CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"));
        assert!(feed.contains("X-WR-CALNAME:第一党支部\r\n"));
        assert!(feed.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert_eq!(feed.matches("BEGIN:VEVENT\r\n").count(), 2);
        assert_eq!(feed.matches("END:VEVENT\r\n").count(), 2);
    }

    #[test]
    fn times_are_written_in_utc() {
        let feed = ics("c", &[meeting()]);
        assert_eq!(property(&feed, "DTSTART").unwrap(), "20240701T013000Z");
        assert_eq!(property(&feed, "DTEND").unwrap(), "20240701T030000Z");
        assert_eq!(property(&feed, "DTSTAMP").unwrap(), "20240629T222640Z");
    }

    #[test]
    fn a_meeting_without_a_sensible_end_lasts_two_hours() {
        let open = Event {
            ends_at: None,
            ..meeting()
        };
        assert_eq!(
            property(&ics("c", &[open]), "DTEND").unwrap(),
            "20240701T033000Z"
        );
        let backwards = Event {
            ends_at: Some(Timestamp(0)),
            ..meeting()
        };
        assert_eq!(
            property(&ics("c", &[backwards]), "DTEND").unwrap(),
            "20240701T033000Z"
        );
    }

    #[test]
    fn text_values_are_escaped_and_control_characters_dropped() {
        let tricky = Event {
            title: "a\\b;c,d".into(),
            description: "第一行\r\n第二行\n第三行\rEND:VEVENT\u{7}\u{1b}[0m\tend".into(),
            ..meeting()
        };
        let feed = ics("x;y", &[tricky]);
        assert_eq!(property(&feed, "SUMMARY").unwrap(), "a\\\\b\\;c\\,d");
        assert_eq!(
            property(&feed, "DESCRIPTION").unwrap(),
            "第一行\\n第二行\\n第三行\\nEND:VEVENT[0m\tend"
        );
        assert!(feed.contains("X-WR-CALNAME:x\\;y\r\n"));
        // The injected END:VEVENT stayed inside the description.
        assert_eq!(feed.matches("\r\nEND:VEVENT\r\n").count(), 1);
    }

    #[test]
    fn a_url_cannot_break_out_of_its_line() {
        let sneaky = Event {
            url: Some(" https://zhibu.test/a?x=1,2;3\r\nSTATUS:CANCELLED ".into()),
            ..meeting()
        };
        let feed = ics("c", &[sneaky]);
        assert_eq!(
            property(&feed, "URL").unwrap(),
            "https://zhibu.test/a?x=1,2;3STATUS:CANCELLED"
        );
        assert_eq!(property(&feed, "STATUS").unwrap(), "CONFIRMED");
        let without = Event {
            url: None,
            place: " ".into(),
            ..meeting()
        };
        let feed = ics("c", &[without]);
        assert!(property(&feed, "URL").is_none() && property(&feed, "LOCATION").is_none());
    }

    #[test]
    fn a_long_chinese_title_is_folded_without_cutting_a_character() {
        let title = "关于认真学习贯彻党的二十届三中全会精神进一步加强基层党组织建设的专题组织生活会暨民主评议党员大会（第二次会议）";
        let long = Event {
            title: title.into(),
            ..meeting()
        };
        let feed = ics("c", &[long]);
        let physical: Vec<&str> = feed.split("\r\n").collect();
        assert!(
            physical.iter().all(|line| line.len() <= LINE_OCTETS),
            "{physical:#?}"
        );
        let summary: Vec<&&str> = physical
            .iter()
            .skip_while(|line| !line.starts_with("SUMMARY:"))
            .take_while(|line| line.starts_with("SUMMARY:") || line.starts_with(' '))
            .collect();
        assert!(summary.len() > 2, "folded over several lines: {summary:#?}");
        // Every continuation starts with exactly one space, then a whole character.
        assert!(
            summary[1..]
                .iter()
                .all(|l| l.starts_with(' ') && !l.starts_with("  "))
        );
        assert_eq!(unescape(&property(&feed, "SUMMARY").unwrap()), title);
    }

    #[test]
    fn every_line_ends_in_crlf() {
        let feed = ics(
            "c",
            &[
                meeting(),
                Event {
                    cancelled: true,
                    ..meeting()
                },
            ],
        );
        assert!(feed.ends_with("\r\n"));
        let bare_lf = feed
            .match_indices('\n')
            .filter(|(i, _)| !feed[..*i].ends_with('\r'));
        assert_eq!(bare_lf.count(), 0);
        assert!(!feed.replace("\r\n", "").contains('\r'));
    }

    #[test]
    fn a_cancelled_meeting_stays_in_the_feed_as_cancelled() {
        let feed = ics(
            "c",
            &[Event {
                cancelled: true,
                ..meeting()
            }],
        );
        assert_eq!(property(&feed, "STATUS").unwrap(), "CANCELLED");
        assert_eq!(
            property(&ics("c", &[meeting()]), "STATUS").unwrap(),
            "CONFIRMED"
        );
    }

    #[test]
    fn the_feed_reads_back_to_what_went_in() {
        let original = Event {
            description: "议程：\n1. 学习文件，谈体会；\n2. 讨论 C:\\材料".into(),
            ..meeting()
        };
        let feed = ics("支部", std::slice::from_ref(&original));
        let read = |name| unescape(&property(&feed, name).unwrap());
        assert_eq!(read("UID"), original.uid);
        assert_eq!(read("SUMMARY"), original.title);
        assert_eq!(read("LOCATION"), original.place);
        assert_eq!(read("DESCRIPTION"), original.description);
        assert_eq!(read("URL"), "https://zhibu.test/activities/7");
        // Every unfolded line is a NAME:value pair.
        for line in unfold(&feed).split("\r\n").filter(|l| !l.is_empty()) {
            let (name, _) = line.split_once(':').unwrap();
            assert!(
                name.chars().all(|c| c.is_ascii_uppercase() || c == '-'),
                "{line}"
            );
        }
    }

    #[test]
    fn instants_outside_the_writable_range_are_clamped() {
        assert_eq!(utc(Timestamp(i64::MIN)), "19700101T000000Z");
        assert_eq!(utc(Timestamp(i64::MAX)), "99991230T220000Z");
    }
}
