//! The refusals of account administration, each with a stable code for the API and a
//! catalogue message; 422s name the field at fault.

use crate::error::Error;
use crate::error::Refusal;
use domain::member::FieldProblem;
use domain::username::UsernameProblem;

pub fn username(problem: UsernameProblem) -> Error {
    let key = match problem {
        UsernameProblem::Length => "accounts.username_length",
        UsernameProblem::Characters => "accounts.username_characters",
    };
    Error::unprocessable("invalid_username", key).detail("username")
}

pub fn display_name() -> Error {
    Error::unprocessable("invalid_display_name", "accounts.display_name_invalid")
        .detail("display_name")
}

/// A display name refused by its rules: hidden characters are named as such.
pub fn display_name_refused(problem: FieldProblem) -> Error {
    let (code, key) = match problem {
        FieldProblem::BidiControl => ("display_name_bidi_control", "accounts.display_name_bidi"),
        FieldProblem::Invisible => ("display_name_invisible", "accounts.display_name_invisible"),
        _ => return display_name(),
    };
    Error::unprocessable(code, key).detail("display_name")
}

pub fn username_taken(username: &str) -> Error {
    Error::refused(
        Refusal::Conflict,
        "username_taken",
        "accounts.username_taken",
    )
    .arg("username", username)
    .detail("username")
}

pub fn member_has_account() -> Error {
    Error::refused(
        Refusal::Conflict,
        "member_has_account",
        "accounts.member_has_account",
    )
    .detail("member_id")
}

pub fn member_required() -> Error {
    Error::unprocessable("member_required", "accounts.member_required").detail("member_id")
}

pub fn member_left() -> Error {
    Error::unprocessable("member_left", "accounts.member_left").detail("member_id")
}

/// Administrators act on other people's accounts; their own has its own pages.
pub fn own_account(key: &'static str) -> Error {
    Error::refused(Refusal::Forbidden, "own_account", key)
}

pub fn role_invalid() -> Error {
    Error::unprocessable("invalid_role", "grants.role_invalid").detail("role")
}

pub fn org_required() -> Error {
    Error::unprocessable("org_required", "grants.org_required").detail("org_id")
}

pub fn self_grant() -> Error {
    Error::refused(Refusal::Forbidden, "self_grant", "grants.self")
}

pub fn role_not_grantable() -> Error {
    Error::refused(
        Refusal::Forbidden,
        "role_not_grantable",
        "grants.role_not_grantable",
    )
}

pub fn role_conflict() -> Error {
    Error::unprocessable("role_conflict", "grants.role_conflict").detail("role")
}

pub fn grant_exists() -> Error {
    Error::refused(Refusal::Conflict, "grant_exists", "grants.exists")
}

pub fn grant_revoked() -> Error {
    Error::refused(Refusal::Conflict, "grant_revoked", "grants.already_revoked")
}

/// 三员分立: the accounts and grants of the system roles are changed only at the server.
pub fn system_account() -> Error {
    Error::refused(
        Refusal::Forbidden,
        "system_account",
        "accounts.system_account_at_server",
    )
}

pub fn system_grant() -> Error {
    Error::refused(
        Refusal::Forbidden,
        "system_grant",
        "grants.system_at_server",
    )
}

/// 三员分立: the system administrator resets no password of an account with business powers.
pub fn reset_by_org_admin() -> Error {
    Error::refused(
        Refusal::Forbidden,
        "reset_by_org_admin",
        "accounts.reset_by_org_admin",
    )
}
