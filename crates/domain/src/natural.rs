//! Natural order of names with numbers: 支部2 before 支部10, branch1, branch2 … branch10.
//!
//! Runs of ASCII digits compare by their value (then by length, so 007 sorts after 7); every
//! other character compares as itself. Lists of orgs and people are sorted this way so that
//! numbered branches read in the order a person counts them.

use std::cmp::Ordering;
use std::iter::Peekable;
use std::str::Chars;

/// Compares `a` and `b` in natural order.
pub fn cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let order = number(&mut x).cmp_by_value(&number(&mut y));
                if order != Ordering::Equal {
                    return order;
                }
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                x.next();
                y.next();
            }
        }
    }
}

/// A run of digits, without its leading zeros, and how long it was.
struct Number {
    digits: String,
    length: usize,
}

impl Number {
    fn cmp_by_value(&self, other: &Number) -> Ordering {
        self.digits
            .len()
            .cmp(&other.digits.len())
            .then_with(|| self.digits.cmp(&other.digits))
            .then_with(|| self.length.cmp(&other.length))
    }
}

fn number(chars: &mut Peekable<Chars<'_>>) -> Number {
    let mut run = String::new();
    while let Some(c) = chars.next_if(char::is_ascii_digit) {
        run.push(c);
    }
    let length = run.len();
    let digits = run.trim_start_matches('0').to_owned();
    Number { digits, length }
}

#[cfg(test)]
mod tests {
    use super::cmp;
    use std::cmp::Ordering;

    fn sorted(mut names: Vec<&str>) -> Vec<&str> {
        names.sort_by(|a, b| cmp(a, b));
        names
    }

    #[test]
    fn numbers_in_names_sort_by_value() {
        assert_eq!(
            sorted(vec![
                "branch10", "branch2", "branch1", "branch21", "branch3"
            ]),
            vec!["branch1", "branch2", "branch3", "branch10", "branch21"]
        );
        assert_eq!(
            sorted(vec!["第十支部", "测试总支010", "测试总支9", "测试总支011"]),
            vec!["测试总支9", "测试总支010", "测试总支011", "第十支部"]
        );
    }

    #[test]
    fn ties_and_prefixes_are_ordered() {
        assert_eq!(cmp("支部", "支部1"), Ordering::Less);
        assert_eq!(cmp("a7", "a007"), Ordering::Less);
        assert_eq!(cmp("a7b", "a7b"), Ordering::Equal);
        assert_eq!(
            cmp("a99999999999999999999999", "a100000000000000000000000"),
            Ordering::Less
        );
    }
}
