//! Markdown and OCR clean-up: turns raw input into clean lines.
//!
//! Converters from PDF and OCR write Markdown whose markup carries no reliable meaning: `#`
//! levels are arbitrary, page numbers and rules appear mid-sentence, and spaces are sprinkled
//! between Chinese characters. This module removes all of that but remembers the one hint that
//! is useful later: where a leading **bold** span ends (a run-in heading's title).

use crate::contacts;
use crate::numerals::ascii_digit;
use crate::text::is_cjk;

/// One cleaned line. Blank lines are kept (as empty text) because they mark paragraph breaks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// Byte range of the first bold span in `text`, if it starts near the beginning.
    pub bold: Option<(usize, usize)>,
    /// The line was a Markdown heading (`## …`): it never continues another paragraph.
    pub md_heading: bool,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Cleans every line of `input` (any of `\n`, `\r\n`, `\r` line ends; a BOM is dropped).
pub fn clean(input: &str) -> Vec<Line> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    input
        .split(['\n', '\r', '\u{c}', '\u{2028}', '\u{2029}'])
        .flat_map(unflatten)
        .map(clean_line)
        .collect()
}

/// A line shorter than this is never split by `unflatten`.
const FLAT_LINE: usize = 200;

/// Splits a long line in which a web page flattened a whole notice, its paragraphs separated
/// by spaces only (`各有关单位: 根据…如下: 一、申报时间 受理… 联系人：… 附 件：1.… 某某局
/// 2017年6月22日`): before each spaced `一、` heading, 联系人 or 附件, after a leading
/// recipients list, and before a trailing signature and date. It is split only when at least
/// two such breaks are found.
fn unflatten(raw: &str) -> Vec<&str> {
    if raw.chars().count() < FLAT_LINE {
        return vec![raw];
    }
    let mut cuts: Vec<usize> = Vec::new();
    let mut prev_space = false;
    for (i, c) in raw.char_indices() {
        let space = c.is_whitespace();
        if prev_space && !space {
            let rest = &raw[i..];
            let breaks = crate::headings::level_one_at(rest)
                || rest.starts_with("联系人")
                || rest.starts_with("附件")
                || rest.starts_with("附 件");
            if breaks {
                cuts.push(i);
                // A short heading followed by a space: `一、申报时间 受理截止时间为…`.
                if let Some(end) = rest.find(char::is_whitespace)
                    && crate::headings::level_one_at(rest)
                    && rest[..end].chars().count() <= 14
                    && !rest[..end].contains(['，', '。', ',', '：', ':'])
                {
                    cuts.push(i + end);
                }
            }
        }
        prev_space = space;
    }
    if cuts.len() < 2 {
        return vec![raw];
    }
    // A recipients list that opens the line: `各有关单位: 根据…`.
    if let Some(colon) = raw[..cuts[0]].find([':', '：']) {
        let after = colon + raw[colon..].chars().next().map_or(1, char::len_utf8);
        let head = &raw[..colon];
        if raw[after..].starts_with(char::is_whitespace)
            && head.chars().count() <= 120
            && !head.contains(['。', '；'])
        {
            cuts.insert(0, after);
        }
    }
    // A signature and date that close the line: `… 新乡市科学技术局 2017年6月22日`.
    let last = &raw[*cuts.last().unwrap_or(&0)..];
    let last_start = raw.len() - last.len();
    let words: Vec<(usize, &str)> = last
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - raw.as_ptr() as usize, w))
        .collect();
    if let [.., (organ_at, organ), (date_at, date)] = words[..]
        && organ_at > last_start
        && crate::date_text::exact_date(date).is_some()
        && organ
            .chars()
            .last()
            .is_some_and(|c| crate::tail::ORGAN_ENDINGS.contains(c))
    {
        cuts.push(organ_at);
        cuts.push(date_at);
    }
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts {
        if cut > start {
            out.push(&raw[start..cut]);
            start = cut;
        }
    }
    out.push(&raw[start..]);
    out
}

fn clean_line(raw: &str) -> Line {
    let mut s = raw.trim();
    if is_noise(s) {
        return Line::default();
    }
    while let Some(rest) = s.strip_prefix('>') {
        s = rest.trim_start();
    }
    let mut md_heading = false;
    if s.starts_with('#') {
        md_heading = true;
        s = s.trim_start_matches('#').trim_start();
        // A closing sequence (`## 标题 ##`) is markup too.
        let closed = s.trim_end_matches('#');
        if closed.len() != s.len() && (closed.is_empty() || closed.ends_with(char::is_whitespace)) {
            s = closed.trim_end();
        }
    }
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = s.strip_prefix(marker) {
            s = rest.trim_start();
            break;
        }
    }
    let keep_spaces = contacts::is_contact_line(s);
    let (text, bold) = normalise(s, keep_spaces);
    if is_noise(&text) {
        return Line::default();
    }
    Line {
        text,
        bold,
        md_heading,
    }
}

/// Lines that carry no text of the notice: page numbers (`— 2 —`, `-3-`, `第2页 共5页`),
/// horizontal rules and page-break markers, HTML comments, images.
fn is_noise(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    if (s.starts_with("<!--") && s.ends_with("-->")) || s.starts_with("![") {
        return true;
    }
    let rule = s.chars().all(|c| matches!(c, '-' | '*' | '_' | '=' | ' '));
    if rule && s.chars().filter(|c| !c.is_whitespace()).count() >= 3 {
        return true;
    }
    let mut digits = 0;
    let page_number = s.chars().all(|c| {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            digits += 1;
            true
        } else {
            c.is_whitespace() || matches!(c, '-' | '—' | '–' | '－' | '第' | '页' | '共' | '/')
        }
    });
    // `200791` under a signature is a date that lost its 年月日, not a page number.
    page_number && (1..=6).contains(&digits) && crate::date_text::exact_date(s).is_none()
}

/// Removes `**` and backslash escapes, maps full-width digits to ASCII, collapses whitespace,
/// and drops spaces between two CJK characters (OCR artefacts) unless `keep_spaces`.
fn normalise(s: &str, keep_spaces: bool) -> (String, Option<(usize, usize)>) {
    let mut out = String::with_capacity(s.len());
    let mut bold_start: Option<usize> = None;
    let mut bold: Option<(usize, usize)> = None;
    let mut in_bold = false;
    let mut pending_space = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '*' && chars.peek() == Some(&'*') {
            chars.next();
            if in_bold {
                if let (Some(start), None) = (bold_start, bold) {
                    bold = Some((start, out.len()));
                }
            } else if bold.is_none() && bold_start.is_none() {
                bold_start = Some(out.len());
            }
            in_bold = !in_bold;
            continue;
        }
        let c = match c {
            '\\' => match chars.peek() {
                Some(&n) if n.is_ascii_punctuation() => {
                    chars.next();
                    n
                }
                _ => c,
            },
            // Zero-width characters that OCR and word processors leave behind.
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{00ad}' => continue,
            _ => ascii_digit(c),
        };
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            pending_space = false;
            let prev = out.chars().next_back();
            let both_cjk = prev.is_some_and(is_cjk) && is_cjk(c);
            if prev.is_some() && (keep_spaces || !both_cjk) {
                out.push(' ');
            }
        }
        out.push(c);
    }
    // An unclosed ** is literal text that lost its partner; treat as closed at the end.
    if let (Some(start), None) = (bold_start, bold)
        && start < out.len()
    {
        bold = Some((start, out.len()));
    }
    // Only a span that starts the line (possibly after a heading number) marks a run-in title.
    let bold = bold.filter(|&(start, end)| end > start && out[..start].chars().count() <= 6);
    (out, bold)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        clean_line(s).text
    }

    #[test]
    fn markdown_markup_is_removed() {
        assert_eq!(
            text("### 一、认真开展主题学习活动"),
            "一、认真开展主题学习活动"
        );
        assert_eq!(text("#### **（三）明确学习要求**"), "（三）明确学习要求");
        assert_eq!(text("1\\.及时学习"), "1.及时学习");
        assert_eq!(text("## 标题 ##"), "标题");
    }

    #[test]
    fn ocr_spaces_between_chinese_characters_go_but_others_stay() {
        assert_eq!(
            text("## 中共重庆市科协科技社团委员会 关于做好近期有关工作的通知"),
            "中共重庆市科协科技社团委员会关于做好近期有关工作的通知"
        );
        assert_eq!(
            text("习近平总书记 7.26 重要讲话"),
            "习近平总书记 7.26 重要讲话"
        );
        assert_eq!(
            text("联系人：张三 电话：023-1234"),
            "联系人：张三 电话：023-1234"
        );
        assert_eq!(text("１．全角数字"), "1．全角数字");
    }

    #[test]
    fn a_leading_bold_span_is_remembered() {
        let line = clean_line("**1.坚持示范引领学，加强组织引导。**各党支部要");
        assert_eq!(line.text, "1.坚持示范引领学，加强组织引导。各党支部要");
        let (start, end) = line.bold.unwrap();
        assert_eq!(&line.text[start..end], "1.坚持示范引领学，加强组织引导。");
        assert_eq!(
            clean_line("正文很长很长很长很长的一段**强调**内容").bold,
            None
        );
    }

    #[test]
    fn page_furniture_is_blank() {
        for s in [
            "— 2 —",
            "-3-",
            "第2页 共5页",
            "---",
            "* * *",
            "<!-- PageBreak -->",
            "![](x.png)",
        ] {
            assert!(clean_line(s).is_blank(), "{s}");
        }
        assert!(!clean_line("2022年").is_blank());
    }

    #[test]
    fn a_notice_flattened_onto_one_line_is_split_at_its_breaks() {
        let body = "根据上级要求，现将有关工作通知如下，请认真组织本区域内的推荐工作。".repeat(4);
        let raw = format!(
            "各有关单位: {body} 一、申报时间 受理截止时间为2017年7月5日。 二、申报地点 某某路。 \
             联系人:王海东 电 话:0373-5820665 附 件:1.甲通知 2.乙通知 某某市科学技术局 2017年6月22日"
        );
        let lines: Vec<String> = clean(&raw).into_iter().map(|l| l.text).collect();
        assert_eq!(lines[0], "各有关单位:");
        assert_eq!(lines[2], "一、申报时间");
        assert_eq!(lines[3], "受理截止时间为2017年7月5日。");
        assert_eq!(lines[4], "二、申报地点");
        assert!(lines[6].starts_with("联系人"));
        assert_eq!(lines[7], "附件:1.甲通知 2.乙通知");
        assert_eq!(lines[8], "某某市科学技术局");
        assert_eq!(lines[9], "2017年6月22日");
        // A short line, or a long one with a single break, is left alone.
        assert_eq!(clean("各单位: 一、时间 二、地点").len(), 1);
        assert_eq!(clean(&format!("{body} 一、申报时间")).len(), 1);
    }
}
