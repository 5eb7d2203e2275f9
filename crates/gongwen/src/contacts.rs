//! 联系人 lines: who to call about the notice (`联系人：张三，电话：023-63000000`).

use crate::text::trim_trailing_punct;

/// Keys that open a contact line. Those after the first three only count with a colon, since
/// `电话` or `地址` alone may start ordinary prose.
const STRONG_KEYS: [&str; 4] = ["联系人", "联系电话", "联系方式", "联 系 人"];
const WEAK_KEYS: [&str; 13] = [
    "电话",
    "手机",
    "邮箱",
    "电子邮箱",
    "电子信箱",
    "传真",
    "咨询电话",
    "办公电话",
    "联系地址",
    "通讯地址",
    "E-mail",
    "Email",
    "email",
];

/// Whether a line (or sentence) is contact information.
pub fn is_contact_line(s: &str) -> bool {
    let s = s.trim_start().trim_start_matches(['（', '(']).trim_start();
    if STRONG_KEYS.iter().any(|k| s.starts_with(k)) {
        return true;
    }
    WEAK_KEYS.iter().any(|k| {
        s.strip_prefix(k)
            .is_some_and(|rest| rest.trim_start().starts_with(['：', ':']))
    })
}

/// The entry as listed in `contacts`: surrounding parentheses and final punctuation removed.
pub fn entry(s: &str) -> String {
    let s = s.trim();
    let s = match (s.strip_prefix(['（', '(']), s.ends_with(['）', ')'])) {
        (Some(inner), true) => inner
            .strip_suffix(['）', ')'])
            .unwrap_or(inner)
            .trim_end_matches(['）', ')']),
        _ => s,
    };
    trim_trailing_punct(s).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_lines_are_recognised() {
        assert!(is_contact_line("联系人：张三，电话：023-63000000"));
        assert!(is_contact_line("（联系人：李四；电话：023-1234）"));
        assert!(is_contact_line("电话: 023-1234"));
        assert!(is_contact_line("邮箱：a@b.cn"));
        assert!(!is_contact_line("电话会议要按时召开。"));
        assert!(!is_contact_line("各党支部要联系实际"));
    }

    #[test]
    fn entries_lose_their_parentheses() {
        assert_eq!(
            entry("（联系人：张三，电话：023-1234）"),
            "联系人：张三，电话：023-1234"
        );
        assert_eq!(entry("联系人：张三。"), "联系人：张三");
    }
}
