//! The roster's field problems in the reader's language, for pages and the API. The rules of
//! the org tree and the roster live in `app::roster`.

use crate::error::Error;
use crate::i18n::T;
use domain::Problem as _;
use domain::drafts::FieldErrors;

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
