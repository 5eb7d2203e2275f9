//! 报送: an org's report for one period of a task, and its review (审核).
//!
//! One submission per (task, period, org). Its state moves only when a version is handed in or
//! reviewed; saving a draft never touches what the reviewer sees. Every handed-in version is
//! kept as it was; an approved report handed in again needs approval again and is flagged
//! "changed since approval".

use crate::Timestamp;
use crate::problem::Problem;

/// Where an org's report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubmissionState {
    /// Nothing saved yet.
    NotStarted,
    /// A draft exists; nothing handed in yet.
    Draft,
    /// Handed in, waiting for review.
    Submitted,
    /// Sent back with a reason (退回修改); the org fixes it and hands it in again.
    Returned,
    /// Accepted by the assigning side.
    Approved,
}

pub const STATES: [SubmissionState; 5] = [
    SubmissionState::NotStarted,
    SubmissionState::Draft,
    SubmissionState::Submitted,
    SubmissionState::Returned,
    SubmissionState::Approved,
];

impl SubmissionState {
    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionState::NotStarted => "not_started",
            SubmissionState::Draft => "draft",
            SubmissionState::Submitted => "submitted",
            SubmissionState::Returned => "returned",
            SubmissionState::Approved => "approved",
        }
    }

    pub fn parse(s: &str) -> Option<SubmissionState> {
        STATES.into_iter().find(|st| st.as_str() == s)
    }

    pub fn message_key(self) -> &'static str {
        match self {
            SubmissionState::NotStarted => "submission.state.not_started",
            SubmissionState::Draft => "submission.state.draft",
            SubmissionState::Submitted => "submission.state.submitted",
            SubmissionState::Returned => "submission.state.returned",
            SubmissionState::Approved => "submission.state.approved",
        }
    }

    /// Most urgent first: what the assigning side must chase or act on comes before what is
    /// done. Stored with each submission so the board's first page is an index range.
    pub fn urgency(self) -> i64 {
        match self {
            SubmissionState::Returned => 0,
            SubmissionState::NotStarted => 1,
            SubmissionState::Draft => 2,
            SubmissionState::Submitted => 3,
            SubmissionState::Approved => 4,
        }
    }

    /// Whether at least one version has been handed in.
    pub fn handed_in(self) -> bool {
        matches!(
            self,
            SubmissionState::Submitted | SubmissionState::Returned | SubmissionState::Approved
        )
    }
}

/// Why a change to a submission is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionProblem {
    /// Someone else saved since this copy was loaded.
    Stale,
    /// Only a handed-in version waiting for review can be approved or returned.
    NotWaitingForReview,
    /// Returning needs a reason the org can act on.
    ReasonRequired,
    ReasonTooLong,
    /// Nothing changed since the version already handed in.
    Unchanged,
    /// Nobody reviews a version they handed in themselves.
    OwnReport,
}

impl Problem for SubmissionProblem {
    fn code(&self) -> &'static str {
        match self {
            SubmissionProblem::Stale => "stale_version",
            SubmissionProblem::NotWaitingForReview => "not_waiting_for_review",
            SubmissionProblem::ReasonRequired => "reason_required",
            SubmissionProblem::ReasonTooLong => "reason_too_long",
            SubmissionProblem::Unchanged => "unchanged",
            SubmissionProblem::OwnReport => "own_report",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            SubmissionProblem::Stale => "submission.problem.stale_version",
            SubmissionProblem::NotWaitingForReview => "submission.problem.not_waiting_for_review",
            SubmissionProblem::ReasonRequired => "submission.problem.reason_required",
            SubmissionProblem::ReasonTooLong => "submission.problem.reason_too_long",
            SubmissionProblem::Unchanged => "submission.problem.unchanged",
            SubmissionProblem::OwnReport => "submission.problem.own_report",
        }
    }
}

/// A reviewer's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// 通过, with the reviewer's comment (审核意见) if any: kept in the report's thread.
    Approve(String),
    /// 退回修改, with the reason the org sees.
    Return(String),
}

pub const MAX_REASON_CHARS: usize = 1000;

impl Decision {
    /// Reads `approve` (with an optional comment) or `return` with its reason.
    pub fn parse(decision: &str, reason: &str) -> Result<Option<Decision>, SubmissionProblem> {
        match decision.trim() {
            "approve" => {
                let comment = reason.trim();
                if comment.chars().count() > MAX_REASON_CHARS {
                    Err(SubmissionProblem::ReasonTooLong)
                } else {
                    Ok(Some(Decision::Approve(comment.to_owned())))
                }
            }
            "return" => {
                let reason = reason.trim();
                if reason.is_empty() {
                    Err(SubmissionProblem::ReasonRequired)
                } else if reason.chars().count() > MAX_REASON_CHARS {
                    Err(SubmissionProblem::ReasonTooLong)
                } else {
                    Ok(Some(Decision::Return(reason.to_owned())))
                }
            }
            _ => Ok(None),
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Decision::Approve(_) => "approve",
            Decision::Return(_) => "return",
        }
    }

    pub fn state(&self) -> SubmissionState {
        match self {
            Decision::Approve(_) => SubmissionState::Approved,
            Decision::Return(_) => SubmissionState::Returned,
        }
    }
}

/// The state after a draft is saved: a report not yet handed in becomes a draft; one already
/// handed in keeps its state (the reviewer still sees the handed-in version).
pub fn after_draft(state: SubmissionState) -> SubmissionState {
    match state {
        SubmissionState::NotStarted => SubmissionState::Draft,
        other => other,
    }
}

/// What handing in a version does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandIn {
    /// Always `Submitted`: every handed-in version waits for review.
    pub state: SubmissionState,
    /// The first version handed in: the one that counts for the reporting and on-time rates.
    pub first: bool,
    /// This version came after the deadline.
    pub late: bool,
    /// A version was approved before this one.
    pub changed_since_approval: bool,
}

/// Handing in a version at `now` against a period's `deadline`.
pub fn hand_in(
    state: SubmissionState,
    ever_approved: bool,
    deadline: Timestamp,
    now: Timestamp,
) -> HandIn {
    HandIn {
        state: SubmissionState::Submitted,
        first: !state.handed_in(),
        late: now > deadline,
        changed_since_approval: ever_approved,
    }
}

/// Reviewing is possible only for a version waiting for review.
pub fn review(
    state: SubmissionState,
    decision: &Decision,
) -> Result<SubmissionState, SubmissionProblem> {
    if state == SubmissionState::Submitted {
        Ok(decision.state())
    } else {
        Err(SubmissionProblem::NotWaitingForReview)
    }
}

/// The optimistic-concurrency check: the copy being saved must be based on the latest save
/// (`stored` counts saves; 0 = never saved). A caller that names no base may only make the
/// first save, so nobody overwrites a draft they have not seen.
pub fn check_base(stored: i64, based_on: Option<i64>) -> Result<(), SubmissionProblem> {
    match based_on {
        Some(b) if b == stored => Ok(()),
        None if stored == 0 => Ok(()),
        _ => Err(SubmissionProblem::Stale),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SubmissionState::*;

    #[test]
    fn states_round_trip_and_order_by_urgency() {
        for s in STATES {
            assert_eq!(SubmissionState::parse(s.as_str()), Some(s));
        }
        let mut sorted = STATES;
        sorted.sort_by_key(|s| s.urgency());
        assert_eq!(sorted, [Returned, NotStarted, Draft, Submitted, Approved]);
    }

    #[test]
    fn drafts_never_move_a_handed_in_report() {
        assert_eq!(after_draft(NotStarted), Draft);
        assert_eq!(after_draft(Draft), Draft);
        assert_eq!(after_draft(Returned), Returned);
        assert_eq!(after_draft(Approved), Approved);
    }

    #[test]
    fn handing_in_marks_first_late_and_changed() {
        let deadline = Timestamp(1_000);
        let h = hand_in(Draft, false, deadline, Timestamp(1_000));
        assert_eq!((h.state, h.first, h.late), (Submitted, true, false));
        let h = hand_in(Returned, false, deadline, Timestamp(1_001));
        assert_eq!(
            (h.first, h.late, h.changed_since_approval),
            (false, true, false)
        );
        let h = hand_in(Approved, true, deadline, Timestamp(5));
        assert!(h.changed_since_approval && !h.first);
    }

    #[test]
    fn only_waiting_reports_are_reviewed_and_returns_need_reasons() {
        let back = Decision::parse("return", " 缺少附件 ").unwrap().unwrap();
        assert_eq!(back, Decision::Return("缺少附件".into()));
        assert_eq!(review(Submitted, &back), Ok(Returned));
        assert_eq!(
            review(Returned, &Decision::Approve(String::new())),
            Err(SubmissionProblem::NotWaitingForReview)
        );
        assert_eq!(
            Decision::parse("return", "  "),
            Err(SubmissionProblem::ReasonRequired)
        );
        assert_eq!(Decision::parse("maybe", ""), Ok(None));
        assert!(Decision::parse("return", &"字".repeat(1001)).is_err());
    }

    #[test]
    fn stale_copies_are_refused() {
        assert_eq!(check_base(3, Some(3)), Ok(()));
        assert_eq!(check_base(0, None), Ok(()));
        assert_eq!(check_base(3, None), Err(SubmissionProblem::Stale));
        assert_eq!(check_base(4, Some(3)), Err(SubmissionProblem::Stale));
    }
}
