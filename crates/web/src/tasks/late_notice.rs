//! The plain-text 通报 of a task's late orgs, in the reader's language, ready to paste into a
//! message.

use crate::i18n::T;
use app::App;
use app::tasks::board::Line;
use domain::submission::SubmissionState;
use store::tasks::{PeriodRow, Task};

/// The plain-text 通报 of the orgs that have not reported by the deadline, or were returned,
/// ready to paste into a message.
pub fn late_notice(t: T, state: &App, task: &Task, period: &PeriodRow, lines: &[Line]) -> String {
    let overdue: Vec<&str> = lines
        .iter()
        .filter(|l| l.overdue)
        .map(|l| l.row.org_name.as_str())
        .collect();
    let returned: Vec<&str> = lines
        .iter()
        .filter(|l| l.row.state == SubmissionState::Returned)
        .map(|l| l.row.org_name.as_str())
        .collect();
    let late: Vec<&str> = lines
        .iter()
        .filter(|l| l.row.state.handed_in() && l.row.late)
        .map(|l| l.row.org_name.as_str())
        .collect();
    let deadline = state.zone.date_time(period.deadline, t.locale);
    let joiner = t.s("board.notice.joiner");
    let mut text = t.f(
        "board.notice.heading",
        &[
            ("task", task.title.as_str()),
            ("deadline", deadline.as_str()),
        ],
    );
    let counts = &period.counts;
    let expected = counts.expected.to_string();
    let received = counts.received.to_string();
    let rate = format!("{:.1}", counts.reporting_rate());
    text.push('\n');
    text.push_str(&t.f(
        "board.notice.summary",
        &[
            ("expected", expected.as_str()),
            ("received", received.as_str()),
            ("rate", rate.as_str()),
        ],
    ));
    for (key, list) in [
        ("board.notice.overdue", &overdue),
        ("board.notice.late", &late),
        ("board.notice.returned", &returned),
    ] {
        if !list.is_empty() {
            let count = list.len().to_string();
            let names = list.join(joiner);
            text.push('\n');
            text.push_str(&t.f(key, &[("count", count.as_str()), ("orgs", names.as_str())]));
        }
    }
    if overdue.is_empty() && returned.is_empty() {
        text.push('\n');
        text.push_str(t.s("board.notice.all_in"));
    } else {
        text.push('\n');
        text.push_str(t.s("board.notice.closing"));
    }
    text
}
