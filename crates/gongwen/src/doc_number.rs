//! 发文字号: the document number, e.g. 渝科协社党发〔2022〕28号.
//!
//! GB/T 9704 prescribes the hexagonal brackets 〔〕, but typists and OCR produce [], ［］, (),
//! （）and 【】 as well; all are accepted and the canonical text uses 〔〕.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A parsed document number: prefix (机关代字), year and serial (发文顺序号).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawDocNumber")]
pub struct DocNumber {
    /// Canonical form, `prefix〔year〕serial号`.
    text: String,
    prefix: String,
    year: u16,
    serial: u32,
}

/// Why a string is not a document number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocNumberError {
    #[error("no bracketed year such as 〔2022〕 in the document number")]
    MissingYear,
    #[error("the document number has no prefix before the year")]
    MissingPrefix,
    #[error("the document number has no serial number followed by 号 after the year")]
    MissingSerial,
    #[error("unexpected text after 号 in the document number")]
    TrailingText,
    #[error("the parts of the document number do not match its text")]
    Inconsistent,
}

const OPENERS: [char; 6] = ['〔', '[', '［', '(', '（', '【'];
const CLOSERS: [char; 6] = ['〕', ']', '］', ')', '）', '】'];

impl DocNumber {
    /// Parses a whole string such as `渝科协社党发〔2022〕28号` (surrounding spaces allowed).
    pub fn parse(s: &str) -> Result<DocNumber, DocNumberError> {
        let s = s.trim();
        let (number, range) = Self::scan(s).ok_or_else(|| Self::diagnose(s))?;
        if !s[range.end..].trim().is_empty() {
            return Err(DocNumberError::TrailingText);
        }
        if !s[..range.start].trim().is_empty() {
            // Something other than the prefix precedes it, e.g. `第 渝发〔2022〕1号`.
            return Err(DocNumberError::MissingPrefix);
        }
        Ok(number)
    }

    /// Finds a document number inside a line that may hold more, such as `签发人：张三`.
    pub fn find(line: &str) -> Option<DocNumber> {
        Self::scan(line).map(|(number, _)| number)
    }

    /// Like `find`, with the byte range the number covers in `line`.
    pub(crate) fn find_with_range(line: &str) -> Option<(DocNumber, std::ops::Range<usize>)> {
        Self::scan(line)
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn year(&self) -> u32 {
        self.year.into()
    }

    pub fn serial(&self) -> u32 {
        self.serial
    }

    fn from_parts(prefix: &str, year: u16, serial: u32) -> DocNumber {
        DocNumber {
            text: format!("{prefix}〔{year}〕{serial}号"),
            prefix: prefix.to_owned(),
            year,
            serial,
        }
    }

    /// Tries every opening bracket followed by a four-digit year; the first that forms a whole
    /// number wins. Returns the number and the byte range it covers in `s`.
    fn scan(s: &str) -> Option<(DocNumber, std::ops::Range<usize>)> {
        s.char_indices()
            .filter(|(_, c)| OPENERS.contains(c))
            .find_map(|(open, c)| Self::at(s, open, c))
    }

    fn at(s: &str, open: usize, open_char: char) -> Option<(DocNumber, std::ops::Range<usize>)> {
        let prefix_start = prefix_start(&s[..open])?;
        let prefix = s[prefix_start..open].trim_end();
        let rest = s[open + open_char.len_utf8()..].trim_start();
        let year_str = rest.get(..4)?;
        if !year_str.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: u16 = year_str.parse().ok()?;
        let rest = rest[4..].trim_start();
        let close = rest.chars().next().filter(|c| CLOSERS.contains(c))?;
        let rest = rest[close.len_utf8()..].trim_start();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 6 {
            return None;
        }
        let serial: u32 = rest[..digits].parse().ok()?;
        let after = rest[digits..].trim_start().strip_prefix('号')?;
        if !(1900..=2999).contains(&year) || serial == 0 {
            return None;
        }
        let end = s.len() - after.len();
        Some((Self::from_parts(prefix, year, serial), prefix_start..end))
    }

    fn diagnose(s: &str) -> DocNumberError {
        let Some(open) = s.find(OPENERS) else {
            return DocNumberError::MissingYear;
        };
        if s[..open].trim().is_empty() {
            DocNumberError::MissingPrefix
        } else if !s.contains(CLOSERS) {
            DocNumberError::MissingYear
        } else {
            DocNumberError::MissingSerial
        }
    }
}

/// Where the 机关代字 before the bracket starts: back to a space or punctuation.
fn prefix_start(head: &str) -> Option<usize> {
    let trimmed = head.trim_end();
    let start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || is_separator(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let len = trimmed[start..].chars().count();
    (1..=24).contains(&len).then_some(start)
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '。'
            | '：'
            | ':'
            | '；'
            | ';'
            | '、'
            | '“'
            | '”'
            | '"'
            | '《'
            | '》'
            | '#'
            | '*'
    ) || OPENERS.contains(&c)
        || CLOSERS.contains(&c)
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The JSON shape; deserialising re-parses `text` so a `DocNumber` is always consistent.
#[derive(Deserialize)]
struct RawDocNumber {
    text: String,
    prefix: Option<String>,
    year: Option<u32>,
    serial: Option<u32>,
}

impl TryFrom<RawDocNumber> for DocNumber {
    type Error = DocNumberError;

    fn try_from(raw: RawDocNumber) -> Result<Self, Self::Error> {
        let parsed = DocNumber::parse(&raw.text)?;
        let agrees = raw.prefix.as_deref().is_none_or(|p| p == parsed.prefix)
            && raw.year.is_none_or(|y| y == parsed.year())
            && raw.serial.is_none_or(|s| s == parsed.serial);
        if agrees {
            Ok(parsed)
        } else {
            Err(DocNumberError::Inconsistent)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (String, u32, u32, String) {
        let n = DocNumber::parse(s).unwrap();
        (
            n.prefix().to_owned(),
            n.year(),
            n.serial(),
            n.text().to_owned(),
        )
    }

    #[test]
    fn the_founding_notice_number_parses() {
        let expected = (
            "渝科协社党发".to_owned(),
            2022,
            28,
            "渝科协社党发〔2022〕28号".to_owned(),
        );
        assert_eq!(parts("渝科协社党发〔2022〕28号"), expected);
    }

    #[test]
    fn every_bracket_variant_gives_the_same_number() {
        for s in [
            "渝科协社党发〔2022〕28号",
            "渝科协社党发[2022]28号",
            "渝科协社党发［2022］28号",
            "渝科协社党发(2022)28号",
            "渝科协社党发（2022）28号",
            "渝科协社党发【2022】28号",
            " 渝科协社党发 〔2022〕 28 号 ",
            "渝科协社党发〔2022〕028号",
        ] {
            assert_eq!(parts(s).3, "渝科协社党发〔2022〕28号", "{s}");
        }
    }

    #[test]
    fn a_number_is_found_beside_the_signer() {
        let n = DocNumber::find("渝科协发〔2024〕15号　　　签发人：张三").unwrap();
        assert_eq!((n.prefix(), n.year(), n.serial()), ("渝科协发", 2024, 15));
        let n = DocNumber::find("签发人：张三 国办发〔2024〕3号").unwrap();
        assert_eq!(n.prefix(), "国办发");
    }

    #[test]
    fn malformed_numbers_say_what_is_missing() {
        assert_eq!(
            DocNumber::parse("渝科协社党发28号"),
            Err(DocNumberError::MissingYear)
        );
        assert_eq!(
            DocNumber::parse("〔2022〕28号"),
            Err(DocNumberError::MissingPrefix)
        );
        assert_eq!(
            DocNumber::parse("渝科协社党发〔2022〕"),
            Err(DocNumberError::MissingSerial)
        );
        assert_eq!(
            DocNumber::parse("渝科协社党发〔2022〕28号附"),
            Err(DocNumberError::TrailingText)
        );
        assert!(DocNumber::parse("渝科协社党发〔22〕28号").is_err());
        assert!(DocNumber::parse("").is_err());
    }

    #[test]
    fn deserialising_checks_the_parts_against_the_text() {
        let ok = r#"{"text":"渝科协社党发〔2022〕28号","prefix":"渝科协社党发","year":2022,"serial":28}"#;
        let n: DocNumber = serde_json::from_str(ok).unwrap();
        assert_eq!(n.serial(), 28);
        let bad = r#"{"text":"渝科协社党发〔2022〕28号","prefix":"渝科协社党发","year":2021,"serial":28}"#;
        assert!(serde_json::from_str::<DocNumber>(bad).is_err());
    }
}
