//! 附件说明: the list of attachments (`附件：1.xxx 2.xxx`, possibly one per line).

use crate::text::{continues_number, trim_trailing_punct};

/// If `line` opens an attachment list (`附件：`, `附件1：`, `附：`), the text after the colon.
pub fn list_start(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("附件")
        .or_else(|| line.strip_prefix('附'))?;
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    rest.strip_prefix(['：', ':']).map(str::trim)
}

/// Splits the items of an attachment list, numbering from `next`; returns the items and the
/// number the next item would carry. Unnumbered text is a single item.
pub fn items(text: &str, mut next: u32) -> (Vec<String>, u32) {
    let text = text.trim();
    let mut out = Vec::new();
    let Some(mut rest) = numbered(text, next) else {
        if !text.is_empty() {
            out.push(trim_trailing_punct(text).to_owned());
        }
        return (out, next);
    };
    loop {
        next += 1;
        match find_numbered(rest, next) {
            Some((item_end, after)) => {
                push_item(&mut out, &rest[..item_end]);
                rest = after;
            }
            None => {
                push_item(&mut out, rest);
                return (out, next);
            }
        }
    }
}

/// If `line` is the item numbered `expected` (`2.xxx`, `2、xxx`, `2．xxx`), its text.
pub fn numbered(line: &str, expected: u32) -> Option<&str> {
    let digits = expected.to_string();
    let rest = line.trim_start().strip_prefix(digits.as_str())?;
    let rest = rest.strip_prefix(['.', '．', '、', ' ', '）', ')'])?;
    if continues_number(rest) {
        return None;
    }
    Some(rest.trim_start())
}

/// Whether the line after a bare `附件：` label can be its one attachment: a short name, not
/// a heading, a contact, a date or a table row.
pub fn is_single_item(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars().count() <= 60
        && !t.starts_with('|')
        && !t.contains('。')
        && !crate::headings::starts_with_number(t)
        && !crate::contacts::is_contact_line(t)
        && crate::date_text::exact_date(t).is_none()
}

/// Finds item `expected` inside `s`, after a space or separator: returns where the previous
/// item ends and the new item's text.
fn find_numbered(s: &str, expected: u32) -> Option<(usize, &str)> {
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        let after_break =
            prev.is_some_and(|p| p.is_whitespace() || matches!(p, '；' | ';' | '，' | ',' | '。'));
        if after_break
            && c.is_ascii_digit()
            && let Some(item) = numbered(&s[i..], expected)
        {
            return Some((i, item));
        }
        prev = Some(c);
    }
    None
}

fn push_item(out: &mut Vec<String>, s: &str) {
    let s = trim_trailing_punct(s);
    if !s.is_empty() {
        out.push(s.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_line_list_splits_on_its_numbers() {
        let rest = list_start("附件：1.党员名册 2.活动记录表（2024版）；3.汇总表").unwrap();
        let (items, next) = items(rest, 1);
        assert_eq!(items, vec!["党员名册", "活动记录表（2024版）", "汇总表"]);
        assert_eq!(next, 4);
    }

    #[test]
    fn an_unnumbered_attachment_is_one_item() {
        let (items, _) = items(list_start("附件:调研成果交流汇总表").unwrap(), 1);
        assert_eq!(items, vec!["调研成果交流汇总表"]);
    }

    #[test]
    fn decimals_are_not_item_numbers() {
        assert_eq!(numbered("2.5倍", 2), None);
        assert_eq!(numbered("2．汇总表", 2), Some("汇总表"));
        assert_eq!(numbered("3.汇总表", 2), None);
        assert_eq!(numbered("1.2024年工作要点", 1), Some("2024年工作要点"));
    }

    #[test]
    fn only_attachment_lines_open_a_list() {
        assert_eq!(list_start("附件1：实施方案"), Some("实施方案"));
        assert_eq!(list_start("附件"), None);
        assert_eq!(list_start("附近的党员"), None);
    }
}
