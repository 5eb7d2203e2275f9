//! The rules of the org tree and the roster, shared by the pages and the API: each function
//! authorises, loads, applies the domain rule, writes in one transaction with its audit event.

pub mod members;
pub mod orgs;

use crate::auth::Client;
use crate::auth::current::Authenticated;
use crate::error::Error;
use crate::i18n::T;
use domain::Timestamp;
use domain::drafts::FieldErrors;
use store::audit::{AuditEntry, Outcome};

/// The audit entry for a successful roster write by `user`.
pub(crate) fn entry<'a>(
    user: &'a Authenticated,
    client: &'a Client,
    now: Timestamp,
    action: &'a str,
    (object_type, object_id): (&'a str, i64),
    org_id: i64,
    detail: String,
) -> AuditEntry<'a> {
    AuditEntry {
        at: now,
        account_id: Some(user.account.id),
        username: &user.account.username,
        ip: &client.ip,
        action,
        object_type,
        object_id: object_id.to_string(),
        org_id: Some(org_id),
        outcome: Outcome::Success,
        detail,
    }
}

/// "姓名：必填；手机号码：格式不正确" — each field's label and problem, in the reader's language.
pub fn describe(t: T, label_prefix: &str, errors: &FieldErrors) -> String {
    errors
        .iter()
        .map(|(field, problem)| {
            format!(
                "{}{}{}",
                t.s(&format!("{label_prefix}{field}")),
                t.s("field.separator"),
                t.s(problem.message_key())
            )
        })
        .collect::<Vec<_>>()
        .join(t.s("field.joiner"))
}

/// The API's answer to invalid fields: 422 naming each.
pub fn invalid(t: T, label_prefix: &str, errors: &FieldErrors) -> Error {
    let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
    Error::unprocessable("invalid_fields", "error.invalid_fields")
        .arg("fields", describe(t, label_prefix, errors))
        .detail(fields.join(","))
}

/// Today's date in the deployment's zone, for "not in the future" checks.
pub fn today(state: &crate::state::AppState) -> domain::member::PlainDate {
    state.zone.today(state.now())
}
