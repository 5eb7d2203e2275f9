//! Every "no" an activity use case answers besides not found: the content's, the state
//! machine's, and those of attendance.

use domain::Problem;
use domain::activity::ActivityProblem;
use domain::activity_content::ContentProblem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Content(ContentProblem),
    State(ActivityProblem),
    /// Someone saved a newer version since the form was opened.
    Stale {
        current: i64,
    },
    /// A mark that is not 出席 / 请假 / 缺席 / 列席.
    UnknownMark,
    /// 请假 needs its reason.
    LeaveReasonRequired,
    /// Volunteer time outside 0–24 hours.
    HoursInvalid,
    /// A guest (列席) must come from another org.
    GuestFromOwnBranch,
    /// The member is not on this activity's list.
    NotExpected,
    /// The branch does not let members confirm their own attendance.
    SelfAttendanceOff,
    /// Attendance is confirmed once the activity has begun.
    NotBegun,
}

impl From<ContentProblem> for Refused {
    fn from(p: ContentProblem) -> Refused {
        Refused::Content(p)
    }
}

impl From<ActivityProblem> for Refused {
    fn from(p: ActivityProblem) -> Refused {
        Refused::State(p)
    }
}

impl Refused {
    /// The form field the problem belongs to.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Refused::Content(p) => p.field(),
            Refused::State(ActivityProblem::ReasonRequired) => Some("reason"),
            _ => None,
        }
    }
}

impl Problem for Refused {
    fn code(&self) -> &'static str {
        match self {
            Refused::Content(p) => p.code(),
            Refused::State(p) => p.code(),
            Refused::Stale { .. } => "stale_version",
            Refused::UnknownMark => "unknown_mark",
            Refused::LeaveReasonRequired => "leave_reason_required",
            Refused::HoursInvalid => "invalid_hours",
            Refused::GuestFromOwnBranch => "guest_from_own_branch",
            Refused::NotExpected => "not_expected",
            Refused::SelfAttendanceOff => "self_attendance_off",
            Refused::NotBegun => "not_begun",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            Refused::Content(p) => p.message_key(),
            Refused::State(p) => p.message_key(),
            Refused::Stale { .. } => "activity.problem.stale",
            Refused::UnknownMark => "activity.problem.unknown_mark",
            Refused::LeaveReasonRequired => "activity.problem.leave_reason_required",
            Refused::HoursInvalid => "activity.problem.hours_invalid",
            Refused::GuestFromOwnBranch => "activity.problem.guest_from_own_branch",
            Refused::NotExpected => "activity.problem.not_expected",
            Refused::SelfAttendanceOff => "activity.problem.self_attendance_off",
            Refused::NotBegun => "activity.problem.not_begun",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Refused::Content(p) => p.args(),
            Refused::Stale { current } => vec![("version", current.to_string())],
            _ => Vec::new(),
        }
    }
}
