//! What a report's page shows around the report: the reminders (催办) its org was sent about
//! it, and for a reviewer the next report waiting for review.

use crate::error::Result;
use crate::i18n::T;
use crate::pages::tasks::report_href;
use crate::state::AppState;
use domain::submission::SubmissionState;

/// Each reminder as (who sent it, when, the note), oldest first.
pub(super) async fn reminders(
    state: &AppState,
    t: T,
    task_id: i64,
    period: &str,
    org_id: i64,
) -> Result<Vec<(String, String, String)>> {
    Ok(
        store::reminders::for_report(state.db.read(), task_id, period, org_id)
            .await?
            .into_iter()
            .map(|r| {
                let who = r
                    .sent_by
                    .unwrap_or_else(|| t.s("reminders.by_schedule").to_owned());
                (who, state.zone.date_time(r.sent_at, t.locale), r.note)
            })
            .collect(),
    )
}

/// For a reviewer, the first other report of the period waiting for review: its org's name
/// and page.
pub(super) async fn next_waiting(
    state: &AppState,
    task_id: i64,
    period: &str,
    org_id: i64,
    reviewing: bool,
) -> Result<Option<(String, String)>> {
    if !reviewing {
        return Ok(None);
    }
    let waiting = store::submissions::board_page(
        state.db.read(),
        task_id,
        period,
        Some(SubmissionState::Submitted),
        2,
        0,
    )
    .await?;
    Ok(waiting
        .into_iter()
        .find(|w| w.org_id != org_id)
        .map(|w| (w.org_name, report_href(task_id, w.org_id, period))))
}
