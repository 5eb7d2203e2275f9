//! 账号名: the name a person logs in with.

use serde::Serialize;
use std::fmt;

/// A login name: 3–32 characters of lowercase ASCII letters, digits, `.`, `_` or `-`,
/// starting with a letter or digit. Stored lowercased so `Admin` and `admin` are one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Username(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UsernameProblem {
    #[error("username must be 3 to 32 characters")]
    Length,
    #[error(
        "username may hold only letters, digits, '.', '_' and '-', starting with a letter or digit"
    )]
    Characters,
}

impl Username {
    pub fn parse(input: &str) -> Result<Username, UsernameProblem> {
        let name = input.trim().to_ascii_lowercase();
        if !(3..=32).contains(&name.chars().count()) {
            return Err(UsernameProblem::Length);
        }
        let mut chars = name.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
        let rest_ok = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !first_ok || !rest_ok {
            return Err(UsernameProblem::Characters);
        }
        Ok(Username(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_trimmed_and_lowercased() {
        assert_eq!(Username::parse("  Branch1 ").unwrap().as_str(), "branch1");
    }

    #[test]
    fn bad_usernames_are_refused_with_the_reason() {
        assert_eq!(Username::parse("ab"), Err(UsernameProblem::Length));
        assert_eq!(
            Username::parse(&"a".repeat(33)),
            Err(UsernameProblem::Length)
        );
        assert_eq!(Username::parse("_admin"), Err(UsernameProblem::Characters));
        assert_eq!(Username::parse("ad min"), Err(UsernameProblem::Characters));
        assert_eq!(Username::parse("管理员"), Err(UsernameProblem::Characters));
    }
}
