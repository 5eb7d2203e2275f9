//! 导入党员: the roster import page. Choose a file (and, if the file has no 所在组织 column, an
//! org), check it or import it, and read what is wrong row by row; nothing is written until the
//! whole file is clean.

use super::layout::Chrome;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::ledger::{self, ImportReport, exports, import_http, upload};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

struct OrgOption {
    id: i64,
    /// Indented by level with full-width spaces: a select cannot style its options.
    label: String,
    selected: bool,
}

struct ProblemLine {
    row: String,
    column: String,
    message: String,
}

struct ReportView {
    ok: bool,
    summary: String,
    lines: Vec<ProblemLine>,
    more: Option<String>,
}

#[derive(Template)]
#[template(path = "ledger/import.html")]
struct ImportPage {
    chrome: Chrome,
    orgs: Vec<OrgOption>,
    done: Option<String>,
    report: Option<ReportView>,
}

/// The open orgs the user may import into, in tree order.
async fn org_options(
    state: &AppState,
    roots: &[String],
    selected: Option<i64>,
) -> Result<Vec<OrgOption>> {
    let mut out = Vec::new();
    for root in roots {
        let entries = store::ledger::orgs_under(state.db.read(), root).await?;
        for line in ledger::org_export::tree_order(&entries) {
            if line.entry.org.is_open() {
                out.push(OrgOption {
                    id: line.entry.org.id,
                    label: format!(
                        "{}{}",
                        "　".repeat(usize::from(line.level) - 1),
                        line.entry.org.name
                    ),
                    selected: selected == Some(line.entry.org.id),
                });
            }
        }
    }
    Ok(out)
}

fn report_view(t: T, report: &ImportReport) -> ReportView {
    let lines = report
        .problems
        .iter()
        .take(ledger::MAX_LISTED)
        .map(|p| ProblemLine {
            row: p.row.map(|r| r.to_string()).unwrap_or_default(),
            column: p.column(t).unwrap_or_default(),
            message: p.message(t),
        })
        .collect();
    let hidden = report.problem_count.saturating_sub(report.problems.len());
    ReportView {
        ok: report.ok(),
        summary: ledger::outcome(report, t),
        lines,
        more: (hidden > 0).then(|| t.f("ledger.more_problems", &[("n", &hidden.to_string())])),
    }
}

#[derive(Deserialize)]
pub struct Done {
    imported: Option<usize>,
}

pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(done): Query<Done>,
) -> Result<Html<String>> {
    let roots = import_http::may_import(&state, &user, None).await?;
    let t = chrome.t;
    let page = ImportPage {
        orgs: org_options(&state, &roots, None).await?,
        done: done
            .imported
            .map(|n| t.f("ledger.imported", &[("n", &n.to_string())])),
        report: None,
        chrome,
    };
    Ok(Html(page.render()?))
}

pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    request: Request,
) -> Result<Response> {
    let roots = import_http::may_import(&state, &user, None).await?;
    let upload = upload::read(request).await?;
    let commit = upload.commit.unwrap_or(false);
    let report = import_http::import(
        &state,
        &user,
        roots.clone(),
        upload.file,
        upload.org_id,
        commit,
    )
    .await?;
    if report.committed {
        // Back to the form, so reloading the page cannot send the file again.
        return Ok(
            Redirect::to(&format!("/members/import?imported={}", report.rows)).into_response(),
        );
    }
    let t = chrome.t;
    let status = if report.ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ImportPage {
        orgs: org_options(&state, &roots, upload.org_id).await?,
        done: None,
        report: Some(report_view(t, &report)),
        chrome,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The template workbook.
pub async fn template(State(state): State<AppState>, user: CurrentUser, t: T) -> Result<Response> {
    exports::template(&state, &user, t).await
}
