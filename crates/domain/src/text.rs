//! Characters a name must not hide behind: bidirectional controls, which make text display in
//! another order than it is stored (U+202E before "txt.exe" shows it as "exe.txt"), and
//! zero-width characters, which show nothing at all. A name made only of the latter looks
//! blank; a name holding any of the former can pass for another name.

/// Unicode's explicit bidirectional formatting characters (UAX #9): ALM, LRM, RLM, the
/// embeddings and overrides (LRE … RLO), and the isolates (LRI … PDI).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Characters that take no space and show nothing: zero-width space, joiners, word joiner,
/// invisible operators, the byte-order mark, the Mongolian vowel separator, the soft hyphen.
pub fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
    )
}

/// Whether `s` holds something but nothing a reader can see.
pub fn is_only_invisible(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_whitespace() || is_zero_width(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_are_told_from_letters() {
        for c in [
            '\u{202E}', '\u{202D}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{061C}',
        ] {
            assert!(is_bidi_control(c), "{:04X}", c as u32);
        }
        for c in ['a', '张', ' ', '\u{200B}', 'ا'] {
            assert!(!is_bidi_control(c), "{:04X}", c as u32);
        }
    }

    #[test]
    fn invisible_text_is_told_from_text_with_joiners() {
        assert!(is_only_invisible("\u{200B}"));
        assert!(is_only_invisible("\u{200B} \u{FEFF}\u{200D}"));
        assert!(!is_only_invisible(""));
        assert!(!is_only_invisible("张\u{200B}三"));
        assert!(!is_only_invisible("👩\u{200D}🔬"));
    }
}
