//! The end of the 主体: the signature (发文机关署名) and the date (成文日期), and what follows
//! them (附注, appended attachments, the 版记 footer).

use crate::attachments;
use crate::body::{is_closing, is_footer};
use crate::contacts;
use crate::date::Date;
use crate::date_text::{exact_date, scan};
use crate::headings;
use crate::lines::Line;
use crate::text::char_len;

/// What the tail holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tail {
    /// Signature lines joined with `、` (joint issuers sign one per line).
    pub signature: Option<String>,
    pub date: Option<Date>,
    /// Index into the lines where the body ends (the first signature line, or the date).
    pub body_end: usize,
    /// Index of the first line after the date (附注, attachments, footer).
    pub after: usize,
}

/// Last characters of organ names (委员会, 党委, 办公室, 科协, 政府, 公司 …).
pub const ORGAN_ENDINGS: &str = "会委部局厅室处科组院校司所站协府心馆队团社办署行区支";

/// A signature has at most this many lines.
const SIGNATURE_LINES: usize = 3;

/// Finds the date line: the first line after the body start that is nothing but a date and sits
/// under a signature; failing that, the first such line at all.
pub fn read(lines: &[Line], body_start: usize) -> Tail {
    let mut first_bare: Option<(usize, Date)> = None;
    // The non-blank lines seen so far, kept short: only the last few can be a signature.
    let mut recent: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(body_start) {
        if line.is_blank() {
            continue;
        }
        if let Some(date) = exact_date(&line.text) {
            let signature: Vec<usize> = recent
                .iter()
                .rev()
                .take_while(|&&j| is_signature_like(&lines[j].text))
                .take(SIGNATURE_LINES)
                .copied()
                .collect();
            if let Some(&top) = signature.last() {
                let names: Vec<&str> = signature
                    .iter()
                    .rev()
                    .map(|&j| lines[j].text.as_str())
                    .collect();
                return Tail {
                    signature: Some(names.join("、")),
                    date: Some(date),
                    body_end: top,
                    after: i + 1,
                };
            }
            first_bare.get_or_insert((i, date));
        } else if let Some((signature, date)) = signed_date(&line.text) {
            return Tail {
                signature: Some(signature),
                date: Some(date),
                body_end: i,
                after: i + 1,
            };
        }
        if recent.len() == SIGNATURE_LINES {
            recent.remove(0);
        }
        recent.push(i);
    }
    match first_bare {
        Some((i, date)) => Tail {
            signature: None,
            date: Some(date),
            body_end: i,
            after: i + 1,
        },
        None => Tail {
            signature: None,
            date: None,
            body_end: lines.len(),
            after: lines.len(),
        },
    }
}

/// Signature and date on one line: `中共某某委员会　2024年3月1日`.
fn signed_date(text: &str) -> Option<(String, Date)> {
    if char_len(text) > 60 {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let last = *scan(&chars).last()?;
    if last.end != chars.len() || last.year.is_none() || last.start == 0 {
        return None;
    }
    let date = last.resolve(None)?;
    let signature: String = chars[..last.start].iter().collect();
    let signature = signature.trim();
    // Only an organ's name may precede the date: 活动截止2024年3月1日 is body text.
    let organ = signature
        .chars()
        .last()
        .is_some_and(|c| ORGAN_ENDINGS.contains(c));
    (organ && is_signature_like(signature)).then(|| (signature.to_owned(), date))
}

/// A short line naming an organ: no sentence punctuation, not a heading, date or list.
fn is_signature_like(text: &str) -> bool {
    (2..=40).contains(&char_len(text))
        && !text.contains(['。', '，', ',', '；', ';', '：', ':', '！', '？', '!', '?'])
        && !headings::starts_with_number(text)
        && exact_date(text).is_none()
        && !is_closing(text)
        && !is_footer(text)
        && !text.starts_with("附件")
        && !contacts::is_contact_line(text)
}

/// Titles of attachments appended after the date (`附件1` on its own line, then the title),
/// for notices that have no 附件说明 list.
pub fn appended_attachments(lines: &[Line]) -> Vec<String> {
    let mut out = Vec::new();
    let mut expecting_title = false;
    for line in lines.iter().filter(|l| !l.is_blank()) {
        let text = line.text.as_str();
        if is_attachment_label(text) {
            expecting_title = true;
            continue;
        }
        if expecting_title && char_len(text) <= 60 && !headings::starts_with_number(text) {
            out.push(text.to_owned());
        }
        expecting_title = false;
    }
    out
}

/// `附件`, `附件1`, `附件 2`, `附件一` standing alone.
fn is_attachment_label(text: &str) -> bool {
    text.strip_prefix("附件").is_some_and(|rest| {
        rest.chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || crate::numerals::is_cn_numeral(c))
    }) && attachments::list_start(text).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::clean;

    #[test]
    fn the_signature_sits_above_the_date() {
        let lines = clean("正文。\n\n中共某某委员会\n\n二〇二四年三月十日\n\n抄送：某某。");
        let t = read(&lines, 0);
        assert_eq!(t.signature.as_deref(), Some("中共某某委员会"));
        assert_eq!(t.date.unwrap().to_string(), "2024-03-10");
        assert_eq!(t.body_end, 2);
        assert_eq!(t.after, 5);
    }

    #[test]
    fn signature_and_date_may_share_a_line() {
        let t = read(&clean("正文。\n中共某某委员会　二〇二四年三月一日"), 0);
        assert_eq!(t.signature.as_deref(), Some("中共某某委员会"));
        assert_eq!(t.date.unwrap().to_string(), "2024-03-01");
        let t = read(&clean("正文。\n中共某某委员会 2024年3月1日"), 0);
        assert_eq!(t.signature.as_deref(), Some("中共某某委员会"));
        assert_eq!(read(&clean("正文。\n活动截止2024年3月1日"), 0).date, None);
    }

    #[test]
    fn a_printing_date_is_not_the_date_of_the_notice() {
        let lines = clean("正文。\n某某办公室 2024年3月10日印发");
        assert_eq!(read(&lines, 0).date, None);
    }

    #[test]
    fn closing_formulas_do_not_sign() {
        let lines = clean("正文。\n特此通知\n2024年3月10日");
        let t = read(&lines, 0);
        assert_eq!(t.signature, None);
        assert_eq!(t.body_end, 2);
    }

    #[test]
    fn appended_attachments_are_named_by_the_line_after_their_label() {
        let lines = clean("附件1\n\n党员信息采集表\n\n姓名：\n附件2\n汇总表");
        assert_eq!(
            appended_attachments(&lines),
            vec!["党员信息采集表", "汇总表"]
        );
    }
}
