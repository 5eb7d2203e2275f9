//! 台账: rosters in and out of spreadsheets.
//!
//! In: a roster file (.xlsx, .xls or CSV in UTF-8 or GBK) is read, every row checked against
//! the field rules, the importer's orgs and the roster, and written only when nothing at all is
//! wrong, in one transaction (`import_run`). Out: the org tree and the roster as .xlsx
//! ledgers (`org_export`, `roster_export`), and the import template (`roster_template`).
//! The pages, the API and the CLI share all of it; what only HTTP needs (who may, the upload,
//! the download) is in `web::ledger`.

mod bounds;
mod cell;
mod columns;
#[doc(hidden)]
pub mod fuzzing;
mod import_run;
pub mod labels;
pub mod org_export;
mod org_index;
mod problem;
pub mod roster_export;
mod roster_import;
mod roster_row;
pub mod roster_template;
mod same_person;
mod table;
mod text;
mod xls_bounds;
pub mod xlsx;

pub use import_run::{ImportError, ImportReport, ImportRequest, Importer, run as import};
pub use problem::Problem;
pub use table::FileProblem;

use catalogue::T;
use domain::Locale;

/// The largest file an import takes.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;
/// Problems listed in a report; a file wrong on every row says enough in the first ones.
pub const MAX_LISTED: usize = 1000;

/// Today in the time zone named `zone` (an IANA name), for the CLI.
pub fn today_in(zone: &str, now: domain::Timestamp) -> Option<domain::member::PlainDate> {
    crate::zone::Zone::parse(zone).map(|z| z.today(now))
}

/// A report's problems as lines of text in `locale`, for the CLI.
pub fn report_lines(report: &ImportReport, locale: Locale) -> Vec<String> {
    let t = T::new(locale);
    let mut lines: Vec<String> = report
        .problems
        .iter()
        .take(MAX_LISTED)
        .map(|p| match (p.row, p.column(t)) {
            (Some(row), Some(column)) => t.f(
                "ledger.line_row_column",
                &[
                    ("row", &row.to_string()),
                    ("column", &column),
                    ("message", &p.message(t)),
                ],
            ),
            (Some(row), None) => t.f(
                "ledger.line_row",
                &[("row", &row.to_string()), ("message", &p.message(t))],
            ),
            (None, _) => p.message(t),
        })
        .collect();
    let listed = report.problems.len().min(MAX_LISTED);
    if report.problem_count > listed {
        let more = (report.problem_count - listed).to_string();
        lines.push(t.f("ledger.more_problems", &[("n", &more)]));
    }
    lines
}

/// What happened to the file, for the CLI: a check without `--commit` says how to import.
pub fn report_outcome(report: &ImportReport, locale: Locale) -> String {
    let t = T::new(locale);
    if report.ok() && !report.committed {
        t.f(
            "ledger.cli_checked_clean",
            &[("n", &report.rows.to_string())],
        )
    } else {
        outcome(report, t)
    }
}

/// One sentence on what happened to the file.
pub fn outcome(report: &ImportReport, t: T) -> String {
    let rows = report.rows.to_string();
    if report.committed {
        t.f("ledger.imported", &[("n", &rows)])
    } else if report.ok() {
        t.f("ledger.checked_clean", &[("n", &rows)])
    } else {
        t.f(
            "ledger.checked_problems",
            &[("n", &report.problem_count.to_string())],
        )
    }
}
