//! 党员: the fields of a roster entry, each parsed from what a person typed or a spreadsheet
//! held. Once a value exists it is valid; each parse error names the rule it broke.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a field was refused; `message_key` gives the catalogue entry shown to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FieldProblem {
    #[error("required")]
    Missing,
    #[error("too long")]
    TooLong,
    #[error("not a valid phone number")]
    Phone,
    #[error("not a valid email address")]
    Email,
    #[error("not a valid date")]
    Date,
    #[error("date is in the future")]
    FutureDate,
    #[error("unknown value")]
    Unknown,
    #[error("holds a text-direction control character")]
    BidiControl,
    #[error("holds only invisible characters")]
    Invisible,
}

impl crate::Problem for FieldProblem {
    fn code(&self) -> &'static str {
        match self {
            FieldProblem::Missing => "missing",
            FieldProblem::TooLong => "too_long",
            FieldProblem::Phone => "phone",
            FieldProblem::Email => "email",
            FieldProblem::Date => "date",
            FieldProblem::FutureDate => "future_date",
            FieldProblem::Unknown => "unknown",
            FieldProblem::BidiControl => "bidi_control",
            FieldProblem::Invisible => "invisible",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            FieldProblem::Missing => "field.missing",
            FieldProblem::TooLong => "field.too_long",
            FieldProblem::Phone => "field.phone",
            FieldProblem::Email => "field.email",
            FieldProblem::Date => "field.date",
            FieldProblem::FutureDate => "field.future_date",
            FieldProblem::Unknown => "field.unknown",
            FieldProblem::BidiControl => "field.bidi_control",
            FieldProblem::Invisible => "field.invisible",
        }
    }
}

/// A person's or org's name: trimmed, 1–`max` characters, no control characters, no
/// text-direction controls, not made only of invisible characters (`crate::text`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Name(String);

impl Name {
    pub fn parse(input: &str, max: usize) -> Result<Name, FieldProblem> {
        let name: String = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(FieldProblem::Missing);
        }
        check_visible(&name)?;
        if name.chars().count() > max || name.chars().any(char::is_control) {
            return Err(FieldProblem::TooLong);
        }
        Ok(Name(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Refuses text that holds a text-direction control or shows nothing at all.
pub fn check_visible(text: &str) -> Result<(), FieldProblem> {
    if text.chars().any(crate::text::is_bidi_control) {
        return Err(FieldProblem::BidiControl);
    }
    if crate::text::is_only_invisible(text) {
        return Err(FieldProblem::Invisible);
    }
    Ok(())
}

/// A phone number: a mainland mobile (11 digits starting 1[3-9]) or a landline with area code
/// (0xx-xxxxxxx(x)), spaces and dashes tolerated; stored without spaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, FieldProblem> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let compact = compact.strip_prefix("+86").unwrap_or(&compact).to_owned();
        let digits: String = compact.chars().filter(|c| *c != '-').collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) || compact.matches('-').count() > 1 {
            return Err(FieldProblem::Phone);
        }
        let b = digits.as_bytes();
        let mobile = b.len() == 11
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1])
            && !compact.contains('-');
        let landline = b.first() == Some(&b'0') && (10..=12).contains(&b.len());
        if mobile {
            Ok(Phone(digits))
        } else if landline {
            Ok(Phone(compact))
        } else {
            Err(FieldProblem::Phone)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An email address: one `@`, a dotted domain, no spaces; at most 254 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, FieldProblem> {
        let e = input.trim();
        let ok = e.len() <= 254
            && !e.chars().any(|c| c.is_whitespace() || c.is_control())
            && e.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if ok {
            Ok(Email(e.to_owned()))
        } else {
            Err(FieldProblem::Email)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A calendar date, as 党务 spreadsheets write it: 2022-08-05, 2022/8/5, 2022.8.5, 20220805
/// or 2022年8月5日. Shown and stored as YYYY-MM-DD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PlainDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl PlainDate {
    pub fn new(year: i32, month: u32, day: u32) -> Result<PlainDate, FieldProblem> {
        if !(1900..=2200).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return Err(FieldProblem::Date);
        }
        Ok(PlainDate { year, month, day })
    }

    pub fn parse(input: &str) -> Result<PlainDate, FieldProblem> {
        let s = input.trim();
        if s.is_empty() {
            return Err(FieldProblem::Missing);
        }
        if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
            let n = |a: usize, b: usize| s[a..b].parse::<u32>().map_err(|_| FieldProblem::Date);
            return PlainDate::new(n(0, 4)? as i32, n(4, 6)?, n(6, 8)?);
        }
        let parts: Vec<&str> = s
            .trim_end_matches('日')
            .split(['-', '/', '.', '年', '月'])
            .collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(FieldProblem::Date);
        };
        let num = |p: &str| p.trim().parse::<u32>().map_err(|_| FieldProblem::Date);
        PlainDate::new(num(y)? as i32, num(m)?, num(d)?)
    }

    /// Refuses dates after `today` (birth dates, joining dates).
    pub fn not_after(self, today: PlainDate) -> Result<PlainDate, FieldProblem> {
        if self > today {
            Err(FieldProblem::FutureDate)
        } else {
            Ok(self)
        }
    }
}

impl fmt::Display for PlainDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// 性别.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    /// Accepts the codes and the Chinese and English words.
    pub fn parse(input: &str) -> Result<Gender, FieldProblem> {
        match input.trim().to_lowercase().as_str() {
            "male" | "m" | "男" => Ok(Gender::Male),
            "female" | "f" | "女" => Ok(Gender::Female),
            "" => Err(FieldProblem::Missing),
            _ => Err(FieldProblem::Unknown),
        }
    }
}

/// 正式党员 or 预备党员.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberType {
    Full,
    Probationary,
}

impl MemberType {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberType::Full => "full",
            MemberType::Probationary => "probationary",
        }
    }

    pub fn parse(input: &str) -> Result<MemberType, FieldProblem> {
        match input.trim().to_lowercase().as_str() {
            "full" | "正式党员" | "正式" => Ok(MemberType::Full),
            "probationary" | "预备党员" | "预备" => Ok(MemberType::Probationary),
            "" => Err(FieldProblem::Missing),
            _ => Err(FieldProblem::Unknown),
        }
    }
}

/// 职务: position codes and their Chinese names. More can be added here; the catalogue holds
/// `position.<code>` for each.
pub const POSITIONS: [(&str, &str); 6] = [
    ("secretary", "书记"),
    ("deputy_secretary", "副书记"),
    ("organization", "组织委员"),
    ("propaganda", "宣传委员"),
    ("discipline", "纪检委员"),
    ("party_worker", "党务工作者"),
];

/// A position from its code or its Chinese name.
pub fn parse_position(input: &str) -> Result<&'static str, FieldProblem> {
    let s = input.trim();
    POSITIONS
        .iter()
        .find(|(code, zh)| *code == s || *zh == s)
        .map(|(code, _)| *code)
        .ok_or(FieldProblem::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_their_usual_forms() {
        assert_eq!(
            Phone::parse("138 0013 8000").unwrap().as_str(),
            "13800138000"
        );
        assert_eq!(
            Phone::parse("+8613800138000").unwrap().as_str(),
            "13800138000"
        );
        assert_eq!(
            Phone::parse("023-63012345").unwrap().as_str(),
            "023-63012345"
        );
        for bad in [
            "12345",
            "1380013800",
            "23800138000",
            "abc",
            "023--6301",
            "12800138000",
        ] {
            assert_eq!(Phone::parse(bad), Err(FieldProblem::Phone), "{bad}");
        }
    }

    #[test]
    fn dates_in_their_usual_forms() {
        let d = PlainDate::new(2022, 8, 5).unwrap();
        for s in [
            "2022-08-05",
            "2022/8/5",
            "2022.8.5",
            "20220805",
            "2022年8月5日",
            " 2022-8-5 ",
        ] {
            assert_eq!(PlainDate::parse(s), Ok(d), "{s}");
        }
        assert_eq!(d.to_string(), "2022-08-05");
        for bad in [
            "2022-02-30",
            "2022-13-01",
            "yesterday",
            "2022-8",
            "1800-01-01",
        ] {
            assert_eq!(PlainDate::parse(bad), Err(FieldProblem::Date), "{bad}");
        }
        assert_eq!(PlainDate::parse("2024-02-29").map(|d| d.day), Ok(29));
        assert_eq!(
            d.not_after(PlainDate::new(2022, 1, 1).unwrap()),
            Err(FieldProblem::FutureDate)
        );
    }

    #[test]
    fn emails_names_and_codes() {
        assert!(Email::parse("a.b@example.org").is_ok());
        for bad in ["a@b", "@example.org", "a b@example.org", "a@@b.org"] {
            assert_eq!(Email::parse(bad), Err(FieldProblem::Email), "{bad}");
        }
        assert_eq!(Name::parse("  张  三 ", 50).unwrap().as_str(), "张 三");
        assert_eq!(Name::parse("  ", 50), Err(FieldProblem::Missing));
        assert_eq!(
            Name::parse("张三\u{202E}txt.exe", 50),
            Err(FieldProblem::BidiControl)
        );
        assert_eq!(
            Name::parse("\u{2067}李四\u{2069}", 50),
            Err(FieldProblem::BidiControl)
        );
        assert_eq!(
            Name::parse(" \u{200B}\u{200B} ", 50),
            Err(FieldProblem::Invisible)
        );
        assert_eq!(Name::parse("\u{FEFF}", 50), Err(FieldProblem::Invisible));
        assert_eq!(Gender::parse("女"), Ok(Gender::Female));
        assert_eq!(MemberType::parse("预备党员"), Ok(MemberType::Probationary));
        assert_eq!(parse_position("组织委员"), Ok("organization"));
        assert_eq!(parse_position("队长"), Err(FieldProblem::Unknown));
    }
}

/// Whether a member is on the roster. Leaving is a state: the member and their history stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberStatus {
    Active,
    Left,
}

impl MemberStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Active => "active",
            MemberStatus::Left => "left",
        }
    }

    pub fn parse(s: &str) -> Option<MemberStatus> {
        match s {
            "active" => Some(MemberStatus::Active),
            "left" => Some(MemberStatus::Left),
            _ => None,
        }
    }
}
