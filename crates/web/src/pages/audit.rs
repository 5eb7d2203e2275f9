//! 审计日志: the audit page. The audit administrator filters the log by time, account, action,
//! org and result, pages through it newest first, and exports what is shown. Each event reads
//! as a sentence in the reader's language (`audit_sentence`), its detail folded away beneath,
//! so the page is a list as narrow as the screen rather than a table of codes and JSON.

use super::layout::Chrome;
use crate::audit_actions::{self, ActionChoice, ActionGroup};
use crate::audit_query::{self, AuditQuery, Criteria, FilterProblem};
use crate::audit_sentence::{self, Detail, Links, Piece};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::zone::rfc3339;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::Problem as _;
use store::audit::{self, AuditEvent, Page};

/// How many orgs the org filter offers; beyond that, type an org id into the URL.
const ORG_CHOICES: i64 = 500;

/// One event as a row of the list.
struct EventRow {
    seq: i64,
    time: String,
    /// The same instant in RFC 3339, for `<time datetime>`.
    at: String,
    code: String,
    sentence: Vec<Piece>,
    org: String,
    /// The result's name when it was not a success: only the exceptions are marked.
    outcome: Option<String>,
    /// `ok`, `bad` or `warn`, for the result's colour.
    result_class: &'static str,
    ip: String,
    detail: Detail,
}

struct OrgChoice {
    id: String,
    /// The name, indented by depth below the reader's root.
    label: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    q: AuditQuery,
    problem: Option<&'static str>,
    intro: String,
    orgs: Vec<OrgChoice>,
    /// The action filter's value when it is no listed action (a prefix such as `session.*`).
    typed_action: Option<ActionChoice>,
    actions: Vec<ActionGroup>,
    events: Vec<EventRow>,
    total: String,
    page_of: String,
    export_href: String,
    export_limit: Option<String>,
    prev_href: Option<String>,
    next_href: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<AuditQuery>,
) -> Result<Response> {
    let roots = audit_query::require_auditor(&state, &user).await?;
    let links = Links::of(&user.access);
    let criteria = match q.parse(&state.zone) {
        Ok(c) => c,
        Err(problem) => {
            let orgs = org_choices(&state, &roots).await?;
            let found = Found::none(links);
            let page = render(&state, chrome, q, Some(problem), orgs, found);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
        }
    };
    let orgs = org_choices(&state, &roots).await?;
    let scope = audit_query::scope(&state, &user, roots, criteria.org_id).await?;
    let filter = audit_query::filter(&criteria, &scope);
    let total = audit::count(state.db.read(), &filter).await?;
    let page = Page::new(criteria.per_page, criteria.offset());
    let events = audit::search(state.db.read(), &filter, page).await?;
    let found = Found {
        criteria,
        total,
        events,
        links,
    };
    let page = render(&state, chrome, q, None, orgs, found);
    Ok(Html(page.render()?).into_response())
}

/// The orgs under the reader's roots, in tree order, for the org filter.
async fn org_choices(state: &AppState, roots: &[String]) -> Result<Vec<OrgChoice>> {
    let mut choices = Vec::new();
    for root in roots {
        let depth_of = |path: &str| path.matches('/').count();
        let base = depth_of(root);
        for org in store::orgs::list_under(state.db.read(), root, ORG_CHOICES, 0).await? {
            let indent = "　".repeat(depth_of(&org.path).saturating_sub(base));
            choices.push(OrgChoice {
                id: org.id.to_string(),
                label: format!("{indent}{}", org.name),
            });
        }
    }
    Ok(choices)
}

/// One page of a search's results.
struct Found {
    criteria: Criteria,
    total: i64,
    events: Vec<AuditEvent>,
    /// Which objects the reader may follow to their pages.
    links: Links,
}

impl Found {
    fn none(links: Links) -> Found {
        Found {
            criteria: Criteria {
                page: 1,
                per_page: audit_query::PER_PAGE,
                ..Criteria::default()
            },
            total: 0,
            events: Vec::new(),
            links,
        }
    }
}

fn render(
    state: &AppState,
    chrome: Chrome,
    q: AuditQuery,
    problem: Option<FilterProblem>,
    orgs: Vec<OrgChoice>,
    found: Found,
) -> AuditPage {
    let t = chrome.t;
    let Found {
        criteria,
        total,
        events,
        links,
    } = found;
    let pages = ((total + criteria.per_page.max(1) - 1) / criteria.per_page.max(1)).max(1);
    let page = criteria.page.max(1);
    let link = |p: i64| format!("/audit?{}", q.query_string(Some(p)));
    let rows = events
        .into_iter()
        .map(|e| EventRow {
            seq: e.seq,
            time: state.zone.date_time_seconds(e.at, t.locale),
            at: rfc3339(e.at),
            sentence: audit_sentence::sentence(t, &e, links),
            org: e.org_name.clone().unwrap_or_default(),
            outcome: (e.result != "success").then(|| audit_query::result_name(t, &e.result)),
            result_class: match e.result.as_str() {
                "success" => "ok",
                "denied" => "bad",
                _ => "warn",
            },
            detail: audit_sentence::detail(&e.detail),
            code: e.action,
            ip: e.ip,
        })
        .collect();
    let (typed_action, actions) = audit_actions::choices(t, &q.action);
    AuditPage {
        problem: problem.map(|p| t.s(p.message_key())),
        intro: t.f(
            "audit.retention",
            &[("days", &state.audit_retention.days().to_string())],
        ),
        orgs,
        typed_action,
        actions,
        events: rows,
        total: t.f("audit.total", &[("total", &total.to_string())]),
        page_of: t.f(
            "audit.page_of",
            &[("page", &page.to_string()), ("pages", &pages.to_string())],
        ),
        export_href: format!("/audit/export.xlsx?{}", q.query_string(None)),
        export_limit: (total > super::audit_export::EXPORT_LIMIT).then(|| {
            t.f(
                "audit.export_limit",
                &[("limit", &super::audit_export::EXPORT_LIMIT.to_string())],
            )
        }),
        prev_href: (page > 1).then(|| link(page - 1)),
        next_href: (page < pages).then(|| link(page + 1)),
        q,
        chrome,
    }
}
