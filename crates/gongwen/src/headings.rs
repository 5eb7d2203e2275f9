//! Heading numbers: 一、 / （一） / 1. 1、 1． / （1） / ①.
//!
//! The level of a heading comes from its numbering style alone, never from Markdown `#`
//! counts, which OCR output gets wrong. Numbers are normalised so the same heading reads the
//! same whatever punctuation the source used:
//!
//! | style | examples in the source       | `number` | `level` |
//! |-------|------------------------------|----------|---------|
//! | 一、  | `一、` `十二、` `一．`        | `一`     | 1       |
//! | （一）| `（一）` `(一)` `（一)`       | `（一）` | 2       |
//! | 1.    | `1.` `1、` `1．` `１．`       | `1`      | 3       |
//! | （1） | `（1）` `(1)`                 | `（1）`  | 4       |
//! | ①     | `①` … `⑳`                     | `①`      | 5       |

use crate::lines::Line;
use crate::numerals::{cn_int, is_cn_numeral};
use crate::text::{continues_number, is_closer, trim_trailing_punct};

/// A heading line split into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// The normalised number (see the module table).
    pub number: String,
    pub level: u8,
    /// The heading text without number and final punctuation.
    pub title: String,
    /// The punctuation the source put after the title, which `title` leaves out: the `。` of
    /// a run-in lead sentence (`加强组织引导。各党支部要…`), the colon of a `label：value`
    /// heading, a list item's `；`. Empty when the title had none.
    pub punct: String,
    /// For a run-in heading (`1.坚持示范引领学，加强组织引导。各党支部要…`), the text after
    /// the lead sentence, which belongs to the body.
    pub rest: String,
}

impl Heading {
    pub fn is_run_in(&self) -> bool {
        !self.rest.is_empty()
    }
}

/// Reads `line` as a heading, if it starts with a heading number.
pub fn parse(line: &Line) -> Option<Heading> {
    let text = line.text.as_str();
    let (number, level, end) = number_at(text)?;
    let after = &text[end..];
    let (title, rest) = match line.bold {
        // The bold span ends the title: `**1.坚持示范引领学，加强组织引导。**各党支部要…`.
        Some((start, bold_end)) if start <= end && bold_end > end => {
            (&text[end..bold_end], &text[bold_end..])
        }
        _ => split_label(after).unwrap_or_else(|| split_lead_sentence(after)),
    };
    let (title, punct, rest) = lead_parts(title, rest);
    Some(Heading {
        number,
        level,
        title,
        punct,
        rest,
    })
}

/// Splits heading text (after its number) into title, its final punctuation, and run-in rest.
pub fn title_and_rest(text: &str) -> (String, String, String) {
    let (title, rest) = split_lead_sentence(text);
    lead_parts(title, rest)
}

/// The title without its final punctuation, that punctuation, and the rest. A stop the bold
/// span left outside (`**加强组织引导**。各党支部要…`) is the title's, not the body's.
fn lead_parts(title: &str, rest: &str) -> (String, String, String) {
    let raw = title.trim();
    let bare = trim_trailing_punct(raw);
    let mut punct: String = raw[bare.len()..]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut rest = rest.trim();
    if punct.is_empty() {
        let body = rest.trim_start_matches(['。', '；', '：', ';', ':']);
        punct.push_str(&rest[..rest.len() - body.len()]);
        rest = body.trim_start();
    }
    (bare.to_owned(), punct, rest.to_owned())
}

/// Whether `text` starts with a `一、` heading number.
pub fn level_one_at(text: &str) -> bool {
    number_at(text).is_some_and(|(_, level, _)| level == 1)
}

/// Whether `text` starts with a heading number (without building the heading).
pub fn starts_with_number(text: &str) -> bool {
    number_at(text).is_some()
}

/// The normalised number, its level, and the byte offset where the heading text begins.
fn number_at(text: &str) -> Option<(String, u8, usize)> {
    let first = text.chars().next()?;
    let found = match first {
        '（' | '(' => bracketed(text, first.len_utf8()),
        '①'..='⑳' => Some((first.to_string(), 5, first.len_utf8())),
        c if c.is_ascii_digit() => arabic(text),
        c if is_cn_numeral(c) => chinese(text),
        _ => None,
    }?;
    let (number, level, mut end) = found;
    // Tolerate `（一）、` and a space after the number.
    let rest = &text[end..];
    let trimmed = rest.strip_prefix(['、', ' ']).unwrap_or(rest).trim_start();
    end += rest.len() - trimmed.len();
    Some((number, level, end))
}

/// `一、` with a Chinese number; rejects `一、二级` (a list of numbers, not a heading).
fn chinese(text: &str) -> Option<(String, u8, usize)> {
    let digits: Vec<char> = text
        .chars()
        .take(5)
        .take_while(|&c| is_cn_numeral(c))
        .collect();
    cn_int(&digits)?;
    let numeral_len: usize = digits.iter().map(|c| c.len_utf8()).sum();
    let rest = &text[numeral_len..];
    let delim = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '、' | '．' | '.'))?;
    let after = &rest[delim.len_utf8()..];
    let mut next = after.chars();
    if let (Some(a), Some(b)) = (next.next(), next.next())
        && is_cn_numeral(a)
        && matches!(
            b,
            '、' | '级' | '类' | '等' | '档' | '批' | '期' | '季' | '年' | '次'
        )
    {
        return None;
    }
    Some((
        digits.into_iter().collect(),
        1,
        numeral_len + delim.len_utf8(),
    ))
}

/// `1.` `1、` `1．`; rejects decimals (`3.5亿`, `7.26`) and `1、2月`.
fn arabic(text: &str) -> Option<(String, u8, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 2 {
        return None;
    }
    let value: u32 = text[..digits].parse().ok()?;
    if value == 0 {
        return None;
    }
    let rest = &text[digits..];
    let delim = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '.' | '．' | '、'))?;
    let after = &rest[delim.len_utf8()..];
    if continues_number(after) {
        return None;
    }
    Some((value.to_string(), 3, digits + delim.len_utf8()))
}

/// `（一）` or `（1）`, with any mix of full-width and ASCII parentheses.
fn bracketed(text: &str, open_len: usize) -> Option<(String, u8, usize)> {
    let inner = &text[open_len..];
    let close = inner
        .char_indices()
        .take(6)
        .find(|&(_, c)| matches!(c, '）' | ')'))?;
    let number = &inner[..close.0];
    let end = open_len + close.0 + close.1.len_utf8();
    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
        let value: u32 = number.parse().ok().filter(|v| (1..100).contains(v))?;
        return Some((format!("（{value}）"), 4, end));
    }
    let chars: Vec<char> = number.chars().collect();
    if chars.iter().all(|&c| is_cn_numeral(c)) && cn_int(&chars).is_some() {
        return Some((format!("（{number}）"), 2, end));
    }
    None
}

/// Longest label that a `label：value` heading (`一、时间：2010年4月15日前`) can have.
const LABEL_CHARS: usize = 10;

/// Splits a `label：value` heading into the label (its title) and the value (run in), when
/// the label is a short phrase before the first colon.
fn split_label(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(['：', ':'])?;
    let label = text[..colon].trim();
    let after_colon = text[colon..].trim_start_matches(['：', ':']);
    let value = after_colon.trim();
    // The title keeps its colon here; `lead_parts` takes it off as the title's punctuation.
    let label_end = text.len() - after_colon.len();
    let plain = |c: char| !c.is_ascii_punctuation() && !"，。；、！？“”《》（）".contains(c);
    (!label.is_empty()
        && !value.is_empty()
        && label.chars().count() <= LABEL_CHARS
        && label.chars().all(plain)
        && !label.chars().any(|c| c.is_ascii_digit()))
    .then(|| (text[..label_end].trim_start(), value))
}

/// Splits `加强组织引导。各党支部要…` after its first sentence, if more text follows.
fn split_lead_sentence(text: &str) -> (&str, &str) {
    let mut depth = 0i32;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        match c {
            '“' | '《' | '（' | '(' | '「' => depth += 1,
            '”' | '》' | '）' | ')' | '」' => depth -= 1,
            '。' | '！' | '？' if depth <= 0 => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = iter.peek() {
                    if !is_closer(d) {
                        break;
                    }
                    end = j + d.len_utf8();
                    iter.next();
                }
                return (&text[..end], &text[end..]);
            }
            _ => {}
        }
    }
    (text, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::clean;

    fn heading(s: &str) -> Option<Heading> {
        parse(&clean(s)[0])
    }

    fn parts(s: &str) -> (String, u8, String, String) {
        let h = heading(s).unwrap();
        (h.number, h.level, h.title, h.rest)
    }

    fn punct(s: &str) -> String {
        heading(s).unwrap().punct
    }

    #[test]
    fn every_style_normalises_its_number() {
        assert_eq!(parts("一、认真开展主题学习活动").0, "一");
        assert_eq!(parts("十二、其他").0, "十二");
        assert_eq!(parts("（一）强化政治意识").0, "（一）");
        assert_eq!(parts("(二)聚焦活动主题").0, "（二）");
        assert_eq!(parts("1.及时学习").0, "1");
        assert_eq!(parts("2、系统学习").0, "2");
        assert_eq!(parts("３．深入学习").0, "3");
        assert_eq!(parts("（1）交通安全").0, "（1）");
        assert_eq!(parts("(12)消防安全").0, "（12）");
        assert_eq!(parts("①网络").0, "①");
        let levels: Vec<u8> = ["一、a", "（一）a", "1.a", "（1）a", "①a"]
            .iter()
            .map(|s| parts(s).1)
            .collect();
        assert_eq!(levels, vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn a_date_like_number_inside_the_title_stays() {
        let (n, _, title, rest) = parts("## 1.及时学习习近平总书记 7.26 重要讲话");
        assert_eq!(
            (n.as_str(), title.as_str(), rest.as_str()),
            ("1", "及时学习习近平总书记 7.26 重要讲话", "")
        );
    }

    #[test]
    fn run_in_headings_split_after_the_lead_sentence() {
        let (_, _, title, rest) = parts("**1.坚持示范引领学，加强组织引导。**各党支部要高度重视。");
        assert_eq!(title, "坚持示范引领学，加强组织引导");
        assert_eq!(rest, "各党支部要高度重视。");
        let (_, _, title, rest) = parts("（一）加强组织领导。各单位要把“一岗双责。”落实到位。");
        assert_eq!(title, "加强组织领导");
        assert_eq!(rest, "各单位要把“一岗双责。”落实到位。");
    }

    #[test]
    fn the_titles_final_punctuation_is_kept_apart() {
        assert_eq!(punct("（一）加强组织引导。各党支部要高度重视。"), "。");
        assert_eq!(
            punct("**1.坚持示范引领学，加强组织引导。**各党支部要高度重视。"),
            "。"
        );
        assert_eq!(punct("一、时间:2010年4月15日前"), ":");
        assert_eq!(punct("（1）对失联党员,限期整改到位;"), ";");
        assert_eq!(punct("一、总体要求"), "");
        // A stop the bold span left outside belongs to the title, not to the body.
        let h = heading("**（一）加强组织引导**。各党支部要高度重视。").unwrap();
        assert_eq!(
            (h.title.as_str(), h.punct.as_str(), h.rest.as_str()),
            ("加强组织引导", "。", "各党支部要高度重视。")
        );
    }

    #[test]
    fn a_fully_bold_heading_has_no_body() {
        let (_, _, title, rest) = parts("### **3.深入学习《习近平经济思想学习纲要》**");
        assert_eq!(
            (title.as_str(), rest.as_str()),
            ("深入学习《习近平经济思想学习纲要》", "")
        );
    }

    #[test]
    fn numbers_that_are_not_headings_are_rejected() {
        for s in [
            "3.5亿元",
            "7.26重要讲话",
            "1、2月份完成",
            "一、二级医院",
            "2024.年",
            "100.x",
            "（）空",
            "（甲）x",
        ] {
            assert!(heading(s).is_none(), "{s}");
        }
    }

    #[test]
    fn a_label_and_value_heading_is_titled_by_its_label() {
        assert_eq!(
            parts("一、时间:2010年4月15日前"),
            ("一".into(), 1, "时间".into(), "2010年4月15日前".into())
        );
        // Not a label: too long, or a clause with punctuation or digits before the colon.
        assert_eq!(
            parts("2、参会者于下午2:15前签到。").2,
            "参会者于下午2:15前签到"
        );
        assert_eq!(
            parts("（一）各单位要认真组织，具体要求如下：按时报送。").2,
            "各单位要认真组织，具体要求如下：按时报送"
        );
    }
}
