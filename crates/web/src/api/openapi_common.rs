//! The answers every operation can give besides its own, added to the OpenAPI document in one
//! place so that each handler's annotation lists only what is particular to it.
//!
//! Found by schemathesis (`.ci/schemathesis`): a malformed path or query parameter answers 400,
//! a request without a valid token 401, a state-changing request without a token 403 (the
//! CSRF check a browser's request passes), a body of another type than the operation reads 415.
//! An operation's own description of one of these statuses is kept.

use utoipa::Modify;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

pub struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let reads = [item.get.as_mut(), item.head.as_mut()];
            for op in reads.into_iter().flatten() {
                add_common(op, false);
            }
            let writes = [
                item.post.as_mut(),
                item.put.as_mut(),
                item.patch.as_mut(),
                item.delete.as_mut(),
            ];
            for op in writes.into_iter().flatten() {
                add_common(op, true);
            }
        }
    }
}

fn add_common(op: &mut Operation, writes: bool) {
    add(
        op,
        "400",
        "Malformed request: a path or query parameter that is not of its type",
    );
    if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
        add(
            op,
            "401",
            "No token, or one that has ended (`unauthorized`)",
        );
    }
    if writes {
        add(
            op,
            "403",
            "Refused: without a bearer token, a state-changing request needs the session's CSRF token (`csrf`)",
        );
    }
    if op.request_body.is_some() {
        add(
            op,
            "415",
            "The body is not of the type the operation reads (`Content-Type`)",
        );
    }
}

fn add(op: &mut Operation, status: &str, description: &str) {
    if op.responses.responses.contains_key(status) {
        return;
    }
    let body = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ErrorBody")))
        .build();
    let response = ResponseBuilder::new()
        .description(description)
        .content("application/json", body)
        .build();
    op.responses
        .responses
        .insert(status.to_owned(), RefOr::T(response));
}
