//! The rules of the authorisation matrix: who may use each route on an object in another
//! branch. A route added to the product is added here too.

/// Who may use a route (on an object in the other branch).
#[derive(Clone, Copy)]
pub(super) enum Who {
    /// Anyone, logged in or not; only checked for visitors.
    Public,
    /// Any logged-in account.
    AnyUser,
    /// Acts on the caller's own session (logout): only checked for visitors.
    SelfOnly,
    /// Only these demo accounts.
    Only(&'static [&'static str]),
    /// Nobody (an object that belongs to someone else entirely).
    Nobody,
}

pub(super) struct Rule {
    pub(super) method: &'static str,
    pub(super) path: &'static str,
    /// Appended to the path, placeholders filled: `{org}`, `{member}`, `{session}`.
    pub(super) query: &'static str,
    /// Form (pages) or JSON (API) body with the same placeholders.
    pub(super) body: &'static str,
    pub(super) who: Who,
}

pub(super) const ROLES: [&str; 6] = [
    "member1", "branch1", "admin", "sysadmin", "security", "auditor",
];
pub(super) const ORG_VIEWERS: &[&str] = &["admin", "sysadmin", "security"];
pub(super) const ANY_ORG_VIEW: &[&str] = &["member1", "branch1", "admin", "sysadmin", "security"];
pub(super) const ROSTER_VIEWERS: &[&str] = &["member1", "branch1", "admin"];
pub(super) const COMMITTEE: &[&str] = &["admin"];
/// Who may import a roster somewhere (branch and committee admins).
pub(super) const IMPORTERS: &[&str] = &["branch1", "admin"];
/// Who sees accounts in the account administration, and who may act on `{account}` (an
/// account of nobody holding `member` over the other branch).
pub(super) const ACCOUNT_ADMINS: &[&str] = &["branch1", "admin", "sysadmin", "security"];
pub(super) const ALL_ACCOUNTS: &[&str] = &["sysadmin", "security"];
pub(super) const MANAGES_ALL: &[&str] = &["sysadmin"];
pub(super) const GRANTS_ALL: &[&str] = &["security"];

pub(super) const fn rule(
    method: &'static str,
    path: &'static str,
    query: &'static str,
    body: &'static str,
    who: Who,
) -> Rule {
    Rule {
        method,
        path,
        query,
        body,
        who,
    }
}

pub(super) const RULES: &[Rule] = &[
    // The frame and the account's own pages.
    rule("GET", "/", "", "", Who::AnyUser),
    rule("GET", "/login", "", "", Who::Public),
    rule("POST", "/login", "", "", Who::Public),
    rule("POST", "/logout", "", "", Who::SelfOnly),
    rule("GET", "/account/sessions", "", "", Who::AnyUser),
    // The inbox: everyone has their own; `{message}` is another account's message.
    rule("GET", "/messages", "", "", Who::AnyUser),
    rule("GET", "/messages/{id}", "{message}", "", Who::Nobody),
    rule("POST", "/messages/read-all", "", "", Who::AnyUser),
    rule("GET", "/api/v1/messages", "", "", Who::AnyUser),
    rule(
        "POST",
        "/api/v1/messages/{id}/read",
        "{message}",
        "",
        Who::Nobody,
    ),
    rule("POST", "/api/v1/messages/read-all", "", "", Who::AnyUser),
    rule(
        "POST",
        "/account/sessions/{id}/end",
        "{session}",
        "",
        Who::Nobody,
    ),
    rule("GET", "/account/password", "", "", Who::AnyUser),
    rule(
        "POST",
        "/account/password",
        "",
        "current=wrong&new=x&confirm=y",
        Who::AnyUser,
    ),
    rule("POST", "/language", "", "lang=zh-CN&back=/", Who::AnyUser),
    // The org tree.
    rule("GET", "/orgs", "", "", Who::Only(ANY_ORG_VIEW)),
    rule(
        "GET",
        "/orgs/new",
        "?parent={org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule("GET", "/orgs/{id}", "{org}", "", Who::Only(ORG_VIEWERS)),
    rule(
        "POST",
        "/orgs/{id}/children",
        "{org}",
        "kind=group&name=",
        Who::Only(COMMITTEE),
    ),
    rule("GET", "/orgs/{id}/edit", "{org}", "", Who::Only(COMMITTEE)),
    rule(
        "POST",
        "/orgs/{id}/edit",
        "{org}",
        "name=",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/orgs/{id}/move",
        "{org}",
        "parent_id={org}",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/orgs/{id}/close",
        "{org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/orgs/{id}/reopen",
        "{org}",
        "",
        Who::Only(COMMITTEE),
    ),
    // The roster.
    rule("GET", "/members", "", "", Who::Only(ROSTER_VIEWERS)),
    rule(
        "GET",
        "/members/new",
        "?org={org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/orgs/{id}/members",
        "{org}",
        "name=",
        Who::Only(COMMITTEE),
    ),
    rule("GET", "/members/{id}", "{member}", "", Who::Only(COMMITTEE)),
    rule(
        "GET",
        "/members/{id}/edit",
        "{member}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/members/{id}/edit",
        "{member}",
        "name=",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/members/{id}/transfer",
        "{member}",
        "to_org={org}",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/members/{id}/leave",
        "{member}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/members/{id}/rejoin",
        "{member}",
        "",
        Who::Only(COMMITTEE),
    ),
    // The API.
    rule("POST", "/api/v1/auth/token", "", "", Who::Public),
    rule("DELETE", "/api/v1/auth/token", "", "", Who::SelfOnly),
    rule("GET", "/api/v1/me", "", "", Who::AnyUser),
    rule(
        "POST",
        "/api/v1/me/password",
        "",
        r#"{"current_password":"wrong","new_password":"x"}"#,
        Who::AnyUser,
    ),
    rule("GET", "/api/v1/openapi.json", "", "", Who::Public),
    rule("GET", "/api/v1/orgs", "", "", Who::Only(ANY_ORG_VIEW)),
    rule(
        "POST",
        "/api/v1/orgs",
        "",
        r#"{"parent_id":{org},"kind":"group","name":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/orgs/{id}",
        "{org}",
        "",
        Who::Only(ORG_VIEWERS),
    ),
    rule(
        "PUT",
        "/api/v1/orgs/{id}",
        "{org}",
        r#"{"name":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/orgs/{id}/move",
        "{org}",
        r#"{"parent_id":{org}}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/orgs/{id}/close",
        "{org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/orgs/{id}/reopen",
        "{org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule("GET", "/api/v1/members", "", "", Who::Only(ROSTER_VIEWERS)),
    rule(
        "POST",
        "/api/v1/members",
        "",
        r#"{"org_id":{org},"name":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/members/{id}",
        "{member}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "PUT",
        "/api/v1/members/{id}",
        "{member}",
        r#"{"name":""}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/members/{id}/transfer",
        "{member}",
        r#"{"to_org_id":{org}}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/members/{id}/leave",
        "{member}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/members/{id}/rejoin",
        "{member}",
        "",
        Who::Only(COMMITTEE),
    ),
    // Ledgers: import (refused before the upload is read) and exports of the other branch.
    rule("GET", "/members/import", "", "", Who::Only(IMPORTERS)),
    rule("POST", "/members/import", "", "", Who::Only(IMPORTERS)),
    rule(
        "GET",
        "/members/import/template.xlsx",
        "",
        "",
        Who::Only(IMPORTERS),
    ),
    rule(
        "GET",
        "/members/export.xlsx",
        "?org_id={org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/orgs/export.xlsx",
        "?org_id={org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/api/v1/members/import",
        "?org_id={org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/members/export.xlsx",
        "?org_id={org}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/orgs/export.xlsx",
        "?org_id={org}",
        "",
        Who::Only(COMMITTEE),
    ),
    // Account administration.
    rule("GET", "/accounts", "", "", Who::Only(ACCOUNT_ADMINS)),
    rule(
        "GET",
        "/accounts/new",
        "?member_id={member}",
        "",
        Who::Only(COMMITTEE),
    ),
    rule(
        "POST",
        "/accounts",
        "",
        "username=&member_id={member}",
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/accounts/{id}",
        "{account}",
        "",
        Who::Only(ALL_ACCOUNTS),
    ),
    rule(
        "POST",
        "/accounts/{id}/reset-password",
        "{account}",
        "",
        // An account with a business grant: its own organisation's administrator resets it
        // (三员分立), and none in the matrix administers the other branch.
        Who::Nobody,
    ),
    rule(
        "POST",
        "/accounts/{id}/disable",
        "{account}",
        "",
        Who::Only(MANAGES_ALL),
    ),
    rule(
        "POST",
        "/accounts/{id}/enable",
        "{account}",
        "",
        Who::Only(MANAGES_ALL),
    ),
    rule(
        "POST",
        "/accounts/{id}/grants",
        "{account}",
        "role=&org_id={org}",
        Who::Only(GRANTS_ALL),
    ),
    rule(
        "POST",
        "/grants/{id}/revoke",
        "{grant}",
        "",
        Who::Only(GRANTS_ALL),
    ),
    rule("GET", "/api/v1/accounts", "", "", Who::Only(ACCOUNT_ADMINS)),
    rule(
        "POST",
        "/api/v1/accounts",
        "",
        r#"{"username":"","member_id":{member}}"#,
        Who::Only(COMMITTEE),
    ),
    rule(
        "GET",
        "/api/v1/accounts/{id}",
        "{account}",
        "",
        Who::Only(ALL_ACCOUNTS),
    ),
    rule(
        "POST",
        "/api/v1/accounts/{id}/reset-password",
        "{account}",
        "",
        // An account with a business grant: its own organisation's administrator resets it
        // (三员分立), and none in the matrix administers the other branch.
        Who::Nobody,
    ),
    rule(
        "POST",
        "/api/v1/accounts/{id}/disable",
        "{account}",
        "",
        Who::Only(MANAGES_ALL),
    ),
    rule(
        "POST",
        "/api/v1/accounts/{id}/enable",
        "{account}",
        "",
        Who::Only(MANAGES_ALL),
    ),
    rule(
        "GET",
        "/api/v1/accounts/{id}/grants",
        "{account}",
        "",
        Who::Only(ALL_ACCOUNTS),
    ),
    rule(
        "POST",
        "/api/v1/accounts/{id}/grants",
        "{account}",
        r#"{"role":"","org_id":{org}}"#,
        Who::Only(GRANTS_ALL),
    ),
    // The page revoked it already: security is answered 409, the others 404.
    rule(
        "DELETE",
        "/api/v1/grants/{id}",
        "{grant}",
        "",
        Who::Only(GRANTS_ALL),
    ),
    // The audit log, narrowed to the other branch: only the audit administrator reads it.
    rule("GET", "/audit", "?org={org}", "", Who::Only(&["auditor"])),
    rule(
        "GET",
        "/audit/export.xlsx",
        "?org={org}",
        "",
        Who::Only(&["auditor"]),
    ),
    rule(
        "GET",
        "/api/v1/audit",
        "?org={org}",
        "",
        Who::Only(&["auditor"]),
    ),
];
