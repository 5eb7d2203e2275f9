//! Chinese numerals as they occur in headings (`十二、`) and dates (`二〇二二年八月十五日`).

/// The value of a single Chinese digit; `〇` has look-alikes that OCR and typists use for it.
pub fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'O' | 'o' | 'Ｏ' | '◯' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Whether `c` can be part of a Chinese number below 1000 (`二十三`, `一百零五`).
pub fn is_cn_numeral(c: char) -> bool {
    matches!(c, '十' | '百') || (cn_digit(c).is_some() && !matches!(c, 'O' | 'o' | 'Ｏ' | '◯'))
}

/// Parses a positional Chinese number below 1000: `五`, `十`, `十五`, `二十`, `三十一`, `一百零五`.
///
/// Returns `None` for anything that is not a well-formed number (`一一`, `十十`), so headings
/// like `一、二级` can be told from `十一、`.
pub fn cn_int(chars: &[char]) -> Option<u32> {
    if chars.is_empty() || chars.len() > 6 {
        return None;
    }
    let mut total = 0;
    let mut pending: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for &c in chars {
        match c {
            '百' | '十' => {
                let unit = if c == '百' { 100 } else { 10 };
                if unit >= last_unit {
                    return None;
                }
                // A bare 十 at the start means 一十.
                let digit = pending.take().unwrap_or(if total == 0 { 1 } else { 0 });
                if digit == 0 {
                    return None;
                }
                total += digit * unit;
                last_unit = unit;
            }
            _ => {
                let d = cn_digit(c)?;
                if d == 0 {
                    // 零 only bridges a gap (一百零五); it cannot start or repeat.
                    if total == 0 || pending.is_some() {
                        return None;
                    }
                    last_unit = 10;
                    continue;
                }
                if pending.is_some() {
                    return None;
                }
                pending = Some(d);
            }
        }
    }
    if let Some(d) = pending {
        total += d;
    }
    (total > 0).then_some(total)
}

/// Parses a year written digit by digit: `二〇二二` → 2022.
pub fn cn_year(chars: &[char]) -> Option<u32> {
    if chars.len() != 4 {
        return None;
    }
    chars
        .iter()
        .try_fold(0, |acc, &c| Some(acc * 10 + cn_digit(c)?))
}

/// Maps full-width digits to ASCII, leaving everything else alone.
pub fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<u32> {
        cn_int(&s.chars().collect::<Vec<_>>())
    }

    #[test]
    fn positional_numbers_parse() {
        assert_eq!(n("一"), Some(1));
        assert_eq!(n("十"), Some(10));
        assert_eq!(n("十五"), Some(15));
        assert_eq!(n("二十"), Some(20));
        assert_eq!(n("三十一"), Some(31));
        assert_eq!(n("一百零五"), Some(105));
    }

    #[test]
    fn malformed_numbers_do_not() {
        assert_eq!(n("一一"), None);
        assert_eq!(n("十十"), None);
        assert_eq!(n("零"), None);
        assert_eq!(n(""), None);
    }

    #[test]
    fn years_read_digit_by_digit() {
        let y: Vec<char> = "二〇二二".chars().collect();
        assert_eq!(cn_year(&y), Some(2022));
        let y: Vec<char> = "二○二四".chars().collect();
        assert_eq!(cn_year(&y), Some(2024));
    }
}
