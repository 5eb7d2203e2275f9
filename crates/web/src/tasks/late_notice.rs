//! The plain-text 通报 of a task's period, in the reader's language, ready to paste into a
//! message. It never contradicts itself: "all have reported" only when nobody owes a report,
//! orgs not yet due are named as such, and the closing line asks what the situation asks.

use crate::i18n::T;
use app::App;
use app::tasks::board::Line;
use domain::submission::SubmissionState;
use store::tasks::{PeriodRow, Task};

/// What the 通报 says after its heading and counts, before its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sentence<'a> {
    /// Not handed in, the deadline passed.
    Overdue(Vec<&'a str>),
    /// Not handed in, the deadline still ahead.
    Pending(Vec<&'a str>),
    /// Handed in after the deadline.
    Late(Vec<&'a str>),
    /// Sent back, to be handed in again.
    Returned(Vec<&'a str>),
    /// Nobody owes a report.
    AllIn,
    /// Some are overdue or returned: hand in now.
    Closing,
    /// Only orgs not yet due owe: hand in by the deadline.
    ClosingBeforeDeadline,
}

/// The sentences for the period's lines (every org's, not one page's).
pub(crate) fn sentences(lines: &[Line]) -> Vec<Sentence<'_>> {
    let names = |keep: &dyn Fn(&Line) -> bool| -> Vec<&str> {
        lines
            .iter()
            .filter(|l| keep(l))
            .map(|l| l.row.org_name.as_str())
            .collect()
    };
    let overdue = names(&|l| l.overdue);
    let pending = names(&|l| !l.row.state.handed_in() && !l.overdue);
    let late = names(&|l| l.row.state.handed_in() && l.row.late);
    let returned = names(&|l| l.row.state == SubmissionState::Returned);
    let closing = if !overdue.is_empty() || !returned.is_empty() {
        Sentence::Closing
    } else if !pending.is_empty() {
        Sentence::ClosingBeforeDeadline
    } else {
        Sentence::AllIn
    };
    let mut out = Vec::new();
    if !overdue.is_empty() {
        out.push(Sentence::Overdue(overdue));
    }
    if !pending.is_empty() {
        out.push(Sentence::Pending(pending));
    }
    if !late.is_empty() {
        out.push(Sentence::Late(late));
    }
    if !returned.is_empty() {
        out.push(Sentence::Returned(returned));
    }
    out.push(closing);
    out
}

/// The 通报 of the period: heading, counts, the orgs by what they owe, the closing line.
pub fn late_notice(t: T, state: &App, task: &Task, period: &PeriodRow, lines: &[Line]) -> String {
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
    for sentence in sentences(lines) {
        let (key, list) = match &sentence {
            Sentence::Overdue(l) => ("board.notice.overdue", Some(l)),
            Sentence::Pending(l) => ("board.notice.pending", Some(l)),
            Sentence::Late(l) => ("board.notice.late", Some(l)),
            Sentence::Returned(l) => ("board.notice.returned", Some(l)),
            Sentence::AllIn => ("board.notice.all_in", None),
            Sentence::Closing => ("board.notice.closing", None),
            Sentence::ClosingBeforeDeadline => ("board.notice.closing_pending", None),
        };
        text.push('\n');
        match list {
            Some(list) => {
                let count = list.len().to_string();
                let names = list.join(joiner);
                text.push_str(&t.f(key, &[("count", count.as_str()), ("orgs", names.as_str())]));
            }
            None => text.push_str(t.s(key)),
        }
    }
    text
}

#[cfg(test)]
#[path = "late_notice_tests.rs"]
mod tests;
