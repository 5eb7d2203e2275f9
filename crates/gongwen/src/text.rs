//! Character classes and sentence splitting shared by every stage.
//!
//! Notices mix full-width and ASCII punctuation freely (OCR and hand-typed text alike), so every
//! predicate here accepts both forms.

/// Whether `c` is a CJK ideograph, CJK punctuation or a full-width form.
///
/// Used to decide whether a space between two characters is an OCR artefact (between two CJK
/// characters) or meaningful (next to Latin letters and digits, as in `总书记 7.26 重要讲话`).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Punctuation that ends a sentence or a clause that stands on its own line.
pub fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':' | '…'
    )
}

/// Closing quotes and brackets that may follow a terminal mark (`……。”`).
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '》' | '〉' | '】' | '"' | '\''
    )
}

/// Whether a paragraph ends a sentence, so the next line cannot be its continuation.
///
/// A paragraph that ends mid-sentence is the mark of a page break in OCR output
/// (`党和国家事业` + blank line + `发展的目标任务`).
pub fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end();
    let Some(last) = s.chars().last() else {
        return true;
    };
    if is_terminal(last) {
        return true;
    }
    // A whole-line parenthetical such as （此件公开发布） stands alone.
    if matches!(last, '）' | ')') && s.starts_with(['（', '(']) {
        return true;
    }
    let inner = s.trim_end_matches(is_closer);
    inner.len() != s.len() && inner.chars().last().is_some_and(is_terminal)
}

/// Splits a paragraph into sentences, keeping each sentence's terminal mark and closing quotes.
///
/// `；` also splits (official prose chains whole instructions with it), but not inside
/// parentheses, where it separates list items such as contacts.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let splits = match c {
            '。' | '！' | '？' | '!' | '?' => true,
            '；' | ';' => depth == 0,
            _ => false,
        };
        if !splits {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if !(is_closer(d) || matches!(d, '。' | '！' | '？' | '!' | '?')) {
                break;
            }
            if matches!(d, '）' | ')') {
                depth = depth.saturating_sub(1);
            }
            end = j + d.len_utf8();
            iter.next();
        }
        push_trimmed(&mut out, &text[start..end]);
        start = end;
    }
    push_trimmed(&mut out, &text[start..]);
    out
}

fn push_trimmed<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    let s = s.trim();
    if !s.is_empty() {
        out.push(s);
    }
}

/// Joins two pieces of one sentence that a line or page break separated: Chinese needs no
/// space, Latin words and numbers do.
pub fn join_wrapped(left: &mut String, right: &str) {
    let right = right.trim_start();
    let needs_space = matches!(
        (left.chars().last(), right.chars().next()),
        (Some(a), Some(b)) if !is_cjk(a) && !is_cjk(b) && a.is_alphanumeric() && b.is_alphanumeric()
    );
    if needs_space {
        left.push(' ');
    }
    left.push_str(right);
}

/// Trims whitespace and any trailing terminal punctuation (a heading's `。` or a list's `；`).
pub fn trim_trailing_punct(s: &str) -> &str {
    s.trim()
        .trim_end_matches(|c: char| {
            matches!(c, '。' | '；' | '：' | '，' | ';' | ':' | ',' | '、') || c.is_whitespace()
        })
        .trim_end()
}

/// Whether the text after `1.` continues a number (`3.5亿`, `7.26`), which makes the `1.` no
/// list number. A year (`1.2024年工作要点`) starts a new word, so it does not count.
pub fn continues_number(after: &str) -> bool {
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && !(digits == 4 && after[digits..].starts_with('年'))
}

/// Whether `chars` begins with `word`.
pub fn chars_start_with(chars: &[char], word: &str) -> bool {
    let mut rest = chars.iter();
    word.chars().all(|w| rest.next() == Some(&w))
}

/// Number of characters (not bytes) in `s`.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_break_mid_sentence_does_not_end_it() {
        assert!(!ends_sentence("党和国家事业"));
        assert!(!ends_sentence("坚决"));
        assert!(ends_sentence("通知如下："));
        assert!(ends_sentence("确保网络信息安全。"));
        assert!(ends_sentence("他说：“好。”"));
        assert!(ends_sentence("（此件公开发布）"));
    }

    #[test]
    fn sentences_keep_their_marks_and_quotes() {
        let s = sentences("甲。乙；“丙！”丁（戊；己）");
        assert_eq!(s, vec!["甲。", "乙；", "“丙！”", "丁（戊；己）"]);
    }

    #[test]
    fn wrapped_latin_words_get_a_space_back() {
        let mut s = String::from("version");
        join_wrapped(&mut s, "2");
        assert_eq!(s, "version 2");
        let mut s = String::from("党和国家事业");
        join_wrapped(&mut s, "发展");
        assert_eq!(s, "党和国家事业发展");
    }
}
