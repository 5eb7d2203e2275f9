//! Dates as notices write them: `2022年8月5日`, `二〇二二年八月十五日`, `9月30日`, `4月底`,
//! `每月5日`, `2024-04-15`, and `8月30前` (a day whose 日 was left out, right before 前).
//!
//! The scanner works on a `&[char]` and never looks more than a few characters ahead of a
//! candidate, so scanning a whole document stays linear.

use crate::date::Date;
use crate::numerals::{cn_digit, cn_int, cn_year, is_cn_numeral};

/// Which day of the month a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayPart {
    Day(u32),
    /// 月底, 月末, 下旬, and 年底 (with month 12).
    MonthEnd,
    /// 上旬: by the 10th.
    Early,
    /// 中旬: by the 20th.
    Mid,
}

/// A date found in text, with its position in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub year: Option<u32>,
    /// `None` for a day that recurs (每月5日) or a day of the current month (于21日前).
    pub month: Option<u32>,
    pub day: DayPart,
    /// A day without a month in a deadline (`要在21日前`): the notice's month, or the next.
    pub day_only: bool,
}

impl Mention {
    /// The calendar day, taking `default_year` when the text gives no year.
    pub fn resolve(&self, default_year: Option<u32>) -> Option<Date> {
        let year = self.year.or(default_year)?;
        let month = self.month?;
        match self.day {
            DayPart::Day(d) => Date::new(year, month, d),
            DayPart::MonthEnd => Date::month_end(year, month),
            DayPart::Early => Date::new(year, month, 10),
            DayPart::Mid => Date::new(year, month, 20),
        }
    }
}

/// Every date mention in `chars`, in order, not overlapping.
pub fn scan(chars: &[char]) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match mention_at(chars, i) {
            Some(m) => {
                i = m.end.max(i + 1);
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

/// A line that is nothing but a full date (the 成文日期 line), e.g. `二〇二二年八月五日`.
pub fn exact_date(line: &str) -> Option<Date> {
    let chars: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.is_empty() || chars.len() > 24 {
        return None;
    }
    if chars.iter().all(char::is_ascii_digit) {
        // `200791`: a date whose 年 and 月 a web page lost.
        let (year, month, day) = collapsed(&chars)?;
        return Date::new(year, month, day);
    }
    let m = mention_at(&chars, 0)?;
    if m.end != chars.len() || m.year.is_none() || !matches!(m.day, DayPart::Day(_)) {
        return None;
    }
    m.resolve(None)
}

/// A run of 6 to 8 digits read as year, month and day with the 年 and 月 lost (`2009911` for
/// 2009年9月11日), when exactly one split makes a valid date.
fn collapsed(digits: &[char]) -> Option<(u32, u32, u32)> {
    if !(6..=8).contains(&digits.len()) || !digits.iter().all(char::is_ascii_digit) {
        return None;
    }
    let value = |s: &[char]| s.iter().collect::<String>().parse::<u32>().ok();
    let year = value(&digits[..4])?;
    if !(1949..=2099).contains(&year) {
        return None;
    }
    let rest = &digits[4..];
    let mut found = None;
    for month_len in 1..=2 {
        let day_len = rest.len().checked_sub(month_len)?;
        if !(1..=2).contains(&day_len) || rest[0] == '0' && month_len == 1 {
            continue;
        }
        let (month, day) = (value(&rest[..month_len])?, value(&rest[month_len..])?);
        if Date::new(year, month, day).is_some() {
            if found.is_some() {
                return None;
            }
            found = Some((year, month, day));
        }
    }
    found
}

fn mention_at(chars: &[char], i: usize) -> Option<Mention> {
    let prev = i.checked_sub(1).map(|p| chars[p]);
    let c = chars[i];
    if c.is_ascii_digit() {
        if prev.is_some_and(|p| p.is_ascii_digit() || p == '.') {
            return None;
        }
        return arabic_at(chars, i);
    }
    if cn_digit(c).is_some() || c == '十' {
        if prev.is_some_and(|p| is_cn_numeral(p) || cn_digit(p).is_some()) {
            return None;
        }
        return chinese_at(chars, i);
    }
    if matches!(c, '每' | '次' | '下') && chars.get(i + 1) == Some(&'月') {
        return recurring_at(chars, i);
    }
    None
}

/// 每月5日, 次月10日: a day with no fixed month.
fn recurring_at(chars: &[char], i: usize) -> Option<Mention> {
    let j = skip_spaces(chars, i + 2);
    let (day, j) = digits(chars, j, 2)?;
    let j = skip_spaces(chars, j);
    matches!(chars.get(j), Some('日' | '号')).then_some(Mention {
        start: i,
        end: j + 1,
        year: None,
        month: None,
        day: DayPart::Day(day),
        day_only: false,
    })
}

fn arabic_at(chars: &[char], i: usize) -> Option<Mention> {
    if let Some(m) = collapsed_at(chars, i) {
        return Some(m);
    }
    let (first, j) = digits(chars, i, 4)?;
    let len = j - i;
    if len == 4 {
        if let Some(m) = iso_like(chars, i, first, j) {
            return Some(m);
        }
        let k = skip_spaces(chars, j);
        if chars.get(k) != Some(&'年') {
            return None;
        }
        let k = skip_spaces(chars, k + 1);
        if let Some(end) = year_end(chars, k) {
            return Some(Mention {
                start: i,
                end,
                year: Some(first),
                month: Some(12),
                day: DayPart::MonthEnd,
                day_only: false,
            });
        }
        let (month, k) = digits(chars, k, 2)?;
        return month_rest(chars, i, Some(first), month, k, Numerals::Arabic);
    }
    if len > 2 {
        return None;
    }
    month_rest(chars, i, None, first, j, Numerals::Arabic)
        .or_else(|| day_only_at(chars, i, first, j))
}

/// `2009911日`: a date whose 年 and 月 were lost, followed by its 日.
fn collapsed_at(chars: &[char], i: usize) -> Option<Mention> {
    let len = chars[i..]
        .iter()
        .take(9)
        .take_while(|c| c.is_ascii_digit())
        .count();
    let k = skip_spaces(chars, i + len);
    if chars.get(k) != Some(&'日') {
        return None;
    }
    let (year, month, day) = collapsed(&chars[i..i + len])?;
    Some(Mention {
        start: i,
        end: k + 1,
        year: Some(year),
        month: Some(month),
        day: DayPart::Day(day),
        day_only: false,
    })
}

/// `于21日前`, `在21日前`: a deadline that names only the day, read in the notice's month.
fn day_only_at(chars: &[char], i: usize, day: u32, j: usize) -> Option<Mention> {
    let framed = i
        .checked_sub(1)
        .is_some_and(|p| matches!(chars[p], '于' | '在'));
    let k = skip_spaces(chars, j);
    let closes = chars.get(k) == Some(&'日')
        && matches!(
            (chars.get(k + 1), chars.get(k + 2)),
            (Some('前'), _) | (Some('之' | '以'), Some('前'))
        );
    (framed && closes && (1..=31).contains(&day)).then_some(Mention {
        start: i,
        end: k + 1,
        year: None,
        month: None,
        day: DayPart::Day(day),
        day_only: true,
    })
}

/// 2024-04-15, 2024.4.15, 2024/4/15.
fn iso_like(chars: &[char], start: usize, year: u32, j: usize) -> Option<Mention> {
    let sep = *chars.get(j)?;
    if !matches!(sep, '-' | '.' | '/') {
        return None;
    }
    let (month, k) = digits(chars, j + 1, 2)?;
    if chars.get(k) != Some(&sep) {
        return None;
    }
    let (day, k) = digits(chars, k + 1, 2)?;
    if chars.get(k).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(Mention {
        start,
        end: k,
        year: Some(year),
        month: Some(month),
        day: DayPart::Day(day),
        day_only: false,
    })
}

fn chinese_at(chars: &[char], i: usize) -> Option<Mention> {
    // A year is four digit characters followed by 年.
    if let Some(year) = chars.get(i..i + 4).and_then(cn_year) {
        let k = skip_spaces(chars, i + 4);
        if chars.get(k) != Some(&'年') {
            return None;
        }
        let k = skip_spaces(chars, k + 1);
        if let Some(end) = year_end(chars, k) {
            return Some(Mention {
                start: i,
                end,
                year: Some(year),
                month: Some(12),
                day: DayPart::MonthEnd,
                day_only: false,
            });
        }
        let (month, k) = cn_number(chars, k, 2)?;
        return month_rest(chars, i, Some(year), month, k, Numerals::Chinese);
    }
    let (month, k) = cn_number(chars, i, 2)?;
    month_rest(chars, i, None, month, k, Numerals::Chinese)
}

#[derive(Clone, Copy)]
enum Numerals {
    Arabic,
    Chinese,
}

/// After the month number: `月`, then a day, 底/末, or 上旬/中旬/下旬.
fn month_rest(
    chars: &[char],
    start: usize,
    year: Option<u32>,
    month: u32,
    k: usize,
    numerals: Numerals,
) -> Option<Mention> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let k = skip_spaces(chars, k);
    if chars.get(k) != Some(&'月') {
        return None;
    }
    let k = skip_spaces(chars, k + 1);
    let mention = |end, day| {
        Some(Mention {
            start,
            end,
            year,
            month: Some(month),
            day,
            day_only: false,
        })
    };
    match chars.get(k) {
        Some('底' | '末') => return mention(k + 1, DayPart::MonthEnd),
        Some(p @ ('上' | '中' | '下')) if chars.get(k + 1) == Some(&'旬') => {
            let part = match p {
                '上' => DayPart::Early,
                '中' => DayPart::Mid,
                _ => DayPart::MonthEnd,
            };
            return mention(k + 2, part);
        }
        _ => {}
    }
    let (day, k) = match numerals {
        Numerals::Arabic => digits(chars, k, 2)?,
        Numerals::Chinese => cn_number(chars, k, 3)?,
    };
    let k = skip_spaces(chars, k);
    match chars.get(k) {
        Some('日' | '号') if (1..=31).contains(&day) => mention(k + 1, DayPart::Day(day)),
        // `8月30前`: hurried writing leaves out the 日; a month and a number are a day only
        // when 前 follows at once, so `8月30人` or `8月` alone stay no date.
        _ if (1..=31).contains(&day) && before_follows(chars, k) => mention(k, DayPart::Day(day)),
        _ => None,
    }
}

/// Whether 前, 之前 or 以前 (not 前后, "around") starts at `k`.
fn before_follows(chars: &[char], k: usize) -> bool {
    let at = match chars.get(k) {
        Some('之' | '以') => k + 1,
        _ => k,
    };
    chars.get(at) == Some(&'前') && chars.get(at + 1) != Some(&'后')
}

/// 年底 / 年末 right after a year.
fn year_end(chars: &[char], k: usize) -> Option<usize> {
    (matches!(chars.get(k), Some('底' | '末'))).then_some(k + 1)
}

/// Up to `max` ASCII digits at `i`; `None` if there are none or more than `max` in a row.
fn digits(chars: &[char], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut value = 0;
    let mut j = i;
    while let Some(d) = chars.get(j).and_then(|c| c.to_digit(10)) {
        if j - i == max {
            return None;
        }
        value = value * 10 + d;
        j += 1;
    }
    (j > i).then_some((value, j))
}

/// A Chinese number of up to `max` characters at `i` (十二, 三十一).
fn cn_number(chars: &[char], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    while j < chars.len() && j - i < max && is_cn_numeral(chars[j]) {
        j += 1;
    }
    let value = cn_int(&chars[i..j])?;
    Some((value, j))
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    // Bounded: OCR puts at most a space or two between the parts of a date.
    let limit = i + 3;
    while i < limit && chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn first(s: &str, year: Option<u32>) -> Option<String> {
        scan(&chars(s))
            .first()
            .and_then(|m| m.resolve(year))
            .map(|d| d.to_string())
    }

    #[test]
    fn full_dates_in_both_numeral_systems() {
        assert_eq!(
            exact_date("2022年8月5日").unwrap().to_string(),
            "2022-08-05"
        );
        assert_eq!(
            exact_date("二〇二二年八月五日").unwrap().to_string(),
            "2022-08-05"
        );
        assert_eq!(
            exact_date("二〇二二年八月十五日").unwrap().to_string(),
            "2022-08-15"
        );
        assert_eq!(
            exact_date("二○二四年十二月三十一日").unwrap().to_string(),
            "2024-12-31"
        );
        assert_eq!(
            exact_date("2022 年 8 月 5 日").unwrap().to_string(),
            "2022-08-05"
        );
        assert_eq!(exact_date("2024-04-15").unwrap().to_string(), "2024-04-15");
    }

    #[test]
    fn impossible_or_partial_dates_are_not_dates() {
        assert_eq!(exact_date("2022年2月30日"), None);
        assert_eq!(exact_date("2022年8月"), None);
        assert_eq!(exact_date("2022年8月5日印发"), None);
        assert_eq!(exact_date("8月5日"), None);
    }

    #[test]
    fn a_date_without_year_takes_the_given_one() {
        assert_eq!(
            first("请于9月30日前报送", Some(2022)).as_deref(),
            Some("2022-09-30")
        );
        assert_eq!(
            first("4月底前完成", Some(2024)).as_deref(),
            Some("2024-04-30")
        );
        assert_eq!(
            first("5月中旬前", Some(2024)).as_deref(),
            Some("2024-05-20")
        );
        assert_eq!(first("2024年底前", None).as_deref(), Some("2024-12-31"));
    }

    #[test]
    fn a_day_without_ri_before_qian_is_a_day() {
        assert_eq!(
            first("请于8月30前报送", Some(2024)).as_deref(),
            Some("2024-08-30")
        );
        assert_eq!(
            first("九月五日之前", Some(2024)).as_deref(),
            Some("2024-09-05")
        );
        assert_eq!(
            first("九月五之前", Some(2024)).as_deref(),
            Some("2024-09-05")
        );
        let m = scan(&chars("8月30前报送"));
        assert_eq!((m[0].start, m[0].end), (0, 4), "前 stays outside the date");
        for s in ["8月前报送", "8月30人参加", "共30前", "8月30前后", "8月32前"] {
            assert!(scan(&chars(s)).is_empty(), "{s}");
        }
    }

    #[test]
    fn recurring_days_have_no_date() {
        let m = scan(&chars("每月5日前报送"));
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].resolve(Some(2024)), None);
    }

    #[test]
    fn numbers_that_are_not_dates_are_skipped() {
        assert!(scan(&chars("习近平总书记 7.26 重要讲话")).is_empty());
        assert!(scan(&chars("未来5年乃至更长时期")).is_empty());
        assert!(scan(&chars("统一月度计划")).is_empty());
        assert_eq!(scan(&chars("7月26日至27日")).len(), 1);
    }

    #[test]
    fn a_date_that_lost_its_year_and_month_characters_is_read_when_unambiguous() {
        assert_eq!(exact_date("200791").unwrap().to_string(), "2007-09-01");
        assert_eq!(exact_date("2009911").unwrap().to_string(), "2009-09-11");
        assert_eq!(exact_date("20240415").unwrap().to_string(), "2024-04-15");
        // 2024-1-11 or 2024-11-1: ambiguous.
        assert_eq!(exact_date("2024111"), None);
        assert_eq!(exact_date("000123"), None);
        let chars: Vec<char> = "于 2009911日前".chars().collect();
        let m = scan(&chars);
        assert_eq!(m[0].resolve(None).unwrap().to_string(), "2009-09-11");
    }
}
