//! 时限: deadlines in the body, each with the sentence it came from.
//!
//! Two shapes are recognised: a date followed by 前/之前/以前/为止 (or preceded by 截止,
//! 不晚于, 最迟), and an event framed by 于/在 … 前 (于党的二十大胜利召开前), which has no date.

use crate::date::Date;
use crate::date_text::{DayPart, Mention, scan};
use crate::draft::Deadline;
use crate::text::chars_start_with;

/// What a date without a year is read against.
#[derive(Clone, Copy, Debug, Default)]
pub struct Reference {
    /// 成文日期 of the notice.
    pub date: Option<Date>,
    /// A year to fall back on (the document number's) when there is no date.
    pub year: Option<u32>,
}

impl Reference {
    /// A date without a year takes the notice's year, or the next one when its month lies more
    /// than half a year before the notice's (a December notice asking for 1月10日前).
    fn resolve(&self, m: &Mention, sentence_year: Option<u32>) -> Option<Date> {
        if m.day_only {
            // The notice's month, or the next when the day has already passed.
            let notice = self.date?;
            let DayPart::Day(day) = m.day else {
                return None;
            };
            let (mut year, mut month) = (notice.year(), notice.month());
            if day < notice.day() {
                (year, month) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
            }
            return Date::new(year, month, day);
        }
        if m.year.is_some() {
            return m.resolve(None);
        }
        if sentence_year.is_some() {
            return m.resolve(sentence_year);
        }
        let mut year = self.date.map(Date::year).or(self.year)?;
        if let (Some(notice), Some(month)) = (self.date, m.month)
            && notice.month() > month + 6
        {
            year += 1;
        }
        m.resolve(Some(year))
    }
}

/// A real sentence sets a handful of deadlines; the cap keeps hostile input from multiplying
/// copies of one huge sentence.
const MAX_PER_SENTENCE: usize = 8;

/// How far back an event deadline's 于/在 may be from its 前.
const EVENT_REACH: usize = 25;

/// Every deadline in one sentence; `section` is the path of the section it is in.
pub fn in_sentence(sentence: &str, section: Option<&str>, reference: &Reference) -> Vec<Deadline> {
    // Cheap exit: every shape needs one of these characters.
    if !sentence.contains(['前', '止', '于', '迟', '晚']) {
        return Vec::new();
    }
    let chars: Vec<char> = sentence.chars().collect();
    let mentions = scan(&chars);
    let mut found: Vec<(usize, usize, Option<Date>)> = Vec::new();
    let mut sentence_year = None;
    for m in &mentions {
        let phrase = match after_date(&chars, m.end) {
            Some(end) => Some((include_preposition(&chars, m.start), end)),
            None => before_date(&chars, m.start).map(|start| (start, m.end)),
        };
        if let Some((start, end)) = phrase {
            let date = reference.resolve(m, sentence_year);
            // A day before the notice was written is history (1949年10月1日前入党), not a deadline.
            let past = matches!((date, reference.date), (Some(d), Some(notice)) if d < notice);
            if !past {
                found.push((start, end, date));
            }
        }
        if m.year.is_some() {
            sentence_year = m.year;
        }
    }
    // Event phrases must not overlap a dated one (于5月10日前 is not also an event).
    let mut covered = vec![false; chars.len()];
    for &(start, end, _) in &found {
        covered[start..end].iter_mut().for_each(|c| *c = true);
    }
    for (start, end) in events(&chars, &mentions) {
        if !covered[start..end].iter().any(|&c| c) {
            found.push((start, end, None));
        }
    }
    found.sort_by_key(|&(start, _, _)| start);
    found
        .into_iter()
        .take(MAX_PER_SENTENCE)
        .map(|(start, end, date)| Deadline {
            date,
            text: sentence.to_owned(),
            phrase: chars[start..end].iter().collect(),
            section: section.map(str::to_owned),
        })
        .collect()
}

/// After a date: an optional weekday and time, then 前/之前/以前/为止. Returns the phrase end.
fn after_date(chars: &[char], mut j: usize) -> Option<usize> {
    if matches!(chars.get(j), Some('（' | '(')) {
        let close = (j + 1..chars.len().min(j + 7)).find(|&k| matches!(chars[k], '）' | ')'))?;
        j = close + 1;
    }
    let limit = j + 12;
    while j < limit
        && chars.get(j).is_some_and(|&c| {
            c.is_ascii_digit()
                || c.is_whitespace()
                || matches!(
                    c,
                    ':' | '：'
                        | '时'
                        | '点'
                        | '分'
                        | '半'
                        | '整'
                        | '上'
                        | '下'
                        | '中'
                        | '午'
                        | '晚'
                        | '早'
                        | '班'
                )
        })
    {
        j += 1;
    }
    let rest = chars.get(j..)?;
    let marker = ["前", "之前", "以前", "为止"]
        .iter()
        .find(|m| chars_start_with(rest, m))?;
    let end = j + marker.chars().count();
    // 前后 means "around", not "before".
    (chars.get(end) != Some(&'后')).then_some(end)
}

/// Before a date: 截止, 不晚于, 最迟, 最晚 within a few characters. Returns the phrase start.
fn before_date(chars: &[char], start: usize) -> Option<usize> {
    (start.saturating_sub(8)..start)
        .rev()
        // 截止日期：4月15日 — a colon may sit between the word and the date.
        .take_while(|&k| !is_break(chars[k]) || matches!(chars[k], '：' | ':'))
        .find(|&k| {
            ["截止", "不晚于", "最迟", "最晚"]
                .iter()
                .any(|m| chars_start_with(&chars[k..start], m))
        })
}

/// 于/在 directly before a date belong to the phrase (于5月10日前).
fn include_preposition(chars: &[char], start: usize) -> usize {
    match start.checked_sub(1).map(|k| chars[k]) {
        Some('于' | '在') => start - 1,
        _ => start,
    }
}

/// Event deadlines: 于/在 … 前 with no date between.
fn events(chars: &[char], mentions: &[Mention]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for p in 0..chars.len() {
        if chars[p] != '前' {
            continue;
        }
        if chars.get(p + 1).is_some_and(|c| {
            "进列沿景提期往夕所线身台面后者述瞻途端锋哨卫辈任嫌程排方额天".contains(*c)
        }) {
            continue;
        }
        // 之前 / 以前: the marker starts one earlier.
        let marker = match p.checked_sub(1).map(|k| chars[k]) {
            Some('之' | '以') => p - 1,
            Some(c) if "目当提空史跟面眼生超领从向此上日".contains(c) => continue,
            _ => p,
        };
        let from = marker.saturating_sub(EVENT_REACH);
        let Some(prep) = (from..marker)
            .rev()
            .take_while(|&k| !is_break(chars[k]))
            .find(|&k| is_preposition(chars, k))
        else {
            continue;
        };
        let gap = marker - prep - 1;
        // Mentions are sorted by start: is there one strictly between prep and marker?
        let next = mentions.partition_point(|m| m.start <= prep);
        let has_date = mentions.get(next).is_some_and(|m| m.start < marker);
        if gap >= 2 && !has_date {
            out.push((prep, p + 1));
        }
    }
    out
}

/// 于 or 在 used as "at/by", not as part of a word (关于, 由于, 存在, 正在 …).
fn is_preposition(chars: &[char], k: usize) -> bool {
    let before = k.checked_sub(1).map(|b| chars[b]);
    match chars[k] {
        '于' => {
            chars.get(k + 1) != Some(&'是')
                && !before.is_some_and(|b| {
                    "关对由属处等基鉴用力利善敢勇乐终至过易便急忙源位在归限出".contains(b)
                })
        }
        '在' => !before.is_some_and(|b| "现正存所实内好自旨潜外还不都也就仍总健".contains(b)),
        _ => false,
    }
}

/// Punctuation that a deadline phrase cannot span.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | ',' | ';' | ':' | '！' | '？' | '!' | '?'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(y: u32, m: u32, d: u32) -> Reference {
        Reference {
            date: Date::new(y, m, d),
            year: None,
        }
    }

    fn found(s: &str, r: &Reference) -> Vec<(Option<String>, String)> {
        in_sentence(s, None, r)
            .into_iter()
            .map(|d| (d.date.map(|d| d.to_string()), d.phrase))
            .collect()
    }

    #[test]
    fn a_date_without_year_takes_the_notices() {
        let r = reference(2022, 8, 5);
        assert_eq!(
            found("请于9月30日前报送。", &r),
            vec![(Some("2022-09-30".into()), "于9月30日前".into())]
        );
    }

    #[test]
    fn a_december_notice_asking_for_january_means_next_year() {
        let r = reference(2024, 12, 20);
        assert_eq!(
            found("请于1月10日前报送。", &r)[0].0.as_deref(),
            Some("2025-01-10")
        );
    }

    #[test]
    fn an_event_deadline_has_no_date() {
        let r = reference(2022, 8, 5);
        assert_eq!(
            found(
                "经研究决定，于党的二十大胜利召开前，在全市开展主题学习活动。",
                &r
            ),
            vec![(None, "于党的二十大胜利召开前".into())]
        );
    }

    #[test]
    fn times_and_weekdays_may_sit_between_date_and_before() {
        let r = reference(2024, 3, 10);
        let d = found("请于2024年4月15日（星期一）17:00前将材料报送至邮箱。", &r);
        assert_eq!(
            d,
            vec![(
                Some("2024-04-15".into()),
                "于2024年4月15日（星期一）17:00前".into()
            )]
        );
        let d = found("报名截止时间为5月10日。", &r);
        assert_eq!(
            d,
            vec![(Some("2024-05-10".into()), "截止时间为5月10日".into())]
        );
    }

    #[test]
    fn a_recurring_day_has_no_date() {
        let r = reference(2024, 3, 1);
        assert_eq!(
            found("每月5日前报送上月情况。", &r),
            vec![(None, "每月5日前".into())]
        );
    }

    #[test]
    fn words_with_qian_are_not_deadlines() {
        let r = reference(2024, 3, 1);
        for s in [
            "朝着什么样的目标继续前进。",
            "在工作中提前谋划。",
            "关于目前的形势。",
            "在全国走在前列。",
            "7月26日至27日，研讨班在京举行。",
            "截至2024年3月底，全市共有党员1000名。",
            "党龄满50年和1949年10月1日前入党的老党员。",
        ] {
            assert!(found(s, &r).is_empty(), "{s}");
        }
    }

    #[test]
    fn a_day_without_a_month_is_read_in_the_notices_month() {
        let reference = Reference {
            date: Date::new(2007, 11, 19),
            year: None,
        };
        let found = in_sentence("各党支部要在21日前送交党务部。", None, &reference);
        assert_eq!(found[0].date.unwrap().to_string(), "2007-11-21");
        let found = in_sentence("请于5日前报送。", None, &reference);
        assert_eq!(found[0].date.unwrap().to_string(), "2007-12-05");
        // Without 于/在 a bare day is no deadline.
        assert!(in_sentence("共21日前后。", None, &reference).is_empty());
    }
}
