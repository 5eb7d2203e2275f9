//! The matrix's rules for the channels: the caller's own email setting (anyone), an org's
//! group-chat robots (`{org}` is the other branch: only the committee manages its channels;
//! `{robot}` and `{robot_api}` are robots of it, one for the pages and one for the API, since
//! removing one is served once) and the failed deliveries (whoever manages some org's channels).

use super::rules::{COMMITTEE, IMPORTERS, Rule, Who, rule};

pub(super) const CHANNEL_RULES: &[Rule] = &[
    rule("GET", "/account/notifications", "", "", Who::AnyUser),
    rule(
        "POST",
        "/account/notifications",
        "",
        "email=x",
        Who::AnyUser,
    ),
    rule("POST", "/account/notifications/test", "", "", Who::AnyUser),
    rule(
        "GET",
        "/orgs/{id}/robots",
        "{org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/orgs/{id}/robots",
        "{org}",
        "kind=x",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/robots/{id}/test",
        "{robot}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/robots/{id}/remove",
        "{robot}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule("GET", "/deliveries", "", "", Who::Only(IMPORTERS)),
    rule("GET", "/api/v1/me/notifications", "", "", Who::AnyUser),
    rule(
        "PUT",
        "/api/v1/me/notifications",
        "",
        r#"{"email":"x","email_on":false}"#,
        Who::AnyUser,
    ),
    rule(
        "POST",
        "/api/v1/me/notifications/test",
        "",
        "",
        Who::AnyUser,
    ),
    rule(
        "GET",
        "/api/v1/orgs/{id}/robots",
        "{org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/orgs/{id}/robots",
        "{org}",
        r#"{"kind":"x","name":"","url":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/robots/{id}/test",
        "{robot_api}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "DELETE",
        "/api/v1/robots/{id}",
        "{robot_api}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule("GET", "/api/v1/deliveries", "", "", Who::Only(IMPORTERS)),
];
