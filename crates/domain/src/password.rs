//! 密码策略: what a new password must be before it is hashed and stored.
//!
//! At least 10 characters from at least 3 character classes, not on the list of common
//! passwords, and not containing the username. The common list is Django's 20,000 most common
//! passwords (BSD licence), keeping only those long enough to pass the length rule.

use std::collections::HashSet;
use std::sync::LazyLock;

pub const MIN_LENGTH: usize = 10;
pub const MIN_CLASSES: usize = 3;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .collect()
});

/// A password that passed the policy. Holds the plain text only until it is hashed.
#[derive(Clone)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Why a password was refused; each maps to one catalogue message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("password is shorter than {MIN_LENGTH} characters")]
    TooShort,
    #[error("password uses fewer than {MIN_CLASSES} character classes")]
    TooFewClasses,
    #[error("password is a commonly used password")]
    Common,
    #[error("password contains the username")]
    ContainsUsername,
}

impl crate::Problem for PasswordProblem {
    fn code(&self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "password_too_short",
            PasswordProblem::TooFewClasses => "password_too_few_classes",
            PasswordProblem::Common => "password_common",
            PasswordProblem::ContainsUsername => "password_contains_username",
        }
    }

    /// The policy's numbers, for the `{min}` and `{classes}` placeholders.
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("min", MIN_LENGTH.to_string()),
            ("classes", MIN_CLASSES.to_string()),
        ]
    }

    fn message_key(&self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "password.too_short",
            PasswordProblem::TooFewClasses => "password.too_few_classes",
            PasswordProblem::Common => "password.common",
            PasswordProblem::ContainsUsername => "password.contains_username",
        }
    }
}

/// The four classes: lowercase, uppercase, digits, everything else (symbols, CJK …).
fn classes(password: &str) -> usize {
    let mut seen = [false; 4];
    for c in password.chars() {
        let class = if c.is_ascii_lowercase() {
            0
        } else if c.is_ascii_uppercase() {
            1
        } else if c.is_ascii_digit() {
            2
        } else {
            3
        };
        seen[class] = true;
    }
    seen.iter().filter(|s| **s).count()
}

impl NewPassword {
    pub fn parse(password: &str, username: &str) -> Result<NewPassword, PasswordProblem> {
        if password.chars().count() < MIN_LENGTH {
            return Err(PasswordProblem::TooShort);
        }
        if classes(password) < MIN_CLASSES {
            return Err(PasswordProblem::TooFewClasses);
        }
        let lower = password.to_lowercase();
        if COMMON.contains(lower.as_str()) {
            return Err(PasswordProblem::Common);
        }
        if !username.is_empty() && lower.contains(&username.to_lowercase()) {
            return Err(PasswordProblem::ContainsUsername);
        }
        Ok(NewPassword(password.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strong_password_passes() {
        assert!(NewPassword::parse("Zhibu-2026-spring", "branch1").is_ok());
        assert!(NewPassword::parse("支部工作Abc123", "branch1").is_ok());
    }

    #[test]
    fn each_rule_is_reported() {
        assert_eq!(
            NewPassword::parse("Ab1!", "x").unwrap_err(),
            PasswordProblem::TooShort
        );
        assert_eq!(
            NewPassword::parse("abcdefghijk1", "x").unwrap_err(),
            PasswordProblem::TooFewClasses
        );
        assert_eq!(
            NewPassword::parse("Password123", "x").unwrap_err(),
            PasswordProblem::Common
        );
        assert_eq!(
            NewPassword::parse("Branch1-secret", "branch1").unwrap_err(),
            PasswordProblem::ContainsUsername
        );
    }

    #[test]
    fn the_common_list_is_loaded() {
        assert!(COMMON.len() > 1000);
        assert!(COMMON.contains("1234567890"));
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let p = NewPassword::parse("Zhibu-2026-spring", "x").unwrap();
        assert!(!format!("{p:?}").contains("Zhibu"));
    }
}
